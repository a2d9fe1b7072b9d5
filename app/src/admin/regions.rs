//! 地区管理: walk down the region tree from one's own region, see what
//! hangs under each region, rename it (national admin).

use super::api::{get_region_tree, rename_region};
use super::model::{RegionNode, RegionTree};
use crate::error::AppError;
use crate::i18n::*;
use crate::shell::Failure;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn RegionsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let code = Memo::new(move |_| query.with(|q| q.get("code").filter(|c| !c.is_empty())));
    let renamed = RwSignal::new(0u32);
    let tree = Resource::new(
        move || (code.get(), renamed.get()),
        |(c, _)| get_region_tree(c),
    );
    view! {
        <section class="admin regions card">
            <h2>{t!(i18n, admin.regions_title)}</h2>
            <Transition fallback=move || view! { <p class="loading">{t!(i18n, admin.loading)}</p> }>
                {move || Suspend::new(async move {
                    match tree.await {
                        Ok(t) => view! { <TreeView tree=t renamed /> }.into_any(),
                        Err(e) => view! { <Failure error=e /> }.into_any(),
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
    let i18n = use_i18n();
    let r = tree.region.clone();
    let code = r.code.clone();
    view! {
        <nav class="trail" aria-label=move || t_string!(i18n, admin.region_trail)>
            {tree.trail.iter().map(|t| view! { <a href=region_href(&t.code)>{t.name.clone()}</a> " › " }).collect_view()}
        </nav>
        <div class="region-head" data-code=r.code.clone()>
            <h3>{r.name.clone()} " " <span class="muted">{r.code.clone()} " · " {move || r.level.name(i18n.get_locale())}</span></h3>
            <p class="muted">{t!(i18n, admin.region_counts, children = r.children, schools = r.schools)}</p>
            <p class="links">
                <a href=format!("/admin/schools?region={code}") data-action="schools">{t!(i18n, admin.schools)}</a>
                " "
                <a href=format!("/admin/users?region={code}") data-action="users">{t!(i18n, admin.users)}</a>
                " "
                <a class="button" href=format!("/files/export/regions.xlsx?region={code}") download="" data-action="export">{t!(i18n, admin.export_xlsx)}</a>
            </p>
            {tree.may_rename.then(|| view! { <RenameForm code=r.code.clone() name=r.name.clone() renamed /> })}
        </div>
        {if tree.children.is_empty() {
            view! { <p class="muted">{t!(i18n, admin.no_subregions)}</p> }.into_any()
        } else {
            view! { <ChildTable children=tree.children /> }.into_any()
        }}
    }
    .into_any()
}

#[component]
fn ChildTable(children: Vec<RegionNode>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <table class="list regions-list">
            <thead><tr>
                <th>{t!(i18n, admin.region_code)}</th>
                <th>{t!(i18n, admin.region_name)}</th>
                <th>{t!(i18n, admin.level)}</th>
                <th>{t!(i18n, admin.subregions)}</th>
                <th>{t!(i18n, admin.direct_schools)}</th>
                <th>{t!(i18n, admin.actions)}</th>
            </tr></thead>
            <tbody>
                {children.into_iter().map(|c| view! {
                    <tr data-code=c.code.clone()>
                        <td>{c.code.clone()}</td>
                        <td><a href=region_href(&c.code)>{c.name.clone()}</a></td>
                        <td>{move || c.level.name(i18n.get_locale())}</td>
                        <td>{c.children}</td>
                        <td>{c.schools}</td>
                        <td class="ops">
                            <a href=format!("/admin/schools?region={}", c.code) data-action="schools">{t!(i18n, admin.schools)}</a>
                            " "
                            <a href=format!("/admin/users?region={}", c.code) data-action="users">{t!(i18n, admin.users)}</a>
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
    let i18n = use_i18n();
    let value = RwSignal::new(name);
    // Kept as values, said in the page's locale (again when it changes).
    let message = RwSignal::new(None::<Result<(), AppError>>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let checked = crate::domain::admin::check_region_name(&value.get_untracked());
        let code = code.clone();
        match checked {
            Err(e) => message.set(Some(Err(e.into()))),
            Ok(name) => leptos::task::spawn_local(async move {
                let r = rename_region(code, name).await;
                if r.is_ok() {
                    renamed.update(|n| *n += 1);
                }
                message.set(Some(r));
            }),
        }
    };
    view! {
        <form class="rename row" on:submit=submit>
            <label>{t!(i18n, admin.region_name)} " " <input data-field="name" aria-label=move || t_string!(i18n, admin.region_name) prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev)) /></label>
            <button type="submit" data-action="rename">{t!(i18n, admin.rename)}</button>
            {move || message.get().map(|m| match m {
                Ok(()) => view! { <span class="ok" role="status">{t!(i18n, admin.saved)}</span> }.into_any(),
                Err(e) => view! { <span class="error" role="alert">{e.say(i18n.get_locale())}</span> }.into_any(),
            })}
        </form>
    }
    .into_any()
}
