//! The month lock, as a kind: every path that writes — a school's first
//! save and 月更新确认, creating, moving, closing and reopening schools (by
//! hand and by import), 月报文本 uploads — is tried against months that the
//! levels above have reported, by each role that can call it, and each
//! either is refused or takes effect only from the first month still open;
//! every aggregate, count, state, list and audit row of the reported months
//! stays exactly as it was. Then the same paths work in an open month.

use crate::common;

use app::backend::prelude::*;
use app::backend::Actor;
use app::domain::admin::{SchoolInput, SchoolIssue, UserInput};
use app::domain::lock::Frozen;
use app::domain::window::WindowError;
use app::domain::workflow::AuditAction;
use app::domain::workflow::Refusal;
use app::domain::{Figures, Level, Period, Role, SchoolType};
use app::error::AppError;
use app::message::Reason;
use app::request_key::RequestKey;
use sea_orm::{ConnectionTrait, DatabaseConnection};
use server::backend::{actor_by_username, ServerBackend};

async fn who(db: &DatabaseConnection, username: &str) -> Actor {
    actor_by_username(db, username).await.unwrap().unwrap()
}

fn p(y: i32, m: u32) -> Period {
    Period::new(y, m).unwrap()
}

/// Everything a month shows anywhere, as text: the maintained aggregates,
/// the reports, the school months, the texts, the audit log, and the
/// 直属 lists of the regions the cases touch.
async fn month_state(b: &ServerBackend, period: Period) -> String {
    let db = &b.db;
    let k = period.key();
    let mut out = String::new();
    for (label, sql) in [
        (
            "stats",
            "SELECT region_id, scope, schools, classes, teachers, students, six_three, broadband, \
             multimedia_rooms, teacher_spaces, student_spaces FROM region_stats WHERE period = $1 \
             ORDER BY region_id, scope",
        ),
        (
            "reports",
            "SELECT region_id, state, version, returned_from, reporter_name, submitted_at \
             FROM region_reports WHERE period = $1 ORDER BY region_id",
        ),
        (
            "schools",
            "SELECT school_id, region_id, classes, teachers, students, state, version \
             FROM school_monthly WHERE period = $1 ORDER BY school_id",
        ),
        (
            "texts",
            "SELECT region_id, stored_name FROM report_texts WHERE period = $1 ORDER BY region_id",
        ),
        (
            "audit",
            "SELECT id, region_id, school_id, action, from_state, to_state FROM audit_log \
             WHERE period = $1 ORDER BY id",
        ),
    ] {
        let rows = db
            .query_all(server::db::stmt(db, sql, vec![k.into()]))
            .await
            .unwrap();
        out.push_str(&format!("{label}: {} rows\n", rows.len()));
        for row in rows {
            out.push_str(&format!("{row:?}\n"));
        }
    }
    let national = who(db, "a000000").await;
    for region in ["430104", "430105", "430100", "000000"] {
        let list = b
            .direct_schools(&national, common::rc(region), period)
            .await
            .unwrap();
        out.push_str(&format!("直属 {region}: {list:?}\n"));
    }
    out
}

async fn months_state(b: &ServerBackend) -> String {
    let mut s = String::new();
    for period in [p(2026, 10), p(2026, 11), p(2026, 12)] {
        s.push_str(&month_state(b, period).await);
    }
    s
}

fn figures() -> Figures {
    Figures {
        classes: 12,
        teachers: 30,
        students: 400,
        six_three: true,
        broadband: true,
        broadband_mbps: 100,
        multimedia_rooms: 10,
        teacher_spaces: 20,
        student_spaces: 300,
    }
}

fn refused(r: &Result<impl std::fmt::Debug, AppError>, why: impl Into<Reason>) {
    let why: Reason = why.into();
    assert!(
        matches!(r, Err(AppError::Refused(m)) if *m == why),
        "expected {why:?}: {r:?}"
    );
}

/// "`name`已上报`period`数据…": the month is frozen by `name`'s submit.
fn reported_by(name: &str, period: Period) -> Frozen {
    Frozen::Reported {
        name: name.into(),
        period,
    }
}

fn new_school(code: &str, region: &str) -> SchoolInput {
    SchoolInput {
        code: code.into(),
        name: "新建学校".into(),
        school_type: SchoolType::Primary,
        six_three: true,
        region_code: region.into(),
    }
}

