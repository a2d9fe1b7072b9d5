//! Keeping a create's first answer under its request key (see
//! `app::request_key`), inside the create's own transaction: the key and
//! the record commit together or not at all, and a second request with the
//! same key (PostgreSQL: waiting on the first's unique-key insert) finds
//! the first answer instead of creating again.

use crate::db::{self, stmt};
use crate::error::ServiceResult;
use app::backend::Actor;
use app::error::AppError;
use app::request_key::RequestKey;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, FromQueryResult};

/// The stored key: per account, so one account's keys say nothing about
/// another's.
fn stored(actor: &Actor, key: &RequestKey) -> String {
    format!("{}:{}", actor.user_id, key.as_str())
}

/// What a request asked for, as stored beside its key: the action and a
/// digest of the payload, so a key sent again with other content is told
/// apart from a repeat.
fn what(action: &str, payload: &impl serde::Serialize) -> String {
    use sha2::{Digest, Sha256};
    let bytes = serde_json::to_vec(payload).unwrap_or_default();
    format!("{action}:{}", &hex::encode(Sha256::digest(bytes))[..16])
}

/// Claims `key` for `action` with `payload`. `None`: the first request,
/// which goes on and calls `record` with its answer before committing.
/// `Some(answer)`: a repeat (same key, same content), which answers that
/// and writes nothing. The same key with other content is refused.
pub async fn claim(
    c: &impl ConnectionTrait,
    actor: &Actor,
    action: &str,
    key: Option<&RequestKey>,
    payload: &impl serde::Serialize,
    now: DateTime<Utc>,
) -> ServiceResult<Option<String>> {
    let Some(key) = key else {
        return Ok(None);
    };
    let action = what(action, payload);
    let action = action.as_str();
    let k = stored(actor, key);
    let r = c
        .execute(stmt(
            c,
            "INSERT INTO request_keys (key, user_id, action, result, created_at) VALUES ($1, $2, $3, '', $4) \
             ON CONFLICT (key) DO NOTHING",
            vec![
                k.clone().into(),
                actor.user_id.into(),
                action.into(),
                now.into(),
            ],
        ))
        .await?;
    if r.rows_affected() == 1 {
        return Ok(None);
    }
    #[derive(FromQueryResult)]
    struct First {
        action: String,
        result: String,
    }
    let first = db::row::<First>(
        c,
        "SELECT action, result FROM request_keys WHERE key = $1",
        vec![k.into()],
    )
    .await?
    .ok_or(AppError::Conflict)?;
    if first.action != action {
        return Err(AppError::from(app::message::RequestIssue::RequestKeyReused).into());
    }
    Ok(Some(first.result))
}

/// Stores the first request's answer under its key.
pub async fn record(
    c: &impl ConnectionTrait,
    actor: &Actor,
    key: Option<&RequestKey>,
    answer: &str,
) -> ServiceResult<()> {
    if let Some(key) = key {
        c.execute(stmt(
            c,
            "UPDATE request_keys SET result = $1 WHERE key = $2",
            vec![answer.into(), stored(actor, key).into()],
        ))
        .await?;
    }
    Ok(())
}
