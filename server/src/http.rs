//! The axum router: leptos pages and server fns, live events, uploads,
//! static files, security headers.

use crate::backend::ServerBackend;
use crate::clock::OffsetClock;
use crate::upload;
use app::backend::{Backend, SharedBackend};
use app::{shell, App};
use axum::extract::Form;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use futures::stream::{self, Stream};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::convert::Infallible;
use std::path::Path;
use std::sync::Arc;
use tokio::sync::broadcast::error::RecvError;
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;

pub fn leptos_options(site_root: &Path, addr: std::net::SocketAddr) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("jyxx")
        .site_root(site_root.to_string_lossy().to_string())
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .build()
}

/// The movable clock, when the server runs with one (tests, demos).
#[derive(Clone)]
pub struct TestClock(pub Option<OffsetClock>);

pub fn router(backend: Arc<ServerBackend>, options: LeptosOptions) -> Router {
    router_with_clock(backend, options, None)
}

pub fn router_with_clock(
    backend: Arc<ServerBackend>,
    options: LeptosOptions,
    clock: Option<OffsetClock>,
) -> Router {
    let shared: SharedBackend = backend.clone();
    let routes = generate_route_list(App);
    let b1 = shared.clone();
    let b2 = shared;
    let shell_options = options.clone();
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(ready))
        .route("/metrics", get(metrics))
        .route("/api/events", get(events))
        // The upload enforces its own limit while streaming (with a clear
        // message), so axum's default body limit is lifted for it alone.
        .route(
            "/api/upload_report_text",
            post(upload::upload_report_text).layer(axum::extract::DefaultBodyLimit::disable()),
        )
        .route(
            "/files/report-text/{code}/{period}",
            get(upload::download_report_text),
        )
        .route(
            "/api/notice_attachment",
            post(upload::upload_notice_attachment)
                .layer(axum::extract::DefaultBodyLimit::disable()),
        )
        .route(
            "/files/notice/{notice}/{attachment}",
            get(upload::download_notice_attachment),
        )
        .route(
            "/api/import/{kind}",
            post(crate::export::upload_import).layer(axum::extract::DefaultBodyLimit::disable()),
        )
        .route("/files/export/{file}", get(crate::export::export))
        .route("/files/template/{file}", get(crate::export::template))
        .route("/api/test/clock", post(set_test_clock))
        .route("/api/test/drop_events", post(drop_events))
        .route("/api/test/captcha", post(captcha_answer))
        .leptos_routes_with_context(
            &options,
            routes,
            move || provide_context(b1.clone()),
            move || shell(shell_options.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            LeptosOptions,
            _,
        >(move || provide_context(b2.clone()), shell))
        .layer(axum::middleware::from_fn_with_state(
            backend.metrics.clone(),
            crate::metrics::track,
        ))
        .layer(Extension(backend))
        .layer(Extension(TestClock(clock)))
        .layer(CompressionLayer::new())
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .with_state(options)
}

/// `GET /readyz`: ready to take traffic when the database answers and its
/// schema is current (503 with the reason otherwise), for the load
/// balancer. `/healthz` only says the process serves.
async fn ready(Extension(b): Extension<Arc<ServerBackend>>) -> Response {
    match crate::db::readiness(&b.db).await {
        Ok(()) => "ready".into_response(),
        Err(why) => (StatusCode::SERVICE_UNAVAILABLE, why).into_response(),
    }
}

/// `GET /metrics`: the Prometheus text format; with `JYXX_METRICS_TOKEN`
/// set, only for `Authorization: Bearer <token>`.
async fn metrics(Extension(b): Extension<Arc<ServerBackend>>, headers: HeaderMap) -> Response {
    if let Some(token) = &b.metrics_token {
        let given = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        if given != Some(token.as_str()) {
            return (StatusCode::UNAUTHORIZED, "需要监控令牌").into_response();
        }
    }
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        b.metrics.render(),
    )
        .into_response()
}

