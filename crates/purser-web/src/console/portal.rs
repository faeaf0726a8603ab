//! The customer portal: a customer user's company's requests, a new request with files,
//! the public conversation of one request (internal notes never reach it: the use cases
//! leave them out), a reply form, and a rating once the request is resolved.
//! Staff who open a portal address are sent to the console's page for it.

use super::cases::{CaseRow, decode_cursor, encode_cursor, rows};
use super::draft::{Draft, action_errors};
use super::thread::{MessageView, conversation, download};
use super::{Page, csrf_rejected, failure, field, render, upload};
use crate::auth::{Caller, PageCaller};
use crate::i18n::T;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Form, Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use purser_app::cases::conversation::{
    self as talk, AttachmentInput, CustomerReplyInput, MAX_ATTACHMENT, MAX_ATTACHMENTS_TOTAL,
    RatingInput,
};
use purser_app::cases::{self as desk, CaseInput, RefInput};
use purser_app::{AppError, book};
use purser_domain::cases::CaseType;
use purser_domain::cases::refs::RefKind;
use purser_domain::roles::Role;
use purser_store::cases::{Case, ListQuery, View};
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

/// Portal pages are for customer users; staff go to the console's twin of the page.
fn portal_gate(c: &Caller, staff_twin: &str) -> Option<Response> {
    (c.user.role != Role::Customer).then(|| Redirect::to(staff_twin).into_response())
}

/// The request types a customer may file.
fn types(t: T) -> Vec<(&'static str, String)> {
    CaseType::ALL
        .iter()
        .filter(|x| **x != CaseType::InternalRequest)
        .map(|x| (x.as_str(), t.label("type", x.as_str())))
        .collect()
}

#[derive(Template)]
#[template(path = "portal.html")]
struct List {
    page: Page,
    company: String,
    rows: Vec<CaseRow>,
    next_link: Option<String>,
    has_prev: bool,
}

async fn company_of(s: &AppState, c: &Caller) -> String {
    match c.user.customer_id {
        Some(id) => book::get_customer(s.store(), &c.ctx, id)
            .await
            .map(|cu| cu.legal_name)
            .unwrap_or_default(),
        None => String::new(),
    }
}

pub async fn list(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    if let Some(r) = portal_gate(&c, "/cases") {
        return r;
    }
    let customer = c.user.customer_id.unwrap_or_default();
    let mut lq = ListQuery::new(View::Customer(customer), 25);
    lq.after = q.get("cursor").and_then(|x| decode_cursor(x));
    // a portal user without a company has no requests to list
    let (cases, next) = match desk::list_cases(s.store(), &c.ctx, &lq).await {
        Ok(r) => r,
        Err(AppError::NotFound) => (vec![], None),
        Err(e) => return failure(e),
    };
    let t = T(c.user.language);
    let mut rows = rows(&s, &c, &cases).await;
    for r in &mut rows {
        r.status_label = t.label("pstatus", r.status);
    }
    render(&List {
        page: Page::new(&c, "portal"),
        company: company_of(&s, &c).await,
        rows,
        next_link: next.map(|n| {
            format!(
                "/portal?{}",
                serde_urlencoded::to_string([("cursor", encode_cursor(&n))]).unwrap_or_default()
            )
        }),
        has_prev: q.contains_key("cursor"),
    })
}

