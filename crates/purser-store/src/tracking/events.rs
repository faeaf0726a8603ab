//! DCSA events as received, numbered by `seq` in commit order (the cursor of
//! `GET /dcsa/tnt/v2/events`), with the booking, document, container and voyage
//! references each can be found by.

use super::{BOOKING, DOCUMENT, EQUIPMENT, VOYAGE};
use crate::bulk::insert_rows;
use crate::db::Db;
use crate::{Result, counters, now_micros};
use purser_domain::roles::CustomerScope;
use sea_query::{Asterisk, Cond, Expr, ExprTrait, Order, Query};
use std::collections::HashMap;
use std::sync::Arc;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct EventRow {
    pub seq: i64,
    pub event_id: String,
    /// TRANSPORT, SHIPMENT or EQUIPMENT.
    pub kind: String,
    pub classifier: String,
    pub type_code: String,
    pub event_at: i64,
    pub created_at: i64,
    pub received_at: i64,
    pub source_id: Option<Uuid>,
    pub location: Option<String>,
    pub vessel_imo: Option<String>,
    pub voyage: Option<String>,
    pub equipment: Option<String>,
    pub document_type: Option<String>,
    pub delay_reason: Option<String>,
    /// The event as received (JSON text), served back as it came.
    pub body: String,
    pub body_hash: String,
    #[sqlx(json(nullable))]
    pub warnings: Option<serde_json::Value>,
}

/// An event to store; `refs` are (kind, value) pairs of [`super`]'s reference kinds.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEvent {
    pub event_id: String,
    pub kind: String,
    pub classifier: String,
    pub type_code: String,
    pub event_at: i64,
    pub created_at: i64,
    pub location: Option<String>,
    pub vessel_imo: Option<String>,
    pub voyage: Option<String>,
    pub equipment: Option<String>,
    pub document_type: Option<String>,
    pub delay_reason: Option<String>,
    pub body: String,
    pub body_hash: String,
    pub warnings: Option<serde_json::Value>,
    pub refs: Vec<(&'static str, String)>,
}

/// The stored content hash of each of these event ids that is already known.
pub async fn known(db: &mut impl Db, ids: &[&str]) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    for chunk in ids.chunks(500) {
        let q = Query::select()
            .columns(["event_id", "body_hash"])
            .from("tnt_events")
            .and_where(Expr::col("event_id").is_in(chunk.iter().copied()))
            .take();
        out.extend(db.fetch_all::<(String, String), _>(&q).await?);
    }
    Ok(out)
}

/// The columns of `tnt_events`, in the order [`insert`] writes them.
const COLUMNS: [&str; 18] = [
    "seq",
    "event_id",
    "kind",
    "classifier",
    "type_code",
    "event_at",
    "created_at",
    "received_at",
    "source_id",
    "location",
    "vessel_imo",
    "voyage",
    "equipment",
    "document_type",
    "delay_reason",
    "body",
    "body_hash",
    "warnings",
];

/// Stores new events (the caller has left out the known ones) and their references, in
/// a handful of multi-row statements; returns the seq of the first.
pub async fn insert(db: &mut impl Db, source: Option<Uuid>, events: &[NewEvent]) -> Result<i64> {
    if events.is_empty() {
        return Ok(0);
    }
    let first = counters::reserve(db, "tnt_events", events.len() as i64).await?;
    let now = now_micros();
    let numbered: Vec<(i64, &NewEvent)> = (first..).zip(events.iter()).collect();
    insert_rows(db, "tnt_events", &COLUMNS, &numbered, None, |(seq, e)| {
        vec![
            Expr::val(*seq),
            Expr::val(e.event_id.as_str()),
            Expr::val(e.kind.as_str()),
            Expr::val(e.classifier.as_str()),
            Expr::val(e.type_code.as_str()),
            Expr::val(e.event_at),
            Expr::val(e.created_at),
            Expr::val(now),
            Expr::val(source),
            Expr::val(e.location.clone()),
            Expr::val(e.vessel_imo.clone()),
            Expr::val(e.voyage.clone()),
            Expr::val(e.equipment.clone()),
            Expr::val(e.document_type.clone()),
            Expr::val(e.delay_reason.clone()),
            Expr::val(e.body.as_str()),
            Expr::val(e.body_hash.as_str()),
            Expr::val(e.warnings.clone()),
        ]
    })
    .await?;
    let mut refs: Vec<(&str, &str, i64)> = numbered
        .iter()
        .flat_map(|(seq, e)| e.refs.iter().map(move |(k, v)| (*k, v.as_str(), *seq)))
        .collect();
    refs.sort();
    refs.dedup();
    insert_rows(
        db,
        "tnt_event_refs",
        &["kind", "value", "seq"],
        &refs,
        Some(&["kind", "value", "seq"]),
        |(k, v, s)| vec![Expr::val(*k), Expr::val(*v), Expr::val(*s)],
    )
    .await?;
    Ok(first)
}

