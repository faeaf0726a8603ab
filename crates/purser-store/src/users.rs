//! Staff and portal users, departments, browser sessions, API tokens and the log-in
//! failure record that throttling counts. Secrets are stored only as hashes.

use crate::db::Db;
use crate::rows::{self, Values};
use crate::{Result, new_id, now_micros};
use purser_domain::customers::Language;
use purser_domain::roles::{Department, Role};
use sea_query::{Asterisk, Expr, ExprTrait, Order, Query};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct User {
    pub id: Uuid,
    pub email: String,
    pub name: String,
    #[sqlx(try_from = "String")]
    pub role: Role,
    pub department_id: Option<Uuid>,
    pub customer_id: Option<Uuid>,
    #[sqlx(try_from = "String")]
    pub language: Language,
    #[serde(skip)]
    pub password_hash: String,
    pub active: bool,
    pub created_at: i64,
    pub updated_at: i64,
    pub version: i64,
}

/// A user with its department's kind, as the policy needs it.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct UserWithDepartment {
    #[sqlx(flatten)]
    pub user: User,
    pub department_kind: Option<String>,
}

impl UserWithDepartment {
    pub fn department(&self) -> Option<Department> {
        self.department_kind.as_deref().and_then(Department::parse)
    }
}

#[derive(Debug, Clone)]
pub struct NewUser<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub role: Role,
    pub department_id: Option<Uuid>,
    pub customer_id: Option<Uuid>,
    pub language: Language,
    pub password_hash: &'a str,
}

pub async fn insert(db: &mut impl Db, u: &NewUser<'_>) -> Result<User> {
    let id = new_id();
    rows::insert_versioned(
        db,
        "users",
        id,
        vec![
            ("email", Expr::val(u.email)),
            ("email_lower", Expr::val(u.email.to_lowercase())),
            ("name", Expr::val(u.name)),
            ("role", Expr::val(u.role.as_str())),
            ("department_id", Expr::val(u.department_id)),
            ("customer_id", Expr::val(u.customer_id)),
            ("language", Expr::val(u.language.as_str())),
            ("password_hash", Expr::val(u.password_hash)),
            ("active", Expr::val(true)),
        ],
    )
    .await?;
    get(db, id).await
}

/// What an admin may change about a user (password has its own path).
#[derive(Debug, Clone)]
pub struct UserChange {
    pub name: String,
    pub role: Role,
    pub department_id: Option<Uuid>,
    pub customer_id: Option<Uuid>,
    pub language: Language,
    pub active: bool,
}

pub async fn update(
    db: &mut impl Db,
    id: Uuid,
    expected: Option<i64>,
    c: &UserChange,
) -> Result<User> {
    let v: Values = vec![
        ("name", Expr::val(c.name.as_str())),
        ("role", Expr::val(c.role.as_str())),
        ("department_id", Expr::val(c.department_id)),
        ("customer_id", Expr::val(c.customer_id)),
        ("language", Expr::val(c.language.as_str())),
        ("active", Expr::val(c.active)),
    ];
    rows::update_versioned(db, "users", id, expected, v).await?;
    get(db, id).await
}

pub async fn set_language(db: &mut impl Db, id: Uuid, language: Language) -> Result<()> {
    rows::update_versioned(
        db,
        "users",
        id,
        None,
        vec![("language", Expr::val(language.as_str()))],
    )
    .await
    .map(|_| ())
}

pub async fn set_password_hash(db: &mut impl Db, id: Uuid, hash: &str) -> Result<()> {
    rows::update_versioned(
        db,
        "users",
        id,
        None,
        vec![("password_hash", Expr::val(hash))],
    )
    .await
    .map(|_| ())
}

pub async fn get(db: &mut impl Db, id: Uuid) -> Result<User> {
    db.fetch_one(
        &Query::select()
            .column(Asterisk)
            .from("users")
            .and_where(Expr::col("id").eq(id))
            .take(),
    )
    .await
}

fn with_department() -> sea_query::SelectStatement {
    Query::select()
        .column(("users", Asterisk))
        .expr_as(Expr::col(("departments", "kind")), "department_kind")
        .from("users")
        .left_join(
            "departments",
            Expr::col(("departments", "id")).equals(("users", "department_id")),
        )
        .take()
}

/// A user behind a live session, with the session's CSRF token: one query per request.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct SessionUser {
    #[sqlx(flatten)]
    pub user: UserWithDepartment,
    pub csrf_token: String,
}

pub async fn session_user(db: &mut impl Db, token_hash: &str) -> Result<Option<SessionUser>> {
    let q = with_department()
        .column(("sessions", "csrf_token"))
        .inner_join(
            "sessions",
            Expr::col(("sessions", "user_id")).equals(("users", "id")),
        )
        .and_where(Expr::col(("sessions", "token_hash")).eq(token_hash))
        .and_where(Expr::col(("sessions", "expires_at")).gt(now_micros()))
        .take();
    db.fetch_optional(&q).await
}

