//! The UI's language: chosen from the locale cookie, else the browser's
//! Accept-Language, else zh-CN; `<html lang>` says which; a logged-in
//! user's choice is kept and comes back at the next login on any device.

use crate::common;

use axum::body::Body;
use axum::http::{header, Request};
use common::web::{login, post_form, router_for, send};

async fn login_page(router: &axum::Router, accept: Option<&str>, cookie: Option<&str>) -> String {
    let mut req = Request::get("/login");
    if let Some(a) = accept {
        req = req.header(header::ACCEPT_LANGUAGE, a);
    }
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    send(router, req.body(Body::empty()).unwrap()).await.text()
}

#[tokio::test]
async fn the_page_speaks_the_cookies_language_else_the_browsers_else_chinese() {
    for t in common::databases().await {
        let (b, _) = common::backend(&t.db);
        common::seed_small(&b).await;
        let router = router_for(b);

        let page = login_page(&router, None, None).await;
        assert!(page.contains(r#"lang="zh-CN""#), "{page}");
        assert!(page.contains("用户登录"), "{page}");

        let page = login_page(&router, Some("en-US,en;q=0.9"), None).await;
        assert!(page.contains(r#"lang="en""#), "{page}");
        assert!(page.contains("Sign in"), "{page}");
        assert!(!page.contains("用户登录"), "{page}");

        let page = login_page(
            &router,
            Some("en-US,en;q=0.9"),
            Some("i18n_pref_locale=zh-CN"),
        )
        .await;
        assert!(page.contains(r#"lang="zh-CN""#), "{page}");
        assert!(page.contains("用户登录"), "{page}");

        let page = login_page(&router, None, Some("i18n_pref_locale=en")).await;
        assert!(page.contains(r#"lang="en""#), "{page}");
        t.cleanup().await;
    }
}

#[tokio::test]
async fn a_users_choice_comes_back_at_the_next_login() {
    for t in common::databases().await {
        let (b, _) = common::backend(&t.db);
        common::seed_small(&b).await;
        let router = router_for(b);

        // No choice yet: the login sets no locale cookie.
        let first = post_form(
            &router,
            "/api/login",
            &format!("username=r430104&password={}", server::seed::DEMO_PASSWORD),
            None,
        )
        .await;
        assert!(!set_cookies(&first)
            .iter()
            .any(|c| c.starts_with("i18n_pref_locale=")));

        let session = login(&router, "r430104").await;
        let r = post_form(&router, "/api/set_language", "locale=en", Some(&session)).await;
        assert!(r.status.is_success(), "{} {}", r.status, r.text());
        // An unknown language is the sender's mistake and changes nothing.
        let r = post_form(&router, "/api/set_language", "locale=fr", Some(&session)).await;
        assert!(r.status.is_client_error(), "{}", r.status);

        let again = post_form(
            &router,
            "/api/login",
            &format!("username=r430104&password={}", server::seed::DEMO_PASSWORD),
            None,
        )
        .await;
        let cookies = set_cookies(&again);
        let locale = cookies
            .iter()
            .find(|c| c.starts_with("i18n_pref_locale="))
            .unwrap_or_else(|| panic!("{cookies:?}"));
        assert!(
            locale.starts_with("i18n_pref_locale=en;") && locale.contains("Path=/"),
            "{locale}"
        );

        // Before login the switch only sets the cookie: nothing is stored.
        let r = post_form(&router, "/api/set_language", "locale=zh-CN", None).await;
        assert!(r.status.is_success(), "{}", r.status);
        t.cleanup().await;
    }
}

fn set_cookies(r: &common::web::Reply) -> Vec<String> {
    r.headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect()
}
