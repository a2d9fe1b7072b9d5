//! Where, and as what, a school is listed for a month: read only, so the
//! month lock (`lock.rs`) can ask it without depending on the writes of
//! `placement`.

use crate::db;
use crate::error::ServiceResult;
use app::domain::lock::Listed;
use app::domain::Period;
use app::domain::{RegionId, SchoolId};
use sea_orm::ConnectionTrait;

/// Where a school's month stands: the region it counts for (`None` when
/// the school is not listed that month) and whether it is listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    pub region: Option<RegionId>,
    pub listed: Listed,
}

/// A month with data counts where it was first saved; a month without
/// data, where the school was placed for it (`school_placements`).
pub async fn placement(
    c: &impl ConnectionTrait,
    school: SchoolId,
    period: Period,
) -> ServiceResult<Placement> {
    if let Some(region) = db::value::<RegionId>(
        c,
        "SELECT region_id FROM school_monthly WHERE school_id = $1 AND period = $2",
        vec![school.into(), period.into()],
    )
    .await?
    {
        return Ok(Placement {
            region: Some(region),
            listed: Listed::Yes,
        });
    }
    if let Some(region) = db::value::<Option<RegionId>>(
        c,
        "SELECT region_id FROM school_placements WHERE school_id = $1 AND from_period <= $2 \
         ORDER BY from_period DESC LIMIT 1",
        vec![school.into(), period.into()],
    )
    .await?
    {
        return Ok(Placement {
            region,
            listed: if region.is_some() {
                Listed::Yes
            } else {
                Listed::No
            },
        });
    }
    let since = db::value::<Option<Period>>(
        c,
        "SELECT MIN(from_period) AS p FROM school_placements WHERE school_id = $1",
        vec![school.into()],
    )
    .await?
    .flatten();
    Ok(Placement {
        region: None,
        listed: match since {
            Some(since) => Listed::NotYet(since),
            None => Listed::No,
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