pub async fn get_with_department(db: &mut impl Db, id: Uuid) -> Result<UserWithDepartment> {
    db.fetch_one(
        &with_department()
            .and_where(Expr::col(("users", "id")).eq(id))
            .take(),
    )
    .await
}

pub async fn by_email(db: &mut impl Db, email: &str) -> Result<Option<UserWithDepartment>> {
    db.fetch_optional(
        &with_department()
            .and_where(Expr::col(("users", "email_lower")).eq(email.trim().to_lowercase()))
            .take(),
    )
    .await
}

pub async fn list(db: &mut impl Db) -> Result<Vec<User>> {
    db.fetch_all(
        &Query::select()
            .column(Asterisk)
            .from("users")
            .order_by("name", Order::Asc)
            .take(),
    )
    .await
}

/// Active staff who can own customer accounts (agents and supervisors), for pickers.
pub async fn list_agents(db: &mut impl Db) -> Result<Vec<User>> {
    let q = Query::select()
        .column(Asterisk)
        .from("users")
        .and_where(Expr::col("role").is_in(["agent", "supervisor"]))
        .and_where(Expr::col("active").eq(true))
        .order_by("name", Order::Asc)
        .take();
    db.fetch_all(&q).await
}

pub async fn count(db: &mut impl Db) -> Result<i64> {
    db.scalar_raw("SELECT COUNT(*) FROM users").await
}

// --- departments -----------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct DepartmentRow {
    pub id: Uuid,
    pub name: String,
    #[sqlx(try_from = "String")]
    pub kind: Department,
    /// Shared mailbox of the department, where its tasks are announced.
    pub email: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub version: i64,
}

pub async fn insert_department(
    db: &mut impl Db,
    name: &str,
    kind: Department,
    email: &str,
) -> Result<DepartmentRow> {
    let id = new_id();
    rows::insert_versioned(db, "departments", id, department_values(name, kind, email)).await?;
    get_department(db, id).await
}

/// The columns a department's create and update both write.
fn department_values(name: &str, kind: Department, email: &str) -> Values {
    vec![
        ("name", Expr::val(name)),
        ("kind", Expr::val(kind.as_str())),
        ("email", Expr::val(email)),
    ]
}

pub async fn update_department(
    db: &mut impl Db,
    id: Uuid,
    expected: Option<i64>,
    name: &str,
    kind: Department,
    email: &str,
) -> Result<DepartmentRow> {
    rows::update_versioned(
        db,
        "departments",
        id,
        expected,
        department_values(name, kind, email),
    )
    .await?;
    get_department(db, id).await
}

pub async fn get_department(db: &mut impl Db, id: Uuid) -> Result<DepartmentRow> {
    db.fetch_one(
        &Query::select()
            .column(Asterisk)
            .from("departments")
            .and_where(Expr::col("id").eq(id))
            .take(),
    )
    .await
}

pub async fn list_departments(db: &mut impl Db) -> Result<Vec<DepartmentRow>> {
    db.fetch_all(
        &Query::select()
            .column(Asterisk)
            .from("departments")
            .order_by("name", Order::Asc)
            .take(),
    )
    .await
}

// --- sessions --------------------------------------------------------------------------

pub async fn insert_session(
    db: &mut impl Db,
    token_hash: &str,
    user_id: Uuid,
    csrf: &str,
    ttl_micros: i64,
) -> Result<()> {
    let now = now_micros();
    rows::insert(
        db,
        "sessions",
        vec![
            ("token_hash", Expr::val(token_hash)),
            ("user_id", Expr::val(user_id)),
            ("csrf_token", Expr::val(csrf)),
            ("created_at", Expr::val(now)),
            ("expires_at", Expr::val(now + ttl_micros)),
            ("last_seen_at", Expr::val(now)),
        ],
    )
    .await
}

pub async fn delete_session(db: &mut impl Db, token_hash: &str) -> Result<()> {
    db.execute(
        &Query::delete()
            .from_table("sessions")
            .and_where(Expr::col("token_hash").eq(token_hash))
            .take(),
    )
    .await?;
    Ok(())
}

/// Ends every session of a user but one (after a password change).
pub async fn delete_other_sessions(
    db: &mut impl Db,
    user_id: Uuid,
    keep: Option<&str>,
) -> Result<()> {
    let mut q = Query::delete();
    q.from_table("sessions")
        .and_where(Expr::col("user_id").eq(user_id));
    if let Some(k) = keep {
        q.and_where(Expr::col("token_hash").ne(k));
    }
    db.execute(&q).await?;
    Ok(())
}

// --- API tokens ------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct ApiToken {
    pub id: Uuid,
    pub user_id: Uuid,
    pub name: String,
    #[serde(skip)]
    pub token_hash: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

