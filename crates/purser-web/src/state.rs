//! What every handler shares: the store and the server's settings.

use purser_store::Store;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState(pub Arc<Inner>);

pub struct Inner {
    pub store: Store,
    /// Mark cookies `Secure` (when served over HTTPS behind a proxy).
    pub secure_cookies: bool,
}

impl AppState {
    pub fn new(store: Store, secure_cookies: bool) -> Self {
        AppState(Arc::new(Inner {
            store,
            secure_cookies,
        }))
    }

    pub fn store(&self) -> &Store {
        &self.0.store
    }
}
