//! The school's monthly form. Every keystroke is kept on the device at once
//! (`crate::offline`), so a reload, a browser restart or a dropped network
//! loses nothing; pending edits are sent when the network returns; a save
//! based on an old version comes back with the server's values, shown beside
//! the device's, and the user chooses. The rules are `domain::figures`.

use super::api::save_school_month;
use super::model::{SaveOutcome, SchoolMonth};
use crate::browser::offline;
use crate::domain::figures::{may_save, parse_count, validate, Field, Issue};
use crate::domain::Figures;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What the device keeps for one record and month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct LocalDraft {
    figures: Figures,
    /// The typed text of each number field (it may not parse yet).
    texts: BTreeMap<String, String>,
    base_version: i32,
    confirm_jumps: bool,
}

#[derive(Debug, Clone, PartialEq)]
enum Status {
    Idle,
    Saving,
    Saved,
    /// Not sent: the network is down. Kept on the device.
    Waiting,
    Failed(String),
    Conflict {
        server: Figures,
        version: i32,
    },
    /// The month can no longer change (the month lock): the device's edits
    /// were not taken. They stay on the device, shown beside the stored
    /// values, until the user discards them.
    NotAccepted(String),
}

fn texts_of(f: &Figures) -> BTreeMap<String, String> {
    Field::NUMBERS
        .iter()
        .map(|k| (k.key().to_string(), k.get(f).to_string()))
        .collect()
}

