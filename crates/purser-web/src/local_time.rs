//! The viewer's time zone for one console request. Times are formatted in dozens of places
//! (`console::when`) that know the instant but not the viewer; rather than thread a zone
//! through every view, the request carries it: [`scope`] opens an empty slot around the
//! handler, the page's caller fills it once resolved ([`enter`]), and [`zone`] reads it
//! (UTC outside a console request or before log-in).

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use jiff::tz::TimeZone;
use std::cell::RefCell;

tokio::task_local! {
    static VIEWER_ZONE: RefCell<Option<TimeZone>>;
}

/// Middleware: an empty zone slot for the handler's task.
pub async fn scope(req: Request, next: Next) -> Response {
    VIEWER_ZONE.scope(RefCell::new(None), next.run(req)).await
}

/// Sets this request's viewer zone (no-op outside [`scope`]).
pub fn enter(tz: TimeZone) {
    let _ = VIEWER_ZONE.try_with(|z| *z.borrow_mut() = Some(tz));
}

/// This request's viewer zone, UTC when none was set.
pub fn zone() -> TimeZone {
    VIEWER_ZONE
        .try_with(|z| z.borrow().clone())
        .ok()
        .flatten()
        .unwrap_or(TimeZone::UTC)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_zone_set_inside_the_scope_is_read_there_and_nowhere_else() {
        assert_eq!(zone(), TimeZone::UTC);
        let inside = VIEWER_ZONE
            .scope(RefCell::new(None), async {
                enter(TimeZone::get("Asia/Taipei").unwrap());
                zone()
            })
            .await;
        assert_eq!(inside.iana_name(), Some("Asia/Taipei"));
        enter(TimeZone::get("Asia/Tokyo").unwrap());
        assert_eq!(zone(), TimeZone::UTC);
    }
}
