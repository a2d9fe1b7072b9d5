//! The review state machine (SPEC §5, manual §2–§3). Pure functions decide
//! every transition; the server applies the answer with a conditional update
//! (state and version in the WHERE clause), and the browser uses the same
//! answer to enable a button or say why it is disabled.

use super::school::SchoolState;
use super::window::WindowRule;
use serde::{Deserialize, Serialize};

/// A region's monthly report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ReportState {
    Pending,
    Submitted,
    AutoSubmitted,
    Returned,
}

impl ReportState {
    pub const ALL: [ReportState; 4] = [
        ReportState::Pending,
        ReportState::Submitted,
        ReportState::AutoSubmitted,
        ReportState::Returned,
    ];

    pub fn code(self) -> i16 {
        match self {
            ReportState::Pending => 0,
            ReportState::Submitted => 1,
            ReportState::AutoSubmitted => 2,
            ReportState::Returned => 3,
        }
    }

    pub fn from_code(code: i16) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// A stable code for the state, the same in every language (the status
    /// table's `data-state`).
    pub fn slug(self) -> &'static str {
        match self {
            ReportState::Pending => "pending",
            ReportState::Submitted => "submitted",
            ReportState::AutoSubmitted => "auto_submitted",
            ReportState::Returned => "returned",
        }
    }

    /// Counted as reported in "市级: 414/414".
    pub fn is_reported(self) -> bool {
        matches!(self, ReportState::Submitted | ReportState::AutoSubmitted)
    }
}

impl SchoolState {
    /// A stable code for the state, the same in every language (the status
    /// table's `data-state`).
    pub fn slug(self) -> &'static str {
        match self {
            SchoolState::Draft => "draft",
            SchoolState::Confirmed => "confirmed",
            SchoolState::Returned => "returned",
        }
    }

    /// The school may change its figures (SPEC §5: submitted data is frozen).
    pub fn is_editable(self) -> bool {
        !matches!(self, SchoolState::Confirmed)
    }
}

/// Why an action is not allowed, in the words the user reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    NotReviewer,
    NotDirect,
    /// Outside the level's window; the rule says when it is open.
    OutsideWindow(WindowRule),
    AlreadySubmitted,
    NoReportText,
    ChildReturned,
    ChildPending,
    ParentSubmitted,
    ChildNotSubmitted,
    SchoolNotConfirmed,
    AlreadyReturned,
    NotReturned,
    ChangedSinceReturn,
    ReasonMissing,
    ReasonTooLong,
    AlreadyConfirmed,
}

pub const MAX_REASON: usize = 500;

/// What an audit row records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AuditAction {
    Submit,
    Resubmit,
    Return,
    Cancel,
    AutoSubmit,
    Confirm,
    AutoConfirm,
    /// A school left the region (迁出), from the month the row names.
    MoveOut,
    /// A school came to the region (迁入), from the month the row names.
    MoveIn,
    /// A school was created under the region, from the month the row names.
    Create,
    /// A school was closed (关闭), from the month the row names.
    Close,
    /// A closed school was reopened (恢复), from the month the row names.
    Reopen,
    /// A school's name or type changed, from the month the row names.
    Edit,
    /// The region's 月报文本 was uploaded or replaced.
    UploadText,
}

impl AuditAction {
    pub const ALL: [AuditAction; 14] = [
        AuditAction::Submit,
        AuditAction::Resubmit,
        AuditAction::Return,
        AuditAction::Cancel,
        AuditAction::AutoSubmit,
        AuditAction::Confirm,
        AuditAction::AutoConfirm,
        AuditAction::MoveOut,
        AuditAction::MoveIn,
        AuditAction::Create,
        AuditAction::Close,
        AuditAction::Reopen,
        AuditAction::Edit,
        AuditAction::UploadText,
    ];

    /// Whether the row records a change of state (as opposed to a school
    /// joining, leaving or closing, which leaves every state as it was).
    pub fn is_transition(self) -> bool {
        !matches!(
            self,
            AuditAction::MoveOut
                | AuditAction::MoveIn
                | AuditAction::Create
                | AuditAction::Close
                | AuditAction::Reopen
                | AuditAction::Edit
                | AuditAction::UploadText
        )
    }

    /// The stored name.
    pub fn code(self) -> &'static str {
        match self {
            AuditAction::Submit => "submit",
            AuditAction::Resubmit => "resubmit",
            AuditAction::Return => "return",
            AuditAction::Cancel => "cancel",
            AuditAction::AutoSubmit => "auto_submit",
            AuditAction::Confirm => "confirm",
            AuditAction::AutoConfirm => "auto_confirm",
            AuditAction::MoveOut => "move_out",
            AuditAction::MoveIn => "move_in",
            AuditAction::Create => "create_school",
            AuditAction::Close => "close_school",
            AuditAction::Reopen => "reopen_school",
            AuditAction::Edit => "edit_school",
            AuditAction::UploadText => "upload_text",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.code() == code)
    }
}

