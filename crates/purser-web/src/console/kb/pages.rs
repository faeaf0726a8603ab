//! Staff pages of the knowledge base: the list by category (with filters) and an article's
//! page with its translation, its versions and the diff of any two of them.

use super::{ArticleRow, all_readable, by_category, markup, name_of, with_translation};
use crate::auth::PageCaller;
use crate::console::{Opt, Page, failure, opts, render, staff_gate, when};
use crate::i18n::T;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use purser_app::AppError;
use purser_app::kb::{self, ListFilter};
use purser_domain::customers::Language;
use purser_domain::kb::diff::LineChange;
use purser_domain::kb::{ArticleState, Category, may_edit, may_publish};
use std::collections::HashMap;
use uuid::Uuid;

#[derive(Template)]
#[template(path = "kb_list.html")]
struct List {
    page: Page,
    groups: Vec<(String, Vec<ArticleRow>)>,
    categories: Vec<Opt>,
    states: Vec<Opt>,
    languages: Vec<Opt>,
    may_write: bool,
}

pub async fn list(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    if let Some(r) = staff_gate(&c, true, "/portal/kb") {
        return r;
    }
    let t = T(c.user.language);
    let pick = |k: &str| q.get(k).map(String::as_str).unwrap_or("");
    let filter = ListFilter {
        category: Category::parse(pick("category")),
        state: ArticleState::parse(pick("state")),
        language: Language::parse(pick("language")),
        ..Default::default()
    };
    let articles = all_readable(&s, &c, filter).await;
    let readable = purser_domain::kb::readable_states(&c.ctx.actor);
    render(&List {
        groups: by_category(t, &articles),
        categories: opts(
            Category::ALL
                .iter()
                .map(|x| (x.as_str(), t.label("kbcat", x.as_str()))),
            pick("category"),
        ),
        states: opts(
            readable
                .iter()
                .map(|x| (x.as_str(), t.label("kbstate", x.as_str()))),
            pick("state"),
        ),
        languages: opts(
            Language::ALL
                .iter()
                .map(|x| (x.as_str(), t.label("lang", x.as_str()))),
            pick("language"),
        ),
        may_write: may_edit(&c.ctx.actor),
        page: Page::new(&c, "kb"),
    })
}

/// One version in the history table.
struct VersionRow {
    version: i64,
    state_label: String,
    title: String,
    by: String,
    at: String,
}

/// One line of the diff as the page shows it.
struct DiffRow {
    /// kept, removed or added (the row's class).
    change: &'static str,
    /// The change in the reader's words (for screen readers).
    label: String,
    mark: &'static str,
    old: String,
    new: String,
    text: String,
}

fn diff_rows(t: T, lines: &[purser_domain::kb::diff::DiffLine]) -> Vec<DiffRow> {
    lines
        .iter()
        .map(|l| {
            let (change, mark) = match l.change {
                LineChange::Kept => ("kept", " "),
                LineChange::Removed => ("removed", "−"),
                LineChange::Added => ("added", "+"),
            };
            DiffRow {
                change,
                label: t.label("kbdiff", change),
                mark,
                old: l.old.map(|n| n.to_string()).unwrap_or_default(),
                new: l.new.map(|n| n.to_string()).unwrap_or_default(),
                text: l.text.clone(),
            }
        })
        .collect()
}

struct DiffView {
    from: i64,
    to: i64,
    title: Vec<DiffRow>,
    body: Vec<DiffRow>,
    changed: bool,
}

#[derive(Template)]
#[template(path = "kb_article.html")]
struct Show {
    page: Page,
    id: Uuid,
    title: String,
    body_html: String,
    category_label: String,
    language_label: String,
    state: &'static str,
    state_label: String,
    version: i64,
    updated_by: String,
    updated: String,
    /// (id, title, language) of the translation the reader may read.
    translation: Option<(Uuid, String, String)>,
    /// The desk may write a translation when there is none.
    may_translate: bool,
    may_edit: bool,
    /// An agent before a public article: only a supervisor may change it.
    publish_only: bool,
    versions: Vec<VersionRow>,
    version_opts_from: Vec<Opt>,
    version_opts_to: Vec<Opt>,
    diff: Option<DiffView>,
    diff_error: Option<(String, String)>,
}

pub async fn show(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Path(id): Path<Uuid>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    if let Some(r) = staff_gate(&c, true, &format!("/portal/kb/{id}")) {
        return r;
    }
    let t = T(c.user.language);
    let (a, translation) = match with_translation(&s, &c, t, id).await {
        Ok(found) => found,
        Err(e) => return failure(e),
    };
    let editor = may_edit(&c.ctx.actor);
    let history = if editor {
        kb::versions(s.store(), &c.ctx, id)
            .await
            .unwrap_or_default()
    } else {
        vec![]
    };
    // the diff asked for, else none; by default the form offers the last edit
    let asked = |k: &str| q.get(k).and_then(|v| v.trim().parse::<i64>().ok());
    let (from, to) = (asked("from"), asked("to"));
    let mut diff_error = None;
    let diff = match (editor, from, to) {
        (true, Some(from), Some(to)) => match kb::diff(s.store(), &c.ctx, id, from, to).await {
            Ok(d) => {
                let changed = d
                    .title
                    .iter()
                    .chain(&d.body)
                    .any(|l| l.change != LineChange::Kept);
                Some(DiffView {
                    from,
                    to,
                    title: diff_rows(t, &d.title),
                    body: diff_rows(t, &d.body),
                    changed,
                })
            }
            Err(AppError::Invalid(p)) => {
                diff_error = p.0.into_iter().next().map(|e| (e.field, e.message));
                None
            }
            Err(e) => return failure(e),
        },
        _ => None,
    };
    let numbers: Vec<(String, String)> = history
        .iter()
        .map(|v| (v.version.to_string(), format!("v{}", v.version)))
        .collect();
    let default_to = a.version.to_string();
    let default_from = (a.version - 1).max(1).to_string();
    let from_s = from.map(|n| n.to_string()).unwrap_or(default_from);
    let to_s = to.map(|n| n.to_string()).unwrap_or(default_to);
    let status = if diff_error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let mut r = render(&Show {
        page: Page::new(&c, "kb"),
        id,
        title: a.title.clone(),
        body_html: markup::to_html(&a.body),
        category_label: t.label("kbcat", a.category.as_str()),
        language_label: t.label("lang", a.language.as_str()),
        state: a.state.as_str(),
        state_label: t.label("kbstate", a.state.as_str()),
        version: a.version,
        updated_by: name_of(&a.updated_by_label).to_string(),
        updated: when(a.updated_at),
        may_translate: editor && a.translation_id.is_none(),
        translation,
        may_edit: editor && (a.state != ArticleState::Public || may_publish(&c.ctx.actor)),
        publish_only: editor && a.state == ArticleState::Public && !may_publish(&c.ctx.actor),
        versions: history
            .iter()
            .map(|v| VersionRow {
                version: v.version,
                state_label: t.label("kbstate", v.state.as_str()),
                title: v.title.clone(),
                by: name_of(&v.edited_by_label).to_string(),
                at: when(v.edited_at),
            })
            .collect(),
        version_opts_from: opts(numbers.clone(), &from_s),
        version_opts_to: opts(numbers, &to_s),
        diff,
        diff_error,
    });
    *r.status_mut() = status;
    r
}
