//! Case changes as they commit, for pages that update without reload (server-sent events).
//! In-process: each `purser serve` node tells its own browsers about its own writes; the
//! pages also refresh on their own interval, so a second node's change shows up too.

use serde::Serialize;
use std::sync::OnceLock;
use tokio::sync::broadcast;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize)]
pub struct CaseChange {
    pub case_id: Uuid,
    pub number: String,
    /// created, replied, status, assigned, sla, …
    pub what: &'static str,
}

fn channel() -> &'static broadcast::Sender<CaseChange> {
    static TX: OnceLock<broadcast::Sender<CaseChange>> = OnceLock::new();
    TX.get_or_init(|| broadcast::channel(1024).0)
}

/// Tells listeners about a committed change; nobody listening is fine.
pub fn publish(case_id: Uuid, number: &str, what: &'static str) {
    let _ = channel().send(CaseChange {
        case_id,
        number: number.to_string(),
        what,
    });
}

pub fn subscribe() -> broadcast::Receiver<CaseChange> {
    channel().subscribe()
}
