//! The review workflow on the database. Every transition is one
//! transaction: read the states, ask `app::domain::workflow` whether the
//! action is allowed, apply it with a conditional update (state and version
//! in the WHERE clause) and write its audit row. Zero rows updated means
//! someone else acted first: a clean conflict, nothing changed.

use crate::db::{placeholders, stmt};
use crate::error::{ServiceError, ServiceResult};
use crate::lock::{self, for_update};
use crate::placement::placed;
use crate::settings;
use app::backend::Actor;
use app::domain::school::SchoolState;
use app::domain::workflow::{self, AuditAction, Refusal, ReportState, SubmitContext};
use app::domain::{cst_date, Level, Period, Windows};
use app::error::AppError;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, Value};

/// What a transition touched: the region whose table row changed.
pub type Touched = i32;

#[derive(Debug, Clone, Copy)]
struct ReportRow {
    state: ReportState,
    version: i32,
    returned_from: Option<ReportState>,
}

pub async fn ensure_report(
    c: &impl ConnectionTrait,
    region: i32,
    period: Period,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    c.execute(stmt(
        c,
        "INSERT INTO region_reports (region_id, period, state, version, updated_at) VALUES (?, ?, ?, 1, ?) \
         ON CONFLICT (region_id, period) DO NOTHING",
        vec![region.into(), period.key().into(), ReportState::Pending.code().into(), now.into()],
    ))
    .await?;
    Ok(())
}

/// A report row, locked until commit: every transition decides on it.
async fn report_row(
    c: &impl ConnectionTrait,
    region: i32,
    period: Period,
) -> ServiceResult<ReportRow> {
    let row = c
        .query_one(stmt(
            c,
            &format!(
                "SELECT state, version, returned_from FROM region_reports WHERE region_id = ? AND period = ?{}",
                for_update(c)
            ),
            vec![region.into(), period.key().into()],
        ))
        .await?
        .ok_or_else(|| ServiceError::Internal("report row missing after ensure".into()))?;
    let state: i16 = row.try_get("", "state")?;
    let from: Option<i16> = row.try_get("", "returned_from")?;
    Ok(ReportRow {
        state: ReportState::from_code(state)
            .ok_or_else(|| ServiceError::Internal(format!("bad state {state}")))?,
        version: row.try_get("", "version")?,
        returned_from: from.and_then(ReportState::from_code),
    })
}

/// `UPDATE … WHERE state = expected AND version = expected`; zero rows is a
/// lost race.
async fn update_report(
    c: &impl ConnectionTrait,
    region: i32,
    period: Period,
    expect: ReportRow,
    sets: &str,
    mut values: Vec<Value>,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let sql = format!(
        "UPDATE region_reports SET {sets}, version = version + 1, updated_at = ? \
         WHERE region_id = ? AND period = ? AND state = ? AND version = ?"
    );
    values.extend([
        now.into(),
        region.into(),
        period.key().into(),
        expect.state.code().into(),
        expect.version.into(),
    ]);
    let r = c.execute(stmt(c, &sql, values)).await?;
    if r.rows_affected() == 1 {
        Ok(())
    } else {
        Err(AppError::Conflict.into())
    }
}

/// The state columns of an audit row that changes no state (a school
/// joining or leaving, a 月报文本): they read "-".
pub const NO_STATE: i16 = -1;

pub struct AuditEntry<'a> {
    pub actor: Option<&'a Actor>,
    pub region: i32,
    pub school: Option<i32>,
    pub period: Period,
    pub action: AuditAction,
    pub from: i16,
    pub to: i16,
    pub reason: Option<&'a str>,
}

pub async fn audit(
    c: &impl ConnectionTrait,
    e: AuditEntry<'_>,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    audit_many(c, std::slice::from_ref(&e), now).await
}

fn require_reviewer(actor: &Actor) -> ServiceResult<()> {
    if actor.role.reviews() {
        Ok(())
    } else {
        Err(AppError::from(Refusal::NotReviewer).into())
    }
}

