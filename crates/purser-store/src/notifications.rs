//! In-app notifications for staff ("you now own Evergreen Marine"); e-mail copies go
//! through the outbox in the same transaction.

use crate::db::Db;
use crate::rows;
use crate::{Result, new_id, now_micros};
use sea_query::{Asterisk, Expr, ExprTrait, Order, Query};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct Notification {
    pub id: Uuid,
    pub user_id: Uuid,
    pub kind: String,
    pub title: String,
    pub body: String,
    pub link: String,
    pub created_at: i64,
    pub read_at: Option<i64>,
}

pub async fn insert(
    db: &mut impl Db,
    user_id: Uuid,
    kind: &str,
    title: &str,
    body: &str,
    link: &str,
) -> Result<Uuid> {
    let id = new_id();
    db.defer(&rows::insert_statement(
        "notifications",
        vec![
            ("id", Expr::val(id)),
            ("user_id", Expr::val(user_id)),
            ("kind", Expr::val(kind)),
            ("title", Expr::val(title)),
            ("body", Expr::val(body)),
            ("link", Expr::val(link)),
            ("created_at", Expr::val(now_micros())),
        ],
    ))
    .await?;
    Ok(id)
}

pub async fn for_user(db: &mut impl Db, user_id: Uuid, limit: u64) -> Result<Vec<Notification>> {
    let q = Query::select()
        .column(Asterisk)
        .from("notifications")
        .and_where(Expr::col("user_id").eq(user_id))
        .order_by("created_at", Order::Desc)
        .limit(limit)
        .take();
    db.fetch_all(&q).await
}

pub async fn mark_read(db: &mut impl Db, user_id: Uuid, id: Uuid) -> Result<u64> {
    let q = Query::update()
        .table("notifications")
        .value("read_at", now_micros())
        .and_where(Expr::col("id").eq(id))
        .and_where(Expr::col("user_id").eq(user_id))
        .take();
    db.execute(&q).await
}

/// How many notifications the user has not read (the badge in the console header).
pub async fn unread_count(db: &mut impl Db, user_id: Uuid) -> Result<i64> {
    let q = Query::select()
        .expr(Expr::col(Asterisk).count())
        .from("notifications")
        .and_where(Expr::col("user_id").eq(user_id))
        .and_where(Expr::col("read_at").is_null())
        .take();
    let row: (i64,) = db.fetch_one(&q).await?;
    Ok(row.0)
}
