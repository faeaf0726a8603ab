//! The supervisor's console: the live queue with bulk reassignment, the cases at risk, each
//! agent's load against capacity, the busy-period switch per team, and goodwill waiting
//! for approval. The lists refresh themselves when a case changes.

use super::case_actions::assign_input;
use super::cases::{CaseRow, decode_cursor, encode_cursor, rows};
use super::{
    FieldErrors, Page, csrf_rejected, failure, field, field_errors, render, supervisor_gate, when,
};
use crate::auth::{Caller, PageCaller};
use crate::i18n::T;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use purser_app::AppError;
use purser_app::cases::routing::{self, BulkAssignInput};
use purser_app::cases::{self as desk, setup};
use purser_store::cases::{ListQuery, View};
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

pub struct Load {
    name: String,
    status: String,
    open: i64,
    capacity: i64,
    /// Open cases as a share of capacity, 0–100 (for the bar).
    percent: i64,
    over: bool,
}

pub struct TeamRow {
    id: Uuid,
    name: String,
    members: usize,
    busy: bool,
    /// presence: the zone its members read times in by default ("" for UTC).
    time_zone: String,
}

/// presence: an absence not yet over, as the supervisor's list shows it.
pub struct AbsenceRow {
    who: String,
    from: String,
    to: String,
    reason: String,
    substitute: String,
}

pub struct GoodwillRow {
    case_id: Uuid,
    id: Uuid,
    number: String,
    subject: String,
    kind: String,
    amount: String,
    limit: String,
    reason: String,
    requested_by: String,
    when: String,
}

#[derive(Template)]
#[template(path = "supervisor.html")]
struct Console {
    page: Page,
    queue: Vec<CaseRow>,
    at_risk: Vec<CaseRow>,
    here: String,
    next_link: Option<String>,
    has_prev: bool,
    loads: Vec<Load>,
    teams: Vec<TeamRow>,
    goodwill: Vec<GoodwillRow>,
    agents: Vec<(Uuid, String)>,
    notice: Option<String>,
    errors: FieldErrors,
    absences: Vec<AbsenceRow>,
}

async fn console(
    s: &AppState,
    c: &Caller,
    params: &HashMap<String, String>,
    errors: FieldErrors,
) -> Response {
    let t = T(c.user.language);
    let mut lq = ListQuery::new(View::Queue, 50);
    lq.after = params.get("cursor").and_then(|x| decode_cursor(x));
    let (queue, next) = match desk::list_cases(s.store(), &c.ctx, &lq).await {
        Ok(r) => r,
        Err(e) => return failure(e),
    };
    let (at_risk, _) = desk::list_cases(s.store(), &c.ctx, &ListQuery::new(View::AtRisk, 20))
        .await
        .unwrap_or_default();
    let agents = purser_app::admin::list_agents(s.store(), &c.ctx)
        .await
        .unwrap_or_default();
    let ids: Vec<Uuid> = agents.iter().map(|u| u.id).collect();
    let mut db = s.store().clone();
    let counts = purser_store::cases::open_counts(&mut db, &ids)
        .await
        .unwrap_or_default();
    let profiles = purser_store::teams::profiles(&mut db, &ids)
        .await
        .unwrap_or_default();
    let now = purser_store::now_micros();
    let absences = purser_store::presence::upcoming_absences(&mut db, now, 100)
        .await
        .unwrap_or_default();
    let loads = agents
        .iter()
        .map(|u| {
            let open = counts
                .iter()
                .find(|(x, _)| *x == u.id)
                .map_or(0, |(_, n)| *n);
            let p = profiles.iter().find(|p| p.user_id == u.id);
            let capacity = p.map_or(0, |p| p.capacity);
            // presence: an absence covering now outranks the status the agent set
            let absent_until = absences
                .iter()
                .filter(|a| a.user_id == u.id && a.starts_at <= now)
                .map(|a| a.ends_at)
                .max();
            Load {
                name: u.name.clone(),
                status: match absent_until {
                    Some(until) => t.s("absent_until").replace("{}", &when(until)),
                    None => p
                        .map(|p| t.label("agent", p.status.as_str()))
                        .unwrap_or_default(),
                },
                open,
                capacity,
                percent: if capacity > 0 {
                    (open * 100 / capacity).min(100)
                } else {
                    100
                },
                over: open > capacity,
            }
        })
        .collect();
    let teams = setup::list_teams(s.store(), &c.ctx)
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|v| TeamRow {
            id: v.team.id,
            name: v.team.name,
            members: v.members.len(),
            busy: v.team.busy_period,
            time_zone: v.team.time_zone.unwrap_or_default(),
        })
        .collect();
    let names: HashMap<Uuid, String> = purser_store::users::list(&mut db)
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let mut goodwill = Vec::new();
    for g in purser_store::complaints::awaiting_approval(&mut db)
        .await
        .unwrap_or_default()
    {
        let Ok(k) = desk::get_case(s.store(), &c.ctx, g.case_id).await else {
            continue;
        };
        goodwill.push(GoodwillRow {
            case_id: g.case_id,
            id: g.id,
            number: k.number,
            subject: k.subject,
            kind: t.label("goodwill", g.kind.as_str()),
            amount: format!("{} {}", g.currency, g.amount),
            limit: format!("{} {}", g.currency, g.authority_limit),
            reason: g.reason,
            requested_by: names.get(&g.requested_by).cloned().unwrap_or_default(),
            when: when(g.created_at),
        });
    }
    let name_of = |id: Uuid| names.get(&id).cloned().unwrap_or_default();
    let absences = absences
        .iter()
        .map(|a| AbsenceRow {
            who: name_of(a.user_id),
            from: when(a.starts_at),
            to: when(a.ends_at),
            reason: a.reason.clone(),
            substitute: a.substitute_id.map(name_of).unwrap_or_default(),
        })
        .collect();
    let here = match params.get("cursor") {
        Some(cur) => format!(
            "/supervisor?{}",
            serde_urlencoded::to_string([("cursor", cur)]).unwrap_or_default()
        ),
        None => "/supervisor".to_string(),
    };
    let notice = params
        .get("moved")
        .and_then(|n| n.parse::<usize>().ok())
        .map(|n| t.s("moved_n").replace("{}", &n.to_string()))
        .or_else(|| {
            params
                .contains_key("absence")
                .then(|| t.s("absence_recorded").to_string())
        });
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let queue = rows(s, c, &queue).await;
    let at_risk = rows(s, c, &at_risk).await;
    let mut r = render(&Console {
        page: Page::new(c, "supervisor").live(),
        queue,
        at_risk,
        here,
        next_link: next.map(|n| {
            format!(
                "/supervisor?{}",
                serde_urlencoded::to_string([("cursor", encode_cursor(&n))]).unwrap_or_default()
            )
        }),
        has_prev: params.contains_key("cursor"),
        loads,
        teams,
        goodwill,
        // presence: labelled with status and load, free agents first
        agents: super::presence::agent_choices(s, c, None).await,
        notice,
        errors,
        absences,
    });
    *r.status_mut() = status;
    r
}

