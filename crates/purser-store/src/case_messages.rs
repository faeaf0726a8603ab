//! A case's conversation: public replies, internal notes, logged calls and Purser's own
//! events, numbered per case; and their attachments, whose bytes are kept once per hash.

use crate::change_feed::{self, Op, kinds};
use crate::db::Db;
use crate::rows::{self, json};
use crate::{Result, cases, new_id};
use purser_domain::cases::{Direction, MessageKind};
use sea_query::{Asterisk, Expr, ExprTrait, OnConflict, Order, Query};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct Message {
    pub id: Uuid,
    pub case_id: Uuid,
    /// Order within the case: 1, 2, 3…, never shared, never skipped back.
    pub seq: i64,
    #[sqlx(try_from = "String")]
    pub kind: MessageKind,
    #[sqlx(try_from = "String")]
    pub direction: Direction,
    pub author_id: Option<Uuid>,
    pub author_name: String,
    pub body: String,
    /// Users @mentioned in a note.
    #[sqlx(json)]
    pub mentions: Vec<Uuid>,
    /// Kind-specific details: a call's direction and duration, an event's name.
    #[sqlx(json)]
    #[schema(value_type = Object)]
    pub meta: serde_json::Value,
    pub outbox_id: Option<Uuid>,
    /// queued, sent or failed for public replies that leave by e-mail.
    pub delivery: Option<String>,
    pub created_at: i64,
}

#[derive(Debug, Clone)]
pub struct NewMessage {
    pub kind: MessageKind,
    pub direction: Direction,
    pub author_id: Option<Uuid>,
    pub author_name: String,
    pub body: String,
    pub mentions: Vec<Uuid>,
    pub meta: serde_json::Value,
    pub outbox_id: Option<Uuid>,
    pub delivery: Option<String>,
    pub at: i64,
}

/// Appends a message to a case under the case's row lock (see [`cases::next_message_seq`]).
pub async fn append(db: &mut impl Db, case_id: Uuid, m: &NewMessage) -> Result<Message> {
    let seq = cases::next_message_seq(db, case_id, m.at).await?;
    let (id, values) = row(case_id, seq, m);
    let mut q = rows::insert_statement("case_messages", values);
    q.returning_all();
    let message: Message = db.fetch_one(&q).await?;
    change_feed::record(db, kinds::MESSAGE, id, Op::Upsert).await?;
    Ok(message)
}

/// Writes message number `seq` of a case being opened, whose row already counts it (a
/// deferred write: nothing is read back); returns its id.
pub async fn insert_numbered(
    db: &mut impl Db,
    case_id: Uuid,
    seq: i64,
    m: &NewMessage,
) -> Result<Uuid> {
    let (id, values) = row(case_id, seq, m);
    db.defer(&rows::insert_statement("case_messages", values))
        .await?;
    change_feed::record(db, kinds::MESSAGE, id, Op::Upsert).await?;
    Ok(id)
}

/// A new message's row and its fresh id.
fn row(case_id: Uuid, seq: i64, m: &NewMessage) -> (Uuid, rows::Values) {
    let id = new_id();
    let values = vec![
        ("id", Expr::val(id)),
        ("case_id", Expr::val(case_id)),
        ("seq", Expr::val(seq)),
        ("kind", Expr::val(m.kind.as_str())),
        ("direction", Expr::val(m.direction.as_str())),
        ("author_id", Expr::val(m.author_id)),
        ("author_name", Expr::val(m.author_name.as_str())),
        ("body", Expr::val(m.body.as_str())),
        ("mentions", json(&m.mentions)),
        ("meta", Expr::val(m.meta.clone())),
        ("outbox_id", Expr::val(m.outbox_id)),
        ("delivery", Expr::val(m.delivery.clone())),
        ("created_at", Expr::val(m.at)),
    ];
    (id, values)
}

