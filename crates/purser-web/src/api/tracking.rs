//! `/api/v1/tracking`, `/api/v1/shipments` and `/api/v1/vessels`: event sources and their
//! signed callbacks, events and schedules pushed by operators' systems, shipments with
//! their timelines, and vessel voyages with everything on board.

use super::Page;
use crate::auth::ApiCaller;
use crate::problem::{ApiError, ApiResult, JsonBody, Problem};
use crate::state::AppState;
use axum::Json;
use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use purser_app::AppError;
use purser_app::tracking::ingest::{self, IngestReport};
use purser_app::tracking::schedules::{self as sched, ScheduleReport};
use purser_app::tracking::shipments::{self as ship, ShipmentInput, VoyagePage};
use purser_app::tracking::subscriptions::{self as subs, NewSource};
use purser_app::tracking::timelines::{self, ShipmentPage};
use purser_domain::roles::Role;
use purser_domain::validation::Problems;
use purser_store::tracking::notices::Notice;
use purser_store::tracking::shipments::{Shipment, ShipmentFilter};
use serde::Deserialize;
use std::collections::HashMap;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// Largest event array or schedule document accepted.
pub const MAX_BODY: usize = 16 * 1024 * 1024;

/// The raw body, up to [`MAX_BODY`]: read here rather than through `Bytes`, which the
/// server's 1 MiB default limit would cut off below a batch of 1,000 full events.
async fn raw_body(body: Body) -> ApiResult<Bytes> {
    axum::body::to_bytes(body, MAX_BODY).await.map_err(|_| {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "Payload too large",
            "send at most 16 MiB per call",
        )
    })
}

/// Events that break the schema are a 400 (not 422): the whole array is refused, each
/// problem named by its JSON pointer.
fn bad_events(e: AppError) -> ApiError {
    match e {
        AppError::Invalid(p) => ApiError {
            status: StatusCode::BAD_REQUEST,
            title: "Invalid events",
            detail: Some(format!(
                "nothing was stored: the array is all-or-nothing ({} problem(s))",
                p.0.len()
            )),
            errors: p.0,
        },
        other => other.into(),
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceInput {
    pub name: String,
}

/// Register a system that pushes events; its secret is shown this once.
#[utoipa::path(post, path = "/api/v1/tracking/sources", tag = "tracking",
    request_body = SourceInput,
    responses((status = 201, body = NewSource), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn create_source(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    JsonBody(input): JsonBody<SourceInput>,
) -> ApiResult<Response> {
    let src = subs::create_source(s.store(), &c.ctx, &input.name).await?;
    Ok((StatusCode::CREATED, Json(src)).into_response())
}

/// DCSA TNT 2.2 events pushed by a source, signed `Notification-Signature: sha256=<hex>`
/// (HMAC-SHA256 of the raw body with the source's secret). A bad signature is 401 and
/// stores nothing; a bad event is 400 and stores nothing of the array.
#[utoipa::path(post, path = "/api/v1/tracking/callbacks/{source}", tag = "tracking",
    params(("source" = String, Path, description = "the source's id or name")),
    request_body(content = String, content_type = "application/json"),
    responses((status = 200, body = IngestReport), (status = 400, body = Problem), (status = 401, body = Problem)))]
pub async fn callback(
    State(s): State<AppState>,
    Path(source): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Json<IngestReport>> {
    let unauthorized = |_| {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "Unauthorized",
            "Notification-Signature does not match this source's secret",
        )
    };
    let sig = headers
        .get("notification-signature")
        .and_then(|v| v.to_str().ok());
    // the source and the signature's form first: a stranger's body is never read
    let src = subs::callback_source(s.store(), &source, sig)
        .await
        .map_err(unauthorized)?;
    let body = raw_body(body).await?;
    subs::verify_body(&src, &body, sig).map_err(unauthorized)?;
    Ok(Json(
        ingest::ingest(s.store(), Some(src.id), &body)
            .await
            .map_err(bad_events)?,
    ))
}

fn desk(role: Role) -> ApiResult<()> {
    if matches!(role, Role::Admin | Role::Supervisor | Role::Agent) {
        Ok(())
    } else {
        Err(AppError::Forbidden.into())
    }
}

/// DCSA TNT 2.2 events from an operator's system with a bearer token (same rules as a callback).
#[utoipa::path(post, path = "/api/v1/tracking/events", tag = "tracking",
    request_body(content = String, content_type = "application/json"),
    responses((status = 200, body = IngestReport), (status = 400, body = Problem)))]
