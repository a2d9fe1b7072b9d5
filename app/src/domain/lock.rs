//! The month lock (SPEC §5, "Submitted data is frozen"): whether a month of
//! a school, or a region's 月报文本, may still change, and why not.
//!
//! A month counts for one region (the school's managing region when the
//! month was first saved). That region and its ancestors hold the month in
//! their totals; their reports decide. A month is open while every one of
//! them is either returned (重报: reopened by the workflow) or pending with
//! its level's deadline still ahead. A report that was submitted (by a
//! reviewer or by the system at the deadline) closes it, and so does a
//! deadline that has passed, even if no report row exists (months before
//! the system's data, months the deadline job never saw). Nothing but the
//! workflow reopens a month: 重报 down the chain.
//!
//! The browser calls these functions to disable inputs and say why; the
//! server calls the very same functions inside the write transaction, on
//! every path that writes (saves, 月更新确认, moves, creates, closes,
//! imports, uploads).

use super::period::Period;
use super::region::Level;
use super::school::SchoolState;
use super::window::Windows;
use super::workflow::ReportState;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One region holding a month in its totals, with its report's state for
/// that month (`Pending` when no report row exists yet).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub name: String,
    pub level: Level,
    pub state: ReportState,
}

/// Why a month can no longer change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Frozen {
    NotBegun(Period),
    Reported { name: String, period: Period },
    DeadlinePassed { name: String, period: Period },
    Confirmed,
    SchoolClosed,
    NotYetListed { period: Period, since: Period },
    NotListed(Period),
    TextSubmitted(Period),
    NotReopened { name: String, period: Period },
    CompletionOver { period: Period },
}

/// What decides whether a month is open: the month, today's date in China
/// on the server's clock, the reporting windows, and the regions holding
/// the month from its own region (first) up to the national root (last).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthFacts {
    pub period: Period,
    pub today: NaiveDate,
    pub windows: Windows,
    pub chain: Vec<Link>,
}

impl MonthFacts {
    fn link_open(&self, link: &Link) -> Result<(), Frozen> {
        let closed = || Frozen::DeadlinePassed {
            name: link.name.clone(),
            period: self.period,
        };
        match link.state {
            ReportState::Returned => Ok(()),
            ReportState::Pending
                if self
                    .windows
                    .of(link.level)
                    .has_closed(self.period, self.today) =>
            {
                Err(closed())
            }
            ReportState::Pending => Ok(()),
            ReportState::Submitted | ReportState::AutoSubmitted => Err(Frozen::Reported {
                name: link.name.clone(),
                period: self.period,
            }),
        }
    }

    fn begun(&self) -> Result<(), Frozen> {
        if self.period > Period::of(self.today) {
            Err(Frozen::NotBegun(self.period))
        } else {
            Ok(())
        }
    }

    /// Whether the month of the chain's first region may still change:
    /// data may move into or out of it (a school saving, moving, being
    /// created or closed). The highest closed region is named, since that
    /// is where a reopening would have to start.
    pub fn region_month(&self) -> Result<(), Frozen> {
        self.begun()?;
        let mut refusal = Ok(());
        for link in &self.chain {
            if let Err(e) = self.link_open(link) {
                refusal = Err(e);
            }
        }
        refusal
    }

    /// Whether a school may change its figures of this month or confirm
    /// them (月更新确认): the month is open for its region, the school is
    /// open, and its own month is not confirmed.
    pub fn school_month(&self, school: &SchoolFacts) -> Result<(), Frozen> {
        self.begun()?;
        if school.closed {
            return Err(Frozen::SchoolClosed);
        }
        match school.listed {
            Listed::Yes => {}
            Listed::NotYet(since) => {
                return Err(Frozen::NotYetListed {
                    period: self.period,
                    since,
                })
            }
            Listed::No => return Err(Frozen::NotListed(self.period)),
        }
        self.region_month()?;
        match (self.chain.first(), school.state) {
            (_, Some(SchoolState::Confirmed)) => Err(Frozen::Confirmed),
            // A returned region reopens only the schools it returned in
            // turn: the others' months were reported as they stand.
            (Some(own), state)
                if own.state == ReportState::Returned && state != Some(SchoolState::Returned) =>
            {
                Err(Frozen::NotReopened {
                    name: own.name.clone(),
                    period: self.period,
                })
            }
            _ => Ok(()),
        }
    }

