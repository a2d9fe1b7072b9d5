//! The implementation of `app::backend::Backend`: what the server fns call.

use crate::auth::password::Hasher;
use crate::auth::session::{self, COOKIE_NAME, LIFETIME_SECS};
use crate::clock::Clock;
use crate::db::stmt;
use crate::error::{ServiceError, ServiceResult};
use crate::live::{Change, Hub};
use crate::throttle;
use crate::{admin, notice, questionnaire, report, school, workflow};
use app::account::model::{Me, Profile};
use app::admin::model::{ImportProgress, Listing, RegionTree, SchoolEntry, UserEntry};
use app::backend::LoginAttempt;
use app::backend::{Actor, Backend, NewSession};
use app::domain::account::LoginGate;
use app::domain::admin::{SchoolInput, UserInput};
use app::domain::questionnaire::Questionnaire;
use app::domain::Figures;
use app::domain::{cst_date, Level, Period, Role};
use app::error::AppError;
use app::notice::model::{NewNotice, NoticeDetail, NoticeSummary};
use app::questionnaire::model::QuestionnaireView;
use app::report::model::{AuditRow, ReportTable, SchoolRow};
use app::request_key::RequestKey;
use app::school::model::{SaveOutcome, SchoolMonth};
use app::shell::model::SupportContacts;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, QueryResult};
use std::sync::Arc;

pub struct ServerBackend {
    pub db: DatabaseConnection,
    pub clock: Arc<dyn Clock>,
    pub hasher: Hasher,
    pub secure_cookies: bool,
    pub live: Hub,
    /// Uploads live under `<data dir>/uploads`.
    pub data_dir: std::path::PathBuf,
    pub mailer: crate::mail::Mailer,
    /// The address users reach the site at, for links in mail.
    pub public_url: String,
    /// Captcha answers by id, kept only in the test-clock mode so browser
    /// tests can solve them.
    pub test_captchas: Option<Arc<std::sync::Mutex<std::collections::HashMap<String, String>>>>,
    /// Imports running on this instance, for their progress bars.
    pub imports: crate::import::Running,
    /// What `GET /metrics` reports.
    pub metrics: crate::metrics::Metrics,
    /// When set, `GET /metrics` answers only a request bearing this token.
    pub metrics_token: Option<String>,
    /// Behind a reverse proxy: take the client's address from the
    /// `X-Forwarded-For` the proxy appends to.
    pub trust_forwarded: bool,
    /// A session unused this long ends (`session::IDLE_SECS`).
    pub session_idle: chrono::Duration,
}

/// One answer for every failed login, so it never tells whether the
/// account exists.
pub const LOGIN_FAILED: &str = "用户名或密码错误";
pub const ACCOUNT_DISABLED: &str = "该账号已停用，请联系上级管理员";
pub const TOO_MANY_LOGINS: &str =
    "登录失败次数过多，请 15 分钟后再试；如忘记密码，请点击“忘记密码”";

/// The least time a failed login and a 忘记密码 request take: longer than
/// the work of either branch, so that the time of the answer does not tell
/// an existing account or a registered address from an unknown one
/// (`make bench` prints the figures).
pub const FAILED_LOGIN_FLOOR: std::time::Duration = std::time::Duration::from_millis(250);
pub const RESET_REQUEST_FLOOR: std::time::Duration = std::time::Duration::from_millis(150);

async fn answer_no_sooner(started: tokio::time::Instant, floor: std::time::Duration) {
    tokio::time::sleep_until(started + floor).await;
}

const ACTOR_COLUMNS: &str = "u.id, u.username, u.name, u.phone, u.role, u.school_id, u.disabled, \
     r.id AS region_id, r.code AS region_code, r.name AS region_name, r.level AS region_level";

/// Users join their region: a school admin's region is its school's
/// managing region, derived rather than stored twice.
const ACTOR_JOINS: &str = "LEFT JOIN schools sc ON sc.id = u.school_id \
     JOIN regions r ON r.id = COALESCE(u.region_id, sc.region_id)";

