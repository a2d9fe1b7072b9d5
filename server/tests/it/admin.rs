//! 管理: the region tree and renames, schools (create, edit, move, close),
//! accounts (create with a mailed link, disable, reset), each inside the
//! administrator's subtree; imports (preview, row errors, all or nothing,
//! progress) and XLSX exports over HTTP.

use crate::common;

use app::admin::model::{ImportPreview, ImportState};
use app::backend::prelude::*;
use app::backend::Actor;
use app::domain::admin::{SchoolInput, UserInput};
use app::domain::school::SchoolState;
use app::domain::workflow::AuditAction;
use app::domain::{Figures, Period, Role, SchoolType};
use app::error::AppError;
use server::backend::{actor_by_username, ServerBackend, ACCOUNT_DISABLED, LOGIN_FAILED};
use server::seed::DEMO_PASSWORD;
use std::path::Path;
use std::sync::Arc;

/// The seeded demo behind a backend whose mail outbox is `dir`.
async fn seeded(db: &sea_orm::DatabaseConnection, dir: &Path) -> Arc<ServerBackend> {
    let (b, _clock) = common::backend_in(db, dir);
    common::seed_small(&b).await;
    b
}

/// The same, started on 2026-11-03, inside November's county window: the
/// month is still open, so a move takes it along.
async fn seeded_in_window(db: &sea_orm::DatabaseConnection, dir: &Path) -> Arc<ServerBackend> {
    let (b, clock) = common::backend_in(db, dir);
    clock.set(common::cst(2026, 11, 3, 10));
    common::seed_small_at(&b, common::cst(2026, 11, 3, 10)).await;
    b
}

async fn who(db: &sea_orm::DatabaseConnection, username: &str) -> Actor {
    actor_by_username(db, username).await.unwrap().unwrap()
}

fn nov() -> Period {
    Period::new(2026, 11).unwrap()
}

fn login_error(r: Result<app::backend::NewSession, AppError>) -> String {
    match r {
        Ok(_) => "logged in".into(),
        Err(e) => app::i18n::Say::say(&e, app::i18n::Locale::zh_CN),
    }
}

#[tokio::test]
async fn the_tree_is_scoped_and_only_the_national_admin_renames() {
    for t in common::databases().await {
        let dir = tempfile::tempdir().unwrap();
        let b = seeded(&t.db, dir.path()).await;
        let admin = who(&t.db, "a000000").await;
        let hunan = who(&t.db, "r430000").await;
        let filler = who(&t.db, "a430000").await;

        let root = b.region_tree(&admin, None).await.unwrap();
        assert_eq!(root.region.code, "000000");
        assert_eq!(root.children.len(), 31, "{}", t.name);
        assert!(root.may_rename);

        let tree = b.region_tree(&hunan, Some("430100".into())).await.unwrap();
        assert_eq!(
            tree.trail
                .iter()
                .map(|r| r.code.as_str())
                .collect::<Vec<_>>(),
            ["430000", "430100"]
        );
        assert!(!tree.children.is_empty() && !tree.may_rename);
        assert_eq!(
            b.region_tree(&hunan, Some("440000".into())).await,
            Err(AppError::NotFound)
        );
        assert_eq!(b.region_tree(&filler, None).await, Err(AppError::NotFound));
        assert!(matches!(
            b.rename_region(&hunan, "430100".into(), "星城".into())
                .await,
            Err(AppError::Refused(_))
        ));
        assert!(matches!(
            b.rename_region(&admin, "430100".into(), "  ".into()).await,
            Err(AppError::Invalid(_))
        ));
        b.rename_region(&admin, "430100".into(), " 长沙市（新） ".into())
            .await
            .unwrap();
        let renamed = b.region_tree(&hunan, Some("430100".into())).await.unwrap();
        assert_eq!(renamed.region.name, "长沙市（新）");
        let table = b.report_table(&hunan, None, nov()).await.unwrap();
        assert!(table
            .children
            .iter()
            .any(|c| c.region.name == "长沙市（新）"));
        t.cleanup().await;
    }
}

