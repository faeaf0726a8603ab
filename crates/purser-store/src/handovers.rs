//! The hand-over of a new customer from sales to customer service: an owner, a checklist,
//! and completion once every item is ticked.

use crate::db::Db;
use crate::rows::{self, json};
use crate::{Result, now_micros};
use sea_query::{Asterisk, Expr, ExprTrait, Order, Query};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct Handover {
    pub id: Uuid,
    pub customer_id: Uuid,
    pub from_user_id: Uuid,
    pub owner_id: Uuid,
    /// Checklist items ticked so far.
    #[sqlx(json)]
    pub checklist: Vec<String>,
    pub notes: String,
    /// open or completed
    pub status: String,
    pub created_at: i64,
    pub completed_at: Option<i64>,
    pub updated_at: i64,
    pub version: i64,
}

pub async fn insert(
    db: &mut impl Db,
    id: Uuid,
    customer_id: Uuid,
    from: Uuid,
    owner: Uuid,
    done: &[String],
    notes: &str,
) -> Result<Handover> {
    rows::insert_versioned(
        db,
        "handovers",
        id,
        vec![
            ("customer_id", Expr::val(customer_id)),
            ("from_user_id", Expr::val(from)),
            ("owner_id", Expr::val(owner)),
            ("checklist", json(&done)),
            ("notes", Expr::val(notes)),
            ("status", Expr::val("open")),
        ],
    )
    .await?;
    get(db, customer_id, id).await
}

pub async fn update(
    db: &mut impl Db,
    h: &Handover,
    expected: Option<i64>,
    done: &[String],
    completed: bool,
) -> Result<Handover> {
    let mut v = vec![("checklist", json(&done))];
    if completed {
        v.push(("status", Expr::val("completed")));
        v.push(("completed_at", Expr::val(now_micros())));
    }
    rows::update_versioned(db, "handovers", h.id, expected, v).await?;
    get(db, h.customer_id, h.id).await
}

pub async fn get(db: &mut impl Db, customer_id: Uuid, id: Uuid) -> Result<Handover> {
    rows::get_child(db, "handovers", customer_id, id).await
}

pub async fn list(db: &mut impl Db, customer_id: Uuid) -> Result<Vec<Handover>> {
    let q = Query::select()
        .column(Asterisk)
        .from("handovers")
        .and_where(Expr::col("customer_id").eq(customer_id))
        .order_by("created_at", Order::Desc)
        .take();
    db.fetch_all(&q).await
}
