//! Who may push events to Purser (sources, each with an HMAC secret) and who receives
//! them from Purser (TNT event subscriptions: a callback URL, filters and a secret).

use crate::Result;
use crate::db::Db;
use crate::rows::{self, json};
use purser_domain::roles::CustomerScope;
use sea_query::{Asterisk, Cond, Expr, ExprTrait, Order, Query};
use serde::Serialize;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Source {
    pub id: Uuid,
    pub name: String,
    #[serde(skip)]
    pub secret: String,
    pub created_at: i64,
    pub created_by: Option<Uuid>,
}

pub async fn add_source(db: &mut impl Db, s: &Source) -> Result<()> {
    rows::insert(
        db,
        "tracking_sources",
        vec![
            ("id", Expr::val(s.id)),
            ("name", Expr::val(s.name.as_str())),
            ("secret", Expr::val(s.secret.as_str())),
            ("created_at", Expr::val(s.created_at)),
            ("created_by", Expr::val(s.created_by)),
        ],
    )
    .await
}

/// A source by its id or its name (callbacks may use either in the URL).
pub async fn source(db: &mut impl Db, key: &str) -> Result<Option<Source>> {
    let mut q = Query::select();
    q.column(Asterisk).from("tracking_sources");
    match Uuid::parse_str(key) {
        Ok(id) => q.and_where(Expr::col("id").eq(id)),
        Err(_) => q.and_where(Expr::col("name").eq(key)),
    };
    db.fetch_optional(&q).await
}

pub async fn sources(db: &mut impl Db) -> Result<Vec<Source>> {
    let q = Query::select()
        .column(Asterisk)
        .from("tracking_sources")
        .order_by("name", Order::Asc)
        .take();
    db.fetch_all(&q).await
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct Subscription {
    pub id: Uuid,
    pub callback_url: String,
    #[serde(skip)]
    pub secret: String,
    /// The subscription body's filters as given (eventType, carrierBookingReference, …).
    #[sqlx(json)]
    pub filters: serde_json::Value,
    pub owner_id: Uuid,
    /// Set for a customer's subscription: it receives only its own shipments' events.
    pub customer_id: Option<Uuid>,
    pub created_at: i64,
    pub updated_at: i64,
    pub version: i64,
}

pub async fn add_subscription(db: &mut impl Db, s: &Subscription) -> Result<()> {
    rows::insert_versioned(
        db,
        "tnt_subscriptions",
        s.id,
        vec![
            ("callback_url", Expr::val(s.callback_url.as_str())),
            ("secret", Expr::val(s.secret.as_str())),
            ("filters", json(&s.filters)),
            ("owner_id", Expr::val(s.owner_id)),
            ("customer_id", Expr::val(s.customer_id)),
        ],
    )
    .await
}

fn subscription_scope(scope: &CustomerScope) -> Cond {
    match scope {
        CustomerScope::All => Cond::all(),
        CustomerScope::Only(c) => Cond::all().add(Expr::col("customer_id").eq(*c)),
        _ => Cond::all().add(Expr::val(1).eq(0)),
    }
}

pub async fn subscription(
    db: &mut impl Db,
    id: Uuid,
    scope: &CustomerScope,
) -> Result<Subscription> {
    let q = Query::select()
        .column(Asterisk)
        .from("tnt_subscriptions")
        .and_where(Expr::col("id").eq(id))
        .cond_where(subscription_scope(scope))
        .take();
    db.fetch_one(&q).await
}

pub async fn subscriptions(
    db: &mut impl Db,
    scope: &CustomerScope,
    limit: u64,
    after: Option<Uuid>,
) -> Result<Vec<Subscription>> {
    let mut q = Query::select();
    q.column(Asterisk)
        .from("tnt_subscriptions")
        .cond_where(subscription_scope(scope));
    if let Some(a) = after {
        q.and_where(Expr::col("id").gt(a));
    }
    q.order_by("id", Order::Asc).limit(limit);
    db.fetch_all(&q).await
}

/// Every subscription (the delivery side matches events against each).
pub async fn all_subscriptions(db: &mut impl Db) -> Result<Vec<Subscription>> {
    subscriptions(db, &CustomerScope::All, u64::MAX >> 1, None).await
}

pub async fn update_subscription(
    db: &mut impl Db,
    id: Uuid,
    callback_url: &str,
    filters: &serde_json::Value,
) -> Result<i64> {
    rows::update_versioned(
        db,
        "tnt_subscriptions",
        id,
        None,
        vec![
            ("callback_url", Expr::val(callback_url)),
            ("filters", json(filters)),
        ],
    )
    .await
}

pub async fn set_subscription_secret(db: &mut impl Db, id: Uuid, secret: &str) -> Result<i64> {
    rows::update_versioned(
        db,
        "tnt_subscriptions",
        id,
        None,
        vec![("secret", Expr::val(secret))],
    )
    .await
}

pub async fn delete_subscription(db: &mut impl Db, id: Uuid) -> Result<u64> {
    let q = Query::delete()
        .from_table("tnt_subscriptions")
        .and_where(Expr::col("id").eq(id))
        .take();
    db.execute(&q).await
}