fn school(code: &str, region: &str) -> SchoolInput {
    SchoolInput {
        code: code.into(),
        name: "测试学校".into(),
        school_type: SchoolType::Primary,
        six_three: true,
        region_code: region.into(),
    }
}

#[tokio::test]
async fn schools_are_created_moved_and_closed_inside_the_subtree() {
    for t in common::databases().await {
        let dir = tempfile::tempdir().unwrap();
        let b = seeded_in_window(&t.db, dir.path()).await;
        let hunan = who(&t.db, "r430000").await;
        let county = who(&t.db, "r430104").await;

        b.save_school(&hunan, None, school("4301049999", "430104"), None)
            .await
            .unwrap();
        let e = b
            .save_school(&hunan, None, school("4301049999", "430104"), None)
            .await
            .unwrap_err();
        assert!(
            matches!(&e, AppError::Invalid(m) if common::zh(m).contains("已存在")),
            "{e:?}"
        );
        let e = b
            .save_school(&hunan, None, school("4401069999", "440106"), None)
            .await
            .unwrap_err();
        assert!(
            matches!(&e, AppError::Invalid(m) if common::zh(m).contains("不在您的管理范围内")),
            "{e:?}"
        );
        let e = b
            .save_school(&hunan, None, school("43", "430104"), None)
            .await
            .unwrap_err();
        assert!(matches!(e, AppError::Invalid(_)));
        let found = b
            .admin_schools(&hunan, Some("430104".into()), "4301049999".into(), 0)
            .await
            .unwrap();
        assert_eq!(found.total, 1);
        assert_eq!(found.rows[0].name, "测试学校");
        // A county reviewer cannot see a school of another county.
        let other = who(&t.db, "r430105").await;
        assert!(matches!(
            b.set_school_closed(&other, "4301049999".into(), true).await,
            Err(AppError::NotFound)
        ));

        // Move a school with data from 430104 to 430105: this month's
        // figures move with it, last month's stay.
        let moving = b
            .admin_schools(&county, None, "".into(), 0)
            .await
            .unwrap()
            .rows
            .into_iter()
            .find(|s| s.code != "4301049999")
            .unwrap();
        let before_from = b
            .report_table(&hunan, Some(common::rc("430104")), nov())
            .await
            .unwrap();
        let before_to = b
            .report_table(&hunan, Some(common::rc("430105")), nov())
            .await
            .unwrap();
        let oct_from = b
            .report_table(&hunan, Some(common::rc("430104")), nov().prev())
            .await
            .unwrap();
        let mut edit = school(&moving.code, "430105");
        edit.name = moving.name.clone();
        edit.school_type = moving.school_type;
        edit.six_three = moving.six_three;
        let e = b
            .save_school(&county, Some(moving.code.clone()), edit.clone(), None)
            .await
            .unwrap_err();
        assert!(
            matches!(e, AppError::Invalid(_)),
            "430105 is outside 430104"
        );
        b.save_school(&hunan, Some(moving.code.clone()), edit, None)
            .await
            .unwrap();
        let after_from = b
            .report_table(&hunan, Some(common::rc("430104")), nov())
            .await
            .unwrap();
        let after_to = b
            .report_table(&hunan, Some(common::rc("430105")), nov())
            .await
            .unwrap();
        assert_eq!(after_from.total.schools, before_from.total.schools - 1);
        assert_eq!(after_to.total.schools, before_to.total.schools + 1);
        let moved_students = before_from.total.students - after_from.total.students;
        assert_eq!(
            after_to.total.students - before_to.total.students,
            moved_students
        );
        assert_eq!(
            b.report_table(&hunan, Some(common::rc("430104")), nov().prev())
                .await
                .unwrap()
                .total,
            oct_from.total,
            "last month stays with the region that reported it"
        );
        // ... in the lists, the school's own view and the workflow too.
        let listed = |region: &'static str, period: Period| {
            let (b, hunan, code) = (b.clone(), hunan.clone(), moving.code.clone());
            async move {
                b.direct_schools(&hunan, common::rc(region), period)
                    .await
                    .unwrap()
                    .iter()
                    .any(|s| s.code == code && s.totals.is_some())
            }
        };
        assert!(listed("430104", nov().prev()).await);
        assert!(!listed("430105", nov().prev()).await);
        assert!(listed("430105", nov()).await);
        assert!(!listed("430104", nov()).await);
        let moved_admin = who(&t.db, &format!("s{}", moving.code)).await;
        assert_eq!(
            b.school_month(&moved_admin, nov().prev())
                .await
                .unwrap()
                .region_name,
            county.region_name
        );
        assert_eq!(
            b.school_month(&moved_admin, nov())
                .await
                .unwrap()
                .region_name,
            other.region_name
        );
        assert_eq!(
            b.return_school(
                &other,
                nov().prev(),
                common::sc(&moving.code),
                "原因".into()
            )
            .await,
            Err(AppError::NotFound),
            "last month is not the new county's to return"
        );
        // A month from before the move is frozen: even a draft left over in
        // it cannot be confirmed now (the month lock), and nothing is logged.
        let school_id = moved_admin.school_id.unwrap();
        sea_orm::ConnectionTrait::execute(
            &t.db,
            server::db::stmt(
                &t.db,
                "UPDATE school_monthly SET state = $1 WHERE school_id = $2 AND period = $3",
                vec![
                    SchoolState::Draft.code().into(),
                    school_id.into(),
                    nov().prev().key().into(),
                ],
            ),
        )
        .await
        .unwrap();
        let october_log = |b: Arc<ServerBackend>, county: Actor, name: String| async move {
            b.audit(&county, None, nov().prev())
                .await
                .unwrap()
                .into_iter()
                .filter(|a| a.target.contains(&name))
                .count()
        };
        let logged_before = october_log(b.clone(), county.clone(), moving.name.clone()).await;
        let e = b
            .confirm_month(&moved_admin, nov().prev())
            .await
            .unwrap_err();
        assert!(
            matches!(&e, AppError::Refused(m) if common::zh(m).contains("已上报2026年10月数据")),
            "{e:?}"
        );
        assert_eq!(
            october_log(b.clone(), county.clone(), moving.name.clone()).await,
            logged_before,
            "nothing happened in October"
        );
        // The move itself is in both counties' logs, from November.
        for reader in [&county, &other] {
            assert!(b
                .audit(reader, None, nov())
                .await
                .unwrap()
                .iter()
                .any(|a| a.target.contains(&moving.name)
                    && (a.action == AuditAction::MoveOut || a.action == AuditAction::MoveIn)));
        }
        // Rebuilding every aggregate from the school months changes nothing.
        server::stats::rebuild_all(&t.db).await.unwrap();
        for (region, period, before) in [
            ("430104", nov(), &after_from),
            ("430105", nov(), &after_to),
            ("430104", nov().prev(), &oct_from),
        ] {
            assert_eq!(
                b.report_table(&hunan, Some(common::rc(region)), period)
                    .await
                    .unwrap()
                    .total,
                before.total,
                "{region} {period:?}"
            );
        }

        // Close: the admin of the school can no longer enter data.
        let closing = b
            .admin_schools(&hunan, Some("430105".into()), "".into(), 0)
            .await
            .unwrap()
            .rows
            .into_iter()
            .find(|s| s.code != "4301049999")
            .unwrap();
        b.set_school_closed(&hunan, closing.code.clone(), true)
            .await
            .unwrap();
        let school_admin = who(&t.db, &format!("s{}", closing.code)).await;
        let month = b.school_month(&school_admin, nov()).await.unwrap();
        let e = b
            .save_school_month(
                &school_admin,
                nov(),
                month.figures.unwrap_or(Figures::default()),
                month.version,
                true,
            )
            .await
            .unwrap_err();
        assert!(
            matches!(&e, AppError::Refused(m) if common::zh(m).contains("学校已关闭")),
            "{e:?}"
        );
        // 月更新确认 is a write of the month too: refused the same way.
        let e = b.confirm_month(&school_admin, nov()).await.unwrap_err();
        assert!(
            matches!(&e, AppError::Refused(m) if common::zh(m).contains("学校已关闭")),
            "{e:?}"
        );
        let listed = b
            .admin_schools(&hunan, None, closing.code.clone(), 0)
            .await
            .unwrap();
        assert!(listed.rows[0].closed);
        b.set_school_closed(&hunan, closing.code.clone(), false)
            .await
            .unwrap();
        t.cleanup().await;
    }
}

