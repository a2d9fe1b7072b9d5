//! 学校管理: the schools under a region, searched and paged; 新增学校,
//! 编辑 (a new 管理地区代码 moves the school), 关闭 / 恢复.

use super::api::{list_schools, save_school, set_school_closed};
use super::list::{bind, use_list_query, ExportLink, ListingPage, SearchBar, Unit};
use super::model::SchoolEntry;
use crate::domain::admin::{check_school, SchoolInput};
use crate::domain::{Period, SchoolType};
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;

const PATH: &str = "/admin/schools";

/// Which form is open: none, a new school, or the school being edited.
#[derive(Debug, Clone, PartialEq)]
enum Editing {
    None,
    New,
    Existing(SchoolEntry),
}

/// What the last change did.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Change {
    Saved,
    Closed,
    Reopened,
}

/// A change and the month it takes effect from, when not now.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Done {
    change: Change,
    from: Option<Period>,
}

/// "已保存", and from which month a change takes effect when not now: the
/// months before it were reported and keep the school as it was.
#[component]
fn EffectiveNote(done: Done) -> impl IntoView {
    let i18n = use_i18n();
    let what = move || match done.change {
        Change::Saved => t_string!(i18n, admin.saved),
        Change::Closed => t_string!(i18n, admin.closed),
        Change::Reopened => t_string!(i18n, admin.reopened),
    };
    match done.from {
        Some(p) => view! {
            <p class="ok" role="status">{t!(i18n, admin.effective_from, what, period = move || period(i18n.get_locale(), p))}</p>
        }
        .into_any(),
        None => view! { <p class="ok" role="status">{what}</p> }.into_any(),
    }
}

#[component]
pub fn SchoolsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_list_query();
    let changed = RwSignal::new(0u32);
    let editing = RwSignal::new(Editing::None);
    // What the last change did, and from which month.
    let done = RwSignal::new(None::<Done>);
    let list = Resource::new(
        move || (query.get(), changed.get()),
        |(q, _)| list_schools(q.region, q.q, q.page),
    );
    view! {
        <section class="admin schools card">
            <div class="admin-head">
                <h2>{t!(i18n, admin.schools_title)}</h2>
                <button type="button" data-action="new" on:click=move |_| editing.set(Editing::New)>{t!(i18n, admin.new_school)}</button>
                <a class="button" href="/admin/import?kind=schools" data-action="import">{t!(i18n, admin.import)}</a>
                <ExportLink what="schools" query />
            </div>
            <SearchBar path=PATH placeholder=move || t_string!(i18n, admin.school_search_placeholder) query />
            {move || done.get().map(|d| view! { <EffectiveNote done=d /> })}
            {move || match editing.get() {
                Editing::None => None,
                Editing::New => Some(view! { <SchoolForm entry=None editing changed done /> }.into_any()),
                Editing::Existing(e) => Some(view! { <SchoolForm entry=Some(e) editing changed done /> }.into_any()),
            }}
            <ListingPage list path=PATH query unit=Unit::Schools
                table=move |rows| view! { <SchoolTable rows editing changed done /> } />
        </section>
    }
}

