//! The invariants of the data, checked straight from the database (the
//! `jyxx check` command and the tests' helper): every maintained aggregate
//! equals the brute-force sum of the school months it stands for; the
//! audit log replays to the stored states; a reported month has reported
//! children and confirmed schools; a deadline that ran left nothing
//! pending. A finding is a sentence naming the row; none means the data
//! holds.

use crate::db;
use crate::error::ServiceResult;
use crate::stats::{TotalsRow, COLUMNS, DIRECT, SUBTREE};
use app::domain::school::SchoolState;
use app::domain::workflow::{self, AuditAction, ReportState};
use app::domain::{Level, Period, Totals};
use app::domain::{RegionId, SchoolId};
use sea_orm::{ConnectionTrait, FromQueryResult, Value};
use std::collections::BTreeMap;

type Key = (RegionId, Period, i16);

/// Sums of the school months, computed here in SQL without the aggregates.
const SUMS: &str =
    "CAST(COUNT(*) AS BIGINT) AS schools, CAST(SUM(m.classes) AS BIGINT) AS classes, \
     CAST(SUM(m.teachers) AS BIGINT) AS teachers, CAST(SUM(m.students) AS BIGINT) AS students, \
     CAST(SUM(CASE WHEN m.six_three THEN 1 ELSE 0 END) AS BIGINT) AS six_three, \
     CAST(SUM(CASE WHEN m.broadband THEN 1 ELSE 0 END) AS BIGINT) AS broadband, \
     CAST(SUM(m.multimedia_rooms) AS BIGINT) AS multimedia_rooms, \
     CAST(SUM(m.teacher_spaces) AS BIGINT) AS teacher_spaces, \
     CAST(SUM(m.student_spaces) AS BIGINT) AS student_spaces";

/// One aggregate, stored or summed: a region, period and scope with its
/// nine figures.
#[derive(FromQueryResult)]
struct Aggregate {
    region_id: RegionId,
    period: Period,
    scope: i16,
    #[sea_orm(nested)]
    totals: TotalsRow,
}

/// The aggregates `sql` selects that are not all zero, by key.
async fn aggregates_of(
    db: &impl ConnectionTrait,
    sql: &str,
    values: Vec<Value>,
) -> ServiceResult<BTreeMap<Key, Totals>> {
    Ok(db::rows::<Aggregate>(db, sql, values)
        .await?
        .into_iter()
        .map(|a| ((a.region_id, a.period, a.scope), Totals::from(a.totals)))
        .filter(|(_, t)| !t.is_zero())
        .collect())
}

/// Every (region, period, scope) whose maintained aggregate differs from
/// the sum of the school months that count for it.
pub async fn aggregates(db: &impl ConnectionTrait) -> ServiceResult<Vec<String>> {
    let mut expected = aggregates_of(
        db,
        &format!(
            "SELECT m.region_id, m.period, CAST($1 AS SMALLINT) AS scope, {SUMS} \
             FROM school_monthly m GROUP BY m.region_id, m.period"
        ),
        vec![DIRECT.into()],
    )
    .await?;
    expected.extend(
        aggregates_of(
            db,
            &format!(
                "SELECT c.ancestor_id AS region_id, m.period, CAST($1 AS SMALLINT) AS scope, {SUMS} \
                 FROM school_monthly m JOIN region_closure c ON c.descendant_id = m.region_id \
                 GROUP BY c.ancestor_id, m.period"
            ),
            vec![SUBTREE.into()],
        )
        .await?,
    );
    let actual = aggregates_of(
        db,
        &format!("SELECT region_id, period, scope, {COLUMNS} FROM region_stats"),
        vec![],
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
                    "region {region} period {} scope {scope}: maintained {a:?}, sum of the school months {e:?}",
                    period.key()
                ),
            ));
        }
    }
    Ok(findings.into_iter().map(|(_, f)| f).collect())
}

/// A record's stored state. The raw code: the same replay runs over
/// reports and school months, whose states are of different types.
#[derive(FromQueryResult)]
struct StoredState {
    id: i32,
    state: i16,
}

/// A row of the audit log, its states raw like `StoredState`'s (and "no
/// state" on the rows that change none).
#[derive(FromQueryResult)]
struct Logged {
    row_id: i32,
    id: i32,
    action: AuditAction,
    from_state: i16,
    to_state: i16,
}

