//! End-of-shift hand-over reports and their acknowledgement by the next shift.

use crate::db::Db;
use crate::rows::{self, json};
use crate::{Result, new_id, now_micros};
use sea_query::{Asterisk, Expr, ExprTrait, Order, Query};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct ShiftHandover {
    pub id: Uuid,
    pub from_user_id: Uuid,
    pub to_user_id: Option<Uuid>,
    /// Cases, promises and waiting tasks with next steps, as written at hand-over.
    #[sqlx(json)]
    #[schema(value_type = Object)]
    pub report: serde_json::Value,
    pub notes: String,
    pub created_at: i64,
    pub acknowledged_by: Option<Uuid>,
    pub acknowledged_at: Option<i64>,
}

pub async fn insert(
    db: &mut impl Db,
    from: Uuid,
    to: Option<Uuid>,
    report: &serde_json::Value,
    notes: &str,
) -> Result<ShiftHandover> {
    let id = new_id();
    rows::insert(
        db,
        "shift_handovers",
        vec![
            ("id", Expr::val(id)),
            ("from_user_id", Expr::val(from)),
            ("to_user_id", Expr::val(to)),
            ("report", json(report)),
            ("notes", Expr::val(notes)),
            ("created_at", Expr::val(now_micros())),
        ],
    )
    .await?;
    get(db, id).await
}

pub async fn get(db: &mut impl Db, id: Uuid) -> Result<ShiftHandover> {
    let q = Query::select()
        .column(Asterisk)
        .from("shift_handovers")
        .and_where(Expr::col("id").eq(id))
        .take();
    db.fetch_one(&q).await
}

pub async fn recent(db: &mut impl Db, limit: u64) -> Result<Vec<ShiftHandover>> {
    let q = Query::select()
        .column(Asterisk)
        .from("shift_handovers")
        .order_by("created_at", Order::Desc)
        .limit(limit)
        .take();
    db.fetch_all(&q).await
}

pub async fn acknowledge(db: &mut impl Db, id: Uuid, by: Uuid) -> Result<u64> {
    let q = Query::update()
        .table("shift_handovers")
        .value("acknowledged_by", Expr::val(by))
        .value("acknowledged_at", Expr::val(now_micros()))
        .and_where(Expr::col("id").eq(id))
        .and_where(Expr::col("acknowledged_at").is_null())
        .take();
    db.execute(&q).await
}
