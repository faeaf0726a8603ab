//! The e-mail channel's rows: raw messages (kept before anything is done with them, unique
//! by content hash), the message ids replies are threaded by, acknowledgements sent (for the
//! per-sender limit) and addresses that bounced.

use crate::db::Db;
use crate::rows;
use crate::{Result, new_id, now_micros};
use sea_query::{Asterisk, Expr, ExprTrait, OnConflict, Order, Query};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct RawMail {
    pub id: Uuid,
    pub sha256: String,
    pub message_id: Option<String>,
    pub mailbox: String,
    pub size: i64,
    pub received_at: i64,
    /// pending, ingested, duplicate, ignored or failed.
    pub state: String,
    pub origin: Option<String>,
    pub error: Option<String>,
    pub case_id: Option<Uuid>,
    pub case_message_id: Option<Uuid>,
    pub done_at: Option<i64>,
}

const COLUMNS: [&str; 12] = [
    "id",
    "sha256",
    "message_id",
    "mailbox",
    "size",
    "received_at",
    "state",
    "origin",
    "error",
    "case_id",
    "case_message_id",
    "done_at",
];

/// Keeps the raw bytes unless the same bytes are already kept; returns the row either way
/// and whether it was new.
pub async fn keep_raw(
    db: &mut impl Db,
    sha256: &str,
    message_id: Option<&str>,
    mailbox: &str,
    raw: &[u8],
) -> Result<(RawMail, bool)> {
    let q = Query::insert()
        .into_table("mail_raw")
        .columns([
            "id",
            "sha256",
            "message_id",
            "mailbox",
            "size",
            "raw",
            "received_at",
            "state",
        ])
        .values_panic([
            Expr::val(new_id()),
            Expr::val(sha256),
            Expr::val(message_id),
            Expr::val(mailbox),
            Expr::val(raw.len() as i64),
            Expr::val(raw.to_vec()),
            Expr::val(now_micros()),
            Expr::val("pending"),
        ])
        .on_conflict(OnConflict::column("sha256").do_nothing().to_owned())
        .take();
    let fresh = db.execute(&q).await? == 1;
    Ok((by_sha(db, sha256).await?, fresh))
}

pub async fn by_sha(db: &mut impl Db, sha256: &str) -> Result<RawMail> {
    let q = Query::select()
        .columns(COLUMNS)
        .from("mail_raw")
        .and_where(Expr::col("sha256").eq(sha256))
        .take();
    db.fetch_one(&q).await
}

pub async fn get(db: &mut impl Db, id: Uuid) -> Result<RawMail> {
    let q = Query::select()
        .columns(COLUMNS)
        .from("mail_raw")
        .and_where(Expr::col("id").eq(id))
        .take();
    db.fetch_one(&q).await
}

pub async fn raw_bytes(db: &mut impl Db, id: Uuid) -> Result<Vec<u8>> {
    let q = Query::select()
        .column("raw")
        .from("mail_raw")
        .and_where(Expr::col("id").eq(id))
        .take();
    let row: (Vec<u8>,) = db.fetch_one(&q).await?;
    Ok(row.0)
}

/// Another raw message with this Message-ID that already landed on a case.
pub async fn ingested_with_message_id(
    db: &mut impl Db,
    message_id: &str,
    except: Uuid,
) -> Result<Option<RawMail>> {
    let q = Query::select()
        .columns(COLUMNS)
        .from("mail_raw")
        .and_where(Expr::col("message_id").eq(message_id))
        .and_where(Expr::col("state").eq("ingested"))
        .and_where(Expr::col("id").ne(except))
        .limit(1)
        .take();
    db.fetch_optional(&q).await
}

/// Records how a raw message ended.
pub async fn finish(
    db: &mut impl Db,
    id: Uuid,
    state: &str,
    origin: Option<&str>,
    error: Option<&str>,
    case_id: Option<Uuid>,
    case_message_id: Option<Uuid>,
) -> Result<()> {
    let q = Query::update()
        .table("mail_raw")
        .value("state", Expr::val(state))
        .value("origin", Expr::val(origin))
        .value("error", Expr::val(error))
        .value("case_id", Expr::val(case_id))
        .value("case_message_id", Expr::val(case_message_id))
        .value("done_at", Expr::val(now_micros()))
        .and_where(Expr::col("id").eq(id))
        .take();
    db.execute(&q).await?;
    Ok(())
}

/// Raw messages by state, oldest first (`pending` after a crash, `failed` for review).
pub async fn by_state(db: &mut impl Db, state: &str, limit: u64) -> Result<Vec<RawMail>> {
    let q = Query::select()
        .columns(COLUMNS)
        .from("mail_raw")
        .and_where(Expr::col("state").eq(state))
        .order_by("received_at", Order::Asc)
        .limit(limit)
        .take();
    db.fetch_all(&q).await
}

