//! 重报 (with a reason) and 取消 on one row, for a child region or a direct
//! school. Whether 重报 is offered, and why not, comes from
//! `domain::workflow`; the server checks again.

use super::api::{cancel_region, cancel_school, return_region, return_school};
use super::context::Reload;
use crate::domain::school::SchoolState;
use crate::domain::workflow::{check_return_region, check_return_school, ReportState};
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// Sends 重报 (`Some(reason)`) or 取消 (`None`) for one row.
type Act = Arc<
    dyn Fn(Option<String>) -> Pin<Box<dyn Future<Output = Result<(), AppError>>>> + Send + Sync,
>;

/// Why 重报 is not offered now, if it is not: the parent's side (a signal:
/// it changes when the parent submits) and the row's own state.
fn verdict_of(
    may_return: Signal<Result<(), String>>,
    own: Result<(), String>,
) -> Signal<Option<String>> {
    Signal::derive(move || may_return.get().and(own.clone()).err())
}

#[component]
pub fn RegionActions(
    child: String,
    state: ReportState,
    year: i32,
    month: u32,
    may_return: Signal<Result<(), String>>,
) -> impl IntoView {
    let why_not = verdict_of(
        may_return,
        check_return_region(state)
            .map(|_| ())
            .map_err(|r| r.to_string()),
    );
    let act: Act = Arc::new(move |reason| {
        let child = child.clone();
        Box::pin(async move {
            match reason {
                Some(r) => return_region(year, month, child, r).await,
                None => cancel_region(year, month, child).await,
            }
        })
    });
    view! { <RowActions returned=state == ReportState::Returned why_not act /> }
}

#[component]
pub fn SchoolActions(
    school: String,
    state: SchoolState,
    year: i32,
    month: u32,
    may_return: Signal<Result<(), String>>,
) -> impl IntoView {
    let why_not = verdict_of(
        may_return,
        check_return_school(state)
            .map(|_| ())
            .map_err(|r| r.to_string()),
    );
    let act: Act = Arc::new(move |reason| {
        let school = school.clone();
        Box::pin(async move {
            match reason {
                Some(r) => return_school(year, month, school, r).await,
                None => cancel_school(year, month, school).await,
            }
        })
    });
    view! { <RowActions returned=state == SchoolState::Returned why_not act /> }
}

/// 取消 when the row is returned, else 重报 (disabled with the reason when
/// not allowed), which opens a form for the required reason.
#[component]
fn RowActions(returned: bool, why_not: Signal<Option<String>>, act: Act) -> impl IntoView {
    let i18n = use_i18n();
    let reload = expect_context::<Reload>();
    let (open, set_open) = signal(false);
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let act = StoredValue::new(act);
    let send = move |r: Option<String>| {
        let fut = act.with_value(|a| a(r));
        leptos::task::spawn_local(async move {
            match fut.await {
                Ok(()) => {
                    error.set(None);
                    set_open.set(false);
                    reload.bump();
                }
                Err(e) => error.set(Some(e.say(i18n.get_locale_untracked()))),
            }
        });
    };
    view! {
        <Show
            when=move || returned
            fallback=move || view! {
                <button
                    type="button"
                    class="link"
                    data-action="return"
                    disabled=move || why_not.get().is_some()
                    title=move || why_not.get().unwrap_or_default()
                    on:click=move |_| set_open.set(true)
                >
                    {t!(i18n, report.return_report)}
                </button>
            }
        >
            <button type="button" class="link" data-action="cancel-return" on:click=move |_| send(None)>
                {t!(i18n, report.cancel_return)}
            </button>
        </Show>
        <Show when=move || open.get() && !returned>
            <form class="reason-form" on:submit=move |ev| { ev.prevent_default(); send(Some(reason.get_untracked())); }>
                <textarea name="reason" required maxlength="500" rows="2"
                    placeholder=move || t_string!(i18n, report.return_reason_placeholder)
                    aria-label=move || t_string!(i18n, report.return_reason)
                    prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                <button type="submit" class="primary" data-action="confirm-return">{t!(i18n, report.confirm)}</button>
                <button type="button" data-action="close" on:click=move |_| set_open.set(false)>{t!(i18n, report.close)}</button>
            </form>
        </Show>
        <Show when=move || error.get().is_some()>
            <span class="error" role="alert">{move || error.get()}</span>
        </Show>
    }
    .into_any()
}
