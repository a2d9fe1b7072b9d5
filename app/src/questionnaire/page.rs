//! The 地区情况 form, laid out as in manual §2.3: its fields and its rules
//! (`domain::questionnaire`). Edits are kept on the device at once and sent
//! when the network allows, and a conflict shows both versions, by the
//! controller the school form shares (`shell::versioned_form`).

use super::api::{get_questionnaire, save_questionnaire};
use super::model::QuestionnaireView;
use crate::browser::offline;
use crate::domain::questionnaire::{validate, PlatformSource, Questionnaire};
use crate::shell::versioned_form::{Record, SaveFuture, Setup, VersionedForm};
use crate::shell::versioned_panels::{ConflictPanel, SaveStatus};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

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

impl Record for Questionnaire {
    fn shown(&self) -> Vec<(&'static str, String)> {
        let source = self.platform_source.map(|s| s.label()).unwrap_or("未填");
        vec![
            ("是否使用公共服务平台", yes_no(self.uses_platform).into()),
            ("平台网址", self.platform_url.clone()),
            ("平台来源", source.into()),
            ("教育城域网", yes_no(self.metro_network).into()),
        ]
    }
}

#[component]
fn QuestionnaireForm(data: QuestionnaireView) -> impl IntoView {
    let editable = data.editable;
    let unsaved = RwSignal::new(false);
    let updated = RwSignal::new(data.updated.clone());
    let region_code = StoredValue::new(data.region.code.clone());
    let form = VersionedForm::new(Setup {
        key: offline::draft_key(&data.editor, &format!("q{}", data.region.code), 0),
        user: data.editor.clone(),
        record: data.answers.clone(),
        version: data.version,
        extras: (),
        unsaved,
        edits: editable,
        save: Callback::new(|(answers, (), version): (Questionnaire, (), i32)| {
            if let Some((_, m)) = validate(&answers).into_iter().next() {
                return Err(m);
            }
            Ok(Box::pin(save_questionnaire(answers, version)) as SaveFuture<Questionnaire>)
        }),
        // 最后更新 is read again after a save.
        on_saved: Callback::new(move |()| {
            leptos::task::spawn_local(async move {
                if let Ok(fresh) = get_questionnaire(Some(region_code.get_value())).await {
                    updated.set(fresh.updated);
                }
            })
        }),
        reread: None,
        lock: None,
    });
    let answers = form.record;
    let issues = Memo::new(move |_| answers.with(validate));
    let message_for = move |field: &'static str| {
        issues.with(|i| i.iter().find(|(f, _)| *f == field).map(|(_, m)| m.clone()))
    };

    view! {
        <div class="card questionnaire-form">
            <h2>"地区情况"</h2>
            <p class="muted">{format!("{}（{}）", data.region.name, data.region.level.label())}</p>
            <p class="updated">"最后更新：" {move || updated.get().unwrap_or_else(|| "尚未填报".into())}</p>
            <Show when=move || !form.online()>
                <p class="banner offline" role="status">
                    "当前处于离线状态。修改已保存在本机" {move || if unsaved.get() { "（有待发送的修改）" } else { "" }} "，联网后将自动发送。"
                </p>
            </Show>
            <form on:submit=move |ev| { ev.prevent_default(); form.send(); }>
                <fieldset disabled=!editable>
                    <div class="q" role="radiogroup" aria-label="是否组织统一使用了教育资源公共服务平台">
                        <span class="q-title">"1、是否组织统一使用了教育资源公共服务平台："</span>
                        <label><input type="radio" name="uses_platform" prop:checked=move || answers.with(|a| a.uses_platform == Some(true))
                            on:change=move |_| form.edit(|a| a.uses_platform = Some(true)) />"是"</label>
                        <label><input type="radio" name="uses_platform" prop:checked=move || answers.with(|a| a.uses_platform == Some(false))
                            on:change=move |_| form.edit(|a| a.uses_platform = Some(false)) />"否"</label>
                        {move || message_for("uses_platform").map(|m| view! { <span class="field-error">{m}</span> })}
                    </div>
                    <div class="q">
                        <label>
                            <span class="q-title">"平台网址："</span>
                            <input name="platform_url" inputmode="url" maxlength="500" placeholder="https://"
                                prop:value=move || answers.with(|a| a.platform_url.clone())
                                on:input=move |ev| { let v = event_target_value(&ev); form.edit(move |a| a.platform_url = v) } />
                        </label>
                        {move || message_for("platform_url").map(|m| view! { <span class="field-error" role="alert">{m}</span> })}
                    </div>
                    <div class="q" role="radiogroup" aria-label="平台来源">
                        <span class="q-title">"平台来源："</span>
                        {PlatformSource::ALL.into_iter().map(|s| view! {
                            <label><input type="radio" name="platform_source" prop:checked=move || answers.with(|a| a.platform_source == Some(s))
                                on:change=move |_| form.edit(move |a| a.platform_source = Some(s)) />{s.label()}</label>
                        }).collect_view()}
                        {move || message_for("platform_source").map(|m| view! { <span class="field-error">{m}</span> })}
                    </div>
                    <div class="q" role="radiogroup" aria-label="是否具有到校的教育城域网">
                        <span class="q-title">"2、是否具有到校的教育城域网："</span>
                        <label><input type="radio" name="metro_network" prop:checked=move || answers.with(|a| a.metro_network == Some(true))
                            on:change=move |_| form.edit(|a| a.metro_network = Some(true)) />"是"</label>
                        <label><input type="radio" name="metro_network" prop:checked=move || answers.with(|a| a.metro_network == Some(false))
                            on:change=move |_| form.edit(|a| a.metro_network = Some(false)) />"否"</label>
                        <span class="muted">"（说明：如果有覆盖本地区大部分中小学的光纤到校的教育城域网，选择“是”）"</span>
                        {move || message_for("metro_network").map(|m| view! { <span class="field-error">{m}</span> })}
                    </div>
                </fieldset>
                <Show when=move || editable>
                    <div class="form-actions">
                        <button type="submit" class="primary" disabled=move || form.saving()>"保存"</button>
                        <SaveStatus form subject="地区情况" />
                    </div>
                </Show>
            </form>
            <ConflictPanel form subject="地区情况" />
        </div>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_shown_with_unfilled_ones_said_so() {
        let q = Questionnaire {
            uses_platform: Some(true),
            platform_url: "https://zy.example".into(),
            platform_source: None,
            metro_network: Some(false),
        };
        assert_eq!(
            q.shown(),
            vec![
                ("是否使用公共服务平台", "是".to_string()),
                ("平台网址", "https://zy.example".to_string()),
                ("平台来源", "未填".to_string()),
                ("教育城域网", "否".to_string()),
            ]
        );
    }
}
