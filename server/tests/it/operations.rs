//! What an operator relies on: liveness, readiness and metrics over HTTP,
//! and a full or read-only store answered as such, with nothing changed.

use crate::common;
use app::backend::prelude::*;
use app::error::AppError;
use server::error::ServiceError;

#[tokio::test]
async fn health_readiness_and_metrics_answer_over_http() {
    for t in common::databases().await {
        let (b, _clock) = common::backend(&t.db);
        common::seed_small(&b).await;
        let router = common::web::router_for(b.clone());
        let r = common::web::get(&router, "/healthz", None).await;
        assert_eq!((r.status.as_u16(), r.text()), (200, "ok".into()));
        let r = common::web::get(&router, "/readyz", None).await;
        assert_eq!((r.status.as_u16(), r.text()), (200, "ready".into()));
        let _ = common::web::get(&router, "/login", None).await;
        let _ = common::web::post_form(&router, "/api/get_me", "", None).await;
        b.run_deadlines().await.unwrap();
        let m = common::web::get(&router, "/metrics", None).await;
        let text = m.text();
        assert!(
            text.contains(
                "jyxx_http_requests_total{route=\"/login\",method=\"GET\",status=\"200\"}"
            ),
            "{text}"
        );
        assert!(
            text.contains("route=\"/api/get_me\""),
            "server fns by name: {text}"
        );
        assert!(
            text.contains("jyxx_deadline_job_duration_seconds_count 1"),
            "{text}"
        );
        assert!(text.contains("jyxx_live_connections 0"), "{text}");
        t.cleanup().await;
    }
}

#[tokio::test]
async fn a_read_only_store_is_told_as_such_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ro.db");
    let url = format!("sqlite://{}?mode=rwc", path.display());
    {
        let db = server::db::connect(&url).await.unwrap();
        server::db::migrate(&db).await.unwrap();
    }
    let read_only = server::db::connect(&format!("sqlite://{}?mode=ro", path.display()))
        .await
        .unwrap();
    let (b, _clock) = common::backend(&read_only);
    let e = b.support_contacts().await;
    assert!(e.is_ok(), "reading works: {e:?}");
    let write = server::settings::put(&read_only, "support_qq", "12345").await;
    let e: AppError = write.unwrap_err().into();
    assert!(matches!(e, AppError::Storage(_)), "{e:?}");
    // A file that cannot be written is the same kind of fault.
    let io = ServiceError::Io(std::io::Error::from(std::io::ErrorKind::StorageFull));
    assert!(matches!(AppError::from(io), AppError::Storage(_)));
}
