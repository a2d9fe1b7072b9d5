//! The school admin's page: the month's status, the figures (read-only
//! until the form lands), the returned banner and 月更新确认.

use super::api::{get_school_month, ConfirmMonth};
use super::model::SchoolMonth;
use crate::domain::workflow::check_confirm;
use crate::report::live::use_live_tick;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SchoolPage() -> impl IntoView {
    let query = use_query_map();
    let period = Memo::new(move |_| {
        query.with(|q| {
            let y = q.get("y").and_then(|v| v.parse::<i32>().ok());
            let m = q.get("m").and_then(|v| v.parse::<u32>().ok());
            y.zip(m)
        })
    });
    let confirm = ServerAction::<ConfirmMonth>::new();
    // Rendered from the server's answer; later answers (after 月更新确认 or
    // a live change, e.g. a return) replace the values, never during
    // hydration.
    let month = Resource::new(
        move || period.get(),
        |p| get_school_month(p.map(|p| p.0), p.map(|p| p.1)),
    );
    let fresh = RwSignal::new(None::<SchoolMonth>);
    let ready = RwSignal::new(false);
    let tick = use_live_tick();
    Effect::new(move |prev: Option<()>| {
        let _ = (confirm.version().get(), tick.get());
        if prev.is_some() {
            let p = period.get_untracked();
            leptos::task::spawn_local(async move {
                if let Ok(v) = get_school_month(p.map(|p| p.0), p.map(|p| p.1)).await {
                    fresh.set(Some(v));
                }
            });
        }
    });
    view! {
        <section class="school">
            <Transition fallback=|| view! { <p class="loading">"加载中…"</p> }>
                {move || Suspend::new(async move {
                    match month.await {
                        Ok(initial) => {
                            Effect::new(move |_| {
                                if !ready.get_untracked() {
                                    ready.set(true);
                                }
                            });
                            let shown = Memo::new(move |_| (initial.year, initial.month));
                            let today = initial.today;
                            view! {
                                <crate::report::page::PeriodPicker period=shown region=Memo::new(|_| None) today base="/school" />
                                {move || {
                                    let m = fresh
                                        .get()
                                        .filter(|f| ready.get() && (f.year, f.month) == (initial.year, initial.month))
                                        .unwrap_or_else(|| initial.clone());
                                    view! { <SchoolMonthView month=m confirm /> }
                                }}
                            }
                                .into_any()
                        }
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn SchoolMonthView(month: SchoolMonth, confirm: ServerAction<ConfirmMonth>) -> impl IntoView {
    let (year, mo) = (month.year, month.month);
    let allowed = month.state.map(check_confirm);
    let why_not = match &allowed {
        None => Some("本月尚无数据".to_string()),
        Some(Err(r)) => Some(r.to_string()),
        Some(Ok(_)) => None,
    };
    let state_label = month.state.map(|s| s.label()).unwrap_or("无数据");
    let error = move || {
        confirm
            .value()
            .get()
            .and_then(|r| r.err())
            .map(|e| e.to_string())
    };
    let figures = month.totals.map(|t| {
        vec![
            ("班级数", t.classes.to_string()),
            ("教师数", t.teachers.to_string()),
            ("学生数", t.students.to_string()),
            (
                "六三制",
                if t.six_three > 0 { "是" } else { "否" }.to_string(),
            ),
            (
                "宽带接入",
                if t.broadband > 0 {
                    format!("是（{} Mbps）", month.broadband_mbps.unwrap_or(0))
                } else {
                    "否".to_string()
                },
            ),
            ("多媒体教室数", t.multimedia_rooms.to_string()),
            ("教师网络学习空间开通数", t.teacher_spaces.to_string()),
            ("学生网络学习空间开通数", t.student_spaces.to_string()),
        ]
    });
    view! {
        <div class="card school-month">
            <h2>{format!("{}年{}月月度数据", year, mo)}</h2>
            <p class="muted">{format!("{}（{}，{}）", month.school_name, month.school_type, month.region_name)}</p>
            {month.return_reason.clone().filter(|_| month.state == Some(crate::domain::school::SchoolState::Returned)).map(|r| view! {
                <p class="banner" role="alert">{format!("本月数据已被{}要求重报。原因：{}", month.region_name, r)}</p>
            })}
            <p>
                "状态：" <strong class="school-state">{state_label}</strong>
            </p>
            {figures.map(|f| view! {
                <dl class="figures">
                    {f.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
                </dl>
            })}
            <ActionForm action=confirm>
                <input type="hidden" name="year" value=year.to_string() />
                <input type="hidden" name="month" value=mo.to_string() />
                <button type="submit" disabled=why_not.is_some() title=why_not.clone().unwrap_or_default()>
                    "月更新确认"
                </button>
                {why_not.map(|w| view! { <span class="why muted">{w}</span> })}
            </ActionForm>
            <Show when=move || error().is_some()>
                <p class="error" role="alert">{error}</p>
            </Show>
        </div>
    }
    .into_any()
}
