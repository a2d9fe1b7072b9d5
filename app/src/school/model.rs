//! Wire types of the school side.

use crate::domain::lock::{Frozen, MonthFacts, SchoolFacts};
use crate::domain::school::SchoolState;
use crate::domain::{Figures, SchoolType};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SchoolMonth {
    pub school_code: String,
    pub school_name: String,
    pub school_type: SchoolType,
    pub region_name: String,
    pub year: i32,
    pub month: u32,
    /// `None`: no data for the month yet (the form starts from last month).
    pub state: Option<SchoolState>,
    pub figures: Option<Figures>,
    /// 0 when there is no row yet: the first save creates it.
    pub version: i32,
    /// Last month's figures, shown beside each field.
    pub last: Option<Figures>,
    /// Changes from last month above this ratio ask for confirmation.
    pub jump_ratio: f64,
    pub return_reason: Option<String>,
    /// What the month lock decides on: the month, today on the server's
    /// clock (China time), the windows, and the reports of the regions
    /// holding the month.
    pub facts: MonthFacts,
    /// The school's side: closed, listed this month.
    pub school: SchoolFacts,
    /// Today on the server's clock (China time).
    pub today: chrono::NaiveDate,
    /// Who last saved, and when.
    pub updated: Option<LastSaved>,
    /// The login of the user reading it: device drafts are kept per user.
    pub editor: String,
}

impl SchoolMonth {
    /// Whether the school may still change or confirm this month, and why
    /// not: the same domain function the server calls before it writes.
    pub fn lock(&self) -> Result<(), Frozen> {
        self.facts.school_month(&SchoolFacts {
            state: self.state,
            ..self.school
        })
    }

    /// Whether the school may still change its figures (SPEC §5).
    pub fn editable(&self) -> bool {
        self.lock().is_ok()
    }
}

pub type SaveOutcome = crate::domain::versioned::SaveOutcome<crate::domain::Figures>;

/// 最后更新: who saved a record last, and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LastSaved {
    /// As stored when they saved ("湖南省-省级审核员 张三", a school
    /// admin's name); `None`: the system, named in the reader's locale.
    pub by: Option<String>,
    pub at: chrono::DateTime<chrono::Utc>,
}