pub async fn insert_token(
    db: &mut impl Db,
    user_id: Uuid,
    name: &str,
    token_hash: &str,
) -> Result<ApiToken> {
    let id = new_id();
    rows::insert(
        db,
        "api_tokens",
        vec![
            ("id", Expr::val(id)),
            ("user_id", Expr::val(user_id)),
            ("name", Expr::val(name)),
            ("token_hash", Expr::val(token_hash)),
            ("created_at", Expr::val(now_micros())),
        ],
    )
    .await?;
    db.fetch_one(
        &Query::select()
            .column(Asterisk)
            .from("api_tokens")
            .and_where(Expr::col("id").eq(id))
            .take(),
    )
    .await
}

/// The unrevoked token with this hash.
pub async fn token_by_hash(db: &mut impl Db, token_hash: &str) -> Result<Option<ApiToken>> {
    let q = Query::select()
        .column(Asterisk)
        .from("api_tokens")
        .and_where(Expr::col("token_hash").eq(token_hash))
        .and_where(Expr::col("revoked_at").is_null())
        .take();
    db.fetch_optional(&q).await
}

pub async fn touch_token(db: &mut impl Db, id: Uuid) -> Result<()> {
    let q = Query::update()
        .table("api_tokens")
        .value("last_used_at", now_micros())
        .and_where(Expr::col("id").eq(id))
        .take();
    db.execute(&q).await?;
    Ok(())
}

pub async fn revoke_token(db: &mut impl Db, id: Uuid) -> Result<ApiToken> {
    let q = Query::update()
        .table("api_tokens")
        .value("revoked_at", now_micros())
        .and_where(Expr::col("id").eq(id))
        .and_where(Expr::col("revoked_at").is_null())
        .take();
    db.execute(&q).await?;
    db.fetch_one(
        &Query::select()
            .column(Asterisk)
            .from("api_tokens")
            .and_where(Expr::col("id").eq(id))
            .take(),
    )
    .await
}

pub async fn list_tokens(db: &mut impl Db, user_id: Option<Uuid>) -> Result<Vec<ApiToken>> {
    let mut q = Query::select();
    q.column(Asterisk)
        .from("api_tokens")
        .order_by("created_at", Order::Desc);
    if let Some(u) = user_id {
        q.and_where(Expr::col("user_id").eq(u));
    }
    db.fetch_all(&q).await
}

// --- log-in throttling -----------------------------------------------------------------

pub async fn record_login_failure(db: &mut impl Db, key: &str) -> Result<i64> {
    let at = now_micros();
    record_login_failure_at(db, key, at).await?;
    Ok(at)
}

/// Records an attempt under `key` at a given time (one attempt counted under several keys
/// shares one time, so a right password can take back each).
pub async fn record_login_failure_at(db: &mut impl Db, key: &str, at: i64) -> Result<()> {
    rows::insert(
        db,
        "login_failures",
        vec![("key", Expr::val(key)), ("at", Expr::val(at))],
    )
    .await
}

/// Takes back one recorded attempt (a log-in that turned out right).
pub async fn forget_login_failure(db: &mut impl Db, key: &str, at: i64) -> Result<()> {
    db.execute(
        &Query::delete()
            .from_table("login_failures")
            .and_where(Expr::col("key").eq(key))
            .and_where(Expr::col("at").eq(at))
            .take(),
    )
    .await?;
    Ok(())
}

pub async fn login_failures_since(db: &mut impl Db, key: &str, since: i64) -> Result<i64> {
    let q = Query::select()
        .expr(Expr::col(Asterisk).count())
        .from("login_failures")
        .and_where(Expr::col("key").eq(key))
        .and_where(Expr::col("at").gte(since))
        .take();
    let row: (i64,) = db.fetch_one(&q).await?;
    Ok(row.0)
}

/// Deletes what no sign-in reads any more — sessions past their expiry, failed attempts
/// from before `attempts_before` (the throttle's window), and the "signed in from here"
/// marks (`known:` keys) from before `marks_before` — and returns how many rows went.
pub async fn prune_sign_ins(
    db: &mut impl Db,
    now: i64,
    attempts_before: i64,
    marks_before: i64,
) -> Result<u64> {
    let sessions = db
        .execute(
            &Query::delete()
                .from_table("sessions")
                .and_where(Expr::col("expires_at").lte(now))
                .take(),
        )
        .await?;
    let attempts = db
        .execute(
            &Query::delete()
                .from_table("login_failures")
                .and_where(Expr::col("key").not_like("known:%"))
                .and_where(Expr::col("at").lt(attempts_before))
                .take(),
        )
        .await?;
    let marks = db
        .execute(
            &Query::delete()
                .from_table("login_failures")
                .and_where(Expr::col("key").like("known:%"))
                .and_where(Expr::col("at").lt(marks_before))
                .take(),
        )
        .await?;
    Ok(sessions + attempts + marks)
}

pub async fn clear_login_failures(db: &mut impl Db, key: &str) -> Result<()> {
    db.execute(
        &Query::delete()
            .from_table("login_failures")
            .and_where(Expr::col("key").eq(key))
            .take(),
    )
    .await?;
    Ok(())
}
