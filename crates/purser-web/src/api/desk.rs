//! The desk around the cases: teams, agents' profiles and status, absences, calendars,
//! SLA policies, reply templates, department task queues, shift hand-overs and the
//! collaboration figures.

use super::if_match;
use crate::auth::ApiCaller;
use crate::problem::{ApiResult, JsonBody, Problem};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use purser_app::AppError;
use purser_app::cases::routing::{self, AbsenceInput, AbsenceResult, StatusInput};
use purser_app::cases::setup::{
    self, CalendarEdit, CalendarInput, PolicyInput, ProfileInput, TeamView, TemplateInput,
};
use purser_app::cases::work::{self, AnswerInput, Collaboration, ShiftHandoverInput};
use purser_domain::roles::Department;
use purser_store::dept_tasks::DeptTask;
use purser_store::reply_templates::ReplyTemplate;
use purser_store::shift_handovers::ShiftHandover;
use purser_store::sla::{Calendar, Policy};
use purser_store::teams::{AgentProfile, Team, TeamInput};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

fn created<T: serde::Serialize>(v: T) -> Response {
    (StatusCode::CREATED, Json(v)).into_response()
}

fn version(headers: &HeaderMap) -> ApiResult<Option<i64>> {
    if_match(headers)
}

#[utoipa::path(get, path = "/api/v1/teams", tag = "desk", responses((status = 200, body = Vec<TeamView>), (status = 403, body = Problem)))]
pub async fn list_teams(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
) -> ApiResult<Json<Vec<TeamView>>> {
    Ok(Json(setup::list_teams(s.store(), &c.ctx).await?))
}

/// A team is a queue for lanes, regions or tiers; `overflow_team_id` helps in busy periods.
#[utoipa::path(post, path = "/api/v1/teams", tag = "desk", request_body = TeamInput,
    responses((status = 201, body = Team), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn create_team(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    JsonBody(input): JsonBody<TeamInput>,
) -> ApiResult<Response> {
    Ok(created(setup::create_team(s.store(), &c.ctx, input).await?))
}

#[utoipa::path(put, path = "/api/v1/teams/{id}", tag = "desk", params(("id" = Uuid, Path), ("If-Match" = String, Header)), request_body = TeamInput,
    responses((status = 200, body = Team), (status = 403, body = Problem), (status = 412, body = Problem)))]
