//! 管理: regions, schools and accounts, for the national admin everywhere
//! and for reviewers inside their subtree. Every read and write finds its
//! target through `region_closure` from the actor's own region, so anything
//! outside the subtree does not exist for it (未找到). Every change writes a
//! row to `admin_log`.

use crate::db::stmt;
use crate::error::{ServiceError, ServiceResult};
use crate::mail::Mailer;
use crate::placement::{self, SchoolChange};
use crate::report::{scoped_region, Scoped};
use crate::request_key;
use crate::reset::{issue_link, Link};
use app::admin::model::{Listing, RegionNode, RegionTree, SchoolEntry, UserEntry, PAGE_SIZE};
use app::backend::Actor;
use app::domain::admin::{self, AccountPlacement, SchoolInput, UserInput};
use app::domain::school::SchoolType;
use app::domain::{cst_date, Level, Period, Role};
use app::error::AppError;
use app::report::model::RegionRef;
use app::request_key::RequestKey;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, QueryResult, Value};

/// How long the link mailed to a new account works: the person may not read
/// mail the same hour.
pub const WELCOME_LINK_MINUTES: i64 = 72 * 60;
/// How long the link of an administrator's 重置密码 works.
pub const ADMIN_RESET_LINK_MINUTES: i64 = 24 * 60;

/// The region `code` (default: the actor's own) if the actor administers
/// and the region is in its subtree.
pub(crate) async fn admin_region(
    db: &impl ConnectionTrait,
    actor: &Actor,
    code: Option<&str>,
) -> ServiceResult<Scoped> {
    if !admin::administers(actor.role) {
        return Err(AppError::NotFound.into());
    }
    scoped_region(db, actor, code).await
}

fn level_of(row: &QueryResult, col: &str) -> ServiceResult<Level> {
    let l: i16 = row.try_get("", col)?;
    Level::from_code(l).ok_or_else(|| ServiceError::Internal(format!("bad level {l}")))
}

pub(crate) async fn log(
    db: &impl ConnectionTrait,
    actor: &Actor,
    action: &str,
    target: &str,
    detail: String,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    db.execute(stmt(
        db,
        "INSERT INTO admin_log (at, actor_user_id, actor_name, actor_region_id, action, target, detail) \
         VALUES (?, ?, ?, ?, ?, ?, ?)",
        vec![
            now.into(),
            (actor.user_id as i32).into(),
            actor.name.clone().into(),
            actor.region_id.into(),
            action.into(),
            target.into(),
            detail.into(),
        ],
    ))
    .await?;
    Ok(())
}

const NODE_COLUMNS: &str = "r.code, r.name, r.level, \
     (SELECT COUNT(*) FROM regions k WHERE k.parent_id = r.id) AS children, \
     (SELECT COUNT(*) FROM schools s WHERE s.region_id = r.id AND s.closed = ?) AS schools";

fn node(row: &QueryResult) -> ServiceResult<RegionNode> {
    Ok(RegionNode {
        code: row.try_get("", "code")?,
        name: row.try_get("", "name")?,
        level: level_of(row, "level")?,
        children: row.try_get("", "children")?,
        schools: row.try_get("", "schools")?,
    })
}

