//! Server fns of the status screen. Each authorizes: the backend answers
//! "未找到" for any region outside the actor's subtree.

use super::model::{ReportTable, SchoolRow};
use crate::error::AppError;
use leptos::prelude::*;

/// Region codes are six digits (GB/T 2260).
pub fn check_region_code(code: &str) -> Result<(), AppError> {
    if code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(AppError::Invalid("地区代码应为 6 位数字".into()))
    }
}

#[server(endpoint = "get_report_table")]
pub async fn get_report_table(
    region: Option<String>,
    year: i32,
    month: u32,
) -> Result<ReportTable, AppError> {
    use crate::backend::{actor, backend};
    use crate::domain::Period;
    let actor = actor().await?;
    if let Some(code) = &region {
        check_region_code(code)?;
    }
    let b = backend()?;
    let today = crate::domain::cst_date(b.now());
    let period = Period::viewable(year, month, today)?;
    b.report_table(&actor, region, period).await
}

#[server(endpoint = "get_direct_schools")]
pub async fn get_direct_schools(
    region: String,
    year: i32,
    month: u32,
) -> Result<Vec<SchoolRow>, AppError> {
    use crate::backend::{actor, backend};
    use crate::domain::Period;
    let actor = actor().await?;
    check_region_code(&region)?;
    let b = backend()?;
    let today = crate::domain::cst_date(b.now());
    let period = Period::viewable(year, month, today)?;
    b.direct_schools(&actor, region, period).await
}
