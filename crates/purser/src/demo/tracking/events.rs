//! The demo's history as a carrier would have published it: DCSA TNT 2.2 events, with no
//! I/O. Transport events (ARRI/DEPA planned when the schedule came out, estimated when the
//! vessel ran early or late — with the SMDG reason — and actual once it happened),
//! equipment events (gate-in, load, transhipment, discharge, gate-out, stripping) and
//! shipment events (booking received and confirmed, B/L drafted, issued, held, released).
//! Nothing after the plan's anchor has happened, so nothing later is published.
//!
//! Event ids are name-based on the seed and what the event is about, so publishing the
//! same plan twice repeats the same events, which ingestion takes as duplicates.

use super::bookings::{Container, Fate, Shipment};
use super::network::{CARRIER, Call, DAY, HOUR, LIVE_ROLL_CYCLE, MINUTE, Plan, SERVICES, Voyage};
use super::network::{place_of, rng};
use serde_json::{Value, json};

/// One published event and when it was published (microseconds).
pub struct Event {
    pub created: i64,
    pub body: Value,
}

/// What the history leaves for the live feed: containers of the vessel alongside now that
/// are still to be loaded (shipment, container index, when).
pub struct History {
    pub events: Vec<Event>,
    pub pending_loads: Vec<(usize, usize, i64)>,
}

