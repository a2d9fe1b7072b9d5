//! Calling the real router as an HTTP client would.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use server::backend::ServerBackend;
use server::seed::DEMO_PASSWORD;
use std::sync::Arc;
use tower::ServiceExt;

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).to_string()
    }
    /// The typed error of a refusal: a server fn's body is the encoded
    /// `AppError`; a plain route's is `{ "error": <AppError>, "message" }`.
    pub fn error(&self) -> app::error::AppError {
        let v: serde_json::Value =
            serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.text()));
        let e = match v.get("error") {
            Some(inner) if v.get("message").is_some() => inner.clone(),
            _ => v,
        };
        serde_json::from_value(e).unwrap_or_else(|e| panic!("{e}: {}", self.text()))
    }
    pub fn cookie(&self) -> Option<String> {
        self.headers
            .get(header::SET_COOKIE)
            .map(|v| v.to_str().unwrap().to_string())
    }
}

pub fn router_for(b: Arc<ServerBackend>) -> Router {
    let options = server::http::leptos_options(
        std::path::Path::new("target/site"),
        "127.0.0.1:0".parse().unwrap(),
    );
    server::http::router(b, options)
}

pub async fn send(router: &Router, req: Request<Body>) -> Reply {
    let resp = router.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let headers = resp.headers().clone();
    let body = resp
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    Reply {
        status,
        headers,
        body,
    }
}

/// A server-fn style form POST.
pub async fn post_form(router: &Router, path: &str, body: &str, cookie: Option<&str>) -> Reply {
    let mut req = Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "application/json");
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    send(router, req.body(Body::from(body.to_string())).unwrap()).await
}

pub async fn get(router: &Router, path: &str, cookie: Option<&str>) -> Reply {
    let mut req = Request::get(path);
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    send(router, req.body(Body::empty()).unwrap()).await
}

/// Logs in and answers the `name=value` of the session cookie.
pub async fn login(router: &Router, user: &str) -> String {
    let r = post_form(
        router,
        "/api/login",
        &format!("username={user}&password={DEMO_PASSWORD}"),
        None,
    )
    .await;
    assert!(
        r.status.is_success() || r.status.is_redirection(),
        "{} {}",
        r.status,
        r.text()
    );
    let cookie = r.cookie().expect("login sets a cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    cookie.split(';').next().unwrap().to_string()
}

/// A multipart body of text fields and one file.
pub fn multipart(fields: &[(&str, &str)], file: Option<(&str, &[u8])>) -> (String, Vec<u8>) {
    let boundary = "----jyxxtestboundary7MA4YWxk";
    let mut body = Vec::new();
    for (k, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    if let Some((name, bytes)) = file {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
                 Content-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

pub async fn upload(router: &Router, cookie: &str, name: &str, bytes: &[u8]) -> Reply {
    let (ctype, body) = multipart(&[("year", "2026"), ("month", "11")], Some((name, bytes)));
    let req = Request::post("/api/upload_report_text")
        .header(header::CONTENT_TYPE, ctype)
        .header(header::COOKIE, cookie)
        .body(Body::from(body))
        .unwrap();
    send(router, req).await
}

/// Uploads a file to 批量导入 (`kind`: schools or users): the preview's
/// status and body.
pub async fn import_preview(
    router: &Router,
    cookie: &str,
    kind: &str,
    name: &str,
    bytes: &[u8],
) -> (u16, String) {
    let (ctype, body) = multipart(&[], Some((name, bytes)));
    let req = Request::post(format!("/api/import/{kind}"))
        .header(header::CONTENT_TYPE, ctype)
        .header(header::COOKIE, cookie)
        .body(Body::from(body))
        .unwrap();
    let r = send(router, req).await;
    (r.status.as_u16(), r.text())
}
