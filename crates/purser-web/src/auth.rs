//! Who is calling: a bearer token (`Authorization: Bearer pst_…`) or the session cookie.
//! Cookie-authenticated requests that change something must prove they come from our own
//! pages: forms carry the session's CSRF token, scripts send it as `X-CSRF-Token`.

use crate::problem::ApiError;
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use purser_app::{AppError, Ctx, auth};
use purser_store::users::User;

pub const SESSION_COOKIE: &str = "purser_session";

/// An authenticated caller.
#[derive(Clone)]
pub struct Caller {
    pub ctx: Ctx,
    pub user: User,
    /// The session's secret and CSRF token when the caller came by cookie.
    pub session: Option<(String, String)>,
    /// Unread notifications (counted for console pages only).
    pub unread: i64,
}

impl Caller {
    /// Checks a form's CSRF token against the session's.
    pub fn check_csrf(&self, token: &str) -> Result<(), AppError> {
        match &self.session {
            Some((_, csrf)) if constant_eq(csrf.as_bytes(), token.as_bytes()) => Ok(()),
            Some(_) => Err(AppError::Forbidden),
            None => Ok(()),
        }
    }

    pub fn csrf(&self) -> &str {
        self.session.as_ref().map_or("", |(_, c)| c.as_str())
    }
}

fn constant_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|kv| {
            let (k, v) = kv.trim().split_once('=')?;
            (k == name).then(|| v.to_string())
        })
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

pub fn request_id(parts: &HeaderMap) -> Option<String> {
    parts
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// Resolves the caller from headers; `None` when no credentials were sent.
pub async fn resolve(state: &AppState, headers: &HeaderMap) -> Result<Option<Caller>, AppError> {
    let store = state.store();
    let (user, session) = if let Some(token) = bearer(headers) {
        (auth::token_user(store, token).await?, None)
    } else if let Some(secret) = cookie(headers, SESSION_COOKIE) {
        let (u, csrf) = auth::session_user(store, &secret).await?;
        (u, Some((secret, csrf)))
    } else {
        return Ok(None);
    };
    let ctx = Ctx {
        actor: auth::actor_of(&user),
        label: auth::label_of(&user.user),
        request_id: request_id(headers),
    };
    Ok(Some(Caller {
        ctx,
        user: user.user,
        session,
        unread: 0,
    }))
}

/// The API's caller: 401 problem without credentials, 403 on a cookie request that
/// changes state without the CSRF header.
pub struct ApiCaller(pub Caller);

impl FromRequestParts<AppState> for ApiCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let caller = resolve(state, &parts.headers)
            .await?
            .ok_or(AppError::Unauthorized)?;
        let unsafe_method = !matches!(parts.method, Method::GET | Method::HEAD | Method::OPTIONS);
        if unsafe_method && caller.session.is_some() {
            let sent = parts
                .headers
                .get("x-csrf-token")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            if caller.check_csrf(sent).is_err() {
                return Err(ApiError::new(
                    StatusCode::FORBIDDEN,
                    "Forbidden",
                    "missing or wrong X-CSRF-Token header",
                ));
            }
        }
        Ok(ApiCaller(caller))
    }
}

/// The console's caller: without a session, a redirect to the log-in page.
pub struct PageCaller(pub Caller);

pub struct ToLogin;

impl IntoResponse for ToLogin {
    fn into_response(self) -> Response {
        Redirect::to("/login").into_response()
    }
}

impl FromRequestParts<AppState> for PageCaller {
    type Rejection = ToLogin;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ToLogin> {
        match resolve(state, &parts.headers).await {
            Ok(Some(mut c)) if c.session.is_some() => {
                c.unread = purser_store::notifications::unread_count(
                    &mut state.store().clone(),
                    c.user.id,
                )
                .await
                .unwrap_or(0);
                // presence: the page's times in the viewer's zone (see local_time)
                if let Ok(tz) = purser_app::presence::viewer_zone(state.store(), c.user.id).await {
                    crate::local_time::enter(tz);
                }
                Ok(PageCaller(c))
            }
            _ => Err(ToLogin),
        }
    }
}

/// The `Set-Cookie` value of a session (HttpOnly, SameSite=Lax, Secure behind HTTPS).
pub fn session_cookie(secret: &str, secure: bool, max_age_secs: i64) -> String {
    format!(
        "{SESSION_COOKIE}={secret}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{}",
        if secure { "; Secure" } else { "" }
    )
}

/// `Retry-After` of a throttled log-in: when the window its failures count in has passed
/// (an upper bound; the oldest failure may leave it sooner).
pub fn retry_after() -> axum::http::HeaderValue {
    (purser_app::auth::THROTTLE_WINDOW_MICROS / 1_000_000).into()
}
