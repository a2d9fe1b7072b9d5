//! Logging in: the right password opens a session, nothing else does, and
//! a failure never tells whether the account exists.

use crate::common;

use app::backend::prelude::*;
use app::error::AppError;
use app::message::AuthIssue;
use chrono::Duration;
use sea_orm::ConnectionTrait;
use server::db::stmt;
use server::seed::DEMO_PASSWORD;

#[tokio::test]
async fn the_demo_password_opens_a_session_that_names_the_user() {
    for t in common::databases().await {
        let (b, _) = common::backend(&t.db);
        common::seed_small(&b).await;
        let s = b
            .login(
                "r430000",
                DEMO_PASSWORD,
                Some("test".into()),
                Default::default(),
            )
            .await
            .unwrap();
        let actor = b
            .actor_for_session(&s.token)
            .await
            .unwrap()
            .expect("session resolves");
        assert_eq!(actor.username, "r430000");
        assert_eq!(actor.region_name, "湖南省");
        let me = b.me(&actor).await.unwrap();
        assert_eq!(
            me.display_role(app::i18n::Locale::zh_CN),
            "湖南省-省级审核员"
        );
        assert_eq!(
            me.display_role(app::i18n::Locale::en),
            "湖南省-Provincial reviewer"
        );
        t.cleanup().await;
    }
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_user_get_the_same_answer() {
    for t in common::databases().await {
        let (b, _) = common::backend(&t.db);
        common::seed_small(&b).await;
        let wrong = b
            .login("r430000", "not-the-password", None, Default::default())
            .await
            .err();
        let unknown = b
            .login("nobody-here", DEMO_PASSWORD, None, Default::default())
            .await
            .err();
        assert_eq!(
            wrong,
            Some(AppError::Refused(AuthIssue::LoginFailed.into()))
        );
        assert_eq!(wrong, unknown);
        t.cleanup().await;
    }
}

#[tokio::test]
async fn a_disabled_account_cannot_log_in_and_loses_its_sessions() {
    for t in common::databases().await {
        let (b, _) = common::backend(&t.db);
        common::seed_small(&b).await;
        let before = b
            .login("r430100", DEMO_PASSWORD, None, Default::default())
            .await
            .unwrap();
        t.db.execute(stmt(
            &t.db,
            "UPDATE users SET disabled = $1 WHERE username = $2",
            vec![true.into(), "r430100".into()],
        ))
        .await
        .unwrap();
        assert_eq!(
            b.login("r430100", DEMO_PASSWORD, None, Default::default())
                .await
                .err(),
            Some(AppError::Refused(AuthIssue::AccountDisabled.into()))
        );
        // With a wrong password it is just another failed login.
        assert_eq!(
            b.login("r430100", "wrong", None, Default::default())
                .await
                .err(),
            Some(AppError::Refused(AuthIssue::LoginFailed.into()))
        );
        assert!(b.actor_for_session(&before.token).await.unwrap().is_none());
        t.cleanup().await;
    }
}

#[tokio::test]
async fn logout_and_expiry_end_a_session() {
    for t in common::databases().await {
        let (b, clock) = common::backend(&t.db);
        common::seed_small(&b).await;
        let a = b
            .login("r430104", DEMO_PASSWORD, None, Default::default())
            .await
            .unwrap();
        let c = b
            .login("r430104", DEMO_PASSWORD, None, Default::default())
            .await
            .unwrap();
        assert_ne!(a.token, c.token, "every login gets a new session id");
        b.logout(&a.token).await.unwrap();
        assert!(b.actor_for_session(&a.token).await.unwrap().is_none());
        assert!(b.actor_for_session(&c.token).await.unwrap().is_some());
        clock.set(common::test_now() + Duration::days(8));
        assert!(
            b.actor_for_session(&c.token).await.unwrap().is_none(),
            "expired after a week"
        );
        assert!(b.actor_for_session("forged-token").await.unwrap().is_none());
        t.cleanup().await;
    }
}

/// Issue 16: past the hasher's queue a login is refused at once with 503,
/// `Retry-After` and a sentence, and the refusal is no attempt: after more
/// refusals than bring the captcha, the right password still logs in
/// without one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_login_past_the_hashing_queue_is_503_and_counts_as_no_attempt() {
    use argon2::password_hash::{rand_core::OsRng, PasswordHasher as _, SaltString};
    use common::web::{post_form, router_for};
    // A stored hash a hundred times as costly as ours: verifying it keeps
    // a worker busy for seconds.
    let slow = argon2::Argon2::new(
        argon2::Algorithm::Argon2id,
        argon2::Version::V0x13,
        argon2::Params::new(19 * 1024, 200, 1, None).unwrap(),
    )
    .hash_password(b"slow", &SaltString::generate(&mut OsRng))
    .unwrap()
    .to_string();
    for t in common::databases().await {
        let (b, _) = common::backend(&t.db);
        common::seed_small(&b).await;
        let router = router_for(b.clone());
        let h = b.hasher.clone();
        let workers = h.capacity() / (1 + server::auth::password::QUEUE_PER_WORKER);
        let started = h.computed();
        let mut storm = Vec::new();
        for _ in 0..workers {
            let (h, slow) = (h.clone(), slow.clone());
            storm.push(tokio::spawn(async move { h.verify("x", Some(slow)).await }));
        }
        while h.computed() < started + workers as u64 {
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        // Every worker is busy for seconds: fill every place in the queue.
        for _ in workers..h.capacity() {
            let h = h.clone();
            storm.push(tokio::spawn(async move { h.verify("x", None).await }));
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        for _ in 0..app::domain::account::CAPTCHA_AFTER_ACCOUNT + 3 {
            let r = post_form(
                &router,
                "/api/login",
                &format!("username=r430000&password={DEMO_PASSWORD}"),
                None,
            )
            .await;
            assert_eq!(
                r.status,
                axum::http::StatusCode::SERVICE_UNAVAILABLE,
                "{}",
                r.text()
            );
            assert_eq!(r.headers.get("retry-after").unwrap(), "2");
            assert!(matches!(
                r.error(),
                AppError::Busy {
                    retry_after_seconds: 2
                }
            ));
            use app::i18n::Say as _;
            let said = r.error().say(app::i18n::Locale::zh_CN);
            assert_eq!(said, "当前登录人数较多，请 2 秒后重试");
        }
        for task in storm {
            assert!(task.await.unwrap().is_ok(), "the queued work was done");
        }
        let s = b
            .login(
                "r430000",
                DEMO_PASSWORD,
                Some("test".into()),
                Default::default(),
            )
            .await;
        assert!(s.is_ok(), "{s:?}");
    }
}
