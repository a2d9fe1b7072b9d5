//! 忘记密码: an image captcha, then a single-use reset link valid for 30
//! minutes, whose token is stored only as a digest. The answer never says
//! whether the address is registered; requests are rate-limited per address
//! and per account. Every mail with a link is written in its recipient's
//! stored language (`users.locale`; zh-CN when they never chose).

use crate::auth::password::Hasher;
use crate::auth::session::{new_token, token_id};
use crate::db::{self, stmt};
use crate::error::{ServiceError, ServiceResult};
use crate::mail::Mailer;
use app::account::model::ResetRequested;
use app::domain::UserId;
use app::error::AppError;
use app::i18n::say_delivery::Letter;
use app::i18n::Locale;
use app::message::AuthIssue;
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, FromQueryResult};

pub const LINK_MINUTES: i64 = 30;
pub const PER_ADDRESS_PER_HOUR: i64 = 5;
pub const PER_ACCOUNT_PER_HOUR: i64 = 3;
/// The answer to every 申请找回, registered address or not.
pub const SENT: ResetRequested = ResetRequested {
    link_minutes: LINK_MINUTES,
};

fn answer_digest(answer: &str) -> String {
    token_id(&answer.trim().to_lowercase())
}

/// A new captcha: its id, a PNG data URL, and the answer (which only the
/// test-clock mode keeps, for browser tests).
pub async fn new_captcha(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> ServiceResult<(String, String, String)> {
    let (answer, png) = tokio::task::spawn_blocking(|| {
        captcha::Captcha::new()
            .add_chars(4)
            .apply_filter(captcha::filters::Noise::new(0.2))
            .view(160, 60)
            .as_tuple()
    })
    .await
    .map_err(|e| ServiceError::Internal(e.to_string()))?
    .ok_or_else(|| ServiceError::Internal("captcha".into()))?;
    let id = new_token();
    db.execute(stmt(
        db,
        "DELETE FROM captchas WHERE expires_at <= $1",
        vec![now.into()],
    ))
    .await?;
    db.execute(stmt(
        db,
        "INSERT INTO captchas (id, answer_hash, expires_at) VALUES ($1, $2, $3)",
        vec![
            id.clone().into(),
            answer_digest(&answer).into(),
            (now + Duration::minutes(10)).into(),
        ],
    ))
    .await?;
    let data = base64::engine::general_purpose::STANDARD.encode(png);
    Ok((id, format!("data:image/png;base64,{data}"), answer))
}

/// Uses up a captcha: right or wrong, it cannot be tried twice.
pub(crate) async fn take_captcha(
    db: &impl ConnectionTrait,
    id: &str,
    answer: &str,
    now: DateTime<Utc>,
) -> ServiceResult<bool> {
    let stored = db::value::<String>(
        db,
        "SELECT answer_hash FROM captchas WHERE id = $1 AND expires_at > $2",
        vec![id.into(), now.into()],
    )
    .await?;
    db.execute(stmt(
        db,
        "DELETE FROM captchas WHERE id = $1",
        vec![id.into()],
    ))
    .await?;
    Ok(stored.is_some_and(|h| h == answer_digest(answer)))
}

async fn attempts(db: &impl ConnectionTrait, key: &str, now: DateTime<Utc>) -> ServiceResult<i64> {
    Ok(db::value::<i64>(
        db,
        "SELECT COUNT(*) AS n FROM reset_attempts WHERE key = $1 AND at > $2",
        vec![key.into(), (now - Duration::hours(1)).into()],
    )
    .await?
    .unwrap_or(0))
}

async fn record(db: &impl ConnectionTrait, key: &str, now: DateTime<Utc>) -> ServiceResult<()> {
    db.execute(stmt(
        db,
        "INSERT INTO reset_attempts (key, at) VALUES ($1, $2)",
        vec![key.into(), now.into()],
    ))
    .await?;
    Ok(())
}

/// 申请找回. Answers `LINK_MINUTES` (how long a mailed link works, which
/// the page says) whether or not the address is registered.
pub async fn request(
    db: &DatabaseConnection,
    mailer: &Mailer,
    public_url: &str,
    email: &str,
    captcha_id: &str,
    captcha_answer: &str,
    now: DateTime<Utc>,
) -> ServiceResult<ResetRequested> {
    let email = email.trim().to_lowercase();
    if email.is_empty() || email.len() > 200 || !email.contains('@') {
        return Err(AppError::Invalid(AuthIssue::EmailMissing.into()).into());
    }
    if !take_captcha(db, captcha_id, captcha_answer, now).await? {
        return Err(AppError::Invalid(AuthIssue::CaptchaWrong.into()).into());
    }
    let address_key = format!("email:{email}");
    if attempts(db, &address_key, now).await? >= PER_ADDRESS_PER_HOUR {
        return Err(AppError::Refused(AuthIssue::ResetTooFrequent.into()).into());
    }
    record(db, &address_key, now).await?;
    #[derive(FromQueryResult)]
    struct Holder {
        id: UserId,
        username: String,
    }
    let user = db::row::<Holder>(
        db,
        "SELECT id, username FROM users WHERE LOWER(email) = $1 AND disabled = $2 ORDER BY id",
        vec![email.clone().into(), false.into()],
    )
    .await?;
    let Some(Holder { id: uid, username }) = user else {
        return Ok(SENT);
    };
    let account_key = format!("user:{uid}");
    // Over the account's limit: the same answer, and no mail.
    if attempts(db, &account_key, now).await? >= PER_ACCOUNT_PER_HOUR {
        return Ok(SENT);
    }
    record(db, &account_key, now).await?;
    // Sent in the background: the answer's timing must not depend on
    // whether a mail goes out.
    issue_link(
        db,
        mailer,
        public_url,
        Link {
            user_id: uid,
            email: &email,
            username: &username,
            minutes: LINK_MINUTES,
            mail: LinkMail::PasswordReset,
        },
        now,
    )
    .await?
    .send();
    Ok(SENT)
}

/// A link to set a password, and the mail that carries it.
pub struct Link<'a> {
    pub user_id: UserId,
    pub email: &'a str,
    /// The account's login, named in the mail.
    pub username: &'a str,
    /// How long the link works.
    pub minutes: i64,
    pub mail: LinkMail,
}

