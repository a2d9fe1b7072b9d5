//! Reporting windows (上报时间, manual §3.1): each level reviews and submits
//! in a window of days of the month, China Standard Time. The browser uses
//! these functions to enable buttons and count days; the server calls the
//! same ones with its own clock before every write.

use super::period::{cst, Period};
use super::region::Level;
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use serde::{Deserialize, Serialize};

/// Which month a window reports on: the month it lies in, or the one before
/// (the manual's screenshot shows cities reviewing last month on the 11th–20th).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReportsOn {
    ThisMonth,
    PreviousMonth,
}

/// A level's window. Built only through `Window::new`, also when
/// deserialized (a settings payload, a stored settings row), so a window
/// from day 6 to day 3 cannot exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "WindowDraft")]
pub struct Window {
    first_day: u32,
    last_day: u32,
    reports_on: ReportsOn,
}

/// A window as typed in 系统设置, before it is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WindowDraft {
    pub first_day: u32,
    pub last_day: u32,
    pub reports_on: ReportsOn,
}

impl TryFrom<WindowDraft> for Window {
    type Error = WindowError;
    fn try_from(r: WindowDraft) -> Result<Self, WindowError> {
        Window::new(r.first_day, r.last_day, r.reports_on)
    }
}

impl From<Window> for WindowDraft {
    fn from(w: Window) -> Self {
        Self {
            first_day: w.first_day,
            last_day: w.last_day,
            reports_on: w.reports_on,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum WindowError {
    DayOutOfRange,
    Reversed,
    /// `upper`'s window must close after `lower`'s.
    Overlap {
        lower: Level,
        upper: Level,
    },
    /// A level's own window is broken.
    OfLevel {
        level: Level,
        error: Box<WindowError>,
    },
}

impl Window {
    /// Days 1–28 only: every month has them, so a window never falls off
    /// the end of February.
    pub fn new(first_day: u32, last_day: u32, reports_on: ReportsOn) -> Result<Self, WindowError> {
        if !(1..=28).contains(&first_day) || !(1..=28).contains(&last_day) {
            return Err(WindowError::DayOutOfRange);
        }
        if first_day > last_day {
            return Err(WindowError::Reversed);
        }
        Ok(Self {
            first_day,
            last_day,
            reports_on,
        })
    }

    pub fn first_day(&self) -> u32 {
        self.first_day
    }

    pub fn last_day(&self) -> u32 {
        self.last_day
    }

    pub fn reports_on(&self) -> ReportsOn {
        self.reports_on
    }

    /// The calendar month in which the window for `period` lies.
    fn month_of(&self, period: Period) -> Period {
        match self.reports_on {
            ReportsOn::ThisMonth => period,
            ReportsOn::PreviousMonth => period.next(),
        }
    }

    /// The first and last day on which `period` may be reviewed at this level.
    pub fn days(&self, period: Period) -> (NaiveDate, NaiveDate) {
        let m = self.month_of(period);
        let day = |d| {
            NaiveDate::from_ymd_opt(m.year(), m.month(), d).expect("days 1-28 exist in every month")
        };
        (day(self.first_day), day(self.last_day))
    }

    pub fn is_open(&self, period: Period, today: NaiveDate) -> bool {
        let (first, last) = self.days(period);
        first <= today && today <= last
    }

    pub fn has_closed(&self, period: Period, today: NaiveDate) -> bool {
        today > self.days(period).1
    }

    /// The instant the window closes: midnight after its last day, Beijing time.
    pub fn closes_at(&self, period: Period) -> DateTime<Utc> {
        let last = self.days(period).1;
        let midnight = (last + Duration::days(1))
            .and_hms_opt(0, 0, 0)
            .expect("midnight exists");
        cst()
            .from_local_datetime(&midnight)
            .single()
            .expect("UTC+8 has no gaps")
            .with_timezone(&Utc)
    }

    /// "截至您本月确认还有N天": the days left counting today, 0 once closed,
    /// `None` before the window opens.
    pub fn days_left(&self, period: Period, today: NaiveDate) -> Option<i64> {
        let (first, last) = self.days(period);
        if today < first {
            None
        } else if today > last {
            Some(0)
        } else {
            Some((last - today).num_days() + 1)
        }
    }

    /// The period this window is reviewing on `today`, if it is open.
    pub fn period_open_on(&self, today: NaiveDate) -> Option<Period> {
        let this = Period::of(today);
        let period = match self.reports_on {
            ReportsOn::ThisMonth => this,
            ReportsOn::PreviousMonth => this.prev(),
        };
        self.is_open(period, today).then_some(period)
    }

    /// The period whose not-yet-reported regions of this level get a
    /// reminder today: the window is open and closes within `days` days
    /// (counting today, as "还有N天" does). Never when `days` is 0.
    pub fn reminder_due(&self, today: NaiveDate, days: u32) -> Option<Period> {
        if days == 0 {
            return None;
        }
        let period = self.period_open_on(today)?;
        let left = self.days_left(period, today)?;
        (left <= days as i64).then_some(period)
    }

    /// The rule of this window for `level`, as the report page states it
    /// (manual §2: 县级每月1日到5日审核上报本月数据…).
    pub fn rule(self, level: Level) -> WindowRule {
        WindowRule {
            level,
            window: self,
        }
    }
}

/// When a level may submit: the words of the rule are the reader's
/// (`crate::i18n::Say`), the facts are these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WindowRule {
    pub level: Level,
    pub window: Window,
}

/// The windows of all four levels, each closing before the one above it.
/// Deserialized only through `Windows::new`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "WindowsDraft")]
pub struct Windows {
    county: Window,
    city: Window,
    province: Window,
    national: Window,
}

/// The four windows as typed in 系统设置, before they are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WindowsDraft {
    pub county: WindowDraft,
    pub city: WindowDraft,
    pub province: WindowDraft,
    pub national: WindowDraft,
}

impl WindowsDraft {
    pub fn of_mut(&mut self, level: Level) -> &mut WindowDraft {
        match level {
            Level::County => &mut self.county,
            Level::City => &mut self.city,
            Level::Province => &mut self.province,
            Level::National => &mut self.national,
        }
    }