fn actor_from_row(row: &QueryResult) -> ServiceResult<Actor> {
    let role: i16 = row.try_get("", "role")?;
    let level: i16 = row.try_get("", "region_level")?;
    Ok(Actor {
        user_id: row.try_get::<i32>("", "id")? as i64,
        username: row.try_get("", "username")?,
        name: row.try_get("", "name")?,
        role: Role::from_code(role)
            .ok_or_else(|| ServiceError::Internal(format!("bad role {role}")))?,
        region_id: row.try_get("", "region_id")?,
        region_code: row.try_get("", "region_code")?,
        region_name: row.try_get("", "region_name")?,
        region_level: Level::from_code(level)
            .ok_or_else(|| ServiceError::Internal(format!("bad level {level}")))?,
        school_id: row.try_get("", "school_id")?,
        phone: row.try_get("", "phone")?,
    })
}

impl ServerBackend {
    pub fn new(db: DatabaseConnection, clock: Arc<dyn Clock>, secure_cookies: bool) -> Self {
        Self {
            db,
            clock,
            hasher: Hasher::default(),
            secure_cookies,
            live: Hub::default(),
            data_dir: std::path::PathBuf::from("data"),
            mailer: crate::mail::Mailer::Outbox {
                dir: std::path::PathBuf::from("data").join("outbox"),
                from: "noreply@jyxx.example".into(),
            },
            public_url: "http://127.0.0.1:3000".into(),
            test_captchas: None,
            imports: Default::default(),
            metrics: Default::default(),
            metrics_token: None,
            trust_forwarded: false,
            session_idle: chrono::Duration::seconds(session::IDLE_SECS),
        }
    }

    /// Puts uploads, and the mail outbox, under `dir`.
    pub fn with_data_dir(mut self, dir: std::path::PathBuf) -> Self {
        if let crate::mail::Mailer::Outbox { dir: outbox, .. } = &mut self.mailer {
            *outbox = dir.join("outbox");
        }
        self.data_dir = dir;
        self
    }

    pub fn with_mail(mut self, mailer: crate::mail::Mailer, public_url: String) -> Self {
        self.mailer = mailer;
        self.public_url = public_url;
        self
    }

    pub fn with_test_captchas(mut self) -> Self {
        self.test_captchas = Some(Default::default());
        self
    }

    /// Tells every open view that shows `region` (it and its ancestors).
    pub async fn publish(&self, region: i32, period: Period) -> ServiceResult<()> {
        let db = &self.db;
        let ancestors = db
            .query_all(stmt(
                db,
                "SELECT ancestor_id FROM region_closure WHERE descendant_id = ?",
                vec![region.into()],
            ))
            .await?
            .iter()
            .map(|r| r.try_get::<i32>("", "ancestor_id"))
            .collect::<Result<Vec<_>, _>>()?;
        self.live.publish(Change {
            period: Some(period),
            regions: Some(Arc::new(ancestors)),
        });
        Ok(())
    }

    async fn after(&self, touched: ServiceResult<i32>, period: Period) -> Result<(), AppError> {
        let region = touched?;
        // The change is committed; a failed notification only delays views.
        if let Err(e) = self.publish(region, period).await {
            tracing::warn!(error = %e, "live publish failed");
        }
        Ok(())
    }

    /// Runs the deadlines that are due and tells every open view; sends
    /// the 截止前提醒 that are due.
    pub async fn run_deadlines(&self) -> ServiceResult<usize> {
        let started = std::time::Instant::now();
        let closed = workflow::run_due_deadlines(&self.db, self.clock.now()).await;
        self.metrics
            .deadline_seconds
            .observe(started.elapsed().as_secs_f64());
        let closed = closed?;
        self.metrics.deadline_closes.inc_by(closed.len() as u64);
        for (level, period) in &closed {
            tracing::info!(level = level.label(), %period, "deadline closed");
            self.live.publish(Change {
                period: Some(*period),
                regions: None,
            });
        }
        // Reminders go with the same tick; a failure must not stop the
        // deadlines, which already ran.
        match crate::reminders::run(&self.db, self.clock.now()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(reminders = n, "deadline reminders sent"),
            Err(e) => tracing::warn!(error = %e, "deadline reminders failed"),
        }
        Ok(closed.len())
    }

