//! The audit view (审核记录) of a region and month: every transition, who,
//! when, from what to what, and why. Loaded when opened, re-read on live
//! changes while open (never during hydration: it starts closed).

use super::api::get_audit;
use super::context::Reload;
use super::model::{AuditRow, LoggedState};
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn AuditPanel(region: String, year: i32, month: u32) -> impl IntoView {
    let i18n = use_i18n();
    let (open, set_open) = signal(false);
    let reload = expect_context::<Reload>();
    let tick = crate::browser::live::use_live_tick();
    let rows = RwSignal::new(None::<Result<Vec<AuditRow>, crate::error::AppError>>);
    let region = StoredValue::new(region);
    let load = move || {
        leptos::task::spawn_local(async move {
            let r = get_audit(Some(region.get_value()), year, month).await;
            rows.set(Some(r));
        });
    };
    Effect::new(move |_| {
        let _ = (reload.0.get(), tick.get());
        if open.get() {
            load();
        }
    });
    view! {
        <details class="audit card" on:toggle=move |_| set_open.update(|o| *o = !*o)>
            <summary>{t!(i18n, report.audit)}</summary>
            {move || match rows.get() {
                None => view! { <p class="loading">{t!(i18n, report.loading)}</p> }.into_any(),
                Some(Err(e)) => view! { <crate::shell::Failure error=e /> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p class="muted">{t!(i18n, report.no_records)}</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <table class="audit-table">
                        <thead>
                            <tr>
                                <th>{t!(i18n, report.audit_time)}</th>
                                <th>{t!(i18n, report.audit_actor)}</th>
                                <th>{t!(i18n, report.audit_target)}</th>
                                <th>{t!(i18n, report.audit_action)}</th>
                                <th>{t!(i18n, report.audit_state)}</th>
                                <th>{t!(i18n, report.audit_reason)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {list.into_iter().map(|r| {
                                let (action, from, to, at) = (r.action, r.from, r.to, r.at);
                                let actor = r.actor.clone();
                                let actor = move || match &actor {
                                    Some(a) => a.say(i18n.get_locale()),
                                    None => t_string!(i18n, report.system).to_string(),
                                };
                                let note = r.note.clone();
                                let note = move || note.as_ref().map(|n| n.say(i18n.get_locale())).unwrap_or_default();
                                view! {
                                    <tr>
                                        <td>{move || datetime(i18n.get_locale(), at)}</td><td>{actor}</td><td>{r.target}</td><td>{move || action.name(i18n.get_locale())}</td>
                                        <td>{move || format!("{} → {}", state_name(from, i18n.get_locale()), state_name(to, i18n.get_locale()))}</td><td>{note}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any(),
            }}
        </details>
    }
    .into_any()
}

/// A logged state's name; "-" where the stored code named none.
fn state_name(s: Option<LoggedState>, locale: Locale) -> &'static str {
    s.map(|s| s.name(locale)).unwrap_or("-")
}
