//! `/events/cases`: case changes as server-sent events, for desk pages that refresh their
//! lists without a reload (`assets/live.js`). Each stream lives a short while and the
//! browser reconnects, so a server shutting down is never held up for long by open pages.

use super::{failure, is_desk};
use crate::auth::PageCaller;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use purser_app::AppError;
use purser_app::cases::feed;
use std::convert::Infallible;
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;
use tokio::time::Instant;

/// How long one stream stays open before the browser is asked to reconnect.
const LIFETIME: Duration = Duration::from_secs(25);

pub async fn cases(PageCaller(c): PageCaller) -> Response {
    if !is_desk(&c) {
        return failure(AppError::Forbidden);
    }
    let rx = feed::subscribe();
    let deadline = Instant::now() + LIFETIME;
    let first = Event::default()
        .retry(Duration::from_secs(2))
        .comment("live");
    let stream =
        futures_util::stream::unfold((rx, Some(first)), move |(mut rx, first)| async move {
            if let Some(hello) = first {
                return Some((Ok::<_, Infallible>(hello), (rx, None)));
            }
            let event = match tokio::time::timeout_at(deadline, rx.recv()).await {
                Err(_) | Ok(Err(RecvError::Closed)) => return None,
                Ok(Ok(change)) => Event::default()
                    .event("case")
                    .json_data(&change)
                    .unwrap_or_else(|_| Event::default().event("case").data("{}")),
                // some changes were missed: say that something changed
                Ok(Err(RecvError::Lagged(_))) => Event::default().event("case").data("{}"),
            };
            Some((Ok(event), (rx, None)))
        });
    Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(10)))
        .into_response()
}
