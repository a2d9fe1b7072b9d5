//! School transitions: 月更新确认 by the school, 重报 and 取消 of a school
//! by its managing region, and the confirmation of every pending school
//! month when a region reports.

use crate::db::{self, stmt};
use crate::error::ServiceResult;
use crate::lock::{self};
use crate::scope::direct_school;
use crate::workflow::acting::acting_region;
use crate::workflow::acting::parent_may_return;
use crate::workflow::acting::require_reviewer;
use crate::workflow::audit;
use crate::workflow::AuditEntry;
use crate::workflow::Touched;
use app::backend::Actor;
use app::domain::code::SchoolCode;
use app::domain::school::SchoolState;
use app::domain::workflow::{self, AuditAction};
use app::domain::Period;
use app::domain::{RegionId, SchoolId};
use app::error::AppError;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, FromQueryResult};

#[derive(FromQueryResult)]
pub(super) struct SchoolRowState {
    pub(super) state: SchoolState,
    pub(super) version: i32,
    /// The region this month was reported to.
    pub(super) region: RegionId,
}

pub(super) async fn school_row(
    c: &impl ConnectionTrait,
    school: SchoolId,
    period: Period,
) -> ServiceResult<SchoolRowState> {
    Ok(db::row::<SchoolRowState>(
        c,
        "SELECT state, version, region_id AS region FROM school_monthly WHERE school_id = $1 AND period = $2",
        vec![school.into(), period.into()],
    )
    .await?
    .ok_or_else(|| AppError::Refused(app::message::ServiceIssue::SchoolNoData.into()))?)
}

pub(super) async fn update_school(
    c: &impl ConnectionTrait,
    school: SchoolId,
    period: Period,
    expect: &SchoolRowState,
    to: SchoolState,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    let r = c
        .execute(stmt(
            c,
            "UPDATE school_monthly SET state = $1, return_reason = $2, version = version + 1, updated_at = $3 \
             WHERE school_id = $4 AND period = $5 AND state = $6 AND version = $7",
            vec![
                to.into(),
                reason.map(str::to_string).into(),
                now.into(),
                school.into(),
                period.into(),
                expect.state.into(),
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
    school_code: &SchoolCode,
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
