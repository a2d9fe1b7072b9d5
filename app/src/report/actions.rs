//! 重报 (with a reason) and 取消 on one row. Whether each is offered, and
//! why not, comes from `domain::workflow`; the server checks again.

use super::api::{CancelRegion, CancelSchool, ReturnRegion, ReturnSchool};
use super::page::Reload;
use crate::domain::school::SchoolState;
use crate::domain::workflow::{check_return_region, check_return_school, ReportState};
use leptos::prelude::*;

/// Re-reads the table whenever `succeeded` turns true.
fn reload_when(succeeded: impl Fn() -> bool + Send + Sync + 'static) {
    let reload = expect_context::<Reload>();
    Effect::new(move |_| {
        if succeeded() {
            reload.bump();
        }
    });
}

/// The reason's textarea and the buttons of an open 重报 form.
#[component]
fn ReasonFields(close: WriteSignal<bool>) -> impl IntoView {
    view! {
        <textarea name="reason" required maxlength="500" rows="2" placeholder="请填写重报原因" aria-label="重报原因"></textarea>
        <button type="submit" class="primary">"确定"</button>
        <button type="button" on:click=move |_| close.set(false)>"关闭"</button>
    }
}

/// Why 重报 is not offered now, if it is not: the parent's side (a signal:
/// it changes when the parent submits) and the child's state.
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
    let ret = ServerAction::<ReturnRegion>::new();
    let cancel = ServerAction::<CancelRegion>::new();
    reload_when(move || matches!(ret.value().get(), Some(Ok(()))));
    reload_when(move || matches!(cancel.value().get(), Some(Ok(()))));
    let (open, set_open) = signal(false);
    let why_not = verdict_of(
        may_return,
        check_return_region(state)
            .map(|_| ())
            .map_err(|r| r.to_string()),
    );
    let error = move || {
        ret.value()
            .get()
            .and_then(|r| r.err())
            .or_else(|| cancel.value().get().and_then(|r| r.err()))
            .map(|e| e.to_string())
    };
    let child = StoredValue::new(child);
    view! {
        <Show when=move || state == ReportState::Returned fallback=move || view! {
            <button
                type="button"
                class="link"
                disabled=move || why_not.get().is_some()
                title=move || why_not.get().unwrap_or_default()
                on:click=move |_| set_open.set(true)
            >
                "重报"
            </button>
        }>
            <ActionForm action=cancel attr:class="inline">
                <input type="hidden" name="year" value=year.to_string() />
                <input type="hidden" name="month" value=month.to_string() />
                <input type="hidden" name="child" value=child.get_value() />
                <button type="submit" class="link">"取消"</button>
            </ActionForm>
        </Show>
        <Show when=move || open.get() && state != ReportState::Returned>
            <ActionForm action=ret attr:class="reason-form">
                <input type="hidden" name="year" value=year.to_string() />
                <input type="hidden" name="month" value=month.to_string() />
                <input type="hidden" name="child" value=child.get_value() />
                <ReasonFields close=set_open />
            </ActionForm>
        </Show>
        <Show when=move || error().is_some()>
            <span class="error" role="alert">{error}</span>
        </Show>
    }
    .into_any()
}

#[component]
pub fn SchoolActions(
    school: String,
    state: SchoolState,
    year: i32,
    month: u32,
    may_return: Signal<Result<(), String>>,
) -> impl IntoView {
    let ret = ServerAction::<ReturnSchool>::new();
    let cancel = ServerAction::<CancelSchool>::new();
    reload_when(move || matches!(ret.value().get(), Some(Ok(()))));
    reload_when(move || matches!(cancel.value().get(), Some(Ok(()))));
    let (open, set_open) = signal(false);
    let why_not = verdict_of(
        may_return,
        check_return_school(state)
            .map(|_| ())
            .map_err(|r| r.to_string()),
    );
    let error = move || {
        ret.value()
            .get()
            .and_then(|r| r.err())
            .or_else(|| cancel.value().get().and_then(|r| r.err()))
            .map(|e| e.to_string())
    };
    let school = StoredValue::new(school);
    view! {
        <Show when=move || state == SchoolState::Returned fallback=move || view! {
            <button
                type="button"
                class="link"
                disabled=move || why_not.get().is_some()
                title=move || why_not.get().unwrap_or_default()
                on:click=move |_| set_open.set(true)
            >
                "重报"
            </button>
        }>
            <ActionForm action=cancel attr:class="inline">
                <input type="hidden" name="year" value=year.to_string() />
                <input type="hidden" name="month" value=month.to_string() />
                <input type="hidden" name="school" value=school.get_value() />
                <button type="submit" class="link">"取消"</button>
            </ActionForm>
        </Show>
        <Show when=move || open.get() && state != SchoolState::Returned>
            <ActionForm action=ret attr:class="reason-form">
                <input type="hidden" name="year" value=year.to_string() />
                <input type="hidden" name="month" value=month.to_string() />
                <input type="hidden" name="school" value=school.get_value() />
                <ReasonFields close=set_open />
            </ActionForm>
        </Show>
        <Show when=move || error().is_some()>
            <span class="error" role="alert">{error}</span>
        </Show>
    }
    .into_any()
}
