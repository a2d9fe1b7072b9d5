//! A reporting period: one calendar month. Stored as `yyyymm`.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The first year the system has data for (the original went live in 2013).
pub const FIRST_YEAR: i32 = 2013;

/// China Standard Time, UTC+8 all year (no daylight saving).
pub fn cst() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

/// The calendar date in China at instant `now`: windows and periods are
/// days of China's calendar, whatever the server's time zone.
pub fn cst_date(now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&cst()).date_naive()
}

/// A month the system can hold data for. It can only be built through
/// `Period::new` (also when deserialized), so a year before the system or a
/// 13th month never reaches a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "RawPeriod")]
pub struct Period {
    year: i32,
    month: u32,
}

#[derive(Deserialize)]
struct RawPeriod {
    year: i32,
    month: u32,
}

impl TryFrom<RawPeriod> for Period {
    type Error = PeriodError;
    fn try_from(raw: RawPeriod) -> Result<Self, PeriodError> {
        Period::new(raw.year, raw.month)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PeriodError {
    BadMonth,
    BadYear,
    Future,
}

impl Period {
    /// A month the system can hold data for.
    pub fn new(year: i32, month: u32) -> Result<Self, PeriodError> {
        if !(1..=12).contains(&month) {
            return Err(PeriodError::BadMonth);
        }
        if !(FIRST_YEAR..=9999).contains(&year) {
            return Err(PeriodError::BadYear);
        }
        Ok(Self { year, month })
    }

    /// A month that has already begun on `today`: data of later months does
    /// not exist yet, so asking for it is an input error, not an empty table.
    pub fn viewable(year: i32, month: u32, today: NaiveDate) -> Result<Self, PeriodError> {
        let p = Self::new(year, month)?;
        if p > Self::of(today) {
            return Err(PeriodError::Future);
        }
        Ok(p)
    }

    pub fn of(date: NaiveDate) -> Self {
        Self {
            year: date.year(),
            month: date.month(),
        }
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u32 {
        self.month
    }

    /// The storage key, `yyyymm`.
    pub fn key(self) -> i32 {
        self.year * 100 + self.month as i32
    }

    pub fn from_key(key: i32) -> Result<Self, PeriodError> {
        Self::new(key / 100, (key % 100) as u32)
    }

    pub fn prev(self) -> Self {
        if self.month == 1 {
            Self {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Self {
                year: self.year,
                month: self.month - 1,
            }
        }
    }

    pub fn next(self) -> Self {
        if self.month == 12 {
            Self {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Self {
                year: self.year,
                month: self.month + 1,
            }
        }
    }
}

/// "2026年11月", as the screens name a month.
impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}年{}月", self.year, self.month)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_month_outside_one_to_twelve_is_refused() {
        assert_eq!(Period::new(2026, 0), Err(PeriodError::BadMonth));
        assert_eq!(Period::new(2026, 13), Err(PeriodError::BadMonth));
    }

    #[test]
    fn a_year_before_the_system_existed_is_refused() {
        assert_eq!(Period::new(1999, 5), Err(PeriodError::BadYear));
    }

    #[test]
    fn the_current_month_is_viewable_but_the_next_is_not() {
        let today = d(2026, 11, 29);
        assert!(Period::viewable(2026, 11, today).is_ok());
        assert_eq!(Period::viewable(2026, 12, today), Err(PeriodError::Future));
        assert_eq!(Period::viewable(2027, 1, today), Err(PeriodError::Future));
    }

    #[test]
    fn the_key_round_trips() {
        let p = Period::new(2015, 12).unwrap();
        assert_eq!(p.key(), 201512);
        assert_eq!(Period::from_key(201512), Ok(p));
    }

    #[test]
    fn january_follows_december_of_the_previous_year() {
        assert_eq!(
            Period::new(2026, 1).unwrap().prev(),
            Period::new(2025, 12).unwrap()
        );
        assert_eq!(
            Period::new(2026, 5).unwrap().prev(),
            Period::new(2026, 4).unwrap()
        );
    }

    #[test]
    fn december_is_followed_by_january() {
        assert_eq!(
            Period::new(2025, 12).unwrap().next(),
            Period::new(2026, 1).unwrap()
        );
        assert_eq!(
            Period::new(2026, 1).unwrap().next().prev(),
            Period::new(2026, 1).unwrap()
        );
    }

    #[test]
    fn the_date_in_china_turns_at_midnight_beijing_time() {
        let late_utc = DateTime::parse_from_rfc3339("2026-11-30T16:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(cst_date(late_utc), d(2026, 12, 1));
        assert_eq!(
            Period::of(cst_date(late_utc)),
            Period::new(2026, 12).unwrap()
        );
    }

    #[test]
    fn a_period_deserializes_only_through_its_constructor() {
        let ok: Period = serde_json::from_str(r#"{"year":2026,"month":11}"#).unwrap();
        assert_eq!(ok, Period::new(2026, 11).unwrap());
        assert!(serde_json::from_str::<Period>(r#"{"year":2026,"month":13}"#).is_err());
        assert!(serde_json::from_str::<Period>(r#"{"year":1999,"month":1}"#).is_err());
        assert_eq!(ok.to_string(), "2026年11月");
    }

    #[test]
    fn periods_order_by_time() {
        assert!(Period::new(2025, 12).unwrap() < Period::new(2026, 1).unwrap());
    }
}