/// 地区管理: a region of the actor's subtree with its sub-regions, and the
/// way down to it from the actor's own region.
pub async fn region_tree(
    db: &impl ConnectionTrait,
    actor: &Actor,
    code: Option<&str>,
) -> ServiceResult<RegionTree> {
    let target = admin_region(db, actor, code).await?;
    let trail = db
        .query_all(stmt(
            db,
            "SELECT r.code, r.name, r.level FROM region_closure c JOIN regions r ON r.id = c.ancestor_id \
             WHERE c.descendant_id = ? AND c.ancestor_id IN \
             (SELECT descendant_id FROM region_closure WHERE ancestor_id = ?) \
             ORDER BY c.distance DESC",
            vec![target.id.into(), actor.region_id.into()],
        ))
        .await?
        .iter()
        .map(|r| {
            Ok(RegionRef {
                code: r.try_get("", "code")?,
                name: r.try_get("", "name")?,
                level: level_of(r, "level")?,
            })
        })
        .collect::<ServiceResult<Vec<_>>>()?;
    let region = db
        .query_one(stmt(
            db,
            &format!("SELECT {NODE_COLUMNS} FROM regions r WHERE r.id = ?"),
            vec![false.into(), target.id.into()],
        ))
        .await?
        .ok_or(AppError::NotFound)?;
    let children = db
        .query_all(stmt(
            db,
            &format!("SELECT {NODE_COLUMNS} FROM regions r WHERE r.parent_id = ? ORDER BY r.code"),
            vec![false.into(), target.id.into()],
        ))
        .await?
        .iter()
        .map(node)
        .collect::<ServiceResult<Vec<_>>>()?;
    Ok(RegionTree {
        trail,
        region: node(&region)?,
        children,
        may_rename: admin::may_rename_regions(actor.role),
    })
}

/// Renames a region; returns its id so open views can re-read.
pub async fn rename_region(
    db: &impl ConnectionTrait,
    actor: &Actor,
    code: &str,
    name: &str,
    now: DateTime<Utc>,
) -> ServiceResult<i32> {
    let target = admin_region(db, actor, Some(code)).await?;
    if !admin::may_rename_regions(actor.role) {
        return Err(AppError::Refused("只有全国管理员可以修改地区名称".into()).into());
    }
    let name = admin::check_region_name(name).map_err(AppError::Invalid)?;
    db.execute(stmt(
        db,
        "UPDATE regions SET name = ? WHERE id = ?",
        vec![name.clone().into(), target.id.into()],
    ))
    .await?;
    log(
        db,
        actor,
        "rename_region",
        code,
        format!("{} → {name}", target.region.name),
        now,
    )
    .await?;
    Ok(target.id)
}

/// `LIKE` text for a search word: its wildcards are taken literally.
fn like(word: &str, prefix_only: bool) -> String {
    let escaped = word
        .trim()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    if prefix_only {
        format!("{escaped}%")
    } else {
        format!("%{escaped}%")
    }
}

fn page_of(page: u32) -> (u32, i64) {
    let page = page.min(100_000);
    (page, page as i64 * PAGE_SIZE as i64)
}

const SCHOOL_COLUMNS: &str =
    "s.code, s.name, s.school_type, s.six_three, s.closed, r.code AS region_code, r.name AS region_name";

const SCHOOL_FILTER: &str = "FROM schools s JOIN regions r ON r.id = s.region_id \
     JOIN region_closure c ON c.descendant_id = s.region_id \
     WHERE c.ancestor_id = ? AND (? = '' OR s.code LIKE ? ESCAPE '\\' OR s.name LIKE ? ESCAPE '\\')";

fn school_entry(row: &QueryResult) -> ServiceResult<SchoolEntry> {
    let t: i16 = row.try_get("", "school_type")?;
    Ok(SchoolEntry {
        code: row.try_get("", "code")?,
        name: row.try_get("", "name")?,
        school_type: SchoolType::from_code(t)
            .ok_or_else(|| ServiceError::Internal(format!("bad school type {t}")))?,
        six_three: row.try_get("", "six_three")?,
        region_code: row.try_get("", "region_code")?,
        region_name: row.try_get("", "region_name")?,
        closed: row.try_get("", "closed")?,
    })
}

/// The longest search word: a school's name is at most 100 characters, and
/// a longer pattern only costs the database.
pub const MAX_SEARCH: usize = 100;

fn check_search(q: &str) -> ServiceResult<()> {
    if q.chars().count() > MAX_SEARCH {
        return Err(AppError::Invalid(format!("搜索词不能超过 {MAX_SEARCH} 个字")).into());
    }
    Ok(())
}

fn filter_values(region: i32, q: &str) -> Vec<Value> {
    vec![
        region.into(),
        q.trim().to_string().into(),
        like(q, true).into(),
        like(q, false).into(),
    ]
}

