//! Purser's search engine: one embedded tantivy index over every kind of record (cases,
//! messages, attachments, customers, contacts, shipments, bookings, containers, B/Ls,
//! vessels, knowledge-base articles, and later kinds), in English and Chinese, with the
//! searcher's permissions inside the query so that hits and counts never leak.
//!
//! ```no_run
//! use purser_search::{IndexOptions, Kind, Query, Scope, SearchDoc, SearchIndex, SearchRequest, Visibility};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let (index, _opened) = SearchIndex::open_or_recreate("data/search".as_ref(), IndexOptions::default())?;
//! let mut doc = SearchDoc::new(Kind::CASE, uuid::Uuid::now_v7(), Visibility::Customer);
//! doc.title = "貨櫃延誤 container delayed".into();
//! doc.references = vec!["MSKU 123456-7".into()];
//! index.upsert(&doc)?;
//! index.commit(Some(42))?; // the change-feed sequence these changes came from
//! let query = Query::parse("msku1234567")?;
//! let page = index.search(&Scope::Staff, &SearchRequest { query, limit: 20, cursor: None })?;
//! assert!(page.hits[0].exact);
//! # Ok(()) }
//! ```
//!
//! The engine knows nothing of the store or the web: records become [`SearchDoc`]s through
//! [`Searchable`], the caller feeds the index from the change feed and commits with the
//! sequence it reached, and a [`QueryError`] names the request parameter at fault.

mod analysis;
mod chinese;
mod collect;
mod doc;
mod error;
mod index;
mod plan;
mod query;
mod refs;
mod safe_phrase;
mod schema;
mod scope;
mod search;
mod snippet;

pub use chinese::is_cjk;
pub use doc::{Kind, SearchDoc, Searchable, Visibility};
pub use error::{OpenError, Problem, QueryError, SearchError};
pub use index::{IndexOptions, IndexStats, Opened, SearchIndex};
pub use query::{MAX_FILTER_VALUES, MAX_INPUT_CHARS, MAX_TERM_CHARS, MAX_TERMS, Query, Term};
pub use refs::normalize_reference;
pub use scope::Scope;
pub use search::{Hit, MAX_LIMIT, SearchRequest, SearchResults};
