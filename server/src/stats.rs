//! The per-region, per-period aggregates behind the status table.
//!
//! Two rows per region and period: scope `DIRECT` sums the schools the
//! region manages itself (the 直属 row), scope `SUBTREE` sums every school in
//! its subtree (合计, and the region's row in its parent's table). They move
//! only with the data that moves them, in the same transaction.

use crate::db::stmt;
use app::domain::RegionId;
use app::domain::{Period, Totals};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult, Value};

pub const DIRECT: i16 = 0;
pub const SUBTREE: i16 = 1;

/// Column list shared by every statement on region_stats.
pub const COLUMNS: &str =
    "schools, classes, teachers, students, six_three, broadband, multimedia_rooms, teacher_spaces, student_spaces";

pub fn values(t: &Totals) -> Vec<Value> {
    vec![
        t.schools.into(),
        t.classes.into(),
        t.teachers.into(),
        t.students.into(),
        t.six_three.into(),
        t.broadband.into(),
        t.multimedia_rooms.into(),
        t.teacher_spaces.into(),
        t.student_spaces.into(),
    ]
}

/// The nine figures of a row that selected `COLUMNS` (or sums named like
/// them), as read: the domain's `Totals` knows nothing of rows. Nest it as
/// `Option<TotalsRow>` where a LEFT JOIN may find no row (absent: zero).
#[derive(Debug, FromQueryResult)]
pub struct TotalsRow {
    schools: i64,
    classes: i64,
    teachers: i64,
    students: i64,
    six_three: i64,
    broadband: i64,
    multimedia_rooms: i64,
    teacher_spaces: i64,
    student_spaces: i64,
}

impl From<TotalsRow> for Totals {
    fn from(r: TotalsRow) -> Totals {
        Totals {
            schools: r.schools,
            classes: r.classes,
            teachers: r.teachers,
            students: r.students,
            six_three: r.six_three,
            broadband: r.broadband,
            multimedia_rooms: r.multimedia_rooms,
            teacher_spaces: r.teacher_spaces,
            student_spaces: r.student_spaces,
        }
    }
}

/// Adds `delta` to the aggregates a change of one school's data moves: the
/// DIRECT row of its managing region and the SUBTREE row of that region and
/// each of its ancestors. Call inside the transaction of the change.
pub async fn apply_delta(
    db: &impl ConnectionTrait,
    managing_region: RegionId,
    period: Period,
    delta: &Totals,
) -> Result<(), DbErr> {
    if delta.is_zero() {
        return Ok(());
    }
    let updates = COLUMNS
        .split(", ")
        .map(|c| format!("{c} = region_stats.{c} + excluded.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    // Three keys and the nine `COLUMNS`.
    let upsert = format!(
        "INSERT INTO region_stats (region_id, period, scope, {COLUMNS}) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
         ON CONFLICT (region_id, period, scope) DO UPDATE SET {updates}"
    );
    let ancestors: Vec<RegionId> = crate::db::column(
        db,
        "SELECT ancestor_id FROM region_closure WHERE descendant_id = $1",
        vec![managing_region.into()],
    )
    .await?;
    let targets = std::iter::once((managing_region, DIRECT))
        .chain(ancestors.into_iter().map(|a| (a, SUBTREE)));
    for (region, scope) in targets {
        let mut v: Vec<Value> = vec![region.into(), period.into(), scope.into()];
        v.extend(values(delta));
        db.execute(stmt(db, &upsert, v)).await?;
    }
    Ok(())
}

/// Recomputes every aggregate from the school data: used once after a bulk
/// load (the demo seed, an import), where per-row deltas would be wasteful.
pub async fn rebuild_all(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    db.execute_unprepared("DELETE FROM region_stats").await?;
    let sums = "CAST(COUNT(*) AS BIGINT), CAST(SUM(m.classes) AS BIGINT), CAST(SUM(m.teachers) AS BIGINT), \
                CAST(SUM(m.students) AS BIGINT), \
                CAST(SUM(CASE WHEN m.six_three THEN 1 ELSE 0 END) AS BIGINT), \
                CAST(SUM(CASE WHEN m.broadband THEN 1 ELSE 0 END) AS BIGINT), \
                CAST(SUM(m.multimedia_rooms) AS BIGINT), CAST(SUM(m.teacher_spaces) AS BIGINT), \
                CAST(SUM(m.student_spaces) AS BIGINT)";
    db.execute_unprepared(&format!(
        "INSERT INTO region_stats (region_id, period, scope, {COLUMNS}) \
         SELECT m.region_id, m.period, {DIRECT}, {sums} \
         FROM school_monthly m GROUP BY m.region_id, m.period"
    ))
    .await?;
    let subtree_sums = COLUMNS
        .split(", ")
        .map(|c| format!("CAST(SUM(d.{c}) AS BIGINT)"))
        .collect::<Vec<_>>()
        .join(", ");
    db.execute_unprepared(&format!(
        "INSERT INTO region_stats (region_id, period, scope, {COLUMNS}) \
         SELECT c.ancestor_id, d.period, {SUBTREE}, {subtree_sums} \
         FROM region_stats d JOIN region_closure c ON c.descendant_id = d.region_id \
         WHERE d.scope = {DIRECT} \
         GROUP BY c.ancestor_id, d.period"
    ))
    .await?;
    Ok(())
}

/// `jyxx rebuild`: recomputes every aggregate in one transaction while
/// writers of the aggregates wait (PostgreSQL: a table lock; SQLite: the
/// write lock), so no save lands between the sums and their storing.
pub async fn rebuild_now(db: &sea_orm::DatabaseConnection) -> Result<(), DbErr> {
    let txn = crate::db::begin_write(db).await?;
    if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        txn.execute_unprepared("LOCK TABLE region_stats IN SHARE ROW EXCLUSIVE MODE")
            .await?;
    }
    rebuild_all(&txn).await?;
    txn.commit().await
}

/// SQL for the subtree totals of the `region_reports` row being written or
/// read, as text ("schools|classes|…"): what a report reported
/// (`region_reports.reported_totals`, set at 审核上报 and at the deadline)
/// and what `check::frozen` compares it with.
pub const SNAPSHOT: &str = "COALESCE((SELECT CAST(s.schools AS TEXT) || '|' || CAST(s.classes AS TEXT) || '|' || \
     CAST(s.teachers AS TEXT) || '|' || CAST(s.students AS TEXT) || '|' || CAST(s.six_three AS TEXT) || '|' || \
     CAST(s.broadband AS TEXT) || '|' || CAST(s.multimedia_rooms AS TEXT) || '|' || \
     CAST(s.teacher_spaces AS TEXT) || '|' || CAST(s.student_spaces AS TEXT) FROM region_stats s \
     WHERE s.region_id = region_reports.region_id AND s.period = region_reports.period AND s.scope = 1), \
     '0|0|0|0|0|0|0|0|0')";
