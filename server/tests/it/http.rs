//! The real router answering crafted server-fn calls, as any HTTP client
//! could send them: every call authorizes, out of scope is "not found".

use crate::common;

use app::domain::code::CodeError;
use app::domain::PeriodError;
use app::error::AppError;
use app::message::{Reason, RequestIssue};
use axum::http::StatusCode;
use axum::Router;
use common::web::{login, post_form, router_for};

async fn call(
    router: &Router,
    path: &str,
    body: &str,
    cookie: Option<&str>,
) -> (StatusCode, Option<String>, String) {
    let r = post_form(router, path, body, cookie).await;
    (r.status, r.cookie(), r.text())
}

#[tokio::test]
async fn a_crafted_call_for_another_province_answers_not_found() {
    for t in common::databases().await {
        let (b, _) = common::backend(&t.db);
        common::seed_small(&b).await;
        let router = router_for(b);
        let hunan = login(&router, "r430000").await;

        let (status, _, body) = call(
            &router,
            "/api/get_report_table",
            "region=430000&year=2026&month=11",
            Some(&hunan),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert!(body.contains("长沙市"), "{body}");

        let (status, _, body) = call(
            &router,
            "/api/get_report_table",
            "region=440000&year=2026&month=11",
            Some(&hunan),
        )
        .await;
        assert_ne!(status, StatusCode::OK);
        assert!(body.contains("NotFound"), "{body}");
        assert!(!body.contains("广州"), "{body}");

        let (status, _, body) = call(
            &router,
            "/api/get_direct_schools",
            "region=440100&year=2026&month=11",
            Some(&hunan),
        )
        .await;
        assert_ne!(status, StatusCode::OK);
        assert!(body.contains("NotFound"), "{body}");
        t.cleanup().await;
    }
}

#[tokio::test]
async fn calls_without_a_session_or_with_bad_arguments_are_refused() {
    for t in common::databases().await {
        let (b, _) = common::backend(&t.db);
        common::seed_small(&b).await;
        let router = router_for(b);

        let (status, _, body) =
            call(&router, "/api/get_report_table", "year=2026&month=11", None).await;
        assert_ne!(status, StatusCode::OK);
        assert!(body.contains("Unauthenticated"), "{body}");

        let (_, _, body) = call(
            &router,
            "/api/get_report_table",
            "year=2026&month=11",
            Some("jyxx_sid=forged"),
        )
        .await;
        assert!(body.contains("Unauthenticated"), "{body}");

        let city = login(&router, "r430100").await;
        for (args, expect) in [
            ("year=2026&month=13", Reason::Period(PeriodError::BadMonth)),
            ("year=2027&month=1", Reason::Period(PeriodError::Future)),
            (
                "region=43'--&year=2026&month=11",
                Reason::Code(CodeError::Region),
            ),
            (
                "year=abc&month=1",
                Reason::Request(RequestIssue::BadArguments),
            ),
        ] {
            let r = post_form(&router, "/api/get_report_table", args, Some(&city)).await;
            assert_eq!(r.status, StatusCode::BAD_REQUEST, "{args}");
            assert_eq!(r.error(), AppError::Invalid(expect), "{args}");
        }

        let (_, cookie, body) = call(
            &router,
            "/api/login",
            "username=r430100&password=wrong",
            None,
        )
        .await;
        assert!(cookie.is_none());
        assert_eq!(
            serde_json::from_str::<AppError>(&body).unwrap(),
            AppError::Refused(app::message::AuthIssue::LoginFailed.into()),
            "{body}"
        );
        t.cleanup().await;
    }
}

#[tokio::test]
async fn logout_ends_the_session_on_the_server() {
    for t in common::databases().await {
        let (b, _) = common::backend(&t.db);
        common::seed_small(&b).await;
        let router = router_for(b);
        let city = login(&router, "r430100").await;
        let (_, cookie, _) = call(&router, "/api/logout", "", Some(&city)).await;
        assert!(cookie.unwrap().contains("Max-Age=0"));
        let (_, _, body) = call(
            &router,
            "/api/get_report_table",
            "year=2026&month=11",
            Some(&city),
        )
        .await;
        assert!(body.contains("Unauthenticated"), "{body}");
        t.cleanup().await;
    }
}

/// A JSON server-fn call, as the forms send their payloads.
async fn post_json(
    router: &Router,
    path: &str,
    body: serde_json::Value,
    cookie: &str,
) -> common::web::Reply {
    let req = axum::http::Request::post(path)
        .header(axum::http::header::CONTENT_TYPE, "application/json")
        .header(axum::http::header::ACCEPT, "application/json")
        .header(axum::http::header::COOKIE, cookie)
        .body(axum::body::Body::from(body.to_string()))
        .unwrap();
    common::web::send(router, req).await
}

#[tokio::test]
async fn a_payload_refused_by_the_domains_checks_answers_the_typed_issue() {
    use app::domain::admin::SchoolIssue;
    use app::domain::figures::{Field, FieldIssue, FieldIssueKind};
    use serde_json::json;
    for t in common::databases().await {
        let (b, _) = common::backend(&t.db);
        common::seed_small(&b).await;
        let router = router_for(b);
        // A school without a name never reaches the server fn (its type
        // deserializes only through `check_school`).
        let city = login(&router, "r430100").await;
        let r = post_json(
            &router,
            "/api/admin_save_school",
            json!({
                "original": null,
                "school": {
                    "code": "4301049901",
                    "name": "  ",
                    "school_type": "Primary",
                    "six_three": true,
                    "region_code": "430104"
                },
                "request_key": "k-0123456789abcdef"
            }),
            &city,
        )
        .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text());
        assert_eq!(
            r.error(),
            AppError::Invalid(SchoolIssue::NameMissing.into())
        );
        // Negative figures likewise (`CheckedFigures`).
        let school = login(&router, "s4301040001").await;
        let figures = json!({
            "classes": -1, "teachers": 50, "students": 800, "six_three": true,
            "broadband": true, "broadband_mbps": 200, "multimedia_rooms": 0,
            "teacher_spaces": 40, "student_spaces": 500
        });
        let r = post_json(
            &router,
            "/api/save_school_month",
            json!({
                "year": 2026, "month": 11, "figures": figures,
                "base_version": 0, "confirm_jumps": false
            }),
            &school,
        )
        .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text());
        assert_eq!(
            r.error(),
            AppError::Invalid(Reason::Field(FieldIssue {
                field: Field::Classes,
                kind: FieldIssueKind::NotCount
            }))
        );
        t.cleanup().await;
    }
}

/// Issue 16: a streamed page's later writes must not wait for the client's
/// delayed ACK, so every accepted connection has TCP_NODELAY.
#[tokio::test]
async fn accepted_connections_have_nodelay_set() {
    let listener = server::http::listen("127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let addr = listener.local_addr().unwrap();
    let client = tokio::spawn(tokio::net::TcpStream::connect(addr));
    let (accepted, _) = listener.accept().await.unwrap();
    assert!(
        accepted.nodelay().unwrap(),
        "TCP_NODELAY on the accepted socket"
    );
    drop(client.await.unwrap().unwrap());
}
