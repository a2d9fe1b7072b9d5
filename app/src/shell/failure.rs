//! A failure as the page shows it: the error's reason in the reader's
//! locale, announced to assistive technology, re-rendered when the
//! language changes.

use crate::i18n::{use_i18n, Say};
use leptos::prelude::*;

/// `<p class="error" role="alert">` with `error` said in the page's locale.
#[component]
pub fn Failure<E: Say + Send + Sync + 'static>(error: E) -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="error" role="alert">{move || error.say(i18n.get_locale())}</p> }
}
