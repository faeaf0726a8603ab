//! `/api/v1/cases`: the service desk's cases, their conversation and the work around them.

use super::case_views::{CasePageView, CaseView, CustomerReplyView, MessageView};
use super::{Page, created, if_match, with_etag};
use crate::auth::ApiCaller;
use crate::problem::{ApiError, ApiResult, JsonBody, Problem};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use purser_app::cases::conversation::{
    self, CallInput, CustomerReplyInput, NoteInput, RatingInput, RenderedTemplate, ReplyInput,
};
use purser_app::cases::routing::{self, AssignInput, BulkAssignInput, BulkResult};
use purser_app::cases::work::{
    self, DecisionInput, FollowUpDone, FollowUpInput, GoodwillInput, LinkInput, MergeInput,
    SplitInput, StepInput, TaskInput,
};
use purser_app::cases::{self, CaseChange, CaseInput};
use purser_domain::cases::state::CaseStatus;
use purser_domain::cases::{CaseType, Priority};
use purser_domain::validation::Problems;
use purser_store::case_messages::Message;
use purser_store::cases::{Case, Cursor, ListQuery, View};
use purser_store::complaints::{Goodwill, StepRow};
use purser_store::dept_tasks::DeptTask;
use purser_store::follow_ups::FollowUp;
use serde::Deserialize;
use std::collections::HashMap;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct ListParams {
    /// mine (default), team, unassigned, at_risk, waiting or queue (supervisors: every active
    /// case). Customer users always see their company's cases, newest first.
    #[param(pattern = "^(|mine|team|unassigned|at_risk|waiting|queue)$")]
    view: Option<String>,
    /// Only this team (for team and unassigned); default: the caller's teams.
    team_id: Option<Uuid>,
    /// A case status (an empty value is no filter, as for every parameter here).
    #[param(
        pattern = "^(|new|open|waiting_on_customer|waiting_on_internal|on_hold|resolved|closed)$"
    )]
    status: Option<String>,
    #[param(pattern = "^(|low|normal|high|urgent)$")]
    priority: Option<String>,
    /// A case type.
    #[param(
        pattern = "^(|inquiry|request|complaint|bl_amendment|rate_request|cargo_claim|internal_request)$"
    )]
    case_type: Option<String>,
    /// From the previous page's `next_cursor`.
    cursor: Option<String>,
    /// 1 to 200, default 50.
    #[param(minimum = 1, maximum = 200)]
    limit: Option<u64>,
}

async fn parse_list(
    s: &AppState,
    caller: &crate::auth::Caller,
    params: &HashMap<String, String>,
) -> ApiResult<ListQuery> {
    let mut p = Problems::new();
    let get = |k: &str| params.get(k).map(String::as_str).filter(|s| !s.is_empty());
    let me = caller.ctx.actor.user_id;
    let team_ids = match get("team_id") {
        Some(t) => p
            .check(
                "team_id",
                t.parse::<Uuid>().map_err(|_| "must be a team id"),
            )
            .into_iter()
            .collect(),
        None => purser_store::teams::teams_of(&mut s.store().clone(), me)
            .await
            .map_err(purser_app::AppError::from)?,
    };
    let view = match get("view").unwrap_or("mine") {
        "mine" => View::Mine(me),
        "team" => View::Teams(team_ids),
        "unassigned" => View::Unassigned(team_ids),
        "at_risk" => View::AtRisk,
        "waiting" => View::Waiting(me),
        "queue" => View::Queue,
        _ => {
            p.add(
                "view",
                "must be mine, team, unassigned, at_risk, waiting or queue",
            );
            View::Mine(me)
        }
    };
    let mut lq = ListQuery::new(view, 50);
    if let Some(v) = get("status") {
        lq.status = p.check("status", CaseStatus::parse(v).ok_or("is not a case status"));
    }
    if let Some(v) = get("priority") {
        lq.priority = p.check(
            "priority",
            Priority::parse(v).ok_or("must be low, normal, high or urgent"),
        );
    }
    if let Some(v) = get("case_type") {
        lq.case_type = p.check("case_type", CaseType::parse(v).ok_or("is not a case type"));
    }
    if let Some(v) = get("limit") {
        lq.limit = p
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
        lq.after = p.check(
            "cursor",
            decode_cursor(v).ok_or("is not a cursor from this API"),
        );
    }
    p.into_result()
        .map_err(|p| ApiError::from(purser_app::AppError::Invalid(p)))?;
    Ok(lq)
}