/// One page (or, with `page` None, all) of a list query: `filter` is the
/// FROM/WHERE part shared by the count and the rows.
async fn listing<T>(
    db: &impl ConnectionTrait,
    columns: &str,
    filter: &str,
    order: &str,
    values: Vec<Value>,
    page: Option<u32>,
    row: fn(&QueryResult) -> ServiceResult<T>,
) -> ServiceResult<Listing<T>> {
    let total: i64 = db
        .query_one(stmt(
            db,
            &format!("SELECT COUNT(*) AS n {filter}"),
            values.clone(),
        ))
        .await?
        .map(|r| r.try_get("", "n"))
        .transpose()?
        .unwrap_or(0);
    let (page, limit) = match page {
        Some(p) => {
            let (p, offset) = page_of(p);
            (p, format!("LIMIT {PAGE_SIZE} OFFSET {offset}"))
        }
        None => (0, String::new()),
    };
    let rows = db
        .query_all(stmt(
            db,
            &format!("SELECT {columns} {filter} ORDER BY {order} {limit}"),
            values,
        ))
        .await?
        .iter()
        .map(row)
        .collect::<ServiceResult<Vec<_>>>()?;
    Ok(Listing {
        rows,
        total,
        page,
        page_size: PAGE_SIZE,
    })
}

/// 学校管理: the schools anywhere under `region` (default: the actor's own),
/// found by code prefix or a part of the name, a page at a time. `page`
/// `None` lists them all (the export).
pub async fn schools(
    db: &impl ConnectionTrait,
    actor: &Actor,
    region: Option<&str>,
    q: &str,
    page: Option<u32>,
) -> ServiceResult<Listing<SchoolEntry>> {
    check_search(q)?;
    let target = admin_region(db, actor, region).await?;
    listing(
        db,
        SCHOOL_COLUMNS,
        SCHOOL_FILTER,
        "s.code",
        filter_values(target.id, q),
        page,
        school_entry,
    )
    .await
}

/// A school of the actor's subtree by code: (id, managing region id).
async fn scoped_school(
    db: &impl ConnectionTrait,
    actor: &Actor,
    code: &str,
) -> ServiceResult<(i32, i32)> {
    if !admin::administers(actor.role) {
        return Err(AppError::NotFound.into());
    }
    let row = db
        .query_one(stmt(
            db,
            "SELECT s.id, s.region_id FROM schools s JOIN region_closure c ON c.descendant_id = s.region_id \
             WHERE c.ancestor_id = ? AND s.code = ?",
            vec![actor.region_id.into(), code.trim().into()],
        ))
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((row.try_get("", "id")?, row.try_get("", "region_id")?))
}

/// The managing region of a school being saved or imported, by code: in the
/// actor's subtree, or a clear error naming the code.
async fn managing_region(
    db: &impl ConnectionTrait,
    actor: &Actor,
    code: &str,
) -> ServiceResult<i32> {
    match admin_region(db, actor, Some(code)).await {
        Ok(s) => Ok(s.id),
        Err(ServiceError::App(AppError::NotFound)) => {
            Err(AppError::Invalid(format!("管理地区代码 {code} 不存在或不在您的管理范围内")).into())
        }
        Err(e) => Err(e),
    }
}

/// Inserts a checked school under `region` (its months are then set by
/// `placement::apply`); a taken code is a clear error. Returns its id.
pub(crate) async fn insert_school(
    db: &impl ConnectionTrait,
    s: &SchoolInput,
    region: i32,
) -> ServiceResult<i32> {
    // Ids are taken explicitly (the seed assigns them), max + 1; a racing
    // insert makes this one insert nothing, and the answer says why.
    let r = db
        .execute(stmt(
            db,
            "INSERT INTO schools (id, code, name, school_type, six_three, region_id, closed) \
             SELECT COALESCE(MAX(id), 0) + 1, ?, ?, ?, ?, ?, ? FROM schools WHERE 1 = 1 \
             ON CONFLICT DO NOTHING",
            vec![
                s.code.clone().into(),
                s.name.clone().into(),
                s.school_type.code().into(),
                s.six_three.into(),
                region.into(),
                false.into(),
            ],
        ))
        .await?;
    if r.rows_affected() != 1 {
        return Err(if school_code_taken(db, &s.code).await? {
            AppError::Invalid(format!("学校代码 {} 已存在", s.code)).into()
        } else {
            AppError::Conflict.into()
        });
    }
    Ok(db
        .query_one(stmt(
            db,
            "SELECT id FROM schools WHERE code = ?",
            vec![s.code.clone().into()],
        ))
        .await?
        .ok_or(AppError::Conflict)?
        .try_get("", "id")?)
}

