//! A reviewer reads only its own subtree; everything else is "not found".

use crate::common;

use app::domain::Period;
use app::error::AppError;
use server::backend::actor_by_username;
use server::report;

#[tokio::test]
async fn a_county_reviewer_cannot_read_a_sibling_county_or_its_parent() {
    let period = Period::new(2026, 11).unwrap();
    for t in common::databases().await {
        let (b, _) = common::backend(&t.db);
        common::seed_small(&b).await;
        let db = &t.db;
        let yuelu = actor_by_username(db, "r430104").await.unwrap().unwrap();
        let own = report::report_table(db, &yuelu, None, period, common::test_now())
            .await
            .unwrap();
        assert_eq!(own.region.code, "430104");
        assert!(own.children.is_empty(), "a county has no child regions");
        for other in ["430102", "430100", "430000", "000000", "440000"] {
            let e = report::report_table(db, &yuelu, Some(other), period, common::test_now())
                .await
                .unwrap_err();
            assert_eq!(AppError::from(e), AppError::NotFound, "{}: {other}", t.name);
            let e = report::direct_schools(db, &yuelu, other, period)
                .await
                .unwrap_err();
            assert_eq!(
                AppError::from(e),
                AppError::NotFound,
                "{}: schools of {other}",
                t.name
            );
        }
        t.cleanup().await;
    }
}

#[tokio::test]
async fn a_province_reviewer_reads_down_its_tree_but_not_another_province() {
    let period = Period::new(2026, 10).unwrap();
    for t in common::databases().await {
        let (b, _) = common::backend(&t.db);
        common::seed_small(&b).await;
        let db = &t.db;
        let hunan = actor_by_username(db, "r430000").await.unwrap().unwrap();
        let own = report::report_table(db, &hunan, None, period, common::test_now())
            .await
            .unwrap();
        assert_eq!(
            own.children.len(),
            14,
            "湖南省 has 14 cities and prefectures"
        );
        let county = report::report_table(db, &hunan, Some("430104"), period, common::test_now())
            .await
            .unwrap();
        let trail: Vec<_> = county.trail.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(
            trail,
            ["430000", "430100", "430104"],
            "the trail starts at the own region"
        );
        let e = report::report_table(db, &hunan, Some("440000"), period, common::test_now())
            .await
            .unwrap_err();
        assert_eq!(AppError::from(e), AppError::NotFound);
        let e = report::report_table(db, &hunan, Some("440100"), period, common::test_now())
            .await
            .unwrap_err();
        assert_eq!(AppError::from(e), AppError::NotFound);
        t.cleanup().await;
    }
}

#[tokio::test]
async fn a_school_admin_reads_no_status_table() {
    let period = Period::new(2026, 11).unwrap();
    for t in common::databases().await {
        let (b, _) = common::backend(&t.db);
        common::seed_small(&b).await;
        let db = &t.db;
        let school = actor_by_username(db, "s4301040001").await.unwrap().unwrap();
        assert_eq!(
            school.region_code, "430104",
            "a school admin belongs to its school's region"
        );
        let e = report::report_table(db, &school, None, period, common::test_now())
            .await
            .unwrap_err();
        assert_eq!(AppError::from(e), AppError::NotFound);
        t.cleanup().await;
    }
}
