//! The knowledge base in the portal: a customer reads the public articles by category and
//! each one with a link to its translation. Staff who open a portal address go to the
//! console's page of it.

use super::{ArticleRow, all_readable, by_category, markup, with_translation};
use crate::auth::{Caller, PageCaller};
use crate::console::{Page, failure, render};
use crate::i18n::T;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use purser_app::kb::ListFilter;
use purser_domain::roles::Role;
use uuid::Uuid;

fn portal_gate(c: &Caller, staff_twin: &str) -> Option<Response> {
    (c.user.role != Role::Customer).then(|| Redirect::to(staff_twin).into_response())
}

#[derive(Template)]
#[template(path = "portal_kb.html")]
struct List {
    page: Page,
    groups: Vec<(String, Vec<ArticleRow>)>,
}

pub async fn list(State(s): State<AppState>, PageCaller(c): PageCaller) -> Response {
    if let Some(r) = portal_gate(&c, "/kb") {
        return r;
    }
    // the use case lists only public articles to a customer
    let articles = all_readable(&s, &c, ListFilter::default()).await;
    render(&List {
        groups: by_category(T(c.user.language), &articles),
        page: Page::new(&c, "portal_kb"),
    })
}

#[derive(Template)]
#[template(path = "portal_kb_article.html")]
struct Show {
    page: Page,
    title: String,
    body_html: String,
    category_label: String,
    language: &'static str,
    updated: String,
    /// (id, title, language) of the translation, when it is public too.
    translation: Option<(Uuid, String, String)>,
}

pub async fn show(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Path(id): Path<Uuid>,
) -> Response {
    if let Some(r) = portal_gate(&c, &format!("/kb/{id}")) {
        return r;
    }
    let t = T(c.user.language);
    let (a, translation) = match with_translation(&s, &c, t, id).await {
        Ok(found) => found,
        Err(e) => return failure(e),
    };
    render(&Show {
        page: Page::new(&c, "portal_kb"),
        title: a.title.clone(),
        body_html: markup::to_html(&a.body),
        category_label: t.label("kbcat", a.category.as_str()),
        language: a.language.as_str(),
        updated: crate::console::when(a.updated_at),
        translation,
    })
}
