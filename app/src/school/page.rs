//! 学校 → 月度数据: the school admin's monthly form, 月更新确认, and the
//! returned banner. The form survives a dropped network (see `form.rs`).

use super::api::{get_school_month, ConfirmMonth};
use super::form::SchoolForm;
use super::model::SchoolMonth;
use crate::browser::live::use_live_tick;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SchoolPage() -> impl IntoView {
    let query = use_query_map();
    let period = Memo::new(move |_| query.with(crate::shell::month::month_in_query));
    let confirm = ServerAction::<ConfirmMonth>::new();
    // Rendered from the server's answer; later answers (after 月更新确认,
    // a save, or a live change such as a return) replace the values in
    // place, and never during hydration.
    let month = Resource::new(
        move || period.get(),
        |p| get_school_month(p.map(|p| p.0), p.map(|p| p.1)),
    );
    let fresh = RwSignal::new(None::<SchoolMonth>);
    let ready = RwSignal::new(false);
    let refresh = RwSignal::new(0u64);
    let tick = use_live_tick();
    let session = crate::shell::session::watcher();
    Effect::new(move |prev: Option<()>| {
        let _ = (confirm.version().get(), tick.get(), refresh.get());
        if prev.is_some() {
            let p = period.get_untracked();
            leptos::task::spawn_local(async move {
                match get_school_month(p.map(|p| p.0), p.map(|p| p.1)).await {
                    Ok(v) => fresh.set(Some(v)),
                    Err(e) => session(&e),
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
                            let current = Signal::derive(move || {
                                fresh
                                    .get()
                                    .filter(|f| ready.get() && (f.year, f.month) == (initial.year, initial.month))
                                    .unwrap_or_else(|| initial.clone())
                            });
                            view! {
                                <crate::shell::month::PeriodPicker period=shown region=Memo::new(|_| None) today base="/school" />
                                <SchoolMonthView month=current confirm refresh />
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
fn SchoolMonthView(
    month: Signal<SchoolMonth>,
    confirm: ServerAction<ConfirmMonth>,
    refresh: RwSignal<u64>,
) -> impl IntoView {
    let first = month.get_untracked();
    let (year, mo) = (first.year, first.month);
    let unsaved = RwSignal::new(false);
    let why_not = Memo::new(move |_| {
        if unsaved.get() {
            return Some("请先保存修改".to_string());
        }
        month.with(|m| {
            if m.state == Some(crate::domain::school::SchoolState::Confirmed) {
                return Some(crate::domain::Refusal::AlreadyConfirmed.to_string());
            }
            if let Err(frozen) = m.lock() {
                return Some(frozen.to_string());
            }
            match m.state {
                None => Some("请先填写并保存本月数据".to_string()),
                Some(_) => None,
            }
        })
    });
    // Why nothing on this page can change (the month lock), beside the
    // form rather than only in a disabled button's tooltip.
    let frozen = move || {
        month.with(|m| match m.lock() {
            Err(crate::domain::lock::Frozen::Confirmed) | Ok(()) => None,
            Err(f) => Some(f.to_string()),
        })
    };
    let banner = move || {
        month.with(|m| {
            (m.state == Some(crate::domain::school::SchoolState::Returned)).then(|| {
                format!(
                    "本月数据已被{}要求重报。原因：{}",
                    m.region_name,
                    m.return_reason.clone().unwrap_or_default()
                )
            })
        })
    };
    // After a lost answer the page has read the month again (the action's
    // end re-reads it): what it shows is the truth, and an error is shown
    // only where the month did not become what was asked.
    let error = move || {
        let e = confirm.value().get().and_then(|r| r.err())?;
        crate::shell::session::note(&e);
        match e {
            crate::error::AppError::Transport(_) => {
                let done =
                    month.with(|m| m.state == Some(crate::domain::school::SchoolState::Confirmed));
                (!done).then(|| {
                    "网络中断，未能确认是否成功；已重新读取当前状态，请检查后重试".to_string()
                })
            }
            other => Some(other.to_string()),
        }
    };
    view! {
        <div class="card school-month">
            <h2>{format!("{}年{}月月度数据", year, mo)}</h2>
            <p class="muted">{format!("{}（{}，{}）", first.school_name, first.school_type, first.region_name)}</p>
            {move || banner().map(|b| view! { <p class="banner" role="alert">{b}</p> })}
            {move || frozen().map(|f| view! { <p class="banner frozen" role="status">{f}</p> })}
            <p>
                "状态：" <strong class="school-state">{move || month.with(|m| m.state.map(|s| s.label()).unwrap_or("未填报"))}</strong>
                <span class="muted updated">{move || month.with(|m| m.updated.clone().map(|u| format!("  最后更新：{u}")))}</span>
            </p>
            <SchoolForm month unsaved refresh />
            <ActionForm action=confirm attr:class="confirm-form">
                <input type="hidden" name="year" value=year.to_string() />
                <input type="hidden" name="month" value=mo.to_string() />
                <button type="submit" class="primary" disabled=move || why_not.get().is_some() title=move || why_not.get().unwrap_or_default()>
                    "月更新确认"
                </button>
                {move || why_not.get().map(|w| view! { <span class="why muted">{w}</span> })}
            </ActionForm>
            <Show when=move || error().is_some()>
                <p class="error" role="alert">{error}</p>
            </Show>
        </div>
    }
    .into_any()
}