/// Which mail carries a link: the words around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkMail {
    /// 忘记密码, asked by the holder.
    PasswordReset,
    /// A new account's first password.
    Welcome,
    /// 重置密码 by an administrator.
    AdminReset,
}

/// The language a user reads mail in: their stored choice, else zh-CN.
pub async fn locale_of(db: &impl ConnectionTrait, user: UserId) -> ServiceResult<Locale> {
    Ok(db::value::<Option<Locale>>(
        db,
        "SELECT locale FROM users WHERE id = $1",
        vec![user.into()],
    )
    .await?
    .flatten()
    .unwrap_or(Locale::zh_CN))
}

/// A mail waiting for its transaction: sent only once the link in it is
/// committed, so nobody receives a link that does not work.
#[must_use = "send the mail after the commit"]
pub struct PendingMail {
    mailer: Mailer,
    to: String,
    subject: String,
    body: String,
}

impl PendingMail {
    /// Sends in the background: callers answer without waiting for SMTP.
    pub fn send(self) {
        tokio::spawn(async move {
            if let Err(e) = self.mailer.send(&self.to, &self.subject, &self.body).await {
                tracing::error!(error = %e, "password link mail failed");
            }
        });
    }
}

/// Stores a new single-use link (as a digest) and prepares its mail. The
/// same links serve 忘记密码, an administrator's 重置密码 and a new
/// account's first password.
pub async fn issue_link(
    db: &impl ConnectionTrait,
    mailer: &Mailer,
    public_url: &str,
    link: Link<'_>,
    now: DateTime<Utc>,
) -> ServiceResult<PendingMail> {
    // The newest link is the only one that works.
    revoke_links(db, link.user_id, now).await?;
    let token = new_token();
    db.execute(stmt(
        db,
        "INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
        vec![
            token_id(&token).into(),
            link.user_id.into(),
            now.into(),
            (now + Duration::minutes(link.minutes)).into(),
        ],
    ))
    .await?;
    let url = format!("{}/reset?token={token}", public_url.trim_end_matches('/'));
    let username = link.username.to_string();
    let letter = match link.mail {
        LinkMail::PasswordReset => Letter::PasswordReset {
            username,
            link: url,
            minutes: link.minutes,
        },
        LinkMail::Welcome => Letter::Welcome {
            username,
            link: url,
            hours: link.minutes / 60,
        },
        LinkMail::AdminReset => Letter::AdminReset {
            username,
            link: url,
            hours: link.minutes / 60,
        },
    };
    let locale = locale_of(db, link.user_id).await?;
    Ok(PendingMail {
        mailer: mailer.clone(),
        to: link.email.to_string(),
        subject: letter.subject(locale),
        body: letter.body(locale),
    })
}

/// Ends every link of an account not yet used: a newer link, a password
/// change, a 停用 or 启用, or a reset by another link makes them void.
pub async fn revoke_links(
    db: &impl ConnectionTrait,
    user_id: UserId,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    db.execute(stmt(
        db,
        "UPDATE password_resets SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL",
        vec![now.into(), user_id.into()],
    ))
    .await?;
    Ok(())
}

/// Sets a new password with a reset link's token: once, within its time,
/// for an account that is not disabled. Ends every session of the account
/// and every other link.
pub async fn reset(
    db: &DatabaseConnection,
    hasher: &Hasher,
    token: &str,
    new: &str,
    repeat: &str,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    app::domain::account::check_new_password("", new, repeat)
        .map_err(|e| AppError::Invalid(e.into()))?;
    let invalid = || ServiceError::from(AppError::Refused(AuthIssue::LinkInvalid.into()));
    let id = token_id(token);
    // No password is hashed for a link that does not work: hashing is the
    // costly step, and anyone can send a token. (The transaction below
    // checks the link again, under its lock.)
    let live = db::value::<i32>(
        db,
        "SELECT 1 AS x FROM password_resets WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
        vec![id.clone().into(), now.into()],
    )
    .await?;
    if live.is_none() {
        return Err(invalid());
    }
    let hash = hasher.hash(new).await?.map_err(ServiceError::Internal)?;
    let txn = crate::db::begin_write(db).await?;
    let uid = db::value::<UserId>(
        &txn,
        "SELECT r.user_id FROM password_resets r JOIN users u ON u.id = r.user_id \
         WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > $2 AND u.disabled = $3",
        vec![id.clone().into(), now.into(), false.into()],
    )
    .await?
    .ok_or_else(invalid)?;
    let used = txn
        .execute(stmt(
            &txn,
            "UPDATE password_resets SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL",
            vec![now.into(), id.into()],
        ))
        .await?;
    if used.rows_affected() != 1 {
        return Err(invalid());
    }
    txn.execute(stmt(
        &txn,
        "UPDATE users SET password_hash = $1 WHERE id = $2",
        vec![hash.into(), uid.into()],
    ))
    .await?;
    txn.execute(stmt(
        &txn,
        "DELETE FROM sessions WHERE user_id = $1",
        vec![uid.into()],
    ))
    .await?;
    revoke_links(&txn, uid, now).await?;
    txn.commit().await?;
    Ok(())
}
