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
