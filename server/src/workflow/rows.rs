//! The rows every transition reads and writes: a region's report row
//! (created on first use, read, conditionally updated) and the audit log.

use crate::db::{placeholders, stmt};
use crate::error::{ServiceError, ServiceResult};
use crate::lock::for_update;
use app::backend::Actor;
use app::domain::workflow::{AuditAction, ReportState};
use app::domain::Period;
use app::error::AppError;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, Value};

#[derive(Debug, Clone, Copy)]
pub(super) struct ReportRow {
    pub(super) state: ReportState,
    pub(super) version: i32,
    pub(super) returned_from: Option<ReportState>,
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
pub(super) async fn report_row(
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
pub(super) async fn update_report(
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

/// The (who, role, region) columns of an audit row: the actor, or 系统.
pub(super) fn audit_actor(actor: Option<&Actor>) -> (Option<i32>, String, String, Option<i32>) {
    match actor {
        Some(a) => (
            Some(a.user_id),
            a.name.clone(),
            format!("{}-{}", a.region_name, a.role.label(Some(a.region_level))),
            Some(a.region_id),
        ),
        None => (None, "系统".into(), "系统".into(), None),
    }
}

/// Writes many audit rows at once (a deadline closes thousands).
pub(super) async fn audit_many(
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
