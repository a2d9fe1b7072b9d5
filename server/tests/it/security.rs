//! The hardened edge: password guessing slowed per account and per source
//! (across instances: counted in the database) with the holder told;
//! reviewers cannot take over their peers; reset links die with what
//! should end them; cross-site writes, wrong statuses, cacheable pages and
//! test routes in production are gone; sessions end when left idle.

use crate::common;
use app::backend::prelude::*;
use app::backend::LoginAttempt;
use app::error::AppError;
use app::message::{AuthIssue, ManageIssue, RequestIssue};
use axum::http::{header, Request, StatusCode};
use server::backend::actor_by_username;
use server::seed::DEMO_PASSWORD;

fn from(source: &str) -> LoginAttempt {
    LoginAttempt {
        source: Some(source.into()),
        captcha: None,
    }
}

#[tokio::test]
async fn guessing_brings_the_captcha_then_a_pause_and_tells_the_holder() {
    for t in common::databases().await {
        let dir = tempfile::tempdir().unwrap();
        let (b, _clock) = common::backend_in(&t.db, dir.path());
        common::seed_small(&b).await;
        let mut answers = Vec::new();
        for _ in 0..4 {
            answers.push(
                b.login("r430104", "wrong-guess", None, from("10.0.0.9"))
                    .await
                    .unwrap_err(),
            );
        }
        assert_eq!(answers[0], AppError::Refused(AuthIssue::LoginFailed.into()));
        assert_eq!(
            answers[2],
            AppError::CaptchaRequired(AuthIssue::LoginFailed.into())
        );
        assert_eq!(
            answers[3],
            AppError::CaptchaRequired(AuthIssue::CaptchaMissing.into())
        );
        // The right password now needs the captcha too...
        let e = b
            .login("r430104", DEMO_PASSWORD, None, from("10.0.0.9"))
            .await
            .unwrap_err();
        assert!(matches!(e, AppError::CaptchaRequired(_)), "{e:?}");
        // ... the holder was told once, and names that do not exist are
        // counted alike (the answers tell nothing).
        let mails = common::wait_for_mails(dir.path(), 1).await;
        assert_eq!(mails.len(), 1);
        assert!(mails[0].contains("=E7=99=BB=E5=BD=95") || mails[0].contains("登录"));
        for _ in 0..3 {
            let _ = b.login("no-such-user", "x", None, from("10.0.0.8")).await;
        }
        let e = b
            .login("no-such-user", "x", None, from("10.0.0.8"))
            .await
            .unwrap_err();
        assert!(matches!(e, AppError::CaptchaRequired(_)));
        // With the captcha solved, a right password gets in.
        let (id, _, answer) = server::reset::new_captcha(&t.db, b.now()).await.unwrap();
        b.login(
            "r430104",
            DEMO_PASSWORD,
            None,
            LoginAttempt {
                source: Some("10.0.0.9".into()),
                captcha: Some((id, answer)),
            },
        )
        .await
        .unwrap();
        // Ten failures close the account name for the window, whatever the
        // captcha; a source spraying many names is closed too.
        for _ in 0..10 {
            let (id, _, answer) = server::reset::new_captcha(&t.db, b.now()).await.unwrap();
            let _ = b
                .login(
                    "r430105",
                    "wrong",
                    None,
                    LoginAttempt {
                        source: Some("10.0.0.7".into()),
                        captcha: Some((id, answer)),
                    },
                )
                .await;
        }
        assert_eq!(
            b.login("r430105", DEMO_PASSWORD, None, from("10.9.9.9"))
                .await
                .map(|_| ()),
            Err(AppError::TooManyAttempts(AuthIssue::TooManyLogins.into()))
        );
        for i in 0..50 {
            let _ = b
                .login(&format!("r4302{i:02}"), "x", None, from("10.6.6.6"))
                .await;
        }
        assert!(matches!(
            b.login("r430000", DEMO_PASSWORD, None, from("10.6.6.6"))
                .await,
            Err(AppError::TooManyAttempts(_))
        ));
        assert!(b
            .login("r430000", DEMO_PASSWORD, None, from("10.1.1.1"))
            .await
            .is_ok());
        t.cleanup().await;
    }
}

