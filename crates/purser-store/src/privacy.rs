//! Data protection on request: the rows that hold a customer's or a contact's personal
//! data, read for an export and rewritten for an erasure. Which rows are rewritten and how
//! is the domain's rule (`purser_domain::privacy`); these are only the statements.

use crate::Result;
use crate::audit::Entry;
use crate::case_messages::Message;
use crate::cases::Case;
use crate::db::Db;
use crate::tracking::notices::Notice;
use purser_domain::cases::Direction;
use sea_query::{Asterisk, Expr, ExprTrait, Order, Query};
use uuid::Uuid;

/// Cases raised by one contact, oldest first.
pub async fn cases_of_contact(db: &mut impl Db, contact_id: Uuid) -> Result<Vec<Case>> {
    let q = Query::select()
        .column(Asterisk)
        .from("cases")
        .and_where(Expr::col("contact_id").eq(contact_id))
        .order_by("id", Order::Asc)
        .take();
    db.fetch_all(&q).await
}

/// Every case of one customer, oldest first.
pub async fn cases_of_customer(db: &mut impl Db, customer_id: Uuid) -> Result<Vec<Case>> {
    let q = Query::select()
        .column(Asterisk)
        .from("cases")
        .and_where(Expr::col("customer_id").eq(customer_id))
        .order_by("id", Order::Asc)
        .take();
    db.fetch_all(&q).await
}

/// The messages of these cases, notes included, in each case's order.
pub async fn messages_of_cases(db: &mut impl Db, case_ids: &[Uuid]) -> Result<Vec<Message>> {
    let mut out = Vec::new();
    // in slices, so no statement carries more parameters than a backend takes
    for ids in case_ids.chunks(500) {
        let q = Query::select()
            .column(Asterisk)
            .from("case_messages")
            .and_where(Expr::col("case_id").is_in(ids.iter().copied()))
            .order_by("case_id", Order::Asc)
            .order_by("seq", Order::Asc)
            .take();
        out.extend(db.fetch_all::<Message, _>(&q).await?);
    }
    Ok(out)
}

/// Track-and-trace notices addressed to one contact, oldest first.
pub async fn notices_to_contact(db: &mut impl Db, contact_id: Uuid) -> Result<Vec<Notice>> {
    let q = Query::select()
        .column(Asterisk)
        .from("tracking_notices")
        .and_where(Expr::col("contact_id").eq(contact_id))
        .order_by("created_at", Order::Asc)
        .take();
    db.fetch_all(&q).await
}

/// Every track-and-trace notice of one customer, oldest first.
pub async fn notices_of_customer(db: &mut impl Db, customer_id: Uuid) -> Result<Vec<Notice>> {
    let q = Query::select()
        .column(Asterisk)
        .from("tracking_notices")
        .and_where(Expr::col("customer_id").eq(customer_id))
        .order_by("created_at", Order::Asc)
        .take();
    db.fetch_all(&q).await
}

/// The audit entries about these objects, oldest first.
pub async fn audit_of_objects(db: &mut impl Db, object_ids: &[Uuid]) -> Result<Vec<Entry>> {
    let mut out = Vec::new();
    for ids in object_ids.chunks(500) {
        let q = Query::select()
            .column(Asterisk)
            .from("audit")
            .and_where(Expr::col("object_id").is_in(ids.iter().copied()))
            .order_by("id", Order::Asc)
            .take();
        out.extend(db.fetch_all::<Entry, _>(&q).await?);
    }
    out.sort_by_key(|e| e.id);
    Ok(out)
}

/// Everything recorded about one customer and the objects beneath it, oldest first.
pub async fn audit_of_customer(db: &mut impl Db, customer_id: Uuid) -> Result<Vec<Entry>> {
    let q = Query::select()
        .column(Asterisk)
        .from("audit")
        .and_where(Expr::col("customer_id").eq(customer_id))
        .order_by("id", Order::Asc)
        .take();
    db.fetch_all(&q).await
}

pub async fn set_case_subject(db: &mut impl Db, case_id: Uuid, subject: &str) -> Result<()> {
    let q = Query::update()
        .table("cases")
        .value("subject", Expr::val(subject))
        .and_where(Expr::col("id").eq(case_id))
        .take();
    db.execute(&q).await?;
    Ok(())
}

/// Rewrites a message's sender, text and mail facts; its place in the case stays.
pub async fn set_message_text(
    db: &mut impl Db,
    message_id: Uuid,
    author_name: &str,
    body: &str,
    meta: &serde_json::Value,
) -> Result<()> {
    let q = Query::update()
        .table("case_messages")
        .value("author_name", Expr::val(author_name))
        .value("body", Expr::val(body))
        .value("meta", Expr::val(meta.clone()))
        .and_where(Expr::col("id").eq(message_id))
        .take();
    db.execute(&q).await?;
    Ok(())
}

/// Replaces the bytes of the raw mails these messages were filed from; the row, its
/// content hash and Message-ID stay, so the same mail delivered again is still known.
pub async fn blank_raw_mail(db: &mut impl Db, message_ids: &[Uuid], with: &[u8]) -> Result<u64> {
    let mut n = 0;
    for ids in message_ids.chunks(500) {
        let q = Query::update()
            .table("mail_raw")
            .value("raw", Expr::val(with.to_vec()))
            .value("size", Expr::val(with.len() as i64))
            .and_where(Expr::col("case_message_id").is_in(ids.iter().copied()))
            .take();
        n += db.execute(&q).await?;
    }
    Ok(n)
}

pub async fn set_notice_text(
    db: &mut impl Db,
    notice_id: Uuid,
    subject: &str,
    body: &str,
) -> Result<()> {
    let q = Query::update()
        .table("tracking_notices")
        .value("subject", Expr::val(subject))
        .value("body", Expr::val(body))
        .and_where(Expr::col("id").eq(notice_id))
        .take();
    db.execute(&q).await?;
    Ok(())
}

/// Whether a message was written by the customer side (an e-mail or a portal message).
pub fn from_customer(m: &Message) -> bool {
    m.direction == Direction::Inbound
}
