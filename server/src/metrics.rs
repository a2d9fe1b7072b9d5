//! What an operator watches behind a load balancer, in the Prometheus text
//! format at `GET /metrics` (prometheus-client, the Prometheus project's
//! own Rust client): requests by route, method and status with their
//! latency, open live connections, deadline job runs and their duration,
//! LISTEN reconnects of the cross-instance fan-out.

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;
use std::sync::Arc;
use std::time::Instant;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Outcome {
    route: String,
    method: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Route {
    route: String,
    method: String,
}

type Latencies = Family<Route, Histogram, fn() -> Histogram>;

/// Request latencies from 1 ms to ~16 s.
fn latency_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.001, 2.0, 15))
}

/// The instance's metrics; cheap to clone (shared counters).
#[derive(Clone)]
pub struct Metrics {
    registry: Arc<Registry>,
    requests: Family<Outcome, Counter>,
    latency: Latencies,
    /// Open `/api/events` streams.
    pub live_connections: Gauge,
    /// Deadline closes done (a level and period closed by this instance).
    pub deadline_closes: Counter,
    /// Duration of each deadline job tick, seconds.
    pub deadline_seconds: Histogram,
    /// Times the LISTEN connection was lost and re-established.
    pub listen_reconnects: Counter,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("jyxx");
        let requests = Family::<Outcome, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests by route, method and status",
            requests.clone(),
        );
        let latency: Latencies = Family::new_with_constructor(latency_histogram);
        registry.register(
            "http_request_duration_seconds",
            "HTTP request latency by route and method",
            latency.clone(),
        );
        let live_connections = Gauge::default();
        registry.register(
            "live_connections",
            "Open live-update streams (server-sent events)",
            live_connections.clone(),
        );
        let deadline_closes = Counter::default();
        registry.register(
            "deadline_closes",
            "Reporting deadlines (level and period) closed by this instance",
            deadline_closes.clone(),
        );
        let deadline_seconds = Histogram::new(exponential_buckets(0.001, 2.0, 18));
        registry.register(
            "deadline_job_duration_seconds",
            "Duration of each run of the deadline job",
            deadline_seconds.clone(),
        );
        let listen_reconnects = Counter::default();
        registry.register(
            "listen_reconnects",
            "Times the PostgreSQL LISTEN connection was re-established",
            listen_reconnects.clone(),
        );
        Self {
            registry: Arc::new(registry),
            requests,
            latency,
            live_connections,
            deadline_closes,
            deadline_seconds,
            listen_reconnects,
        }
    }
}

impl Metrics {
    /// Everything, in the text exposition format.
    pub fn render(&self) -> String {
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut out, &self.registry);
        out
    }

    fn observe(&self, route: String, method: String, status: u16, seconds: f64) {
        self.latency
            .get_or_create(&Route {
                route: route.clone(),
                method: method.clone(),
            })
            .observe(seconds);
        self.requests
            .get_or_create(&Outcome {
                route,
                method,
                status,
            })
            .inc();
    }
}

/// The route a request is counted under: its matched route, never the raw
/// path (which anyone can vary without end); the bundle and files as one.
fn route_of(req: &Request) -> String {
    if let Some(m) = req.extensions().get::<MatchedPath>() {
        return m.as_str().to_string();
    }
    let path = req.uri().path();
    if path.starts_with("/pkg/") {
        "/pkg/*".into()
    } else {
        "other".into()
    }
}

/// Middleware: counts and times every request.
pub async fn track(
    axum::extract::State(m): axum::extract::State<Metrics>,
    req: Request,
    next: Next,
) -> Response {
    let route = route_of(&req);
    let method = req.method().as_str().to_string();
    let started = Instant::now();
    let resp = next.run(req).await;
    m.observe(
        route,
        method,
        resp.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    resp
}

/// Counts an open live stream for as long as it lives.
pub struct LiveGuard(Gauge);

impl LiveGuard {
    pub fn new(m: &Metrics) -> Self {
        m.live_connections.inc();
        Self(m.live_connections.clone())
    }
}

impl Drop for LiveGuard {
    fn drop(&mut self) {
        self.0.dec();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_format_names_every_metric() {
        let m = Metrics::default();
        m.observe("/login".into(), "GET".into(), 200, 0.01);
        m.deadline_closes.inc();
        let _live = LiveGuard::new(&m);
        let text = m.render();
        for name in [
            "jyxx_http_requests_total{route=\"/login\",method=\"GET\",status=\"200\"} 1",
            "jyxx_http_request_duration_seconds_count{route=\"/login\",method=\"GET\"} 1",
            "jyxx_live_connections 1",
            "jyxx_deadline_closes_total 1",
            "jyxx_listen_reconnects_total 0",
        ] {
            assert!(text.contains(name), "{name} in\n{text}");
        }
    }
}
