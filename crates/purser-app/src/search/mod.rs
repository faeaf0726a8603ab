//! Search over everything an actor may see: records become documents here ([`docs`]),
//! each node's index follows the change feed ([`indexer`]) and can be rebuilt from the
//! database ([`rebuild`]); [`scope_of`] turns the signed-in actor into the engine's scope.

pub mod docs;
pub mod indexer;
pub mod load;
pub mod rebuild;

use purser_domain::roles::{Actor, Role};
use purser_search::Scope;

pub use indexer::{Indexer, lag};
pub use rebuild::{rebuild, rows_to_walk};

/// What the actor may find: customer users their own company's records and public ones,
/// department users what their department has a task on, staff everything.
pub fn scope_of(actor: &Actor) -> Scope {
    match actor.role {
        Role::Admin | Role::Supervisor | Role::Agent => Scope::Staff,
        Role::Department => Scope::Department(
            actor
                .department
                .map(|d| d.as_str().to_string())
                .unwrap_or_default(),
        ),
        // a customer user without a company finds only what is public
        Role::Customer => Scope::Customer(actor.customer_id.unwrap_or_default()),
    }
}

use std::path::Path;
use std::sync::Arc;

use purser_search::{IndexOptions, Opened, SearchIndex};
use purser_store::Store;

/// Opens this node's index in `dir` (a missing, corrupt or incompatible one is made anew
/// and filled from the database), then follows the change feed in the background.
pub async fn start(store: &Store, dir: &Path) -> crate::Result<Arc<SearchIndex>> {
    let (index, opened) = SearchIndex::open_or_recreate(dir, IndexOptions::default())
        .map_err(|e| crate::AppError::Internal(format!("search index {}: {e}", dir.display())))?;
    let index = Arc::new(index);
    if opened != Opened::Existing || index.applied_seq().is_none() {
        if let Opened::Recreated { reason } = &opened {
            tracing::warn!(%reason, dir = %dir.display(), "search index unusable; rebuilding");
        }
        let docs = rebuild(store, &index, |_| {}).await?;
        tracing::info!(docs, "search index built");
    }
    tokio::spawn(Indexer::new(store.clone(), index.clone()).run());
    Ok(index)
}
