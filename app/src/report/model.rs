//! Wire types of the status screen.

use crate::domain::{Level, Totals};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionRef {
    pub code: String,
    pub name: String,
    pub level: Level,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChildRow {
    pub region: RegionRef,
    pub totals: Totals,
}

/// The status table of one region for one month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportTable {
    pub region: RegionRef,
    /// From the actor's own region down to `region`, for navigating back up.
    pub trail: Vec<RegionRef>,
    pub year: i32,
    pub month: u32,
    /// 合计: the whole subtree.
    pub total: Totals,
    /// 直属: the schools the region manages directly.
    pub direct: Totals,
    pub children: Vec<ChildRow>,
}

/// One school under the 直属 row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SchoolRow {
    pub id: i32,
    pub code: String,
    pub name: String,
    pub school_type: String,
    /// `None` when the school has no data for the month.
    pub totals: Option<Totals>,
}