fn user(username: &str, role: Role, region: &str, school: &str) -> UserInput {
    UserInput {
        username: username.into(),
        name: "新用户".into(),
        role,
        region_code: region.into(),
        school_code: school.into(),
        phone: "".into(),
        email: format!("{username}@example.com"),
    }
}

#[tokio::test]
async fn accounts_get_a_mailed_link_and_are_disabled_and_reset_in_scope() {
    for t in common::databases().await {
        let dir = tempfile::tempdir().unwrap();
        let b = seeded(&t.db, dir.path()).await;
        let hunan = who(&t.db, "r430000").await;

        b.create_user(&hunan, user("hn_new", Role::Reviewer, "430104", ""), None)
            .await
            .unwrap();
        assert_eq!(
            login_error(b.login("hn_new", "", None, Default::default()).await),
            LOGIN_FAILED,
            "no password until the link is used"
        );
        let mail = common::wait_for_mails(dir.path(), 1).await.pop().unwrap();
        assert!(mail.contains("To: hn_new@example.com"), "{mail}");
        b.reset_password(
            common::token_in(&mail),
            "Welcome2026".into(),
            "Welcome2026".into(),
        )
        .await
        .unwrap();
        b.login("hn_new", "Welcome2026", None, Default::default())
            .await
            .unwrap();
        let created = who(&t.db, "hn_new").await;
        assert_eq!(created.region_code.as_str(), "430104");

        let e = b
            .create_user(
                &hunan,
                user("hn_new", Role::RegionAdmin, "430104", ""),
                None,
            )
            .await
            .unwrap_err();
        assert!(
            matches!(&e, AppError::Invalid(m) if common::zh(m).contains("已被使用")),
            "{e:?}"
        );
        assert!(matches!(
            b.create_user(
                &hunan,
                user("boss", Role::NationalAdmin, "000000", ""),
                None
            )
            .await,
            Err(AppError::Refused(_))
        ));
        assert!(matches!(
            b.create_user(&hunan, user("gd_x", Role::Reviewer, "440000", ""), None)
                .await,
            Err(AppError::Invalid(_))
        ));
        let county = who(&t.db, "r430104").await;
        let some_school = b
            .admin_schools(&county, None, "".into(), 0)
            .await
            .unwrap()
            .rows[0]
            .code
            .clone();
        b.create_user(
            &county,
            user("sch_x", Role::SchoolAdmin, "", &some_school),
            None,
        )
        .await
        .unwrap();
        assert_eq!(who(&t.db, "sch_x").await.region_code.as_str(), "430104");

        // Disable ends sessions at once and says why at the next login.
        let session = b
            .login("r430104", DEMO_PASSWORD, None, Default::default())
            .await
            .unwrap();
        assert!(matches!(
            b.set_user_disabled(&hunan, "r430000".into(), true).await,
            Err(AppError::Refused(_))
        ));
        assert_eq!(
            b.set_user_disabled(&county, "a000000".into(), true).await,
            Err(AppError::NotFound)
        );
        b.set_user_disabled(&hunan, "r430104".into(), true)
            .await
            .unwrap();
        assert_eq!(
            b.actor_for_session(&session.token)
                .await
                .unwrap()
                .map(|a| a.user_id),
            None
        );
        assert_eq!(
            login_error(
                b.login("r430104", DEMO_PASSWORD, None, Default::default())
                    .await
            ),
            ACCOUNT_DISABLED
        );
        let listed = b
            .admin_users(&hunan, Some("430104".into()), "r430104".into(), 0)
            .await
            .unwrap();
        assert!(listed.rows[0].disabled);
        assert!(matches!(
            b.send_user_reset(&hunan, "r430104".into()).await,
            Err(AppError::Refused(_))
        ));
        b.set_user_disabled(&hunan, "r430104".into(), false)
            .await
            .unwrap();

        // 重置密码: a link by mail, the old password works until it is used.
        let before = common::mails(dir.path()).len();
        let to = b.send_user_reset(&hunan, "r430104".into()).await.unwrap();
        assert_eq!(to, "r***@jyxx.example");
        let mails = common::wait_for_mails(dir.path(), before + 1).await;
        let reset = mails
            .iter()
            .find(|m| m.contains("To: r430104@jyxx.example"))
            .unwrap();
        b.login("r430104", DEMO_PASSWORD, None, Default::default())
            .await
            .unwrap();
        b.reset_password(
            common::token_in(reset),
            "Changed2026".into(),
            "Changed2026".into(),
        )
        .await
        .unwrap();
        b.login("r430104", "Changed2026", None, Default::default())
            .await
            .unwrap();

        // 编辑: no address, no link; an administrator adds one.
        let contact = |email: &str| app::admin::model::Contact {
            name: "王老师".into(),
            phone: "0731-88888888".into(),
            email: email.into(),
        };
        b.save_user_contact(&hunan, "r430104".into(), contact(""))
            .await
            .unwrap();
        let e = b
            .send_user_reset(&hunan, "r430104".into())
            .await
            .unwrap_err();
        assert!(
            matches!(&e, AppError::Refused(m) if common::zh(m).contains("编辑")),
            "{e:?}"
        );
        assert!(matches!(
            b.save_user_contact(&hunan, "r430104".into(), contact("bad"))
                .await,
            Err(AppError::Invalid(_))
        ));
        assert_eq!(
            b.save_user_contact(&county, "a000000".into(), contact("x@y.cn"))
                .await,
            Err(AppError::NotFound)
        );
        b.save_user_contact(&hunan, "r430104".into(), contact("Wang@HN.edu.cn"))
            .await
            .unwrap();
        assert_eq!(
            b.send_user_reset(&hunan, "r430104".into()).await.unwrap(),
            "w***@hn.edu.cn"
        );
        t.cleanup().await;
    }
}