pub fn encode_cursor(c: &Cursor) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(c).unwrap_or_default())
}

pub fn decode_cursor(s: &str) -> Option<Cursor> {
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(s).ok()?).ok()
}

/// An inbox, a page at a time, earliest SLA deadline first.
#[utoipa::path(get, path = "/api/v1/cases", tag = "cases", params(ListParams),
    responses((status = 200, body = Page<CaseView>), (status = 422, body = Problem)))]
pub async fn list(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Query(params): Query<HashMap<String, String>>,
) -> ApiResult<Json<Page<CaseView>>> {
    let lq = parse_list(&s, &c, &params).await?;
    let (items, next) = cases::list_cases(s.store(), &c.ctx, &lq).await?;
    Ok(Json(Page {
        items: items
            .into_iter()
            .map(|k| CaseView::for_caller(&c, k))
            .collect(),
        next_cursor: next.as_ref().map(encode_cursor),
    }))
}

/// File a case: it is numbered, given its SLA policy and routed; `message` is its first message.
#[utoipa::path(post, path = "/api/v1/cases", tag = "cases", request_body = CaseInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Retry-safe creation: the same key (within 24 hours) answers again with the first answer")),
    responses((status = 201, body = CaseView), (status = 422, body = Problem), (status = 403, body = Problem)))]
pub async fn create(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    JsonBody(input): JsonBody<CaseInput>,
) -> ApiResult<Response> {
    let case = cases::create_case(s.store(), &c.ctx, input).await?;
    Ok(created(
        format!("/api/v1/cases/{}", case.id),
        case.version,
        &CaseView::for_caller(&c, case),
    ))
}

#[utoipa::path(get, path = "/api/v1/cases/{id}", tag = "cases", params(("id" = Uuid, Path)),
    responses((status = 200, body = CaseView), (status = 404, body = Problem)))]
pub async fn get(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<Uuid>,
) -> ApiResult<Response> {
    let case = cases::get_case(s.store(), &c.ctx, id).await?;
    Ok(with_etag(
        StatusCode::OK,
        case.version,
        &CaseView::for_caller(&c, case),
    ))
}

/// Change subject, type, priority, tags or lane, or add references; needs `If-Match`.
#[utoipa::path(patch, path = "/api/v1/cases/{id}", tag = "cases", params(("id" = Uuid, Path), ("If-Match" = String, Header)),
    request_body = CaseChange,
    responses((status = 200, body = Case), (status = 412, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem)))]
pub async fn update(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    JsonBody(change): JsonBody<CaseChange>,
) -> ApiResult<Response> {
    let version = if_match(&headers)?;
    let case = cases::update_case(s.store(), &c.ctx, id, version, change).await?;
    Ok(with_etag(StatusCode::OK, case.version, &case))
}

/// Everything the case page shows: conversation, references, clocks and SLA history,
/// promises, department tasks, complaint steps, goodwill, links and likely duplicates.
#[utoipa::path(get, path = "/api/v1/cases/{id}/page", tag = "cases", params(("id" = Uuid, Path)),
    responses((status = 200, body = CasePageView), (status = 404, body = Problem)))]