pub(crate) async fn school_code_taken(
    db: &impl ConnectionTrait,
    code: &str,
) -> ServiceResult<bool> {
    exists(db, "SELECT 1 AS x FROM schools WHERE code = ?", code).await
}

pub(crate) async fn username_taken(
    db: &impl ConnectionTrait,
    username: &str,
) -> ServiceResult<bool> {
    exists(db, "SELECT 1 AS x FROM users WHERE username = ?", username).await
}

async fn exists(db: &impl ConnectionTrait, sql: &str, key: &str) -> ServiceResult<bool> {
    Ok(db
        .query_one(stmt(db, sql, vec![key.into()]))
        .await?
        .is_some())
}

/// 新增学校 (`original` = None) or 保存 an existing one. Changing the
/// managing region moves the school (迁移), name and type are edits, both
/// from the first month still open (`placement::apply`; a month a region
/// has reported keeps the school as it was). Returns the regions whose
/// views changed and that month when it is not the current one.
pub async fn save_school(
    db: &DatabaseConnection,
    actor: &Actor,
    original: Option<&str>,
    mut input: SchoolInput,
    key: Option<&RequestKey>,
    now: DateTime<Utc>,
) -> ServiceResult<(Vec<i32>, Option<Period>)> {
    admin::check_school(&mut input).map_err(AppError::Invalid)?;
    let txn = crate::db::begin_write(db).await?;
    let region = managing_region(&txn, actor, &input.region_code).await?;
    let Some(original) = original else {
        if request_key::claim(&txn, actor, "create_school", key, &input, now)
            .await?
            .is_some()
        {
            return Ok((Vec::new(), None));
        }
        request_key::record(&txn, actor, key, &input.code).await?;
        let id = insert_school(&txn, &input, region).await?;
        let from = placement::apply(&txn, actor, id, SchoolChange::Create, None, now).await?;
        log(
            &txn,
            actor,
            "create_school",
            &input.code,
            format!("{} 自{from}起", input.name),
            now,
        )
        .await?;
        txn.commit().await?;
        return Ok((vec![region], later_than_now(from, now)));
    };
    let (id, old_region) = scoped_school(&txn, actor, original).await?;
    if input.code != original.trim() {
        return Err(AppError::Invalid("学校代码不能修改".into()).into());
    }
    let was = txn
        .query_one(stmt(
            &txn,
            "SELECT name, school_type FROM schools WHERE id = ?",
            vec![id.into()],
        ))
        .await?
        .ok_or(AppError::NotFound)?;
    let renamed = was.try_get::<String>("", "name")? != input.name
        || was.try_get::<i16>("", "school_type")? != input.school_type.code();
    // Takes the school row's lock first: a save of its month waits.
    let r = txn
        .execute(stmt(
            &txn,
            "UPDATE schools SET name = ?, school_type = ?, six_three = ?, region_id = ? \
             WHERE id = ? AND region_id = ?",
            vec![
                input.name.clone().into(),
                input.school_type.code().into(),
                input.six_three.into(),
                region.into(),
                id.into(),
                old_region.into(),
            ],
        ))
        .await?;
    if r.rows_affected() != 1 {
        return Err(AppError::Conflict.into());
    }
    let change = if region != old_region {
        Some(SchoolChange::Move { to: region })
    } else {
        renamed.then_some(SchoolChange::Edit)
    };
    let from = match change {
        Some(change) => Some(placement::apply(&txn, actor, id, change, None, now).await?),
        None => None,
    };
    let moved = region != old_region;
    let when = from.map(|p| format!(" 自{p}起")).unwrap_or_default();
    log(
        &txn,
        actor,
        if moved { "move_school" } else { "edit_school" },
        &input.code,
        // The region code stays last: migration 08 read it from there.
        format!("{}{when} {}", input.name, input.region_code),
        now,
    )
    .await?;
    txn.commit().await?;
    let mut touched = vec![region];
    if moved {
        touched.push(old_region);
    }
    Ok((touched, from.and_then(|p| later_than_now(p, now))))
}

