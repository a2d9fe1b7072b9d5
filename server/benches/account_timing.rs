//! How long the answers that must not tell whether an account exists take:
//! 忘记密码 for a registered and an unknown address, and a failed login for
//! an existing account, an unknown name and an account whose password was
//! never set. Prints medians and 90th percentiles side by side; figures
//! only, no assertions on time.

mod common;

use app::backend::prelude::*;
use sea_orm::ConnectionTrait;
use std::time::{Duration, Instant};

fn summary(mut xs: Vec<Duration>) -> String {
    xs.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    format!(
        "median {:.2} ms, p90 {:.2} ms",
        ms(xs[xs.len() / 2]),
        ms(xs[xs.len() * 9 / 10])
    )
}

#[tokio::main]
async fn main() {
    let (_dir, b) = common::seeded_sqlite().await;
    let b = b.with_test_captchas();
    let conn = b.db.clone();
    conn.execute_unprepared("UPDATE users SET password_hash = '!' WHERE username = 'r430104'")
        .await
        .expect("an account without a password");

    let n = 40;
    let mut known = Vec::new();
    let mut unknown = Vec::new();
    for i in 0..n {
        // Different addresses each time: the per-address limit is 5 an hour.
        for (addr, out) in [
            (format!("r43010{}@jyxx.example", i % 2 + 2), &mut known),
            (format!("nobody{i}@example.com"), &mut unknown),
        ] {
            conn.execute_unprepared("DELETE FROM reset_attempts")
                .await
                .unwrap();
            let c = b.new_captcha().await.unwrap();
            let answer = b.test_captchas.as_ref().unwrap().lock().unwrap()[&c.id].clone();
            let t = Instant::now();
            let r = b.request_reset(addr, c.id, answer).await;
            out.push(t.elapsed());
            assert_eq!(r, Ok(server::reset::SENT));
        }
    }
    println!("忘记密码, registered address: {}", summary(known));
    println!("忘记密码, unknown address:    {}", summary(unknown));

    let mut rows: Vec<(&str, Vec<Duration>)> = vec![
        ("login, existing account, wrong password", Vec::new()),
        ("login, unknown account                 ", Vec::new()),
        ("login, account without a password yet  ", Vec::new()),
    ];
    for _ in 0..20 {
        for (i, user) in ["r430102", "no_such_user", "r430104"].iter().enumerate() {
            let t = Instant::now();
            let r = b.login(user, "Wrong12345", None, Default::default()).await;
            rows[i].1.push(t.elapsed());
            assert!(r.is_err());
        }
    }
    for (label, xs) in rows {
        println!("{label}: {}", summary(xs));
    }
}
