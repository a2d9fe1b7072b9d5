//! 截止前提醒: in the last days of a level's window, each region of that
//! level that has not reported gets one notice for its own reviewers, kept
//! as values and worded in each reader's language.

use crate::common;

use app::backend::prelude::*;
use app::domain::{Level, Period};
use app::notice::model::{Author, SummaryText, SystemNotice};
use server::backend::actor_by_username;

async fn reminders_of(b: &server::backend::ServerBackend, user: &str) -> usize {
    let a = actor_by_username(&b.db, user).await.unwrap().unwrap();
    b.notices(&a)
        .await
        .unwrap()
        .iter()
        .filter(|n| {
            matches!(n.text, SummaryText::System(SystemNotice::Reminder { .. }))
                && n.author == Author::System
        })
        .count()
}

#[tokio::test]
async fn regions_not_yet_reported_are_reminded_once_before_their_deadline() {
    for t in common::databases().await {
        let (b, clock) = common::backend(&t.db);
        clock.set(common::cst(2026, 11, 1, 8));
        common::seed_small_at(&b, common::cst(2026, 11, 1, 8)).await;
        let nov = Period::new(2026, 11).unwrap();

        clock.set(common::cst(2026, 11, 3, 10));
        assert_eq!(
            server::reminders::run(&t.db, b.now()).await.unwrap(),
            0,
            "3 days left"
        );

        common::give_text(&t.db, "430103", 202611).await;
        let done = actor_by_username(&t.db, "r430103").await.unwrap().unwrap();
        b.submit_report(&done, nov).await.unwrap();

        clock.set(common::cst(2026, 11, 4, 10));
        let sent = server::reminders::run(&t.db, b.now()).await.unwrap();
        assert!(sent > 0, "{}", t.name);
        assert_eq!(reminders_of(&b, "r430104").await, 1);
        assert_eq!(reminders_of(&b, "r430103").await, 0, "already reported");
        assert_eq!(reminders_of(&b, "r430100").await, 0, "not the city's");
        assert_eq!(reminders_of(&b, "a430104").await, 0, "reviewers only");
        let county = actor_by_username(&t.db, "r430104").await.unwrap().unwrap();
        let n = &b.notices(&county).await.unwrap()[0];
        assert_eq!(
            n.text,
            SummaryText::System(SystemNotice::Reminder {
                region: county.region_name.clone(),
                level: Level::County,
                period: nov,
                deadline: chrono::NaiveDate::from_ymd_opt(2026, 11, 5).unwrap(),
            })
        );
        assert_eq!(n.created_at, b.now());

        // Each reviewer reads it in their own language, on the page.
        let router = common::web::router_for(b.clone());
        let session = common::web::login(&router, "r430104").await;
        let zh_title = "【提醒】2026年11月数据请于11月5日前审核上报";
        let en_title =
            "[Reminder] Please review and submit the data of November 2026 by 5 November";
        let page = common::web::get(&router, "/notices", Some(&session))
            .await
            .text();
        assert!(
            page.contains(zh_title) && page.contains("muted\">系统<"),
            "{page}"
        );
        assert!(!page.contains(en_title));
        let english = format!("{session}; i18n_pref_locale=en");
        let page = common::web::get(&router, "/notices", Some(&english))
            .await
            .text();
        assert!(
            page.contains(en_title) && page.contains("muted\">System<"),
            "{page}"
        );
        assert!(!page.contains(zh_title));
        let id = n.id;
        let page = common::web::get(&router, &format!("/notices/view?id={id}"), Some(&english))
            .await
            .text();
        assert!(
            page.contains(&format!(
                "{} has not submitted its data for November 2026",
                county.region_name
            )) && page.contains("ends on 5 November"),
            "{page}"
        );

        assert_eq!(
            server::reminders::run(&t.db, b.now()).await.unwrap(),
            0,
            "once"
        );
        b.run_deadlines().await.unwrap();
        assert_eq!(
            reminders_of(&b, "r430104").await,
            1,
            "the tick sends no more"
        );

        // Switched off: the cities' window (6–10) sends nothing.
        let admin = actor_by_username(&t.db, "a000000").await.unwrap().unwrap();
        let mut s = b.system_settings(&admin).await.unwrap();
        assert_eq!(s.reminder_days, 2);
        s.reminder_days = 11;
        assert!(b.save_system_settings(&admin, s.clone()).await.is_err());
        s.reminder_days = 0;
        b.save_system_settings(&admin, s).await.unwrap();
        clock.set(common::cst(2026, 11, 10, 10));
        assert_eq!(server::reminders::run(&t.db, b.now()).await.unwrap(), 0);
        t.cleanup().await;
    }
}
