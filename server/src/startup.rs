//! Preparing the database at start-up, safe with many instances: on
//! PostgreSQL the migrations and the demo seed run under an advisory lock,
//! so instances started together take turns — the first migrates (and
//! seeds an empty database), the others find it done. SQLite serves one
//! instance; its seed is one transaction.

use crate::auth::password::Hasher;
use crate::error::{ServiceError, ServiceResult};
use crate::seed::{self, SeedReport};
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend};
use sqlx::Connection;

/// The advisory lock's key: any constant the product owns ("jyxx").
const LOCK_KEY: i64 = 0x6a79_7878;

/// Held while an instance prepares the database; released when dropped
/// (its own connection closes, and PostgreSQL frees the lock with it).
pub struct StartupLock(Option<sqlx::PgConnection>);

impl StartupLock {
    /// Waits until no other instance prepares the database at `url`.
    pub async fn acquire(db: &DatabaseConnection, url: &str) -> ServiceResult<Self> {
        if db.get_database_backend() != DbBackend::Postgres {
            return Ok(Self(None));
        }
        let internal = |e: sqlx::Error| ServiceError::Internal(format!("startup lock: {e}"));
        let mut conn = sqlx::PgConnection::connect(url).await.map_err(internal)?;
        sqlx::query("SELECT pg_advisory_lock($1)")
            .bind(LOCK_KEY)
            .execute(&mut conn)
            .await
            .map_err(internal)?;
        Ok(Self(Some(conn)))
    }

    /// Releases the lock now.
    pub async fn release(mut self) {
        if let Some(conn) = self.0.take() {
            let _ = conn.close().await;
        }
    }
}

/// What to seed into an empty database, if anything.
pub struct Demo<'a> {
    pub hasher: &'a Hasher,
    pub now: DateTime<Utc>,
    pub scale: f64,
}

/// Migrates `db` (at `url`) and, given `demo`, seeds it if it is empty —
/// one instance at a time. Returns the seed's report when this call seeded.
pub async fn prepare(
    db: &DatabaseConnection,
    url: &str,
    demo: Option<Demo<'_>>,
) -> ServiceResult<Option<SeedReport>> {
    let lock = StartupLock::acquire(db, url).await?;
    let result = async {
        crate::db::migrate(db).await?;
        match demo {
            Some(d) if seed::is_empty(db).await? => {
                Ok(Some(seed::seed_demo(db, d.hasher, d.now, d.scale).await?))
            }
            _ => Ok(None),
        }
    }
    .await;
    lock.release().await;
    result
}
