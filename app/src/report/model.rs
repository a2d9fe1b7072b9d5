//! Wire types of the status screen.

use crate::domain::school::SchoolState;
use crate::domain::workflow::{self, ReportState, SubmitContext};
use crate::domain::{Level, Period, Totals, Windows};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegionRef {
    pub code: String,
    pub name: String,
    pub level: Level,
}

/// A region's monthly report as the 是否上报 … 上报时间 columns show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewInfo {
    pub state: ReportState,
    pub reporter: Option<String>,
    pub phone: Option<String>,
    /// Beijing time, "2026-11-05 10:37".
    pub submitted_at: Option<String>,
    /// The original name of the uploaded 月报文本, if any.
    pub report_text: Option<String>,
    pub return_reason: Option<String>,
}

impl ReviewInfo {
    pub fn pending() -> Self {
        Self {
            state: ReportState::Pending,
            reporter: None,
            phone: None,
            submitted_at: None,
            report_text: None,
            return_reason: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChildRow {
    pub region: RegionRef,
    pub totals: Totals,
    pub review: ReviewInfo,
}

/// Reported / all regions of one level of the subtree ("市级: 414/414").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LevelCount {
    pub level: Level,
    pub reported: i64,
    pub total: i64,
}

/// How the 直属 schools stand: counts by state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct SchoolCounts {
    pub total: i64,
    pub confirmed: i64,
    pub returned: i64,
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
    pub direct_schools: SchoolCounts,
    pub children: Vec<ChildRow>,
    /// The region's own report.
    pub own: ReviewInfo,
    /// The viewer reviews this region (its own, as a reviewer): the page
    /// shows the review actions.
    pub acting: bool,
    pub windows: Windows,
    /// Today on the server's clock (China time) when the table was read.
    pub today: NaiveDate,
    pub level_counts: Vec<LevelCount>,
}

impl ReportTable {
    pub fn period(&self) -> Option<Period> {
        Period::new(self.year, self.month).ok()
    }

    pub fn window_open(&self) -> bool {
        self.period()
            .is_some_and(|p| self.windows.of(self.region.level).is_open(p, self.today))
    }

    pub fn window_rule(&self) -> String {
        self.windows
            .of(self.region.level)
            .rule_text(self.region.level)
    }

    /// "截至您本月确认还有N天", when the window has opened.
    pub fn days_left(&self) -> Option<i64> {
        self.period()
            .and_then(|p| self.windows.of(self.region.level).days_left(p, self.today))
    }

    /// The facts the submit rule needs, taken from this table.
    pub fn submit_context(&self) -> SubmitContext {
        let returned = self
            .children
            .iter()
            .filter(|c| c.review.state == ReportState::Returned)
            .count() as u32
            + self.direct_schools.returned as u32;
        SubmitContext {
            own: self.own.state,
            window_open: self.window_open(),
            has_report_text: self.own.report_text.is_some(),
            returned_children: returned,
            pending_children: self
                .children
                .iter()
                .filter(|c| c.review.state == ReportState::Pending)
                .count() as u32,
        }
    }

    /// Whether 重报 may be asked of direct children now (and why not).
    pub fn may_return(&self) -> Result<(), workflow::Refusal> {
        workflow::check_parent_may_return(self.own.state, self.window_open(), &self.window_rule())
    }
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
    pub state: Option<SchoolState>,
    pub return_reason: Option<String>,
}

/// One line of the audit log of a region and month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditRow {
    pub at: String,
    pub actor: String,
    pub target: String,
    pub action: String,
    pub from: String,
    pub to: String,
    pub reason: Option<String>,
}
