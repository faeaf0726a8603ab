//! What stored events change, worked off one ingested batch at a time: the port calls
//! they are about, the timelines of the shipments they concern, the notices those
//! changes call for, and the callbacks subscribers are owed. Each batch is one outbox
//! job, done in the transaction that completes it: a crash redoes the batch, never half.

use super::{Affected, DEFAULT_THRESHOLD_HOURS, notices, subscriptions, timelines, ts};
use crate::Result;
use purser_domain::roles::CustomerScope;
use purser_domain::tracking::changes::{self, Change};
use purser_domain::tracking::codes::Classifier;
use purser_store::tracking::events::{self, EventRow};
use purser_store::tracking::schedules;
use purser_store::tracking::shipments::{self, Shipment};
use purser_store::tracking::{BOOKING, DOCUMENT, EQUIPMENT, claiming};
use purser_store::{Db, Store, Tx, now_micros, outbox};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use uuid::Uuid;

pub const TOPIC: &str = "tracking.apply";
/// The roll-over check of one call the vessel left (see [`LOAD_LIST_GRACE_MINUTES`]).
pub const ROLL_CHECK: &str = "tracking.roll_check";
const LEASE: i64 = 120_000_000;
/// How long after a vessel's actual departure its load list counts as final. Terminals
/// report loads minutes to an hour after the fact, and the departure often reaches us
/// first: judging "sailed without it" at once would announce false roll-overs.
pub const LOAD_LIST_GRACE_MINUTES: i64 = 120;

