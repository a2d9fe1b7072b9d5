//! Who acts in the workflow: a reviewer, for its own region or (national
//! admin) the region it names, and whether a parent may still return.

use crate::error::ServiceResult;
use crate::lock;
use crate::settings;
use crate::workflow::ensure_report;
use crate::workflow::rows::report_row;
use crate::workflow::rows::ReportRow;
use app::backend::Actor;
use app::domain::window::WindowRule;
use app::domain::workflow::{self, Refusal};
use app::domain::{cst_date, Level, Period, Windows};
use app::error::AppError;
use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;

pub(super) fn require_reviewer(actor: &Actor) -> ServiceResult<()> {
    if actor.role.reviews() {
        Ok(())
    } else {
        Err(AppError::from(Refusal::NotReviewer).into())
    }
}

/// Locks the actor's own report row and checks that its month is open
/// (the month lock): a region acts on its children only while its own
/// month may still change.
pub(super) async fn acting_region(
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
pub(super) async fn parent_may_return(
    c: &impl ConnectionTrait,
    actor: &Actor,
    period: Period,
    now: DateTime<Utc>,
) -> ServiceResult<()> {
    ensure_report(c, actor.region_id, period, now).await?;
    let own = report_row(c, actor.region_id, period).await?;
    let windows = settings::windows(c).await?;
    let (open, rule) = window_facts(&windows, actor.region_level, period, now);
    workflow::check_parent_may_return(own.state, open, rule).map_err(AppError::from)?;
    acting_region(c, actor, period, now).await?;
    Ok(())
}

pub(super) fn window_facts(
    windows: &Windows,
    level: Level,
    period: Period,
    now: DateTime<Utc>,
) -> (bool, WindowRule) {
    let w = windows.of(level);
    (w.is_open(period, cst_date(now)), w.rule(level))
}
