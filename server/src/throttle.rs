//! Slowing password guessing down: failed logins are counted per account
//! name and per source address in the database (`login_failures`), so the
//! count holds across instances; `app::domain::account::login_gate`
//! decides from the counts. Names that exist and names that do not are
//! counted alike, so the gate tells nothing about which exist.

use crate::db::stmt;
use crate::error::ServiceResult;
use app::domain::account::{login_gate, LoginGate, LOGIN_WINDOW_MINUTES};
use chrono::{DateTime, Duration, Utc};
use sea_orm::ConnectionTrait;

fn since(now: DateTime<Utc>) -> DateTime<Utc> {
    now - Duration::minutes(LOGIN_WINDOW_MINUTES)
}

async fn count(
    db: &impl ConnectionTrait,
    column: &str,
    key: &str,
    now: DateTime<Utc>,
) -> ServiceResult<i64> {
    Ok(db
        .query_one(stmt(
            db,
            &format!("SELECT COUNT(*) AS n FROM login_failures WHERE {column} = ? AND at > ?"),
            vec![key.into(), since(now).into()],
        ))
        .await?
        .map(|r| r.try_get::<i64>("", "n"))
        .transpose()?
        .unwrap_or(0))
}

/// What an attempt for `username` from `source` must clear now.
pub async fn gate(
    db: &impl ConnectionTrait,
    username: &str,
    source: &str,
    now: DateTime<Utc>,
) -> ServiceResult<LoginGate> {
    Ok(login_gate(
        count(db, "username", username, now).await?,
        count(db, "source", source, now).await?,
    ))
}

/// Records a failed attempt; the account name's recent failures, this one
/// included.
pub async fn failed(
    db: &impl ConnectionTrait,
    username: &str,
    source: &str,
    now: DateTime<Utc>,
) -> ServiceResult<i64> {
    db.execute(stmt(
        db,
        "INSERT INTO login_failures (username, source, at) VALUES (?, ?, ?)",
        vec![username.into(), source.into(), now.into()],
    ))
    .await?;
    count(db, "username", username, now).await
}

/// A successful login forgets the account name's failures.
pub async fn succeeded(db: &impl ConnectionTrait, username: &str) -> ServiceResult<()> {
    db.execute(stmt(
        db,
        "DELETE FROM login_failures WHERE username = ?",
        vec![username.into()],
    ))
    .await?;
    Ok(())
}

/// Drops failures older than a day (the sweeper calls this hourly).
pub async fn sweep(db: &impl ConnectionTrait, now: DateTime<Utc>) -> ServiceResult<u64> {
    Ok(db
        .execute(stmt(
            db,
            "DELETE FROM login_failures WHERE at < ?",
            vec![(now - Duration::days(1)).into()],
        ))
        .await?
        .rows_affected())
}
