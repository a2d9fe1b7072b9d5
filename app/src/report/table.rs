//! The table 上报情况 with the manual's columns, and the 重报 / 取消 actions
//! of each row. What is allowed comes from `domain::workflow`.

use super::actions::{RegionActions, SchoolActions};
use super::api::get_direct_schools;
use super::model::{ReportTable, ReviewInfo, SchoolRow};
use super::page::{report_href, Reload};
use crate::domain::workflow::ReportState;
use crate::domain::Totals;
use leptos::prelude::*;

pub const HEADERS: [&str; 18] = [
    "序列",
    "地区",
    "是否上报",
    "月报文本",
    "操作",
    "上报人",
    "联系电话",
    "上报时间",
    "学校类型",
    "学校数(所)",
    "班级数(个)",
    "教师数(人)",
    "学生数(人)",
    "六三制",
    "宽带接入(所)",
    "多媒体教室(间)",
    "教师网络学习空间(个)",
    "学生网络学习空间(个)",
];

#[component]
pub fn StatusTable(table: ReportTable) -> impl IntoView {
    let (year, month) = (table.year, table.month);
    let code = table.region.code.clone();
    let may_return = table.may_return().map_err(|r| r.to_string());
    let acting = table.acting;
    let direct = table.direct_schools;
    let direct_status = if direct.total == 0 {
        "-".to_string()
    } else if direct.confirmed == direct.total {
        "✓".to_string()
    } else {
        format!("{}/{}", direct.confirmed, direct.total)
    };
    let sum_status = if table.level_counts.iter().all(|c| c.reported == c.total)
        && direct.confirmed == direct.total
    {
        "✓"
    } else {
        "-"
    };
    view! {
        <div class="table-wrap">
            <table class="status" aria-label="上报情况">
                <caption>"上报情况"</caption>
                <thead>
                    <tr>{HEADERS.map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr>
                </thead>
                <tbody>
                    <tr class="sum">
                        <td>"1"</td>
                        <td>"合计"</td>
                        <td>{sum_status}</td>
                        <PlainCells n=5 />
                        <td></td>
                        <FigureCells totals=table.total />
                    </tr>
                    <DirectRows code year month totals=table.direct status=direct_status acting may_return=may_return.clone() />
                    {table
                        .children
                        .into_iter()
                        .enumerate()
                        .map(|(i, c)| {
                            let may_return = may_return.clone();
                            let code = StoredValue::new(c.region.code.clone());
                            let may_return = StoredValue::new(may_return);
                            let href = report_href(Some(&c.region.code), year, month);
                            let text_href = format!("/files/report-text/{}/{}", c.region.code, year * 100 + month as i32);
                            let state = c.review.state;
                            view! {
                                <tr class="child" data-code=code.get_value() data-state=state.label()>
                                    <td>{(i + 3).to_string()}</td>
                                    <td><a href=href>{c.region.name}</a></td>
                                    <ReviewCells review=c.review.clone() text_href>
                                        <Show when=move || acting>
                                            <RegionActions child=code.get_value() state year month may_return=may_return.get_value() />
                                        </Show>
                                    </ReviewCells>
                                    <td></td>
                                    <FigureCells totals=c.totals />
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// 是否上报, 月报文本, 操作 (the children), 上报人, 联系电话, 上报时间.
#[component]
fn ReviewCells(review: ReviewInfo, text_href: String, children: Children) -> impl IntoView {
    let reporter = match (review.state, review.reporter.clone()) {
        (_, Some(r)) => r,
        (ReportState::AutoSubmitted, None) => "系统".to_string(),
        _ => "-".to_string(),
    };
    view! {
        <td class="state" class:returned=review.state == ReportState::Returned title=review.return_reason.clone().unwrap_or_default()>
            {if review.state == ReportState::Submitted { "✓" } else { review.state.label() }}
        </td>
        <td>
            {match review.report_text {
                Some(name) => view! { <a href=text_href download title=name.clone()>"下载"</a> }.into_any(),
                None => view! { <span class="muted">"-"</span> }.into_any(),
            }}
        </td>
        <td class="ops">{children()}</td>
        <td>{reporter}</td>
        <td>{review.phone.unwrap_or_else(|| "-".into())}</td>
        <td>{review.submitted_at.unwrap_or_else(|| "-".into())}</td>
    }
}

#[component]
fn PlainCells(n: usize) -> impl IntoView {
    (0..n)
        .map(|_| view! { <td class="muted">"-"</td> })
        .collect_view()
}

/// The 直属 row; a click unfolds one row per directly managed school.
#[component]
fn DirectRows(
    code: String,
    year: i32,
    month: u32,
    totals: Totals,
    status: String,
    acting: bool,
    may_return: Result<(), String>,
) -> impl IntoView {
    let (open, set_open) = signal(false);
    let reload = expect_context::<Reload>();
    let tick = super::live::use_live_tick();
    let schools = Resource::new(
        move || (open.get(), reload.0.get(), tick.get()),
        move |(o, _, _)| {
            let code = code.clone();
            async move {
                if o {
                    get_direct_schools(code, year, month).await.map(Some)
                } else {
                    Ok(None)
                }
            }
        },
    );
    view! {
        <tr class="direct">
            <td>"2"</td>
            <td>
                <button type="button" class="expand" aria-expanded=move || open.get().to_string() on:click=move |_| set_open.update(|o| *o = !*o)>
                    {move || if open.get() { "▾ 直属" } else { "▸ 直属" }}
                </button>
            </td>
            <td class="state">{status}</td>
            <PlainCells n=5 />
            <td></td>
            <FigureCells totals />
        </tr>
        <Transition>
            {move || {
                let may_return = may_return.clone();
                Suspend::new(async move {
                    match schools.await {
                        Ok(None) => ().into_any(),
                        Ok(Some(rows)) if rows.is_empty() => {
                            view! { <tr class="school"><td colspan="18">"无直属学校"</td></tr> }.into_any()
                        }
                        Ok(Some(rows)) => rows
                            .into_iter()
                            .enumerate()
                            .map(|(i, s)| view! { <SchoolLine index=i school=s year month acting may_return=may_return.clone() /> })
                            .collect_view()
                            .into_any(),
                        Err(e) => view! { <tr class="school"><td colspan="18" class="error">{e.to_string()}</td></tr> }.into_any(),
                    }
                })
            }}
        </Transition>
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
    may_return: Result<(), String>,
) -> impl IntoView {
    let state = school.state;
    view! {
        <tr class="school" data-code=school.code.clone() data-state=state.map(|s| s.label()).unwrap_or("-")>
            <td>{format!("2.{}", index + 1)}</td>
            <td class="school-name">{school.name}</td>
            <td class="state" class:returned=state == Some(crate::domain::school::SchoolState::Returned) title=school.return_reason.unwrap_or_default()>
                {state.map(|s| s.label()).unwrap_or("无数据")}
            </td>
            <td class="muted">"-"</td>
            <td class="ops">
                {(acting && state.is_some()).then(|| view! {
                    <SchoolActions school=school.code.clone() state=state.unwrap_or(crate::domain::school::SchoolState::Draft) year month may_return />
                })}
            </td>
            <PlainCells n=3 />
            <td>{school.school_type}</td>
            {match school.totals {
                Some(t) => view! { <FigureCells totals=t /> }.into_any(),
                None => view! { <td colspan="9" class="muted">"本月无数据"</td> }.into_any(),
            }}
        </tr>
    }
    .into_any()
}

#[component]
fn FigureCells(totals: Totals) -> impl IntoView {
    [
        totals.schools,
        totals.classes,
        totals.teachers,
        totals.students,
        totals.six_three,
        totals.broadband,
        totals.multimedia_rooms,
        totals.teacher_spaces,
        totals.student_spaces,
    ]
    .map(|n| view! { <td class="num">{n.to_string()}</td> })
    .collect_view()
}