pub async fn page(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<CasePageView>> {
    let p = cases::case_page(s.store(), &c.ctx, id).await?;
    Ok(Json(CasePageView::for_caller(&c, p)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusBody {
    pub status: CaseStatus,
}

/// Move a case by the state machine; an illegal move is 409. `If-Match` is optional here.
#[utoipa::path(post, path = "/api/v1/cases/{id}/status", tag = "cases", params(("id" = Uuid, Path), ("If-Match" = Option<String>, Header)),
    request_body = StatusBody,
    responses((status = 200, body = Case), (status = 409, body = Problem), (status = 412, body = Problem)))]
pub async fn status(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    JsonBody(b): JsonBody<StatusBody>,
) -> ApiResult<Response> {
    let version = if headers.contains_key(header::IF_MATCH) {
        if_match(&headers)?
    } else {
        None
    };
    let case = cases::change_status(s.store(), &c.ctx, id, version, b.status).await?;
    Ok(with_etag(StatusCode::OK, case.version, &case))
}

/// The conversation as the caller may see it (customers: public messages only).
#[utoipa::path(get, path = "/api/v1/cases/{id}/messages", tag = "cases", params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<MessageView>), (status = 404, body = Problem)))]
pub async fn messages(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Vec<MessageView>>> {
    let list = cases::case_page(s.store(), &c.ctx, id).await?.messages;
    Ok(Json(
        list.into_iter()
            .map(|m| MessageView::for_caller(&c, m))
            .collect(),
    ))
}

/// Reply to the customer (queued for e-mail); a closed case must be reopened first (409).
#[utoipa::path(post, path = "/api/v1/cases/{id}/replies", tag = "cases", params(("id" = Uuid, Path)), request_body = ReplyInput,
    responses((status = 201, body = Message), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn reply(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<Uuid>,
    JsonBody(input): JsonBody<ReplyInput>,
) -> ApiResult<Response> {
    let m = conversation::reply(s.store(), &c.ctx, id, input).await?;
    Ok((StatusCode::CREATED, Json(m)).into_response())
}

/// An internal note; `@handle` mentions tell colleagues. Never shown to customers.
#[utoipa::path(post, path = "/api/v1/cases/{id}/notes", tag = "cases", params(("id" = Uuid, Path)), request_body = NoteInput,
    responses((status = 201, body = Message), (status = 422, body = Problem)))]
pub async fn note(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<Uuid>,
    JsonBody(input): JsonBody<NoteInput>,
) -> ApiResult<Response> {
    let m = conversation::note(s.store(), &c.ctx, id, input).await?;
    Ok((StatusCode::CREATED, Json(m)).into_response())
}

/// Log a phone call (direction, duration, summary).
#[utoipa::path(post, path = "/api/v1/cases/{id}/calls", tag = "cases", params(("id" = Uuid, Path)), request_body = CallInput,
    responses((status = 201, body = Message), (status = 422, body = Problem)))]
pub async fn call(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<Uuid>,
    JsonBody(input): JsonBody<CallInput>,
) -> ApiResult<Response> {
    let m = conversation::log_call(s.store(), &c.ctx, id, input).await?;
    Ok((StatusCode::CREATED, Json(m)).into_response())
}

/// A customer's reply from the portal: reopens a resolved case; on a closed case it opens a new, linked one.
#[utoipa::path(post, path = "/api/v1/cases/{id}/customer-replies", tag = "cases", params(("id" = Uuid, Path)), request_body = CustomerReplyInput,
    responses((status = 201, body = CustomerReplyView), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn customer_reply(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<Uuid>,
    JsonBody(input): JsonBody<CustomerReplyInput>,
) -> ApiResult<Response> {
    let r = conversation::customer_reply(s.store(), &c.ctx, id, input).await?;
    Ok((
        StatusCode::CREATED,
        Json(super::case_views::reply_for(&c, r)),
    )
        .into_response())
}

/// The customer rates the answer (1–5) once the case is resolved.
#[utoipa::path(post, path = "/api/v1/cases/{id}/rating", tag = "cases", params(("id" = Uuid, Path)), request_body = RatingInput,
    responses((status = 200, body = CaseView), (status = 409, body = Problem)))]