/// `from`, when a change takes effect in another month than the current
/// one (the user is told so).
fn later_than_now(from: Period, now: DateTime<Utc>) -> Option<Period> {
    (from != Period::of(cst_date(now))).then_some(from)
}

/// 关闭 / 恢复 a school. A closed school keeps its history and the months it
/// already has; from the first month still open it is no longer listed,
/// and its admins can no longer enter data. Returns its region and the
/// month the change takes effect when it is not the current one.
pub async fn set_school_closed(
    db: &DatabaseConnection,
    actor: &Actor,
    code: &str,
    closed: bool,
    now: DateTime<Utc>,
) -> ServiceResult<(i32, Option<Period>)> {
    let txn = crate::db::begin_write(db).await?;
    let (id, region) = scoped_school(&txn, actor, code).await?;
    let r = txn
        .execute(stmt(
            &txn,
            "UPDATE schools SET closed = ? WHERE id = ? AND closed = ?",
            vec![closed.into(), id.into(), (!closed).into()],
        ))
        .await?;
    let mut from = None;
    if r.rows_affected() == 1 {
        let change = if closed {
            SchoolChange::Close
        } else {
            SchoolChange::Reopen
        };
        let p = placement::apply(&txn, actor, id, change, None, now).await?;
        log(
            &txn,
            actor,
            if closed {
                "close_school"
            } else {
                "reopen_school"
            },
            code,
            format!("自{p}起"),
            now,
        )
        .await?;
        from = later_than_now(p, now);
    }
    txn.commit().await?;
    Ok((region, from))
}

const USER_COLUMNS: &str = "u.username, u.name, u.role, u.phone, u.email, u.disabled, \
     r.code AS region_code, r.name AS region_name, r.level AS region_level, \
     sc.code AS school_code, sc.name AS school_name";

const USER_FILTER: &str = "FROM users u LEFT JOIN schools sc ON sc.id = u.school_id \
     JOIN regions r ON r.id = COALESCE(u.region_id, sc.region_id) \
     JOIN region_closure c ON c.descendant_id = r.id \
     WHERE c.ancestor_id = ? AND (? = '' OR u.username LIKE ? ESCAPE '\\' OR u.name LIKE ? ESCAPE '\\')";

fn user_entry(row: &QueryResult) -> ServiceResult<UserEntry> {
    let role: i16 = row.try_get("", "role")?;
    let role =
        Role::from_code(role).ok_or_else(|| ServiceError::Internal(format!("bad role {role}")))?;
    let level = level_of(row, "region_level")?;
    let region_name: String = row.try_get("", "region_name")?;
    let school_name: Option<String> = row.try_get("", "school_name")?;
    Ok(UserEntry {
        username: row.try_get("", "username")?,
        name: row.try_get("", "name")?,
        role,
        role_label: match (&school_name, role) {
            (Some(s), Role::SchoolAdmin) => format!("{s}-学校管理员"),
            _ => format!("{region_name}-{}", role.label(Some(level))),
        },
        region_code: row.try_get("", "region_code")?,
        school_code: row.try_get("", "school_code")?,
        school_name,
        phone: row.try_get("", "phone")?,
        email: row
            .try_get::<Option<String>>("", "email")?
            .unwrap_or_default(),
        disabled: row.try_get("", "disabled")?,
    })
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
    let target = admin_region(db, actor, region).await?;
    listing(
        db,
        USER_COLUMNS,
        USER_FILTER,
        "r.code, u.username",
        filter_values(target.id, q),
        page,
        user_entry,
    )
    .await
}

