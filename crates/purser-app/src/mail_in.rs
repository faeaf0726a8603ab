//! E-mail intake from a live mailbox: the IMAP watcher of `purser-mail` bound to
//! [`ingest`]. A message is marked seen only once `ingest` has kept it, so a crash or a
//! database outage loses nothing; a message fetched twice lands once (ingest is
//! idempotent on content hash and Message-ID); one that cannot be read is kept, flagged
//! for supervisors, and does not stop the mailbox.

use crate::mail::{ingest, resume_pending};
use crate::{AppError, Result};
pub use purser_mail::imap::ImapSettings;
use purser_store::Store;
use tokio::sync::watch;

/// Watches one mailbox until `shutdown` turns true (or its sender is dropped), filing
/// every new message as arriving at `settings.mailbox_address` (the username when that is
/// empty). Messages a crash left half-ingested are finished first. Returns early only for
/// settings that can never work; connection errors are retried with back-off.
pub async fn run_mailbox(
    store: Store,
    settings: ImapSettings,
    shutdown: watch::Receiver<bool>,
) -> Result<()> {
    settings
        .check()
        .map_err(|e| AppError::Internal(e.to_string()))?;
    match resume_pending(&store).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(n, "finished messages a crash left pending"),
        Err(e) => tracing::warn!(error = %e, "pending messages not resumed yet"),
    }
    let mailbox = if settings.mailbox_address.is_empty() {
        settings.username.clone()
    } else {
        settings.mailbox_address.clone()
    };
    let handler = |raw: Vec<u8>| {
        let store = store.clone();
        let mailbox = mailbox.clone();
        async move {
            // its own task: a bug that panics on one message fails that message (it stays
            // unseen and is retried), not the mailbox
            let task = tokio::spawn(async move { ingest(&store, &mailbox, &raw).await });
            let r = task
                .await
                .map_err(|e| AppError::Internal(format!("ingest panicked: {e}")))??;
            tracing::info!(state = %r.state, case = ?r.case_number, "mail in");
            Ok::<_, AppError>(())
        }
    };
    purser_mail::imap::watch(&settings, handler, shutdown)
        .await
        .map_err(|e| AppError::Internal(e.to_string()))
}
