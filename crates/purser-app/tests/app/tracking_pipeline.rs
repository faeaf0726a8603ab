//! Track and trace through the real pipeline on a real database (SQLite, or PostgreSQL
//! with `PURSER_TEST_BACKEND=postgres`): DCSA arrays in, all-or-nothing and idempotent;
//! an actual beats an estimate whatever the arrival order; a later estimate at the port
//! of discharge moves every shipment on board and flags the delayed ones by their
//! customer's threshold; a container loaded on another vessel is a roll-over.

use purser_app::tracking::{apply, ingest, shipments as ship, timelines};
use purser_app::{AppError, Ctx, book};
use purser_domain::book::CustomerInput;
use purser_domain::roles::CustomerScope;
use purser_store::testing::{TempGuard, fresh_store};
use purser_store::tracking::events::{self, EventFilter};
use purser_store::tracking::schedules;
use purser_store::tracking::shipments;
use purser_store::{Store, outbox};
use serde_json::{Value, json};
use uuid::Uuid;

const IMO: &str = "9321483";
const OTHER_IMO: &str = "9074729";
const VOY: &str = "2103W";

struct World {
    store: Store,
    _g: TempGuard,
    a: Uuid,
    b: Uuid,
}

async fn world() -> World {
    let (store, g) = fresh_store().await.unwrap();
    let ctx = Ctx::system("test");
    let mut ids = Vec::new();
    for name in ["Formosa Plastics", "Hamburg Importers"] {
        let input: CustomerInput = serde_json::from_value(json!({ "legal_name": name })).unwrap();
        ids.push(book::create_customer(&store, &ctx, input).await.unwrap().id);
    }
    World {
        store,
        _g: g,
        a: ids[0],
        b: ids[1],
    }
}

async fn shipment(w: &World, customer: Uuid, bl: &str, container: &str, planned: &str) -> Uuid {
    let input: ship::ShipmentInput = serde_json::from_value(json!({
        "reference": bl,
        "booking_reference": format!("BK{bl}"),
        "customer_id": customer,
        "port_of_loading": "TWKHH",
        "port_of_discharge": "NLRTM",
        "legs": [{ "vessel_imo": IMO, "voyage": VOY, "load": "TWKHH", "discharge": "NLRTM" }],
        "containers": [{ "number": container, "iso_code": "45G1" }],
        "planned_arrival": planned,
    }))
    .unwrap();
    ship::create(&w.store, &Ctx::system("test"), &input)
        .await
        .unwrap()
        .id
}

fn transport(id: &str, code: &str, cls: &str, at: &str, created: &str, place: &str) -> Value {
    json!({
        "eventID": id,
        "eventCreatedDateTime": created,
        "eventType": "TRANSPORT",
        "eventClassifierCode": cls,
        "eventDateTime": at,
        "transportEventTypeCode": code,
        "transportCall": {
            "transportCallID": "7e2d1f4a-1c35-4b0e-9a57-3f1a2b3c4d5e",
            "exportVoyageNumber": VOY,
            "UNLocationCode": place,
            "modeOfTransport": "VESSEL",
            "vessel": { "vesselIMONumber": IMO, "vesselName": "Ever Purser" }
        }
    })
}

fn load(id: &str, container: &str, imo: &str, at: &str) -> Value {
    json!({
        "eventID": id,
        "eventCreatedDateTime": "2026-11-01T00:00:00Z",
        "eventType": "EQUIPMENT",
        "eventClassifierCode": "ACT",
        "eventDateTime": at,
        "equipmentEventTypeCode": "LOAD",
        "equipmentReference": container,
        "emptyIndicatorCode": "LADEN",
        "eventLocation": { "UNLocationCode": "TWKHH" },
        "transportCall": {
            "transportCallID": "7e2d1f4a-1c35-4b0e-9a57-3f1a2b3c4d5e",
            "exportVoyageNumber": "9001E",
            "UNLocationCode": "TWKHH",
            "modeOfTransport": "VESSEL",
            "vessel": { "vesselIMONumber": imo }
        }
    })
}

fn uuid(n: u32) -> String {
    format!("00000000-0000-4000-8000-{n:012}")
}

async fn push(w: &World, events: &[Value]) -> Result<ingest::IngestReport, AppError> {
    let r = ingest::ingest(&w.store, None, &serde_json::to_vec(events).unwrap()).await;
    apply::run_pending(&w.store).await.unwrap();
    r
}

async fn stored(w: &World) -> i64 {
    events::count(&mut w.store.clone()).await.unwrap()
}

