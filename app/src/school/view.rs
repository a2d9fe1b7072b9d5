//! A reviewer's read-only view of one school's month, reached from the 直属
//! rows (and so from any county's school list): the same figures the
//! aggregates add up, beside last month's.

use super::api::get_school_view;
use crate::domain::figures::Field;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SchoolViewPage() -> impl IntoView {
    let query = use_query_map();
    let args = Memo::new(move |_| {
        query.with(|q| {
            (
                q.get("code").unwrap_or_default(),
                q.get("y").and_then(|v| v.parse::<i32>().ok()),
                q.get("m").and_then(|v| v.parse::<u32>().ok()),
            )
        })
    });
    let data = Resource::new(move || args.get(), |(c, y, m)| get_school_view(c, y, m));
    view! {
        <section class="school-view">
            <Transition fallback=|| view! { <p class="loading">"加载中…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(m) => {
                            let yes_no = |b: bool| if b { "是" } else { "否" };
                            let rows: Vec<(&'static str, String, String)> = Field::NUMBERS
                                .iter()
                                .map(|f| {
                                    (
                                        f.label(),
                                        m.figures.map(|x| f.get(&x).to_string()).unwrap_or_else(|| "-".into()),
                                        m.last.map(|x| f.get(&x).to_string()).unwrap_or_else(|| "-".into()),
                                    )
                                })
                                .chain([
                                    ("六三制", m.figures.map(|x| yes_no(x.six_three).to_string()).unwrap_or_default(), m.last.map(|x| yes_no(x.six_three).to_string()).unwrap_or_default()),
                                    ("宽带接入", m.figures.map(|x| yes_no(x.broadband).to_string()).unwrap_or_default(), m.last.map(|x| yes_no(x.broadband).to_string()).unwrap_or_default()),
                                ])
                                .collect();
                            view! {
                                <div class="card">
                                    <h2>{format!("{} {}年{}月月度数据", m.school_name, m.year, m.month)}</h2>
                                    <p class="muted">{format!("{}（{}）  状态：{}", m.school_type, m.region_name, m.state.map(|s| s.label()).unwrap_or("未填报"))}</p>
                                    {m.updated.map(|u| view! { <p class="muted">"最后更新：" {u}</p> })}
                                    <table class="figures-form" aria-label="月度数据">
                                        <thead><tr><th>"项目"</th><th>"本月"</th><th>"上月"</th></tr></thead>
                                        <tbody>
                                            {rows.into_iter().map(|(l, a, b)| view! { <tr><th scope="row">{l}</th><td class="num">{a}</td><td class="last muted">{b}</td></tr> }).collect_view()}
                                        </tbody>
                                    </table>
                                    <a href=format!("/report?y={}&m={}", m.year, m.month)>"返回数据上报"</a>
                                </div>
                            }
                                .into_any()
                        }
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
