//! The knowledge base in the console and the portal (issue 15, item 6): staff read the
//! articles by category, each with its versions and a diff of any two (the desk's), and the
//! desk writes them; customers read the public ones in the portal; an agent inserts a public
//! article's link or text into a case's reply box.

mod form;
pub mod markup;
mod pages;
mod portal;
mod reply;
mod suggest;

use crate::auth::Caller;
use crate::i18n::T;
use crate::state::AppState;
use axum::Router;
use axum::routing::{get, post};
use purser_app::kb::{self, ListFilter};
use purser_domain::kb::Category;
use purser_store::kb::Article;

pub use reply::reply_choices;
pub use suggest::suggested;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/kb", get(pages::list))
        .route("/kb/new", get(form::new_form).post(form::create))
        .route("/kb/{id}", get(pages::show))
        .route("/kb/{id}/edit", get(form::edit_form).post(form::update))
        .route("/portal/kb", get(portal::list))
        .route("/portal/kb/{id}", get(portal::show))
        .route("/cases/{id}/kb-insert", post(reply::insert))
}

/// The most articles a page lists (the base is a few hundred; a page of thousands helps
/// nobody, and the search finds the rest).
const PAGE_MOST: usize = 2000;

/// Every article the caller may read that `filter` keeps, in title order.
/// An article the caller may read, and its translation as a link shows it (id, title,
/// language in words) when the caller may read that too.
async fn with_translation(
    s: &AppState,
    c: &Caller,
    t: T,
    id: uuid::Uuid,
) -> Result<(Article, Option<(uuid::Uuid, String, String)>), purser_app::AppError> {
    let a = kb::get_article(s.store(), &c.ctx, id).await?;
    let translation = match a.translation_id {
        Some(other) => kb::get_article(s.store(), &c.ctx, other)
            .await
            .ok()
            .map(|o| (o.id, o.title, t.label("lang", o.language.as_str()))),
        None => None,
    };
    Ok((a, translation))
}

async fn all_readable(s: &AppState, c: &Caller, mut filter: ListFilter) -> Vec<Article> {
    filter.limit = 500;
    let mut out = Vec::new();
    loop {
        let Ok((items, next)) = kb::list_articles(s.store(), &c.ctx, filter.clone()).await else {
            break;
        };
        out.extend(items);
        match next {
            Some(n) if out.len() < PAGE_MOST => filter.after = Some(n),
            _ => break,
        }
    }
    out
}

/// One row of an article list.
pub struct ArticleRow {
    pub id: uuid::Uuid,
    pub title: String,
    pub language: &'static str,
    pub language_label: String,
    pub state: &'static str,
    pub state_label: String,
    pub updated: String,
}

/// The articles grouped by category in the categories' own order, each group with its
/// category in the reader's words.
fn by_category(t: T, articles: &[Article]) -> Vec<(String, Vec<ArticleRow>)> {
    Category::ALL
        .iter()
        .filter_map(|cat| {
            let rows: Vec<ArticleRow> = articles
                .iter()
                .filter(|a| a.category == *cat)
                .map(|a| ArticleRow {
                    id: a.id,
                    title: a.title.clone(),
                    language: a.language.as_str(),
                    language_label: t.label("lang", a.language.as_str()),
                    state: a.state.as_str(),
                    state_label: t.label("kbstate", a.state.as_str()),
                    updated: super::when(a.updated_at),
                })
                .collect();
            (!rows.is_empty()).then(|| (t.label("kbcat", cat.as_str()), rows))
        })
        .collect()
}

/// "Amy Lin" of "Amy Lin <amy@…>".
fn name_of(label: &str) -> &str {
    label.split(" <").next().unwrap_or(label)
}
