//! Server fns of the questionnaire.

use super::model::{QuestionnaireView, SaveOutcome};
use crate::domain::questionnaire::Questionnaire;
use crate::error::AppError;
use leptos::prelude::*;

/// The questionnaire of `region` (default: the actor's own), in scope.
#[server(endpoint = "get_questionnaire")]
pub async fn get_questionnaire(region: Option<String>) -> Result<QuestionnaireView, AppError> {
    use crate::backend::{actor, backend};
    let actor = actor().await?;
    let region = crate::report::api::region_code_or_own(region)?;
    backend()?.questionnaire(&actor, region).await
}

/// Saves the actor's own region's answers if still at `base_version`.
#[server(endpoint = "save_questionnaire", input = leptos::server_fn::codec::Json)]
pub async fn save_questionnaire(
    answers: Questionnaire,
    base_version: i32,
) -> Result<SaveOutcome, AppError> {
    use crate::backend::{actor, backend};
    let actor = actor().await?;
    if let Some(issue) = crate::domain::questionnaire::validate(&answers)
        .into_iter()
        .next()
    {
        return Err(issue.into());
    }
    backend()?
        .save_questionnaire(&actor, answers, base_version)
        .await
}
