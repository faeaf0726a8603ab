//! `/dcsa/tnt/v2`: DCSA Track & Trace 2.2 to the letter — events with the spec's filters
//! and cursor pagination, one event by id, and event subscriptions whose callbacks are
//! signed and delivered through the outbox. Errors are the spec's error document (not
//! problem+json), every response carries `API-Version`, and a customer's token sees only
//! its own shipments' events and its own subscriptions.

use crate::auth::ApiCaller;
use crate::problem::ApiError;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use purser_app::AppError;
use purser_app::tracking::{filters, subscriptions};
use purser_store::tracking::events::{self, EventRow};
use serde_json::{Value, json};
use uuid::Uuid;

pub const API_VERSION: &str = "2.2.0";

/// The TNT error document.
pub struct DcsaError {
    status: StatusCode,
    method: String,
    uri: String,
    errors: Vec<(String, String)>,
}

impl DcsaError {
    fn new(status: StatusCode, m: &Method, uri: &Uri, reason: &str, message: &str) -> Self {
        DcsaError {
            status,
            method: m.to_string(),
            uri: uri.to_string(),
            errors: vec![(reason.into(), message.into())],
        }
    }

    fn from_app(e: AppError, m: &Method, uri: &Uri) -> Self {
        let (status, errors) = match e {
            AppError::Invalid(p) => (
                StatusCode::BAD_REQUEST,
                p.0.into_iter()
                    .map(|f| {
                        (
                            "invalidInput".to_string(),
                            format!("{}: {}", f.field, f.message),
                        )
                    })
                    .collect(),
            ),
            other => {
                let api = ApiError::from(other);
                (
                    api.status,
                    vec![(reason(api.title), api.detail.unwrap_or_default())],
                )
            }
        };
        DcsaError {
            status,
            method: m.to_string(),
            uri: uri.to_string(),
            errors,
        }
    }

    fn from_api(e: ApiError, m: &Method, uri: &Uri) -> Self {
        DcsaError {
            status: e.status,
            method: m.to_string(),
            uri: uri.to_string(),
            errors: vec![(reason(e.title), e.detail.unwrap_or_default())],
        }
    }
}

/// A problem title as a TNT error reason, in the spec's lower camel case ("Not found" →
/// "notFound"), the same as the reasons this module writes itself.
fn reason(title: &str) -> String {
    let mut out = String::new();
    for (i, word) in title.split_whitespace().enumerate() {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            if i == 0 {
                out.extend(first.to_lowercase());
            } else {
                out.extend(first.to_uppercase());
            }
            out.push_str(chars.as_str());
        }
    }
    out
}

impl IntoResponse for DcsaError {
    fn into_response(self) -> Response {
        let body = json!({
            "httpMethod": self.method,
            "requestUri": self.uri,
            "errors": self.errors.iter().map(|(r, m)| json!({ "reason": r, "message": m })).collect::<Vec<_>>(),
            "statusCode": self.status.as_u16(),
            "statusCodeText": self.status.canonical_reason().unwrap_or(""),
            "errorDateTime": jiff::Timestamp::now().to_string(),
        });
        versioned(self.status, body)
    }
}

fn versioned(status: StatusCode, body: Value) -> Response {
    with_version((status, axum::Json(body)).into_response())
}

fn with_version(mut r: Response) -> Response {
    r.headers_mut()
        .insert("API-Version", HeaderValue::from_static(API_VERSION));
    r
}

/// 204 with the API-Version every TNT response carries.
fn no_content() -> Response {
    with_version(StatusCode::NO_CONTENT.into_response())
}

type DcsaResult<T> = Result<T, DcsaError>;

fn caller(
    c: Result<ApiCaller, ApiError>,
    m: &Method,
    uri: &Uri,
) -> DcsaResult<crate::auth::Caller> {
    c.map(|c| c.0).map_err(|e| DcsaError::from_api(e, m, uri))
}

fn event_json(e: &EventRow) -> Value {
    let v: Value = serde_json::from_str(&e.body).unwrap_or(Value::Null);
    purser_dcsa::event_out(&v)
}

fn cursor_encode(seq: i64) -> String {
    URL_SAFE_NO_PAD.encode(format!("after:{seq}"))
}

