//! `/api/v1/customers`: the company records of the customer book.

use super::{Page, created, if_match, with_etag};
use crate::auth::ApiCaller;
use crate::problem::{ApiError, ApiResult, JsonBody, Problem};
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use purser_app::book;
use purser_domain::book::CustomerInput;
use purser_domain::customers::{CustomerStatus, Tier};
use purser_store::customers::{Cursor, Customer, ListQuery, Sort};
use serde::Deserialize;
use std::collections::HashMap;
use utoipa::IntoParams;
use uuid::Uuid;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct ListParams {
    /// Words or ids to search for (name in English or Chinese, tax id, contact name or e-mail).
    q: Option<String>,
    /// prospect, active or archived (default: all but archived).
    #[param(pattern = "^(|prospect|active|archived)$")]
    status: Option<String>,
    /// platinum, gold, silver or bronze.
    #[param(pattern = "^(|platinum|gold|silver|bronze)$")]
    tier: Option<String>,
    key_account: Option<bool>,
    account_owner_id: Option<Uuid>,
    /// UN/LOCODE of the main office.
    #[param(pattern = "^([A-Za-z]{2} ?[A-Za-z2-9]{3})?$")]
    main_office: Option<String>,
    /// name, -name, updated_at or -updated_at.
    #[param(pattern = "^(-?(name|updated_at))?$")]
    sort: Option<String>,
    /// From the previous page's `next_cursor`.
    cursor: Option<String>,
    /// 1 to 200, default 50.
    #[param(minimum = 1, maximum = 200)]
    limit: Option<u64>,
}

/// Parses list parameters by hand so each bad one is named in the 422.
pub fn parse_list(params: &HashMap<String, String>) -> ApiResult<ListQuery> {
    let mut p = purser_domain::validation::Problems::new();
    let get = |k: &str| params.get(k).map(String::as_str).filter(|s| !s.is_empty());
    let mut lq = ListQuery {
        q: get("q").map(str::to_string),
        limit: 50,
        ..Default::default()
    };
    if let Some(s) = get("status") {
        lq.status = p.check(
            "status",
            CustomerStatus::parse(s).ok_or("must be prospect, active or archived"),
        );
    }
    if let Some(s) = get("tier") {
        lq.tier = p.check(
            "tier",
            Tier::parse(s).ok_or("must be platinum, gold, silver or bronze"),
        );
    }
    if let Some(s) = get("key_account") {
        lq.key_account = p.check(
            "key_account",
            s.parse::<bool>().map_err(|_| "must be true or false"),
        );
    }
    if let Some(s) = get("account_owner_id") {
        lq.account_owner_id = p.check(
            "account_owner_id",
            s.parse::<Uuid>().map_err(|_| "must be a user id"),
        );
    }
    if let Some(s) = get("main_office") {
        lq.main_office = p
            .check("main_office", purser_domain::ids::UnLocode::parse(s))
            .map(String::from);
    }
    if let Some(s) = get("sort") {
        lq.sort = p
            .check(
                "sort",
                serde_json::from_value::<Sort>(serde_json::Value::String(s.into()))
                    .map_err(|_| "must be name, -name, updated_at or -updated_at"),
            )
            .unwrap_or_default();
    }
    if let Some(s) = get("limit") {
        lq.limit = p
            .check(
                "limit",
                s.parse::<u64>()
                    .ok()
                    .filter(|n| (1..=200).contains(n))
                    .ok_or("must be 1 to 200"),
            )
            .unwrap_or(50);
    }
    if let Some(s) = get("cursor") {
        lq.after = p.check(
            "cursor",
            decode_cursor(s).ok_or("is not a cursor from this API"),
        );
    }
    p.into_result()
        .map_err(|p| ApiError::from(purser_app::AppError::Invalid(p)))?;
    Ok(lq)
}

pub fn encode_cursor(c: &Cursor) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(c).unwrap_or_default())
}

fn decode_cursor(s: &str) -> Option<Cursor> {
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(s).ok()?).ok()
}

