//! 忘记密码: the captcha, one answer for every address, single-use links
//! that expire after 30 minutes, rate limits, and sessions ended by a reset.

use crate::common;

use app::account::model::ResetRequested;
use app::backend::prelude::*;
use app::error::AppError;
use app::message::AuthIssue;
use chrono::Duration;
use server::backend::ServerBackend;
use server::reset::SENT;
use server::seed::DEMO_PASSWORD;
use std::path::Path;
use std::sync::Arc;

fn setup(
    db: &sea_orm::DatabaseConnection,
    dir: &Path,
) -> (Arc<ServerBackend>, server::clock::TestClock) {
    let clock = server::clock::TestClock::at(common::test_now());
    let b = ServerBackend::new(db.clone(), Arc::new(clock.clone()), false)
        .with_data_dir(dir.to_path_buf())
        .with_test_captchas();
    (Arc::new(b), clock)
}

async fn ask(b: &ServerBackend, email: &str) -> Result<ResetRequested, AppError> {
    let c = b.new_captcha().await.unwrap();
    assert!(c.image.starts_with("data:image/png;base64,"));
    let answer = b.test_captchas.as_ref().unwrap().lock().unwrap()[&c.id].clone();
    b.request_reset(email.into(), c.id, answer).await
}

#[tokio::test]
async fn a_reset_link_works_once_and_ends_every_session() {
    for t in common::databases().await {
        let dir = tempfile::tempdir().unwrap();
        let (b, _) = setup(&t.db, dir.path());
        common::seed_small(&b).await;
        let old = b
            .login("r430104", DEMO_PASSWORD, None, Default::default())
            .await
            .unwrap();
        assert_eq!(ask(&b, "R430104@jyxx.example").await, Ok(SENT));
        let mail = common::wait_for_mails(dir.path(), 1)
            .await
            .pop()
            .expect("a mail in the outbox");
        assert!(mail.contains("To: r430104@jyxx.example"), "{mail}");
        let token = common::token_in(&mail);
        assert_eq!(
            b.reset_password(token.clone(), "short".into(), "short".into())
                .await
                .map_err(|_| ()),
            Err(())
        );
        b.reset_password(token.clone(), "Reset2026a".into(), "Reset2026a".into())
            .await
            .unwrap();
        assert!(
            b.actor_for_session(&old.token).await.unwrap().is_none(),
            "old sessions end"
        );
        assert!(b
            .login("r430104", "Reset2026a", None, Default::default())
            .await
            .is_ok());
        let again = b
            .reset_password(token, "Again2026b".into(), "Again2026b".into())
            .await;
        assert_eq!(
            again,
            Err(AppError::Refused(AuthIssue::LinkInvalid.into())),
            "single use"
        );
        t.cleanup().await;
    }
}

#[tokio::test]
async fn links_expire_after_thirty_minutes() {
    for t in common::databases().await {
        let dir = tempfile::tempdir().unwrap();
        let (b, clock) = setup(&t.db, dir.path());
        common::seed_small(&b).await;
        ask(&b, "r430100@jyxx.example").await.unwrap();
        let token = common::token_in(&common::wait_for_mails(dir.path(), 1).await.pop().unwrap());
        clock.set(common::test_now() + Duration::minutes(31));
        let r = b
            .reset_password(token, "Late2026ab".into(), "Late2026ab".into())
            .await;
        assert_eq!(r, Err(AppError::Refused(AuthIssue::LinkInvalid.into())));
        assert!(
            b.login("r430100", DEMO_PASSWORD, None, Default::default())
                .await
                .is_ok(),
            "nothing changed"
        );
        t.cleanup().await;
    }
}

#[tokio::test]
async fn the_answer_never_tells_whether_an_address_is_registered() {
    for t in common::databases().await {
        let dir = tempfile::tempdir().unwrap();
        let (b, _) = setup(&t.db, dir.path());
        common::seed_small(&b).await;
        let known = ask(&b, "r430102@jyxx.example").await;
        let unknown = ask(&b, "nobody@nowhere.example").await;
        assert_eq!(known, unknown);
        assert_eq!(
            common::wait_for_mails(dir.path(), 1).await.len(),
            1,
            "only the registered address gets mail"
        );
        t.cleanup().await;
    }
}

#[tokio::test]
async fn captchas_are_checked_and_single_use() {
    for t in common::databases().await {
        let dir = tempfile::tempdir().unwrap();
        let (b, _) = setup(&t.db, dir.path());
        common::seed_small(&b).await;
        let c = b.new_captcha().await.unwrap();
        let answer = b.test_captchas.as_ref().unwrap().lock().unwrap()[&c.id].clone();
        let wrong = b
            .request_reset("r430104@jyxx.example".into(), c.id.clone(), "0000x".into())
            .await;
        assert_eq!(
            wrong,
            Err(AppError::Invalid(AuthIssue::CaptchaWrong.into()))
        );
        let reused = b
            .request_reset("r430104@jyxx.example".into(), c.id, answer)
            .await;
        assert_eq!(
            reused,
            Err(AppError::Invalid(AuthIssue::CaptchaWrong.into())),
            "a captcha is used up by any answer"
        );
        assert_eq!(common::mails(dir.path()).len(), 0);
        t.cleanup().await;
    }
}

#[tokio::test]
async fn requests_are_rate_limited_per_address_and_per_account() {
    for t in common::databases().await {
        let dir = tempfile::tempdir().unwrap();
        let (b, _) = setup(&t.db, dir.path());
        common::seed_small(&b).await;
        for _ in 0..server::reset::PER_ADDRESS_PER_HOUR {
            assert_eq!(ask(&b, "r430105@jyxx.example").await, Ok(SENT));
        }
        let limited = ask(&b, "r430105@jyxx.example").await;
        assert_eq!(
            limited,
            Err(AppError::Refused(AuthIssue::ResetTooFrequent.into()))
        );
        let sent =
            common::wait_for_mails(dir.path(), server::reset::PER_ACCOUNT_PER_HOUR as usize).await;
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        assert_eq!(
            sent.len(),
            server::reset::PER_ACCOUNT_PER_HOUR as usize,
            "the account gets at most its limit"
        );
        assert_eq!(
            common::mails(dir.path()).len(),
            server::reset::PER_ACCOUNT_PER_HOUR as usize
        );
        t.cleanup().await;
    }
}
