//! Proactive notices: one row per recipient per change, written once (the unique key on
//! change, customer and recipient is what makes "never twice" hold), with the shipments
//! each listed, so a shipment and a customer show who was told what and when.

use crate::Result;
use crate::contacts::Contact;
use crate::db::Db;
use crate::rows::json;
use sea_query::{Asterisk, Expr, ExprTrait, OnConflict, Order, Query};
use serde::Serialize;
use std::collections::HashSet;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct Notice {
    pub id: Uuid,
    pub change_key: String,
    /// eta_slip, rolled_over, port_omitted, cut_off_changed, document_hold.
    pub change_kind: String,
    pub customer_id: Uuid,
    /// "contact:<id>", "webhook" or "owner".
    pub recipient: String,
    pub contact_id: Option<Uuid>,
    /// email, portal, webhook or case.
    pub channel: String,
    pub language: String,
    pub subject: String,
    pub body: String,
    /// The shipment references the notice lists.
    #[sqlx(json)]
    pub shipments: Vec<String>,
    pub case_id: Option<Uuid>,
    pub created_at: i64,
}

/// Which of these (change key, customer, recipient) were already told.
pub async fn already_sent(
    db: &mut impl Db,
    change_keys: &[String],
) -> Result<Vec<(String, Uuid, String)>> {
    let mut out = Vec::new();
    for chunk in change_keys.chunks(500) {
        let q = Query::select()
            .columns(["change_key", "customer_id", "recipient"])
            .from("tracking_notices")
            .and_where(Expr::col("change_key").is_in(chunk.iter().map(String::as_str)))
            .take();
        out.extend(db.fetch_all::<(String, Uuid, String), _>(&q).await?);
    }
    Ok(out)
}

const NOTICE_COLUMNS: [&str; 13] = [
    "id",
    "change_key",
    "change_kind",
    "customer_id",
    "recipient",
    "contact_id",
    "channel",
    "language",
    "subject",
    "body",
    "shipments",
    "case_id",
    "created_at",
];

/// Links per INSERT: two parameters each, far below both backends' limits.
const LINKS_PER_STATEMENT: usize = 5_000;

/// Writes notices and their shipment links in multi-row statements; a notice whose
/// (change, customer, recipient) exists is skipped by the unique key. Returns how many
/// were written.
pub async fn insert(db: &mut impl Db, rows: &[(Notice, Vec<Uuid>)]) -> Result<u64> {
    Ok(insert_new(db, rows).await?.len() as u64)
}

/// [`insert`], returning the ids of the notices actually written: only those get their
/// shipment links (and, in the caller, their outbox jobs), so a notice another
/// transaction wrote first is neither linked nor sent twice.
pub async fn insert_new(db: &mut impl Db, rows: &[(Notice, Vec<Uuid>)]) -> Result<Vec<Uuid>> {
    let mut written = Vec::with_capacity(rows.len());
    for chunk in rows.chunks(500) {
        let mut q = Query::insert();
        q.into_table("tracking_notices").columns(NOTICE_COLUMNS);
        for (n, _) in chunk {
            q.values_panic([
                Expr::val(n.id),
                Expr::val(n.change_key.as_str()),
                Expr::val(n.change_kind.as_str()),
                Expr::val(n.customer_id),
                Expr::val(n.recipient.as_str()),
                Expr::val(n.contact_id),
                Expr::val(n.channel.as_str()),
                Expr::val(n.language.as_str()),
                Expr::val(n.subject.as_str()),
                Expr::val(n.body.as_str()),
                json(&n.shipments),
                Expr::val(n.case_id),
                Expr::val(n.created_at),
            ]);
        }
        q.on_conflict(
            OnConflict::columns(["change_key", "customer_id", "recipient"])
                .do_nothing()
                .to_owned(),
        )
        .returning_col("id");
        written.extend(
            db.fetch_all::<(Uuid,), _>(&q)
                .await?
                .into_iter()
                .map(|r| r.0),
        );
    }
    let new: HashSet<Uuid> = written.iter().copied().collect();
    let mut links: Vec<(Uuid, Uuid)> = rows
        .iter()
        .filter(|(n, _)| new.contains(&n.id))
        .flat_map(|(n, ids)| ids.iter().map(move |s| (n.id, *s)))
        .collect();
    links.sort_unstable();
    links.dedup();
    // the notices are new, so their links are too: long statements, no conflict clause
    // (a vessel's delay links tens of thousands)
    for chunk in links.chunks(LINKS_PER_STATEMENT) {
        let mut q = Query::insert();
        q.into_table("tracking_notice_shipments")
            .columns(["notice_id", "shipment_id"]);
        for (n, s) in chunk {
            q.values_panic([Expr::val(*n), Expr::val(*s)]);
        }
        db.execute(&q).await?;
    }
    Ok(written)
}

pub async fn get(db: &mut impl Db, id: Uuid) -> Result<Notice> {
    let q = Query::select()
        .column(Asterisk)
        .from("tracking_notices")
        .and_where(Expr::col("id").eq(id))
        .take();
    db.fetch_one(&q).await
}