/// The states the audit log arrives at, replayed from the state each record
/// starts in (a report: pending; a school month: a draft), against the
/// stored states; and each row's "from" against the state before it.
pub async fn audit_replay(db: &impl ConnectionTrait) -> ServiceResult<Vec<String>> {
    let periods: Vec<Period> = db::column(
        db,
        "SELECT period FROM region_reports UNION SELECT period FROM school_monthly \
         UNION SELECT period FROM audit_log",
        vec![],
    )
    .await?;
    let mut findings = Vec::new();
    for period in periods {
        for (what, start, states_sql, audit_sql) in [
            (
                "report",
                ReportState::Pending.code(),
                "SELECT region_id AS id, state FROM region_reports WHERE period = $1",
                "SELECT a.id AS row_id, a.region_id AS id, a.action, a.from_state, a.to_state \
                 FROM audit_log a WHERE a.period = $1 AND a.school_id IS NULL ORDER BY a.id",
            ),
            (
                "school month",
                SchoolState::Draft.code(),
                "SELECT school_id AS id, state FROM school_monthly WHERE period = $1",
                "SELECT a.id AS row_id, a.school_id AS id, a.action, a.from_state, a.to_state \
                 FROM audit_log a WHERE a.period = $1 AND a.school_id IS NOT NULL ORDER BY a.id",
            ),
        ] {
            let stored: BTreeMap<i32, i16> =
                db::rows::<StoredState>(db, states_sql, vec![period.into()])
                    .await?
                    .into_iter()
                    .map(|s| (s.id, s.state))
                    .collect();
            let mut replayed: BTreeMap<i32, i16> = BTreeMap::new();
            for r in db::rows::<Logged>(db, audit_sql, vec![period.into()]).await? {
                if !r.action.is_transition() {
                    continue;
                }
                let now = replayed.entry(r.id).or_insert(start);
                if *now != r.from_state {
                    findings.push(format!(
                        "{what} {} period {}: audit row {} ({}) leaves state {}, but the log had reached {now}",
                        r.id,
                        period.key(),
                        r.row_id,
                        r.action.code(),
                        r.from_state
                    ));
                }
                *now = r.to_state;
            }
            for (id, state) in &replayed {
                let actual = stored.get(id).copied();
                if actual != Some(*state) {
                    findings.push(format!(
                        "{what} {id} period {}: the audit log ends at state {state}, the record is at {actual:?}",
                        period.key()
                    ));
                }
            }
            for (id, state) in &stored {
                if !replayed.contains_key(id) && *state != start {
                    findings.push(format!(
                        "{what} {id} period {}: state {state} with no audit row leading there",
                        period.key()
                    ));
                }
            }
        }
    }
    Ok(findings)
}

/// A reported region and a child of it that has not reported.
#[derive(FromQueryResult)]
struct UnreportedChild {
    parent: RegionId,
    child: RegionId,
    period: Period,
}

/// A school month not confirmed in a reported region.
#[derive(FromQueryResult)]
struct UnconfirmedMonth {
    school_id: SchoolId,
    region_id: RegionId,
    period: Period,
}

/// A deadline that ran.
#[derive(FromQueryResult)]
struct DeadlineRun {
    level: Level,
    period: Period,
}

/// How many regions of a level are pending.
#[derive(FromQueryResult)]
struct PendingAt {
    level: Level,
    n: i64,
}

/// What a report means for the months below it: a reported region has
/// every child region reported and every school month that counts for it
/// confirmed; and once a level's deadline has run, no region of it or
/// below is still pending.
pub async fn reported_months(db: &impl ConnectionTrait) -> ServiceResult<Vec<String>> {
    let reported = || {
        vec![
            ReportState::Submitted.into(),
            ReportState::AutoSubmitted.into(),
        ]
    };
    let mut findings = Vec::new();
    for r in db::rows::<UnreportedChild>(
        db,
        "SELECT p.region_id AS parent, c.id AS child, p.period FROM region_reports p \
         JOIN regions c ON c.parent_id = p.region_id \
         LEFT JOIN region_reports cr ON cr.region_id = c.id AND cr.period = p.period \
         WHERE p.state IN ($1, $2) AND (cr.state IS NULL OR cr.state NOT IN ($1, $2))",
        reported(),
    )
    .await?
    {
        findings.push(format!(
            "region {} reported period {} while its child {} has not",
            r.parent,
            r.period.key(),
            r.child
        ));
    }
    let mut v = reported();
    v.push(SchoolState::Confirmed.into());
    for r in db::rows::<UnconfirmedMonth>(
        db,
        "SELECT m.school_id, m.region_id, m.period FROM school_monthly m \
         JOIN region_reports rr ON rr.region_id = m.region_id AND rr.period = m.period \
         WHERE rr.state IN ($1, $2) AND m.state <> $3",
        v,
    )
    .await?
    {
        findings.push(format!(
            "school {}'s month {} is not confirmed though region {} reported it",
            r.school_id,
            r.period.key(),
            r.region_id
        ));
    }
    for run in
        db::rows::<DeadlineRun>(db, "SELECT level, period FROM deadline_runs", vec![]).await?
    {
        let pending: i64 = db::rows::<PendingAt>(
            db,
            "SELECT r.level, COUNT(*) AS n FROM regions r \
             LEFT JOIN region_reports rr ON rr.region_id = r.id AND rr.period = $1 \
             WHERE rr.state IS NULL OR rr.state = $2 GROUP BY r.level",
            vec![run.period.into(), ReportState::Pending.into()],
        )
        .await?
        .into_iter()
        .filter(|p| workflow::closed_by_deadline(p.level, run.level))
        .map(|p| p.n)
        .sum();
        if pending > 0 {
            findings.push(format!(
                "the {} deadline of period {} ran, yet {pending} regions are still pending",
                app::i18n::Named::name(&run.level, app::i18n::Locale::zh_CN),
                run.period.key()
            ));
        }
    }
    Ok(findings)
}