#[component]
pub fn SchoolForm(
    month: Signal<SchoolMonth>,
    unsaved: RwSignal<bool>,
    refresh: RwSignal<u64>,
) -> impl IntoView {
    let first = month.get_untracked();
    let editor = StoredValue::new(first.editor.clone());
    let key = offline::draft_key(
        &first.editor,
        &first.school_code,
        first.year * 100 + first.month as i32,
    );
    let key = StoredValue::new(key);
    let start = first.figures.or(first.last).unwrap_or_default();
    let draft = RwSignal::new(start);
    // What the server holds, to say which fields are waiting to be sent.
    let saved = RwSignal::new(start);
    let texts = RwSignal::new(texts_of(&start));
    let base_version = RwSignal::new(first.version);
    let confirm_jumps = RwSignal::new(false);
    let status = RwSignal::new(Status::Idle);
    let online = RwSignal::new(true);
    let one_save = offline::OneSave::new();
    let (year, mo) = (first.year, first.month);
    let last = first.last;
    let ratio = first.jump_ratio;
    let editable = Signal::derive(move || month.with(|m| m.editable()));

    let issues = Memo::new(move |_| validate(&draft.get(), last.as_ref(), ratio));
    let parse_errors = Memo::new(move |_| {
        texts.with(|t| {
            Field::NUMBERS
                .iter()
                .filter_map(|f| {
                    parse_count(*f, t.get(f.key()).map(String::as_str).unwrap_or("")).err()
                })
                .collect::<Vec<Issue>>()
        })
    });

    let keep = move || {
        let d = LocalDraft {
            figures: draft.get_untracked(),
            texts: texts.get_untracked(),
            base_version: base_version.get_untracked(),
            confirm_jumps: confirm_jumps.get_untracked(),
        };
        offline::store(&key.get_value(), &d);
        unsaved.set(true);
    };

    // The device's edits the month no longer takes, kept for the panel;
    // the inputs go back to what the server holds.
    let refused_draft = move |why: String| {
        if offline::load::<LocalDraft>(&key.get_value()).is_some() {
            let stored = month.with_untracked(|m| m.figures.or(m.last).unwrap_or_default());
            draft.set(stored);
            saved.set(stored);
            texts.set(texts_of(&stored));
            status.set(Status::NotAccepted(why));
        } else {
            status.set(Status::Failed(why));
        }
    };
    let discard = move || {
        offline::remove(&key.get_value());
        unsaved.set(false);
        status.set(Status::Idle);
    };

    let session = crate::shell::session::watcher();
    let send = move || {
        if let Err(frozen) = month.with_untracked(|m| m.lock()) {
            refused_draft(frozen.to_string());
            return;
        }
        let checked = crate::domain::figures::CheckedFigures::try_from(draft.get_untracked());
        let Ok(checked) = checked.map_err(drop).and_then(|c| {
            (parse_errors.get_untracked().is_empty()
                && may_save(&issues.get_untracked(), confirm_jumps.get_untracked()))
            .then_some(c)
            .ok_or(())
        }) else {
            status.set(Status::Failed("请先改正标红的项目".into()));
            return;
        };
        if !offline::is_online() {
            status.set(Status::Waiting);
            return;
        }
        if !one_save.start() {
            return;
        }
        status.set(Status::Saving);
        let (f, v, c) = (
            draft.get_untracked(),
            base_version.get_untracked(),
            confirm_jumps.get_untracked(),
        );
        let sent_texts = texts.get_untracked();
        leptos::task::spawn_local(async move {
            match save_school_month(year, mo, checked, v, c).await {
                Ok(SaveOutcome::Saved { version }) => {
                    base_version.set(version);
                    saved.set(f);
                    let unchanged =
                        draft.get_untracked() == f && texts.with_untracked(|t| *t == sent_texts);
                    status.set(
                        if offline::after_saved(&key.get_value(), unchanged, unsaved, keep) {
                            Status::Saved
                        } else {
                            Status::Idle
                        },
                    );
                    refresh.update(|n| *n += 1);
                }
                Ok(SaveOutcome::Stale { server, version }) => {
                    status.set(Status::Conflict { server, version })
                }
                Err(AppError::Transport(_)) if !offline::is_online() => status.set(Status::Waiting),
                Err(AppError::Transport(_)) => {
                    // Online, yet no answer: whether it was saved is read
                    // again instead of guessed.
                    status.set(Status::Failed(
                        "网络中断，未能确认是否已保存；已重新读取，请检查后重试".into(),
                    ));
                    refresh.update(|n| *n += 1);
                }
                Err(AppError::Refused(why)) => refused_draft(why),
                Err(e) => {
                    session(&e);
                    status.set(Status::Failed(e.to_string()))
                }
            }
            one_save.finish();
        });
    };
    one_save.resend_with(move || {
        if unsaved.get_untracked() {
            send();
        }
    });

    // After hydration: restore what the device kept, watch the network,
    // and send what is waiting.
    Effect::new(move |_| {
        offline::register_service_worker();
        offline::keep_page_offline(&editor.get_value());
        online.set(offline::is_online());
        if let Some(d) = offline::load::<LocalDraft>(&key.get_value()) {
            unsaved.set(true);
            if let Err(frozen) = month.with_untracked(|m| m.lock()) {
                // Kept for a month that closed meanwhile: shown as not
                // accepted, never waiting forever.
                refused_draft(frozen.to_string());
            } else {
                draft.set(d.figures);
                texts.set(d.texts);
                base_version.set(d.base_version);
                confirm_jumps.set(d.confirm_jumps);
                if offline::is_online() {
                    send();
                } else {
                    status.set(Status::Waiting);
                }
            }
        }
        offline::on_connectivity(move |is_online| {
            online.set(is_online);
            if is_online && unsaved.get_untracked() {
                send();
            }
        });
    });

    // The month closed while this page was open (a deadline, a submit
    // above, the school closed): unsaved edits are told not taken at once.
    Effect::new(move |_| {
        let frozen = month.with(|m| m.lock().err());
        if let Some(f) = frozen {
            if unsaved.get_untracked() && !matches!(status.get_untracked(), Status::NotAccepted(_))
            {
                refused_draft(f.to_string());
            }
        }
    });

    let on_text = move |field: Field, value: String| {
        texts.update(|t| {
            t.insert(field.key().to_string(), value.clone());
        });
        if let Ok(v) = parse_count(field, &value) {
            draft.update(|d| field.set(d, v));
        }
        keep();
    };
    let on_flag = move |which: &'static str, value: bool| {
        draft.update(|d| match which {
            "six_three" => d.six_three = value,
            _ => d.broadband = value,
        });
        keep();
    };
    let use_mine = move |version: i32| {
        base_version.set(version);
        keep();
        send();
    };
    let use_server = move |server: Figures, version: i32| {
        draft.set(server);
        saved.set(server);
        texts.set(texts_of(&server));
        base_version.set(version);
        offline::remove(&key.get_value());
        unsaved.set(false);
        status.set(Status::Idle);
    };
    let message_for = move |field: Field| {
        parse_errors
            .get()
            .into_iter()
            .chain(issues.get())
            .filter(|i| i.field == field)
            .map(|i| i.message)
            .next()
    };
    let has_jumps = move || issues.with(|i| i.iter().any(|i| i.needs_confirmation));
    let waiting = move || {
        let (d, s) = (draft.get(), saved.get());
        let mut names: Vec<&'static str> = Field::NUMBERS
            .iter()
            .filter(|f| f.get(&d) != f.get(&s))
            .map(|f| f.label())
            .collect();
        if d.six_three != s.six_three {
            names.push("六三制");
        }
        if d.broadband != s.broadband {
            names.push("宽带接入");
        }
        if unsaved.get() && !names.is_empty() {
            format!("待发送：{}。", names.join("、"))
        } else {
            String::new()
        }
    };

    view! {
        <Show when=move || !online.get()>
            <p class="banner offline" role="status">
                "当前处于离线状态。修改已保存在本机，联网后将自动发送。"
                <span class="waiting">{waiting}</span>
            </p>
        </Show>
        <form class="school-form" on:submit=move |ev| { ev.prevent_default(); send(); }>
            <table class="figures-form">
                <thead><tr><th>"项目"</th><th>"本月"</th><th>"上月"</th></tr></thead>
                <tbody>
                    {Field::NUMBERS.into_iter().map(|field| view! {
                        <tr data-field=field.key()>
                            <th scope="row"><label for=format!("f-{}", field.key())>{field.label()}</label></th>
                            <td>
                                <input
                                    id=format!("f-{}", field.key())
                                    name=field.key()
                                    inputmode="numeric"
                                    autocomplete="off"
                                    disabled=move || !editable.get()
                                    prop:value=move || texts.with(|t| t.get(field.key()).cloned().unwrap_or_default())
                                    on:input=move |ev| on_text(field, event_target_value(&ev))
                                />
                                {move || message_for(field).map(|m| view! { <span class="field-error" role="alert">{m}</span> })}
                            </td>
                            <td class="last muted">{last.map(|l| field.get(&l).to_string()).unwrap_or_else(|| "-".into())}</td>
                        </tr>
                    }).collect_view()}
                    <FlagRow label="六三制" name="six_three" value=Signal::derive(move || draft.with(|d| d.six_three))
                        last=last.map(|l| l.six_three) editable on_change=move |v| on_flag("six_three", v) />
                    <FlagRow label="宽带接入" name="broadband" value=Signal::derive(move || draft.with(|d| d.broadband))
                        last=last.map(|l| l.broadband) editable on_change=move |v| on_flag("broadband", v) />
                </tbody>
            </table>
            <Show when=has_jumps>
                <label class="confirm-jumps">
                    <input type="checkbox" prop:checked=move || confirm_jumps.get()
                        on:change=move |ev| { confirm_jumps.set(event_target_checked(&ev)); keep(); } />
                    "以上变化属实，确认保存"
                </label>
            </Show>
            <div class="form-actions">
                <button type="submit" class="primary" disabled=move || !editable.get() || status.get() == Status::Saving>"保存"</button>
                <span class="save-status" role="status">
                    {move || match status.get() {
                        Status::Idle => String::new(),
                        Status::Saving => "正在保存…".into(),
                        Status::Saved => "已保存".into(),
                        Status::Waiting => "网络不可用：修改已保存在本机，联网后自动发送".into(),
                        Status::Failed(m) => m,
                        Status::Conflict { .. } => "数据已被他人修改，请选择保留哪一份".into(),
                        Status::NotAccepted(_) => "本机的修改未被接受".into(),
                    }}
                </span>
            </div>
        </form>
        {move || match status.get() {
            Status::Conflict { server, version } => Some(view! {
                <ConflictPanel mine=draft.get() server
                    on_mine=move || use_mine(version) on_server=move || use_server(server, version) />
            }.into_any()),
            Status::NotAccepted(why) => offline::load::<LocalDraft>(&key.get_value()).map(|kept| view! {
                <NotAcceptedPanel why kept=kept.figures stored=saved.get() on_discard=discard />
            }.into_any()),
            _ => None,
        }}
    }
    .into_any()
}