/// Takes a pending raw message for ingestion inside the caller's transaction: on
/// PostgreSQL the row lock makes a second ingester of the same bytes wait, then find it
/// taken. False when it is no longer pending.
pub async fn claim(db: &mut impl Db, id: Uuid) -> Result<bool> {
    let q = Query::update()
        .table("mail_raw")
        .value("done_at", Expr::val(now_micros()))
        .and_where(Expr::col("id").eq(id))
        .and_where(Expr::col("state").eq("pending"))
        .take();
    Ok(db.execute(&q).await? == 1)
}

/// Remembers which case an incoming message id belongs to; a second message with the same
/// id filed at the same moment is refused as a Conflict (and is then found a duplicate).
pub async fn remember_inbound_id(
    db: &mut impl Db,
    message_id: &str,
    case_id: Uuid,
    case_message_id: Uuid,
) -> Result<()> {
    rows::insert(
        db,
        "mail_ids",
        vec![
            ("message_id", Expr::val(message_id)),
            ("case_id", Expr::val(case_id)),
            ("case_message_id", Expr::val(case_message_id)),
            ("created_at", Expr::val(now_micros())),
        ],
    )
    .await
}

/// Remembers which case a message id belongs to (our outgoing ones).
pub async fn remember_id(
    db: &mut impl Db,
    message_id: &str,
    case_id: Uuid,
    case_message_id: Option<Uuid>,
) -> Result<()> {
    let q = Query::insert()
        .into_table("mail_ids")
        .columns(["message_id", "case_id", "case_message_id", "created_at"])
        .values_panic([
            Expr::val(message_id),
            Expr::val(case_id),
            Expr::val(case_message_id),
            Expr::val(now_micros()),
        ])
        .on_conflict(OnConflict::column("message_id").do_nothing().to_owned())
        .take();
    db.execute(&q).await?;
    Ok(())
}

/// The case of the first of these message ids we know.
pub async fn case_of_ids(db: &mut impl Db, ids: &[String]) -> Result<Option<(String, Uuid)>> {
    if ids.is_empty() {
        return Ok(None);
    }
    let q = Query::select()
        .columns(["message_id", "case_id"])
        .from("mail_ids")
        .and_where(Expr::col("message_id").is_in(ids.to_vec()))
        .take();
    let rows: Vec<(String, Uuid)> = db.fetch_all(&q).await?;
    Ok(ids
        .iter()
        .find_map(|id| rows.iter().find(|(m, _)| m == id).cloned()))
}

pub async fn record_ack(db: &mut impl Db, address: &str, at: i64) -> Result<()> {
    rows::insert(
        db,
        "mail_acks",
        vec![
            ("id", Expr::val(new_id())),
            ("address", Expr::val(address)),
            ("at", Expr::val(at)),
        ],
    )
    .await
}

pub async fn acks_since(db: &mut impl Db, address: &str, since: i64) -> Result<i64> {
    let q = Query::select()
        .expr(Expr::col(Asterisk).count())
        .from("mail_acks")
        .and_where(Expr::col("address").eq(address))
        .and_where(Expr::col("at").gte(since))
        .take();
    let row: (i64,) = db.fetch_one(&q).await?;
    Ok(row.0)
}

pub async fn mark_bounced(db: &mut impl Db, address: &str, reason: &str) -> Result<()> {
    let q = Query::insert()
        .into_table("mail_bounces")
        .columns(["address", "at", "reason"])
        .values_panic([
            Expr::val(address),
            Expr::val(now_micros()),
            Expr::val(reason),
        ])
        .on_conflict(
            OnConflict::column("address")
                .update_columns(["at", "reason"])
                .to_owned(),
        )
        .take();
    db.execute(&q).await?;
    Ok(())
}

pub async fn bounced(db: &mut impl Db, address: &str) -> Result<bool> {
    let q = Query::select()
        .expr(Expr::col(Asterisk).count())
        .from("mail_bounces")
        .and_where(Expr::col("address").eq(address))
        .take();
    let row: (i64,) = db.fetch_one(&q).await?;
    Ok(row.0 > 0)
}

/// The contact (and its customer) an address belongs to.
pub async fn contact_by_address(db: &mut impl Db, address: &str) -> Result<Option<(Uuid, Uuid)>> {
    let q = Query::select()
        .columns(["contact_id", "customer_id"])
        .from("contact_emails")
        .and_where(Expr::col("email_lower").eq(address.to_lowercase()))
        .limit(1)
        .take();
    db.fetch_optional(&q).await
}

/// The customers whose contacts write from this domain (for unknown senders).
pub async fn customers_by_domain(db: &mut impl Db, domain: &str) -> Result<Vec<Uuid>> {
    let q = Query::select()
        .distinct()
        .column("customer_id")
        .from("contact_emails")
        .and_where(Expr::col("email_lower").like(format!("%@{}", domain.to_lowercase())))
        .limit(5)
        .take();
    let rows: Vec<(Uuid,)> = db.fetch_all(&q).await?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

pub async fn flag_contact_for_review(db: &mut impl Db, contact_id: Uuid) -> Result<()> {
    let q = Query::update()
        .table("contacts")
        .value("needs_review", Expr::val(true))
        .and_where(Expr::col("id").eq(contact_id))
        .take();
    db.execute(&q).await?;
    Ok(())
}
