//! `Idempotency-Key` on POST: the first answer is remembered per user and key; a retry
//! with the same body gets it again (and creates nothing), a different body is a 422.
//! Twins sent at the same moment wait for the one that claimed the key, and answer as it.

use crate::auth::resolve;
use crate::problem::ApiError;
use crate::state::AppState;
use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use purser_store::idempotency::{self, Remembered};
use sha2::{Digest, Sha256};
use std::time::Duration;

const LIMIT: usize = 1024 * 1024;

pub async fn layer(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if req.method() != Method::POST {
        return next.run(req).await;
    }
    let Some(key) = req
        .headers()
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
    else {
        return next.run(req).await;
    };
    if key.is_empty() || key.len() > 200 {
        return ApiError::field(
            StatusCode::BAD_REQUEST,
            "Idempotency-Key",
            "must be 1 to 200 characters",
        )
        .into_response();
    }
    let user = match resolve(&state, req.headers()).await {
        Ok(Some(c)) => c.user.id,
        _ => return next.run(req).await, // the handler answers 401
    };
    let (parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, LIMIT).await else {
        return ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "Payload too large",
            "the body is over the 1 MiB limit",
        )
        .into_response();
    };
    let mut h = Sha256::new();
    h.update(parts.uri.path().as_bytes());
    h.update([0]);
    h.update(&bytes);
    let hash: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    let store = state.store().clone();
    match claim_or_wait(&store, user, &key, &hash).await {
        Ok(Turn::Run) => {}
        Ok(Turn::Answered(r)) => return replay(&r),
        Err(resp) => return *resp,
    }
    let mut claim = Claim {
        store: Some(store.clone()),
        user,
        key: key.clone(),
    };
    let resp = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    if !resp.status().is_success() {
        claim.release().await;
        return resp;
    }
    let (rparts, rbody) = resp.into_parts();
    let Ok(rbytes) = to_bytes(rbody, 16 * LIMIT).await else {
        claim.release().await;
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let remembered = Remembered {
        user_id: user,
        key,
        request_hash: hash,
        status: i64::from(rparts.status.as_u16()),
        body: String::from_utf8_lossy(&rbytes).into_owned(),
        location: rparts
            .headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string),
        created_at: 0,
    };
    if idempotency::fill(&mut store.clone(), &remembered)
        .await
        .is_ok()
    {
        claim.store = None;
    } else {
        claim.release().await;
    }
    Response::from_parts(rparts, Body::from(rbytes))
}

/// Whether this request runs, or answers with what a twin already answered.
enum Turn {
    Run,
    Answered(Remembered),
}

/// How long a twin waits for the request that claimed its key: past the server's request
/// timeout that request is surely over.
const WAIT_FOR_TWIN: Duration = Duration::from_secs(35);
/// A claim this old belongs to a request that died (the process stopped mid-request).
const CLAIM_LOST_MICROS: i64 = 120 * 1_000_000;

/// Claims the key, or waits until the twin that claimed it has its answer. Of twins sent
/// at once exactly one claims (the key's row is the lock, on both databases), so exactly
/// one record is made and every twin answers with it.
async fn claim_or_wait(
    store: &purser_store::Store,
    user: uuid::Uuid,
    key: &str,
    hash: &str,
) -> Result<Turn, Box<Response>> {
    let internal = |e: purser_store::StoreError| {
        Box::new(ApiError::from(purser_app::AppError::from(e)).into_response())
    };
    let started = tokio::time::Instant::now();
    let mut pause = Duration::from_millis(5);
    loop {
        let mut db = store.clone();
        if idempotency::claim(&mut db, user, key, hash)
            .await
            .map_err(internal)?
        {
            return Ok(Turn::Run);
        }
        match idempotency::get(&mut db, user, key)
            .await
            .map_err(internal)?
        {
            Some(r) if r.request_hash != hash => {
                return Err(Box::new(
                    ApiError::field(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        "Idempotency-Key",
                        "was already used with a different request",
                    )
                    .into_response(),
                ));
            }
            Some(r) if !r.in_progress() => return Ok(Turn::Answered(r)),
            Some(r) if r.created_at < purser_store::now_micros() - CLAIM_LOST_MICROS => {
                idempotency::release(&mut db, user, key, Some(r.created_at))
                    .await
                    .map_err(internal)?;
            }
            Some(_) if started.elapsed() > WAIT_FOR_TWIN => {
                return Err(Box::new(
                    ApiError::field(
                        StatusCode::CONFLICT,
                        "Idempotency-Key",
                        "a request with this key is still running; retry later",
                    )
                    .into_response(),
                ));
            }
            Some(_) => {
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(Duration::from_millis(100));
            }
            // released between our claim and our look: claim again
            None => {}
        }
    }
}

/// A claimed key not yet answered. Dropped unanswered (the request failed, or the client
/// went away and the request was cancelled), it is let go, so a retry runs again.
struct Claim {
    store: Option<purser_store::Store>,
    user: uuid::Uuid,
    key: String,
}

impl Claim {
    async fn release(&mut self) {
        if let Some(mut store) = self.store.take() {
            let _ = idempotency::release(&mut store, self.user, &self.key, None).await;
        }
    }
}

impl Drop for Claim {
    fn drop(&mut self) {
        if let Some(mut store) = self.store.take() {
            let (user, key) = (self.user, std::mem::take(&mut self.key));
            tokio::spawn(async move {
                let _ = idempotency::release(&mut store, user, &key, None).await;
            });
        }
    }
}

fn replay(r: &Remembered) -> Response {
    let status = StatusCode::from_u16(r.status as u16).unwrap_or(StatusCode::OK);
    let mut resp = (status, r.body.clone()).into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    h.insert("idempotent-replayed", HeaderValue::from_static("true"));
    if let Some(l) = r
        .location
        .as_deref()
        .and_then(|l| HeaderValue::from_str(l).ok())
    {
        h.insert(header::LOCATION, l);
    }
    resp
}