fn cursor_decode(s: &str) -> Option<i64> {
    let raw = URL_SAFE_NO_PAD.decode(s).ok()?;
    std::str::from_utf8(&raw)
        .ok()?
        .strip_prefix("after:")?
        .parse()
        .ok()
}

/// Find events by the spec's filters; `Next-Page` links the following page.
#[utoipa::path(get, path = "/dcsa/tnt/v2/events", tag = "dcsa-tnt",
    params(
        ("eventType" = Option<String>, Query, description = "SHIPMENT, TRANSPORT, EQUIPMENT (comma list)"),
        ("shipmentEventTypeCode" = Option<String>, Query), ("documentTypeCode" = Option<String>, Query),
        ("carrierBookingReference" = Option<String>, Query), ("transportDocumentReference" = Option<String>, Query),
        ("transportEventTypeCode" = Option<String>, Query), ("vesselIMONumber" = Option<String>, Query),
        ("carrierVoyageNumber" = Option<String>, Query), ("exportVoyageNumber" = Option<String>, Query),
        ("UNLocationCode" = Option<String>, Query), ("equipmentEventTypeCode" = Option<String>, Query),
        ("equipmentReference" = Option<String>, Query),
        ("eventCreatedDateTime" = Option<String>, Query, description = "also :gte, :gt, :lte, :lt, :eq"),
        ("limit" = Option<u32>, Query, minimum = 1, maximum = 1000), ("cursor" = Option<String>, Query), ("sort" = Option<String>, Query)),
    responses((status = 200, description = "Events (TNT 2.2 event array)"), (status = 400, description = "DCSA error")))]
pub async fn events(
    State(s): State<AppState>,
    method: Method,
    uri: Uri,
    c: Result<ApiCaller, ApiError>,
    Query(params): Query<Vec<(String, String)>>,
) -> DcsaResult<Response> {
    let c = caller(c, &method, &uri)?;
    let bad =
        |msg: &str| DcsaError::new(StatusCode::BAD_REQUEST, &method, &uri, "invalidQuery", msg);
    let mut limit = 100u64;
    let mut after = None;
    let mut descending = false;
    let mut rest = Vec::new();
    for (k, v) in &params {
        match k.as_str() {
            "limit" => {
                limit = v
                    .parse::<u64>()
                    .ok()
                    .filter(|n| (1..=1000).contains(n))
                    .ok_or_else(|| bad("limit must be 1 to 1000"))?
            }
            "cursor" => {
                after = Some(
                    cursor_decode(v).ok_or_else(|| bad("cursor is not one this server gave"))?,
                )
            }
            "sort" => match v.as_str() {
                "" | "eventCreatedDateTime" | "eventCreatedDateTime:ASC" => {}
                "eventCreatedDateTime:DESC" => descending = true,
                _ => {
                    return Err(bad(
                        "sort may only be eventCreatedDateTime with :ASC or :DESC",
                    ));
                }
            },
            _ => rest.push((k.as_str(), v.clone())),
        }
    }
    let mut f = filters::parse(rest)
        .map_err(|p| DcsaError::from_app(AppError::Invalid(p), &method, &uri))?;
    f.after = after;
    f.descending = descending;
    f.limit = limit;
    let rows = events::list(&mut s.store().clone(), &f, &c.ctx.actor.customer_scope())
        .await
        .map_err(|e| DcsaError::from_app(e.into(), &method, &uri))?;
    let body: Vec<Value> = rows.iter().map(event_json).collect();
    let mut r = versioned(StatusCode::OK, Value::Array(body));
    if let Ok(v) = HeaderValue::from_str(&uri.to_string()) {
        r.headers_mut().insert("Current-Page", v);
    }
    if rows.len() as u64 == limit
        && let Some(last) = rows.last()
    {
        let mut next: Vec<(String, String)> = params
            .iter()
            .filter(|(k, _)| k != "cursor")
            .cloned()
            .collect();
        next.push(("cursor".into(), cursor_encode(last.seq)));
        let q = serde_urlencoded::to_string(&next).unwrap_or_default();
        if let Ok(v) = HeaderValue::from_str(&format!("{}?{q}", uri.path())) {
            r.headers_mut().insert("Next-Page", v);
        }
    }
    Ok(r)
}

/// One event by its eventID (404 when unknown or not the caller's).
#[utoipa::path(get, path = "/dcsa/tnt/v2/events/{eventID}", tag = "dcsa-tnt",
    params(("eventID" = String, Path)),
    responses((status = 200, description = "The event"), (status = 404, description = "DCSA error")))]