#[tokio::test]
async fn an_array_is_stored_whole_or_not_at_all_and_replays_change_nothing() {
    let w = world().await;
    let good = transport(
        &uuid(1),
        "ARRI",
        "EST",
        "2026-12-20T08:00:00+01:00",
        "2026-11-01T00:00:00Z",
        "NLRTM",
    );
    let mut bad = transport(
        &uuid(2),
        "DEPA",
        "ACT",
        "2026-12-01T08:00:00",
        "2026-11-01T00:00:00Z",
        "TWKHH",
    );
    bad["transportCall"]["vessel"]["vesselIMONumber"] = "9321484".into();
    let Err(AppError::Invalid(p)) = push(&w, &[good.clone(), bad]).await else {
        panic!("a bad event must refuse the array");
    };
    let fields: Vec<&str> = p.0.iter().map(|f| f.field.as_str()).collect();
    assert!(
        fields.iter().any(|f| f.starts_with("/1/eventDateTime")),
        "{fields:?}"
    );
    assert!(
        fields.iter().any(|f| f.contains("vesselIMONumber")),
        "{fields:?}"
    );
    assert!(
        fields.iter().all(|f| f.starts_with("/1/")),
        "only the bad event is named: {fields:?}"
    );
    assert_eq!(stored(&w).await, 0, "nothing of the array is stored");

    let r = push(&w, std::slice::from_ref(&good)).await.unwrap();
    assert_eq!((r.stored, r.duplicates), (1, 0));
    let r = push(&w, std::slice::from_ref(&good)).await.unwrap();
    assert_eq!((r.stored, r.duplicates), (0, 1));
    assert_eq!(stored(&w).await, 1);

    let mut changed = good.clone();
    changed["eventDateTime"] = "2026-12-22T08:00:00+01:00".into();
    let Err(AppError::Invalid(p)) = push(&w, &[changed]).await else {
        panic!("a replayed eventID with new content is refused");
    };
    assert_eq!(p.0[0].field, "/0/eventID");
    assert_eq!(stored(&w).await, 1);
    // every stored batch was applied: no job left behind
    let left = outbox::pending(&mut w.store.clone(), Some(apply::TOPIC), 10)
        .await
        .unwrap();
    assert!(left.is_empty());
}

#[tokio::test]
async fn an_actual_beats_an_estimate_whatever_order_they_arrive_in() {
    let w = world().await;
    let s = shipment(
        &w,
        w.a,
        "PSRU0001",
        "CSQU3054383",
        "2026-12-20T08:00:00+01:00",
    )
    .await;
    // the actual arrives first, then an older-created estimate, then a newer estimate
    let act = transport(
        &uuid(10),
        "ARRI",
        "ACT",
        "2026-12-20T10:00:00+01:00",
        "2026-12-20T10:05:00+01:00",
        "NLRTM",
    );
    let est1 = transport(
        &uuid(11),
        "ARRI",
        "EST",
        "2026-12-21T08:00:00+01:00",
        "2026-12-10T00:00:00Z",
        "NLRTM",
    );
    let est2 = transport(
        &uuid(12),
        "ARRI",
        "EST",
        "2026-12-23T08:00:00+01:00",
        "2026-12-21T00:00:00Z",
        "NLRTM",
    );
    push(&w, &[act]).await.unwrap();
    push(&w, &[est1, est2]).await.unwrap();
    let row = shipments::get(&mut w.store.clone(), s, &CustomerScope::All)
        .await
        .unwrap();
    assert_eq!(row.eta_classifier.as_deref(), Some("ACT"));
    assert_eq!(
        row.eta,
        Some(
            "2026-12-20T10:00:00+01:00"
                .parse::<jiff::Timestamp>()
                .unwrap()
                .as_microsecond()
        )
    );
    assert!(!row.delayed, "an arrived ship is no longer delayed");
    let calls = schedules::voyage_calls(&mut w.store.clone(), IMO, VOY)
        .await
        .unwrap();
    let nlrtm = calls.iter().find(|c| c.location == "NLRTM").unwrap();
    assert_eq!(
        nlrtm.arrival_estimated,
        Some(
            "2026-12-23T08:00:00+01:00"
                .parse::<jiff::Timestamp>()
                .unwrap()
                .as_microsecond()
        ),
        "the newest estimate is the estimate"
    );
    let page = timelines::page(&w.store, &Ctx::system("t"), s)
        .await
        .unwrap();
    let superseded: Vec<&str> = page
        .events
        .iter()
        .filter(|e| e.superseded)
        .map(|e| e.event_id.as_str())
        .collect();
    assert_eq!(
        superseded.len(),
        2,
        "both estimates are superseded by the actual"
    );
}

