//! 年度趋势: a region's 合计 month by month over the year, one figure at a
//! time, as a line chart with the numbers beside it. Loaded when opened.

use super::api::get_trend;
use super::model::TrendPoint;
use crate::domain::trend::{points, Frame, Indicator};
use crate::i18n::*;
use leptos::prelude::*;

const FRAME: Frame = Frame {
    width: 640.0,
    height: 200.0,
    margin: 24.0,
};

#[component]
pub fn TrendPanel(region: String, year: i32) -> impl IntoView {
    let i18n = use_i18n();
    let (open, set_open) = signal(false);
    let data = RwSignal::new(None::<Result<Vec<TrendPoint>, crate::error::AppError>>);
    let indicator = RwSignal::new(Indicator::Students);
    let region = StoredValue::new(region);
    Effect::new(move |_| {
        if open.get() && data.get_untracked().is_none() {
            leptos::task::spawn_local(async move {
                let r = get_trend(Some(region.get_value()), year).await;
                data.set(Some(r));
            });
        }
    });
    view! {
        <details class="trend card" on:toggle=move |_| set_open.update(|o| *o = !*o)>
            <summary>{t!(i18n, report.trend_title, year)}</summary>
            <label class="row">{t!(i18n, report.indicator)}" "
                <select data-field="indicator" aria-label=move || t_string!(i18n, report.trend_indicator) on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if let Some(i) = v.parse::<usize>().ok().and_then(|n| Indicator::TREND.get(n)) {
                        indicator.set(*i);
                    }
                }>
                    {Indicator::TREND.into_iter().enumerate().map(|(n, i)| view! {
                        <option value=n.to_string()>{move || i.name(i18n.get_locale())}</option>
                    }).collect_view()}
                </select>
            </label>
            {move || match data.get() {
                None => view! { <p class="loading">{t!(i18n, report.loading)}</p> }.into_any(),
                Some(Err(e)) => view! { <crate::shell::Failure error=e /> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p class="muted">{t!(i18n, report.no_data_this_year)}</p> }.into_any(),
                Some(Ok(list)) => view! { <Chart list indicator=indicator.get() /> }.into_any(),
            }}
        </details>
    }
    .into_any()
}

#[component]
fn Chart(list: Vec<TrendPoint>, indicator: Indicator) -> impl IntoView {
    let i18n = use_i18n();
    let values: Vec<(u32, i64)> = list
        .iter()
        .map(|p| (p.month, indicator.of(&p.totals)))
        .collect();
    let pts = points(&values, FRAME);
    let line = pts
        .iter()
        .map(|(_, x, y)| format!("{x:.1},{y:.1}"))
        .collect::<Vec<_>>()
        .join(" ");
    let base = FRAME.height - FRAME.margin;
    // The scale runs from the smallest to the largest value: say which.
    let lo = values.iter().map(|(_, v)| *v).min().unwrap_or(0);
    let hi = values.iter().map(|(_, v)| *v).max().unwrap_or(0);
    // The chart's name is its first <title> (`t_string!` cannot
    // interpolate into an attribute).
    view! {
        <svg class="trend-chart" viewBox=format!("0 0 {} {}", FRAME.width, FRAME.height + 16.0)
            role="img">
            <title>{t!(i18n, report.chart_label, indicator = move || indicator.name(i18n.get_locale()))}</title>
            <line x1=FRAME.margin y1=base x2=FRAME.width - FRAME.margin y2=base class="axis" />
            {(1..=12u32).map(|m| {
                let x = FRAME.margin + (FRAME.width - 2.0 * FRAME.margin) * (m - 1) as f64 / 11.0;
                view! { <text x=x y=FRAME.height + 10.0 class="tick">{t!(i18n, report.month_tick, m)}</text> }
            }).collect_view()}
            <text x="2" y=FRAME.margin - 6.0 class="scale">{t!(i18n, report.chart_max, n = move || number(i18n.get_locale(), hi))}</text>
            <text x="2" y=base + 12.0 class="scale">{t!(i18n, report.chart_min, n = move || number(i18n.get_locale(), lo))}</text>
            <polyline points=line class="series" />
            {pts.iter().zip(values.iter()).map(|((m, x, y), (_, v))| {
                let v = *v;
                view! {
                    <circle cx=*x cy=*y r="3.5" class="dot"><title>{t!(i18n, report.chart_point, m = *m, v = move || number(i18n.get_locale(), v))}</title></circle>
                }
            }).collect_view()}
        </svg>
        <table class="list trend-table">
            <thead><tr><th>{t!(i18n, report.month)}</th>{values.iter().map(|(m, _)| view! { <th>{t!(i18n, report.month_tick, m = *m)}</th> }).collect_view()}</tr></thead>
            <tbody><tr><th>{move || indicator.name(i18n.get_locale())}</th>{values.iter().map(|&(_, v)| view! { <td>{move || number(i18n.get_locale(), v)}</td> }).collect_view()}</tr></tbody>
        </table>
    }
    .into_any()
}
