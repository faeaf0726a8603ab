//! The HTTP server around the router, with the limits that keep one client from holding
//! what every client needs: a request's head must arrive in time (a slow-loris is cut off),
//! a connection on which nothing moves is closed, at most so many connections are served
//! at once (the rest wait in the kernel's accept queue, holding no file descriptor of
//! ours), and a body announced larger than any route takes is refused before it is read.
//! The binary and the tests serve through this one function.

use crate::problem::ApiError;
use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use axum::response::IntoResponse;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use serde::{Deserialize, Serialize};
use std::pin::pin;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tower::ServiceExt;

mod idle;

/// What one client may hold of the server. Flat names, so each is one `PURSER_*`
/// variable or one key of `purser.toml`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct Limits {
    /// Seconds a client has to send a request's head, counted from when the server starts
    /// waiting for it: a slow-loris is cut off, and so is a kept-alive connection that
    /// sends no next request.
    pub header_timeout_secs: u64,
    /// Seconds a connection may go without a byte moving either way while the server waits
    /// on it (a client that stalls mid-body, or stops reading its answer).
    pub idle_timeout_secs: u64,
    /// Connections served at once; more wait in the accept queue until one closes.
    pub max_connections: usize,
    /// Largest `Content-Length` any route takes; above it, 413 before a byte is read.
    pub max_body_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_timeout_secs: 10,
            idle_timeout_secs: 60,
            // well under the usual 1,024 open files, leaving room for the database,
            // attachments and the mail connections
            max_connections: 512,
            // the largest body a route takes: raw inbound mail (40 MiB)
            max_body_bytes: crate::api::mail::MAX_RAW as u64,
        }
    }
}

/// Serves `router` on `listener` within `limits` until `shutdown` resolves; then accepts
/// nothing more, lets requests in flight finish, and returns.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let (stop, stopping) = watch::channel(false);
    let mut shutdown = pin!(shutdown);
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(Duration::from_secs(limits.header_timeout_secs.max(1)));
    let idle = Duration::from_secs(limits.idle_timeout_secs.max(1));
    loop {
        // a slot first: past the cap, connections wait in the kernel's queue, not in ours
        let slot = tokio::select! {
            s = slots.clone().acquire_owned() => s.expect("the semaphore is never closed"),
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // out of file descriptors or a connection reset before accept: wait a
                    // moment instead of spinning
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        let max_body = limits.max_body_bytes;
        let service = hyper::service::service_fn(move |mut req: Request<Incoming>| {
            req.extensions_mut().insert(ConnectInfo(peer));
            let router = router.clone();
            async move {
                if announced_length(&req).is_some_and(|n| n > max_body) {
                    return Ok(too_large(max_body));
                }
                router.oneshot(req.map(Body::new)).await
            }
        });
        let conn = http.serve_connection(TokioIo::new(idle::Idle::new(stream, idle)), service);
        let mut stopping = stopping.clone();
        tokio::spawn(async move {
            let mut conn = pin!(conn);
            let stop_asked = tokio::select! {
                _ = conn.as_mut() => false,
                asked = stopping.wait_for(|s| *s) => asked.is_ok(),
            };
            if stop_asked {
                conn.as_mut().graceful_shutdown();
                let _ = conn.await;
            }
            drop(slot);
        });
    }
    let _ = stop.send(true);
    // every connection gives its slot back when it ends
    let _ = slots
        .acquire_many(limits.max_connections.max(1) as u32)
        .await;
    Ok(())
}

fn announced_length(req: &Request<Incoming>) -> Option<u64> {
    req.headers()
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

fn too_large(max: u64) -> axum::response::Response {
    let mut r = ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "Payload too large",
        format!("Content-Length is over the {max} bytes a request may send"),
    )
    .into_response();
    // the body was not read: the connection cannot carry another request
    r.headers_mut().insert(
        header::CONNECTION,
        header::HeaderValue::from_static("close"),
    );
    r
}
