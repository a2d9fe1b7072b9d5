//! The school admin's own school: its month, and saving its figures with
//! the record's version as the guard, the region aggregates moving in the
//! same transaction.

mod backend;

use crate::db::{self, stmt};
use crate::error::ServiceResult;
use crate::lock;
use crate::placement::{self, placed};
use crate::settings;
use crate::stats;
use app::backend::Actor;
use app::domain::code::SchoolCode;
use app::domain::figures::{first_blocking, validate};
use app::domain::lock::SchoolFacts;
use app::domain::school::SchoolState;
use app::domain::{cst_date, Figures, Period, SchoolType};
use app::domain::{RegionId, SchoolId};
use app::error::AppError;
use app::school::model::{SaveOutcome, SchoolMonth};
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, FromQueryResult};

const FIGURE_COLUMNS: &str =
    "m.classes, m.teachers, m.students, m.six_three, m.broadband, m.broadband_mbps, \
     m.multimedia_rooms, m.teacher_spaces, m.student_spaces";

/// The nine figures in the order of `FIGURE_COLUMNS`, for binding.
fn figure_values(f: &Figures) -> Vec<sea_orm::Value> {
    vec![
        f.classes.into(),
        f.teachers.into(),
        f.students.into(),
        f.six_three.into(),
        f.broadband.into(),
        f.broadband_mbps.into(),
        f.multimedia_rooms.into(),
        f.teacher_spaces.into(),
        f.student_spaces.into(),
    ]
}

/// A month as stored.
#[derive(FromQueryResult)]
struct Stored {
    #[sea_orm(nested)]
    figures: Figures,
    state: SchoolState,
    version: i32,
}

async fn stored(
    c: &impl ConnectionTrait,
    school: SchoolId,
    period: Period,
) -> ServiceResult<Option<Stored>> {
    Ok(db::row(
        c,
        &format!(
            "SELECT {FIGURE_COLUMNS}, m.state, m.version FROM school_monthly m \
             WHERE m.school_id = $1 AND m.period = $2"
        ),
        vec![school.into(), period.into()],
    )
    .await?)
}

pub async fn school_month(
    db: &impl ConnectionTrait,
    actor: &Actor,
    period: Period,
    now: DateTime<Utc>,
) -> ServiceResult<SchoolMonth> {
    let school = actor.school_id.ok_or(AppError::NotFound)?;
    month_of(db, school, actor, period, now).await
}

/// A reviewer's read-only view of a school in its subtree, with the same
/// figures the aggregates add up.
pub async fn school_view(
    db: &impl ConnectionTrait,
    actor: &Actor,
    code: &SchoolCode,
    period: Period,
    now: DateTime<Utc>,
) -> ServiceResult<SchoolMonth> {
    if !actor.role.reads_status_tables() {
        return Err(AppError::NotFound.into());
    }
    // In scope where the month counts, or (for a month the school was not
    // listed in) where the school is now.
    let school: SchoolId = db::value(
        db,
        &format!(
            "SELECT s.id FROM schools s \
             LEFT JOIN school_monthly m ON m.school_id = s.id AND m.period = $1 \
             JOIN region_closure c ON c.descendant_id = COALESCE({}, s.region_id) \
             WHERE c.ancestor_id = $2 AND s.code = $3",
            placed(period)
        ),
        vec![period.into(), actor.region_id.into(), code.clone().into()],
    )
    .await?
    .ok_or(AppError::NotFound)?;
    month_of(db, school, actor, period, now).await
}

/// A school as a month shows it: as the month recorded it, if it did.
#[derive(FromQueryResult)]
struct Shown {
    code: SchoolCode,
    name: String,
    school_type: SchoolType,
    closed: bool,
    region_id: RegionId,
    region_name: String,
}

/// Who last changed a month, and why it was returned.
#[derive(FromQueryResult)]
struct Changed {
    return_reason: Option<String>,
    updated_at: DateTime<Utc>,
    updated_by: Option<String>,
}

async fn month_of(
    db: &impl ConnectionTrait,
    school: SchoolId,
    actor: &Actor,
    period: Period,
    now: DateTime<Utc>,
) -> ServiceResult<SchoolMonth> {
    let shown = db::row::<Shown>(
        db,
        &format!(
            "SELECT s.code, COALESCE(m.school_name, s.name) AS name, \
             COALESCE(m.school_type, s.school_type) AS school_type, s.closed, \
             r.id AS region_id, r.name AS region_name \
             FROM schools s LEFT JOIN school_monthly m ON m.school_id = s.id AND m.period = $1 \
             JOIN regions r ON r.id = COALESCE({}, s.region_id) \
             WHERE s.id = $2",
            placed(period)
        ),
        vec![period.into(), school.into()],
    )
    .await?
    .ok_or(AppError::NotFound)?;
    let current = stored(db, school, period).await?;
    let last = stored(db, school, period.prev()).await?;
    let changed = db::row::<Changed>(
        db,
        "SELECT m.return_reason, m.updated_at, m.updated_by_name AS updated_by FROM school_monthly m \
         WHERE m.school_id = $1 AND m.period = $2",
        vec![school.into(), period.into()],
    )
    .await?;
    let (return_reason, updated) = match changed {
        Some(m) => (
            m.return_reason,
            Some(app::school::model::LastSaved {
                by: m.updated_by,
                at: m.updated_at,
            }),
        ),
        None => (None, None),
    };
    Ok(SchoolMonth {
        school_code: shown.code.into(),
        school_name: shown.name,
        school_type: shown.school_type,
        region_name: shown.region_name,
        year: period.year(),
        month: period.month(),
        state: current.as_ref().map(|c| c.state),
        figures: current.as_ref().map(|c| c.figures),
        version: current.as_ref().map(|c| c.version).unwrap_or(0),
        last: last.map(|l| l.figures),
        jump_ratio: settings::jump_ratio(db).await?,
        return_reason,
        facts: lock::facts(db, shown.region_id, period, now).await?,
        school: SchoolFacts {
            state: current.as_ref().map(|c| c.state),
            closed: shown.closed,
            listed: placement::placement(db, school, period).await?.listed,
        },
        today: cst_date(now),
        updated,
        editor: actor.username.clone(),
    })
}

