//! Random sequences of everything that can touch a month — saves and first
//! saves, 月更新确认, 审核上报, 重报 and 取消 of regions and schools,
//! creating, moving, closing and reopening schools, 月报文本 uploads and the
//! days passing with their deadlines — run through the real backend on a
//! small tree. After every step: a month that a region had reported before
//! the step and still reports after it has the same totals (it can change
//! only by being returned first), and every aggregate equals the sum of
//! its school months.

use crate::common;

use app::backend::prelude::*;
use app::backend::Actor;
use app::domain::admin::SchoolInput;
use app::domain::{Figures, Period};
use proptest::prelude::*;
use sea_orm::ConnectionTrait;
use server::backend::{actor_by_username, ServerBackend};
use server::clock::Clock;
use server::db::stmt;
use std::collections::BTreeMap;
use std::sync::Arc;

/// 全国 → 湖南省 → 长沙市 → 岳麓区, 开福区; 湘江新区 directly under the
/// province (a county without a city).
const TREE: &str = "code,name,level,parent_code
000000,全国,national,
430000,湖南省,province,000000
430100,长沙市,city,430000
430104,岳麓区,county,430100
430105,开福区,county,430100
431300,湘江新区,county,430000
";
const REGIONS: [&str; 6] = ["000000", "430000", "430100", "430104", "430105", "431300"];
/// Where each region's reviewer may send schools (any region of the tree).
const COUNTIES: [&str; 4] = ["430104", "430105", "431300", "430100"];

#[derive(Debug, Clone)]
enum Step {
    Save { school: usize, students: i32 },
    Confirm { school: usize },
    Submit { region: usize },
    ReturnRegion { child: usize },
    CancelRegion { child: usize },
    ReturnSchool { school: usize },
    CancelSchool { school: usize },
    Move { school: usize, to: usize },
    Create { region: usize },
    Close { school: usize },
    Reopen { school: usize },
    Upload { region: usize },
    NextDays(u32),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => (0..8usize, 100..900i32).prop_map(|(school, students)| Step::Save { school, students }),
        4 => (0..8usize).prop_map(|school| Step::Confirm { school }),
        4 => (0..6usize).prop_map(|region| Step::Submit { region }),
        3 => (1..6usize).prop_map(|child| Step::ReturnRegion { child }),
        2 => (1..6usize).prop_map(|child| Step::CancelRegion { child }),
        3 => (0..8usize).prop_map(|school| Step::ReturnSchool { school }),
        2 => (0..8usize).prop_map(|school| Step::CancelSchool { school }),
        3 => (0..8usize, 0..4usize).prop_map(|(school, to)| Step::Move { school, to }),
        1 => (0..4usize).prop_map(|region| Step::Create { region }),
        1 => (0..8usize).prop_map(|school| Step::Close { school }),
        1 => (0..8usize).prop_map(|school| Step::Reopen { school }),
        2 => (0..6usize).prop_map(|region| Step::Upload { region }),
        5 => (1..4u32).prop_map(Step::NextDays),
    ]
}

struct World {
    t: common::TestDb,
    b: Arc<ServerBackend>,
    clock: server::clock::TestClock,
    router: axum::Router,
    schools: Vec<String>,
}

async fn actor(w: &World, username: &str) -> Option<Actor> {
    actor_by_username(&w.t.db, username).await.unwrap()
}

