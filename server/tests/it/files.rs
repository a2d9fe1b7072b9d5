//! 月报文本 upload and download through the real router: size limit while
//! streaming, type by content, scope, attachment headers, and refusals that
//! leave nothing behind.

use crate::common;

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
    for (name, bytes, expect) in [
        (
            "月报.pdf",
            b"MZ\x90\x00 not a pdf".to_vec(),
            "文件内容与扩展名不符",
        ),
        (
            "月报.docx",
            b"PK\x03\x04 but no word entries".to_vec(),
            "文件内容与扩展名不符",
        ),
        (
            "月报.txt",
            b"binary\x00stuff".to_vec(),
            "文件内容与扩展名不符",
        ),
        ("月报.exe", b"MZ".to_vec(), "只能上传"),
        ("空.txt", Vec::new(), "文件是空的"),
        ("大.txt", vec![b'a'; 20 * 1024 * 1024 + 1], "20 MB"),
    ] {
        let r = upload(&router, &county, name, &bytes).await;
        // Over the bound is 413; every other refusal of the file, 400.
        let status = if name == "大.txt" {
            StatusCode::PAYLOAD_TOO_LARGE
        } else {
            StatusCode::BAD_REQUEST
        };
        assert_eq!(r.status, status, "{name}");
        assert!(r.text().contains(expect), "{name}: {}", r.text());
    }
    assert_eq!(files_under(dir.path()), 0, "nothing left on disk");
    for user in ["a430104", "s4301040001"] {
        let c = login(&router, user).await;
        let r = upload(&router, &c, "月报.txt", b"text").await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{user}");
        assert!(
            r.text().contains("只有本地区的审核员"),
            "{user}: {}",
            r.text()
        );
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
