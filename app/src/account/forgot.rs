//! 忘记密码 (manual §4.1) and the reset page the mailed link opens.

use super::api::{get_captcha, RequestReset, ResetPassword};
use super::model::CaptchaImage;
use crate::i18n::*;
use crate::shell::Failure;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ForgotPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<RequestReset>::new();
    // Loaded in the browser (a captcha is single-use: never from SSR data).
    let captcha = RwSignal::new(None::<CaptchaImage>);
    let refresh = move || {
        leptos::task::spawn_local(async move {
            if let Ok(c) = get_captcha().await {
                captcha.set(Some(c));
            }
        });
    };
    Effect::new(move |_| refresh());
    // Every answer uses up the captcha: show a new one.
    Effect::new(move |prev: Option<()>| {
        let _ = action.version().get();
        if prev.is_some() {
            refresh();
        }
    });
    let result = move || {
        match action.value().get() {
        Some(Ok(sent)) => Some(
            view! { <p class="ok" role="status">{t!(i18n, account.reset_sent, minutes = sent.link_minutes)}</p> }
                .into_any(),
        ),
        Some(Err(e)) => Some(view! { <Failure error=e /> }.into_any()),
        None => None,
    }
    };
    view! {
        <main class="login">
            <h1>{t!(i18n, shell.brand)}</h1>
            <ActionForm action attr:class="card login-form">
                <h2>{t!(i18n, account.forgot_title)}</h2>
                <label>
                    {t!(i18n, account.email)}
                    <input name="email" type="email" required maxlength="200" placeholder=move || t_string!(i18n, account.email_placeholder) />
                </label>
                <input type="hidden" name="captcha_id" prop:value=move || captcha.get().map(|c| c.id).unwrap_or_default() />
                <label>
                    {t!(i18n, account.captcha)}
                    <span class="captcha">
                        <input name="captcha" required maxlength="10" autocomplete="off" />
                        {move || captcha.get().map(|c| view! { <img src=c.image alt=move || t_string!(i18n, account.captcha) width="160" height="60" /> })}
                    </span>
                </label>
                <button type="button" class="link" data-action="refresh-captcha" on:click=move |_| refresh()>{t!(i18n, account.captcha_refresh)}</button>
                {result}
                <button type="submit" disabled=move || action.pending().get() || captcha.get().is_none() data-action="request-reset">{t!(i18n, account.request_reset)}</button>
                <p class="hint"><A href="/login">{t!(i18n, account.back_to_login)}</A></p>
            </ActionForm>
        </main>
    }
}

#[component]
pub fn ResetPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<ResetPassword>::new();
    let query = use_query_map();
    let token = move || query.with(|q| q.get("token").unwrap_or_default());
    let done = move || matches!(action.value().get(), Some(Ok(())));
    let error = move || {
        action
            .value()
            .get()
            .and_then(|r| r.err())
            .map(|e| e.say(i18n.get_locale()))
    };
    view! {
        <main class="login">
            <h1>{t!(i18n, shell.brand)}</h1>
            <Show
                when=done
                fallback=move || view! {
                    <ActionForm action attr:class="card login-form">
                        <h2>{t!(i18n, account.reset_title)}</h2>
                        <input type="hidden" name="token" prop:value=token />
                        <label>{t!(i18n, account.new_password)} <input name="new" type="password" required autocomplete="new-password" /></label>
                        <label>{t!(i18n, account.repeat_password)} <input name="repeat" type="password" required autocomplete="new-password" /></label>
                        {move || error().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                        <button type="submit" data-action="reset-password">{t!(i18n, account.reset_password)}</button>
                    </ActionForm>
                }
            >
                <div class="card login-form">
                    <p class="ok" role="status">{t!(i18n, account.reset_done)}</p>
                    <A href="/login" attr:data-action="go-login">{t!(i18n, account.go_login)}</A>
                </div>
            </Show>
        </main>
    }
}
