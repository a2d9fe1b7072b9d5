//! The status table's numbers are the sums over the schools of each row's
//! subtree, checked against a brute-force sum computed here from raw rows,
//! after the seed and after a change moved the aggregates.

use crate::common;

use app::backend::prelude::*;
use app::domain::{Period, Totals};
use sea_orm::{ConnectionTrait, TransactionTrait};
use server::backend::actor_by_username;
use server::db::stmt;
use server::{report, stats};
use std::collections::HashMap;

struct World {
    /// region id → (code, parent id)
    regions: HashMap<i32, (String, Option<i32>)>,
    /// (school id, managing region id, figures)
    schools: Vec<(i32, i32, Totals)>,
}

async fn load(db: &impl ConnectionTrait, period: Period) -> World {
    let mut regions = HashMap::new();
    for r in db
        .query_all(stmt(db, "SELECT id, code, parent_id FROM regions", vec![]))
        .await
        .unwrap()
    {
        regions.insert(
            r.try_get::<i32>("", "id").unwrap(),
            (
                r.try_get::<String>("", "code").unwrap(),
                r.try_get::<Option<i32>>("", "parent_id").unwrap(),
            ),
        );
    }
    let mut schools = Vec::new();
    for r in db
        .query_all(stmt(
            db,
            "SELECT s.id, m.region_id, m.classes, m.teachers, m.students, m.six_three, m.broadband, \
             m.multimedia_rooms, m.teacher_spaces, m.student_spaces \
             FROM schools s JOIN school_monthly m ON m.school_id = s.id WHERE m.period = $1",
            vec![period.key().into()],
        ))
        .await
        .unwrap()
    {
        let n = |c: &str| r.try_get::<i32>("", c).unwrap() as i64;
        schools.push((
            r.try_get("", "id").unwrap(),
            r.try_get("", "region_id").unwrap(),
            Totals::of_school(
                n("classes"),
                n("teachers"),
                n("students"),
                r.try_get("", "six_three").unwrap(),
                r.try_get("", "broadband").unwrap(),
                n("multimedia_rooms"),
                n("teacher_spaces"),
                n("student_spaces"),
            ),
        ));
    }
    World { regions, schools }
}

impl World {
    fn id_of(&self, code: &str) -> i32 {
        *self.regions.iter().find(|(_, (c, _))| c == code).unwrap().0
    }
    fn is_under(&self, mut region: i32, ancestor: i32) -> bool {
        loop {
            if region == ancestor {
                return true;
            }
            match self.regions[&region].1 {
                Some(p) => region = p,
                None => return false,
            }
        }
    }
    fn subtree(&self, ancestor: i32) -> Totals {
        self.schools
            .iter()
            .filter(|(_, r, _)| self.is_under(*r, ancestor))
            .fold(Totals::default(), |a, (_, _, t)| a + *t)
    }
    fn direct(&self, region: i32) -> Totals {
        self.schools
            .iter()
            .filter(|(_, r, _)| *r == region)
            .fold(Totals::default(), |a, (_, _, t)| a + *t)
    }
}

async fn check_tables(db: &impl ConnectionTrait, period: Period, codes: &[&str]) {
    let world = load(db, period).await;
    let national = actor_by_username(db, "a000000").await.unwrap().unwrap();
    for code in codes {
        let t = report::report_table(
            db,
            &national,
            Some(&common::rc(code)),
            period,
            common::test_now(),
        )
        .await
        .unwrap();
        let id = world.id_of(code);
        assert_eq!(t.total, world.subtree(id), "合计 of {code} in {period}");
        assert_eq!(t.direct, world.direct(id), "直属 of {code} in {period}");
        for child in &t.children {
            assert_eq!(
                child.totals,
                world.subtree(world.id_of(&child.region.code)),
                "row {} in the table of {code}",
                child.region.code
            );
        }
        let schools = report::direct_schools(db, &national, &common::rc(code), period)
            .await
            .unwrap();
        let listed = schools
            .iter()
            .filter_map(|s| s.totals)
            .fold(Totals::default(), |a, t| a + t);
        assert_eq!(
            listed, t.direct,
            "the 直属 schools of {code} add up to the 直属 row"
        );
    }
}

