//! What a versioned form shows of its controller (`versioned_form`), the
//! same for every such form: the status line beside 保存, and the panel
//! that sets the device's values beside the server's when they part — a
//! conflict (使用本机的值 / 使用服务器的值) or edits the record no longer
//! takes (放弃本机修改). Nothing is dropped silently. How a record is shown
//! is the form's (`Record::shown`).

use super::versioned_form::{side_by_side, Extras, Record, Status, VersionedForm};
use crate::i18n::*;
use leptos::prelude::*;

/// `<span class="save-status" role="status">` with the status's line;
/// `conflict` is the form's line for a conflict, naming what others may
/// change ("数据已被他人修改，请选择保留哪一份"), in the page's language.
#[component]
pub fn SaveStatus<T, X>(form: VersionedForm<T, X>, conflict: Signal<&'static str>) -> impl IntoView
where
    T: Record,
    X: Extras<T>,
{
    let i18n = use_i18n();
    view! {
        <span class="save-status" role="status">
            {move || form.status().with(|s| s.text(i18n.get_locale(), conflict.get()))}
        </span>
    }
}

/// The conflict panel (`.card.conflict`: `title`, e.g. 「数据已被他人修改」, the
/// device's values beside the server's, 使用本机的值 / 使用服务器的值), or
/// the panel of edits not accepted (`.card.not-accepted`: why, the kept
/// values beside the stored ones, 放弃本机修改), or nothing.
#[component]
pub fn ConflictPanel<T, X>(form: VersionedForm<T, X>, title: Signal<&'static str>) -> impl IntoView
where
    T: Record,
    X: Extras<T>,
{
    let i18n = use_i18n();
    move || match form.status().get() {
        Status::Conflict { server, version } => {
            let rows = side_by_side(&form.record.get(), &server, i18n.get_locale());
            Some(
                view! {
                    <div class="card conflict" role="alert">
                        <h3>{title}</h3>
                        <p>{t!(i18n, school.form_conflict_hint)}</p>
                        <SideBySide
                            rows
                            mine=Signal::derive(move || t_string!(i18n, school.form_mine))
                            theirs=Signal::derive(move || t_string!(i18n, school.form_server))
                        />
                        <button type="button" class="primary" data-action="use-mine" on:click=move |_| form.use_mine(version)>
                            {t!(i18n, school.form_use_mine)}
                        </button>
                        " "
                        <button type="button" data-action="use-server" on:click=move |_| form.use_server(server.clone(), version)>
                            {t!(i18n, school.form_use_server)}
                        </button>
                    </div>
                }
                .into_any(),
            )
        }
        Status::NotAccepted(why) => form.kept_record().map(|kept| {
            let rows = side_by_side(&kept, &form.saved(), i18n.get_locale());
            view! {
                <div class="card not-accepted" role="alert">
                    <h3>{t!(i18n, school.form_not_accepted)}</h3>
                    <p class="why">{why}</p>
                    <p>{t!(i18n, school.form_not_accepted_hint)}</p>
                    <SideBySide
                        rows
                        mine=Signal::derive(move || t_string!(i18n, school.form_mine_not_accepted))
                        theirs=Signal::derive(move || t_string!(i18n, school.form_saved))
                    />
                    <button type="button" data-action="discard" on:click=move |_| form.discard()>
                        {t!(i18n, school.form_discard)}
                    </button>
                </div>
            }
            .into_any()
        }),
        _ => None,
    }
}

/// Two versions of a record, one row per field (`tr.differs` where they
/// differ); the values are text, selectable to copy.
#[component]
fn SideBySide(
    rows: Vec<(&'static str, String, String, bool)>,
    mine: Signal<&'static str>,
    theirs: Signal<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <table class="conflict-table">
            <thead><tr><th>{t!(i18n, school.form_col_item)}</th><th>{mine}</th><th>{theirs}</th></tr></thead>
            <tbody>
                {rows.into_iter().map(|(label, a, b, differs)| view! {
                    <tr class:differs=differs><th scope="row">{label}</th><td>{a}</td><td>{b}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}
