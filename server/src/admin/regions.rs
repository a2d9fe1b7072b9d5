//! 区域管理: the region tree below the actor, and renaming a region.

use crate::admin::log;
use crate::db;
use crate::error::ServiceResult;
use crate::scope::{admin_region, region_code, region_code_or_own, RegionRefRow};
use app::admin::model::{RegionNode, RegionTree};
use app::backend::Actor;
use app::domain::admin::{self};
use app::domain::code::RegionCode;
use app::domain::Level;
use app::domain::RegionId;
use app::error::AppError;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, FromQueryResult};

/// A region with how many sub-regions and open schools it has; `$1` is
/// `false` (not closed).
const NODE_COLUMNS: &str = "r.code, r.name, r.level, \
     (SELECT COUNT(*) FROM regions k WHERE k.parent_id = r.id) AS children, \
     (SELECT COUNT(*) FROM schools s WHERE s.region_id = r.id AND s.closed = $1) AS schools";

#[derive(FromQueryResult)]
struct NodeRow {
    code: RegionCode,
    name: String,
    level: Level,
    children: i64,
    schools: i64,
}

impl From<NodeRow> for RegionNode {
    fn from(r: NodeRow) -> Self {
        RegionNode {
            code: r.code.into(),
            name: r.name,
            level: r.level,
            children: r.children,
            schools: r.schools,
        }
    }
}

/// 地区管理: a region of the actor's subtree with its sub-regions, and the
/// way down to it from the actor's own region.
pub async fn region_tree(
    db: &impl ConnectionTrait,
    actor: &Actor,
    code: Option<&str>,
) -> ServiceResult<RegionTree> {
    let target = admin_region(db, actor, region_code_or_own(code)?.as_ref()).await?;
    let trail = db::rows::<RegionRefRow>(
        db,
        "SELECT r.code, r.name, r.level FROM region_closure c JOIN regions r ON r.id = c.ancestor_id \
         WHERE c.descendant_id = $1 AND c.ancestor_id IN \
         (SELECT descendant_id FROM region_closure WHERE ancestor_id = $2) \
         ORDER BY c.distance DESC",
        vec![target.id.into(), actor.region_id.into()],
    )
    .await?
    .into_iter()
    .map(Into::into)
    .collect();
    let region = db::row::<NodeRow>(
        db,
        &format!("SELECT {NODE_COLUMNS} FROM regions r WHERE r.id = $2"),
        vec![false.into(), target.id.into()],
    )
    .await?
    .ok_or(AppError::NotFound)?;
    let children = db::rows::<NodeRow>(
        db,
        &format!("SELECT {NODE_COLUMNS} FROM regions r WHERE r.parent_id = $2 ORDER BY r.code"),
        vec![false.into(), target.id.into()],
    )
    .await?
    .into_iter()
    .map(Into::into)
    .collect();
    Ok(RegionTree {
        trail,
        region: region.into(),
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
) -> ServiceResult<RegionId> {
    let target = admin_region(db, actor, Some(&region_code(code)?)).await?;
    if !admin::may_rename_regions(actor.role) {
        return Err(AppError::Refused(app::message::ManageIssue::RenameNationalOnly.into()).into());
    }
    let name = admin::check_region_name(name).map_err(|e| AppError::Invalid(e.into()))?;
    db.execute(db::stmt(
        db,
        "UPDATE regions SET name = $1 WHERE id = $2",
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