pub async fn rate(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<Uuid>,
    JsonBody(input): JsonBody<RatingInput>,
) -> ApiResult<Json<CaseView>> {
    let k = conversation::rate(s.store(), &c.ctx, id, input).await?;
    Ok(Json(CaseView::for_caller(&c, k)))
}

/// An attachment's bytes, always as a download.
#[utoipa::path(get, path = "/api/v1/cases/{id}/attachments/{attachment_id}", tag = "cases",
    params(("id" = Uuid, Path), ("attachment_id" = Uuid, Path)),
    responses((status = 200, content_type = "application/octet-stream"), (status = 404, body = Problem)))]
pub async fn attachment(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path((id, aid)): Path<(Uuid, Uuid)>,
) -> ApiResult<Response> {
    let (a, data) = conversation::attachment(s.store(), &c.ctx, id, aid).await?;
    Ok(crate::download::attachment(
        &a.filename,
        &a.content_type,
        data,
    ))
}

/// A reply template filled in for this case, in its contact's language.
#[utoipa::path(get, path = "/api/v1/cases/{id}/templates/{name}", tag = "cases",
    params(("id" = Uuid, Path), ("name" = String, Path)),
    responses((status = 200, body = RenderedTemplate), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn template(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path((id, name)): Path<(Uuid, String)>,
) -> ApiResult<Json<RenderedTemplate>> {
    Ok(Json(
        conversation::render_template(s.store(), &c.ctx, id, &name).await?,
    ))
}

/// Assign to an agent (not an absent one), back to the queue, or let routing choose; the reason is kept.
#[utoipa::path(post, path = "/api/v1/cases/{id}/assignment", tag = "cases", params(("id" = Uuid, Path)), request_body = AssignInput,
    responses((status = 200, body = Case), (status = 422, body = Problem)))]
pub async fn assign(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<Uuid>,
    JsonBody(input): JsonBody<AssignInput>,
) -> ApiResult<Json<Case>> {
    Ok(Json(routing::assign(s.store(), &c.ctx, id, input).await?))
}

/// A supervisor reassigns many cases at once, all or nothing.
#[utoipa::path(post, path = "/api/v1/cases/bulk-assignment", tag = "cases", request_body = BulkAssignInput,
    responses((status = 200, body = BulkResult), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn bulk_assign(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    JsonBody(input): JsonBody<BulkAssignInput>,
) -> ApiResult<Json<BulkResult>> {
    Ok(Json(routing::bulk_assign(s.store(), &c.ctx, input).await?))
}

/// Promise a follow-up at a time; the agent is reminded and an overdue promise escalates.
#[utoipa::path(post, path = "/api/v1/cases/{id}/follow-ups", tag = "cases", params(("id" = Uuid, Path)), request_body = FollowUpInput,
    responses((status = 201, body = FollowUp), (status = 422, body = Problem)))]
pub async fn promise(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<Uuid>,
    JsonBody(input): JsonBody<FollowUpInput>,
) -> ApiResult<Response> {
    let f = work::promise(s.store(), &c.ctx, id, input).await?;
    Ok((StatusCode::CREATED, Json(f)).into_response())
}

/// Keep a promise: its outcome, optionally sent to the customer.
#[utoipa::path(post, path = "/api/v1/cases/{id}/follow-ups/{follow_up_id}/done", tag = "cases",
    params(("id" = Uuid, Path), ("follow_up_id" = Uuid, Path)), request_body = FollowUpDone,
    responses((status = 200, body = FollowUp), (status = 409, body = Problem)))]
pub async fn keep_promise(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path((id, fid)): Path<(Uuid, Uuid)>,
    JsonBody(input): JsonBody<FollowUpDone>,
) -> ApiResult<Json<FollowUp>> {
    Ok(Json(
        work::keep_promise(s.store(), &c.ctx, id, fid, input).await?,
    ))
}

/// Ask logistics, operations, finance or sales; the case waits on internal until answered.
#[utoipa::path(post, path = "/api/v1/cases/{id}/tasks", tag = "cases", params(("id" = Uuid, Path)), request_body = TaskInput,
    responses((status = 201, body = DeptTask), (status = 422, body = Problem)))]
