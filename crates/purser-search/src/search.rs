//! A search from request to page: plan the query under the scope, collect one page and
//! the counts in one pass, then read the page's titles and snippets.

use std::collections::{BTreeMap, HashSet};

use tantivy::TantivyDocument;
use tantivy::schema::Value;
use uuid::Uuid;

use crate::collect::{Cursor, PageCollector};
use crate::doc::Kind;
use crate::error::{Problem, QueryError, SearchError};
use crate::index::SearchIndex;
use crate::plan::{REF_BOOST, plan};
use crate::query::Query;
use crate::scope::Scope;
use crate::snippet::snippet;

/// The largest page a request may ask for.
pub const MAX_LIMIT: usize = 200;

/// One page's request: the parsed query (with any `kind=` parameter added), its size and
/// where the previous page ended.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    pub query: Query,
    /// 1..=[`MAX_LIMIT`].
    pub limit: usize,
    /// The `next` of the previous page.
    pub cursor: Option<String>,
}

/// A found record.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub kind: Kind,
    pub id: Uuid,
    pub case_id: Option<Uuid>,
    /// As indexed (plain text: escape it to show it).
    pub title: String,
    /// HTML: the body's best stretch, escaped, the matched terms in `<mark>`.
    pub snippet: String,
    /// Found by an exact reference (container, B/L, case number, …): ranked first, and a
    /// lone exact hit may open its record directly.
    pub exact: bool,
}

/// A page of hits, counts per kind, and the cursor of the next page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchResults {
    pub hits: Vec<Hit>,
    /// Matches per kind under the scope and every filter but the kind filter (the tabs of
    /// a results page); kinds with none are absent.
    pub counts: BTreeMap<String, u64>,
    pub next: Option<String>,
    /// Part of the query was past a cap and not used.
    pub truncated: bool,
    /// Names written as filters that are none (searched as words).
    pub unknown_filters: Vec<String>,
}

impl Query {
    /// Adds the kinds of a `kind=` request parameter (comma-separated) to the query's own.
    pub fn with_kind_param(mut self, param: Option<&str>) -> Result<Query, QueryError> {
        for name in param
            .into_iter()
            .flat_map(|p| p.split(','))
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            let kind = Kind::new(&name.to_lowercase())
                .ok_or_else(|| QueryError::new("kind", Problem::BadKind, name))?;
            if !self.kinds.contains(&kind) {
                self.kinds.push(kind);
            }
        }
        Ok(self)
    }
}

impl SearchIndex {
    /// Searches as `scope` may. Never lists everything: a query with nothing to find is an
    /// empty page.
    pub fn search(
        &self,
        scope: &Scope,
        request: &SearchRequest,
    ) -> Result<SearchResults, SearchError> {
        if request.limit == 0 || request.limit > MAX_LIMIT {
            return Err(
                QueryError::new("limit", Problem::BadLimit, &request.limit.to_string()).into(),
            );
        }
        let after = request.cursor.as_deref().map(Cursor::decode).transpose()?;
        let query = &request.query;
        let mut results = SearchResults {
            truncated: query.truncated,
            unknown_filters: query.unknown_filters.clone(),
            ..SearchResults::default()
        };
        let Some(plan) = plan(&self.fields, scope, query)? else {
            return Ok(results);
        };
        let collector = PageCollector {
            keep: request.limit + 1,
            after,
            kinds: query
                .kinds
                .iter()
                .map(|k| k.as_str().to_string())
                .collect::<HashSet<_>>(),
        };
        let searcher = self.reader.searcher();
        let mut page = searcher.search(&*plan.query, &collector)?;
        results.counts = page.counts;
        if page.ranked.len() > request.limit {
            page.ranked.truncate(request.limit);
            results.next = page.ranked.last().map(|r| {
                Cursor {
                    score: r.score,
                    tie: r.tie,
                }
                .encode()
            });
        }
        for ranked in page.ranked {
            let doc: TantivyDocument = searcher.doc(ranked.address)?;
            let text = |field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
            };
            let uuid_of = |field| Uuid::parse_str(text(field)).ok();
            let (Some(kind), Some(id)) =
                (Kind::new(text(self.fields.kind)), uuid_of(self.fields.id))
            else {
                continue;
            };
            results.hits.push(Hit {
                kind,
                id,
                case_id: uuid_of(self.fields.case_id),
                title: text(self.fields.title).to_string(),
                snippet: snippet(text(self.fields.excerpt), &plan.highlight),
                exact: ranked.score >= REF_BOOST,
            });
        }
        Ok(results)
    }
}