#[component]
fn SchoolTable(
    rows: Vec<SchoolEntry>,
    editing: RwSignal<Editing>,
    changed: RwSignal<u32>,
    done: RwSignal<Option<Done>>,
) -> impl IntoView {
    let i18n = use_i18n();
    if rows.is_empty() {
        return view! { <p class="muted">{t!(i18n, admin.no_schools)}</p> }.into_any();
    }
    let message = RwSignal::new(None::<AppError>);
    view! {
        {move || message.get().map(|m| view! { <p class="error" role="alert">{m.say(i18n.get_locale())}</p> })}
        <table class="list schools-list">
            <thead><tr>
                <th>{t!(i18n, admin.school_code)}</th>
                <th>{t!(i18n, admin.school_name)}</th>
                <th>{t!(i18n, admin.school_type)}</th>
                <th>{t!(i18n, admin.six_three)}</th>
                <th>{t!(i18n, admin.managing_region)}</th>
                <th>{t!(i18n, admin.state)}</th>
                <th>{t!(i18n, admin.actions)}</th>
            </tr></thead>
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
                                    let change = if closed { Change::Reopened } else { Change::Closed };
                                    done.set(Some(Done { change, from }));
                                    changed.update(|n| *n += 1)
                                }
                                Err(e) => message.set(Some(e)),
                            }
                        });
                    };
                    view! {
                        <tr data-code=s.code.clone() class:closed=s.closed>
                            <td>{s.code.clone()}</td>
                            <td>{s.name.clone()}</td>
                            <td>{move || s.school_type.name(i18n.get_locale())}</td>
                            <td>{move || if s.six_three { t_string!(i18n, admin.yes) } else { t_string!(i18n, admin.no) }}</td>
                            <td>{s.region_name.clone()} " " <span class="muted">{s.region_code.clone()}</span></td>
                            <td>{move || if s.closed { t_string!(i18n, admin.closed) } else { t_string!(i18n, admin.normal) }}</td>
                            <td class="ops">
                                <button type="button" class="link" data-action="edit" on:click=move |_| editing.set(Editing::Existing(entry.clone()))>{t!(i18n, admin.edit)}</button>
                                <button type="button" class="link" data-action={if closed { "reopen" } else { "close" }} on:click=toggle>
                                    {move || if closed { t_string!(i18n, admin.reopen) } else { t_string!(i18n, admin.close) }}
                                </button>
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
    done: RwSignal<Option<Done>>,
) -> impl IntoView {
    let i18n = use_i18n();
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
    // Kept as a value, said in the page's locale (again when it changes).
    let message = RwSignal::new(None::<AppError>);
    // One key per form: 保存 sent again after a lost answer creates nothing.
    let key = StoredValue::new(crate::request_key::RequestKey::fresh());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut s = school.get_untracked();
        if let Err(e) = check_school(&mut s) {
            message.set(Some(e.into()));
            return;
        }
        let original = original.clone();
        leptos::task::spawn_local(async move {
            match save_school(original, s, Some(key.get_value())).await {
                Ok(from) => {
                    done.set(Some(Done {
                        change: Change::Saved,
                        from,
                    }));
                    editing.set(Editing::None);
                    changed.update(|n| *n += 1);
                }
                Err(e) => message.set(Some(e)),
            }
        });
    };
    let text = move |f: fn(&mut SchoolInput) -> &mut String| bind(school, f);
    view! {
        <form class="admin-form school-form" on:submit=submit>
            <h3>{move || if is_new { t_string!(i18n, admin.new_school) } else { t_string!(i18n, admin.edit_school) }}</h3>
            <label>{t!(i18n, admin.school_code)} <input data-field="code" aria-label=move || t_string!(i18n, admin.school_code) maxlength="10" inputmode="numeric" readonly=!is_new
                prop:value=move || school.with(|s| s.code.clone()) on:input=text(|s| &mut s.code) /></label>
            <label>{t!(i18n, admin.school_name)} <input data-field="name" aria-label=move || t_string!(i18n, admin.school_name) prop:value=move || school.with(|s| s.name.clone())
                on:input=text(|s| &mut s.name) /></label>
            <label>{t!(i18n, admin.school_type)}
                <select data-field="type" aria-label=move || t_string!(i18n, admin.school_type) on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if let Some(t) = v.parse().ok().and_then(SchoolType::from_code) {
                        school.update(|s| { s.school_type = t; if !t.has_compulsory_years() { s.six_three = false; } });
                    }
                }>
                    {SchoolType::ALL.into_iter().map(|t| view! {
                        <option value=t.code().to_string() selected=move || school.with(|s| s.school_type == t)>{move || t.name(i18n.get_locale())}</option>
                    }).collect_view()}
                </select>
            </label>
            <label class="check"><input type="checkbox" data-field="six-three" aria-label=move || t_string!(i18n, admin.six_three)
                prop:checked=move || school.with(|s| s.six_three)
                prop:disabled=move || school.with(|s| !s.school_type.has_compulsory_years())
                on:change=move |ev| { let on = event_target_checked(&ev); school.update(|s| s.six_three = on) } /> {t!(i18n, admin.six_three)}</label>
            <label>{t!(i18n, admin.managing_region_code)} <input data-field="region" aria-label=move || t_string!(i18n, admin.managing_region_code) maxlength="6" inputmode="numeric"
                prop:value=move || school.with(|s| s.region_code.clone()) on:input=text(|s| &mut s.region_code) /></label>
            {(!is_new).then(|| view! { <p class="muted hint">{t!(i18n, admin.move_school_hint)}</p> })}
            <div class="row">
                <button type="submit" class="primary" data-action="save">{t!(i18n, admin.save)}</button>
                <button type="button" data-action="cancel" on:click=move |_| editing.set(Editing::None)>{t!(i18n, admin.cancel)}</button>
                {move || message.get().map(|m| view! { <span class="error" role="alert">{m.say(i18n.get_locale())}</span> })}
            </div>
        </form>
    }
    .into_any()
}
