//! 用户管理: accounts listed, created (with a link to set the password),
//! disabled and enabled, their contact changed and their reset link sent;
//! never an account at or above the actor's own region.

use crate::admin::listing::check_search;
use crate::admin::listing::listing;
use crate::admin::listing::Listed;
use crate::admin::log;
use crate::db::{self, stmt};
use crate::error::{ServiceError, ServiceResult};
use crate::mail::Mailer;
use crate::request_key;
use crate::reset::{issue_link, Link, LinkMail};
use crate::scope::managed_user;
use crate::scope::scoped_school;
use crate::scope::{admin_region, region_code, region_code_or_own, school_code};
use app::admin::model::{Listing, UserEntry};
use app::backend::Actor;
use app::domain::admin::{self, AccountPlacement, UserInput};
use app::domain::code::{RegionCode, SchoolCode};
use app::domain::UserId;
use app::domain::{Level, Role};
use app::domain::{RegionId, SchoolId};
use app::error::AppError;
use app::i18n::{role_name, Locale};
use app::message::ManageIssue;
use app::request_key::RequestKey;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, FromQueryResult};

/// How long the link mailed to a new account works: the person may not read
/// mail the same hour.
pub const WELCOME_LINK_MINUTES: i64 = 72 * 60;

/// How long the link of an administrator's 重置密码 works.
pub const ADMIN_RESET_LINK_MINUTES: i64 = 24 * 60;

#[derive(FromQueryResult)]
struct UserRow {
    username: String,
    name: String,
    role: Role,
    phone: String,
    email: Option<String>,
    disabled: bool,
    region_code: RegionCode,
    region_name: String,
    region_level: Level,
    school_code: Option<SchoolCode>,
    school_name: Option<String>,
}

impl Listed for UserRow {
    const COLUMNS: &'static str = "u.username, u.name, u.role, u.phone, u.email, u.disabled, \
         r.code AS region_code, r.name AS region_name, r.level AS region_level, \
         sc.code AS school_code, sc.name AS school_name";
    const FILTER: &'static str = "FROM users u LEFT JOIN schools sc ON sc.id = u.school_id \
         JOIN regions r ON r.id = COALESCE(u.region_id, sc.region_id) \
         JOIN region_closure c ON c.descendant_id = r.id \
         WHERE c.ancestor_id = $1 AND ($2 = '' OR u.username LIKE $3 ESCAPE '\\' OR u.name LIKE $4 ESCAPE '\\')";
    const ORDER: &'static str = "r.code, u.username";
}

impl From<UserRow> for UserEntry {
    fn from(r: UserRow) -> Self {
        UserEntry {
            username: r.username,
            name: r.name,
            role: r.role,
            region_code: r.region_code.into(),
            region_name: r.region_name,
            region_level: r.region_level,
            school_code: r.school_code.map(Into::into),
            school_name: r.school_name,
            phone: r.phone,
            email: r.email.unwrap_or_default(),
            disabled: r.disabled,
        }
    }
}

/// 用户管理: the accounts of `region` and below (school admins by their
/// school's managing region), a page at a time; `None` lists all.
pub async fn users(
    db: &impl ConnectionTrait,
    actor: &Actor,
    region: Option<&str>,
    q: &str,
    page: Option<u32>,
) -> ServiceResult<Listing<UserEntry>> {
    check_search(q)?;
    let target = admin_region(db, actor, region_code_or_own(region)?.as_ref()).await?;
    listing::<UserRow, _>(db, target.id, q, page).await
}

