//! The article form, new and edit: title, category, language, state, the translation it
//! is linked to and the text in a multi-line box. Saved through the same use cases as the
//! API, so each save is a version and an audit entry; a failed save comes back with what
//! was typed and the errors beside the fields.

use super::all_readable;
use crate::auth::{Caller, PageCaller};
use crate::console::draft::{Draft, action_errors};
use crate::console::{Opt, Page, csrf_rejected, failure, opts, render, staff_gate};
use crate::i18n::T;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use purser_app::AppError;
use purser_app::kb::{self, ListFilter};
use purser_domain::customers::Language;
use purser_domain::kb::{ArticleInput, ArticleState, Category, may_edit, may_publish};
use purser_domain::validation::Problems;
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

#[derive(Template)]
#[template(path = "kb_form.html")]
struct ArticleForm {
    page: Page,
    /// None for a new article.
    id: Option<Uuid>,
    action: String,
    version: String,
    title: String,
    body: String,
    categories: Vec<Opt>,
    languages: Vec<Opt>,
    states: Vec<Opt>,
    translations: Vec<Opt>,
    draft: Draft,
}

/// Keeps the form to the desk; a portal user goes to the portal's articles.
fn gate(c: &Caller) -> Option<Response> {
    staff_gate(c, true, "/portal/kb")
        .or_else(|| (!may_edit(&c.ctx.actor)).then(|| failure(AppError::Forbidden)))
}

