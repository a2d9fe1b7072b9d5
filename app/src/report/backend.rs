//! What the server must provide for 数据上报: the status table, the review actions and their history: the part of the
//! backend this feature's server fns call (`crate::backend::Backend` is
//! all of them). Server-only.

use crate::domain::code::{RegionCode, SchoolCode};
use crate::domain::Period;
use crate::error::AppError;
use crate::report::model::{AuditRow, ReportTable, SchoolRow};

use crate::backend::actor::Actor;

#[async_trait::async_trait]
pub trait ReportApi: Send + Sync {
    /// The status table of `region_code` (the actor's own region when
    /// `None`); `NotFound` when the region is outside the actor's subtree.
    async fn report_table(
        &self,
        actor: &Actor,
        region_code: Option<RegionCode>,
        period: Period,
    ) -> Result<ReportTable, AppError>;

    /// The schools directly managed by `region_code`, with their data for
    /// `period`; same scope rule as `report_table`.
    async fn direct_schools(
        &self,
        actor: &Actor,
        region_code: RegionCode,
        period: Period,
    ) -> Result<Vec<SchoolRow>, AppError>;

    /// 审核上报 / 重新上报 of the actor's own region.
    async fn submit_report(&self, actor: &Actor, period: Period) -> Result<(), AppError>;

    /// 重报 of a direct child region, with a reason.
    async fn return_region(
        &self,
        actor: &Actor,
        period: Period,
        child: RegionCode,
        reason: String,
    ) -> Result<(), AppError>;

    /// 取消 a return of a direct child region.
    async fn cancel_region(
        &self,
        actor: &Actor,
        period: Period,
        child: RegionCode,
    ) -> Result<(), AppError>;

    /// 重报 of a direct school, with a reason.
    async fn return_school(
        &self,
        actor: &Actor,
        period: Period,
        school: SchoolCode,
        reason: String,
    ) -> Result<(), AppError>;

    /// 取消 a return of a direct school.
    async fn cancel_school(
        &self,
        actor: &Actor,
        period: Period,
        school: SchoolCode,
    ) -> Result<(), AppError>;

    /// The audit log of a region (in scope) and month, newest first.
    async fn audit(
        &self,
        actor: &Actor,
        region_code: Option<RegionCode>,
        period: Period,
    ) -> Result<Vec<AuditRow>, AppError>;

    /// 年度趋势: the 合计 of a region in scope for each month of `year` that
    /// has data, up to the current month.
    async fn trend(
        &self,
        actor: &Actor,
        region_code: Option<RegionCode>,
        year: i32,
    ) -> Result<Vec<crate::report::model::TrendPoint>, AppError>;
}
