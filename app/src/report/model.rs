//! Wire types of the status screen.

use crate::domain::lock::{Frozen, Link, MonthFacts};
use crate::domain::school::SchoolState;
use crate::domain::workflow::{self, AuditAction, ReportState, SubmitContext};
use crate::domain::{Indicator, Level, Period, SchoolId, SchoolType, Totals, Windows};
use crate::i18n::{datetime, level_short, period, td_string, Locale, Named};
use chrono::{DateTime, NaiveDate, Utc};
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
    /// When it was (auto-)submitted; shown in Beijing time.
    pub submitted_at: Option<DateTime<Utc>>,
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
    /// The region and its ancestors with their reports for the month: what
    /// the month lock decides the 月报文本 on.
    pub chain: Vec<Link>,
}

impl ReportTable {
    pub fn period(&self) -> Option<Period> {
        Period::new(self.year, self.month).ok()
    }

    /// Whether the region's own report may still change (its 月报文本
    /// uploaded or replaced, an auto-submitted report completed), and why
    /// not: the function the server calls before it stores a file or a
    /// submit.
    pub fn own_report_lock(&self) -> Result<(), Frozen> {
        match self.period() {
            Some(period) => MonthFacts {
                period,
                today: self.today,
                windows: self.windows,
                chain: self.chain.clone(),
            }
            .own_report(),
            None => Ok(()),
        }
    }

    /// Why 审核上报 / 重新上报 is not possible now, if it is not: for a
    /// report being completed the month lock first, else the workflow's
    /// rule first (the server's order too).
    pub fn submit_refusal(&self) -> Option<crate::message::Reason> {
        // A frozen month is the reason first (before, say, a missing text
        // whose upload would be refused too); a submitted one says so.
        let completing = matches!(
            self.own.state,
            ReportState::AutoSubmitted | ReportState::Returned
        );
        if completing {
            if let Err(f) = self.own_report_lock() {
                return Some(f.into());
            }
        }
        if let Err(r) = workflow::check_submit(&self.submit_context(), self.window_rule()) {
            return Some(r.into());
        }
        self.own_report_lock().err().map(Into::into)
    }

    pub fn window_open(&self) -> bool {
        self.period()
            .is_some_and(|p| self.windows.of(self.region.level).is_open(p, self.today))
    }

    pub fn window_rule(&self) -> crate::domain::window::WindowRule {
        self.windows.of(self.region.level).rule(self.region.level)
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
        workflow::check_parent_may_return(self.own.state, self.window_open(), self.window_rule())
    }
}

/// One school under the 直属 row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SchoolRow {
    pub id: SchoolId,
    pub code: String,
    pub name: String,
    pub school_type: SchoolType,
    /// `None` when the school has no data for the month.
    pub totals: Option<Totals>,
    pub state: Option<SchoolState>,
    pub return_reason: Option<String>,
}

/// One line of the audit log of a region and month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditRow {
    pub at: DateTime<Utc>,
    /// Who acted, as they were then ("岳麓区-县级审核员 张三"); `None`: the
    /// system (the deadline job), named in the reader's locale.
    pub actor: Option<AuditActor>,
    pub target: String,
    pub action: AuditAction,
    /// `None` where the stored code names no state.
    pub from: Option<LoggedState>,
    pub to: Option<LoggedState>,
    pub note: Option<AuditNote>,
}

/// A person who took an audited action: their role line as a value
/// (`Author::User`; `Author::Written` for rows from before roles were
/// stored as values) and their name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditActor {
    pub role: crate::notice::model::Author,
    pub name: String,
}

/// What an audit row says beside its action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AuditNote {
    /// A reviewer's own words (重报原因), or a row's text from before
    /// notes were stored as values.
    Words(String),
    /// A school joining, changing, moving or closing, worded by the reader.
    Placement(PlacementNote),
}

/// The facts of a school's placement change, as its audit rows keep them
/// (`server::placement`). `from`: the first month the change applies to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlacementNote {
    /// 新增学校.
    Created { school: String, from: Period },
    /// 修改学校信息.
    Edited { school: String, from: Period },
    /// 迁出 / 迁入; `from_region` is `None` for a school that had none.
    Moved {
        school: String,
        from_region: Option<String>,
        to_region: String,
        from: Period,
    },
    /// 关闭学校.
    Closed { school: String, from: Period },
    /// 恢复学校.
    Reopened { school: String, from: Period },
}

/// A state an audit row moved from or to: a region's report's, or a
/// school's month's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LoggedState {
    Report(ReportState),
    School(SchoolState),
}

