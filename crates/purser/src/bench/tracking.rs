//! `purser bench tracking`: the track-and-trace budgets, measured in-process on the
//! database the command opens (SQLite by default, PostgreSQL with PURSER_DATABASE_URL):
//!
//! 1. ingest: DCSA TNT 2.2 arrays of 1,000 events through the real parser, checks and
//!    store (events/s acknowledged, from two sources posting at once), then the apply
//!    step that moves timelines;
//! 2. a vessel delay: one EST arrival 30 h late for a voyage carrying `--shipments`
//!    shipments of `--customers` customers, timed from the event to all notices written;
//! 3. `GET /dcsa/tnt/v2/events?carrierBookingReference=…` for one booking (the query and
//!    the JSON rendering, server side) after bulk-loading events up to `--total-events`;
//! 4. the shipment page of a shipment with 200 events.

use crate::bench::{Timings, percentile_table};
use purser_app::Ctx;
use purser_app::tracking::{apply, ingest, timelines};
use purser_domain::ids::iso6346_check_digit;
use purser_domain::roles::CustomerScope;
use purser_store::tracking::events::{self, EventFilter, NewEvent};
use purser_store::tracking::schedules::{self, Location, PortCall};
use purser_store::tracking::shipments::{self, Container, Leg, NewShipment};
use purser_store::{Store, new_id, now_micros};
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use uuid::Uuid;

const BATCH: usize = 1000;
const IMO: &str = "9074729";
const POL: &str = "TWKHH";
const POD: &str = "NLRTM";

pub struct Plan {
    pub events: usize,
    pub shipments: usize,
    pub customers: usize,
    pub total_events: usize,
    pub queries: usize,
}

/// A valid container number for serial `n` of owner `own`.
fn container(own: &str, n: usize) -> String {
    let first10 = format!("{own}U{:06}", n % 1_000_000);
    format!("{first10}{}", iso6346_check_digit(&first10))
}

fn ts(micros: i64) -> String {
    jiff::Timestamp::from_microsecond(micros)
        .expect("time")
        .to_string()
}

fn equipment_event(
    id: Uuid,
    code: &str,
    cls: &str,
    at: i64,
    box_no: &str,
    bkg: &str,
    voyage: &str,
) -> Value {
    json!({
        "eventID": id.to_string(),
        "eventCreatedDateTime": ts(now_micros()),
        "eventType": "EQUIPMENT",
        "eventClassifierCode": cls,
        "eventDateTime": ts(at),
        "equipmentEventTypeCode": code,
        "equipmentReference": box_no,
        "ISOEquipmentCode": "45G1",
        "emptyIndicatorCode": "LADEN",
        "eventLocation": { "UNLocationCode": POL },
        "transportCall": {
            "transportCallID": "7e2d1f4a-1c35-4b0e-9a57-3f1a2b3c4d5e",
            "carrierServiceCode": "AEX1",
            "exportVoyageNumber": voyage,
            "UNLocationCode": POL,
            "modeOfTransport": "VESSEL",
            "vessel": { "vesselIMONumber": IMO, "vesselName": "Purser Bench" }
        },
        "documentReferences": [{ "documentReferenceType": "BKG", "documentReferenceValue": bkg }]
    })
}

fn arrival(id: Uuid, cls: &str, at: i64, voyage: &str, reason: Option<&str>) -> Value {
    let mut e = json!({
        "eventID": id.to_string(),
        "eventCreatedDateTime": ts(now_micros()),
        "eventType": "TRANSPORT",
        "eventClassifierCode": cls,
        "eventDateTime": ts(at),
        "transportEventTypeCode": "ARRI",
        "transportCall": {
            "transportCallID": "7e2d1f4a-1c35-4b0e-9a57-3f1a2b3c4d5e",
            "carrierServiceCode": "AEX1",
            "exportVoyageNumber": voyage,
            "UNLocationCode": POD,
            "modeOfTransport": "VESSEL",
            "vessel": { "vesselIMONumber": IMO, "vesselName": "Purser Bench" }
        }
    });
    if let Some(r) = reason {
        e["delayReasonCode"] = r.into();
    }
    e
}

/// Sources posting arrays at the same time in the ingest figure.
const FEEDS: usize = 2;

fn report(what: &str, n: usize, took: Duration) {
    println!(
        "{what:<28} {n:>9} in {:>8.2} s = {:>9.0}/s",
        took.as_secs_f64(),
        n as f64 / took.as_secs_f64().max(1e-9)
    );
}

