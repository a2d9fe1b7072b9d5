//! What the product sends beyond its pages, in each reader's language:
//! mails in the recipient's stored language (zh-CN when they never chose),
//! exports and templates in the requester's (the locale cookie, else the
//! browser's language, else zh-CN).

use crate::common;

use app::backend::prelude::*;
use sea_orm::ConnectionTrait;
use server::backend::{actor_by_username, ServerBackend};
use server::db::stmt;
use std::sync::Arc;

fn with_outbox(db: &sea_orm::DatabaseConnection, dir: &std::path::Path) -> Arc<ServerBackend> {
    let clock = server::clock::TestClock::at(common::test_now());
    Arc::new(
        ServerBackend::new(db.clone(), Arc::new(clock), false)
            .with_data_dir(dir.to_path_buf())
            .with_test_captchas(),
    )
}

async fn ask_reset(b: &ServerBackend, email: &str) {
    let c = b.new_captcha().await.unwrap();
    let answer = b.test_captchas.as_ref().unwrap().lock().unwrap()[&c.id].clone();
    b.request_reset(email.into(), c.id, answer).await.unwrap();
}

/// The one mail to `to` among `mails`, as its reader sees it.
fn mail_to(mails: &[String], to: &str) -> (String, String) {
    let found: Vec<&String> = mails
        .iter()
        .filter(|m| m.contains(&format!("To: {to}")))
        .collect();
    assert_eq!(found.len(), 1, "{to}: {mails:?}");
    common::mail_text(found[0])
}

#[tokio::test]
async fn a_mail_is_written_in_its_recipients_language() {
    for t in common::databases().await {
        let dir = tempfile::tempdir().unwrap();
        let b = with_outbox(&t.db, dir.path());
        common::seed_small(&b).await;
        t.db.execute(stmt(
            &t.db,
            "UPDATE users SET locale = $1 WHERE username = $2",
            vec!["en".into(), "r430105".into()],
        ))
        .await
        .unwrap();

        // Never chose a language: the manual's Chinese.
        ask_reset(&b, "r430104@jyxx.example").await;
        let mails = common::wait_for_mails(dir.path(), 1).await;
        let (subject, body) = mail_to(&mails, "r430104@jyxx.example");
        assert_eq!(
            subject, "【教育信息化工作进展信息系统】找回密码",
            "{}",
            t.name
        );
        assert!(
            body.starts_with("您好，\r\n\r\n有人为账号 r430104 申请了找回密码。如是您本人操作，请在 30 分钟内打开下面的链接"),
            "{body}"
        );

        // Chose English: English, the link and the login unchanged.
        ask_reset(&b, "r430105@jyxx.example").await;
        let mails = common::wait_for_mails(dir.path(), 2).await;
        let (subject, body) = mail_to(&mails, "r430105@jyxx.example");
        assert_eq!(
            subject,
            "[Education Informatization Progress System] Password recovery"
        );
        assert!(
            body.contains("recover the password of the account r430105")
                && body.contains("within 30 minutes")
                && body.contains("/reset?token="),
            "{body}"
        );
        assert!(!common::has_han(&body), "{body}");

        // An administrator's reset goes out in the holder's language, not
        // the administrator's.
        let national = actor_by_username(&t.db, "a000000").await.unwrap().unwrap();
        b.send_user_reset(&national, "r430105".into())
            .await
            .unwrap();
        let mails = common::wait_for_mails(dir.path(), 3).await;
        let newest = mails
            .iter()
            .filter(|m| m.contains("To: r430105@jyxx.example"))
            .map(|m| common::mail_text(m))
            .find(|(s, _)| s.ends_with("Password reset"))
            .unwrap_or_else(|| panic!("{mails:?}"));
        assert!(newest.1.contains("within 24 hours"), "{}", newest.1);
        assert!(!common::has_han(&newest.1), "{}", newest.1);

        // So does the warning that the password is being guessed.
        for _ in 0..app::domain::account::CAPTCHA_AFTER_ACCOUNT {
            let attempt = app::backend::LoginAttempt {
                source: Some("10.0.0.7".into()),
                captcha: None,
            };
            let _ = b.login("r430105", "wrong-guess", None, attempt).await;
        }
        let mails = common::wait_for_mails(dir.path(), 4).await;
        let warning = mails
            .iter()
            .map(|m| common::mail_text(m))
            .find(|(s, _)| s.ends_with("Several failed sign-ins to your account"))
            .unwrap_or_else(|| panic!("{mails:?}"));
        assert!(
            warning.1.contains("r430105") && warning.1.contains("(China Standard Time)"),
            "{}",
            warning.1
        );
        assert!(!common::has_han(&warning.1), "{}", warning.1);
        t.cleanup().await;
    }
}

