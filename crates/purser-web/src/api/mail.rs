//! `/api/v1/mail`: the inbound endpoint providers push raw messages to, and the failed
//! messages supervisors look at.

use crate::auth::ApiCaller;
use crate::problem::{ApiError, ApiResult, Problem};
use crate::state::AppState;
use axum::Json;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use purser_app::AppError;
use purser_app::mail::{self, Ingested};
use purser_domain::roles::Role;
use purser_store::mail::RawMail;
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

/// Largest raw message accepted (attachments included).
pub const MAX_RAW: usize = 40 * 1024 * 1024;

#[derive(Deserialize, IntoParams)]
pub struct InboundParams {
    /// The address the message was delivered to (a team mailbox), e.g. tpac@line.test.
    mailbox: String,
}

fn desk_only(role: Role) -> ApiResult<()> {
    if matches!(role, Role::Admin | Role::Supervisor | Role::Agent) {
        Ok(())
    } else {
        Err(AppError::Forbidden.into())
    }
}

/// Hand over one raw RFC 5322 message (`Content-Type: message/rfc822`). It is kept before
/// anything else, then filed: 201 with the case it landed on; 200 when it was already
/// filed (same bytes or Message-ID); a message that cannot be read is kept and flagged.
#[utoipa::path(post, path = "/api/v1/mail/inbound", tag = "mail", params(InboundParams),
    request_body(content = String, content_type = "message/rfc822"),
    responses((status = 201, body = Ingested), (status = 200, body = Ingested), (status = 413, body = Problem), (status = 415, body = Problem)))]
pub async fn inbound(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Query(p): Query<InboundParams>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Response> {
    desk_only(c.ctx.actor.role)?;
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !ct.trim().to_ascii_lowercase().starts_with("message/rfc822") {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Unsupported media type",
            "send the raw message as message/rfc822",
        ));
    }
    if purser_domain::ids::EmailAddress::parse(&p.mailbox).is_err() {
        return Err(ApiError::field(
            StatusCode::UNPROCESSABLE_ENTITY,
            "mailbox",
            "must be an e-mail address",
        ));
    }
    let raw = axum::body::to_bytes(body, MAX_RAW).await.map_err(|_| {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "Payload too large",
            "the message is over 40 MiB",
        )
    })?;
    let r = mail::ingest(s.store(), &p.mailbox.to_lowercase(), &raw).await?;
    let status = if r.state == "duplicate" || (r.state == "ingested" && r.threaded_by == "ingested")
    {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    Ok((status, Json(r)).into_response())
}

#[derive(Deserialize, IntoParams)]
pub struct StateParams {
    /// failed (default), pending, ignored, duplicate or ingested.
    state: Option<String>,
}

/// Raw messages by state: supervisors review the ones that failed.
#[utoipa::path(get, path = "/api/v1/mail", tag = "mail", params(StateParams),
    responses((status = 200, body = Vec<RawMail>), (status = 403, body = Problem)))]
pub async fn list(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Query(p): Query<StateParams>,
) -> ApiResult<Json<Vec<RawMail>>> {
    if !matches!(c.ctx.actor.role, Role::Admin | Role::Supervisor) {
        return Err(AppError::Forbidden.into());
    }
    let state = p.state.unwrap_or_else(|| "failed".into());
    let rows = purser_store::mail::by_state(&mut s.store().clone(), &state, 200)
        .await
        .map_err(AppError::from)?;
    Ok(Json(rows))
}

/// A raw message exactly as received, as a download.
#[utoipa::path(get, path = "/api/v1/mail/{id}/raw", tag = "mail", params(("id" = Uuid, Path)),
    responses((status = 200, content_type = "message/rfc822"), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn raw(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<Uuid>,
) -> ApiResult<Response> {
    if !matches!(c.ctx.actor.role, Role::Admin | Role::Supervisor) {
        return Err(AppError::Forbidden.into());
    }
    let bytes = purser_store::mail::raw_bytes(&mut s.store().clone(), id)
        .await
        .map_err(AppError::from)?;
    Ok(crate::download::attachment(
        &format!("{id}.eml"),
        "message/rfc822",
        bytes,
    ))
}
