//! Fresh databases for integration tests: a SQLite file in a temp dir always,
//! and a new PostgreSQL database too when TEST_DATABASE_URL names a server.
#![allow(dead_code)]

use chrono::{DateTime, TimeZone, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use server::backend::ServerBackend;
use server::clock::TestClock;
use server::db;
use std::sync::Arc;

pub struct TestDb {
    pub name: String,
    pub db: DatabaseConnection,
    _dir: Option<tempfile::TempDir>,
    pg: Option<(String, String)>,
}

impl TestDb {
    /// Drops the PostgreSQL database (SQLite's temp dir goes by itself).
    pub async fn cleanup(self) {
        let TestDb { db, pg, .. } = self;
        drop(db);
        if let Some((admin_url, name)) = pg {
            if let Ok(admin) = db::connect(&admin_url).await {
                let _ = admin
                    .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .await;
            }
        }
    }
}

/// 2026-11-29 10:00 in Beijing.
pub fn test_now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 29, 2, 0, 0).unwrap()
}

/// Every database the tests should run on, migrated and empty.
pub async fn databases() -> Vec<TestDb> {
    let mut out = Vec::new();
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display());
    let conn = db::connect(&url).await.expect("sqlite");
    db::migrate(&conn).await.expect("migrate sqlite");
    out.push(TestDb {
        name: "sqlite".into(),
        db: conn,
        _dir: Some(dir),
        pg: None,
    });
    if let Ok(admin_url) = std::env::var("TEST_DATABASE_URL") {
        if !admin_url.is_empty() {
            let admin = db::connect(&admin_url)
                .await
                .expect("TEST_DATABASE_URL reachable");
            let name = format!(
                "jyxx_t_{}",
                server::auth::session::new_token()[..16].to_string()
            );
            admin
                .execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .expect("create test database");
            let base = match admin_url.rfind('/') {
                Some(i) if i > "postgres://".len() => &admin_url[..i],
                _ => admin_url.as_str(),
            };
            let url = format!("{base}/{name}");
            let conn = db::connect(&url).await.expect("connect test database");
            db::migrate(&conn).await.expect("migrate postgres");
            out.push(TestDb {
                name: "postgres".into(),
                db: conn,
                _dir: None,
                pg: Some((admin_url.clone(), name)),
            });
        }
    }
    out
}

/// A backend over `db` with a test clock at `test_now()`.
pub fn backend(db: &DatabaseConnection) -> (Arc<ServerBackend>, TestClock) {
    let clock = TestClock::at(test_now());
    (
        Arc::new(ServerBackend::new(
            db.clone(),
            Arc::new(clock.clone()),
            false,
        )),
        clock,
    )
}

/// Seeds the demo at a small scale (a few thousand schools).
pub async fn seed_small(b: &ServerBackend) {
    server::seed::seed_demo(&b.db, &b.hasher, test_now(), 0.01)
        .await
        .expect("seed");
}
