//! The school's monthly form: its fields, its layout and its rules
//! (`domain::figures`: the typed texts of the number fields, the jumps to
//! confirm). Every keystroke is kept on the device at once, pending edits
//! go when the network returns, a save based on an old version comes back
//! with the server's values beside the device's, and edits for a month
//! that closed are shown as not accepted: all of that is the shared
//! controller's (`shell::versioned_form`, `shell::versioned_panels`).

use super::api::save_school_month;
use super::model::SchoolMonth;
use crate::browser::offline;
use crate::domain::figures::{may_save, parse_count, validate, CheckedFigures, Field, FieldIssue};
use crate::domain::Figures;
use crate::i18n::*;
use crate::shell::versioned_form::{Extras, Lock, Record, SaveFuture, Setup, VersionedForm};
use crate::shell::versioned_panels::{ConflictPanel, SaveStatus};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What the device keeps beside the figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Typed {
    /// The typed text of each number field (it may not parse yet).
    texts: BTreeMap<String, String>,
    confirm_jumps: bool,
}

impl Extras<Figures> for Typed {
    /// The texts show the figures that came from the server.
    fn follow(&mut self, figures: &Figures) {
        self.texts = texts_of(figures);
    }
    /// What was typed is what was sent (the confirmation only mattered
    /// for sending).
    fn same_edit(&self, sent: &Self) -> bool {
        self.texts == sent.texts
    }
}

fn yes_no(locale: Locale, b: bool) -> &'static str {
    if b {
        td_string!(locale, school.yes)
    } else {
        td_string!(locale, school.no)
    }
}

impl Record for Figures {
    /// The number fields in the form's order, then 六三制 and 宽带接入.
    fn shown(&self, locale: Locale) -> Vec<(&'static str, String)> {
        let mut rows: Vec<(&'static str, String)> = Field::NUMBERS
            .iter()
            // The figures as typed (the panels set them beside the inputs).
            .map(|f| (f.name(locale), f.get(self).to_string()))
            .collect();
        rows.push((
            td_string!(locale, school.six_three),
            yes_no(locale, self.six_three).into(),
        ));
        rows.push((
            td_string!(locale, school.broadband),
            yes_no(locale, self.broadband).into(),
        ));
        rows
    }
}

fn texts_of(f: &Figures) -> BTreeMap<String, String> {
    Field::NUMBERS
        .iter()
        .map(|k| (k.key().to_string(), k.get(f).to_string()))
        .collect()
}

/// Why typed texts do not parse, one issue per field that does not.
fn parse_issues(texts: &BTreeMap<String, String>) -> Vec<FieldIssue> {
    Field::NUMBERS
        .iter()
        .filter_map(|f| parse_count(*f, texts.get(f.key()).map(String::as_str).unwrap_or("")).err())
        .collect()
}

#[component]
pub fn SchoolForm(
    month: Signal<SchoolMonth>,
    unsaved: RwSignal<bool>,
    refresh: RwSignal<u64>,
) -> impl IntoView {
    let i18n = use_i18n();
    let first = month.get_untracked();
    let start = first.figures.or(first.last).unwrap_or_default();
    let (year, mo) = (first.year, first.month);
    let last = first.last;
    let ratio = first.jump_ratio;
    let editable = Signal::derive(move || month.with(|m| m.editable()));
    let reread = Callback::new(move |()| refresh.update(|n| *n += 1));
    let form = VersionedForm::new(Setup {
        key: offline::draft_key(
            &first.editor,
            &first.school_code,
            first.year * 100 + first.month as i32,
        ),
        user: first.editor.clone(),
        record: start,
        version: first.version,
        extras: Typed {
            texts: texts_of(&start),
            confirm_jumps: false,
        },
        unsaved,
        edits: true,
        save: Callback::new(move |(figures, typed, version): (Figures, Typed, i32)| {
            let ready = |_: &CheckedFigures| {
                parse_issues(&typed.texts).is_empty()
                    && may_save(
                        &validate(&figures, last.as_ref(), ratio),
                        typed.confirm_jumps,
                    )
            };
            let checked = CheckedFigures::try_from(figures)
                .ok()
                .filter(ready)
                .ok_or_else(|| tu_string!(i18n, school.form_fix_first).to_string())?;
            let save = save_school_month(year, mo, checked, version, typed.confirm_jumps);
            Ok(Box::pin(save) as SaveFuture<Figures>)
        }),
        on_saved: reread,
        reread: Some(reread),
        // The month lock: the month closes (a deadline, a submit above, the
        // school closed) and what it holds is what the inputs go back to.
        lock: Some(Lock {
            why: Callback::new(move |()| {
                month.with(|m| m.lock().err().map(|f| f.say(i18n.get_locale_untracked())))
            }),
            stored: Callback::new(move |()| {
                month.with_untracked(|m| m.figures.or(m.last).unwrap_or_default())
            }),
        }),
    });

    let issues = Memo::new(move |_| form.record.with(|d| validate(d, last.as_ref(), ratio)));
    let parse_errors = Memo::new(move |_| form.extras.with(|x| parse_issues(&x.texts)));
    let on_text = move |field: Field, value: String| {
        form.extras.update(|x| {
            x.texts.insert(field.key().to_string(), value.clone());
        });
        if let Ok(v) = parse_count(field, &value) {
            form.record.update(|d| field.set(d, v));
        }
        form.keep();
    };
    let on_flag = move |which: &'static str, value: bool| {
        form.edit(|d| match which {
            "six_three" => d.six_three = value,
            _ => d.broadband = value,
        });
    };
    // Said in the page's locale, again when it changes.
    let message_for = move |field: Field| {
        parse_errors
            .get()
            .into_iter()
            .chain(issues.get())
            .find(|i| i.field == field)
            .map(|i| i.say(i18n.get_locale()))
    };
    let has_jumps = move || issues.with(|i| i.iter().any(FieldIssue::needs_confirmation));
    let waiting = move || {
        let names = form.waiting(i18n.get_locale());
        (!names.is_empty()).then(|| {
            let names = names.join(t_string!(i18n, school.list_separator));
            t!(i18n, school.waiting, names)
        })
    };
    let conflict = Signal::derive(move || t_string!(i18n, school.conflict));
    let conflict_title = Signal::derive(move || t_string!(i18n, school.conflict_title));

