//! Parsing a message off the async workers and within a time limit: MIME decoding and HTML
//! sanitising are CPU work on untrusted bytes, so they run on a blocking thread while the
//! workers go on serving requests, and a message that takes too long is read again
//! without its HTML (kept, flagged, shown as text) instead of holding up its intake.

use purser_mail::Parsed;
use std::sync::Arc;
use std::time::Duration;

/// Longest a message's parsing and sanitising may take before its HTML is given up. The
/// sanitiser's own size and depth bounds keep real mail in milliseconds.
pub const PARSE_TIME_LIMIT: Duration = Duration::from_secs(5);

/// [`purser_mail::parse`] on a blocking thread, within [`PARSE_TIME_LIMIT`]; past it the
/// message is parsed again without its HTML. (The first attempt cannot be stopped; it
/// finishes on its thread, bounded by the sanitiser's limits, and is thrown away.)
pub async fn parse(raw: &[u8]) -> Option<Parsed> {
    let raw: Arc<[u8]> = raw.into();
    let first = tokio::task::spawn_blocking({
        let raw = raw.clone();
        move || purser_mail::parse(&raw)
    });
    match tokio::time::timeout(PARSE_TIME_LIMIT, first).await {
        Ok(Ok(parsed)) => parsed,
        Ok(Err(_)) | Err(_) => {
            tracing::warn!("a message took too long to parse; reading it without its HTML");
            let why = format!(
                "the HTML took over {} s to read; shown as text",
                PARSE_TIME_LIMIT.as_secs()
            );
            tokio::task::spawn_blocking(move || purser_mail::parse_as_text(&raw, &why))
                .await
                .ok()
                .flatten()
        }
    }
}