/// Moves school `code` to region `to` as the admin form would: the
/// school as listed, with a new 管理地区代码.
async fn move_to(b: &ServerBackend, actor: &Actor, code: &str, to: &str) {
    let s = b
        .admin_schools(actor, None, code.into(), 0)
        .await
        .unwrap()
        .rows
        .remove(0);
    let edit = SchoolInput {
        code: s.code,
        name: s.name,
        school_type: s.school_type,
        six_three: s.six_three,
        region_code: to.into(),
    };
    b.save_school(actor, Some(code.into()), edit, None)
        .await
        .unwrap();
}

#[tokio::test]
async fn no_path_changes_a_month_the_levels_above_have_reported() {
    for t in common::databases().await {
        let dir = tempfile::tempdir().unwrap();
        let (b, clock) = common::backend_in(&t.db, dir.path());
        common::seed_small_at(&b, common::cst(2026, 11, 1, 8)).await;
        clock.set(common::cst(2026, 11, 2, 9));
        let mut codes = Vec::new();
        for n in 1..=4 {
            let code = format!("43010480{n:02}");
            let admin = common::add_school(&b, "430104", &code).await;
            b.save_school_month(&admin, p(2026, 11), figures(), 0, true)
                .await
                .unwrap();
            codes.push(code);
        }
        // 2026-12-18: November fully reported (the deadlines ran); December
        // reported up to the provinces.
        let now = common::cst(2026, 12, 18, 10);
        clock.set(now);
        server::workflow::run_due_deadlines(&t.db, now)
            .await
            .unwrap();
        let national = who(&t.db, "a000000").await;
        let city = who(&t.db, "r430100").await;
        let county = who(&t.db, "r430104").await;
        let router = common::web::router_for(b.clone());
        let before = months_state(&b).await;

        // A new school and its admin: created now, listed from January.
        b.save_school(&national, None, new_school("4301049001", "430104"), None)
            .await
            .unwrap();
        b.create_user(
            &national,
            UserInput {
                username: "s4301049001".into(),
                name: "新校管理员".into(),
                role: Role::SchoolAdmin,
                region_code: String::new(),
                school_code: "4301049001".into(),
                phone: String::new(),
                email: "new@school.cn".into(),
            },
            None,
        )
        .await
        .unwrap();
        let newcomer = who(&t.db, "s4301049001").await;
        for period in [p(2026, 11), p(2026, 12)] {
            let month = b.school_month(&newcomer, period).await.unwrap();
            assert!(!month.editable(), "{period}: the form is disabled");
            assert!(
                matches!(month.lock(), Err(Frozen::NotYetListed { since, .. }) if since == p(2027, 1))
            );
            refused(
                &b.save_school_month(&newcomer, period, figures(), 0, true)
                    .await,
                Frozen::NotYetListed {
                    period,
                    since: p(2027, 1),
                },
            );
            refused(
                &b.confirm_month(&newcomer, period).await,
                Frozen::NotYetListed {
                    period,
                    since: p(2027, 1),
                },
            );
        }

        // An existing school: its reported months, and months long before
        // the system's data.
        let old = who(&t.db, &format!("s{}", codes[0])).await;
        let nov = b.school_month(&old, p(2026, 11)).await.unwrap();
        assert!(!nov.editable());
        refused(
            &b.save_school_month(&old, p(2026, 11), figures(), nov.version, true)
                .await,
            reported_by("全国", p(2026, 11)),
        );
        // The month's lock is the reason, before the month's own state.
        refused(
            &b.confirm_month(&old, p(2026, 11)).await,
            reported_by("全国", p(2026, 11)),
        );
        for (y, m) in [(2025, 3), (2013, 1)] {
            let r = b.save_school_month(&old, p(y, m), figures(), 0, true).await;
            assert!(matches!(r, Err(AppError::Refused(_))), "{y}-{m}: {r:?}");
        }

        // A move, a close and a reopen by the city: from January on.
        move_to(&b, &city, &codes[1], "430105").await;
        b.set_school_closed(&city, codes[2].clone(), true)
            .await
            .unwrap();
        b.set_school_closed(&city, codes[3].clone(), true)
            .await
            .unwrap();
        b.set_school_closed(&city, codes[3].clone(), false)
            .await
            .unwrap();
        let mover = who(&t.db, &format!("s{}", codes[1])).await;
        refused(
            &b.save_school_month(&mover, p(2026, 12), figures(), 0, true)
                .await,
            reported_by("湖南省", p(2026, 12)),
        );

        // 月报文本 of a county and a city whose levels above have reported.
        for reviewer in ["r430104", "r430100"] {
            let cookie = common::web::login(&router, reviewer).await;
            let r = common::web::upload(&router, &cookie, "月报.txt", "十一月".as_bytes()).await;
            assert!(r.status.is_client_error(), "{reviewer}: {}", r.text());
            assert!(
                matches!(
                    r.error(),
                    AppError::Refused(Reason::Frozen(Frozen::Reported { period, .. }))
                        if period == p(2026, 11)
                ),
                "{}",
                r.text()
            );
        }

        // An import of schools into the reported county.
        let cookie = common::web::login(&router, "r430000").await;
        let hunan = who(&t.db, "r430000").await;
        let (status, body) = common::web::import_preview(
            &router,
            &cookie,
            "schools",
            "s.csv",
            "学校代码,学校名称,学校类型,六三制,管理地区代码\n4301049002,导入学校,小学,是,430104\n"
                .as_bytes(),
        )
        .await;
        assert_eq!(status, 200, "{body}");
        let preview: app::admin::model::ImportPreview = serde_json::from_str(&body).unwrap();
        b.commit_import(&hunan, preview.id.clone()).await.unwrap();
        assert_eq!(
            common::finish_import(&b, &hunan, &preview.id).await,
            app::admin::model::ImportState::Done
        );

        let after = months_state(&b).await;
        assert!(
            before == after,
            "{}: a reported month changed:\n{}",
            t.name,
            first_difference(&before, &after)
        );

        // January: every change above takes effect, and the schools work.
        let jan = common::cst(2027, 1, 2, 10);
        clock.set(jan);
        b.save_school_month(&newcomer, p(2027, 1), figures(), 0, true)
            .await
            .unwrap();
        b.save_school_month(&mover, p(2027, 1), figures(), 0, true)
            .await
            .unwrap();
        let mover_jan = b.school_month(&mover, p(2027, 1)).await.unwrap();
        assert_eq!(mover_jan.region_name, "开福区");
        let list = |region: &'static str, period: Period| {
            let (b, national) = (b.clone(), national.clone());
            async move {
                b.direct_schools(&national, common::rc(region), period)
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|s| s.code)
                    .collect::<Vec<_>>()
            }
        };
        let jan_104 = list("430104", p(2027, 1)).await;
        assert!(jan_104.contains(&"4301049001".to_string()));
        assert!(jan_104.contains(&"4301049002".to_string()));
        assert!(!jan_104.contains(&codes[1]) && !jan_104.contains(&codes[2]));
        assert!(jan_104.contains(&codes[3]), "reopened");
        assert!(list("430105", p(2027, 1)).await.contains(&codes[1]));
        assert!(list("430104", p(2026, 12)).await.contains(&codes[2]));
        // Both counties read the move in January's log.
        for reader in [&county, &who(&t.db, "r430105").await] {
            let log = b.audit(reader, None, p(2027, 1)).await.unwrap();
            assert!(
                log.iter()
                    .any(|a| a.action == AuditAction::MoveOut || a.action == AuditAction::MoveIn),
                "{log:?}"
            );
        }
        common::assert_data_holds(&t.db).await;
        t.cleanup().await;
    }
}

