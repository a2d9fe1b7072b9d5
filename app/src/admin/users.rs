//! 用户管理: the accounts under a region, searched and paged; 新增用户
//! (a link to set the password is mailed: the administrator never chooses
//! it), 停用 / 启用, 重置密码 (a mailed link).

use super::api::{create_user, list_users, save_user_contact, send_user_reset, set_user_disabled};
use super::list::{bind, use_list_query, ExportLink, ListingPage, SearchBar, Unit};
use super::model::{Contact, UserEntry};
use crate::domain::admin::{check_user, may_manage_role, UserInput};
use crate::domain::Role;
use crate::error::AppError;
use crate::i18n::*;
use crate::shell::layout::MeResource;
use leptos::prelude::*;

const PATH: &str = "/admin/users";

/// What the last action on an account did, or why it failed.
#[derive(Debug, Clone, PartialEq)]
enum Notice {
    Enabled(String),
    Disabled(String),
    ResetSent { name: String, to: String },
    Created { name: String, email: String },
    Failed(String),
}

#[component]
fn NoticeLine(notice: Notice) -> impl IntoView {
    let i18n = use_i18n();
    match notice {
        Notice::Failed(e) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
        Notice::Enabled(name) => view! {
            <p class="ok" role="status">{t!(i18n, admin.user_enabled, name)}</p>
        }
        .into_any(),
        Notice::Disabled(name) => view! {
            <p class="ok" role="status">{t!(i18n, admin.user_disabled, name)}</p>
        }
        .into_any(),
        Notice::ResetSent { name, to } => view! {
            <p class="ok" role="status">{t!(i18n, admin.reset_sent, name, to)}</p>
        }
        .into_any(),
        Notice::Created { name, email } => view! {
            <p class="ok" role="status">{t!(i18n, admin.user_created, name, email)}</p>
        }
        .into_any(),
    }
}

#[component]
pub fn UsersPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_list_query();
    let changed = RwSignal::new(0u32);
    let adding = RwSignal::new(false);
    let editing = RwSignal::new(None::<UserEntry>);
    let notice = RwSignal::new(None::<Notice>);
    let list = Resource::new(
        move || (query.get(), changed.get()),
        |(q, _)| list_users(q.region, q.q, q.page),
    );
    view! {
        <section class="admin users card">
            <div class="admin-head">
                <h2>{t!(i18n, admin.users_title)}</h2>
                <button type="button" data-action="new" on:click=move |_| adding.set(true)>{t!(i18n, admin.new_user)}</button>
                <a class="button" href="/admin/import?kind=users" data-action="import">{t!(i18n, admin.import)}</a>
                <ExportLink what="users" query />
            </div>
            <SearchBar path=PATH placeholder=move || t_string!(i18n, admin.user_search_placeholder) query />
            {move || notice.get().map(|n| view! { <NoticeLine notice=n /> })}
            <Show when=move || adding.get()>
                <UserForm adding changed notice />
            </Show>
            {move || editing.get().map(|u| view! { <ContactForm user=u editing changed /> })}
            <ListingPage list path=PATH query unit=Unit::Accounts
                table=move |rows| view! { <UserTable rows changed notice editing /> } />
        </section>
    }
}

