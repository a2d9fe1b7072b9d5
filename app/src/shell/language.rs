//! The language switch (中文 / English), in the header and on the login
//! page. Each language is named in itself, so whoever cannot read the
//! current one still finds their own.

use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let choose = move |locale: Locale| {
        i18n.set_locale(locale);
        leptos::task::spawn_local(async move {
            // Saved for the next login; the cookie already holds it here.
            let _ = crate::account::api::set_language(tag(locale).to_string()).await;
        });
    };
    // Each language named in itself.
    let choices = [(Locale::zh_CN, "中文"), (Locale::en, "English")];
    view! {
        <div class="language" role="group" aria-label=move || t_string!(i18n, shell.language)>
            {choices
                .into_iter()
                .map(|(locale, name)| {
                    view! {
                        <button
                            type="button"
                            lang=tag(locale)
                            data-locale=tag(locale)
                            aria-pressed=move || (i18n.get_locale() == locale).to_string()
                            on:click=move |_| choose(locale)
                        >
                            {name}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}
