//! The notice pages: list, detail, and 创建.

use super::api::{create_notice, get_notice, list_notices, PinNotice};
use super::model::{NewNotice, NoticeText};
use crate::domain::notice::{may_publish, offered_levels};
use crate::domain::Level;
use crate::domain::NoticeId;
use crate::i18n::*;
use crate::shell::layout::MeResource;
use crate::shell::Failure;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

#[component]
pub fn NoticeListPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = expect_context::<MeResource>().0;
    let list = Resource::new(|| (), |_| list_notices());
    view! {
        <section class="notices card">
            <div class="notices-head">
                <h2>{t!(i18n, notice.title)}</h2>
                <Transition>
                    {move || Suspend::new(async move {
                        let can = matches!(me.await, Ok(Some(m)) if may_publish(m.role));
                        can.then(|| view! { <A href="/notices/new" attr:class="button">{t!(i18n, notice.create)}</A> })
                    })}
                </Transition>
            </div>
            <Transition fallback=move || view! { <p class="loading">{t!(i18n, notice.loading)}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(items) if items.is_empty() => view! { <p class="muted">{t!(i18n, notice.empty)}</p> }.into_any(),
                        Ok(items) => view! {
                            <ul class="notice-list">
                                {items.into_iter().map(|n| {
                                    let (text, excerpt, author, at) = (n.text.clone(), n.text, n.author, n.created_at);
                                    view! {
                                        <li class:unread=n.unread class:pinned=n.pinned data-id=n.id.to_string()>
                                            <a class="title" href=format!("/notices/view?id={}", n.id)>{move || text.title(i18n.get_locale())}</a>
                                            {n.pinned.then(|| view! { <span class="tag pin">{t!(i18n, notice.pinned_tag)}</span> })}
                                            {n.unread.then(|| view! { <span class="tag unread-mark">{t!(i18n, notice.unread)}</span> })}
                                            <p class="excerpt">{move || excerpt.excerpt(i18n.get_locale())}</p>
                                            <p class="meta muted">{move || author.say(i18n.get_locale())} " " {move || datetime(i18n.get_locale(), at)}</p>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => view! { <Failure error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
pub fn NoticePage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let id = Memo::new(move |_| {
        query.with(|q| {
            q.get("id")
                .and_then(|v| v.parse::<i32>().ok())
                .map(NoticeId)
                .unwrap_or(NoticeId(0))
        })
    });
    let pin = ServerAction::<PinNotice>::new();
    let notice = Resource::new(
        move || (id.get(), pin.version().get()),
        |(id, _)| get_notice(id),
    );
    view! {
        <section class="notice card">
            <Transition fallback=move || view! { <p class="loading">{t!(i18n, notice.loading)}</p> }>
                {move || Suspend::new(async move {
                    match notice.await {
                        Ok(n) => view! {
                            <h2>{let text = n.text.clone(); move || text.title(i18n.get_locale())} {n.pinned.then(|| view! { <span class="tag pin">{t!(i18n, notice.pinned_tag)}</span> })}</h2>
                            <p class="meta muted">{let author = n.author.clone(); move || author.say(i18n.get_locale())} " " {let at = n.created_at; move || datetime(i18n.get_locale(), at)} "  " {t!(i18n, notice.scope_label)} {let scope = n.scope.clone(); move || super::model::scope_words(&scope, i18n.get_locale())}</p>
                            {match n.text.clone() {
                                NoticeText::Written { content_html, .. } => view! { <div class="notice-content" inner_html=content_html></div> }.into_any(),
                                // The system's words, in the reader's locale (text: escaped).
                                NoticeText::System(s) => view! { <div class="notice-content"><p>{move || s.body(i18n.get_locale())}</p></div> }.into_any(),
                            }}
                            {(!n.attachments.is_empty()).then(|| view! {
                                <div class="attachments">
                                    {t!(i18n, notice.attachments_label)}
                                    <ul>
                                        {n.attachments.iter().map(|a| view! {
                                            <li><a href=format!("/files/notice/{}/{}", n.id, a.id) download>{a.name.clone()}</a>
                                                <span class="muted">{t!(i18n, notice.attachment_size, kb = (a.size + 1023) / 1024)}</span></li>
                                        }).collect_view()}
                                    </ul>
                                </div>
                            })}
                            {n.can_pin.then(|| view! {
                                <ActionForm action=pin>
                                    <input type="hidden" name="id" value=n.id.to_string() />
                                    <input type="hidden" name="pinned" value=(!n.pinned).to_string() />
                                    <button type="submit" data-action="pin">{if n.pinned { t!(i18n, notice.unpin).into_any() } else { t!(i18n, notice.pin).into_any() }}</button>
                                </ActionForm>
                            })}
                            <A href="/notices">{t!(i18n, notice.back)}</A>
                        }.into_any(),
                        Err(e) => view! { <Failure error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// Sends the chosen files, one request each, after the notice exists.
/// Each file carries a key made from the notice's: sent again, it is not
/// stored twice.
async fn upload_attachments(
    id: NoticeId,
    input: Option<leptos::web_sys::HtmlInputElement>,
    key: String,
) -> Result<(), String> {
    crate::browser::upload::send_each_file("/api/notice_attachment", input, |i| {
        vec![("notice", id.to_string()), ("key", format!("{key}-{i}"))]
    })
    .await
}

#[component]
pub fn NewNoticePage() -> impl IntoView {
    let i18n = use_i18n();
    let me = expect_context::<MeResource>().0;
    view! {
        <section class="notice-new card">
            <h2>{t!(i18n, notice.new_title)}</h2>
            <Transition>
                {move || Suspend::new(async move {
                    match me.await {
                        Ok(Some(m)) if may_publish(m.role) => view! { <NoticeEditor level=m.region_level national_admin=m.role == crate::domain::Role::NationalAdmin /> }.into_any(),
                        _ => view! { <p class="error" role="alert">{t!(i18n, notice.publish_forbidden)}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// Why a 保存 did not end on the new notice's page.
#[derive(Clone)]
enum SaveFailure {
    /// The server refused the notice (its message).
    Refused(String),
    /// The notice was stored but an attachment was not (the reason).
    Upload(String),
}

#[component]
fn NoticeEditor(level: Level, national_admin: bool) -> impl IntoView {
    let i18n = use_i18n();
    let offered = offered_levels(level);
    let title = RwSignal::new(String::new());
    let chosen = RwSignal::new(Vec::<Level>::new());
    let direct = RwSignal::new(false);
    let pinned = RwSignal::new(false);
    let error = RwSignal::new(None::<SaveFailure>);
    let busy = RwSignal::new(false);
    let editor = NodeRef::<leptos::html::Div>::new();
    let files = NodeRef::<leptos::html::Input>::new();
    // One key for every 保存 of this editor: the server keeps the first.
    let request_key = StoredValue::new(None::<crate::request_key::RequestKey>);
    let navigate = use_navigate();
    let all_offered = offered.clone();
    let all = move || chosen.with(|c| c.len() == all_offered.len()) && direct.get();
    let all_offered2 = offered.clone();
    let toggle_all = move |on: bool| {
        chosen.set(if on { all_offered2.clone() } else { Vec::new() });
        direct.set(on);
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let content_html = editor.get().map(|e| e.inner_html()).unwrap_or_default();
        let notice = NewNotice {
            title: title.get_untracked(),
            levels: chosen.get_untracked(),
            direct_schools: direct.get_untracked(),
            content_html,
            pinned: pinned.get_untracked(),
            request_key: None,
        };
        let key = request_key.with_value(|k| k.clone()).unwrap_or_else(|| {
            let k = crate::request_key::RequestKey::fresh();
            request_key.set_value(Some(k.clone()));
            k
        });
        let notice = NewNotice {
            request_key: Some(key.clone()),
            ..notice
        };
        busy.set(true);
        let navigate = navigate.clone();
        let chosen_files = files.get();
        leptos::task::spawn_local(async move {
            match create_notice(notice).await {
                Ok(id) => {
                    if let Err(e) =
                        upload_attachments(id, chosen_files, key.as_str().to_string()).await
                    {
                        error.set(Some(SaveFailure::Upload(e)));
                        busy.set(false);
                        return;
                    }
                    navigate(&format!("/notices/view?id={id}"), Default::default())
                }
                Err(e) => error.set(Some(SaveFailure::Refused(
                    e.say(i18n.get_locale_untracked()),
                ))),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="notice-form" on:submit=submit>
            <label class="row">{t!(i18n, notice.title_label)} <input name="title" maxlength="100" required prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev)) /></label>
            <div class="row scope" role="group" aria-label=move || t_string!(i18n, notice.scope)>
                {t!(i18n, notice.scope_label)}
                <label><input type="checkbox" data-scope="all" prop:checked=all on:change=move |ev| toggle_all(event_target_checked(&ev)) />{t!(i18n, notice.select_all)}</label>
                {offered.into_iter().map(|l| view! {
                    <label><input type="checkbox" data-level=l.code().to_string() prop:checked=move || chosen.with(|c| c.contains(&l))
                        on:change=move |ev| { let on = event_target_checked(&ev); chosen.update(|c| { c.retain(|x| *x != l); if on { c.push(l); } }); } />
                        {t!(i18n, notice.level_reviewers, level = move || l.name(i18n.get_locale()))}</label>
                }).collect_view()}
                <label><input type="checkbox" data-scope="direct" prop:checked=move || direct.get() on:change=move |ev| direct.set(event_target_checked(&ev)) />{t!(i18n, notice.direct_school_admins)}</label>
            </div>
            <div class="row">
                {t!(i18n, notice.content_label)}
                <div class="toolbar" role="toolbar" aria-label=move || t_string!(i18n, notice.format)>
                    <button type="button" on:click=move |_| crate::browser::editor::exec("bold", None)><b>{t!(i18n, notice.bold)}</b></button>
                    <button type="button" on:click=move |_| crate::browser::editor::exec("formatBlock", Some("h3"))>{t!(i18n, notice.heading)}</button>
                    <button type="button" on:click=move |_| crate::browser::editor::exec("insertUnorderedList", None)>{t!(i18n, notice.bullet_list)}</button>
                    <button type="button" on:click=move |_| crate::browser::editor::exec("insertOrderedList", None)>{t!(i18n, notice.numbered_list)}</button>
                    <button type="button" on:click=move |_| { if let Some(u) = crate::browser::editor::ask_link() { crate::browser::editor::exec("createLink", Some(&u)) } }>{t!(i18n, notice.link)}</button>
                </div>
                <div class="editor" contenteditable="true" node_ref=editor role="textbox" aria-multiline="true" aria-label=move || t_string!(i18n, notice.content)></div>
            </div>
            {national_admin.then(|| view! {
                <label class="row"><input type="checkbox" data-field="pinned" prop:checked=move || pinned.get() on:change=move |ev| pinned.set(event_target_checked(&ev)) />{t!(i18n, notice.pin)}</label>
            })}
            <label class="row">{t!(i18n, notice.attachments_label)} <input type="file" multiple node_ref=files data-field="attachments" aria-label=move || t_string!(i18n, notice.attachments)
                accept=".pdf,.doc,.docx,.wps,.txt,.xls,.xlsx,.ppt,.pptx,.zip,.jpg,.jpeg,.png" />
                <span class="muted">{t!(i18n, notice.attachment_hint)}</span></label>
            {move || error.get().map(|e| view! {
                <p class="error" role="alert">
                    {match e {
                        SaveFailure::Refused(msg) => msg.into_any(),
                        SaveFailure::Upload(reason) => t!(i18n, notice.upload_failed, error = reason).into_any(),
                    }}
                </p>
            })}
            <button type="submit" class="primary" disabled=move || busy.get() data-action="save">{t!(i18n, notice.save)}</button>
        </form>
    }
    .into_any()
}
