//! Administration pages: users and roles, departments, API tokens.

use super::{FieldErrors, Page, csrf_rejected, failure, field_errors, render, when};
use crate::auth::{Caller, PageCaller};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use purser_app::AppError;
use purser_app::admin::{self, DepartmentInput, NewUserInput, UserUpdate};
use purser_domain::customers::Language;
use purser_domain::roles::{Department, Role};
use purser_store::users::User;
use std::collections::BTreeMap;
use uuid::Uuid;

type FormMap = BTreeMap<String, String>;

fn get(f: &FormMap, k: &str) -> String {
    f.get(k).map(|s| s.trim().to_string()).unwrap_or_default()
}

fn opt_id(f: &FormMap, k: &str) -> Result<Option<Uuid>, AppError> {
    let v = get(f, k);
    if v.is_empty() {
        return Ok(None);
    }
    v.parse()
        .map(Some)
        .map_err(|_| AppError::field(k, "is not an id"))
}

fn with_status(mut r: Response, ok: bool) -> Response {
    if !ok {
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    r
}

pub struct UserRow {
    id: Uuid,
    name: String,
    email: String,
    role: String,
    department_id: String,
    customer_id: String,
    language: &'static str,
    active: bool,
    version: i64,
}

#[derive(Template)]
#[template(path = "users.html")]
struct Users {
    page: Page,
    users: Vec<UserRow>,
    roles: Vec<String>,
    departments: Vec<(String, String)>,
    errors: FieldErrors,
    notice: Option<&'static str>,
}

async fn users_page(
    s: &AppState,
    c: &Caller,
    errors: FieldErrors,
    notice: Option<&'static str>,
) -> Response {
    let users = match admin::list_users(s.store(), &c.ctx).await {
        Ok(u) => u,
        Err(e) => return failure(e),
    };
    let departments = admin::list_departments(s.store(), &c.ctx)
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|d| (d.id.to_string(), d.name))
        .collect();
    let ok = errors.is_empty();
    let page = Page::new(c, "users");
    let users = users
        .into_iter()
        .map(|u| UserRow {
            id: u.id,
            role: u.role.to_string(),
            department_id: u.department_id.map(|d| d.to_string()).unwrap_or_default(),
            customer_id: u.customer_id.map(|d| d.to_string()).unwrap_or_default(),
            language: u.language.as_str(),
            active: u.active,
            version: u.version,
            name: u.name,
            email: u.email,
        })
        .collect();
    with_status(
        render(&Users {
            page,
            users,
            roles: Role::ALL.iter().map(|r| r.to_string()).collect(),
            departments,
            errors,
            notice,
        }),
        ok,
    )
}

pub async fn users(State(s): State<AppState>, PageCaller(c): PageCaller) -> Response {
    if let Some(r) = super::staff_only(&c) {
        return r;
    }
    users_page(&s, &c, FieldErrors::new(), None).await
}

pub async fn add_user(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Form(f): Form<FormMap>,
) -> Response {
    if let Some(r) = super::staff_only(&c) {
        return r;
    }
    if let Some(r) = csrf_rejected(&c, &f) {
        return r;
    }
    let input = (|| -> Result<NewUserInput, AppError> {
        Ok(NewUserInput {
            email: get(&f, "email"),
            name: get(&f, "name"),
            role: Role::parse(&get(&f, "role"))
                .ok_or_else(|| AppError::field("role", "unknown role"))?,
            department_id: opt_id(&f, "department_id")?,
            customer_id: opt_id(&f, "customer_id")?,
            language: Language::parse(&get(&f, "language")).unwrap_or_default(),
            password: f.get("password").cloned().unwrap_or_default(),
        })
    })();
    match async { admin::add_user(s.store(), &c.ctx, input?).await }.await {
        Ok(_) => {
            users_page(
                &s,
                &c,
                FieldErrors::new(),
                Some(Page::new(&c, "users").t.s("saved")),
            )
            .await
        }
        Err(e @ AppError::Invalid(_)) => users_page(&s, &c, field_errors(&e), None).await,
        Err(e) => failure(e),
    }
}

pub async fn update_user(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Path(id): Path<Uuid>,
    Form(f): Form<FormMap>,
) -> Response {
    if let Some(r) = super::staff_only(&c) {
        return r;
    }
    if let Some(r) = csrf_rejected(&c, &f) {
        return r;
    }
    let input = (|| -> Result<UserUpdate, AppError> {
        Ok(UserUpdate {
            name: get(&f, "name"),
            role: Role::parse(&get(&f, "role"))
                .ok_or_else(|| AppError::field("role", "unknown role"))?,
            department_id: opt_id(&f, "department_id")?,
            customer_id: opt_id(&f, "customer_id")?,
            language: Language::parse(&get(&f, "language")).unwrap_or_default(),
            active: f.get("active").is_some_and(|v| v == "true"),
        })
    })();
    let version = f.get("version").and_then(|v| v.parse().ok());
    match async { admin::update_user(s.store(), &c.ctx, id, version, input?).await }.await {
        Ok(_) => Redirect::to("/admin/users").into_response(),
        Err(e @ (AppError::Invalid(_) | AppError::Stale { .. })) => {
            users_page(&s, &c, field_errors(&e), None).await
        }
        Err(e) => failure(e),
    }
}

