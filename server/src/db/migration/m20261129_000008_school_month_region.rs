//! Migration 8: each school month records the region whose aggregates hold
//! it.
//!
//! Shipped: never edit; add a new migration. Frozen: no application code
//! is used here.

use sea_orm_migration::prelude::*;

/// Each school month records the region whose aggregates hold it: a school
/// that moves takes this month and later with it, and the months before stay
/// with the region that reviewed them, in lists and workflow alike.
pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261129_000008_school_month_region"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let c = m.get_connection();
        c.execute_unprepared(
            "ALTER TABLE school_monthly ADD COLUMN region_id INTEGER NOT NULL DEFAULT 0",
        )
        .await?;
        // A school that never moved counts where it is.
        c.execute_unprepared(
            "UPDATE school_monthly SET region_id = \
             (SELECT s.region_id FROM schools s WHERE s.id = school_monthly.school_id)",
        )
        .await?;
        moved_history(c).await?;
        if c.get_database_backend() == sea_orm::DbBackend::Postgres {
            // From now on every insert names its region.
            c.execute_unprepared("ALTER TABLE school_monthly ALTER COLUMN region_id DROP DEFAULT")
                .await?;
        }
        c.execute_unprepared(
            "CREATE INDEX idx_school_monthly_region ON school_monthly (region_id, period, state)",
        )
        .await?;
        Ok(())
    }
}

/// The months of schools moved before this migration: each move (an
/// `admin_log` row 'move_school', its detail ending in the new region's
/// code) carried the months from its own month on to the new region and
/// left the earlier ones where they were. A month before the first move
/// belongs to the region its workflow rows (`audit_log`) name; with none,
/// it stays where the school is now, as it was counted before.
async fn moved_history(c: &SchemaManagerConnection<'_>) -> Result<(), DbErr> {
    use chrono::{DateTime, Utc};
    use std::collections::BTreeMap;

    let mut moves: BTreeMap<String, Vec<(i32, String)>> = BTreeMap::new();
    for row in c
        .query_all(stmt(
            c,
            "SELECT target, at, detail FROM admin_log WHERE action = ? ORDER BY id",
            vec!["move_school".into()],
        ))
        .await?
    {
        let at: DateTime<Utc> = row.try_get("", "at")?;
        let detail: String = row.try_get("", "detail")?;
        let Some(region_code) = detail.split_whitespace().last() else {
            continue;
        };
        moves
            .entry(row.try_get("", "target")?)
            .or_default()
            .push((month_key(at), region_code.to_string()));
    }
    let region_id = |code: String| async move {
        c.query_one(stmt(
            c,
            "SELECT id FROM regions WHERE code = ?",
            vec![code.into()],
        ))
        .await?
        .map(|r| r.try_get::<i32>("", "id"))
        .transpose()
    };
    for (school_code, school_moves) in moves {
        let Some(school) = c
            .query_one(stmt(
                c,
                "SELECT id FROM schools WHERE code = ?",
                vec![school_code.into()],
            ))
            .await?
        else {
            continue;
        };
        let school: i32 = school.try_get("", "id")?;
        let mut destinations = Vec::new();
        for (period, code) in school_moves {
            if let Some(id) = region_id(code).await? {
                destinations.push((period, id));
            }
        }
        let Some(first_move) = destinations.iter().map(|(p, _)| *p).min() else {
            continue;
        };
        // Where the school was before its first move, from its workflow.
        let origin: Option<i32> = c
            .query_one(stmt(
                c,
                "SELECT region_id FROM audit_log WHERE school_id = ? AND period < ? \
                 ORDER BY id DESC LIMIT 1",
                vec![school.into(), first_move.into()],
            ))
            .await?
            .map(|r| r.try_get("", "region_id"))
            .transpose()?;
        for row in c
            .query_all(stmt(
                c,
                "SELECT period FROM school_monthly WHERE school_id = ?",
                vec![school.into()],
            ))
            .await?
        {
            let period: i32 = row.try_get("", "period")?;
            // The last move made in or before this month decides; months
            // before every move stay with the origin.
            let region = destinations
                .iter()
                .rev()
                .find(|(p, _)| *p <= period)
                .map(|(_, r)| *r)
                .or(origin);
            if let Some(region) = region {
                c.execute(stmt(
                    c,
                    "UPDATE school_monthly SET region_id = ? WHERE school_id = ? AND period = ?",
                    vec![region.into(), school.into(), period.into()],
                ))
                .await?;
            }
        }
    }
    Ok(())
}

/// The month (`yyyymm`) of an instant in China Standard Time, as this
/// migration shipped.
fn month_key(at: chrono::DateTime<chrono::Utc>) -> i32 {
    use chrono::Datelike;
    let d = (at + chrono::Duration::hours(8)).date_naive();
    d.year() * 100 + d.month() as i32
}

/// A statement from SQL with `?` placeholders (numbered for PostgreSQL), as
/// this migration shipped; none of its SQL has a `?` inside a string.
fn stmt(
    c: &SchemaManagerConnection<'_>,
    sql: &str,
    values: Vec<sea_orm::Value>,
) -> sea_orm::Statement {
    use sea_orm::{ConnectionTrait, DbBackend};
    let backend = c.get_database_backend();
    let sql = if backend == DbBackend::Postgres {
        let mut n = 0;
        sql.chars()
            .map(|ch| {
                if ch == '?' {
                    n += 1;
                    format!("${n}")
                } else {
                    ch.to_string()
                }
            })
            .collect()
    } else {
        sql.to_string()
    };
    sea_orm::Statement::from_sql_and_values(backend, sql, values)
}