#[tokio::test]
async fn a_later_estimate_moves_every_shipment_on_board_and_flags_those_past_their_threshold() {
    let w = world().await;
    let planned = "2026-12-20T08:00:00+01:00";
    let a = shipment(&w, w.a, "PSRU0101", "CSQU3054383", planned).await;
    let b = shipment(&w, w.b, "PSRU0102", "APZU4812090", planned).await;
    // B is told only beyond 48 hours
    ship::set_threshold(&w.store, &Ctx::system("t"), w.b, 48)
        .await
        .unwrap();
    let late = transport(
        &uuid(20),
        "ARRI",
        "EST",
        "2026-12-21T14:00:00+01:00",
        "2026-11-02T00:00:00Z",
        "NLRTM",
    );
    push(&w, &[late]).await.unwrap();
    let mut db = w.store.clone();
    let ra = shipments::get(&mut db, a, &CustomerScope::All)
        .await
        .unwrap();
    let rb = shipments::get(&mut db, b, &CustomerScope::All)
        .await
        .unwrap();
    assert_eq!(ra.slip_minutes, 30 * 60);
    assert_eq!(rb.slip_minutes, 30 * 60);
    assert!(ra.delayed, "30 h is past the default 12 h");
    assert!(!rb.delayed, "30 h is inside B's 48 h");
    let delayed = shipments::list(
        &mut db,
        &shipments::ShipmentFilter {
            delayed: Some(true),
            limit: 10,
            ..Default::default()
        },
        &CustomerScope::All,
    )
    .await
    .unwrap();
    assert_eq!(delayed.iter().map(|s| s.id).collect::<Vec<_>>(), vec![a]);
    // the transport event is visible to A (its shipment is on that voyage) by the DCSA filter
    let seen = events::list(
        &mut db,
        &EventFilter {
            vessel_imo: Some(IMO.into()),
            limit: 10,
            ..Default::default()
        },
        &CustomerScope::Only(w.a),
    )
    .await
    .unwrap();
    assert_eq!(seen.len(), 1);
}

#[tokio::test]
async fn a_container_loaded_on_another_vessel_is_a_roll_over_and_shows_on_the_timeline() {
    let w = world().await;
    let s = shipment(
        &w,
        w.a,
        "PSRU0201",
        "CSQU3054383",
        "2026-12-20T08:00:00+01:00",
    )
    .await;
    let other = shipment(
        &w,
        w.b,
        "PSRU0202",
        "APZU4812090",
        "2026-12-20T08:00:00+01:00",
    )
    .await;
    push(
        &w,
        &[load(
            &uuid(30),
            "CSQU3054383",
            OTHER_IMO,
            "2026-12-02T08:00:00+08:00",
        )],
    )
    .await
    .unwrap();
    let row = shipments::get(&mut w.store.clone(), s, &CustomerScope::All)
        .await
        .unwrap();
    assert_eq!(row.status, "loaded");
    let untouched = shipments::get(&mut w.store.clone(), other, &CustomerScope::All)
        .await
        .unwrap();
    assert_eq!(
        untouched.status, "booked",
        "another shipment's container is not this one"
    );
    // A sees the event, B does not
    let mut db = w.store.clone();
    assert!(
        events::get(&mut db, &uuid(30), &CustomerScope::Only(w.a))
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        events::get(&mut db, &uuid(30), &CustomerScope::Only(w.b))
            .await
            .unwrap()
            .is_none()
    );
    // any reference finds the shipment
    for r in [
        "CSQU3054383",
        "PSRU0201",
        "BKPSRU0201",
        &format!("{IMO}/{VOY}"),
    ] {
        let found = timelines::find(&w.store, &Ctx::system("t"), r)
            .await
            .unwrap();
        assert!(found.iter().any(|f| f.id == s), "{r} finds the shipment");
    }
}

