//! The deadlines: each level's day window closes once per period, across
//! runs and instances, auto-submitting what was left.

use crate::db::{self, numbered, stmt};
use crate::error::ServiceResult;
use crate::live::Change;
use crate::lock::for_update;
use crate::settings;
use crate::workflow::confirm::confirm_schools;
use crate::workflow::confirm::ConfirmScope;
use crate::workflow::rows::audit_many;
use crate::workflow::AuditEntry;
use app::domain::workflow::{self, AuditAction, ReportState};
use app::domain::RegionId;
use app::domain::{cst_date, Level, Period};
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, FromQueryResult, Value};

/// Closes one level's deadline (the instant `deadline`) for one period,
/// exactly once across runs and instances: the marker row is written first,
/// so a second runner blocks on it (PostgreSQL) or finds it (SQLite) and
/// backs off. Returns whether this call did the work.
///
/// Every report row the deadline closes is locked first, whatever its
/// state: a 重报, 取消 or 重新上报 racing the job either commits before it
/// (and the job sees its result) or waits and then finds the month closed.
/// The job changes exactly the rows it locked and audits exactly those.
pub async fn close_deadline(
    db: &DatabaseConnection,
    level: Level,
    period: Period,
    deadline: DateTime<Utc>,
    now: DateTime<Utc>,
) -> ServiceResult<bool> {
    let txn = crate::db::begin_write(db).await?;
    let marked = txn
        .execute(stmt(
            &txn,
            "INSERT INTO deadline_runs (level, period, done_at) VALUES ($1, $2, $3) ON CONFLICT (level, period) DO NOTHING",
            vec![level.into(), period.into(), now.into()],
        ))
        .await?;
    if marked.rows_affected() == 0 {
        txn.rollback().await?;
        return Ok(false);
    }
    let levels: Vec<Level> = Level::ALL
        .into_iter()
        .filter(|l| workflow::closed_by_deadline(*l, level))
        .collect();
    let level_values: Vec<Value> = levels.iter().map(|l| Value::from(*l)).collect();
    let mut v: Vec<Value> = vec![period.into(), ReportState::Pending.into(), now.into()];
    v.extend(level_values.clone());
    txn.execute(stmt(
        &txn,
        &format!(
            "INSERT INTO region_reports (region_id, period, state, version, updated_at) \
             SELECT id, $1, $2, 1, $3 FROM regions WHERE level IN ({}) \
             ON CONFLICT (region_id, period) DO NOTHING",
            numbered(4, levels.len())
        ),
        v,
    ))
    .await?;
    #[derive(FromQueryResult)]
    struct Locked {
        region_id: RegionId,
        state: ReportState,
    }
    let mut v: Vec<Value> = vec![period.into()];
    v.extend(level_values);
    let closing: Vec<Locked> = db::rows::<Locked>(
        &txn,
        &format!(
            "SELECT region_id, state FROM region_reports WHERE period = $1 \
             AND region_id IN (SELECT id FROM regions WHERE level IN ({})){}",
            numbered(2, levels.len()),
            for_update(&txn)
        ),
        v,
    )
    .await?
    .into_iter()
    .filter(|r| workflow::at_deadline(r.state).is_some())
    .collect();
    let to = ReportState::AutoSubmitted;
    // 上报时间 of an auto-submission is the deadline itself, also when the
    // job catches up later.
    for chunk in closing.chunks(500) {
        let mut v: Vec<Value> = vec![
            to.into(),
            deadline.min(now).into(),
            now.into(),
            period.into(),
        ];
        v.extend(chunk.iter().map(|r| Value::from(r.region_id)));
        txn.execute(stmt(
            &txn,
            &format!(
                "UPDATE region_reports SET state = $1, returned_from = NULL, reporter_name = NULL, \
                 reporter_phone = NULL, submitted_by = NULL, submitted_at = $2, version = version + 1, \
                 updated_at = $3, reported_totals = {} WHERE period = $4 AND region_id IN ({})",
                crate::stats::SNAPSHOT,
                numbered(5, chunk.len())
            ),
            v,
        ))
        .await?;
    }
    let became_reported: Vec<RegionId> = closing
        .iter()
        .filter(|r| super::levels::delta(r.state, to) == 1)
        .map(|r| r.region_id)
        .collect();
    super::levels::moved(&txn, period, &became_reported, 1).await?;
    let entries: Vec<AuditEntry> = closing
        .iter()
        .map(|r| AuditEntry {
            actor: None,
            region: r.region_id,
            school: None,
            period,
            action: AuditAction::AutoSubmit,
            from: r.state.code(),
            to: to.code(),
            reason: None,
        })
        .collect();
    audit_many(&txn, &entries, now).await?;
    confirm_schools(&txn, &ConfirmScope::Levels(levels), period, None, now).await?;
    txn.commit().await?;
    Ok(true)
}

/// Runs every deadline that has passed in the last year and has not run yet
/// (catching up after downtime), oldest first. Months before the first
/// month with school data are not the system's: they are skipped. Returns
/// what it closed.
pub async fn run_due_deadlines(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
) -> ServiceResult<Vec<(Level, Period)>> {
    let windows = settings::windows(db).await?;
    let first =
        db::value::<Option<Period>>(db, "SELECT MIN(period) AS p FROM school_monthly", vec![])
            .await?
            .flatten();
    let Some(first) = first else {
        return Ok(Vec::new());
    };
    let mut period = Period::of(cst_date(now));
    let mut periods = vec![period];
    for _ in 0..12 {
        period = period.prev();
        if period < first {
            break;
        }
        periods.push(period);
    }
    periods.reverse();
    #[derive(FromQueryResult)]
    struct Run {
        level: Level,
        period: Period,
    }
    let done: std::collections::HashSet<(Level, Period)> = db::rows::<Run>(
        db,
        "SELECT level, period FROM deadline_runs WHERE period >= $1",
        vec![periods[0].into()],
    )
    .await?
    .into_iter()
    .map(|r| (r.level, r.period))
    .collect();
    let mut closed = Vec::new();
    for p in periods {
        for level in [Level::County, Level::City, Level::Province, Level::National] {
            if done.contains(&(level, p)) || windows.of(level).closes_at(p) > now {
                continue;
            }
            if close_deadline(db, level, p, windows.of(level).closes_at(p), now).await? {
                closed.push((level, p));
            }
        }
    }
    Ok(closed)
}

impl crate::backend::ServerBackend {
    /// Runs the deadlines that are due and tells every open view; sends
    /// the 截止前提醒 that are due.
    pub async fn run_deadlines(&self) -> ServiceResult<usize> {
        let started = std::time::Instant::now();
        let closed = run_due_deadlines(&self.db, self.clock.now()).await;
        self.metrics
            .deadline_seconds
            .observe(started.elapsed().as_secs_f64());
        let closed = closed?;
        self.metrics.deadline_closes.inc_by(closed.len() as u64);
        for (level, period) in &closed {
            tracing::info!(level = app::i18n::Named::name(level, app::i18n::Locale::zh_CN), %period, "deadline closed");
            self.live.publish(Change {
                period: Some(*period),
                regions: None,
            });
        }
        // Reminders go with the same tick; a failure must not stop the
        // deadlines, which already ran.
        match crate::reminders::run(&self.db, self.clock.now()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(reminders = n, "deadline reminders sent"),
            Err(e) => tracing::warn!(error = %e, "deadline reminders failed"),
        }
        Ok(closed.len())
    }
}
