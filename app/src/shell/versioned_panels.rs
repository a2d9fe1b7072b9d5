//! What a versioned form shows of its controller (`versioned_form`), the
//! same for every such form: the status line beside 保存, and the panel
//! that sets the device's values beside the server's when they part — a
//! conflict (使用本机的值 / 使用服务器的值) or edits the record no longer
//! takes (放弃本机修改). Nothing is dropped silently. How a record is shown
//! is the form's (`Record::shown`).

use super::versioned_form::{side_by_side, Extras, Record, Status, VersionedForm};
use leptos::prelude::*;

/// `<span class="save-status" role="status">` with the status's line;
/// `subject` names what others may change ("数据", "地区情况").
#[component]
pub fn SaveStatus<T, X>(form: VersionedForm<T, X>, subject: &'static str) -> impl IntoView
where
    T: Record,
    X: Extras<T>,
{
    view! {
        <span class="save-status" role="status">{move || form.status().with(|s| s.text(subject))}</span>
    }
}

/// The conflict panel (`.card.conflict`: 「{subject}已被他人修改」, the
/// device's values beside the server's, 使用本机的值 / 使用服务器的值), or
/// the panel of edits not accepted (`.card.not-accepted`: why, the kept
/// values beside the stored ones, 放弃本机修改), or nothing.
#[component]
pub fn ConflictPanel<T, X>(form: VersionedForm<T, X>, subject: &'static str) -> impl IntoView
where
    T: Record,
    X: Extras<T>,
{
    move || match form.status().get() {
        Status::Conflict { server, version } => {
            let rows = side_by_side(&form.record.get(), &server);
            Some(
                view! {
                    <div class="card conflict" role="alert">
                        <h3>{format!("{subject}已被他人修改")}</h3>
                        <p>"本机的修改没有覆盖服务器上的数据。请对照后选择保留哪一份："</p>
                        <SideBySide rows mine="本机" theirs="服务器" />
                        <button type="button" class="primary" on:click=move |_| form.use_mine(version)>
                            "使用本机的值"
                        </button>
                        " "
                        <button type="button" on:click=move |_| form.use_server(server.clone(), version)>
                            "使用服务器的值"
                        </button>
                    </div>
                }
                .into_any(),
            )
        }
        Status::NotAccepted(why) => form.kept_record().map(|kept| {
            let rows = side_by_side(&kept, &form.saved());
            view! {
                <div class="card not-accepted" role="alert">
                    <h3>"本机的修改未被接受"</h3>
                    <p class="why">{why}</p>
                    <p>"以下是保存在本机、未能提交的数值，可对照或复制后放弃："</p>
                    <SideBySide rows mine="本机（未接受）" theirs="已保存" />
                    <button type="button" on:click=move |_| form.discard()>"放弃本机修改"</button>
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
    mine: &'static str,
    theirs: &'static str,
) -> impl IntoView {
    view! {
        <table class="conflict-table">
            <thead><tr><th>"项目"</th><th>{mine}</th><th>{theirs}</th></tr></thead>
            <tbody>
                {rows.into_iter().map(|(label, a, b, differs)| view! {
                    <tr class:differs=differs><th scope="row">{label}</th><td>{a}</td><td>{b}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}
