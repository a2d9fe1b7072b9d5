//! Wire types of the questionnaire.

use crate::domain::questionnaire::Questionnaire;
use crate::report::model::RegionRef;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionnaireView {
    pub region: RegionRef,
    pub answers: Questionnaire,
    /// 0 until first saved.
    pub version: i32,
    /// 最后更新: who and when; `None` until first saved.
    pub updated: Option<crate::school::model::LastSaved>,
    pub editable: bool,
    /// The login of the reader: device drafts are kept per user.
    pub editor: String,
}

pub type SaveOutcome = crate::domain::versioned::SaveOutcome<Questionnaire>;
