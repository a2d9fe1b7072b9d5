//! What the admin pages share: the list's place in the URL (region, search
//! word, page), the search form, the pager, the export link, and the binding
//! of a form's text fields.

use super::model::Listing;
use crate::error::AppError;
use crate::i18n::*;
use crate::shell::Failure;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ListQuery {
    pub region: Option<String>,
    pub q: String,
    pub page: u32,
}

impl ListQuery {
    /// The list page at `path` with this query, page replaced.
    pub fn href(&self, path: &str, page: u32) -> String {
        let mut parts = Vec::new();
        if let Some(r) = &self.region {
            parts.push(format!("region={}", encode(r)));
        }
        if !self.q.is_empty() {
            parts.push(format!("q={}", encode(&self.q)));
        }
        if page > 0 {
            parts.push(format!("page={page}"));
        }
        if parts.is_empty() {
            path.to_string()
        } else {
            format!("{path}?{}", parts.join("&"))
        }
    }
}

/// Percent-encodes everything but ASCII letters and digits.
pub fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The list query of the current URL.
pub fn use_list_query() -> Memo<ListQuery> {
    let query = use_query_map();
    Memo::new(move |_| {
        query.with(|q| ListQuery {
            region: q.get("region").filter(|r| !r.is_empty()),
            q: q.get("q").unwrap_or_default(),
            page: q.get("page").and_then(|p| p.parse().ok()).unwrap_or(0),
        })
    })
}

/// What a listing's rows are, named by the pager.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Schools,
    Accounts,
}

/// 查询: a search word (code prefix or part of a name); keeps the region.
#[component]
pub fn SearchBar(
    path: &'static str,
    #[prop(into)] placeholder: Signal<&'static str>,
    query: Memo<ListQuery>,
) -> impl IntoView {
    let i18n = use_i18n();
    let word = RwSignal::new(query.get_untracked().q);
    Effect::new(move |_| word.set(query.get().q));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let q = ListQuery {
            q: word.get_untracked().trim().to_string(),
            ..query.get_untracked()
        };
        use_navigate()(&q.href(path, 0), Default::default());
    };
    view! {
        <form class="search" role="search" on:submit=submit>
            <input type="search" data-field="q" aria-label=move || t_string!(i18n, admin.search) placeholder=placeholder
                prop:value=move || word.get() on:input=move |ev| word.set(event_target_value(&ev)) />
            <button type="submit" data-action="search">{t!(i18n, admin.search)}</button>
            {move || query.with(|q| q.region.clone()).map(|r| view! {
                <span class="muted">{t!(i18n, admin.scope)} {r} " " <a href=path data-action="clear">{t!(i18n, admin.clear)}</a></span>
            })}
        </form>
    }
    .into_any()
}

/// One page of a listing drawn by `table`, with the pager under it, or the
/// error.
#[component]
pub fn ListingPage<T, F, V>(
    list: Resource<Result<Listing<T>, AppError>>,
    path: &'static str,
    query: Memo<ListQuery>,
    /// What the rows count, for the pager: "所", "个账号".
    unit: Unit,
    table: F,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    F: Fn(Vec<T>) -> V + Copy + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let i18n = use_i18n();
    view! {
        <Transition fallback=move || view! { <p class="loading">{t!(i18n, admin.loading)}</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(l) => {
                        let pages = l.pages();
                        view! {
                            {table(l.rows)}
                            <Pager path query=query.get_untracked() total=l.total pages unit />
                        }.into_any()
                    }
                    Err(e) => view! { <Failure error=e /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// 上一页 / 下一页 and where the list stands.
#[component]
pub fn Pager(
    path: &'static str,
    query: ListQuery,
    total: i64,
    pages: u32,
    unit: Unit,
) -> impl IntoView {
    let i18n = use_i18n();
    let page = query.page;
    let unit = move || match unit {
        Unit::Schools => t_string!(i18n, admin.unit_schools),
        Unit::Accounts => t_string!(i18n, admin.unit_accounts),
    };
    view! {
        <nav class="pager" aria-label=move || t_string!(i18n, admin.pagination)>
            <span class="muted">{t!(i18n, admin.pager, total, unit, page = page + 1, pages = pages.max(1))}</span>
            {(page > 0).then(|| view! { <a href=query.href(path, page - 1) data-action="previous">{t!(i18n, admin.previous_page)}</a> })}
            {(page + 1 < pages).then(|| view! { <a href=query.href(path, page + 1) data-action="next">{t!(i18n, admin.next_page)}</a> })}
        </nav>
    }
    .into_any()
}

/// 导出 XLSX of the list as it is searched.
#[component]
pub fn ExportLink(what: &'static str, query: Memo<ListQuery>) -> impl IntoView {
    let i18n = use_i18n();
    let href = move || {
        query.with(|q| {
            ListQuery {
                page: 0,
                ..q.clone()
            }
            .href(&format!("/files/export/{what}.xlsx"), 0)
        })
    };
    view! { <a class="button" href=href download="" data-action="export">{t!(i18n, admin.export_xlsx)}</a> }
}

/// An `on:input` handler that writes the field's text into `field` of the
/// form's record.
pub fn bind<T: Send + Sync + 'static>(
    form: RwSignal<T>,
    field: fn(&mut T) -> &mut String,
) -> impl Fn(leptos::ev::Event) + Clone + 'static {
    move |ev| {
        let v = event_target_value(&ev);
        form.update(|r| *field(r) = v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_links_keep_region_and_search() {
        let q = ListQuery {
            region: Some("430000".into()),
            q: "长沙 一中".into(),
            page: 3,
        };
        assert_eq!(
            q.href("/admin/schools", 4),
            "/admin/schools?region=430000&q=%E9%95%BF%E6%B2%99%20%E4%B8%80%E4%B8%AD&page=4"
        );
        assert_eq!(ListQuery::default().href("/admin/users", 0), "/admin/users");
    }
}
