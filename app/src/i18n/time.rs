//! Instants and dates as people read them. Times travel as instants
//! (`DateTime<Utc>`) and dates as `NaiveDate`; only here do they become
//! text, always in China Standard Time (UTC+8, `crate::domain::period::cst`)
//! whatever the reader's or the server's zone — the product's deadlines
//! are Beijing's — so the server's render and the browser's hydration
//! write the same characters.
//!
//! The shapes are fixed per locale here rather than in the locale files:
//! they are patterns, not words (chrono writes the English month names).
//! A new locale must choose its own (the matches are exhaustive).

use super::Locale;
use crate::domain::period::cst;
use chrono::{DateTime, NaiveDate, Utc};

/// An instant to the minute, in Beijing time: "2026-11-05 10:37" (zh-CN,
/// as the manual's tables show it), "5 Nov 2026, 10:37" (en).
pub fn datetime(locale: Locale, at: DateTime<Utc>) -> String {
    let at = at.with_timezone(&cst());
    match locale {
        Locale::zh_CN => at.format("%Y-%m-%d %H:%M"),
        Locale::en => at.format("%-d %b %Y, %H:%M"),
    }
    .to_string()
}

/// A calendar day: "2026-11-05" (zh-CN), "5 Nov 2026" (en).
pub fn date(locale: Locale, day: NaiveDate) -> String {
    match locale {
        Locale::zh_CN => day.format("%Y-%m-%d"),
        Locale::en => day.format("%-d %b %Y"),
    }
    .to_string()
}

/// A day of a year the sentence already names (a deadline): "11月5日"
/// (zh-CN), "5 November" (en).
pub fn month_day(locale: Locale, day: NaiveDate) -> String {
    match locale {
        Locale::zh_CN => day.format("%-m月%-d日"),
        Locale::en => day.format("%-d %B"),
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn an_instant_reads_in_beijing_time_in_both_locales() {
        // 2026-11-04 18:37 UTC is already the 5th in Beijing.
        let at = Utc.with_ymd_and_hms(2026, 11, 4, 18, 37, 0).unwrap();
        assert_eq!(datetime(Locale::zh_CN, at), "2026-11-05 02:37");
        assert_eq!(datetime(Locale::en, at), "5 Nov 2026, 02:37");
        // The year turns in Beijing eight hours before it does in UTC.
        let eve = Utc.with_ymd_and_hms(2026, 12, 31, 16, 5, 0).unwrap();
        assert_eq!(datetime(Locale::zh_CN, eve), "2027-01-01 00:05");
        assert_eq!(datetime(Locale::en, eve), "1 Jan 2027, 00:05");
    }

    #[test]
    fn a_day_reads_in_both_locales() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 5).unwrap();
        assert_eq!(date(Locale::zh_CN, d), "2026-11-05");
        assert_eq!(date(Locale::en, d), "5 Nov 2026");
        assert_eq!(month_day(Locale::zh_CN, d), "11月5日");
        assert_eq!(month_day(Locale::en, d), "5 November");
    }
}
