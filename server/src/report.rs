//! Queries of the status screen. Scope is part of every query: the target
//! region must be a descendant of (or equal to) the actor's region, joined
//! through region_closure; anything else is "not found".

use crate::db::stmt;
use crate::error::{ServiceError, ServiceResult};
use crate::stats::{self, totals_from_row, DIRECT, SUBTREE};
use app::backend::Actor;
use app::domain::{Level, Period, SchoolType, Totals};
use app::error::AppError;
use app::report::model::{ChildRow, RegionRef, ReportTable, SchoolRow};
use sea_orm::{ConnectionTrait, DbErr, QueryResult};

struct Scoped {
    id: i32,
    region: RegionRef,
}

fn region_ref(row: &QueryResult) -> Result<RegionRef, ServiceError> {
    let level: i16 = row.try_get("", "level")?;
    Ok(RegionRef {
        code: row.try_get("", "code")?,
        name: row.try_get("", "name")?,
        level: Level::from_code(level)
            .ok_or_else(|| ServiceError::Internal(format!("bad level {level}")))?,
    })
}

/// The region `code` if the actor may read it, else `NotFound`.
async fn scoped_region(
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

pub async fn report_table(
    db: &impl ConnectionTrait,
    actor: &Actor,
    code: Option<&str>,
    period: Period,
) -> ServiceResult<ReportTable> {
    let target = scoped_region(db, actor, code).await?;

    let trail = db
        .query_all(stmt(
            db,
            "SELECT r.code, r.name, r.level FROM region_closure c \
             JOIN regions r ON r.id = c.ancestor_id \
             JOIN region_closure mine ON mine.descendant_id = c.ancestor_id AND mine.ancestor_id = ? \
             WHERE c.descendant_id = ? ORDER BY c.distance DESC",
            vec![actor.region_id.into(), target.id.into()],
        ))
        .await?
        .iter()
        .map(region_ref)
        .collect::<Result<Vec<_>, _>>()?;

    let mut total = Totals::default();
    let mut direct = Totals::default();
    for row in db
        .query_all(stmt(
            db,
            &format!(
                "SELECT scope, {} FROM region_stats WHERE region_id = ? AND period = ?",
                stats::COLUMNS
            ),
            vec![target.id.into(), period.key().into()],
        ))
        .await?
    {
        let scope: i16 = row.try_get("", "scope")?;
        let t = totals_from_row(&row)?;
        match scope {
            DIRECT => direct = t,
            SUBTREE => total = t,
            _ => {}
        }
    }

    let cols = stats::COLUMNS
        .split(", ")
        .map(|c| format!("s.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    let children = db
        .query_all(stmt(
            db,
            &format!(
                "SELECT r.code, r.name, r.level, {cols} FROM regions r \
                 LEFT JOIN region_stats s ON s.region_id = r.id AND s.period = ? AND s.scope = ? \
                 WHERE r.parent_id = ? ORDER BY r.code"
            ),
            vec![period.key().into(), SUBTREE.into(), target.id.into()],
        ))
        .await?
        .iter()
        .map(|row| {
            Ok(ChildRow {
                region: region_ref(row)?,
                totals: totals_from_row(row)?,
            })
        })
        .collect::<Result<Vec<_>, ServiceError>>()?;

    Ok(ReportTable {
        region: target.region,
        trail,
        year: period.year(),
        month: period.month(),
        total,
        direct,
        children,
    })
}

pub async fn direct_schools(
    db: &impl ConnectionTrait,
    actor: &Actor,
    code: &str,
    period: Period,
) -> ServiceResult<Vec<SchoolRow>> {
    let target = scoped_region(db, actor, Some(code)).await?;
    let rows = db
        .query_all(stmt(
            db,
            "SELECT sc.id, sc.code, sc.name, sc.school_type, m.school_id AS has_data, \
             m.classes, m.teachers, m.students, m.six_three, m.broadband, \
             m.multimedia_rooms, m.teacher_spaces, m.student_spaces \
             FROM schools sc LEFT JOIN school_monthly m ON m.school_id = sc.id AND m.period = ? \
             WHERE sc.region_id = ? AND sc.closed = ? ORDER BY sc.code",
            vec![period.key().into(), target.id.into(), false.into()],
        ))
        .await?;
    rows.iter().map(school_row).collect()
}

fn school_row(row: &QueryResult) -> ServiceResult<SchoolRow> {
    let kind: i16 = row.try_get("", "school_type")?;
    let has_data = row.try_get::<Option<i32>>("", "has_data")?.is_some();
    let totals = if has_data {
        let n = |c: &str| -> Result<i64, DbErr> { Ok(row.try_get::<i32>("", c)? as i64) };
        Some(Totals::of_school(
            n("classes")?,
            n("teachers")?,
            n("students")?,
            row.try_get("", "six_three")?,
            row.try_get("", "broadband")?,
            n("multimedia_rooms")?,
            n("teacher_spaces")?,
            n("student_spaces")?,
        ))
    } else {
        None
    };
    Ok(SchoolRow {
        id: row.try_get("", "id")?,
        code: row.try_get("", "code")?,
        name: row.try_get("", "name")?,
        school_type: SchoolType::from_code(kind)
            .map(|t| t.label())
            .unwrap_or("-")
            .to_string(),
        totals,
    })
}