pub async fn event(
    State(s): State<AppState>,
    method: Method,
    uri: Uri,
    c: Result<ApiCaller, ApiError>,
    Path(id): Path<String>,
) -> DcsaResult<Response> {
    let c = caller(c, &method, &uri)?;
    let row = events::get(&mut s.store().clone(), &id, &c.ctx.actor.customer_scope())
        .await
        .map_err(|e| DcsaError::from_app(e.into(), &method, &uri))?
        .ok_or_else(|| {
            DcsaError::new(
                StatusCode::NOT_FOUND,
                &method,
                &uri,
                "notFound",
                "no such event",
            )
        })?;
    Ok(versioned(StatusCode::OK, event_json(&row)))
}

fn json_body(body: &Bytes, m: &Method, uri: &Uri) -> DcsaResult<Value> {
    serde_json::from_slice(body).map_err(|e| {
        DcsaError::new(
            StatusCode::BAD_REQUEST,
            m,
            uri,
            "invalidInput",
            &format!("not JSON: {e}"),
        )
    })
}

/// The caller's subscriptions.
#[utoipa::path(get, path = "/dcsa/tnt/v2/event-subscriptions", tag = "dcsa-tnt",
    params(("limit" = Option<u32>, Query, minimum = 1, maximum = 1000), ("cursor" = Option<String>, Query)),
    responses((status = 200, description = "Subscriptions"), (status = 400, description = "DCSA error")))]
pub async fn list_subscriptions(
    State(s): State<AppState>,
    method: Method,
    uri: Uri,
    c: Result<ApiCaller, ApiError>,
    Query(params): Query<Vec<(String, String)>>,
) -> DcsaResult<Response> {
    let c = caller(c, &method, &uri)?;
    let get = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    // as for events: a limit out of 1..=1000 is refused, not quietly clamped
    let limit = match get("limit") {
        None => 100,
        Some(l) => l
            .parse::<u64>()
            .ok()
            .filter(|n| (1..=1000).contains(n))
            .ok_or_else(|| {
                DcsaError::new(
                    StatusCode::BAD_REQUEST,
                    &method,
                    &uri,
                    "invalidQuery",
                    "limit must be 1 to 1000",
                )
            })?,
    };
    let after = get("cursor").and_then(|v| {
        let raw = URL_SAFE_NO_PAD.decode(v).ok()?;
        Uuid::parse_str(std::str::from_utf8(&raw).ok()?).ok()
    });
    let subs = subscriptions::list_subscriptions(s.store(), &c.ctx, limit, after)
        .await
        .map_err(|e| DcsaError::from_app(e, &method, &uri))?;
    let body: Vec<Value> = subs.iter().map(subscriptions::view).collect();
    let mut r = versioned(StatusCode::OK, Value::Array(body));
    if subs.len() as u64 == limit
        && let Some(last) = subs.last()
        && let Ok(v) = HeaderValue::from_str(&format!(
            "{}?limit={limit}&cursor={}",
            uri.path(),
            URL_SAFE_NO_PAD.encode(last.id.to_string())
        ))
    {
        r.headers_mut().insert("Next-Page", v);
    }
    Ok(r)
}

/// Subscribe: callback URL, filters and a Base64 secret for the signatures.
#[utoipa::path(post, path = "/dcsa/tnt/v2/event-subscriptions", tag = "dcsa-tnt",
    request_body(content = Value, content_type = "application/json"),
    responses((status = 201, description = "The subscription"), (status = 400, description = "DCSA error")))]
pub async fn create_subscription(
    State(s): State<AppState>,
    method: Method,
    uri: Uri,
    c: Result<ApiCaller, ApiError>,
    body: Bytes,
) -> DcsaResult<Response> {
    let c = caller(c, &method, &uri)?;
    let v = json_body(&body, &method, &uri)?;
    let sub = subscriptions::create_subscription(s.store(), &c.ctx, &v)
        .await
        .map_err(|e| DcsaError::from_app(e, &method, &uri))?;
    let mut r = versioned(StatusCode::CREATED, subscriptions::view(&sub));
    if let Ok(l) = HeaderValue::from_str(&format!("/dcsa/tnt/v2/event-subscriptions/{}", sub.id)) {
        r.headers_mut().insert(header::LOCATION, l);
    }
    Ok(r)
}