#[component]
fn FlagRow(
    label: &'static str,
    name: &'static str,
    value: Signal<bool>,
    last: Option<bool>,
    editable: Signal<bool>,
    on_change: impl Fn(bool) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let yes_no = |b: bool| if b { "是" } else { "否" };
    view! {
        <tr data-field=name>
            <th scope="row">{label}</th>
            <td class="flag" role="radiogroup" aria-label=label>
                <label><input type="radio" name=name prop:checked=move || value.get() disabled=move || !editable.get()
                    on:change=move |_| on_change(true) />"是"</label>
                <label><input type="radio" name=name prop:checked=move || !value.get() disabled=move || !editable.get()
                    on:change=move |_| on_change(false) />"否"</label>
            </td>
            <td class="last muted">{last.map(yes_no).unwrap_or("-")}</td>
        </tr>
    }
}

/// The device's values beside the server's; nothing is dropped silently.
/// Edits the month did not take (it closed): why, the kept values beside
/// the stored ones (selectable, to copy), and 放弃本机修改.
#[component]
fn NotAcceptedPanel(
    why: String,
    kept: Figures,
    stored: Figures,
    on_discard: impl Fn() + Send + Sync + 'static,
) -> impl IntoView {
    let rows = compare_rows(&kept, &stored);
    view! {
        <div class="card not-accepted" role="alert">
            <h3>"本机的修改未被接受"</h3>
            <p class="why">{why}</p>
            <p>"以下是保存在本机、未能提交的数值，可对照或复制后放弃："</p>
            <table class="conflict-table">
                <thead><tr><th>"项目"</th><th>"本机（未接受）"</th><th>"已保存"</th></tr></thead>
                <tbody>
                    {rows.into_iter().map(|(l, a, b)| {
                        let differs = a != b;
                        view! { <tr class:differs=differs><th scope="row">{l}</th><td>{a}</td><td>{b}</td></tr> }
                    }).collect_view()}
                </tbody>
            </table>
            <button type="button" on:click=move |_| on_discard()>"放弃本机修改"</button>
        </div>
    }
}

