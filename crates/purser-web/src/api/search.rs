//! `/api/v1/search`: one search over everything the caller may see. The caller's role is
//! the scope inside the engine, so hits and counts never reach past it; a bad parameter is
//! a 400 naming it, never a 500 and never a scan of everything.

use std::collections::BTreeMap;

use crate::auth::ApiCaller;
use crate::problem::{ApiError, ApiResult, Problem};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use purser_domain::roles::Actor;
use purser_search::{MAX_LIMIT, QueryError, SearchRequest, SearchResults};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// Every parameter is read as text, so a bad one is a 400 naming it.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// Words, "a phrase", -excluded, references (container, B/L, booking, case number),
    /// and filters: kind:, customer:, status:, team:, after:, before: (YYYY-MM-DD), from:.
    pub q: Option<String>,
    /// Kinds to list, comma-separated: case, message, attachment, customer, contact,
    /// shipment, booking, container, bl, vessel, article.
    #[param(
        pattern = "^(case|message|attachment|customer|contact|shipment|booking|container|bl|vessel|article)(,(case|message|attachment|customer|contact|shipment|booking|container|bl|vessel|article))*$"
    )]
    pub kind: Option<String>,
    /// 1 to 200, default 20.
    #[param(pattern = "^([1-9]|[1-9][0-9]|1[0-9][0-9]|200)$")]
    pub limit: Option<String>,
    /// The `next` of the previous page.
    pub cursor: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SearchHit {
    pub kind: String,
    pub id: Uuid,
    /// The case a message or attachment belongs to (and a case's own id).
    pub case_id: Option<Uuid>,
    pub title: String,
    /// HTML: escaped text with the matched words in `<mark>`.
    pub snippet: String,
    /// Found by an exact reference (ranked first).
    pub exact: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SearchPage {
    pub hits: Vec<SearchHit>,
    /// Matches per kind under the caller's scope (kinds with none are absent).
    pub counts: BTreeMap<String, u64>,
    /// Pass as `cursor` for the next page; absent on the last.
    pub next: Option<String>,
    /// Part of the query was past a cap and not used.
    pub truncated: bool,
}

impl From<SearchResults> for SearchPage {
    fn from(r: SearchResults) -> Self {
        SearchPage {
            hits: r
                .hits
                .into_iter()
                .map(|h| SearchHit {
                    kind: h.kind.to_string(),
                    id: h.id,
                    case_id: h.case_id,
                    title: h.title,
                    snippet: h.snippet,
                    exact: h.exact,
                })
                .collect(),
            counts: r.counts,
            next: r.next,
            truncated: r.truncated,
        }
    }
}

/// A parameter problem as a 400 naming the parameter.
pub fn bad_param(e: &QueryError) -> ApiError {
    ApiError::field(
        StatusCode::BAD_REQUEST,
        e.param,
        &format!("{:?} {}", e.value, e.problem.says()),
    )
}

/// Runs a search as `actor` may: the one path of the API, the console and the portal.
pub async fn run(
    state: &AppState,
    actor: &Actor,
    p: &SearchParams,
) -> Result<SearchResults, ApiError> {
    let Some(index) = state.search().cloned() else {
        return Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "Search unavailable",
            "this node has no search index",
        ));
    };
    // exactly the documented form: digits without a leading zero (no sign, no spaces)
    let limit = match p.limit.as_deref() {
        None => 20,
        Some(l) => match l.parse::<usize>() {
            Ok(n)
                if (1..=MAX_LIMIT).contains(&n)
                    && l.bytes().all(|b| b.is_ascii_digit())
                    && !l.starts_with('0') =>
            {
                n
            }
            _ => {
                return Err(ApiError::field(
                    StatusCode::BAD_REQUEST,
                    "limit",
                    &format!("{l:?} is not a page size from 1 to {MAX_LIMIT}"),
                ));
            }
        },
    };
    // exactly the documented form too: known kinds in lower case, comma-separated, no
    // empty entry or space (the engine's own reading is more forgiving)
    if let Some(k) = p.kind.as_deref()
        && k.split(',').any(|name| {
            !purser_search::Kind::KNOWN
                .iter()
                .any(|known| known.as_str() == name)
        })
    {
        return Err(ApiError::field(
            StatusCode::BAD_REQUEST,
            "kind",
            &format!("{k:?} is not a comma-separated list of known kinds"),
        ));
    }
    let query = purser_search::Query::parse(p.q.as_deref().unwrap_or(""))
        .and_then(|q| q.with_kind_param(p.kind.as_deref()))
        .map_err(|e| bad_param(&e))?;
    let request = SearchRequest {
        query,
        limit,
        cursor: p.cursor.clone().filter(|c| !c.is_empty()),
    };
    let scope = purser_app::search::scope_of(actor);
    let started = std::time::Instant::now();
    let result = tokio::task::spawn_blocking(move || index.search(&scope, &request))
        .await
        .map_err(|e| purser_app::AppError::Internal(e.to_string()))?;
    metrics::histogram!("search_duration_seconds").record(started.elapsed().as_secs_f64());
    match result {
        Ok(r) => Ok(r),
        Err(purser_search::SearchError::Query(e)) => Err(bad_param(&e)),
        Err(e) => Err(purser_app::AppError::Internal(e.to_string()).into()),
    }
}

/// Searches cases, messages, attachments, customers, contacts, shipments and articles,
/// as far as the caller may see them.
#[utoipa::path(get, path = "/api/v1/search", tag = "search", params(SearchParams),
    responses(
        (status = 200, body = SearchPage),
        (status = 400, description = "A parameter (q, kind, limit or cursor) cannot be searched by; the problem names it", body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "This node has no search index", body = Problem, content_type = "application/problem+json")))]
pub async fn search(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Query(p): Query<SearchParams>,
) -> ApiResult<Json<SearchPage>> {
    Ok(Json(run(&s, &c.ctx.actor, &p).await?.into()))
}

#[cfg(test)]
mod tests {
    /// The document's `kind` pattern is written out by hand: it must name every kind the
    /// engine knows, so no real kind is documented as invalid.
    #[test]
    fn the_documented_kind_pattern_names_every_known_kind() {
        let doc = serde_json::to_value(super::super::router().1).unwrap();
        let params = doc["paths"]["/api/v1/search"]["get"]["parameters"]
            .as_array()
            .unwrap();
        let kind = params.iter().find(|p| p["name"] == "kind").unwrap();
        let pattern = kind["schema"]["pattern"].as_str().unwrap();
        let alternatives = pattern.trim_start_matches("^(").split(')').next().unwrap();
        let mut documented: Vec<&str> = alternatives.split('|').collect();
        let mut known: Vec<&str> = purser_search::Kind::KNOWN
            .iter()
            .map(|k| k.as_str())
            .collect();
        documented.sort_unstable();
        known.sort_unstable();
        assert_eq!(documented, known);
    }
}