#[tokio::test]
async fn a_burst_of_parallel_guesses_is_counted_like_serial_ones() {
    for t in common::databases().await {
        let dir = tempfile::tempdir().unwrap();
        let (b, _clock) = common::backend_in(&t.db, dir.path());
        common::seed_small(&b).await;
        // Five bursts of 40 parallel guesses: across all of them no more
        // passwords are checked than three serial guesses would have been
        // before the captcha (every checked failure stays counted).
        let mut checked = 0;
        for _ in 0..5 {
            let burst = (0..40).map(|_| {
                let b = b.clone();
                async move {
                    b.login("r430102", "wrong-guess", None, from("10.7.0.1"))
                        .await
                }
            });
            let answers = futures::future::join_all(burst).await;
            // Only an answer naming the wrong password had it checked.
            checked += answers
                .iter()
                .filter(|a| {
                    matches!(a, Err(AppError::Refused(m)) | Err(AppError::CaptchaRequired(m))
                        if *m == AuthIssue::LoginFailed.into())
                })
                .count();
        }
        assert!(
            checked <= app::domain::account::CAPTCHA_AFTER_ACCOUNT as usize,
            "{checked} of 200 parallel guesses were checked"
        );
        t.cleanup().await;
    }
}

#[tokio::test]
async fn a_stolen_session_cannot_guess_the_current_password_faster_than_a_login() {
    for t in common::databases().await {
        let dir = tempfile::tempdir().unwrap();
        let (b, _clock) = common::backend_in(&t.db, dir.path());
        common::seed_small(&b).await;
        let me = actor_by_username(&t.db, "r430103").await.unwrap().unwrap();
        for _ in 0..app::domain::account::LOCK_AFTER_ACCOUNT {
            let e = b
                .change_password(&me, "", "not-it-2026", "Changed2026x")
                .await
                .unwrap_err();
            assert_eq!(e, AppError::Refused(AuthIssue::WrongPassword.into()));
        }
        // Now even the right one is refused, through either door, and the
        // holder was told.
        let e = b
            .change_password(&me, "", DEMO_PASSWORD, "Changed2026x")
            .await
            .unwrap_err();
        assert_eq!(
            e,
            AppError::TooManyAttempts(AuthIssue::TooManyLogins.into())
        );
        let e = b
            .save_profile(
                &me,
                "x".into(),
                String::new(),
                "thief@evil.cn".into(),
                DEMO_PASSWORD.into(),
            )
            .await
            .unwrap_err();
        assert_eq!(
            e,
            AppError::TooManyAttempts(AuthIssue::TooManyLogins.into())
        );
        let e = b
            .login("r430103", DEMO_PASSWORD, None, from("10.7.0.3"))
            .await
            .unwrap_err();
        assert_eq!(
            e,
            AppError::TooManyAttempts(AuthIssue::TooManyLogins.into())
        );
        assert_eq!(common::wait_for_mails(dir.path(), 1).await.len(), 1);
        t.cleanup().await;
    }
}

#[tokio::test]
async fn a_new_import_preview_replaces_the_last_one_of_its_kind() {
    for t in common::databases().await {
        let (b, _clock) = common::backend(&t.db);
        common::seed_small(&b).await;
        let county = actor_by_username(&t.db, "r430104").await.unwrap().unwrap();
        let csv = "用户名,姓名,角色,地区代码,学校代码,联系电话,电子邮件\nx1,甲,学校管理员,,4301040001,,\n";
        for _ in 0..3 {
            server::import::preview(
                &b,
                &county,
                app::admin::model::ImportKind::Users,
                csv.as_bytes(),
                "u.csv",
            )
            .await
            .unwrap();
        }
        let waiting = common::count(
            &t.db,
            "SELECT COUNT(*) AS n FROM import_jobs WHERE user_id = $1",
            vec![county.user_id.into()],
        )
        .await;
        assert_eq!(waiting, 1);
        // The import is a door to new accounts too: a national admin
        // cannot make another one through it.
        let national = actor_by_username(&t.db, "a000000").await.unwrap().unwrap();
        let top = "用户名,姓名,角色,地区代码,学校代码,联系电话,电子邮件\na000002,乙,全国管理员,000000,,,\n";
        let preview = server::import::preview(
            &b,
            &national,
            app::admin::model::ImportKind::Users,
            top.as_bytes(),
            "u.csv",
        )
        .await
        .unwrap();
        assert_eq!(preview.errors.len(), 1, "{:?}", preview.errors);
        t.cleanup().await;
    }
}

