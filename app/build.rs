//! Generates the `i18n` module (the `Locale` enum and one typed key per
//! message) from `locales/<locale>/<namespace>.json` at compile time: a key
//! missing from either locale, or an interpolation that differs between
//! them, fails the build.

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::path::PathBuf;

/// One file per feature in each locale's folder.
const NAMESPACES: [&str; 12] = [
    "shell",
    "account",
    "report",
    "school",
    "questionnaire",
    "notice",
    "admin",
    "domain",
    "errors",
    "checks",
    "service",
    "delivery",
];

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR")).join("i18n");
    let config = Config::new("zh-CN")
        .and_then(|c| c.add_locale("en"))
        .and_then(|c| c.add_namespaces(NAMESPACES))
        .expect("locale configuration")
        // Messages with values (`td_string!(l, errors.x, n = 5)`) render
        // to a `String` anywhere, not only inside a view: the server
        // writes mail and exports, and errors are rendered outside views.
        .parse_options(ParseOptions::new().interpolate_display(true));
    let infos = TranslationsInfos::parse(config).expect("locale files");
    infos.rerun_if_locales_changed();
    infos.emit_diagnostics();
    infos.generate_i18n_module(out).expect("i18n module");
}
