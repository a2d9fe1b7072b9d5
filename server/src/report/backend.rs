//! `app::report::backend::ReportApi` on the server: 数据上报: the table, the review actions, their history and the trend. Each method
//! authorizes through the actor and calls this feature's queries.

use crate::backend::ServerBackend;
use crate::{report, workflow};
use app::backend::Actor;
use app::domain::code::{RegionCode, SchoolCode};
use app::domain::Period;
use app::error::AppError;
use app::report::model::{AuditRow, ReportTable, SchoolRow};

#[async_trait::async_trait]
impl app::report::backend::ReportApi for ServerBackend {
    async fn report_table(
        &self,
        actor: &Actor,
        region_code: Option<RegionCode>,
        period: Period,
    ) -> Result<ReportTable, AppError> {
        Ok(report::report_table(
            &self.db,
            actor,
            region_code.as_ref(),
            period,
            self.clock.now(),
        )
        .await?)
    }

    async fn direct_schools(
        &self,
        actor: &Actor,
        region_code: RegionCode,
        period: Period,
    ) -> Result<Vec<SchoolRow>, AppError> {
        Ok(report::direct_schools(&self.db, actor, &region_code, period).await?)
    }

    async fn submit_report(&self, actor: &Actor, period: Period) -> Result<(), AppError> {
        let r = workflow::submit(&self.db, actor, period, self.clock.now()).await;
        self.after(r, period).await
    }

    async fn return_region(
        &self,
        actor: &Actor,
        period: Period,
        child: RegionCode,
        reason: String,
    ) -> Result<(), AppError> {
        let r = workflow::return_region(&self.db, actor, period, &child, &reason, self.clock.now())
            .await;
        self.after(r, period).await
    }

    async fn cancel_region(
        &self,
        actor: &Actor,
        period: Period,
        child: RegionCode,
    ) -> Result<(), AppError> {
        let r = workflow::cancel_region(&self.db, actor, period, &child, self.clock.now()).await;
        self.after(r, period).await
    }

    async fn return_school(
        &self,
        actor: &Actor,
        period: Period,
        school: SchoolCode,
        reason: String,
    ) -> Result<(), AppError> {
        let r = workflow::school_action(
            &self.db,
            actor,
            period,
            &school,
            Some(&reason),
            self.clock.now(),
        )
        .await;
        self.after(r, period).await
    }

    async fn cancel_school(
        &self,
        actor: &Actor,
        period: Period,
        school: SchoolCode,
    ) -> Result<(), AppError> {
        let r =
            workflow::school_action(&self.db, actor, period, &school, None, self.clock.now()).await;
        self.after(r, period).await
    }

    async fn audit(
        &self,
        actor: &Actor,
        region_code: Option<RegionCode>,
        period: Period,
    ) -> Result<Vec<AuditRow>, AppError> {
        Ok(report::audit(&self.db, actor, region_code.as_ref(), period).await?)
    }

    async fn trend(
        &self,
        actor: &Actor,
        region_code: Option<RegionCode>,
        year: i32,
    ) -> Result<Vec<app::report::model::TrendPoint>, AppError> {
        Ok(report::trend(
            &self.db,
            actor,
            region_code.as_ref(),
            year,
            self.clock.now(),
        )
        .await?)
    }
}