impl Named for LoggedState {
    fn name(&self, locale: Locale) -> &'static str {
        match self {
            LoggedState::Report(s) => s.name(locale),
            LoggedState::School(s) => s.name(locale),
        }
    }
}

/// A column of an exported table: its heading, and whether its cells
/// stay text even when they look like numbers (codes, phones: a
/// spreadsheet would drop their leading zeros).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    pub text: bool,
}

impl Column {
    /// A column whose whole-number cells are numbers (figures, counts).
    pub fn value(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            text: false,
        }
    }

    /// A column whose cells are always text.
    pub fn text(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            text: true,
        }
    }
}

/// An exported status table's sheet: "上报情况".
pub fn export_sheet(locale: Locale) -> &'static str {
    td_string!(locale, report.status_table)
}

/// The columns of an exported status table in `locale`: the screen's,
/// without 操作 and 学校类型 (a row of regions has none), with the region's
/// code; the figure columns from the indicator catalog.
pub fn export_columns(locale: Locale) -> Vec<Column> {
    let mut columns = vec![
        Column::value(td_string!(locale, report.col_seq)),
        Column::value(td_string!(locale, report.col_region)),
        Column::text(td_string!(locale, report.export_region_code)),
        Column::value(td_string!(locale, report.col_reported)),
        Column::value(td_string!(locale, report.col_report_text)),
        Column::value(td_string!(locale, report.col_reporter)),
        Column::text(td_string!(locale, report.col_phone)),
        Column::value(td_string!(locale, report.col_reported_at)),
    ];
    columns.extend(Indicator::COLUMNS.map(|i| Column::value(i.name(locale))));
    columns
}

fn figure_cells(t: &Totals) -> [String; 9] {
    Indicator::COLUMNS.map(|i| i.of(t).to_string())
}

impl ReportTable {
    /// The table as rows of text for XLSX/CSV in `locale`, in the
    /// screen's order: 合计, 直属, then one row per direct child region.
    pub fn export_rows(&self, locale: Locale) -> Vec<Vec<String>> {
        let d = self.direct_schools;
        let direct_state = if d.total == 0 {
            "-".to_string()
        } else {
            td_string!(
                locale,
                report.export_direct_confirmed,
                confirmed = d.confirmed,
                total = d.total
            )
            .to_string()
        };
        let mut rows = Vec::with_capacity(self.children.len() + 2);
        let plain = |seq: &str, name: &str, state: String, t: &Totals| {
            let mut r = vec![
                seq.to_string(),
                name.to_string(),
                self.region.code.clone(),
                state,
                "-".into(),
                "-".into(),
                "-".into(),
                "-".into(),
            ];
            r.extend(figure_cells(t));
            r
        };
        let reported: Vec<String> = self
            .level_counts
            .iter()
            .map(|c| {
                td_string!(
                    locale,
                    report.export_level_count,
                    level = level_short(c.level, locale),
                    reported = c.reported,
                    total = c.total
                )
                .to_string()
            })
            .collect();
        rows.push(plain(
            "1",
            td_string!(locale, report.total),
            reported.join(" "),
            &self.total,
        ));
        rows.push(plain(
            "2",
            td_string!(locale, report.direct),
            direct_state,
            &self.direct,
        ));
        for (i, c) in self.children.iter().enumerate() {
            let r = &c.review;
            let reporter = match (r.state, &r.reporter) {
                (_, Some(name)) => name.clone(),
                (ReportState::AutoSubmitted, None) => td_string!(locale, report.system).into(),
                _ => "-".into(),
            };
            let mut row = vec![
                (i + 3).to_string(),
                c.region.name.clone(),
                c.region.code.clone(),
                r.state.name(locale).to_string(),
                r.report_text.clone().unwrap_or_else(|| "-".into()),
                reporter,
                r.phone.clone().unwrap_or_else(|| "-".into()),
                r.submitted_at
                    .map_or_else(|| "-".into(), |at| datetime(locale, at)),
            ];
            row.extend(figure_cells(&c.totals));
            rows.push(row);
        }
        rows
    }

    /// The exported file's name without extension: "湖南省2026年11月上报情况".
    pub fn export_title(&self, locale: Locale) -> String {
        match self.period() {
            Some(p) => td_string!(
                locale,
                report.export_title,
                region = &self.region.name,
                period = period(locale, p)
            )
            .to_string(),
            None => self.region.name.clone(),
        }
    }
}

/// One month of a region's 年度趋势 (its whole subtree, as 合计 shows it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrendPoint {
    pub month: u32,
    pub totals: Totals,
}
