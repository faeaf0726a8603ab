//! `/api/v1/users`, `/api/v1/departments`, `/api/v1/tokens`, `/api/v1/me`: administration
//! and each user's own account.

use super::{created, if_match, with_etag};
use crate::auth::ApiCaller;
use crate::problem::{ApiResult, JsonBody, Problem};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use purser_app::admin::{self, DepartmentInput, NewUserInput, UserUpdate};
use purser_app::auth;
use purser_store::users::{ApiToken, DepartmentRow, User};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// All users (admins).
#[utoipa::path(get, path = "/api/v1/users", tag = "admin", responses((status = 200, body = Vec<User>), (status = 403, body = Problem)))]
pub async fn list_users(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
) -> ApiResult<axum::Json<Vec<User>>> {
    Ok(axum::Json(admin::list_users(s.store(), &c.ctx).await?))
}

/// Add a user with a role (admins). Customer users need `customer_id`.
#[utoipa::path(post, path = "/api/v1/users", tag = "admin", request_body = NewUserInput,
    responses((status = 201, body = User), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn add_user(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    JsonBody(input): JsonBody<NewUserInput>,
) -> ApiResult<Response> {
    let u = admin::add_user(s.store(), &c.ctx, input).await?;
    Ok(created(format!("/api/v1/users/{}", u.id), u.version, &u))
}

#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "admin", params(("id" = Uuid, Path)),
    responses((status = 200, body = User), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn get_user(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<Uuid>,
) -> ApiResult<Response> {
    let u = admin::get_user(s.store(), &c.ctx, id).await?;
    Ok(with_etag(StatusCode::OK, u.version, &u))
}

/// Change a user's name, role, bindings, language or active flag (admins; needs If-Match).
#[utoipa::path(put, path = "/api/v1/users/{id}", tag = "admin", params(("id" = Uuid, Path), ("If-Match" = String, Header)),
    request_body = UserUpdate, responses((status = 200, body = User), (status = 412, body = Problem), (status = 422, body = Problem)))]
pub async fn update_user(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    JsonBody(input): JsonBody<UserUpdate>,
) -> ApiResult<Response> {
    let u = admin::update_user(s.store(), &c.ctx, id, if_match(&headers)?, input).await?;
    Ok(with_etag(StatusCode::OK, u.version, &u))
}

/// The signed-in user.
#[utoipa::path(get, path = "/api/v1/me", tag = "account", responses((status = 200, body = User), (status = 401, body = Problem)))]
pub async fn me(ApiCaller(c): ApiCaller) -> axum::Json<User> {
    axum::Json(c.user)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    pub current_password: String,
    #[schema(min_length = 10)]
    pub new_password: String,
}

/// Change your own password; your other sessions end.
#[utoipa::path(post, path = "/api/v1/me/password", tag = "account", request_body = PasswordChange,
    responses((status = 204), (status = 422, body = Problem)))]
pub async fn change_password(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    JsonBody(p): JsonBody<PasswordChange>,
) -> ApiResult<StatusCode> {
    let keep = c.session.as_ref().map(|(secret, _)| secret.as_str());
    auth::change_password(
        s.store(),
        &c.ctx,
        &p.current_password,
        &p.new_password,
        keep,
    )
    .await
    .map_err(|e| match e {
        purser_app::AppError::Invalid(mut pr) => {
            pr.0.iter_mut()
                .filter(|f| f.field == "password")
                .for_each(|f| f.field = "new_password".into());
            purser_app::AppError::Invalid(pr)
        }
        other => other,
    })?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/departments", tag = "admin", responses((status = 200, body = Vec<DepartmentRow>)))]
pub async fn list_departments(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
) -> ApiResult<axum::Json<Vec<DepartmentRow>>> {
    Ok(axum::Json(
        admin::list_departments(s.store(), &c.ctx).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/departments", tag = "admin", request_body = DepartmentInput,
    responses((status = 201, body = DepartmentRow), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn add_department(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    JsonBody(d): JsonBody<DepartmentInput>,
) -> ApiResult<Response> {
    let row = admin::add_department(s.store(), &c.ctx, d).await?;
    Ok(created(
        format!("/api/v1/departments/{}", row.id),
        row.version,
        &row,
    ))
}

#[utoipa::path(put, path = "/api/v1/departments/{id}", tag = "admin", params(("id" = Uuid, Path), ("If-Match" = String, Header)),
    request_body = DepartmentInput, responses((status = 200, body = DepartmentRow), (status = 412, body = Problem)))]
pub async fn update_department(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<Uuid>,
    headers: HeaderMap,
    JsonBody(d): JsonBody<DepartmentInput>,
) -> ApiResult<Response> {
    let row = admin::update_department(s.store(), &c.ctx, id, if_match(&headers)?, d).await?;
    Ok(with_etag(StatusCode::OK, row.version, &row))
}

/// Your tokens (admins: everyone's).
#[utoipa::path(get, path = "/api/v1/tokens", tag = "admin", responses((status = 200, body = Vec<ApiToken>)))]
pub async fn list_tokens(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
) -> ApiResult<axum::Json<Vec<ApiToken>>> {
    Ok(axum::Json(admin::list_tokens(s.store(), &c.ctx).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    pub name: String,
    /// Whose token (admins only; default yourself).
    #[serde(default)]
    pub user_id: Option<Uuid>,
}

#[derive(Serialize, ToSchema)]
pub struct NewToken {
    #[serde(flatten)]
    pub token: ApiToken,
    /// The secret, shown once: send it as `Authorization: Bearer <token>`.
    pub secret: String,
}

#[utoipa::path(post, path = "/api/v1/tokens", tag = "admin", request_body = TokenRequest,
    responses((status = 201, body = NewToken), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn create_token(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    JsonBody(t): JsonBody<TokenRequest>,
) -> ApiResult<Response> {
    let (token, secret) = admin::create_token(
        s.store(),
        &c.ctx,
        t.user_id.unwrap_or(c.ctx.actor.user_id),
        &t.name,
    )
    .await?;
    Ok(created(
        format!("/api/v1/tokens/{}", token.id),
        1,
        &NewToken { token, secret },
    ))
}

/// Revoke a token; it stops working at once.
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "admin", params(("id" = Uuid, Path)),
    responses((status = 200, body = ApiToken), (status = 404, body = Problem)))]
pub async fn revoke_token(
    State(s): State<AppState>,
    ApiCaller(c): ApiCaller,
    Path(id): Path<Uuid>,
) -> ApiResult<axum::Json<ApiToken>> {
    Ok(axum::Json(
        admin::revoke_token(s.store(), &c.ctx, id).await?,
    ))
}