/// Each field's label and its value in `a` and in `b`, for the panels that
/// set two versions side by side.
fn compare_rows(a: &Figures, b: &Figures) -> Vec<(&'static str, String, String)> {
    let flag = |b: bool| if b { "是" } else { "否" }.to_string();
    let mut rows: Vec<(&'static str, String, String)> = Field::NUMBERS
        .iter()
        .map(|f| (f.label(), f.get(a).to_string(), f.get(b).to_string()))
        .collect();
    rows.push(("六三制", flag(a.six_three), flag(b.six_three)));
    rows.push(("宽带接入", flag(a.broadband), flag(b.broadband)));
    rows
}

#[component]
fn ConflictPanel(
    mine: Figures,
    server: Figures,
    on_mine: impl Fn() + Send + Sync + 'static,
    on_server: impl Fn() + Send + Sync + 'static,
) -> impl IntoView {
    let rows = compare_rows(&mine, &server);
    view! {
        <div class="card conflict" role="alert">
            <h3>"数据已被他人修改"</h3>
            <p>"本机的修改没有覆盖服务器上的数据。请对照后选择保留哪一份："</p>
            <table class="conflict-table">
                <thead><tr><th>"项目"</th><th>"本机"</th><th>"服务器"</th></tr></thead>
                <tbody>
                    {rows.into_iter().map(|(l, a, b)| {
                        let differs = a != b;
                        view! { <tr class:differs=differs><th scope="row">{l}</th><td>{a}</td><td>{b}</td></tr> }
                    }).collect_view()}
                </tbody>
            </table>
            <button type="button" class="primary" on:click=move |_| on_mine()>"使用本机的值"</button>
            " "
            <button type="button" on:click=move |_| on_server()>"使用服务器的值"</button>
        </div>
    }
}
