//! Queries of the status screen. Scope is part of every query: the target
//! region must be a descendant of (or equal to) the actor's region, joined
//! through region_closure; anything else is "not found".

mod backend;

use crate::db;
use crate::error::ServiceResult;
use crate::scope::scoped_region;
use crate::stats::{self, TotalsRow, DIRECT, SUBTREE};
use app::backend::Actor;
use app::domain::code::{RegionCode, SchoolCode};
use app::domain::cst_date;
use app::domain::school::SchoolState;
use app::domain::workflow::{AuditAction, ReportState};
use app::domain::{Figures, Level, Period, SchoolType, Totals};
use app::domain::{SchoolId, UserId};
use app::notice::model::Author;
use app::report::model::{
    AuditActor, AuditNote, AuditRow, ChildRow, LoggedState, PlacementNote, RegionRef, ReportTable,
    ReviewInfo, SchoolCounts, SchoolRow, TrendPoint,
};
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, FromQueryResult};

/// Columns of a region's report, read as a `Review` (prefix rr./rt.).
const REVIEW_COLUMNS: &str =
    "rr.state AS rstate, rr.reporter_name, rr.reporter_phone, rr.submitted_at, \
     rr.return_reason, rt.original_name AS text_name";
/// The joins `REVIEW_COLUMNS` reads from; the period is `$1` of the
/// statement.
const REVIEW_JOINS: &str = "LEFT JOIN region_reports rr ON rr.region_id = r.id AND rr.period = $1 \
     LEFT JOIN report_texts rt ON rt.region_id = r.id AND rt.period = $1";

/// A region's report as `REVIEW_COLUMNS` read it; all NULL before the
/// region has a report row.
#[derive(FromQueryResult)]
struct Review {
    rstate: Option<ReportState>,
    reporter_name: Option<String>,
    reporter_phone: Option<String>,
    submitted_at: Option<DateTime<Utc>>,
    return_reason: Option<String>,
    text_name: Option<String>,
}

impl From<Review> for ReviewInfo {
    fn from(r: Review) -> ReviewInfo {
        ReviewInfo {
            state: r.rstate.unwrap_or(ReportState::Pending),
            reporter: r.reporter_name,
            phone: r.reporter_phone,
            submitted_at: r.submitted_at,
            report_text: r.text_name,
            return_reason: r.return_reason,
        }
    }
}

/// A region as a page names it.
#[derive(FromQueryResult)]
struct Region {
    code: RegionCode,
    name: String,
    level: Level,
}

impl From<Region> for RegionRef {
    fn from(r: Region) -> RegionRef {
        RegionRef {
            code: r.code.into(),
            name: r.name,
            level: r.level,
        }
    }
}

/// One of a region's two aggregate rows.
#[derive(FromQueryResult)]
struct Scoped {
    scope: i16,
    #[sea_orm(nested)]
    totals: TotalsRow,
}

/// A child region's line: its subtree totals (none yet: zero) and report.
#[derive(FromQueryResult)]
struct Child {
    #[sea_orm(nested)]
    region: Region,
    #[sea_orm(nested)]
    totals: Option<TotalsRow>,
    #[sea_orm(nested)]
    review: Review,
}

/// How many direct school months stand in a state.
#[derive(FromQueryResult)]
struct StateCount {
    state: SchoolState,
    n: i64,
}

