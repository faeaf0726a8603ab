//! The staff console and the customer portal: server-rendered pages (askama) with htmx for
//! live search and live lists. Every form carries the session's CSRF token; every page is in
//! the user's language. Portal users see only the portal; staff never land in it.

mod admin;
mod case_actions;
mod case_page;
mod cases;
mod customer_notices;
mod customers;
mod draft;
pub mod error_page;
mod events;
mod handovers;
mod history;
mod kb;
mod portal;
mod portal_shipments;
mod presence;
mod search;
mod session;
mod shipment_page;
mod shipments;
mod supervisor;
mod system_words;
mod tasks;
mod thread;
mod upload;
mod voyages;

use crate::auth::Caller;
use crate::i18n::T;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use purser_app::AppError;
use purser_domain::roles::Role;
use std::collections::BTreeMap;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(session::home))
        .route("/login", get(session::login_page).post(session::login))
        .route("/logout", post(session::logout))
        .route("/account", get(session::account))
        .route("/account/language", post(session::language))
        .route("/account/password", post(session::password))
        .route("/customers", get(customers::list))
        .route(
            "/customers/new",
            get(customers::new_form).post(customers::create),
        )
        .route("/customers/{id}", get(customers::show))
        .route(
            "/customers/{id}/edit",
            get(customers::edit_form).post(customers::update),
        )
        .route("/customers/{id}/contacts", post(customers::add_contact))
        .route(
            "/customers/{id}/notice-threshold",
            post(customer_notices::set_threshold),
        )
        .route("/shipments", get(shipments::list))
        .route("/shipments/{id}", get(shipment_page::show))
        .route("/vessels/{imo}/voyages/{voyage}", get(voyages::show))
        .route("/customers/{id}/activities", post(customers::add_activity))
        .route("/customers/{id}/handovers", post(customers::start_handover))
        .route(
            "/customers/{id}/handovers/{hid}",
            post(customers::update_handover),
        )
        .route("/cases", get(cases::inbox))
        .route("/cases/new", get(cases::new_form).post(cases::create))
        .route("/cases/customer-options", get(cases::customer_options))
        .route("/cases/{id}", get(case_page::show))
        .route("/cases/{id}/attachments/{aid}", get(case_page::attachment))
        .route("/cases/{id}/template", get(case_page::template))
        .route(
            "/cases/{id}/reply",
            post(case_actions::reply).layer(DefaultBodyLimit::max(upload::MAX_BODY)),
        )
        .route(
            "/cases/{id}/note",
            post(case_actions::note).layer(DefaultBodyLimit::max(upload::MAX_BODY)),
        )
        .route("/cases/{id}/call", post(case_actions::call))
        .route("/cases/{id}/status", post(case_actions::status))
        .route("/cases/{id}/assign", post(case_actions::assign))
        .route("/cases/{id}/follow-ups", post(case_actions::promise))
        .route(
            "/cases/{id}/follow-ups/{fid}/keep",
            post(case_actions::keep_promise),
        )
        .route("/cases/{id}/tasks", post(case_actions::ask_department))
        .route("/cases/{id}/complaint", post(case_actions::complaint_step))
        .route("/cases/{id}/goodwill", post(case_actions::goodwill))
        .route(
            "/cases/{id}/goodwill/{gid}/decide",
            post(case_actions::decide_goodwill),
        )
        .route("/cases/{id}/merge", post(case_actions::merge))
        .route("/cases/{id}/link", post(case_actions::link))
        .route("/events/cases", get(events::cases))
        .route("/supervisor", get(supervisor::page))
        .route("/supervisor/assign", post(supervisor::bulk_assign))
        .route("/supervisor/teams/{id}/busy", post(supervisor::busy))
        .route("/tasks", get(tasks::queue))
        .route("/tasks/{id}", get(tasks::show))
        .route("/tasks/{id}/answer", post(tasks::answer))
        .route(
            "/handovers",
            get(handovers::page).post(handovers::end_shift),
        )
        .route("/handovers/{id}/acknowledge", post(handovers::acknowledge))
        .route("/portal", get(portal::list))
        .route(
            "/portal/new",
            get(portal::new_form)
                .post(portal::create)
                .layer(DefaultBodyLimit::max(upload::MAX_BODY)),
        )
        .route("/portal/shipments", get(portal_shipments::list))
        .route("/portal/shipments/{id}", get(portal_shipments::show))
        .route(
            "/portal/preferences",
            get(portal_shipments::preferences_form).post(portal_shipments::save_preferences),
        )
        .route("/portal/cases/{id}", get(portal::show))
        .route("/search", get(search::page))
        .route("/portal/search", get(search::page))
        .route(
            "/portal/cases/{id}/reply",
            post(portal::reply).layer(DefaultBodyLimit::max(upload::MAX_BODY)),
        )
        .route("/portal/cases/{id}/rate", post(portal::rate))
        .route(
            "/portal/cases/{id}/attachments/{aid}",
            get(portal::attachment),
        )
        .route("/admin/users", get(admin::users).post(admin::add_user))
        .route("/admin/users/{id}", post(admin::update_user))
        .route(
            "/admin/departments",
            get(admin::departments).post(admin::add_department),
        )
        .route(
            "/admin/tokens",
            get(admin::tokens).post(admin::create_token),
        )
        .route("/admin/tokens/{id}/revoke", post(admin::revoke_token))
        .route(
            "/assets/purser.css",
            get(|| async { asset("text/css", include_str!("../../assets/purser.css")) }),
        )
        .route(
            "/assets/htmx.min.js",
            get(|| async { asset("text/javascript", include_str!("../../assets/htmx.min.js")) }),
        )
        .route(
            "/assets/search.js",
            get(|| async { asset("text/javascript", include_str!("../../assets/search.js")) }),
        )
        .route(
            "/assets/live.js",
            get(|| async { asset("text/javascript", include_str!("../../assets/live.js")) }),
        )
        // presence: routes of issue 14 items 4, 5 and 9
        .merge(presence::router())
        // the knowledge base (issue 15, item 6)
        .merge(kb::router())
        // every console page's times in the viewer's zone
        .layer(axum::middleware::from_fn(crate::local_time::scope))
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

