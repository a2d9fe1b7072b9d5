//! 区域管理: the region tree below the actor, and renaming a region.

use crate::admin::log;
use crate::db::stmt;
use crate::error::{ServiceError, ServiceResult};
use crate::scope::admin_region;
use app::admin::model::{RegionNode, RegionTree};
use app::backend::Actor;
use app::domain::admin::{self};
use app::domain::Level;
use app::error::AppError;
use app::report::model::RegionRef;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, QueryResult};

pub(super) fn level_of(row: &QueryResult, col: &str) -> ServiceResult<Level> {
    let l: i16 = row.try_get("", col)?;
    Level::from_code(l).ok_or_else(|| ServiceError::Internal(format!("bad level {l}")))
}

pub(super) const NODE_COLUMNS: &str = "r.code, r.name, r.level, \
     (SELECT COUNT(*) FROM regions k WHERE k.parent_id = r.id) AS children, \
     (SELECT COUNT(*) FROM schools s WHERE s.region_id = r.id AND s.closed = ?) AS schools";

pub(super) fn node(row: &QueryResult) -> ServiceResult<RegionNode> {
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
