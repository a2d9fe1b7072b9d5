//! The table 上报情况 with the manual's columns. The review columns (是否上报,
//! 月报文本, 操作, 上报人, 联系电话, 上报时间) show "-" until the workflow lands.

use super::api::get_direct_schools;
use super::model::{ReportTable, SchoolRow};
use super::page::report_href;
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
                        <ReviewCells />
                        <td></td>
                        <FigureCells totals=table.total />
                    </tr>
                    <DirectRows code year month totals=table.direct />
                    {table
                        .children
                        .into_iter()
                        .enumerate()
                        .map(|(i, c)| {
                            let href = report_href(Some(&c.region.code), year, month);
                            view! {
                                <tr class="child" data-code=c.region.code.clone()>
                                    <td>{(i + 3).to_string()}</td>
                                    <td>
                                        <a href=href>{c.region.name}</a>
                                    </td>
                                    <ReviewCells />
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

/// The 直属 row; a click unfolds one row per directly managed school.
#[component]
fn DirectRows(code: String, year: i32, month: u32, totals: Totals) -> impl IntoView {
    let (open, set_open) = signal(false);
    let load = Action::new(move |code: &String| get_direct_schools(code.clone(), year, month));
    let toggle = move |_| {
        let now_open = !open.get_untracked();
        set_open.set(now_open);
        if now_open && load.value().get_untracked().is_none() {
            load.dispatch(code.clone());
        }
    };
    view! {
        <tr class="direct">
            <td>"2"</td>
            <td>
                <button
                    type="button"
                    class="expand"
                    aria-expanded=move || open.get().to_string()
                    on:click=toggle
                >
                    {move || if open.get() { "▾ 直属" } else { "▸ 直属" }}
                </button>
            </td>
            <ReviewCells />
            <td></td>
            <FigureCells totals />
        </tr>
        <Show when=move || open.get()>
            {move || match load.value().get() {
                None => view! { <tr class="school"><td colspan="18">"加载中…"</td></tr> }.into_any(),
                Some(Err(e)) => {
                    view! { <tr class="school"><td colspan="18" class="error">{e.to_string()}</td></tr> }
                        .into_any()
                }
                Some(Ok(rows)) if rows.is_empty() => {
                    view! { <tr class="school"><td colspan="18">"无直属学校"</td></tr> }.into_any()
                }
                Some(Ok(rows)) => {
                    rows.into_iter()
                        .enumerate()
                        .map(|(i, s)| view! { <SchoolLine index=i school=s /> })
                        .collect_view()
                        .into_any()
                }
            }}
        </Show>
    }
    .into_any()
}

#[component]
fn SchoolLine(index: usize, school: SchoolRow) -> impl IntoView {
    view! {
        <tr class="school" data-code=school.code.clone()>
            <td>{format!("2.{}", index + 1)}</td>
            <td class="school-name">{school.name}</td>
            <ReviewCells />
            <td>{school.school_type}</td>
            {match school.totals {
                Some(t) => view! { <FigureCells totals=t /> }.into_any(),
                None => view! { <td colspan="9" class="muted">"本月无数据"</td> }.into_any(),
            }}
        </tr>
    }
}

/// 是否上报 … 上报时间: empty until the review workflow exists.
#[component]
fn ReviewCells() -> impl IntoView {
    (0..6)
        .map(|_| view! { <td class="muted">"-"</td> })
        .collect_view()
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