fn first_difference(a: &str, b: &str) -> String {
    for (x, y) in a.lines().zip(b.lines()) {
        if x != y {
            return format!("before: {x}\nafter:  {y}");
        }
    }
    format!(
        "{} lines before, {} after",
        a.lines().count(),
        b.lines().count()
    )
}

#[tokio::test]
async fn a_move_inside_an_open_month_takes_it_along_and_a_reported_one_waits() {
    for t in common::databases().await {
        let (b, clock) = common::backend(&t.db);
        common::seed_small_at(&b, common::cst(2026, 12, 1, 8)).await;
        clock.set(common::cst(2026, 12, 2, 10));
        let city = who(&t.db, "r430100").await;
        let county = who(&t.db, "r430104").await;
        let mut codes = Vec::new();
        for n in 1..=2 {
            let code = format!("43010480{n:02}");
            let admin = common::add_school(&b, "430104", &code).await;
            b.save_school_month(&admin, p(2026, 12), figures(), 0, true)
                .await
                .unwrap();
            codes.push(code);
        }
        let total = |region: &'static str| {
            let (b, city) = (b.clone(), city.clone());
            async move {
                b.report_table(&city, Some(common::rc(region)), p(2026, 12))
                    .await
                    .unwrap()
                    .total
            }
        };
        // Both counties open: December moves with the school.
        let (from0, to0) = (total("430104").await, total("430105").await);
        move_to(&b, &city, &codes[0], "430105").await;
        assert_eq!(total("430104").await.schools, from0.schools - 1);
        assert_eq!(total("430105").await.schools, to0.schools + 1);

        // 岳麓区 reports December; the next move out of it waits for
        // January, and its December stays as reported.
        common::give_text(&t.db, "430104", 202612).await;
        b.submit_report(&county, p(2026, 12)).await.unwrap();
        let (from1, to1) = (total("430104").await, total("430105").await);
        move_to(&b, &city, &codes[1], "430105").await;
        assert_eq!(total("430104").await, from1);
        assert_eq!(total("430105").await, to1);
        // The school's December is still 岳麓区's, and frozen.
        let admin = who(&t.db, &format!("s{}", codes[1])).await;
        let dec = b.school_month(&admin, p(2026, 12)).await.unwrap();
        assert_eq!(dec.region_name, "岳麓区");
        assert!(!dec.editable());
        common::assert_data_holds(&t.db).await;
        t.cleanup().await;
    }
}

