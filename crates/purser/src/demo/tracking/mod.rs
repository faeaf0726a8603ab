//! Track and trace in the demo: the ports, services, vessels and voyages of the weeks
//! around now stored as schedules, thousands of shipments booked by the demo's customers,
//! and their history published as DCSA TNT 2.2 events and fed through the real pipeline
//! (ingest in batches of 1,000, then apply: port calls, timelines, delays, notices).
//! [`play`] is `purser demo --live-feed`: a scripted story posted to the running server as
//! a signed subscriber callback.

mod bookings;
mod events;
mod feed;
mod network;

pub use feed::{Script, play};

use crate::demo::desk::seed::Book;
use crate::demo::desk::stories::Shipped;
use jiff::Timestamp;
use network::Plan;
use purser_app::tracking::{apply, ingest};
use purser_store::tracking::schedules::{self, Location, PortCall};
use purser_store::tracking::shipments::{self, Container, Leg, NewBooking, NewShipment};
use purser_store::{Db, Store, new_id, now_micros};
use serde_json::{Value, json};
use uuid::Uuid;

/// Events per ingested array, as a carrier's feed would batch them.
pub const BATCH: usize = 1000;

/// What the tracking demo made.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// The instant the story is told from.
    pub anchor: Timestamp,
    pub services: usize,
    pub vessels: usize,
    pub voyages: usize,
    pub port_calls: usize,
    pub shipments: usize,
    pub containers: usize,
    pub events: usize,
    pub stored: usize,
    pub delayed: i64,
    pub rolled: usize,
    pub held: usize,
    pub notices: i64,
    /// Why applying the events stopped, if it did (the data is stored all the same).
    pub apply_error: Option<String>,
}

impl Summary {
    pub fn line(&self, secs: f64) -> String {
        let n = |v: usize| thousands(v as i64);
        let mut line = format!(
            "demo tracking: {} services, {} vessels, {} voyages ({} port calls), {} shipments \
             ({} containers), {} events ({} new); {} delayed, {} rolled over, {} on hold; {} \
             notices in {secs:.1} s",
            self.services,
            self.vessels,
            self.voyages,
            n(self.port_calls),
            n(self.shipments),
            n(self.containers),
            n(self.events),
            n(self.stored),
            thousands(self.delayed),
            self.rolled,
            self.held,
            thousands(self.notices),
        );
        if let Some(e) = &self.apply_error {
            line.push_str(&format!("\n  warning: applying the events stopped: {e}"));
        }
        line
    }
}

/// 12345 as "12,345".
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

pub struct Seeded {
    pub summary: Summary,
    /// The live feed's story, about this data.
    pub live: Script,
}

/// The network and the shipments of `book`'s customers (the portal user's company first)
/// for the weeks around `anchor`, with no I/O: the desk's stories name these shipments
/// before [`seed`] stores them.
pub fn plan(book: &Book, seed: u64, scale: u32, anchor: Timestamp) -> Plan {
    let tiers: Vec<_> = book.accounts.iter().map(|a| a.tier).collect();
    network::plan(seed, scale, &tiers, anchor)
}

/// Each account's shipments as the desk's stories name them, in the order of `book`.
pub fn shipped(plan: &Plan, accounts: usize) -> Vec<Vec<Shipped>> {
    let day = |micros: i64| {
        Timestamp::from_microsecond(micros)
            .unwrap_or(Timestamp::UNIX_EPOCH)
            .to_zoned(jiff::tz::TimeZone::UTC)
            .date()
    };
    let mut out = vec![Vec::new(); accounts];
    for s in &plan.shipments {
        let (Some(list), Some(container)) = (out.get_mut(s.customer), s.boxes.first()) else {
            continue;
        };
        let (first, last) = (s.first(), s.last());
        let carrying = &plan.voyages[first.voyage];
        let load = &carrying.calls[first.load];
        let discharge = &plan.voyages[last.voyage].calls[last.discharge];
        list.push(Shipped {
            booking: s.booking.clone(),
            bl: s.bill.clone(),
            container: container.number.clone(),
            vessel: plan.vessels[carrying.vessel].name.to_string(),
            voyage: carrying.number.clone(),
            pol: load.port.to_string(),
            pod: discharge.port.to_string(),
            sails: day(load.departure),
            arrives: day(discharge.arrival),
            expected: day(discharge.arrival_actual),
        });
    }
    out
}

