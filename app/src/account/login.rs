//! The login page 登录. On success the server fn's redirect takes the
//! browser to 数据上报 (the router follows it; without JS the browser does).

use super::api::Login;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<Login>::new();
    // A 退出 made offline on this device reaches the server now (the
    // service worker does the same on a page load).
    Effect::new(move |_| {
        leptos::task::spawn_local(async move {
            if crate::browser::offline::is_online()
                && crate::browser::offline::logout_pending().await
                && super::api::logout().await.is_ok()
            {
                crate::browser::offline::logout_delivered().await;
            }
        });
    });
    let error = move || {
        action
            .value()
            .get()
            .and_then(|r| r.err())
            .map(|e| e.say(i18n.get_locale()))
    };
    // The user's saved language, handed back by a successful login.
    Effect::new(move |_| {
        if let Some(Ok(Some(tag))) = action.value().get() {
            if let Some(locale) = parse_locale(&tag) {
                i18n.set_locale(locale);
            }
        }
    });
    // After a few failures the server asks for the captcha: one is loaded
    // in the browser (single use, so a new one after every answer).
    let captcha = RwSignal::new(None::<super::model::CaptchaImage>);
    Effect::new(move |_| {
        let needed = matches!(
            action.value().get(),
            Some(Err(crate::error::AppError::CaptchaRequired(_)))
        );
        if needed {
            leptos::task::spawn_local(async move {
                if let Ok(c) = super::api::get_captcha().await {
                    captcha.set(Some(c));
                }
            });
        }
    });
    view! {
        <main class="login">
            <crate::shell::LanguageSwitch />
            <h1>{t!(i18n, shell.brand)}</h1>
            <ActionForm action=action attr:class="card login-form">
                <h2>{t!(i18n, account.login_title)}</h2>
                <label>
                    {t!(i18n, account.username)}
                    <input name="username" autocomplete="username" required maxlength="64" />
                </label>
                <label>
                    {t!(i18n, account.password)}
                    <input
                        name="password"
                        type="password"
                        autocomplete="current-password"
                        required
                        maxlength="256"
                    />
                </label>
                {move || captcha.get().map(|c| view! {
                    <input type="hidden" name="captcha_id" value=c.id.clone() />
                    <label>
                        {t!(i18n, account.captcha)}
                        <span class="captcha">
                            <input
                                name="captcha"
                                required
                                maxlength="10"
                                autocomplete="off"
                                // Each captcha answers once: a new one
                                // comes with an empty field (the node is
                                // kept, so its typed value would stay).
                                prop:value=move || {
                                    captcha.track();
                                    String::new()
                                }
                            />
                            <img src=c.image alt=move || t_string!(i18n, account.captcha) width="160" height="60" />
                        </span>
                    </label>
                })}
                <Show when=move || error().is_some()>
                    <p class="error" role="alert">
                        {error}
                    </p>
                </Show>
                <button type="submit" data-action="login" disabled=move || action.pending().get()>
                    {t!(i18n, account.login)}
                </button>
                <p class="hint">
                    <A href="/forgot" attr:data-action="forgot">{t!(i18n, account.forgot)}</A>
                </p>
            </ActionForm>
        </main>
    }
}