/// A comparison on `eventCreatedDateTime`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    Eq,
    Gt,
    Gte,
    Lt,
    Lte,
}

/// The filters of `GET /dcsa/tnt/v2/events`; empty lists mean "any".
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    pub kinds: Vec<String>,
    pub shipment_codes: Vec<String>,
    pub document_types: Vec<String>,
    pub transport_codes: Vec<String>,
    pub equipment_codes: Vec<String>,
    pub booking: Option<String>,
    pub document: Option<String>,
    pub equipment: Option<String>,
    pub vessel_imo: Option<String>,
    pub voyage: Option<String>,
    pub location: Option<String>,
    pub created: Vec<(Cmp, i64)>,
    /// Events after this seq (the cursor), or before it when `descending`.
    pub after: Option<i64>,
    pub descending: bool,
    pub limit: u64,
}

fn by_ref(kind: &'static str, value: &str) -> sea_query::SimpleExpr {
    Expr::col(("tnt_events", "seq")).in_subquery(
        Query::select()
            .column("seq")
            .from("tnt_event_refs")
            .and_where(Expr::col("kind").eq(kind))
            .and_where(Expr::col("value").eq(value))
            .take(),
    )
}

/// The numbers of the events the scope may see: those with a reference of a shipment of a
/// visible customer. The customer's few shipments drive it (their references, then the
/// events of each): tested per event instead, a customer with little traffic scanned
/// every event ever stored to fill one page (6.9 s among 3 million events, 15 ms so).
fn visible_seqs(scope: &CustomerScope) -> sea_query::SelectStatement {
    Query::select()
        .column(("r", "seq"))
        .from("shipment_refs")
        .join_as(
            sea_query::JoinType::InnerJoin,
            "tnt_event_refs",
            "r",
            Expr::col(("r", "kind"))
                .equals(("shipment_refs", "kind"))
                .and(Expr::col(("r", "value")).equals(("shipment_refs", "value"))),
        )
        // a container number alone does not make another booking's event visible
        .cond_where(
            Cond::any().add(Expr::col(("r", "kind")).ne(EQUIPMENT)).add(
                Expr::exists(
                    Query::select()
                        .expr(Expr::val(1))
                        .from_as("tnt_event_refs", "d")
                        .and_where(Expr::col(("d", "seq")).equals(("r", "seq")))
                        .and_where(Expr::col(("d", "kind")).is_in([BOOKING, DOCUMENT]))
                        .take(),
                )
                .not(),
            ),
        )
        .cond_where(super::shipment_scope(scope, "shipment_id"))
        .take()
}

/// [`visible_seqs`] as a condition on a list of `tnt_events`.
fn visible(scope: &CustomerScope) -> Cond {
    match scope {
        CustomerScope::All => Cond::all(),
        other => Cond::all().add(Expr::col(("tnt_events", "seq")).in_subquery(visible_seqs(other))),
    }
}

/// [`visible_seqs`] as a condition on one `tnt_events` row (a lookup by id: its own
/// references decide, not every event the customer has).
fn visible_one(scope: &CustomerScope) -> Cond {
    match scope {
        CustomerScope::All => Cond::all(),
        other => Cond::all().add(Expr::exists(
            visible_seqs(other)
                .and_where(Expr::col(("r", "seq")).equals(("tnt_events", "seq")))
                .take(),
        )),
    }
}

pub async fn list(
    db: &mut impl Db,
    f: &EventFilter,
    scope: &CustomerScope,
) -> Result<Vec<EventRow>> {
    let mut q = Query::select();
    q.column((sea_query::Alias::new("tnt_events"), Asterisk))
        .from("tnt_events")
        .cond_where(visible(scope));
    if !f.kinds.is_empty() {
        q.and_where(Expr::col("kind").is_in(f.kinds.clone()));
    }
    for (kind, codes) in [
        ("SHIPMENT", &f.shipment_codes),
        ("TRANSPORT", &f.transport_codes),
        ("EQUIPMENT", &f.equipment_codes),
    ] {
        // a code filter keeps only events of its kind (the spec: DRFT and GTIN → nothing)
        if !codes.is_empty() {
            q.and_where(Expr::col("kind").eq(kind));
            q.and_where(Expr::col("type_code").is_in(codes.clone()));
        }
    }
    if !f.document_types.is_empty() {
        q.and_where(Expr::col("document_type").is_in(f.document_types.clone()));
    }
    if let Some(b) = &f.booking {
        q.and_where(by_ref(BOOKING, b));
    }
    if let Some(d) = &f.document {
        q.and_where(by_ref(DOCUMENT, d));
    }
    if let Some(e) = &f.equipment {
        q.and_where(by_ref(EQUIPMENT, e));
    }
    if let Some(v) = &f.vessel_imo {
        q.and_where(Expr::col("vessel_imo").eq(v.as_str()));
    }
    if let Some(v) = &f.voyage {
        q.and_where(Expr::col("voyage").eq(v.as_str()));
    }
    if let Some(l) = &f.location {
        q.and_where(Expr::col("location").eq(l.as_str()));
    }
    for (cmp, at) in &f.created {
        let c = Expr::col("created_at");
        q.and_where(match cmp {
            Cmp::Eq => c.eq(*at),
            Cmp::Gt => c.gt(*at),
            Cmp::Gte => c.gte(*at),
            Cmp::Lt => c.lt(*at),
            Cmp::Lte => c.lte(*at),
        });
    }
    if let Some(after) = f.after {
        let c = Expr::col(("tnt_events", "seq"));
        q.and_where(if f.descending {
            c.lt(after)
        } else {
            c.gt(after)
        });
    }
    q.order_by(
        ("tnt_events", "seq"),
        if f.descending {
            Order::Desc
        } else {
            Order::Asc
        },
    )
    .limit(f.limit);
    db.fetch_all(&q).await
}

