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
    use sea_orm::FromQueryResult;
    use std::collections::BTreeMap;

    #[derive(FromQueryResult)]
    struct Move {
        target: String,
        at: DateTime<Utc>,
        detail: String,
    }

    let mut moves: BTreeMap<String, Vec<(i32, String)>> = BTreeMap::new();
    for m in Move::find_by_statement(stmt(
        c,
        "SELECT target, at, detail FROM admin_log WHERE action = $1 ORDER BY id",
        vec!["move_school".into()],
    ))
    .all(c)
    .await?
    {
        let Some(region_code) = m.detail.split_whitespace().last() else {
            continue;
        };
        moves
            .entry(m.target)
            .or_default()
            .push((month_key(m.at), region_code.to_string()));
    }
    let region_id = |code: String| async move {
        Ok::<_, DbErr>(
            Id::find_by_statement(stmt(
                c,
                "SELECT id FROM regions WHERE code = $1",
                vec![code.into()],
            ))
            .one(c)
            .await?
            .map(|r| r.id),
        )
    };
    for (school_code, school_moves) in moves {
        let Some(Id { id: school }) = Id::find_by_statement(stmt(
            c,
            "SELECT id FROM schools WHERE code = $1",
            vec![school_code.into()],
        ))
        .one(c)
        .await?
        else {
            continue;
        };
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
        #[derive(FromQueryResult)]
        struct Origin {
            region_id: i32,
        }
        let origin = Origin::find_by_statement(stmt(
            c,
            "SELECT region_id FROM audit_log WHERE school_id = $1 AND period < $2 \
             ORDER BY id DESC LIMIT 1",
            vec![school.into(), first_move.into()],
        ))
        .one(c)
        .await?
        .map(|o| o.region_id);
        #[derive(FromQueryResult)]
        struct Month {
            period: i32,
        }
        for Month { period } in Month::find_by_statement(stmt(
            c,
            "SELECT period FROM school_monthly WHERE school_id = $1",
            vec![school.into()],
        ))
        .all(c)
        .await?
        {
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
                    "UPDATE school_monthly SET region_id = $1 WHERE school_id = $2 AND period = $3",
                    vec![region.into(), school.into(), period.into()],
                ))
                .await?;
            }
        }
    }
    Ok(())
}

/// A row's `id`.
#[derive(sea_orm::FromQueryResult)]
struct Id {
    id: i32,
}

/// The month (`yyyymm`) of an instant in China Standard Time, as this
/// migration shipped.
fn month_key(at: chrono::DateTime<chrono::Utc>) -> i32 {
    use chrono::Datelike;
    let d = (at + chrono::Duration::hours(8)).date_naive();
    d.year() * 100 + d.month() as i32
}

/// A statement from SQL with numbered placeholders (`$1`), which both
/// backends bind by number.
fn stmt(
    c: &SchemaManagerConnection<'_>,
    sql: &str,
    values: Vec<sea_orm::Value>,
) -> sea_orm::Statement {
    use sea_orm::ConnectionTrait;
    sea_orm::Statement::from_sql_and_values(c.get_database_backend(), sql, values)
}
