//! Side effects as rows: written in the transaction of the change that causes them, sent
//! by a worker after the commit. Nothing is sent for a change that rolled back.

use crate::db::Db;
use crate::rows;
use crate::{Result, new_id, now_micros};
use sea_query::{Asterisk, Expr, ExprTrait, Order, Query};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct Job {
    pub id: Uuid,
    pub topic: String,
    #[sqlx(json)]
    pub payload: serde_json::Value,
    pub created_at: i64,
    pub available_at: i64,
    pub attempts: i64,
    pub done_at: Option<i64>,
    pub last_error: Option<String>,
}

pub async fn enqueue(db: &mut impl Db, topic: &str, payload: &serde_json::Value) -> Result<Uuid> {
    let id = new_id();
    let now = now_micros();
    rows::insert(
        db,
        "outbox",
        vec![
            ("id", Expr::val(id)),
            ("topic", Expr::val(topic)),
            ("payload", Expr::val(payload.clone())),
            ("created_at", Expr::val(now)),
            ("available_at", Expr::val(now)),
        ],
    )
    .await?;
    Ok(id)
}

/// Jobs not yet done, oldest first.
pub async fn pending(db: &mut impl Db, topic: Option<&str>, limit: u64) -> Result<Vec<Job>> {
    let mut q = Query::select();
    q.column(Asterisk)
        .from("outbox")
        .and_where(Expr::col("done_at").is_null())
        .order_by("id", Order::Asc)
        .limit(limit);
    if let Some(t) = topic {
        q.and_where(Expr::col("topic").eq(t));
    }
    db.fetch_all(&q).await
}
