//! The review bar above the table (manual §3.2): days left in the window,
//! reported counts per lower level, 上传月报文本, 审核上报 / 重新上报 with the
//! rule's reason when disabled, and the window rule.

use super::api::SubmitReport;
use super::context::Reload;
use super::model::ReportTable;
use crate::domain::workflow::submit_kind;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn ReviewBar(table: Signal<ReportTable>) -> impl IntoView {
    let i18n = use_i18n();
    let counts = move || {
        let locale = i18n.get_locale();
        table.with(|t| {
            t.level_counts
                .iter()
                .map(|c| {
                    format!(
                        "{}: {}/{}",
                        level_short(c.level, locale),
                        number(locale, c.reported),
                        number(locale, c.total)
                    )
                })
                .collect::<Vec<_>>()
                .join("  ")
        })
    };
    let days = move || match table.with(|t| t.days_left()) {
        Some(n) => t!(i18n, report.days_left, n).into_any(),
        None => t!(i18n, report.window_not_open).into_any(),
    };
    let acting = table.with_untracked(|t| t.acting);
    view! {
        <div class="review-bar card">
            <div class="review-facts">
                <span class="state">{t!(i18n, report.own_state)} <strong class="own-state" data-state=move || table.with(|t| t.own.state.slug())>{move || table.with(|t| t.own.state.name(i18n.get_locale()))}</strong></span>
                <span class="days">{days}</span>
                <span class="counts">{counts}</span>
            </div>
            {acting.then(|| view! { <ReviewActions table /> })}
            <p class="rule muted">{move || table.with(|t| t.window_rule().say(i18n.get_locale()))}</p>
        </div>
    }
    .into_any()
}

#[component]
fn ReviewActions(table: Signal<ReportTable>) -> impl IntoView {
    let i18n = use_i18n();
    let reload = expect_context::<Reload>();
    let submit = ServerAction::<SubmitReport>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = submit.value().get() {
            reload.bump();
        }
    });
    let why_not = Memo::new(move |_| table.with(|t| t.submit_refusal()));
    let label = move || table.with(|t| submit_kind(t.own.state).name(i18n.get_locale()));
    // After a lost answer the table is read again (the reload below): an
    // error stays only where the report did not become what was asked.
    let error = move || {
        let e = submit.value().get().and_then(|r| r.err())?;
        crate::shell::session::note(&e);
        match e {
            crate::error::AppError::Transport(_) => {
                let done = table.with(|t| t.own.state == crate::domain::ReportState::Submitted);
                (!done).then(|| t_string!(i18n, report.connection_lost).to_string())
            }
            other => Some(other.say(i18n.get_locale())),
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
                frozen=Signal::derive(move || table.with(|t| t.own_report_lock().err().map(|f| f.say(i18n.get_locale())))) />
            <ActionForm action=submit attr:class="submit-form">
                <input type="hidden" name="year" value=year.to_string() />
                <input type="hidden" name="month" value=month.to_string() />
                <button
                    type="submit"
                    class="primary"
                    data-action="submit"
                    disabled=move || why_not.get().is_some()
                    title=move || why_not.get().map(|w| w.say(i18n.get_locale())).unwrap_or_default()
                >
                    {label}
                </button>
            </ActionForm>
            {move || why_not.get().map(|w| view! { <span class="why">{w.say(i18n.get_locale())}</span> })}
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
    let i18n = use_i18n();
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
                <span>{t!(i18n, report.report_text)}</span>
                <input type="file" name="file" required accept=".pdf,.doc,.docx,.wps,.txt"
                    aria-label=move || t_string!(i18n, report.choose_report_text) />
            </label>
            <button
                type="submit"
                data-action="upload"
                disabled=move || busy.get() || !ready.get() || frozen.get().is_some()
            >
                {t!(i18n, report.upload_report_text)}
            </button>
            {move || frozen.get().map(|w| view! { <span class="why frozen">{w}</span> })}
            {move || match message.get() {
                Some(Ok(name)) => view! { <span class="ok" role="status">{t!(i18n, report.uploaded, name)}</span> }.into_any(),
                Some(Err(e)) => view! { <span class="error" role="alert">{e}</span> }.into_any(),
                None => view! { <span class="current muted">{move || current.get().map(|name| t!(i18n, report.uploaded, name))}</span> }.into_any(),
            }}
        </form>
    }
    .into_any()
}