impl From<SubmitKind> for AuditAction {
    fn from(k: SubmitKind) -> Self {
        match k {
            SubmitKind::Submit => AuditAction::Submit,
            SubmitKind::Resubmit => AuditAction::Resubmit,
        }
    }
}

/// 审核上报, or 重新上报 when the report had been returned (manual §3.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SubmitKind {
    Submit,
    Resubmit,
}

/// What a region's own submit depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubmitContext {
    pub own: ReportState,
    pub window_open: bool,
    pub has_report_text: bool,
    /// Direct child regions or direct schools in `Returned`.
    pub returned_children: u32,
    /// Direct child regions still `Pending` (their deadline job has not run).
    pub pending_children: u32,
}

/// The button to show for the own report, whether or not it is enabled.
pub fn submit_kind(own: ReportState) -> SubmitKind {
    if own == ReportState::Returned {
        SubmitKind::Resubmit
    } else {
        SubmitKind::Submit
    }
}

/// Submit (审核上报 / 重新上报). Pending needs the window; a returned report
/// may be re-submitted outside it (manual §3.3); an auto-submitted one still
/// needs the reviewer's click after the deadline (manual §3.2 注), so it too
/// is allowed outside the window.
pub fn check_submit(ctx: &SubmitContext, window_rule: WindowRule) -> Result<SubmitKind, Refusal> {
    match ctx.own {
        ReportState::Submitted => return Err(Refusal::AlreadySubmitted),
        ReportState::Pending if !ctx.window_open => {
            return Err(Refusal::OutsideWindow(window_rule))
        }
        _ => {}
    }
    if ctx.returned_children > 0 {
        return Err(Refusal::ChildReturned);
    }
    if ctx.pending_children > 0 {
        return Err(Refusal::ChildPending);
    }
    if !ctx.has_report_text {
        return Err(Refusal::NoReportText);
    }
    Ok(submit_kind(ctx.own))
}

/// Whether the parent may return (重报) its direct children right now:
/// before it has submitted, inside its window (manual §2.1), or while it is
/// itself returned (manual §2.2).
pub fn check_parent_may_return(
    parent: ReportState,
    window_open: bool,
    window_rule: WindowRule,
) -> Result<(), Refusal> {
    match parent {
        ReportState::Returned => Ok(()),
        ReportState::Pending if window_open => Ok(()),
        ReportState::Pending => Err(Refusal::OutsideWindow(window_rule)),
        ReportState::Submitted | ReportState::AutoSubmitted => Err(Refusal::ParentSubmitted),
    }
}

pub fn check_reason(reason: &str) -> Result<String, Refusal> {
    let r = reason.trim();
    if r.is_empty() {
        Err(Refusal::ReasonMissing)
    } else if r.chars().count() > MAX_REASON {
        Err(Refusal::ReasonTooLong)
    } else {
        Ok(r.to_string())
    }
}

/// 重报 of a direct child region: the child must have reported.
pub fn check_return_region(child: ReportState) -> Result<ReportState, Refusal> {
    match child {
        ReportState::Submitted | ReportState::AutoSubmitted => Ok(ReportState::Returned),
        ReportState::Returned => Err(Refusal::AlreadyReturned),
        ReportState::Pending => Err(Refusal::ChildNotSubmitted),
    }
}

/// 重报 of a direct school: the school must have confirmed.
pub fn check_return_school(school: SchoolState) -> Result<SchoolState, Refusal> {
    match school {
        SchoolState::Confirmed => Ok(SchoolState::Returned),
        SchoolState::Returned => Err(Refusal::AlreadyReturned),
        SchoolState::Draft => Err(Refusal::SchoolNotConfirmed),
    }
}

/// 取消 a return: only while the child has not re-submitted; the child goes
/// back to the state it had before the return. Not once anything has
/// happened below it since the return (`changes_since_return`: its own
/// returns of children or schools, a school's new figures, a move, a new
/// 月报文本): it would read as reported again over what it never reported.
pub fn check_cancel_region(
    child: ReportState,
    before_return: ReportState,
    changes_since_return: u32,
) -> Result<ReportState, Refusal> {
    if child != ReportState::Returned || !before_return.is_reported() {
        Err(Refusal::NotReturned)
    } else if changes_since_return > 0 {
        Err(Refusal::ChangedSinceReturn)
    } else {
        Ok(before_return)
    }
}

