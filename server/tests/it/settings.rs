//! 系统设置: only the national admin, checked by the domain's rules, and
//! the saved windows are the ones the workflow enforces.

use crate::common;

use app::backend::prelude::*;
use app::domain::window::{ReportsOn, Window};
use app::domain::workflow::Refusal;
use app::domain::Level;
use app::domain::{Period, Windows};
use app::error::AppError;
use app::message::Reason;
use server::backend::actor_by_username;

#[tokio::test]
async fn the_national_admin_sets_windows_that_the_workflow_then_enforces() {
    for t in common::databases().await {
        let (b, clock) = common::backend(&t.db);
        clock.set(common::cst(2026, 11, 1, 8));
        common::seed_small_at(&b, common::cst(2026, 11, 1, 8)).await;
        let admin = actor_by_username(&t.db, "a000000").await.unwrap().unwrap();
        let reviewer = actor_by_username(&t.db, "r000000").await.unwrap().unwrap();
        assert_eq!(b.system_settings(&reviewer).await, Err(AppError::NotFound));
        let mut s = b.system_settings(&admin).await.unwrap();
        assert_eq!(s.windows, Windows::default());
        assert_eq!(s.support_phone, "4008980910");

        // Windows that break the domain's rules cannot be built at all,
        // nor deserialized from a payload (the server fn's way in).
        let d = Windows::default();
        assert!(Windows::new(
            d.of(app::domain::Level::County).to_owned(),
            Window::new(2, 4, ReportsOn::ThisMonth).unwrap(),
            *d.of(app::domain::Level::Province),
            *d.of(app::domain::Level::National),
        )
        .is_err());
        let mut draft = app::admin::model::SettingsDraft::from(s.clone());
        draft.windows.county.first_day = 6;
        draft.windows.county.last_day = 3;
        let payload = serde_json::to_string(&draft).unwrap();
        assert!(serde_json::from_str::<app::admin::model::SystemSettings>(&payload).is_err());
        let bad = app::admin::model::SystemSettings {
            jump_ratio: 0.0,
            ..s.clone()
        };
        assert!(matches!(
            b.save_system_settings(&admin, bad).await,
            Err(AppError::Invalid(_))
        ));
        assert_eq!(
            b.system_settings(&admin).await.unwrap().windows,
            Windows::default(),
            "nothing changed"
        );

        s.windows = Windows::new(
            Window::new(1, 3, ReportsOn::ThisMonth).unwrap(),
            *d.of(app::domain::Level::City),
            *d.of(app::domain::Level::Province),
            *d.of(app::domain::Level::National),
        )
        .unwrap();
        s.support_phone = "400-000-0000".into();
        b.save_system_settings(&admin, s).await.unwrap();
        assert_eq!(b.support_contacts().await.unwrap().phone, "400-000-0000");

        common::give_text(&t.db, "430104", 202611).await;
        clock.set(common::cst(2026, 11, 4, 9));
        let county = actor_by_username(&t.db, "r430104").await.unwrap().unwrap();
        let e = b
            .submit_report(&county, Period::new(2026, 11).unwrap())
            .await
            .unwrap_err();
        assert!(
            matches!(&e, AppError::Refused(Reason::Workflow(Refusal::OutsideWindow(rule)))
                if rule.level == Level::County && rule.window.first_day() == 1 && rule.window.last_day() == 3),
            "{e:?}"
        );
        assert_eq!(
            b.save_system_settings(&county, b.system_settings(&admin).await.unwrap())
                .await,
            Err(AppError::NotFound)
        );
        t.cleanup().await;
    }
}