/// The form's values: those typed (after a failed save) or `v` (what is stored or preset).
async fn form_page(
    s: &AppState,
    c: &Caller,
    id: Option<Uuid>,
    v: BTreeMap<String, String>,
    draft: Draft,
) -> Response {
    let t = T(c.user.language);
    let val = |k: &str| {
        if draft.open("article") {
            draft.val("article", k).to_string()
        } else {
            v.get(k).cloned().unwrap_or_default()
        }
    };
    // an agent cannot publish: the form offers what the agent may save
    let states: Vec<&ArticleState> = ArticleState::ALL
        .iter()
        .filter(|x| **x != ArticleState::Public || may_publish(&c.ctx.actor))
        .collect();
    let others = all_readable(s, c, ListFilter::default()).await;
    let mut translations = vec![Opt {
        value: String::new(),
        label: "—".into(),
        selected: val("translation_id").is_empty(),
    }];
    translations.extend(opts(
        others.iter().filter(|a| Some(a.id) != id).map(|a| {
            (
                a.id,
                format!("[{}] {}", t.label("lang", a.language.as_str()), a.title),
            )
        }),
        &val("translation_id"),
    ));
    let status = if draft.errors.is_empty() {
        StatusCode::OK
    } else if draft.errors.contains_key("form") {
        StatusCode::CONFLICT
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let mut r = render(&ArticleForm {
        page: Page::new(c, "kb"),
        action: id.map_or("/kb/new".to_string(), |id| format!("/kb/{id}/edit")),
        id,
        version: val("version"),
        title: val("title"),
        body: val("body"),
        categories: opts(
            Category::ALL
                .iter()
                .map(|x| (x.as_str(), t.label("kbcat", x.as_str()))),
            &val("category"),
        ),
        languages: opts(
            Language::ALL
                .iter()
                .map(|x| (x.as_str(), t.label("lang", x.as_str()))),
            &val("language"),
        ),
        states: opts(
            states
                .into_iter()
                .map(|x| (x.as_str(), t.label("kbstate", x.as_str()))),
            &val("state"),
        ),
        translations,
        draft,
    });
    *r.status_mut() = status;
    r
}

/// A new article; `?translation_of=ID` presets the translation of that one (the other
/// language, the same category, linked).
pub async fn new_form(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    if let Some(r) = gate(&c) {
        return r;
    }
    let mut v: BTreeMap<String, String> = [
        ("state", ArticleState::Draft.as_str()),
        ("language", c.user.language.as_str()),
        ("category", Category::Glossary.as_str()),
    ]
    .into_iter()
    .map(|(k, x)| (k.to_string(), x.to_string()))
    .collect();
    let source = q.get("translation_of").and_then(|x| x.parse::<Uuid>().ok());
    if let Some(Ok(a)) = match source {
        Some(id) => Some(kb::get_article(s.store(), &c.ctx, id).await),
        None => None,
    } {
        let other = if a.language == Language::En {
            Language::ZhTw
        } else {
            Language::En
        };
        v.insert("language".into(), other.as_str().into());
        v.insert("category".into(), a.category.as_str().into());
        v.insert("translation_id".into(), a.id.to_string());
    }
    form_page(&s, &c, None, v, Draft::default()).await
}

/// The form's fields as an article, or the problems of those that are no choice offered.
fn input_of(f: &BTreeMap<String, String>) -> Result<ArticleInput, AppError> {
    let get = |k: &str| f.get(k).map(|v| v.trim()).unwrap_or("");
    let mut p = Problems::new();
    let category = p.check(
        "category",
        Category::parse(get("category")).ok_or("is required"),
    );
    let language = p.check(
        "language",
        Language::parse(get("language")).ok_or("is required"),
    );
    let state = p.check(
        "state",
        ArticleState::parse(get("state")).ok_or("is required"),
    );
    let translation_id = match get("translation_id") {
        "" => None,
        x => p.check(
            "translation_id",
            x.parse::<Uuid>().map_err(|_| "names no article"),
        ),
    };
    let title = get("title").to_string();
    // the text as typed (line breaks already LF: `typed_text`), not trimmed inside
    let body = f.get("body").cloned().unwrap_or_default();
    match (category, language, state) {
        (Some(category), Some(language), Some(state)) if p.is_empty() => Ok(ArticleInput {
            category,
            title,
            body,
            language,
            state,
            translation_id,
        }),
        _ => {
            p.text("title", &title, true, purser_domain::kb::MAX_TITLE);
            p.text("body", &body, true, purser_domain::kb::MAX_BODY);
            Err(AppError::Invalid(p))
        }
    }
}

fn came_back(c: &Caller, e: &AppError, f: BTreeMap<String, String>) -> Draft {
    Draft::new("article", action_errors(T(c.user.language), e), f)
}

pub async fn create(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Form(f): Form<BTreeMap<String, String>>,
) -> Response {
    if let Some(r) = gate(&c).or_else(|| csrf_rejected(&c, &f)) {
        return r;
    }
    let saved = match input_of(&f) {
        Ok(input) => kb::create_article(s.store(), &c.ctx, input).await,
        Err(e) => Err(e),
    };
    match saved {
        Ok(a) => Redirect::to(&format!("/kb/{}", a.id)).into_response(),
        Err(e @ (AppError::Invalid(_) | AppError::Conflict(_))) => {
            let draft = came_back(&c, &e, f);
            form_page(&s, &c, None, BTreeMap::new(), draft).await
        }
        Err(e) => failure(e),
    }
}

pub async fn edit_form(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Path(id): Path<Uuid>,
) -> Response {
    if let Some(r) = gate(&c) {
        return r;
    }
    let a = match kb::get_article(s.store(), &c.ctx, id).await {
        Ok(a) => a,
        Err(e) => return failure(e),
    };
    if a.state == ArticleState::Public && !may_publish(&c.ctx.actor) {
        return failure(AppError::Forbidden);
    }
    let v: BTreeMap<String, String> = [
        ("version", a.version.to_string()),
        ("title", a.title),
        ("body", a.body),
        ("category", a.category.as_str().into()),
        ("language", a.language.as_str().into()),
        ("state", a.state.as_str().into()),
        (
            "translation_id",
            a.translation_id.map(|x| x.to_string()).unwrap_or_default(),
        ),
    ]
    .into_iter()
    .map(|(k, x)| (k.to_string(), x))
    .collect();
    form_page(&s, &c, Some(id), v, Draft::default()).await
}

pub async fn update(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Path(id): Path<Uuid>,
    Form(f): Form<BTreeMap<String, String>>,
) -> Response {
    if let Some(r) = gate(&c).or_else(|| csrf_rejected(&c, &f)) {
        return r;
    }
    // the version the form was read at: a save over someone else's is refused (409)
    let expected = f.get("version").and_then(|v| v.trim().parse::<i64>().ok());
    let saved = match input_of(&f) {
        Ok(input) => kb::update_article(s.store(), &c.ctx, id, expected, input).await,
        Err(e) => Err(e),
    };
    match saved {
        Ok(a) => Redirect::to(&format!("/kb/{}", a.id)).into_response(),
        Err(e @ (AppError::Invalid(_) | AppError::Conflict(_) | AppError::Stale { .. })) => {
            let draft = came_back(&c, &e, f);
            form_page(&s, &c, Some(id), BTreeMap::new(), draft).await
        }
        Err(e) => failure(e),
    }
}
