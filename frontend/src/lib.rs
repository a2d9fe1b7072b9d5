//! The browser bundle: it only hydrates the server-rendered page. Everything
//! else (UI, domain rules, server-fn clients) lives in the `app` crate.

// The view types of a whole page nest deeply.
#![recursion_limit = "256"]

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
