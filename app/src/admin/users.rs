//! 用户管理: the accounts under a region, searched and paged; 新增用户
//! (a link to set the password is mailed: the administrator never chooses
//! it), 停用 / 启用, 重置密码 (a mailed link).

use super::api::{create_user, list_users, save_user_contact, send_user_reset, set_user_disabled};
use super::list::{bind, use_list_query, ExportLink, ListingPage, SearchBar};
use super::model::{Contact, UserEntry};
use crate::domain::admin::{check_user, may_manage_role, UserInput};
use crate::domain::Role;
use crate::shell::layout::MeResource;
use leptos::prelude::*;

const PATH: &str = "/admin/users";

#[component]
pub fn UsersPage() -> impl IntoView {
    let query = use_list_query();
    let changed = RwSignal::new(0u32);
    let adding = RwSignal::new(false);
    let editing = RwSignal::new(None::<UserEntry>);
    let notice = RwSignal::new(None::<Result<String, String>>);
    let list = Resource::new(
        move || (query.get(), changed.get()),
        |(q, _)| list_users(q.region, q.q, q.page),
    );
    view! {
        <section class="admin users card">
            <div class="admin-head">
                <h2>"用户管理"</h2>
                <button type="button" on:click=move |_| adding.set(true)>"新增用户"</button>
                <a class="button" href="/admin/import?kind=users">"批量导入"</a>
                <ExportLink what="users" query />
            </div>
            <SearchBar path=PATH placeholder="用户名或姓名" query />
            {move || notice.get().map(|m| match m {
                Ok(t) => view! { <p class="ok" role="status">{t}</p> }.into_any(),
                Err(e) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
            })}
            <Show when=move || adding.get()>
                <UserForm adding changed notice />
            </Show>
            {move || editing.get().map(|u| view! { <ContactForm user=u editing changed /> })}
            <ListingPage list path=PATH query unit="个账号"
                table=move |rows| view! { <UserTable rows changed notice editing /> } />
        </section>
    }
}