const SAMPLE: [&str; 6] = ["000000", "430000", "430100", "430104", "110000", "441900"];

#[tokio::test]
async fn every_row_equals_a_brute_force_sum_over_its_schools() {
    for t in common::databases().await {
        let (b, _) = common::backend(&t.db);
        common::seed_small(&b).await;
        for period in [
            Period::new(2026, 9).unwrap(),
            Period::new(2026, 11).unwrap(),
        ] {
            check_tables(&t.db, period, &SAMPLE).await;
        }
        let national = actor_by_username(&t.db, "a000000").await.unwrap().unwrap();
        let top = report::report_table(
            &t.db,
            &national,
            None,
            Period::new(2026, 11).unwrap(),
            common::test_now(),
        )
        .await
        .unwrap();
        assert_eq!(
            top.children.len(),
            31,
            "{}: 31 provinces under 全国",
            t.name
        );
        assert!(top.total.schools > 1000);
        t.cleanup().await;
    }
}

#[tokio::test]
async fn a_change_moves_the_aggregates_in_the_same_transaction() {
    for t in common::databases().await {
        let (b, _) = common::backend(&t.db);
        common::seed_small(&b).await;
        let period = Period::new(2026, 11).unwrap();
        let db = &t.db;
        // A county school grows by 3 classes and 120 students.
        let row = db
            .query_one(stmt(
                db,
                "SELECT s.id, s.region_id FROM schools s JOIN regions r ON r.id = s.region_id \
                 WHERE r.code = '430104' ORDER BY s.id",
                vec![],
            ))
            .await
            .unwrap()
            .unwrap();
        let (school, region): (i32, app::domain::RegionId) = (
            row.try_get("", "id").unwrap(),
            row.try_get("", "region_id").unwrap(),
        );
        let txn = db.begin().await.unwrap();
        txn.execute(stmt(
            &txn,
            "UPDATE school_monthly SET classes = classes + 3, students = students + 120 \
             WHERE school_id = $1 AND period = $2",
            vec![school.into(), period.key().into()],
        ))
        .await
        .unwrap();
        let delta = Totals {
            classes: 3,
            students: 120,
            ..Totals::default()
        };
        stats::apply_delta(&txn, region, period, &delta)
            .await
            .unwrap();
        txn.commit().await.unwrap();
        check_tables(db, period, &["000000", "430000", "430100", "430104"]).await;
        t.cleanup().await;
    }
}

#[tokio::test]
async fn the_trend_of_a_region_is_its_total_month_by_month_and_scoped() {
    for t in common::databases().await {
        let (b, _) = common::backend(&t.db);
        common::seed_small(&b).await;
        let hunan = server::backend::actor_by_username(&t.db, "r430000")
            .await
            .unwrap()
            .unwrap();
        let trend = b
            .trend(&hunan, Some(common::rc("430100")), 2026)
            .await
            .unwrap();
        assert!(!trend.is_empty(), "{}", t.name);
        assert_eq!(trend.last().unwrap().month, 11, "up to the current month");
        for p in &trend {
            let period = app::domain::Period::new(2026, p.month).unwrap();
            let table = b
                .report_table(&hunan, Some(common::rc("430100")), period)
                .await
                .unwrap();
            assert_eq!(p.totals, table.total, "month {}", p.month);
        }
        assert!(b.trend(&hunan, None, 2025).await.unwrap().is_empty());
        assert_eq!(
            b.trend(&hunan, Some(common::rc("440000")), 2026).await,
            Err(app::error::AppError::NotFound)
        );
        t.cleanup().await;
    }
}
