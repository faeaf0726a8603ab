//! Purser's HTTP edge: the JSON API (`/api/v1`, OpenAPI at `/api/openapi.json`, docs at
//! `/api/docs`), the staff console (`/`), operations (`/healthz`, `/metrics`). Handlers
//! only translate HTTP to use cases in `purser-app` and back.

pub mod api;
pub mod auth;
mod console;
mod docs;
mod download;
mod i18n;
mod labels;
mod local_time;
pub mod ops;
mod place_names;
pub mod problem;
// hardening (issue 14, items 10–13): the server with its connection limits
pub mod server;
pub mod state;
mod typed_text;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, Request, header};
use axum::routing::get;
use state::AppState;
use std::sync::Arc;
use std::time::Duration;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The whole application as one router.
pub fn app(state: AppState) -> Router {
    // install the recorder before the first request is counted, not at the first scrape
    ops::prometheus();
    let (api, openapi) = api::router();
    let openapi = Arc::new(openapi);
    let spec = openapi.clone();
    let api = api
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            api::idempotency::layer,
        ))
        // truth: axum's own rejections under /api/ as problem+json
        .layer(axum::middleware::from_fn(problem::framework_rejections));
    Router::new()
        .merge(api)
        .route("/api/openapi.json", get(move || async move { axum::Json((*spec).clone()) }))
        .route("/api/docs", get(move || docs::page(openapi.clone())))
        .route("/healthz", get(ops::healthz))
        .route("/metrics", get(ops::metrics_page))
        .merge(console::router())
        .fallback(|req: Request<axum::body::Body>| async move {
            // pages: a browser's unknown page is a 404 page with the layout; API clients get a problem
            if !req.uri().path().starts_with("/api/") && console::error_page::wants_html(req.headers()) {
                return console::failure(purser_app::AppError::NotFound);
            }
            axum::response::IntoResponse::into_response(problem::ApiError::new(axum::http::StatusCode::NOT_FOUND, "Not found", "no such route"))
        })
        // pages: 403/404 pages of the console with the layout, the user's language and a way home
        .layer(axum::middleware::from_fn_with_state(state.clone(), console::error_page::with_layout))
        .layer(axum::middleware::from_fn(typed_text::forms_as_typed))
        .layer(DefaultBodyLimit::max(1024 * 1024))
        .layer(axum::middleware::from_fn(ops::track))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'"),
        ))
        .layer(TimeoutLayer::with_status_code(axum::http::StatusCode::REQUEST_TIMEOUT, Duration::from_secs(30)))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
            let id = req.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
            tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
        }))
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        .with_state(state)
}