/// List the customers you may see, a page at a time.
#[utoipa::path(get, path = "/api/v1/customers", tag = "customers", params(ListParams),
    responses((status = 200, body = Page<Customer>), (status = 422, body = Problem)))]
pub async fn list(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Query(params): Query<HashMap<String, String>>,
) -> ApiResult<axum::Json<Page<Customer>>> {
    let lq = parse_list(&params)?;
    let (items, next) = book::list_customers(s.store(), &c.ctx, &lq).await?;
    Ok(axum::Json(Page {
        items,
        next_cursor: next.as_ref().map(encode_cursor),
    }))
}

/// Create a customer; likely duplicates are listed in `possible_duplicates`.
#[utoipa::path(post, path = "/api/v1/customers", tag = "customers", request_body = CustomerInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Retry-safe creation: the same key (within 24 hours) answers again with the first answer")),
    responses((status = 201, body = Customer), (status = 422, body = Problem), (status = 403, body = Problem)))]
pub async fn create(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    JsonBody(input): JsonBody<CustomerInput>,
) -> ApiResult<Response> {
    let cu = book::create_customer(s.store(), &c.ctx, input).await?;
    Ok(created(
        format!("/api/v1/customers/{}", cu.id),
        cu.version,
        &cu,
    ))
}

/// One customer, with its version as ETag.
#[utoipa::path(get, path = "/api/v1/customers/{id}", tag = "customers", params(("id" = Uuid, Path)),
    responses((status = 200, body = Customer), (status = 404, body = Problem)))]
pub async fn get(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<Uuid>,
) -> ApiResult<Response> {
    let cu = book::get_customer(s.store(), &c.ctx, id).await?;
    Ok(with_etag(StatusCode::OK, cu.version, &cu))
}

/// Change a customer with a JSON merge patch; needs `If-Match`.
#[utoipa::path(patch, path = "/api/v1/customers/{id}", tag = "customers", params(("id" = Uuid, Path), ("If-Match" = String, Header)),
    request_body(content = serde_json::Value, content_type = "application/merge-patch+json"),
    responses((status = 200, body = Customer), (status = 412, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem)))]
pub async fn update(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    JsonBody(patch): JsonBody<serde_json::Value>,
) -> ApiResult<Response> {
    let version = if_match(&headers)?;
    if !patch.is_object() {
        return Err(ApiError::field(
            StatusCode::UNPROCESSABLE_ENTITY,
            "body",
            "must be a JSON object",
        ));
    }
    let cu = book::update_customer(s.store(), &c.ctx, id, version, &patch).await?;
    Ok(with_etag(StatusCode::OK, cu.version, &cu))
}

/// Archive a customer (its history stays); supervisors and admins.
#[utoipa::path(delete, path = "/api/v1/customers/{id}", tag = "customers", params(("id" = Uuid, Path), ("If-Match" = Option<String>, Header)),
    responses((status = 200, body = Customer), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn archive(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let version = if headers.contains_key(axum::http::header::IF_MATCH) {
        if_match(&headers)?
    } else {
        None
    };
    let cu = book::archive_customer(s.store(), &c.ctx, id, version).await?;
    Ok(with_etag(StatusCode::OK, cu.version, &cu))
}

/// Customers flagged as likely duplicates of this one.
#[utoipa::path(get, path = "/api/v1/customers/{id}/duplicates", tag = "customers", params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<Customer>), (status = 404, body = Problem)))]
pub async fn duplicates(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<Uuid>,
) -> ApiResult<axum::Json<Vec<Customer>>> {
    let cu = book::get_customer(s.store(), &c.ctx, id).await?;
    let mut db = s.store().clone();
    let all = purser_store::customers::get_many(&mut db, &cu.possible_duplicates)
        .await
        .map_err(purser_app::AppError::from)?;
    // only those the caller may see
    let mut visible = Vec::new();
    for d in all {
        if book::get_customer(s.store(), &c.ctx, d.id).await.is_ok() {
            visible.push(d);
        }
    }
    Ok(axum::Json(visible))
}