/// Leaves the job for one stored batch of events.
pub async fn enqueue(tx: &mut Tx, first_seq: i64, count: i64) -> Result<()> {
    outbox::enqueue(
        tx,
        TOPIC,
        &serde_json::json!({ "first": first_seq, "count": count }),
    )
    .await?;
    Ok(())
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Applied {
    pub batches: usize,
    pub events: usize,
    pub shipments_updated: usize,
    pub changes: usize,
    pub notices: usize,
}

/// Works off every pending batch and due roll-over check, oldest first; returns what it
/// did.
pub async fn run_pending(store: &Store) -> Result<Applied> {
    run_due(store, None).await
}

/// As [`run_pending`], with the clock at `as_of` when given (checks that wait for late
/// reports come due without waiting for them in tests).
pub async fn run_due(store: &Store, as_of: Option<i64>) -> Result<Applied> {
    let mut total = Applied::default();
    loop {
        let mut tx = store.begin().await?;
        let now = as_of.unwrap_or_else(now_micros);
        // the batches waiting are worked off together (each shipment's history read once
        // for all of them): the further behind the step is, the cheaper each event gets
        let jobs =
            outbox::claim_due(&mut tx, &[TOPIC, ROLL_CHECK], now, LEASE, JOBS_AT_ONCE).await?;
        if jobs.is_empty() {
            return Ok(total);
        }
        let ranges: Vec<(i64, i64)> = jobs
            .iter()
            .filter(|j| j.topic == TOPIC)
            .map(|j| {
                (
                    j.payload["first"].as_i64().unwrap_or(0),
                    j.payload["count"].as_i64().unwrap_or(0),
                )
            })
            .collect();
        let mut done = if ranges.is_empty() {
            Applied::default()
        } else {
            apply_batches(&mut tx, &ranges).await?
        };
        done.batches = ranges.len();
        // roll-over checks after the loads applied with them: a late load report that
        // came in the same round is known before the check judges the box left behind
        for job in jobs.iter().filter(|j| j.topic == ROLL_CHECK) {
            let r = roll_check(&mut tx, &job.payload).await?;
            done.changes += r.changes;
            done.notices += r.notices;
            done.shipments_updated += r.shipments_updated;
        }
        let at = now_micros();
        for job in &jobs {
            outbox::complete(&mut tx, job.id, at).await?;
        }
        tx.commit().await?;
        total.batches += done.batches;
        total.events += done.events;
        total.shipments_updated += done.shipments_updated;
        total.changes += done.changes;
        total.notices += done.notices;
    }
}

/// The most jobs one round works off (ten ingested arrays: about 10,000 events).
const JOBS_AT_ONCE: u64 = 10;

/// The effects of the events of several stored batches, `(first, count)` each.
pub async fn apply_batches(tx: &mut Tx, ranges: &[(i64, i64)]) -> Result<Applied> {
    let mut rows = Vec::new();
    let mut refs: HashMap<i64, Vec<(String, String)>> = HashMap::new();
    for &(first, count) in ranges {
        rows.extend(events::range(tx, first, count).await?);
        for (seq, k, v) in events::refs_in_range(tx, first, count).await? {
            refs.entry(seq).or_default().push((k, v));
        }
    }
    rows.sort_by_key(|e| e.seq);
    let mut done = Applied {
        events: rows.len(),
        ..Default::default()
    };
    let mut affected = Vec::new();
    // 1. vessel calls whose times moved
    let calls: BTreeSet<(String, String)> = rows
        .iter()
        .filter(|e| e.kind == "TRANSPORT")
        .filter_map(|e| Some((e.vessel_imo.clone()?, e.voyage.clone()?)))
        .collect();
    for (imo, voy) in &calls {
        affected.extend(refresh_voyage(tx, imo, voy, &mut done).await?);
    }
    // 2. shipments named by equipment and shipment events
    let mut named: Vec<(&str, &str)> = rows
        .iter()
        .filter(|e| e.kind != "TRANSPORT")
        .flat_map(|e| refs.get(&e.seq).into_iter().flatten())
        .filter(|(k, _)| [BOOKING, DOCUMENT, EQUIPMENT].contains(&k.as_str()))
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    named.sort();
    named.dedup();
    let ids = shipments::ids_with_refs(tx, &named).await?;
    let touched = shipments::many(tx, &ids).await?;
    let shipment_refs = timelines::refs_by_shipment(tx, &ids).await?;
    done.shipments_updated += timelines::refresh(tx, &touched, &shipment_refs).await?;
    // the batch's own events by reference, so each shipment finds its events by lookup
    // (a container number alone does not claim an event that names another booking)
    let by_ref: HashMap<(&str, &str), Vec<usize>> = rows
        .iter()
        .enumerate()
        .filter(|(_, e)| e.kind != "TRANSPORT")
        .flat_map(|(i, e)| {
            claiming(refs.get(&e.seq).map_or(&[][..], |r| r.as_slice()))
                .map(move |(k, v)| ((k.as_str(), v.as_str()), i))
        })
        .fold(HashMap::new(), |mut m, (k, i)| {
            m.entry(k).or_insert_with(Vec::new).push(i);
            m
        });
    for s in &touched {
        let mut mine: Vec<usize> = shipment_refs[&s.id]
            .iter()
            .flat_map(|(k, v)| {
                by_ref
                    .get(&(k.as_str(), v.as_str()))
                    .into_iter()
                    .flatten()
                    .copied()
            })
            .collect();
        mine.sort_unstable();
        mine.dedup();
        let theirs: Vec<&EventRow> = mine.into_iter().map(|i| &rows[i]).collect();
        affected.extend(shipment_changes(s, &theirs));
    }
    done.changes = affected.len();
    done.notices = notices::announce(tx, &affected).await?;
    subscriptions::enqueue_deliveries(tx, &rows, &refs).await?;
    Ok(done)
}
/// Re-reads the transport events of one vessel voyage, sets each call's current
/// planned/estimated/actual times, and moves the ETA of every shipment discharging at a
/// call whose arrival changed. Returns the slips and roll-overs this causes.
async fn refresh_voyage(
    tx: &mut Tx,
    imo: &str,
    voyage: &str,
    done: &mut Applied,
) -> Result<Vec<Affected>> {
    let filter = events::EventFilter {
        kinds: vec!["TRANSPORT".into()],
        vessel_imo: Some(imo.into()),
        voyage: Some(voyage.into()),
        limit: 100_000,
        ..Default::default()
    };
    let rows = events::list(tx, &filter, &CustomerScope::All).await?;
    let obs: Vec<_> = rows.iter().filter_map(timelines::observation).collect();
    let before: HashMap<String, schedules::PortCall> = schedules::voyage_calls(tx, imo, voyage)
        .await?
        .into_iter()
        .map(|c| (c.location.clone(), c))
        .collect();
    // the current event per (code, place) and classifier: what each call column holds
    let mut best: BTreeMap<(String, String, Classifier), &purser_domain::tracking::Observation> =
        BTreeMap::new();
    for o in &obs {
        let Some(loc) = &o.location else { continue };
        let k = (o.code.clone(), loc.clone(), o.classifier);
        match best.get(&k) {
            Some(b) if !purser_domain::tracking::current::supersedes(o, b) => {}
            _ => {
                best.insert(k, o);
            }
        }
    }
    for ((code, loc, cls), o) in &best {
        let field = match (code.as_str(), cls) {
            ("ARRI", Classifier::Pln) => "arrival_planned",
            ("ARRI", Classifier::Est) => "arrival_estimated",
            ("ARRI", Classifier::Act) => "arrival_actual",
            ("DEPA", Classifier::Pln) => "departure_planned",
            ("DEPA", Classifier::Est) => "departure_estimated",
            ("DEPA", Classifier::Act) => "departure_actual",
            _ => continue,
        };
        let at = o.at.as_microsecond();
        if before.get(loc).and_then(|c| c.time(field)) != Some(at) {
            schedules::set_call_time(tx, imo, voyage, loc, field, at).await?;
        }
    }
    let (out, n) = voyage_moved(tx, imo, voyage, &before).await?;
    done.shipments_updated += n;
    Ok(out)
}

/// After a voyage's calls changed (by events or a schedule): moves the ETA of every
/// shipment discharging at a call whose arrival moved, and finds the slips beyond each
/// customer's threshold and the roll-overs at calls the vessel just left. Returns the
/// changes and how many shipments it updated.
pub(crate) async fn voyage_moved(
    tx: &mut Tx,
    imo: &str,
    voyage: &str,
    before: &HashMap<String, schedules::PortCall>,
) -> Result<(Vec<Affected>, usize)> {
    let after = schedules::voyage_calls(tx, imo, voyage).await?;
    let changed = |call: &schedules::PortCall| {
        let old = before.get(&call.location);
        old.map(|c| (c.arrival(), c.arrival_actual, c.departure_actual))
            != Some((call.arrival(), call.arrival_actual, call.departure_actual))
    };
    if !after.iter().any(changed) {
        // nothing a shipment on board shows moved: leave the (many) shipments unread
        return Ok((Vec::new(), 0));
    }
    let on_board = shipments::on_voyage(tx, imo, voyage, &CustomerScope::All).await?;
    let mut out = Vec::new();
    let mut departed = Vec::new();
    let thresholds = thresholds(tx, &on_board).await?;
    let mut figures: HashMap<Uuid, shipments::TimelineFigures> = HashMap::new();
    let figure = |s: &Shipment| shipments::TimelineFigures {
        id: s.id,
        status: s.status.clone(),
        eta: s.eta,
        eta_classifier: s.eta_classifier.clone(),
        first_eta: s.first_eta,
        slip_minutes: s.slip_minutes,
        delayed: s.delayed,
        last_event_at: s.last_event_at,
    };
    for call in &after {
        let old = before.get(&call.location);
        let moved = old.map(|c| c.arrival()) != Some(call.arrival())
            || old.map(|c| c.arrival_actual) != Some(call.arrival_actual);
        let departed_now =
            call.departure_actual.is_some() && old.is_none_or(|c| c.departure_actual.is_none());
        if !moved && !departed_now {
            continue;
        }
        let scope = format!("{imo}/{voyage}/{}", call.location);
        if departed_now {
            departed.push(call);
        }
        for s in on_board.iter() {
            if moved && s.port_of_discharge == call.location {
                let Some(eta) = call.arrival() else { continue };
                let first = s.first_eta.or(call.arrival_planned).unwrap_or(eta);
                let slip = jiff::SignedDuration::from_micros(eta - first);
                let threshold = jiff::SignedDuration::from_hours(
                    thresholds
                        .get(&s.customer_id)
                        .copied()
                        .unwrap_or(DEFAULT_THRESHOLD_HOURS),
                );
                let classifier = if call.arrival_actual.is_some() {
                    "ACT"
                } else if call.arrival_estimated.is_some() {
                    "EST"
                } else {
                    "PLN"
                };
                let delayed = classifier != "ACT" && slip > threshold;
                let f = figures.entry(s.id).or_insert_with(|| figure(s));
                f.eta = Some(eta);
                f.eta_classifier = Some(classifier.into());
                f.first_eta = Some(first);
                f.slip_minutes = slip.as_secs() / 60;
                f.delayed = delayed;
                if call.arrival_actual.is_some() {
                    f.status = advance(&f.status, "arrived");
                }
                if delayed {
                    out.push(Affected::new(
                        s.id,
                        &scope,
                        Change::EtaSlip {
                            from: ts(first),
                            to: ts(eta),
                            by: slip,
                        },
                    ));
                }
            }
            if departed_now && s.port_of_loading == call.location {
                let f = figures.entry(s.id).or_insert_with(|| figure(s));
                f.status = advance(&f.status, "departed");
            }
        }
    }
    // whoever should have sailed from a call just left is judged once its load list is
    // final
    for call in departed {
        let loads_here = on_board
            .iter()
            .any(|s| s.port_of_loading == call.location && first_leg_is(s, imo, voyage));
        if let (true, Some(left)) = (loads_here, call.departure_actual) {
            let due = left + LOAD_LIST_GRACE_MINUTES * 60_000_000;
            outbox::enqueue_at(
                tx,
                ROLL_CHECK,
                &serde_json::json!({ "imo": imo, "voyage": voyage, "location": call.location }),
                due.max(now_micros()),
            )
            .await?;
        }
    }
    let figures: Vec<shipments::TimelineFigures> = figures.into_values().collect();
    shipments::set_timelines(tx, &figures).await?;
    Ok((out, figures.len()))
}

fn first_leg_is(s: &Shipment, imo: &str, voyage: &str) -> bool {
    s.legs
        .first()
        .is_some_and(|l| l.vessel_imo == imo && l.voyage == voyage)
}

/// The vessel's own arrival or departure moves a shipment's status forward, never back
/// (a shipment already discharged or delivered stays so).
fn advance(status: &str, to: &str) -> String {
    const ORDER: [&str; 8] = [
        "booked",
        "booking_confirmed",
        "documents_drafted",
        "gate_in",
        "loaded",
        "departed",
        "transhipped",
        "arrived",
    ];
    let rank = |s: &str| ORDER.iter().position(|x| *x == s);
    match (rank(status), rank(to)) {
        (Some(a), Some(b)) if a < b => to.to_string(),
        _ => status.to_string(),
    }
}

/// The planned vessel left a port of loading and its load list is final: a shipment
/// planned on it none of whose containers was loaded there (on this vessel or another,
/// which [`shipment_changes`] announced already) was rolled over.
async fn roll_check(tx: &mut Tx, job: &serde_json::Value) -> Result<Applied> {
    let field = |k: &str| job[k].as_str().unwrap_or_default().to_string();
    let (imo, voyage, location) = (field("imo"), field("voyage"), field("location"));
    let planned: Vec<Shipment> = shipments::on_voyage(tx, &imo, &voyage, &CustomerScope::All)
        .await?
        .into_iter()
        .filter(|s| s.port_of_loading == location && first_leg_is(s, &imo, &voyage))
        .collect();
    let ids: Vec<Uuid> = planned.iter().map(|s| s.id).collect();
    let refs = timelines::refs_by_shipment(tx, &ids).await?;
    let all: Vec<(String, String)> = refs.values().flatten().cloned().collect();
    let history = events::histories(tx, &all).await?;
    let scope = format!("{imo}/{voyage}/{location}");
    let affected: Vec<Affected> = planned
        .iter()
        .filter(|s| {
            let mine = &refs[&s.id];
            let has_boxes = mine.iter().any(|(k, _)| k == EQUIPMENT);
            let loaded = history.of_shipment(mine).iter().any(|e| {
                e.kind == "EQUIPMENT"
                    && e.type_code == "LOAD"
                    && e.classifier == "ACT"
                    && e.location.as_deref() == Some(location.as_str())
            });
            has_boxes && !loaded
        })
        .filter_map(|s| {
            changes::roll_over(&imo, true, None).map(|c| Affected::new(s.id, &scope, c))
        })
        .collect();
    Ok(Applied {
        changes: affected.len(),
        notices: notices::announce(tx, &affected).await?,
        ..Default::default()
    })
}

/// Changes a shipment's own equipment and shipment events show: loaded on another
/// vessel than planned (a roll-over), a document hold.
fn shipment_changes(s: &Shipment, events: &[&EventRow]) -> Vec<Affected> {
    let mut out = Vec::new();
    let planned = s.legs.first();
    for e in events {
        match (e.kind.as_str(), e.type_code.as_str(), e.classifier.as_str()) {
            ("EQUIPMENT", "LOAD", "ACT")
                if e.location.as_deref() == Some(s.port_of_loading.as_str()) =>
            {
                if let (Some(p), Some(v)) = (planned, &e.vessel_imo)
                    && let Some(c) = changes::roll_over(&p.vessel_imo, false, Some(v))
                {
                    let scope = format!("{}/{}/{}", p.vessel_imo, p.voyage, s.port_of_loading);
                    out.push(Affected::new(s.id, &scope, c));
                }
            }
            ("SHIPMENT", "HOLD", "ACT") => {
                out.push(Affected::new(
                    s.id,
                    &format!("{}/{}", s.reference, e.event_id),
                    Change::DocumentHold,
                ));
            }
            _ => {}
        }
    }
    out
}

/// Each customer's own ETA-slip threshold in hours, where set.
async fn thresholds(db: &mut impl Db, shipments: &[Shipment]) -> Result<HashMap<Uuid, i64>> {
    let ids: BTreeSet<Uuid> = shipments.iter().map(|s| s.customer_id).collect();
    let ids: Vec<Uuid> = ids.into_iter().collect();
    Ok(shipments::thresholds(db, &ids).await?.into_iter().collect())
}
