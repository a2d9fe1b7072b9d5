//! The invariants of the data, checked straight from the database (the
//! `jyxx check` command and the tests' helper): every maintained aggregate
//! equals the brute-force sum of the school months it stands for; the
//! audit log replays to the stored states; a reported month has reported
//! children and confirmed schools; a deadline that ran left nothing
//! pending. A finding is a sentence naming the row; none means the data
//! holds.

use crate::db::{placeholders, stmt};
use crate::error::ServiceResult;
use crate::stats::{COLUMNS, DIRECT, SUBTREE};
use app::domain::school::SchoolState;
use app::domain::workflow::{self, AuditAction, ReportState};
use app::domain::{Level, Totals};
use sea_orm::{ConnectionTrait, Value};
use std::collections::BTreeMap;

type Key = (i32, i32, i16);

/// Sums of the school months, computed here in SQL without the aggregates.
const SUMS: &str =
    "CAST(COUNT(*) AS BIGINT) AS schools, CAST(SUM(m.classes) AS BIGINT) AS classes, \
     CAST(SUM(m.teachers) AS BIGINT) AS teachers, CAST(SUM(m.students) AS BIGINT) AS students, \
     CAST(SUM(CASE WHEN m.six_three THEN 1 ELSE 0 END) AS BIGINT) AS six_three, \
     CAST(SUM(CASE WHEN m.broadband THEN 1 ELSE 0 END) AS BIGINT) AS broadband, \
     CAST(SUM(m.multimedia_rooms) AS BIGINT) AS multimedia_rooms, \
     CAST(SUM(m.teacher_spaces) AS BIGINT) AS teacher_spaces, \
     CAST(SUM(m.student_spaces) AS BIGINT) AS student_spaces";

async fn rows(
    db: &impl ConnectionTrait,
    sql: &str,
    scope: Option<i16>,
) -> ServiceResult<BTreeMap<Key, Totals>> {
    let mut out = BTreeMap::new();
    for row in db
        .query_all(sea_orm::Statement::from_string(
            db.get_database_backend(),
            sql.to_string(),
        ))
        .await?
    {
        let scope = match scope {
            Some(s) => s,
            None => row.try_get("", "scope")?,
        };
        let t = crate::stats::totals_from_row(&row)?;
        if !t.is_zero() {
            out.insert(
                (
                    row.try_get("", "region_id")?,
                    row.try_get("", "period")?,
                    scope,
                ),
                t,
            );
        }
    }
    Ok(out)
}

/// Every (region, period, scope) whose maintained aggregate differs from
/// the sum of the school months that count for it.
pub async fn aggregates(db: &impl ConnectionTrait) -> ServiceResult<Vec<String>> {
    let mut expected = rows(
        db,
        &format!(
            "SELECT m.region_id, m.period, {SUMS} FROM school_monthly m GROUP BY m.region_id, m.period"
        ),
        Some(DIRECT),
    )
    .await?;
    expected.extend(
        rows(
            db,
            &format!(
                "SELECT c.ancestor_id AS region_id, m.period, {SUMS} FROM school_monthly m \
                 JOIN region_closure c ON c.descendant_id = m.region_id GROUP BY c.ancestor_id, m.period"
            ),
            Some(SUBTREE),
        )
        .await?,
    );
    let actual = rows(
        db,
        &format!("SELECT region_id, period, scope, {COLUMNS} FROM region_stats"),
        None,
    )
    .await?;
    let mut findings = Vec::new();
    for key in expected.keys().chain(actual.keys()) {
        let (e, a) = (expected.get(key), actual.get(key));
        if e != a && !findings.iter().any(|f: &(Key, String)| f.0 == *key) {
            let (region, period, scope) = key;
            findings.push((
                *key,
                format!(
                    "region {region} period {period} scope {scope}: maintained {a:?}, sum of the school months {e:?}"
                ),
            ));
        }
    }
    Ok(findings.into_iter().map(|(_, f)| f).collect())
}

