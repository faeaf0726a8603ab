//! 403 and 404 as pages: a console failure (`super::failure`) leaves a marker on its
//! response, and this layer gives it the layout, a message in the user's language and a way
//! back to the user's own home, so a wrong link is never a dead end of bare text.

use super::Page;
use crate::auth::{self, Caller};
use crate::i18n::T;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use purser_domain::customers::Language;
use purser_domain::roles::Role;

/// The mark of a page that failed; the layer below renders it.
#[derive(Clone, Copy)]
pub struct Failed;

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    page: Page,
    title: &'static str,
    message: &'static str,
    home: &'static str,
    home_label: &'static str,
}

/// Where a user starts: portal users in the portal, department users at their tasks,
/// agents and supervisors at their inbox, administrators at the customer book.
pub fn home_of(role: Role) -> &'static str {
    match role {
        Role::Customer => "/portal",
        Role::Department => "/tasks",
        Role::Agent | Role::Supervisor => "/cases",
        Role::Admin => "/customers",
    }
}

/// A browser asking for a page (not a script or API client asking for data).
pub fn wants_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("text/html"))
}

/// Renders marked failures (403, 404) with the layout; every other response passes.
pub async fn with_layout(State(s): State<AppState>, req: Request, next: Next) -> Response {
    // only what naming the caller and the language takes, copied before the request moves on
    let mut headers = HeaderMap::new();
    for h in [
        header::COOKIE,
        header::AUTHORIZATION,
        header::ACCEPT_LANGUAGE,
    ] {
        for v in req.headers().get_all(&h) {
            headers.append(h.clone(), v.clone());
        }
    }
    let r = next.run(req).await;
    let status = r.status();
    let shown = matches!(status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND);
    if r.extensions().get::<Failed>().is_none() || !shown {
        return r;
    }
    let caller = auth::resolve(&s, &headers).await.ok().flatten();
    let mut page = render(caller.as_ref(), status, &headers);
    *page.status_mut() = status;
    page
}

fn render(c: Option<&Caller>, status: StatusCode, headers: &HeaderMap) -> Response {
    let (page, home) = match c.filter(|c| c.session.is_some()) {
        Some(c) => (Page::new(c, ""), home_of(c.user.role)),
        None => (anonymous(headers), "/login"),
    };
    let t = page.t;
    let forbidden = status == StatusCode::FORBIDDEN;
    super::render(&ErrorPage {
        title: t.s(if forbidden {
            "error.forbidden"
        } else {
            "error.not_found"
        }),
        message: t.s(if forbidden {
            "error.forbidden_text"
        } else {
            "error.not_found_text"
        }),
        home,
        home_label: t.s(if home == "/login" {
            "login"
        } else {
            "error.home"
        }),
        page,
    })
    .into_response()
}

/// The layout for nobody signed in: no menu, the language the browser prefers.
fn anonymous(headers: &HeaderMap) -> Page {
    let zh = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|l| l.trim_start().to_ascii_lowercase().starts_with("zh"));
    Page {
        t: T(if zh { Language::ZhTw } else { Language::En }),
        csrf: String::new(),
        user_name: String::new(),
        is_admin: false,
        section: "",
        unread: 0,
        desk: false,
        supervisor: false,
        department: false,
        customer: false,
        live: false,
    }
}
