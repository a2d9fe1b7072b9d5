//! 学校管理: schools listed, created, edited, moved, closed and reopened
//! inside the actor's subtree.

use crate::admin::listing::check_search;
use crate::admin::listing::listing;
use crate::admin::listing::Listed;
use crate::admin::log;
use crate::db::{self, stmt};
use crate::error::{ServiceError, ServiceResult};
use crate::placement::{self, SchoolChange};
use crate::request_key;
use crate::scope::scoped_school;
use crate::scope::{admin_region, region_code, region_code_or_own, school_code};
use app::admin::model::{Listing, SchoolEntry};
use app::backend::Actor;
use app::domain::admin::{self, SchoolInput};
use app::domain::code::{RegionCode, SchoolCode};
use app::domain::school::SchoolType;
use app::domain::RegionId;
use app::domain::SchoolId;
use app::domain::{cst_date, Period};
use app::error::AppError;
use app::message::ManageIssue;
use app::request_key::RequestKey;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, FromQueryResult};

#[derive(FromQueryResult)]
struct SchoolRow {
    code: SchoolCode,
    name: String,
    school_type: SchoolType,
    six_three: bool,
    closed: bool,
    region_code: RegionCode,
    region_name: String,
}

impl Listed for SchoolRow {
    const COLUMNS: &'static str = "s.code, s.name, s.school_type, s.six_three, s.closed, \
         r.code AS region_code, r.name AS region_name";
    const FILTER: &'static str = "FROM schools s JOIN regions r ON r.id = s.region_id \
         JOIN region_closure c ON c.descendant_id = s.region_id \
         WHERE c.ancestor_id = $1 AND ($2 = '' OR s.code LIKE $3 ESCAPE '\\' OR s.name LIKE $4 ESCAPE '\\')";
    const ORDER: &'static str = "s.code";
}

impl From<SchoolRow> for SchoolEntry {
    fn from(r: SchoolRow) -> Self {
        SchoolEntry {
            code: r.code.into(),
            name: r.name,
            school_type: r.school_type,
            six_three: r.six_three,
            region_code: r.region_code.into(),
            region_name: r.region_name,
            closed: r.closed,
        }
    }
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
    let target = admin_region(db, actor, region_code_or_own(region)?.as_ref()).await?;
    listing::<SchoolRow, _>(db, target.id, q, page).await
}

/// The managing region of a school being saved or imported, by code: in the
/// actor's subtree, or a clear error naming the code.
pub(super) async fn managing_region(
    db: &impl ConnectionTrait,
    actor: &Actor,
    code: &str,
) -> ServiceResult<RegionId> {
    match admin_region(db, actor, Some(&region_code(code)?)).await {
        Ok(s) => Ok(s.id),
        Err(ServiceError::App(AppError::NotFound)) => Err(AppError::Invalid(
            ManageIssue::ManagingRegionOutOfScope {
                code: code.to_string(),
            }
            .into(),
        )
        .into()),
        Err(e) => Err(e),
    }
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
) -> ServiceResult<(Vec<RegionId>, Option<Period>)> {
    admin::check_school(&mut input).map_err(|e| AppError::Invalid(e.into()))?;
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
    let (id, old_region) = scoped_school(&txn, actor, &school_code(original)?).await?;
    if input.code != original.trim() {
        return Err(AppError::Invalid(ManageIssue::SchoolCodeFixed.into()).into());
    }
    #[derive(FromQueryResult)]
    struct Was {
        name: String,
        school_type: SchoolType,
    }
    let was = db::row::<Was>(
        &txn,
        "SELECT name, school_type FROM schools WHERE id = $1",
        vec![id.into()],
    )
    .await?
    .ok_or(AppError::NotFound)?;
    let renamed = was.name != input.name || was.school_type != input.school_type;
    // Takes the school row's lock first: a save of its month waits.
    let r = txn
        .execute(stmt(
            &txn,
            "UPDATE schools SET name = $1, school_type = $2, six_three = $3, region_id = $4 \
             WHERE id = $5 AND region_id = $6",
            vec![
                input.name.clone().into(),
                input.school_type.into(),
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
pub(super) fn later_than_now(from: Period, now: DateTime<Utc>) -> Option<Period> {
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
) -> ServiceResult<(RegionId, Option<Period>)> {
    let txn = crate::db::begin_write(db).await?;
    let (id, region) = scoped_school(&txn, actor, &school_code(code)?).await?;
    let r = txn
        .execute(stmt(
            &txn,
            "UPDATE schools SET closed = $1 WHERE id = $2 AND closed = $3",
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

/// Inserts a checked school under `region` (its months are then set by
/// `placement::apply`); a taken code is a clear error. Returns its id.
pub(crate) async fn insert_school(
    db: &impl ConnectionTrait,
    s: &SchoolInput,
    region: RegionId,
) -> ServiceResult<SchoolId> {
    // Ids are taken explicitly (the seed assigns them), max + 1; a racing
    // insert makes this one insert nothing, and the answer says why.
    let r = db
        .execute(stmt(
            db,
            "INSERT INTO schools (id, code, name, school_type, six_three, region_id, closed) \
             SELECT COALESCE(MAX(id), 0) + 1, $1, $2, $3, $4, $5, $6 FROM schools WHERE 1 = 1 \
             ON CONFLICT DO NOTHING",
            vec![
                s.code.clone().into(),
                s.name.clone().into(),
                s.school_type.into(),
                s.six_three.into(),
                region.into(),
                false.into(),
            ],
        ))
        .await?;
    if r.rows_affected() != 1 {
        return Err(if school_code_taken(db, &s.code).await? {
            AppError::Invalid(
                ManageIssue::SchoolCodeTaken {
                    code: s.code.clone(),
                }
                .into(),
            )
            .into()
        } else {
            AppError::Conflict.into()
        });
    }
    Ok(db::value::<SchoolId>(
        db,
        "SELECT id FROM schools WHERE code = $1",
        vec![s.code.clone().into()],
    )
    .await?
    .ok_or(AppError::Conflict)?)
}

pub(crate) async fn school_code_taken(
    db: &impl ConnectionTrait,
    code: &str,
) -> ServiceResult<bool> {
    Ok(db::value::<i32>(
        db,
        "SELECT 1 AS x FROM schools WHERE code = $1",
        vec![code.into()],
    )
    .await?
    .is_some())
}
