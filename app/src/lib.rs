#![recursion_limit = "256"]
//! Everything the browser and the server share: the pure domain rules
//! (`domain`), the wire types and thin server fns of each feature, the UI,
//! and (server-only) the `backend` interface that the server crate
//! implements.
//!
//! Features: `ssr` for the server, `hydrate` for the browser; never both.

pub mod account;
pub mod admin;
#[cfg(feature = "ssr")]
pub mod backend;
pub mod browser;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod message;
pub mod notice;
pub mod questionnaire;
pub mod report;
pub mod request_key;
pub mod school;
pub mod shell;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

/// The HTML document the server renders around the app. Its
/// Content-Security-Policy allows scripts only by the page's nonce (the
/// hydration scripts carry it; what they load is trusted through them),
/// and nothing else from elsewhere.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let (Some(nonce), Some(resp)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) {
        if let Ok(v) = axum::http::HeaderValue::from_str(&format!(
            "default-src 'self'; script-src 'nonce-{nonce}' 'strict-dynamic' 'wasm-unsafe-eval'; \
             worker-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; \
             connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; \
             form-action 'self'"
        )) {
            resp.insert_header(axum::http::header::CONTENT_SECURITY_POLICY, v);
        }
    }
    // The bundle's files are named by their content (`jyxx.<digest>`, the
    // options' output name, read by the server from the build's manifest).
    let stylesheet = format!("/{}/{}.css", options.site_pkg_dir, options.output_name);
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="stylesheet" href=stylesheet />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    Effect::new(move |_| browser::offline::mark_hydrated());
    // The locale cookie covers the whole site for a year; the provider sets
    // `<html lang>` from the chosen locale, on the server and in the browser.
    let cookie_options = leptos_use::UseCookieOptions::default()
        .path("/")
        .max_age(365_i64 * 24 * 3600 * 1000)
        .same_site(leptos_use::SameSite::Lax);
    view! {
        <i18n::I18nContextProvider cookie_options>
            <AppTitle />
            <Router>
            <Routes fallback=|| view! { <shell::NotFoundPage /> }>
                <Route path=path!("/login") view=account::login::LoginPage />
                <Route path=path!("/forgot") view=account::forgot::ForgotPage />
                <Route path=path!("/reset") view=account::forgot::ResetPage />
                <ParentRoute path=path!("") view=shell::Layout>
                    <Route path=path!("") view=shell::HomeRedirect />
                    <Route path=path!("/school") view=school::page::SchoolPage />
                    <Route path=path!("/school/view") view=school::view::SchoolViewPage />
                    <Route path=path!("/report") view=report::page::ReportPage />
                    <Route path=path!("/fill") view=questionnaire::page::QuestionnairePage />
                    <Route path=path!("/notices") view=notice::page::NoticeListPage />
                    <Route path=path!("/notices/new") view=notice::page::NewNoticePage />
                    <Route path=path!("/notices/view") view=notice::page::NoticePage />
                    <Route path=path!("/profile") view=account::profile::ProfilePage />
                    <Route path=path!("/admin/settings") view=admin::page::SettingsPage />
                    <Route path=path!("/admin/regions") view=admin::regions::RegionsPage />
                    <Route path=path!("/admin/schools") view=admin::schools::SchoolsPage />
                    <Route path=path!("/admin/users") view=admin::users::UsersPage />
                    <Route path=path!("/admin/import") view=admin::import::ImportPage />
                </ParentRoute>
            </Routes>
            </Router>
        </i18n::I18nContextProvider>
    }
}

/// The document's title, in the chosen language.
#[component]
fn AppTitle() -> impl IntoView {
    use crate::i18n::*;
    let i18n = use_i18n();
    view! { <Title text=move || t_string!(i18n, shell.brand) /> }
}