    pub fn of(&self, level: Level) -> WindowDraft {
        match level {
            Level::County => self.county,
            Level::City => self.city,
            Level::Province => self.province,
            Level::National => self.national,
        }
    }
}

impl TryFrom<WindowsDraft> for Windows {
    type Error = WindowError;
    fn try_from(r: WindowsDraft) -> Result<Self, WindowError> {
        let at = |level: Level| {
            Window::try_from(r.of(level)).map_err(|e| WindowError::OfLevel {
                level,
                error: Box::new(e),
            })
        };
        Windows::new(
            at(Level::County)?,
            at(Level::City)?,
            at(Level::Province)?,
            at(Level::National)?,
        )
    }
}

impl From<Windows> for WindowsDraft {
    fn from(w: Windows) -> Self {
        Self {
            county: w.county.into(),
            city: w.city.into(),
            province: w.province.into(),
            national: w.national.into(),
        }
    }
}

impl Default for Windows {
    /// Manual §3.1: county 1–5, city 6–10, province 11–15; national 16–20;
    /// all on this month's data.
    fn default() -> Self {
        let w = |a, b| Window {
            first_day: a,
            last_day: b,
            reports_on: ReportsOn::ThisMonth,
        };
        Self {
            county: w(1, 5),
            city: w(6, 10),
            province: w(11, 15),
            national: w(16, 20),
        }
    }
}

impl Windows {
    /// The four windows, if each level closes before the one above it.
    pub fn new(
        county: Window,
        city: Window,
        province: Window,
        national: Window,
    ) -> Result<Self, WindowError> {
        let w = Self {
            county,
            city,
            province,
            national,
        };
        w.validate()?;
        Ok(w)
    }

    pub fn of(&self, level: Level) -> &Window {
        match level {
            Level::County => &self.county,
            Level::City => &self.city,
            Level::Province => &self.province,
            Level::National => &self.national,
        }
    }