#[derive(Template)]
#[template(path = "departments.html")]
struct Departments {
    page: Page,
    departments: Vec<purser_store::users::DepartmentRow>,
    kinds: Vec<&'static str>,
    errors: FieldErrors,
}

async fn departments_page(s: &AppState, c: &Caller, errors: FieldErrors) -> Response {
    if !c.ctx.actor.can_admin() {
        return failure(AppError::Forbidden);
    }
    let departments = admin::list_departments(s.store(), &c.ctx)
        .await
        .unwrap_or_default();
    let ok = errors.is_empty();
    with_status(
        render(&Departments {
            page: Page::new(c, "departments"),
            departments,
            kinds: Department::ALL.iter().map(|d| d.as_str()).collect(),
            errors,
        }),
        ok,
    )
}

pub async fn departments(State(s): State<AppState>, PageCaller(c): PageCaller) -> Response {
    if let Some(r) = super::staff_only(&c) {
        return r;
    }
    departments_page(&s, &c, FieldErrors::new()).await
}

pub async fn add_department(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Form(f): Form<FormMap>,
) -> Response {
    if let Some(r) = super::staff_only(&c) {
        return r;
    }
    if let Some(r) = csrf_rejected(&c, &f) {
        return r;
    }
    let Some(kind) = Department::parse(&get(&f, "kind")) else {
        return departments_page(&s, &c, field_errors(&AppError::field("kind", "unknown"))).await;
    };
    match admin::add_department(
        s.store(),
        &c.ctx,
        DepartmentInput {
            name: get(&f, "name"),
            kind,
            email: get(&f, "email"),
        },
    )
    .await
    {
        Ok(_) => Redirect::to("/admin/departments").into_response(),
        Err(e @ AppError::Invalid(_)) => departments_page(&s, &c, field_errors(&e)).await,
        Err(e) => failure(e),
    }
}

pub struct TokenRow {
    id: Uuid,
    name: String,
    owner: String,
    created: String,
    last_used: String,
    state: &'static str,
}

#[derive(Template)]
#[template(path = "tokens.html")]
struct Tokens {
    page: Page,
    tokens: Vec<TokenRow>,
    users: Vec<(Uuid, String)>,
    secret: Option<String>,
    errors: FieldErrors,
}

async fn tokens_page(
    s: &AppState,
    c: &Caller,
    secret: Option<String>,
    errors: FieldErrors,
) -> Response {
    let list = admin::list_tokens(s.store(), &c.ctx)
        .await
        .unwrap_or_default();
    let users: Vec<User> = if c.ctx.actor.can_admin() {
        admin::list_users(s.store(), &c.ctx)
            .await
            .unwrap_or_default()
    } else {
        vec![c.user.clone()]
    };
    let name = |id: Uuid| {
        users
            .iter()
            .find(|u| u.id == id)
            .map_or_else(|| id.to_string(), |u| u.name.clone())
    };
    let tokens = list
        .into_iter()
        .map(|t| TokenRow {
            id: t.id,
            owner: name(t.user_id),
            created: when(t.created_at),
            last_used: t.last_used_at.map(when).unwrap_or_else(|| "—".into()),
            state: if t.revoked_at.is_some() {
                "revoked"
            } else {
                "active"
            },
            name: t.name,
        })
        .collect();
    let ok = errors.is_empty();
    let users = users
        .iter()
        .map(|u| (u.id, format!("{} <{}>", u.name, u.email)))
        .collect();
    with_status(
        render(&Tokens {
            page: Page::new(c, "tokens"),
            tokens,
            users,
            secret,
            errors,
        }),
        ok,
    )
}

pub async fn tokens(State(s): State<AppState>, PageCaller(c): PageCaller) -> Response {
    if let Some(r) = super::staff_only(&c) {
        return r;
    }
    tokens_page(&s, &c, None, FieldErrors::new()).await
}

pub async fn create_token(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Form(f): Form<FormMap>,
) -> Response {
    if let Some(r) = super::staff_only(&c) {
        return r;
    }
    if let Some(r) = csrf_rejected(&c, &f) {
        return r;
    }
    let user = match opt_id(&f, "user_id") {
        Ok(u) => u.unwrap_or(c.user.id),
        Err(e) => return tokens_page(&s, &c, None, field_errors(&e)).await,
    };
    match admin::create_token(s.store(), &c.ctx, user, &get(&f, "name")).await {
        Ok((_, secret)) => tokens_page(&s, &c, Some(secret), FieldErrors::new()).await,
        Err(e @ AppError::Invalid(_)) => tokens_page(&s, &c, None, field_errors(&e)).await,
        Err(e) => failure(e),
    }
}

pub async fn revoke_token(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Path(id): Path<Uuid>,
    Form(f): Form<FormMap>,
) -> Response {
    if let Some(r) = super::staff_only(&c) {
        return r;
    }
    if let Some(r) = csrf_rejected(&c, &f) {
        return r;
    }
    match admin::revoke_token(s.store(), &c.ctx, id).await {
        Ok(_) => Redirect::to("/admin/tokens").into_response(),
        Err(e) => failure(e),
    }
}
