//! The review bar above the table (manual §3.2): days left in the window,
//! reported counts per lower level, 上传月报文本, 审核上报 / 重新上报 with the
//! rule's reason when disabled, and the window rule.

use super::api::SubmitReport;
use super::context::Reload;
use super::model::ReportTable;
use crate::domain::workflow::submit_kind;
use leptos::prelude::*;

#[component]
pub fn ReviewBar(table: Signal<ReportTable>) -> impl IntoView {
    let counts = move || {
        table.with(|t| {
            t.level_counts
                .iter()
                .map(|c| format!("{}: {}/{}", c.level.short_label(), c.reported, c.total))
                .collect::<Vec<_>>()
                .join("  ")
        })
    };
    let days = move || {
        table
            .with(|t| t.days_left())
            .map(|n| format!("截至您本月确认还有{n}天"))
            .unwrap_or_else(|| "本级上报时间未到".to_string())
    };
    let acting = table.with_untracked(|t| t.acting);
    view! {
        <div class="review-bar card">
            <div class="review-facts">
                <span class="state">"本级：" <strong class="own-state">{move || table.with(|t| t.own.state.label())}</strong></span>
                <span class="days">{days}</span>
                <span class="counts">{counts}</span>
            </div>
            {acting.then(|| view! { <ReviewActions table /> })}
            <p class="rule muted">{move || table.with(|t| t.window_rule())}</p>
        </div>
    }
    .into_any()
}

#[component]
fn ReviewActions(table: Signal<ReportTable>) -> impl IntoView {
    let reload = expect_context::<Reload>();
    let submit = ServerAction::<SubmitReport>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = submit.value().get() {
            reload.bump();
        }
    });
    let why_not = Memo::new(move |_| table.with(|t| t.submit_refusal()));
    let label = move || table.with(|t| submit_kind(t.own.state).label());
    // After a lost answer the table is read again (the reload below): an
    // error stays only where the report did not become what was asked.
    let error = move || {
        let e = submit.value().get().and_then(|r| r.err())?;
        crate::shell::session::note(&e);
        match e {
            crate::error::AppError::Transport(_) => {
                let done = table.with(|t| t.own.state == crate::domain::ReportState::Submitted);
                (!done).then(|| {
                    "网络中断，未能确认是否成功；已重新读取当前状态，请检查后重试".to_string()
                })
            }
            other => Some(other.to_string()),
        }
    };
    Effect::new(move |_| {
        if let Some(Err(crate::error::AppError::Transport(_))) = submit.value().get() {
            reload.bump();
        }
    });
    let (year, month) = table.with_untracked(|t| (t.year, t.month));
    view! {
        <div class="review-actions">
            <UploadForm year month
                current=Signal::derive(move || table.with(|t| t.own.report_text.clone()))
                frozen=Signal::derive(move || table.with(|t| t.own_report_lock().err().map(|f| f.to_string()))) />
            <ActionForm action=submit attr:class="submit-form">
                <input type="hidden" name="year" value=year.to_string() />
                <input type="hidden" name="month" value=month.to_string() />
                <button
                    type="submit"
                    class="primary"
                    disabled=move || why_not.get().is_some()
                    title=move || why_not.get().unwrap_or_default()
                >
                    {label}
                </button>
            </ActionForm>
            {move || why_not.get().map(|w| view! { <span class="why">{w}</span> })}
            <Show when=move || error().is_some()>
                <span class="error" role="alert">{error}</span>
            </Show>
        </div>
    }
    .into_any()
}

/// 上传月报文本: a file input sent by fetch (the server streams it to disk).
#[component]
fn UploadForm(
    year: i32,
    month: u32,
    current: Signal<Option<String>>,
    /// Why the text can no longer change (the month lock), if it cannot.
    frozen: Signal<Option<String>>,
) -> impl IntoView {
    let reload = expect_context::<Reload>();
    let ready = expect_context::<super::context::Ready>().0;
    let (message, set_message) = signal(None::<Result<String, String>>);
    let (busy, set_busy) = signal(false);
    let form_ref = NodeRef::<leptos::html::Form>::new();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(form) = form_ref.get() {
            set_busy.set(true);
            leptos::task::spawn_local(async move {
                let r = crate::browser::upload::send(form).await;
                set_busy.set(false);
                if r.is_ok() {
                    reload.bump();
                }
                set_message.set(Some(r));
            });
        }
    };
    view! {
        <form class="upload-form" node_ref=form_ref on:submit=on_submit>
            <input type="hidden" name="year" value=year.to_string() />
            <input type="hidden" name="month" value=month.to_string() />
            <label class="file">
                <span>"月报文本"</span>
                <input type="file" name="file" required accept=".pdf,.doc,.docx,.wps,.txt" aria-label="选择月报文本" />
            </label>
            <button type="submit" disabled=move || busy.get() || !ready.get() || frozen.get().is_some()>
                "上传月报文本"
            </button>
            {move || frozen.get().map(|w| view! { <span class="why frozen">{w}</span> })}
            {move || match message.get() {
                Some(Ok(name)) => view! { <span class="ok" role="status">{format!("已上传：{name}")}</span> }.into_any(),
                Some(Err(e)) => view! { <span class="error" role="alert">{e}</span> }.into_any(),
                None => view! { <span class="current muted">{move || current.get().map(|c| format!("已上传：{c}"))}</span> }.into_any(),
            }}
        </form>
    }
    .into_any()
}
