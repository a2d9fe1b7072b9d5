//! Server fns of the account feature: thin adapters over the backend.

use super::model::{CaptchaImage, Me, Profile};
use crate::error::AppError;
// Only the server runs the bodies of server fns.
#[cfg(feature = "ssr")]
use crate::message::{AuthIssue, RequestIssue};
use leptos::prelude::*;

/// Longest accepted inputs: anything longer is not a real login and must not
/// reach the (deliberately slow) password hash.
pub const MAX_USERNAME: usize = 64;
pub const MAX_PASSWORD: usize = 256;

#[server(endpoint = "login")]
pub async fn login(
    username: String,
    password: String,
    #[server(default)] captcha_id: Option<String>,
    #[server(default)] captcha: Option<String>,
) -> Result<Option<String>, AppError> {
    use crate::backend::{backend, session_token};
    use axum::http::{header, HeaderMap, HeaderValue};

    let username = username.trim().to_string();
    if username.is_empty() || password.is_empty() {
        return Err(AppError::Invalid(AuthIssue::CredentialsMissing.into()));
    }
    if username.chars().count() > MAX_USERNAME || password.chars().count() > MAX_PASSWORD {
        return Err(AppError::Invalid(AuthIssue::LoginFailed.into()));
    }
    let b = backend()?;
    let headers: HeaderMap = leptos_axum::extract()
        .await
        .map_err(|e| AppError::Transport(e.to_string()))?;
    let ua = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(|s| s.chars().take(200).collect());
    let previous = session_token().await?;
    let peer: Option<axum::extract::ConnectInfo<std::net::SocketAddr>> =
        leptos_axum::extract().await.ok();
    let attempt = crate::backend::LoginAttempt {
        source: b.client_address(&headers, peer.map(|p| p.0)),
        captcha: captcha_id
            .zip(captcha)
            .filter(|(id, answer)| id.len() <= 100 && answer.len() <= 20),
    };
    let session = b.login(&username, &password, ua, attempt).await?;
    // A login always gets a fresh session id; the one the browser held
    // before (if any) is dropped so it cannot be fixated.
    if let Some(old) = previous {
        b.logout(&old).await?;
    }
    let (name, secure) = b.cookie_settings();
    let cookie = crate::backend::session_cookie(name, &session.token, session.max_age_secs, secure);
    let response = expect_context::<leptos_axum::ResponseOptions>();
    response.append_header(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie).map_err(|_| AppError::Internal("cookie".into()))?,
    );
    if let Some(locale) = session.locale {
        response.append_header(
            header::SET_COOKIE,
            HeaderValue::from_str(&locale_cookie(locale))
                .map_err(|_| AppError::Internal("cookie".into()))?,
        );
    }
    // The home route sends each role to its first page.
    leptos_axum::redirect("/");
    // The page in the browser switches too (it follows the redirect
    // without reloading, so it would not read the new cookie).
    Ok(session.locale.map(|l| crate::i18n::tag(l).to_string()))
}

/// The locale cookie as the switch itself writes it (a year, the whole
/// site; readable by the page, which is what reads it).
#[cfg(feature = "ssr")]
fn locale_cookie(locale: crate::i18n::Locale) -> String {
    format!(
        "{}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        crate::i18n::COOKIE,
        crate::i18n::tag(locale)
    )
}

/// The language switch: remembered for the user when logged in (the
/// cookie, set in the browser, covers the device either way).
#[server(endpoint = "set_language")]
pub async fn set_language(locale: String) -> Result<(), AppError> {
    use crate::backend::{actor, backend};
    let locale = crate::i18n::parse_locale(&locale).ok_or(RequestIssue::UnsupportedLanguage)?;
    match actor().await {
        Ok(actor) => backend()?.set_language(&actor, locale).await,
        Err(AppError::Unauthenticated) => Ok(()),
        Err(e) => Err(e),
    }
}