#[tokio::test]
async fn an_export_is_in_the_requesters_language() {
    for t in common::databases().await {
        let dir = tempfile::tempdir().unwrap();
        let b = with_outbox(&t.db, dir.path());
        common::seed_small(&b).await;
        let router = common::web::router_for(b.clone());
        let session = common::web::login(&router, "r430000").await;
        let english = format!("{session}; i18n_pref_locale=en");
        let path = "/files/export/report.csv?region=430100&y=2026&m=11";

        let file_name = |r: &common::web::Reply| {
            let d = r.headers["content-disposition"]
                .to_str()
                .unwrap()
                .to_string();
            let encoded = d.split("filename*=UTF-8''").nth(1).unwrap().to_string();
            percent_encoding::percent_decode_str(&encoded)
                .decode_utf8()
                .unwrap()
                .to_string()
        };

        let zh = common::web::get(&router, path, Some(&session)).await;
        assert_eq!(zh.status.as_u16(), 200, "{}", zh.text());
        assert_eq!(file_name(&zh), "长沙市2026年11月上报情况.csv");
        let text = zh.text();
        let head = text.trim_start_matches('\u{feff}').lines().next().unwrap();
        assert!(
            head.starts_with("序列,地区,地区代码,是否上报,月报文本,上报人,联系电话,上报时间,"),
            "{head}"
        );

        let en = common::web::get(&router, path, Some(&english)).await;
        assert_eq!(en.status.as_u16(), 200, "{}", en.text());
        assert_eq!(file_name(&en), "长沙市 reporting status, November 2026.csv");
        let text = en.text();
        let mut lines = text.trim_start_matches('\u{feff}').lines();
        let head = lines.next().unwrap();
        assert!(
            head.starts_with(
                "No.,Region,Region code,Reported,Report document,Reported by,Phone,Reported at,"
            ),
            "{head}"
        );
        assert!(!common::has_han(head), "{head}");
        assert!(
            lines.next().unwrap().starts_with("1,Total,430100,"),
            "{text}"
        );
        assert!(
            lines
                .next()
                .unwrap()
                .starts_with("2,Direct schools,430100,"),
            "{text}"
        );

        // The same for a list and its sheet.
        let r = common::web::get(
            &router,
            "/files/export/schools.xlsx?region=430100",
            Some(&english),
        )
        .await;
        assert_eq!(r.status.as_u16(), 200);
        assert_eq!(file_name(&r), "School list.xlsx");
        let (sheet, rows) = first_sheet(&r.body);
        assert_eq!(sheet, "Schools");
        assert_eq!(rows[0][..2], ["School code", "School name"]);

        // A template downloaded in English imports as well as a Chinese one.
        let admin = common::web::login(&router, "a000000").await;
        let r = common::web::get(
            &router,
            "/files/template/schools.xlsx",
            Some(&format!("{admin}; i18n_pref_locale=en")),
        )
        .await;
        assert_eq!(r.status.as_u16(), 200);
        assert_eq!(file_name(&r), "Schools import template.xlsx");
        let (_, rows) = first_sheet(&r.body);
        assert_eq!(rows[0][0], "School code");
        let (status, body) =
            common::web::import_preview(&router, &admin, "schools", "t.xlsx", &r.body).await;
        assert_eq!(status, 200, "{body}");
        t.cleanup().await;
    }
}

/// The first sheet of an XLSX file: its name and its cells as text.
fn first_sheet(bytes: &[u8]) -> (String, Vec<Vec<String>>) {
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    let rows = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    (name, rows)
}

#[tokio::test]
async fn notices_from_before_the_upgrade_keep_their_words() {
    use app::notice::model::{Author, SummaryText};
    for t in common::databases().await {
        let (b, _) = common::backend(&t.db);
        common::seed_small(&b).await;
        let county = actor_by_username(&t.db, "r430104").await.unwrap().unwrap();
        let national = actor_by_username(&t.db, "a000000").await.unwrap().unwrap();
        // As migration 11 left them: an author line and a text, no values.
        for (author, label, title) in [
            (national.user_id.0, "全国-全国管理员", "旧通知"),
            (0, "系统", "【提醒】2026年10月数据请于10月5日前审核上报"),
        ] {
            t.db.execute(stmt(
                &t.db,
                "INSERT INTO notices (title, content_html, author_user_id, author_label, author_region_id, \
                 author_level, scope_levels, scope_direct_schools, pinned, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                vec![
                    title.into(),
                    "<p>请按时上报。</p>".into(),
                    author.into(),
                    label.into(),
                    county.region_id.into(),
                    app::domain::Level::County.into(),
                    ",3,".into(),
                    false.into(),
                    false.into(),
                    common::test_now().into(),
                ],
            ))
            .await
            .unwrap();
        }
        let list = b.notices(&county).await.unwrap();
        let shown: Vec<(SummaryText, Author)> =
            list.into_iter().map(|n| (n.text, n.author)).collect();
        let written = |title: &str| SummaryText::Written {
            title: title.into(),
            excerpt: "请按时上报。".into(),
        };
        assert!(
            shown.contains(&(written("旧通知"), Author::Written("全国-全国管理员".into()))),
            "{shown:?}"
        );
        assert!(
            shown.contains(&(
                written("【提醒】2026年10月数据请于10月5日前审核上报"),
                Author::System
            )),
            "{shown:?}"
        );
        t.cleanup().await;
    }
}
