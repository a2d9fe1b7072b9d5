//! Server fns of the school side: only the school's own admin gets through.

use super::model::{SaveOutcome, SchoolMonth};
use crate::domain::figures::CheckedFigures;
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "get_school_month")]
pub async fn get_school_month(
    year: Option<i32>,
    month: Option<u32>,
) -> Result<SchoolMonth, AppError> {
    use crate::backend::{actor, backend, period_or_current};
    let actor = actor().await?;
    let period = period_or_current(year, month)?;
    backend()?.school_month(&actor, period).await
}

#[server(endpoint = "confirm_month")]
pub async fn confirm_month(year: i32, month: u32) -> Result<(), AppError> {
    use crate::backend::{actor, backend, viewable_period};
    let actor = actor().await?;
    let period = viewable_period(year, month)?;
    backend()?.confirm_month(&actor, period).await
}

/// Saves the school's figures for the month if the record is still at
/// `base_version`; answers the server's values when it is not.
#[server(endpoint = "save_school_month", input = leptos::server_fn::codec::Json)]
pub async fn save_school_month(
    year: i32,
    month: u32,
    figures: CheckedFigures,
    base_version: i32,
    confirm_jumps: bool,
) -> Result<SaveOutcome, AppError> {
    use crate::backend::{actor, backend, viewable_period};
    let actor = actor().await?;
    let period = viewable_period(year, month)?;
    backend()?
        .save_school_month(&actor, period, figures.get(), base_version, confirm_jumps)
        .await
}

/// A school of the reviewer's subtree, read-only.
#[server(endpoint = "get_school_view")]
pub async fn get_school_view(
    code: String,
    year: Option<i32>,
    month: Option<u32>,
) -> Result<SchoolMonth, AppError> {
    use crate::backend::{actor, backend, period_or_current};
    let actor = actor().await?;
    let code = crate::report::api::school_code(&code)?;
    let period = period_or_current(year, month)?;
    backend()?.school_view(&actor, code, period).await
}