pub async fn get(db: &mut impl Db, id: Uuid) -> Result<Message> {
    let q = Query::select()
        .column(Asterisk)
        .from("case_messages")
        .and_where(Expr::col("id").eq(id))
        .take();
    db.fetch_one(&q).await
}

/// The conversation in order; `public_only` leaves out notes and events (the portal).
pub async fn of_case(
    db: &mut impl Db,
    case_id: Uuid,
    public_only: bool,
    limit: u64,
) -> Result<Vec<Message>> {
    let mut q = Query::select();
    q.column(Asterisk)
        .from("case_messages")
        .and_where(Expr::col("case_id").eq(case_id))
        .order_by("seq", Order::Desc)
        .limit(limit);
    if public_only {
        q.and_where(Expr::col("kind").eq(MessageKind::Public.as_str()));
    }
    let mut rows: Vec<Message> = db.fetch_all(&q).await?;
    rows.reverse();
    Ok(rows)
}

pub async fn set_delivery(db: &mut impl Db, outbox_id: Uuid, state: &str) -> Result<()> {
    let q = Query::update()
        .table("case_messages")
        .value("delivery", Expr::val(state))
        .and_where(Expr::col("outbox_id").eq(outbox_id))
        .take();
    db.execute(&q).await?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct Attachment {
    pub id: Uuid,
    pub message_id: Uuid,
    pub case_id: Uuid,
    pub sha256: String,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
}

/// Stores bytes under their hash (once) and attaches them to a message.
pub async fn attach(
    db: &mut impl Db,
    message_id: Uuid,
    case_id: Uuid,
    filename: &str,
    content_type: &str,
    data: &[u8],
) -> Result<Attachment> {
    use sha2::Digest;
    let sha = hex::encode(sha2::Sha256::digest(data));
    let q = Query::insert()
        .into_table("blobs")
        .columns(["sha256", "size", "data", "created_at"])
        .values_panic([
            Expr::val(sha.as_str()),
            Expr::val(data.len() as i64),
            Expr::val(data.to_vec()),
            Expr::val(crate::now_micros()),
        ])
        .on_conflict(OnConflict::column("sha256").do_nothing().to_owned())
        .take();
    db.execute(&q).await?;
    let id = new_id();
    rows::insert(
        db,
        "attachments",
        vec![
            ("id", Expr::val(id)),
            ("message_id", Expr::val(message_id)),
            ("case_id", Expr::val(case_id)),
            ("sha256", Expr::val(sha.as_str())),
            ("filename", Expr::val(filename)),
            ("content_type", Expr::val(content_type)),
            ("size", Expr::val(data.len() as i64)),
        ],
    )
    .await?;
    change_feed::record(db, kinds::ATTACHMENT, id, Op::Upsert).await?;
    Ok(Attachment {
        id,
        message_id,
        case_id,
        sha256: sha,
        filename: filename.into(),
        content_type: content_type.into(),
        size: data.len() as i64,
    })
}

pub async fn attachments_of_case(db: &mut impl Db, case_id: Uuid) -> Result<Vec<Attachment>> {
    let q = Query::select()
        .column(Asterisk)
        .from("attachments")
        .and_where(Expr::col("case_id").eq(case_id))
        .order_by("id", Order::Asc)
        .take();
    db.fetch_all(&q).await
}

/// An attachment of a case and its bytes; NotFound when it belongs to another case.
pub async fn attachment_data(
    db: &mut impl Db,
    case_id: Uuid,
    id: Uuid,
) -> Result<(Attachment, Vec<u8>)> {
    let q = Query::select()
        .column(Asterisk)
        .from("attachments")
        .and_where(Expr::col("id").eq(id))
        .and_where(Expr::col("case_id").eq(case_id))
        .take();
    let a: Attachment = db.fetch_one(&q).await?;
    let q = Query::select()
        .column("data")
        .from("blobs")
        .and_where(Expr::col("sha256").eq(a.sha256.as_str()))
        .take();
    let row: (Vec<u8>,) = db.fetch_one(&q).await?;
    Ok((a, row.0))
}
