//! The shift hand-over: an agent ends the shift with a next step per open case and names
//! the colleague taking over (or lets routing share the cases out); the next shift reads
//! recent hand-overs and acknowledges theirs.

use super::draft::{Draft, action_errors};
use super::{Page, csrf_rejected, due, failure, field, is_supervisor, render, staff_gate, when};
use crate::auth::{Caller, PageCaller};
use crate::i18n::T;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use purser_app::AppError;
use purser_app::cases::work::{self, ShiftHandoverInput};
use purser_app::cases::{self as desk};
use purser_store::cases::{ListQuery, View};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

pub struct MyCase {
    number: String,
    /// What was typed as its next step when the form came back.
    next_step: String,
    id: Uuid,
    subject: String,
    status: String,
    due: String,
}

pub struct ReportCase {
    id: String,
    number: String,
    subject: String,
    status: String,
    next_step: String,
}

pub struct HandoverView {
    id: Uuid,
    from: String,
    to: String,
    when: String,
    notes: String,
    cases: Vec<ReportCase>,
    promises: Vec<String>,
    tasks: Vec<String>,
    acknowledged: String,
    can_acknowledge: bool,
}

#[derive(Template)]
#[template(path = "handovers.html")]
struct Handovers {
    page: Page,
    mine: Vec<MyCase>,
    colleagues: Vec<(Uuid, String)>,
    handovers: Vec<HandoverView>,
    draft: Draft,
}

fn text(v: &Value, k: &str) -> String {
    v[k].as_str().unwrap_or_default().to_string()
}

async fn page_of(s: &AppState, c: &Caller, draft: Draft) -> Response {
    let t = T(c.user.language);
    let (mine, _) = match desk::list_cases(
        s.store(),
        &c.ctx,
        &ListQuery::new(View::Mine(c.user.id), 200),
    )
    .await
    {
        Ok(r) => r,
        Err(e) => return failure(e),
    };
    let list = match work::list_shift_handovers(s.store(), &c.ctx).await {
        Ok(l) => l,
        Err(e) => return failure(e),
    };
    let names: HashMap<Uuid, String> = purser_store::users::list(&mut s.store().clone())
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let name = |id: Option<Uuid>| {
        id.and_then(|i| names.get(&i).cloned())
            .unwrap_or_else(|| t.s("routing_decides").to_string())
    };
    let numbers: HashMap<String, String> = list
        .iter()
        .flat_map(|h| h.report["cases"].as_array().cloned().unwrap_or_default())
        .map(|k| (text(&k, "id"), text(&k, "number")))
        .collect();
    let number_of = |v: &Value| {
        numbers
            .get(&text(v, "case_id"))
            .cloned()
            .unwrap_or_default()
    };
    let handovers = list
        .iter()
        .map(|h| HandoverView {
            id: h.id,
            from: name(Some(h.from_user_id)),
            to: name(h.to_user_id),
            when: when(h.created_at),
            notes: h.notes.clone(),
            cases: h.report["cases"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|k| ReportCase {
                            id: text(k, "id"),
                            number: text(k, "number"),
                            subject: text(k, "subject"),
                            status: t.label("status", &text(k, "status")),
                            next_step: text(k, "next_step"),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            promises: h.report["promises"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|p| {
                            let by = due(t, p["due_at"].as_i64())
                                .map(|d| d.0)
                                .unwrap_or_default();
                            format!("{} {} ({by})", number_of(p), text(p, "action"))
                        })
                        .collect()
                })
                .unwrap_or_default(),
            tasks: h.report["waiting_tasks"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|x| {
                            format!(
                                "{} {}: {}",
                                number_of(x),
                                t.label("dept", &text(x, "department")),
                                text(x, "question")
                            )
                        })
                        .collect()
                })
                .unwrap_or_default(),
            acknowledged: match (h.acknowledged_by, h.acknowledged_at) {
                (Some(by), Some(at)) => format!("{} · {}", name(Some(by)), when(at)),
                _ => String::new(),
            },
            can_acknowledge: h.acknowledged_at.is_none()
                && h.from_user_id != c.user.id
                && (h.to_user_id.is_none_or(|x| x == c.user.id) || is_supervisor(c)),
        })
        .collect();
    // presence: labelled with status and load, free colleagues first
    let colleagues = super::presence::agent_choices(s, c, Some(c.user.id)).await;
    let status = if draft.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let mut r = render(&Handovers {
        page: Page::new(c, "handovers"),
        mine: mine
            .into_iter()
            .map(|k| MyCase {
                next_step: draft
                    .values
                    .get(&format!("next:{}", k.number))
                    .cloned()
                    .unwrap_or_default(),
                due: due(t, k.due_at).map(|d| d.0).unwrap_or_default(),
                status: t.label("status", k.status.as_str()),
                number: k.number,
                id: k.id,
                subject: k.subject,
            })
            .collect(),
        colleagues,
        handovers,
        draft,
    });
    *r.status_mut() = status;
    r
}

pub async fn page(State(s): State<AppState>, PageCaller(c): PageCaller) -> Response {
    if let Some(r) = staff_gate(&c, false, "/portal") {
        return r;
    }
    page_of(&s, &c, Draft::default()).await
}

pub async fn end_shift(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Form(f): Form<BTreeMap<String, String>>,
) -> Response {
    if let Some(r) = staff_gate(&c, false, "/portal") {
        return r;
    }
    if let Some(r) = csrf_rejected(&c, &f) {
        return r;
    }
    let r = async {
        let to_user_id = match field(&f, "to_user_id").as_str() {
            "" => None,
            v => Some(
                v.parse()
                    .map_err(|_| AppError::field("to_user_id", "choose one of the options"))?,
            ),
        };
        let next_steps = f
            .iter()
            .filter_map(|(k, v)| Some((k.strip_prefix("next:")?.to_string(), v.trim().to_string())))
            .filter(|(_, v)| !v.is_empty())
            .collect();
        work::end_shift(
            s.store(),
            &c.ctx,
            ShiftHandoverInput {
                to_user_id,
                notes: field(&f, "notes"),
                next_steps,
            },
        )
        .await
    }
    .await;
    match r {
        Ok(_) => Redirect::to("/handovers").into_response(),
        Err(e @ (AppError::Invalid(_) | AppError::Conflict(_))) => {
            let errors = action_errors(T(c.user.language), &e);
            page_of(&s, &c, Draft::new("end_shift", errors, f)).await
        }
        Err(e) => failure(e),
    }
}

pub async fn acknowledge(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Path(id): Path<Uuid>,
    Form(f): Form<BTreeMap<String, String>>,
) -> Response {
    if let Some(r) = staff_gate(&c, false, "/portal") {
        return r;
    }
    if let Some(r) = csrf_rejected(&c, &f) {
        return r;
    }
    match work::acknowledge_handover(s.store(), &c.ctx, id).await {
        Ok(_) | Err(AppError::Conflict(_)) => Redirect::to("/handovers").into_response(),
        Err(e) => failure(e),
    }
}