async fn world() -> World {
    let t = common::databases().await.remove(0);
    let dir = tempfile::tempdir().unwrap().keep();
    let (b, clock) = common::backend_in(&t.db, &dir);
    let start = common::cst(2026, 11, 1, 9);
    clock.set(start);
    let txn = server::db::begin_write(&t.db).await.unwrap();
    let rows = server::seed::regions::parse(TREE).unwrap();
    server::seed::regions::insert(&txn, &rows).await.unwrap();
    let hash = b
        .hasher
        .hash(server::seed::DEMO_PASSWORD)
        .await
        .unwrap()
        .unwrap();
    let mut users: Vec<(String, i16, Option<i32>)> = vec![("a000000".into(), 0, Some(1))];
    for r in &rows {
        users.push((format!("r{}", r.code), 1, Some(r.id)));
    }
    for (name, role, region) in users {
        txn.execute(stmt(
            &txn,
            "INSERT INTO users (username, password_hash, role, region_id, school_id, name, phone, email, disabled, created_at) \
             VALUES ($1, $2, $3, $4, NULL, $5, '', NULL, $6, $7)",
            vec![name.clone().into(), hash.clone().into(), role.into(), region.into(), name.into(), false.into(), start.into()],
        ))
        .await
        .unwrap();
    }
    txn.commit().await.unwrap();
    let router = common::web::router_for(b.clone());
    let mut w = World {
        t,
        b,
        clock,
        router,
        schools: Vec::new(),
    };
    for (i, region) in ["430104", "430104", "430105", "430105", "431300", "430100"]
        .iter()
        .enumerate()
    {
        create(&mut w, region, i).await;
    }
    w
}

async fn create(w: &mut World, region: &str, n: usize) {
    let code = format!("{region}{:04}", 100 + n);
    common::add_school(&w.b, region, &code).await;
    w.schools.push(code);
}

fn period(w: &World) -> Period {
    Period::of(app::domain::cst_date(w.clock.now()))
}

fn figures(students: i32) -> Figures {
    Figures {
        classes: 10,
        teachers: 20,
        students,
        six_three: false,
        broadband: true,
        broadband_mbps: 100,
        multimedia_rooms: 5,
        teacher_spaces: 10,
        student_spaces: 50,
    }
}

/// The parent of each region of `REGIONS` (by index).
fn parent(i: usize) -> usize {
    match REGIONS[i] {
        "430000" => 0,
        "430100" | "431300" => 1,
        _ => 2,
    }
}