pub async fn report_table(
    db: &impl ConnectionTrait,
    actor: &Actor,
    code: Option<&RegionCode>,
    period: Period,
    now: DateTime<Utc>,
) -> ServiceResult<ReportTable> {
    let target = scoped_region(db, actor, code).await?;

    let own = db::row::<Review>(
        db,
        &format!("SELECT {REVIEW_COLUMNS} FROM regions r {REVIEW_JOINS} WHERE r.id = $2"),
        vec![period.into(), target.id.into()],
    )
    .await?
    .map_or_else(ReviewInfo::pending, ReviewInfo::from);

    let trail = db::rows::<Region>(
        db,
        "SELECT r.code, r.name, r.level FROM region_closure c \
         JOIN regions r ON r.id = c.ancestor_id \
         JOIN region_closure mine ON mine.descendant_id = c.ancestor_id AND mine.ancestor_id = $1 \
         WHERE c.descendant_id = $2 ORDER BY c.distance DESC",
        vec![actor.region_id.into(), target.id.into()],
    )
    .await?
    .into_iter()
    .map(RegionRef::from)
    .collect();

    let mut total = Totals::default();
    let mut direct = Totals::default();
    for row in db::rows::<Scoped>(
        db,
        &format!(
            "SELECT scope, {} FROM region_stats WHERE region_id = $1 AND period = $2",
            stats::COLUMNS
        ),
        vec![target.id.into(), period.into()],
    )
    .await?
    {
        match row.scope {
            DIRECT => direct = row.totals.into(),
            SUBTREE => total = row.totals.into(),
            _ => {}
        }
    }

    let cols = stats::COLUMNS
        .split(", ")
        .map(|c| format!("s.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    let children = db::rows::<Child>(
        db,
        &format!(
            "SELECT r.code, r.name, r.level, {cols}, {REVIEW_COLUMNS} FROM regions r \
             LEFT JOIN region_stats s ON s.region_id = r.id AND s.period = $1 AND s.scope = $2 \
             {REVIEW_JOINS} \
             WHERE r.parent_id = $3 ORDER BY r.code"
        ),
        vec![period.into(), SUBTREE.into(), target.id.into()],
    )
    .await?
    .into_iter()
    .map(|row| ChildRow {
        region: row.region.into(),
        totals: row.totals.map(Totals::from).unwrap_or_default(),
        review: row.review.into(),
    })
    .collect();

    let level_counts = crate::workflow::levels::counts(db, target.id, period).await?;

    let mut direct_schools = SchoolCounts::default();
    for row in db::rows::<StateCount>(
        db,
        "SELECT m.state, COUNT(*) AS n FROM school_monthly m \
         WHERE m.region_id = $1 AND m.period = $2 GROUP BY m.state",
        vec![target.id.into(), period.into()],
    )
    .await?
    {
        direct_schools.total += row.n;
        match row.state {
            SchoolState::Confirmed => direct_schools.confirmed += row.n,
            SchoolState::Returned => direct_schools.returned += row.n,
            _ => {}
        }
    }

    Ok(ReportTable {
        acting: actor.role.reviews() && target.id == actor.region_id,
        region: target.region,
        trail,
        year: period.year(),
        month: period.month(),
        total,
        direct,
        direct_schools,
        children,
        own,
        windows: crate::settings::windows(db).await?,
        today: cst_date(now),
        level_counts,
        chain: crate::lock::chain(db, target.id, period).await?,
    })
}

/// The note of an audit row: a placement change's facts (stored as JSON
/// by `placement`), else the words as written (a 重报原因, or a row from
/// before placement notes were values).
fn note_of(action: AuditAction, text: String) -> AuditNote {
    let placement = matches!(
        action,
        AuditAction::Create
            | AuditAction::Edit
            | AuditAction::MoveOut
            | AuditAction::MoveIn
            | AuditAction::Close
            | AuditAction::Reopen
    );
    match placement.then(|| serde_json::from_str::<PlacementNote>(&text)) {
        Some(Ok(note)) => AuditNote::Placement(note),
        _ => AuditNote::Words(text),
    }
}

/// A line of the audit log as stored. Its states are raw codes: a school
/// state or a report state depending on the line, or "no state".
#[derive(FromQueryResult)]
struct Logged {
    at: DateTime<Utc>,
    /// NULL: the system (the deadline job).
    actor_user_id: Option<UserId>,
    actor_name: String,
    actor_role: String,
    action: AuditAction,
    from_state: i16,
    to_state: i16,
    reason: Option<String>,
    region_name: String,
    school_name: Option<String>,
}

/// The audit log of a region in the actor's scope, newest first: the
/// region's own transitions, those of its direct schools and those of its
/// direct child regions (which it returned, cancelled, or saw submit).
pub async fn audit(
    db: &impl ConnectionTrait,
    actor: &Actor,
    code: Option<&RegionCode>,
    period: Period,
) -> ServiceResult<Vec<AuditRow>> {
    let target = scoped_region(db, actor, code).await?;
    let rows = db::rows::<Logged>(
        db,
        "SELECT a.at, a.actor_user_id, a.actor_name, a.actor_role, a.action, a.from_state, a.to_state, a.reason, \
         COALESCE(a.target_name, r.name) AS region_name, \
         CASE WHEN a.school_id IS NULL THEN NULL ELSE COALESCE(a.target_name, s.name) END AS school_name \
         FROM audit_log a JOIN regions r ON r.id = a.region_id LEFT JOIN schools s ON s.id = a.school_id \
         WHERE a.period = $1 AND (a.region_id = $2 OR a.region_id IN (SELECT id FROM regions WHERE parent_id = $2)) \
         ORDER BY a.id DESC",
        vec![period.into(), target.id.into()],
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let is_school = row.school_name.is_some();
            let state = |code: i16| -> Option<LoggedState> {
                if is_school {
                    SchoolState::from_code(code).map(LoggedState::School)
                } else {
                    ReportState::from_code(code).map(LoggedState::Report)
                }
            };
            AuditRow {
                at: row.at,
                actor: row.actor_user_id.map(|_| AuditActor {
                    // Rows from before roles were values hold the line's
                    // words (or the name again).
                    role: serde_json::from_str(&row.actor_role)
                        .unwrap_or(Author::Written(row.actor_role)),
                    name: row.actor_name,
                }),
                from: state(row.from_state),
                to: state(row.to_state),
                target: row.school_name.unwrap_or(row.region_name),
                note: row.reason.map(|text| note_of(row.action, text)),
                action: row.action,
            }
        })
        .collect())
}