/// The states the audit log arrives at, replayed from the state each record
/// starts in (a report: pending; a school month: a draft), against the
/// stored states; and each row's "from" against the state before it.
pub async fn audit_replay(db: &impl ConnectionTrait) -> ServiceResult<Vec<String>> {
    let periods: Vec<i32> = db
        .query_all(stmt(
            db,
            "SELECT period FROM region_reports UNION SELECT period FROM school_monthly \
             UNION SELECT period FROM audit_log",
            vec![],
        ))
        .await?
        .iter()
        .map(|r| r.try_get("", "period"))
        .collect::<Result<_, _>>()?;
    let mut findings = Vec::new();
    for period in periods {
        for (what, start, states_sql, audit_sql) in [
            (
                "report",
                ReportState::Pending.code(),
                "SELECT region_id AS id, state FROM region_reports WHERE period = ?",
                "SELECT a.id AS row_id, a.region_id AS id, a.action, a.from_state, a.to_state \
                 FROM audit_log a WHERE a.period = ? AND a.school_id IS NULL ORDER BY a.id",
            ),
            (
                "school month",
                SchoolState::Draft.code(),
                "SELECT school_id AS id, state FROM school_monthly WHERE period = ?",
                "SELECT a.id AS row_id, a.school_id AS id, a.action, a.from_state, a.to_state \
                 FROM audit_log a WHERE a.period = ? AND a.school_id IS NOT NULL ORDER BY a.id",
            ),
        ] {
            let mut stored: BTreeMap<i32, i16> = BTreeMap::new();
            for r in db
                .query_all(stmt(db, states_sql, vec![period.into()]))
                .await?
            {
                stored.insert(r.try_get("", "id")?, r.try_get("", "state")?);
            }
            let mut replayed: BTreeMap<i32, i16> = BTreeMap::new();
            for r in db
                .query_all(stmt(db, audit_sql, vec![period.into()]))
                .await?
            {
                let action: String = r.try_get("", "action")?;
                if !AuditAction::from_code(&action).is_some_and(|a| a.is_transition()) {
                    continue;
                }
                let id: i32 = r.try_get("", "id")?;
                let row: i32 = r.try_get("", "row_id")?;
                let (from, to): (i16, i16) =
                    (r.try_get("", "from_state")?, r.try_get("", "to_state")?);
                let now = replayed.entry(id).or_insert(start);
                if *now != from {
                    findings.push(format!(
                        "{what} {id} period {period}: audit row {row} ({action}) leaves state {from}, but the log had reached {now}"
                    ));
                }
                *now = to;
            }
            for (id, state) in &replayed {
                let actual = stored.get(id).copied();
                if actual != Some(*state) {
                    findings.push(format!(
                        "{what} {id} period {period}: the audit log ends at state {state}, the record is at {actual:?}"
                    ));
                }
            }
            for (id, state) in &stored {
                if !replayed.contains_key(id) && *state != start {
                    findings.push(format!(
                        "{what} {id} period {period}: state {state} with no audit row leading there"
                    ));
                }
            }
        }
    }
    Ok(findings)
}

