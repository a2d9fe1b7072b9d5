//! What the small benches share: a temporary SQLite database, migrated and
//! seeded with 1 % of the national demo, and its backend on the real clock.

use server::backend::ServerBackend;
use server::clock::SystemClock;
use server::{db, seed};
use std::sync::Arc;

/// The seeded backend; the directory holds the database and the data dir
/// and is removed when dropped.
pub async fn seeded_sqlite() -> (tempfile::TempDir, ServerBackend) {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("bench.db").display()
    );
    let conn = db::connect(&url).await.expect("connect");
    db::migrate(&conn).await.expect("migrate");
    let b = ServerBackend::new(conn.clone(), Arc::new(SystemClock), false)
        .with_data_dir(dir.path().to_path_buf());
    seed::seed_demo(&conn, &b.hasher, chrono::Utc::now(), 0.01)
        .await
        .expect("seed");
    (dir, b)
}