#[tokio::test]
async fn windows_that_break_the_rules_never_reach_the_settings() {
    for t in common::databases().await {
        let (b, _clock) = common::backend(&t.db);
        common::seed_small(&b).await;
        let router = common::web::router_for(b.clone());
        let cookie = common::web::login(&router, "a000000").await;
        let admin = who(&t.db, "a000000").await;
        let before = b.system_settings(&admin).await.unwrap();
        let mut draft = app::admin::model::SettingsDraft::from(before.clone());
        draft.windows.county.first_day = 6;
        draft.windows.county.last_day = 3;
        let payload = serde_json::json!({ "settings": draft }).to_string();
        let req = axum::http::Request::post("/api/save_settings")
            .header(axum::http::header::CONTENT_TYPE, "application/json")
            .header(axum::http::header::ACCEPT, "application/json")
            .header(axum::http::header::COOKIE, &cookie)
            .body(axum::body::Body::from(payload))
            .unwrap();
        let r = common::web::send(&router, req).await;
        assert!(!r.status.is_success(), "{} {}", r.status, r.text());
        assert_eq!(
            r.error(),
            AppError::Invalid(
                WindowError::OfLevel {
                    level: Level::County,
                    error: Box::new(WindowError::Reversed),
                }
                .into()
            )
        );
        assert_eq!(b.system_settings(&admin).await.unwrap(), before);
        t.cleanup().await;
    }
}