/// `GET /api/events`: server-sent events, one `change` event (data: the
/// period `yyyymm`, or `*`) whenever something in the viewer's subtree
/// changed. Browsers reconnect an EventSource by themselves.
async fn events(Extension(b): Extension<Arc<ServerBackend>>, headers: HeaderMap) -> Response {
    let token = crate::auth::session::from_headers(&headers);
    let actor = match &token {
        Some(t) => b.actor_for_session(t).await.ok().flatten(),
        None => None,
    };
    let (Some(actor), Some(token)) = (actor, token) else {
        return (StatusCode::UNAUTHORIZED, "请先登录").into_response();
    };
    let open = crate::metrics::LiveGuard::new(&b.metrics);
    // The stream ends when every stream does (`drop_all`) or when its
    // session does (logout, password change, 停用): the browser reconnects,
    // is refused (401), and the page says the session ended.
    let ended = {
        let (b, dropped) = (b.clone(), b.live.dropped());
        async move {
            let session_gone = async {
                loop {
                    tokio::time::sleep(SESSION_CHECK).await;
                    if !matches!(b.actor_for_session(&token).await, Ok(Some(_))) {
                        break;
                    }
                }
            };
            tokio::select! {
                _ = dropped => {},
                _ = session_gone => {},
            }
        }
    };
    let stream =
        futures::StreamExt::take_until(change_stream(b.live.subscribe(), actor.region_id), ended);
    // The guard lives as long as the stream: the gauge counts open pages.
    let stream = futures::StreamExt::map(stream, move |e| {
        let _ = &open;
        e
    });
    Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response()
}

/// How often an open live stream checks that its session still stands.
const SESSION_CHECK: std::time::Duration = std::time::Duration::from_secs(10);

fn change_stream(
    rx: tokio::sync::broadcast::Receiver<crate::live::Change>,
    region: i32,
) -> impl Stream<Item = Result<Event, Infallible>> {
    // A first event tells a (re)connected page to re-read what it shows:
    // it may have missed changes while disconnected.
    let hello = stream::once(async {
        Ok(Event::default()
            .event("change")
            .data("*")
            .retry(std::time::Duration::from_secs(1)))
    });
    let changes = stream::unfold(rx, move |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(c) if c.concerns(region) => {
                    let data = c
                        .period
                        .map_or_else(|| "*".to_string(), |p| p.key().to_string());
                    return Some((Ok(Event::default().event("change").data(data)), rx));
                }
                Ok(_) => continue,
                Err(RecvError::Lagged(_)) => {
                    return Some((Ok(Event::default().event("change").data("*")), rx))
                }
                Err(RecvError::Closed) => return None,
            }
        }
    });
    futures::StreamExt::chain(hello, changes)
}

#[derive(serde::Deserialize)]
struct ClockForm {
    at: String,
}

/// `POST /api/test/clock` (form: `at` = RFC 3339): only when the server was
/// started with `JYXX_TEST_CLOCK=true`. Moves time and runs due deadlines.
async fn set_test_clock(
    Extension(clock): Extension<TestClock>,
    Extension(b): Extension<Arc<ServerBackend>>,
    Form(form): Form<ClockForm>,
) -> Response {
    let Some(clock) = clock.0 else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let Ok(at) = chrono::DateTime::parse_from_rfc3339(&form.at) else {
        return (StatusCode::BAD_REQUEST, "时间格式应为 RFC 3339").into_response();
    };
    clock.set_now(at.with_timezone(&chrono::Utc));
    match b.run_deadlines().await {
        Ok(n) => {
            // Views of every period re-read: the clock moved under them.
            b.live.publish(crate::live::Change {
                period: None,
                regions: None,
            });
            format!("ok {n}").into_response()
        }
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

/// `POST /api/test/drop_events`: ends every open event stream, to prove
/// that pages reconnect and catch up. Test clock mode only.
async fn drop_events(
    Extension(clock): Extension<TestClock>,
    Extension(b): Extension<Arc<ServerBackend>>,
) -> Response {
    if clock.0.is_none() {
        return StatusCode::NOT_FOUND.into_response();
    }
    b.live.drop_all();
    "ok".into_response()
}

#[derive(serde::Deserialize)]
struct CaptchaForm {
    id: String,
}

/// `POST /api/test/captcha` (form: `id`): the answer of a captcha, so
/// browser tests can get past it. Test clock mode only.
async fn captcha_answer(
    Extension(b): Extension<Arc<ServerBackend>>,
    Form(form): Form<CaptchaForm>,
) -> Response {
    let Some(map) = &b.test_captchas else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let answer = map
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(&form.id)
        .cloned();
    match answer {
        Some(a) => a.into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