pub async fn run(store: &Store, plan: &Plan) -> anyhow::Result<()> {
    let run_tag = format!("{:06}", now_micros() / 1_000_000 % 1_000_000);
    let voyage = format!("B{run_tag}");
    let q = purser_store::sea_query::Query::select()
        .column("id")
        .from("customers")
        .order_by("id", purser_store::sea_query::Order::Asc)
        .limit(plan.customers as u64)
        .take();
    let customer_ids: Vec<Uuid> = purser_store::Db::fetch_all::<(Uuid,), _>(&mut store.clone(), &q)
        .await?
        .into_iter()
        .map(|r| r.0)
        .collect();
    anyhow::ensure!(
        !customer_ids.is_empty(),
        "no customers: run `purser demo --scale 10 --no-serve` on this --data first"
    );
    println!(
        "voyage {IMO}/{voyage}: {} shipments of {} customers",
        plan.shipments,
        customer_ids.len()
    );

    // the voyage and its shipments
    let now = now_micros();
    let day = 86_400_000_000i64;
    let planned_arrival = now + 20 * day;
    let mut tx = store.begin().await?;
    schedules::add_locations(
        &mut tx,
        &[
            Location {
                code: POL.into(),
                name: "Kaohsiung".into(),
                time_zone: Some("Asia/Taipei".into()),
            },
            Location {
                code: POD.into(),
                name: "Rotterdam".into(),
                time_zone: Some("Europe/Amsterdam".into()),
            },
        ],
    )
    .await?;
    let call = |loc: &str, seq: i64, arr: i64| PortCall {
        id: new_id(),
        vessel_imo: IMO.into(),
        voyage: voyage.clone(),
        service_code: Some("AEX1".into()),
        location: loc.into(),
        seq,
        arrival_planned: Some(arr),
        arrival_estimated: None,
        arrival_actual: None,
        departure_planned: Some(arr + day),
        departure_estimated: None,
        departure_actual: None,
        cutoffs: json!({}),
        omitted: false,
        updated_at: now,
    };
    schedules::upsert_port_calls(
        &mut tx,
        &[call(POL, 1, now + 2 * day), call(POD, 2, planned_arrival)],
    )
    .await?;
    let rows: Vec<NewShipment> = (0..plan.shipments)
        .map(|i| NewShipment {
            id: new_id(),
            reference: format!("PSRU{run_tag}{i:06}"),
            booking_reference: format!("BK{run_tag}{i:06}"),
            customer_id: customer_ids[i % customer_ids.len()],
            shipper_id: None,
            consignee_id: None,
            notify_id: None,
            place_of_receipt: None,
            port_of_loading: POL.into(),
            port_of_discharge: POD.into(),
            place_of_delivery: None,
            legs: vec![Leg {
                vessel_imo: IMO.into(),
                voyage: voyage.clone(),
                load: POL.into(),
                discharge: POD.into(),
            }],
            containers: vec![Container {
                number: container("PSB", i + (now as usize % 500_000)),
                iso_code: "45G1".into(),
                seals: vec![],
                fill: "LADEN".into(),
            }],
            first_eta: Some(planned_arrival),
            created_at: now,
        })
        .collect();
    let started = Instant::now();
    shipments::insert(&mut tx, &rows).await?;
    tx.commit().await?;
    report("shipments loaded", rows.len(), started.elapsed());

    // 1. ingest throughput: gate-in and load events of those containers
    let mut bodies = Vec::new();
    let mut n = 0;
    while n < plan.events {
        let mut batch = Vec::with_capacity(BATCH);
        for _ in 0..BATCH.min(plan.events - n) {
            let s = &rows[n % rows.len()];
            let code = if (n / rows.len()).is_multiple_of(2) {
                "GTIN"
            } else {
                "LOAD"
            };
            batch.push(equipment_event(
                Uuid::now_v7(),
                code,
                "ACT",
                now - day + n as i64,
                &s.containers[0].number,
                &s.booking_reference,
                &voyage,
            ));
            n += 1;
        }
        bodies.push(serde_json::to_vec(&batch)?);
    }
    // FEEDS sources post at once, as carriers' callbacks do: one array is parsed and
    // checked while another is written (writes still go one at a time)
    let started = Instant::now();
    let bodies = std::sync::Arc::new(bodies);
    let mut feeds = Vec::new();
    for feed in 0..FEEDS {
        let (store, bodies) = (store.clone(), bodies.clone());
        feeds.push(tokio::spawn(async move {
            let mut stored = 0;
            for b in bodies.iter().skip(feed).step_by(FEEDS) {
                stored += ingest::ingest(&store, None, b)
                    .await
                    .map_err(|e| anyhow::anyhow!("{e}"))?
                    .stored;
            }
            anyhow::Ok(stored)
        }));
    }
    let mut stored = 0;
    for f in feeds {
        stored += f.await??;
    }
    let took = started.elapsed();
    report("events ingested (stored)", stored, took);
    let started = Instant::now();
    let applied = apply::run_pending(store)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    report(
        "events applied (timelines)",
        applied.events,
        started.elapsed(),
    );
    println!("  {} shipment timelines updated", applied.shipments_updated);

    // 2. the vessel delay
    let body = serde_json::to_vec(&[arrival(
        Uuid::now_v7(),
        "EST",
        planned_arrival + 30 * 3_600_000_000,
        &voyage,
        Some("WEA"),
    )])?;
    let before = purser_store::tracking::notices::count(&mut store.clone()).await?;
    let started = Instant::now();
    ingest::ingest(store, None, &body)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let a = apply::run_pending(store)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let took = started.elapsed();
    let after = purser_store::tracking::notices::count(&mut store.clone()).await?;
    println!(
        "vessel delay: {} shipments moved, {} changes, {} notices written in {:.0} ms (event to last notice)",
        a.shipments_updated,
        a.changes,
        after - before,
        took.as_secs_f64() * 1000.0
    );

    // 3. one booking's events among many
    let have = events::count(&mut store.clone()).await? as usize;
    if plan.total_events > have {
        bulk_events(store, plan.total_events - have, &voyage).await?;
    }
    let total = events::count(&mut store.clone()).await?;
    let mut t = Timings::new(3);
    for i in 0..plan.queries {
        let s = &rows[(i * 7919) % rows.len()];
        let f = EventFilter {
            booking: Some(s.booking_reference.clone()),
            limit: 100,
            ..Default::default()
        };
        let started = Instant::now();
        let found = events::list(&mut store.clone(), &f, &CustomerScope::All).await?;
        let out: Vec<Value> = found
            .iter()
            .map(|e| purser_dcsa::event_out(&serde_json::from_str(&e.body).unwrap_or_default()))
            .collect();
        let _ = serde_json::to_vec(&out)?;
        t.push(0, started.elapsed());
        anyhow::ensure!(
            !found.is_empty(),
            "booking {} has no events",
            s.booking_reference
        );
    }

    // 3b. a customer user's own events, as the DCSA API answers them: the first page
    // with no filter (a customer's few events among everyone's)
    for i in 0..plan.queries {
        let c = customer_ids[(i * 7919) % customer_ids.len()];
        let f = EventFilter {
            limit: 100,
            ..Default::default()
        };
        let started = Instant::now();
        let found = events::list(&mut store.clone(), &f, &CustomerScope::Only(c)).await?;
        let _ = serde_json::to_vec(&found.iter().map(|e| &e.event_id).collect::<Vec<_>>())?;
        t.push(2, started.elapsed());
    }

    // 4. a shipment page with 200 events
    let s = &rows[0];
    let extra: Vec<Value> = (0..200)
        .map(|k| {
            let code = ["GTIN", "LOAD", "DISC", "GTOT"][k % 4];
            let cls = ["PLN", "EST", "ACT"][k % 3];
            equipment_event(
                Uuid::now_v7(),
                code,
                cls,
                now + k as i64 * 60_000_000,
                &s.containers[0].number,
                &s.booking_reference,
                &voyage,
            )
        })
        .collect();
    ingest::ingest(store, None, &serde_json::to_vec(&extra)?)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    apply::run_pending(store)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let ctx = Ctx::system("bench");
    let mut events_on_page = 0;
    for _ in 0..plan.queries.min(500) {
        let started = Instant::now();
        let page = timelines::page(store, &ctx, s.id)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let _ = serde_json::to_vec(&page)?;
        t.push(1, started.elapsed());
        events_on_page = page.events.len();
    }
    println!("\n{total} events stored; shipment page of {events_on_page} events:");
    percentile_table(
        &["events/booking", "shipment page", "customer's events"],
        &t,
    );
    Ok(())
}

