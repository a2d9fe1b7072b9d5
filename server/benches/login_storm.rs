//! A storm of logins against the status table's readers: 200 logins a
//! second for 10 seconds (each with its own name and address, so that no
//! throttle stops them before the password is hashed), while a county reviewer reads its table in a loop.
//! Prints the reader's p50/p95 idle and during the storm (the ratio is the
//! figure), how the logins were answered (done, refused as busy), and the
//! process's resident memory before, at the storm's peak and after it.
//! Figures only, no assertions on time.

mod common;

use app::backend::prelude::*;
use app::backend::LoginAttempt;
use app::error::AppError;
use server::backend::{actor_by_username, ServerBackend};
use server::report;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Resident memory of this process, MiB (Linux: /proc/self/status).
fn rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn percentiles(mut xs: Vec<Duration>) -> (f64, f64) {
    xs.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    (ms(xs[xs.len() / 2]), ms(xs[xs.len() * 95 / 100]))
}

/// Reads the county's table for `how_long`, returning each read's time.
async fn read_for(b: &ServerBackend, how_long: Duration) -> Vec<Duration> {
    let actor = actor_by_username(&b.db, "r430104").await.unwrap().unwrap();
    let period = app::domain::Period::of(app::domain::cst_date(chrono::Utc::now()));
    let mut times = Vec::new();
    let end = Instant::now() + how_long;
    while Instant::now() < end {
        let t = Instant::now();
        report::report_table(&b.db, &actor, None, period, chrono::Utc::now())
            .await
            .unwrap();
        times.push(t.elapsed());
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    times
}

#[tokio::main]
async fn main() {
    let (_dir, b) = common::seeded_sqlite().await;
    let b = Arc::new(b);
    let before = rss_mib();
    let (idle50, idle95) = percentiles(read_for(&b, Duration::from_secs(3)).await);

    let (done, busy, other) = (
        Arc::new(AtomicU64::new(0)),
        Arc::new(AtomicU64::new(0)),
        Arc::new(AtomicU64::new(0)),
    );
    let peak = Arc::new(std::sync::Mutex::new(before));
    let storm = {
        let (b, done, busy, other, peak) = (
            b.clone(),
            done.clone(),
            busy.clone(),
            other.clone(),
            peak.clone(),
        );
        tokio::spawn(async move {
            let mut every = tokio::time::interval(Duration::from_millis(5));
            let mut logins = Vec::new();
            for i in 0..2000u32 {
                every.tick().await;
                let (b, done, busy, other) = (b.clone(), done.clone(), busy.clone(), other.clone());
                logins.push(tokio::spawn(async move {
                    let attempt = LoginAttempt {
                        source: Some(format!("10.{}.{}.{}", i >> 16, (i >> 8) & 255, i & 255)),
                        captcha: None,
                    };
                    // Unknown names: each verifies the dummy hash, and no
                    // per-account throttle refuses before hashing.
                    let user = format!("storm{i}");
                    match b.login(&user, "wrong password", None, attempt).await {
                        Err(AppError::Busy { .. }) => &busy,
                        Err(AppError::Refused(_)) => &done,
                        _ => &other,
                    }
                    .fetch_add(1, Ordering::Relaxed);
                }));
                if i % 50 == 0 {
                    let mut p = peak.lock().unwrap();
                    *p = p.max(rss_mib());
                }
            }
            for l in logins {
                let _ = l.await;
            }
        })
    };
    let (storm50, storm95) = percentiles(read_for(&b, Duration::from_secs(9)).await);
    storm.await.unwrap();
    let peak = *peak.lock().unwrap();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let after = rss_mib();
    println!(
        "login storm, 200/s for 10 s: {} verified, {} refused as busy (503), {} other",
        done.load(Ordering::Relaxed),
        busy.load(Ordering::Relaxed),
        other.load(Ordering::Relaxed)
    );
    println!(
        "status table read (county): idle p50 {idle50:.2} ms, p95 {idle95:.2} ms; during the storm p50 {storm50:.2} ms, p95 {storm95:.2} ms ({:.2}× idle p95)",
        storm95 / idle95
    );
    println!("resident memory: before {before:.0} MiB, storm peak {peak:.0} MiB, 2 s after {after:.0} MiB");
}
