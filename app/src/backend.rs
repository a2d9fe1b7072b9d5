//! The interface between the thin server fns and the server crate, which
//! implements it (persistence, auth, clock) and provides it as context.
//! Server-only: nothing here is compiled into the browser bundle.

use crate::account::model::{Me, Profile};
use crate::admin::model::{ImportProgress, Listing, RegionTree, SchoolEntry, UserEntry};
use crate::domain::admin::{SchoolInput, UserInput};
use crate::domain::questionnaire::Questionnaire;
use crate::domain::Figures;
use crate::domain::{Level, Period, Role};
use crate::error::AppError;
use crate::notice::model::{NewNotice, NoticeDetail, NoticeSummary};
use crate::questionnaire::model::QuestionnaireView;
use crate::report::model::{AuditRow, ReportTable, SchoolRow};
use crate::request_key::RequestKey;
use crate::school::model::{SaveOutcome, SchoolMonth};
use crate::shell::model::SupportContacts;
use chrono::{DateTime, Utc};
use std::sync::Arc;

/// Who is asking, as resolved from the session cookie.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: i64,
    pub username: String,
    pub name: String,
    pub role: Role,
    /// The region the user belongs to (for school admins: the school's
    /// managing region).
    pub region_id: i32,
    pub region_code: String,
    pub region_name: String,
    pub region_level: Level,
    pub school_id: Option<i32>,
    pub phone: String,
}

/// Where a login comes from and what it brings besides the password: the
/// client's address (for throttling) and a captcha answer (id, text).
#[derive(Debug, Clone, Default)]
pub struct LoginAttempt {
    pub source: Option<String>,
    pub captcha: Option<(String, String)>,
}

/// What a successful login hands back to set the cookie.
pub struct NewSession {
    pub token: String,
    pub max_age_secs: i64,
}

impl std::fmt::Debug for NewSession {
    /// Never prints the token: a session's token is its holder's password.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewSession")
            .field("max_age_secs", &self.max_age_secs)
            .finish_non_exhaustive()
    }
}

