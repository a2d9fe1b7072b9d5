//! Fresh databases for integration tests: a SQLite file in a temp dir always,
//! and a new PostgreSQL database too when TEST_DATABASE_URL names a server.
#![allow(dead_code)]

pub mod web;

use chrono::{DateTime, TimeZone, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use server::backend::ServerBackend;
use server::clock::TestClock;
use server::db;
use std::sync::Arc;

pub struct TestDb {
    pub name: String,
    pub db: DatabaseConnection,
    /// The PostgreSQL database's address (None for SQLite).
    pub url: Option<String>,
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
    // Internal errors are logged with their cause; show them in failures.
    let _ = tracing_subscriber::fmt().with_test_writer().try_init();
    let mut out = Vec::new();
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display());
    let conn = db::connect(&url).await.expect("sqlite");
    db::migrate(&conn).await.expect("migrate sqlite");
    out.push(TestDb {
        name: "sqlite".into(),
        db: conn,
        url: None,
        _dir: Some(dir),
        pg: None,
    });
    if let Ok(admin_url) = std::env::var("TEST_DATABASE_URL") {
        if !admin_url.is_empty() {
            let admin = db::connect(&admin_url)
                .await
                .expect("TEST_DATABASE_URL reachable");
            let name = format!("jyxx_t_{}", &server::auth::session::new_token()[..16]);
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
                url: Some(url.clone()),
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

/// The same, keeping its files (mail outbox, uploads) in `dir`.
pub fn backend_in(
    db: &DatabaseConnection,
    dir: &std::path::Path,
) -> (Arc<ServerBackend>, TestClock) {
    let clock = TestClock::at(test_now());
    (
        Arc::new(
            ServerBackend::new(db.clone(), Arc::new(clock.clone()), false)
                .with_data_dir(dir.to_path_buf()),
        ),
        clock,
    )
}

/// Seeds the demo at a small scale (a few thousand schools).
pub async fn seed_small(b: &ServerBackend) {
    server::seed::seed_demo(&b.db, &b.hasher, test_now(), 0.01)
        .await
        .expect("seed");
}

/// `y-m-d h:00` Beijing time.
pub fn cst(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    use chrono::TimeZone as _;
    app::domain::period::cst()
        .with_ymd_and_hms(y, m, d, h, 0, 0)
        .unwrap()
        .with_timezone(&Utc)
}

/// Seeds the small demo as if the server first started at `now`.
pub async fn seed_small_at(b: &ServerBackend, now: DateTime<Utc>) {
    server::seed::seed_demo(&b.db, &b.hasher, now, 0.01)
        .await
        .expect("seed");
}

/// A region's report state for a period, as stored (None: no row yet).
pub async fn state_of(
    db: &DatabaseConnection,
    code: &str,
    period: i32,
) -> Option<app::domain::ReportState> {
    let row = db
        .query_one(server::db::stmt(
            db,
            "SELECT rr.state FROM region_reports rr JOIN regions r ON r.id = rr.region_id WHERE r.code = $1 AND rr.period = $2",
            vec![code.into(), period.into()],
        ))
        .await
        .unwrap()?;
    app::domain::ReportState::from_code(row.try_get("", "state").unwrap())
}

/// Records an uploaded 月报文本 for a region (the upload path has its own tests).
pub async fn give_text(db: &DatabaseConnection, code: &str, period: i32) {
    db.execute(server::db::stmt(
        db,
        "INSERT INTO report_texts (region_id, period, stored_name, original_name, size, kind, uploaded_by, uploaded_at) \
         SELECT id, $1, 'x.txt', '月报.txt', 3, 'txt', 1, $2 FROM regions WHERE code = $3",
        vec![period.into(), test_now().into(), code.into()],
    ))
    .await
    .unwrap();
}

pub async fn count(db: &DatabaseConnection, sql: &str, values: Vec<sea_orm::Value>) -> i64 {
    db.query_one(server::db::stmt(db, sql, values))
        .await
        .unwrap()
        .unwrap()
        .try_get::<i64>("", "n")
        .unwrap()
}

/// The .eml files in the outbox under `dir`, sorted.
pub fn mails(dir: &std::path::Path) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(dir.join("outbox"))
        .map(|rd| {
            rd.flatten()
                .filter(|e| {
                    e.file_name().to_string_lossy().ends_with(".eml")
                        && !e.file_name().to_string_lossy().starts_with('.')
                })
                .map(|e| std::fs::read_to_string(e.path()).unwrap())
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

pub async fn wait_for_mails(dir: &std::path::Path, n: usize) -> Vec<String> {
    for _ in 0..100 {
        let m = mails(dir);
        if m.len() >= n {
            return m;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    mails(dir)
}

/// A mail's subject and body as its reader sees them: encoded words
/// (RFC 2047) and quoted-printable undone, folded lines joined.
pub fn mail_text(mail: &str) -> (String, String) {
    use base64::Engine;
    let (head, body) = mail.split_once("\r\n\r\n").expect("headers, then a body");
    let head = head.replace("\r\n ", " ").replace("\r\n\t", " ");
    let raw = head
        .lines()
        .find_map(|l| l.strip_prefix("Subject: "))
        .expect("a subject");
    // Adjacent encoded words join without the space between them, and a
    // character may be split across two: decode their bytes together.
    let mut subject = String::new();
    let mut pending: Vec<u8> = Vec::new();
    let mut after_word = false;
    for (i, token) in raw.split(' ').enumerate() {
        let word = token
            .strip_prefix("=?")
            .and_then(|t| t.strip_suffix("?="))
            .and_then(|t| {
                let mut parts = t.splitn(3, '?');
                let (_charset, encoding, data) = (parts.next()?, parts.next()?, parts.next()?);
                match encoding {
                    "b" | "B" => base64::engine::general_purpose::STANDARD.decode(data).ok(),
                    _ => Some(quoted_printable(&data.replace('_', " ")).into_bytes()),
                }
            });
        match word {
            Some(bytes) => {
                if i > 0 && !after_word {
                    subject.push(' ');
                }
                pending.extend(bytes);
                after_word = true;
            }
            None => {
                subject.push_str(&String::from_utf8(std::mem::take(&mut pending)).unwrap());
                if i > 0 {
                    subject.push(' ');
                }
                subject.push_str(token);
                after_word = false;
            }
        }
    }
    subject.push_str(&String::from_utf8(pending).unwrap());
    (subject, quoted_printable(body))
}

/// Quoted-printable undone: soft line breaks removed, `=XX` as bytes.
fn quoted_printable(text: &str) -> String {
    let joined = text.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
            if let Ok(b) = u8::from_str_radix(hex, 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).expect("UTF-8 text")
}

/// Whether a text has Han characters (a word left in Chinese).
pub fn has_han(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// The token of the link in a quoted-printable mail.
pub fn token_in(mail: &str) -> String {
    let unfolded = mail.replace("=\r\n", "").replace("=\n", "");
    let i = unfolded.find("token=3D").expect("a link in the mail") + 8;
    unfolded[i..i + 64].to_string()
}

/// Waits for an import to end; its final state.
pub async fn finish_import(
    b: &ServerBackend,
    actor: &app::backend::Actor,
    id: &str,
) -> app::admin::model::ImportState {
    use app::admin::model::ImportState;
    use app::backend::prelude::*;
    for _ in 0..200 {
        let p = b.import_progress(actor, id.into()).await.unwrap();
        if matches!(p.state, ImportState::Done | ImportState::Failed(_)) {
            return p.state;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("import did not finish");
}

/// Every maintained aggregate equals the sum of its school months.
pub async fn assert_totals_match(db: &DatabaseConnection) {
    let findings = server::check::aggregates(db).await.unwrap();
    assert!(findings.is_empty(), "{}", findings.join("\n"));
}

/// Creates school `code` under `region` as the national admin would, with
/// an account `s<code>` for its admin (no password needed: tests act as
/// it directly); the admin.
pub async fn add_school(b: &ServerBackend, region: &str, code: &str) -> app::backend::Actor {
    use app::backend::prelude::*;
    let national = server::backend::actor_by_username(&b.db, "a000000")
        .await
        .unwrap()
        .unwrap();
    b.save_school(
        &national,
        None,
        app::domain::admin::SchoolInput {
            code: code.into(),
            name: format!("学校{code}"),
            school_type: app::domain::SchoolType::Primary,
            six_three: false,
            region_code: region.into(),
        },
        None,
    )
    .await
    .unwrap();
    b.db.execute(server::db::stmt(
        &b.db,
        "INSERT INTO users (username, password_hash, role, region_id, school_id, name, phone, email, disabled, created_at) \
         SELECT $1, '!', 3, NULL, id, $2, '', NULL, $3, $4 FROM schools WHERE code = $5",
        vec![
            format!("s{code}").into(),
            format!("学校{code}管理员").into(),
            false.into(),
            test_now().into(),
            code.into(),
        ],
    ))
    .await
    .unwrap();
    server::backend::actor_by_username(&b.db, &format!("s{code}"))
        .await
        .unwrap()
        .unwrap()
}

/// Every invariant `jyxx check` verifies holds.
pub async fn assert_data_holds(db: &DatabaseConnection) {
    let findings = server::check::all(db).await.unwrap();
    assert!(findings.is_empty(), "{}", findings.join("\n"));
}

/// A region code the test knows is well formed.
pub fn rc(code: &str) -> app::domain::code::RegionCode {
    app::domain::code::RegionCode::parse(code).unwrap()
}

/// A school code the test knows is well formed.
pub fn sc(code: &str) -> app::domain::code::SchoolCode {
    app::domain::code::SchoolCode::parse(code).unwrap()
}