/// What the layout needs on every page.
pub struct Page {
    pub t: T,
    pub csrf: String,
    pub user_name: String,
    pub is_admin: bool,
    pub section: &'static str,
    pub unread: i64,
    /// Works cases: agents, supervisors, admins.
    pub desk: bool,
    pub supervisor: bool,
    pub department: bool,
    /// A portal user: sees the portal only.
    pub customer: bool,
    /// Load the live-update script (pages with a `data-live` region).
    pub live: bool,
}

impl Page {
    pub fn new(c: &Caller, section: &'static str) -> Page {
        let role = c.user.role;
        Page {
            t: T(c.user.language),
            csrf: c.csrf().to_string(),
            user_name: c.user.name.clone(),
            is_admin: role == Role::Admin,
            section,
            unread: c.unread,
            desk: is_desk(c),
            supervisor: is_supervisor(c),
            department: role == Role::Department,
            customer: role == Role::Customer,
            live: false,
        }
    }

    /// The same page, with the live-update script.
    pub fn live(mut self) -> Page {
        self.live = true;
        self
    }
}

/// Staff who work cases: agents, supervisors, admins.
pub fn is_desk(c: &Caller) -> bool {
    matches!(c.user.role, Role::Admin | Role::Supervisor | Role::Agent)
}

pub fn is_supervisor(c: &Caller) -> bool {
    matches!(c.user.role, Role::Admin | Role::Supervisor)
}

/// Keeps a staff page to staff: a portal user is sent to the portal's twin of the page,
/// a department user gets 403 unless the page is also theirs. `None` lets the caller in.
pub fn staff_gate(c: &Caller, department_too: bool, portal_twin: &str) -> Option<Response> {
    match c.user.role {
        Role::Customer => Some(Redirect::to(portal_twin).into_response()),
        Role::Department if !department_too => Some(failure(AppError::Forbidden)),
        _ => None,
    }
}

/// Keeps a staff page with no portal twin (the customer book, administration, API tokens)
/// from portal users: a 403 page with a way back to the portal.
pub fn staff_only(c: &Caller) -> Option<Response> {
    (c.user.role == Role::Customer).then(|| failure(AppError::Forbidden))
}

/// Keeps a page to supervisors and admins (portal users go to the portal).
pub fn supervisor_gate(c: &Caller) -> Option<Response> {
    staff_gate(c, false, "/portal")
        .or_else(|| (!is_supervisor(c)).then(|| failure(AppError::Forbidden)))
}

/// Where a form may send the browser back to: one of our own paths, else `fallback`.
pub fn back_to(f: &BTreeMap<String, String>, fallback: &str) -> String {
    f.get("back")
        .filter(|b| b.starts_with('/') && !b.starts_with("//") && !b.contains('\\'))
        .cloned()
        .unwrap_or_else(|| fallback.to_string())
}