#[async_trait::async_trait]
pub trait Backend: Send + Sync + 'static {
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
    /// Logs in, unless the attempt is throttled (`TooManyAttempts`) or
    /// needs the captcha first (`CaptchaRequired`).
    async fn login(
        &self,
        username: &str,
        password: &str,
        user_agent: Option<String>,
        attempt: LoginAttempt,
    ) -> Result<NewSession, AppError>;
    async fn logout(&self, token: &str) -> Result<(), AppError>;

    async fn me(&self, actor: &Actor) -> Result<Me, AppError>;
    async fn support_contacts(&self) -> Result<SupportContacts, AppError>;

    /// The status table of `region_code` (the actor's own region when
    /// `None`); `NotFound` when the region is outside the actor's subtree.
    async fn report_table(
        &self,
        actor: &Actor,
        region_code: Option<String>,
        period: Period,
    ) -> Result<ReportTable, AppError>;

    /// The schools directly managed by `region_code`, with their data for
    /// `period`; same scope rule as `report_table`.
    async fn direct_schools(
        &self,
        actor: &Actor,
        region_code: String,
        period: Period,
    ) -> Result<Vec<SchoolRow>, AppError>;

    /// 审核上报 / 重新上报 of the actor's own region.
    async fn submit_report(&self, actor: &Actor, period: Period) -> Result<(), AppError>;
    /// 重报 of a direct child region, with a reason.
    async fn return_region(
        &self,
        actor: &Actor,
        period: Period,
        child: String,
        reason: String,
    ) -> Result<(), AppError>;
    /// 取消 a return of a direct child region.
    async fn cancel_region(
        &self,
        actor: &Actor,
        period: Period,
        child: String,
    ) -> Result<(), AppError>;
    /// 重报 of a direct school, with a reason.
    async fn return_school(
        &self,
        actor: &Actor,
        period: Period,
        school: String,
        reason: String,
    ) -> Result<(), AppError>;
    /// 取消 a return of a direct school.
    async fn cancel_school(
        &self,
        actor: &Actor,
        period: Period,
        school: String,
    ) -> Result<(), AppError>;
    /// The audit log of a region (in scope) and month, newest first.
    async fn audit(
        &self,
        actor: &Actor,
        region_code: Option<String>,
        period: Period,
    ) -> Result<Vec<AuditRow>, AppError>;

    /// 年度趋势: the 合计 of a region in scope for each month of `year` that
    /// has data, up to the current month.
    async fn trend(
        &self,
        actor: &Actor,
        region_code: Option<String>,
        year: i32,
    ) -> Result<Vec<crate::report::model::TrendPoint>, AppError>;

    /// The school admin's own school and month.
    async fn school_month(&self, actor: &Actor, period: Period) -> Result<SchoolMonth, AppError>;
    /// A school in the actor's subtree, read-only (reviewers).
    async fn school_view(
        &self,
        actor: &Actor,
        code: String,
        period: Period,
    ) -> Result<SchoolMonth, AppError>;
    /// 月更新确认 by the school admin.
    async fn confirm_month(&self, actor: &Actor, period: Period) -> Result<(), AppError>;
    /// Saves the school admin's figures (versioned; validated again here).
    async fn save_school_month(
        &self,
        actor: &Actor,
        period: Period,
        figures: Figures,
        base_version: i32,
        confirm_jumps: bool,
    ) -> Result<SaveOutcome, AppError>;

    /// The questionnaire of a region in scope (default: the actor's own).
    async fn questionnaire(
        &self,
        actor: &Actor,
        region_code: Option<String>,
    ) -> Result<QuestionnaireView, AppError>;
    /// Saves the actor's own region's questionnaire (versioned).
    async fn save_questionnaire(
        &self,
        actor: &Actor,
        answers: Questionnaire,
        base_version: i32,
    ) -> Result<crate::questionnaire::model::SaveOutcome, AppError>;

    /// Notices the actor may read, 置顶 first, then newest.
    async fn notices(&self, actor: &Actor) -> Result<Vec<NoticeSummary>, AppError>;
    async fn unread_notices(&self, actor: &Actor) -> Result<i64, AppError>;
    /// One notice the actor may read (else NotFound); marks it read.
    async fn notice(&self, actor: &Actor, id: i32) -> Result<NoticeDetail, AppError>;
    async fn create_notice(&self, actor: &Actor, notice: NewNotice) -> Result<i32, AppError>;
    async fn pin_notice(&self, actor: &Actor, id: i32, pinned: bool) -> Result<(), AppError>;

    async fn profile(&self, actor: &Actor) -> Result<Profile, AppError>;
    /// Saves contact details; changing the email (the reset channel) needs
    /// `password`, the current one.
    async fn save_profile(
        &self,
        actor: &Actor,
        name: String,
        phone: String,
        email: String,
        password: String,
    ) -> Result<(), AppError>;
    /// Verifies `current`, stores `new`, and ends the user's sessions other
    /// than `keep_token`'s.
    async fn change_password(
        &self,
        actor: &Actor,
        keep_token: &str,
        current: &str,
        new: &str,
    ) -> Result<(), AppError>;

    /// 忘记密码 (no login): a captcha, the link request, the reset.
    async fn new_captcha(&self) -> Result<crate::account::model::CaptchaImage, AppError>;
    async fn request_reset(
        &self,
        email: String,
        captcha_id: String,
        captcha: String,
    ) -> Result<String, AppError>;
    async fn reset_password(
        &self,
        token: String,
        new: String,
        repeat: String,
    ) -> Result<(), AppError>;

    /// 系统设置, for the national admin.
    async fn system_settings(
        &self,
        actor: &Actor,
    ) -> Result<crate::admin::model::SystemSettings, AppError>;
    async fn save_system_settings(
        &self,
        actor: &Actor,
        settings: crate::admin::model::SystemSettings,
    ) -> Result<(), AppError>;

    /// 管理: the national admin everywhere, reviewers inside their subtree;
    /// anything outside it is `NotFound`.
    async fn region_tree(
        &self,
        actor: &Actor,
        code: Option<String>,
    ) -> Result<RegionTree, AppError>;
    async fn rename_region(
        &self,
        actor: &Actor,
        code: String,
        name: String,
    ) -> Result<(), AppError>;
    async fn admin_schools(
        &self,
        actor: &Actor,
        region: Option<String>,
        q: String,
        page: u32,
    ) -> Result<Listing<SchoolEntry>, AppError>;
    /// Creates (`original` = None) or edits a school; a new managing
    /// region moves it. A create repeated under the same `key` answers the
    /// first one's result. `Some(month)`: the change takes effect from that
    /// month, not the current one (the current one was reported).
    async fn save_school(
        &self,
        actor: &Actor,
        original: Option<String>,
        school: SchoolInput,
        key: Option<RequestKey>,
    ) -> Result<Option<Period>, AppError>;
    /// 关闭 / 恢复; `Some(month)` as for `save_school`.
    async fn set_school_closed(
        &self,
        actor: &Actor,
        code: String,
        closed: bool,
    ) -> Result<Option<Period>, AppError>;
    async fn admin_users(
        &self,
        actor: &Actor,
        region: Option<String>,
        q: String,
        page: u32,
    ) -> Result<Listing<UserEntry>, AppError>;
    /// Creates an account without a password and mails it a link to set
    /// one; repeated under the same `key`, answers the first one's result.
    async fn create_user(
        &self,
        actor: &Actor,
        user: UserInput,
        key: Option<RequestKey>,
    ) -> Result<(), AppError>;
    async fn set_user_disabled(
        &self,
        actor: &Actor,
        username: String,
        disabled: bool,
    ) -> Result<(), AppError>;
    async fn save_user_contact(
        &self,
        actor: &Actor,
        username: String,
        contact: crate::admin::model::Contact,
    ) -> Result<(), AppError>;
    /// Mails the account a reset link; answers the (masked) address.
    async fn send_user_reset(&self, actor: &Actor, username: String) -> Result<String, AppError>;
    /// 确认导入 of a previewed file (uploaded through `/api/import/…`).
    async fn commit_import(&self, actor: &Actor, id: String) -> Result<(), AppError>;
    async fn import_progress(&self, actor: &Actor, id: String) -> Result<ImportProgress, AppError>;
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