#[utoipa::path(get, path = "/dcsa/tnt/v2/event-subscriptions/{subscriptionID}", tag = "dcsa-tnt",
    params(("subscriptionID" = Uuid, Path)),
    responses((status = 200, description = "The subscription"), (status = 404, description = "DCSA error")))]
pub async fn get_subscription(
    State(s): State<AppState>,
    method: Method,
    uri: Uri,
    c: Result<ApiCaller, ApiError>,
    Path(id): Path<String>,
) -> DcsaResult<Response> {
    let c = caller(c, &method, &uri)?;
    let id = sub_id(&id, &method, &uri)?;
    let sub = subscriptions::get_subscription(s.store(), &c.ctx, id)
        .await
        .map_err(|e| DcsaError::from_app(e, &method, &uri))?;
    Ok(versioned(StatusCode::OK, subscriptions::view(&sub)))
}

fn sub_id(id: &str, m: &Method, uri: &Uri) -> DcsaResult<Uuid> {
    Uuid::parse_str(id).map_err(|_| {
        DcsaError::new(
            StatusCode::NOT_FOUND,
            m,
            uri,
            "notFound",
            "no such subscription",
        )
    })
}

#[utoipa::path(put, path = "/dcsa/tnt/v2/event-subscriptions/{subscriptionID}", tag = "dcsa-tnt",
    params(("subscriptionID" = Uuid, Path)),
    request_body(content = Value, content_type = "application/json"),
    responses((status = 200, description = "The subscription"), (status = 400, description = "DCSA error")))]
pub async fn update_subscription(
    State(s): State<AppState>,
    method: Method,
    uri: Uri,
    c: Result<ApiCaller, ApiError>,
    Path(id): Path<String>,
    body: Bytes,
) -> DcsaResult<Response> {
    let c = caller(c, &method, &uri)?;
    let id = sub_id(&id, &method, &uri)?;
    let v = json_body(&body, &method, &uri)?;
    let sub = subscriptions::update_subscription(s.store(), &c.ctx, id, &v)
        .await
        .map_err(|e| DcsaError::from_app(e, &method, &uri))?;
    Ok(versioned(StatusCode::OK, subscriptions::view(&sub)))
}

#[utoipa::path(delete, path = "/dcsa/tnt/v2/event-subscriptions/{subscriptionID}", tag = "dcsa-tnt",
    params(("subscriptionID" = Uuid, Path)),
    responses((status = 204, description = "Deleted"), (status = 404, description = "DCSA error")))]
pub async fn delete_subscription(
    State(s): State<AppState>,
    method: Method,
    uri: Uri,
    c: Result<ApiCaller, ApiError>,
    Path(id): Path<String>,
) -> DcsaResult<Response> {
    let c = caller(c, &method, &uri)?;
    let id = sub_id(&id, &method, &uri)?;
    subscriptions::delete_subscription(s.store(), &c.ctx, id)
        .await
        .map_err(|e| DcsaError::from_app(e, &method, &uri))?;
    Ok(no_content())
}

#[utoipa::path(put, path = "/dcsa/tnt/v2/event-subscriptions/{subscriptionID}/secret", tag = "dcsa-tnt",
    params(("subscriptionID" = Uuid, Path)),
    request_body(content = Value, content_type = "application/json"),
    responses((status = 204, description = "Secret changed"), (status = 400, description = "DCSA error")))]
pub async fn set_secret(
    State(s): State<AppState>,
    method: Method,
    uri: Uri,
    c: Result<ApiCaller, ApiError>,
    Path(id): Path<String>,
    body: Bytes,
) -> DcsaResult<Response> {
    let c = caller(c, &method, &uri)?;
    let id = sub_id(&id, &method, &uri)?;
    let v = json_body(&body, &method, &uri)?;
    let secret = v.get("secret").and_then(|x| x.as_str()).ok_or_else(|| {
        DcsaError::new(
            StatusCode::BAD_REQUEST,
            &method,
            &uri,
            "invalidInput",
            "secret: is required",
        )
    })?;
    subscriptions::set_secret(s.store(), &c.ctx, id, secret)
        .await
        .map_err(|e| DcsaError::from_app(e, &method, &uri))?;
    Ok(no_content())
}