/// What a report means for the months below it: a reported region has
/// every child region reported and every school month that counts for it
/// confirmed; and once a level's deadline has run, no region of it or
/// below is still pending.
pub async fn reported_months(db: &impl ConnectionTrait) -> ServiceResult<Vec<String>> {
    let reported = [
        ReportState::Submitted.code(),
        ReportState::AutoSubmitted.code(),
    ];
    let mut findings = Vec::new();
    for r in db
        .query_all(stmt(
            db,
            "SELECT p.region_id AS parent, c.id AS child, p.period FROM region_reports p \
             JOIN regions c ON c.parent_id = p.region_id \
             LEFT JOIN region_reports cr ON cr.region_id = c.id AND cr.period = p.period \
             WHERE p.state IN (?, ?) AND (cr.state IS NULL OR cr.state NOT IN (?, ?))",
            vec![
                reported[0].into(),
                reported[1].into(),
                reported[0].into(),
                reported[1].into(),
            ],
        ))
        .await?
    {
        let (parent, child, period): (i32, i32, i32) = (
            r.try_get("", "parent")?,
            r.try_get("", "child")?,
            r.try_get("", "period")?,
        );
        findings.push(format!(
            "region {parent} reported period {period} while its child {child} has not"
        ));
    }
    for r in db
        .query_all(stmt(
            db,
            "SELECT m.school_id, m.region_id, m.period, m.state FROM school_monthly m \
             JOIN region_reports rr ON rr.region_id = m.region_id AND rr.period = m.period \
             WHERE rr.state IN (?, ?) AND m.state <> ?",
            vec![
                reported[0].into(),
                reported[1].into(),
                SchoolState::Confirmed.code().into(),
            ],
        ))
        .await?
    {
        let (school, region, period): (i32, i32, i32) = (
            r.try_get("", "school_id")?,
            r.try_get("", "region_id")?,
            r.try_get("", "period")?,
        );
        findings.push(format!(
            "school {school}'s month {period} is not confirmed though region {region} reported it"
        ));
    }
    for run in db
        .query_all(stmt(db, "SELECT level, period FROM deadline_runs", vec![]))
        .await?
    {
        let level: i16 = run.try_get("", "level")?;
        let period: i32 = run.try_get("", "period")?;
        let Some(level) = Level::from_code(level) else {
            findings.push(format!("deadline run of unknown level {level}"));
            continue;
        };
        let closed: Vec<Value> = Level::ALL
            .into_iter()
            .filter(|l| workflow::closed_by_deadline(*l, level))
            .map(|l| l.code().into())
            .collect();
        let mut v: Vec<Value> = vec![period.into(), ReportState::Pending.code().into()];
        let n = closed.len();
        v.extend(closed);
        let pending: i64 = db
            .query_one(stmt(
                db,
                &format!(
                    "SELECT COUNT(*) AS n FROM regions r \
                     LEFT JOIN region_reports rr ON rr.region_id = r.id AND rr.period = ? \
                     WHERE (rr.state IS NULL OR rr.state = ?) AND r.level IN ({})",
                    placeholders(n)
                ),
                v,
            ))
            .await?
            .map(|r| r.try_get("", "n"))
            .transpose()?
            .unwrap_or(0);
        if pending > 0 {
            findings.push(format!(
                "the {} deadline of period {period} ran, yet {pending} regions are still pending",
                level.label()
            ));
        }
    }
    Ok(findings)
}

/// Submitted data is frozen: every report standing as reported has the
/// subtree totals it reported (`reported_totals`, kept at 审核上报 and at
/// the deadline). Any change since must have gone through a return.
pub async fn frozen(db: &impl ConnectionTrait) -> ServiceResult<Vec<String>> {
    let mut findings = Vec::new();
    for r in db
        .query_all(stmt(
            db,
            &format!(
                "SELECT region_id, period, reported_totals, {} AS totals_now FROM region_reports \
                 WHERE state IN (?, ?)",
                crate::stats::SNAPSHOT
            ),
            vec![
                ReportState::Submitted.code().into(),
                ReportState::AutoSubmitted.code().into(),
            ],
        ))
        .await?
    {
        let reported: Option<String> = r.try_get("", "reported_totals")?;
        let now: String = r.try_get("", "totals_now")?;
        if reported.as_deref() != Some(now.as_str()) {
            let (region, period): (i32, i32) =
                (r.try_get("", "region_id")?, r.try_get("", "period")?);
            findings.push(format!(
                "region {region} reported period {period} as {reported:?}, its totals are now {now}"
            ));
        }
    }
    Ok(findings)
}

/// Every invariant above, findings first to last.
pub async fn all(db: &impl ConnectionTrait) -> ServiceResult<Vec<String>> {
    let mut findings = aggregates(db).await?;
    findings.extend(audit_replay(db).await?);
    findings.extend(reported_months(db).await?);
    findings.extend(frozen(db).await?);
    Ok(findings)
}
