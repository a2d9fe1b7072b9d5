//! The one place every request passes on its way in and out:
//!
//! - **CSRF**: a state-changing request (anything but GET, HEAD, OPTIONS)
//!   from a browser must come from this site. Browsers say where a request
//!   comes from (`Sec-Fetch-Site`, else `Origin`); a cross-site one is
//!   refused before it reaches a handler, login included. Clients that are
//!   not browsers send neither and hold no victim's cookie.
//! - **Statuses**: a server fn that refuses answers 4xx, not 500 — the
//!   error's kind decides (`status_of`, the same map the upload and file
//!   routes use), so real faults stand out.
//! - **Body size**: every request body is bounded before a handler reads
//!   it. Uploads (`upload::MAX_REQUEST`) stream to disk through their own
//!   bounded multipart receiver; every other body (server fns, login
//!   forms) is read here up to `MAX_BODY` and refused with 413 beyond it, so
//!   no field of any argument can make the server buffer more.
//! - **Headers**: `Cache-Control: no-store` on everything but the build's
//!   own files (no page, answer or file of a logged-in user is kept by a
//!   browser or a proxy); the bundle's files, named by their content, are
//!   `immutable` for a year, the build's other files `no-cache`;
//!   `nosniff`, `DENY` framing, `same-origin` referrers; the Content-Security-Policy is set by the page shell, which
//!   knows the page's nonce (`app::shell`).

