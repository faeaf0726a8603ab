//! Data protection on request, for admins: `…/personal-data` exports what Purser holds about
//! a customer or a contact (JSON, or CSV with `format=csv`), `…/erasure` erases or
//! anonymises a contact. Everyone else: 403 for staff, 404 for customer users.

use crate::auth::ApiCaller;
use crate::problem::{ApiError, ApiResult, JsonBody, Problem};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use purser_app::privacy::{self, ErasureReport, ErasureRequest, Export};
use serde::Deserialize;
use std::collections::HashMap;
use utoipa::IntoParams;
use uuid::Uuid;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct ExportParams {
    /// json (default) or csv.
    #[param(pattern = "^(json|csv)$")]
    format: Option<String>,
}

/// Whether the caller asked for CSV; anything but json or csv is named in a 422.
fn wants_csv(params: &HashMap<String, String>) -> ApiResult<bool> {
    match params.get("format").map(String::as_str) {
        None | Some("json") => Ok(false),
        Some("csv") => Ok(true),
        Some(_) => Err(ApiError::field(
            StatusCode::UNPROCESSABLE_ENTITY,
            "format",
            "must be json or csv",
        )),
    }
}

fn answer(export: Export, csv: bool, name: &str) -> ApiResult<Response> {
    if !csv {
        return Ok(Json(export).into_response());
    }
    let bytes = privacy::export_csv(&export)?;
    Ok(crate::download::attachment(
        &format!("{name}.csv"),
        "text/csv; charset=utf-8",
        bytes,
    ))
}

/// Everything held about a customer: its book entries, cases, messages, notices and audit.
#[utoipa::path(get, path = "/api/v1/customers/{id}/personal-data", tag = "privacy",
    params(("id" = Uuid, Path), ExportParams),
    responses(
        (status = 200, description = "The export", content(
            (Export = "application/json"),
            (String = "text/csv"))),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such customer, or a customer user", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad format", body = Problem, content_type = "application/problem+json")))]
pub async fn export_customer(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<Uuid>,
    Query(params): Query<HashMap<String, String>>,
) -> ApiResult<Response> {
    let csv = wants_csv(&params)?;
    let export = privacy::export_customer(s.store(), &c.ctx, id).await?;
    answer(export, csv, &format!("customer-{id}"))
}

/// Everything held about one contact: their entry, the cases they raised with every message,
/// the notices sent to them and the audit of these.
#[utoipa::path(get, path = "/api/v1/customers/{customer_id}/contacts/{id}/personal-data", tag = "privacy",
    params(("customer_id" = Uuid, Path), ("id" = Uuid, Path), ExportParams),
    responses(
        (status = 200, description = "The export", content(
            (Export = "application/json"),
            (String = "text/csv"))),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such contact, or a customer user", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad format", body = Problem, content_type = "application/problem+json")))]
pub async fn export_contact(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path((customer_id, id)): Path<(Uuid, Uuid)>,
    Query(params): Query<HashMap<String, String>>,
) -> ApiResult<Response> {
    let csv = wants_csv(&params)?;
    let export = privacy::export_contact(s.store(), &c.ctx, customer_id, id).await?;
    answer(export, csv, &format!("contact-{id}"))
}

/// Erase or anonymise a contact across cases, messages, raw mails and notices. Shipping
/// documents, attachments and the audit stay; the audit records the request and its reason.
#[utoipa::path(post, path = "/api/v1/customers/{customer_id}/contacts/{id}/erasure", tag = "privacy",
    params(("customer_id" = Uuid, Path), ("id" = Uuid, Path)),
    request_body = ErasureRequest,
    responses(
        (status = 200, description = "What was changed and what was kept", body = ErasureReport),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such contact, or a customer user", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No reason, or an unknown mode", body = Problem, content_type = "application/problem+json")))]
pub async fn erase_contact(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path((customer_id, id)): Path<(Uuid, Uuid)>,
    JsonBody(req): JsonBody<ErasureRequest>,
) -> ApiResult<Json<ErasureReport>> {
    Ok(Json(
        privacy::erase_contact(s.store(), &c.ctx, customer_id, id, &req).await?,
    ))
}
