//! Remembered answers to POSTs that carried an `Idempotency-Key`, so a retried create
//! returns the first answer instead of making a second object.
//!
//! A key is claimed before its request runs ([`claim`]: one row per user and key, so of
//! twins sent at once exactly one wins), then filled with the answer ([`fill`]) or let go
//! if there was no answer worth keeping ([`release`]). Twins wait for the row to be filled.

use crate::db::Db;
use crate::{Result, now_micros};
use sea_query::{Asterisk, Expr, ExprTrait, OnConflict, Query};
use uuid::Uuid;

/// How long an answer is remembered for its key (at least: older ones go at the next
/// housekeeping); a client retries within seconds or hours, not days.
pub const KEPT_MICROS: i64 = 24 * 3600 * 1_000_000;

/// Forgets the keys claimed before `before`, answered or not; returns how many went.
pub async fn prune(db: &mut impl Db, before: i64) -> Result<u64> {
    db.execute(
        &Query::delete()
            .from_table("idempotency_keys")
            .and_where(Expr::col("created_at").lt(before))
            .take(),
    )
    .await
}

/// The status of a claimed key whose request is still running (no HTTP status is 0).
pub const IN_PROGRESS: i64 = 0;

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct Remembered {
    pub user_id: Uuid,
    pub key: String,
    /// SHA-256 of method, path and body: the same key with another request is refused.
    pub request_hash: String,
    /// The answer's HTTP status, or [`IN_PROGRESS`].
    pub status: i64,
    pub body: String,
    pub location: Option<String>,
    pub created_at: i64,
}

impl Remembered {
    pub fn in_progress(&self) -> bool {
        self.status == IN_PROGRESS
    }
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

/// Claims the key for this request; false when it is already claimed or answered (the
/// primary key decides, on both backends, however many twins arrive at once).
pub async fn claim(db: &mut impl Db, user_id: Uuid, key: &str, request_hash: &str) -> Result<bool> {
    let q = Query::insert()
        .into_table("idempotency_keys")
        .columns([
            "user_id",
            "key",
            "request_hash",
            "status",
            "body",
            "created_at",
        ])
        .values_panic([
            Expr::val(user_id),
            Expr::val(key),
            Expr::val(request_hash),
            Expr::val(IN_PROGRESS),
            Expr::val(""),
            Expr::val(now_micros()),
        ])
        .on_conflict(
            OnConflict::columns(["user_id", "key"])
                .do_nothing()
                .to_owned(),
        )
        .take();
    Ok(db.execute(&q).await? == 1)
}

/// Stores the answer of a claimed key's request.
pub async fn fill(db: &mut impl Db, r: &Remembered) -> Result<()> {
    db.execute(
        &Query::update()
            .table("idempotency_keys")
            .values([
                ("status", Expr::val(r.status)),
                ("body", Expr::val(r.body.as_str())),
                ("location", Expr::val(r.location.clone())),
            ])
            .and_where(Expr::col("user_id").eq(r.user_id))
            .and_where(Expr::col("key").eq(r.key.as_str()))
            .and_where(Expr::col("status").eq(IN_PROGRESS))
            .take(),
    )
    .await?;
    Ok(())
}

/// Lets a claimed key go unanswered (its request failed, or its claim was `created_at` or
/// older and given up for lost), so the next retry runs the request again.
pub async fn release(
    db: &mut impl Db,
    user_id: Uuid,
    key: &str,
    created_at: Option<i64>,
) -> Result<()> {
    let mut q = Query::delete();
    q.from_table("idempotency_keys")
        .and_where(Expr::col("user_id").eq(user_id))
        .and_where(Expr::col("key").eq(key))
        .and_where(Expr::col("status").eq(IN_PROGRESS));
    if let Some(at) = created_at {
        q.and_where(Expr::col("created_at").lte(at));
    }
    db.execute(&q).await?;
    Ok(())
}
