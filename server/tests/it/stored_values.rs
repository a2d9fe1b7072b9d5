//! A stored value the domain would refuse is a fault that is reported,
//! never read as a harmless default: rows are read through the domain's
//! parsers, so a corrupt state code cannot show as 未上报 or as no state.

use crate::common;

use app::backend::prelude::*;
use app::domain::Period;
use app::error::AppError;
use sea_orm::ConnectionTrait;
use server::backend::actor_by_username;
use server::db::stmt;

fn nov() -> Period {
    Period::new(2026, 11).unwrap()
}

fn is_fault<T: std::fmt::Debug>(r: Result<T, AppError>) -> bool {
    matches!(r, Err(AppError::Internal(_)))
}

#[tokio::test]
async fn an_unknown_report_state_is_a_fault_not_pending() {
    for t in common::databases().await {
        let (b, clock) = common::backend(&t.db);
        clock.set(common::cst(2026, 11, 1, 8));
        common::seed_small_at(&b, common::cst(2026, 11, 1, 8)).await;
        clock.set(common::cst(2026, 11, 3, 10));
        common::give_text(&t.db, "430104", 202611).await;
        let county = actor_by_username(&t.db, "r430104").await.unwrap().unwrap();
        b.submit_report(&county, nov()).await.unwrap();
        t.db.execute(stmt(
            &t.db,
            "UPDATE region_reports SET state = 9 WHERE period = $1 AND region_id = \
             (SELECT id FROM regions WHERE code = '430104')",
            vec![202611.into()],
        ))
        .await
        .unwrap();
        let city = actor_by_username(&t.db, "r430100").await.unwrap().unwrap();
        assert!(is_fault(b.report_table(&city, None, nov()).await));
        t.cleanup().await;
    }
}

#[tokio::test]
async fn an_unknown_school_state_is_a_fault_not_an_empty_cell() {
    for t in common::databases().await {
        let (b, clock) = common::backend(&t.db);
        clock.set(common::cst(2026, 11, 1, 8));
        common::seed_small_at(&b, common::cst(2026, 11, 1, 8)).await;
        clock.set(common::cst(2026, 11, 3, 10));
        t.db.execute(stmt(
            &t.db,
            "UPDATE school_monthly SET state = 7 WHERE period = $1 AND school_id = \
             (SELECT id FROM schools WHERE code = '4301040001')",
            vec![202611.into()],
        ))
        .await
        .unwrap();
        let county = actor_by_username(&t.db, "r430104").await.unwrap().unwrap();
        assert!(is_fault(
            b.direct_schools(&county, common::rc("430104"), nov()).await
        ));
        let school = actor_by_username(&t.db, "s4301040001")
            .await
            .unwrap()
            .unwrap();
        assert!(is_fault(b.school_month(&school, nov()).await));
        t.cleanup().await;
    }
}

#[tokio::test]
async fn an_unknown_school_type_is_a_fault_not_a_dash() {
    for t in common::databases().await {
        let (b, clock) = common::backend(&t.db);
        clock.set(common::cst(2026, 11, 3, 10));
        common::seed_small_at(&b, common::cst(2026, 11, 3, 10)).await;
        t.db.execute(stmt(
            &t.db,
            "UPDATE schools SET school_type = 42 WHERE code = '4301040001'",
            vec![],
        ))
        .await
        .unwrap();
        t.db.execute(stmt(
            &t.db,
            "UPDATE school_monthly SET school_type = 42 WHERE school_id = \
             (SELECT id FROM schools WHERE code = '4301040001')",
            vec![],
        ))
        .await
        .unwrap();
        let county = actor_by_username(&t.db, "r430104").await.unwrap().unwrap();
        assert!(is_fault(
            b.direct_schools(&county, common::rc("430104"), nov()).await
        ));
        t.cleanup().await;
    }
}

#[tokio::test]
async fn placeholders_bind_by_number_on_both_databases() {
    for t in common::databases().await {
        // A number may be used twice; a `?` in a string literal is text.
        let row = server::db::row::<Echo>(
            &t.db,
            "SELECT '?' AS mark, CAST($2 AS INTEGER) AS second, CAST($1 AS INTEGER) AS first, \
             CAST($1 AS INTEGER) AS again",
            vec![7.into(), 9.into()],
        )
        .await
        .unwrap()
        .unwrap();
        assert_eq!(
            (row.mark.as_str(), row.first, row.second, row.again),
            ("?", 7, 9, 7)
        );
        t.cleanup().await;
    }
}

#[derive(sea_orm::FromQueryResult)]
struct Echo {
    mark: String,
    first: i32,
    second: i32,
    again: i32,
}