/// A direct child region of `parent` by code. A region further down the
/// actor's subtree is "不可跨级"; anything else does not exist for it.
async fn direct_child(c: &impl ConnectionTrait, parent: i32, code: &str) -> ServiceResult<i32> {
    if let Some(row) = c
        .query_one(stmt(
            c,
            "SELECT id FROM regions WHERE code = ? AND parent_id = ?",
            vec![code.into(), parent.into()],
        ))
        .await?
    {
        return Ok(row.try_get("", "id")?);
    }
    let below = c
        .query_one(stmt(
            c,
            "SELECT r.id FROM regions r JOIN region_closure cl ON cl.descendant_id = r.id \
             WHERE cl.ancestor_id = ? AND r.code = ? AND cl.distance > 1",
            vec![parent.into(), code.into()],
        ))
        .await?;
    Err(match below {
        Some(_) => AppError::from(Refusal::NotDirect).into(),
        None => AppError::NotFound.into(),
    })
}

/// A school managed directly by `region` in `period`, by code; same scope
/// rule. A month's data belongs where it was reported, wherever the school
/// is now.
async fn direct_school(
    c: &impl ConnectionTrait,
    region: i32,
    code: &str,
    period: Period,
) -> ServiceResult<i32> {
    let row = c
        .query_one(stmt(
            c,
            &format!(
                "SELECT s.id, {placed} AS region_id FROM schools s \
                 LEFT JOIN school_monthly m ON m.school_id = s.id AND m.period = ? \
                 JOIN region_closure cl ON cl.descendant_id = {placed} \
                 WHERE cl.ancestor_id = ? AND s.code = ?",
                placed = placed(period)
            ),
            vec![period.key().into(), region.into(), code.into()],
        ))
        .await?
        .ok_or(AppError::NotFound)?;
    let managing: i32 = row.try_get("", "region_id")?;
    if managing != region {
        return Err(AppError::from(Refusal::NotDirect).into());
    }
    Ok(row.try_get("", "id")?)
}

fn window_facts(
    windows: &Windows,
    level: Level,
    period: Period,
    now: DateTime<Utc>,
) -> (bool, String) {
    let w = windows.of(level);
    (w.is_open(period, cst_date(now)), w.rule_text(level))
}

async fn count_children(
    c: &impl ConnectionTrait,
    region: i32,
    period: Period,
) -> ServiceResult<(u32, u32)> {
    let mut returned = 0;
    let mut pending = 0;
    for row in c
        .query_all(stmt(
            c,
            "SELECT rr.state, COUNT(*) AS n FROM regions r \
             LEFT JOIN region_reports rr ON rr.region_id = r.id AND rr.period = ? \
             WHERE r.parent_id = ? GROUP BY rr.state",
            vec![period.key().into(), region.into()],
        ))
        .await?
    {
        let n = row.try_get::<i64>("", "n")? as u32;
        // No row yet reads as pending.
        let state: Option<i16> = row.try_get("", "state")?;
        match state.map_or(Some(ReportState::Pending), ReportState::from_code) {
            Some(ReportState::Returned) => returned += n,
            Some(ReportState::Pending) => pending += n,
            _ => {}
        }
    }
    let schools = c
        .query_one(stmt(
            c,
            "SELECT COUNT(*) AS n FROM school_monthly m \
             WHERE m.region_id = ? AND m.period = ? AND m.state = ?",
            vec![
                region.into(),
                period.key().into(),
                SchoolState::Returned.code().into(),
            ],
        ))
        .await?
        .map(|r| r.try_get::<i64>("", "n"))
        .transpose()?
        .unwrap_or(0);
    Ok((returned + schools as u32, pending))
}

/// Whose school months a confirmation covers.
enum ConfirmScope {
    /// The schools whose months count for one region (its 审核上报).
    Region(i32),
    /// Every school whose month counts for a region of these levels (a
    /// deadline).
    Levels(Vec<Level>),
}

