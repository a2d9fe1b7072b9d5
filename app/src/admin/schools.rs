//! 学校管理: the schools under a region, searched and paged; 新增学校,
//! 编辑 (a new 管理地区代码 moves the school), 关闭 / 恢复.

use super::api::{list_schools, save_school, set_school_closed};
use super::list::{bind, use_list_query, ExportLink, ListingPage, SearchBar};
use super::model::SchoolEntry;
use crate::domain::admin::{check_school, SchoolInput};
use crate::domain::SchoolType;
use leptos::prelude::*;

const PATH: &str = "/admin/schools";

/// Which form is open: none, a new school, or the school being edited.
#[derive(Debug, Clone, PartialEq)]
enum Editing {
    None,
    New,
    Existing(SchoolEntry),
}

/// "已保存", and from which month a change takes effect when not now: the
/// months before it were reported and keep the school as it was.
fn effective_note(what: &str, from: Option<crate::domain::Period>) -> String {
    match from {
        Some(p) => format!("{what}：自{p}起生效，此前已上报的月份保持原样"),
        None => what.to_string(),
    }
}

#[component]
pub fn SchoolsPage() -> impl IntoView {
    let query = use_list_query();
    let changed = RwSignal::new(0u32);
    let editing = RwSignal::new(Editing::None);
    // What the last change did, and from which month.
    let done = RwSignal::new(None::<String>);
    let list = Resource::new(
        move || (query.get(), changed.get()),
        |(q, _)| list_schools(q.region, q.q, q.page),
    );
    view! {
        <section class="admin schools card">
            <div class="admin-head">
                <h2>"学校管理"</h2>
                <button type="button" on:click=move |_| editing.set(Editing::New)>"新增学校"</button>
                <a class="button" href="/admin/import?kind=schools">"批量导入"</a>
                <ExportLink what="schools" query />
            </div>
            <SearchBar path=PATH placeholder="学校代码或名称" query />
            {move || done.get().map(|m| view! { <p class="ok" role="status">{m}</p> })}
            {move || match editing.get() {
                Editing::None => None,
                Editing::New => Some(view! { <SchoolForm entry=None editing changed done /> }.into_any()),
                Editing::Existing(e) => Some(view! { <SchoolForm entry=Some(e) editing changed done /> }.into_any()),
            }}
            <ListingPage list path=PATH query unit="所"
                table=move |rows| view! { <SchoolTable rows editing changed done /> } />
        </section>
    }
}

