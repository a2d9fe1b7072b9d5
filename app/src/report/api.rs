//! Server fns of the status screen. Each authorizes: the backend answers
//! "未找到" for any region outside the actor's subtree, and refuses actions
//! on anything but the actor's direct children.

use super::model::{AuditRow, ReportTable, SchoolRow};
use crate::domain::code::{RegionCode, SchoolCode};
use crate::error::AppError;
use leptos::prelude::*;

/// A region code from a request, parsed by the domain's one rule: the
/// codes travel as text, and every server fn parses them here, once, into
/// the `RegionCode` / `SchoolCode` that the backend and its scope queries
/// take. A malformed code is the user's mistake (400, 地区代码须为 6 位数字).
pub fn region_code(code: &str) -> Result<RegionCode, AppError> {
    Ok(RegionCode::parse(code)?)
}

/// An optional region code (`None`: the actor's own region).
pub fn region_code_or_own(code: Option<String>) -> Result<Option<RegionCode>, AppError> {
    code.as_deref().map(region_code).transpose()
}

/// A school code from a request, parsed by the domain's one rule.
pub fn school_code(code: &str) -> Result<SchoolCode, AppError> {
    Ok(SchoolCode::parse(code)?)
}

/// The table of `region` (default: the actor's own) for `year`/`month`
/// (default: the current month on the server's clock).
#[server(endpoint = "get_report_table")]
pub async fn get_report_table(
    region: Option<String>,
    year: Option<i32>,
    month: Option<u32>,
) -> Result<ReportTable, AppError> {
    use crate::backend::{actor, backend, period_or_current};
    let actor = actor().await?;
    let region = region_code_or_own(region)?;
    let period = period_or_current(year, month)?;
    backend()?.report_table(&actor, region, period).await
}

#[server(endpoint = "get_direct_schools")]
pub async fn get_direct_schools(
    region: String,
    year: i32,
    month: u32,
) -> Result<Vec<SchoolRow>, AppError> {
    use crate::backend::{actor, backend, viewable_period};
    let actor = actor().await?;
    let region = region_code(&region)?;
    let period = viewable_period(year, month)?;
    backend()?.direct_schools(&actor, region, period).await
}

#[server(endpoint = "submit_report")]
pub async fn submit_report(year: i32, month: u32) -> Result<(), AppError> {
    use crate::backend::{actor, backend, viewable_period};
    let actor = actor().await?;
    let period = viewable_period(year, month)?;
    backend()?.submit_report(&actor, period).await
}

#[server(endpoint = "return_region")]
pub async fn return_region(
    year: i32,
    month: u32,
    child: String,
    reason: String,
) -> Result<(), AppError> {
    use crate::backend::{actor, backend, viewable_period};
    let actor = actor().await?;
    let child = region_code(&child)?;
    let reason = crate::domain::workflow::check_reason(&reason)?;
    let period = viewable_period(year, month)?;
    backend()?
        .return_region(&actor, period, child, reason)
        .await
}

#[server(endpoint = "cancel_region")]
pub async fn cancel_region(year: i32, month: u32, child: String) -> Result<(), AppError> {
    use crate::backend::{actor, backend, viewable_period};
    let actor = actor().await?;
    let child = region_code(&child)?;
    let period = viewable_period(year, month)?;
    backend()?.cancel_region(&actor, period, child).await
}

#[server(endpoint = "return_school")]
pub async fn return_school(
    year: i32,
    month: u32,
    school: String,
    reason: String,
) -> Result<(), AppError> {
    use crate::backend::{actor, backend, viewable_period};
    let actor = actor().await?;
    let school = school_code(&school)?;
    let reason = crate::domain::workflow::check_reason(&reason)?;
    let period = viewable_period(year, month)?;
    backend()?
        .return_school(&actor, period, school, reason)
        .await
}

#[server(endpoint = "cancel_school")]
pub async fn cancel_school(year: i32, month: u32, school: String) -> Result<(), AppError> {
    use crate::backend::{actor, backend, viewable_period};
    let actor = actor().await?;
    let school = school_code(&school)?;
    let period = viewable_period(year, month)?;
    backend()?.cancel_school(&actor, period, school).await
}

#[server(endpoint = "get_audit")]
pub async fn get_audit(
    region: Option<String>,
    year: i32,
    month: u32,
) -> Result<Vec<AuditRow>, AppError> {
    use crate::backend::{actor, backend, viewable_period};
    let actor = actor().await?;
    let region = region_code_or_own(region)?;
    let period = viewable_period(year, month)?;
    backend()?.audit(&actor, region, period).await
}

#[server(endpoint = "get_trend")]
pub async fn get_trend(
    region: Option<String>,
    year: i32,
) -> Result<Vec<super::model::TrendPoint>, AppError> {
    use crate::backend::{actor, backend};
    let actor = actor().await?;
    let region = region_code_or_own(region)?;
    if !(2000..=2100).contains(&year) {
        return Err(AppError::Invalid(
            crate::message::ServiceIssue::YearOutOfRange.into(),
        ));
    }
    backend()?.trend(&actor, region, year).await
}
