//! The school admin's view of its own school.

use crate::db::stmt;
use crate::error::ServiceResult;
use app::backend::Actor;
use app::domain::school::SchoolState;
use app::domain::{Period, ReportState, SchoolType, Totals};
use app::error::AppError;
use app::school::model::SchoolMonth;
use sea_orm::ConnectionTrait;

pub async fn school_month(
    db: &impl ConnectionTrait,
    actor: &Actor,
    period: Period,
    now: chrono::DateTime<chrono::Utc>,
) -> ServiceResult<SchoolMonth> {
    let school = actor.school_id.ok_or(AppError::NotFound)?;
    let row = db
        .query_one(stmt(
            db,
            "SELECT s.code, s.name, s.school_type, r.name AS region_name, m.school_id AS has_data, m.state, \
             m.classes, m.teachers, m.students, m.six_three, m.broadband, m.broadband_mbps, m.multimedia_rooms, \
             m.teacher_spaces, m.student_spaces, m.return_reason, rr.state AS region_state \
             FROM schools s JOIN regions r ON r.id = s.region_id \
             LEFT JOIN school_monthly m ON m.school_id = s.id AND m.period = ? \
             LEFT JOIN region_reports rr ON rr.region_id = s.region_id AND rr.period = ? \
             WHERE s.id = ?",
            vec![period.key().into(), period.key().into(), school.into()],
        ))
        .await?
        .ok_or(AppError::NotFound)?;
    let has_data = row.try_get::<Option<i32>>("", "has_data")?.is_some();
    let n = |c: &str| -> ServiceResult<i64> { Ok(row.try_get::<i32>("", c)? as i64) };
    let totals = if has_data {
        Some(Totals::of_school(
            n("classes")?,
            n("teachers")?,
            n("students")?,
            row.try_get("", "six_three")?,
            row.try_get("", "broadband")?,
            n("multimedia_rooms")?,
            n("teacher_spaces")?,
            n("student_spaces")?,
        ))
    } else {
        None
    };
    let kind: i16 = row.try_get("", "school_type")?;
    Ok(SchoolMonth {
        school_code: row.try_get("", "code")?,
        school_name: row.try_get("", "name")?,
        school_type: SchoolType::from_code(kind)
            .map(|t| t.label())
            .unwrap_or("-")
            .to_string(),
        region_name: row.try_get("", "region_name")?,
        year: period.year(),
        month: period.month(),
        state: row
            .try_get::<Option<i16>>("", "state")?
            .and_then(SchoolState::from_code),
        totals,
        broadband_mbps: row.try_get("", "broadband_mbps")?,
        return_reason: row.try_get("", "return_reason")?,
        today: app::domain::cst_date(now),
        region_state: row
            .try_get::<Option<i16>>("", "region_state")?
            .and_then(ReportState::from_code)
            .unwrap_or(ReportState::Pending),
    })
}
