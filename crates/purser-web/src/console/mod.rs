//! The staff console: server-rendered pages (askama) with htmx for live search. Every
//! form carries the session's CSRF token; every page is in the user's language.

mod admin;
mod customers;
mod session;

use crate::auth::Caller;
use crate::i18n::T;
use crate::state::AppState;
use askama::Template;
use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use purser_app::AppError;
use purser_domain::roles::Role;
use std::collections::BTreeMap;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(|| async { Redirect::to("/customers") }))
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
        .route("/customers/{id}/activities", post(customers::add_activity))
        .route("/customers/{id}/handovers", post(customers::start_handover))
        .route(
            "/customers/{id}/handovers/{hid}",
            post(customers::update_handover),
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
}

impl Page {
    pub fn new(c: &Caller, section: &'static str) -> Page {
        Page {
            t: T(c.user.language),
            csrf: c.csrf().to_string(),
            user_name: c.user.name.clone(),
            is_admin: c.user.role == Role::Admin,
            section,
            unread: c.unread,
        }
    }
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
    (status, Html(format!("<!doctype html><title>{status}</title><p>{status}</p><p><a href=\"/customers\">Purser</a></p>"))).into_response()
}

/// The 403 for a form whose CSRF token is not the session's; `None` when it is.
pub fn csrf_rejected(c: &Caller, form: &BTreeMap<String, String>) -> Option<Response> {
    c.check_csrf(form.get("csrf").map(String::as_str).unwrap_or(""))
        .err()
        .map(|_| (StatusCode::FORBIDDEN, "CSRF token missing or wrong").into_response())
}

/// Micros since the epoch as "2026-11-22 09:30 UTC".
pub fn when(micros: i64) -> String {
    jiff::Timestamp::from_microsecond(micros)
        .map(|t| t.strftime("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_default()
}