/// Stores the network and the shipments of `plan`, then feeds their history through
/// ingestion and applies it.
pub async fn seed(store: &Store, book: &Book, plan: Plan) -> anyhow::Result<Seeded> {
    let anchor = Timestamp::from_microsecond(plan.anchor)?;
    let port_calls = write_schedules(store, &plan).await?;
    let ids = write_shipments(store, &plan, book).await?;
    let history = events::history(&plan);
    let started = std::time::Instant::now();
    let fed = feed_history(store, &history.events).await?;
    tracing::debug!(events = fed.stored, took = ?started.elapsed(), "demo history ingested");
    let started = std::time::Instant::now();
    let mut summary = Summary {
        anchor,
        services: network::SERVICES.len(),
        vessels: plan.vessels.len(),
        voyages: plan.voyages.len(),
        port_calls,
        shipments: plan.shipments.len(),
        containers: plan.shipments.iter().map(|s| s.boxes.len()).sum(),
        events: history.events.len(),
        stored: fed.stored,
        rolled: count_fate(&plan, |f| matches!(f, bookings::Fate::RolledTo(_))),
        held: count_fate(&plan, |f| matches!(f, bookings::Fate::Held(_, None))),
        ..Default::default()
    };
    match apply::run_pending(store).await {
        Ok(applied) => tracing::debug!(?applied, took = ?started.elapsed(), "demo history applied"),
        Err(e) => {
            tracing::warn!(error = %e, "applying the demo's tracking events failed");
            summary.apply_error = Some(e.to_string());
        }
    }
    let mut db = store.clone();
    summary.delayed = db
        .scalar_raw("SELECT COUNT(*) FROM shipments WHERE delayed")
        .await?;
    summary.notices = purser_store::tracking::notices::count(&mut db).await?;
    Ok(Seeded {
        summary,
        live: feed::script(&plan, &history.pending_loads, &ids),
    })
}

fn count_fate(plan: &network::Plan, f: impl Fn(bookings::Fate) -> bool) -> usize {
    plan.shipments.iter().filter(|s| f(s.fate)).count()
}

/// Places, vessels, services and the planned calls of every voyage, with cut-offs.
async fn write_schedules(store: &Store, plan: &network::Plan) -> anyhow::Result<usize> {
    let now = now_micros();
    let mut tx = store.begin().await?;
    let places: Vec<Location> = network::PLACES
        .iter()
        .map(|p| Location {
            code: p.code.into(),
            name: p.name.into(),
            time_zone: Some(p.zone.into()),
        })
        .collect();
    schedules::add_locations(&mut tx, &places).await?;
    let vessels: Vec<schedules::Vessel> = plan
        .vessels
        .iter()
        .map(|v| schedules::Vessel {
            imo: v.imo.clone(),
            name: v.name.into(),
            flag: Some(v.flag.into()),
            call_sign: Some(v.call_sign.clone()),
            operator: Some(network::CARRIER.into()),
            updated_at: now,
        })
        .collect();
    schedules::upsert_vessels(&mut tx, &vessels).await?;
    let services: Vec<(String, String)> = network::SERVICES
        .iter()
        .map(|s| (s.code.into(), s.name.into()))
        .collect();
    schedules::add_services(&mut tx, &services).await?;
    let calls: Vec<PortCall> = plan
        .voyages
        .iter()
        .flat_map(|v| {
            v.calls.iter().map(|c| PortCall {
                id: new_id(),
                vessel_imo: plan.vessels[v.vessel].imo.clone(),
                voyage: v.number.clone(),
                service_code: Some(network::SERVICES[v.service].code.into()),
                location: c.port.into(),
                seq: c.seq,
                arrival_planned: Some(c.arrival),
                arrival_estimated: None,
                arrival_actual: None,
                departure_planned: Some(c.departure),
                departure_estimated: None,
                departure_actual: None,
                cutoffs: Value::Object(
                    c.cutoffs()
                        .iter()
                        .map(|(k, at)| (k.to_string(), json!(at)))
                        .collect(),
                ),
                omitted: false,
                updated_at: now,
            })
        })
        .collect();
    schedules::upsert_port_calls(&mut tx, &calls).await?;
    tx.commit().await?;
    Ok(calls.len())
}

