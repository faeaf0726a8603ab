//! The append-only audit history: written in the same transaction as the change it
//! records, read per object or per customer. The tables' triggers refuse UPDATE and DELETE.

use crate::db::Db;
use crate::{Result, new_id, now_micros};
use sea_query::{Expr, ExprTrait, Order, Query};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone)]
pub struct NewEntry<'a> {
    pub actor_id: Option<Uuid>,
    /// Who, in words ("Amy Lin <amy@…>", "system", "import"), kept even if the user goes.
    pub actor_label: &'a str,
    /// create, update, delete, login, …
    pub action: &'a str,
    pub object_type: &'a str,
    pub object_id: Uuid,
    /// The customer the object belongs to, so a customer's page lists everything about it.
    pub customer_id: Option<Uuid>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub request_id: Option<&'a str>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow, ToSchema)]
pub struct Entry {
    pub id: Uuid,
    /// Microseconds since the epoch, UTC.
    pub at: i64,
    pub actor_id: Option<Uuid>,
    pub actor_label: String,
    pub action: String,
    pub object_type: String,
    pub object_id: Uuid,
    pub customer_id: Option<Uuid>,
    #[sqlx(json(nullable))]
    pub before: Option<serde_json::Value>,
    #[sqlx(json(nullable))]
    pub after: Option<serde_json::Value>,
    pub request_id: Option<String>,
}

pub async fn record(db: &mut impl Db, e: NewEntry<'_>) -> Result<Uuid> {
    let id = new_id();
    let stmt = Query::insert()
        .into_table("audit")
        .columns([
            "id",
            "at",
            "actor_id",
            "actor_label",
            "action",
            "object_type",
            "object_id",
            "customer_id",
            "before",
            "after",
            "request_id",
        ])
        .values_panic([
            Expr::val(id),
            Expr::val(now_micros()),
            Expr::val(e.actor_id),
            Expr::val(e.actor_label),
            Expr::val(e.action),
            Expr::val(e.object_type),
            Expr::val(e.object_id),
            Expr::val(e.customer_id),
            Expr::val(e.before),
            Expr::val(e.after),
            Expr::val(e.request_id),
        ])
        .take();
    db.defer(&stmt).await?;
    Ok(id)
}

/// Newest first; `before` is the id of the last entry of the previous page.
pub async fn for_object(
    db: &mut impl Db,
    object_type: &str,
    object_id: Uuid,
    before: Option<Uuid>,
    limit: u64,
) -> Result<Vec<Entry>> {
    let mut q = Query::select();
    q.column(sea_query::Asterisk)
        .from("audit")
        .and_where(Expr::col("object_type").eq(object_type))
        .and_where(Expr::col("object_id").eq(object_id))
        .order_by("id", Order::Desc)
        .limit(limit);
    if let Some(b) = before {
        q.and_where(Expr::col("id").lt(b));
    }
    db.fetch_all(&q).await
}

/// Everything recorded about one customer and the objects beneath it, newest first.
pub async fn for_customer(db: &mut impl Db, customer_id: Uuid, limit: u64) -> Result<Vec<Entry>> {
    let q = Query::select()
        .column(sea_query::Asterisk)
        .from("audit")
        .and_where(Expr::col("customer_id").eq(customer_id))
        .order_by("id", Order::Desc)
        .limit(limit)
        .take();
    db.fetch_all(&q).await
}