#[tokio::test]
async fn a_roll_over_at_departure_waits_for_the_load_list_to_be_final() {
    let w = world().await;
    let _late = shipment(
        &w,
        w.a,
        "PSRU0301",
        "CSQU3054383",
        "2026-12-20T08:00:00+01:00",
    )
    .await;
    let _left = shipment(
        &w,
        w.b,
        "PSRU0302",
        "APZU4812090",
        "2026-12-20T08:00:00+01:00",
    )
    .await;
    let now = jiff::Timestamp::now();
    let sailed = (now - jiff::SignedDuration::from_mins(10)).to_string();
    // the departure reaches us before the terminal's load reports
    ingest::ingest(
        &w.store,
        None,
        &serde_json::to_vec(&[transport(
            &uuid(40),
            "DEPA",
            "ACT",
            &sailed,
            &sailed,
            "TWKHH",
        )])
        .unwrap(),
    )
    .await
    .unwrap();
    let at_once = apply::run_pending(&w.store).await.unwrap();
    assert_eq!(
        at_once.changes, 0,
        "nobody is rolled before the load list is final"
    );
    let waiting = outbox::pending(&mut w.store.clone(), Some(apply::ROLL_CHECK), 10)
        .await
        .unwrap();
    assert_eq!(waiting.len(), 1, "one check of the call the vessel left");
    // one box's load report comes late, the other never
    let loaded = (now - jiff::SignedDuration::from_mins(30)).to_string();
    ingest::ingest(
        &w.store,
        None,
        &serde_json::to_vec(&[load(&uuid(41), "CSQU3054383", IMO, &loaded)]).unwrap(),
    )
    .await
    .unwrap();
    let before_grace = now + jiff::SignedDuration::from_mins(apply::LOAD_LIST_GRACE_MINUTES - 30);
    let early = apply::run_due(&w.store, Some(before_grace.as_microsecond()))
        .await
        .unwrap();
    assert_eq!(
        early.changes, 0,
        "the check is not due before the grace has passed"
    );
    let after_grace = now + jiff::SignedDuration::from_mins(apply::LOAD_LIST_GRACE_MINUTES);
    let judged = apply::run_due(&w.store, Some(after_grace.as_microsecond()))
        .await
        .unwrap();
    assert_eq!(
        judged.changes, 1,
        "only the shipment never loaded was rolled: {judged:?}"
    );
    assert!(
        outbox::pending(&mut w.store.clone(), Some(apply::ROLL_CHECK), 10)
            .await
            .unwrap()
            .is_empty(),
        "the check is done once"
    );
}

#[tokio::test]
async fn a_reused_container_s_next_booking_does_not_touch_the_earlier_shipment() {
    let w = world().await;
    let earlier = shipment(
        &w,
        w.a,
        "PSRU0401",
        "CSQU3054383",
        "2026-12-20T08:00:00+01:00",
    )
    .await;
    let next = shipment(
        &w,
        w.b,
        "PSRU0402",
        "CSQU3054383",
        "2027-02-20T08:00:00+01:00",
    )
    .await;
    // the box, now booked by B, is loaded on another vessel than B planned
    let mut loaded = load(
        &uuid(50),
        "CSQU3054383",
        OTHER_IMO,
        "2027-02-01T08:00:00+08:00",
    );
    loaded["documentReferences"] =
        json!([{ "documentReferenceType": "BKG", "documentReferenceValue": "BKPSRU0402" }]);
    let report = ingest::ingest(&w.store, None, &serde_json::to_vec(&[loaded]).unwrap())
        .await
        .unwrap();
    assert_eq!(report.stored, 1);
    let applied = apply::run_pending(&w.store).await.unwrap();
    assert_eq!(applied.changes, 1, "B's roll-over only: {applied:?}");
    let mut db = w.store.clone();
    let a = shipments::get(&mut db, earlier, &CustomerScope::All)
        .await
        .unwrap();
    let b = shipments::get(&mut db, next, &CustomerScope::All)
        .await
        .unwrap();
    assert_eq!(b.status, "loaded", "the booking it names is B's");
    assert_eq!(
        a.status, "booked",
        "A's shipment of months ago is not moved"
    );
    // each customer sees the events of its own booking only
    let f = EventFilter {
        limit: 100,
        ..Default::default()
    };
    let seen = |c: Uuid| {
        let mut db = w.store.clone();
        let f = f.clone();
        async move {
            events::list(&mut db, &f, &CustomerScope::Only(c))
                .await
                .unwrap()
                .into_iter()
                .map(|e| e.event_id)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(seen(w.b).await, vec![uuid(50)]);
    assert!(
        seen(w.a).await.is_empty(),
        "A does not see B's booking through the box"
    );
    // the pages agree
    let ctx = Ctx::system("t");
    let page_a = timelines::page(&w.store, &ctx, earlier).await.unwrap();
    let page_b = timelines::page(&w.store, &ctx, next).await.unwrap();
    assert!(page_a.events.is_empty(), "{:?}", page_a.events);
    assert_eq!(page_b.events.len(), 1);
}
