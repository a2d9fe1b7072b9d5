//! 我的 → 个人设置: name, phone, email, and the password change.

use super::api::{get_profile, ChangePassword, SaveProfile};
use leptos::prelude::*;

#[component]
pub fn ProfilePage() -> impl IntoView {
    let save = ServerAction::<SaveProfile>::new();
    let change = ServerAction::<ChangePassword>::new();
    let profile = Resource::new(move || save.version().get(), |_| get_profile());
    let saved = move || match save.value().get() {
        Some(Ok(())) => Some(view! { <p class="ok" role="status">"已保存"</p> }.into_any()),
        Some(Err(e)) => {
            Some(view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any())
        }
        None => None,
    };
    let changed = move || match change.value().get() {
        Some(Ok(())) => Some(
            view! { <p class="ok" role="status">"密码已修改，其他设备上的登录已退出"</p> }
                .into_any(),
        ),
        Some(Err(e)) => {
            Some(view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any())
        }
        None => None,
    };
    view! {
        <section class="profile card">
            <h2>"个人设置"</h2>
            <Transition fallback=|| view! { <p class="loading">"加载中…"</p> }>
                {move || Suspend::new(async move {
                    match profile.await {
                        Ok(p) => view! {
                            <p class="muted">{format!("用户名：{}  角色：{}", p.username, p.role)}</p>
                            <ActionForm action=save attr:class="settings-form">
                                <label>"姓名" <input name="name" required maxlength="50" value=p.name /></label>
                                <label>"联系电话" <input name="phone" maxlength="20" value=p.phone /></label>
                                <label>"电子邮件" <input name="email" type="email" maxlength="200" value=p.email /></label>
                                <label>"当前密码（修改电子邮件时需要）"
                                    <input name="password" type="password" maxlength="256" autocomplete="current-password" /></label>
                                <button type="submit" class="primary">"保存"</button>
                            </ActionForm>
                        }.into_any(),
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
            {saved}
            <h3>"修改密码"</h3>
            <ActionForm action=change attr:class="settings-form">
                <label>"当前密码" <input name="current" type="password" required autocomplete="current-password" /></label>
                <label>"新密码" <input name="new" type="password" required autocomplete="new-password" /></label>
                <label>"确认新密码" <input name="repeat" type="password" required autocomplete="new-password" /></label>
                <button type="submit" class="primary">"修改密码"</button>
            </ActionForm>
            {changed}
        </section>
    }
}