#[server(endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::backend::{backend, session_token};
    use axum::http::{header, HeaderValue};

    let b = backend()?;
    if let Some(token) = session_token().await? {
        b.logout(&token).await?;
    }
    let (name, secure) = b.cookie_settings();
    let cookie = crate::backend::session_cookie(name, "", 0, secure);
    let response = expect_context::<leptos_axum::ResponseOptions>();
    response.append_header(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie).map_err(|_| AppError::Internal("cookie".into()))?,
    );
    leptos_axum::redirect("/login");
    Ok(())
}

/// The current user, or `None` when not logged in.
#[server(endpoint = "get_me")]
pub async fn get_me() -> Result<Option<Me>, AppError> {
    use crate::backend::{actor, backend};
    match actor().await {
        Ok(a) => Ok(Some(backend()?.me(&a).await?)),
        Err(AppError::Unauthenticated) => Ok(None),
        Err(e) => Err(e),
    }
}

#[server(endpoint = "get_profile")]
pub async fn get_profile() -> Result<Profile, AppError> {
    use crate::backend::{actor, backend};
    let actor = actor().await?;
    backend()?.profile(&actor).await
}

/// Saves name, phone and email; a new email (where reset links go) needs
/// the current password.
#[server(endpoint = "save_profile")]
pub async fn save_profile(
    name: String,
    phone: String,
    email: String,
    #[server(default)] password: Option<String>,
) -> Result<(), AppError> {
    use crate::backend::{actor, backend};
    let actor = actor().await?;
    crate::domain::account::check_profile(&name, &phone, &email)
        .map_err(|e| AppError::Invalid(e.into()))?;
    let password = password.unwrap_or_default();
    if password.chars().count() > MAX_PASSWORD {
        return Err(AppError::Refused(AuthIssue::WrongPassword.into()));
    }
    backend()?
        .save_profile(
            &actor,
            name.trim().into(),
            phone.trim().into(),
            email.trim().into(),
            password,
        )
        .await
}

/// Changes the password after checking the current one; every other
/// session of the user ends, this one stays.
#[server(endpoint = "change_password")]
pub async fn change_password(current: String, new: String, repeat: String) -> Result<(), AppError> {
    use crate::backend::{actor, backend, session_token};
    let actor = actor().await?;
    if current.chars().count() > MAX_PASSWORD {
        return Err(AppError::Refused(AuthIssue::WrongPassword.into()));
    }
    crate::domain::account::check_new_password(&current, &new, &repeat)
        .map_err(|e| AppError::Invalid(e.into()))?;
    let token = session_token().await?.ok_or(AppError::Unauthenticated)?;
    backend()?
        .change_password(&actor, &token, &current, &new)
        .await
}

/// Public: a fresh 验证码 for the 忘记密码 form.
#[server(endpoint = "get_captcha")]
pub async fn get_captcha() -> Result<CaptchaImage, AppError> {
    crate::backend::backend()?.new_captcha().await
}

/// Public: asks for a reset link. The answer is the same for every
/// address: how long a link mailed now stays valid (the page says the
/// sentence, `account.reset_sent`).
#[server(endpoint = "request_reset")]
pub async fn request_reset(
    email: String,
    captcha_id: String,
    captcha: String,
) -> Result<super::model::ResetRequested, AppError> {
    if email.len() > 200 || captcha.len() > 20 || captcha_id.len() > 64 {
        return Err(RequestIssue::BadArguments.into());
    }
    crate::backend::backend()?
        .request_reset(email, captcha_id, captcha)
        .await
}

/// Public: sets a new password with a reset link's token.
#[server(endpoint = "reset_password")]
pub async fn reset_password(token: String, new: String, repeat: String) -> Result<(), AppError> {
    if token.len() > 128 {
        return Err(AppError::Refused(AuthIssue::LinkInvalid.into()));
    }
    crate::backend::backend()?
        .reset_password(token, new, repeat)
        .await
}