pub fn render<P: Template>(p: &P) -> Response {
    match p.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "page failed to render").into_response()
        }
    }
}

/// Field errors keyed by field, for inline display next to each input.
pub type FieldErrors = BTreeMap<String, String>;

pub fn field_errors(e: &AppError) -> FieldErrors {
    match e {
        AppError::Invalid(p) => {
            p.0.iter()
                .map(|f| (f.field.clone(), f.message.clone()))
                .collect()
        }
        other => [("form".to_string(), other.to_string())]
            .into_iter()
            .collect(),
    }
}

/// A failed page action that is not the user's input: 403, 404 or 500 as a plain page.
pub fn failure(e: AppError) -> Response {
    let status = match e {
        AppError::NotFound => StatusCode::NOT_FOUND,
        AppError::Forbidden => StatusCode::FORBIDDEN,
        AppError::Unauthorized => return Redirect::to("/login").into_response(),
        AppError::Stale { .. } | AppError::Conflict(_) => StatusCode::CONFLICT,
        AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
        _ => {
            tracing::error!(error = %e, "console action failed");
            StatusCode::INTERNAL_SERVER_ERROR
        }
    };
    // 403 and 404 get the layout and a way home from `error_page::with_layout`
    let mut r = (
        status,
        Html(format!(
            "<!doctype html><title>{status}</title><p>{status}</p><p><a href=\"/\">Purser</a></p>"
        )),
    )
        .into_response();
    r.extensions_mut().insert(error_page::Failed);
    r
}

/// The 403 for a form whose CSRF token is not the session's; `None` when it is.
pub fn csrf_rejected(c: &Caller, form: &BTreeMap<String, String>) -> Option<Response> {
    c.check_csrf(form.get("csrf").map(String::as_str).unwrap_or(""))
        .err()
        .map(|_| (StatusCode::FORBIDDEN, "CSRF token missing or wrong").into_response())
}

/// One `<option>` of a select.
pub struct Opt {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// The options of a select, `current` selected.
pub fn opts<V: ToString, L: ToString>(
    items: impl IntoIterator<Item = (V, L)>,
    current: &str,
) -> Vec<Opt> {
    items
        .into_iter()
        .map(|(v, l)| {
            let value = v.to_string();
            Opt {
                selected: value == current,
                label: l.to_string(),
                value,
            }
        })
        .collect()
}

/// A form value, trimmed ("" when absent).
pub fn field(f: &BTreeMap<String, String>, k: &str) -> String {
    f.get(k).map(|s| s.trim().to_string()).unwrap_or_default()
}

/// Micros since the epoch in the viewer's zone, the zone named:
/// "2026-11-22 17:30 (Asia/Taipei)" (see `local_time`).
pub fn when(micros: i64) -> String {
    purser_domain::local_time::format(micros, &crate::local_time::zone())
}

/// A deadline as shown in lists: the time and how far off it is ("in 3h 20m", "2h overdue");
/// `None` when no clock runs.
pub fn due(t: T, micros: Option<i64>) -> Option<(String, String, bool)> {
    let at = micros.filter(|m| *m != purser_store::cases::NO_DEADLINE)?;
    let now = jiff::Timestamp::now().as_microsecond();
    let mins = (at - now) / 60_000_000;
    let span = |m: i64| {
        let m = m.abs();
        if m >= 48 * 60 {
            format!("{}d {}h", m / 1440, (m % 1440) / 60)
        } else if m >= 60 {
            format!("{}h {}m", m / 60, m % 60)
        } else {
            format!("{m}m")
        }
    };
    let overdue = at < now;
    let rel = if overdue {
        t.s("overdue_by").replace("{}", &span(mins))
    } else {
        t.s("due_in").replace("{}", &span(mins))
    };
    Some((when(at), rel, overdue))
}

/// A `datetime-local` value (read in the viewer's zone, as the console shows times) or an
/// RFC 3339 time, as the RFC 3339 text the use cases take.
pub fn utc_input(v: &str) -> String {
    let v = v.trim();
    let plain = v.len() == 16 && v.as_bytes().get(10) == Some(&b'T');
    match purser_domain::local_time::parse_local(v, &crate::local_time::zone()) {
        Some(micros) if plain => jiff::Timestamp::from_microsecond(micros)
            .map(|t| t.to_string())
            .unwrap_or_else(|_| v.to_string()),
        _ => v.to_string(),
    }
}
