//! `/api/v1/kb`: the knowledge base. Everyone signed in lists and reads the articles their
//! role may read (customers public ones, department users internal and public ones, the
//! desk all); the desk writes, each write a new version; publishing is a supervisor's or an
//! admin's. Versions and diffs are the desk's.

use super::{Page, created, if_match, with_etag};
use crate::auth::ApiCaller;
use crate::problem::{ApiError, ApiResult, JsonBody, Problem};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use purser_app::AppError;
use purser_app::kb::{self, ArticleDiff, ListFilter};
use purser_domain::customers::Language;
use purser_domain::kb::{ArticleInput, ArticleState, Category};
use purser_domain::validation::Problems;
use purser_store::kb::{Article, ArticleVersion, Cursor, VersionSummary};
use serde::Deserialize;
use std::collections::HashMap;
use utoipa::IntoParams;
use uuid::Uuid;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct ListParams {
    /// policy, procedure, quality_standard, glossary, incoterm or other.
    #[param(pattern = "^(|policy|procedure|quality_standard|glossary|incoterm|other)$")]
    category: Option<String>,
    /// draft, internal or public; a state your role may not read lists nothing.
    #[param(pattern = "^(|draft|internal|public)$")]
    state: Option<String>,
    /// en or zh-TW.
    #[param(pattern = "^(|en|zh-TW)$")]
    language: Option<String>,
    /// From the previous page's `next_cursor`.
    cursor: Option<String>,
    /// 1 to 500, default 100.
    #[param(minimum = 1, maximum = 500)]
    limit: Option<u64>,
}

/// Reads the list's parameters, naming each bad one.
pub fn parse_list(params: &HashMap<String, String>) -> Result<ListFilter, AppError> {
    let mut p = Problems::new();
    let get = |k: &str| params.get(k).map(String::as_str).filter(|s| !s.is_empty());
    let mut f = ListFilter {
        limit: 100,
        ..Default::default()
    };
    if let Some(s) = get("category") {
        f.category = p.check(
            "category",
            Category::parse(s)
                .ok_or("must be policy, procedure, quality_standard, glossary, incoterm or other"),
        );
    }
    if let Some(s) = get("state") {
        f.state = p.check(
            "state",
            ArticleState::parse(s).ok_or("must be draft, internal or public"),
        );
    }
    if let Some(s) = get("language") {
        f.language = p.check("language", Language::parse(s).ok_or("must be en or zh-TW"));
    }
    if let Some(s) = get("limit") {
        f.limit = p
            .check(
                "limit",
                s.parse::<u64>()
                    .ok()
                    .filter(|n| (1..=500).contains(n))
                    .ok_or("must be 1 to 500"),
            )
            .unwrap_or(100);
    }
    if let Some(s) = get("cursor") {
        f.after = p.check(
            "cursor",
            decode_cursor(s).ok_or("is not a cursor from this API"),
        );
    }
    p.into_result()?;
    Ok(f)
}

fn encode_cursor(c: &Cursor) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(c).unwrap_or_default())
}

fn decode_cursor(s: &str) -> Option<Cursor> {
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(s).ok()?).ok()
}

/// The articles you may read, in title order, a page at a time.
#[utoipa::path(get, path = "/api/v1/kb/articles", tag = "kb", params(ListParams),
    responses((status = 200, body = Page<Article>), (status = 422, body = Problem)))]
pub async fn list(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Query(params): Query<HashMap<String, String>>,
) -> ApiResult<Json<Page<Article>>> {
    let f = parse_list(&params)?;
    let (items, next) = kb::list_articles(s.store(), &c.ctx, f).await?;
    Ok(Json(Page {
        items,
        next_cursor: next.as_ref().map(encode_cursor),
    }))
}