pub async fn ask(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<Uuid>,
    JsonBody(input): JsonBody<TaskInput>,
) -> ApiResult<Response> {
    let t = work::ask_department(s.store(), &c.ctx, id, input).await?;
    Ok((StatusCode::CREATED, Json(t)).into_response())
}

/// Record the next complaint step (acknowledge → … → confirm satisfaction), in order.
#[utoipa::path(post, path = "/api/v1/cases/{id}/complaint-steps", tag = "cases", params(("id" = Uuid, Path)), request_body = StepInput,
    responses((status = 200, body = Vec<StepRow>), (status = 409, body = Problem)))]
pub async fn complaint_step(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<Uuid>,
    JsonBody(input): JsonBody<StepInput>,
) -> ApiResult<Json<Vec<StepRow>>> {
    Ok(Json(
        work::complaint_step(s.store(), &c.ctx, id, input).await?,
    ))
}

/// Goodwill (fee waiver, credit): granted within the agent's authority, else awaiting a supervisor.
#[utoipa::path(post, path = "/api/v1/cases/{id}/goodwill", tag = "cases", params(("id" = Uuid, Path)), request_body = GoodwillInput,
    responses((status = 201, body = Goodwill), (status = 422, body = Problem)))]
pub async fn goodwill(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<Uuid>,
    JsonBody(input): JsonBody<GoodwillInput>,
) -> ApiResult<Response> {
    let g = work::request_goodwill(s.store(), &c.ctx, id, input).await?;
    Ok((StatusCode::CREATED, Json(g)).into_response())
}

/// A supervisor approves or rejects goodwill above an agent's authority.
#[utoipa::path(post, path = "/api/v1/cases/{id}/goodwill/{goodwill_id}/decision", tag = "cases",
    params(("id" = Uuid, Path), ("goodwill_id" = Uuid, Path)), request_body = DecisionInput,
    responses((status = 200, body = Goodwill), (status = 403, body = Problem), (status = 409, body = Problem)))]
pub async fn decide_goodwill(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path((id, gid)): Path<(Uuid, Uuid)>,
    JsonBody(input): JsonBody<DecisionInput>,
) -> ApiResult<Json<Goodwill>> {
    Ok(Json(
        work::decide_goodwill(s.store(), &c.ctx, id, gid, input).await?,
    ))
}

/// Link another case as child or related.
#[utoipa::path(post, path = "/api/v1/cases/{id}/links", tag = "cases", params(("id" = Uuid, Path)), request_body = LinkInput,
    responses((status = 200, body = Case), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn link(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<Uuid>,
    JsonBody(input): JsonBody<LinkInput>,
) -> ApiResult<Json<Case>> {
    Ok(Json(work::link_cases(s.store(), &c.ctx, id, input).await?))
}

/// Merge this case into another of the same customer; it closes, its messages move over.
#[utoipa::path(post, path = "/api/v1/cases/{id}/merge", tag = "cases", params(("id" = Uuid, Path)), request_body = MergeInput,
    responses((status = 200, body = Case), (status = 409, body = Problem), (status = 422, body = Problem)))]
pub async fn merge(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<Uuid>,
    JsonBody(input): JsonBody<MergeInput>,
) -> ApiResult<Json<Case>> {
    Ok(Json(work::merge(s.store(), &c.ctx, id, input).await?))
}

/// Split chosen messages off into a new child case.
#[utoipa::path(post, path = "/api/v1/cases/{id}/split", tag = "cases", params(("id" = Uuid, Path)), request_body = SplitInput,
    responses((status = 201, body = Case), (status = 422, body = Problem)))]
pub async fn split(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<Uuid>,
    JsonBody(input): JsonBody<SplitInput>,
) -> ApiResult<Response> {
    let child = work::split(s.store(), &c.ctx, id, input).await?;
    Ok(created(
        format!("/api/v1/cases/{}", child.id),
        child.version,
        &child,
    ))
}