    view! {
        <Show when=move || !form.online()>
            <p class="banner offline" role="status">
                {t!(i18n, school.offline_banner)}
                <span class="waiting">{waiting}</span>
            </p>
        </Show>
        <form class="school-form" on:submit=move |ev| { ev.prevent_default(); form.send(); }>
            <table class="figures-form">
                <super::view::FiguresHead />
                <tbody>
                    {Field::NUMBERS.into_iter().map(|field| view! {
                        <tr data-field=field.key()>
                            <th scope="row"><label for=format!("f-{}", field.key())>{move || field.name(i18n.get_locale())}</label></th>
                            <td>
                                <input
                                    id=format!("f-{}", field.key())
                                    name=field.key()
                                    inputmode="numeric"
                                    autocomplete="off"
                                    disabled=move || !editable.get()
                                    prop:value=move || form.extras.with(|x| x.texts.get(field.key()).cloned().unwrap_or_default())
                                    on:input=move |ev| on_text(field, event_target_value(&ev))
                                />
                                {move || message_for(field).map(|m| view! { <span class="field-error" role="alert">{m}</span> })}
                            </td>
                            <td class="last muted">{move || last.map(|l| number(i18n.get_locale(), field.get(&l).into())).unwrap_or_else(|| "-".into())}</td>
                        </tr>
                    }).collect_view()}
                    <FlagRow label=Signal::derive(move || t_string!(i18n, school.six_three)) name="six_three" value=Signal::derive(move || form.record.with(|d| d.six_three))
                        last=last.map(|l| l.six_three) editable on_change=move |v| on_flag("six_three", v) />
                    <FlagRow label=Signal::derive(move || t_string!(i18n, school.broadband)) name="broadband" value=Signal::derive(move || form.record.with(|d| d.broadband))
                        last=last.map(|l| l.broadband) editable on_change=move |v| on_flag("broadband", v) />
                </tbody>
            </table>
            <Show when=has_jumps>
                <label class="confirm-jumps">
                    <input type="checkbox" prop:checked=move || form.extras.with(|x| x.confirm_jumps)
                        on:change=move |ev| { let on = event_target_checked(&ev); form.edit_extras(|x| x.confirm_jumps = on); } />
                    {t!(i18n, school.confirm_jumps)}
                </label>
            </Show>
            <div class="form-actions">
                <button type="submit" class="primary" data-action="save" disabled=move || !editable.get() || form.saving()>
                    {t!(i18n, school.save)}
                </button>
                <SaveStatus form conflict />
            </div>
        </form>
        <ConflictPanel form title=conflict_title />
    }
    .into_any()
}

#[component]
fn FlagRow(
    label: Signal<&'static str>,
    name: &'static str,
    value: Signal<bool>,
    last: Option<bool>,
    editable: Signal<bool>,
    on_change: impl Fn(bool) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <tr data-field=name>
            <th scope="row">{label}</th>
            <td class="flag" role="radiogroup" aria-label=label>
                <label><input type="radio" name=name value="true" prop:checked=move || value.get() disabled=move || !editable.get()
                    on:change=move |_| on_change(true) />{t!(i18n, school.yes)}</label>
                <label><input type="radio" name=name value="false" prop:checked=move || !value.get() disabled=move || !editable.get()
                    on:change=move |_| on_change(false) />{t!(i18n, school.no)}</label>
            </td>
            <td class="last muted">{move || last.map(|b| yes_no(i18n.get_locale(), b)).unwrap_or("-")}</td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_shown_as_the_form_lists_them() {
        let f = Figures {
            students: 120,
            six_three: true,
            ..Figures::default()
        };
        let shown = f.shown(Locale::zh_CN);
        let labels: Vec<&str> = shown.iter().map(|(l, _)| *l).collect();
        let mut expected: Vec<&str> = Field::NUMBERS
            .iter()
            .map(|f| f.name(Locale::zh_CN))
            .collect();
        // As typed in the inputs, beside which the panels show them.
        let many = Figures {
            students: 1_234,
            ..f
        };
        assert!(many
            .shown(Locale::zh_CN)
            .contains(&("学生数", "1234".to_string())));
        expected.extend(["六三制", "宽带接入"]);
        assert_eq!(labels, expected);
        assert!(shown.contains(&("学生数", "120".to_string())));
        assert!(shown.contains(&("六三制", "是".to_string())));
        assert!(shown.contains(&("宽带接入", "否".to_string())));
    }

    #[test]
    fn typed_texts_follow_the_server_and_only_they_make_the_edit() {
        let mut typed = Typed {
            texts: BTreeMap::from([("students".to_string(), "12x".to_string())]),
            confirm_jumps: true,
        };
        let server = Figures {
            students: 7,
            ..Figures::default()
        };
        typed.follow(&server);
        assert_eq!(typed.texts, texts_of(&server));
        assert!(typed.confirm_jumps);
        let unconfirmed = Typed {
            confirm_jumps: false,
            ..typed.clone()
        };
        assert!(typed.same_edit(&unconfirmed));
        assert!(parse_issues(&typed.texts).is_empty());
    }
}