/// Where a new account belongs: (region id, school id), both in the
/// actor's subtree, with the role allowed there.
pub(crate) async fn placement(
    db: &impl ConnectionTrait,
    actor: &Actor,
    u: &UserInput,
) -> ServiceResult<(Option<i32>, Option<i32>)> {
    if !admin::may_manage_role(actor.role, u.role) {
        return Err(AppError::Refused(format!("您不能创建{}账号", u.role.label(None))).into());
    }
    if u.role == Role::SchoolAdmin {
        return match scoped_school(db, actor, &u.school_code).await {
            Ok((id, _)) => Ok((None, Some(id))),
            Err(ServiceError::App(AppError::NotFound)) => Err(AppError::Invalid(format!(
                "学校代码 {} 不存在或不在您的管理范围内",
                u.school_code
            ))
            .into()),
            Err(e) => Err(e),
        };
    }
    let region = match admin_region(db, actor, Some(&u.region_code)).await {
        Ok(r) => r,
        Err(ServiceError::App(AppError::NotFound)) => {
            return Err(AppError::Invalid(format!(
                "地区代码 {} 不存在或不在您的管理范围内",
                u.region_code
            ))
            .into())
        }
        Err(e) => return Err(e),
    };
    admin::role_fits_level(u.role, region.region.level).map_err(AppError::Invalid)?;
    let placed = if region.id == actor.region_id {
        AccountPlacement::OwnRegion
    } else {
        AccountPlacement::Below
    };
    if !admin::may_manage_placement(actor.role, placed) {
        return Err(
            AppError::Refused("您只能为下级地区创建账号；本级账号请联系上级管理员".into()).into(),
        );
    }
    Ok((Some(region.id), None))
}

/// Inserts a checked account without a usable password; returns its id.
pub(crate) async fn insert_user(
    db: &impl ConnectionTrait,
    u: &UserInput,
    region: Option<i32>,
    school: Option<i32>,
    now: DateTime<Utc>,
) -> ServiceResult<i32> {
    // "!" is no argon2 hash: nothing verifies against it until the person
    // sets a password through the mailed link.
    let r = db
        .execute(stmt(
            db,
            "INSERT INTO users (username, password_hash, role, region_id, school_id, name, phone, email, disabled, created_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (username) DO NOTHING",
            vec![
                u.username.clone().into(),
                "!".into(),
                u.role.code().into(),
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
        return Err(AppError::Invalid(format!("用户名 {} 已被使用", u.username)).into());
    }
    let id = db
        .query_one(stmt(
            db,
            "SELECT id FROM users WHERE username = ?",
            vec![u.username.clone().into()],
        ))
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(id.try_get("", "id")?)
}

pub(crate) fn welcome_body(username: &str) -> impl Fn(&str) -> String + Sync + '_ {
    move |link: &str| {
        format!(
            "您好，\n\n您在教育信息化工作进展信息系统的账号 {username} 已创建。请在 {} 小时内打开下面的链接设置密码（只能使用一次）：\n\n{link}\n\n设置后即可用该账号登录。链接过期后，可在登录页点击“忘记密码”重新申请。\n\n教育信息化工作进展信息系统",
            WELCOME_LINK_MINUTES / 60
        )
    }
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
    admin::check_user(&mut input).map_err(AppError::Invalid)?;
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
        input.role.label(None),
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
            minutes: WELCOME_LINK_MINUTES,
            subject: "【教育信息化工作进展信息系统】账号已创建，请设置密码",
            body: &welcome_body(&input.username),
        },
        now,
    )
    .await?;
    txn.commit().await?;
    mail.send();
    Ok(())
}

struct Target {
    id: i32,
    role: Role,
    email: Option<String>,
    disabled: bool,
}

