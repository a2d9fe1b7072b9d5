//! Reasons as sentences: every typed message of the product
//! (`crate::message::Reason`, `crate::error::AppError`) rendered in a
//! locale, from the keys of `locales/<locale>/errors.json`. The page calls
//! it in the reader's locale; the server only for a reader it knows (a
//! mail's recipient, a plain-HTTP answer to a request that says its
//! locale).

use super::{level_short, Locale, Named};
use crate::domain::code::CodeError;
use crate::domain::lock::Frozen;
use crate::domain::notice::{NoticeError, MAX_TITLE};
use crate::domain::window::{ReportsOn, WindowError, WindowRule};
use crate::domain::workflow::MAX_REASON;
use crate::domain::{Period, PeriodError, Refusal};
use crate::error::AppError;
use crate::message::{Reason, RequestIssue};
use leptos_i18n::td_string;

/// A message as a sentence in `locale`.
pub trait Say {
    fn say(&self, locale: Locale) -> String;
}

/// A month as people name it: "2026年11月", "November 2026".
pub fn period(locale: Locale, p: Period) -> String {
    let month = match p.month() {
        1 => td_string!(locale, domain.month_1),
        2 => td_string!(locale, domain.month_2),
        3 => td_string!(locale, domain.month_3),
        4 => td_string!(locale, domain.month_4),
        5 => td_string!(locale, domain.month_5),
        6 => td_string!(locale, domain.month_6),
        7 => td_string!(locale, domain.month_7),
        8 => td_string!(locale, domain.month_8),
        9 => td_string!(locale, domain.month_9),
        10 => td_string!(locale, domain.month_10),
        11 => td_string!(locale, domain.month_11),
        _ => td_string!(locale, domain.month_12),
    };
    td_string!(locale, domain.period, year = p.year(), month = month).to_string()
}

impl Say for AppError {
    fn say(&self, locale: Locale) -> String {
        match self {
            AppError::Unauthenticated => td_string!(locale, errors.unauthenticated).to_string(),
            AppError::NotFound => td_string!(locale, errors.not_found).to_string(),
            AppError::Invalid(r)
            | AppError::Refused(r)
            | AppError::CaptchaRequired(r)
            | AppError::TooManyAttempts(r)
            | AppError::TooLarge(r) => r.say(locale),
            AppError::Conflict => td_string!(locale, errors.conflict).to_string(),
            AppError::Busy {
                retry_after_seconds,
            } => td_string!(locale, errors.busy, seconds = *retry_after_seconds).to_string(),
            AppError::Internal(id) => td_string!(locale, errors.internal, id = id).to_string(),
            AppError::Storage(id) => td_string!(locale, errors.storage, id = id).to_string(),
            AppError::Transport(cause) => {
                td_string!(locale, errors.transport, cause = cause).to_string()
            }
        }
    }
}

impl Say for Reason {
    fn say(&self, locale: Locale) -> String {
        match self {
            Reason::Workflow(r) => r.say(locale),
            Reason::Frozen(f) => f.say(locale),
            Reason::Code(c) => c.say(locale),
            Reason::Period(p) => p.say(locale),
            Reason::Window(w) => w.say(locale),
            Reason::Notice(n) => n.say(locale),
            Reason::Request(r) => r.say(locale),
            Reason::Account(a) => a.say(locale),
            Reason::RegionName(r) => r.say(locale),
            Reason::School(s) => s.say(locale),
            Reason::User(u) => u.say(locale),
            Reason::ImportWord(w) => w.say(locale),
            Reason::Field(f) => f.say(locale),
            Reason::Questionnaire(q) => q.say(locale),
            Reason::Settings(s) => s.say(locale),
            Reason::Auth(a) => a.say(locale),
            Reason::Manage(m) => m.say(locale),
            Reason::File(f) => f.say(locale),
            Reason::Import(i) => i.say(locale),
            Reason::Service(s) => s.say(locale),
        }
    }
}

