//! Wire types of the school side.

use crate::domain::school::SchoolState;
use crate::domain::{ReportState, Totals};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SchoolMonth {
    pub school_code: String,
    pub school_name: String,
    pub school_type: String,
    pub region_name: String,
    pub year: i32,
    pub month: u32,
    /// `None`: no data for the month yet.
    pub state: Option<SchoolState>,
    pub totals: Option<Totals>,
    pub broadband_mbps: Option<i32>,
    pub return_reason: Option<String>,
    /// The managing region's report: once reported, the month is frozen.
    pub region_state: ReportState,
    /// Today on the server's clock (China time).
    pub today: chrono::NaiveDate,
}
