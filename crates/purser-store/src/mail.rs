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

/// A raw message to keep: its content hash, Message-ID and bytes.
#[derive(Debug, Clone, Copy)]
pub struct NewRaw<'a> {
    pub sha256: &'a str,
    pub message_id: Option<&'a str>,
    pub raw: &'a [u8],
}

/// [`keep_raw`] for many messages of one mailbox in two statements (an import); returns
/// the rows in the order given (the same row twice when the same bytes came twice).
pub async fn keep_raw_many(
    db: &mut impl Db,
    mailbox: &str,
    items: &[NewRaw<'_>],
) -> Result<Vec<RawMail>> {
    if items.is_empty() {
        return Ok(vec![]);
    }
    // a few large messages per statement: bytes are bound, not rendered, but each
    // statement holds its rows' bytes in memory once more
    const PER_STATEMENT: usize = 64;
    let now = now_micros();
    for chunk in items.chunks(PER_STATEMENT) {
        let mut q = Query::insert();
        q.into_table("mail_raw").columns([
            "id",
            "sha256",
            "message_id",
            "mailbox",
            "size",
            "raw",
            "received_at",
            "state",
        ]);
        for m in chunk {
            q.values_panic([
                Expr::val(new_id()),
                Expr::val(m.sha256),
                Expr::val(m.message_id),
                Expr::val(mailbox),
                Expr::val(m.raw.len() as i64),
                Expr::val(m.raw.to_vec()),
                Expr::val(now),
                Expr::val("pending"),
            ]);
        }
        q.on_conflict(OnConflict::column("sha256").do_nothing().to_owned());
        db.execute(&q).await?;
    }
    let mut found: Vec<RawMail> = Vec::with_capacity(items.len());
    for chunk in items.chunks(500) {
        let q = Query::select()
            .columns(COLUMNS)
            .from("mail_raw")
            .and_where(Expr::col("sha256").is_in(chunk.iter().map(|m| m.sha256)))
            .take();
        found.extend(db.fetch_all::<RawMail, _>(&q).await?);
    }
    items
        .iter()
        .map(|m| {
            found
                .iter()
                .find(|r| r.sha256 == m.sha256)
                .cloned()
                .ok_or(crate::StoreError::NotFound)
        })
        .collect()
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
    // by the message id alone, filtered here: given `state` too, SQLite may walk the
    // state index through every ingested message instead
    let q = Query::select()
        .columns(COLUMNS)
        .from("mail_raw")
        .and_where(Expr::col("message_id").eq(message_id))
        .take();
    let rows: Vec<RawMail> = db.fetch_all(&q).await?;
    Ok(rows
        .into_iter()
        .find(|r| r.state == "ingested" && r.id != except))
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

/// [`claim`] for many raw messages in one statement; returns those taken.
pub async fn claim_many(db: &mut impl Db, ids: &[Uuid]) -> Result<Vec<Uuid>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let q = Query::update()
        .table("mail_raw")
        .value("done_at", Expr::val(now_micros()))
        .and_where(Expr::col("id").is_in(ids.to_vec()))
        .and_where(Expr::col("state").eq("pending"))
        .returning_col("id")
        .take();
    let rows: Vec<(Uuid,)> = db.fetch_all(&q).await?;
    Ok(rows.into_iter().map(|r| r.0).collect())
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

/// Whether an address bounced, and how many acknowledgements it was sent since `since`,
/// in one statement (the acknowledgement's two checks).
pub async fn ack_standing(db: &mut impl Db, address: &str, since: i64) -> Result<(bool, i64)> {
    let bounced = Query::select()
        .expr(Expr::col(Asterisk).count())
        .from("mail_bounces")
        .and_where(Expr::col("address").eq(address))
        .take();
    let acks = Query::select()
        .expr(Expr::col(Asterisk).count())
        .from("mail_acks")
        .and_where(Expr::col("address").eq(address))
        .and_where(Expr::col("at").gte(since))
        .take();
    let q = Query::select()
        .expr_as(Expr::from(bounced), "bounced")
        .expr_as(Expr::from(acks), "acks")
        .take();
    let row: (i64, i64) = db.fetch_one(&q).await?;
    Ok((row.0 > 0, row.1))
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
        .and_where(crate::like::ends_with(
            "email_lower",
            &format!("@{}", domain.to_lowercase()),
        ))
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
