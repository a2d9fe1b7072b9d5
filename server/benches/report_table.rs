//! Seeds the full national demo into a fresh SQLite database (or the
//! PostgreSQL server named by BENCH_DATABASE_URL, which must be empty) and
//! prints how long the seed took and how long status tables take to read.
//! Figures only: no assertions on time.

use server::backend::{actor_by_username, ServerBackend};
use server::clock::SystemClock;
use server::{db, report, seed};
use std::sync::Arc;
use std::time::Instant;

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = std::env::var("BENCH_DATABASE_URL").unwrap_or_else(|_| {
        format!(
            "sqlite://{}?mode=rwc",
            dir.path().join("bench.db").display()
        )
    });
    let scale: f64 = std::env::var("BENCH_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1.0);
    let conn = db::connect(&url).await.expect("connect");
    db::migrate(&conn).await.expect("migrate");
    let b = ServerBackend::new(conn.clone(), Arc::new(SystemClock), false);
    let r = seed::seed_demo(&conn, &b.hasher, chrono::Utc::now(), scale)
        .await
        .expect("seed");
    println!(
        "seed: {} regions, {} schools, {} monthly rows, {} users in {:.2} s",
        r.regions,
        r.schools,
        r.monthly_rows,
        r.users,
        r.elapsed.as_secs_f64()
    );
    let period = *r.periods.last().unwrap();
    for (user, label) in [
        ("a000000", "national (31 rows)"),
        ("r430000", "province (14 rows)"),
        ("r430104", "county"),
    ] {
        let actor = actor_by_username(&conn, user).await.unwrap().unwrap();
        let n = 200;
        let t = Instant::now();
        for _ in 0..n {
            report::report_table(&conn, &actor, None, period, chrono::Utc::now())
                .await
                .unwrap();
        }
        let per = t.elapsed().as_secs_f64() * 1000.0 / n as f64;
        println!("status table, {label}: {per:.3} ms per read ({n} reads)");
        let t = Instant::now();
        let schools = report::direct_schools(&conn, &actor, &actor.region_code, period)
            .await
            .unwrap();
        println!(
            "direct schools, {label}: {} rows in {:.3} ms",
            schools.len(),
            t.elapsed().as_secs_f64() * 1000.0
        );
    }
}
