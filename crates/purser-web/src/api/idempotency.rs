//! `Idempotency-Key` on POST: the first answer is remembered per user and key; a retry
//! with the same body gets it again (and creates nothing), a different body is a 422.

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
    let mut db = state.store().clone();
    match idempotency::get(&mut db, user, &key).await {
        Ok(Some(r)) if r.request_hash == hash => return replay(&r),
        Ok(Some(_)) => {
            return ApiError::field(
                StatusCode::UNPROCESSABLE_ENTITY,
                "Idempotency-Key",
                "was already used with a different request",
            )
            .into_response();
        }
        Ok(None) => {}
        Err(e) => return ApiError::from(purser_app::AppError::from(e)).into_response(),
    }
    let resp = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    if !resp.status().is_success() {
        return resp;
    }
    let (rparts, rbody) = resp.into_parts();
    let Ok(rbytes) = to_bytes(rbody, 16 * LIMIT).await else {
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
    if let Ok(mut tx) = state.store().begin().await {
        // A concurrent twin may have stored it first; its answer stands, ours is the same.
        if idempotency::put(&mut tx, &remembered).await.is_ok() {
            let _ = tx.commit().await;
        }
    }
    Response::from_parts(rparts, Body::from(rbytes))
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
