//! 批量导入: upload a CSV or XLSX file of schools or accounts, see every
//! broken row (nothing is written yet), then 确认导入 and follow the
//! progress bar. Import is all-or-nothing.

use super::api::{commit_import, get_import_progress};
use super::model::{ImportKind, ImportPreview, ImportProgress, ImportState};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ImportPage() -> impl IntoView {
    let query = use_query_map();
    let kind = Memo::new(move |_| match query.with(|q| q.get("kind")).as_deref() {
        Some("users") => ImportKind::Users,
        _ => ImportKind::Schools,
    });
    let preview = RwSignal::new(None::<ImportPreview>);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    Effect::new(move |_| {
        kind.track();
        preview.set(None);
        error.set(None);
    });
    let upload = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(form) = crate::browser::upload::form_of(&ev) else {
            return;
        };
        let url = format!("/api/import/{}", kind.get_untracked().slug());
        busy.set(true);
        preview.set(None);
        error.set(None);
        leptos::task::spawn_local(async move {
            match crate::browser::upload::send_form_for::<ImportPreview>(form, &url).await {
                Ok(p) => preview.set(Some(p)),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="admin import card">
            <h2>"批量导入"</h2>
            <nav class="tabs">
                <a href="/admin/import?kind=schools" class:active=move || kind.get() == ImportKind::Schools>"导入学校"</a>
                <a href="/admin/import?kind=users" class:active=move || kind.get() == ImportKind::Users>"导入用户"</a>
            </nav>
            <p class="muted">
                {move || format!("支持 .xlsx 和 .csv（UTF-8 或 GBK）文件，第 1 行为列名：{}。", kind.get().columns().join("、"))}
                " "
                <a href=move || format!("/files/template/{}.xlsx", kind.get().slug()) download="">"下载模板"</a>
            </p>
            {move || (kind.get() == ImportKind::Users).then(|| view! {
                <p class="muted">"导入的账号没有密码：系统会给每个账号的电子邮件发送设置密码的链接。"</p>
            })}
            <form class="row upload-import" on:submit=upload>
                <input type="file" name="file" aria-label="导入文件" accept=".xlsx,.csv" required />
                <button type="submit" prop:disabled=move || busy.get()>"上传并预览"</button>
                {move || busy.get().then(|| view! { <span class="muted" role="status">"正在读取文件…"</span> })}
            </form>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            {move || preview.get().map(|p| view! { <Preview preview=p /> })}
        </section>
    }
}

#[component]
fn Preview(preview: ImportPreview) -> impl IntoView {
    let progress = RwSignal::new(None::<ImportProgress>);
    let failed = RwSignal::new(None::<String>);
    let id = preview.id.clone();
    let start = move |_| {
        let id = id.clone();
        leptos::task::spawn_local(async move {
            match commit_import(id.clone()).await {
                Ok(()) => follow(id, progress, failed).await,
                Err(e) => failed.set(Some(e.to_string())),
            }
        });
    };
    let ok = preview.errors.is_empty();
    let total = preview.total;
    let kind = preview.kind;
    view! {
        <div class="import-preview" data-total=total.to_string() data-errors=preview.errors.len().to_string()>
            <h3>"预览"</h3>
            <p>{format!("共 {total} 行")}
                {(!ok).then(|| format!("，其中 {} 行有错误，请修改文件后重新上传（未导入任何数据）", preview.errors.len()))}
            </p>
            {(!ok).then(|| view! {
                <table class="list import-errors">
                    <thead><tr><th>"行号"</th><th>"错误"</th></tr></thead>
                    <tbody>
                        {preview.errors.iter().map(|e| view! {
                            <tr><td>{format!("第 {} 行", e.row)}</td><td>{e.message.clone()}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
            <table class="list import-sample">
                <thead><tr>{preview.columns.iter().map(|c| view! { <th>{c.clone()}</th> }).collect_view()}</tr></thead>
                <tbody>
                    {preview.sample.iter().map(|r| view! {
                        <tr>{r.iter().map(|c| view! { <td>{c.clone()}</td> }).collect_view()}</tr>
                    }).collect_view()}
                </tbody>
            </table>
            {(total > preview.sample.len()).then(|| view! { <p class="muted">{format!("仅显示前 {} 行", preview.sample.len())}</p> })}
            {move || {
                let p = progress.get();
                match (p, failed.get()) {
                    (_, Some(e)) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
                    (Some(ImportProgress { state: ImportState::Done, total }), _) => view! {
                        <p class="ok" role="status">{format!("导入完成：共 {total} 行")} " "
                            <a href=format!("/admin/{}", kind.slug())>"查看列表"</a></p>
                    }.into_any(),
                    (Some(ImportProgress { state: ImportState::Running { done }, total }), _) => view! {
                        <div class="progress" role="status">
                            <progress max=total.to_string() value=done.to_string()></progress>
                            {format!(" 正在导入：{done} / {total}")}
                        </div>
                    }.into_any(),
                    _ => view! {
                        <button type="button" class="primary" prop:disabled=!ok on:click=start.clone()>"确认导入"</button>
                    }.into_any(),
                }
            }}
        </div>
    }
    .into_any()
}

/// Polls the import's progress until it is done or failed.
async fn follow(
    id: String,
    progress: RwSignal<Option<ImportProgress>>,
    failed: RwSignal<Option<String>>,
) {
    progress.set(Some(ImportProgress {
        total: 0,
        state: ImportState::Running { done: 0 },
    }));
    loop {
        match get_import_progress(id.clone()).await {
            Ok(p) => {
                let state = p.state.clone();
                progress.set(Some(p));
                match state {
                    ImportState::Done => return,
                    ImportState::Failed(m) => {
                        failed.set(Some(m));
                        return;
                    }
                    _ => {}
                }
            }
            Err(e) => {
                failed.set(Some(e.to_string()));
                return;
            }
        }
        crate::browser::timer::sleep_ms(300).await;
    }
}