    async fn try_login(
        &self,
        username: &str,
        password: &str,
        ua: Option<String>,
        attempt: &LoginAttempt,
    ) -> ServiceResult<NewSession> {
        let db = &self.db;
        let now = self.clock.now();
        let source = attempt.source.as_deref().unwrap_or("unknown");
        // Guessing is slowed before any password is hashed.
        match throttle::gate(db, username, source, now).await? {
            LoginGate::Closed => {
                return Err(AppError::TooManyAttempts(TOO_MANY_LOGINS.into()).into());
            }
            LoginGate::Captcha => {
                let why = match &attempt.captcha {
                    Some((id, answer))
                        if crate::reset::take_captcha(db, id, answer, now).await? =>
                    {
                        None
                    }
                    Some(_) => Some("验证码不正确，请重新输入"),
                    None => Some("请输入验证码"),
                };
                if let Some(why) = why {
                    // An attempt that skips the captcha counts as a failure:
                    // a source that keeps trying without one is closed too.
                    throttle::failed(db, username, source, now).await?;
                    return Err(AppError::CaptchaRequired(why.into()).into());
                }
            }
            LoginGate::Open => {}
        }
        let row = db
            .query_one(stmt(
                db,
                "SELECT id, password_hash, disabled FROM users WHERE username = ?",
                vec![username.into()],
            ))
            .await?;
        let stored = match &row {
            Some(r) => Some(r.try_get::<String>("", "password_hash")?),
            None => None,
        };
        // Verify even when the user does not exist (against a dummy hash):
        // the answer and its timing must not tell the two cases apart.
        let ok = self.hasher.verify(password, stored).await;
        let Some(row) = row.filter(|_| ok) else {
            let failures = throttle::failed(db, username, source, now).await?;
            if failures == app::domain::account::CAPTCHA_AFTER_ACCOUNT {
                self.tell_holder_of_failures(username).await?;
            }
            return Err(match throttle::gate(db, username, source, now).await? {
                LoginGate::Open => AppError::Refused(LOGIN_FAILED.into()),
                _ => AppError::CaptchaRequired(LOGIN_FAILED.into()),
            }
            .into());
        };
        throttle::succeeded(db, username).await?;
        if row.try_get::<bool>("", "disabled")? {
            return Err(AppError::Refused(ACCOUNT_DISABLED.into()).into());
        }
        let user_id: i32 = row.try_get("", "id")?;
        let token = session::create(db, user_id, self.clock.now(), ua).await?;
        Ok(NewSession {
            token,
            max_age_secs: LIFETIME_SECS,
        })
    }

    /// Mails the holder of `username` (if the account exists and has an
    /// address) that its password was guessed wrong several times. In the
    /// background: the answer must not take longer for a real account.
    async fn tell_holder_of_failures(&self, username: &str) -> ServiceResult<()> {
        let db = &self.db;
        let email: Option<String> = db
            .query_one(stmt(
                db,
                "SELECT email FROM users WHERE username = ?",
                vec![username.into()],
            ))
            .await?
            .map(|r| r.try_get::<Option<String>>("", "email"))
            .transpose()?
            .flatten();
        let Some(email) = email.filter(|e| !e.is_empty()) else {
            return Ok(());
        };
        let when = crate::report::format_cst(self.clock.now());
        let body = format!(
            "您好，\n\n您在教育信息化工作进展信息系统的账号 {username} 于 {when}（北京时间）前后连续多次登录失败，此后登录需要输入验证码。\n\n如果不是您本人操作，说明有人在尝试您的密码：请尽快登录并在“个人设置”中修改密码；如忘记密码，可在登录页点击“忘记密码”。\n\n教育信息化工作进展信息系统"
        );
        let mailer = self.mailer.clone();
        tokio::spawn(async move {
            if let Err(e) = mailer
                .send(
                    &email,
                    "【教育信息化工作进展信息系统】账号多次登录失败提醒",
                    &body,
                )
                .await
            {
                tracing::warn!(error = %e, "login failure notice not sent");
            }
        });
        Ok(())
    }

