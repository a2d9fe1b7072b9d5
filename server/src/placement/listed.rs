//! Where, and as what, a school is listed for a month: read only, so the
//! month lock (`lock.rs`) can ask it without depending on the writes of
//! `placement`.

use crate::db::stmt;
use crate::error::ServiceResult;
use app::domain::lock::Listed;
use app::domain::Period;
use sea_orm::ConnectionTrait;

/// Where a school's month stands: the region it counts for (`None` when
/// the school is not listed that month) and whether it is listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    pub region: Option<i32>,
    pub listed: Listed,
}

/// A month with data counts where it was first saved; a month without
/// data, where the school was placed for it (`school_placements`).
pub async fn placement(
    c: &impl ConnectionTrait,
    school: i32,
    period: Period,
) -> ServiceResult<Placement> {
    if let Some(row) = c
        .query_one(stmt(
            c,
            "SELECT region_id FROM school_monthly WHERE school_id = ? AND period = ?",
            vec![school.into(), period.key().into()],
        ))
        .await?
    {
        return Ok(Placement {
            region: Some(row.try_get("", "region_id")?),
            listed: Listed::Yes,
        });
    }
    if let Some(row) = c
        .query_one(stmt(
            c,
            "SELECT region_id FROM school_placements WHERE school_id = ? AND from_period <= ? \
             ORDER BY from_period DESC LIMIT 1",
            vec![school.into(), period.key().into()],
        ))
        .await?
    {
        let region: Option<i32> = row.try_get("", "region_id")?;
        return Ok(Placement {
            region,
            listed: if region.is_some() {
                Listed::Yes
            } else {
                Listed::No
            },
        });
    }
    let since: Option<i32> = c
        .query_one(stmt(
            c,
            "SELECT MIN(from_period) AS p FROM school_placements WHERE school_id = ?",
            vec![school.into()],
        ))
        .await?
        .map(|r| r.try_get("", "p"))
        .transpose()?
        .flatten();
    Ok(Placement {
        region: None,
        listed: match since.map(Period::from_key) {
            Some(Ok(since)) => Listed::NotYet(since),
            _ => Listed::No,
        },
    })
}

/// The SQL for the region a school `s`'s month counts for in `period`, in a
/// query that LEFT JOINs that month's row as `m`: where the month was
/// reported if it was, else where the school was placed for it (NULL when
/// it was not listed).
pub fn placed(period: Period) -> String {
    format!(
        "COALESCE(m.region_id, (SELECT pl.region_id FROM school_placements pl \
         WHERE pl.school_id = s.id AND pl.from_period <= {key} \
         ORDER BY pl.from_period DESC LIMIT 1))",
        key = period.key()
    )
}