/// Saves the figures if the record is still at `base_version` (0: no row
/// yet). Answers `Stale` with the server's values otherwise, writing nothing.
/// Returns the managing region when something was written.
pub async fn save_month(
    db: &DatabaseConnection,
    actor: &Actor,
    period: Period,
    figures: Figures,
    base_version: i32,
    confirm_jumps: bool,
    now: DateTime<Utc>,
) -> ServiceResult<(SaveOutcome, Option<RegionId>)> {
    let school = actor.school_id.ok_or(AppError::NotFound)?;
    let ratio = settings::jump_ratio(db).await?;
    let txn = crate::db::begin_write(db).await?;
    // The month lock first (first saves too): the school row and the report
    // row of the month's region stay locked until commit.
    let month = lock::lock_school_month(&txn, school, period, now).await?;
    let current = stored(&txn, school, period).await?;
    month.check(current.as_ref().map(|c| c.state))?;
    let last = stored(&txn, school, period.prev())
        .await?
        .map(|l| l.figures);
    app::domain::figures::check_six_three(&figures, month.school_type)
        .map_err(|e| AppError::Invalid(e.into()))?;
    let issues = validate(&figures, last.as_ref(), ratio);
    if let Some(issue) = first_blocking(&issues, confirm_jumps) {
        return Err(AppError::from(issue.clone()).into());
    }
    let region = month.region;
    let (delta, version) = match current {
        Some(cur) => {
            if cur.version != base_version {
                return Ok((
                    SaveOutcome::on_old_version(&figures, cur.figures, cur.version),
                    None,
                ));
            }
            // The region is part of the condition: a move in between (which
            // also bumps the version) makes this a clean conflict instead
            // of a delta on the wrong region's totals.
            let r = txn
                .execute(stmt(
                    &txn,
                    "UPDATE school_monthly SET classes = $1, teachers = $2, students = $3, six_three = $4, \
                     broadband = $5, broadband_mbps = $6, multimedia_rooms = $7, teacher_spaces = $8, \
                     student_spaces = $9, version = version + 1, updated_at = $10, updated_by = $11, \
                     updated_by_name = $12, school_name = $13, school_type = $14 \
                     WHERE school_id = $15 AND period = $16 AND version = $17 AND state = $18 AND region_id = $19",
                    figure_values(&figures)
                        .into_iter()
                        .chain([
                            now.into(),
                            actor.user_id.into(),
                            actor.name.clone().into(),
                            month.name.clone().into(),
                            month.school_type.into(),
                            school.into(),
                            period.into(),
                            base_version.into(),
                            cur.state.into(),
                            region.into(),
                        ])
                        .collect(),
                ))
                .await?;
            if r.rows_affected() != 1 {
                return Err(AppError::Conflict.into());
            }
            (figures.totals() - cur.figures.totals(), cur.version + 1)
        }
        None => {
            if base_version != 0 {
                return Err(AppError::Conflict.into());
            }
            // Two first saves at once: the second inserts nothing and
            // loses the race cleanly.
            let r = txn
                .execute(stmt(
                    &txn,
                    "INSERT INTO school_monthly (classes, teachers, students, six_three, broadband, broadband_mbps, \
                     multimedia_rooms, teacher_spaces, student_spaces, school_id, period, state, version, updated_at, \
                     updated_by, updated_by_name, region_id, school_name, school_type) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1, $13, $14, $15, $16, $17, $18) \
                     ON CONFLICT (school_id, period) DO NOTHING",
                    figure_values(&figures)
                        .into_iter()
                        .chain([
                            school.into(),
                            period.into(),
                            SchoolState::Draft.into(),
                            now.into(),
                            actor.user_id.into(),
                            actor.name.clone().into(),
                            region.into(),
                            month.name.clone().into(),
                            month.school_type.into(),
                        ])
                        .collect(),
                ))
                .await?;
            if r.rows_affected() != 1 {
                return Err(AppError::Conflict.into());
            }
            (figures.totals(), 1)
        }
    };
    stats::apply_delta(&txn, region, period, &delta).await?;
    txn.commit().await?;
    Ok((SaveOutcome::Saved { version }, Some(region)))
}
