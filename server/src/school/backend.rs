//! `app::school::backend::SchoolApi` on the server: a school's monthly form. Each method
//! authorizes through the actor and calls this feature's queries.

use crate::backend::ServerBackend;
use crate::{school, workflow};
use app::backend::Actor;
use app::domain::code::SchoolCode;
use app::domain::Figures;
use app::domain::Period;
use app::error::AppError;
use app::school::model::{SaveOutcome, SchoolMonth};

#[async_trait::async_trait]
impl app::school::backend::SchoolApi for ServerBackend {
    async fn school_month(&self, actor: &Actor, period: Period) -> Result<SchoolMonth, AppError> {
        Ok(school::school_month(&self.db, actor, period, self.clock.now()).await?)
    }

    async fn school_view(
        &self,
        actor: &Actor,
        code: SchoolCode,
        period: Period,
    ) -> Result<SchoolMonth, AppError> {
        Ok(school::school_view(&self.db, actor, &code, period, self.clock.now()).await?)
    }

    async fn confirm_month(&self, actor: &Actor, period: Period) -> Result<(), AppError> {
        let r = workflow::confirm_month(&self.db, actor, period, self.clock.now()).await;
        self.after(r, period).await
    }

    async fn save_school_month(
        &self,
        actor: &Actor,
        period: Period,
        figures: Figures,
        base_version: i32,
        confirm_jumps: bool,
    ) -> Result<SaveOutcome, AppError> {
        let (outcome, touched) = school::save_month(
            &self.db,
            actor,
            period,
            figures,
            base_version,
            confirm_jumps,
            self.clock.now(),
        )
        .await?;
        if let Some(region) = touched {
            self.after(Ok(region), period).await?;
        }
        Ok(outcome)
    }
}