pub fn check_cancel_school(school: SchoolState) -> Result<SchoolState, Refusal> {
    if school == SchoolState::Returned {
        Ok(SchoolState::Confirmed)
    } else {
        Err(Refusal::NotReturned)
    }
}

/// 月更新确认 by the school admin.
pub fn check_confirm(school: SchoolState) -> Result<SchoolState, Refusal> {
    match school {
        SchoolState::Draft | SchoolState::Returned => Ok(SchoolState::Confirmed),
        SchoolState::Confirmed => Err(Refusal::AlreadyConfirmed),
    }
}

/// Whether the deadline of `deadline` closes out a region of `level`: its
/// own level and every level below it. Lower levels' deadlines have passed
/// already, but their regions may have been returned since (a returned
/// region may in turn return its own children), so they are closed again,
/// and nothing reported is ever left with an unlocked child.
pub fn closed_by_deadline(level: super::region::Level, deadline: super::region::Level) -> bool {
    level >= deadline
}

/// At a region's deadline: a pending report becomes auto-submitted, a
/// returned direct child is auto-resubmitted; anything else stays.
pub fn at_deadline(state: ReportState) -> Option<ReportState> {
    match state {
        ReportState::Pending | ReportState::Returned => Some(ReportState::AutoSubmitted),
        _ => None,
    }
}

