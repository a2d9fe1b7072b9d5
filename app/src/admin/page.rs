//! 系统设置: the reporting windows of each level, the school form's jump
//! ratio, and the 客户服务 contacts shown in every footer.

use super::api::{get_settings, save_settings};
use super::model::{SettingsDraft, SystemSettings};
use crate::domain::window::{ReportsOn, WindowDraft};
use crate::domain::Level;
use leptos::prelude::*;

#[component]
pub fn SettingsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_settings());
    view! {
        <section class="settings card">
            <h2>"系统设置"</h2>
            <Transition fallback=|| view! { <p class="loading">"加载中…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(s) => view! { <SettingsForm initial=s /> }.into_any(),
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

fn window_of(s: &SettingsDraft, l: Level) -> WindowDraft {
    s.windows.of(l)
}

#[component]
fn SettingsForm(initial: SystemSettings) -> impl IntoView {
    let settings = RwSignal::new(SettingsDraft::from(initial));
    let message = RwSignal::new(None::<Result<(), String>>);
    let set_window = move |l: Level, f: Box<dyn Fn(&mut WindowDraft)>| {
        settings.update(|s| f(s.windows.of_mut(l)));
    };
    // The draft becomes settings only through the domain's rules: a broken
    // one is named here and never sent.
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match SystemSettings::try_from(settings.get_untracked()) {
            Ok(s) => leptos::task::spawn_local(async move {
                message.set(Some(save_settings(s).await.map_err(|e| e.to_string())));
            }),
            Err(e) => message.set(Some(Err(e))),
        }
    };
    let levels = [Level::County, Level::City, Level::Province, Level::National];
    view! {
        <form class="settings-admin" on:submit=submit>
            <h3>"上报时间"</h3>
            <table class="windows">
                <thead><tr><th>"级别"</th><th>"开始日"</th><th>"截止日"</th><th>"审核数据"</th></tr></thead>
                <tbody>
                    {levels.into_iter().map(|l| view! {
                        <tr data-level=l.label()>
                            <th scope="row">{l.label()}</th>
                            <td><input type="number" min="1" max="28" aria-label=format!("{}开始日", l.label())
                                prop:value=move || settings.with(|s| window_of(s, l).first_day.to_string())
                                on:input=move |ev| { let v = event_target_value(&ev).parse().unwrap_or(0); set_window(l, Box::new(move |w| w.first_day = v)) } /></td>
                            <td><input type="number" min="1" max="28" aria-label=format!("{}截止日", l.label())
                                prop:value=move || settings.with(|s| window_of(s, l).last_day.to_string())
                                on:input=move |ev| { let v = event_target_value(&ev).parse().unwrap_or(0); set_window(l, Box::new(move |w| w.last_day = v)) } /></td>
                            <td>
                                <select aria-label=format!("{}审核数据", l.label()) on:change=move |ev| {
                                    let prev = event_target_value(&ev) == "prev";
                                    set_window(l, Box::new(move |w| w.reports_on = if prev { ReportsOn::PreviousMonth } else { ReportsOn::ThisMonth }))
                                }>
                                    <option value="this" selected=move || settings.with(|s| window_of(s, l).reports_on == ReportsOn::ThisMonth)>"本月"</option>
                                    <option value="prev" selected=move || settings.with(|s| window_of(s, l).reports_on == ReportsOn::PreviousMonth)>"上月"</option>
                                </select>
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <h3>"学校月度数据"</h3>
            <label class="row">"与上月相比变化超过（%）时需确认："
                <input type="number" min="1" max="1000" aria-label="变化提醒比例"
                    prop:value=move || settings.with(|s| ((s.jump_ratio * 100.0).round() as i64).to_string())
                    on:input=move |ev| { let v: f64 = event_target_value(&ev).parse().unwrap_or(0.0); settings.update(|s| s.jump_ratio = v / 100.0) } />
            </label>
            <label class="row">"截止前提醒：在各级上报截止前 "
                <input type="number" min="0" max="10" aria-label="截止前提醒天数"
                    prop:value=move || settings.with(|s| s.reminder_days.to_string())
                    on:input=move |ev| { let v: u32 = event_target_value(&ev).parse().unwrap_or(0); settings.update(|s| s.reminder_days = v) } />
                " 天，向尚未上报的地区发送提醒通知（0 表示不提醒）"
            </label>
            <h3>"客户服务"</h3>
            <label class="row">"客服电话 " <input aria-label="客服电话" prop:value=move || settings.with(|s| s.support_phone.clone())
                on:input=move |ev| { let v = event_target_value(&ev); settings.update(|s| s.support_phone = v) } /></label>
            <label class="row">"客服 QQ " <input aria-label="客服 QQ" prop:value=move || settings.with(|s| s.support_qq.clone())
                on:input=move |ev| { let v = event_target_value(&ev); settings.update(|s| s.support_qq = v) } /></label>
            <button type="submit" class="primary">"保存"</button>
            {move || message.get().map(|m| match m {
                Ok(()) => view! { <span class="ok" role="status">"已保存"</span> }.into_any(),
                Err(e) => view! { <span class="error" role="alert">{e}</span> }.into_any(),
            })}
        </form>
    }
    .into_any()
}