/// Where a new account belongs: (region id, school id), both in the
/// actor's subtree, with the role allowed there.
pub(crate) async fn placement(
    db: &impl ConnectionTrait,
    actor: &Actor,
    u: &UserInput,
) -> ServiceResult<(Option<RegionId>, Option<SchoolId>)> {
    if !admin::may_manage_role(actor.role, u.role) {
        return Err(AppError::Refused(ManageIssue::RoleNotAllowed(u.role).into()).into());
    }
    if u.role == Role::SchoolAdmin {
        return match scoped_school(db, actor, &school_code(&u.school_code)?).await {
            Ok((id, _)) => Ok((None, Some(id))),
            Err(ServiceError::App(AppError::NotFound)) => Err(AppError::Invalid(
                ManageIssue::SchoolOutOfScope {
                    code: u.school_code.clone(),
                }
                .into(),
            )
            .into()),
            Err(e) => Err(e),
        };
    }
    let region = match admin_region(db, actor, Some(&region_code(&u.region_code)?)).await {
        Ok(r) => r,
        Err(ServiceError::App(AppError::NotFound)) => {
            return Err(AppError::Invalid(
                ManageIssue::RegionOutOfScope {
                    code: u.region_code.clone(),
                }
                .into(),
            )
            .into())
        }
        Err(e) => return Err(e),
    };
    admin::role_fits_level(u.role, region.region.level).map_err(|e| AppError::Invalid(e.into()))?;
    let placed = if region.id == actor.region_id {
        AccountPlacement::OwnRegion
    } else {
        AccountPlacement::Below
    };
    if !admin::may_manage_placement(actor.role, placed) {
        return Err(AppError::Refused(ManageIssue::OwnLevelAccount.into()).into());
    }
    Ok((Some(region.id), None))
}

/// Inserts a checked account without a usable password; returns its id.
pub(crate) async fn insert_user(
    db: &impl ConnectionTrait,
    u: &UserInput,
    region: Option<RegionId>,
    school: Option<SchoolId>,
    now: DateTime<Utc>,
) -> ServiceResult<UserId> {
    // "!" is no argon2 hash: nothing verifies against it until the person
    // sets a password through the mailed link.
    let r = db
        .execute(stmt(
            db,
            "INSERT INTO users (username, password_hash, role, region_id, school_id, name, phone, email, disabled, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (username) DO NOTHING",
            vec![
                u.username.clone().into(),
                "!".into(),
                u.role.into(),
                region.into(),
                school.into(),
                u.name.clone().into(),
                u.phone.clone().into(),
                Some(u.email.to_lowercase()).into(),
                false.into(),
                now.into(),
            ],
        ))
        .await?;
    if r.rows_affected() != 1 {
        return Err(AppError::Invalid(
            ManageIssue::UsernameTaken {
                username: u.username.clone(),
            }
            .into(),
        )
        .into());
    }
    Ok(db::value::<UserId>(
        db,
        "SELECT id FROM users WHERE username = $1",
        vec![u.username.clone().into()],
    )
    .await?
    .ok_or(AppError::NotFound)?)
}

/// 新增用户: the account is created without a password and a link to set
/// one is mailed to it. The administrator never chooses it.
pub async fn create_user(
    db: &DatabaseConnection,
    mailer: &Mailer,
    public_url: &str,
    actor: &Actor,
    mut input: UserInput,
    key: Option<&RequestKey>,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    if !admin::administers(actor.role) {
        return Err(AppError::NotFound.into());
    }
    admin::check_user(&mut input).map_err(|e| AppError::Invalid(e.into()))?;
    let txn = crate::db::begin_write(db).await?;
    if request_key::claim(&txn, actor, "create_user", key, &input, now)
        .await?
        .is_some()
    {
        return Ok(());
    }
    request_key::record(&txn, actor, key, &input.username).await?;
    let (region, school) = placement(&txn, actor, &input).await?;
    let id = insert_user(&txn, &input, region, school, now).await?;
    log(
        &txn,
        actor,
        "create_user",
        &input.username,
        role_name(input.role, None, Locale::zh_CN).to_string(),
        now,
    )
    .await?;
    let mail = issue_link(
        &txn,
        mailer,
        public_url,
        Link {
            user_id: id,
            email: &input.email.to_lowercase(),
            username: &input.username,
            minutes: WELCOME_LINK_MINUTES,
            mail: LinkMail::Welcome,
        },
        now,
    )
    .await?;
    txn.commit().await?;
    mail.send();
    Ok(())
}

