//! Region transitions: 审核上报 / 重新上报 (`submit`), 重报 (`return_region`)
//! and 取消 (`cancel_region`), each one transaction deciding on the rows it
//! locked.

use crate::db;
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
use crate::workflow::rows::RegionReports;
use crate::workflow::AuditEntry;
use crate::workflow::Touched;
use app::backend::Actor;
use app::domain::code::RegionCode;
use app::domain::school::SchoolState;
use app::domain::workflow::{self, AuditAction, ReportState, SubmitContext};
use app::domain::Period;
use app::domain::RegionId;
use app::error::AppError;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, Keyword};
use sea_orm::{ConnectionTrait, DatabaseConnection, FromQueryResult};

pub(super) async fn count_children(
    c: &impl ConnectionTrait,
    region: RegionId,
    period: Period,
) -> ServiceResult<(u32, u32)> {
    #[derive(FromQueryResult)]
    struct InState {
        state: Option<ReportState>,
        n: i64,
    }
    let mut returned = 0;
    let mut pending = 0;
    for InState { state, n } in db::rows::<InState>(
        c,
        "SELECT rr.state, COUNT(*) AS n FROM regions r \
         LEFT JOIN region_reports rr ON rr.region_id = r.id AND rr.period = $1 \
         WHERE r.parent_id = $2 GROUP BY rr.state",
        vec![period.into(), region.into()],
    )
    .await?
    {
        // No row yet reads as pending.
        match state.unwrap_or(ReportState::Pending) {
            ReportState::Returned => returned += n,
            ReportState::Pending => pending += n,
            _ => {}
        }
    }
    let schools = db::value::<i64>(
        c,
        "SELECT COUNT(*) AS n FROM school_monthly m \
         WHERE m.region_id = $1 AND m.period = $2 AND m.state = $3",
        vec![region.into(), period.into(), SchoolState::Returned.into()],
    )
    .await?
    .unwrap_or(0);
    Ok((fits(returned + schools), fits(pending)))
}

/// A count for the domain's rules, which take `u32`: no subtree is that
/// big, and a bigger count is still "some".
fn fits(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
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
    let has_report_text = db::value::<i32>(
        &txn,
        "SELECT 1 AS x FROM report_texts WHERE region_id = $1 AND period = $2",
        vec![region.into(), period.into()],
    )
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
        rule,
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
        ReportState::Submitted,
        vec![
            (RegionReports::ReturnedFrom, Keyword::Null.into()),
            (RegionReports::ReturnReason, Keyword::Null.into()),
            (RegionReports::ReporterName, actor.name.clone().into()),
            (RegionReports::ReporterPhone, actor.phone.clone().into()),
            (RegionReports::SubmittedAt, now.into()),
            (RegionReports::SubmittedBy, actor.user_id.into()),
            (
                RegionReports::ReportedTotals,
                Expr::cust(crate::stats::SNAPSHOT),
            ),
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
    region: RegionId,
    period: Period,
) -> ServiceResult<u32> {
    let n = db::value::<i64>(
        c,
        "SELECT COUNT(*) AS n FROM audit_log a JOIN region_closure cl ON cl.descendant_id = a.region_id \
         WHERE cl.ancestor_id = $1 AND a.period = $2 AND a.id > \
         (SELECT COALESCE(MAX(r.id), 0) FROM audit_log r WHERE r.region_id = $1 AND r.period = $2 \
          AND r.school_id IS NULL AND r.action = $3)",
        vec![region.into(), period.into(), AuditAction::Return.into()],
    )
    .await?
    .unwrap_or(0);
    Ok(fits(n))
}

/// 重报 of a direct child region.
pub async fn return_region(
    db: &DatabaseConnection,
    actor: &Actor,
    period: Period,
    child_code: &RegionCode,
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
        to,
        vec![
            (RegionReports::ReturnedFrom, row.state.into()),
            (RegionReports::ReturnReason, reason.clone().into()),
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
    child_code: &RegionCode,
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
        to,
        vec![
            (RegionReports::ReturnedFrom, Keyword::Null.into()),
            (RegionReports::ReturnReason, Keyword::Null.into()),
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