#[tokio::test]
async fn a_create_sent_again_under_its_key_is_not_a_second_record() {
    for t in common::databases().await {
        let dir = tempfile::tempdir().unwrap();
        let (b, clock) = common::backend_in(&t.db, dir.path());
        common::seed_small_at(&b, common::cst(2026, 11, 1, 8)).await;
        clock.set(common::cst(2026, 11, 3, 10));
        let hunan = who(&t.db, "r430000").await;
        let key = RequestKey::fresh();
        let notice = app::notice::model::NewNotice {
            title: "关于十一月上报的通知".into(),
            levels: vec![app::domain::Level::County],
            direct_schools: false,
            content_html: "<p>请按时上报。</p>".into(),
            pinned: false,
            request_key: Some(key.clone()),
        };
        let first = b.create_notice(&hunan, notice.clone()).await.unwrap();
        let again = b.create_notice(&hunan, notice.clone()).await.unwrap();
        assert_eq!(first, again, "the answer of the first create");
        let count = |sql: &'static str| {
            let db = t.db.clone();
            async move { common::count(&db, sql, vec![]).await }
        };
        assert_eq!(count("SELECT COUNT(*) AS n FROM notices").await, 1);
        // Another account's key space is its own: the same key makes its
        // own notice.
        let other = who(&t.db, "r440000").await;
        let theirs = b.create_notice(&other, notice).await.unwrap();
        assert_ne!(theirs, first);

        let user = UserInput {
            username: "hn_twice".into(),
            name: "重复".into(),
            role: Role::Reviewer,
            region_code: "430100".into(),
            school_code: String::new(),
            phone: String::new(),
            email: "twice@hn.cn".into(),
        };
        let key = RequestKey::fresh();
        b.create_user(&hunan, user.clone(), Some(key.clone()))
            .await
            .unwrap();
        b.create_user(&hunan, user.clone(), Some(key))
            .await
            .unwrap();
        assert_eq!(
            count("SELECT COUNT(*) AS n FROM users WHERE username = 'hn_twice'").await,
            1
        );
        assert!(matches!(
            b.create_user(&hunan, user, Some(RequestKey::fresh())).await,
            Err(AppError::Invalid(_))
        ));
        let key = RequestKey::fresh();
        for _ in 0..2 {
            b.save_school(
                &hunan,
                None,
                new_school("4301049003", "430104"),
                Some(key.clone()),
            )
            .await
            .unwrap();
        }
        assert_eq!(
            count("SELECT COUNT(*) AS n FROM schools WHERE code = '4301049003'").await,
            1
        );
        t.cleanup().await;
    }
}

/// 长沙市's November, reported, returned to 岳麓区 — and what may happen then.
async fn returned_county(b: &ServerBackend, clock: &server::clock::TestClock) -> Vec<String> {
    common::seed_small_at(b, common::cst(2026, 11, 1, 8)).await;
    clock.set(common::cst(2026, 11, 2, 9));
    let mut codes = Vec::new();
    for n in 1..=3 {
        let code = format!("43010480{n:02}");
        let admin = common::add_school(b, "430104", &code).await;
        b.save_school_month(&admin, p(2026, 11), figures(), 0, true)
            .await
            .unwrap();
        b.confirm_month(&admin, p(2026, 11)).await.unwrap();
        codes.push(code);
    }
    let county = who(&b.db, "r430104").await;
    common::give_text(&b.db, "430104", 202611).await;
    b.submit_report(&county, p(2026, 11)).await.unwrap();
    clock.set(common::cst(2026, 11, 7, 9));
    let city = who(&b.db, "r430100").await;
    b.return_region(
        &city,
        p(2026, 11),
        common::rc("430104"),
        "请核实学生数".into(),
    )
    .await
    .unwrap();
    codes
}

#[tokio::test]
async fn a_cancel_never_reports_again_what_changed_during_the_return() {
    for t in common::databases().await {
        let (b, clock) = common::backend(&t.db);
        let codes = returned_county(&b, &clock).await;
        let (city, county) = (who(&t.db, "r430100").await, who(&t.db, "r430104").await);
        let total = || async {
            b.report_table(&city, Some(common::rc("430104")), p(2026, 11))
                .await
                .unwrap()
                .total
        };
        let reported = total().await;

        // Nothing happened below: 取消 puts the report back as it was.
        b.cancel_region(&city, p(2026, 11), common::rc("430104"))
            .await
            .unwrap();
        b.return_region(&city, p(2026, 11), common::rc("430104"), "再核实".into())
            .await
            .unwrap();

        // The county returns a school, which saves new figures and
        // confirms again: the month is no longer what was reported.
        b.return_school(
            &county,
            p(2026, 11),
            common::sc(&codes[0]),
            "学生数有误".into(),
        )
        .await
        .unwrap();
        let admin = who(&t.db, &format!("s{}", codes[0])).await;
        let v = b.school_month(&admin, p(2026, 11)).await.unwrap().version;
        let more = Figures {
            students: 999,
            ..figures()
        };
        b.save_school_month(&admin, p(2026, 11), more, v, true)
            .await
            .unwrap();
        b.confirm_month(&admin, p(2026, 11)).await.unwrap();
        assert_ne!(total().await, reported);
        let e = b
            .cancel_region(&city, p(2026, 11), common::rc("430104"))
            .await;
        refused(&e, Refusal::ChangedSinceReturn);
        // Only a new 审核上报 reports it, with its own time.
        b.submit_report(&county, p(2026, 11)).await.unwrap();

        // A school the county did not return cannot fill the returned
        // month (a new one here), and its arrival blocks 取消 too.
        b.return_region(&city, p(2026, 11), common::rc("430104"), "三核实".into())
            .await
            .unwrap();
        let newcomer = common::add_school(&b, "430104", "4301048099").await;
        refused(
            &b.save_school_month(&newcomer, p(2026, 11), more, 0, true)
                .await,
            Frozen::NotReopened {
                name: "岳麓区".into(),
                period: p(2026, 11),
            },
        );
        refused(
            &b.cancel_region(&city, p(2026, 11), common::rc("430104"))
                .await,
            Refusal::ChangedSinceReturn,
        );
        // So does a move out of it (to the city itself, whose month is
        // open too: the move takes November along).
        b.submit_report(&county, p(2026, 11)).await.unwrap();
        b.return_region(&city, p(2026, 11), common::rc("430104"), "四核实".into())
            .await
            .unwrap();
        move_to(&b, &city, &codes[2], "430100").await;
        refused(
            &b.cancel_region(&city, p(2026, 11), common::rc("430104"))
                .await,
            Refusal::ChangedSinceReturn,
        );
        common::assert_data_holds(&t.db).await;
        t.cleanup().await;
    }
}

