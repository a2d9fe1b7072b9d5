//! 学校 → 月度数据: the school admin's monthly form, 月更新确认, and the
//! returned banner. The form survives a dropped network (see `form.rs`).

use super::api::{get_school_month, ConfirmMonth};
use super::form::SchoolForm;
use super::model::SchoolMonth;
use crate::browser::live::use_live_tick;
use crate::i18n::*;
use crate::shell::Failure;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SchoolPage() -> impl IntoView {
    let i18n = use_i18n();
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
            <Transition fallback=move || view! { <p class="loading">{t!(i18n, school.loading)}</p> }>
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
                        Err(e) => view! { <Failure error=e /> }.into_any(),
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
    let i18n = use_i18n();
    let first = month.get_untracked();
    let (year, mo) = (first.year, first.month);
    let shown_period = move |locale| {
        crate::domain::Period::new(year, mo)
            .map(|p| period(locale, p))
            .unwrap_or_default()
    };
    let unsaved = RwSignal::new(false);
    let why_not = Memo::new(move |_| {
        if unsaved.get() {
            return Some(t_string!(i18n, school.save_first).to_string());
        }
        month.with(|m| {
            if m.state == Some(crate::domain::school::SchoolState::Confirmed) {
                return Some(crate::domain::Refusal::AlreadyConfirmed.say(i18n.get_locale()));
            }
            if let Err(frozen) = m.lock() {
                return Some(frozen.say(i18n.get_locale()));
            }
            match m.state {
                None => Some(t_string!(i18n, school.fill_first).to_string()),
                Some(_) => None,
            }
        })
    });
    // Why nothing on this page can change (the month lock), beside the
    // form rather than only in a disabled button's tooltip.
    let frozen = move || {
        month.with(|m| match m.lock() {
            Err(crate::domain::lock::Frozen::Confirmed) | Ok(()) => None,
            Err(f) => Some(f.say(i18n.get_locale())),
        })
    };
    let banner = move || {
        month.with(|m| {
            (m.state == Some(crate::domain::school::SchoolState::Returned)).then(|| {
                (
                    m.region_name.clone(),
                    m.return_reason.clone().unwrap_or_default(),
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
                (!done).then(|| t_string!(i18n, school.confirm_unknown).to_string())
            }
            other => Some(other.say(i18n.get_locale())),
        }
    };
    view! {
        <div class="card school-month">
            <h2>{t!(i18n, school.month_title, period = move || shown_period(i18n.get_locale()))}</h2>
            <p class="muted">
                {t!(
                    i18n,
                    school.school_line,
                    school = first.school_name.clone(),
                    kind = move || first.school_type.name(i18n.get_locale()),
                    region = first.region_name.clone()
                )}
            </p>
            {move || {
                banner()
                    .map(|(region, reason)| {
                        view! {
                            <p class="banner" role="alert">
                                {t!(i18n, school.returned_banner, region, reason)}
                            </p>
                        }
                    })
            }}
            {move || frozen().map(|f| view! { <p class="banner frozen" role="status">{f}</p> })}
            <p>
                {t!(i18n, school.state_label)}
                <strong class="school-state" data-state=move || month.with(|m| m.state.map(|s| s.slug()).unwrap_or("-"))>
                    {move || month.with(|m| m.state.map(|s| s.name(i18n.get_locale())).unwrap_or(t_string!(i18n, school.not_filled)))}
                </strong>
                <span class="muted updated">
                    {move || month.with(|m| m.updated.clone().map(|u| t!(i18n, school.updated, at = move || u.say(i18n.get_locale()))))}
                </span>
            </p>
            <SchoolForm month unsaved refresh />
            <ActionForm action=confirm attr:class="confirm-form">
                <input type="hidden" name="year" value=year.to_string() />
                <input type="hidden" name="month" value=mo.to_string() />
                <button
                    type="submit"
                    class="primary"
                    data-action="confirm-month"
                    disabled=move || why_not.get().is_some()
                    title=move || why_not.get().unwrap_or_default()
                >
                    {t!(i18n, school.confirm_month)}
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
