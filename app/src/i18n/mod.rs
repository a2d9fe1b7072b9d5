//! The UI's two locales, zh-CN (the default, with the manual's labels
//! verbatim) and en, with one typed key per message: `t!(i18n, shell.brand)`
//! names a key the build checked exists in both (`build.rs`,
//! `locales/<locale>/<namespace>.json`).
//!
//! Which locale a page uses: the `i18n_pref_locale` cookie (set by the
//! switch, and at login from the user's saved choice), else the browser's
//! `Accept-Language`, else zh-CN. The server renders `<html lang>` from it
//! and hydration reads it back, so both render the same text.

#[cfg(feature = "ssr")]
pub mod exports;
pub mod names;
pub mod say;
mod say_audit;
pub mod say_checks;
pub mod say_delivery;
mod say_service;
pub mod time;

pub use names::{level_short, role_name, Named};
pub use say::{period, Say};
pub use time::{date, datetime, month_day};

// The generated module is named `i18n` too (the crate's convention).
#[allow(clippy::module_inception)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));
}

pub use generated::i18n::*;

/// The cookie that remembers the choice (leptos_i18n's own name).
pub const COOKIE: &str = "i18n_pref_locale";

/// A locale from its tag (`zh-CN`, `en`), as stored or sent.
pub fn parse_locale(tag: &str) -> Option<Locale> {
    tag.parse().ok()
}

/// The tag of a locale, as stored and sent.
pub fn tag(locale: Locale) -> &'static str {
    leptos_i18n::Locale::as_str(locale)
}

/// The reader's locale for an answer built outside the page (a download's
/// error, a mail sent on request): the saved choice in the `Cookie` header
/// first, else the best language of `Accept-Language` that the product
/// speaks (by weight, `zh-*` → zh-CN, `en-*` → en), else zh-CN — the same
/// order the page uses.
pub fn of_request(cookie: Option<&str>, accept_language: Option<&str>) -> Locale {
    let chosen = cookie
        .into_iter()
        .flat_map(|c| c.split(';'))
        .find_map(|pair| {
            let (name, value) = pair.trim().split_once('=')?;
            (name == COOKIE)
                .then(|| parse_locale(value.trim()))
                .flatten()
        });
    if let Some(l) = chosen {
        return l;
    }
    let mut best: Option<(f32, Locale)> = None;
    for item in accept_language.unwrap_or("").split(',') {
        let mut parts = item.trim().split(';');
        let tag = parts.next().unwrap_or("").trim().to_ascii_lowercase();
        let weight = parts
            .find_map(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
            })
            .unwrap_or(1.0);
        let locale = match tag.split('-').next() {
            Some("zh") => Locale::zh_CN,
            Some("en") => Locale::en,
            _ => continue,
        };
        if weight > 0.0 && best.is_none_or(|(w, _)| weight > w) {
            best = Some((weight, locale));
        }
    }
    best.map_or(Locale::zh_CN, |(_, l)| l)
}

/// A count as people read it in `locale`: 169,054,463. Both locales group
/// thousands with a comma (CLDR's `zh` and `en` agree), so the locale only
/// matters to the signature, for the next one that does not.
pub fn number(_locale: Locale, n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_by_thousands_in_both_locales() {
        for l in [Locale::zh_CN, Locale::en] {
            assert_eq!(number(l, 169_054_463), "169,054,463");
            assert_eq!(number(l, 999), "999");
            assert_eq!(number(l, 1000), "1,000");
            assert_eq!(number(l, 0), "0");
            assert_eq!(number(l, -12_345), "-12,345");
            assert_eq!(number(l, i64::MIN), "-9,223,372,036,854,775,808");
        }
    }

    #[test]
    fn a_request_says_its_locale_by_cookie_then_by_weight() {
        assert_eq!(of_request(None, None), Locale::zh_CN);
        assert_eq!(of_request(None, Some("en-US,en;q=0.9")), Locale::en);
        assert_eq!(
            of_request(None, Some("fr,en;q=0.5,zh-CN;q=0.8")),
            Locale::zh_CN
        );
        assert_eq!(of_request(None, Some("fr")), Locale::zh_CN);
        assert_eq!(
            of_request(Some("a=1; i18n_pref_locale=en"), Some("zh-CN")),
            Locale::en
        );
        assert_eq!(
            of_request(Some("i18n_pref_locale=xx"), Some("en")),
            Locale::en,
            "a cookie the product does not speak is ignored"
        );
    }

    #[test]
    fn a_stored_tag_reads_back_as_its_locale() {
        for l in [Locale::zh_CN, Locale::en] {
            assert_eq!(parse_locale(tag(l)), Some(l));
        }
        assert_eq!(parse_locale("fr"), None);
    }
}