    /// Whether the chain's first region may still change its own report:
    /// upload (or replace) its 月报文本, or complete it with 审核上报. Not
    /// once it has submitted, and not once the level above has reported or
    /// closed — the report it reviewed is frozen too. An auto-submitted
    /// report may still be completed (manual §3.2 注), as may a returned
    /// one; at the top, where no level reports above, until the end of the
    /// month its window lies in.
    pub fn own_report(&self) -> Result<(), Frozen> {
        self.begun()?;
        let Some((own, above)) = self.chain.split_first() else {
            return Ok(());
        };
        match own.state {
            ReportState::Submitted => return Err(Frozen::TextSubmitted(self.period)),
            ReportState::AutoSubmitted if above.is_empty() => {
                let (_, last) = self.windows.of(own.level).days(self.period);
                if Period::of(self.today) > Period::of(last) {
                    return Err(Frozen::CompletionOver {
                        period: self.period,
                    });
                }
            }
            ReportState::AutoSubmitted | ReportState::Returned => {}
            ReportState::Pending => self.link_open(own)?,
        }
        let mut refusal = Ok(());
        for link in above {
            if let Err(e) = self.link_open(link) {
                refusal = Err(e);
            } else if own.state == ReportState::AutoSubmitted && link.state == ReportState::Returned
            {
                // A returned level above has reported before: completing an
                // auto-submission under it would change what it reported.
                // Only its own 重报 down to this report reopens it.
                refusal = Err(Frozen::Reported {
                    name: link.name.clone(),
                    period: self.period,
                });
            }
        }
        refusal
    }
}

/// Whether a school is one of its region's schools in a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Listed {
    Yes,
    /// The school joins the system later (created, or placed, from `since`).
    NotYet(Period),
    /// Closed for that month.
    No,
}

/// The school's side of its month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchoolFacts {
    /// `None`: no data saved for the month yet.
    pub state: Option<SchoolState>,
    /// 关闭: the school can no longer enter data at all.
    pub closed: bool,
    pub listed: Listed,
}

/// From which month an administrative change of a school (create, move,
/// close, reopen) takes effect: the earliest of `candidates` (ascending,
/// ending with the current month) from which every candidate is still open
/// for every region involved; the month after the last candidate when the
/// last is closed. Months before it stay as they were reported.
pub fn effective_from(candidates: &[(Period, bool)]) -> Period {
    let mut from = None;
    for (period, open) in candidates.iter().rev() {
        if *open {
            from = Some(*period);
        } else {
            break;
        }
    }
    match (from, candidates.last()) {
        (Some(p), _) => p,
        (None, Some((last, _))) => last.next(),
        (None, None) => unreachable!("effective_from needs the current month"),
    }
}

