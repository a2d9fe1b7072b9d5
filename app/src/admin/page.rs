//! 系统设置: the reporting windows of each level, the school form's jump
//! ratio, and the 客户服务 contacts shown in every footer.

use super::api::{get_settings, save_settings};
use super::model::{SettingsDraft, SystemSettings};
use crate::domain::window::{ReportsOn, WindowDraft};
use crate::domain::Level;
use crate::error::AppError;
use crate::i18n::*;
use crate::shell::Failure;
use leptos::prelude::*;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| get_settings());
    view! {
        <section class="settings card">
            <h2>{t!(i18n, admin.settings_title)}</h2>
            <Transition fallback=move || view! { <p class="loading">{t!(i18n, admin.loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(s) => view! { <SettingsForm initial=s /> }.into_any(),
                        Err(e) => view! { <Failure error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

fn window_of(s: &SettingsDraft, l: Level) -> WindowDraft {
    s.windows.of(l)
}

/// A level's field, as its input is named: "县级开始日", "县级 start day".
fn of_level(i18n: leptos_i18n::I18nContext<Locale>, l: Level, field: &str) -> String {
    format!(
        "{}{}{field}",
        l.name(i18n.get_locale()),
        t_string!(i18n, admin.word_sep)
    )
}

#[component]
fn SettingsForm(initial: SystemSettings) -> impl IntoView {
    let i18n = use_i18n();
    let settings = RwSignal::new(SettingsDraft::from(initial));
    // Kept as values, said in the page's locale (again when it changes).
    let message = RwSignal::new(None::<Result<(), AppError>>);
    let set_window = move |l: Level, f: Box<dyn Fn(&mut WindowDraft)>| {
        settings.update(|s| f(s.windows.of_mut(l)));
    };
    // The draft becomes settings only through the domain's rules: a broken
    // one is named here and never sent.
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match SystemSettings::try_from(settings.get_untracked()) {
            Ok(s) => leptos::task::spawn_local(async move {
                message.set(Some(save_settings(s).await));
            }),
            Err(e) => message.set(Some(Err(AppError::Invalid(e)))),
        }
    };
    let levels = [Level::County, Level::City, Level::Province, Level::National];
    view! {
        <form class="settings-admin" on:submit=submit>
            <h3>{t!(i18n, admin.report_windows)}</h3>
            <table class="windows">
                <thead><tr>
                    <th>{t!(i18n, admin.level)}</th>
                    <th>{t!(i18n, admin.first_day)}</th>
                    <th>{t!(i18n, admin.last_day)}</th>
                    <th>{t!(i18n, admin.reports_on)}</th>
                </tr></thead>
                <tbody>
                    {levels.into_iter().map(|l| view! {
                        <tr data-level=l.code().to_string()>
                            <th scope="row">{move || l.name(i18n.get_locale())}</th>
                            <td><input type="number" min="1" max="28" data-field="first-day" aria-label=move || of_level(i18n, l, t_string!(i18n, admin.of_level_first_day))
                                prop:value=move || settings.with(|s| window_of(s, l).first_day.to_string())
                                on:input=move |ev| { let v = event_target_value(&ev).parse().unwrap_or(0); set_window(l, Box::new(move |w| w.first_day = v)) } /></td>
                            <td><input type="number" min="1" max="28" data-field="last-day" aria-label=move || of_level(i18n, l, t_string!(i18n, admin.of_level_last_day))
                                prop:value=move || settings.with(|s| window_of(s, l).last_day.to_string())
                                on:input=move |ev| { let v = event_target_value(&ev).parse().unwrap_or(0); set_window(l, Box::new(move |w| w.last_day = v)) } /></td>
                            <td>
                                <select data-field="reports-on" aria-label=move || of_level(i18n, l, t_string!(i18n, admin.of_level_reports_on)) on:change=move |ev| {
                                    let prev = event_target_value(&ev) == "prev";
                                    set_window(l, Box::new(move |w| w.reports_on = if prev { ReportsOn::PreviousMonth } else { ReportsOn::ThisMonth }))
                                }>
                                    <option value="this" selected=move || settings.with(|s| window_of(s, l).reports_on == ReportsOn::ThisMonth)>{t!(i18n, admin.this_month)}</option>
                                    <option value="prev" selected=move || settings.with(|s| window_of(s, l).reports_on == ReportsOn::PreviousMonth)>{t!(i18n, admin.previous_month)}</option>
                                </select>
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <h3>{t!(i18n, admin.school_monthly_data)}</h3>
            <label class="row">{t!(i18n, admin.jump_ratio_label)}
                <input type="number" min="1" max="1000" data-field="jump-ratio" aria-label=move || t_string!(i18n, admin.jump_ratio)
                    prop:value=move || settings.with(|s| ((s.jump_ratio * 100.0).round() as i64).to_string())
                    on:input=move |ev| { let v: f64 = event_target_value(&ev).parse().unwrap_or(0.0); settings.update(|s| s.jump_ratio = v / 100.0) } />
            </label>
            <label class="row">{t!(i18n, admin.reminder_before)}
                <input type="number" min="0" max="10" data-field="reminder-days" aria-label=move || t_string!(i18n, admin.reminder_days)
                    prop:value=move || settings.with(|s| s.reminder_days.to_string())
                    on:input=move |ev| { let v: u32 = event_target_value(&ev).parse().unwrap_or(0); settings.update(|s| s.reminder_days = v) } />
                {t!(i18n, admin.reminder_after)}
            </label>
            <h3>{t!(i18n, admin.support)}</h3>
            <label class="row">{t!(i18n, admin.support_phone)} " " <input data-field="support-phone" aria-label=move || t_string!(i18n, admin.support_phone) prop:value=move || settings.with(|s| s.support_phone.clone())
                on:input=move |ev| { let v = event_target_value(&ev); settings.update(|s| s.support_phone = v) } /></label>
            <label class="row">{t!(i18n, admin.support_qq)} " " <input data-field="support-qq" aria-label=move || t_string!(i18n, admin.support_qq) prop:value=move || settings.with(|s| s.support_qq.clone())
                on:input=move |ev| { let v = event_target_value(&ev); settings.update(|s| s.support_qq = v) } /></label>
            <button type="submit" class="primary" data-action="save">{t!(i18n, admin.save)}</button>
            {move || message.get().map(|m| match m {
                Ok(()) => view! { <span class="ok" role="status">{t!(i18n, admin.saved)}</span> }.into_any(),
                Err(e) => view! { <span class="error" role="alert">{e.say(i18n.get_locale())}</span> }.into_any(),
            })}
        </form>
    }
    .into_any()
}
