//! The table 上报情况 with the manual's columns, and the 重报 / 取消 actions
//! of each row. What is allowed comes from `domain::workflow`.

use super::actions::{RegionActions, SchoolActions};
use super::api::get_direct_schools;
use super::context::Reload;
use super::model::{ChildRow, ReportTable, ReviewInfo, SchoolRow};
use crate::domain::school::SchoolState;
use crate::domain::workflow::ReportState;
use crate::domain::{Indicator, Totals};
use crate::i18n::*;
use crate::shell::month::report_href;
use leptos::prelude::*;

/// Every column header: the leading ones, then the indicator catalog's.
#[component]
fn Headers() -> impl IntoView {
    let i18n = use_i18n();
    // The columns before the figures, as the manual names them.
    view! {
        <th scope="col">{t!(i18n, report.col_seq)}</th>
        <th scope="col">{t!(i18n, report.col_region)}</th>
        <th scope="col">{t!(i18n, report.col_reported)}</th>
        <th scope="col">{t!(i18n, report.col_report_text)}</th>
        <th scope="col">{t!(i18n, report.col_actions)}</th>
        <th scope="col">{t!(i18n, report.col_reporter)}</th>
        <th scope="col">{t!(i18n, report.col_phone)}</th>
        <th scope="col">{t!(i18n, report.col_reported_at)}</th>
        <th scope="col">{t!(i18n, report.col_school_type)}</th>
        {Indicator::COLUMNS.map(|i| view! { <th scope="col">{move || i.name(i18n.get_locale())}</th> }).collect_view()}
    }
}

