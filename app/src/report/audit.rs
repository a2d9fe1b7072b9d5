//! The audit view (审核记录) of a region and month: every transition, who,
//! when, from what to what, and why.

use super::api::get_audit;
use super::page::Reload;
use leptos::prelude::*;

#[component]
pub fn AuditPanel(region: String, year: i32, month: u32) -> impl IntoView {
    let (open, set_open) = signal(false);
    let reload = expect_context::<Reload>();
    let tick = super::live::use_live_tick();
    let rows = Resource::new(
        move || (open.get(), reload.0.get(), tick.get()),
        move |(o, _, _)| {
            let region = region.clone();
            async move {
                if o {
                    get_audit(Some(region), year, month).await.map(Some)
                } else {
                    Ok(None)
                }
            }
        },
    );
    view! {
        <details class="audit card" on:toggle=move |_| set_open.update(|o| *o = !*o)>
            <summary>"审核记录"</summary>
            <Transition fallback=|| view! { <p class="loading">"加载中…"</p> }>
                {move || Suspend::new(async move {
                    match rows.await {
                        Ok(Some(list)) if list.is_empty() => view! { <p class="muted">"本月暂无记录"</p> }.into_any(),
                        Ok(Some(list)) => view! {
                            <table class="audit-table">
                                <thead><tr><th>"时间"</th><th>"操作人"</th><th>"对象"</th><th>"操作"</th><th>"状态"</th><th>"原因"</th></tr></thead>
                                <tbody>
                                    {list.into_iter().map(|r| view! {
                                        <tr>
                                            <td>{r.at}</td><td>{r.actor}</td><td>{r.target}</td><td>{r.action}</td>
                                            <td>{format!("{} → {}", r.from, r.to)}</td><td>{r.reason.unwrap_or_default()}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any(),
                        Ok(None) => ().into_any(),
                        Err(e) => view! { <p class="error">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </details>
    }
    .into_any()
}