#[tokio::test]
async fn an_auto_submission_is_completed_only_until_the_level_above_reports() {
    for t in common::databases().await {
        let (b, clock) = common::backend(&t.db);
        common::seed_small_at(&b, common::cst(2026, 11, 1, 8)).await;
        clock.set(common::cst(2026, 11, 3, 9));
        common::give_text(&t.db, "430105", 202611).await;
        // 11-06: the county deadline auto-submitted 开福区; it may still
        // complete its report while 长沙市 has not reported.
        let at = common::cst(2026, 11, 6, 9);
        clock.set(at);
        server::workflow::run_due_deadlines(&t.db, at)
            .await
            .unwrap();
        let kaifu = who(&t.db, "r430105").await;
        let table = b.report_table(&kaifu, None, p(2026, 11)).await.unwrap();
        assert_eq!(table.own.state, app::domain::ReportState::AutoSubmitted);
        assert_eq!(table.submit_refusal(), None);
        // Once 长沙市 has reported, neither the text nor the report moves.
        let city = who(&t.db, "r430100").await;
        common::give_text(&t.db, "430100", 202611).await;
        clock.set(common::cst(2026, 11, 7, 9));
        b.submit_report(&city, p(2026, 11)).await.unwrap();
        let table = b.report_table(&kaifu, None, p(2026, 11)).await.unwrap();
        assert_eq!(
            table.submit_refusal(),
            Some(reported_by("长沙市", p(2026, 11)).into())
        );
        refused(
            &b.submit_report(&kaifu, p(2026, 11)).await,
            reported_by("长沙市", p(2026, 11)),
        );
        // The top completes within the month of its window, not after.
        let nation = who(&t.db, "r000000").await;
        let late = common::cst(2026, 12, 18, 9);
        clock.set(late);
        server::workflow::run_due_deadlines(&t.db, late)
            .await
            .unwrap();
        common::give_text(&t.db, "000000", 202611).await;
        refused(
            &b.submit_report(&nation, p(2026, 11)).await,
            Frozen::CompletionOver {
                period: p(2026, 11),
            },
        );
        common::assert_data_holds(&t.db).await;
        t.cleanup().await;
    }
}