#[component]
pub fn StatusTable(table: Signal<ReportTable>) -> impl IntoView {
    let i18n = use_i18n();
    let first = table.get_untracked();
    let (year, month) = (first.year, first.month);
    let code = first.region.code.clone();
    let acting = first.acting;
    let may_return = Signal::derive(move || {
        table.with(|t| t.may_return().map_err(|r| r.say(i18n.get_locale())))
    });
    let direct_status = Signal::derive(move || {
        table.with(|t| {
            let d = t.direct_schools;
            if d.total == 0 {
                "-".to_string()
            } else if d.confirmed == d.total {
                "✓".to_string()
            } else {
                let locale = i18n.get_locale();
                format!(
                    "{}/{}",
                    number(locale, d.confirmed),
                    number(locale, d.total)
                )
            }
        })
    });
    let sum_status = move || {
        table.with(|t| {
            let all = t.level_counts.iter().all(|c| c.reported == c.total)
                && t.direct_schools.confirmed == t.direct_schools.total;
            if all {
                "✓"
            } else {
                "-"
            }
        })
    };
    let rows = move || {
        table.with(|t| {
            t.children
                .clone()
                .into_iter()
                .enumerate()
                .collect::<Vec<_>>()
        })
    };
    view! {
        <div class="table-wrap">
            <table class="status" aria-label=move || t_string!(i18n, report.status_table)>
                <caption>{t!(i18n, report.status_table)}</caption>
                <thead>
                    <tr><Headers /></tr>
                </thead>
                <tbody>
                    <tr class="sum">
                        <td>"1"</td>
                        <td>{t!(i18n, report.total)}</td>
                        <td>{sum_status}</td>
                        <PlainCells n=5 />
                        <td></td>
                        <FigureCells totals=Signal::derive(move || table.with(|t| t.total)) />
                    </tr>
                    <DirectRows
                        code
                        year
                        month
                        totals=Signal::derive(move || table.with(|t| t.direct))
                        status=direct_status
                        acting
                        may_return
                    />
                    <For
                        each=rows
                        key=|(i, c)| format!("{i}|{}|{:?}|{:?}", c.region.code, c.review, c.totals)
                        let((i, c))
                    >
                        <ChildLine index=i child=c year month acting may_return />
                    </For>
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn ChildLine(
    index: usize,
    child: ChildRow,
    year: i32,
    month: u32,
    acting: bool,
    may_return: Signal<Result<(), String>>,
) -> impl IntoView {
    let href = report_href(Some(&child.region.code), year, month);
    let text_href = format!(
        "/files/report-text/{}/{}",
        child.region.code,
        year * 100 + month as i32
    );
    let state = child.review.state;
    let code = child.region.code.clone();
    let totals = child.totals;
    view! {
        <tr class="child" data-code=child.region.code.clone() data-state=state.slug()>
            <td>{(index + 3).to_string()}</td>
            <td><a href=href>{child.region.name}</a></td>
            <ReviewCells review=child.review text_href>
                {acting.then(|| view! { <RegionActions child=code.clone() state year month may_return /> })}
            </ReviewCells>
            <td></td>
            <FigureCells totals=Signal::derive(move || totals) />
        </tr>
    }
    .into_any()
}

/// 是否上报, 月报文本, 操作 (the children), 上报人, 联系电话, 上报时间.
#[component]
fn ReviewCells(review: ReviewInfo, text_href: String, children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let reporter = match (review.state, review.reporter.clone()) {
        (_, Some(r)) => r.into_any(),
        (ReportState::AutoSubmitted, None) => t!(i18n, report.system).into_any(),
        _ => "-".into_any(),
    };
    view! {
        <td class="state" class:returned=review.state == ReportState::Returned title=review.return_reason.clone().unwrap_or_default()>
            {move || if review.state == ReportState::Submitted { "✓" } else { review.state.name(i18n.get_locale()) }}
        </td>
        <td>
            {match review.report_text {
                Some(name) => view! { <a href=text_href download title=name.clone() data-action="download">{t!(i18n, report.download)}</a> }.into_any(),
                None => view! { <span class="muted">"-"</span> }.into_any(),
            }}
        </td>
        <td class="ops">{children()}</td>
        <td>{reporter}</td>
        <td>{review.phone.unwrap_or_else(|| "-".into())}</td>
        <td>{move || review.submitted_at.map_or_else(|| "-".into(), |at| datetime(i18n.get_locale(), at))}</td>
    }
}

#[component]
fn PlainCells(n: usize) -> impl IntoView {
    (0..n)
        .map(|_| view! { <td class="muted">"-"</td> })
        .collect_view()
}

/// The 直属 row; a click unfolds one row per directly managed school, which
/// then follow live changes like the rest of the table.
#[component]
fn DirectRows(
    code: String,
    year: i32,
    month: u32,
    totals: Signal<Totals>,
    status: Signal<String>,
    acting: bool,
    may_return: Signal<Result<(), String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (open, set_open) = signal(false);
    let reload = expect_context::<Reload>();
    let tick = crate::browser::live::use_live_tick();
    let schools = RwSignal::new(None::<Result<Vec<SchoolRow>, crate::error::AppError>>);
    let code = StoredValue::new(code);
    let load = move || {
        leptos::task::spawn_local(async move {
            let r = get_direct_schools(code.get_value(), year, month).await;
            schools.set(Some(r));
        });
    };
    Effect::new(move |prev: Option<()>| {
        let _ = (reload.0.get(), tick.get());
        if prev.is_some() && open.get_untracked() {
            load();
        }
    });
    let toggle = move |_| {
        let now_open = !open.get_untracked();
        set_open.set(now_open);
        if now_open && schools.get_untracked().is_none() {
            load();
        }
    };
    let rows = move || match schools.get() {
        Some(Ok(rows)) => rows.into_iter().enumerate().collect::<Vec<_>>(),
        _ => Vec::new(),
    };
    view! {
        <tr class="direct">
            <td>"2"</td>
            <td>
                <button type="button" class="expand" data-action="expand-direct" aria-expanded=move || open.get().to_string() on:click=toggle>
                    {move || if open.get() { "▾ " } else { "▸ " }}
                    {t!(i18n, report.direct)}
                </button>
            </td>
            <td class="state">{status}</td>
            <PlainCells n=5 />
            <td></td>
            <FigureCells totals />
        </tr>
        <Show when=move || open.get()>
            {move || match schools.get() {
                None => Some(view! { <tr class="school"><td colspan="18">{t!(i18n, report.loading)}</td></tr> }.into_any()),
                Some(Err(e)) => Some(view! { <tr class="school"><td colspan="18" class="error">{e.say(i18n.get_locale())}</td></tr> }.into_any()),
                Some(Ok(r)) if r.is_empty() => Some(view! { <tr class="school"><td colspan="18">{t!(i18n, report.no_direct_schools)}</td></tr> }.into_any()),
                Some(Ok(_)) => None,
            }}
            <For each=rows key=|(i, s)| format!("{i}|{:?}", s) let((i, s))>
                <SchoolLine index=i school=s year month acting may_return />
            </For>
        </Show>
    }
    .into_any()
}

#[component]
fn SchoolLine(
    index: usize,
    school: SchoolRow,
    year: i32,
    month: u32,
    acting: bool,
    may_return: Signal<Result<(), String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let state = school.state;
    let kind = school.school_type;
    view! {
        <tr class="school" data-code=school.code.clone() data-state=state.map(|s| s.slug()).unwrap_or("-")>
            <td>{format!("2.{}", index + 1)}</td>
            <td class="school-name">
                <a href=format!("/school/view?code={}&y={year}&m={month}", school.code)>{school.name}</a>
            </td>
            <td class="state" class:returned=state == Some(SchoolState::Returned) title=school.return_reason.unwrap_or_default()>
                {match state {
                    Some(s) => (move || s.name(i18n.get_locale())).into_any(),
                    None => t!(i18n, report.no_data).into_any(),
                }}
            </td>
            <td class="muted">"-"</td>
            <td class="ops">
                {state.filter(|_| acting).map(|state| view! {
                    <SchoolActions school=school.code.clone() state year month may_return />
                })}
            </td>
            <PlainCells n=3 />
            <td>{move || kind.name(i18n.get_locale())}</td>
            {match school.totals {
                Some(t) => view! { <FigureCells totals=Signal::derive(move || t) /> }.into_any(),
                None => view! { <td colspan="9" class="muted">{t!(i18n, report.no_data_this_month)}</td> }.into_any(),
            }}
        </tr>
    }
    .into_any()
}

#[component]
fn FigureCells(totals: Signal<Totals>) -> impl IntoView {
    let i18n = use_i18n();
    Indicator::COLUMNS
        .map(|i| view! { <td class="num">{move || number(i18n.get_locale(), i.of(&totals.get()))}</td> })
        .collect_view()
}
