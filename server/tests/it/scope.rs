//! A reviewer reads only its own subtree; everything else is "not found".
//! The read paths (status table, direct schools) and one test per function
//! of `server::scope`: each finds what is inside the actor's subtree and
//! nothing outside it (未找到, never a refusal that would tell it exists).

use crate::common;

use app::backend::Actor;
use app::domain::Period;
use app::error::AppError;
use server::backend::actor_by_username;
use server::error::ServiceError;
use server::report;
use server::scope;

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
            let e = report::report_table(
                db,
                &yuelu,
                Some(&common::rc(other)),
                period,
                common::test_now(),
            )
            .await
            .unwrap_err();
            assert_eq!(AppError::from(e), AppError::NotFound, "{}: {other}", t.name);
            let e = report::direct_schools(db, &yuelu, &common::rc(other), period)
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
        let county = report::report_table(
            db,
            &hunan,
            Some(&common::rc("430104")),
            period,
            common::test_now(),
        )
        .await
        .unwrap();
        let trail: Vec<_> = county.trail.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(
            trail,
            ["430000", "430100", "430104"],
            "the trail starts at the own region"
        );
        let e = report::report_table(
            db,
            &hunan,
            Some(&common::rc("440000")),
            period,
            common::test_now(),
        )
        .await
        .unwrap_err();
        assert_eq!(AppError::from(e), AppError::NotFound);
        let e = report::report_table(
            db,
            &hunan,
            Some(&common::rc("440100")),
            period,
            common::test_now(),
        )
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
            school.region_code.as_str(),
            "430104",
            "a school admin belongs to its school's region"
        );
        let e = report::report_table(db, &school, None, period, common::test_now())
            .await
            .unwrap_err();
        assert_eq!(AppError::from(e), AppError::NotFound);
        t.cleanup().await;
    }
}

async fn who(db: &sea_orm::DatabaseConnection, username: &str) -> Actor {
    actor_by_username(db, username).await.unwrap().unwrap()
}

fn not_found<T>(r: Result<T, ServiceError>) -> bool {
    matches!(r, Err(ServiceError::App(AppError::NotFound)))
}

fn nov() -> Period {
    Period::new(2026, 11).unwrap()
}

#[tokio::test]
async fn a_reviewer_reads_its_subtree_and_nothing_else() {
    for t in common::databases().await {
        let (b, _clock) = common::backend(&t.db);
        common::seed_small(&b).await;
        let city = who(&t.db, "r430100").await;
        let own = scope::scoped_region(&t.db, &city, None).await.unwrap();
        assert_eq!(own.region.code, "430100");
        let below = scope::scoped_region(&t.db, &city, Some(&common::rc("430104")))
            .await
            .unwrap();
        assert_eq!(below.region.name, "岳麓区");
        assert!(not_found(
            scope::scoped_region(&t.db, &city, Some(&common::rc("430000"))).await
        ));
        assert!(not_found(
            scope::scoped_region(&t.db, &city, Some(&common::rc("430200"))).await
        ));
        // A malformed code is the user's mistake, refused before any query.
        assert!(matches!(
            scope::region_code_or_own(Some("nope")).map_err(AppError::from),
            Err(AppError::Invalid(_))
        ));
        // A school's admin reads no status table at all.
        let school = who(&t.db, "s4301040001").await;
        assert!(not_found(scope::scoped_region(&t.db, &school, None).await));
        t.cleanup().await;
    }
}

#[tokio::test]
async fn administering_needs_the_role_and_the_subtree() {
    for t in common::databases().await {
        let (b, _clock) = common::backend(&t.db);
        common::seed_small(&b).await;
        let county = who(&t.db, "r430104").await;
        assert!(scope::admin_region(&t.db, &county, None).await.is_ok());
        assert!(not_found(
            scope::admin_region(&t.db, &county, Some(&common::rc("430105"))).await
        ));
        let school = who(&t.db, "s4301040001").await;
        assert!(not_found(scope::admin_region(&t.db, &school, None).await));
        t.cleanup().await;
    }
}

#[tokio::test]
async fn a_school_is_found_only_below_its_administrator() {
    for t in common::databases().await {
        let (b, _clock) = common::backend(&t.db);
        common::seed_small(&b).await;
        let county = who(&t.db, "r430104").await;
        let (_, region) = scope::scoped_school(&t.db, &county, &common::sc("4301040001"))
            .await
            .unwrap();
        assert_eq!(region, county.region_id);
        let sibling = who(&t.db, "r430105").await;
        assert!(not_found(
            scope::scoped_school(&t.db, &sibling, &common::sc("4301040001")).await
        ));
        let school = who(&t.db, "s4301040001").await;
        assert!(not_found(
            scope::scoped_school(&t.db, &school, &common::sc("4301040001")).await
        ));
        t.cleanup().await;
    }
}

#[tokio::test]
async fn accounts_below_are_managed_peers_refused_others_unknown() {
    for t in common::databases().await {
        let (b, _clock) = common::backend(&t.db);
        common::seed_small(&b).await;
        let city = who(&t.db, "r430100").await;
        let county = scope::managed_user(&t.db, &city, "r430104").await.unwrap();
        assert_eq!(county.role, app::domain::Role::Reviewer);
        assert!(scope::managed_user(&t.db, &city, "s4301040001")
            .await
            .is_ok());
        // Its own region's accounts (itself, its peers) are refused by name.
        assert!(matches!(
            scope::managed_user(&t.db, &city, "r430100").await,
            Err(ServiceError::App(AppError::Refused(_)))
        ));
        // Above or beside it: they do not exist.
        assert!(not_found(
            scope::managed_user(&t.db, &city, "r430000").await
        ));
        assert!(not_found(
            scope::managed_user(&t.db, &city, "r430200").await
        ));
        t.cleanup().await;
    }
}

#[tokio::test]
async fn a_direct_child_is_found_a_grandchild_is_not_direct() {
    for t in common::databases().await {
        let (b, _clock) = common::backend(&t.db);
        common::seed_small(&b).await;
        let province = who(&t.db, "r430000").await;
        let city = who(&t.db, "r430100").await;
        assert!(
            scope::direct_child(&t.db, province.region_id, &common::rc("430100"))
                .await
                .is_ok()
        );
        assert!(matches!(
            scope::direct_child(&t.db, province.region_id, &common::rc("430104")).await,
            Err(ServiceError::App(AppError::Refused(_)))
        ));
        assert!(not_found(
            scope::direct_child(&t.db, city.region_id, &common::rc("430200")).await
        ));
        t.cleanup().await;
    }
}

#[tokio::test]
async fn a_school_is_direct_only_for_the_region_its_month_counts_for() {
    for t in common::databases().await {
        let (b, _clock) = common::backend(&t.db);
        common::seed_small(&b).await;
        let county = who(&t.db, "r430104").await;
        let city = who(&t.db, "r430100").await;
        let sibling = who(&t.db, "r430105").await;
        assert!(
            scope::direct_school(&t.db, county.region_id, &common::sc("4301040001"), nov())
                .await
                .is_ok()
        );
        assert!(matches!(
            scope::direct_school(&t.db, city.region_id, &common::sc("4301040001"), nov()).await,
            Err(ServiceError::App(AppError::Refused(_)))
        ));
        assert!(not_found(
            scope::direct_school(&t.db, sibling.region_id, &common::sc("4301040001"), nov()).await
        ));
        t.cleanup().await;
    }
}