#[tokio::test]
async fn imports_show_every_broken_row_and_write_all_or_nothing() {
    for t in common::databases().await {
        let dir = tempfile::tempdir().unwrap();
        let b = seeded(&t.db, dir.path()).await;
        let router = common::web::router_for(b.clone());
        let cookie = common::web::login(&router, "r430000").await;
        let hunan = who(&t.db, "r430000").await;
        let existing = b
            .admin_schools(&hunan, Some("430104".into()), "".into(), 0)
            .await
            .unwrap()
            .rows[0]
            .code
            .clone();

        // Broken rows: each named, nothing written.
        let csv = format!(
            "学校代码,学校名称,学校类型,六三制,管理地区代码\n\
             4301048001,甲校,小学,是,430104\n\
             4301048001,重复,小学,是,430104\n\
             {existing},已有,小学,是,430104\n\
             4401068001,外省,小学,是,440106\n\
             4301048002,乙校,大学,是,430104\n"
        );
        let (status, body) =
            common::web::import_preview(&router, &cookie, "schools", "s.csv", csv.as_bytes()).await;
        assert_eq!(status, 200, "{body}");
        let p: ImportPreview = serde_json::from_str(&body).unwrap();
        assert_eq!(p.total, 5);
        let rows: Vec<usize> = p.errors.iter().map(|e| e.row).collect();
        assert_eq!(rows, [3, 4, 5, 6], "{:?}", p.errors);
        assert!(p.errors[0].message.contains("重复"));
        assert!(p.errors[2].message.contains("不在您的管理范围内"));
        assert!(p.errors[3].message.contains("学校类型"));
        b.commit_import(&hunan, p.id.clone()).await.unwrap();
        assert!(matches!(
            common::finish_import(&b, &hunan, &p.id).await,
            ImportState::Failed(_)
        ));
        assert_eq!(
            b.admin_schools(&hunan, None, "4301048001".into(), 0)
                .await
                .unwrap()
                .total,
            0,
            "all or nothing"
        );

        // A clean GBK file: imported, once.
        let (gbk, _, _) = encoding_rs::GBK.encode(
            "学校代码,学校名称,学校类型,六三制,管理地区代码\n\
             4301048001,甲校,小学,是,430104\n\
             4301048002,乙校,高中,否,430105\n",
        );
        let (status, body) =
            common::web::import_preview(&router, &cookie, "schools", "s.csv", &gbk).await;
        assert_eq!(status, 200, "{body}");
        let p: ImportPreview = serde_json::from_str(&body).unwrap();
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        assert_eq!(p.sample[1][1], "乙校");
        let other = who(&t.db, "r440000").await;
        assert!(matches!(
            b.commit_import(&other, p.id.clone()).await,
            Err(AppError::Refused(_))
        ));
        b.commit_import(&hunan, p.id.clone()).await.unwrap();
        assert_eq!(
            common::finish_import(&b, &hunan, &p.id).await,
            ImportState::Done
        );
        // 确认导入 sent again (its answer lost): the same import, not a
        // second one.
        b.commit_import(&hunan, p.id.clone()).await.unwrap();
        assert_eq!(
            common::finish_import(&b, &hunan, &p.id).await,
            ImportState::Done
        );
        assert_eq!(
            b.admin_schools(&hunan, None, "43010480".into(), 0)
                .await
                .unwrap()
                .total,
            2
        );

        // Users from XLSX, each mailed a link.
        let mut book = rust_xlsxwriter::Workbook::new();
        let ws = book.add_worksheet();
        for (c, h) in [
            "用户名",
            "姓名",
            "角色",
            "地区代码",
            "学校代码",
            "联系电话",
            "电子邮件",
        ]
        .iter()
        .enumerate()
        {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        ws.write_row(
            1,
            0,
            [
                "imp_a",
                "甲",
                "县级审核员",
                "430104",
                "",
                "",
                "imp_a@example.com",
            ],
        )
        .unwrap();
        ws.write_row(
            2,
            0,
            ["imp_b", "乙", "学校管理员", "", "", "", "imp_b@example.com"],
        )
        .unwrap();
        ws.write_number(2, 4, 4301048001.0).unwrap();
        let bytes = book.save_to_buffer().unwrap();
        let (status, body) =
            common::web::import_preview(&router, &cookie, "users", "u.xlsx", &bytes).await;
        assert_eq!(status, 200, "{body}");
        let p: ImportPreview = serde_json::from_str(&body).unwrap();
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        b.commit_import(&hunan, p.id.clone()).await.unwrap();
        assert_eq!(
            common::finish_import(&b, &hunan, &p.id).await,
            ImportState::Done
        );
        assert_eq!(who(&t.db, "imp_b").await.region_code.as_str(), "430104");
        let mails = common::wait_for_mails(dir.path(), 2).await;
        assert!(mails.iter().any(|m| m.contains("To: imp_a@example.com")));

        // Not a spreadsheet, no header, outside the role: clear answers.
        let (status, body) =
            common::web::import_preview(&router, &cookie, "users", "u.xlsx", b"PK\x03\x04garbage")
                .await;
        assert_eq!(status, 400, "{body}");
        assert!(body.contains("无法读取文件"), "{body}");
        let (status, body) = common::web::import_preview(
            &router,
            &cookie,
            "schools",
            "s.csv",
            "a,b\n1,2\n".as_bytes(),
        )
        .await;
        assert_eq!(status, 400);
        assert!(body.contains("缺少"), "{body}");
        let filler = common::web::login(&router, "a430000").await;
        let (status, _) =
            common::web::import_preview(&router, &filler, "schools", "s.csv", csv.as_bytes()).await;
        assert_eq!(status, 404);
        t.cleanup().await;
    }
}

/// The first sheet of an XLSX file, as text.
fn sheet(bytes: &[u8]) -> Vec<Vec<String>> {
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

#[tokio::test]
async fn exports_are_xlsx_of_what_the_actor_may_see() {
    for t in common::databases().await {
        let dir = tempfile::tempdir().unwrap();
        let b = seeded(&t.db, dir.path()).await;
        let router = common::web::router_for(b.clone());
        let cookie = common::web::login(&router, "r430000").await;
        let hunan = who(&t.db, "r430000").await;
        let total = b
            .admin_schools(&hunan, Some("430100".into()), "".into(), 0)
            .await
            .unwrap()
            .total;
        let r = common::web::get(
            &router,
            "/files/export/schools.xlsx?region=430100",
            Some(&cookie),
        )
        .await;
        assert_eq!(r.status.as_u16(), 200);
        let rows = sheet(&r.body);
        assert_eq!(rows.len() as i64, total + 1);
        assert_eq!(rows[0][0], "学校代码");

        for path in [
            "/files/export/users.xlsx",
            "/files/export/regions.xlsx",
            "/files/template/users.xlsx",
        ] {
            assert_eq!(
                common::web::get(&router, path, Some(&cookie))
                    .await
                    .status
                    .as_u16(),
                200,
                "{path}"
            );
        }
        // Any status table, as on the screen: 合计, 直属, then the children.
        let table = b
            .report_table(
                &hunan,
                Some(common::rc("430100")),
                Period::new(2026, 11).unwrap(),
            )
            .await
            .unwrap();
        let r = common::web::get(
            &router,
            "/files/export/report.xlsx?region=430100&y=2026&m=11",
            Some(&cookie),
        )
        .await;
        assert_eq!(r.status.as_u16(), 200, "{}", r.text());
        let rows = sheet(&r.body);
        assert_eq!(rows.len(), table.children.len() + 3);
        assert_eq!(rows[1][1], "合计");
        assert_eq!(rows[1][8], table.total.schools.to_string());
        assert_eq!(rows[2][1], "直属");
        assert_eq!(rows[3][2], table.children[0].region.code);
        let r = common::web::get(
            &router,
            "/files/export/report.csv?region=430100&y=2026&m=11",
            Some(&cookie),
        )
        .await;
        assert_eq!(r.status.as_u16(), 200);
        assert!(r.body.starts_with(b"\xEF\xBB\xBF"), "a BOM for Excel");
        assert!(r.text().contains("合计"));
        let r = common::web::get(
            &router,
            "/files/export/report.xlsx?y=2031&m=1",
            Some(&cookie),
        )
        .await;
        assert_eq!(r.status.as_u16(), 400, "a month that has not begun");

        let county = common::web::login(&router, "r430104").await;
        let r = common::web::get(
            &router,
            "/files/export/report.csv?region=430000",
            Some(&county),
        )
        .await;
        assert_eq!(r.status.as_u16(), 404);
        let r = common::web::get(
            &router,
            "/files/export/schools.xlsx?region=430000",
            Some(&county),
        )
        .await;
        assert_eq!(r.status.as_u16(), 404);
        // A malformed code is refused before any lookup, on every export.
        for path in [
            "/files/export/report.csv?region=43",
            "/files/export/schools.xlsx?region=abc",
            "/files/export/regions.csv?region=4301040",
        ] {
            let r = common::web::get(&router, path, Some(&county)).await;
            assert_eq!(r.status.as_u16(), 400, "{path}");
        }
        let r = common::web::get(&router, "/files/export/users.xlsx", None).await;
        assert_eq!(r.status.as_u16(), 401);
        let r = common::web::get(&router, "/files/template/users.xlsx", None).await;
        assert_eq!(r.status.as_u16(), 401);
        let filler = common::web::login(&router, "a430104").await;
        let r = common::web::get(&router, "/files/template/schools.xlsx", Some(&filler)).await;
        assert_eq!(r.status.as_u16(), 404, "only administrators import");
        t.cleanup().await;
    }
}
