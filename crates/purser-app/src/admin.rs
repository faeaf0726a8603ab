//! Administration: users and their roles, departments, and API tokens. Admins only, except
//! that every user may see and revoke their own tokens and switch their own language.

use crate::audit::Audit;
use crate::auth::{self, audit_user_event};
use crate::{AppError, Ctx, Result};
use purser_domain::customers::Language;
use purser_domain::ids::EmailAddress;
use purser_domain::roles::{Department, Role};
use purser_domain::validation::{Problems, TAKEN};
use purser_store::users::{self, ApiToken, DepartmentRow, User, UserChange};
use purser_store::{Db, Store, customers};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

fn require_admin(ctx: &Ctx) -> Result<()> {
    if ctx.actor.can_admin() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewUserInput {
    #[schema(format = Email)]
    pub email: String,
    pub name: String,
    pub role: Role,
    #[serde(default)]
    pub department_id: Option<Uuid>,
    /// Required for role `customer`: the company the portal user belongs to.
    #[serde(default)]
    pub customer_id: Option<Uuid>,
    #[serde(default)]
    pub language: Language,
    pub password: String,
}

async fn check_bindings(
    db: &mut impl Db,
    p: &mut Problems,
    role: Role,
    department_id: Option<Uuid>,
    customer_id: Option<Uuid>,
) -> Result<()> {
    let known_customer = match customer_id {
        Some(c) => customers::get(db, c, &purser_domain::roles::CustomerScope::All)
            .await
            .is_ok(),
        None => false,
    };
    match (role, customer_id) {
        (Role::Customer, None) => p.add("customer_id", "is required for a customer user"),
        (Role::Customer, Some(_)) if !known_customer => {
            p.add("customer_id", "is not a known customer")
        }
        (Role::Customer, Some(_)) => {}
        (_, Some(_)) => p.add("customer_id", "is only for customer users"),
        _ => {}
    }
    let known_department = match department_id {
        Some(d) => users::get_department(db, d).await.is_ok(),
        None => false,
    };
    match (role, department_id) {
        (Role::Department, None) => p.add("department_id", "is required for a department user"),
        (_, Some(_)) if !known_department => p.add("department_id", "is not a known department"),
        _ => {}
    }
    Ok(())
}

pub async fn add_user(store: &Store, ctx: &Ctx, input: NewUserInput) -> Result<User> {
    require_admin(ctx)?;
    let mut p = Problems::new();
    let email = p.check("email", EmailAddress::parse(&input.email));
    p.text("name", &input.name, true, 200);
    if let Err(AppError::Invalid(pp)) = auth::check_password_strength(&input.password) {
        p.0.extend(pp.0);
    }
    let mut db = store.clone();
    check_bindings(
        &mut db,
        &mut p,
        input.role,
        input.department_id,
        input.customer_id,
    )
    .await?;
    p.into_result()?;
    let hash = auth::hash_password(&input.password).await?;
    let email = email.expect("checked");
    let mut tx = store.begin().await?;
    let u = users::insert(
        &mut tx,
        &users::NewUser {
            email: email.as_str(),
            name: input.name.trim(),
            role: input.role,
            department_id: input.department_id,
            customer_id: input.customer_id,
            language: input.language,
            password_hash: &hash,
        },
    )
    .await
    .map_err(|e| match e {
        purser_store::StoreError::Conflict(_) => AppError::field("email", &format!("{TAKEN} user")),
        other => other.into(),
    })?;
    Audit::that(ctx)
        .did("create")
        .on("user", u.id)
        .for_customer(u.customer_id)
        .after(&u)
        .write(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(u)
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserUpdate {
    pub name: String,
    pub role: Role,
    #[serde(default)]
    pub department_id: Option<Uuid>,
    #[serde(default)]
    pub customer_id: Option<Uuid>,
    #[serde(default)]
    pub language: Language,
    pub active: bool,
}

pub async fn update_user(
    store: &Store,
    ctx: &Ctx,
    id: Uuid,
    if_match: Option<i64>,
    input: UserUpdate,
) -> Result<User> {
    require_admin(ctx)?;
    let mut p = Problems::new();
    p.text("name", &input.name, true, 200);
    let mut tx = store.begin().await?;
    check_bindings(
        &mut tx,
        &mut p,
        input.role,
        input.department_id,
        input.customer_id,
    )
    .await?;
    p.into_result()?;
    if id == ctx.actor.user_id && (input.role != Role::Admin || !input.active) {
        return Err(AppError::field(
            "role",
            "you cannot remove your own admin rights",
        ));
    }
    let before = users::get(&mut tx, id).await?;
    let change = UserChange {
        name: input.name.trim().to_string(),
        role: input.role,
        department_id: input.department_id,
        customer_id: input.customer_id,
        language: input.language,
        active: input.active,
    };
    let after = users::update(&mut tx, id, if_match, &change).await?;
    if !after.active {
        users::delete_other_sessions(&mut tx, id, None).await?;
    }
    Audit::that(ctx)
        .did("update")
        .on("user", id)
        .for_customer(after.customer_id)
        .before(&before)
        .after(&after)
        .write(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(after)
}

/// Each user switches their own console language (English / Traditional Chinese).
pub async fn set_my_language(store: &Store, ctx: &Ctx, language: Language) -> Result<()> {
    let mut tx = store.begin().await?;
    users::set_language(&mut tx, ctx.actor.user_id, language).await?;
    audit_user_event(&mut tx, ctx, "language_change", ctx.actor.user_id).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn list_users(store: &Store, ctx: &Ctx) -> Result<Vec<User>> {
    require_admin(ctx)?;
    Ok(users::list(&mut store.clone()).await?)
}

pub async fn get_user(store: &Store, ctx: &Ctx, id: Uuid) -> Result<User> {
    require_admin(ctx)?;
    Ok(users::get(&mut store.clone(), id).await?)
}

/// Staff who can own accounts, for pickers (any staff member may see the list).
pub async fn list_agents(store: &Store, ctx: &Ctx) -> Result<Vec<User>> {
    if !ctx.actor.is_staff() {
        return Err(AppError::Forbidden);
    }
    Ok(users::list_agents(&mut store.clone()).await?)
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DepartmentInput {
    pub name: String,
    pub kind: Department,
    /// Empty, or an address as `EmailAddress::parse` takes it (ASCII shown; letters of any
    /// script and the rarer atext marks `{|}` are accepted too).
    #[serde(default)]
    #[schema(
        pattern = r#"^$|^[A-Za-z0-9!#$%&'*+/=?^_~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_~-]+)*@[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$"#
    )]
    pub email: String,
}

fn check_department(d: &DepartmentInput) -> Result<()> {
    let mut p = Problems::new();
    p.text("name", &d.name, true, 100);
    if !d.email.is_empty() {
        p.check("email", EmailAddress::parse(&d.email));
    }
    Ok(p.into_result()?)
}

pub async fn add_department(store: &Store, ctx: &Ctx, d: DepartmentInput) -> Result<DepartmentRow> {
    require_admin(ctx)?;
    check_department(&d)?;
    let mut tx = store.begin().await?;
    let row = users::insert_department(&mut tx, d.name.trim(), d.kind, d.email.trim())
        .await
        .map_err(|_| AppError::field("name", &format!("{TAKEN} department")))?;
    Audit::that(ctx)
        .did("create")
        .on("department", row.id)
        .after(&row)
        .write(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(row)
}

pub async fn update_department(
    store: &Store,
    ctx: &Ctx,
    id: Uuid,
    if_match: Option<i64>,
    d: DepartmentInput,
) -> Result<DepartmentRow> {
    require_admin(ctx)?;
    check_department(&d)?;
    let mut tx = store.begin().await?;
    let before = users::get_department(&mut tx, id).await?;
    let after =
        users::update_department(&mut tx, id, if_match, d.name.trim(), d.kind, d.email.trim())
            .await?;
    Audit::that(ctx)
        .did("update")
        .on("department", id)
        .before(&before)
        .after(&after)
        .write(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(after)
}

pub async fn list_departments(store: &Store, ctx: &Ctx) -> Result<Vec<DepartmentRow>> {
    if !ctx.actor.is_staff() {
        return Err(AppError::Forbidden);
    }
    Ok(users::list_departments(&mut store.clone()).await?)
}

/// Creates an API token for a user (admins for anyone, others for themselves); the secret
/// is returned once and only its hash is kept.
pub async fn create_token(
    store: &Store,
    ctx: &Ctx,
    user_id: Uuid,
    name: &str,
) -> Result<(ApiToken, String)> {
    if user_id != ctx.actor.user_id {
        require_admin(ctx)?;
    }
    let mut p = Problems::new();
    p.text("name", name, true, 100);
    p.into_result()?;
    let secret = auth::new_secret("pst_");
    let mut tx = store.begin().await?;
    let user = users::get(&mut tx, user_id)
        .await
        .map_err(|_| AppError::field("user_id", "is not a known user"))?;
    let t = users::insert_token(&mut tx, user.id, name.trim(), &auth::secret_hash(&secret)).await?;
    Audit::that(ctx)
        .did("create")
        .on("api_token", t.id)
        .for_customer(user.customer_id)
        .after(&t)
        .write(&mut tx)
        .await?;
    tx.commit().await?;
    Ok((t, secret))
}

pub async fn list_tokens(store: &Store, ctx: &Ctx) -> Result<Vec<ApiToken>> {
    let only = if ctx.actor.can_admin() {
        None
    } else {
        Some(ctx.actor.user_id)
    };
    Ok(users::list_tokens(&mut store.clone(), only).await?)
}

pub async fn revoke_token(store: &Store, ctx: &Ctx, id: Uuid) -> Result<ApiToken> {
    let mut tx = store.begin().await?;
    let all = users::list_tokens(
        &mut tx,
        if ctx.actor.can_admin() {
            None
        } else {
            Some(ctx.actor.user_id)
        },
    )
    .await?;
    let before = all
        .into_iter()
        .find(|t| t.id == id)
        .ok_or(AppError::NotFound)?;
    let after = users::revoke_token(&mut tx, id).await?;
    Audit::that(ctx)
        .did("update")
        .on("api_token", id)
        .before(&before)
        .after(&after)
        .write(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(after)
}
