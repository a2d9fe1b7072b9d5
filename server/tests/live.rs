//! Server-sent events: an open view hears about changes in its subtree, and
//! only those.

mod common;

use app::backend::Backend;
use app::domain::Period;
use axum::body::Body;
use axum::http::{header, Request};
use http_body_util::BodyExt;
use server::backend::actor_by_username;
use std::time::Duration;
use tower::ServiceExt;

async fn next_event(body: &mut Body, wait: Duration) -> Option<String> {
    match tokio::time::timeout(wait, body.frame()).await {
        Ok(Some(Ok(frame))) => frame
            .into_data()
            .ok()
            .map(|d| String::from_utf8_lossy(&d).to_string()),
        _ => None,
    }
}

#[tokio::test]
async fn a_parent_hears_its_child_submit_and_a_sibling_does_not() {
    let t = common::databases().await.into_iter().next().unwrap();
    let (b, clock) = common::backend(&t.db);
    clock.set(common::cst(2026, 11, 1, 8));
    common::seed_small_at(&b, common::cst(2026, 11, 1, 8)).await;
    clock.set(common::cst(2026, 11, 3, 10));
    let router = common::web::router_for(b.clone());
    let city = common::web::login(&router, "r430100").await;
    let sibling = common::web::login(&router, "r430102").await;
    let open = |cookie: String| {
        let router = router.clone();
        async move {
            let req = Request::get("/api/events")
                .header(header::COOKIE, cookie)
                .body(Body::empty())
                .unwrap();
            let resp = router.oneshot(req).await.unwrap();
            assert_eq!(
                resp.headers().get(header::CONTENT_TYPE).unwrap(),
                "text/event-stream"
            );
            resp.into_body()
        }
    };
    let mut city_events = open(city).await;
    let mut sibling_events = open(sibling).await;
    let hello = next_event(&mut city_events, Duration::from_secs(2))
        .await
        .unwrap();
    assert!(
        hello.contains("event: change") && hello.contains("data: *"),
        "{hello}"
    );
    next_event(&mut sibling_events, Duration::from_secs(2))
        .await
        .unwrap();

    common::give_text(&t.db, "430104", 202611).await;
    let county = actor_by_username(&t.db, "r430104").await.unwrap().unwrap();
    b.submit_report(&county, Period::new(2026, 11).unwrap())
        .await
        .unwrap();

    let e = next_event(&mut city_events, Duration::from_secs(2))
        .await
        .expect("the city hears it");
    assert!(e.contains("data: 202611"), "{e}");
    assert_eq!(
        next_event(&mut sibling_events, Duration::from_millis(300)).await,
        None,
        "the sibling hears nothing"
    );

    let anonymous = router
        .clone()
        .oneshot(Request::get("/api/events").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(anonymous.status(), axum::http::StatusCode::UNAUTHORIZED);
    t.cleanup().await;
}
