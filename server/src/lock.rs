//! The month lock on the database. `app::domain::lock` decides; this module
//! reads what it decides on, and every path that writes a month goes
//! through it inside its own transaction: school saves (first saves too),
//! 月更新确认, 月报文本 uploads, and the administrative changes of a school
//! (create, move, close, reopen — by hand or by import).
//!
//! Isolation: the report row of the month's region is locked (`FOR SHARE`
//! on PostgreSQL; SQLite's writers are serialized by `db::begin_write`)
//! before anything is decided, so a 审核上报 or a deadline that closes the
//! month either commits first (and the write sees the closed month) or
//! waits until the write has committed (and then confirms what it wrote).
//! The ancestors' states are read without a lock: none of them can become
//! reported while that region is still open (a parent submits only when no
//! child is pending or returned, and the deadline job closes the child in
//! the same statement), so the locked row stands for the whole chain.

use crate::db::{self, stmt};
use crate::error::ServiceResult;
use crate::workflow::ensure_report;
use app::domain::lock::{Link, Listed, MonthFacts, SchoolFacts};
use app::domain::school::SchoolState;
use app::domain::{cst_date, Level, Period, ReportState, SchoolType};
use app::domain::{RegionId, SchoolId};
use app::error::AppError;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbBackend, FromQueryResult};

/// The row-lock clause that makes a read hold its rows until commit on
/// PostgreSQL; empty on SQLite, where a write transaction holds the whole
/// database from its first statement.
pub fn for_share(c: &impl ConnectionTrait) -> &'static str {
    match c.get_database_backend() {
        DbBackend::Postgres => " FOR SHARE",
        _ => "",
    }
}

/// `for_share`'s exclusive sibling, for rows the transaction will change.
pub fn for_update(c: &impl ConnectionTrait) -> &'static str {
    match c.get_database_backend() {
        DbBackend::Postgres => " FOR UPDATE",
        _ => "",
    }
}

/// A region of the chain and its report's state (none: no report row).
#[derive(FromQueryResult)]
struct ChainLink {
    name: String,
    level: Level,
    state: Option<ReportState>,
}

/// The regions holding `region`'s month in their totals, from `region`
/// up to the national root, with their report states (`Pending` where no
/// row exists).
pub async fn chain(
    c: &impl ConnectionTrait,
    region: RegionId,
    period: Period,
) -> ServiceResult<Vec<Link>> {
    Ok(db::rows::<ChainLink>(
        c,
        "SELECT r.name, r.level, rr.state FROM region_closure cl JOIN regions r ON r.id = cl.ancestor_id \
         LEFT JOIN region_reports rr ON rr.region_id = r.id AND rr.period = $1 \
         WHERE cl.descendant_id = $2 ORDER BY cl.distance",
        vec![period.into(), region.into()],
    )
    .await?
    .into_iter()
    .map(|l| Link {
        name: l.name,
        level: l.level,
        state: l.state.unwrap_or(ReportState::Pending),
    })
    .collect())
}

/// What decides whether `region`'s month is open, for a page to show.
pub async fn facts(
    c: &impl ConnectionTrait,
    region: RegionId,
    period: Period,
    now: DateTime<Utc>,
) -> ServiceResult<MonthFacts> {
    Ok(MonthFacts {
        period,
        today: cst_date(now),
        windows: crate::settings::windows(c).await?,
        chain: chain(c, region, period).await?,
    })
}

/// The same inside a write transaction, after locking the region's report
/// row for the month (created pending if missing; a refusal rolls it back).
pub async fn locked_facts(
    c: &impl ConnectionTrait,
    region: RegionId,
    period: Period,
    now: DateTime<Utc>,
) -> ServiceResult<MonthFacts> {
    ensure_report(c, region, period, now).await?;
    c.query_one(stmt(
        c,
        &format!(
            "SELECT state FROM region_reports WHERE region_id = $1 AND period = $2{}",
            for_share(c)
        ),
        vec![region.into(), period.into()],
    ))
    .await?;
    facts(c, region, period, now).await
}

/// A school's month, locked for a write: the region it counts for, and
/// what decides whether it may change. `check` then decides, given the
/// month's state as the caller read it after this call.
pub struct SchoolLock {
    /// The region whose totals hold the month.
    pub region: RegionId,
    /// The school's name and type now: what an open month records.
    pub name: String,
    pub school_type: SchoolType,
    pub closed: bool,
    pub listed: Listed,
    pub facts: MonthFacts,
}

impl SchoolLock {
    pub fn check(&self, state: Option<SchoolState>) -> ServiceResult<()> {
        self.facts
            .school_month(&SchoolFacts {
                state,
                closed: self.closed,
                listed: self.listed,
            })
            .map_err(|f| AppError::from(f).into())
    }
}

/// The school row as a month's lock reads it.
#[derive(FromQueryResult)]
struct SchoolNow {
    closed: bool,
    region_id: RegionId,
    name: String,
    school_type: SchoolType,
}

/// Locks the school row (against a concurrent move, close or reopen) and
/// the report row of the region its month counts for, and reads the facts.
pub async fn lock_school_month(
    c: &impl ConnectionTrait,
    school: SchoolId,
    period: Period,
    now: DateTime<Utc>,
) -> ServiceResult<SchoolLock> {
    let row = db::row::<SchoolNow>(
        c,
        &format!(
            "SELECT closed, region_id, name, school_type FROM schools WHERE id = $1{}",
            for_share(c)
        ),
        vec![school.into()],
    )
    .await?
    .ok_or(AppError::NotFound)?;
    let placed = crate::placement::listed::placement(c, school, period).await?;
    // An unlisted month is refused before its region matters; the school's
    // region now stands in, so the answer can still name a reason.
    let region = placed.region.unwrap_or(row.region_id);
    Ok(SchoolLock {
        region,
        name: row.name,
        school_type: row.school_type,
        closed: row.closed,
        listed: placed.listed,
        facts: locked_facts(c, region, period, now).await?,
    })
}
