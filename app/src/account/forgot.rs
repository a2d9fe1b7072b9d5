//! 忘记密码 (manual §4.1) and the reset page the mailed link opens.

use super::api::{get_captcha, RequestReset, ResetPassword};
use super::model::CaptchaImage;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ForgotPage() -> impl IntoView {
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
    let result = move || match action.value().get() {
        Some(Ok(msg)) => Some(view! { <p class="ok" role="status">{msg}</p> }.into_any()),
        Some(Err(e)) => {
            Some(view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any())
        }
        None => None,
    };
    view! {
        <main class="login">
            <h1>"教育信息化工作进展信息系统"</h1>
            <ActionForm action attr:class="card login-form">
                <h2>"找回密码"</h2>
                <label>
                    "电子邮件"
                    <input name="email" type="email" required maxlength="200" placeholder="必填，请输入申请账号时的电子邮件" />
                </label>
                <input type="hidden" name="captcha_id" prop:value=move || captcha.get().map(|c| c.id).unwrap_or_default() />
                <label>
                    "验证码"
                    <span class="captcha">
                        <input name="captcha" required maxlength="10" autocomplete="off" />
                        {move || captcha.get().map(|c| view! { <img src=c.image alt="验证码" width="160" height="60" /> })}
                    </span>
                </label>
                <button type="button" class="link" on:click=move |_| refresh()>"看不清，换一个"</button>
                {result}
                <button type="submit" disabled=move || action.pending().get() || captcha.get().is_none()>"申请找回"</button>
                <p class="hint"><A href="/login">"返回登录"</A></p>
            </ActionForm>
        </main>
    }
}

#[component]
pub fn ResetPage() -> impl IntoView {
    let action = ServerAction::<ResetPassword>::new();
    let query = use_query_map();
    let token = move || query.with(|q| q.get("token").unwrap_or_default());
    let done = move || matches!(action.value().get(), Some(Ok(())));
    let error = move || {
        action
            .value()
            .get()
            .and_then(|r| r.err())
            .map(|e| e.to_string())
    };
    view! {
        <main class="login">
            <h1>"教育信息化工作进展信息系统"</h1>
            <Show
                when=done
                fallback=move || view! {
                    <ActionForm action attr:class="card login-form">
                        <h2>"设置新密码"</h2>
                        <input type="hidden" name="token" prop:value=token />
                        <label>"新密码" <input name="new" type="password" required autocomplete="new-password" /></label>
                        <label>"确认新密码" <input name="repeat" type="password" required autocomplete="new-password" /></label>
                        {move || error().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                        <button type="submit">"重置密码"</button>
                    </ActionForm>
                }
            >
                <div class="card login-form">
                    <p class="ok" role="status">"密码已重置，所有设备上的登录均已退出。"</p>
                    <A href="/login">"去登录"</A>
                </div>
            </Show>
        </main>
    }
}