impl Say for Refusal {
    fn say(&self, locale: Locale) -> String {
        let s = match self {
            Refusal::NotReviewer => td_string!(locale, errors.refusal_not_reviewer),
            Refusal::NotDirect => td_string!(locale, errors.refusal_not_direct),
            Refusal::OutsideWindow(rule) => {
                return td_string!(
                    locale,
                    errors.refusal_outside_window,
                    rule = rule.say(locale)
                )
                .to_string()
            }
            Refusal::AlreadySubmitted => td_string!(locale, errors.refusal_already_submitted),
            Refusal::NoReportText => td_string!(locale, errors.refusal_no_report_text),
            Refusal::ChildReturned => td_string!(locale, errors.refusal_child_returned),
            Refusal::ChildPending => td_string!(locale, errors.refusal_child_pending),
            Refusal::ParentSubmitted => td_string!(locale, errors.refusal_parent_submitted),
            Refusal::ChildNotSubmitted => td_string!(locale, errors.refusal_child_not_submitted),
            Refusal::SchoolNotConfirmed => {
                td_string!(locale, errors.refusal_school_not_confirmed)
            }
            Refusal::AlreadyReturned => td_string!(locale, errors.refusal_already_returned),
            Refusal::NotReturned => td_string!(locale, errors.refusal_not_returned),
            Refusal::ChangedSinceReturn => {
                td_string!(locale, errors.refusal_changed_since_return)
            }
            Refusal::ReasonMissing => td_string!(locale, errors.refusal_reason_missing),
            Refusal::ReasonTooLong => {
                return td_string!(locale, errors.refusal_reason_too_long, max = MAX_REASON)
                    .to_string()
            }
            Refusal::AlreadyConfirmed => td_string!(locale, errors.refusal_already_confirmed),
        };
        s.to_string()
    }
}

impl Say for WindowRule {
    /// "县级每月1日到5日审核上报本月数据。如到截止时间未报，则系统自动上报"
    fn say(&self, locale: Locale) -> String {
        let which = match self.window.reports_on() {
            ReportsOn::ThisMonth => td_string!(locale, errors.window_rule_this_month),
            ReportsOn::PreviousMonth => td_string!(locale, errors.window_rule_previous_month),
        };
        td_string!(
            locale,
            errors.window_rule,
            level = level_short(self.level, locale),
            first = self.window.first_day(),
            last = self.window.last_day(),
            which = which
        )
        .to_string()
    }
}

impl Say for Frozen {
    fn say(&self, locale: Locale) -> String {
        let p = |x: &Period| period(locale, *x);
        match self {
            Frozen::NotBegun(at) => {
                td_string!(locale, errors.frozen_not_begun, period = p(at)).to_string()
            }
            Frozen::Reported { name, period: at } => {
                td_string!(locale, errors.frozen_reported, name = name, period = p(at)).to_string()
            }
            Frozen::DeadlinePassed { name, period: at } => td_string!(
                locale,
                errors.frozen_deadline_passed,
                name = name,
                period = p(at)
            )
            .to_string(),
            Frozen::Confirmed => td_string!(locale, errors.frozen_confirmed).to_string(),
            Frozen::SchoolClosed => td_string!(locale, errors.frozen_school_closed).to_string(),
            Frozen::NotYetListed { period: at, since } => td_string!(
                locale,
                errors.frozen_not_yet_listed,
                period = p(at),
                since = p(since)
            )
            .to_string(),
            Frozen::NotListed(at) => {
                td_string!(locale, errors.frozen_not_listed, period = p(at)).to_string()
            }
            Frozen::TextSubmitted(at) => {
                td_string!(locale, errors.frozen_text_submitted, period = p(at)).to_string()
            }
            Frozen::NotReopened { name, period: at } => td_string!(
                locale,
                errors.frozen_not_reopened,
                name = name,
                period = p(at)
            )
            .to_string(),
            Frozen::CompletionOver { period: at } => {
                td_string!(locale, errors.frozen_completion_over, period = p(at)).to_string()
            }
        }
    }
}

impl Say for PeriodError {
    fn say(&self, locale: Locale) -> String {
        match self {
            PeriodError::BadMonth => td_string!(locale, errors.period_bad_month).to_string(),
            PeriodError::BadYear => td_string!(
                locale,
                errors.period_bad_year,
                first = crate::domain::period::FIRST_YEAR
            )
            .to_string(),
            PeriodError::Future => td_string!(locale, errors.period_future).to_string(),
        }
    }
}

impl Say for CodeError {
    fn say(&self, locale: Locale) -> String {
        match self {
            CodeError::Region => td_string!(locale, errors.code_region),
            CodeError::School => td_string!(locale, errors.code_school),
        }
        .to_string()
    }
}