#[component]
fn SchoolTable(
    rows: Vec<SchoolEntry>,
    editing: RwSignal<Editing>,
    changed: RwSignal<u32>,
    done: RwSignal<Option<String>>,
) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="muted">"没有符合条件的学校"</p> }.into_any();
    }
    let message = RwSignal::new(None::<String>);
    view! {
        {move || message.get().map(|m| view! { <p class="error" role="alert">{m}</p> })}
        <table class="list schools-list">
            <thead><tr><th>"学校代码"</th><th>"学校名称"</th><th>"学校类型"</th><th>"六三制"</th><th>"管理地区"</th><th>"状态"</th><th>"操作"</th></tr></thead>
            <tbody>
                {rows.into_iter().map(|s| {
                    let entry = s.clone();
                    let code = s.code.clone();
                    let closed = s.closed;
                    let toggle = move |_| {
                        let code = code.clone();
                        leptos::task::spawn_local(async move {
                            match set_school_closed(code, !closed).await {
                                Ok(from) => {
                                    done.set(Some(effective_note(if closed { "已恢复" } else { "已关闭" }, from)));
                                    changed.update(|n| *n += 1)
                                }
                                Err(e) => message.set(Some(e.to_string())),
                            }
                        });
                    };
                    view! {
                        <tr data-code=s.code.clone() class:closed=s.closed>
                            <td>{s.code.clone()}</td>
                            <td>{s.name.clone()}</td>
                            <td>{s.school_type.label()}</td>
                            <td>{if s.six_three { "是" } else { "否" }}</td>
                            <td>{s.region_name.clone()} " " <span class="muted">{s.region_code.clone()}</span></td>
                            <td>{if s.closed { "已关闭" } else { "正常" }}</td>
                            <td class="ops">
                                <button type="button" class="link" on:click=move |_| editing.set(Editing::Existing(entry.clone()))>"编辑"</button>
                                <button type="button" class="link" on:click=toggle>{if closed { "恢复" } else { "关闭" }}</button>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
fn SchoolForm(
    entry: Option<SchoolEntry>,
    editing: RwSignal<Editing>,
    changed: RwSignal<u32>,
    done: RwSignal<Option<String>>,
) -> impl IntoView {
    let original = entry.as_ref().map(|e| e.code.clone());
    let is_new = original.is_none();
    let school = RwSignal::new(match &entry {
        Some(e) => SchoolInput {
            code: e.code.clone(),
            name: e.name.clone(),
            school_type: e.school_type,
            six_three: e.six_three,
            region_code: e.region_code.clone(),
        },
        None => SchoolInput {
            code: String::new(),
            name: String::new(),
            school_type: SchoolType::Primary,
            six_three: true,
            region_code: String::new(),
        },
    });
    let message = RwSignal::new(None::<String>);
    // One key per form: 保存 sent again after a lost answer creates nothing.
    let key = StoredValue::new(crate::request_key::RequestKey::fresh());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut s = school.get_untracked();
        if let Err(e) = check_school(&mut s) {
            message.set(Some(e));
            return;
        }
        let original = original.clone();
        leptos::task::spawn_local(async move {
            match save_school(original, s, Some(key.get_value())).await {
                Ok(from) => {
                    done.set(Some(effective_note("已保存", from)));
                    editing.set(Editing::None);
                    changed.update(|n| *n += 1);
                }
                Err(e) => message.set(Some(e.to_string())),
            }
        });
    };
    let text = move |f: fn(&mut SchoolInput) -> &mut String| bind(school, f);
    view! {
        <form class="admin-form school-form" on:submit=submit>
            <h3>{if is_new { "新增学校" } else { "编辑学校" }}</h3>
            <label>"学校代码" <input aria-label="学校代码" maxlength="10" inputmode="numeric" readonly=!is_new
                prop:value=move || school.with(|s| s.code.clone()) on:input=text(|s| &mut s.code) /></label>
            <label>"学校名称" <input aria-label="学校名称" prop:value=move || school.with(|s| s.name.clone())
                on:input=text(|s| &mut s.name) /></label>
            <label>"学校类型"
                <select aria-label="学校类型" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if let Some(t) = SchoolType::ALL.into_iter().find(|t| t.label() == v) {
                        school.update(|s| { s.school_type = t; if !t.has_compulsory_years() { s.six_three = false; } });
                    }
                }>
                    {SchoolType::ALL.into_iter().map(|t| view! {
                        <option value=t.label() selected=move || school.with(|s| s.school_type == t)>{t.label()}</option>
                    }).collect_view()}
                </select>
            </label>
            <label class="check"><input type="checkbox" aria-label="六三制"
                prop:checked=move || school.with(|s| s.six_three)
                prop:disabled=move || school.with(|s| !s.school_type.has_compulsory_years())
                on:change=move |ev| { let on = event_target_checked(&ev); school.update(|s| s.six_three = on) } /> "六三制"</label>
            <label>"管理地区代码" <input aria-label="管理地区代码" maxlength="6" inputmode="numeric"
                prop:value=move || school.with(|s| s.region_code.clone()) on:input=text(|s| &mut s.region_code) /></label>
            {(!is_new).then(|| view! { <p class="muted hint">"修改管理地区代码即迁移学校：从两个地区都尚未上报的月份起，数据随学校迁入新地区；已上报的月份仍归原地区。"</p> })}
            <div class="row">
                <button type="submit" class="primary">"保存"</button>
                <button type="button" on:click=move |_| editing.set(Editing::None)>"取消"</button>
                {move || message.get().map(|m| view! { <span class="error" role="alert">{m}</span> })}
            </div>
        </form>
    }
    .into_any()
}