/// The console again with a failed form's errors (presence: the absence and zone forms).
pub async fn console_with_errors(s: &AppState, c: &Caller, errors: FieldErrors) -> Response {
    console(s, c, &HashMap::new(), errors).await
}

pub async fn page(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    if let Some(r) = supervisor_gate(&c) {
        return r;
    }
    console(&s, &c, &params, FieldErrors::new()).await
}

/// Bulk reassignment: the ticked cases (`case_id`, once per box) to one agent, back to
/// routing, or back to the queue; all or nothing.
pub async fn bulk_assign(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    if let Some(r) = supervisor_gate(&c) {
        return r;
    }
    let f: BTreeMap<String, String> = pairs
        .iter()
        .filter(|(k, _)| k != "case_id")
        .cloned()
        .collect();
    if let Some(r) = csrf_rejected(&c, &f) {
        return r;
    }
    let r = async {
        let mut case_ids = Vec::new();
        for (k, v) in pairs.iter().filter(|(k, _)| k == "case_id") {
            case_ids.push(
                v.parse::<Uuid>()
                    .map_err(|_| AppError::field(k, "is not a case"))?,
            );
        }
        if field(&f, "assignee_id").is_empty() && field(&f, "auto") != "true" {
            return Err(AppError::field("assignee_id", "choose an agent or routing"));
        }
        let input = BulkAssignInput {
            case_ids,
            assign: assign_input(&f)?,
        };
        routing::bulk_assign(s.store(), &c.ctx, input).await
    }
    .await;
    match r {
        Ok(done) => {
            Redirect::to(&format!("/supervisor?moved={}", done.assigned.len())).into_response()
        }
        Err(e @ (AppError::Invalid(_) | AppError::Conflict(_))) => {
            console(&s, &c, &HashMap::new(), field_errors(&e)).await
        }
        Err(e) => failure(e),
    }
}

pub async fn busy(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Path(id): Path<Uuid>,
    Form(f): Form<BTreeMap<String, String>>,
) -> Response {
    if let Some(r) = supervisor_gate(&c) {
        return r;
    }
    if let Some(r) = csrf_rejected(&c, &f) {
        return r;
    }
    match setup::set_busy(s.store(), &c.ctx, id, field(&f, "busy") == "true").await {
        Ok(_) => Redirect::to("/supervisor#teams").into_response(),
        Err(e) => failure(e),
    }
}