#[component]
fn UserTable(
    rows: Vec<UserEntry>,
    changed: RwSignal<u32>,
    notice: RwSignal<Option<Result<String, String>>>,
    editing: RwSignal<Option<UserEntry>>,
) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="muted">"没有符合条件的用户"</p> }.into_any();
    }
    view! {
        <table class="list users-list">
            <thead><tr><th>"用户名"</th><th>"姓名"</th><th>"角色"</th><th>"联系电话"</th><th>"电子邮件"</th><th>"状态"</th><th>"操作"</th></tr></thead>
            <tbody>
                {rows.into_iter().map(|u| {
                    let disabled = u.disabled;
                    let name = u.username.clone();
                    let toggle = move |_| {
                        let name = name.clone();
                        leptos::task::spawn_local(async move {
                            match set_user_disabled(name.clone(), !disabled).await {
                                Ok(()) => {
                                    notice.set(Some(Ok(format!("{name} 已{}", if disabled { "启用" } else { "停用" }))));
                                    changed.update(|n| *n += 1);
                                }
                                Err(e) => notice.set(Some(Err(e.to_string()))),
                            }
                        });
                    };
                    let entry = u.clone();
                    let name = u.username.clone();
                    let reset = move |_| {
                        let name = name.clone();
                        leptos::task::spawn_local(async move {
                            notice.set(Some(
                                send_user_reset(name.clone())
                                    .await
                                    .map(|to| format!("重置密码的链接已发送到 {to}，{name} 设置新密码前原密码仍然有效"))
                                    .map_err(|e| e.to_string()),
                            ));
                        });
                    };
                    view! {
                        <tr data-username=u.username.clone() class:disabled=u.disabled>
                            <td>{u.username.clone()}</td>
                            <td>{u.name.clone()}</td>
                            <td>{u.role_label.clone()}</td>
                            <td>{u.phone.clone()}</td>
                            <td>{u.email.clone()}</td>
                            <td>{if u.disabled { "已停用" } else { "正常" }}</td>
                            <td class="ops">
                                <button type="button" class="link" on:click=move |_| editing.set(Some(entry.clone()))>"编辑"</button>
                                <button type="button" class="link" on:click=toggle>{if disabled { "启用" } else { "停用" }}</button>
                                <button type="button" class="link" on:click=reset>"重置密码"</button>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

fn role_word(r: Role) -> &'static str {
    match r {
        Role::NationalAdmin => "全国管理员",
        Role::Reviewer => "审核员",
        Role::RegionAdmin => "地区管理员",
        Role::SchoolAdmin => "学校管理员",
    }
}

#[component]
fn UserForm(
    adding: RwSignal<bool>,
    changed: RwSignal<u32>,
    notice: RwSignal<Option<Result<String, String>>>,
) -> impl IntoView {
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
    let message = RwSignal::new(None::<String>);
    // One key per form: 保存 sent again after a lost answer creates nothing.
    let key = StoredValue::new(crate::request_key::RequestKey::fresh());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut u = user.get_untracked();
        if let Err(e) = check_user(&mut u) {
            message.set(Some(e));
            return;
        }
        leptos::task::spawn_local(async move {
            match create_user(u.clone(), key.get_value()).await {
                Ok(()) => {
                    adding.set(false);
                    notice.set(Some(Ok(format!(
                        "已创建 {}，设置密码的链接已发送到 {}",
                        u.username, u.email
                    ))));
                    changed.update(|n| *n += 1);
                }
                Err(e) => message.set(Some(e.to_string())),
            }
        });
    };
    let text = move |f: fn(&mut UserInput) -> &mut String| bind(user, f);
    let school_admin = move || user.with(|u| u.role == Role::SchoolAdmin);
    view! {
        <form class="admin-form user-form" on:submit=submit>
            <h3>"新增用户"</h3>
            <label>"用户名" <input aria-label="用户名" autocomplete="off" prop:value=move || user.with(|u| u.username.clone()) on:input=text(|u| &mut u.username) /></label>
            <label>"姓名" <input aria-label="姓名" prop:value=move || user.with(|u| u.name.clone()) on:input=text(|u| &mut u.name) /></label>
            <label>"角色"
                <Transition>
                    {move || Suspend::new(async move {
                        let mine = me.await.ok().flatten().map(|m| m.role).unwrap_or(Role::Reviewer);
                        view! {
                            <select aria-label="角色" on:change=move |ev| {
                                let v = event_target_value(&ev);
                                if let Some(r) = Role::ALL.into_iter().find(|r| role_word(*r) == v) {
                                    user.update(|u| u.role = r);
                                }
                            }>
                                {Role::ALL.into_iter().filter(|r| may_manage_role(mine, *r)).map(|r| view! {
                                    <option value=role_word(r) selected=move || user.with(|u| u.role == r)>{role_word(r)}</option>
                                }).collect_view()}
                            </select>
                        }
                    })}
                </Transition>
            </label>
            <Show when=move || !school_admin()>
                <label>"地区代码" <input aria-label="地区代码" maxlength="6" inputmode="numeric" prop:value=move || user.with(|u| u.region_code.clone()) on:input=text(|u| &mut u.region_code) /></label>
            </Show>
            <Show when=school_admin>
                <label>"学校代码" <input aria-label="学校代码" maxlength="10" inputmode="numeric" prop:value=move || user.with(|u| u.school_code.clone()) on:input=text(|u| &mut u.school_code) /></label>
            </Show>
            <label>"联系电话" <input aria-label="联系电话" prop:value=move || user.with(|u| u.phone.clone()) on:input=text(|u| &mut u.phone) /></label>
            <label>"电子邮件" <input aria-label="电子邮件" type="email" prop:value=move || user.with(|u| u.email.clone()) on:input=text(|u| &mut u.email) /></label>
            <p class="muted hint">"不需要设置密码：系统会把设置密码的链接发送到该电子邮件（72 小时内有效）。"</p>
            <div class="row">
                <button type="submit" class="primary">"创建"</button>
                <button type="button" on:click=move |_| adding.set(false)>"取消"</button>
                {move || message.get().map(|m| view! { <span class="error" role="alert">{m}</span> })}
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
    let contact = RwSignal::new(Contact {
        name: user.name.clone(),
        phone: user.phone.clone(),
        email: user.email.clone(),
    });
    let message = RwSignal::new(None::<String>);
    let username = user.username.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let c = contact.get_untracked();
        if let Err(e) = crate::domain::account::check_profile(&c.name, &c.phone, &c.email) {
            message.set(Some(e));
            return;
        }
        let username = username.clone();
        leptos::task::spawn_local(async move {
            match save_user_contact(username, c).await {
                Ok(()) => {
                    editing.set(None);
                    changed.update(|n| *n += 1);
                }
                Err(e) => message.set(Some(e.to_string())),
            }
        });
    };
    let text = move |f: fn(&mut Contact) -> &mut String| bind(contact, f);
    view! {
        <form class="admin-form contact-form" on:submit=submit>
            <h3>"编辑用户 " {user.username.clone()} " " <span class="muted">{user.role_label.clone()}</span></h3>
            <label>"姓名" <input aria-label="姓名" prop:value=move || contact.with(|c| c.name.clone()) on:input=text(|c| &mut c.name) /></label>
            <label>"联系电话" <input aria-label="联系电话" prop:value=move || contact.with(|c| c.phone.clone()) on:input=text(|c| &mut c.phone) /></label>
            <label>"电子邮件" <input aria-label="电子邮件" type="email" prop:value=move || contact.with(|c| c.email.clone()) on:input=text(|c| &mut c.email) /></label>
            <div class="row">
                <button type="submit" class="primary">"保存"</button>
                <button type="button" on:click=move |_| editing.set(None)>"取消"</button>
                {move || message.get().map(|m| view! { <span class="error" role="alert">{m}</span> })}
            </div>
        </form>
    }
    .into_any()
}
