//! Presence over the API (issue 14, items 4, 5 and 9): who else is on a case (a heartbeat
//! marks the caller), the agents to hand work to with status, absence and load, and the
//! caller's own time zone.

use crate::auth::ApiCaller;
use crate::problem::{ApiResult, JsonBody, Problem};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use purser_app::presence::{self, AgentChoice, ZoneSetting};
use purser_domain::cases::presence::{Mark, PresenceMode};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BeatInput {
    /// `viewing`, or `replying` while a reply is being typed.
    pub mode: PresenceMode,
}

/// A heartbeat on a case (send every 20 s while it is open; a mark lapses after 60 s);
/// answers with the colleagues on it, those replying first.
#[utoipa::path(post, path = "/api/v1/cases/{id}/presence", tag = "cases", params(("id" = Uuid, Path)), request_body = BeatInput,
    responses((status = 200, body = Vec<Mark>), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn beat(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<Uuid>,
    JsonBody(input): JsonBody<BeatInput>,
) -> ApiResult<Json<Vec<Mark>>> {
    Ok(Json(
        presence::beat(s.store(), &c.ctx, id, input.mode).await?,
    ))
}

/// Colleagues on a case now, without marking the caller (empty for customers).
#[utoipa::path(get, path = "/api/v1/cases/{id}/presence", tag = "cases", params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<Mark>), (status = 404, body = Problem)))]
pub async fn others(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Vec<Mark>>> {
    Ok(Json(presence::others_on(s.store(), &c.ctx, id).await?))
}

/// Agents to hand work to, with status, the end of a current absence and open cases against
/// capacity; those free to take work first.
#[utoipa::path(get, path = "/api/v1/agents/choices", tag = "desk",
    responses((status = 200, body = Vec<AgentChoice>), (status = 403, body = Problem)))]
pub async fn choices(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
) -> ApiResult<Json<Vec<AgentChoice>>> {
    Ok(Json(presence::agent_choices(s.store(), &c.ctx).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ZoneInput {
    /// An IANA zone such as `Asia/Taipei`; empty, null or left out follows the team's zone
    /// (else UTC).
    #[serde(default)]
    pub time_zone: Option<String>,
}

/// The caller's own time zone for times shown in the console.
#[utoipa::path(put, path = "/api/v1/account/time-zone", tag = "desk", request_body = ZoneInput,
    responses((status = 200, body = ZoneSetting), (status = 422, body = Problem)))]
pub async fn set_zone(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    JsonBody(input): JsonBody<ZoneInput>,
) -> ApiResult<Json<ZoneSetting>> {
    Ok(Json(
        presence::set_my_zone(s.store(), &c.ctx, input.time_zone.as_deref().unwrap_or("")).await?,
    ))
}
