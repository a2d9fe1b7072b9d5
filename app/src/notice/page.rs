//! The notice pages: list, detail, and 创建.

use super::api::{create_notice, get_notice, list_notices, PinNotice};
use super::model::NewNotice;
use crate::domain::notice::{may_publish, offered_levels};
use crate::domain::Level;
use crate::domain::NoticeId;
use crate::shell::layout::MeResource;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

#[component]
pub fn NoticeListPage() -> impl IntoView {
    let me = expect_context::<MeResource>().0;
    let list = Resource::new(|| (), |_| list_notices());
    view! {
        <section class="notices card">
            <div class="notices-head">
                <h2>"通知通告"</h2>
                <Transition>
                    {move || Suspend::new(async move {
                        let can = matches!(me.await, Ok(Some(m)) if may_publish(m.role));
                        can.then(|| view! { <A href="/notices/new" attr:class="button">"创建"</A> })
                    })}
                </Transition>
            </div>
            <Transition fallback=|| view! { <p class="loading">"加载中…"</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(items) if items.is_empty() => view! { <p class="muted">"暂无通知"</p> }.into_any(),
                        Ok(items) => view! {
                            <ul class="notice-list">
                                {items.into_iter().map(|n| view! {
                                    <li class:unread=n.unread class:pinned=n.pinned data-id=n.id.to_string()>
                                        <a class="title" href=format!("/notices/view?id={}", n.id)>{n.title}</a>
                                        {n.pinned.then(|| view! { <span class="tag pin">"[置顶]"</span> })}
                                        {n.unread.then(|| view! { <span class="tag unread-mark">"未读"</span> })}
                                        <p class="excerpt">{n.excerpt}</p>
                                        <p class="meta muted">{n.author} " " {n.created_at}</p>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
pub fn NoticePage() -> impl IntoView {
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
            <Transition fallback=|| view! { <p class="loading">"加载中…"</p> }>
                {move || Suspend::new(async move {
                    match notice.await {
                        Ok(n) => view! {
                            <h2>{n.title.clone()} {n.pinned.then(|| view! { <span class="tag pin">"[置顶]"</span> })}</h2>
                            <p class="meta muted">{n.author.clone()} " " {n.created_at.clone()} "  范围：" {n.scope.clone()}</p>
                            <div class="notice-content" inner_html=n.content_html.clone()></div>
                            {(!n.attachments.is_empty()).then(|| view! {
                                <div class="attachments">
                                    "附件："
                                    <ul>
                                        {n.attachments.iter().map(|a| view! {
                                            <li><a href=format!("/files/notice/{}/{}", n.id, a.id) download>{a.name.clone()}</a>
                                                <span class="muted">{format!("（{} KB）", (a.size + 1023) / 1024)}</span></li>
                                        }).collect_view()}
                                    </ul>
                                </div>
                            })}
                            {n.can_pin.then(|| view! {
                                <ActionForm action=pin>
                                    <input type="hidden" name="id" value=n.id.to_string() />
                                    <input type="hidden" name="pinned" value=(!n.pinned).to_string() />
                                    <button type="submit">{if n.pinned { "取消置顶" } else { "置顶" }}</button>
                                </ActionForm>
                            })}
                            <A href="/notices">"返回通知通告"</A>
                        }.into_any(),
                        Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
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
    let me = expect_context::<MeResource>().0;
    view! {
        <section class="notice-new card">
            <h2>"创建通知通告"</h2>
            <Transition>
                {move || Suspend::new(async move {
                    match me.await {
                        Ok(Some(m)) if may_publish(m.role) => view! { <NoticeEditor level=m.region_level national_admin=m.role == crate::domain::Role::NationalAdmin /> }.into_any(),
                        _ => view! { <p class="error" role="alert">"只有审核员和全国管理员可以发布通知"</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn NoticeEditor(level: Level, national_admin: bool) -> impl IntoView {
    let offered = offered_levels(level);
    let title = RwSignal::new(String::new());
    let chosen = RwSignal::new(Vec::<Level>::new());
    let direct = RwSignal::new(false);
    let pinned = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
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
                        error.set(Some(format!("通知已保存，但附件上传失败：{e}")));
                        busy.set(false);
                        return;
                    }
                    navigate(&format!("/notices/view?id={id}"), Default::default())
                }
                Err(e) => error.set(Some(e.to_string())),
            }
            busy.set(false);
        });
    };
    view! {
        <form class="notice-form" on:submit=submit>
            <label class="row">"标题：" <input name="title" maxlength="100" required prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev)) /></label>
            <div class="row scope" role="group" aria-label="范围">
                "范围："
                <label><input type="checkbox" prop:checked=all on:change=move |ev| toggle_all(event_target_checked(&ev)) />"全选"</label>
                {offered.into_iter().map(|l| view! {
                    <label><input type="checkbox" prop:checked=move || chosen.with(|c| c.contains(&l))
                        on:change=move |ev| { let on = event_target_checked(&ev); chosen.update(|c| { c.retain(|x| *x != l); if on { c.push(l); } }); } />
                        {format!("{}审核员", l.label())}</label>
                }).collect_view()}
                <label><input type="checkbox" prop:checked=move || direct.get() on:change=move |ev| direct.set(event_target_checked(&ev)) />"直属学校管理员"</label>
            </div>
            <div class="row">
                "内容："
                <div class="toolbar" role="toolbar" aria-label="格式">
                    <button type="button" on:click=move |_| crate::browser::editor::exec("bold", None)><b>"加粗"</b></button>
                    <button type="button" on:click=move |_| crate::browser::editor::exec("formatBlock", Some("h3"))>"标题"</button>
                    <button type="button" on:click=move |_| crate::browser::editor::exec("insertUnorderedList", None)>"项目列表"</button>
                    <button type="button" on:click=move |_| crate::browser::editor::exec("insertOrderedList", None)>"编号列表"</button>
                    <button type="button" on:click=move |_| { if let Some(u) = crate::browser::editor::ask_link() { crate::browser::editor::exec("createLink", Some(&u)) } }>"链接"</button>
                </div>
                <div class="editor" contenteditable="true" node_ref=editor role="textbox" aria-multiline="true" aria-label="内容"></div>
            </div>
            {national_admin.then(|| view! {
                <label class="row"><input type="checkbox" prop:checked=move || pinned.get() on:change=move |ev| pinned.set(event_target_checked(&ev)) />"置顶"</label>
            })}
            <label class="row">"附件：" <input type="file" multiple node_ref=files aria-label="附件"
                accept=".pdf,.doc,.docx,.wps,.txt,.xls,.xlsx,.ppt,.pptx,.zip,.jpg,.jpeg,.png" />
                <span class="muted">"（每个不超过 20 MB，最多 10 个）"</span></label>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <button type="submit" class="primary" disabled=move || busy.get()>"保存"</button>
        </form>
    }
    .into_any()
}
