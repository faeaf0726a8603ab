//! Operations: `/healthz`, Prometheus `/metrics`, and the per-request metrics middleware.

use crate::state::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use std::sync::OnceLock;
use std::time::Instant;

/// The process-wide recorder (installed once, even when tests start many servers).
pub fn prometheus() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let recorder = PrometheusBuilder::new()
            .set_buckets(&[
                // from a quarter of a millisecond: a write transaction holds SQLite's lock
                // for about one
                0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
            ])
            .expect("buckets")
            .build_recorder();
        let handle = recorder.handle();
        let _ = metrics::set_global_recorder(recorder);
        handle
    })
}

pub async fn healthz(State(state): State<AppState>) -> Response {
    match state.store().ping().await {
        Ok(()) => (StatusCode::OK, "ok").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

pub async fn metrics_page(State(state): State<AppState>) -> impl IntoResponse {
    search_gauges(&state).await;
    (
        [("content-type", "text/plain; version=0.0.4")],
        prometheus().render(),
    )
}

/// Counts requests and times them by route template (not raw path, to bound cardinality),
/// and tells the client the server's own time (`Server-Timing: app;dur=<ms>`), so a load
/// test on the same machine can tell time spent serving from time spent queueing for a CPU.
pub async fn track(req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |m| m.as_str().to_string());
    let method = req.method().to_string();
    let start = Instant::now();
    let mut resp = next.run(req).await;
    let status = resp.status().as_u16().to_string();
    let labels = [("method", method), ("route", route), ("status", status)];
    metrics::counter!("http_requests_total", &labels).increment(1);
    let took = start.elapsed().as_secs_f64();
    metrics::histogram!("http_request_duration_seconds", &labels).record(took);
    if let Ok(v) = axum::http::HeaderValue::from_str(&format!("app;dur={:.3}", took * 1000.0)) {
        resp.headers_mut().insert("server-timing", v);
    }
    resp
}

/// This node's search index: how far behind the change feed it is, and its size.
async fn search_gauges(state: &AppState) {
    let Some(index) = state.search() else {
        return;
    };
    match purser_app::search::lag(state.store(), index).await {
        Ok(lag) => metrics::gauge!("search_index_lag_changes").set(lag as f64),
        Err(e) => tracing::warn!(error = %e, "search lag unknown"),
    }
    let index = index.clone();
    if let Ok(Ok(stats)) = tokio::task::spawn_blocking(move || index.stats()).await {
        metrics::gauge!("search_index_documents").set(stats.docs as f64);
        metrics::gauge!("search_index_bytes").set(stats.bytes as f64);
    }
}
