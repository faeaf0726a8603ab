//! The case page's forms: each checks the session's CSRF token, calls one use case, and
//! redirects back to the case; invalid input or a refused move shows the page again with
//! the form's errors beside it and what was typed still in it.

use super::case_page::{may_act, portal_twin, render_page};
use super::draft::{Draft, action_errors};
use super::upload;
use super::{back_to, csrf_rejected, failure, field, staff_gate, utc_input};
use crate::auth::{Caller, PageCaller};
use crate::i18n::T;
use crate::state::AppState;
use axum::extract::{Form, Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use purser_app::AppError;
use purser_app::cases::conversation::{self, CallInput, NoteInput, ReplyInput};
use purser_app::cases::routing::{self, AssignInput};
use purser_app::cases::work::{
    self, DecisionInput, FollowUpDone, FollowUpInput, GoodwillInput, LinkInput, MergeInput,
    StepInput, TaskInput,
};
use purser_domain::cases::complaint::{ComplaintStep, GoodwillKind};
use purser_domain::cases::state::CaseStatus;
use purser_domain::cases::{Direction, LinkKind};
use purser_domain::roles::Department;
use std::collections::BTreeMap;
use uuid::Uuid;

type FormMap = BTreeMap<String, String>;

/// Lets in the callers who may use this form; `None` when they may.
fn gate(c: &Caller, id: Uuid, note: bool) -> Option<Response> {
    staff_gate(c, note, &portal_twin(id))
        .or_else(|| (!may_act(c, note)).then(|| failure(AppError::Forbidden)))
}

/// After an action: back to the case (or the page the form names), or the case page again
/// with the form's errors.
async fn done(
    s: &AppState,
    c: &Caller,
    id: Uuid,
    form: &'static str,
    f: FormMap,
    result: Result<(), AppError>,
) -> Response {
    match result {
        Ok(()) => Redirect::to(&back_to(&f, &format!("/cases/{id}#{form}"))).into_response(),
        Err(e @ (AppError::Invalid(_) | AppError::Conflict(_) | AppError::Stale { .. })) => {
            let errors = action_errors(T(c.user.language), &e);
            render_page(s, c, id, Draft::new(form, errors, f)).await
        }
        Err(e) => failure(e),
    }
}

fn parse<V>(f: &FormMap, k: &str, parse: impl Fn(&str) -> Option<V>) -> Result<V, AppError> {
    parse(&field(f, k)).ok_or_else(|| AppError::field(k, "choose one of the options"))
}

/// The id of a case named by its number (CS-2026-000123), as a field error when unknown.
async fn case_by_number(s: &AppState, k: &str, number: &str) -> Result<Uuid, AppError> {
    let number = number.trim().to_uppercase();
    if number.is_empty() {
        return Err(AppError::field(k, "is required"));
    }
    if let Ok(id) = number.to_lowercase().parse::<Uuid>() {
        return Ok(id);
    }
    purser_store::cases::by_number(&mut s.store().clone(), &number)
        .await
        .map(|x| x.id)
        .map_err(|_| AppError::field(k, "no such case"))
}

pub async fn reply(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Path(id): Path<Uuid>,
    m: Multipart,
) -> Response {
    if let Some(r) = gate(&c, id, false) {
        return r;
    }
    let posted = match upload::read(m).await {
        Ok(p) => p,
        Err(e) => return done(&s, &c, id, "reply", FormMap::new(), Err(e)).await,
    };
    let f = posted.fields;
    if let Some(r) = csrf_rejected(&c, &f) {
        return r;
    }
    let status = match field(&f, "status").as_str() {
        "" => None,
        v => match CaseStatus::parse(v) {
            Some(x) => Some(x),
            None => {
                let e = AppError::field("status", "choose one of the options");
                return done(&s, &c, id, "reply", f, Err(e)).await;
            }
        },
    };
    let body = f.get("body").cloned().unwrap_or_default();
    // a template's blank left in the text is sent only once the agent has seen and confirmed it
    let blanks = purser_domain::cases::templates::blanks(&body);
    if !blanks.is_empty() && field(&f, "send_with_blanks") != "true" {
        let listed: Vec<String> = blanks.iter().map(|b| format!("{{{{{b}}}}}")).collect();
        let e = AppError::field("blanks", &format!("still to fill: {}", listed.join(", ")));
        return done(&s, &c, id, "reply", f, Err(e)).await;
    }
    let input = ReplyInput {
        body,
        status,
        attachments: posted.files,
        cc: addresses(&field(&f, "cc")),
        bcc: addresses(&field(&f, "bcc")),
    };
    let r = conversation::reply(s.store(), &c.ctx, id, input).await;
    done(&s, &c, id, "reply", f, r.map(|_| ())).await
}

/// The addresses typed into one box, split at commas, semicolons and spaces (as mail
/// programs take them).
fn addresses(typed: &str) -> Vec<String> {
    typed
        .split([',', ';', ' ', '\n', '\t'])
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(str::to_string)
        .collect()
}

pub async fn note(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Path(id): Path<Uuid>,
    m: Multipart,
) -> Response {
    if let Some(r) = gate(&c, id, true) {
        return r;
    }
    let posted = match upload::read(m).await {
        Ok(p) => p,
        Err(e) => return done(&s, &c, id, "note", FormMap::new(), Err(e)).await,
    };
    let f = posted.fields;
    if let Some(r) = csrf_rejected(&c, &f) {
        return r;
    }
    let input = NoteInput {
        body: f.get("body").cloned().unwrap_or_default(),
        mentions: vec![],
        attachments: posted.files,
    };
    let r = conversation::note(s.store(), &c.ctx, id, input).await;
    done(&s, &c, id, "note", f, r.map(|_| ())).await
}

pub async fn call(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Path(id): Path<Uuid>,
    Form(f): Form<FormMap>,
) -> Response {
    if let Some(r) = gate(&c, id, false) {
        return r;
    }
    if let Some(r) = csrf_rejected(&c, &f) {
        return r;
    }
    let r = async {
        let minutes: f64 = field(&f, "minutes")
            .parse()
            .ok()
            .filter(|m: &f64| m.is_finite() && *m >= 0.0)
            .ok_or_else(|| AppError::field("minutes", "must be a number of minutes"))?;
        let input = CallInput {
            direction: parse(&f, "direction", Direction::parse)?,
            duration_secs: (minutes * 60.0).round().min(u32::MAX as f64) as u32,
            summary: field(&f, "summary"),
        };
        conversation::log_call(s.store(), &c.ctx, id, input)
            .await
            .map(|_| ())
    }
    .await;
    done(&s, &c, id, "call", f, r).await
}

pub async fn status(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Path(id): Path<Uuid>,
    Form(f): Form<FormMap>,
) -> Response {
    if let Some(r) = gate(&c, id, false) {
        return r;
    }
    if let Some(r) = csrf_rejected(&c, &f) {
        return r;
    }
    let r = async {
        let to = parse(&f, "status", CaseStatus::parse)?;
        let version = field(&f, "version").parse().ok();
        purser_app::cases::change_status(s.store(), &c.ctx, id, version, to)
            .await
            .map(|_| ())
    }
    .await;
    done(&s, &c, id, "status", f, r).await
}

pub async fn assign(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Path(id): Path<Uuid>,
    Form(f): Form<FormMap>,
) -> Response {
    if let Some(r) = gate(&c, id, false) {
        return r;
    }
    if let Some(r) = csrf_rejected(&c, &f) {
        return r;
    }
    let r = async {
        let input = assign_input(&f)?;
        routing::assign(s.store(), &c.ctx, id, input)
            .await
            .map(|_| ())
    }
    .await;
    done(&s, &c, id, "assign", f, r).await
}

/// An assignment form: an agent, back to the queue (empty or `queue`), or `auto` (as the
/// agent or as a button) for routing to choose.
pub fn assign_input(f: &FormMap) -> Result<AssignInput, AppError> {
    let id = |k: &str| -> Result<Option<Uuid>, AppError> {
        match field(f, k).as_str() {
            "" | "queue" | "auto" => Ok(None),
            v => v
                .parse()
                .map(Some)
                .map_err(|_| AppError::field(k, "choose one of the options")),
        }
    };
    let auto = field(f, "auto") == "true" || field(f, "assignee_id") == "auto";
    Ok(AssignInput {
        assignee_id: if auto { None } else { id("assignee_id")? },
        team_id: id("team_id")?,
        reason: Some(field(f, "reason")).filter(|r| !r.is_empty()),
        auto,
    })
}

pub async fn promise(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Path(id): Path<Uuid>,
    Form(f): Form<FormMap>,
) -> Response {
    if let Some(r) = gate(&c, id, false) {
        return r;
    }
    if let Some(r) = csrf_rejected(&c, &f) {
        return r;
    }
    let r = async {
        let remind_mins = match field(&f, "remind_mins").as_str() {
            "" => 30,
            v => v
                .parse()
                .map_err(|_| AppError::field("remind_mins", "must be a number of minutes"))?,
        };
        let input = FollowUpInput {
            action: field(&f, "action"),
            due_at: utc_input(&field(&f, "due_at")),
            remind_mins,
        };
        work::promise(s.store(), &c.ctx, id, input)
            .await
            .map(|_| ())
    }
    .await;
    done(&s, &c, id, "promise", f, r).await
}

pub async fn keep_promise(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Path((id, fid)): Path<(Uuid, Uuid)>,
    Form(f): Form<FormMap>,
) -> Response {
    if let Some(r) = gate(&c, id, false) {
        return r;
    }
    if let Some(r) = csrf_rejected(&c, &f) {
        return r;
    }
    let input = FollowUpDone {
        outcome: field(&f, "outcome"),
        tell_customer: field(&f, "tell_customer") == "true",
    };
    let r = work::keep_promise(s.store(), &c.ctx, id, fid, input).await;
    done(&s, &c, id, "promise", f, r.map(|_| ())).await
}

pub async fn ask_department(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Path(id): Path<Uuid>,
    Form(f): Form<FormMap>,
) -> Response {
    if let Some(r) = gate(&c, id, false) {
        return r;
    }
    if let Some(r) = csrf_rejected(&c, &f) {
        return r;
    }
    let r = async {
        let input = TaskInput {
            department: parse(&f, "department", Department::parse)?,
            question: field(&f, "question"),
            due_at: utc_input(&field(&f, "due_at")),
        };
        work::ask_department(s.store(), &c.ctx, id, input)
            .await
            .map(|_| ())
    }
    .await;
    done(&s, &c, id, "task", f, r).await
}

pub async fn complaint_step(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Path(id): Path<Uuid>,
    Form(f): Form<FormMap>,
) -> Response {
    if let Some(r) = gate(&c, id, false) {
        return r;
    }
    if let Some(r) = csrf_rejected(&c, &f) {
        return r;
    }
    let r = async {
        let input = StepInput {
            step: parse(&f, "step", ComplaintStep::parse)?,
            note: field(&f, "note"),
        };
        work::complaint_step(s.store(), &c.ctx, id, input)
            .await
            .map(|_| ())
    }
    .await;
    done(&s, &c, id, "complaint", f, r).await
}

pub async fn goodwill(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Path(id): Path<Uuid>,
    Form(f): Form<FormMap>,
) -> Response {
    if let Some(r) = gate(&c, id, false) {
        return r;
    }
    if let Some(r) = csrf_rejected(&c, &f) {
        return r;
    }
    let r = async {
        let input = GoodwillInput {
            kind: parse(&f, "kind", GoodwillKind::parse)?,
            amount: field(&f, "amount"),
            currency: field(&f, "currency"),
            reason: field(&f, "reason"),
        };
        work::request_goodwill(s.store(), &c.ctx, id, input)
            .await
            .map(|_| ())
    }
    .await;
    done(&s, &c, id, "goodwill", f, r).await
}

pub async fn decide_goodwill(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Path((id, gid)): Path<(Uuid, Uuid)>,
    Form(f): Form<FormMap>,
) -> Response {
    if let Some(r) = gate(&c, id, false) {
        return r;
    }
    if let Some(r) = csrf_rejected(&c, &f) {
        return r;
    }
    let input = DecisionInput {
        approve: field(&f, "approve") == "true",
    };
    let r = work::decide_goodwill(s.store(), &c.ctx, id, gid, input).await;
    done(&s, &c, id, "goodwill", f, r.map(|_| ())).await
}

pub async fn merge(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Path(id): Path<Uuid>,
    Form(f): Form<FormMap>,
) -> Response {
    if let Some(r) = gate(&c, id, false) {
        return r;
    }
    if let Some(r) = csrf_rejected(&c, &f) {
        return r;
    }
    let r = async {
        let into_id = case_by_number(&s, "into", &field(&f, "into")).await?;
        work::merge(s.store(), &c.ctx, id, MergeInput { into_id })
            .await
            .map(|_| ())
            .map_err(|e| match e {
                // the form names the case by number
                AppError::Invalid(p) => AppError::Invalid(rename(p, "into_id", "into")),
                other => other,
            })
    }
    .await;
    done(&s, &c, id, "merge", f, r).await
}

pub async fn link(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Path(id): Path<Uuid>,
    Form(f): Form<FormMap>,
) -> Response {
    if let Some(r) = gate(&c, id, false) {
        return r;
    }
    if let Some(r) = csrf_rejected(&c, &f) {
        return r;
    }
    let r = async {
        let other_id = case_by_number(&s, "other", &field(&f, "other")).await?;
        let kind = parse(&f, "kind", LinkKind::parse)?;
        work::link_cases(s.store(), &c.ctx, id, LinkInput { other_id, kind })
            .await
            .map(|_| ())
            .map_err(|e| match e {
                AppError::Invalid(p) => AppError::Invalid(rename(p, "other_id", "other")),
                other => other,
            })
    }
    .await;
    done(&s, &c, id, "link", f, r).await
}

/// The same problems with one field renamed to the form's name for it.
fn rename(
    p: purser_domain::validation::Problems,
    from: &str,
    to: &str,
) -> purser_domain::validation::Problems {
    let mut out = purser_domain::validation::Problems::new();
    for x in p.0 {
        let name = if x.field == from {
            to.to_string()
        } else {
            x.field
        };
        out.add(name, x.message);
    }
    out
}