impl Say for WindowError {
    fn say(&self, locale: Locale) -> String {
        match self {
            WindowError::DayOutOfRange => {
                td_string!(locale, errors.window_day_out_of_range).to_string()
            }
            WindowError::Reversed => td_string!(locale, errors.window_reversed).to_string(),
            WindowError::Overlap { lower, upper } => td_string!(
                locale,
                errors.window_overlap,
                lower = lower.name(locale),
                upper = upper.name(locale)
            )
            .to_string(),
            WindowError::OfLevel { level, error } => td_string!(
                locale,
                errors.window_of_level,
                level = level.name(locale),
                error = error.say(locale)
            )
            .to_string(),
        }
    }
}

impl Say for NoticeError {
    fn say(&self, locale: Locale) -> String {
        match self {
            NoticeError::NoTitle => td_string!(locale, errors.notice_no_title).to_string(),
            NoticeError::TitleTooLong => {
                td_string!(locale, errors.notice_title_too_long, max = MAX_TITLE).to_string()
            }
            NoticeError::NoScope => td_string!(locale, errors.notice_no_scope).to_string(),
            NoticeError::LevelAbove(level) => td_string!(
                locale,
                errors.notice_level_above,
                level = level.name(locale)
            )
            .to_string(),
            NoticeError::NoContent => td_string!(locale, errors.notice_no_content).to_string(),
            NoticeError::ContentTooLong => {
                td_string!(locale, errors.notice_content_too_long).to_string()
            }
        }
    }
}

impl Say for RequestIssue {
    fn say(&self, locale: Locale) -> String {
        match self {
            RequestIssue::BadArguments => {
                td_string!(locale, errors.request_bad_arguments).to_string()
            }
            RequestIssue::MissingRequestKey => {
                td_string!(locale, errors.request_missing_request_key).to_string()
            }
            RequestIssue::BodyTooLarge { limit_mib } => {
                td_string!(locale, errors.request_body_too_large, limit = limit_mib).to_string()
            }
            RequestIssue::CrossSite => td_string!(locale, errors.request_cross_site).to_string(),
            RequestIssue::UnsupportedLanguage => {
                td_string!(locale, errors.request_unsupported_language).to_string()
            }
            RequestIssue::BadRequestKey => {
                td_string!(locale, errors.request_bad_request_key).to_string()
            }
            RequestIssue::RequestKeyReused => {
                td_string!(locale, errors.request_key_reused).to_string()
            }
            RequestIssue::MetricsToken => {
                td_string!(locale, errors.request_metrics_token).to_string()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Level, Windows};

    #[test]
    fn the_window_rule_reads_like_the_manual() {
        let rule = Windows::default().of(Level::County).rule(Level::County);
        assert_eq!(
            rule.say(Locale::zh_CN),
            "县级每月1日到5日审核上报本月数据。如到截止时间未报，则系统自动上报"
        );
        assert!(rule.say(Locale::en).starts_with("County reviewers submit"));
    }

    #[test]
    fn the_status_heading_reads_like_the_manual() {
        let p = Period::new(2015, 12).unwrap();
        let zh = Locale::zh_CN;
        assert_eq!(
            td_string!(zh, report.heading, period = period(zh, p)).to_string(),
            "2015年12月上报数据"
        );
    }

    #[test]
    fn a_month_is_named_in_each_locale() {
        let p = Period::new(2026, 11).unwrap();
        assert_eq!(period(Locale::zh_CN, p), "2026年11月");
        assert_eq!(period(Locale::en, p), "November 2026");
    }

    #[test]
    fn a_frozen_month_names_region_and_month() {
        let f = Frozen::Reported {
            name: "岳麓区".into(),
            period: Period::new(2026, 11).unwrap(),
        };
        assert_eq!(
            f.say(Locale::zh_CN),
            "岳麓区已上报2026年11月数据，数据已冻结，不能再修改"
        );
        assert_eq!(
            f.say(Locale::en),
            "岳麓区 has submitted the data of November 2026: the data are frozen and can no longer be changed"
        );
    }

    #[test]
    fn a_wrapped_window_error_names_its_level() {
        let e = WindowError::OfLevel {
            level: Level::City,
            error: Box::new(WindowError::Reversed),
        };
        assert_eq!(e.say(Locale::zh_CN), "市级上报时间：开始日不能晚于截止日");
        assert_eq!(
            AppError::Invalid(e.into()).say(Locale::en),
            "City window: The first day cannot be after the last day"
        );
    }
}