#[tokio::test]
async fn reviewers_manage_accounts_below_them_never_their_peers() {
    for t in common::databases().await {
        let dir = tempfile::tempdir().unwrap();
        let (b, _clock) = common::backend_in(&t.db, dir.path());
        common::seed_small(&b).await;
        let national = actor_by_username(&t.db, "a000000").await.unwrap().unwrap();
        let hunan = actor_by_username(&t.db, "r430000").await.unwrap().unwrap();
        let peer = app::domain::admin::UserInput {
            username: "r430000b".into(),
            name: "同级审核员".into(),
            role: app::domain::Role::Reviewer,
            region_code: "430000".into(),
            school_code: String::new(),
            phone: String::new(),
            email: "peer@hn.cn".into(),
        };
        // Only the level above creates a province's second reviewer.
        assert!(matches!(
            b.create_user(&hunan, peer.clone(), None).await,
            Err(AppError::Refused(_))
        ));
        b.create_user(&national, peer, None).await.unwrap();
        let contact = app::admin::model::Contact {
            name: "改".into(),
            phone: String::new(),
            email: "attacker@evil.cn".into(),
        };
        for attempt in [
            b.save_user_contact(&hunan, "r430000b".into(), contact.clone())
                .await,
            b.set_user_disabled(&hunan, "r430000b".into(), true).await,
            b.send_user_reset(&hunan, "r430000b".into())
                .await
                .map(|_| ()),
        ] {
            assert!(matches!(attempt, Err(AppError::Refused(_))), "{attempt:?}");
        }
        // Below it, as before.
        b.set_user_disabled(&hunan, "r430100".into(), true)
            .await
            .unwrap();
        // The national admin's equals — its own account included — are
        // nobody's to manage: a stolen session cannot redirect the top
        // account's reset link, nor make a second top account.
        for attempt in [
            b.save_user_contact(&national, "a000000".into(), contact.clone())
                .await,
            b.send_user_reset(&national, "a000000".into())
                .await
                .map(|_| ()),
            b.set_user_disabled(&national, "a000000".into(), true).await,
        ] {
            assert!(matches!(attempt, Err(AppError::Refused(_))), "{attempt:?}");
        }
        let second = app::domain::admin::UserInput {
            username: "a000001".into(),
            name: "第二位".into(),
            role: app::domain::Role::NationalAdmin,
            region_code: "000000".into(),
            school_code: String::new(),
            phone: String::new(),
            email: "two@edu.cn".into(),
        };
        assert!(matches!(
            b.create_user(&national, second, None).await,
            Err(AppError::Refused(_))
        ));
        t.cleanup().await;
    }
}

#[tokio::test]
async fn a_reset_link_dies_with_a_new_password_a_newer_link_or_a_disable() {
    for t in common::databases().await {
        let dir = tempfile::tempdir().unwrap();
        let (b, _clock) = common::backend_in(&t.db, dir.path());
        common::seed_small(&b).await;
        let national = actor_by_username(&t.db, "a000000").await.unwrap().unwrap();
        let link = |n: usize| {
            let dir = dir.path().to_path_buf();
            async move {
                let mails = common::wait_for_mails(&dir, n).await;
                common::token_in(mails.last().unwrap())
            }
        };
        let use_link = |token: String| {
            let b = b.clone();
            async move {
                b.reset_password(token, "Fresh2026x".into(), "Fresh2026x".into())
                    .await
            }
        };
        // A newer link voids the older one.
        b.send_user_reset(&national, "r430104".into())
            .await
            .unwrap();
        let first = link(1).await;
        b.send_user_reset(&national, "r430104".into())
            .await
            .unwrap();
        let second = link(2).await;
        assert!(use_link(first).await.is_err());
        // 停用 then 启用 voids the newer one too.
        b.set_user_disabled(&national, "r430104".into(), true)
            .await
            .unwrap();
        b.set_user_disabled(&national, "r430104".into(), false)
            .await
            .unwrap();
        assert!(use_link(second).await.is_err());
        // A password change voids a link sent before it.
        b.send_user_reset(&national, "r430104".into())
            .await
            .unwrap();
        let third = link(3).await;
        let me = actor_by_username(&t.db, "r430104").await.unwrap().unwrap();
        b.change_password(&me, "", DEMO_PASSWORD, "Changed2026x")
            .await
            .unwrap();
        assert!(use_link(third).await.is_err());
        // A new e-mail address — set by an administrator, or by the holder
        // with the password — voids a link sent to the old one.
        b.send_user_reset(&national, "r430105".into())
            .await
            .unwrap();
        let fourth = link(4).await;
        let moved = app::admin::model::Contact {
            name: "岳".into(),
            phone: String::new(),
            email: "new@hn.cn".into(),
        };
        b.save_user_contact(&national, "r430105".into(), moved)
            .await
            .unwrap();
        assert!(use_link(fourth).await.is_err());
        b.send_user_reset(&national, "s4301040001".into())
            .await
            .unwrap();
        let fifth = link(5).await;
        let school = actor_by_username(&t.db, "s4301040001")
            .await
            .unwrap()
            .unwrap();
        b.save_profile(
            &school,
            "校".into(),
            String::new(),
            "mine@school.cn".into(),
            DEMO_PASSWORD.into(),
        )
        .await
        .unwrap();
        assert!(use_link(fifth).await.is_err());
        // A token that is no link costs no hashing: anyone can send one.
        let before = b.hasher.computed();
        assert!(use_link("ab".repeat(32)).await.is_err());
        assert_eq!(b.hasher.computed(), before);
        t.cleanup().await;
    }
}

