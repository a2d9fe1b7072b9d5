//! The 数据上报 page: reads region and month from the URL (so the browser's
//! back button and shared links work) and renders picker and table. Switching
//! month is a client-side navigation: the page is not reloaded.

use super::api::get_report_table;
use super::model::{RegionRef, ReportTable};
use super::table::StatusTable;
use crate::account::model::Me;
use crate::domain::period::FIRST_YEAR;
use crate::domain::Period;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

/// The URL of the status screen for a region (None: the user's own) and month.
pub fn report_href(region: Option<&str>, year: i32, month: u32) -> String {
    match region {
        Some(r) => format!("/report?region={r}&y={year}&m={month}"),
        None => format!("/report?y={year}&m={month}"),
    }
}

#[component]
pub fn ReportPage() -> impl IntoView {
    let me = expect_context::<Me>();
    let today = me.today;
    let current = me.current_period();
    let query = use_query_map();
    let period = Memo::new(move |_| {
        query.with(|q| {
            let y = q.get("y").and_then(|v| v.parse::<i32>().ok());
            let m = q.get("m").and_then(|v| v.parse::<u32>().ok());
            match (y, m) {
                (Some(y), Some(m)) => (y, m),
                _ => (current.year(), current.month()),
            }
        })
    });
    let region = Memo::new(move |_| query.with(|q| q.get("region")));
    let table = Resource::new(
        move || (region.get(), period.get()),
        |(r, (y, m))| get_report_table(r, y, m),
    );
    view! {
        <section class="report">
            <PeriodPicker period region today />
            <Transition fallback=|| view! { <p class="loading">"加载中…"</p> }>
                {move || Suspend::new(async move {
                    match table.await {
                        Ok(t) => view! { <ReportView table=t /> }.into_any(),
                        Err(e) => {
                            view! {
                                <p class="error" role="alert">
                                    {e.to_string()}
                                </p>
                            }
                                .into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

/// Year select and month buttons; months after today cannot be chosen.
#[component]
fn PeriodPicker(
    period: Memo<(i32, u32)>,
    region: Memo<Option<String>>,
    today: chrono::NaiveDate,
) -> impl IntoView {
    let navigate = use_navigate();
    let current = Period::of(today);
    let years: Vec<i32> = (FIRST_YEAR..=current.year()).rev().collect();
    let on_year = move |ev: leptos::ev::Event| {
        if let Ok(y) = event_target_value(&ev).parse::<i32>() {
            let (_, m) = period.get_untracked();
            // Moving to the current year from a later month of a past year
            // lands on the latest month that exists.
            let m = if Period::viewable(y, m, today).is_ok() {
                m
            } else {
                current.month()
            };
            navigate(
                &report_href(region.get_untracked().as_deref(), y, m),
                Default::default(),
            );
        }
    };
    view! {
        <div class="picker">
            <label class="year">
                <select aria-label="年份" on:change=on_year prop:value=move || period.get().0.to_string()>
                    {years
                        .into_iter()
                        .map(|y| {
                            view! {
                                <option value=y.to_string() selected=move || period.get().0 == y>
                                    {format!("{y}年")}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <div class="months" role="group" aria-label="月份">
                {(1..=12u32)
                    .map(|m| {
                        let viewable = move || Period::viewable(period.get().0, m, today).is_ok();
                        let href = move || report_href(region.get().as_deref(), period.get().0, m);
                        view! {
                            <a
                                class="month"
                                class:active=move || period.get().1 == m
                                class:disabled=move || !viewable()
                                aria-disabled=move || (!viewable()).then_some("true")
                                href=move || viewable().then(href)
                            >
                                {format!("{m}月")}
                            </a>
                        }
                    })
                    .collect_view()}
            </div>
        </div>
    }
}

#[component]
fn ReportView(table: ReportTable) -> impl IntoView {
    let heading = Period::new(table.year, table.month)
        .map(|p| p.heading())
        .unwrap_or_default();
    let (year, month) = (table.year, table.month);
    view! {
        <div class="report-head">
            <h2>{heading}</h2>
            <Trail trail=table.trail.clone() year month />
        </div>
        <StatusTable table />
    }
    .into_any()
}

/// Where the user is in the tree, with links back up to the own region.
#[component]
fn Trail(trail: Vec<RegionRef>, year: i32, month: u32) -> impl IntoView {
    let last = trail.len().saturating_sub(1);
    view! {
        <nav class="trail" aria-label="地区">
            {trail
                .into_iter()
                .enumerate()
                .map(|(i, r)| {
                    let label = format!("{}（{}）", r.name, r.level.label());
                    if i == last {
                        view! { <span class="here">{label}</span> }.into_any()
                    } else {
                        let href = if i == 0 {
                            report_href(None, year, month)
                        } else {
                            report_href(Some(&r.code), year, month)
                        };
                        view! { <a href=href>{label}</a> " › " }.into_any()
                    }
                })
                .collect_view()}
        </nav>
    }
}