use crate::backend::ServerBackend;
use app::backend::prelude::*;
use app::backend::Actor;
use app::error::AppError;
use app::i18n::{Locale, Say};
use app::message::RequestIssue;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The signed-in actor of a request outside the server fns (live events,
/// uploads, downloads, imports, exports): the one way those routes learn
/// who asks; without a standing session, a clean 401 that says so.
/// The second field is the session's token, for a route that outlives
/// the request (the live stream ends with its session).
pub struct CurrentActor(pub Actor, pub String);

impl<S> axum::extract::FromRequestParts<S> for CurrentActor
where
    S: Send + Sync,
    std::sync::Arc<ServerBackend>: axum::extract::FromRef<S>,
{
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Response> {
        let refuse = |e: AppError| refusal(status_of(&e), &e);
        let b: std::sync::Arc<ServerBackend> = axum::extract::FromRef::from_ref(state);
        let Some(token) = crate::auth::session::from_headers(&parts.headers) else {
            return Err(refuse(AppError::Unauthenticated));
        };
        match b.actor_for_session(&token).await {
            Ok(Some(a)) => Ok(CurrentActor(a, token)),
            Ok(None) => Err(refuse(AppError::Unauthenticated)),
            Err(e) => Err(refuse(e)),
        }
    }
}

tokio::task_local! {
    /// The locale of the request being answered (`app::i18n::of_request`),
    /// set by `guard` for the whole of its handling.
    static READER: Locale;
}

/// The locale of the request being answered: what its sender reads. zh-CN
/// outside a request (a job, a deadline run).
pub fn reader() -> Locale {
    READER.try_with(|l| *l).unwrap_or(Locale::zh_CN)
}

/// A refusal outside the server fns (downloads, uploads, live events, the
/// guard's own) as JSON: `{ "error": <AppError>, "message": <sentence> }`.
/// The page renders `error` in its own locale; `message` is for any other
/// client, in the request's locale.
pub fn refusal(status: StatusCode, e: &AppError) -> Response {
    let mut resp = (
        status,
        [(header::CACHE_CONTROL, "no-store")],
        axum::Json(serde_json::json!({ "error": e, "message": e.say(reader()) })),
    )
        .into_response();
    add_retry_after(resp.headers_mut(), e);
    resp
}

/// `Retry-After` for an error that says when to try again.
fn add_retry_after(headers: &mut HeaderMap, e: &AppError) {
    if let AppError::Busy {
        retry_after_seconds,
    } = e
    {
        headers.insert(header::RETRY_AFTER, HeaderValue::from(*retry_after_seconds));
    }
}

/// The HTTP status of an error, for every route: refusals and bad input are
/// the client's (4xx), faults the server's (5xx).
pub fn status_of(e: &AppError) -> StatusCode {
    match e {
        AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
        AppError::NotFound => StatusCode::NOT_FOUND,
        AppError::Invalid(_) => StatusCode::BAD_REQUEST,
        AppError::Refused(_) | AppError::CaptchaRequired(_) => StatusCode::FORBIDDEN,
        AppError::Conflict => StatusCode::CONFLICT,
        AppError::Busy { .. } => StatusCode::SERVICE_UNAVAILABLE,
        AppError::TooManyAttempts(_) => StatusCode::TOO_MANY_REQUESTS,
        AppError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
        AppError::Storage(_) => StatusCode::INSUFFICIENT_STORAGE,
        AppError::Internal(_) | AppError::Transport(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// Whether a browser says this request was made by another site.
fn cross_site(req: &Request) -> bool {
    let headers = req.headers();
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return !matches!(site, "same-origin" | "none");
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let origin_host = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
        .unwrap_or("");
    origin == "null" || origin_host != host
}

/// How long a browser or a proxy may keep an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keep {
    /// A bundle file named by its content (`/pkg/jyxx.<digest>.js`): the
    /// name changes with the content, so it is kept for a year unasked.
    Forever,
    /// Another file of the build (`/sw.js`, the favicon, an unhashed file
    /// under `/pkg/`): kept, but asked again before each use.
    Revalidate,
    /// Everything else: pages, answers, files of users.
    Never,
}

/// The marker of an answer that is a file of the build: it leaves as the
/// build made it (compressed by the build where it is worth it), never
/// compressed on the fly (`http::router`'s compression predicate).
#[derive(Debug, Clone, Copy)]
pub struct BuildFile;

/// What may be kept of an answer to `path`: only the build's own files.
fn keep(path: &str) -> Keep {
    match path.strip_prefix("/pkg/") {
        Some(name) if content_named(name) => Keep::Forever,
        Some(_) => Keep::Revalidate,
        None if matches!(path, "/sw.js" | "/favicon.svg") => Keep::Revalidate,
        None => Keep::Never,
    }
}

/// A name the build gave a file from its content:
/// `<stem>.<at least 16 hex digits>[_bg].<extension>`, in `/pkg/` itself.
fn content_named(name: &str) -> bool {
    let parts: Vec<&str> = name.split('.').collect();
    let [stem, digest, ext] = parts[..] else {
        return false;
    };
    let digest = digest.strip_suffix("_bg").unwrap_or(digest);
    !stem.is_empty()
        && !stem.contains('/')
        && !ext.is_empty()
        && digest.len() >= 16
        && digest.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The largest body of a request that is not an upload, in bytes: a
/// notice's content (`MAX_CONTENT`, 200 000 bytes of HTML) JSON-encoded
/// with room to spare; no other argument comes near.
pub const MAX_BODY: usize = 1024 * 1024;

/// Routes that take a file: their bodies stream, bounded by the route.
fn upload(path: &str) -> bool {
    matches!(path, "/api/upload_report_text" | "/api/notice_attachment")
        || path.starts_with("/api/import/")
}

/// The refusal of a body over its bound: 413, its body an encoded
/// `AppError` that the browser shows like any other refusal (a server fn's
/// client decodes the `AppError` itself, so the body is only that).
fn too_large(limit: usize) -> Response {
    let e = AppError::TooLarge(
        RequestIssue::BodyTooLarge {
            limit_mib: limit.div_ceil(1024 * 1024) as u64,
        }
        .into(),
    );
    (
        StatusCode::PAYLOAD_TOO_LARGE,
        [(header::CONTENT_TYPE, "application/json")],
        serde_json::to_string(&e).unwrap_or_default(),
    )
        .into_response()
}

/// The request with its body bounded: an upload's declared length is
/// checked (its route counts what actually arrives); any other body is
/// read here, whatever it declares, up to `MAX_BODY`.
async fn bounded(req: Request) -> Result<Request, Response> {
    let path = req.uri().path();
    let limit = if upload(path) {
        crate::upload::MAX_REQUEST
    } else {
        MAX_BODY
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large(limit));
    }
    if upload(path) {
        return Ok(req);
    }
    let (parts, body) = req.into_parts();
    match axum::body::to_bytes(body, limit).await {
        Ok(bytes) => Ok(Request::from_parts(parts, Body::from(bytes))),
        Err(_) => Err(too_large(limit)),
    }
}

/// The middleware (outermost but compression).
pub async fn guard(req: Request, next: Next) -> Response {
    let locale = {
        let text = |name| req.headers().get(name).and_then(|v| v.to_str().ok());
        app::i18n::of_request(text(header::COOKIE), text(header::ACCEPT_LANGUAGE))
    };
    READER.scope(locale, handle(req, next)).await
}

async fn handle(req: Request, next: Next) -> Response {
    let changes_state = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if changes_state && cross_site(&req) {
        let e = AppError::Refused(RequestIssue::CrossSite.into());
        return refusal(StatusCode::FORBIDDEN, &e);
    }
    let req = match bounded(req).await {
        Ok(req) => req,
        Err(refused) => return with_headers(refused, ""),
    };
    let path = req.uri().path().to_string();
    let server_fn = path.starts_with("/api/") && *req.method() == Method::POST;
    let mut resp = next.run(req).await;
    if server_fn && resp.status() == StatusCode::INTERNAL_SERVER_ERROR {
        resp = with_error_status(resp).await;
    }
    with_headers(resp, &path)
}

/// The security headers every answer carries; `no-store` on all but the
/// build's own files, which are kept for a year when named by their
/// content and revalidated otherwise.
fn with_headers(mut resp: Response, path: &str) -> Response {
    let found = resp.status().is_success() || resp.status() == StatusCode::NOT_MODIFIED;
    let keep = if found { keep(path) } else { Keep::Never };
    if keep != Keep::Never {
        resp.extensions_mut().insert(BuildFile);
    }
    let h = resp.headers_mut();
    for (name, value) in [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "same-origin"),
    ] {
        h.entry(name).or_insert(HeaderValue::from_static(value));
    }
    let cache = match keep {
        Keep::Forever => "public, max-age=31536000, immutable",
        Keep::Revalidate => "no-cache",
        Keep::Never => "no-store",
    };
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    if keep != Keep::Never {
        // The same name answers brotli, gzip or plain bytes, as asked.
        let varies = h
            .get_all(header::VARY)
            .iter()
            .any(|v| v.as_bytes().eq_ignore_ascii_case(b"accept-encoding"));
        if !varies {
            h.append(header::VARY, HeaderValue::from_static("accept-encoding"));
        }
    }
    resp
}

/// A server fn's error answer (always 500 from the framework) with the
/// status its error deserves; the body is the encoded `AppError`.
async fn with_error_status(resp: Response) -> Response {
    let (mut parts, body) = resp.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        // A fault as the client decodes any: the encoded `AppError` (with
        // the reference id it was logged under), no sentence.
        let e = AppError::from(crate::error::ServiceError::Internal(
            "server fn error body unreadable".into(),
        ));
        return (
            StatusCode::INTERNAL_SERVER_ERROR,
            [(header::CONTENT_TYPE, "application/json")],
            serde_json::to_string(&e).unwrap_or_default(),
        )
            .into_response();
    };
    if let Ok(e) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = status_of(&e);
        add_retry_after(&mut parts.headers, &e);
    }
    Response::from_parts(parts, Body::from(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(headers: &[(&str, &str)]) -> Request {
        let mut b = Request::post("/api/login");
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        b.body(Body::empty()).unwrap()
    }

    #[test]
    fn a_browser_saying_another_site_is_cross_site() {
        assert!(cross_site(&req(&[("sec-fetch-site", "cross-site")])));
        assert!(cross_site(&req(&[("sec-fetch-site", "same-site")])));
        assert!(!cross_site(&req(&[("sec-fetch-site", "same-origin")])));
        assert!(cross_site(&req(&[
            ("origin", "https://evil.example"),
            ("host", "jyxx.example")
        ])));
        assert!(!cross_site(&req(&[
            ("origin", "https://jyxx.example"),
            ("host", "jyxx.example")
        ])));
        assert!(!cross_site(&req(&[])), "not a browser: no cookie to ride");
    }

    #[test]
    fn refusals_are_the_clients_faults_are_the_servers() {
        assert_eq!(status_of(&AppError::NotFound), StatusCode::NOT_FOUND);
        assert_eq!(
            status_of(&AppError::Refused(RequestIssue::CrossSite.into())),
            StatusCode::FORBIDDEN
        );
        assert_eq!(status_of(&AppError::Conflict), StatusCode::CONFLICT);
        assert_eq!(
            status_of(&AppError::Internal("1".into())),
            StatusCode::INTERNAL_SERVER_ERROR
        );
    }

    #[test]
    fn only_a_bundle_file_named_by_its_content_is_kept_for_good() {
        assert_eq!(keep("/pkg/jyxx.0123456789abcdef.js"), Keep::Forever);
        assert_eq!(keep("/pkg/jyxx.0123456789abcdef_bg.wasm"), Keep::Forever);
        assert_eq!(keep("/pkg/jyxx.0123456789ABCDEF.css"), Keep::Forever);
        assert_eq!(keep("/pkg/jyxx.js"), Keep::Revalidate);
        assert_eq!(keep("/pkg/jyxx_bg.wasm"), Keep::Revalidate);
        assert_eq!(keep("/pkg/manifest.json"), Keep::Revalidate);
        assert_eq!(keep("/pkg/jyxx.0123456789abcdef.js.br"), Keep::Revalidate);
        assert_eq!(keep("/pkg/jyxx.0123456789abcdeg.js"), Keep::Revalidate);
        assert_eq!(keep("/pkg/jyxx.0123456789abcde.js"), Keep::Revalidate);
        assert_eq!(keep("/pkg/x/jyxx.0123456789abcdef.js"), Keep::Revalidate);
        assert_eq!(keep("/sw.js"), Keep::Revalidate);
        assert_eq!(keep("/favicon.svg"), Keep::Revalidate);
        assert_eq!(keep("/report"), Keep::Never);
        assert_eq!(keep("/files/export/x.0123456789abcdef.csv"), Keep::Never);
    }
}