/// A report standing as reported: what it reported, and its totals now.
#[derive(FromQueryResult)]
struct Frozen {
    region_id: RegionId,
    period: Period,
    reported_totals: Option<String>,
    totals_now: String,
}

/// Submitted data is frozen: every report standing as reported has the
/// subtree totals it reported (`reported_totals`, kept at 审核上报 and at
/// the deadline). Any change since must have gone through a return.
pub async fn frozen(db: &impl ConnectionTrait) -> ServiceResult<Vec<String>> {
    let mut findings = Vec::new();
    for r in db::rows::<Frozen>(
        db,
        &format!(
            "SELECT region_id, period, reported_totals, {} AS totals_now FROM region_reports \
             WHERE state IN ($1, $2)",
            crate::stats::SNAPSHOT
        ),
        vec![
            ReportState::Submitted.into(),
            ReportState::AutoSubmitted.into(),
        ],
    )
    .await?
    {
        if r.reported_totals.as_deref() != Some(r.totals_now.as_str()) {
            findings.push(format!(
                "region {} reported period {} as {:?}, its totals are now {}",
                r.region_id,
                r.period.key(),
                r.reported_totals,
                r.totals_now
            ));
        }
    }
    Ok(findings)
}

/// Every region and month whose kept per-level counts (`workflow::levels`)
/// differ from a count over its subtree.
pub async fn level_counts(db: &impl ConnectionTrait) -> ServiceResult<Vec<String>> {
    #[derive(FromQueryResult)]
    struct Count {
        region_id: RegionId,
        period: Period,
        level: Level,
        n: i64,
    }
    let keyed = |rows: Vec<Count>| -> BTreeMap<(RegionId, Period, i16), i64> {
        rows.into_iter()
            .filter(|c| c.n != 0)
            .map(|c| ((c.region_id, c.period, c.level.code()), c.n))
            .collect()
    };
    let kept = keyed(
        db::rows::<Count>(
            db,
            "SELECT region_id, period, level, reported AS n FROM region_level_reports",
            vec![],
        )
        .await?,
    );
    let counted = keyed(
        db::rows::<Count>(
            db,
            "SELECT c.ancestor_id AS region_id, rr.period, r.level, COUNT(*) AS n \
             FROM region_closure c JOIN regions r ON r.id = c.descendant_id \
             JOIN region_reports rr ON rr.region_id = r.id \
             WHERE c.distance > 0 AND rr.state IN ($1, $2) GROUP BY c.ancestor_id, rr.period, r.level",
            vec![
                ReportState::Submitted.into(),
                ReportState::AutoSubmitted.into(),
            ],
        )
        .await?,
    );
    let mut findings = Vec::new();
    for key in kept
        .keys()
        .chain(counted.keys())
        .collect::<std::collections::BTreeSet<_>>()
    {
        let (k, c) = (
            kept.get(key).copied().unwrap_or(0),
            counted.get(key).copied().unwrap_or(0),
        );
        if k != c {
            findings.push(format!(
                "region {:?} {} level {}: {k} kept as reported, {c} counted",
                key.0, key.1, key.2
            ));
        }
    }
    #[derive(FromQueryResult)]
    struct Size {
        region_id: RegionId,
        level: Level,
        n: i64,
    }
    let sizes = db::rows::<Size>(
        db,
        "SELECT s.region_id, s.level, s.total - COALESCE((SELECT COUNT(*) FROM region_closure c \
         JOIN regions r ON r.id = c.descendant_id \
         WHERE c.ancestor_id = s.region_id AND c.distance > 0 AND r.level = s.level), 0) AS n \
         FROM region_level_sizes s",
        vec![],
    )
    .await?;
    for s in sizes.into_iter().filter(|s| s.n != 0) {
        findings.push(format!(
            "region {:?} level {}: kept size off by {}",
            s.region_id,
            s.level.code(),
            s.n
        ));
    }
    Ok(findings)
}

/// Every invariant above, findings first to last.
pub async fn all(db: &impl ConnectionTrait) -> ServiceResult<Vec<String>> {
    let mut findings = aggregates(db).await?;
    findings.extend(level_counts(db).await?);
    findings.extend(audit_replay(db).await?);
    findings.extend(reported_months(db).await?);
    findings.extend(frozen(db).await?);
    Ok(findings)
}