    /// Each level must close before the one above it closes, for the same
    /// period: otherwise a parent could be auto-submitted before its children.
    fn validate(&self) -> Result<(), WindowError> {
        let p = Period::new(2024, 2).expect("a valid period");
        let order = [Level::County, Level::City, Level::Province, Level::National];
        for pair in order.windows(2) {
            let (lo, hi) = (self.of(pair[0]), self.of(pair[1]));
            if lo.days(p).1 >= hi.days(p).1 {
                return Err(WindowError::Overlap {
                    lower: pair[0],
                    upper: pair[1],
                });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    fn p(y: i32, m: u32) -> Period {
        Period::new(y, m).unwrap()
    }

    #[test]
    fn the_county_window_is_open_from_the_first_to_the_fifth() {
        let w = Windows::default().county;
        assert!(!w.is_open(p(2026, 11), d(2026, 10, 31)));
        assert!(w.is_open(p(2026, 11), d(2026, 11, 1)));
        assert!(w.is_open(p(2026, 11), d(2026, 11, 5)));
        assert!(!w.is_open(p(2026, 11), d(2026, 11, 6)));
    }

    #[test]
    fn a_window_on_the_previous_month_lies_in_the_next_month() {
        let w = Window::new(11, 20, ReportsOn::PreviousMonth).unwrap();
        assert_eq!(w.days(p(2015, 12)), (d(2016, 1, 11), d(2016, 1, 20)));
        assert!(w.is_open(p(2015, 12), d(2016, 1, 15)));
        assert_eq!(w.period_open_on(d(2016, 1, 15)), Some(p(2015, 12)));
    }

    #[test]
    fn the_window_closes_at_midnight_beijing_time() {
        let w = Windows::default().county;
        let closes = w.closes_at(p(2026, 11));
        assert_eq!(closes.to_rfc3339(), "2026-11-05T16:00:00+00:00");
    }

    #[test]
    fn days_left_count_today_and_end_at_zero() {
        let w = Windows::default().city;
        assert_eq!(w.days_left(p(2026, 11), d(2026, 11, 5)), None);
        assert_eq!(w.days_left(p(2026, 11), d(2026, 11, 6)), Some(5));
        assert_eq!(w.days_left(p(2026, 11), d(2026, 11, 10)), Some(1));
        assert_eq!(w.days_left(p(2026, 11), d(2026, 11, 11)), Some(0));
    }

    #[test]
    fn bad_windows_are_refused() {
        assert_eq!(
            Window::new(0, 5, ReportsOn::ThisMonth),
            Err(WindowError::DayOutOfRange)
        );
        assert_eq!(
            Window::new(3, 29, ReportsOn::ThisMonth),
            Err(WindowError::DayOutOfRange)
        );
        assert_eq!(
            Window::new(6, 5, ReportsOn::ThisMonth),
            Err(WindowError::Reversed)
        );
    }

    #[test]
    fn the_defaults_close_level_by_level() {
        assert_eq!(Windows::default().validate(), Ok(()));
        let d = Windows::default();
        let same_as_county = Windows::new(
            d.county,
            Window::new(1, 5, ReportsOn::ThisMonth).unwrap(),
            d.province,
            d.national,
        );
        assert!(same_as_county.is_err());
        let on_last_month = Windows::new(
            d.county,
            Window::new(11, 20, ReportsOn::PreviousMonth).unwrap(),
            Window::new(21, 25, ReportsOn::PreviousMonth).unwrap(),
            Window::new(26, 28, ReportsOn::PreviousMonth).unwrap(),
        );
        assert!(on_last_month.is_ok());
    }

    #[test]
    fn windows_deserialize_only_through_their_constructors() {
        let json = serde_json::to_string(&Windows::default()).unwrap();
        assert_eq!(
            serde_json::from_str::<Windows>(&json).unwrap(),
            Windows::default()
        );
        let reversed = json.replacen(
            r#""first_day":1,"last_day":5"#,
            r#""first_day":6,"last_day":3"#,
            1,
        );
        assert_ne!(reversed, json);
        let refused = serde_json::from_str::<Windows>(&reversed).unwrap_err();
        assert_eq!(
            crate::message::decode(&refused.to_string()),
            Some(crate::message::Reason::Window(WindowError::OfLevel {
                level: Level::County,
                error: Box::new(WindowError::Reversed),
            }))
        );
        let overlapping = json.replacen(r#""last_day":5"#, r#""last_day":12"#, 1);
        assert!(serde_json::from_str::<Windows>(&overlapping).is_err());
    }

    #[test]
    fn reminders_fall_in_the_last_days_of_an_open_window() {
        let w = Window::new(1, 5, ReportsOn::ThisMonth).unwrap();
        let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
        let nov = Period::new(2026, 11).unwrap();
        assert_eq!(w.reminder_due(day(3), 2), None, "3 days left");
        assert_eq!(w.reminder_due(day(4), 2), Some(nov));
        assert_eq!(w.reminder_due(day(5), 2), Some(nov));
        assert_eq!(w.reminder_due(day(6), 2), None, "closed");
        assert_eq!(w.reminder_due(day(5), 0), None, "switched off");
        let prev = Window::new(6, 10, ReportsOn::PreviousMonth).unwrap();
        assert_eq!(prev.reminder_due(day(10), 1), Some(nov.prev()));
    }
}
