//! What the server must provide for a region's questionnaire (本级填报 of a region): the part of the
//! backend this feature's server fns call (`crate::backend::Backend` is
//! all of them). Server-only.

use crate::domain::code::RegionCode;
use crate::domain::questionnaire::Questionnaire;
use crate::error::AppError;
use crate::questionnaire::model::QuestionnaireView;

use crate::backend::actor::Actor;

#[async_trait::async_trait]
pub trait QuestionnaireApi: Send + Sync {
    /// The questionnaire of a region in scope (default: the actor's own).
    async fn questionnaire(
        &self,
        actor: &Actor,
        region_code: Option<RegionCode>,
    ) -> Result<QuestionnaireView, AppError>;

    /// Saves the actor's own region's questionnaire (versioned).
    async fn save_questionnaire(
        &self,
        actor: &Actor,
        answers: Questionnaire,
        base_version: i32,
    ) -> Result<crate::questionnaire::model::SaveOutcome, AppError>;
}
