//! An article in a reply: the case page's reply form offers the public articles (the
//! customer must be able to open what the reply points to), and "insert link" or "insert
//! text" adds the article's portal address or its text to what is already in the reply box.
//! The box comes back from the server (htmx swaps it in), so nothing typed is lost.

use crate::auth::{Caller, PageCaller};
use crate::console::{csrf_rejected, failure, render};
use crate::i18n::T;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Form, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use purser_app::AppError;
use purser_app::kb::{self, ListFilter};
use purser_domain::customers::Language;
use purser_domain::kb::ArticleState;
use std::collections::BTreeMap;
use uuid::Uuid;

/// The public articles a reply may point to, the case's language first: (id, label).
pub async fn reply_choices(
    s: &AppState,
    c: &Caller,
    desk: bool,
    language: Language,
) -> Vec<(Uuid, String)> {
    if !desk {
        return vec![];
    }
    let t = T(c.user.language);
    let filter = ListFilter {
        state: Some(ArticleState::Public),
        ..Default::default()
    };
    let mut articles = super::all_readable(s, c, filter).await;
    // a stable sort keeps title order within each language
    articles.sort_by_key(|a| a.language != language);
    articles
        .into_iter()
        .map(|a| {
            (
                a.id,
                format!("[{}] {}", t.label("lang", a.language.as_str()), a.title),
            )
        })
        .collect()
}

/// The reply text box with `body` in it, in place of the one on the page.
#[derive(Template)]
#[template(
    source = r#"<textarea id="reply-body" name="body" rows="8" required aria-describedby="reply-hint">{{ body }}</textarea>"#,
    ext = "html"
)]
struct ReplyText {
    body: String,
}

/// The address a customer opens the article at, on the host the agent reached us by.
fn portal_link(s: &AppState, headers: &HeaderMap, id: Uuid) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| !h.is_empty() && !h.contains(['/', '\\', ' ', '@']))
        .unwrap_or("localhost");
    let scheme = if s.0.secure_cookies { "https" } else { "http" };
    format!("{scheme}://{host}/portal/kb/{id}")
}

/// Adds the picked article's link (`how=link`) or text (`how=text`) to the reply box.
pub async fn insert(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Path(case_id): Path<Uuid>,
    headers: HeaderMap,
    Form(f): Form<BTreeMap<String, String>>,
) -> Response {
    if !crate::console::is_desk(&c) {
        return failure(AppError::Forbidden);
    }
    if let Some(r) = csrf_rejected(&c, &f) {
        return r;
    }
    // the case must be one the agent may work on
    if let Err(e) = purser_app::cases::get_case(s.store(), &c.ctx, case_id).await {
        return failure(e);
    }
    let body = f.get("body").cloned().unwrap_or_default();
    let Some(id) = f.get("article").and_then(|a| a.trim().parse::<Uuid>().ok()) else {
        // nothing picked: the box stays as it is
        return StatusCode::NO_CONTENT.into_response();
    };
    let a = match kb::for_reply(s.store(), &c.ctx, id).await {
        Ok(a) => a,
        Err(e) => return failure(e),
    };
    let piece = match f.get("how").map(String::as_str) {
        Some("text") => format!("{}\n\n{}", a.title, a.body.trim_end()),
        _ => format!("{}: {}", a.title, portal_link(&s, &headers, a.id)),
    };
    let body = body.trim_end();
    let joined = if body.is_empty() {
        piece
    } else {
        format!("{body}\n\n{piece}")
    };
    render(&ReplyText { body: joined })
}
