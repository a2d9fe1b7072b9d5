//! What the server must provide for a school's monthly form (本级填报 of a school): the part of the
//! backend this feature's server fns call (`crate::backend::Backend` is
//! all of them). Server-only.

use crate::domain::code::SchoolCode;
use crate::domain::Figures;
use crate::domain::Period;
use crate::error::AppError;
use crate::school::model::{SaveOutcome, SchoolMonth};

use crate::backend::actor::Actor;

#[async_trait::async_trait]
pub trait SchoolApi: Send + Sync {
    /// The school admin's own school and month.
    async fn school_month(&self, actor: &Actor, period: Period) -> Result<SchoolMonth, AppError>;

    /// A school in the actor's subtree, read-only (reviewers).
    async fn school_view(
        &self,
        actor: &Actor,
        code: SchoolCode,
        period: Period,
    ) -> Result<SchoolMonth, AppError>;

    /// 月更新确认 by the school admin.
    async fn confirm_month(&self, actor: &Actor, period: Period) -> Result<(), AppError>;

    /// Saves the school admin's figures (versioned; validated again here).
    async fn save_school_month(
        &self,
        actor: &Actor,
        period: Period,
        figures: Figures,
        base_version: i32,
        confirm_jumps: bool,
    ) -> Result<SaveOutcome, AppError>;
}
