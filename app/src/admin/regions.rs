//! 地区管理: walk down the region tree from one's own region, see what
//! hangs under each region, rename it (national admin).

use super::api::{get_region_tree, rename_region};
use super::model::{RegionNode, RegionTree};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn RegionsPage() -> impl IntoView {
    let query = use_query_map();
    let code = Memo::new(move |_| query.with(|q| q.get("code").filter(|c| !c.is_empty())));
    let renamed = RwSignal::new(0u32);
    let tree = Resource::new(
        move || (code.get(), renamed.get()),
        |(c, _)| get_region_tree(c),
    );
    view! {
        <section class="admin regions card">
            <h2>"地区管理"</h2>
            <Transition fallback=|| view! { <p class="loading">"加载中…"</p> }>
                {move || Suspend::new(async move {
                    match tree.await {
                        Ok(t) => view! { <TreeView tree=t renamed /> }.into_any(),
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

fn region_href(code: &str) -> String {
    format!("/admin/regions?code={code}")
}

#[component]
fn TreeView(tree: RegionTree, renamed: RwSignal<u32>) -> impl IntoView {
    let r = tree.region.clone();
    let code = r.code.clone();
    view! {
        <nav class="trail" aria-label="地区路径">
            {tree.trail.iter().map(|t| view! { <a href=region_href(&t.code)>{t.name.clone()}</a> " › " }).collect_view()}
        </nav>
        <div class="region-head" data-code=r.code.clone()>
            <h3>{r.name.clone()} " " <span class="muted">{r.code.clone()} " · " {r.level.label()}</span></h3>
            <p class="muted">{format!("下级地区 {} 个，直属学校 {} 所", r.children, r.schools)}</p>
            <p class="links">
                <a href=format!("/admin/schools?region={code}")>"学校"</a>
                " "
                <a href=format!("/admin/users?region={code}")>"用户"</a>
                " "
                <a class="button" href=format!("/files/export/regions.xlsx?region={code}") download="">"导出 XLSX"</a>
            </p>
            {tree.may_rename.then(|| view! { <RenameForm code=r.code.clone() name=r.name.clone() renamed /> })}
        </div>
        {if tree.children.is_empty() {
            view! { <p class="muted">"没有下级地区"</p> }.into_any()
        } else {
            view! { <ChildTable children=tree.children /> }.into_any()
        }}
    }
    .into_any()
}

#[component]
fn ChildTable(children: Vec<RegionNode>) -> impl IntoView {
    view! {
        <table class="list regions-list">
            <thead><tr><th>"地区代码"</th><th>"地区名称"</th><th>"级别"</th><th>"下级地区"</th><th>"直属学校(所)"</th><th>"操作"</th></tr></thead>
            <tbody>
                {children.into_iter().map(|c| view! {
                    <tr data-code=c.code.clone()>
                        <td>{c.code.clone()}</td>
                        <td><a href=region_href(&c.code)>{c.name.clone()}</a></td>
                        <td>{c.level.label()}</td>
                        <td>{c.children}</td>
                        <td>{c.schools}</td>
                        <td class="ops">
                            <a href=format!("/admin/schools?region={}", c.code)>"学校"</a>
                            " "
                            <a href=format!("/admin/users?region={}", c.code)>"用户"</a>
                        </td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[component]
fn RenameForm(code: String, name: String, renamed: RwSignal<u32>) -> impl IntoView {
    let value = RwSignal::new(name);
    let message = RwSignal::new(None::<Result<(), String>>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let checked = crate::domain::admin::check_region_name(&value.get_untracked());
        let code = code.clone();
        match checked {
            Err(e) => message.set(Some(Err(e))),
            Ok(name) => leptos::task::spawn_local(async move {
                let r = rename_region(code, name).await.map_err(|e| e.to_string());
                if r.is_ok() {
                    renamed.update(|n| *n += 1);
                }
                message.set(Some(r));
            }),
        }
    };
    view! {
        <form class="rename row" on:submit=submit>
            <label>"地区名称 " <input aria-label="地区名称" prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev)) /></label>
            <button type="submit">"重命名"</button>
            {move || message.get().map(|m| match m {
                Ok(()) => view! { <span class="ok" role="status">"已保存"</span> }.into_any(),
                Err(e) => view! { <span class="error" role="alert">{e}</span> }.into_any(),
            })}
        </form>
    }
    .into_any()
}
