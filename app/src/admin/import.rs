//! 批量导入: upload a CSV or XLSX file of schools or accounts, see every
//! broken row (nothing is written yet), then 确认导入 and follow the
//! progress bar. Import is all-or-nothing.

use super::api::{commit_import, get_import_progress};
use super::model::{ImportKind, ImportPreview, ImportProgress, ImportState};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ImportPage() -> impl IntoView {
    let i18n = use_i18n();
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
            <h2>{t!(i18n, admin.import)}</h2>
            <nav class="tabs">
                <a href="/admin/import?kind=schools" class:active=move || kind.get() == ImportKind::Schools>{t!(i18n, admin.import_schools)}</a>
                <a href="/admin/import?kind=users" class:active=move || kind.get() == ImportKind::Users>{t!(i18n, admin.import_users)}</a>
            </nav>
            <p class="muted">
                // The template's headers in the reader's locale (the import
                // reads either locale's).
                {t!(i18n, admin.import_formats, columns = move || {
                    let locale = i18n.get_locale();
                    kind.get().fields().iter().map(|f| f.name(locale)).collect::<Vec<_>>().join(td_string!(locale, admin.list_sep))
                })}
                " "
                <a href=move || format!("/files/template/{}.xlsx", kind.get().slug()) download="" data-action="template">{t!(i18n, admin.download_template)}</a>
            </p>
            {move || (kind.get() == ImportKind::Users).then(|| view! {
                <p class="muted">{t!(i18n, admin.users_import_hint)}</p>
            })}
            <form class="row upload-import" on:submit=upload>
                <input type="file" name="file" aria-label=move || t_string!(i18n, admin.import_file) accept=".xlsx,.csv" required />
                <button type="submit" data-action="upload" prop:disabled=move || busy.get()>{t!(i18n, admin.upload_preview)}</button>
                {move || busy.get().then(|| view! { <span class="muted" role="status">{t!(i18n, admin.reading_file)}</span> })}
            </form>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            {move || preview.get().map(|p| view! { <Preview preview=p /> })}
        </section>
    }
}

#[component]
fn Preview(preview: ImportPreview) -> impl IntoView {
    let i18n = use_i18n();
    let progress = RwSignal::new(None::<ImportProgress>);
    let failed = RwSignal::new(None::<crate::error::AppError>);
    let id = preview.id.clone();
    let start = move |_| {
        let id = id.clone();
        leptos::task::spawn_local(async move {
            match commit_import(id.clone()).await {
                Ok(()) => follow(id, progress, failed).await,
                Err(e) => failed.set(Some(e)),
            }
        });
    };
    let ok = preview.errors.is_empty();
    let total = preview.total;
    let kind = preview.kind;
    view! {
        <div class="import-preview" data-total=total.to_string() data-errors=preview.errors.len().to_string()>
            <h3>{t!(i18n, admin.preview)}</h3>
            <p>{t!(i18n, admin.rows_total, total)}
                {(!ok).then(|| t!(i18n, admin.rows_with_errors, errors = preview.errors.len()))}
            </p>
            {(!ok).then(|| view! {
                <table class="list import-errors">
                    <thead><tr><th>{t!(i18n, admin.row_number)}</th><th>{t!(i18n, admin.error)}</th></tr></thead>
                    <tbody>
                        {preview.errors.iter().map(|e| {
                            let reason = e.reason.clone();
                            view! {
                                <tr><td>{t!(i18n, admin.row_n, row = e.row)}</td><td>{move || reason.say(i18n.get_locale())}</td></tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            })}
            <table class="list import-sample">
                <thead><tr>{preview.kind.fields().iter().map(|&f| view! { <th>{move || f.name(i18n.get_locale())}</th> }).collect_view()}</tr></thead>
                <tbody>
                    {preview.sample.iter().map(|r| view! {
                        <tr>{r.iter().map(|c| view! { <td>{c.clone()}</td> }).collect_view()}</tr>
                    }).collect_view()}
                </tbody>
            </table>
            {(total > preview.sample.len()).then(|| view! { <p class="muted">{t!(i18n, admin.sample_only, rows = preview.sample.len())}</p> })}
            {move || {
                let p = progress.get();
                match (p, failed.get()) {
                    (_, Some(e)) => view! { <p class="error" role="alert">{e.say(i18n.get_locale())}</p> }.into_any(),
                    (Some(ImportProgress { state: ImportState::Done, total }), _) => view! {
                        <p class="ok" role="status">{t!(i18n, admin.import_done, total)} " "
                            <a href=format!("/admin/{}", kind.slug()) data-action="list">{t!(i18n, admin.view_list)}</a></p>
                    }.into_any(),
                    (Some(ImportProgress { state: ImportState::Running { done }, total }), _) => view! {
                        <div class="progress" role="status">
                            <progress max=total.to_string() value=done.to_string()></progress>
                            {t!(i18n, admin.importing, done, total)}
                        </div>
                    }.into_any(),
                    _ => view! {
                        <button type="button" class="primary" data-action="commit" prop:disabled=!ok on:click=start.clone()>{t!(i18n, admin.commit_import)}</button>
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
    failed: RwSignal<Option<crate::error::AppError>>,
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
                    ImportState::Failed(e) => {
                        failed.set(Some(e));
                        return;
                    }
                    _ => {}
                }
            }
            Err(e) => {
                failed.set(Some(e));
                return;
            }
        }
        crate::browser::timer::sleep_ms(300).await;
    }
}
