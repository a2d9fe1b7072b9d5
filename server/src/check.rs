//! The invariants of the data, checked straight from the database (the
//! `jyxx check` command and the tests' helper): every maintained aggregate
//! equals the brute-force sum of the school months it stands for. A
//! finding is a sentence naming the row; none means the data holds.

use crate::error::ServiceResult;
use crate::stats::{COLUMNS, DIRECT, SUBTREE};
use app::domain::Totals;
use sea_orm::ConnectionTrait;
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
