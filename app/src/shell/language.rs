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
    let pressed = move |locale: Locale| move || (i18n.get_locale() == locale).to_string();
    view! {
        <div class="language" role="group" aria-label=move || t_string!(i18n, shell.language)>
            <button
                type="button"
                lang="zh-CN"
                data-locale="zh-CN"
                aria-pressed=pressed(Locale::zh_CN)
                on:click=move |_| choose(Locale::zh_CN)
            >
                "中文"
            </button>
            <button
                type="button"
                lang="en"
                data-locale="en"
                aria-pressed=pressed(Locale::en)
                on:click=move |_| choose(Locale::en)
            >
                "English"
            </button>
        </div>
    }
}