pub async fn post_events(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    body: Body,
) -> ApiResult<Json<IngestReport>> {
    desk(c.ctx.actor.role)?;
    let body = raw_body(body).await?;
    Ok(Json(
        ingest::ingest(s.store(), None, &body)
            .await
            .map_err(bad_events)?,
    ))
}

/// DCSA Commercial Schedules 1.0.3 (vessel schedules or point-to-point routes).
#[utoipa::path(post, path = "/api/v1/tracking/schedules", tag = "tracking",
    request_body(content = String, content_type = "application/json"),
    responses((status = 200, body = ScheduleReport), (status = 400, body = Problem)))]
pub async fn post_schedules(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    body: Body,
) -> ApiResult<Json<ScheduleReport>> {
    let body = raw_body(body).await?;
    Ok(Json(
        sched::import(s.store(), &c.ctx, &body)
            .await
            .map_err(bad_events)?,
    ))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct ShipmentParams {
    /// Any reference: container, B/L, booking, or vessel IMO/voyage ("9321483/2103S").
    q: Option<String>,
    customer_id: Option<Uuid>,
    /// booked, gate_in, loaded, departed, arrived, discharged, delivered, …
    status: Option<String>,
    delayed: Option<bool>,
    vessel_imo: Option<String>,
    voyage: Option<String>,
    /// Port of loading or discharge (UN/LOCODE).
    #[param(pattern = "^([A-Za-z]{2} ?[A-Za-z2-9]{3})?$")]
    port: Option<String>,
    cursor: Option<String>,
    /// 1 to 200, default 50.
    #[param(minimum = 1, maximum = 200)]
    limit: Option<u64>,
}

/// Shipments, newest first, with filters; `q` finds by any reference.
#[utoipa::path(get, path = "/api/v1/shipments", tag = "tracking", params(ShipmentParams),
    responses((status = 200, body = Page<Shipment>), (status = 422, body = Problem)))]
pub async fn list(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Query(params): Query<HashMap<String, String>>,
) -> ApiResult<Json<Page<Shipment>>> {
    let get = |k: &str| params.get(k).map(String::as_str).filter(|v| !v.is_empty());
    // the filters are checked with a search too: a bad one is refused, not ignored
    let f = parse_filter(&params)?;
    if let Some(q) = get("q") {
        let items = timelines::find(s.store(), &c.ctx, q).await?;
        return Ok(Json(Page {
            items,
            next_cursor: None,
        }));
    }
    let items = ship::list(s.store(), &c.ctx, &f).await?;
    let next_cursor = (items.len() as u64 == f.limit)
        .then(|| items.last())
        .flatten()
        .map(|l| URL_SAFE_NO_PAD.encode(format!("{}:{}", l.created_at, l.id)));
    Ok(Json(Page { items, next_cursor }))
}