/// The months an administrative change may still reach, oldest first: the
/// previous month (a window may review last month) and the current one.
pub fn change_candidates(today: NaiveDate) -> [Period; 2] {
    let current = Period::of(today);
    [current.prev(), current]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(y: i32, m: u32) -> Period {
        Period::new(y, m).unwrap()
    }
    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    fn link(name: &str, level: Level, state: ReportState) -> Link {
        Link {
            name: name.into(),
            level,
            state,
        }
    }
    /// 岳麓区 → 长沙市 → 湖南省 → 全国, in the given states.
    fn facts(period: Period, today: NaiveDate, states: [ReportState; 4]) -> MonthFacts {
        let names = [
            ("岳麓区", Level::County),
            ("长沙市", Level::City),
            ("湖南省", Level::Province),
            ("全国", Level::National),
        ];
        MonthFacts {
            period,
            today,
            windows: Windows::default(),
            chain: names
                .iter()
                .zip(states)
                .map(|((n, l), s)| link(n, *l, s))
                .collect(),
        }
    }
    use ReportState::*;
    const OPEN_SCHOOL: SchoolFacts = SchoolFacts {
        state: None,
        closed: false,
        listed: Listed::Yes,
    };

    #[test]
    fn a_month_is_open_while_every_region_holding_it_is_pending_before_its_deadline() {
        let f = facts(p(2026, 11), d(2026, 11, 3), [Pending; 4]);
        assert_eq!(f.region_month(), Ok(()));
        assert_eq!(f.school_month(&OPEN_SCHOOL), Ok(()));
    }

    #[test]
    fn a_reported_month_is_frozen_for_a_first_save_too() {
        // 11-18: the province has reported, the nation has not yet.
        let f = facts(
            p(2026, 11),
            d(2026, 11, 18),
            [Submitted, Submitted, Submitted, Pending],
        );
        assert_eq!(
            f.school_month(&OPEN_SCHOOL),
            Err(Frozen::Reported {
                name: "湖南省".into(),
                period: p(2026, 11)
            })
        );
    }

    #[test]
    fn a_passed_deadline_closes_a_month_without_any_report_row() {
        let f = facts(p(2025, 3), d(2026, 12, 18), [Pending; 4]);
        assert_eq!(
            f.school_month(&OPEN_SCHOOL),
            Err(Frozen::DeadlinePassed {
                name: "全国".into(),
                period: p(2025, 3)
            })
        );
        let county_only = facts(p(2026, 11), d(2026, 11, 6), [Pending; 4]);
        assert_eq!(
            county_only.region_month(),
            Err(Frozen::DeadlinePassed {
                name: "岳麓区".into(),
                period: p(2026, 11)
            })
        );
    }

    #[test]
    fn a_month_reopens_only_through_returns_down_the_chain() {
        // The province returned 长沙市 after the city's deadline, and the
        // city returned 岳麓区: the county's month is open again.
        let reopened = facts(
            p(2026, 11),
            d(2026, 11, 13),
            [Returned, Returned, Pending, Pending],
        );
        assert_eq!(reopened.region_month(), Ok(()));
        // Only the city was returned: its county stays frozen.
        let city_only = facts(
            p(2026, 11),
            d(2026, 11, 13),
            [AutoSubmitted, Returned, Pending, Pending],
        );
        assert!(matches!(
            city_only.region_month(),
            Err(Frozen::Reported { .. })
        ));
    }

    #[test]
    fn a_future_month_has_not_begun() {
        let f = facts(p(2026, 12), d(2026, 11, 30), [Pending; 4]);
        assert_eq!(f.region_month(), Err(Frozen::NotBegun(p(2026, 12))));
    }

    #[test]
    fn a_school_is_refused_when_closed_unlisted_or_confirmed() {
        let f = facts(p(2026, 11), d(2026, 11, 3), [Pending; 4]);
        let closed = SchoolFacts {
            closed: true,
            ..OPEN_SCHOOL
        };
        assert_eq!(f.school_month(&closed), Err(Frozen::SchoolClosed));
        let later = SchoolFacts {
            listed: Listed::NotYet(p(2027, 1)),
            ..OPEN_SCHOOL
        };
        assert_eq!(
            f.school_month(&later),
            Err(Frozen::NotYetListed {
                period: p(2026, 11),
                since: p(2027, 1)
            })
        );
        let confirmed = SchoolFacts {
            state: Some(SchoolState::Confirmed),
            ..OPEN_SCHOOL
        };
        assert_eq!(f.school_month(&confirmed), Err(Frozen::Confirmed));
        let returned = SchoolFacts {
            state: Some(SchoolState::Returned),
            ..OPEN_SCHOOL
        };
        assert_eq!(f.school_month(&returned), Ok(()));
    }

    #[test]
    fn the_report_text_may_complete_an_auto_submission_until_the_level_above_reports() {
        let auto = facts(
            p(2026, 11),
            d(2026, 11, 7),
            [AutoSubmitted, Pending, Pending, Pending],
        );
        assert_eq!(auto.own_report(), Ok(()));
        let above_reported = facts(
            p(2026, 11),
            d(2026, 11, 9),
            [AutoSubmitted, Submitted, Pending, Pending],
        );
        assert!(matches!(
            above_reported.own_report(),
            Err(Frozen::Reported { .. })
        ));
        let submitted = facts(
            p(2026, 11),
            d(2026, 11, 3),
            [Submitted, Pending, Pending, Pending],
        );
        assert_eq!(
            submitted.own_report(),
            Err(Frozen::TextSubmitted(p(2026, 11)))
        );
        let old = facts(p(2025, 3), d(2026, 11, 3), [Pending; 4]);
        assert!(matches!(
            old.own_report(),
            Err(Frozen::DeadlinePassed { .. })
        ));
    }

    #[test]
    fn a_returned_region_reopens_only_the_schools_it_returns() {
        let f = facts(
            p(2026, 11),
            d(2026, 11, 8),
            [Returned, Pending, Pending, Pending],
        );
        let returned = SchoolFacts {
            state: Some(SchoolState::Returned),
            ..OPEN_SCHOOL
        };
        assert_eq!(f.school_month(&returned), Ok(()));
        assert!(matches!(
            f.school_month(&OPEN_SCHOOL),
            Err(Frozen::NotReopened { .. })
        ));
    }

    #[test]
    fn a_returned_level_above_does_not_reopen_an_auto_submission_it_did_not_return() {
        let f = facts(
            p(2026, 11),
            d(2026, 11, 12),
            [AutoSubmitted, Returned, Pending, Pending],
        );
        assert!(matches!(f.own_report(), Err(Frozen::Reported { .. })));
        let returned_too = facts(
            p(2026, 11),
            d(2026, 11, 12),
            [Returned, Returned, Pending, Pending],
        );
        assert_eq!(returned_too.own_report(), Ok(()));
    }

    #[test]
    fn the_top_completes_an_auto_submission_within_its_windows_month() {
        let national = |today| MonthFacts {
            period: p(2026, 11),
            today,
            windows: Windows::default(),
            chain: vec![link("全国", Level::National, AutoSubmitted)],
        };
        assert_eq!(national(d(2026, 11, 25)).own_report(), Ok(()));
        assert_eq!(
            national(d(2026, 12, 18)).own_report(),
            Err(Frozen::CompletionOver {
                period: p(2026, 11)
            })
        );
    }

    #[test]
    fn a_change_takes_effect_from_the_first_month_open_through_today() {
        let (oct, nov) = (p(2026, 10), p(2026, 11));
        assert_eq!(effective_from(&[(oct, false), (nov, true)]), nov);
        assert_eq!(effective_from(&[(oct, true), (nov, true)]), oct);
        assert_eq!(effective_from(&[(oct, false), (nov, false)]), p(2026, 12));
        // An open month before a closed one does not count.
        assert_eq!(effective_from(&[(oct, true), (nov, false)]), p(2026, 12));
    }
}