    async fn find_actor(&self, token: &str) -> ServiceResult<Option<Actor>> {
        let db = &self.db;
        let row = db
            .query_one(stmt(
                db,
                &format!(
                    "SELECT {ACTOR_COLUMNS} FROM sessions s JOIN users u ON u.id = s.user_id {ACTOR_JOINS} \
                     WHERE s.id = ? AND s.expires_at > ? AND u.disabled = ? \
                     AND COALESCE(s.last_seen_at, s.created_at) > ?"
                ),
                vec![
                    session::token_id(token).into(),
                    self.clock.now().into(),
                    false.into(),
                    (Utc::now() - self.session_idle).into(),
                ],
            ))
            .await?;
        row.as_ref().map(actor_from_row).transpose()
    }

    /// Whether the session of `token` still stands, without counting as
    /// use (an open live stream is not a person at the desk).
    pub async fn session_stands(&self, token: &str) -> bool {
        matches!(self.find_actor(token).await, Ok(Some(_)))
    }

    async fn load_me(&self, actor: &Actor) -> ServiceResult<Me> {
        let school_name = match actor.school_id {
            Some(id) => {
                let db = &self.db;
                db.query_one(stmt(
                    db,
                    "SELECT name FROM schools WHERE id = ?",
                    vec![id.into()],
                ))
                .await?
                .map(|r| r.try_get::<String>("", "name"))
                .transpose()?
            }
            None => None,
        };
        Ok(Me {
            username: actor.username.clone(),
            name: actor.name.clone(),
            role: actor.role,
            region_code: actor.region_code.clone(),
            region_name: actor.region_name.clone(),
            region_level: actor.region_level,
            school_name,
            today: cst_date(self.clock.now()),
        })
    }

    async fn load_contacts(&self) -> ServiceResult<SupportContacts> {
        let db = &self.db;
        let mut c = SupportContacts {
            phone: String::new(),
            qq: String::new(),
        };
        for row in db
            .query_all(stmt(
                db,
                "SELECT key, value FROM settings WHERE key IN ('support_phone', 'support_qq')",
                vec![],
            ))
            .await?
        {
            let key: String = row.try_get("", "key")?;
            let value: String = row.try_get("", "value")?;
            if key == "support_phone" {
                c.phone = value;
            } else {
                c.qq = value;
            }
        }
        Ok(c)
    }
}

/// Looks up a user by login name, for the CLI and tests.
pub async fn actor_by_username(
    db: &impl ConnectionTrait,
    username: &str,
) -> ServiceResult<Option<Actor>> {
    let row = db
        .query_one(stmt(
            db,
            &format!("SELECT {ACTOR_COLUMNS} FROM users u {ACTOR_JOINS} WHERE u.username = ?"),
            vec![username.into()],
        ))
        .await?;
    row.as_ref().map(actor_from_row).transpose()
}

#[async_trait::async_trait]
impl Backend for ServerBackend {
    fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    fn cookie_settings(&self) -> (&'static str, bool) {
        (COOKIE_NAME, self.secure_cookies)
    }
    fn client_address(
        &self,
        headers: &axum::http::HeaderMap,
        peer: Option<std::net::SocketAddr>,
    ) -> Option<String> {
        let forwarded = self
            .trust_forwarded
            .then(|| headers.get("x-forwarded-for"))
            .flatten()
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(|a| a.trim().chars().take(64).collect::<String>())
            .filter(|a| !a.is_empty());
        forwarded.or_else(|| peer.map(|p| p.ip().to_string()))
    }

    async fn actor_for_session(&self, token: &str) -> Result<Option<Actor>, AppError> {
        let actor = self.find_actor(token).await?;
        if actor.is_some() {
            session::touch(&self.db, token)
                .await
                .map_err(ServiceError::from)?;
        }
        Ok(actor)
    }

