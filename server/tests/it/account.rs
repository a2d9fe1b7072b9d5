//! 个人设置: contact details and the password change.

use crate::common;

use app::backend::prelude::*;
use app::error::AppError;
use app::message::AuthIssue;
use server::backend::actor_by_username;
use server::seed::DEMO_PASSWORD;

#[tokio::test]
async fn a_password_change_needs_the_current_one_and_ends_the_other_sessions() {
    for t in common::databases().await {
        let (b, _) = common::backend(&t.db);
        common::seed_small(&b).await;
        let here = b
            .login("r430104", DEMO_PASSWORD, None, Default::default())
            .await
            .unwrap();
        let elsewhere = b
            .login("r430104", DEMO_PASSWORD, None, Default::default())
            .await
            .unwrap();
        let me = actor_by_username(&t.db, "r430104").await.unwrap().unwrap();
        assert_eq!(
            b.change_password(&me, &here.token, "wrong-current", "Newpass123")
                .await,
            Err(AppError::Refused(AuthIssue::WrongPassword.into()))
        );
        assert!(matches!(
            b.change_password(&me, &here.token, DEMO_PASSWORD, "short1")
                .await,
            Err(AppError::Invalid(_))
        ));
        b.change_password(&me, &here.token, DEMO_PASSWORD, "Newpass123")
            .await
            .unwrap();
        assert!(
            b.actor_for_session(&here.token).await.unwrap().is_some(),
            "this session stays"
        );
        assert!(
            b.actor_for_session(&elsewhere.token)
                .await
                .unwrap()
                .is_none(),
            "the others end"
        );
        assert!(b
            .login("r430104", DEMO_PASSWORD, None, Default::default())
            .await
            .is_err());
        assert!(b
            .login("r430104", "Newpass123", None, Default::default())
            .await
            .is_ok());
        t.cleanup().await;
    }
}

#[tokio::test]
async fn contact_details_are_validated_and_saved() {
    for t in common::databases().await {
        let (b, _) = common::backend(&t.db);
        common::seed_small(&b).await;
        let me = actor_by_username(&t.db, "r430104").await.unwrap().unwrap();
        assert!(matches!(
            b.save_profile(&me, "王伟".into(), "abc".into(), "".into(), String::new())
                .await,
            Err(AppError::Invalid(_))
        ));
        // A new email (where reset links go) needs the current password.
        for (wrong, why) in [
            ("", AuthIssue::EmailNeedsPassword),
            ("not-it", AuthIssue::WrongPassword),
        ] {
            let e = b
                .save_profile(
                    &me,
                    "王伟".into(),
                    "0731-88888888".into(),
                    "wang@hn.edu.cn".into(),
                    wrong.into(),
                )
                .await;
            assert_eq!(e, Err(AppError::Refused(why.into())));
        }
        b.save_profile(
            &me,
            "王伟".into(),
            "0731-88888888".into(),
            "wang@hn.edu.cn".into(),
            DEMO_PASSWORD.into(),
        )
        .await
        .unwrap();
        let p = b.profile(&me).await.unwrap();
        assert_eq!(
            (p.name.as_str(), p.phone.as_str(), p.email.as_str()),
            ("王伟", "0731-88888888", "wang@hn.edu.cn")
        );
        assert_eq!(
            (p.role, p.region_name.as_str(), p.region_level),
            (
                app::domain::Role::Reviewer,
                "岳麓区",
                app::domain::Level::County
            )
        );
        assert_eq!(p.role_line(app::i18n::Locale::zh_CN), "岳麓区-县级审核员");
        t.cleanup().await;
    }
}
