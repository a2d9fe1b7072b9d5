//! The UI's two locales, zh-CN (the default, with the manual's labels
//! verbatim) and en, with one typed key per message: `t!(i18n, shell.brand)`
//! names a key the build checked exists in both (`build.rs`,
//! `locales/<locale>/<namespace>.json`).
//!
//! Which locale a page uses: the `i18n_pref_locale` cookie (set by the
//! switch, and at login from the user's saved choice), else the browser's
//! `Accept-Language`, else zh-CN. The server renders `<html lang>` from it
//! and hydration reads it back, so both render the same text.

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