fn finish(mut h: u64) -> u64 {
    h = (h ^ (h >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    h ^ (h >> 31)
}

fn hash(seed: u64, salt: u64, key: &str) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325 ^ seed ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    for b in key.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    finish(h)
}

/// A UUID named by the seed and a key: the same key, the same id.
pub fn named_id(seed: u64, key: &str) -> String {
    let hi = hash(seed, 1, key);
    let lo = hash(seed, 2, key);
    let bytes = ((u128::from(hi) << 64) | u128::from(lo)).to_be_bytes();
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .to_string()
}

fn ts(at: i64) -> jiff::Timestamp {
    jiff::Timestamp::from_microsecond(at - at.rem_euclid(1_000_000))
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
}

/// Local time at the port, with its offset (as DCSA's examples write eventDateTime).
pub fn local(at: i64, port: &str) -> String {
    let zone = jiff::tz::TimeZone::get(place_of(port).zone).unwrap_or(jiff::tz::TimeZone::UTC);
    ts(at)
        .to_zoned(zone)
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

pub fn utc(at: i64) -> String {
    ts(at)
        .to_zoned(jiff::tz::TimeZone::UTC)
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

/// The `transportCall` of a vessel's call on a voyage.
pub fn transport_call(plan: &Plan, voyage: &Voyage, call: &Call) -> Value {
    let v = &plan.vessels[voyage.vessel];
    json!({
        "transportCallID": named_id(plan.seed, &format!("call|{}|{}|{}", v.imo, voyage.number, call.port)),
        "carrierServiceCode": SERVICES[voyage.service].code,
        "exportVoyageNumber": voyage.number,
        "importVoyageNumber": voyage.number,
        "transportCallSequenceNumber": call.seq,
        "UNLocationCode": call.port,
        "modeOfTransport": "VESSEL",
        "vessel": {
            "vesselIMONumber": v.imo,
            "vesselName": v.name,
            "vesselFlag": v.flag,
            "vesselCallSignNumber": v.call_sign,
            "vesselOperatorCarrierCode": CARRIER,
            "vesselOperatorCarrierCodeListProvider": "NMFTA",
        },
    })
}

/// A transport event: ARRI or DEPA, PLN, EST or ACT, with the delay's reason if any.
pub fn transport(
    id: String,
    created: i64,
    classifier: &str,
    code: &str,
    at: i64,
    call: Value,
    reason: Option<(&str, &str)>,
) -> Value {
    let port = call["UNLocationCode"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let mut e = json!({
        "eventID": id,
        "eventCreatedDateTime": utc(created),
        "eventType": "TRANSPORT",
        "eventClassifierCode": classifier,
        "eventDateTime": local(at, &port),
        "transportEventTypeCode": code,
        "transportCall": call,
    });
    if let Some((code, remark)) = reason {
        e["delayReasonCode"] = json!(code);
        e["changeRemark"] = json!(remark);
    }
    e
}

/// An equipment event of a laden container of a shipment, published as it happened, at a
/// port (and on a vessel's call there when `call` is given).
pub fn equipment(
    id: String,
    code: &str,
    at: i64,
    port: &str,
    call: Option<Value>,
    s: &Shipment,
    c: &Container,
) -> Value {
    let mut e = json!({
        "eventID": id,
        "eventCreatedDateTime": utc(at),
        "eventType": "EQUIPMENT",
        "eventClassifierCode": "ACT",
        "eventDateTime": local(at, port),
        "equipmentEventTypeCode": code,
        "equipmentReference": c.number,
        "ISOEquipmentCode": c.iso,
        "emptyIndicatorCode": "LADEN",
        "eventLocation": {"locationName": place_of(port).name, "UNLocationCode": port},
        "documentReferences": [
            {"documentReferenceType": "BKG", "documentReferenceValue": s.booking},
            {"documentReferenceType": "TRD", "documentReferenceValue": s.bill},
        ],
        "seals": [{"sealNumber": c.seal, "sealSource": "CAR", "sealType": "BLT"}],
    });
    if let Some(call) = call {
        e["transportCall"] = call;
    }
    e
}

/// A shipment (document) event: `document` is BKG (the booking) or TRD (the B/L).
pub fn shipment(
    id: String,
    at: i64,
    code: &str,
    document: &str,
    document_id: &str,
    reason: Option<&str>,
) -> Value {
    let mut e = json!({
        "eventID": id,
        "eventCreatedDateTime": utc(at),
        "eventType": "SHIPMENT",
        "eventClassifierCode": "ACT",
        "eventDateTime": utc(at),
        "shipmentEventTypeCode": code,
        "documentTypeCode": document,
        "documentID": document_id,
    });
    if let Some(r) = reason {
        e["reason"] = json!(r);
    }
    e
}

/// Every event of the plan published by its anchor, oldest first.
pub fn history(plan: &Plan) -> History {
    let mut out = History {
        events: Vec::new(),
        pending_loads: Vec::new(),
    };
    for voyage in &plan.voyages {
        voyage_events(plan, voyage, &mut out.events);
    }
    for i in 0..plan.shipments.len() {
        shipment_events(plan, i, &mut out);
    }
    out.events.sort_by(|a, b| {
        (a.created, a.body["eventID"].as_str()).cmp(&(b.created, b.body["eventID"].as_str()))
    });
    out
}

/// Happened (and was published) by the anchor.
fn done(plan: &Plan, at: i64) -> bool {
    at <= plan.anchor - 10 * MINUTE
}

fn voyage_events(plan: &Plan, voyage: &Voyage, out: &mut Vec<Event>) {
    let imo = &plan.vessels[voyage.vessel].imo;
    let published = voyage.published;
    for call in &voyage.calls {
        let tc = transport_call(plan, voyage, call);
        let key = |what: &str| {
            named_id(
                plan.seed,
                &format!("tr|{imo}|{}|{}|{what}", voyage.number, call.port),
            )
        };
        let mut push = |created: i64, body: Value| out.push(Event { created, body });
        for (code, planned, actual) in [
            ("ARRI", call.arrival, call.arrival_actual),
            ("DEPA", call.departure, call.departure_actual),
        ] {
            push(
                published,
                transport(
                    key(&format!("{code}|PLN")),
                    published,
                    "PLN",
                    code,
                    planned,
                    tc.clone(),
                    None,
                ),
            );
            if actual != planned {
                // the vessel said so two or three days ahead; a forced delay is recent news
                let ahead = if call.forced {
                    (plan.anchor - 6 * HOUR).min(planned - 2 * DAY)
                } else {
                    planned - 3 * DAY
                };
                let created = ahead.max(published + HOUR).min(plan.anchor - 10 * MINUTE);
                if created < actual {
                    let reason = call.reason.filter(|_| actual > planned + 3 * HOUR);
                    push(
                        created,
                        transport(
                            key(&format!("{code}|EST")),
                            created,
                            "EST",
                            code,
                            actual,
                            tc.clone(),
                            reason,
                        ),
                    );
                }
            }
            if done(plan, actual + 15 * MINUTE) {
                push(
                    actual + 15 * MINUTE,
                    transport(
                        key(&format!("{code}|ACT")),
                        actual + 15 * MINUTE,
                        "ACT",
                        code,
                        actual,
                        tc.clone(),
                        None,
                    ),
                );
            }
        }
    }
}

/// A random instant in `from..to` (or `from` when the window is empty).
fn within(r: &mut crate::demo::book::Rng, from: i64, to: i64) -> i64 {
    if to <= from {
        return from;
    }
    let minutes = ((to - from) / MINUTE).max(1) as usize;
    from + r.below(minutes) as i64 * MINUTE
}

fn shipment_events(plan: &Plan, i: usize, out: &mut History) {
    let s = &plan.shipments[i];
    let mut r = rng(plan.seed, 4, i);
    let key = |what: &str| named_id(plan.seed, &format!("sh|{}|{what}", s.bill));
    let mut push = |at: i64, body: Value| {
        out.events.push(Event { created: at, body });
    };
    let first = s.first();
    let v1 = &plan.voyages[first.voyage];
    let pol = &v1.calls[first.load];
    // documents
    push(
        s.booked_at,
        shipment(key("RECE"), s.booked_at, "RECE", "BKG", &s.booking, None),
    );
    let confirmed = s.confirmed_at;
    if !done(plan, confirmed) {
        return;
    }
    push(
        confirmed,
        shipment(key("CONF"), confirmed, "CONF", "BKG", &s.booking, None),
    );
    let drafted = (pol.cutoffs()[0].1 - (2 + r.below(28) as i64) * HOUR).max(confirmed + HOUR);
    if done(plan, drafted) {
        push(
            drafted,
            shipment(key("DRFT"), drafted, "DRFT", "TRD", &s.bill, None),
        );
    }
    let mut issued = Some(pol.departure_actual + (6 + r.below(34) as i64) * HOUR);
    if let Fate::Held(held, released) = s.fate {
        if done(plan, held) {
            push(
                held,
                shipment(
                    key("HOLD"),
                    held,
                    "HOLD",
                    "TRD",
                    &s.bill,
                    Some("Freight payment outstanding; B/L held until it is received"),
                ),
            );
        }
        if let Some(at) = released.filter(|at| done(plan, *at)) {
            push(
                at,
                shipment(
                    key("RELS"),
                    at,
                    "RELS",
                    "TRD",
                    &s.bill,
                    Some("Payment received"),
                ),
            );
        }
        issued = released.map(|at| at + 2 * HOUR);
    }
    if let Some(at) = issued.filter(|at| done(plan, *at))
        && s.fate != Fate::LeftBehindLive
    {
        push(at, shipment(key("ISSU"), at, "ISSU", "TRD", &s.bill, None));
    }
    // containers
    let roll_voyage = plan.voyage_of(super::network::AEX1, LIVE_ROLL_CYCLE, 0);
    for (j, c) in s.boxes.iter().enumerate() {
        let ckey = |what: &str| named_id(plan.seed, &format!("eq|{}|{}|{what}", s.bill, c.number));
        let gate_in = within(
            &mut r,
            pol.departure - 110 * HOUR,
            pol.departure - 30 * HOUR,
        )
        .max(confirmed + 2 * HOUR);
        if !done(plan, gate_in) {
            continue;
        }
        let tc = transport_call(plan, v1, pol);
        out.events.push(Event {
            created: gate_in,
            body: equipment(ckey("GTIN"), "GTIN", gate_in, pol.port, Some(tc), s, c),
        });
        // the voyages that carry it: as planned, or the next sailing for a rolled one
        let legs: Vec<(usize, usize, usize)> = match s.fate {
            Fate::LeftBehindLive => continue,
            Fate::RolledTo(v) => {
                let on = &plan.voyages[v];
                let pod = plan.voyages[s.last().voyage].calls[s.last().discharge].port;
                match (on.call(pol.port), on.call(pod)) {
                    (Some(l), Some(d)) => vec![(v, l, d)],
                    _ => continue,
                }
            }
            _ => s
                .legs
                .iter()
                .map(|l| (l.voyage, l.load, l.discharge))
                .collect(),
        };
        let mut last = gate_in;
        for (n, &(v, l, d)) in legs.iter().enumerate() {
            let voyage = &plan.voyages[v];
            let (from, to) = (&voyage.calls[l], &voyage.calls[d]);
            let mut loaded = within(
                &mut r,
                (from.arrival_actual + HOUR).max(last + 6 * HOUR),
                from.departure_actual - 2 * HOUR,
            );
            if matches!(s.fate, Fate::RolledTo(_)) {
                // the story needs it on board by now
                loaded = loaded.min(plan.anchor - HOUR);
            }
            if !done(plan, loaded) {
                if Some(v) == roll_voyage && l == 0 {
                    out.pending_loads.push((i, j, loaded));
                }
                break;
            }
            let mut step = |code: &str, at: i64, call: &Call| {
                let body = equipment(
                    ckey(&format!("{code}|{}", call.port)),
                    code,
                    at,
                    call.port,
                    Some(transport_call(plan, voyage, call)),
                    s,
                    c,
                );
                out.events.push(Event { created: at, body });
            };
            step("LOAD", loaded, from);
            let discharged = within(
                &mut r,
                to.arrival_actual + 2 * HOUR,
                to.departure_actual - HOUR,
            );
            if !done(plan, discharged) {
                break;
            }
            step("DISC", discharged, to);
            last = discharged;
            if n + 1 < legs.len() {
                continue;
            }
            let gate_out = within(&mut r, discharged + 20 * HOUR, discharged + 120 * HOUR);
            if !done(plan, gate_out) {
                break;
            }
            let port = to.port;
            out.events.push(Event {
                created: gate_out,
                body: equipment(ckey("GTOT"), "GTOT", gate_out, port, None, s, c),
            });
            let stripped = within(&mut r, gate_out + 8 * HOUR, gate_out + 60 * HOUR);
            if r.percent(60) && done(plan, stripped) {
                out.events.push(Event {
                    created: stripped,
                    body: equipment(ckey("STRP"), "STRP", stripped, port, None, s, c),
                });
            }
        }
    }
}
