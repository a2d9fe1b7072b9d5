//! Races between people and the deadline, run for real on each database
//! (on PostgreSQL writers really overlap): whatever wins, the audit log
//! records only transitions that happened, the aggregates equal their
//! sums, and a reported month has reported children — `jyxx check` finds
//! nothing.

use crate::common;
use app::backend::prelude::*;
use app::backend::Actor;
use app::domain::admin::SchoolInput;
use app::domain::{Figures, Level, Period, ReportState};
use app::error::AppError;
use sea_orm::ConnectionTrait;
use server::backend::{actor_by_username, ServerBackend};
use std::sync::Arc;

fn nov() -> Period {
    Period::new(2026, 11).unwrap()
}

async fn who(b: &ServerBackend, username: &str) -> Actor {
    actor_by_username(&b.db, username).await.unwrap().unwrap()
}

/// The codes of `parent`'s child regions.
async fn children(b: &ServerBackend, parent: &str) -> Vec<String> {
    b.db.query_all(server::db::stmt(
        &b.db,
        "SELECT c.code FROM regions c JOIN regions p ON p.id = c.parent_id WHERE p.code = $1 ORDER BY c.code",
        vec![parent.into()],
    ))
    .await
    .unwrap()
    .iter()
    .map(|r| r.try_get("", "code").unwrap())
    .collect()
}

/// Counties of 湖南省 are returned by their cities in the city window; some
/// return a school in turn. At the city deadline the job closes everything
/// while the counties re-submit and the schools confirm, all at once.
#[tokio::test]
async fn the_deadline_job_races_resubmissions_and_confirmations() {
    for t in common::databases().await {
        let (b, clock) = common::backend(&t.db);
        common::seed_small_at(&b, common::cst(2026, 11, 1, 8)).await;
        let county_deadline = common::cst(2026, 11, 6, 0);
        server::workflow::run_due_deadlines(&t.db, county_deadline)
            .await
            .unwrap();
        // Just before the city deadline: the cities return their counties.
        let last_second = common::cst(2026, 11, 10, 23) + chrono::Duration::seconds(3599);
        clock.set(last_second);
        let mut resubmitting = Vec::new();
        let mut confirming = Vec::new();
        for city in children(&b, "430000").await {
            let reviewer = who(&b, &format!("r{city}")).await;
            for (i, county) in children(&b, &city).await.into_iter().enumerate() {
                b.return_region(&reviewer, nov(), common::rc(&county), "请核实".into())
                    .await
                    .unwrap();
                common::give_text(&t.db, &county, 202611).await;
                let county_reviewer = who(&b, &format!("r{county}")).await;
                let schools = b
                    .direct_schools(&county_reviewer, common::rc(&county), nov())
                    .await
                    .unwrap();
                match schools.first().filter(|_| i % 2 == 0) {
                    Some(s) => {
                        b.return_school(
                            &county_reviewer,
                            nov(),
                            common::sc(&s.code),
                            "请核实".into(),
                        )
                        .await
                        .unwrap();
                        confirming.push(who(&b, &format!("s{}", s.code)).await);
                    }
                    None => resubmitting.push(county_reviewer),
                }
            }
        }
        assert!(resubmitting.len() > 10 && !confirming.is_empty());

        let mut tasks = Vec::new();
        let job = {
            let db = t.db.clone();
            tokio::spawn(async move {
                server::workflow::close_deadline(
                    &db,
                    Level::City,
                    nov(),
                    common::cst(2026, 11, 11, 0),
                    last_second,
                )
                .await
                .unwrap()
            })
        };
        for a in resubmitting.clone() {
            let b = b.clone();
            tasks.push(tokio::spawn(
                async move { b.submit_report(&a, nov()).await },
            ));
        }
        for a in confirming.clone() {
            let b = b.clone();
            tasks.push(tokio::spawn(
                async move { b.confirm_month(&a, nov()).await },
            ));
        }
        let mut won = 0;
        for task in tasks {
            match task.await.unwrap() {
                Ok(()) => won += 1,
                Err(AppError::Refused(_) | AppError::Conflict) => {}
                Err(e) => panic!("{}: {e:?}", t.name),
            }
        }
        assert!(job.await.unwrap(), "the job ran");
        // Every county left 重报 exactly once: by its own 重新上报 or by the
        // job, and the log says which.
        for a in &resubmitting {
            let s = common::state_of(&t.db, a.region_code.as_str(), 202611).await;
            assert!(
                matches!(s, Some(ReportState::Submitted | ReportState::AutoSubmitted)),
                "{s:?}"
            );
        }
        let logged = common::count(
            &t.db,
            "SELECT COUNT(*) AS n FROM audit_log WHERE period = $1 AND action IN ('resubmit', 'confirm') \
             AND at = $2",
            vec![202611.into(), last_second.into()],
        )
        .await;
        assert_eq!(logged, won, "{}: one audit row per success", t.name);
        common::assert_data_holds(&t.db).await;
        t.cleanup().await;
    }
}

/// A school admin saves again and again while an administrator moves the
/// school between two open counties: every save lands on the county the
/// month counts for at that moment, or is a clean conflict.
#[tokio::test]
async fn saves_race_moves_of_the_same_school() {
    for t in common::databases().await {
        let (b, clock) = common::backend(&t.db);
        common::seed_small_at(&b, common::cst(2026, 12, 1, 8)).await;
        clock.set(common::cst(2026, 12, 2, 10));
        let admin = common::add_school(&b, "430104", "4301048801").await;
        let national = who(&b, "a000000").await;
        let period = Period::new(2026, 12).unwrap();
        let figures = |students: i32| Figures {
            classes: 10,
            teachers: 20,
            students,
            six_three: false,
            broadband: true,
            broadband_mbps: 100,
            multimedia_rooms: 5,
            teacher_spaces: 10,
            student_spaces: 50,
        };
        b.save_school_month(&admin, period, figures(300), 0, true)
            .await
            .unwrap();
        let saver = {
            let (b, admin) = (b.clone(), admin.clone());
            tokio::spawn(async move {
                let mut saved = 0;
                for i in 0..30 {
                    let v = b.school_month(&admin, period).await.unwrap().version;
                    match b
                        .save_school_month(&admin, period, figures(300 + i), v, true)
                        .await
                    {
                        Ok(_) => saved += 1,
                        Err(AppError::Conflict) => {}
                        Err(e) => panic!("{e:?}"),
                    }
                }
                saved
            })
        };
        let mover = {
            let (b, national) = (b.clone(), national.clone());
            tokio::spawn(async move {
                for i in 0..10 {
                    let to = if i % 2 == 0 { "430105" } else { "430104" };
                    let school = SchoolInput {
                        code: "4301048801".into(),
                        name: "学校4301048801".into(),
                        school_type: app::domain::SchoolType::Primary,
                        six_three: false,
                        region_code: to.into(),
                    };
                    match b
                        .save_school(&national, Some("4301048801".into()), school, None)
                        .await
                    {
                        Ok(_) | Err(AppError::Conflict) => {}
                        Err(e) => panic!("{e:?}"),
                    }
                }
            })
        };
        let saved = saver.await.unwrap();
        mover.await.unwrap();
        assert!(saved > 0);
        common::assert_data_holds(&t.db).await;
        let _: Arc<ServerBackend> = b;
        t.cleanup().await;
    }
}
