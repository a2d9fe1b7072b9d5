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

use crate::db::stmt;
use crate::error::{ServiceError, ServiceResult};
use crate::workflow::ensure_report;
use app::domain::lock::{change_candidates, effective_from, Link, Listed, MonthFacts, SchoolFacts};
use app::domain::school::SchoolState;
use app::domain::{cst_date, Level, Period, ReportState};
use app::error::AppError;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbBackend};

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

/// The regions holding `region`'s month in their totals, from `region`
/// up to the national root, with their report states (`Pending` where no
/// row exists).
pub async fn chain(
    c: &impl ConnectionTrait,
    region: i32,
    period: Period,
) -> ServiceResult<Vec<Link>> {
    c.query_all(stmt(
        c,
        "SELECT r.name, r.level, rr.state FROM region_closure cl JOIN regions r ON r.id = cl.ancestor_id \
         LEFT JOIN region_reports rr ON rr.region_id = r.id AND rr.period = ? \
         WHERE cl.descendant_id = ? ORDER BY cl.distance",
        vec![period.key().into(), region.into()],
    ))
    .await?
    .iter()
    .map(|row| {
        let level: i16 = row.try_get("", "level")?;
        let state: Option<i16> = row.try_get("", "state")?;
        Ok(Link {
            name: row.try_get("", "name")?,
            level: Level::from_code(level)
                .ok_or_else(|| ServiceError::Internal(format!("bad level {level}")))?,
            state: match state {
                None => ReportState::Pending,
                Some(s) => ReportState::from_code(s)
                    .ok_or_else(|| ServiceError::Internal(format!("bad state {s}")))?,
            },
        })
    })
    .collect()
}

/// What decides whether `region`'s month is open, for a page to show.
pub async fn facts(
    c: &impl ConnectionTrait,
    region: i32,
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
    region: i32,
    period: Period,
    now: DateTime<Utc>,
) -> ServiceResult<MonthFacts> {
    ensure_report(c, region, period, now).await?;
    c.query_one(stmt(
        c,
        &format!(
            "SELECT state FROM region_reports WHERE region_id = ? AND period = ?{}",
            for_share(c)
        ),
        vec![region.into(), period.key().into()],
    ))
    .await?;
    facts(c, region, period, now).await
}

/// Where a school's month stands: the region it counts for (`None` when
/// the school is not listed that month) and whether it is listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    pub region: Option<i32>,
    pub listed: Listed,
}

/// A month with data counts where it was first saved; a month without
/// data, where the school was placed for it (`school_placements`).
pub async fn placement(
    c: &impl ConnectionTrait,
    school: i32,
    period: Period,
) -> ServiceResult<Placement> {
    if let Some(row) = c
        .query_one(stmt(
            c,
            "SELECT region_id FROM school_monthly WHERE school_id = ? AND period = ?",
            vec![school.into(), period.key().into()],
        ))
        .await?
    {
        return Ok(Placement {
            region: Some(row.try_get("", "region_id")?),
            listed: Listed::Yes,
        });
    }
    if let Some(row) = c
        .query_one(stmt(
            c,
            "SELECT region_id FROM school_placements WHERE school_id = ? AND from_period <= ? \
             ORDER BY from_period DESC LIMIT 1",
            vec![school.into(), period.key().into()],
        ))
        .await?
    {
        let region: Option<i32> = row.try_get("", "region_id")?;
        return Ok(Placement {
            region,
            listed: if region.is_some() {
                Listed::Yes
            } else {
                Listed::No
            },
        });
    }
    let since: Option<i32> = c
        .query_one(stmt(
            c,
            "SELECT MIN(from_period) AS p FROM school_placements WHERE school_id = ?",
            vec![school.into()],
        ))
        .await?
        .map(|r| r.try_get("", "p"))
        .transpose()?
        .flatten();
    Ok(Placement {
        region: None,
        listed: match since.map(Period::from_key) {
            Some(Ok(since)) => Listed::NotYet(since),
            _ => Listed::No,
        },
    })
}