/// 停用 / 启用 an account. Stopping it ends its sessions at once.
pub async fn set_user_disabled(
    db: &DatabaseConnection,
    actor: &Actor,
    username: &str,
    disabled: bool,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let txn = crate::db::begin_write(db).await?;
    let t = managed_user(&txn, actor, username).await?;
    if t.id == actor.user_id {
        return Err(AppError::Refused(ManageIssue::OwnAccount.into()).into());
    }
    let r = txn
        .execute(stmt(
            &txn,
            "UPDATE users SET disabled = $1 WHERE id = $2 AND disabled = $3",
            vec![disabled.into(), t.id.into(), (!disabled).into()],
        ))
        .await?;
    if disabled {
        txn.execute(stmt(
            &txn,
            "DELETE FROM sessions WHERE user_id = $1",
            vec![t.id.into()],
        ))
        .await?;
    }
    // A link mailed before a 停用 or 启用 no longer opens the account.
    crate::reset::revoke_links(&txn, t.id, now).await?;
    if r.rows_affected() == 1 {
        log(
            &txn,
            actor,
            if disabled {
                "disable_user"
            } else {
                "enable_user"
            },
            username,
            role_name(t.role, None, Locale::zh_CN).to_string(),
            now,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// 编辑 an account's contact details (姓名, 联系电话, 电子邮件), e.g. to
/// give it the address a reset link can go to.
pub async fn save_user_contact(
    db: &DatabaseConnection,
    actor: &Actor,
    username: &str,
    contact: &app::admin::model::Contact,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    app::domain::account::check_profile(&contact.name, &contact.phone, &contact.email)
        .map_err(|e| AppError::Invalid(e.into()))?;
    let txn = crate::db::begin_write(db).await?;
    let t = managed_user(&txn, actor, username).await?;
    let email = Some(contact.email.trim().to_lowercase()).filter(|e| !e.is_empty());
    txn.execute(stmt(
        &txn,
        "UPDATE users SET name = $1, phone = $2, email = $3 WHERE id = $4",
        vec![
            contact.name.trim().into(),
            contact.phone.trim().into(),
            email.clone().into(),
            t.id.into(),
        ],
    ))
    .await?;
    if email != t.email.as_ref().map(|e| e.to_lowercase()) {
        // A link mailed to the old address must not outlive the change.
        crate::reset::revoke_links(&txn, t.id, now).await?;
    }
    log(
        &txn,
        actor,
        "edit_user",
        username.trim(),
        String::new(),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// 重置密码: mails the account a link to set a new password. The password
/// stays as it is until the link is used.
pub async fn send_reset(
    db: &DatabaseConnection,
    mailer: &Mailer,
    public_url: &str,
    actor: &Actor,
    username: &str,
    now: DateTime<Utc>,
) -> ServiceResult<String> {
    let txn = crate::db::begin_write(db).await?;
    let t = managed_user(&txn, actor, username).await?;
    if t.disabled {
        return Err(AppError::Refused(ManageIssue::AccountDisabled.into()).into());
    }
    let Some(email) = t.email.filter(|e| !e.is_empty()) else {
        return Err(AppError::Refused(ManageIssue::NoEmail.into()).into());
    };
    let mail = issue_link(
        &txn,
        mailer,
        public_url,
        Link {
            user_id: t.id,
            email: &email,
            username: username.trim(),
            minutes: ADMIN_RESET_LINK_MINUTES,
            mail: LinkMail::AdminReset,
        },
        now,
    )
    .await?;
    log(
        &txn,
        actor,
        "reset_user",
        username.trim(),
        String::new(),
        now,
    )
    .await?;
    txn.commit().await?;
    mail.send();
    Ok(masked(&email))
}

/// "w***@hn.edu.cn": enough for the administrator to tell the user where
/// to look, without showing the whole address.
pub fn masked(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".into(),
    }
}

pub(crate) async fn username_taken(
    db: &impl ConnectionTrait,
    username: &str,
) -> ServiceResult<bool> {
    Ok(db::value::<i32>(
        db,
        "SELECT 1 AS x FROM users WHERE username = $1",
        vec![username.into()],
    )
    .await?
    .is_some())
}