pub async fn get(
    db: &mut impl Db,
    event_id: &str,
    scope: &CustomerScope,
) -> Result<Option<EventRow>> {
    let q = Query::select()
        .column((sea_query::Alias::new("tnt_events"), Asterisk))
        .from("tnt_events")
        .and_where(Expr::col("event_id").eq(event_id))
        .cond_where(visible_one(scope))
        .take();
    db.fetch_optional(&q).await
}

/// Every event with any of these references, oldest first (a shipment's history).
pub async fn with_refs(db: &mut impl Db, refs: &[(String, String)]) -> Result<Vec<EventRow>> {
    if refs.is_empty() {
        return Ok(Vec::new());
    }
    let mut any = Cond::any();
    for (k, v) in refs {
        any = any.add(
            Expr::col("kind")
                .eq(k.as_str())
                .and(Expr::col("value").eq(v.as_str())),
        );
    }
    let q = Query::select()
        .column(Asterisk)
        .from("tnt_events")
        .and_where(
            Expr::col("seq").in_subquery(
                Query::select()
                    .column("seq")
                    .from("tnt_event_refs")
                    .cond_where(any)
                    .take(),
            ),
        )
        .order_by("seq", Order::Asc)
        .take();
    db.fetch_all(&q).await
}

/// How many events are stored (for the metrics and the demo banner).
pub async fn count(db: &mut impl Db) -> Result<i64> {
    let q = Query::select()
        .expr(Expr::col(Asterisk).count())
        .from("tnt_events")
        .take();
    let (n,): (i64,) = db.fetch_one(&q).await?;
    Ok(n)
}

