//! A full build from the database: every searchable row, a page at a time, then a commit
//! at the feed's head read *before* the walk, so changes made during it are applied again
//! by the indexer afterwards (re-applying is harmless: it reads the record again).

use std::sync::Arc;

use purser_search::SearchIndex;
use purser_store::Store;
use purser_store::change_feed;
use purser_store::search_source::{self as source, tables};
use uuid::Uuid;

use super::indexer::apply;
use super::load::{Batch, load};
use crate::Result;

const PAGE: u64 = 1_000;

/// The tables a rebuild walks; a case brings its messages and attachments.
const WALK: [&str; 5] = [
    tables::CASES,
    tables::CUSTOMERS,
    tables::CONTACTS,
    tables::SHIPMENTS,
    tables::ARTICLES,
];

/// Rows the rebuild will walk (for a progress bar's length).
pub async fn rows_to_walk(store: &Store) -> Result<u64> {
    let mut db = store.clone();
    let mut n = 0;
    for table in WALK {
        n += source::count(&mut db, table).await? as u64;
    }
    Ok(n)
}

/// Fills `index` (expected empty) from the database; `progress` is told each page's row
/// count. Returns the documents written.
pub async fn rebuild(
    store: &Store,
    index: &Arc<SearchIndex>,
    mut progress: impl FnMut(u64),
) -> Result<u64> {
    let mut db = store.clone();
    let head = change_feed::head(&mut db).await?;
    index
        .delete_all()
        .map_err(|e| crate::AppError::Internal(e.to_string()))?;
    let mut docs = 0u64;
    for table in WALK {
        let mut after: Option<Uuid> = None;
        loop {
            let ids = source::ids_after(&mut db, table, after, PAGE).await?;
            let Some(last) = ids.last().copied() else {
                break;
            };
            after = Some(last);
            let mut batch = Batch::default();
            let set = match table {
                tables::CASES => &mut batch.cases,
                tables::CUSTOMERS => &mut batch.customers,
                tables::CONTACTS => &mut batch.contacts,
                tables::ARTICLES => &mut batch.articles,
                _ => &mut batch.shipments,
            };
            set.extend(ids.iter().copied());
            let loaded = load(&mut db, &batch).await?;
            docs += loaded.docs.len() as u64;
            // written now, made searchable (and durable) by the commit at the end
            let index = index.clone();
            tokio::task::spawn_blocking(move || {
                for doc in &loaded.docs {
                    index.upsert(doc)?;
                }
                Ok::<_, purser_search::SearchError>(())
            })
            .await
            .map_err(|e| crate::AppError::Internal(e.to_string()))?
            .map_err(|e| crate::AppError::Internal(e.to_string()))?;
            progress(ids.len() as u64);
        }
    }
    apply(index, Default::default(), Some(head as u64)).await?;
    Ok(docs)
}
