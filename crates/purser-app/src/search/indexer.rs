//! Keeps one node's index caught up with the change feed: from the index's own applied
//! sequence, read the changes, load their records, upsert or delete, commit with the new
//! sequence. A node that was down resumes where its index stopped; an empty or rebuilt
//! index starts from where its rebuild read the feed's head.

use std::sync::Arc;
use std::time::Duration;

use purser_search::SearchIndex;
use purser_store::Store;
use purser_store::change_feed::{self, Follower};

use super::load::{Batch, Loaded, load};
use crate::{AppError, Result};

/// How often a node looks for changes: a committed change is searchable within about
/// this long plus the time to apply it.
pub const TICK: Duration = Duration::from_millis(200);
/// Changes read per round.
const BATCH: u64 = 2_000;

pub struct Indexer {
    store: Store,
    index: Arc<SearchIndex>,
    follower: Follower,
}

impl Indexer {
    pub fn new(store: Store, index: Arc<SearchIndex>) -> Indexer {
        let cursor = index.applied_seq().unwrap_or(0) as i64;
        Indexer {
            store,
            index,
            follower: Follower::new(cursor),
        }
    }

    /// One round: applies what the feed holds past the cursor (up to a batch) and commits.
    /// Returns how many changes it applied.
    pub async fn tick(&mut self) -> Result<usize> {
        let mut db = self.store.clone();
        let before = self.follower.cursor();
        let changes = self.follower.poll(&mut db, BATCH).await?;
        if changes.is_empty() && self.follower.cursor() == before {
            return Ok(0);
        }
        let loaded = load(&mut db, &Batch::of(&changes)).await?;
        apply(&self.index, loaded, Some(self.follower.cursor() as u64)).await?;
        Ok(changes.len())
    }

    /// Runs [`Indexer::tick`] every [`TICK`] for ever, logging failures (the next round
    /// tries again from the same cursor).
    pub async fn run(mut self) {
        loop {
            match self.tick().await {
                Ok(n) if n as u64 >= BATCH => continue, // catching up: no pause
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "search indexer round failed"),
            }
            tokio::time::sleep(TICK).await;
        }
    }
}

/// Writes documents into the index off the async workers and commits with `seq`.
pub(crate) async fn apply(
    index: &Arc<SearchIndex>,
    loaded: Loaded,
    seq: Option<u64>,
) -> Result<()> {
    let index = index.clone();
    tokio::task::spawn_blocking(move || {
        for (kind, id) in &loaded.gone {
            index.delete(kind, *id);
        }
        for doc in &loaded.docs {
            index.upsert(doc)?;
        }
        index.commit(seq)
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?
    .map_err(|e| AppError::Internal(e.to_string()))
}

/// How far this node's index is behind the feed (changes), for `/metrics`.
pub async fn lag(store: &Store, index: &SearchIndex) -> Result<u64> {
    let head = change_feed::head(&mut store.clone()).await?;
    Ok((head as u64).saturating_sub(index.applied_seq().unwrap_or(0)))
}