pub fn parse_filter(params: &HashMap<String, String>) -> ApiResult<ShipmentFilter> {
    let get = |k: &str| params.get(k).map(String::as_str).filter(|v| !v.is_empty());
    let mut p = Problems::new();
    let mut f = ShipmentFilter {
        limit: 50,
        ..Default::default()
    };
    if let Some(v) = get("customer_id") {
        f.customer = p.check(
            "customer_id",
            v.parse::<Uuid>().map_err(|_| "must be a customer id"),
        );
    }
    f.status = get("status").map(str::to_string);
    if let Some(v) = get("delayed") {
        f.delayed = p.check(
            "delayed",
            v.parse::<bool>().map_err(|_| "must be true or false"),
        );
    }
    f.vessel_imo = get("vessel_imo").map(str::to_string);
    f.voyage = get("voyage").map(str::to_string);
    if let Some(v) = get("port") {
        f.port = p.check(
            "port",
            purser_domain::ids::UnLocode::parse(v).map(|l| l.to_string()),
        );
    }
    if let Some(v) = get("limit") {
        f.limit = p
            .check(
                "limit",
                v.parse::<u64>()
                    .ok()
                    .filter(|n| (1..=200).contains(n))
                    .ok_or("must be 1 to 200"),
            )
            .unwrap_or(50);
    }
    if let Some(v) = get("cursor") {
        f.before = p.check(
            "cursor",
            URL_SAFE_NO_PAD
                .decode(v)
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
                .and_then(|s| {
                    let (a, b) = s.split_once(':')?;
                    Some((a.parse().ok()?, b.parse().ok()?))
                })
                .ok_or("is not a cursor from this API"),
        );
    }
    p.into_result()
        .map_err(|p| ApiError::from(AppError::Invalid(p)))?;
    Ok(f)
}

/// Record a shipment (booking, parties, ports, legs, containers).
#[utoipa::path(post, path = "/api/v1/shipments", tag = "tracking", request_body = ShipmentInput,
    responses((status = 201, body = Shipment), (status = 422, body = Problem)))]
pub async fn create(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    JsonBody(input): JsonBody<ShipmentInput>,
) -> ApiResult<Response> {
    let row = ship::create(s.store(), &c.ctx, &input).await?;
    Ok(super::created(
        format!("/api/v1/shipments/{}", row.id),
        row.version,
        &row,
    ))
}

/// A shipment with its containers, milestones, events, port calls and the notices sent.
#[utoipa::path(get, path = "/api/v1/shipments/{id}", tag = "tracking", params(("id" = Uuid, Path)),
    responses((status = 200, body = ShipmentPage), (status = 404, body = Problem)))]
pub async fn get(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<ShipmentPage>> {
    Ok(Json(timelines::page(s.store(), &c.ctx, id).await?))
}

/// A vessel voyage: its calls and every shipment on board that the caller may see.
#[utoipa::path(get, path = "/api/v1/vessels/{imo}/voyages/{voyage}", tag = "tracking",
    params(("imo" = String, Path), ("voyage" = String, Path)),
    responses((status = 200, body = VoyagePage), (status = 404, body = Problem)))]
pub async fn voyage(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path((imo, voyage)): Path<(String, String)>,
) -> ApiResult<Json<VoyagePage>> {
    Ok(Json(ship::voyage(s.store(), &c.ctx, &imo, &voyage).await?))
}

/// The proactive notices a customer was sent, newest first.
#[utoipa::path(get, path = "/api/v1/customers/{id}/notices", tag = "tracking", params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<Notice>), (status = 404, body = Problem)))]
pub async fn notices(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Vec<Notice>>> {
    Ok(Json(
        purser_app::tracking::notices::of_customer(s.store(), &c.ctx, id).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ThresholdInput {
    /// Tell this customer about an ETA slip beyond this many hours (default 12).
    #[schema(minimum = 1, maximum = 720)]
    pub eta_threshold_hours: i64,
}

/// Set a customer's ETA-slip threshold for proactive notices.
#[utoipa::path(put, path = "/api/v1/customers/{id}/notice-threshold", tag = "tracking",
    params(("id" = Uuid, Path)), request_body = ThresholdInput,
    responses((status = 204), (status = 422, body = Problem)))]
pub async fn set_threshold(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<Uuid>,
    JsonBody(input): JsonBody<ThresholdInput>,
) -> ApiResult<StatusCode> {
    ship::set_threshold(s.store(), &c.ctx, id, input.eta_threshold_hours).await?;
    Ok(StatusCode::NO_CONTENT)
}
