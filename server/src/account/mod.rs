//! A user's own settings: contact details and the password change.

mod backend;

use crate::auth::session::token_id;
use crate::backend::ServerBackend;
use crate::db::{self, stmt};
use crate::error::{ServiceError, ServiceResult};
use app::account::model::Profile;
use app::backend::Actor;
use app::domain::UserId;
use app::error::AppError;
use sea_orm::{ConnectionTrait, FromQueryResult};

pub async fn profile(db: &impl ConnectionTrait, actor: &Actor) -> ServiceResult<Profile> {
    #[derive(FromQueryResult)]
    struct Contact {
        name: String,
        phone: String,
        email: Option<String>,
    }
    let row = db::row::<Contact>(
        db,
        "SELECT name, phone, email FROM users WHERE id = $1",
        vec![actor.user_id.into()],
    )
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(Profile {
        username: actor.username.clone(),
        role: actor.role,
        region_name: actor.region_name.clone(),
        region_level: actor.region_level,
        name: row.name,
        phone: row.phone,
        email: row.email.unwrap_or_default(),
    })
}

/// A user's new contact details, and the current password that a new
/// email needs.
pub struct ContactChange<'a> {
    pub name: &'a str,
    pub phone: &'a str,
    pub email: &'a str,
    pub password: &'a str,
}

/// Saves contact details. The email is where reset links go: changing it
/// needs the current password, or a stolen session could take the account
/// over for good.
pub async fn save_profile(
    b: &ServerBackend,
    actor: &Actor,
    c: ContactChange<'_>,
) -> ServiceResult<()> {
    let db = &b.db;
    app::domain::account::check_profile(c.name, c.phone, c.email)
        .map_err(|e| AppError::Invalid(e.into()))?;
    let uid = actor.user_id;
    #[derive(FromQueryResult)]
    struct Stored {
        email: Option<String>,
        password_hash: String,
    }
    let was = db::row::<Stored>(
        db,
        "SELECT email, password_hash FROM users WHERE id = $1",
        vec![uid.into()],
    )
    .await?
    .ok_or(AppError::NotFound)?;
    let email = Some(c.email.trim().to_lowercase()).filter(|e| !e.is_empty());
    if email != was.email.map(|e| e.to_lowercase()) {
        if c.password.is_empty() {
            return Err(
                AppError::Refused(app::message::AuthIssue::EmailNeedsPassword.into()).into(),
            );
        }
        b.check_current_password(actor, c.password, was.password_hash)
            .await?;
        let txn = crate::db::begin_write(db).await?;
        update_contact(&txn, uid, &c, email).await?;
        // A link mailed to the old address must not outlive the change.
        crate::reset::revoke_links(&txn, uid, b.clock.now()).await?;
        txn.commit().await?;
        return Ok(());
    }
    update_contact(db, uid, &c, email).await
}

async fn update_contact(
    db: &impl ConnectionTrait,
    uid: UserId,
    c: &ContactChange<'_>,
    email: Option<String>,
) -> ServiceResult<()> {
    db.execute(stmt(
        db,
        "UPDATE users SET name = $1, phone = $2, email = $3 WHERE id = $4",
        vec![
            c.name.trim().into(),
            c.phone.trim().into(),
            email.into(),
            uid.into(),
        ],
    ))
    .await?;
    Ok(())
}

pub async fn change_password(
    b: &ServerBackend,
    actor: &Actor,
    keep_token: &str,
    current: &str,
    new: &str,
) -> ServiceResult<()> {
    app::domain::account::check_new_password(current, new, new)
        .map_err(|e| AppError::Invalid(e.into()))?;
    let (db, hasher) = (&b.db, &b.hasher);
    let uid = actor.user_id;
    let stored = db::value::<String>(
        db,
        "SELECT password_hash FROM users WHERE id = $1",
        vec![uid.into()],
    )
    .await?
    .ok_or(AppError::NotFound)?;
    b.check_current_password(actor, current, stored.clone())
        .await?;
    let hash = hasher.hash(new).await?.map_err(ServiceError::Internal)?;
    let txn = crate::db::begin_write(db).await?;
    // Conditional on the hash just verified: a concurrent change wins once.
    let r = txn
        .execute(stmt(
            &txn,
            "UPDATE users SET password_hash = $1 WHERE id = $2 AND password_hash = $3",
            vec![hash.into(), uid.into(), stored.into()],
        ))
        .await?;
    if r.rows_affected() != 1 {
        return Err(AppError::Conflict.into());
    }
    txn.execute(stmt(
        &txn,
        "DELETE FROM sessions WHERE user_id = $1 AND id <> $2",
        vec![uid.into(), token_id(keep_token).into()],
    ))
    .await?;
    // A reset link mailed earlier would undo this change: void.
    crate::reset::revoke_links(&txn, uid, chrono::Utc::now()).await?;
    txn.commit().await?;
    Ok(())
}