/// A school's month, locked for a write: the region it counts for, and
/// what decides whether it may change. `check` then decides, given the
/// month's state as the caller read it after this call.
pub struct SchoolLock {
    /// The region whose totals hold the month.
    pub region: i32,
    /// The school's name and type now: what an open month records.
    pub name: String,
    pub school_type: i16,
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

/// Locks the school row (against a concurrent move, close or reopen) and
/// the report row of the region its month counts for, and reads the facts.
pub async fn lock_school_month(
    c: &impl ConnectionTrait,
    school: i32,
    period: Period,
    now: DateTime<Utc>,
) -> ServiceResult<SchoolLock> {
    let row = c
        .query_one(stmt(
            c,
            &format!(
                "SELECT closed, region_id, name, school_type FROM schools WHERE id = ?{}",
                for_share(c)
            ),
            vec![school.into()],
        ))
        .await?
        .ok_or(AppError::NotFound)?;
    let closed: bool = row.try_get("", "closed")?;
    let current: i32 = row.try_get("", "region_id")?;
    let placed = placement(c, school, period).await?;
    // An unlisted month is refused before its region matters; the school's
    // region now stands in, so the answer can still name a reason.
    let region = placed.region.unwrap_or(current);
    Ok(SchoolLock {
        region,
        name: row.try_get("", "name")?,
        school_type: row.try_get("", "school_type")?,
        closed,
        listed: placed.listed,
        facts: locked_facts(c, region, period, now).await?,
    })
}

/// From which month an administrative change of a school takes effect:
/// `school` (None for a new one) is placed under `to` (None: closed). The
/// first month still open for every region involved — where the school
/// counts now and where it will count — through the current month; the
/// months before it stay as they were reported.
pub async fn effective_period(
    c: &impl ConnectionTrait,
    school: Option<i32>,
    to: Option<i32>,
    now: DateTime<Utc>,
) -> ServiceResult<Period> {
    let mut candidates = Vec::new();
    for p in change_candidates(cst_date(now)) {
        let mut regions: Vec<i32> = to.into_iter().collect();
        let mut listed = true;
        if let Some(school) = school {
            let placed = placement(c, school, p).await?;
            match placed.listed {
                // Not in the system yet that month: a change cannot reach
                // back before the school existed.
                Listed::NotYet(_) => listed = false,
                Listed::Yes | Listed::No => regions.extend(placed.region),
            }
        }
        let mut open = listed;
        for r in regions {
            if open {
                open = locked_facts(c, r, p, now).await?.region_month().is_ok();
            }
        }
        candidates.push((p, open));
    }
    Ok(effective_from(&candidates))
}

/// Places `school` under `region` (None: closed) from `from` on, replacing
/// whatever was planned for later months.
pub async fn set_placement(
    c: &impl ConnectionTrait,
    school: i32,
    from: Period,
    region: Option<i32>,
) -> ServiceResult<()> {
    c.execute(stmt(
        c,
        "DELETE FROM school_placements WHERE school_id = ? AND from_period >= ?",
        vec![school.into(), from.key().into()],
    ))
    .await?;
    c.execute(stmt(
        c,
        "INSERT INTO school_placements (school_id, from_period, region_id) VALUES (?, ?, ?)",
        vec![school.into(), from.key().into(), region.into()],
    ))
    .await?;
    Ok(())
}

/// The SQL for the region a school `s`'s month counts for in `period`, in a
/// query that LEFT JOINs that month's row as `m`: where the month was
/// reported if it was, else where the school was placed for it (NULL when
/// it was not listed).
pub fn placed(period: Period) -> String {
    format!(
        "COALESCE(m.region_id, (SELECT pl.region_id FROM school_placements pl \
         WHERE pl.school_id = s.id AND pl.from_period <= {key} \
         ORDER BY pl.from_period DESC LIMIT 1))",
        key = period.key()
    )
}