#[tokio::test]
async fn renaming_a_school_leaves_the_months_it_was_reported_in() {
    for t in common::databases().await {
        let (b, clock) = common::backend(&t.db);
        let codes = returned_county(&b, &clock).await;
        let county = who(&t.db, "r430104").await;
        b.submit_report(&county, p(2026, 11)).await.unwrap();
        let city = who(&t.db, "r430100").await;
        let before = b
            .direct_schools(&city, common::rc("430104"), p(2026, 11))
            .await
            .unwrap();
        let mut edit = SchoolInput {
            code: codes[0].clone(),
            name: "改名后的学校".into(),
            school_type: SchoolType::Senior,
            six_three: false,
            region_code: "430104".into(),
        };
        b.save_school(&city, Some(codes[0].clone()), edit.clone(), None)
            .await
            .unwrap();
        assert_eq!(
            b.direct_schools(&city, common::rc("430104"), p(2026, 11))
                .await
                .unwrap(),
            before,
            "November keeps the school as it was reported"
        );
        // The admin's own view of November reads the same.
        let admin = who(&t.db, &format!("s{}", codes[0])).await;
        let nov = b.school_month(&admin, p(2026, 11)).await.unwrap();
        assert_ne!(nov.school_name, "改名后的学校");
        // 六三制 for a 高中 is refused, as in the school's own record.
        clock.set(common::cst(2026, 12, 2, 9));
        let six_three = Figures {
            six_three: true,
            ..figures()
        };
        let e = b
            .save_school_month(&admin, p(2026, 12), six_three, 0, true)
            .await;
        assert_eq!(
            e,
            Err(AppError::Invalid(
                SchoolIssue::NoSixThree(SchoolType::Senior).into()
            ))
        );
        edit.name = "再改名".into();
        b.save_school(&city, Some(codes[0].clone()), edit, None)
            .await
            .unwrap();
        t.cleanup().await;
    }
}

#[tokio::test]
async fn request_keys_and_codes_are_checked_at_the_server_fns() {
    for t in common::databases().await {
        let (b, _clock) = common::backend(&t.db);
        common::seed_small(&b).await;
        let router = common::web::router_for(b.clone());
        let cookie = common::web::login(&router, "r430000").await;
        let post_json = |path: &'static str, body: serde_json::Value| {
            let (router, cookie) = (router.clone(), cookie.clone());
            async move {
                let req = axum::http::Request::post(path)
                    .header(axum::http::header::CONTENT_TYPE, "application/json")
                    .header(axum::http::header::ACCEPT, "application/json")
                    .header(axum::http::header::COOKIE, &cookie)
                    .body(axum::body::Body::from(body.to_string()))
                    .unwrap();
                common::web::send(&router, req).await
            }
        };
        let notice = serde_json::json!({
            "title": "无编号的通知", "levels": ["County"], "direct_schools": false,
            "content_html": "<p>x</p>", "pinned": false
        });
        let r = post_json(
            "/api/create_notice",
            serde_json::json!({ "notice": notice }),
        )
        .await;
        assert_eq!(
            r.error(),
            AppError::Invalid(app::message::RequestIssue::MissingRequestKey.into())
        );
        // The same key with other content is refused, not answered as done.
        let key = RequestKey::fresh();
        let mut first = notice.clone();
        first["request_key"] = key.as_str().into();
        let ok = post_json("/api/create_notice", serde_json::json!({ "notice": first })).await;
        assert!(ok.status.is_success(), "{}", ok.text());
        let mut other = first.clone();
        other["title"] = "另一条通知".into();
        let r = post_json("/api/create_notice", serde_json::json!({ "notice": other })).await;
        assert_eq!(
            r.error(),
            AppError::Invalid(app::message::RequestIssue::RequestKeyReused.into())
        );
        assert_eq!(
            common::count(&t.db, "SELECT COUNT(*) AS n FROM notices", vec![]).await,
            1
        );
        // A school code that breaks the one rule is named as such.
        let r = common::web::post_form(
            &router,
            "/api/admin_close_school",
            "code=abc&closed=true",
            Some(&cookie),
        )
        .await;
        assert_eq!(
            r.error(),
            AppError::Invalid(app::domain::code::CodeError::School.into())
        );
        // Undecodable arguments read plainly, without the decoder's English.
        let r = post_json(
            "/api/save_school_month",
            serde_json::json!({ "year": 2026, "month": -1 }),
        )
        .await;
        assert_eq!(
            r.error(),
            AppError::Invalid(app::message::RequestIssue::BadArguments.into())
        );
        t.cleanup().await;
    }
}