#[component]
fn UserTable(
    rows: Vec<UserEntry>,
    changed: RwSignal<u32>,
    notice: RwSignal<Option<Notice>>,
    editing: RwSignal<Option<UserEntry>>,
) -> impl IntoView {
    let i18n = use_i18n();
    if rows.is_empty() {
        return view! { <p class="muted">{t!(i18n, admin.no_users)}</p> }.into_any();
    }
    view! {
        <table class="list users-list">
            <thead><tr>
                <th>{t!(i18n, admin.username)}</th>
                <th>{t!(i18n, admin.name)}</th>
                <th>{t!(i18n, admin.role)}</th>
                <th>{t!(i18n, admin.phone)}</th>
                <th>{t!(i18n, admin.email)}</th>
                <th>{t!(i18n, admin.state)}</th>
                <th>{t!(i18n, admin.actions)}</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|u| {
                    let disabled = u.disabled;
                    let name = u.username.clone();
                    let toggle = move |_| {
                        let name = name.clone();
                        leptos::task::spawn_local(async move {
                            match set_user_disabled(name.clone(), !disabled).await {
                                Ok(()) => {
                                    notice.set(Some(if disabled { Notice::Enabled(name) } else { Notice::Disabled(name) }));
                                    changed.update(|n| *n += 1);
                                }
                                Err(e) => notice.set(Some(Notice::Failed(e.say(i18n.get_locale_untracked())))),
                            }
                        });
                    };
                    let entry = u.clone();
                    let name = u.username.clone();
                    let reset = move |_| {
                        let name = name.clone();
                        leptos::task::spawn_local(async move {
                            notice.set(Some(match send_user_reset(name.clone()).await {
                                Ok(to) => Notice::ResetSent { name, to },
                                Err(e) => Notice::Failed(e.say(i18n.get_locale_untracked())),
                            }));
                        });
                    };
                    view! {
                        <tr data-username=u.username.clone() class:disabled=u.disabled>
                            <td>{u.username.clone()}</td>
                            <td>{u.name.clone()}</td>
                            <td>{let who = u.clone(); move || who.role_label(i18n.get_locale())}</td>
                            <td>{u.phone.clone()}</td>
                            <td>{u.email.clone()}</td>
                            <td>{move || if disabled { t_string!(i18n, admin.disabled) } else { t_string!(i18n, admin.normal) }}</td>
                            <td class="ops">
                                <button type="button" class="link" data-action="edit" on:click=move |_| editing.set(Some(entry.clone()))>{t!(i18n, admin.edit)}</button>
                                <button type="button" class="link" data-action={if disabled { "enable" } else { "disable" }} on:click=toggle>
                                    {move || if disabled { t_string!(i18n, admin.enable) } else { t_string!(i18n, admin.disable) }}
                                </button>
                                <button type="button" class="link" data-action="reset-password" on:click=reset>{t!(i18n, admin.reset_password)}</button>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// A role as the 新增用户 form offers it (a reviewer's level follows from
/// the region code).
fn role_word(r: Role, locale: Locale) -> &'static str {
    match r {
        Role::NationalAdmin => td_string!(locale, admin.role_option_national_admin),
        Role::Reviewer => td_string!(locale, admin.role_option_reviewer),
        Role::RegionAdmin => td_string!(locale, admin.role_option_region_admin),
        Role::SchoolAdmin => td_string!(locale, admin.role_option_school_admin),
    }
}

#[component]
fn UserForm(
    adding: RwSignal<bool>,
    changed: RwSignal<u32>,
    notice: RwSignal<Option<Notice>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let me = expect_context::<MeResource>().0;
    let user = RwSignal::new(UserInput {
        username: String::new(),
        name: String::new(),
        role: Role::Reviewer,
        region_code: String::new(),
        school_code: String::new(),
        phone: String::new(),
        email: String::new(),
    });
    // Kept as a value, said in the page's locale (again when it changes).
    let message = RwSignal::new(None::<AppError>);
    // One key per form: 保存 sent again after a lost answer creates nothing.
    let key = StoredValue::new(crate::request_key::RequestKey::fresh());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut u = user.get_untracked();
        if let Err(e) = check_user(&mut u) {
            message.set(Some(e.into()));
            return;
        }
        leptos::task::spawn_local(async move {
            match create_user(u.clone(), key.get_value()).await {
                Ok(()) => {
                    adding.set(false);
                    notice.set(Some(Notice::Created {
                        name: u.username,
                        email: u.email,
                    }));
                    changed.update(|n| *n += 1);
                }
                Err(e) => message.set(Some(e)),
            }
        });
    };
    let text = move |f: fn(&mut UserInput) -> &mut String| bind(user, f);
    let school_admin = move || user.with(|u| u.role == Role::SchoolAdmin);
    view! {
        <form class="admin-form user-form" on:submit=submit>
            <h3>{t!(i18n, admin.new_user)}</h3>
            <label>{t!(i18n, admin.username)} <input data-field="username" aria-label=move || t_string!(i18n, admin.username) autocomplete="off" prop:value=move || user.with(|u| u.username.clone()) on:input=text(|u| &mut u.username) /></label>
            <label>{t!(i18n, admin.name)} <input data-field="name" aria-label=move || t_string!(i18n, admin.name) prop:value=move || user.with(|u| u.name.clone()) on:input=text(|u| &mut u.name) /></label>
            <label>{t!(i18n, admin.role)}
                <Transition>
                    {move || Suspend::new(async move {
                        let mine = me.await.ok().flatten().map(|m| m.role).unwrap_or(Role::Reviewer);
                        view! {
                            <select data-field="role" aria-label=move || t_string!(i18n, admin.role) on:change=move |ev| {
                                let v = event_target_value(&ev);
                                if let Some(r) = v.parse().ok().and_then(Role::from_code) {
                                    user.update(|u| u.role = r);
                                }
                            }>
                                {Role::ALL.into_iter().filter(|r| may_manage_role(mine, *r)).map(|r| view! {
                                    <option value=r.code().to_string() selected=move || user.with(|u| u.role == r)>{move || role_word(r, i18n.get_locale())}</option>
                                }).collect_view()}
                            </select>
                        }
                    })}
                </Transition>
            </label>
            <Show when=move || !school_admin()>
                <label>{t!(i18n, admin.region_code)} <input data-field="region" aria-label=move || t_string!(i18n, admin.region_code) maxlength="6" inputmode="numeric" prop:value=move || user.with(|u| u.region_code.clone()) on:input=text(|u| &mut u.region_code) /></label>
            </Show>
            <Show when=school_admin>
                <label>{t!(i18n, admin.school_code)} <input data-field="school" aria-label=move || t_string!(i18n, admin.school_code) maxlength="10" inputmode="numeric" prop:value=move || user.with(|u| u.school_code.clone()) on:input=text(|u| &mut u.school_code) /></label>
            </Show>
            <label>{t!(i18n, admin.phone)} <input data-field="phone" aria-label=move || t_string!(i18n, admin.phone) prop:value=move || user.with(|u| u.phone.clone()) on:input=text(|u| &mut u.phone) /></label>
            <label>{t!(i18n, admin.email)} <input data-field="email" aria-label=move || t_string!(i18n, admin.email) type="email" prop:value=move || user.with(|u| u.email.clone()) on:input=text(|u| &mut u.email) /></label>
            <p class="muted hint">{t!(i18n, admin.no_password_hint)}</p>
            <div class="row">
                <button type="submit" class="primary" data-action="create">{t!(i18n, admin.create)}</button>
                <button type="button" data-action="cancel" on:click=move |_| adding.set(false)>{t!(i18n, admin.cancel)}</button>
                {move || message.get().map(|m| view! { <span class="error" role="alert">{m.say(i18n.get_locale())}</span> })}
            </div>
        </form>
    }
    .into_any()
}

/// 编辑: an account's 姓名, 联系电话 and 电子邮件.
#[component]
fn ContactForm(
    user: UserEntry,
    editing: RwSignal<Option<UserEntry>>,
    changed: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let contact = RwSignal::new(Contact {
        name: user.name.clone(),
        phone: user.phone.clone(),
        email: user.email.clone(),
    });
    // Kept as a value, said in the page's locale (again when it changes).
    let message = RwSignal::new(None::<AppError>);
    let username = user.username.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let c = contact.get_untracked();
        if let Err(e) = crate::domain::account::check_profile(&c.name, &c.phone, &c.email) {
            message.set(Some(e.into()));
            return;
        }
        let username = username.clone();
        leptos::task::spawn_local(async move {
            match save_user_contact(username, c).await {
                Ok(()) => {
                    editing.set(None);
                    changed.update(|n| *n += 1);
                }
                Err(e) => message.set(Some(e)),
            }
        });
    };
    let text = move |f: fn(&mut Contact) -> &mut String| bind(contact, f);
    view! {
        <form class="admin-form contact-form" on:submit=submit>
            <h3>{t!(i18n, admin.edit_user)} " " {user.username.clone()} " " <span class="muted">{let who = user.clone(); move || who.role_label(i18n.get_locale())}</span></h3>
            <label>{t!(i18n, admin.name)} <input data-field="name" aria-label=move || t_string!(i18n, admin.name) prop:value=move || contact.with(|c| c.name.clone()) on:input=text(|c| &mut c.name) /></label>
            <label>{t!(i18n, admin.phone)} <input data-field="phone" aria-label=move || t_string!(i18n, admin.phone) prop:value=move || contact.with(|c| c.phone.clone()) on:input=text(|c| &mut c.phone) /></label>
            <label>{t!(i18n, admin.email)} <input data-field="email" aria-label=move || t_string!(i18n, admin.email) type="email" prop:value=move || contact.with(|c| c.email.clone()) on:input=text(|c| &mut c.email) /></label>
            <div class="row">
                <button type="submit" class="primary" data-action="save">{t!(i18n, admin.save)}</button>
                <button type="button" data-action="cancel" on:click=move |_| editing.set(None)>{t!(i18n, admin.cancel)}</button>
                {move || message.get().map(|m| view! { <span class="error" role="alert">{m.say(i18n.get_locale())}</span> })}
            </div>
        </form>
    }
    .into_any()
}
