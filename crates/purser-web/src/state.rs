//! What every handler shares: the store and the server's settings.

use purser_search::SearchIndex;
use purser_store::Store;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState(pub Arc<Inner>);

pub struct Inner {
    pub store: Store,
    /// Mark cookies `Secure` (when served over HTTPS behind a proxy).
    pub secure_cookies: bool,
    /// This node's search index, fed by the indexer; `None` until wired (search answers 503).
    pub search: Option<Arc<SearchIndex>>,
}

impl AppState {
    pub fn new(store: Store, secure_cookies: bool) -> Self {
        AppState(Arc::new(Inner {
            store,
            secure_cookies,
            search: None,
        }))
    }

    /// The same state with this node's search index.
    pub fn with_search(self, index: Arc<SearchIndex>) -> Self {
        AppState(Arc::new(Inner {
            store: self.0.store.clone(),
            secure_cookies: self.0.secure_cookies,
            search: Some(index),
        }))
    }

    pub fn search(&self) -> Option<&Arc<SearchIndex>> {
        self.0.search.as_ref()
    }

    pub fn store(&self) -> &Store {
        &self.0.store
    }
}
