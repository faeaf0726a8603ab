//! Bookings, shipments, their parties, containers and references, and the timeline
//! figures kept on each shipment (status, current ETA, first ETA, slip) so lists and
//! filters never replay events.

use super::{BOOKING, DOCUMENT, EQUIPMENT, VOYAGE, shipment_scope, voyage_ref};
use crate::bulk::insert_rows;
use crate::change_feed::{self, Op, kinds};
use crate::db::Db;
use crate::rows::json;
use crate::{Result, now_micros};
use purser_domain::roles::CustomerScope;
use sea_query::{Asterisk, Cond, Expr, ExprTrait, Order, Query};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// One leg of the planned route: a vessel voyage from one port to another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Leg {
    pub vessel_imo: String,
    pub voyage: String,
    pub load: String,
    pub discharge: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Container {
    pub number: String,
    pub iso_code: String,
    #[serde(default)]
    pub seals: Vec<String>,
    /// EMPTY or LADEN.
    #[serde(default = "laden")]
    pub fill: String,
}

fn laden() -> String {
    "LADEN".into()
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct Shipment {
    pub id: Uuid,
    /// Transport document (B/L) reference.
    pub reference: String,
    pub booking_reference: String,
    pub customer_id: Uuid,
    pub shipper_id: Option<Uuid>,
    pub consignee_id: Option<Uuid>,
    pub notify_id: Option<Uuid>,
    pub place_of_receipt: Option<String>,
    pub port_of_loading: String,
    pub port_of_discharge: String,
    pub place_of_delivery: Option<String>,
    #[sqlx(json)]
    pub legs: Vec<Leg>,
    pub vessel_imo: Option<String>,
    pub voyage: Option<String>,
    /// The latest milestone reached (booked, gate-in, loaded, departed, …).
    pub status: String,
    pub eta: Option<i64>,
    pub eta_classifier: Option<String>,
    pub first_eta: Option<i64>,
    pub slip_minutes: i64,
    pub delayed: bool,
    pub last_event_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    pub version: i64,
}

/// What a new shipment is made of.
#[derive(Debug, Clone, PartialEq)]
pub struct NewShipment {
    pub id: Uuid,
    pub reference: String,
    pub booking_reference: String,
    pub customer_id: Uuid,
    pub shipper_id: Option<Uuid>,
    pub consignee_id: Option<Uuid>,
    pub notify_id: Option<Uuid>,
    pub place_of_receipt: Option<String>,
    pub port_of_loading: String,
    pub port_of_discharge: String,
    pub place_of_delivery: Option<String>,
    pub legs: Vec<Leg>,
    pub containers: Vec<Container>,
    pub first_eta: Option<i64>,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct Booking {
    pub id: Uuid,
    pub reference: String,
    pub customer_id: Uuid,
    /// DCSA Booking 2.0 status (RECEIVED, CONFIRMED, …).
    pub status: String,
    #[sqlx(json)]
    pub requested_equipment: serde_json::Value,
    #[sqlx(json)]
    pub confirmed_equipment: serde_json::Value,
    #[sqlx(json)]
    pub cutoffs: serde_json::Value,
    pub created_at: i64,
    pub updated_at: i64,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewBooking {
    pub id: Uuid,
    pub reference: String,
    pub customer_id: Uuid,
    pub status: String,
    pub requested_equipment: serde_json::Value,
    pub confirmed_equipment: serde_json::Value,
    pub cutoffs: serde_json::Value,
}

pub async fn insert_bookings(db: &mut impl Db, rows: &[NewBooking]) -> Result<u64> {
    let now = now_micros();
    insert_rows(
        db,
        "bookings",
        &[
            "id",
            "reference",
            "customer_id",
            "status",
            "requested_equipment",
            "confirmed_equipment",
            "cutoffs",
            "created_at",
            "updated_at",
            "version",
        ],
        rows,
        Some(&["reference"]),
        |b| {
            vec![
                Expr::val(b.id),
                Expr::val(b.reference.as_str()),
                Expr::val(b.customer_id),
                Expr::val(b.status.as_str()),
                Expr::val(b.requested_equipment.clone()),
                Expr::val(b.confirmed_equipment.clone()),
                Expr::val(b.cutoffs.clone()),
                Expr::val(now),
                Expr::val(now),
                Expr::val(1i64),
            ]
        },
    )
    .await
}

pub async fn booking(db: &mut impl Db, reference: &str) -> Result<Option<Booking>> {
    let q = Query::select()
        .column(Asterisk)
        .from("bookings")
        .and_where(Expr::col("reference").eq(reference))
        .take();
    db.fetch_optional(&q).await
}

/// The references a shipment is found by.
pub fn refs_of(s: &NewShipment) -> Vec<(&'static str, String)> {
    let mut out = vec![
        (BOOKING, s.booking_reference.clone()),
        (DOCUMENT, s.reference.clone()),
    ];
    out.extend(s.containers.iter().map(|c| (EQUIPMENT, c.number.clone())));
    out.extend(
        s.legs
            .iter()
            .map(|l| (VOYAGE, voyage_ref(&l.vessel_imo, &l.voyage))),
    );
    out.sort();
    out.dedup();
    out
}

/// Writes shipments with their parties, containers and references in multi-row
/// statements (one shipment or ten thousand).
pub async fn insert(db: &mut impl Db, rows: &[NewShipment]) -> Result<u64> {
    let n = insert_rows(
        db,
        "shipments",
        &[
            "id",
            "reference",
            "booking_reference",
            "customer_id",
            "shipper_id",
            "consignee_id",
            "notify_id",
            "place_of_receipt",
            "port_of_loading",
            "port_of_discharge",
            "place_of_delivery",
            "legs",
            "vessel_imo",
            "voyage",
            "status",
            "eta",
            "eta_classifier",
            "first_eta",
            "slip_minutes",
            "delayed",
            "created_at",
            "updated_at",
            "version",
        ],
        rows,
        None,
        |s| {
            let first = s.legs.first();
            vec![
                Expr::val(s.id),
                Expr::val(s.reference.as_str()),
                Expr::val(s.booking_reference.as_str()),
                Expr::val(s.customer_id),
                Expr::val(s.shipper_id),
                Expr::val(s.consignee_id),
                Expr::val(s.notify_id),
                Expr::val(s.place_of_receipt.clone()),
                Expr::val(s.port_of_loading.as_str()),
                Expr::val(s.port_of_discharge.as_str()),
                Expr::val(s.place_of_delivery.clone()),
                json(&s.legs),
                Expr::val(first.map(|l| l.vessel_imo.clone())),
                Expr::val(first.map(|l| l.voyage.clone())),
                Expr::val("booked"),
                Expr::val(s.first_eta),
                Expr::val(s.first_eta.map(|_| "PLN")),
                Expr::val(s.first_eta),
                Expr::val(0i64),
                Expr::val(false),
                Expr::val(s.created_at),
                Expr::val(s.created_at),
                Expr::val(1i64),
            ]
        },
    )
    .await?;
    let parties: Vec<(Uuid, Uuid, &str)> = rows
        .iter()
        .flat_map(|s| {
            [
                Some((s.id, s.customer_id, "booking")),
                s.shipper_id.map(|c| (s.id, c, "shipper")),
                s.consignee_id.map(|c| (s.id, c, "consignee")),
                s.notify_id.map(|c| (s.id, c, "notify")),
            ]
            .into_iter()
            .flatten()
        })
        .collect();
    insert_rows(
        db,
        "shipment_parties",
        &["shipment_id", "customer_id", "role"],
        &parties,
        Some(&["shipment_id", "customer_id", "role"]),
        |(s, c, r)| vec![Expr::val(*s), Expr::val(*c), Expr::val(*r)],
    )
    .await?;
    let refs: Vec<(&str, String, Uuid)> = rows
        .iter()
        .flat_map(|s| refs_of(s).into_iter().map(move |(k, v)| (k, v, s.id)))
        .collect();
    insert_rows(
        db,
        "shipment_refs",
        &["kind", "value", "shipment_id"],
        &refs,
        Some(&["kind", "value", "shipment_id"]),
        |(k, v, s)| vec![Expr::val(*k), Expr::val(v.as_str()), Expr::val(*s)],
    )
    .await?;
    let containers: Vec<(Uuid, &Container)> = rows
        .iter()
        .flat_map(|s| s.containers.iter().map(move |c| (s.id, c)))
        .collect();
    insert_rows(
        db,
        "containers",
        &["id", "shipment_id", "number", "iso_code", "seals", "fill"],
        &containers,
        None,
        |(s, c)| {
            vec![
                Expr::val(crate::new_id()),
                Expr::val(*s),
                Expr::val(c.number.as_str()),
                Expr::val(c.iso_code.as_str()),
                json(&c.seals),
                Expr::val(c.fill.as_str()),
            ]
        },
    )
    .await?;
    let ids: Vec<Uuid> = rows.iter().map(|s| s.id).collect();
    change_feed::record_many(db, kinds::SHIPMENT, &ids, Op::Upsert).await?;
    Ok(n)
}

pub async fn get(db: &mut impl Db, id: Uuid, scope: &CustomerScope) -> Result<Shipment> {
    let q = Query::select()
        .column(Asterisk)
        .from("shipments")
        .and_where(Expr::col("id").eq(id))
        .cond_where(shipment_scope(scope, "id"))
        .take();
    db.fetch_one(&q).await
}

pub async fn by_reference(
    db: &mut impl Db,
    reference: &str,
    scope: &CustomerScope,
) -> Result<Option<Shipment>> {
    let q = Query::select()
        .column(Asterisk)
        .from("shipments")
        .and_where(Expr::col("reference").eq(reference))
        .cond_where(shipment_scope(scope, "id"))
        .take();
    db.fetch_optional(&q).await
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct ContainerRow {
    pub shipment_id: Uuid,
    pub number: String,
    pub iso_code: String,
    #[sqlx(json)]
    pub seals: Vec<String>,
    pub fill: String,
}

pub async fn containers(db: &mut impl Db, shipment: Uuid) -> Result<Vec<ContainerRow>> {
    let q = Query::select()
        .columns(["shipment_id", "number", "iso_code", "seals", "fill"])
        .from("containers")
        .and_where(Expr::col("shipment_id").eq(shipment))
        .order_by("number", Order::Asc)
        .take();
    db.fetch_all(&q).await
}

/// The (kind, value) references of one shipment.
pub async fn refs(db: &mut impl Db, shipment: Uuid) -> Result<Vec<(String, String)>> {
    let q = Query::select()
        .columns(["kind", "value"])
        .from("shipment_refs")
        .and_where(Expr::col("shipment_id").eq(shipment))
        .take();
    db.fetch_all(&q).await
}

/// Shipments found by any reference value: a container, B/L, booking or "imo/voyage".
pub async fn find(
    db: &mut impl Db,
    value: &str,
    scope: &CustomerScope,
    limit: u64,
) -> Result<Vec<Shipment>> {
    let q = Query::select()
        .column(Asterisk)
        .from("shipments")
        .and_where(
            Expr::col("id").in_subquery(
                Query::select()
                    .column("shipment_id")
                    .from("shipment_refs")
                    // every kind, named: the primary key (kind, value, …) then answers
                    // by four probes; with the value alone PostgreSQL read the table
                    .and_where(Expr::col("kind").is_in(super::KINDS))
                    .and_where(Expr::col("value").eq(value))
                    .take(),
            ),
        )
        .cond_where(shipment_scope(scope, "id"))
        .order_by("created_at", Order::Desc)
        .limit(limit)
        .take();
    db.fetch_all(&q).await
}

/// Shipment ids that carry any of these references.
pub async fn ids_with_refs(db: &mut impl Db, refs: &[(&str, &str)]) -> Result<Vec<Uuid>> {
    let mut out = Vec::new();
    for (kind, values) in super::events::by_kind(refs) {
        for chunk in values.chunks(500) {
            let q = Query::select()
                .distinct()
                .column("shipment_id")
                .from("shipment_refs")
                .and_where(Expr::col("kind").eq(kind))
                .and_where(Expr::col("value").is_in(chunk.iter().copied()))
                .take();
            out.extend(
                db.fetch_all::<(Uuid,), _>(&q)
                    .await?
                    .into_iter()
                    .map(|r| r.0),
            );
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

pub async fn many(db: &mut impl Db, ids: &[Uuid]) -> Result<Vec<Shipment>> {
    let mut out = Vec::new();
    for chunk in ids.chunks(500) {
        let q = Query::select()
            .column(Asterisk)
            .from("shipments")
            .and_where(Expr::col("id").is_in(chunk.iter().copied()))
            .take();
        out.extend(db.fetch_all::<Shipment, _>(&q).await?);
    }
    Ok(out)
}

/// Filters of the shipment list.
#[derive(Debug, Clone, Default)]
pub struct ShipmentFilter {
    pub customer: Option<Uuid>,
    pub status: Option<String>,
    pub delayed: Option<bool>,
    pub vessel_imo: Option<String>,
    pub voyage: Option<String>,
    /// Port of loading or discharge.
    pub port: Option<String>,
    /// Shipments created before this (created_at, id) — the next page.
    pub before: Option<(i64, Uuid)>,
    pub limit: u64,
}

pub async fn list(
    db: &mut impl Db,
    f: &ShipmentFilter,
    scope: &CustomerScope,
) -> Result<Vec<Shipment>> {
    let mut q = Query::select();
    q.column(Asterisk)
        .from("shipments")
        .cond_where(shipment_scope(scope, "id"));
    if let Some(c) = f.customer {
        q.and_where(
            Expr::col("id").in_subquery(
                Query::select()
                    .column("shipment_id")
                    .from("shipment_parties")
                    .and_where(Expr::col("customer_id").eq(c))
                    .take(),
            ),
        );
    }
    if let Some(s) = &f.status {
        q.and_where(Expr::col("status").eq(s.as_str()));
    }
    if let Some(d) = f.delayed {
        q.and_where(Expr::col("delayed").eq(d));
    }
    if let Some(v) = &f.vessel_imo {
        // any leg on this vessel: VOY refs start with "imo/"
        q.and_where(
            Expr::col("id").in_subquery(
                Query::select()
                    .column("shipment_id")
                    .from("shipment_refs")
                    .and_where(Expr::col("kind").eq(VOYAGE))
                    .and_where(match &f.voyage {
                        Some(voy) => Expr::col("value").eq(voyage_ref(v, voy)),
                        None => crate::like::starts_with("value", &format!("{v}/")),
                    })
                    .take(),
            ),
        );
    }
    if let Some(p) = &f.port {
        q.cond_where(
            Cond::any()
                .add(Expr::col("port_of_loading").eq(p.as_str()))
                .add(Expr::col("port_of_discharge").eq(p.as_str())),
        );
    }
    if let Some((at, id)) = f.before {
        q.cond_where(
            Cond::any()
                .add(Expr::col("created_at").lt(at))
                .add(Expr::col("created_at").eq(at).and(Expr::col("id").lt(id))),
        );
    }
    q.order_by("created_at", Order::Desc)
        .order_by("id", Order::Desc)
        .limit(f.limit);
    db.fetch_all(&q).await
}

/// Shipments with a leg on this vessel voyage (everything on board, planned or loaded).
pub async fn on_voyage(
    db: &mut impl Db,
    imo: &str,
    voyage: &str,
    scope: &CustomerScope,
) -> Result<Vec<Shipment>> {
    let q = Query::select()
        .column(Asterisk)
        .from("shipments")
        .and_where(
            Expr::col("id").in_subquery(
                Query::select()
                    .column("shipment_id")
                    .from("shipment_refs")
                    .and_where(Expr::col("kind").eq(VOYAGE))
                    .and_where(Expr::col("value").eq(voyage_ref(imo, voyage)))
                    .take(),
            ),
        )
        .cond_where(shipment_scope(scope, "id"))
        .take();
    // sorted here: SQLite's sorter copied every whole row of a full vessel (10,000
    // shipments, 40 of the 100 ms the query took); a sort of the decoded rows is ~1 ms
    let mut rows: Vec<Shipment> = db.fetch_all(&q).await?;
    rows.sort_by(|a, b| a.reference.cmp(&b.reference));
    Ok(rows)
}

/// The timeline figures of one shipment after its events changed.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineFigures {
    pub id: Uuid,
    pub status: String,
    pub eta: Option<i64>,
    pub eta_classifier: Option<String>,
    pub first_eta: Option<i64>,
    pub slip_minutes: i64,
    pub delayed: bool,
    pub last_event_at: Option<i64>,
}

/// Stores new timeline figures: one `UPDATE … FROM (VALUES …)` per 500 shipments (a
/// statement per shipment made this most of the apply step's time on PostgreSQL).
pub async fn set_timelines(db: &mut impl Db, rows: &[TimelineFigures]) -> Result<()> {
    let values = rows
        .iter()
        .map(|t| {
            vec![
                t.id.into(),
                t.status.clone().into(),
                t.eta.into(),
                t.eta_classifier.clone().into(),
                t.first_eta.into(),
                t.slip_minutes.into(),
                t.delayed.into(),
                t.last_event_at.into(),
            ]
        })
        .collect();
    crate::rows::update_many_by_id(
        db,
        "shipments",
        &[
            "status",
            "eta",
            "eta_classifier",
            "first_eta",
            "slip_minutes",
            "delayed",
            "last_event_at",
        ],
        values,
        &[
            ("updated_at", Expr::val(now_micros())),
            ("version", Expr::col(("shipments", "version")).add(1)),
        ],
    )
    .await
}

/// How many shipments are stored.
pub async fn count(db: &mut impl Db) -> Result<i64> {
    let q = Query::select()
        .expr(Expr::col(Asterisk).count())
        .from("shipments")
        .take();
    let (n,): (i64,) = db.fetch_one(&q).await?;
    Ok(n)
}

/// The references of many shipments in one query: (shipment, kind, value).
pub async fn refs_many(db: &mut impl Db, ids: &[Uuid]) -> Result<Vec<(Uuid, String, String)>> {
    let mut out = Vec::new();
    for chunk in ids.chunks(500) {
        let q = Query::select()
            .columns(["shipment_id", "kind", "value"])
            .from("shipment_refs")
            .and_where(Expr::col("shipment_id").is_in(chunk.iter().copied()))
            .take();
        out.extend(db.fetch_all::<(Uuid, String, String), _>(&q).await?);
    }
    Ok(out)
}

/// Customers' own ETA-slip thresholds (hours), for those that set one.
pub async fn thresholds(db: &mut impl Db, customers: &[Uuid]) -> Result<Vec<(Uuid, i64)>> {
    let mut out = Vec::new();
    for chunk in customers.chunks(500) {
        let q = Query::select()
            .columns(["id", "eta_threshold_hours"])
            .from("customers")
            .and_where(Expr::col("id").is_in(chunk.iter().copied()))
            .and_where(Expr::col("eta_threshold_hours").is_not_null())
            .take();
        out.extend(db.fetch_all::<(Uuid, i64), _>(&q).await?);
    }
    Ok(out)
}

pub async fn set_threshold(db: &mut impl Db, customer: Uuid, hours: i64) -> Result<()> {
    let q = Query::update()
        .table("customers")
        .value("eta_threshold_hours", Expr::val(hours))
        .and_where(Expr::col("id").eq(customer))
        .take();
    db.execute(&q).await?;
    Ok(())
}

/// Those of these shipments a customer is party to (one query per 500 ids).
pub async fn of_customer(db: &mut impl Db, customer: Uuid, ids: &[Uuid]) -> Result<Vec<Uuid>> {
    let mut out = Vec::new();
    for chunk in ids.chunks(500) {
        let q = Query::select()
            .distinct()
            .column("shipment_id")
            .from("shipment_parties")
            .and_where(Expr::col("customer_id").eq(customer))
            .and_where(Expr::col("shipment_id").is_in(chunk.iter().copied()))
            .take();
        out.extend(
            db.fetch_all::<(Uuid,), _>(&q)
                .await?
                .into_iter()
                .map(|r| r.0),
        );
    }
    Ok(out)
}