/// Write an article (version 1); agents write drafts and internal articles, supervisors
/// and admins may publish. A `translation_id` links the other language's article both ways.
#[utoipa::path(post, path = "/api/v1/kb/articles", tag = "kb", request_body = ArticleInput,
    params(("Idempotency-Key" = Option<String>, Header, description = "Retry-safe creation: the same key (within 24 hours) answers again with the first answer")),
    responses((status = 201, body = Article), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn create(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    JsonBody(input): JsonBody<ArticleInput>,
) -> ApiResult<Response> {
    let a = kb::create_article(s.store(), &c.ctx, input).await?;
    Ok(created(
        format!("/api/v1/kb/articles/{}", a.id),
        a.version,
        &a,
    ))
}

/// One article, with its version as ETag; one your role may not read is not found.
#[utoipa::path(get, path = "/api/v1/kb/articles/{id}", tag = "kb", params(("id" = Uuid, Path)),
    responses((status = 200, body = Article), (status = 404, body = Problem)))]
pub async fn get(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<Uuid>,
) -> ApiResult<Response> {
    let a = kb::get_article(s.store(), &c.ctx, id).await?;
    Ok(with_etag(StatusCode::OK, a.version, &a))
}

/// Replace an article as a new version; needs `If-Match`. Making it public, changing a
/// public one or taking it back is for supervisors and admins.
#[utoipa::path(put, path = "/api/v1/kb/articles/{id}", tag = "kb", params(("id" = Uuid, Path), ("If-Match" = String, Header)),
    request_body = ArticleInput,
    responses((status = 200, body = Article), (status = 403, body = Problem), (status = 404, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem), (status = 428, body = Problem)))]
pub async fn update(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    JsonBody(input): JsonBody<ArticleInput>,
) -> ApiResult<Response> {
    let version = if_match(&headers)?;
    let a = kb::update_article(s.store(), &c.ctx, id, version, input).await?;
    Ok(with_etag(StatusCode::OK, a.version, &a))
}

/// Every version of an article, newest first, with who wrote it and when (the desk's).
#[utoipa::path(get, path = "/api/v1/kb/articles/{id}/versions", tag = "kb", params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<VersionSummary>), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn versions(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Vec<VersionSummary>>> {
    Ok(Json(kb::versions(s.store(), &c.ctx, id).await?))
}

/// One version of an article as it was written (the desk's).
#[utoipa::path(get, path = "/api/v1/kb/articles/{id}/versions/{version}", tag = "kb",
    params(("id" = Uuid, Path), ("version" = i64, Path, minimum = 1)),
    responses((status = 200, body = ArticleVersion), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn version(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path((id, n)): Path<(Uuid, i64)>,
) -> ApiResult<Json<ArticleVersion>> {
    Ok(Json(kb::version(s.store(), &c.ctx, id, n).await?))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct DiffParams {
    /// The older version's number.
    #[param(minimum = 1)]
    from: i64,
    /// The newer version's number.
    #[param(minimum = 1)]
    to: i64,
}

/// A required whole-number parameter, or the problem naming it.
fn number(params: &HashMap<String, String>, key: &str, p: &mut Problems) -> Option<i64> {
    match params.get(key).map(|s| s.trim()) {
        None | Some("") => {
            p.add(key, "is required");
            None
        }
        Some(s) => p.check(
            key,
            s.parse::<i64>()
                .ok()
                .filter(|n| *n >= 1)
                .ok_or("must be a version number (1 or more)"),
        ),
    }
}

/// Two versions compared line by line, title and body (the desk's).
#[utoipa::path(get, path = "/api/v1/kb/articles/{id}/diff", tag = "kb", params(("id" = Uuid, Path), DiffParams),
    responses((status = 200, body = ArticleDiff), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn diff(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<Uuid>,
    Query(params): Query<HashMap<String, String>>,
) -> ApiResult<Json<ArticleDiff>> {
    let mut p = Problems::new();
    let from = number(&params, "from", &mut p);
    let to = number(&params, "to", &mut p);
    match (from, to) {
        (Some(from), Some(to)) => Ok(Json(kb::diff(s.store(), &c.ctx, id, from, to).await?)),
        _ => Err(ApiError::from(AppError::Invalid(p))),
    }
}
