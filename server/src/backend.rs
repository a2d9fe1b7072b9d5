//! The application state every feature takes: the database, the clock,
//! the password hasher, the live hub, the data directory, the mailer,
//! running imports and metrics — and the session part of the backend
//! (`app::backend::Session`). Each feature implements its own part of
//! `app::backend::Backend` on this state in its own folder
//! (`account/backend.rs`, `report/backend.rs`, …), so this module depends
//! on no feature and every feature on it.

use crate::auth::password::Hasher;
use crate::auth::session::{self, COOKIE_NAME};
use crate::clock::Clock;
use crate::db;
use crate::error::{ServiceError, ServiceResult};
use crate::live::{Change, Hub};
use app::backend::Actor;
use app::domain::code::RegionCode;
use app::domain::{Level, Period, RegionId, Role, SchoolId, UserId};
use app::error::AppError;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, FromQueryResult};
use std::sync::Arc;

/// Rows committed so far, by job, while an import runs (the progress bar).
pub type RunningImports = Arc<std::sync::Mutex<std::collections::HashMap<String, usize>>>;

/// The application state (one per instance), shared by every request.
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
    pub imports: RunningImports,
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

/// The least time a failed login and a 忘记密码 request take: longer than
/// the work of either branch, so that the time of the answer does not tell
/// an existing account or a registered address from an unknown one
/// (`make bench` prints the figures).
pub const FAILED_LOGIN_FLOOR: std::time::Duration = std::time::Duration::from_millis(250);
pub const RESET_REQUEST_FLOOR: std::time::Duration = std::time::Duration::from_millis(150);

pub(crate) const ACTOR_COLUMNS: &str =
    "u.id AS user_id, u.username, u.name, u.phone, u.role, u.school_id, \
     r.id AS region_id, r.code AS region_code, r.name AS region_name, r.level AS region_level";

/// Users join their region: a school admin's region is its school's
/// managing region, derived rather than stored twice.
pub(crate) const ACTOR_JOINS: &str = "LEFT JOIN schools sc ON sc.id = u.school_id \
     JOIN regions r ON r.id = COALESCE(u.region_id, sc.region_id)";

/// An `Actor` as `ACTOR_COLUMNS` read it.
#[derive(FromQueryResult)]
struct ActorRow {
    user_id: UserId,
    username: String,
    name: String,
    phone: String,
    role: Role,
    school_id: Option<SchoolId>,
    region_id: RegionId,
    region_code: RegionCode,
    region_name: String,
    region_level: Level,
}

impl From<ActorRow> for Actor {
    fn from(r: ActorRow) -> Self {
        Actor {
            user_id: r.user_id,
            username: r.username,
            name: r.name,
            role: r.role,
            region_id: r.region_id,
            region_code: r.region_code,
            region_name: r.region_name,
            region_level: r.region_level,
            school_id: r.school_id,
            phone: r.phone,
        }
    }
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
    pub async fn publish(&self, region: RegionId, period: Period) -> ServiceResult<()> {
        let ancestors = db::column::<RegionId>(
            &self.db,
            "SELECT ancestor_id FROM region_closure WHERE descendant_id = $1",
            vec![region.into()],
        )
        .await?;
        self.live.publish(Change {
            period: Some(period),
            regions: Some(Arc::new(ancestors)),
        });
        Ok(())
    }

    pub(crate) async fn after(
        &self,
        touched: ServiceResult<RegionId>,
        period: Period,
    ) -> Result<(), AppError> {
        let region = touched?;
        // The change is committed; a failed notification only delays views.
        if let Err(e) = self.publish(region, period).await {
            tracing::warn!(error = %e, "live publish failed");
        }
        Ok(())
    }

    pub(crate) async fn find_actor(&self, token: &str) -> ServiceResult<Option<Actor>> {
        let row = db::row::<ActorRow>(
            &self.db,
            &format!(
                "SELECT {ACTOR_COLUMNS} FROM sessions s JOIN users u ON u.id = s.user_id {ACTOR_JOINS} \
                 WHERE s.id = $1 AND s.expires_at > $2 AND u.disabled = $3 \
                 AND COALESCE(s.last_seen_at, s.created_at) > $4"
            ),
            vec![
                session::token_id(token).into(),
                self.clock.now().into(),
                false.into(),
                (Utc::now() - self.session_idle).into(),
            ],
        )
        .await?;
        Ok(row.map(Actor::from))
    }

    /// Whether the session of `token` still stands, without counting as
    /// use (an open live stream is not a person at the desk).
    pub async fn session_stands(&self, token: &str) -> bool {
        matches!(self.find_actor(token).await, Ok(Some(_)))
    }
}

/// Looks up a user by login name, for the CLI and tests.
pub async fn actor_by_username(
    db: &impl ConnectionTrait,
    username: &str,
) -> ServiceResult<Option<Actor>> {
    let row = db::row::<ActorRow>(
        db,
        &format!("SELECT {ACTOR_COLUMNS} FROM users u {ACTOR_JOINS} WHERE u.username = $1"),
        vec![username.into()],
    )
    .await?;
    Ok(row.map(Actor::from))
}

#[async_trait::async_trait]
impl app::backend::Session for ServerBackend {
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
}