pub async fn update_team(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    JsonBody(input): JsonBody<TeamInput>,
) -> ApiResult<Json<Team>> {
    let v = version(&headers)?;
    Ok(Json(
        setup::update_team(s.store(), &c.ctx, id, v, input).await?,
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BusyBody {
    pub busy: bool,
}

/// The busy-period switch: routing widens to the overflow team while it is on.
#[utoipa::path(post, path = "/api/v1/teams/{id}/busy", tag = "desk", params(("id" = Uuid, Path)), request_body = BusyBody,
    responses((status = 200, body = Team), (status = 403, body = Problem)))]
pub async fn set_busy(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<Uuid>,
    JsonBody(b): JsonBody<BusyBody>,
) -> ApiResult<Json<Team>> {
    Ok(Json(setup::set_busy(s.store(), &c.ctx, id, b.busy).await?))
}

#[utoipa::path(put, path = "/api/v1/teams/{id}/members/{user_id}", tag = "desk", params(("id" = Uuid, Path), ("user_id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn add_member(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path((id, user)): Path<(Uuid, Uuid)>,
) -> ApiResult<StatusCode> {
    setup::set_member(s.store(), &c.ctx, id, user, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(delete, path = "/api/v1/teams/{id}/members/{user_id}", tag = "desk", params(("id" = Uuid, Path), ("user_id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn remove_member(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path((id, user)): Path<(Uuid, Uuid)>,
) -> ApiResult<StatusCode> {
    setup::set_member(s.store(), &c.ctx, id, user, false).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/agents/{id}/profile", tag = "desk", params(("id" = Uuid, Path)),
    responses((status = 200, body = AgentProfile), (status = 403, body = Problem)))]
pub async fn profile(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<AgentProfile>> {
    Ok(Json(setup::profile(s.store(), &c.ctx, id).await?))
}

/// Status, capacity and skills (languages, lanes, case types) routing honours.
#[utoipa::path(put, path = "/api/v1/agents/{id}/profile", tag = "desk", params(("id" = Uuid, Path)), request_body = ProfileInput,
    responses((status = 200, body = AgentProfile), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn set_profile(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<Uuid>,
    JsonBody(input): JsonBody<ProfileInput>,
) -> ApiResult<Json<AgentProfile>> {
    Ok(Json(
        setup::set_profile(s.store(), &c.ctx, id, input).await?,
    ))
}

/// An agent's own status (available, away, off shift); supervisors may set anyone's.
#[utoipa::path(post, path = "/api/v1/agents/{id}/status", tag = "desk", params(("id" = Uuid, Path)), request_body = StatusInput,
    responses((status = 200, body = AgentProfile), (status = 403, body = Problem)))]
pub async fn set_status(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<Uuid>,
    JsonBody(input): JsonBody<StatusInput>,
) -> ApiResult<Json<AgentProfile>> {
    Ok(Json(
        routing::set_agent_status(s.store(), &c.ctx, id, input.status).await?,
    ))
}

/// An absence with an optional substitute; once it has begun the agent's open cases move.
#[utoipa::path(post, path = "/api/v1/absences", tag = "desk", request_body = AbsenceInput,
    responses((status = 201, body = AbsenceResult), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn absence(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    JsonBody(input): JsonBody<AbsenceInput>,
) -> ApiResult<Response> {
    Ok(created(
        routing::add_absence(s.store(), &c.ctx, input).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/calendars", tag = "desk", responses((status = 200, body = Vec<Calendar>), (status = 403, body = Problem)))]
pub async fn list_calendars(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
) -> ApiResult<Json<Vec<Calendar>>> {
    Ok(Json(setup::list_calendars(s.store(), &c.ctx).await?))
}

/// A business calendar: time zone, weekly hours, holidays (also from an iCalendar file).
#[utoipa::path(post, path = "/api/v1/calendars", tag = "desk", request_body = CalendarInput,
    responses((status = 201, body = Calendar), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn create_calendar(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    JsonBody(input): JsonBody<CalendarInput>,
) -> ApiResult<Response> {
    Ok(created(
        setup::create_calendar(s.store(), &c.ctx, input).await?,
    ))
}

/// Change a calendar; every live SLA deadline is computed again.
#[utoipa::path(put, path = "/api/v1/calendars/{id}", tag = "desk", params(("id" = Uuid, Path), ("If-Match" = String, Header)), request_body = CalendarInput,
    responses((status = 200, body = CalendarEdit), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn update_calendar(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    JsonBody(input): JsonBody<CalendarInput>,
) -> ApiResult<Json<CalendarEdit>> {
    let v = version(&headers)?;
    Ok(Json(
        setup::update_calendar(s.store(), &c.ctx, id, v, input).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/sla-policies", tag = "desk", responses((status = 200, body = Vec<Policy>), (status = 403, body = Problem)))]
pub async fn list_policies(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
) -> ApiResult<Json<Vec<Policy>>> {
    Ok(Json(setup::list_policies(s.store(), &c.ctx).await?))
}

/// An SLA policy by tier, contract, type and priority; the most specific match applies.
#[utoipa::path(post, path = "/api/v1/sla-policies", tag = "desk", request_body = PolicyInput,
    responses((status = 201, body = Policy), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn create_policy(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    JsonBody(input): JsonBody<PolicyInput>,
) -> ApiResult<Response> {
    Ok(created(
        setup::create_policy(s.store(), &c.ctx, input).await?,
    ))
}

#[utoipa::path(put, path = "/api/v1/sla-policies/{id}", tag = "desk", params(("id" = Uuid, Path), ("If-Match" = String, Header)), request_body = PolicyInput,
    responses((status = 200, body = Policy), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn update_policy(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    JsonBody(input): JsonBody<PolicyInput>,
) -> ApiResult<Json<Policy>> {
    let v = version(&headers)?;
    Ok(Json(
        setup::update_policy(s.store(), &c.ctx, id, v, input).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/reply-templates", tag = "desk", responses((status = 200, body = Vec<ReplyTemplate>), (status = 403, body = Problem)))]
pub async fn list_templates(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
) -> ApiResult<Json<Vec<ReplyTemplate>>> {
    Ok(Json(setup::list_templates(s.store(), &c.ctx).await?))
}

/// A reply template in one language; an unknown `{{variable}}` is refused by name.
#[utoipa::path(post, path = "/api/v1/reply-templates", tag = "desk", request_body = TemplateInput,
    responses((status = 201, body = ReplyTemplate), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn create_template(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    JsonBody(input): JsonBody<TemplateInput>,
) -> ApiResult<Response> {
    Ok(created(
        setup::create_template(s.store(), &c.ctx, input).await?,
    ))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TaskParams {
    /// sales, logistics, operations or finance (department users: their own).
    #[param(pattern = "^(|sales|logistics|operations|finance)$")]
    department: Option<String>,
    /// true: answered ones, newest first; default: open ones by due time.
    #[serde(default)]
    answered: bool,
}

/// A department's queue of questions from the desk.
#[utoipa::path(get, path = "/api/v1/tasks", tag = "desk", params(TaskParams),
    responses((status = 200, body = Vec<DeptTask>), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn tasks(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Query(p): Query<TaskParams>,
) -> ApiResult<Json<Vec<DeptTask>>> {
    if c.ctx.actor.role == purser_domain::roles::Role::Customer {
        return Err(AppError::Forbidden.into());
    }
    // an empty value is no filter, as in the other lists (the document's pattern says so)
    let dept = match p.department.as_deref().filter(|d| !d.is_empty()) {
        Some(d) => Department::parse(d).ok_or_else(|| {
            AppError::field(
                "department",
                "must be sales, logistics, operations or finance",
            )
        })?,
        None => c
            .ctx
            .actor
            .department
            .ok_or_else(|| AppError::field("department", "is required"))?,
    };
    Ok(Json(
        work::department_queue(s.store(), &c.ctx, dept, p.answered).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/tasks/{id}", tag = "desk", params(("id" = Uuid, Path)),
    responses((status = 200, body = DeptTask), (status = 404, body = Problem)))]
pub async fn task(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<DeptTask>> {
    Ok(Json(work::get_task(s.store(), &c.ctx, id).await?))
}

/// The department's answer; it returns to the case as a note and its owner is told.
#[utoipa::path(post, path = "/api/v1/tasks/{id}/answer", tag = "desk", params(("id" = Uuid, Path)), request_body = AnswerInput,
    responses((status = 200, body = DeptTask), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn answer(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<Uuid>,
    JsonBody(input): JsonBody<AnswerInput>,
) -> ApiResult<Json<DeptTask>> {
    Ok(Json(work::answer_task(s.store(), &c.ctx, id, input).await?))
}

#[utoipa::path(get, path = "/api/v1/shift-handovers", tag = "desk", responses((status = 200, body = Vec<ShiftHandover>), (status = 403, body = Problem)))]
pub async fn handovers(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
) -> ApiResult<Json<Vec<ShiftHandover>>> {
    Ok(Json(work::list_shift_handovers(s.store(), &c.ctx).await?))
}

/// End my shift: a report of my open cases, promises and waiting tasks; the cases move on.
#[utoipa::path(post, path = "/api/v1/shift-handovers", tag = "desk", request_body = ShiftHandoverInput,
    responses((status = 201, body = ShiftHandover), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn end_shift(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    JsonBody(input): JsonBody<ShiftHandoverInput>,
) -> ApiResult<Response> {
    Ok(created(work::end_shift(s.store(), &c.ctx, input).await?))
}

#[utoipa::path(post, path = "/api/v1/shift-handovers/{id}/acknowledge", tag = "desk", params(("id" = Uuid, Path)),
    responses((status = 200, body = ShiftHandover), (status = 403, body = Problem), (status = 409, body = Problem)))]
pub async fn acknowledge(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<ShiftHandover>> {
    Ok(Json(
        work::acknowledge_handover(s.store(), &c.ctx, id).await?,
    ))
}

#[derive(Deserialize, IntoParams)]
pub struct DaysParams {
    /// Period in days (default 30).
    days: Option<i64>,
}

/// Department response times and promises kept per agent (the collaboration score's inputs).
#[utoipa::path(get, path = "/api/v1/reports/collaboration", tag = "desk", params(DaysParams),
    responses((status = 200, body = Collaboration), (status = 403, body = Problem)))]
pub async fn collaboration(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Query(p): Query<DaysParams>,
) -> ApiResult<Json<Collaboration>> {
    Ok(Json(
        work::collaboration(s.store(), &c.ctx, p.days.unwrap_or(30)).await?,
    ))
}