/// Bookings and shipments with their parties, legs and containers; returns the shipment
/// ids in plan order.
async fn write_shipments(
    store: &Store,
    plan: &network::Plan,
    book: &Book,
) -> anyhow::Result<Vec<Uuid>> {
    let company = |i: usize| book.customers[i].id;
    let mut bookings = Vec::new();
    let mut rows = Vec::new();
    for s in &plan.shipments {
        let first = s.first();
        let last = s.last();
        let pol = &plan.voyages[first.voyage].calls[first.load];
        let pod = &plan.voyages[last.voyage].calls[last.discharge];
        let iso = s.boxes[0].iso;
        let equipment = json!([{ "ISOEquipmentCode": iso, "units": s.boxes.len() }]);
        let confirmed = s.confirmed_at <= plan.anchor - 10 * network::MINUTE;
        bookings.push(NewBooking {
            id: new_id(),
            reference: s.booking.clone(),
            customer_id: company(s.customer),
            status: if confirmed { "CONFIRMED" } else { "RECEIVED" }.into(),
            requested_equipment: equipment.clone(),
            confirmed_equipment: if confirmed { equipment } else { json!([]) },
            cutoffs: Value::Object(
                pol.cutoffs()
                    .iter()
                    .map(|(k, at)| (k.to_string(), json!(at)))
                    .collect(),
            ),
        });
        rows.push(NewShipment {
            id: new_id(),
            reference: s.bill.clone(),
            booking_reference: s.booking.clone(),
            customer_id: company(s.customer),
            shipper_id: Some(company(s.shipper)),
            consignee_id: Some(company(s.consignee)),
            notify_id: s.notify.map(company),
            place_of_receipt: Some(pol.port.into()),
            port_of_loading: pol.port.into(),
            port_of_discharge: pod.port.into(),
            place_of_delivery: Some(pod.port.into()),
            legs: s
                .legs
                .iter()
                .map(|l| {
                    let v = &plan.voyages[l.voyage];
                    Leg {
                        vessel_imo: plan.vessels[v.vessel].imo.clone(),
                        voyage: v.number.clone(),
                        load: v.calls[l.load].port.into(),
                        discharge: v.calls[l.discharge].port.into(),
                    }
                })
                .collect(),
            containers: s
                .boxes
                .iter()
                .map(|b| Container {
                    number: b.number.clone(),
                    iso_code: b.iso.into(),
                    seals: vec![b.seal.clone()],
                    fill: "LADEN".into(),
                })
                .collect(),
            first_eta: Some(pod.arrival),
            created_at: s.booked_at,
        });
    }
    let mut tx = store.begin().await?;
    shipments::insert_bookings(&mut tx, &bookings).await?;
    shipments::insert(&mut tx, &rows).await?;
    tx.commit().await?;
    Ok(rows.iter().map(|r| r.id).collect())
}

/// What feeding a history stored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Fed {
    pub stored: usize,
    pub duplicates: usize,
}

