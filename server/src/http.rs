//! The axum router: leptos pages and server fns, live events, uploads,
//! static files, security headers.

use crate::backend::ServerBackend;
use crate::clock::OffsetClock;
use crate::upload;
use app::backend::SharedBackend;
use app::domain::RegionId;
use app::{shell, App};
use axum::extract::{DefaultBodyLimit, Form, FromRef, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use futures::stream::{self, Stream};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::convert::Infallible;
use std::path::Path;
use std::sync::Arc;
use tokio::sync::broadcast::error::RecvError;
use tower_http::compression::predicate::{DefaultPredicate, Predicate};
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;

/// The listening socket, with `TCP_NODELAY` set on it, which accepted
/// connections inherit (Linux, the BSDs). A streamed page leaves in several
/// writes; with Nagle's algorithm the second waits for the client's
/// delayed ACK (~40 ms on a kept-alive connection) before it is sent.
/// A plain `TcpListener`, so that `ConnectInfo<SocketAddr>` still works.
///
/// Errors: the address cannot be bound (in use, no permission).
pub async fn listen(addr: std::net::SocketAddr) -> std::io::Result<tokio::net::TcpListener> {
    let socket = if addr.is_ipv4() {
        tokio::net::TcpSocket::new_v4()?
    } else {
        tokio::net::TcpSocket::new_v6()?
    };
    // As std's and tokio's own `bind` do: a restarted server can bind
    // while the old connections linger in TIME_WAIT.
    socket.set_reuseaddr(true)?;
    socket.set_nodelay(true)?;
    socket.bind(addr)?;
    socket.listen(1024)
}

/// The front end's files of a build, as the build named them by their
/// content (`scripts/build.sh`): `<name>.js`, `<name>_bg.wasm` and
/// `<name>.css`, where `name` is `jyxx.<digest of the three>`. The build
/// writes `name` to `<site root>/pkg/manifest.json`, read once at start.
#[derive(serde::Deserialize)]
struct Manifest {
    name: String,
}

/// The manifest's file in the site's `pkg` directory.
pub const MANIFEST: &str = "manifest.json";

/// The stem of the bundle's file names (`jyxx.<digest>`): leptos'
/// `HydrationScripts` links `<stem>.js` and `<stem>_bg.wasm`, the shell
/// `<stem>.css`. Without a built site (server tests, a server started
/// before its first build) the pages link files that do not exist.
pub fn bundle_name(site_root: &Path) -> String {
    let path = site_root.join("pkg").join(MANIFEST);
    let read = std::fs::read_to_string(&path)
        .map_err(|e| e.to_string())
        .and_then(|text| serde_json::from_str::<Manifest>(&text).map_err(|e| e.to_string()));
    match read {
        Ok(m)
            if !m.name.is_empty()
                && m.name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-')) =>
        {
            m.name
        }
        Ok(m) => {
            tracing::error!(path = %path.display(), name = %m.name, "the bundle manifest names no file");
            "jyxx".into()
        }
        Err(why) => {
            tracing::warn!(path = %path.display(), %why, "no bundle manifest: the front end is not built (scripts/build.sh)");
            "jyxx".into()
        }
    }
}

pub fn leptos_options(site_root: &Path, addr: std::net::SocketAddr) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name(bundle_name(site_root))
        .site_root(site_root.to_string_lossy().to_string())
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .build()
}

/// The movable clock, when the server runs with one (tests, demos).
#[derive(Clone)]
pub struct TestClock(pub Option<OffsetClock>);

/// What every route is given (axum `State`): the backend, the leptos
/// options, the test clock. Handlers take the part they need.
#[derive(Clone)]
pub struct AppState {
    pub backend: Arc<ServerBackend>,
    pub options: LeptosOptions,
    pub clock: TestClock,
}