async fn apply(w: &mut World, s: &Step) {
    let p = period(w);
    let school = |i: usize| w.schools.get(i % w.schools.len().max(1)).cloned();
    // Every refusal is fine here: the invariants below are what count.
    match s {
        Step::Save {
            school: i,
            students,
        } => {
            let Some(code) = school(*i) else { return };
            if let Some(a) = actor(w, &format!("s{code}")).await {
                let v =
                    w.b.school_month(&a, p)
                        .await
                        .map(|m| m.version)
                        .unwrap_or(0);
                let _ =
                    w.b.save_school_month(&a, p, figures(*students), v, true)
                        .await;
            }
        }
        Step::Confirm { school: i } => {
            let Some(code) = school(*i) else { return };
            if let Some(a) = actor(w, &format!("s{code}")).await {
                let _ = w.b.confirm_month(&a, p).await;
            }
        }
        Step::Submit { region } => {
            let a = actor(w, &format!("r{}", REGIONS[*region])).await.unwrap();
            let _ = w.b.submit_report(&a, p).await;
        }
        Step::ReturnRegion { child } | Step::CancelRegion { child } => {
            let a = actor(w, &format!("r{}", REGIONS[parent(*child)]))
                .await
                .unwrap();
            let code = common::rc(REGIONS[*child]);
            let _ = match s {
                Step::ReturnRegion { .. } => w.b.return_region(&a, p, code, "请核实".into()).await,
                _ => w.b.cancel_region(&a, p, code).await,
            };
        }
        Step::ReturnSchool { school: i } | Step::CancelSchool { school: i } => {
            let Some(code) = school(*i) else { return };
            for r in REGIONS {
                let a = actor(w, &format!("r{r}")).await.unwrap();
                let _ = match s {
                    Step::ReturnSchool { .. } => {
                        w.b.return_school(&a, p, common::sc(&code), "请核实".into())
                            .await
                    }
                    _ => w.b.cancel_school(&a, p, common::sc(&code)).await,
                };
            }
        }
        Step::Move { school: i, to } => {
            let Some(code) = school(*i) else { return };
            let national = actor(w, "a000000").await.unwrap();
            let Ok(mut found) = w.b.admin_schools(&national, None, code.clone(), 0).await else {
                return;
            };
            let Some(e) = found.rows.pop() else { return };
            let _ =
                w.b.save_school(
                    &national,
                    Some(code),
                    SchoolInput {
                        code: e.code,
                        name: e.name,
                        school_type: e.school_type,
                        six_three: e.six_three,
                        region_code: COUNTIES[*to].into(),
                    },
                    None,
                )
                .await;
        }
        Step::Create { region } => {
            let n = w.schools.len();
            create(w, COUNTIES[*region], n).await;
        }
        Step::Close { school: i } | Step::Reopen { school: i } => {
            let Some(code) = school(*i) else { return };
            let national = actor(w, "a000000").await.unwrap();
            let _ =
                w.b.set_school_closed(&national, code, matches!(s, Step::Close { .. }))
                    .await;
        }
        Step::Upload { region } => {
            let cookie = common::web::login(&w.router, &format!("r{}", REGIONS[*region])).await;
            let (ctype, body) = common::web::multipart(
                &[
                    ("year", &p.year().to_string()),
                    ("month", &p.month().to_string()),
                ],
                Some(("月报.txt", "月报".as_bytes())),
            );
            let req = axum::http::Request::post("/api/upload_report_text")
                .header(axum::http::header::CONTENT_TYPE, ctype)
                .header(axum::http::header::COOKIE, cookie)
                .body(axum::body::Body::from(body))
                .unwrap();
            let _ = common::web::send(&w.router, req).await;
        }
        Step::NextDays(n) => {
            let now = w.clock.now() + chrono::Duration::days(*n as i64);
            w.clock.set(now);
            server::workflow::run_due_deadlines(&w.t.db, now)
                .await
                .unwrap();
        }
    }
}

/// Each reported (region, period)'s totals, by region code and period.
async fn reported(w: &World) -> BTreeMap<(String, i32), String> {
    let rows = w
        .t
        .db
        .query_all(stmt(
            &w.t.db,
            "SELECT r.code, rr.period, s.scope, s.schools, s.students, s.classes FROM region_reports rr \
             JOIN regions r ON r.id = rr.region_id \
             LEFT JOIN region_stats s ON s.region_id = rr.region_id AND s.period = rr.period \
             WHERE rr.state IN (1, 2) ORDER BY r.code, rr.period, s.scope",
            vec![],
        ))
        .await
        .unwrap();
    let mut out: BTreeMap<(String, i32), String> = BTreeMap::new();
    for r in rows {
        let key = (
            r.try_get::<String>("", "code").unwrap(),
            r.try_get::<i32>("", "period").unwrap(),
        );
        let line = format!(
            "{:?}/{:?}/{:?}/{:?} ",
            r.try_get::<Option<i16>>("", "scope").unwrap(),
            r.try_get::<Option<i32>>("", "schools").unwrap(),
            r.try_get::<Option<i64>>("", "students").unwrap(),
            r.try_get::<Option<i64>>("", "classes").unwrap()
        );
        out.entry(key).or_default().push_str(&line);
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn a_reported_month_changes_only_after_it_is_returned(steps in proptest::collection::vec(step(), 1..45)) {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        rt.block_on(async {
            let mut w = world().await;
            for s in &steps {
                let before = reported(&w).await;
                apply(&mut w, s).await;
                let after = reported(&w).await;
                for (key, totals) in &before {
                    if let Some(now) = after.get(key) {
                        assert_eq!(now, totals, "{key:?} changed while reported, by {s:?}");
                    }
                }
                common::assert_data_holds(&w.t.db).await;
            }
            w.t.cleanup().await;
        });
    }
}
