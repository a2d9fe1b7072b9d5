//! The 地区情况 form, laid out as in manual §2.3: its fields and its rules
//! (`domain::questionnaire`). Edits are kept on the device at once and sent
//! when the network allows, and a conflict shows both versions, by the
//! controller the school form shares (`shell::versioned_form`).

use super::api::{get_questionnaire, save_questionnaire};
use super::model::QuestionnaireView;
use crate::browser::offline;
use crate::domain::questionnaire::{validate, PlatformSource, Questionnaire};
use crate::i18n::*;
use crate::shell::versioned_form::{Record, SaveFuture, Setup, VersionedForm};
use crate::shell::versioned_panels::{ConflictPanel, SaveStatus};
use crate::shell::Failure;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn QuestionnairePage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let region = Memo::new(move |_| query.with(|q| q.get("region")));
    let data = Resource::new(move || region.get(), get_questionnaire);
    view! {
        <section class="questionnaire">
            <Transition fallback=move || view! { <p class="loading">{t!(i18n, questionnaire.loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(v) => view! { <QuestionnaireForm data=v /> }.into_any(),
                        Err(e) => view! { <Failure error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

fn yes_no(locale: Locale, b: Option<bool>) -> &'static str {
    match b {
        Some(true) => td_string!(locale, questionnaire.yes),
        Some(false) => td_string!(locale, questionnaire.no),
        None => td_string!(locale, questionnaire.unfilled),
    }
}

impl Record for Questionnaire {
    fn shown(&self, locale: Locale) -> Vec<(&'static str, String)> {
        let source = self
            .platform_source
            .map(|s| s.name(locale))
            .unwrap_or(td_string!(locale, questionnaire.unfilled));
        vec![
            (
                td_string!(locale, questionnaire.shown_uses_platform),
                yes_no(locale, self.uses_platform).into(),
            ),
            (
                td_string!(locale, questionnaire.shown_platform_url),
                self.platform_url.clone(),
            ),
            (
                td_string!(locale, questionnaire.platform_source),
                source.into(),
            ),
            (
                td_string!(locale, questionnaire.shown_metro_network),
                yes_no(locale, self.metro_network).into(),
            ),
        ]
    }
}

#[component]
fn QuestionnaireForm(data: QuestionnaireView) -> impl IntoView {
    let i18n = use_i18n();
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
        save: Callback::new(move |(answers, (), version): (Questionnaire, (), i32)| {
            if let Some(issue) = validate(&answers).first() {
                return Err(issue.say(i18n.get_locale_untracked()));
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
    // Said in the page's locale, again when it changes.
    let message_for = move |question: &'static str| {
        issues.with(|i| {
            i.iter()
                .find(|issue| issue.question() == question)
                .map(|issue| issue.say(i18n.get_locale()))
        })
    };
    let conflict = Signal::derive(move || t_string!(i18n, questionnaire.conflict));
    let conflict_title = Signal::derive(move || t_string!(i18n, questionnaire.conflict_title));
    let (region_name, level) = (data.region.name.clone(), data.region.level);

    view! {
        <div class="card questionnaire-form">
            <h2>{t!(i18n, questionnaire.heading)}</h2>
            <p class="muted">{t!(i18n, questionnaire.region_line, region = region_name, level = move || level.name(i18n.get_locale()))}</p>
            <p class="updated">
                {t!(i18n, questionnaire.updated_label)}
                {move || updated.get().map_or_else(|| t_string!(i18n, questionnaire.never_filled).into(), |u| u.say(i18n.get_locale()))}
            </p>
            <Show when=move || !form.online()>
                <p class="banner offline" role="status">
                    {move || {
                        if unsaved.get() {
                            t_string!(i18n, questionnaire.offline_pending)
                        } else {
                            t_string!(i18n, questionnaire.offline)
                        }
                    }}
                </p>
            </Show>
            <form on:submit=move |ev| { ev.prevent_default(); form.send(); }>
                <fieldset disabled=!editable>
                    <div class="q" role="radiogroup" data-question="uses_platform" aria-label=move || t_string!(i18n, questionnaire.uses_platform)>
                        <span class="q-title">{t!(i18n, questionnaire.uses_platform_q)}</span>
                        <label><input type="radio" name="uses_platform" value="true" prop:checked=move || answers.with(|a| a.uses_platform == Some(true))
                            on:change=move |_| form.edit(|a| a.uses_platform = Some(true)) />{t!(i18n, questionnaire.yes)}</label>
                        <label><input type="radio" name="uses_platform" value="false" prop:checked=move || answers.with(|a| a.uses_platform == Some(false))
                            on:change=move |_| form.edit(|a| a.uses_platform = Some(false)) />{t!(i18n, questionnaire.no)}</label>
                        {move || message_for("uses_platform").map(|m| view! { <span class="field-error">{m}</span> })}
                    </div>
                    <div class="q">
                        <label>
                            <span class="q-title">{t!(i18n, questionnaire.platform_url_q)}</span>
                            <input name="platform_url" inputmode="url" maxlength="500" placeholder="https://"
                                prop:value=move || answers.with(|a| a.platform_url.clone())
                                on:input=move |ev| { let v = event_target_value(&ev); form.edit(move |a| a.platform_url = v) } />
                        </label>
                        {move || message_for("platform_url").map(|m| view! { <span class="field-error" role="alert">{m}</span> })}
                    </div>
                    <div class="q" role="radiogroup" data-question="platform_source" aria-label=move || t_string!(i18n, questionnaire.platform_source)>
                        <span class="q-title">{t!(i18n, questionnaire.platform_source_q)}</span>
                        {PlatformSource::ALL.into_iter().map(|s| view! {
                            <label><input type="radio" name="platform_source" value=s.code().to_string() prop:checked=move || answers.with(|a| a.platform_source == Some(s))
                                on:change=move |_| form.edit(move |a| a.platform_source = Some(s)) />{move || s.name(i18n.get_locale())}</label>
                        }).collect_view()}
                        {move || message_for("platform_source").map(|m| view! { <span class="field-error">{m}</span> })}
                    </div>
                    <div class="q" role="radiogroup" data-question="metro_network" aria-label=move || t_string!(i18n, questionnaire.metro_network)>
                        <span class="q-title">{t!(i18n, questionnaire.metro_network_q)}</span>
                        <label><input type="radio" name="metro_network" value="true" prop:checked=move || answers.with(|a| a.metro_network == Some(true))
                            on:change=move |_| form.edit(|a| a.metro_network = Some(true)) />{t!(i18n, questionnaire.yes)}</label>
                        <label><input type="radio" name="metro_network" value="false" prop:checked=move || answers.with(|a| a.metro_network == Some(false))
                            on:change=move |_| form.edit(|a| a.metro_network = Some(false)) />{t!(i18n, questionnaire.no)}</label>
                        <span class="muted">{t!(i18n, questionnaire.metro_network_note)}</span>
                        {move || message_for("metro_network").map(|m| view! { <span class="field-error">{m}</span> })}
                    </div>
                </fieldset>
                <Show when=move || editable>
                    <div class="form-actions">
                        <button type="submit" class="primary" data-action="save" disabled=move || form.saving()>
                            {t!(i18n, questionnaire.save)}
                        </button>
                        <SaveStatus form conflict />
                    </div>
                </Show>
            </form>
            <ConflictPanel form title=conflict_title />
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
            q.shown(Locale::zh_CN),
            vec![
                ("是否使用公共服务平台", "是".to_string()),
                ("平台网址", "https://zy.example".to_string()),
                ("平台来源", "未填".to_string()),
                ("教育城域网", "否".to_string()),
            ]
        );
    }
}