impl FromRef<AppState> for Arc<ServerBackend> {
    fn from_ref(s: &AppState) -> Self {
        s.backend.clone()
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(s: &AppState) -> Self {
        s.options.clone()
    }
}

impl FromRef<AppState> for TestClock {
    fn from_ref(s: &AppState) -> Self {
        s.clock.clone()
    }
}

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
    // The bundle as the build compressed it (`<file>.br`, `<file>.gz`
    // beside each file), never compressed again on the way out.
    let pkg = ServeDir::new(Path::new(&*options.site_root).join(&*options.site_pkg_dir))
        .precompressed_br()
        .precompressed_gzip();
    let state = AppState {
        backend: backend.clone(),
        options,
        clock: TestClock(clock.clone()),
    };
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(ready))
        .route("/metrics", get(metrics))
        .route("/api/events", get(events))
        // Uploads stream their file to disk with their own limit (and a
        // clear message); the body as a whole may carry that file and a few
        // short fields, no more.
        .route(
            "/api/upload_report_text",
            post(upload::upload_report_text).layer(DefaultBodyLimit::max(upload::MAX_REQUEST)),
        )
        .route(
            "/files/report-text/{code}/{period}",
            get(upload::download_report_text),
        )
        .route(
            "/api/notice_attachment",
            post(upload::upload_notice_attachment)
                .layer(DefaultBodyLimit::max(upload::MAX_REQUEST)),
        )
        .route(
            "/files/notice/{notice}/{attachment}",
            get(upload::download_notice_attachment),
        )
        .route(
            "/api/import/{kind}",
            post(crate::export::upload_import).layer(DefaultBodyLimit::max(upload::MAX_REQUEST)),
        )
        .route("/files/export/{file}", get(crate::export::export))
        .route("/files/template/{file}", get(crate::export::template))
        .nest_service("/pkg", pkg)
        .merge(test_routes(clock.is_some()))
        .leptos_routes_with_context(
            &state,
            routes,
            move || {
                provide_context(b1.clone());
                // The page's nonce: its scripts carry it, and its
                // Content-Security-Policy names it (`app::shell`).
                leptos::nonce::provide_nonce();
            },
            move || shell(shell_options.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(move || provide_context(b2.clone()), shell))
        .layer(axum::middleware::from_fn_with_state(
            backend.metrics.clone(),
            crate::metrics::track,
        ))
        .layer(axum::middleware::from_fn(crate::edge::guard))
        // Compressed on the fly: the dynamic answers only; the build's files
        // come compressed by the build (`edge::BuildFile`).
        .layer(
            CompressionLayer::new().compress_when(DefaultPredicate::new().and(
                |_: StatusCode,
                 _: axum::http::Version,
                 _: &HeaderMap,
                 ext: &axum::http::Extensions| {
                    ext.get::<crate::edge::BuildFile>().is_none()
                },
            )),
        )
        .with_state(state)
}

/// The routes a test or demo moves time and reads captchas with: mounted
/// only when the server runs with its test clock (`JYXX_TEST_CLOCK`).
fn test_routes(enabled: bool) -> Router<AppState> {
    if !enabled {
        return Router::new();
    }
    Router::new()
        .route("/api/test/clock", post(set_test_clock))
        .route("/api/test/drop_events", post(drop_events))
        .route("/api/test/captcha", post(captcha_answer))
}

/// `GET /readyz`: ready to take traffic when the database answers and its
/// schema is current (503 with the reason otherwise), for the load
/// balancer. `/healthz` only says the process serves.
async fn ready(State(b): State<Arc<ServerBackend>>) -> Response {
    match crate::db::readiness(&b.db).await {
        Ok(()) => "ready".into_response(),
        Err(why) => (StatusCode::SERVICE_UNAVAILABLE, why).into_response(),
    }
}

/// `GET /metrics`: the Prometheus text format; with `JYXX_METRICS_TOKEN`
/// set, only for `Authorization: Bearer <token>`.
async fn metrics(State(b): State<Arc<ServerBackend>>, headers: HeaderMap) -> Response {
    if let Some(token) = &b.metrics_token {
        let given = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        if given != Some(token.as_str()) {
            let e = app::error::AppError::Refused(app::message::RequestIssue::MetricsToken.into());
            return crate::edge::refusal(StatusCode::UNAUTHORIZED, &e);
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
async fn events(
    State(b): State<Arc<ServerBackend>>,
    crate::edge::CurrentActor(actor, token): crate::edge::CurrentActor,
) -> Response {
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
                    if !b.session_stands(&token).await {
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
    region: RegionId,
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
    State(clock): State<TestClock>,
    State(b): State<Arc<ServerBackend>>,
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
    State(clock): State<TestClock>,
    State(b): State<Arc<ServerBackend>>,
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
    State(b): State<Arc<ServerBackend>>,
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
