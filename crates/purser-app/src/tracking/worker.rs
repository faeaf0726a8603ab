//! The server's track-and-trace worker: works off ingested batches (port calls,
//! timelines, notices) and sends subscribers' callbacks, polling the outbox a few times a
//! second so a pushed event reaches timelines and subscribers within about a second.

use super::{apply, subscriptions};
use purser_store::Store;
use std::time::Duration;

const EVERY: Duration = Duration::from_millis(250);

pub async fn run(store: Store, mut stop: tokio::sync::watch::Receiver<bool>) {
    let client = reqwest::Client::builder()
        .user_agent("purser-tnt/2.2")
        .build()
        .unwrap_or_default();
    let mut every = tokio::time::interval(EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = every.tick() => {}
            _ = stop.changed() => break,
        }
        match apply::run_pending(&store).await {
            Ok(a) if a.batches > 0 => tracing::info!(?a, "tracking batches applied"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "applying tracking events failed"),
        }
        match subscriptions::deliver_due(&store, &client).await {
            Ok(n) if n > 0 => tracing::info!(sent = n, "TNT callbacks delivered"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "TNT callback delivery failed"),
        }
        super::notices::work_due(&store, &client).await;
    }
}
