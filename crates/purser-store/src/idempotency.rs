//! Remembered answers to POSTs that carried an `Idempotency-Key`, so a retried create
//! returns the first answer instead of making a second object.

use crate::db::Db;
use crate::rows;
use crate::{Result, now_micros};
use sea_query::{Asterisk, Expr, ExprTrait, Query};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct Remembered {
    pub user_id: Uuid,
    pub key: String,
    /// SHA-256 of method, path and body: the same key with another request is refused.
    pub request_hash: String,
    pub status: i64,
    pub body: String,
    pub location: Option<String>,
    pub created_at: i64,
}

pub async fn get(db: &mut impl Db, user_id: Uuid, key: &str) -> Result<Option<Remembered>> {
    let q = Query::select()
        .column(Asterisk)
        .from("idempotency_keys")
        .and_where(Expr::col("user_id").eq(user_id))
        .and_where(Expr::col("key").eq(key))
        .take();
    db.fetch_optional(&q).await
}

pub async fn put(db: &mut impl Db, r: &Remembered) -> Result<()> {
    rows::insert(
        db,
        "idempotency_keys",
        vec![
            ("user_id", Expr::val(r.user_id)),
            ("key", Expr::val(r.key.as_str())),
            ("request_hash", Expr::val(r.request_hash.as_str())),
            ("status", Expr::val(r.status)),
            ("body", Expr::val(r.body.as_str())),
            ("location", Expr::val(r.location.clone())),
            ("created_at", Expr::val(now_micros())),
        ],
    )
    .await
}
