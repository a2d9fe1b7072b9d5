//! Sessions live in the database so any server instance can serve any
//! request. The cookie holds a random token; the table holds its SHA-256.

use crate::db::stmt;
use app::domain::UserId;
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use sea_orm::{ConnectionTrait, DbErr};
use sha2::{Digest, Sha256};

pub const COOKIE_NAME: &str = "jyxx_sid";
/// A working week: long enough not to interrupt a reporting window.
pub const LIFETIME_SECS: i64 = 7 * 24 * 3600;
/// A session left without a request this long ends (shared office
/// computers). Measured on the wall clock, not the product's clock (which
/// demos and tests move through the calendar).
pub const IDLE_SECS: i64 = 2 * 3600;

pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

pub fn token_id(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The session token in a request's cookies, for the routes outside the
/// server fns (uploads, downloads, live events).
pub fn from_headers(headers: &axum::http::HeaderMap) -> Option<String> {
    app::backend::cookie_value(headers, COOKIE_NAME)
}

pub async fn create(
    db: &impl ConnectionTrait,
    user_id: UserId,
    now: DateTime<Utc>,
    user_agent: Option<String>,
) -> Result<String, DbErr> {
    let token = new_token();
    db.execute(stmt(
        db,
        "INSERT INTO sessions (id, user_id, created_at, expires_at, user_agent, last_seen_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
        vec![
            token_id(&token).into(),
            user_id.into(),
            now.into(),
            (now + Duration::seconds(LIFETIME_SECS)).into(),
            user_agent.into(),
            Utc::now().into(),
        ],
    ))
    .await?;
    Ok(token)
}

/// Marks a session as used now (at most once a minute: one write per
/// active user and minute, not per request).
pub async fn touch(db: &impl ConnectionTrait, token: &str) -> Result<(), DbErr> {
    let now = Utc::now();
    db.execute(stmt(
        db,
        "UPDATE sessions SET last_seen_at = $1 WHERE id = $2 AND (last_seen_at IS NULL OR last_seen_at < $3)",
        vec![
            now.into(),
            token_id(token).into(),
            (now - Duration::seconds(60)).into(),
        ],
    ))
    .await?;
    Ok(())
}

pub async fn delete(db: &impl ConnectionTrait, token: &str) -> Result<(), DbErr> {
    db.execute(stmt(
        db,
        "DELETE FROM sessions WHERE id = $1",
        vec![token_id(token).into()],
    ))
    .await?;
    Ok(())
}

pub async fn delete_expired(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<u64, DbErr> {
    let r = db
        .execute(stmt(
            db,
            "DELETE FROM sessions WHERE expires_at <= $1",
            vec![now.into()],
        ))
        .await?;
    Ok(r.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_stored_only_as_a_digest() {
        let a = new_token();
        let b = new_token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_ne!(token_id(&a), a);
        assert_eq!(token_id(&a), token_id(&a));
    }
}
