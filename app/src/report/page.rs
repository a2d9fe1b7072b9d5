//! The 数据上报 page: reads region and month from the URL (so the browser's
//! back button and shared links work) and renders picker, review bar and
//! table. Switching month is a client-side navigation: no page reload. The
//! table re-reads itself when a live event or an own action says so.

use super::api::get_report_table;
use super::audit::AuditPanel;
use super::model::{RegionRef, ReportTable};
use super::review::ReviewBar;
use super::table::StatusTable;
use crate::domain::ReportState;
use crate::i18n::*;
use crate::report::context::{Ready, Reload};
use crate::shell::month::month_in_query;
use crate::shell::month::report_href;
use crate::shell::month::PeriodPicker;
use crate::shell::Failure;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ReportPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    // No month in the URL: the server answers its current month.
    let period = Memo::new(move |_| query.with(month_in_query));
    let region = Memo::new(move |_| query.with(|q| q.get("region")));
    let reload = Reload(RwSignal::new(0));
    provide_context(reload);
    // The page's structure is built once per region and month; later reads
    // (after a live event or an own action) only update the values in it,
    // so an open 重报 form or a chosen file survives a neighbour's change.
    let table = Resource::new(
        move || (region.get(), period.get()),
        |(r, p)| get_report_table(r, p.map(|p| p.0), p.map(|p| p.1)),
    );
    let fresh = RwSignal::new(None::<ReportTable>);
    // Fresh values apply only once the view is hydrated: hydration must
    // see exactly what the server rendered.
    let ready = RwSignal::new(false);
    provide_context(Ready(ready));
    let tick = crate::browser::live::use_live_tick();
    let session = crate::shell::session::watcher();
    Effect::new(move |prev: Option<()>| {
        let _ = (reload.0.get(), tick.get());
        if prev.is_some() {
            let (r, p) = (region.get_untracked(), period.get_untracked());
            leptos::task::spawn_local(async move {
                match get_report_table(r, p.map(|p| p.0), p.map(|p| p.1)).await {
                    Ok(t) => fresh.set(Some(t)),
                    Err(e) => session(&e),
                }
            });
        }
    });
    view! {
        <section class="report">
            <Transition fallback=move || view! { <p class="loading">{t!(i18n, report.loading)}</p> }>
                {move || Suspend::new(async move {
                    match table.await {
                        Ok(initial) => {
                            let shown = Memo::new(move |_| (initial.year, initial.month));
                            let today = initial.today;
                            let current = Signal::derive(move || {
                                fresh
                                    .get()
                                    .filter(|f| ready.get() && f.region == initial.region && (f.year, f.month) == (initial.year, initial.month))
                                    .unwrap_or_else(|| initial.clone())
                            });
                            view! {
                                <PeriodPicker period=shown region today base="/report" />
                                <ReportView table=current />
                            }
                                .into_any()
                        }
                        Err(e) => view! { <Failure error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ReportView(table: Signal<ReportTable>) -> impl IntoView {
    let i18n = use_i18n();
    let first = table.get_untracked();
    let shown = first.period();
    let heading = move || {
        shown
            .map(|p| {
                t_string!(i18n, report.heading, period = period(i18n.get_locale(), p)).to_string()
            })
            .unwrap_or_default()
    };
    let (year, month) = (first.year, first.month);
    let returned = move || {
        table.with(|t| {
            (t.own.state == ReportState::Returned).then(|| {
                (
                    t.region.name.clone(),
                    t.period(),
                    t.own.return_reason.clone().unwrap_or_default(),
                )
            })
        })
    };
    // Set once the browser has taken this view over: until then a click
    // would hit plain HTML (tests wait for it; the upload waits for it).
    let ready = expect_context::<Ready>().0;
    Effect::new(move |_| {
        // Only the first view flips it: a write would wake the views that
        // an earlier month's table left behind.
        if !ready.get_untracked() {
            ready.set(true);
        }
    });
    view! {
        <div class="report-head" data-ready=move || ready.get().then_some("true")>
            <h2>{heading}</h2>
            <Trail trail=first.trail.clone() year month />
            <span class="exports">
                <a href=export_href(&first.region.code, year, month, "xlsx") download="" data-action="export-xlsx">{t!(i18n, report.export_xlsx)}</a>
                " "
                <a href=export_href(&first.region.code, year, month, "csv") download="" data-action="export-csv">{t!(i18n, report.export_csv)}</a>
            </span>
        </div>
        {move || returned().map(|(region, at, reason)| view! {
            <p class="banner" role="alert">{t!(i18n, report.returned_banner, region, period = move || at.map(|p| period(i18n.get_locale(), p)).unwrap_or_default(), reason)}</p>
        })}
        <ReviewBar table />
        <StatusTable table />
        <AuditPanel region=first.region.code.clone() year month />
        <super::trend::TrendPanel region=first.region.code.clone() year />
    }
    .into_any()
}

/// The status table as a file (the same table, the same scope).
fn export_href(code: &str, year: i32, month: u32, ext: &str) -> String {
    format!("/files/export/report.{ext}?region={code}&y={year}&m={month}")
}

/// Where the user is in the tree, with links back up to the own region.
#[component]
fn Trail(trail: Vec<RegionRef>, year: i32, month: u32) -> impl IntoView {
    let i18n = use_i18n();
    let last = trail.len().saturating_sub(1);
    view! {
        <nav class="trail" aria-label=move || t_string!(i18n, report.trail)>
            {trail
                .into_iter()
                .enumerate()
                .map(|(i, r)| {
                    let level = r.level;
                    let label = t!(i18n, report.trail_item, name = r.name.clone(), level = move || level.name(i18n.get_locale()));
                    if i == last {
                        view! { <span class="here">{label}</span> }.into_any()
                    } else {
                        let href = if i == 0 { report_href(None, year, month) } else { report_href(Some(&r.code), year, month) };
                        view! { <a href=href>{label}</a> " › " }.into_any()
                    }
                })
                .collect_view()}
        </nav>
    }
}
