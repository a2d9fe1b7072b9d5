//! The UI's two locales, zh-CN (the default, with the manual's labels
//! verbatim) and en, with one typed key per message: `t!(i18n, shell.brand)`
//! names a key the build checked exists in both (`build.rs`,
//! `locales/<locale>/<namespace>.json`).
//!
//! Which locale a page uses: the `i18n_pref_locale` cookie (set by the
//! switch, and at login from the user's saved choice), else the browser's
//! `Accept-Language`, else zh-CN. The server renders `<html lang>` from it
//! and hydration reads it back, so both render the same text.

pub mod names;

pub use names::{level_short, role_name, Named};

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
    fn a_stored_tag_reads_back_as_its_locale() {
        for l in [Locale::zh_CN, Locale::en] {
            assert_eq!(parse_locale(tag(l)), Some(l));
        }
        assert_eq!(parse_locale("fr"), None);
    }
}