    async fn login(
        &self,
        username: &str,
        password: &str,
        ua: Option<String>,
        attempt: LoginAttempt,
    ) -> Result<NewSession, AppError> {
        let started = tokio::time::Instant::now();
        let r = self.try_login(username, password, ua, &attempt).await;
        if r.is_err() {
            answer_no_sooner(started, FAILED_LOGIN_FLOOR).await;
        }
        Ok(r?)
    }

    async fn logout(&self, token: &str) -> Result<(), AppError> {
        session::delete(&self.db, token)
            .await
            .map_err(ServiceError::from)?;
        Ok(())
    }

    async fn me(&self, actor: &Actor) -> Result<Me, AppError> {
        Ok(self.load_me(actor).await?)
    }

    async fn support_contacts(&self) -> Result<SupportContacts, AppError> {
        Ok(self.load_contacts().await?)
    }

    async fn report_table(
        &self,
        actor: &Actor,
        region_code: Option<String>,
        period: Period,
    ) -> Result<ReportTable, AppError> {
        Ok(report::report_table(
            &self.db,
            actor,
            region_code.as_deref(),
            period,
            self.clock.now(),
        )
        .await?)
    }

    async fn direct_schools(
        &self,
        actor: &Actor,
        region_code: String,
        period: Period,
    ) -> Result<Vec<SchoolRow>, AppError> {
        Ok(report::direct_schools(&self.db, actor, &region_code, period).await?)
    }

    async fn submit_report(&self, actor: &Actor, period: Period) -> Result<(), AppError> {
        let r = workflow::submit(&self.db, actor, period, self.clock.now()).await;
        self.after(r, period).await
    }

    async fn return_region(
        &self,
        actor: &Actor,
        period: Period,
        child: String,
        reason: String,
    ) -> Result<(), AppError> {
        let r = workflow::return_region(&self.db, actor, period, &child, &reason, self.clock.now())
            .await;
        self.after(r, period).await
    }

    async fn cancel_region(
        &self,
        actor: &Actor,
        period: Period,
        child: String,
    ) -> Result<(), AppError> {
        let r = workflow::cancel_region(&self.db, actor, period, &child, self.clock.now()).await;
        self.after(r, period).await
    }

    async fn return_school(
        &self,
        actor: &Actor,
        period: Period,
        school: String,
        reason: String,
    ) -> Result<(), AppError> {
        let r = workflow::school_action(
            &self.db,
            actor,
            period,
            &school,
            Some(&reason),
            self.clock.now(),
        )
        .await;
        self.after(r, period).await
    }

    async fn cancel_school(
        &self,
        actor: &Actor,
        period: Period,
        school: String,
    ) -> Result<(), AppError> {
        let r =
            workflow::school_action(&self.db, actor, period, &school, None, self.clock.now()).await;
        self.after(r, period).await
    }

    async fn audit(
        &self,
        actor: &Actor,
        region_code: Option<String>,
        period: Period,
    ) -> Result<Vec<AuditRow>, AppError> {
        Ok(report::audit(&self.db, actor, region_code.as_deref(), period).await?)
    }

    async fn school_month(&self, actor: &Actor, period: Period) -> Result<SchoolMonth, AppError> {
        Ok(school::school_month(&self.db, actor, period, self.clock.now()).await?)
    }

    async fn confirm_month(&self, actor: &Actor, period: Period) -> Result<(), AppError> {
        let r = workflow::confirm_month(&self.db, actor, period, self.clock.now()).await;
        self.after(r, period).await
    }

    async fn save_school_month(
        &self,
        actor: &Actor,
        period: Period,
        figures: Figures,
        base_version: i32,
        confirm_jumps: bool,
    ) -> Result<SaveOutcome, AppError> {
        let (outcome, touched) = school::save_month(
            &self.db,
            actor,
            period,
            figures,
            base_version,
            confirm_jumps,
            self.clock.now(),
        )
        .await?;
        if let Some(region) = touched {
            self.after(Ok(region), period).await?;
        }
        Ok(outcome)
    }

