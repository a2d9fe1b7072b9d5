//! Whether this page's session still stands. An answer "请先登录" — from a
//! server fn or from the live stream — ends it visibly: the layout says so
//! and offers 重新登录, and nothing on the page pretends to be current.
//! Form drafts stay on the device for the same account.

use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;

/// `true` once the server has said this page's session is over.
#[derive(Clone, Copy)]
pub struct SessionEnded(pub RwSignal<bool>);

/// Provides the flag (the layout does, once per page).
pub fn provide() -> SessionEnded {
    let s = SessionEnded(RwSignal::new(false));
    provide_context(s);
    s
}

/// Notes an answer: `Unauthenticated` ends the visible session.
pub fn note(e: &AppError) {
    watcher()(e)
}

/// `note`, taken now (in a component) for use later (in a task, where no
/// context can be looked up).
pub fn watcher() -> impl Fn(&AppError) + Copy + 'static {
    let ended = use_context::<SessionEnded>();
    move |e: &AppError| {
        if matches!(e, AppError::Unauthenticated) {
            if let Some(s) = ended {
                s.0.set(true);
            }
        }
    }
}

/// The banner of an ended session, with the way back in.
#[component]
pub fn SessionEndedBanner() -> impl IntoView {
    let i18n = use_i18n();
    let ended = use_context::<SessionEnded>().map(|s| s.0);
    let show = move || ended.is_some_and(|e| e.get());
    view! {
        <Show when=show>
            <div class="banner session-ended" role="alert">
                {t!(i18n, school.session_ended)}
                <a class="button" href="/login" data-action="login">{t!(i18n, school.session_login_again)}</a>
            </div>
        </Show>
    }
}
