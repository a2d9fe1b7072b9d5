//! 是否上报's counts per level ("市级: 14/14 县级: 134/134"), kept so that a
//! status table reads them in O(levels) whatever the size of its subtree
//! (they were a count over the whole subtree on every read: a national
//! read cost 7–13× a county's).
//!
//! - `region_level_sizes (region_id, level, total)`: how many regions of
//!   each level lie below a region. The tree changes only when seeded
//!   (regions are renamed, never added or moved), so `rebuild` fills it.
//! - `region_level_reports (region_id, period, level, reported)`: how many
//!   of them stand reported (submitted or auto-submitted) for a month.
//!   Moved in the transaction that moves a report's state, by the two
//!   statements that can: `rows::update_report` (every reviewer's
//!   transition) and the deadline job's auto-submission. Each ancestor row
//!   is taken in (region, level) order, so two transitions never wait on
//!   each other's rows in opposite orders.
//!
//! `recount` is the count from scratch (the old query): the tests and
//! `jyxx check` compare the two.

use crate::db::{self, stmt};
use crate::error::ServiceResult;
use app::domain::workflow::ReportState;
use app::domain::{Level, Period, RegionId};
use app::report::model::LevelCount;
use sea_orm::{ConnectionTrait, FromQueryResult, Value};

#[derive(FromQueryResult)]
struct Row {
    level: Level,
    total: i64,
    reported: Option<i64>,
}

impl From<Row> for LevelCount {
    fn from(r: Row) -> Self {
        LevelCount {
            level: r.level,
            reported: r.reported.unwrap_or(0),
            total: r.total,
        }
    }
}

/// Fills both tables from the tree and the report rows, for every month
/// (seeding: the regions, then the reports).
pub async fn rebuild(c: &impl ConnectionTrait) -> Result<(), sea_orm::DbErr> {
    c.execute_unprepared("DELETE FROM region_level_reports")
        .await?;
    c.execute_unprepared("DELETE FROM region_level_sizes")
        .await?;
    c.execute_unprepared(
        "INSERT INTO region_level_sizes (region_id, level, total) \
         SELECT c.ancestor_id, r.level, COUNT(*) FROM region_closure c \
         JOIN regions r ON r.id = c.descendant_id \
         WHERE c.distance > 0 GROUP BY c.ancestor_id, r.level",
    )
    .await?;
    c.execute(stmt(
        c,
        "INSERT INTO region_level_reports (region_id, period, level, reported) \
         SELECT c.ancestor_id, rr.period, r.level, COUNT(*) FROM region_closure c \
         JOIN regions r ON r.id = c.descendant_id \
         JOIN region_reports rr ON rr.region_id = r.id \
         WHERE c.distance > 0 AND rr.state IN ($1, $2) \
         GROUP BY c.ancestor_id, rr.period, r.level",
        vec![
            ReportState::Submitted.into(),
            ReportState::AutoSubmitted.into(),
        ],
    ))
    .await?;
    Ok(())
}

/// `regions` became reported for `period` (`delta` 1) or stopped being so
/// (`delta` -1): every ancestor's count of their level moves by `delta`.
pub(super) async fn moved(
    c: &impl ConnectionTrait,
    period: Period,
    regions: &[RegionId],
    delta: i64,
) -> ServiceResult<()> {
    for chunk in regions.chunks(500) {
        let mut v: Vec<Value> = vec![period.into(), delta.into()];
        v.extend(chunk.iter().map(|r| Value::from(*r)));
        c.execute(stmt(
            c,
            &format!(
                "INSERT INTO region_level_reports (region_id, period, level, reported) \
                 SELECT c.ancestor_id, $1, r.level, COUNT(*) * $2 FROM region_closure c \
                 JOIN regions r ON r.id = c.descendant_id \
                 WHERE c.distance > 0 AND c.descendant_id IN ({}) \
                 GROUP BY c.ancestor_id, r.level ORDER BY c.ancestor_id, r.level \
                 ON CONFLICT (region_id, period, level) \
                 DO UPDATE SET reported = region_level_reports.reported + excluded.reported",
                db::numbered(3, chunk.len())
            ),
            v,
        ))
        .await?;
    }
    Ok(())
}

/// A state change's move of the counts: +1 into reported, -1 out of it.
pub(super) fn delta(from: ReportState, to: ReportState) -> i64 {
    i64::from(to.is_reported()) - i64::from(from.is_reported())
}

/// The counts below `region` for `period`, one per level below it, in
/// level order: O(levels).
pub async fn counts(
    c: &impl ConnectionTrait,
    region: RegionId,
    period: Period,
) -> ServiceResult<Vec<LevelCount>> {
    Ok(db::rows::<Row>(
        c,
        "SELECT s.level, s.total, l.reported FROM region_level_sizes s \
         LEFT JOIN region_level_reports l ON l.region_id = s.region_id AND l.level = s.level AND l.period = $1 \
         WHERE s.region_id = $2 ORDER BY s.level",
        vec![period.into(), region.into()],
    )
    .await?
    .into_iter()
    .map(LevelCount::from)
    .collect())
}

/// The same counts from scratch, over the whole subtree.
pub async fn recount(
    c: &impl ConnectionTrait,
    region: RegionId,
    period: Period,
) -> ServiceResult<Vec<LevelCount>> {
    Ok(db::rows::<Row>(
        c,
        "SELECT r.level, COUNT(*) AS total, \
         CAST(SUM(CASE WHEN rr.state IN ($1, $2) THEN 1 ELSE 0 END) AS BIGINT) AS reported \
         FROM region_closure c JOIN regions r ON r.id = c.descendant_id \
         LEFT JOIN region_reports rr ON rr.region_id = r.id AND rr.period = $3 \
         WHERE c.ancestor_id = $4 AND c.distance > 0 GROUP BY r.level ORDER BY r.level",
        vec![
            ReportState::Submitted.into(),
            ReportState::AutoSubmitted.into(),
            period.into(),
            region.into(),
        ],
    )
    .await?
    .into_iter()
    .map(LevelCount::from)
    .collect())
}
