//! The frame around every logged-in page.

use super::api::get_support_contacts;
use crate::account::api::get_me;
use crate::account::model::Me;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::components::{Outlet, Redirect, A};

/// The current user, loaded once by the layout.
#[derive(Clone, Copy)]
pub struct MeResource(pub Resource<Result<Option<Me>, crate::error::AppError>>);

/// The pages render beside the header, not inside its Suspend: a resource
/// created after an `.await` in a Suspend is created more than once during
/// server rendering, and hydration then reads the wrong values. Pages get
/// what they need (dates, periods) from their own server fns.
#[component]
pub fn Layout() -> impl IntoView {
    let i18n = use_i18n();
    let me = Resource::new(|| (), |_| get_me());
    provide_context(MeResource(me));
    super::session::provide();
    crate::browser::live::provide_live();
    view! {
        <div class="app">
            <super::session::SessionEndedBanner />
            <Transition fallback=move || view! { <header class="top"><div class="brand">{t!(i18n, shell.brand)}</div></header> }>
                {move || Suspend::new(async move {
                    match me.await {
                        Ok(Some(me)) => view! { <Header me /> }.into_any(),
                        Ok(None) => view! { <Redirect path="/login" /> }.into_any(),
                        Err(e) => view! { <super::Failure error=e /> }.into_any(),
                    }
                })}
            </Transition>
            <main class="content">
                <Outlet />
            </main>
            <Footer />
        </div>
    }
}

#[component]
fn Header(me: Me) -> impl IntoView {
    // This device now holds this account's session (the service worker
    // serves kept pages to it alone).
    let user = StoredValue::new(me.username.clone());
    Effect::new(move |_| {
        crate::browser::offline::register_service_worker();
        crate::browser::offline::remember_account(&user.get_value());
    });
    // 退出 clears the device at once, online or not; offline, the server
    // hears of it from the first page online (public/sw.js).
    let on_logout = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        leptos::task::spawn_local(async move {
            let told = if crate::browser::offline::is_online() {
                crate::account::api::logout().await
            } else {
                Err(crate::error::AppError::Transport("offline".into()))
            };
            let offline = matches!(told, Err(crate::error::AppError::Transport(_)));
            crate::browser::offline::forget_account(&user.get_value(), offline).await;
            crate::browser::offline::go_to_login();
        });
    };
    let regional = me.role.is_regional();
    let national_admin = me.role == crate::domain::Role::NationalAdmin;
    let administers = crate::domain::admin::administers(me.role);
    let i18n = use_i18n();
    view! {
        <header class="top">
            <div class="brand">{t!(i18n, shell.brand)}</div>
            <nav class="menu" aria-label=move || t_string!(i18n, shell.main_menu)>
                <Show when=move || regional>
                    <div class="menu-group">
                        <span class="menu-title">{t!(i18n, shell.menu_report)}</span>
                        <A href="/report">{t!(i18n, shell.report)}</A>
                        <A href="/fill">{t!(i18n, shell.fill)}</A>
                    </div>
                </Show>
                <Show when=move || !regional>
                    <div class="menu-group">
                        <span class="menu-title">{t!(i18n, shell.menu_school)}</span>
                        <A href="/school">{t!(i18n, shell.school_month)}</A>
                    </div>
                </Show>
                <Show when=move || administers>
                    <div class="menu-group">
                        <span class="menu-title">{t!(i18n, shell.menu_admin)}</span>
                        <A href="/admin/regions">{t!(i18n, shell.regions)}</A>
                        <A href="/admin/schools">{t!(i18n, shell.schools)}</A>
                        <A href="/admin/users">{t!(i18n, shell.users)}</A>
                        <A href="/admin/import">{t!(i18n, shell.import)}</A>
                        <Show when=move || national_admin>
                            <A href="/admin/settings">{t!(i18n, shell.settings)}</A>
                        </Show>
                    </div>
                </Show>
                <div class="menu-group">
                    <span class="menu-title">{t!(i18n, shell.menu_mine)}</span>
                    <A href="/notices">{t!(i18n, shell.notices)} <UnreadBadge /></A>
                    <A href="/profile">{t!(i18n, shell.profile)}</A>
                </div>
            </nav>
            <div class="user">
                <super::LanguageSwitch />
                <span class="who" title=me.username.clone()>
                    {let who = me.clone(); move || who.display_role(i18n.get_locale())}
                    " "
                    {me.name.clone()}
                </span>
                <form class="logout" action="/api/logout" method="post" on:submit=on_logout>
                    <button type="submit" data-action="logout">{t!(i18n, shell.logout)}</button>
                </form>
            </div>
        </header>
    }
}

#[component]
fn Footer() -> impl IntoView {
    let contacts = Resource::new(|| (), |_| get_support_contacts());
    let i18n = use_i18n();
    view! {
        <footer class="bottom">
            <Transition>
                {move || Suspend::new(async move {
                    contacts
                        .await
                        .ok()
                        .map(|c| {
                            view! {
                                <span>{t!(i18n, shell.support)}</span>
                                <span>{t!(i18n, shell.support_phone)} {c.phone}</span>
                                <span>{t!(i18n, shell.support_qq)} {c.qq}</span>
                            }
                        })
                })}
            </Transition>
        </footer>
    }
}

/// The number of unread notices beside the menu entry. Fetched in the
/// browser (no resource: the header renders after an await) and again on
/// every navigation, so reading a notice lowers it.
#[component]
fn UnreadBadge() -> impl IntoView {
    let count = RwSignal::new(0i64);
    let location = leptos_router::hooks::use_location();
    Effect::new(move |_| {
        let _ = location.pathname.get();
        leptos::task::spawn_local(async move {
            if let Ok(n) = crate::notice::api::unread_notices().await {
                count.set(n);
            }
        });
    });
    let any = move || count.get() > 0;
    let i18n = use_i18n();
    view! {
        <Show when=any>
            <span class="badge" aria-label=move || t_string!(i18n, shell.unread)>{move || count.get().to_string()}</span>
        </Show>
    }
}

/// `/`: the first page of the user's role.
#[component]
pub fn HomeRedirect() -> impl IntoView {
    let me = expect_context::<MeResource>().0;
    view! {
        <Transition>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(Some(me)) => {
                        let to = if me.role.is_regional() { "/report" } else { "/school" };
                        view! { <Redirect path=to /> }.into_any()
                    }
                    _ => view! { <Redirect path="/login" /> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// A menu entry whose page arrives with a later issue.
#[component]
pub fn ComingSoon(title: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card">
            <h2>{title}</h2>
            <p>{t!(i18n, shell.coming_soon)}</p>
        </section>
    }
}

#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(r) = use_context::<leptos_axum::ResponseOptions>() {
        r.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    let i18n = use_i18n();
    view! {
        <main class="content">
            <section class="card">
                <h2>{t!(i18n, shell.not_found)}</h2>
                <A href="/report">{t!(i18n, shell.back_to_report)}</A>
            </section>
        </main>
    }
}
