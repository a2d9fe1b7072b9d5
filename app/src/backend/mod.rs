//! The interface between the thin server fns and the server crate, which
//! implements it (persistence, auth, clock) and provides it as context.
//! Server-only: nothing here is compiled into the browser bundle.

use crate::domain::Period;
use crate::error::AppError;
use chrono::{DateTime, Utc};
use std::sync::Arc;

pub mod actor;

pub use actor::{Actor, LoginAttempt, NewSession};

/// What every request needs: the clock, the cookie, the client's address
/// and the session's actor.
#[async_trait::async_trait]
pub trait Session: Send + Sync + 'static {
    /// The server's clock, the authority for every rule that depends on time.
    fn now(&self) -> DateTime<Utc>;
    /// The name of the session cookie and whether it must be `Secure`.
    fn cookie_settings(&self) -> (&'static str, bool);
    /// The client's address: the connection's peer, or behind a trusted
    /// reverse proxy the address it saw (`X-Forwarded-For`'s last entry).
    fn client_address(
        &self,
        headers: &axum::http::HeaderMap,
        peer: Option<std::net::SocketAddr>,
    ) -> Option<String>;
    async fn actor_for_session(&self, token: &str) -> Result<Option<Actor>, AppError>;
}

/// The whole backend: every feature's part (each declared beside its
/// server fns) and the session. The server implements each part.
pub trait Backend:
    Session
    + crate::account::backend::AccountApi
    + crate::shell::backend::ShellApi
    + crate::report::backend::ReportApi
    + crate::school::backend::SchoolApi
    + crate::questionnaire::backend::QuestionnaireApi
    + crate::notice::backend::NoticeApi
    + crate::admin::backend::AdminApi
{
}

impl<T> Backend for T where
    T: Session
        + crate::account::backend::AccountApi
        + crate::shell::backend::ShellApi
        + crate::report::backend::ReportApi
        + crate::school::backend::SchoolApi
        + crate::questionnaire::backend::QuestionnaireApi
        + crate::notice::backend::NoticeApi
        + crate::admin::backend::AdminApi
{
}

/// Every part of the backend, for code that calls them on a concrete
/// backend (the server's tests).
pub mod prelude {
    pub use super::{Backend, Session};
    pub use crate::account::backend::AccountApi;
    pub use crate::admin::backend::AdminApi;
    pub use crate::notice::backend::NoticeApi;
    pub use crate::questionnaire::backend::QuestionnaireApi;
    pub use crate::report::backend::ReportApi;
    pub use crate::school::backend::SchoolApi;
    pub use crate::shell::backend::ShellApi;
}

pub type SharedBackend = Arc<dyn Backend>;

/// The backend the server provided for this request.
pub fn backend() -> Result<SharedBackend, AppError> {
    leptos::prelude::use_context::<SharedBackend>()
        .ok_or_else(|| AppError::Internal("no-backend".into()))
}

/// The session token from the request's cookie, if any.
pub async fn session_token() -> Result<Option<String>, AppError> {
    let b = backend()?;
    let (name, _) = b.cookie_settings();
    let headers: axum::http::HeaderMap = leptos_axum::extract()
        .await
        .map_err(|e| AppError::Transport(e.to_string()))?;
    Ok(cookie_value(&headers, name))
}

/// The value of cookie `name` in a request's headers (parsed by the
/// `cookie` crate, as browsers write them).
pub fn cookie_value(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| cookie::Cookie::split_parse(v.to_string()).filter_map(Result::ok))
        .find(|c| c.name() == name)
        .map(|c| c.value().to_string())
}

/// The `Set-Cookie` value of the session cookie: `HttpOnly`, `SameSite=Lax`,
/// `Secure` behind TLS; `max_age_secs` 0 removes it.
pub fn session_cookie(name: &str, value: &str, max_age_secs: i64, secure: bool) -> String {
    cookie::Cookie::build((name.to_string(), value.to_string()))
        .path("/")
        .http_only(true)
        .same_site(cookie::SameSite::Lax)
        .secure(secure)
        .max_age(cookie::time::Duration::seconds(max_age_secs))
        .build()
        .to_string()
}

/// Today (China time) on the server's clock, and `year`/`month` checked
/// as a period that has begun.
pub fn viewable_period(year: i32, month: u32) -> Result<Period, AppError> {
    let today = crate::domain::cst_date(backend()?.now());
    Ok(Period::viewable(year, month, today)?)
}

/// `year`/`month` when both are given (checked as above), else the current
/// month on the server's clock.
pub fn period_or_current(year: Option<i32>, month: Option<u32>) -> Result<Period, AppError> {
    match (year, month) {
        (Some(y), Some(m)) => viewable_period(y, m),
        _ => Ok(Period::of(crate::domain::cst_date(backend()?.now()))),
    }
}

/// The actor of this request, or `Unauthenticated`.
pub async fn actor() -> Result<Actor, AppError> {
    let token = session_token().await?.ok_or(AppError::Unauthenticated)?;
    backend()?
        .actor_for_session(&token)
        .await?
        .ok_or(AppError::Unauthenticated)
}
