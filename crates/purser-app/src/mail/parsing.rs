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
    parse_within(raw, PARSE_TIME_LIMIT, purser_mail::parse).await
}

async fn parse_within(
    raw: &[u8],
    limit: Duration,
    parser: impl FnOnce(&[u8]) -> Option<Parsed> + Send + 'static,
) -> Option<Parsed> {
    let raw: Arc<[u8]> = raw.into();
    let first = tokio::task::spawn_blocking({
        let raw = raw.clone();
        move || parser(&raw)
    });
    match tokio::time::timeout(limit, first).await {
        Ok(Ok(parsed)) => parsed,
        Ok(Err(_)) | Err(_) => {
            tracing::warn!("a message took too long to parse; reading it without its HTML");
            let why = format!("the HTML took over {limit:?} to read; shown as text");
            tokio::task::spawn_blocking(move || purser_mail::parse_as_text(&raw, &why))
                .await
                .ok()
                .flatten()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HTML_MAIL: &[u8] = b"From: a@b.test\r\nSubject: Hi\r\nMessage-ID: <h@b.test>\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Where is <b>my box</b>?</p>\r\n";

    #[tokio::test]
    async fn a_message_whose_html_runs_out_of_time_is_read_as_text_and_flagged() {
        // a parser that is still busy when the limit passes: it waits for a release that
        // only comes after the answer
        let (release, busy) = std::sync::mpsc::channel::<()>();
        let stuck = move |raw: &[u8]| {
            let _ = busy.recv();
            purser_mail::parse(raw)
        };
        let p = parse_within(HTML_MAIL, Duration::from_millis(50), stuck)
            .await
            .expect("kept");
        let _ = release.send(());
        assert!(p.html_refused && p.html.is_none(), "{p:?}");
        assert!(
            p.problems.iter().any(|x| x.contains("took over")),
            "{:?}",
            p.problems
        );
        assert!(p.text.contains("my box"), "{}", p.text);
    }

    #[tokio::test]
    async fn a_message_read_in_time_keeps_its_sanitised_html() {
        let p = parse(HTML_MAIL).await.expect("parsed");
        assert!(!p.html_refused, "{:?}", p.problems);
        assert!(p.html.unwrap().contains("<b>my box</b>"));
    }
}