/// Straight into the tables, many rows per statement: history for the query benchmark.
async fn bulk_events(store: &Store, n: usize, voyage: &str) -> anyhow::Result<()> {
    let bar = crate::cli::import::bar(n as u64, "bulk events");
    let body = equipment_event(
        Uuid::nil(),
        "GTIN",
        "ACT",
        now_micros(),
        &container("PSZ", 1),
        "BULK",
        voyage,
    )
    .to_string();
    let mut done = 0;
    while done < n {
        let k = 5_000.min(n - done);
        let rows: Vec<NewEvent> = (0..k)
            .map(|i| {
                let j = done + i;
                let bkg = format!("BULK{:08}", j / 20);
                NewEvent {
                    event_id: Uuid::now_v7().to_string(),
                    kind: "EQUIPMENT".into(),
                    classifier: "ACT".into(),
                    type_code: "GTIN".into(),
                    event_at: now_micros(),
                    created_at: now_micros(),
                    location: Some(POL.into()),
                    vessel_imo: None,
                    voyage: None,
                    equipment: Some(container("PSZ", j / 20)),
                    document_type: None,
                    delay_reason: None,
                    body: body.clone(),
                    body_hash: String::new(),
                    warnings: None,
                    refs: vec![("BKG", bkg), ("EQ", container("PSZ", j / 20))],
                }
            })
            .collect();
        let mut tx = store.begin().await?;
        events::insert(&mut tx, None, &rows).await?;
        tx.commit().await?;
        done += k;
        bar.set_position(done as u64);
    }
    bar.finish_and_clear();
    Ok(())
}
