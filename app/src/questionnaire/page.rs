//! The 地区情况 form, laid out as in manual §2.3. Edits are kept on the
//! device at once and sent when the network allows, like the school form.

use super::api::{get_questionnaire, save_questionnaire};
use super::model::{QuestionnaireView, SaveOutcome};
use crate::browser::offline;
use crate::domain::questionnaire::{validate, PlatformSource, Questionnaire};
use crate::error::AppError;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct LocalDraft {
    answers: Questionnaire,
    base_version: i32,
}

#[derive(Debug, Clone, PartialEq)]
enum Status {
    Idle,
    Saving,
    Saved,
    Waiting,
    Failed(String),
    Conflict { server: Questionnaire, version: i32 },
}

#[component]
pub fn QuestionnairePage() -> impl IntoView {
    let query = use_query_map();
    let region = Memo::new(move |_| query.with(|q| q.get("region")));
    let data = Resource::new(move || region.get(), get_questionnaire);
    view! {
        <section class="questionnaire">
            <Transition fallback=|| view! { <p class="loading">"加载中…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(v) => view! { <QuestionnaireForm data=v /> }.into_any(),
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

fn yes_no(b: Option<bool>) -> &'static str {
    match b {
        Some(true) => "是",
        Some(false) => "否",
        None => "未填",
    }
}

#[component]
fn QuestionnaireForm(data: QuestionnaireView) -> impl IntoView {
    let editor_name = StoredValue::new(data.editor.clone());
    let key = StoredValue::new(offline::draft_key(
        &data.editor,
        &format!("q{}", data.region.code),
        0,
    ));
    let answers = RwSignal::new(data.answers.clone());
    let base_version = RwSignal::new(data.version);
    let updated = RwSignal::new(data.updated.clone());
    let status = RwSignal::new(Status::Idle);
    let online = RwSignal::new(true);
    let unsaved = RwSignal::new(false);
    let one_save = offline::OneSave::new();
    let editable = data.editable;
    let region_code = StoredValue::new(data.region.code.clone());
    let issues = Memo::new(move |_| validate(&answers.get()));
    let message_for = move |field: &'static str| {
        issues.with(|i| i.iter().find(|(f, _)| *f == field).map(|(_, m)| m.clone()))
    };

    let keep = move || {
        offline::store(
            &key.get_value(),
            &LocalDraft {
                answers: answers.get_untracked(),
                base_version: base_version.get_untracked(),
            },
        );
        unsaved.set(true);
    };
    let send = move || {
        if let Some((_, m)) = issues.get_untracked().into_iter().next() {
            status.set(Status::Failed(m));
            return;
        }
        if !offline::is_online() {
            status.set(Status::Waiting);
            return;
        }
        if !one_save.start() {
            return;
        }
        status.set(Status::Saving);
        let (a, v) = (answers.get_untracked(), base_version.get_untracked());
        leptos::task::spawn_local(async move {
            let answer = save_questionnaire(a.clone(), v).await;
            one_save.finish();
            match answer {
                Ok(SaveOutcome::Saved { version }) => {
                    base_version.set(version);
                    let unchanged = answers.get_untracked() == a;
                    status.set(
                        if offline::after_saved(&key.get_value(), unchanged, unsaved, keep) {
                            Status::Saved
                        } else {
                            Status::Idle
                        },
                    );
                    if let Ok(fresh) = get_questionnaire(Some(region_code.get_value())).await {
                        updated.set(fresh.updated);
                    }
                }
                Ok(SaveOutcome::Stale { server, version }) => {
                    status.set(Status::Conflict { server, version })
                }
                Err(AppError::Transport(_)) => status.set(Status::Waiting),
                Err(e) => status.set(Status::Failed(e.to_string())),
            }
        });
    };
    one_save.resend_with(move || {
        if unsaved.get_untracked() {
            send();
        }
    });
    Effect::new(move |_| {
        if !editable {
            return;
        }
        offline::register_service_worker();
        offline::keep_page_offline(&editor_name.get_value());
        online.set(offline::is_online());
        if let Some(d) = offline::load::<LocalDraft>(&key.get_value()) {
            answers.set(d.answers);
            base_version.set(d.base_version);
            unsaved.set(true);
            send();
        }
        offline::on_connectivity(move |is_online| {
            online.set(is_online);
            if is_online && unsaved.get_untracked() {
                send();
            }
        });
    });
    let set = move |f: Box<dyn Fn(&mut Questionnaire)>| {
        answers.update(|a| f(a));
        keep();
    };

    view! {
        <div class="card questionnaire-form">
            <h2>"地区情况"</h2>
            <p class="muted">{format!("{}（{}）", data.region.name, data.region.level.label())}</p>
            <p class="updated">"最后更新：" {move || updated.get().unwrap_or_else(|| "尚未填报".into())}</p>
            <Show when=move || !online.get()>
                <p class="banner offline" role="status">
                    "当前处于离线状态。修改已保存在本机" {move || if unsaved.get() { "（有待发送的修改）" } else { "" }} "，联网后将自动发送。"
                </p>
            </Show>
            <form on:submit=move |ev| { ev.prevent_default(); send(); }>
                <fieldset disabled=!editable>
                    <div class="q" role="radiogroup" aria-label="是否组织统一使用了教育资源公共服务平台">
                        <span class="q-title">"1、是否组织统一使用了教育资源公共服务平台："</span>
                        <label><input type="radio" name="uses_platform" prop:checked=move || answers.with(|a| a.uses_platform == Some(true))
                            on:change=move |_| set(Box::new(|a| a.uses_platform = Some(true))) />"是"</label>
                        <label><input type="radio" name="uses_platform" prop:checked=move || answers.with(|a| a.uses_platform == Some(false))
                            on:change=move |_| set(Box::new(|a| a.uses_platform = Some(false))) />"否"</label>
                        {move || message_for("uses_platform").map(|m| view! { <span class="field-error">{m}</span> })}
                    </div>
                    <div class="q">
                        <label>
                            <span class="q-title">"平台网址："</span>
                            <input name="platform_url" inputmode="url" maxlength="500" placeholder="https://"
                                prop:value=move || answers.with(|a| a.platform_url.clone())
                                on:input=move |ev| { let v = event_target_value(&ev); set(Box::new(move |a| a.platform_url = v.clone())) } />
                        </label>
                        {move || message_for("platform_url").map(|m| view! { <span class="field-error" role="alert">{m}</span> })}
                    </div>
                    <div class="q" role="radiogroup" aria-label="平台来源">
                        <span class="q-title">"平台来源："</span>
                        {PlatformSource::ALL.into_iter().map(|s| view! {
                            <label><input type="radio" name="platform_source" prop:checked=move || answers.with(|a| a.platform_source == Some(s))
                                on:change=move |_| set(Box::new(move |a| a.platform_source = Some(s))) />{s.label()}</label>
                        }).collect_view()}
                        {move || message_for("platform_source").map(|m| view! { <span class="field-error">{m}</span> })}
                    </div>
                    <div class="q" role="radiogroup" aria-label="是否具有到校的教育城域网">
                        <span class="q-title">"2、是否具有到校的教育城域网："</span>
                        <label><input type="radio" name="metro_network" prop:checked=move || answers.with(|a| a.metro_network == Some(true))
                            on:change=move |_| set(Box::new(|a| a.metro_network = Some(true))) />"是"</label>
                        <label><input type="radio" name="metro_network" prop:checked=move || answers.with(|a| a.metro_network == Some(false))
                            on:change=move |_| set(Box::new(|a| a.metro_network = Some(false))) />"否"</label>
                        <span class="muted">"（说明：如果有覆盖本地区大部分中小学的光纤到校的教育城域网，选择“是”）"</span>
                        {move || message_for("metro_network").map(|m| view! { <span class="field-error">{m}</span> })}
                    </div>
                </fieldset>
                <Show when=move || editable>
                    <div class="form-actions">
                        <button type="submit" class="primary" disabled=move || status.get() == Status::Saving>"保存"</button>
                        <span class="save-status" role="status">
                            {move || match status.get() {
                                Status::Idle => String::new(),
                                Status::Saving => "正在保存…".into(),
                                Status::Saved => "已保存".into(),
                                Status::Waiting => "网络不可用：修改已保存在本机，联网后自动发送".into(),
                                Status::Failed(m) => m,
                                Status::Conflict { .. } => "地区情况已被他人修改，请选择保留哪一份".into(),
                            }}
                        </span>
                    </div>
                </Show>
            </form>
            {move || match status.get() {
                Status::Conflict { server, version } => {
                    let mine = answers.get();
                    let rows = vec![
                        ("是否使用公共服务平台", yes_no(mine.uses_platform).to_string(), yes_no(server.uses_platform).to_string()),
                        ("平台网址", mine.platform_url.clone(), server.platform_url.clone()),
                        ("平台来源", mine.platform_source.map(|s| s.label()).unwrap_or("未填").to_string(), server.platform_source.map(|s| s.label()).unwrap_or("未填").to_string()),
                        ("教育城域网", yes_no(mine.metro_network).to_string(), yes_no(server.metro_network).to_string()),
                    ];
                    let server2 = server.clone();
                    Some(view! {
                        <div class="card conflict" role="alert">
                            <h3>"地区情况已被他人修改"</h3>
                            <table class="conflict-table">
                                <thead><tr><th>"项目"</th><th>"本机"</th><th>"服务器"</th></tr></thead>
                                <tbody>{rows.into_iter().map(|(l, a, b)| { let d = a != b; view! { <tr class:differs=d><th>{l}</th><td>{a}</td><td>{b}</td></tr> } }).collect_view()}</tbody>
                            </table>
                            <button type="button" class="primary" on:click=move |_| { base_version.set(version); keep(); send(); }>"使用本机的值"</button>
                            " "
                            <button type="button" on:click=move |_| {
                                answers.set(server2.clone());
                                base_version.set(version);
                                offline::remove(&key.get_value());
                                unsaved.set(false);
                                status.set(Status::Idle);
                            }>"使用服务器的值"</button>
                        </div>
                    })
                }
                _ => None,
            }}
        </div>
    }
    .into_any()
}