/// At the managing region's deadline (or its submit) every unconfirmed
/// direct school is confirmed: submitted data is frozen.
pub fn school_at_deadline(state: SchoolState) -> Option<SchoolState> {
    state.is_editable().then_some(SchoolState::Confirmed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ReportState::*;

    fn rule() -> WindowRule {
        crate::domain::Windows::default()
            .of(crate::domain::Level::County)
            .rule(crate::domain::Level::County)
    }

    fn ctx(own: ReportState) -> SubmitContext {
        SubmitContext {
            own,
            window_open: true,
            has_report_text: true,
            returned_children: 0,
            pending_children: 0,
        }
    }

    #[test]
    fn every_state_has_its_own_stable_slug() {
        let slugs: Vec<&str> = ReportState::ALL.iter().map(|s| s.slug()).collect();
        assert_eq!(
            slugs,
            ["pending", "submitted", "auto_submitted", "returned"]
        );
        let schools: Vec<&str> = [
            SchoolState::Draft,
            SchoolState::Confirmed,
            SchoolState::Returned,
        ]
        .iter()
        .map(|s| s.slug())
        .collect();
        assert_eq!(schools, ["draft", "confirmed", "returned"]);
    }

    #[test]
    fn a_pending_report_is_submitted_inside_the_window() {
        assert_eq!(check_submit(&ctx(Pending), rule()), Ok(SubmitKind::Submit));
    }

    #[test]
    fn a_pending_report_cannot_be_submitted_outside_the_window() {
        let c = SubmitContext {
            window_open: false,
            ..ctx(Pending)
        };
        assert_eq!(
            check_submit(&c, rule()),
            Err(Refusal::OutsideWindow(rule()))
        );
    }

    #[test]
    fn a_returned_report_is_resubmitted_even_outside_the_window() {
        let c = SubmitContext {
            window_open: false,
            ..ctx(Returned)
        };
        assert_eq!(check_submit(&c, rule()), Ok(SubmitKind::Resubmit));
    }

    #[test]
    fn an_auto_submitted_report_still_takes_the_reviewers_click_after_the_deadline() {
        let c = SubmitContext {
            window_open: false,
            ..ctx(AutoSubmitted)
        };
        assert_eq!(check_submit(&c, rule()), Ok(SubmitKind::Submit));
    }

    #[test]
    fn a_submitted_report_is_not_submitted_twice() {
        assert_eq!(
            check_submit(&ctx(Submitted), rule()),
            Err(Refusal::AlreadySubmitted)
        );
    }

    #[test]
    fn submitting_needs_the_report_text() {
        let c = SubmitContext {
            has_report_text: false,
            ..ctx(Pending)
        };
        assert_eq!(check_submit(&c, rule()), Err(Refusal::NoReportText));
    }

    #[test]
    fn submitting_waits_for_returned_children() {
        let c = SubmitContext {
            returned_children: 1,
            ..ctx(Returned)
        };
        assert_eq!(check_submit(&c, rule()), Err(Refusal::ChildReturned));
    }

    #[test]
    fn submitting_waits_for_pending_children() {
        let c = SubmitContext {
            pending_children: 2,
            ..ctx(Pending)
        };
        assert_eq!(check_submit(&c, rule()), Err(Refusal::ChildPending));
    }

    #[test]
    fn the_button_reads_resubmit_only_when_returned() {
        assert_eq!(submit_kind(Returned), SubmitKind::Resubmit);
        assert_eq!(submit_kind(Pending), SubmitKind::Submit);
        assert_eq!(submit_kind(AutoSubmitted), SubmitKind::Submit);
    }

    #[test]
    fn a_parent_returns_children_before_it_submits_inside_its_window() {
        assert_eq!(check_parent_may_return(Pending, true, rule()), Ok(()));
        assert!(check_parent_may_return(Pending, false, rule()).is_err());
        assert_eq!(
            check_parent_may_return(Submitted, true, rule()),
            Err(Refusal::ParentSubmitted)
        );
        assert_eq!(
            check_parent_may_return(AutoSubmitted, false, rule()),
            Err(Refusal::ParentSubmitted)
        );
    }

    #[test]
    fn a_returned_parent_may_return_its_children_at_any_time() {
        assert_eq!(check_parent_may_return(Returned, false, rule()), Ok(()));
    }

    #[test]
    fn only_a_reported_child_can_be_returned() {
        assert_eq!(check_return_region(Submitted), Ok(Returned));
        assert_eq!(check_return_region(AutoSubmitted), Ok(Returned));
        assert_eq!(
            check_return_region(Pending),
            Err(Refusal::ChildNotSubmitted)
        );
        assert_eq!(check_return_region(Returned), Err(Refusal::AlreadyReturned));
    }

    #[test]
    fn only_a_confirmed_school_can_be_returned() {
        assert_eq!(
            check_return_school(SchoolState::Confirmed),
            Ok(SchoolState::Returned)
        );
        assert_eq!(
            check_return_school(SchoolState::Draft),
            Err(Refusal::SchoolNotConfirmed)
        );
    }

    #[test]
    fn a_return_needs_a_reason_of_sane_length() {
        assert_eq!(check_reason("  "), Err(Refusal::ReasonMissing));
        assert_eq!(check_reason(" 学生数有误 "), Ok("学生数有误".into()));
        assert_eq!(
            check_reason(&"错".repeat(MAX_REASON + 1)),
            Err(Refusal::ReasonTooLong)
        );
    }

    #[test]
    fn cancel_restores_the_state_before_the_return() {
        assert_eq!(
            check_cancel_region(Returned, AutoSubmitted, 0),
            Ok(AutoSubmitted)
        );
        assert_eq!(check_cancel_region(Returned, Submitted, 0), Ok(Submitted));
    }

    #[test]
    fn cancel_is_refused_once_anything_changed_below_the_child() {
        assert_eq!(
            check_cancel_region(Returned, Submitted, 1),
            Err(Refusal::ChangedSinceReturn)
        );
    }

    #[test]
    fn cancel_is_refused_once_the_child_has_resubmitted() {
        assert_eq!(
            check_cancel_region(Submitted, Submitted, 0),
            Err(Refusal::NotReturned)
        );
        assert_eq!(
            check_cancel_school(SchoolState::Confirmed),
            Err(Refusal::NotReturned)
        );
    }

    #[test]
    fn a_school_confirms_a_draft_or_a_returned_month_once() {
        assert_eq!(
            check_confirm(SchoolState::Draft),
            Ok(SchoolState::Confirmed)
        );
        assert_eq!(
            check_confirm(SchoolState::Returned),
            Ok(SchoolState::Confirmed)
        );
        assert_eq!(
            check_confirm(SchoolState::Confirmed),
            Err(Refusal::AlreadyConfirmed)
        );
    }

    #[test]
    fn audit_action_codes_round_trip() {
        for a in AuditAction::ALL {
            assert_eq!(AuditAction::from_code(a.code()), Some(a));
        }
        assert_eq!(
            AuditAction::from(SubmitKind::Resubmit),
            AuditAction::Resubmit
        );
    }

    #[test]
    fn a_deadline_closes_its_own_level_and_every_level_below() {
        use crate::domain::Level;
        assert!(closed_by_deadline(Level::City, Level::City));
        assert!(closed_by_deadline(Level::County, Level::City));
        assert!(!closed_by_deadline(Level::Province, Level::City));
    }

    #[test]
    fn the_deadline_submits_pending_and_resubmits_returned_reports() {
        assert_eq!(at_deadline(Pending), Some(AutoSubmitted));
        assert_eq!(at_deadline(Returned), Some(AutoSubmitted));
        assert_eq!(at_deadline(Submitted), None);
        assert_eq!(
            school_at_deadline(SchoolState::Draft),
            Some(SchoolState::Confirmed)
        );
        assert_eq!(school_at_deadline(SchoolState::Confirmed), None);
    }
}
