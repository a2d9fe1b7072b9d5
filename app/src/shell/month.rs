//! Months in the URL: the links of a month screen (`?region=&y=&m=`),
//! reading them back, and the month picker every month screen shows.

use crate::domain::period::FIRST_YEAR;
use crate::domain::Period;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

/// The URL of a month screen (`base`) for a region (None: the user's own).
pub fn month_href(base: &str, region: Option<&str>, year: i32, month: u32) -> String {
    match region {
        Some(r) => format!("{base}?region={r}&y={year}&m={month}"),
        None => format!("{base}?y={year}&m={month}"),
    }
}

pub fn report_href(region: Option<&str>, year: i32, month: u32) -> String {
    month_href("/report", region, year, month)
}

/// `?y=&m=` of a month screen; `None` lets the server answer its current
/// month.
pub fn month_in_query(q: &leptos_router::params::ParamsMap) -> Option<(i32, u32)> {
    let y = q.get("y").and_then(|v| v.parse::<i32>().ok());
    let m = q.get("m").and_then(|v| v.parse::<u32>().ok());
    y.zip(m)
}

/// Year select and month buttons; months after today cannot be chosen.
#[component]
pub fn PeriodPicker(
    period: Memo<(i32, u32)>,
    region: Memo<Option<String>>,
    today: chrono::NaiveDate,
    base: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
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
                &month_href(base, region.get_untracked().as_deref(), y, m),
                Default::default(),
            );
        }
    };
    view! {
        <div class="picker">
            <label class="year">
                <select aria-label=move || t_string!(i18n, school.picker_year_label) data-picker="year" on:change=on_year prop:value=move || period.get().0.to_string()>
                    {years
                        .into_iter()
                        .map(|y| {
                            view! {
                                <option value=y.to_string() selected=move || period.get().0 == y>
                                    {t!(i18n, school.picker_year, year = y)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <div class="months" role="group" aria-label=move || t_string!(i18n, school.picker_months_label)>
                {(1..=12u32)
                    .map(|m| {
                        let viewable = move || Period::viewable(period.get().0, m, today).is_ok();
                        let href = move || month_href(base, region.get().as_deref(), period.get().0, m);
                        view! {
                            <a
                                class="month"
                                data-month=m
                                class:active=move || period.get().1 == m
                                class:disabled=move || !viewable()
                                aria-disabled=move || (!viewable()).then_some("true")
                                href=move || viewable().then(href)
                            >
                                {t!(i18n, school.picker_month, month = m)}
                            </a>
                        }
                    })
                    .collect_view()}
            </div>
        </div>
    }
    .into_any()
}