/// The (who, role, region) columns of an audit row: the actor, or 系统.
fn audit_actor(actor: Option<&Actor>) -> (Option<i32>, String, String, Option<i32>) {
    match actor {
        Some(a) => (
            Some(a.user_id as i32),
            a.name.clone(),
            format!("{}-{}", a.region_name, a.role.label(Some(a.region_level))),
            Some(a.region_id),
        ),
        None => (None, "系统".into(), "系统".into(), None),
    }
}

/// Writes many audit rows at once (a deadline closes thousands).
async fn audit_many(
    c: &impl ConnectionTrait,
    entries: &[AuditEntry<'_>],
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    for chunk in entries.chunks(50) {
        let mut values: Vec<Value> = Vec::with_capacity(chunk.len() * 14);
        for e in chunk {
            let (uid, name, role, rid) = audit_actor(e.actor);
            values.extend([
                e.school.into(),
                e.region.into(),
                now.into(),
                uid.into(),
                name.into(),
                role.into(),
                rid.into(),
                e.region.into(),
                e.school.into(),
                e.period.key().into(),
                e.action.code().into(),
                e.from.into(),
                e.to.into(),
                e.reason.map(str::to_string).into(),
            ]);
        }
        // The target's name as it is now: the row reads the same after a
        // rename.
        let row = format!(
            "SELECT COALESCE((SELECT s.name FROM schools s WHERE s.id = ?), \
             (SELECT r.name FROM regions r WHERE r.id = ?)), {}",
            placeholders(12)
        );
        let rows = vec![row; chunk.len()].join(" UNION ALL ");
        c.execute(stmt(
            c,
            &format!(
                "INSERT INTO audit_log (target_name, at, actor_user_id, actor_name, actor_role, actor_region_id, \
                 region_id, school_id, period, action, from_state, to_state, reason) {rows}"
            ),
            values,
        ))
        .await?;
    }
    Ok(())
}

/// Confirms every unconfirmed school month of `scope` (submitted data is
/// frozen). The rows are locked first and changed by key, and the audit
/// rows are written for exactly the rows changed: a school confirming at
/// the same moment is either seen confirmed or waits for this.
async fn confirm_schools(
    c: &impl ConnectionTrait,
    scope: &ConfirmScope,
    period: Period,
    actor: Option<&Actor>,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let editable: Vec<Value> = [
        SchoolState::Draft,
        SchoolState::Returned,
        SchoolState::Confirmed,
    ]
    .into_iter()
    .filter(|s| workflow::school_at_deadline(*s).is_some())
    .map(|s| s.code().into())
    .collect();
    let (filter, scope_values): (String, Vec<Value>) = match scope {
        ConfirmScope::Region(r) => ("m.region_id = ?".into(), vec![(*r).into()]),
        ConfirmScope::Levels(levels) => (
            format!(
                "m.region_id IN (SELECT id FROM regions WHERE level IN ({}))",
                placeholders(levels.len())
            ),
            levels.iter().map(|l| l.code().into()).collect(),
        ),
    };
    let mut values: Vec<Value> = vec![period.key().into()];
    values.extend(editable.iter().cloned());
    values.extend(scope_values);
    let rows = c
        .query_all(stmt(
            c,
            &format!(
                "SELECT m.school_id, m.region_id, m.state FROM school_monthly m \
                 WHERE m.period = ? AND m.state IN ({}) AND {filter}{}",
                placeholders(editable.len()),
                for_update(c)
            ),
            values,
        ))
        .await?;
    let mut changed = Vec::with_capacity(rows.len());
    for row in rows {
        let school: i32 = row.try_get("", "school_id")?;
        let region: i32 = row.try_get("", "region_id")?;
        let state: i16 = row.try_get("", "state")?;
        changed.push((school, region, state));
    }
    let to = SchoolState::Confirmed.code();
    for chunk in changed.chunks(500) {
        let mut v: Vec<Value> = vec![to.into(), now.into(), period.key().into()];
        v.extend(chunk.iter().map(|(school, _, _)| (*school).into()));
        c.execute(stmt(
            c,
            &format!(
                "UPDATE school_monthly SET state = ?, version = version + 1, updated_at = ? \
                 WHERE period = ? AND school_id IN ({})",
                placeholders(chunk.len())
            ),
            v,
        ))
        .await?;
    }
    let entries: Vec<AuditEntry> = changed
        .iter()
        .map(|(school, region, from)| AuditEntry {
            actor,
            region: *region,
            school: Some(*school),
            period,
            action: AuditAction::AutoConfirm,
            from: *from,
            to,
            reason: None,
        })
        .collect();
    audit_many(c, &entries, now).await
}

/// 审核上报 / 重新上报 of the actor's own region.
pub async fn submit(
    db: &DatabaseConnection,
    actor: &Actor,
    period: Period,
    now: DateTime<Utc>,
) -> ServiceResult<Touched> {
    require_reviewer(actor)?;
    let txn = crate::db::begin_write(db).await?;
    let region = actor.region_id;
    ensure_report(&txn, region, period, now).await?;
    let own = report_row(&txn, region, period).await?;
    let windows = settings::windows(&txn).await?;
    let (window_open, rule) = window_facts(&windows, actor.region_level, period, now);
    let (returned_children, pending_children) = count_children(&txn, region, period).await?;
    let has_report_text = txn
        .query_one(stmt(
            &txn,
            "SELECT 1 AS x FROM report_texts WHERE region_id = ? AND period = ?",
            vec![region.into(), period.key().into()],
        ))
        .await?
        .is_some();
    // The month lock: completing an auto-submitted (or returned) report
    // is over once the level above has reported, and that is the better
    // reason than, say, a missing text (its upload would be refused too);
    // for a pending report the window's rule speaks first. The level
    // above's row is read, not locked: the own row, locked above, keeps
    // it from reporting meanwhile.
    let facts = lock::facts(&txn, region, period, now).await?;
    if matches!(
        own.state,
        ReportState::AutoSubmitted | ReportState::Returned
    ) {
        facts.own_report().map_err(AppError::from)?;
    }
    let kind = workflow::check_submit(
        &SubmitContext {
            own: own.state,
            window_open,
            has_report_text,
            returned_children,
            pending_children,
        },
        &rule,
    )
    .map_err(AppError::from)?;
    facts.own_report().map_err(AppError::from)?;
    confirm_schools(
        &txn,
        &ConfirmScope::Region(region),
        period,
        Some(actor),
        now,
    )
    .await?;
    update_report(
        &txn,
        region,
        period,
        own,
        &format!(
            "state = ?, returned_from = NULL, return_reason = NULL, reporter_name = ?, reporter_phone = ?, \
             submitted_at = ?, submitted_by = ?, reported_totals = {}",
            crate::stats::SNAPSHOT
        ),
        vec![
            ReportState::Submitted.code().into(),
            actor.name.clone().into(),
            actor.phone.clone().into(),
            now.into(),
            (actor.user_id as i32).into(),
        ],
        now,
    )
    .await?;
    audit(
        &txn,
        AuditEntry {
            actor: Some(actor),
            region,
            school: None,
            period,
            action: kind.into(),
            from: own.state.code(),
            to: ReportState::Submitted.code(),
            reason: None,
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(region)
}

/// Locks the actor's own report row and checks that its month is open
/// (the month lock): a region acts on its children only while its own
/// month may still change.
async fn acting_region(
    c: &impl ConnectionTrait,
    actor: &Actor,
    period: Period,
    now: DateTime<Utc>,
) -> ServiceResult<ReportRow> {
    ensure_report(c, actor.region_id, period, now).await?;
    let own = report_row(c, actor.region_id, period).await?;
    lock::facts(c, actor.region_id, period, now)
        .await?
        .region_month()
        .map_err(AppError::from)?;
    Ok(own)
}

/// The actor's own report, after checking it may return children now.
async fn parent_may_return(
    c: &impl ConnectionTrait,
    actor: &Actor,
    period: Period,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    ensure_report(c, actor.region_id, period, now).await?;
    let own = report_row(c, actor.region_id, period).await?;
    let windows = settings::windows(c).await?;
    let (open, rule) = window_facts(&windows, actor.region_level, period, now);
    workflow::check_parent_may_return(own.state, open, &rule).map_err(AppError::from)?;
    acting_region(c, actor, period, now).await?;
    Ok(())
}

/// How many audit rows the subtree of `region` has for `period` since its
/// last 重报: anything that happened below a returned region.
async fn changes_since_return(
    c: &impl ConnectionTrait,
    region: i32,
    period: Period,
) -> ServiceResult<u32> {
    let n: i64 = c
        .query_one(stmt(
            c,
            "SELECT COUNT(*) AS n FROM audit_log a JOIN region_closure cl ON cl.descendant_id = a.region_id \
             WHERE cl.ancestor_id = ? AND a.period = ? AND a.id > \
             (SELECT COALESCE(MAX(r.id), 0) FROM audit_log r WHERE r.region_id = ? AND r.period = ? \
              AND r.school_id IS NULL AND r.action = ?)",
            vec![
                region.into(),
                period.key().into(),
                region.into(),
                period.key().into(),
                AuditAction::Return.code().into(),
            ],
        ))
        .await?
        .map(|r| r.try_get("", "n"))
        .transpose()?
        .unwrap_or(0);
    Ok(n as u32)
}

/// 重报 of a direct child region.
pub async fn return_region(
    db: &DatabaseConnection,
    actor: &Actor,
    period: Period,
    child_code: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> ServiceResult<Touched> {
    require_reviewer(actor)?;
    let reason = workflow::check_reason(reason).map_err(AppError::from)?;
    let txn = crate::db::begin_write(db).await?;
    let child = direct_child(&txn, actor.region_id, child_code).await?;
    parent_may_return(&txn, actor, period, now).await?;
    ensure_report(&txn, child, period, now).await?;
    let row = report_row(&txn, child, period).await?;
    let to = workflow::check_return_region(row.state).map_err(AppError::from)?;
    update_report(
        &txn,
        child,
        period,
        row,
        "state = ?, returned_from = ?, return_reason = ?",
        vec![
            to.code().into(),
            row.state.code().into(),
            reason.clone().into(),
        ],
        now,
    )
    .await?;
    audit(
        &txn,
        AuditEntry {
            actor: Some(actor),
            region: child,
            school: None,
            period,
            action: AuditAction::Return,
            from: row.state.code(),
            to: to.code(),
            reason: Some(&reason),
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(child)
}

/// 取消 the return of a direct child region.
pub async fn cancel_region(
    db: &DatabaseConnection,
    actor: &Actor,
    period: Period,
    child_code: &str,
    now: DateTime<Utc>,
) -> ServiceResult<Touched> {
    require_reviewer(actor)?;
    let txn = crate::db::begin_write(db).await?;
    let child = direct_child(&txn, actor.region_id, child_code).await?;
    acting_region(&txn, actor, period, now).await?;
    ensure_report(&txn, child, period, now).await?;
    let row = report_row(&txn, child, period).await?;
    // The child's row is locked: whatever it does below waits for this.
    let changes = changes_since_return(&txn, child, period).await?;
    let to = workflow::check_cancel_region(
        row.state,
        row.returned_from.unwrap_or(ReportState::Pending),
        changes,
    )
    .map_err(AppError::from)?;
    update_report(
        &txn,
        child,
        period,
        row,
        "state = ?, returned_from = NULL, return_reason = NULL",
        vec![to.code().into()],
        now,
    )
    .await?;
    audit(
        &txn,
        AuditEntry {
            actor: Some(actor),
            region: child,
            school: None,
            period,
            action: AuditAction::Cancel,
            from: row.state.code(),
            to: to.code(),
            reason: None,
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(child)
}

struct SchoolRowState {
    state: SchoolState,
    version: i32,
    /// The region this month was reported to.
    region: i32,
}

async fn school_row(
    c: &impl ConnectionTrait,
    school: i32,
    period: Period,
) -> ServiceResult<SchoolRowState> {
    let row = c
        .query_one(stmt(
            c,
            "SELECT state, version, region_id FROM school_monthly WHERE school_id = ? AND period = ?",
            vec![school.into(), period.key().into()],
        ))
        .await?
        .ok_or_else(|| AppError::Refused("该学校本月尚无数据".into()))?;
    let state: i16 = row.try_get("", "state")?;
    Ok(SchoolRowState {
        state: SchoolState::from_code(state)
            .ok_or_else(|| ServiceError::Internal(format!("bad state {state}")))?,
        version: row.try_get("", "version")?,
        region: row.try_get("", "region_id")?,
    })
}

async fn update_school(
    c: &impl ConnectionTrait,
    school: i32,
    period: Period,
    expect: &SchoolRowState,
    to: SchoolState,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let r = c
        .execute(stmt(
            c,
            "UPDATE school_monthly SET state = ?, return_reason = ?, version = version + 1, updated_at = ? \
             WHERE school_id = ? AND period = ? AND state = ? AND version = ?",
            vec![
                to.code().into(),
                reason.map(str::to_string).into(),
                now.into(),
                school.into(),
                period.key().into(),
                expect.state.code().into(),
                expect.version.into(),
            ],
        ))
        .await?;
    if r.rows_affected() == 1 {
        Ok(())
    } else {
        Err(AppError::Conflict.into())
    }
}

/// 重报 or 取消 of a direct school.
pub async fn school_action(
    db: &DatabaseConnection,
    actor: &Actor,
    period: Period,
    school_code: &str,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> ServiceResult<Touched> {
    require_reviewer(actor)?;
    let reason = reason
        .map(workflow::check_reason)
        .transpose()
        .map_err(AppError::from)?;
    let txn = crate::db::begin_write(db).await?;
    let school = direct_school(&txn, actor.region_id, school_code, period).await?;
    let row = school_row(&txn, school, period).await?;
    let (to, action) = match &reason {
        Some(_) => {
            parent_may_return(&txn, actor, period, now).await?;
            (
                workflow::check_return_school(row.state),
                AuditAction::Return,
            )
        }
        None => {
            acting_region(&txn, actor, period, now).await?;
            (
                workflow::check_cancel_school(row.state),
                AuditAction::Cancel,
            )
        }
    };
    let to = to.map_err(AppError::from)?;
    update_school(&txn, school, period, &row, to, reason.as_deref(), now).await?;
    audit(
        &txn,
        AuditEntry {
            actor: Some(actor),
            region: actor.region_id,
            school: Some(school),
            period,
            action,
            from: row.state.code(),
            to: to.code(),
            reason: reason.as_deref(),
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(actor.region_id)
}

/// 月更新确认 by the school's admin.
pub async fn confirm_month(
    db: &DatabaseConnection,
    actor: &Actor,
    period: Period,
    now: DateTime<Utc>,
) -> ServiceResult<Touched> {
    let school = actor.school_id.ok_or(AppError::NotFound)?;
    let txn = crate::db::begin_write(db).await?;
    let month = lock::lock_school_month(&txn, school, period, now).await?;
    let row = school_row(&txn, school, period).await;
    let row = match row {
        Ok(r) => r,
        Err(e) => {
            // No data: the month's lock is the better reason, if any.
            month.check(None)?;
            return Err(e);
        }
    };
    // The month's lock first: a closed school is told it is closed, not
    // what state its month was left in.
    month.check(Some(row.state))?;
    let to = workflow::check_confirm(row.state).map_err(AppError::from)?;
    update_school(&txn, school, period, &row, to, None, now).await?;
    audit(
        &txn,
        AuditEntry {
            actor: Some(actor),
            region: row.region,
            school: Some(school),
            period,
            action: AuditAction::Confirm,
            from: row.state.code(),
            to: to.code(),
            reason: None,
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(row.region)
}

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
            "INSERT INTO deadline_runs (level, period, done_at) VALUES (?, ?, ?) ON CONFLICT (level, period) DO NOTHING",
            vec![level.code().into(), period.key().into(), now.into()],
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
    let level_values: Vec<Value> = levels.iter().map(|l| l.code().into()).collect();
    let level_list = placeholders(levels.len());
    let mut v: Vec<Value> = vec![
        period.key().into(),
        ReportState::Pending.code().into(),
        now.into(),
    ];
    v.extend(level_values.clone());
    txn.execute(stmt(
        &txn,
        &format!(
            "INSERT INTO region_reports (region_id, period, state, version, updated_at) \
             SELECT id, ?, ?, 1, ? FROM regions WHERE level IN ({level_list}) \
             ON CONFLICT (region_id, period) DO NOTHING"
        ),
        v,
    ))
    .await?;
    let mut v: Vec<Value> = vec![period.key().into()];
    v.extend(level_values);
    let locked = txn
        .query_all(stmt(
            &txn,
            &format!(
                "SELECT region_id, state FROM region_reports WHERE period = ? \
                 AND region_id IN (SELECT id FROM regions WHERE level IN ({level_list})){}",
                for_update(&txn)
            ),
            v,
        ))
        .await?;
    let mut closing: Vec<(i32, i16)> = Vec::new();
    for row in locked {
        let state: i16 = row.try_get("", "state")?;
        let known = ReportState::from_code(state)
            .ok_or_else(|| ServiceError::Internal(format!("bad state {state}")))?;
        if workflow::at_deadline(known).is_some() {
            closing.push((row.try_get("", "region_id")?, state));
        }
    }
    let to = ReportState::AutoSubmitted.code();
    // 上报时间 of an auto-submission is the deadline itself, also when the
    // job catches up later.
    for chunk in closing.chunks(500) {
        let mut v: Vec<Value> = vec![
            to.into(),
            deadline.min(now).into(),
            now.into(),
            period.key().into(),
        ];
        v.extend(chunk.iter().map(|(r, _)| (*r).into()));
        txn.execute(stmt(
            &txn,
            &format!(
                "UPDATE region_reports SET state = ?, returned_from = NULL, reporter_name = NULL, \
                 reporter_phone = NULL, submitted_by = NULL, submitted_at = ?, version = version + 1, \
                 updated_at = ?, reported_totals = {} WHERE period = ? AND region_id IN ({})",
                crate::stats::SNAPSHOT,
                placeholders(chunk.len())
            ),
            v,
        ))
        .await?;
    }
    let entries: Vec<AuditEntry> = closing
        .iter()
        .map(|(region, from)| AuditEntry {
            actor: None,
            region: *region,
            school: None,
            period,
            action: AuditAction::AutoSubmit,
            from: *from,
            to,
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
    let first: Option<i32> = db
        .query_one(stmt(
            db,
            "SELECT MIN(period) AS p FROM school_monthly",
            vec![],
        ))
        .await?
        .map(|r| r.try_get::<Option<i32>>("", "p"))
        .transpose()?
        .flatten();
    let Some(first) = first else {
        return Ok(Vec::new());
    };
    let mut period = Period::of(cst_date(now));
    let mut periods = vec![period];
    for _ in 0..12 {
        period = period.prev();
        if period.key() < first {
            break;
        }
        periods.push(period);
    }
    periods.reverse();
    let done: std::collections::HashSet<(i16, i32)> = db
        .query_all(stmt(
            db,
            "SELECT level, period FROM deadline_runs WHERE period >= ?",
            vec![periods[0].key().into()],
        ))
        .await?
        .iter()
        .map(|r| {
            Ok((
                r.try_get::<i16>("", "level")?,
                r.try_get::<i32>("", "period")?,
            ))
        })
        .collect::<Result<_, ServiceError>>()?;
    let mut closed = Vec::new();
    for p in periods {
        for level in [Level::County, Level::City, Level::Province, Level::National] {
            if done.contains(&(level.code(), p.key())) || windows.of(level).closes_at(p) > now {
                continue;
            }
            if close_deadline(db, level, p, windows.of(level).closes_at(p), now).await? {
                closed.push((level, p));
            }
        }
    }
    Ok(closed)
}