#[derive(Template)]
#[template(path = "portal_new.html")]
struct NewRequest {
    page: Page,
    company: String,
    types: Vec<(&'static str, String)>,
    ref_kinds: Vec<(&'static str, String)>,
    draft: Draft,
    max_mb: usize,
}

async fn new_page(s: &AppState, c: &Caller, draft: Draft) -> Response {
    let t = T(c.user.language);
    let status = if draft.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let mut r = render(&NewRequest {
        page: Page::new(c, "portal"),
        company: company_of(s, c).await,
        types: types(t),
        ref_kinds: RefKind::ALL
            .iter()
            .map(|x| (x.as_str(), t.label("ref", x.as_str())))
            .collect(),
        draft,
        max_mb: MAX_ATTACHMENT / (1024 * 1024),
    });
    *r.status_mut() = status;
    r
}

pub async fn new_form(State(s): State<AppState>, PageCaller(c): PageCaller) -> Response {
    if let Some(r) = portal_gate(&c, "/cases/new") {
        return r;
    }
    new_page(&s, &c, Draft::default()).await
}

/// Files too large are refused before anything is written.
fn check_files(files: &[AttachmentInput]) -> Result<(), AppError> {
    if files.iter().any(|f| f.data.len() > MAX_ATTACHMENT) {
        return Err(AppError::field(
            "attachments",
            "a file is larger than 10 MB",
        ));
    }
    if files.iter().map(|f| f.data.len()).sum::<usize>() > MAX_ATTACHMENTS_TOTAL {
        return Err(AppError::field(
            "attachments",
            "are larger than 20 MB together",
        ));
    }
    Ok(())
}

/// A new request. Without files the text is the case's first message; with files the case
/// is filed first and the text arrives with its files as the customer's message, so the
/// files hang on the message that mentions them.
async fn file_request(
    s: &AppState,
    c: &Caller,
    f: &BTreeMap<String, String>,
    files: Vec<AttachmentInput>,
) -> Result<Case, AppError> {
    let message = field(f, "message");
    if message.is_empty() {
        return Err(AppError::field("message", "is required"));
    }
    check_files(&files)?;
    let ref_value = field(f, "ref_value");
    let refs = match RefKind::parse(&field(f, "ref_kind")) {
        Some(kind) if !ref_value.is_empty() => vec![RefInput {
            kind,
            value: ref_value,
        }],
        _ => vec![],
    };
    let input = CaseInput {
        subject: field(f, "subject"),
        case_type: CaseType::parse(&field(f, "case_type"))
            .ok_or_else(|| AppError::field("case_type", "choose one of the options"))?,
        channel: None,
        priority: purser_domain::cases::Priority::Normal,
        customer_id: None,
        contact_id: None,
        team_id: None,
        tags: vec![],
        lane: None,
        refs,
        message: files.is_empty().then(|| message.clone()),
    };
    let case = desk::create_case(s.store(), &c.ctx, input).await?;
    if !files.is_empty() {
        let with_files = CustomerReplyInput {
            body: message,
            attachments: files,
        };
        if let Err(e) = talk::customer_reply(s.store(), &c.ctx, case.id, with_files).await {
            tracing::error!(error = %e, case = %case.number, "a new request's files were not stored");
        }
    }
    Ok(case)
}

pub async fn create(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    m: Multipart,
) -> Response {
    if let Some(r) = portal_gate(&c, "/cases/new") {
        return r;
    }
    let posted = match upload::read(m).await {
        Ok(p) => p,
        Err(e) => {
            let errors = action_errors(T(c.user.language), &e);
            return new_page(&s, &c, Draft::new("new", errors, BTreeMap::new())).await;
        }
    };
    let f = posted.fields;
    if let Some(r) = csrf_rejected(&c, &f) {
        return r;
    }
    match file_request(&s, &c, &f, posted.files).await {
        Ok(case) => Redirect::to(&format!("/portal/cases/{}", case.id)).into_response(),
        Err(e @ (AppError::Invalid(_) | AppError::Conflict(_))) => {
            let errors = action_errors(T(c.user.language), &e);
            new_page(&s, &c, Draft::new("new", errors, f)).await
        }
        Err(e) => failure(e),
    }
}

#[derive(Template)]
#[template(path = "portal_case.html")]
struct Show {
    page: Page,
    k: Case,
    type_label: String,
    status_label: String,
    refs: Vec<(String, String)>,
    messages: Vec<MessageView>,
    can_rate: bool,
    rating: Option<i64>,
    rating_comment: String,
    /// Where this page's attachments download from.
    base: String,
    draft: Draft,
}

async fn show_page(s: &AppState, c: &Caller, id: Uuid, draft: Draft) -> Response {
    let p = match desk::case_page(s.store(), &c.ctx, id).await {
        Ok(p) => p,
        Err(e) => return failure(e),
    };
    let t = T(c.user.language);
    let k = p.case;
    let status = if draft.errors.is_empty() {
        StatusCode::OK
    } else if draft.errors.contains_key("form") {
        StatusCode::CONFLICT
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let mut r = render(&Show {
        page: Page::new(c, "portal"),
        type_label: t.label("type", k.case_type.as_str()),
        status_label: t.label("pstatus", k.status.as_str()),
        refs: p
            .refs
            .iter()
            .map(|r| (t.label("ref", r.kind.as_str()), r.value.clone()))
            .collect(),
        messages: conversation(t, &p.messages, &p.attachments),
        can_rate: !k.status.is_active() && k.rating.is_none(),
        rating: k.rating,
        rating_comment: k.rating_comment.clone().unwrap_or_default(),
        base: format!("/portal/cases/{}", k.id),
        draft,
        k,
    });
    *r.status_mut() = status;
    r
}

pub async fn show(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Path(id): Path<Uuid>,
) -> Response {
    if let Some(r) = portal_gate(&c, &format!("/cases/{id}")) {
        return r;
    }
    show_page(&s, &c, id, Draft::default()).await
}

pub async fn reply(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Path(id): Path<Uuid>,
    m: Multipart,
) -> Response {
    if let Some(r) = portal_gate(&c, &format!("/cases/{id}")) {
        return r;
    }
    let t = T(c.user.language);
    let posted = match upload::read(m).await {
        Ok(p) => p,
        Err(e) => {
            let errors = action_errors(t, &e);
            return show_page(&s, &c, id, Draft::new("reply", errors, BTreeMap::new())).await;
        }
    };
    let f = posted.fields;
    if let Some(r) = csrf_rejected(&c, &f) {
        return r;
    }
    let input = CustomerReplyInput {
        body: f.get("body").cloned().unwrap_or_default(),
        attachments: posted.files,
    };
    match talk::customer_reply(s.store(), &c.ctx, id, input).await {
        // a closed request stays closed: the message opened a new one
        Ok(r) => Redirect::to(&format!("/portal/cases/{}#conversation", r.case_id)).into_response(),
        Err(e @ (AppError::Invalid(_) | AppError::Conflict(_))) => {
            show_page(&s, &c, id, Draft::new("reply", action_errors(t, &e), f)).await
        }
        Err(e) => failure(e),
    }
}

pub async fn rate(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Path(id): Path<Uuid>,
    Form(f): Form<BTreeMap<String, String>>,
) -> Response {
    if let Some(r) = portal_gate(&c, &format!("/cases/{id}")) {
        return r;
    }
    if let Some(r) = csrf_rejected(&c, &f) {
        return r;
    }
    let r = async {
        let score = field(&f, "score")
            .parse::<u8>()
            .map_err(|_| AppError::field("score", "must be 1 to 5"))?;
        talk::rate(
            s.store(),
            &c.ctx,
            id,
            RatingInput {
                score,
                comment: field(&f, "comment"),
            },
        )
        .await
    }
    .await;
    match r {
        Ok(_) => Redirect::to(&format!("/portal/cases/{id}#rating")).into_response(),
        Err(e @ (AppError::Invalid(_) | AppError::Conflict(_))) => {
            let errors = action_errors(T(c.user.language), &e);
            show_page(&s, &c, id, Draft::new("rate", errors, f)).await
        }
        Err(e) => failure(e),
    }
}

pub async fn attachment(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Path((id, aid)): Path<(Uuid, Uuid)>,
) -> Response {
    if let Some(r) = portal_gate(&c, &format!("/cases/{id}/attachments/{aid}")) {
        return r;
    }
    download(&s, &c, id, aid).await
}
