//! Server-sent events: an open view hears about changes in its subtree, and
//! only those.

use crate::common;

use app::backend::prelude::*;
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

/// Two instances on one PostgreSQL database: a change made through one
/// reaches the viewers of the other (LISTEN/NOTIFY), and an instance does
/// not hear its own change twice.
#[tokio::test]
async fn changes_fan_out_to_other_instances_on_postgres() {
    for t in common::databases().await {
        let Some(url) = t.url.clone() else {
            continue;
        };
        let (a, _) = common::backend(&t.db);
        common::seed_small(&a).await;
        let second = sea_orm::Database::connect(&url).await.unwrap();
        let (b, _) = common::backend(&second);
        assert!(server::fanout::start(&a.live, &t.db, &url, &a.metrics));
        assert!(server::fanout::start(&b.live, &second, &url, &b.metrics));
        let mut at_b = b.live.subscribe();
        let mut at_a = a.live.subscribe();
        // Both listeners must be up before the change: retry until heard.
        let county = actor_by_username(&t.db, "r430104").await.unwrap().unwrap();
        let period = Period::new(2026, 11).unwrap();
        let mut heard = None;
        let mut sent = 0;
        for _ in 0..50 {
            a.publish(county.region_id, period).await.unwrap();
            sent += 1;
            // A listener that (re)connects first tells its pages to re-read
            // everything (`period` None); the change itself follows.
            while let Ok(Ok(c)) =
                tokio::time::timeout(Duration::from_millis(200), at_b.recv()).await
            {
                if c.period.is_some() {
                    heard = Some(c);
                    break;
                }
            }
            if heard.is_some() {
                break;
            }
        }
        let c = heard.expect("instance B hears A's change");
        assert_eq!(c.period, Some(period));
        assert!(c.concerns(county.region_id));
        let hunan = actor_by_username(&t.db, "r430000").await.unwrap().unwrap();
        assert!(c.concerns(hunan.region_id), "ancestors are told too");
        let guangdong = actor_by_username(&t.db, "r440000").await.unwrap().unwrap();
        assert!(!c.concerns(guangdong.region_id));
        // A heard each of its own publishes exactly once: its own NOTIFYs
        // come back to it and are ignored.
        tokio::time::sleep(Duration::from_millis(500)).await;
        let mut own = 0;
        while let Ok(c) = at_a.try_recv() {
            if c.period.is_some() {
                own += 1;
            }
        }
        assert_eq!(own, sent);
        drop(second);
        t.cleanup().await;
    }
}

/// The LISTEN connection of every instance is killed in the middle of a
/// burst of changes: each instance logs and counts the loss, reconnects,
/// and tells its open pages to re-read everything — no change is lost
/// without a trace.
#[tokio::test]
async fn a_lost_listen_connection_makes_open_pages_re_read() {
    for t in common::databases().await {
        let Some(url) = t.url.clone() else {
            continue;
        };
        let (a, _) = common::backend(&t.db);
        common::seed_small(&a).await;
        let second = sea_orm::Database::connect(&url).await.unwrap();
        let (b, _) = common::backend(&second);
        let mut at_b = b.live.subscribe();
        assert!(server::fanout::start(&a.live, &t.db, &url, &a.metrics));
        assert!(server::fanout::start(&b.live, &second, &url, &b.metrics));
        // B's listener is up once it has told its pages to re-read.
        let resync = |rx: &mut tokio::sync::broadcast::Receiver<server::live::Change>| {
            let mut rx = rx.resubscribe();
            async move {
                loop {
                    match rx.recv().await {
                        Ok(c) if c.period.is_none() => return true,
                        Ok(_) => continue,
                        Err(_) => return false,
                    }
                }
            }
        };
        let first = tokio::time::timeout(Duration::from_secs(10), at_b.recv()).await;
        assert!(matches!(first, Ok(Ok(c)) if c.period.is_none()));

        let county = actor_by_username(&t.db, "r430104").await.unwrap().unwrap();
        let period = Period::new(2026, 11).unwrap();
        let burst = {
            let a = a.clone();
            tokio::spawn(async move {
                for _ in 0..100 {
                    a.publish(county.region_id, period).await.unwrap();
                    tokio::time::sleep(Duration::from_millis(5)).await;
                }
            })
        };
        tokio::time::sleep(Duration::from_millis(150)).await;
        let waiting = tokio::spawn(resync(&mut at_b));
        let killed = common::count(
            &t.db,
            "SELECT CAST(COUNT(pg_terminate_backend(pid)) AS BIGINT) AS n FROM pg_stat_activity \
             WHERE application_name = $1 AND datname = current_database()",
            vec![server::fanout::APPLICATION_NAME.into()],
        )
        .await;
        assert!(killed >= 2, "both listeners were connected ({killed})");
        burst.await.unwrap();
        let caught_up = tokio::time::timeout(Duration::from_secs(10), waiting)
            .await
            .expect("B re-reads within seconds")
            .unwrap();
        assert!(caught_up, "B's pages were told to re-read after the loss");
        assert!(
            b.metrics
                .render()
                .contains("jyxx_listen_reconnects_total 1")
                || b.metrics
                    .render()
                    .contains("jyxx_listen_reconnects_total 2")
        );
        drop(second);
        t.cleanup().await;
    }
}
