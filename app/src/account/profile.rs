//! 我的 → 个人设置: name, phone, email, and the password change.

use super::api::{get_profile, ChangePassword, SaveProfile};
use crate::i18n::*;
use crate::shell::Failure;
use leptos::prelude::*;

#[component]
pub fn ProfilePage() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveProfile>::new();
    let change = ServerAction::<ChangePassword>::new();
    let profile = Resource::new(move || save.version().get(), |_| get_profile());
    let saved = move || match save.value().get() {
        Some(Ok(())) => {
            Some(view! { <p class="ok" role="status">{t!(i18n, account.saved)}</p> }.into_any())
        }
        Some(Err(e)) => Some(view! { <Failure error=e /> }.into_any()),
        None => None,
    };
    let changed = move || match change.value().get() {
        Some(Ok(())) => Some(
            view! { <p class="ok" role="status">{t!(i18n, account.password_changed)}</p> }
                .into_any(),
        ),
        Some(Err(e)) => Some(view! { <Failure error=e /> }.into_any()),
        None => None,
    };
    view! {
        <section class="profile card">
            <h2>{t!(i18n, account.profile_title)}</h2>
            <Transition fallback=move || view! { <p class="loading">{t!(i18n, account.loading)}</p> }>
                {move || Suspend::new(async move {
                    match profile.await {
                        Ok(p) => {
                            let who = p.clone();
                            let role_line = move |locale| who.role_line(locale);
                            view! {
                            <p class="muted">{t!(i18n, account.user_line, username = p.username.clone(), role = move || role_line(i18n.get_locale()))}</p>
                            <ActionForm action=save attr:class="settings-form">
                                <label>{t!(i18n, account.name)} <input name="name" required maxlength="50" value=p.name /></label>
                                <label>{t!(i18n, account.phone)} <input name="phone" maxlength="20" value=p.phone /></label>
                                <label>{t!(i18n, account.email)} <input name="email" type="email" maxlength="200" value=p.email /></label>
                                <label>{t!(i18n, account.current_password_for_email)}
                                    <input name="password" type="password" maxlength="256" autocomplete="current-password" /></label>
                                <button type="submit" class="primary" data-action="save-profile">{t!(i18n, account.save)}</button>
                            </ActionForm>
                            }.into_any()
                        }
                        Err(e) => view! { <Failure error=e /> }.into_any(),
                    }
                })}
            </Transition>
            {saved}
            <h3>{t!(i18n, account.change_password)}</h3>
            <ActionForm action=change attr:class="settings-form">
                <label>{t!(i18n, account.current_password)} <input name="current" type="password" required autocomplete="current-password" /></label>
                <label>{t!(i18n, account.new_password)} <input name="new" type="password" required autocomplete="new-password" /></label>
                <label>{t!(i18n, account.repeat_password)} <input name="repeat" type="password" required autocomplete="new-password" /></label>
                <button type="submit" class="primary" data-action="change-password">{t!(i18n, account.change_password)}</button>
            </ActionForm>
            {changed}
        </section>
    }
}