/// The second round of side doors: a school whose months sit elsewhere
/// than its current region (a deferred move), edits and arrivals during a
/// return, a school without data renamed, a returned city over an
/// auto-submitted county. After each, `jyxx check` proves every reported
/// month still has the totals it reported.
#[tokio::test]
async fn changes_around_a_return_reach_every_month_and_region_they_touch() {
    for t in common::databases().await {
        let (b, clock) = common::backend(&t.db);
        common::seed_small_at(&b, common::cst(2026, 11, 1, 8)).await;
        clock.set(common::cst(2026, 11, 2, 9));
        let mover = common::add_school(&b, "430104", "4301048201").await;
        b.save_school_month(&mover, p(2026, 11), figures(), 0, true)
            .await
            .unwrap();
        // A school without data, listed under 开福区 from November.
        common::add_school(&b, "430105", "4301058202").await;
        let at = common::cst(2026, 11, 7, 9);
        clock.set(at);
        server::workflow::run_due_deadlines(&t.db, at)
            .await
            .unwrap();
        let city = who(&t.db, "r430100").await;
        let nov_list = b
            .direct_schools(&city, common::rc("430105"), p(2026, 11))
            .await
            .unwrap();

        // A move while 岳麓区's November is reported waits for December...
        move_to(&b, &city, "4301048201", "430105").await;
        // ... then 岳麓区 and 天心区 are returned, and the school moves on
        // to 天心区: November goes along, and 岳麓区 reads it in its log.
        for county in ["430104", "430103"] {
            b.return_region(&city, p(2026, 11), common::rc(county), "请核实".into())
                .await
                .unwrap();
        }
        move_to(&b, &city, "4301048201", "430103").await;
        refused(
            &b.cancel_region(&city, p(2026, 11), common::rc("430104"))
                .await,
            Refusal::ChangedSinceReturn,
        );
        let log = b
            .audit(&who(&t.db, "r430104").await, None, p(2026, 11))
            .await
            .unwrap();
        assert!(
            log.iter().any(|a| a.action == AuditAction::MoveOut),
            "{log:?}"
        );

        // An edit of a school in the returned 天心区 blocks its 取消 too.
        let codes: Vec<String> = b
            .direct_schools(&city, common::rc("430103"), p(2026, 11))
            .await
            .unwrap()
            .into_iter()
            .map(|s| s.code)
            .filter(|c| c != "4301048201")
            .collect();
        if let Some(code) = codes.first() {
            let s = b
                .admin_schools(&city, None, code.clone(), 0)
                .await
                .unwrap()
                .rows
                .remove(0);
            let edit = SchoolInput {
                code: s.code.clone(),
                name: format!("{}（更名）", s.name),
                school_type: s.school_type,
                six_three: s.six_three,
                region_code: s.region_code.clone(),
            };
            b.save_school(&city, Some(s.code), edit, None)
                .await
                .unwrap();
        }
        refused(
            &b.cancel_region(&city, p(2026, 11), common::rc("430103"))
                .await,
            Refusal::ChangedSinceReturn,
        );

        // The school without data, renamed now, keeps its November name in
        // 开福区's November list (which 开福区 reported as it was).
        let quiet = SchoolInput {
            code: "4301058202".into(),
            name: "改名后的学校".into(),
            school_type: SchoolType::Special,
            six_three: false,
            region_code: "430105".into(),
        };
        b.save_school(&city, Some("4301058202".into()), quiet, None)
            .await
            .unwrap();
        let after = b
            .direct_schools(&city, common::rc("430105"), p(2026, 11))
            .await
            .unwrap();
        let named = |list: &[app::report::model::SchoolRow]| {
            list.iter()
                .find(|s| s.code == "4301058202")
                .map(|s| (s.name.clone(), s.school_type))
        };
        assert!(named(&nov_list).is_some());
        assert_eq!(named(&after), named(&nov_list));

        // 12th: the province returns 长沙市; 芙蓉区, auto-submitted and
        // never returned itself, cannot complete its report under it.
        let at = common::cst(2026, 11, 12, 9);
        clock.set(at);
        server::workflow::run_due_deadlines(&t.db, at)
            .await
            .unwrap();
        let hunan = who(&t.db, "r430000").await;
        let e = b
            .return_region(&hunan, p(2026, 11), common::rc("430100"), "请核实".into())
            .await;
        if e.is_ok() {
            common::give_text(&t.db, "430102", 202611).await;
            let furong = who(&t.db, "r430102").await;
            refused(
                &b.submit_report(&furong, p(2026, 11)).await,
                reported_by("长沙市", p(2026, 11)),
            );
        }
        common::assert_data_holds(&t.db).await;
        t.cleanup().await;
    }
}