/// The reference pairs of an event, for callers that build [`NewEvent::refs`].
pub fn refs_of(
    bookings: &[String],
    documents: &[String],
    equipment: Option<&str>,
    voyage: Option<(&str, &str)>,
) -> Vec<(&'static str, String)> {
    let mut out: Vec<(&'static str, String)> = Vec::new();
    out.extend(bookings.iter().map(|b| (BOOKING, b.clone())));
    out.extend(documents.iter().map(|d| (DOCUMENT, d.clone())));
    if let Some(e) = equipment {
        out.push((EQUIPMENT, e.to_string()));
    }
    if let Some((imo, v)) = voyage {
        out.push((VOYAGE, super::voyage_ref(imo, v)));
    }
    out
}

/// The events numbered `first ..= first + count - 1` (one ingested batch).
pub async fn range(db: &mut impl Db, first: i64, count: i64) -> Result<Vec<EventRow>> {
    let q = Query::select()
        .column(Asterisk)
        .from("tnt_events")
        .and_where(Expr::col("seq").gte(first))
        .and_where(Expr::col("seq").lt(first + count))
        .order_by("seq", Order::Asc)
        .take();
    db.fetch_all(&q).await
}

/// The (seq, kind, value) references of the events of one batch.
pub async fn refs_in_range(
    db: &mut impl Db,
    first: i64,
    count: i64,
) -> Result<Vec<(i64, String, String)>> {
    let q = Query::select()
        .columns(["seq", "kind", "value"])
        .from("tnt_event_refs")
        .and_where(Expr::col("seq").gte(first))
        .and_where(Expr::col("seq").lt(first + count))
        .take();
    db.fetch_all(&q).await
}

/// The events of many references: which event each reference finds, and each event once
/// (its body, hash and warnings left empty: timelines read only the facts).
#[derive(Debug, Clone, Default)]
pub struct Histories {
    /// The events each (kind, value) reference finds, by number, oldest first.
    pub refs: HashMap<(String, String), Vec<i64>>,
    pub events: HashMap<i64, Arc<EventRow>>,
    /// The events that name a booking or transport document.
    pub documented: std::collections::HashSet<i64>,
}

impl Histories {
    /// The events that concern a shipment with these references (see
    /// [`super::concerns`]: a container number alone does not claim an event of another
    /// booking), oldest first, each once.
    pub fn of_shipment(&self, refs: &[(String, String)]) -> Vec<&Arc<EventRow>> {
        let mut seqs: Vec<i64> = refs
            .iter()
            .flat_map(|(k, v)| {
                let by_box_only = k == EQUIPMENT;
                self.refs
                    .get(&(k.clone(), v.clone()))
                    .into_iter()
                    .flatten()
                    .filter(move |s| !by_box_only || !self.documented.contains(s))
                    .copied()
            })
            .collect();
        seqs.sort_unstable();
        seqs.dedup();
        seqs.iter().filter_map(|s| self.events.get(s)).collect()
    }
}

/// Every event with any of these references, in two steps: the references (an index-only
/// range per kind: `kind = ? AND value IN (…)`; an OR of (kind, value) pairs made SQLite
/// scan the whole table), then each event found once by its number. Reading the events
/// through the join fetched every event once per reference it carries.
pub async fn histories(db: &mut impl Db, refs: &[(String, String)]) -> Result<Histories> {
    let mut out = Histories::default();
    for (kind, values) in by_kind(refs) {
        for chunk in values.chunks(500) {
            let q = Query::select()
                .columns(["seq", "kind", "value"])
                .from("tnt_event_refs")
                .and_where(Expr::col("kind").eq(kind))
                .and_where(Expr::col("value").is_in(chunk.iter().copied()))
                .take();
            for (seq, k, v) in db.fetch_all::<(i64, String, String), _>(&q).await? {
                out.refs.entry((k, v)).or_default().push(seq);
            }
        }
    }
    let mut seqs: Vec<i64> = out
        .refs
        .values_mut()
        .flat_map(|s| {
            s.sort_unstable();
            s.iter().copied()
        })
        .collect();
    seqs.sort_unstable();
    seqs.dedup();
    const LEFT_EMPTY: [&str; 3] = ["body", "body_hash", "warnings"];
    for chunk in seqs.chunks(500) {
        let mut q = Query::select();
        q.columns(COLUMNS.iter().copied().filter(|c| !LEFT_EMPTY.contains(c)))
            .expr_as(Expr::val(""), "body")
            .expr_as(Expr::val(""), "body_hash")
            .expr_as(Expr::cust("NULL"), "warnings")
            .from("tnt_events")
            .and_where(Expr::col("seq").is_in(chunk.iter().copied()));
        for e in db.fetch_all::<EventRow, _>(&q).await? {
            out.events.insert(e.seq, Arc::new(e));
        }
    }
    // whether an event found by a box names a booking or document matters only for those
    // not found by one of the asked bookings or documents: usually none
    let by_document: std::collections::HashSet<i64> = out
        .refs
        .iter()
        .filter(|((k, _), _)| super::is_document(k))
        .flat_map(|(_, s)| s.iter().copied())
        .collect();
    let mut unsure: Vec<i64> = out
        .refs
        .iter()
        .filter(|((k, _), _)| k == EQUIPMENT)
        .flat_map(|(_, s)| s.iter().copied())
        .filter(|s| !by_document.contains(s))
        .collect();
    unsure.sort_unstable();
    unsure.dedup();
    out.documented = by_document;
    for chunk in unsure.chunks(500) {
        // by number only: with `kind IN (…)` as well SQLite walked the key's kind range
        // (every booking reference stored) instead of the number index
        let q = Query::select()
            .columns(["seq", "kind"])
            .from("tnt_event_refs")
            .and_where(Expr::col("seq").is_in(chunk.iter().copied()))
            .take();
        out.documented.extend(
            db.fetch_all::<(i64, String), _>(&q)
                .await?
                .into_iter()
                .filter(|(_, k)| super::is_document(k))
                .map(|(s, _)| s),
        );
    }
    Ok(out)
}

/// Reference values grouped by kind, each kind's values sorted and unique.
pub fn by_kind<K: AsRef<str>, V: AsRef<str>>(refs: &[(K, V)]) -> Vec<(&str, Vec<&str>)> {
    let mut m: std::collections::BTreeMap<&str, Vec<&str>> = std::collections::BTreeMap::new();
    for (k, v) in refs {
        m.entry(k.as_ref()).or_default().push(v.as_ref());
    }
    m.into_iter()
        .map(|(k, mut v)| {
            v.sort_unstable();
            v.dedup();
            (k, v)
        })
        .collect()
}
