//! `app::questionnaire::backend::QuestionnaireApi` on the server: a region's questionnaire. Each method
//! authorizes through the actor and calls this feature's queries.

use crate::backend::ServerBackend;
use crate::questionnaire;
use app::backend::Actor;
use app::domain::code::RegionCode;
use app::domain::questionnaire::Questionnaire;
use app::error::AppError;
use app::questionnaire::model::QuestionnaireView;

#[async_trait::async_trait]
impl app::questionnaire::backend::QuestionnaireApi for ServerBackend {
    async fn questionnaire(
        &self,
        actor: &Actor,
        region_code: Option<RegionCode>,
    ) -> Result<QuestionnaireView, AppError> {
        Ok(questionnaire::view(&self.db, actor, region_code.as_ref()).await?)
    }

    async fn save_questionnaire(
        &self,
        actor: &Actor,
        answers: Questionnaire,
        base_version: i32,
    ) -> Result<app::questionnaire::model::SaveOutcome, AppError> {
        Ok(questionnaire::save(&self.db, actor, answers, base_version, self.clock.now()).await?)
    }
}