/// Ingests events in arrays of [`BATCH`], as a carrier's callback would deliver them.
async fn feed_history(store: &Store, events: &[events::Event]) -> anyhow::Result<Fed> {
    let mut fed = Fed::default();
    for (n, chunk) in events.chunks(BATCH).enumerate() {
        let bodies: Vec<&Value> = chunk.iter().map(|e| &e.body).collect();
        let body = serde_json::to_vec(&bodies)?;
        let report = ingest::ingest(store, None, &body)
            .await
            .map_err(|e| anyhow::anyhow!("the demo's event batch {} was refused: {e:?}", n + 1))?;
        fed.stored += report.stored;
        fed.duplicates += report.duplicates;
    }
    Ok(fed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use purser_domain::ids::{ContainerNumber, ImoNumber};
    use purser_store::sea_query::{Expr, ExprTrait, Query};

    async fn count(db: &mut Store, sql: &str) -> i64 {
        db.scalar_raw(sql)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    #[test]
    fn every_event_of_the_history_is_valid_tnt() {
        let tiers = [purser_domain::customers::Tier::Gold; 12];
        let plan = network::plan(3, 1, &tiers, Timestamp::now());
        let history = events::history(&plan);
        assert!(history.events.len() > 20_000);
        let bodies: Vec<&Value> = history.events.iter().map(|e| &e.body).collect();
        let body = serde_json::to_vec(&bodies).unwrap();
        let parsed = purser_dcsa::parse_events(&body, &|c: &str| {
            network::PLACES.iter().any(|p| p.code == c)
        })
        .unwrap_or_else(|p| panic!("{:?}", &p[..p.len().min(5)]));
        assert!(parsed.iter().all(|e| e.warnings.is_empty()));
        let ids: std::collections::HashSet<&str> =
            parsed.iter().map(|e| e.event_id.as_str()).collect();
        assert_eq!(ids.len(), parsed.len(), "eventIDs are unique");
        assert!(
            !history.pending_loads.is_empty(),
            "the live feed has loading to do"
        );
    }

    /// The whole demo on a fresh store (SQLite, or PostgreSQL with
    /// `PURSER_TEST_BACKEND=postgres`): schedules, shipments of the book's customers, and
    /// their history through ingestion and apply.
    #[tokio::test]
    async fn the_demo_tracks_thousands_of_shipments_through_the_real_pipeline() {
        let (store, _guard) = purser_store::testing::fresh_store().await.unwrap();
        let demo = crate::demo::populate(&store, 42, 1, false).await.unwrap();
        let mut db = store.clone();
        let summary = &demo.tracking;
        assert_eq!(summary.apply_error, None);

        assert!(count(&mut db, "SELECT COUNT(*) FROM services").await >= 3);
        let vessels = schedules::vessels(&mut db).await.unwrap();
        assert!(vessels.len() >= 20);
        for v in &vessels {
            ImoNumber::parse(&v.imo).unwrap();
        }
        let voyages = "SELECT COUNT(*) FROM (SELECT DISTINCT vessel_imo, voyage FROM port_calls) v";
        assert!(count(&mut db, voyages).await >= 50);
        let arrived = "SELECT COUNT(*) FROM port_calls WHERE arrival_actual IS NOT NULL";
        assert!(
            count(&mut db, arrived).await > 100,
            "events moved the calls"
        );

        assert!(shipments::count(&mut db).await.unwrap() >= 1_000);
        let q = Query::select().column("number").from("containers").take();
        let numbers: Vec<(String,)> = db.fetch_all(&q).await.unwrap();
        assert!(numbers.len() >= 2_000);
        for (n,) in &numbers {
            ContainerNumber::parse(n).unwrap();
        }
        let statuses = "SELECT COUNT(DISTINCT status) FROM shipments";
        assert!(count(&mut db, statuses).await >= 5);

        let events = purser_store::tracking::events::count(&mut db)
            .await
            .unwrap();
        assert_eq!(events as usize, summary.events);
        // some sailings slipped past the threshold, the portal customer's among them
        assert!(count(&mut db, "SELECT COUNT(*) FROM shipments WHERE delayed").await >= 3);
        let portal = "(SELECT customer_id FROM users WHERE email = 'portal@purser.test')";
        let mine = format!("SELECT COUNT(*) FROM shipments WHERE customer_id = {portal}");
        assert!(count(&mut db, &mine).await >= 5);
        let late = format!("{mine} AND delayed");
        assert!(count(&mut db, &late).await >= 1);
        // one was loaded on another vessel than planned; one has its B/L on hold
        let rolled = "SELECT COUNT(*) FROM tnt_events e \
                      JOIN containers c ON c.number = e.equipment \
                      JOIN shipments s ON s.id = c.shipment_id \
                      WHERE e.type_code = 'LOAD' AND e.location = s.port_of_loading \
                      AND e.vessel_imo <> s.vessel_imo";
        assert!(count(&mut db, rolled).await >= 1);
        let held = "SELECT COUNT(*) FROM tnt_events WHERE type_code = 'HOLD'";
        assert!(count(&mut db, held).await >= 1);

        // the carrier publishing the same history again stores nothing new
        let book = crate::demo::desk::seed::read_book(&store, Some(portal_id(&mut db).await))
            .await
            .unwrap();
        let tiers: Vec<_> = book.accounts.iter().map(|a| a.tier).collect();
        let plan = network::plan(42, 1, &tiers, summary.anchor);
        let again = feed_history(&store, &events::history(&plan).events)
            .await
            .unwrap();
        assert_eq!(again.stored, 0);
        assert_eq!(again.duplicates, summary.events);
        let after = purser_store::tracking::events::count(&mut db)
            .await
            .unwrap();
        assert_eq!(after, events);
        let pending = "SELECT COUNT(*) FROM outbox WHERE topic = 'tracking.apply' \
                       AND done_at IS NULL";
        assert_eq!(count(&mut db, pending).await, 0, "nothing new to apply");
    }

    async fn portal_id(db: &mut Store) -> Uuid {
        let q = Query::select()
            .column("customer_id")
            .from("users")
            .and_where(Expr::col("email").eq("portal@purser.test"))
            .take();
        let (id,): (Uuid,) = db.fetch_one(&q).await.unwrap();
        id
    }
}
