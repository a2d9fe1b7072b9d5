//! Queries of the status screen. Scope is part of every query: the target
//! region must be a descendant of (or equal to) the actor's region, joined
//! through region_closure; anything else is "not found".

mod backend;

use crate::db::stmt;
use crate::error::{ServiceError, ServiceResult};
use crate::scope::region_ref;
use crate::scope::scoped_region;
use crate::stats::school_totals;
use crate::stats::{self, totals_from_row, DIRECT, SUBTREE};
use app::backend::Actor;
use app::domain::cst_date;
use app::domain::period::cst;
use app::domain::school::SchoolState;
use app::domain::workflow::{AuditAction, ReportState};
use app::domain::{Level, Period, SchoolType, Totals};
use app::report::model::{
    AuditRow, ChildRow, LevelCount, ReportTable, ReviewInfo, SchoolCounts, SchoolRow,
};
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, QueryResult};

/// Columns of a region's report, for `review_from_row` (prefix rr./rt.).
const REVIEW_COLUMNS: &str =
    "rr.state AS rstate, rr.reporter_name, rr.reporter_phone, rr.submitted_at, \
     rr.return_reason, rt.original_name AS text_name";
const REVIEW_JOINS: &str = "LEFT JOIN region_reports rr ON rr.region_id = r.id AND rr.period = ? \
     LEFT JOIN report_texts rt ON rt.region_id = r.id AND rt.period = ?";

pub fn format_cst(t: DateTime<Utc>) -> String {
    t.with_timezone(&cst()).format("%Y-%m-%d %H:%M").to_string()
}

fn review_from_row(row: &QueryResult) -> Result<ReviewInfo, ServiceError> {
    let state: Option<i16> = row.try_get("", "rstate")?;
    let state = state
        .and_then(ReportState::from_code)
        .unwrap_or(ReportState::Pending);
    let submitted_at: Option<DateTime<Utc>> = row.try_get("", "submitted_at")?;
    Ok(ReviewInfo {
        state,
        reporter: row.try_get("", "reporter_name")?,
        phone: row.try_get("", "reporter_phone")?,
        submitted_at: submitted_at.map(format_cst),
        report_text: row.try_get("", "text_name")?,
        return_reason: row.try_get("", "return_reason")?,
    })
}