    async fn questionnaire(
        &self,
        actor: &Actor,
        region_code: Option<String>,
    ) -> Result<QuestionnaireView, AppError> {
        Ok(questionnaire::view(&self.db, actor, region_code.as_deref()).await?)
    }

    async fn save_questionnaire(
        &self,
        actor: &Actor,
        answers: Questionnaire,
        base_version: i32,
    ) -> Result<app::questionnaire::model::SaveOutcome, AppError> {
        Ok(questionnaire::save(&self.db, actor, answers, base_version, self.clock.now()).await?)
    }

    async fn school_view(
        &self,
        actor: &Actor,
        code: String,
        period: Period,
    ) -> Result<SchoolMonth, AppError> {
        Ok(school::school_view(&self.db, actor, &code, period, self.clock.now()).await?)
    }

    async fn notices(&self, actor: &Actor) -> Result<Vec<NoticeSummary>, AppError> {
        Ok(notice::list(&self.db, actor).await?)
    }

    async fn unread_notices(&self, actor: &Actor) -> Result<i64, AppError> {
        Ok(notice::unread_count(&self.db, actor).await?)
    }

    async fn notice(&self, actor: &Actor, id: i32) -> Result<NoticeDetail, AppError> {
        Ok(notice::detail(&self.db, actor, id, self.clock.now()).await?)
    }

    async fn create_notice(&self, actor: &Actor, new: NewNotice) -> Result<i32, AppError> {
        Ok(notice::create(&self.db, actor, new, self.clock.now()).await?)
    }

    async fn pin_notice(&self, actor: &Actor, id: i32, pinned: bool) -> Result<(), AppError> {
        Ok(notice::set_pinned(&self.db, actor, id, pinned, self.clock.now()).await?)
    }

    async fn profile(&self, actor: &Actor) -> Result<Profile, AppError> {
        Ok(crate::account::profile(&self.db, actor).await?)
    }

    async fn save_profile(
        &self,
        actor: &Actor,
        name: String,
        phone: String,
        email: String,
        password: String,
    ) -> Result<(), AppError> {
        Ok(crate::account::save_profile(
            &self.db,
            &self.hasher,
            actor,
            crate::account::ContactChange {
                name: &name,
                phone: &phone,
                email: &email,
                password: &password,
            },
        )
        .await?)
    }

    async fn change_password(
        &self,
        actor: &Actor,
        keep_token: &str,
        current: &str,
        new: &str,
    ) -> Result<(), AppError> {
        Ok(
            crate::account::change_password(
                &self.db,
                &self.hasher,
                actor,
                keep_token,
                current,
                new,
            )
            .await?,
        )
    }

    async fn new_captcha(&self) -> Result<app::account::model::CaptchaImage, AppError> {
        let (id, image, answer) = crate::reset::new_captcha(&self.db, self.clock.now()).await?;
        if let Some(map) = &self.test_captchas {
            map.lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(id.clone(), answer);
        }
        Ok(app::account::model::CaptchaImage { id, image })
    }

    async fn request_reset(
        &self,
        email: String,
        captcha_id: String,
        captcha: String,
    ) -> Result<String, AppError> {
        let started = tokio::time::Instant::now();
        let r = crate::reset::request(
            &self.db,
            &self.mailer,
            &self.public_url,
            &email,
            &captcha_id,
            &captcha,
            self.clock.now(),
        )
        .await;
        answer_no_sooner(started, RESET_REQUEST_FLOOR).await;
        Ok(r?.to_string())
    }

    async fn reset_password(
        &self,
        token: String,
        new: String,
        repeat: String,
    ) -> Result<(), AppError> {
        Ok(crate::reset::reset(
            &self.db,
            &self.hasher,
            &token,
            &new,
            &repeat,
            self.clock.now(),
        )
        .await?)
    }

    async fn system_settings(
        &self,
        actor: &Actor,
    ) -> Result<app::admin::model::SystemSettings, AppError> {
        Ok(crate::settings::system(&self.db, actor).await?)
    }

    async fn save_system_settings(
        &self,
        actor: &Actor,
        settings: app::admin::model::SystemSettings,
    ) -> Result<(), AppError> {
        Ok(crate::settings::save_system(&self.db, actor, &settings).await?)
    }

