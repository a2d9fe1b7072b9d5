//! 月报文本 upload and download through the real router: size limit while
//! streaming, type by content, scope, attachment headers, and refusals that
//! leave nothing behind.

use crate::common;

use app::domain::workflow::Refusal;
use app::error::AppError;
use app::message::{FileIssue, Reason};
use axum::http::{header, StatusCode};
use common::web::{get, login, router_for, upload};
use std::path::Path;

async fn setup() -> (common::TestDb, axum::Router, tempfile::TempDir) {
    let t = common::databases().await.into_iter().next().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (b, clock) = common::backend_in(&t.db, dir.path());
    clock.set(common::cst(2026, 11, 1, 8));
    common::seed_small_at(&b, common::cst(2026, 11, 1, 8)).await;
    clock.set(common::cst(2026, 11, 3, 10));
    (t, router_for(b), dir)
}

fn files_under(p: &Path) -> usize {
    walk(p).len()
}

fn walk(p: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(p) {
        for e in rd.flatten() {
            let path = e.path();
            if path.is_dir() {
                out.extend(walk(&path));
            } else {
                out.push(path);
            }
        }
    }
    out
}

#[tokio::test]
async fn a_report_text_is_stored_and_served_as_an_attachment_to_those_in_scope() {
    let (t, router, dir) = setup().await;
    let county = login(&router, "r430104").await;
    let content = "岳麓区 11 月工作进展".as_bytes();
    let r = upload(&router, &county, "岳麓区月报.txt", content).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert!(r.text().contains("岳麓区月报.txt"));
    assert_eq!(files_under(dir.path()), 1);

    let city = login(&router, "r430100").await;
    let d = get(&router, "/files/report-text/430104/202611", Some(&city)).await;
    assert_eq!(d.status, StatusCode::OK);
    assert_eq!(d.body, content);
    let disposition = d
        .headers
        .get(header::CONTENT_DISPOSITION)
        .unwrap()
        .to_str()
        .unwrap();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert!(
        disposition.contains("filename*=UTF-8''%E5%B2%B3"),
        "{disposition}"
    );

    let sibling = login(&router, "r430102").await;
    assert_eq!(
        get(&router, "/files/report-text/430104/202611", Some(&sibling))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&router, "/files/report-text/430104/202611", None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let school = login(&router, "s4301040001").await;
    assert_eq!(
        get(&router, "/files/report-text/430104/202611", Some(&school))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // A replacement keeps one file on disk.
    let r = upload(&router, &county, "第二版.pdf", b"%PDF-1.4\n...").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(files_under(dir.path()), 1);
    t.cleanup().await;
}

#[tokio::test]
async fn wrong_types_oversized_files_and_wrong_roles_are_refused_and_leave_nothing() {
    let (t, router, dir) = setup().await;
    let county = login(&router, "r430104").await;
    let allowed = || {
        ["pdf", "doc", "docx", "wps", "txt"]
            .map(String::from)
            .to_vec()
    };
    let mismatch = || AppError::Invalid(FileIssue::NotWhatItSays { allowed: allowed() }.into());
    for (name, bytes, expect) in [
        ("月报.pdf", b"MZ\x90\x00 not a pdf".to_vec(), mismatch()),
        (
            "月报.docx",
            b"PK\x03\x04 but no word entries".to_vec(),
            mismatch(),
        ),
        ("月报.txt", b"binary\x00stuff".to_vec(), mismatch()),
        (
            "月报.exe",
            b"MZ".to_vec(),
            AppError::Invalid(FileIssue::WrongType { allowed: allowed() }.into()),
        ),
        (
            "空.txt",
            Vec::new(),
            AppError::Invalid(FileIssue::Empty.into()),
        ),
        (
            "大.txt",
            vec![b'a'; 20 * 1024 * 1024 + 1],
            AppError::TooLarge(FileIssue::TooLarge { limit_mib: 20 }.into()),
        ),
    ] {
        let r = upload(&router, &county, name, &bytes).await;
        // Over the bound is 413; every other refusal of the file, 400.
        let status = if name == "大.txt" {
            StatusCode::PAYLOAD_TOO_LARGE
        } else {
            StatusCode::BAD_REQUEST
        };
        assert_eq!(r.status, status, "{name}");
        assert_eq!(r.error(), expect, "{name}");
    }
    assert_eq!(files_under(dir.path()), 0, "nothing left on disk");
    for user in ["a430104", "s4301040001"] {
        let c = login(&router, user).await;
        let r = upload(&router, &c, "月报.txt", b"text").await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{user}");
        assert_eq!(r.error(), AppError::from(Refusal::NotReviewer), "{user}");
    }
    let r = upload(&router, "jyxx_sid=forged", "月报.txt", b"text").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let rows = common::count(&t.db, "SELECT COUNT(*) AS n FROM report_texts", vec![]).await;
    assert_eq!(rows, 0);
    t.cleanup().await;
}

#[tokio::test]
async fn notice_attachments_reach_only_the_notices_readers() {
    use app::backend::prelude::*;
    let t = common::databases().await.into_iter().next().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (b, _) = common::backend_in(&t.db, dir.path());
    common::seed_small(&b).await;
    let national = server::backend::actor_by_username(&t.db, "a000000")
        .await
        .unwrap()
        .unwrap();
    let id = b
        .create_notice(
            &national,
            app::notice::model::NewNotice {
                title: "附件通知".into(),
                levels: vec![app::domain::Level::County],
                direct_schools: false,
                content_html: "<p>见附件</p>".into(),
                pinned: false,
                request_key: None,
            },
        )
        .await
        .unwrap();
    let router = router_for(b.clone());
    let send = |cookie: String, name: &'static str, bytes: Vec<u8>| {
        let router = router.clone();
        async move {
            let key = app::request_key::RequestKey::fresh();
            let (ctype, body) = common::web::multipart(
                &[("notice", &id.to_string()), ("key", key.as_str())],
                Some((name, &bytes)),
            );
            let req = axum::http::Request::post("/api/notice_attachment")
                .header(header::CONTENT_TYPE, ctype)
                .header(header::COOKIE, cookie)
                .body(axum::body::Body::from(body))
                .unwrap();
            common::web::send(&router, req).await
        }
    };
    let admin = login(&router, "a000000").await;
    let r = send(admin.clone(), "填报说明.pdf", b"%PDF-1.7 ...".to_vec()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let r = send(admin.clone(), "病毒.png", b"MZ not a png".to_vec()).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        matches!(
            r.error(),
            AppError::Invalid(Reason::File(FileIssue::NotWhatItSays { .. }))
        ),
        "{}",
        r.text()
    );
    let other = login(&router, "r430000").await;
    assert_eq!(
        send(other, "x.pdf", b"%PDF-1.4".to_vec()).await.status,
        StatusCode::NOT_FOUND,
        "only the author attaches"
    );

    let detail = b.notice(&national, id).await.unwrap();
    assert_eq!(detail.attachments.len(), 1);
    let path = format!("/files/notice/{id}/{}", detail.attachments[0].id);
    let county = login(&router, "r430104").await;
    let d = get(&router, &path, Some(&county)).await;
    assert_eq!(d.status, StatusCode::OK);
    assert_eq!(d.body, b"%PDF-1.7 ...");
    assert!(d
        .headers
        .get(header::CONTENT_DISPOSITION)
        .unwrap()
        .to_str()
        .unwrap()
        .starts_with("attachment;"));
    for outsider in ["s4301040001", "a430104", "r430100"] {
        let c = login(&router, outsider).await;
        assert_eq!(
            get(&router, &path, Some(&c)).await.status,
            StatusCode::NOT_FOUND,
            "{outsider}"
        );
    }
    assert_eq!(
        get(&router, &path, None).await.status,
        StatusCode::UNAUTHORIZED
    );
    t.cleanup().await;
}

/// A refusal of a plain route (an upload, a download) carries the typed
/// error for the page, and a `message` for any other client in the
/// request's language: the locale cookie, else `Accept-Language`, else
/// Chinese.
#[tokio::test]
async fn a_plain_routes_refusal_speaks_the_requests_language() {
    let (t, router, _dir) = setup().await;
    let county = login(&router, "r430104").await;
    let wrong_type = |cookie: String, accept: Option<&'static str>| {
        let router = router.clone();
        async move {
            let (ctype, body) = common::web::multipart(
                &[("year", "2026"), ("month", "11")],
                Some(("月报.exe", b"MZ")),
            );
            let mut req = axum::http::Request::post("/api/upload_report_text")
                .header(header::CONTENT_TYPE, ctype)
                .header(header::COOKIE, cookie);
            if let Some(a) = accept {
                req = req.header(header::ACCEPT_LANGUAGE, a);
            }
            common::web::send(&router, req.body(axum::body::Body::from(body)).unwrap()).await
        }
    };
    let typed = AppError::Invalid(
        FileIssue::WrongType {
            allowed: ["pdf", "doc", "docx", "wps", "txt"]
                .map(String::from)
                .to_vec(),
        }
        .into(),
    );
    let message = |r: &common::web::Reply| {
        let v: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
        v["message"]
            .as_str()
            .unwrap_or_else(|| panic!("{}", r.text()))
            .to_string()
    };
    let r = wrong_type(county.clone(), None).await;
    assert_eq!(
        (r.status, r.error()),
        (StatusCode::BAD_REQUEST, typed.clone())
    );
    assert_eq!(message(&r), "只能上传 pdf、doc、docx、wps、txt 文件");
    let r = wrong_type(county.clone(), Some("en-US,en;q=0.9,zh;q=0.5")).await;
    assert_eq!(r.error(), typed);
    assert_eq!(
        message(&r),
        "Only pdf, doc, docx, wps, txt files can be uploaded"
    );
    let r = wrong_type(format!("{county}; i18n_pref_locale=en"), Some("zh-CN")).await;
    assert_eq!(r.error(), typed);
    assert_eq!(
        message(&r),
        "Only pdf, doc, docx, wps, txt files can be uploaded"
    );

    // A download without a session: the same rule.
    let path = "/files/report-text/430104/202611";
    let r = get(&router, path, None).await;
    assert_eq!(
        (r.status, r.error()),
        (StatusCode::UNAUTHORIZED, AppError::Unauthenticated)
    );
    assert_eq!(message(&r), "请先登录");
    let r = get(&router, path, Some("i18n_pref_locale=en")).await;
    assert_eq!(r.error(), AppError::Unauthenticated);
    assert_eq!(message(&r), "Please log in first");
    t.cleanup().await;
}
