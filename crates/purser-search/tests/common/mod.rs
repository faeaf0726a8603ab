//! Helpers the engine's tests share: small documents and one-line searches.
#![allow(dead_code)]

use purser_search::{
    IndexOptions, Kind, Query, Scope, SearchDoc, SearchError, SearchIndex, SearchRequest,
    SearchResults, Visibility,
};
use uuid::Uuid;

/// A document of `kind` with a title and a body, visible to customers, owned by nobody.
pub fn doc(kind: Kind, title: &str, body: &str) -> SearchDoc {
    let mut doc = SearchDoc::new(kind, Uuid::now_v7(), Visibility::Customer);
    doc.title = title.to_string();
    doc.body = body.to_string();
    doc
}

pub fn index_of(docs: &[SearchDoc]) -> SearchIndex {
    let index = SearchIndex::in_memory(IndexOptions::default()).unwrap();
    for doc in docs {
        index.upsert(doc).unwrap();
    }
    index.commit(None).unwrap();
    index
}

pub fn search_as(
    index: &SearchIndex,
    scope: &Scope,
    q: &str,
) -> Result<SearchResults, SearchError> {
    let query = Query::parse(q)?;
    index.search(
        scope,
        &SearchRequest {
            query,
            limit: 50,
            cursor: None,
        },
    )
}

/// A first page of 10 for a query already built, as staff.
pub fn search_query(index: &SearchIndex, query: Query) -> SearchResults {
    let request = SearchRequest {
        query,
        limit: 10,
        cursor: None,
    };
    index.search(&Scope::Staff, &request).unwrap()
}

pub fn search(index: &SearchIndex, q: &str) -> SearchResults {
    search_as(index, &Scope::Staff, q).unwrap()
}

/// The ids found for `q` by staff, in rank order.
pub fn ids(index: &SearchIndex, q: &str) -> Vec<Uuid> {
    search(index, q).hits.iter().map(|h| h.id).collect()
}
