//! A reviewer's read-only view of one school's month, reached from the 直属
//! rows (and so from any county's school list): the same figures the
//! aggregates add up, beside last month's.

use super::api::get_school_view;
use crate::domain::figures::Field;
use crate::i18n::*;
use crate::shell::Failure;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SchoolViewPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let args = Memo::new(move |_| {
        query.with(|q| {
            (
                q.get("code").unwrap_or_default(),
                q.get("y").and_then(|v| v.parse::<i32>().ok()),
                q.get("m").and_then(|v| v.parse::<u32>().ok()),
            )
        })
    });
    let data = Resource::new(move || args.get(), |(c, y, m)| get_school_view(c, y, m));
    view! {
        <section class="school-view">
            <Transition fallback=move || view! { <p class="loading">{t!(i18n, school.loading)}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(m) => {
                            let numbers = Field::NUMBERS
                                .iter()
                                .map(|f| {
                                    let f = *f;
                                    let (this, last) = (m.figures.map(|x| f.get(&x)), m.last.map(|x| f.get(&x)));
                                    let count = move |v: Option<i32>| {
                                        move || v.map(|v| number(i18n.get_locale(), v.into())).unwrap_or_else(|| "-".into())
                                    };
                                    view! { <tr><th scope="row">{move || f.name(i18n.get_locale())}</th><td class="num">{count(this)}</td><td class="last muted">{count(last)}</td></tr> }
                                })
                                .collect_view();
                            // 是 / 否 of a flag (nothing when there is no month), in the page's language.
                            let yes_no = move |b: Option<bool>| {
                                move || match b {
                                    Some(true) => t_string!(i18n, school.yes),
                                    Some(false) => t_string!(i18n, school.no),
                                    None => "",
                                }
                            };
                            let (figures, last) = (m.figures, m.last);
                            let (state, kind, region) = (m.state, m.school_type, m.region_name.clone());
                            let (year, month) = (m.year, m.month);
                            view! {
                                <div class="card">
                                    <h2>{t!(i18n, school.view_title, school = m.school_name.clone(), period = move || crate::domain::Period::new(year, month).map(|p| period(i18n.get_locale(), p)).unwrap_or_default())}</h2>
                                    <p class="muted">
                                        {t!(
                                            i18n,
                                            school.view_line,
                                            kind = move || kind.name(i18n.get_locale()),
                                            region,
                                            state = move || state.map(|s| s.name(i18n.get_locale())).unwrap_or(t_string!(i18n, school.not_filled))
                                        )}
                                    </p>
                                    {m.updated.map(|u| view! { <p class="muted">{t!(i18n, school.updated_label)} {move || u.say(i18n.get_locale())}</p> })}
                                    <table class="figures-form" data-table="school-month" aria-label=move || t_string!(i18n, school.title)>
                                        <FiguresHead />
                                        <tbody>
                                            {numbers}
                                            <tr>
                                                <th scope="row">{t!(i18n, school.six_three)}</th>
                                                <td class="num">{yes_no(figures.map(|x| x.six_three))}</td>
                                                <td class="last muted">{yes_no(last.map(|x| x.six_three))}</td>
                                            </tr>
                                            <tr>
                                                <th scope="row">{t!(i18n, school.broadband)}</th>
                                                <td class="num">{yes_no(figures.map(|x| x.broadband))}</td>
                                                <td class="last muted">{yes_no(last.map(|x| x.broadband))}</td>
                                            </tr>
                                        </tbody>
                                    </table>
                                    <a href=format!("/report?y={}&m={}", m.year, m.month)>{t!(i18n, school.back_to_report)}</a>
                                </div>
                            }
                                .into_any()
                        }
                        Err(e) => view! { <Failure error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// The head of a month's figures table: item, this month, last month.
#[component]
pub(super) fn FiguresHead() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <thead>
            <tr>
                <th>{t!(i18n, school.col_item)}</th>
                <th>{t!(i18n, school.col_this_month)}</th>
                <th>{t!(i18n, school.col_last_month)}</th>
            </tr>
        </thead>
    }
}