pub async fn report_table(
    db: &impl ConnectionTrait,
    actor: &Actor,
    code: Option<&str>,
    period: Period,
    now: DateTime<Utc>,
) -> ServiceResult<ReportTable> {
    let target = scoped_region(db, actor, code).await?;
    let pk = period.key();

    let own = db
        .query_one(stmt(
            db,
            &format!("SELECT {REVIEW_COLUMNS} FROM regions r {REVIEW_JOINS} WHERE r.id = ?"),
            vec![pk.into(), pk.into(), target.id.into()],
        ))
        .await?
        .map(|r| review_from_row(&r))
        .transpose()?
        .unwrap_or_else(ReviewInfo::pending);

    let trail = db
        .query_all(stmt(
            db,
            "SELECT r.code, r.name, r.level FROM region_closure c \
             JOIN regions r ON r.id = c.ancestor_id \
             JOIN region_closure mine ON mine.descendant_id = c.ancestor_id AND mine.ancestor_id = ? \
             WHERE c.descendant_id = ? ORDER BY c.distance DESC",
            vec![actor.region_id.into(), target.id.into()],
        ))
        .await?
        .iter()
        .map(region_ref)
        .collect::<Result<Vec<_>, _>>()?;

    let mut total = Totals::default();
    let mut direct = Totals::default();
    for row in db
        .query_all(stmt(
            db,
            &format!(
                "SELECT scope, {} FROM region_stats WHERE region_id = ? AND period = ?",
                stats::COLUMNS
            ),
            vec![target.id.into(), period.key().into()],
        ))
        .await?
    {
        let scope: i16 = row.try_get("", "scope")?;
        let t = totals_from_row(&row)?;
        match scope {
            DIRECT => direct = t,
            SUBTREE => total = t,
            _ => {}
        }
    }

    let cols = stats::COLUMNS
        .split(", ")
        .map(|c| format!("s.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    let children = db
        .query_all(stmt(
            db,
            &format!(
                "SELECT r.code, r.name, r.level, {cols}, {REVIEW_COLUMNS} FROM regions r \
                 LEFT JOIN region_stats s ON s.region_id = r.id AND s.period = ? AND s.scope = ? \
                 {REVIEW_JOINS} \
                 WHERE r.parent_id = ? ORDER BY r.code"
            ),
            vec![
                pk.into(),
                SUBTREE.into(),
                pk.into(),
                pk.into(),
                target.id.into(),
            ],
        ))
        .await?
        .iter()
        .map(|row| {
            Ok(ChildRow {
                region: region_ref(row)?,
                totals: totals_from_row(row)?,
                review: review_from_row(row)?,
            })
        })
        .collect::<Result<Vec<_>, ServiceError>>()?;

    let mut level_counts: Vec<LevelCount> = Vec::new();
    for row in db
        .query_all(stmt(
            db,
            "SELECT r.level, COUNT(*) AS total, \
             CAST(SUM(CASE WHEN rr.state IN (?, ?) THEN 1 ELSE 0 END) AS BIGINT) AS reported \
             FROM region_closure c JOIN regions r ON r.id = c.descendant_id \
             LEFT JOIN region_reports rr ON rr.region_id = r.id AND rr.period = ? \
             WHERE c.ancestor_id = ? AND c.distance > 0 GROUP BY r.level ORDER BY r.level",
            vec![
                ReportState::Submitted.code().into(),
                ReportState::AutoSubmitted.code().into(),
                pk.into(),
                target.id.into(),
            ],
        ))
        .await?
    {
        let level: i16 = row.try_get("", "level")?;
        if let Some(level) = Level::from_code(level) {
            level_counts.push(LevelCount {
                level,
                reported: row.try_get::<Option<i64>>("", "reported")?.unwrap_or(0),
                total: row.try_get("", "total")?,
            });
        }
    }

    let mut direct_schools = SchoolCounts::default();
    for row in db
        .query_all(stmt(
            db,
            "SELECT m.state, COUNT(*) AS n FROM school_monthly m \
             WHERE m.region_id = ? AND m.period = ? GROUP BY m.state",
            vec![target.id.into(), pk.into()],
        ))
        .await?
    {
        let n: i64 = row.try_get("", "n")?;
        direct_schools.total += n;
        match SchoolState::from_code(row.try_get("", "state")?) {
            Some(SchoolState::Confirmed) => direct_schools.confirmed += n,
            Some(SchoolState::Returned) => direct_schools.returned += n,
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

/// The audit log of a region in the actor's scope, newest first: the
/// region's own transitions, those of its direct schools and those of its
/// direct child regions (which it returned, cancelled, or saw submit).
pub async fn audit(
    db: &impl ConnectionTrait,
    actor: &Actor,
    code: Option<&str>,
    period: Period,
) -> ServiceResult<Vec<AuditRow>> {
    let target = scoped_region(db, actor, code).await?;
    let rows = db
        .query_all(stmt(
            db,
            "SELECT a.at, a.actor_name, a.actor_role, a.action, a.from_state, a.to_state, a.reason, \
             COALESCE(a.target_name, r.name) AS region_name, \
             CASE WHEN a.school_id IS NULL THEN NULL ELSE COALESCE(a.target_name, s.name) END AS school_name \
             FROM audit_log a JOIN regions r ON r.id = a.region_id LEFT JOIN schools s ON s.id = a.school_id \
             WHERE a.period = ? AND (a.region_id = ? OR a.region_id IN (SELECT id FROM regions WHERE parent_id = ?)) \
             ORDER BY a.id DESC",
            vec![period.key().into(), target.id.into(), target.id.into()],
        ))
        .await?;
    rows.iter()
        .map(|row| {
            let at: DateTime<Utc> = row.try_get("", "at")?;
            let school: Option<String> = row.try_get("", "school_name")?;
            let action: String = row.try_get("", "action")?;
            let (from, to): (i16, i16) =
                (row.try_get("", "from_state")?, row.try_get("", "to_state")?);
            let is_school = school.is_some();
            let label = |code: i16| -> String {
                if is_school {
                    SchoolState::from_code(code)
                        .map(|s| s.label())
                        .unwrap_or("-")
                        .to_string()
                } else {
                    ReportState::from_code(code)
                        .map(|s| s.label())
                        .unwrap_or("-")
                        .to_string()
                }
            };
            let actor_name: String = row.try_get("", "actor_name")?;
            let actor_role: String = row.try_get("", "actor_role")?;
            Ok(AuditRow {
                at: format_cst(at),
                actor: if actor_role == actor_name {
                    actor_name
                } else {
                    format!("{actor_role} {actor_name}")
                },
                target: school.unwrap_or(row.try_get("", "region_name")?),
                action: AuditAction::from_code(&action)
                    .map(|a| a.label().to_string())
                    .unwrap_or(action),
                from: label(from),
                to: label(to),
                reason: row.try_get("", "reason")?,
            })
        })
        .collect()
}

pub async fn direct_schools(
    db: &impl ConnectionTrait,
    actor: &Actor,
    code: &str,
    period: Period,
) -> ServiceResult<Vec<SchoolRow>> {
    let target = scoped_region(db, actor, Some(code)).await?;
    // The months that count for this region, wherever the school is now,
    // and the schools placed under it for the month that have no data.
    // Placements change only from months still open, so a reported
    // month's list never changes afterwards.
    let pk = period.key();
    let rows = db
        .query_all(stmt(
            db,
            "SELECT sc.id, sc.code, COALESCE(m.school_name, sc.name) AS name, \
             COALESCE(m.school_type, sc.school_type) AS school_type, m.school_id AS has_data, m.state, \
             m.return_reason, m.classes, m.teachers, m.students, m.six_three, m.broadband, \
             m.multimedia_rooms, m.teacher_spaces, m.student_spaces \
             FROM school_monthly m JOIN schools sc ON sc.id = m.school_id \
             WHERE m.region_id = ? AND m.period = ? \
             UNION ALL \
             SELECT sc.id, sc.code, pl.name, pl.school_type, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, \
             NULL, NULL, NULL FROM school_placements pl JOIN schools sc ON sc.id = pl.school_id \
             WHERE pl.region_id = ? AND pl.from_period <= ? \
             AND NOT EXISTS (SELECT 1 FROM school_placements later WHERE later.school_id = pl.school_id \
                 AND later.from_period > pl.from_period AND later.from_period <= ?) \
             AND NOT EXISTS (SELECT 1 FROM school_monthly e WHERE e.school_id = sc.id AND e.period = ?) \
             ORDER BY code",
            vec![
                target.id.into(),
                pk.into(),
                target.id.into(),
                pk.into(),
                pk.into(),
                pk.into(),
            ],
        ))
        .await?;
    rows.iter().map(school_row).collect()
}

fn school_row(row: &QueryResult) -> ServiceResult<SchoolRow> {
    let kind: i16 = row.try_get("", "school_type")?;
    let has_data = row.try_get::<Option<i32>>("", "has_data")?.is_some();
    let totals = if has_data {
        Some(school_totals(row)?)
    } else {
        None
    };
    Ok(SchoolRow {
        id: row.try_get("", "id")?,
        code: row.try_get("", "code")?,
        name: row.try_get("", "name")?,
        school_type: SchoolType::from_code(kind)
            .map(|t| t.label())
            .unwrap_or("-")
            .to_string(),
        totals,
        state: row
            .try_get::<Option<i16>>("", "state")?
            .and_then(SchoolState::from_code),
        return_reason: row.try_get("", "return_reason")?,
    })
}

/// 年度趋势: the subtree totals of a region in scope for every month of
/// `year` up to the current one that has data.
pub async fn trend(
    db: &impl ConnectionTrait,
    actor: &Actor,
    code: Option<&str>,
    year: i32,
    now: DateTime<Utc>,
) -> ServiceResult<Vec<app::report::model::TrendPoint>> {
    let target = scoped_region(db, actor, code).await?;
    let last = Period::of(app::domain::cst_date(now))
        .key()
        .min(year * 100 + 12);
    let rows = db
        .query_all(stmt(
            db,
            &format!(
                "SELECT period, {} FROM region_stats WHERE region_id = ? AND scope = ? \
                 AND period >= ? AND period <= ? ORDER BY period",
                crate::stats::COLUMNS
            ),
            vec![
                target.id.into(),
                crate::stats::SUBTREE.into(),
                (year * 100 + 1).into(),
                last.into(),
            ],
        ))
        .await?;
    rows.iter()
        .map(|r| {
            let key: i32 = r.try_get("", "period")?;
            Ok(app::report::model::TrendPoint {
                month: (key % 100) as u32,
                totals: crate::stats::totals_from_row(r)?,
            })
        })
        .collect()
}