    async fn trend(
        &self,
        actor: &Actor,
        region_code: Option<String>,
        year: i32,
    ) -> Result<Vec<app::report::model::TrendPoint>, AppError> {
        Ok(report::trend(
            &self.db,
            actor,
            region_code.as_deref(),
            year,
            self.clock.now(),
        )
        .await?)
    }

    async fn region_tree(
        &self,
        actor: &Actor,
        code: Option<String>,
    ) -> Result<RegionTree, AppError> {
        Ok(admin::region_tree(&self.db, actor, code.as_deref()).await?)
    }

    async fn rename_region(
        &self,
        actor: &Actor,
        code: String,
        name: String,
    ) -> Result<(), AppError> {
        let touched = admin::rename_region(&self.db, actor, &code, &name, self.clock.now()).await;
        self.after(touched, Period::of(cst_date(self.clock.now())))
            .await
    }

    async fn admin_schools(
        &self,
        actor: &Actor,
        region: Option<String>,
        q: String,
        page: u32,
    ) -> Result<Listing<SchoolEntry>, AppError> {
        Ok(admin::schools(&self.db, actor, region.as_deref(), &q, Some(page)).await?)
    }

    async fn save_school(
        &self,
        actor: &Actor,
        original: Option<String>,
        school: SchoolInput,
        key: Option<RequestKey>,
    ) -> Result<Option<Period>, AppError> {
        let now = self.clock.now();
        let (touched, from) = admin::save_school(
            &self.db,
            actor,
            original.as_deref(),
            school,
            key.as_ref(),
            now,
        )
        .await?;
        for region in touched {
            self.after(Ok(region), Period::of(cst_date(now))).await?;
        }
        Ok(from)
    }

    async fn set_school_closed(
        &self,
        actor: &Actor,
        code: String,
        closed: bool,
    ) -> Result<Option<Period>, AppError> {
        let now = self.clock.now();
        let (region, from) = admin::set_school_closed(&self.db, actor, &code, closed, now).await?;
        self.after(Ok(region), Period::of(cst_date(now))).await?;
        Ok(from)
    }

    async fn admin_users(
        &self,
        actor: &Actor,
        region: Option<String>,
        q: String,
        page: u32,
    ) -> Result<Listing<UserEntry>, AppError> {
        Ok(admin::users(&self.db, actor, region.as_deref(), &q, Some(page)).await?)
    }

    async fn create_user(
        &self,
        actor: &Actor,
        user: UserInput,
        key: Option<RequestKey>,
    ) -> Result<(), AppError> {
        Ok(admin::create_user(
            &self.db,
            &self.mailer,
            &self.public_url,
            actor,
            user,
            key.as_ref(),
            self.clock.now(),
        )
        .await?)
    }

    async fn set_user_disabled(
        &self,
        actor: &Actor,
        username: String,
        disabled: bool,
    ) -> Result<(), AppError> {
        Ok(
            admin::set_user_disabled(&self.db, actor, &username, disabled, self.clock.now())
                .await?,
        )
    }

    async fn save_user_contact(
        &self,
        actor: &Actor,
        username: String,
        contact: app::admin::model::Contact,
    ) -> Result<(), AppError> {
        Ok(
            admin::save_user_contact(&self.db, actor, &username, &contact, self.clock.now())
                .await?,
        )
    }

    async fn send_user_reset(&self, actor: &Actor, username: String) -> Result<String, AppError> {
        Ok(admin::send_reset(
            &self.db,
            &self.mailer,
            &self.public_url,
            actor,
            &username,
            self.clock.now(),
        )
        .await?)
    }

    async fn commit_import(&self, actor: &Actor, id: String) -> Result<(), AppError> {
        Ok(crate::import::commit(self, actor.clone(), id).await?)
    }

    async fn import_progress(&self, actor: &Actor, id: String) -> Result<ImportProgress, AppError> {
        Ok(crate::import::progress(self, actor, &id).await?)
    }
}