/// A direct school's line: its month's figures, if it has data.
#[derive(FromQueryResult)]
struct School {
    id: SchoolId,
    code: SchoolCode,
    name: String,
    school_type: SchoolType,
    state: Option<SchoolState>,
    return_reason: Option<String>,
    #[sea_orm(nested)]
    figures: Option<Figures>,
}

impl From<School> for SchoolRow {
    fn from(s: School) -> SchoolRow {
        SchoolRow {
            id: s.id,
            code: s.code.into(),
            name: s.name,
            school_type: s.school_type,
            totals: s.figures.map(|f| f.totals()),
            state: s.state,
            return_reason: s.return_reason,
        }
    }
}

pub async fn direct_schools(
    db: &impl ConnectionTrait,
    actor: &Actor,
    code: &RegionCode,
    period: Period,
) -> ServiceResult<Vec<SchoolRow>> {
    let target = scoped_region(db, actor, Some(code)).await?;
    // The months that count for this region, wherever the school is now,
    // and the schools placed under it for the month that have no data.
    // Placements change only from months still open, so a reported
    // month's list never changes afterwards.
    let rows = db::rows::<School>(
        db,
        "SELECT sc.id, sc.code, COALESCE(m.school_name, sc.name) AS name, \
         COALESCE(m.school_type, sc.school_type) AS school_type, m.state, m.return_reason, \
         m.classes, m.teachers, m.students, m.six_three, m.broadband, m.broadband_mbps, \
         m.multimedia_rooms, m.teacher_spaces, m.student_spaces \
         FROM school_monthly m JOIN schools sc ON sc.id = m.school_id \
         WHERE m.region_id = $1 AND m.period = $2 \
         UNION ALL \
         SELECT sc.id, sc.code, pl.name, pl.school_type, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, \
         NULL, NULL, NULL FROM school_placements pl JOIN schools sc ON sc.id = pl.school_id \
         WHERE pl.region_id = $1 AND pl.from_period <= $2 \
         AND NOT EXISTS (SELECT 1 FROM school_placements later WHERE later.school_id = pl.school_id \
             AND later.from_period > pl.from_period AND later.from_period <= $2) \
         AND NOT EXISTS (SELECT 1 FROM school_monthly e WHERE e.school_id = sc.id AND e.period = $2) \
         ORDER BY code",
        vec![target.id.into(), period.into()],
    )
    .await?;
    Ok(rows.into_iter().map(SchoolRow::from).collect())
}

/// A month of a region's subtree totals.
#[derive(FromQueryResult)]
struct Month {
    period: Period,
    #[sea_orm(nested)]
    totals: TotalsRow,
}

/// 年度趋势: the subtree totals of a region in scope for every month of
/// `year` up to the current one that has data.
pub async fn trend(
    db: &impl ConnectionTrait,
    actor: &Actor,
    code: Option<&RegionCode>,
    year: i32,
    now: DateTime<Utc>,
) -> ServiceResult<Vec<TrendPoint>> {
    let target = scoped_region(db, actor, code).await?;
    let last = Period::of(cst_date(now)).key().min(year * 100 + 12);
    let rows = db::rows::<Month>(
        db,
        &format!(
            "SELECT period, {} FROM region_stats WHERE region_id = $1 AND scope = $2 \
             AND period >= $3 AND period <= $4 ORDER BY period",
            stats::COLUMNS
        ),
        vec![
            target.id.into(),
            SUBTREE.into(),
            (year * 100 + 1).into(),
            last.into(),
        ],
    )
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| TrendPoint {
            month: r.period.month(),
            totals: r.totals.into(),
        })
        .collect())
}
