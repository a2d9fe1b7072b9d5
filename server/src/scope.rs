//! Who may see or act on whom: every query that finds a region, a school
//! or an account for an actor goes through here, and finds it only inside
//! the actor's subtree (`region_closure` from the actor's own region).
//! Anything outside does not exist for the actor: `NotFound` (未找到),
//! never a different refusal that would tell it exists.

use crate::db::stmt;
use crate::error::{ServiceError, ServiceResult};
use crate::placement::listed::placed;
use app::backend::Actor;
use app::domain::admin::{self, AccountPlacement};
use app::domain::workflow::Refusal;
use app::domain::{Level, Period, Role};
use app::error::AppError;
use app::report::model::RegionRef;
use sea_orm::{ConnectionTrait, QueryResult};

/// A region found in the actor's subtree: its id and what the page shows.
pub struct Scoped {
    pub id: i32,
    pub region: RegionRef,
}

pub fn region_ref(row: &QueryResult) -> Result<RegionRef, ServiceError> {
    let level: i16 = row.try_get("", "level")?;
    Ok(RegionRef {
        code: row.try_get("", "code")?,
        name: row.try_get("", "name")?,
        level: Level::from_code(level)
            .ok_or_else(|| ServiceError::Internal(format!("bad level {level}")))?,
    })
}

/// The region `code` if the actor may read it, else `NotFound`.
pub async fn scoped_region(
    db: &impl ConnectionTrait,
    actor: &Actor,
    code: Option<&str>,
) -> ServiceResult<Scoped> {
    if !actor.role.reads_status_tables() {
        return Err(AppError::NotFound.into());
    }
    let code = code.unwrap_or(&actor.region_code);
    let row = db
        .query_one(stmt(
            db,
            "SELECT r.id, r.code, r.name, r.level FROM regions r \
             JOIN region_closure c ON c.descendant_id = r.id \
             WHERE c.ancestor_id = ? AND r.code = ?",
            vec![actor.region_id.into(), code.into()],
        ))
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Scoped {
        id: row.try_get("", "id")?,
        region: region_ref(&row)?,
    })
}

/// The region `code` (default: the actor's own) if the actor administers
/// and the region is in its subtree.
pub async fn admin_region(
    db: &impl ConnectionTrait,
    actor: &Actor,
    code: Option<&str>,
) -> ServiceResult<Scoped> {
    if !admin::administers(actor.role) {
        return Err(AppError::NotFound.into());
    }
    scoped_region(db, actor, code).await
}

/// A school of the actor's subtree by code: (id, managing region id).
pub async fn scoped_school(
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

/// An account found for managing: its id, role, mail address and state.
pub struct Target {
    pub id: i32,
    pub role: Role,
    pub email: Option<String>,
    pub disabled: bool,
}

/// An account of the actor's subtree that the actor may manage.
pub async fn managed_user(
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

/// A direct child region of `parent` by code. A region further down the
/// actor's subtree is "不可跨级"; anything else does not exist for it.
pub async fn direct_child(c: &impl ConnectionTrait, parent: i32, code: &str) -> ServiceResult<i32> {
    if let Some(row) = c
        .query_one(stmt(
            c,
            "SELECT id FROM regions WHERE code = ? AND parent_id = ?",
            vec![code.into(), parent.into()],
        ))
        .await?
    {
        return Ok(row.try_get("", "id")?);
    }
    let below = c
        .query_one(stmt(
            c,
            "SELECT r.id FROM regions r JOIN region_closure cl ON cl.descendant_id = r.id \
             WHERE cl.ancestor_id = ? AND r.code = ? AND cl.distance > 1",
            vec![parent.into(), code.into()],
        ))
        .await?;
    Err(match below {
        Some(_) => AppError::from(Refusal::NotDirect).into(),
        None => AppError::NotFound.into(),
    })
}

/// A school managed directly by `region` in `period`, by code; same scope
/// rule. A month's data belongs where it was reported, wherever the school
/// is now.
pub async fn direct_school(
    c: &impl ConnectionTrait,
    region: i32,
    code: &str,
    period: Period,
) -> ServiceResult<i32> {
    let row = c
        .query_one(stmt(
            c,
            &format!(
                "SELECT s.id, {placed} AS region_id FROM schools s \
                 LEFT JOIN school_monthly m ON m.school_id = s.id AND m.period = ? \
                 JOIN region_closure cl ON cl.descendant_id = {placed} \
                 WHERE cl.ancestor_id = ? AND s.code = ?",
                placed = placed(period)
            ),
            vec![period.key().into(), region.into(), code.into()],
        ))
        .await?
        .ok_or(AppError::NotFound)?;
    let managing: i32 = row.try_get("", "region_id")?;
    if managing != region {
        return Err(AppError::from(Refusal::NotDirect).into());
    }
    Ok(row.try_get("", "id")?)
}