#[tokio::test]
async fn the_edge_refuses_cross_site_writes_and_answers_honest_statuses() {
    for t in common::databases().await {
        let (b, _clock) = common::backend(&t.db);
        common::seed_small(&b).await;
        let router = common::web::router_for(b.clone());
        let cookie = common::web::login(&router, "r430104").await;
        // A cross-site form post riding the cookie is refused, login too.
        for (path, body) in [
            ("/api/save_profile", "name=x&phone=&email="),
            ("/api/login", "username=r430104&password=x"),
        ] {
            let req = Request::post(path)
                .header(header::CONTENT_TYPE, "text/plain")
                .header(header::COOKIE, &cookie)
                .header("sec-fetch-site", "cross-site")
                .header(header::ORIGIN, "https://evil.example")
                .body(axum::body::Body::from(body))
                .unwrap();
            let r = common::web::send(&router, req).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}");
        }
        // Refusals are 4xx, not 500.
        let r = common::web::post_form(
            &router,
            "/api/get_report_table",
            "region=440000",
            Some(&cookie),
        )
        .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.text());
        let r = common::web::post_form(&router, "/api/get_me", "", None).await;
        assert!(r.status.is_success());
        let r =
            common::web::post_form(&router, "/api/submit_report", "year=2026&month=11", None).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        let r = common::web::post_form(
            &router,
            "/api/admin_schools",
            &format!("q={}&page=0", "长".repeat(300)),
            Some(&cookie),
        )
        .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text());
        assert_eq!(
            r.error(),
            AppError::Invalid(ManageIssue::SearchTooLong { max: 100 }.into())
        );
        // Any argument of any server fn is bounded: a body over the bound
        // is refused before it is read whole, declared or streamed.
        let huge = format!(
            "name={}&phone=&email=",
            "x".repeat(server::edge::MAX_BODY + 1)
        );
        let r = common::web::post_form(&router, "/api/save_profile", &huge, Some(&cookie)).await;
        assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(
            r.error(),
            AppError::TooLarge(RequestIssue::BodyTooLarge { limit_mib: 1 }.into())
        );
        let chunks =
            futures::stream::iter((0..40).map(|_| Ok::<_, std::io::Error>(vec![b'x'; 64 * 1024])));
        let req = Request::post("/api/login")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(axum::body::Body::from_stream(chunks))
            .unwrap();
        let r = common::web::send(&router, req).await;
        assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
        // A logged-in page is not kept, and says where its scripts may
        // come from (its nonce).
        let page = common::web::get(&router, "/report", Some(&cookie)).await;
        assert_eq!(page.headers.get(header::CACHE_CONTROL).unwrap(), "no-store");
        let csp = page
            .headers
            .get(header::CONTENT_SECURITY_POLICY)
            .expect("a CSP")
            .to_str()
            .unwrap()
            .to_string();
        let nonce = csp
            .split("'nonce-")
            .nth(1)
            .and_then(|s| s.split('\'').next())
            .unwrap();
        assert!(page.text().contains(&format!("nonce=\"{nonce}\"")));
        // Test routes do not exist without the test clock.
        let r = common::web::post_form(&router, "/api/test/clock", "at=2027-01-01T00:00:00Z", None)
            .await;
        assert_ne!(r.status, StatusCode::OK);
        t.cleanup().await;
    }
}

#[tokio::test]
async fn a_session_left_idle_ends() {
    for t in common::databases().await {
        let (seeded, clock) = common::backend(&t.db);
        common::seed_small(&seeded).await;
        let mut b = server::backend::ServerBackend::new(
            t.db.clone(),
            std::sync::Arc::new(clock.clone()),
            false,
        );
        b.session_idle = chrono::Duration::seconds(1);
        let s = b
            .login("r430104", DEMO_PASSWORD, None, Default::default())
            .await
            .unwrap();
        assert!(b.actor_for_session(&s.token).await.unwrap().is_some());
        tokio::time::sleep(std::time::Duration::from_millis(2100)).await;
        assert!(b.actor_for_session(&s.token).await.unwrap().is_none());
        t.cleanup().await;
    }
}
