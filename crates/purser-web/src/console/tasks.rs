//! A department's queue of questions from customer service, by due time, each with its
//! answer form; the answer goes back to the case as a note (see `work::answer_task`).
//! Department users see their own department; desk staff may look at any.

use super::draft::Draft;
use super::{Page, csrf_rejected, due, failure, field, render, staff_gate, when};
use crate::auth::{Caller, PageCaller};
use crate::i18n::T;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use purser_app::AppError;
use purser_app::cases::work::{self, AnswerInput};
use purser_app::cases::{self as desk};
use purser_domain::roles::{CustomerScope, Department, Role};
use purser_store::dept_tasks::DeptTask;
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

pub struct TaskRow {
    id: Uuid,
    case_id: Uuid,
    number: String,
    subject: String,
    /// Whose case it is and what it is about (the shipment's references), so a department
    /// can answer without the desk's customer page.
    customer: String,
    refs: Vec<(String, String)>,
    question: String,
    asked_by: String,
    asked: String,
    due: String,
    due_rel: String,
    overdue: bool,
    answer: Option<String>,
    answered: String,
}

#[derive(Template)]
#[template(path = "tasks.html")]
struct Queue {
    page: Page,
    department: String,
    department_label: String,
    /// Departments a desk user may switch between (empty for department users).
    departments: Vec<(&'static str, String)>,
    answered: bool,
    tasks: Vec<TaskRow>,
    draft: Draft,
    /// The task whose answer failed.
    failed: Option<Uuid>,
}

/// The department a caller works for here: a department user's own, else the one asked for.
fn department_of(c: &Caller, asked: Option<&str>) -> Option<Department> {
    if c.user.role == Role::Department {
        c.ctx.actor.department
    } else {
        asked
            .and_then(Department::parse)
            .or(Some(Department::Logistics))
    }
}

async fn queue_page(
    s: &AppState,
    c: &Caller,
    department: Option<Department>,
    answered: bool,
    draft: Draft,
    failed: Option<Uuid>,
) -> Response {
    let t = T(c.user.language);
    let list: Vec<DeptTask> = match department {
        Some(d) => match work::department_queue(s.store(), &c.ctx, d, answered).await {
            Ok(l) => l,
            Err(e) => return failure(e),
        },
        None => vec![],
    };
    let names: HashMap<Uuid, String> = purser_store::users::list(&mut s.store().clone())
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let mut tasks = Vec::new();
    let mut db = s.store().clone();
    for x in list {
        let (number, subject, customer_id) = desk::get_case(s.store(), &c.ctx, x.case_id)
            .await
            .map(|k| (k.number, k.subject, k.customer_id))
            .unwrap_or_default();
        let customer = match customer_id {
            Some(id) => purser_store::customers::get(&mut db, id, &CustomerScope::All)
                .await
                .map(|cu| cu.legal_name)
                .unwrap_or_default(),
            None => String::new(),
        };
        let refs = purser_store::cases::refs(&mut db, x.case_id)
            .await
            .unwrap_or_default()
            .into_iter()
            .map(|r| (t.label("ref", r.kind.as_str()), r.value))
            .collect();
        let (d, rel, overdue) = due(t, Some(x.due_at)).unwrap_or_default();
        tasks.push(TaskRow {
            id: x.id,
            case_id: x.case_id,
            number,
            subject,
            customer,
            refs,
            question: x.question,
            asked_by: names.get(&x.asked_by).cloned().unwrap_or_default(),
            asked: when(x.asked_at),
            due: d,
            due_rel: rel,
            overdue: overdue && x.answer.is_none(),
            answered: x.answered_at.map(when).unwrap_or_default(),
            answer: x.answer,
        });
    }
    let status = if draft.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let mut r = render(&Queue {
        page: Page::new(c, "tasks"),
        department: department.map(|d| d.as_str()).unwrap_or("").to_string(),
        department_label: department
            .map(|d| t.label("dept", d.as_str()))
            .unwrap_or_default(),
        departments: if c.user.role == Role::Department {
            vec![]
        } else {
            Department::ALL
                .iter()
                .filter(|d| **d != Department::CustomerService)
                .map(|d| (d.as_str(), t.label("dept", d.as_str())))
                .collect()
        },
        answered,
        tasks,
        draft,
        failed,
    });
    *r.status_mut() = status;
    r
}

pub async fn queue(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    if let Some(r) = staff_gate(&c, true, "/portal") {
        return r;
    }
    let department = department_of(&c, q.get("department").map(String::as_str));
    let answered = q.get("answered").is_some_and(|v| v == "true");
    queue_page(&s, &c, department, answered, Draft::default(), None).await
}

/// A task's address (as notifications link it): its place in its department's queue.
pub async fn show(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Path(id): Path<Uuid>,
) -> Response {
    if let Some(r) = staff_gate(&c, true, "/portal") {
        return r;
    }
    match work::get_task(s.store(), &c.ctx, id).await {
        Ok(x) => Redirect::to(&format!(
            "/tasks?department={}{}#task-{id}",
            x.department.as_str(),
            if x.answer.is_some() {
                "&answered=true"
            } else {
                ""
            }
        ))
        .into_response(),
        Err(e) => failure(e),
    }
}

pub async fn answer(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Path(id): Path<Uuid>,
    Form(f): Form<BTreeMap<String, String>>,
) -> Response {
    if let Some(r) = staff_gate(&c, true, "/portal") {
        return r;
    }
    if let Some(r) = csrf_rejected(&c, &f) {
        return r;
    }
    let input = AnswerInput {
        answer: field(&f, "answer"),
    };
    match work::answer_task(s.store(), &c.ctx, id, input).await {
        Ok(x) => {
            Redirect::to(&format!("/tasks?department={}", x.department.as_str())).into_response()
        }
        Err(e @ (AppError::Invalid(_) | AppError::Conflict(_))) => {
            let department = work::get_task(s.store(), &c.ctx, id)
                .await
                .map(|x| x.department)
                .ok();
            let errors = super::draft::action_errors(T(c.user.language), &e);
            queue_page(
                &s,
                &c,
                department,
                false,
                Draft::new("answer", errors, f),
                Some(id),
            )
            .await
        }
        Err(e) => failure(e),
    }
}
