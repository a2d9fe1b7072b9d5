//! Who may see or act on whom: every query that finds a region, a school
//! or an account for an actor goes through here, and finds it only inside
//! the actor's subtree (`region_closure` from the actor's own region).
//! Anything outside does not exist for the actor: `NotFound` (未找到),
//! never a different refusal that would tell it exists.

use crate::db;
use crate::error::{ServiceError, ServiceResult};
use crate::placement::listed::placed;
use app::backend::Actor;
use app::domain::admin::{self, AccountPlacement};
use app::domain::code::{RegionCode, SchoolCode};
use app::domain::workflow::Refusal;
use app::domain::UserId;
use app::domain::{Level, Period, Role};
use app::domain::{RegionId, SchoolId};
use app::error::AppError;
use app::message::ManageIssue;
use app::report::model::RegionRef;
use sea_orm::{ConnectionTrait, FromQueryResult, QueryResult};

/// A region code as a person typed or sent it (a form, an import row, a
/// query string), parsed by the domain's one rule before any query: a
/// malformed code is the user's mistake (`Invalid`), never a lookup.
pub fn region_code(text: &str) -> ServiceResult<RegionCode> {
    Ok(RegionCode::parse(text).map_err(AppError::from)?)
}

/// `region_code` for an optional code (`None`: the actor's own region).
pub fn region_code_or_own(text: Option<&str>) -> ServiceResult<Option<RegionCode>> {
    text.map(region_code).transpose()
}

/// A school code as a person typed or sent it, parsed like `region_code`.
pub fn school_code(text: &str) -> ServiceResult<SchoolCode> {
    Ok(SchoolCode::parse(text).map_err(AppError::from)?)
}

/// A region found in the actor's subtree: its id and what the page shows.
pub struct Scoped {
    pub id: RegionId,
    pub region: RegionRef,
}

/// The columns `code`, `name` and `level` of a region, as pages name it.
#[derive(FromQueryResult)]
pub(crate) struct RegionRefRow {
    code: RegionCode,
    name: String,
    level: Level,
}

impl From<RegionRefRow> for RegionRef {
    fn from(r: RegionRefRow) -> Self {
        RegionRef {
            code: r.code.into(),
            name: r.name,
            level: r.level,
        }
    }
}

pub fn region_ref(row: &QueryResult) -> Result<RegionRef, ServiceError> {
    Ok(RegionRefRow::from_query_result(row, "")?.into())
}

/// The region `code` if the actor may read it, else `NotFound`.
pub async fn scoped_region(
    db: &impl ConnectionTrait,
    actor: &Actor,
    code: Option<&RegionCode>,
) -> ServiceResult<Scoped> {
    if !actor.role.reads_status_tables() {
        return Err(AppError::NotFound.into());
    }
    #[derive(FromQueryResult)]
    struct Found {
        id: RegionId,
        #[sea_orm(nested)]
        region: RegionRefRow,
    }
    let code = code.unwrap_or(&actor.region_code);
    let found = db::row::<Found>(
        db,
        "SELECT r.id, r.code, r.name, r.level FROM regions r \
         JOIN region_closure c ON c.descendant_id = r.id \
         WHERE c.ancestor_id = $1 AND r.code = $2",
        vec![actor.region_id.into(), code.clone().into()],
    )
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(Scoped {
        id: found.id,
        region: found.region.into(),
    })
}

/// The region `code` (default: the actor's own) if the actor administers
/// and the region is in its subtree.
pub async fn admin_region(
    db: &impl ConnectionTrait,
    actor: &Actor,
    code: Option<&RegionCode>,
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
    code: &SchoolCode,
) -> ServiceResult<(SchoolId, RegionId)> {
    if !admin::administers(actor.role) {
        return Err(AppError::NotFound.into());
    }
    #[derive(FromQueryResult)]
    struct Found {
        id: SchoolId,
        region_id: RegionId,
    }
    let found = db::row::<Found>(
        db,
        "SELECT s.id, s.region_id FROM schools s JOIN region_closure c ON c.descendant_id = s.region_id \
         WHERE c.ancestor_id = $1 AND s.code = $2",
        vec![actor.region_id.into(), code.clone().into()],
    )
    .await?
    .ok_or(AppError::NotFound)?;
    Ok((found.id, found.region_id))
}

/// An account found for managing: its id, role, mail address and state.
pub struct Target {
    pub id: UserId,
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
    #[derive(FromQueryResult)]
    struct Found {
        id: UserId,
        role: Role,
        email: Option<String>,
        disabled: bool,
        school_id: Option<SchoolId>,
        distance: i16,
    }
    let found = db::row::<Found>(
        db,
        "SELECT u.id, u.role, u.email, u.disabled, u.school_id, c.distance \
         FROM users u LEFT JOIN schools sc ON sc.id = u.school_id \
         JOIN region_closure c ON c.descendant_id = COALESCE(u.region_id, sc.region_id) \
         WHERE c.ancestor_id = $1 AND u.username = $2",
        vec![actor.region_id.into(), username.trim().into()],
    )
    .await?
    .ok_or(AppError::NotFound)?;
    let role = found.role;
    let placed = match (found.school_id, found.distance) {
        (Some(_), _) => AccountPlacement::School,
        (None, 0) => AccountPlacement::OwnRegion,
        (None, _) => AccountPlacement::Below,
    };
    if !admin::may_manage_role(actor.role, role) || !admin::may_manage_placement(actor.role, placed)
    {
        let why = if placed == AccountPlacement::OwnRegion {
            ManageIssue::CannotManageOwnLevel
        } else {
            ManageIssue::CannotManageRole(role)
        };
        return Err(AppError::Refused(why.into()).into());
    }
    Ok(Target {
        id: found.id,
        role,
        email: found.email,
        disabled: found.disabled,
    })
}

/// A direct child region of `parent` by code. A region further down the
/// actor's subtree is "不可跨级"; anything else does not exist for it.
pub async fn direct_child(
    c: &impl ConnectionTrait,
    parent: RegionId,
    code: &RegionCode,
) -> ServiceResult<RegionId> {
    if let Some(id) = db::value::<RegionId>(
        c,
        "SELECT id FROM regions WHERE code = $1 AND parent_id = $2",
        vec![code.clone().into(), parent.into()],
    )
    .await?
    {
        return Ok(id);
    }
    let below = db::value::<i32>(
        c,
        "SELECT r.id FROM regions r JOIN region_closure cl ON cl.descendant_id = r.id \
         WHERE cl.ancestor_id = $1 AND r.code = $2 AND cl.distance > 1",
        vec![parent.into(), code.clone().into()],
    )
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
    region: RegionId,
    code: &SchoolCode,
    period: Period,
) -> ServiceResult<SchoolId> {
    #[derive(FromQueryResult)]
    struct Found {
        id: SchoolId,
        region_id: RegionId,
    }
    let found = db::row::<Found>(
        c,
        &format!(
            "SELECT s.id, {placed} AS region_id FROM schools s \
             LEFT JOIN school_monthly m ON m.school_id = s.id AND m.period = $1 \
             JOIN region_closure cl ON cl.descendant_id = {placed} \
             WHERE cl.ancestor_id = $2 AND s.code = $3",
            placed = placed(period)
        ),
        vec![period.into(), region.into(), code.clone().into()],
    )
    .await?
    .ok_or(AppError::NotFound)?;
    if found.region_id != region {
        return Err(AppError::from(Refusal::NotDirect).into());
    }
    Ok(found.id)
}
