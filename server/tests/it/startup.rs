//! Two instances started together on an empty PostgreSQL database: both
//! come up, the schema is migrated once and the demo seeded once (the
//! advisory lock makes them take turns).

use sea_orm::ConnectionTrait;

#[tokio::test]
async fn two_instances_start_together_on_an_empty_database() {
    let Ok(admin_url) = std::env::var("TEST_DATABASE_URL") else {
        return;
    };
    if admin_url.is_empty() {
        return;
    }
    let admin = server::db::connect(&admin_url).await.unwrap();
    let name = format!("jyxx_s_{}", &server::auth::session::new_token()[..16]);
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .unwrap();
    let base = &admin_url[..admin_url.rfind('/').unwrap()];
    let url = format!("{base}/{name}");
    let start = |url: String| async move {
        let conn = server::db::connect(&url).await.unwrap();
        let hasher = server::auth::password::Hasher::default();
        let demo = server::startup::Demo {
            hasher: &hasher,
            now: crate::common::test_now(),
            scale: 0.002,
        };
        let seeded = server::startup::prepare(&conn, &url, Some(demo)).await;
        (conn, seeded.map(|r| r.is_some()))
    };
    let ((a, seeded_a), (b, seeded_b)) = tokio::join!(start(url.clone()), start(url.clone()));
    let (seeded_a, seeded_b) = (seeded_a.unwrap(), seeded_b.unwrap());
    assert!(seeded_a ^ seeded_b, "exactly one instance seeded");
    for conn in [&a, &b] {
        assert_eq!(server::db::readiness(conn).await, Ok(()));
    }
    let regions = crate::common::count(&a, "SELECT COUNT(*) AS n FROM regions", vec![]).await;
    assert_eq!(regions, 3340, "the tree once, not twice");
    drop((a, b));
    let _ = admin
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .await;
}
