//! Region transitions: 审核上报 / 重新上报 (`submit`), 重报 (`return_region`)
//! and 取消 (`cancel_region`), each one transaction deciding on the rows it
//! locked.

use crate::db::stmt;
use crate::error::ServiceResult;
use crate::lock::{self};
use crate::scope::direct_child;
use crate::settings;
use crate::workflow::acting::acting_region;
use crate::workflow::acting::parent_may_return;
use crate::workflow::acting::require_reviewer;
use crate::workflow::acting::window_facts;
use crate::workflow::audit;
use crate::workflow::confirm::confirm_schools;
use crate::workflow::confirm::ConfirmScope;
use crate::workflow::ensure_report;
use crate::workflow::rows::report_row;
use crate::workflow::rows::update_report;
use crate::workflow::AuditEntry;
use crate::workflow::Touched;
use app::backend::Actor;
use app::domain::school::SchoolState;
use app::domain::workflow::{self, AuditAction, ReportState, SubmitContext};
use app::domain::Period;
use app::error::AppError;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection};

pub(super) async fn count_children(
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
            actor.user_id.into(),
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

/// How many audit rows the subtree of `region` has for `period` since its
/// last 重报: anything that happened below a returned region.
pub(super) async fn changes_since_return(
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
