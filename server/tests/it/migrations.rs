//! Upgrading a database that already has history: migration 08 gives each
//! school month the region that holds it, including the months of schools
//! moved before the column existed.

use crate::common;

use app::backend::prelude::*;
use app::domain::admin::SchoolInput;
use app::domain::{Period, SchoolType};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use server::backend::actor_by_username;
use server::db::{self, stmt};

async fn region_id(db: &DatabaseConnection, code: &str) -> i32 {
    db.query_one(stmt(
        db,
        "SELECT id FROM regions WHERE code = $1",
        vec![code.into()],
    ))
    .await
    .unwrap()
    .unwrap()
    .try_get("", "id")
    .unwrap()
}

async fn months(db: &DatabaseConnection, school: i32) -> Vec<(i32, i32)> {
    db.query_all(stmt(
        db,
        "SELECT period, region_id FROM school_monthly WHERE school_id = $1 ORDER BY period",
        vec![school.into()],
    ))
    .await
    .unwrap()
    .iter()
    .map(|r| {
        (
            r.try_get("", "period").unwrap(),
            r.try_get("", "region_id").unwrap(),
        )
    })
    .collect()
}

#[tokio::test]
async fn months_of_a_school_moved_before_the_upgrade_stay_where_they_were_reported() {
    for t in common::databases().await {
        // Inside November's county window: a move then takes November along.
        let (b, clock) = common::backend(&t.db);
        clock.set(common::cst(2026, 11, 3, 10));
        common::seed_small_at(&b, common::cst(2026, 11, 3, 10)).await;
        let db = &t.db;
        let national = actor_by_username(db, "a000000").await.unwrap().unwrap();
        let row = db
            .query_one(stmt(
                db,
                "SELECT s.id, s.code, s.name, s.school_type, s.six_three FROM schools s \
                 JOIN regions r ON r.id = s.region_id WHERE r.code = $1 ORDER BY s.code",
                vec!["430104".into()],
            ))
            .await
            .unwrap()
            .unwrap();
        let school: i32 = row.try_get("", "id").unwrap();
        let code: String = row.try_get("", "code").unwrap();
        let (from, to) = (region_id(db, "430104").await, region_id(db, "430105").await);
        let october = Period::new(2026, 10).unwrap().key();
        // Its October was confirmed while it was in 430104.
        db.execute(stmt(
            db,
            "INSERT INTO audit_log (at, actor_user_id, actor_name, actor_role, actor_region_id, region_id, \
             school_id, period, action, from_state, to_state, reason) \
             VALUES ($1, NULL, '系统', '系统', NULL, $2, $3, $4, 1, 0, 1, NULL)",
            vec![
                common::test_now().into(),
                from.into(),
                school.into(),
                october.into(),
            ],
        ))
        .await
        .unwrap();
        // Moved in November: November on goes to 430105.
        b.save_school(
            &national,
            Some(code.clone()),
            SchoolInput {
                code: code.clone(),
                name: row.try_get("", "name").unwrap(),
                school_type: SchoolType::from_code(row.try_get("", "school_type").unwrap())
                    .unwrap(),
                six_three: row.try_get("", "six_three").unwrap(),
                region_code: "430105".into(),
            },
            None,
        )
        .await
        .unwrap();
        let expected = months(db, school).await;
        assert!(expected.contains(&(october, from)) && expected.iter().any(|m| m.1 == to));

        // The database as it was before migration 08, then the upgrade.
        for sql in [
            "DROP INDEX idx_school_monthly_region",
            "ALTER TABLE school_monthly DROP COLUMN region_id",
            "DELETE FROM seaql_migrations WHERE version = 'm20261129_000008_school_month_region'",
        ] {
            db.execute_unprepared(sql).await.unwrap();
        }
        db::migrate(db).await.unwrap();
        assert_eq!(months(db, school).await, expected, "{}", t.name);

        // And the aggregates still agree with the months.
        let before = b
            .report_table(
                &national,
                Some(common::rc("430104")),
                Period::from_key(october).unwrap(),
            )
            .await
            .unwrap()
            .total;
        server::stats::rebuild_all(db).await.unwrap();
        assert_eq!(
            b.report_table(
                &national,
                Some(common::rc("430104")),
                Period::from_key(october).unwrap()
            )
            .await
            .unwrap()
            .total,
            before
        );
        t.cleanup().await;
    }
}

/// Migration 13 counts what is there: on a database with months of
/// history and no kept per-level counts, the upgrade fills them, and they
/// equal a count over the subtree for every region and month.
#[tokio::test]
async fn migration_13_fills_the_per_level_counts_from_the_reports() {
    for t in common::databases().await {
        let (b, _) = common::backend(&t.db);
        common::seed_small(&b).await;
        let db = &t.db;
        let national = actor_by_username(db, "a000000").await.unwrap().unwrap();
        let period = *server::seed::schools::demo_periods(Period::of(app::domain::cst_date(
            common::test_now(),
        )))
        .first()
        .unwrap();
        let expected = b
            .report_table(&national, None, period)
            .await
            .unwrap()
            .level_counts;
        assert!(expected.iter().any(|c| c.reported > 0), "{expected:?}");
        for sql in [
            "DROP TABLE region_level_reports",
            "DROP TABLE region_level_sizes",
            "DELETE FROM seaql_migrations WHERE version = 'm20261203_000013_level_counts'",
        ] {
            db.execute_unprepared(sql).await.unwrap();
        }
        db::migrate(db).await.unwrap();
        assert_eq!(
            b.report_table(&national, None, period)
                .await
                .unwrap()
                .level_counts,
            expected,
            "{}",
            t.name
        );
        assert_eq!(
            server::check::level_counts(db).await.unwrap(),
            Vec::<String>::new()
        );
        t.cleanup().await;
    }
}