/// An account of the actor's subtree that the actor may manage.
async fn managed_user(
    db: &impl ConnectionTrait,
    actor: &Actor,
    username: &str,
) -> ServiceResult<Target> {
    if !admin::administers(actor.role) {
        return Err(AppError::NotFound.into());
    }
    let row = db
        .query_one(stmt(
            db,
            "SELECT u.id, u.role, u.email, u.disabled, u.school_id, c.distance \
             FROM users u LEFT JOIN schools sc ON sc.id = u.school_id \
             JOIN region_closure c ON c.descendant_id = COALESCE(u.region_id, sc.region_id) \
             WHERE c.ancestor_id = ? AND u.username = ?",
            vec![actor.region_id.into(), username.trim().into()],
        ))
        .await?
        .ok_or(AppError::NotFound)?;
    let role: i16 = row.try_get("", "role")?;
    let role =
        Role::from_code(role).ok_or_else(|| ServiceError::Internal(format!("bad role {role}")))?;
    let school: Option<i32> = row.try_get("", "school_id")?;
    let distance: i16 = row.try_get("", "distance")?;
    let placed = match (school, distance) {
        (Some(_), _) => AccountPlacement::School,
        (None, 0) => AccountPlacement::OwnRegion,
        (None, _) => AccountPlacement::Below,
    };
    if !admin::may_manage_role(actor.role, role) || !admin::may_manage_placement(actor.role, placed)
    {
        return Err(AppError::Refused(format!(
            "您只能管理下级地区和学校的账号，不能管理{}账号",
            if placed == AccountPlacement::OwnRegion {
                "本级".to_string()
            } else {
                role.label(None)
            }
        ))
        .into());
    }
    Ok(Target {
        id: row.try_get("", "id")?,
        role,
        email: row.try_get("", "email")?,
        disabled: row.try_get("", "disabled")?,
    })
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
    if t.id as i64 == actor.user_id {
        return Err(AppError::Refused("不能停用或启用自己的账号".into()).into());
    }
    let r = txn
        .execute(stmt(
            &txn,
            "UPDATE users SET disabled = ? WHERE id = ? AND disabled = ?",
            vec![disabled.into(), t.id.into(), (!disabled).into()],
        ))
        .await?;
    if disabled {
        txn.execute(stmt(
            &txn,
            "DELETE FROM sessions WHERE user_id = ?",
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
            t.role.label(None),
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
        .map_err(AppError::Invalid)?;
    let txn = crate::db::begin_write(db).await?;
    let t = managed_user(&txn, actor, username).await?;
    let email = Some(contact.email.trim().to_lowercase()).filter(|e| !e.is_empty());
    txn.execute(stmt(
        &txn,
        "UPDATE users SET name = ?, phone = ?, email = ? WHERE id = ?",
        vec![
            contact.name.trim().into(),
            contact.phone.trim().into(),
            email.into(),
            t.id.into(),
        ],
    ))
    .await?;
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
        return Err(AppError::Refused("该账号已停用，请先启用".into()).into());
    }
    let Some(email) = t.email.filter(|e| !e.is_empty()) else {
        return Err(AppError::Refused(
            "该账号没有电子邮件，无法发送重置链接；请先点“编辑”为其填写电子邮件".into(),
        )
        .into());
    };
    let who = username.trim().to_string();
    let body = move |link: &str| {
        format!(
            "您好，\n\n管理员为您在教育信息化工作进展信息系统的账号 {who} 发起了重置密码。请在 {} 小时内打开下面的链接设置新密码（只能使用一次）：\n\n{link}\n\n在设置新密码之前，原密码仍然有效。\n\n教育信息化工作进展信息系统",
            ADMIN_RESET_LINK_MINUTES / 60
        )
    };
    let mail = issue_link(
        &txn,
        mailer,
        public_url,
        Link {
            user_id: t.id,
            email: &email,
            minutes: ADMIN_RESET_LINK_MINUTES,
            subject: "【教育信息化工作进展信息系统】重置密码",
            body: &body,
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