/// Records the proactive case opened for a notice; false if one was already recorded.
pub async fn set_case(db: &mut impl Db, id: Uuid, case_id: Uuid) -> Result<bool> {
    let q = Query::update()
        .table("tracking_notices")
        .value("case_id", Expr::val(case_id))
        .and_where(Expr::col("id").eq(id))
        .and_where(Expr::col("case_id").is_null())
        .take();
    Ok(db.execute(&q).await? == 1)
}

/// IN lists this long stay well under both backends' bound-parameter limits.
const IDS_PER_QUERY: usize = 5_000;

/// What a notice says about one shipment.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct NoticeShipment {
    pub id: Uuid,
    pub reference: String,
    pub booking_reference: String,
    pub port_of_loading: String,
    pub port_of_discharge: String,
    pub vessel_imo: Option<String>,
    pub voyage: Option<String>,
}

pub async fn shipments_of(db: &mut impl Db, ids: &[Uuid]) -> Result<Vec<NoticeShipment>> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(IDS_PER_QUERY) {
        let q = Query::select()
            .columns([
                "id",
                "reference",
                "booking_reference",
                "port_of_loading",
                "port_of_discharge",
                "vessel_imo",
                "voyage",
            ])
            .from("shipments")
            .and_where(Expr::col("id").is_in(chunk.iter().copied()))
            .take();
        out.extend(db.fetch_all::<NoticeShipment, _>(&q).await?);
    }
    Ok(out)
}

/// Every (shipment, customer) pair of these shipments' parties (booking party, shipper,
/// consignee, notify), each pair once whatever roles it holds.
pub async fn parties_of(db: &mut impl Db, ids: &[Uuid]) -> Result<Vec<(Uuid, Uuid)>> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(IDS_PER_QUERY) {
        let q = Query::select()
            .distinct()
            .columns(["shipment_id", "customer_id"])
            .from("shipment_parties")
            .and_where(Expr::col("shipment_id").is_in(chunk.iter().copied()))
            .take();
        out.extend(db.fetch_all::<(Uuid, Uuid), _>(&q).await?);
    }
    Ok(out)
}

/// The current (not archived) contacts of these customers.
pub async fn contacts_of(db: &mut impl Db, customers: &[Uuid]) -> Result<Vec<Contact>> {
    let mut out = Vec::new();
    for chunk in customers.chunks(IDS_PER_QUERY) {
        let q = Query::select()
            .column(Asterisk)
            .from("contacts")
            .and_where(Expr::col("customer_id").is_in(chunk.iter().copied()))
            .and_where(Expr::col("archived").eq(false))
            .order_by("customer_id", Order::Asc)
            .order_by("id", Order::Asc)
            .take();
        out.extend(db.fetch_all::<Contact, _>(&q).await?);
    }
    Ok(out)
}

/// The delay reason code of the newest estimated or actual arrival event at one call.
pub async fn arrival_reason(
    db: &mut impl Db,
    imo: &str,
    voyage: &str,
    location: &str,
) -> Result<Option<String>> {
    let q = Query::select()
        .column("delay_reason")
        .from("tnt_events")
        .and_where(Expr::col("vessel_imo").eq(imo))
        .and_where(Expr::col("voyage").eq(voyage))
        .and_where(Expr::col("location").eq(location))
        .and_where(Expr::col("kind").eq("TRANSPORT"))
        .and_where(Expr::col("type_code").eq("ARRI"))
        .and_where(Expr::col("classifier").is_in(["EST", "ACT"]))
        .order_by("created_at", Order::Desc)
        .order_by("seq", Order::Desc)
        .limit(1)
        .take();
    Ok(db
        .fetch_optional::<(Option<String>,), _>(&q)
        .await?
        .and_then(|r| r.0))
}

pub async fn for_shipment(db: &mut impl Db, shipment: Uuid) -> Result<Vec<Notice>> {
    let q = Query::select()
        .column(Asterisk)
        .from("tracking_notices")
        .and_where(
            Expr::col("id").in_subquery(
                Query::select()
                    .column("notice_id")
                    .from("tracking_notice_shipments")
                    .and_where(Expr::col("shipment_id").eq(shipment))
                    .take(),
            ),
        )
        .order_by("created_at", Order::Desc)
        .take();
    db.fetch_all(&q).await
}

pub async fn for_customer(db: &mut impl Db, customer: Uuid, limit: u64) -> Result<Vec<Notice>> {
    let q = Query::select()
        .column(Asterisk)
        .from("tracking_notices")
        .and_where(Expr::col("customer_id").eq(customer))
        .order_by("created_at", Order::Desc)
        .limit(limit)
        .take();
    db.fetch_all(&q).await
}

pub async fn count(db: &mut impl Db) -> Result<i64> {
    let q = Query::select()
        .expr(Expr::col(Asterisk).count())
        .from("tracking_notices")
        .take();
    let (n,): (i64,) = db.fetch_one(&q).await?;
    Ok(n)
}
