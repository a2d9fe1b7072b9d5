//! 本级填报: who reads and who edits the region questionnaire, its rules,
//! and stale saves.

use crate::common;

use app::backend::prelude::*;
use app::domain::questionnaire::{PlatformSource, Questionnaire, QuestionnaireIssue, UrlIssue};
use app::domain::versioned::SaveOutcome;
use app::error::AppError;
use server::backend::actor_by_username;

fn answers(url: &str) -> Questionnaire {
    Questionnaire {
        uses_platform: Some(true),
        platform_url: url.into(),
        platform_source: Some(PlatformSource::Province),
        metro_network: Some(false),
    }
}

#[tokio::test]
async fn the_admin_fills_the_reviewer_corrects_others_read_or_see_nothing() {
    for t in common::databases().await {
        let (b, _) = common::backend(&t.db);
        common::seed_small(&b).await;
        let who = |u: &'static str| {
            let db = t.db.clone();
            async move { actor_by_username(&db, u).await.unwrap().unwrap() }
        };
        let admin = who("a430104").await;
        let fresh = b.questionnaire(&admin, None).await.unwrap();
        assert_eq!(
            (fresh.version, fresh.updated.clone(), fresh.editable),
            (0, None, true)
        );
        assert_eq!(
            b.save_questionnaire(&admin, answers("https://zy.hnedu.cn"), 0)
                .await,
            Ok(SaveOutcome::Saved { version: 1 })
        );
        let seen = b.questionnaire(&admin, None).await.unwrap();
        let saved = seen.updated.unwrap();
        assert!(saved.by.unwrap().starts_with("岳麓区-地区管理员"));
        assert_eq!(saved.at, b.now());

        let reviewer = who("r430104").await;
        assert!(b.questionnaire(&reviewer, None).await.unwrap().editable);
        assert_eq!(
            b.save_questionnaire(&reviewer, answers("https://yl.hnedu.cn"), 1)
                .await,
            Ok(SaveOutcome::Saved { version: 2 })
        );

        let city = who("r430100").await;
        let read = b
            .questionnaire(&city, Some(common::rc("430104")))
            .await
            .unwrap();
        assert!(!read.editable, "the parent reads, does not edit");
        assert_eq!(read.answers.platform_url, "https://yl.hnedu.cn");

        assert_eq!(
            b.questionnaire(&who("r430102").await, Some(common::rc("430104")))
                .await,
            Err(AppError::NotFound)
        );
        assert_eq!(
            b.questionnaire(&who("s4301040001").await, None).await,
            Err(AppError::NotFound)
        );
        assert_eq!(
            b.save_questionnaire(&who("s4301040001").await, answers("https://a.cn"), 0)
                .await,
            Err(AppError::Refused(
                app::message::ServiceIssue::EditQuestionnaire.into()
            ))
        );
        t.cleanup().await;
    }
}

#[tokio::test]
async fn bad_answers_and_stale_versions_change_nothing() {
    for t in common::databases().await {
        let (b, _) = common::backend(&t.db);
        common::seed_small(&b).await;
        let admin = actor_by_username(&t.db, "a430104").await.unwrap().unwrap();
        for (bad, expected) in [
            (
                answers("javascript:alert(1)"),
                QuestionnaireIssue::Url(UrlIssue::Scheme),
            ),
            (
                answers("https://exa mple.cn"),
                QuestionnaireIssue::Url(UrlIssue::Format),
            ),
            (answers(""), QuestionnaireIssue::UrlMissing),
            (
                Questionnaire {
                    platform_source: None,
                    ..answers("https://a.cn")
                },
                QuestionnaireIssue::SourceMissing,
            ),
            (
                Questionnaire {
                    metro_network: None,
                    ..answers("https://a.cn")
                },
                QuestionnaireIssue::MetroNetworkMissing,
            ),
        ] {
            assert_eq!(
                b.save_questionnaire(&admin, bad, 0).await,
                Err(AppError::Invalid(expected.into()))
            );
        }
        assert_eq!(
            b.questionnaire(&admin, None).await.unwrap().version,
            0,
            "nothing was written"
        );
        b.save_questionnaire(&admin, answers("https://first.cn"), 0)
            .await
            .unwrap();
        let r = b
            .save_questionnaire(&admin, answers("https://second.cn"), 0)
            .await
            .unwrap();
        assert_eq!(
            r,
            SaveOutcome::Stale {
                server: answers("https://first.cn"),
                version: 1
            }
        );
        assert_eq!(
            b.questionnaire(&admin, None)
                .await
                .unwrap()
                .answers
                .platform_url,
            "https://first.cn"
        );
        // The first save sent again (its answer lost): saved, not a conflict,
        // and written once (surrounding spaces are not a difference).
        assert_eq!(
            b.save_questionnaire(&admin, answers(" https://first.cn "), 0)
                .await
                .unwrap(),
            SaveOutcome::Saved { version: 1 }
        );
        assert_eq!(b.questionnaire(&admin, None).await.unwrap().version, 1);
        t.cleanup().await;
    }
}
