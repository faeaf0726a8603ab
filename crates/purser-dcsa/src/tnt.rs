//! Track & Trace 2.2 events in (from a carrier's POST or a subscription callback) and out (in
//! our own TNT responses and notifications).
//!
//! [`parse_events`] checks a batch against the spec and the identifier rules and, only when
//! every event passes, returns them typed, each with a stable `eventID` and a hash of its
//! body: ingestion is idempotent on the id, and a replayed id whose hash differs is a
//! conflict the caller reports.

use crate::checks::{Findings, at, text_at};
use crate::spec::{self, validate_event};
use crate::{Problem, canonical_json, hash_of, into_items, parse_json, pointer_push};
use jiff::Timestamp;
use purser_domain::tracking::Observation;
use purser_domain::tracking::codes::{Classifier, EventKind};
use serde_json::Value;
use uuid::Uuid;

/// The namespace of the name-based ids given to events that arrive without an `eventID`.
const EVENT_ID_NAMESPACE: Uuid = Uuid::from_u128(0x6f3c_0a52_8d1e_4b7a_9c55_2e41_d0b9_7a13);

/// One TNT 2.2 event, checked and reduced to the fields Purser files and searches by; the
/// whole event is kept in `body`.
#[derive(Debug, Clone, PartialEq)]
pub struct TntEvent {
    /// `eventID`; when absent, a UUIDv5 of the canonical body, so re-sending the same event
    /// is idempotent.
    pub event_id: String,
    pub kind: EventKind,
    pub classifier: Classifier,
    /// `transportEventTypeCode` / `shipmentEventTypeCode` / `equipmentEventTypeCode`.
    pub type_code: String,
    pub event_at: Timestamp,
    /// `eventCreatedDateTime`.
    pub created_at: Timestamp,
    /// `transportCall.UNLocationCode`, else `transportCall.location.UNLocationCode`, else
    /// `eventLocation.UNLocationCode`.
    pub un_location: Option<String>,
    pub vessel_imo: Option<String>,
    pub vessel_name: Option<String>,
    /// `transportCall.exportVoyageNumber` (`carrierVoyageNumber` in older documents).
    pub voyage: Option<String>,
    pub service_code: Option<String>,
    pub equipment_reference: Option<String>,
    pub iso_equipment_code: Option<String>,
    /// EMPTY / LADEN.
    pub empty_indicator: Option<String>,
    /// Shipment events: BKG, SHI, TRD, …
    pub document_type_code: Option<String>,
    /// `documentReferences` of type BKG, and the shipment event's `documentID` when its
    /// `documentTypeCode` is BKG. (CBR is the booking *request* reference, not a booking.)
    pub booking_references: Vec<String>,
    /// `documentReferences` of type TRD, and `documentID` when `documentTypeCode` is TRD.
    pub transport_document_references: Vec<String>,
    pub delay_reason: Option<String>,
    /// `changeRemark` (or the deprecated `vesselScheduleChangeRemark`).
    pub change_remark: Option<String>,
    /// The event as received, with `eventID` filled in when it was absent.
    pub body: Value,
    /// `body` as canonical JSON (keys sorted, no spaces): what is stored, written once.
    pub canonical: String,
    /// Hex SHA-256 of `canonical`.
    pub body_hash: String,
    /// Things stored but worth recording, e.g. a well-formed UN/LOCODE that is not known.
    pub warnings: Vec<Problem>,
}

impl TntEvent {
    /// The event as the domain's timeline reasons with it.
    pub fn observation(&self) -> Observation {
        Observation {
            event_id: self.event_id.clone(),
            kind: self.kind,
            classifier: self.classifier,
            code: self.type_code.clone(),
            at: self.event_at,
            created: self.created_at,
            location: self.un_location.clone(),
            vessel_imo: self.vessel_imo.clone(),
            voyage: self.voyage.clone(),
            equipment: self.equipment_reference.clone(),
            delay_reason: self.delay_reason.clone(),
        }
    }
}

/// Parses a JSON array of TNT 2.2 events (a single object is taken as an array of one).
///
/// All-or-nothing: if any event is invalid, returns every problem of every event (paths
/// start with the array index, e.g. "/3/eventDateTime") and nothing else. An event must
/// validate against the spec's schema for its `eventType`; timestamps must carry a zone
/// offset; container numbers need their ISO 6346 check digit; IMO numbers need theirs;
/// UN/LOCODEs must be well-formed. `known_locations(code)` says whether a well-formed code is
/// known: an unknown one is a warning on the event, not an error.
pub fn parse_events(
    body: &[u8],
    known_locations: &(dyn Fn(&str) -> bool + Sync),
) -> Result<Vec<TntEvent>, Vec<Problem>> {
    let mut items = into_items(parse_json(body)?, "TNT 2.2 events")?;
    // validation is most of an array's cost and each event stands alone: a large array
    // is checked on every core, in parts whose results join in the array's order
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let part = items.len().div_ceil(cores).max(PARALLEL_FROM);
    let mut parts = Vec::new();
    while items.len() > part {
        let rest = items.split_off(part);
        parts.push(std::mem::replace(&mut items, rest));
    }
    parts.push(items);
    let results: Vec<(Vec<TntEvent>, Vec<Problem>)> = std::thread::scope(|scope| {
        let mut first = 0;
        let handles: Vec<_> = parts
            .into_iter()
            .map(|p| {
                let start = first;
                first += p.len();
                scope.spawn(move || parse_part(p, start, known_locations))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    let mut events = Vec::new();
    let mut problems = Vec::new();
    for (mut e, mut p) in results {
        events.append(&mut e);
        problems.append(&mut p);
    }
    if problems.is_empty() {
        Ok(events)
    } else {
        Err(problems)
    }
}

/// Arrays shorter than this are checked on one thread (a thread costs more than they do).
const PARALLEL_FROM: usize = 200;

/// Events `start ..` of an array: those that parse, and every problem of those that don't.
fn parse_part(
    items: Vec<Value>,
    start: usize,
    known_locations: &(dyn Fn(&str) -> bool + Sync),
) -> (Vec<TntEvent>, Vec<Problem>) {
    let mut events = Vec::with_capacity(items.len());
    let mut problems = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        let prefix = format!("/{}", start + i);
        match parse_event(item, &prefix, known_locations) {
            Ok(event) => events.push(event),
            Err(mut p) => problems.append(&mut p),
        }
    }
    (events, problems)
}

fn parse_event(
    mut item: Value,
    prefix: &str,
    known_locations: &dyn Fn(&str) -> bool,
) -> Result<TntEvent, Vec<Problem>> {
    let mut findings = Findings::new(validate_event(&item, prefix), known_locations);
    findings.all_un_locodes(&item, prefix);
    findings.imo(
        at(&item, &["transportCall", "vessel", "vesselIMONumber"]),
        || format!("{prefix}/transportCall/vessel/vesselIMONumber"),
    );
    findings.equipment(at(&item, &["equipmentReference"]), || {
        format!("{prefix}/equipmentReference")
    });
    let event_at = timestamp(&item, prefix, "eventDateTime", &mut findings);
    let created_at = timestamp(&item, prefix, "eventCreatedDateTime", &mut findings);
    let kind = item["eventType"].as_str().and_then(EventKind::parse);
    let classifier = item["eventClassifierCode"]
        .as_str()
        .and_then(Classifier::parse);
    let type_code_field = match kind {
        Some(EventKind::Transport) => "transportEventTypeCode",
        Some(EventKind::Shipment) => "shipmentEventTypeCode",
        Some(EventKind::Equipment) => "equipmentEventTypeCode",
        None => "",
    };
    let type_code = text(&item, &[type_code_field]);
    let (Some(kind), Some(classifier), Some(type_code), Some(event_at), Some(created_at), true) = (
        kind,
        classifier,
        type_code,
        event_at,
        created_at,
        findings.problems.is_empty(),
    ) else {
        // The schema has said why; this only guards against a spec that says less than we need.
        if findings.problems.is_empty() {
            findings
                .problems
                .push(Problem::new(prefix, "is not a complete TNT 2.2 event"));
        }
        return Err(findings.problems);
    };

    let event_id = match item.get("eventID").and_then(Value::as_str) {
        Some(id) => id.to_string(),
        None => {
            let id = Uuid::new_v5(&EVENT_ID_NAMESPACE, canonical_json(&item).as_bytes());
            if let Some(map) = item.as_object_mut() {
                map.insert("eventID".into(), Value::String(id.to_string()));
            }
            id.to_string()
        }
    };

    let un_location = text(&item, &["transportCall", "UNLocationCode"])
        .or_else(|| text(&item, &["transportCall", "location", "UNLocationCode"]))
        .or_else(|| text(&item, &["eventLocation", "UNLocationCode"]));
    let document_type_code = text(&item, &["documentTypeCode"]);
    let document_id = text(&item, &["documentID"]);
    let mut booking_references = document_references(&item, "BKG");
    let mut transport_document_references = document_references(&item, "TRD");
    match (document_type_code.as_deref(), document_id) {
        (Some("BKG"), Some(id)) => push_unique(&mut booking_references, id),
        (Some("TRD"), Some(id)) => push_unique(&mut transport_document_references, id),
        _ => {}
    }

    let canonical = canonical_json(&item);
    Ok(TntEvent {
        event_id,
        kind,
        classifier,
        type_code,
        event_at,
        created_at,
        un_location,
        vessel_imo: text(&item, &["transportCall", "vessel", "vesselIMONumber"]),
        vessel_name: text(&item, &["transportCall", "vessel", "vesselName"]),
        voyage: text(&item, &["transportCall", "exportVoyageNumber"])
            .or_else(|| text(&item, &["transportCall", "carrierVoyageNumber"])),
        service_code: text(&item, &["transportCall", "carrierServiceCode"]),
        equipment_reference: text(&item, &["equipmentReference"]),
        iso_equipment_code: text(&item, &["ISOEquipmentCode"]),
        empty_indicator: text(&item, &["emptyIndicatorCode"]),
        document_type_code,
        booking_references,
        transport_document_references,
        delay_reason: text(&item, &["delayReasonCode"]),
        change_remark: text(&item, &["changeRemark"])
            .or_else(|| text(&item, &["vesselScheduleChangeRemark"])),
        body_hash: hash_of(&canonical),
        canonical,
        body: item,
        warnings: findings.warnings,
    })
}

/// An event as TNT 2.2 wants it in a response: the stored body. Bodies are stored only after
/// [`parse_events`] accepted them, so they validate; debug builds check that they still do.
pub fn event_out(body: &Value) -> Value {
    debug_assert!(
        validate_event(body, "").is_empty(),
        "stored TNT event no longer validates: {:?}",
        validate_event(body, "")
    );
    body.clone()
}

/// Like [`event_out`], but says what is wrong instead of trusting the store.
pub fn event_out_checked(body: &Value) -> Result<Value, Vec<Problem>> {
    let problems = spec::validate_tnt("event", body);
    if problems.is_empty() {
        Ok(body.clone())
    } else {
        Err(problems)
    }
}

pub use crate::signing::{signature, verify_signature};

/// A timestamp that must carry a zone offset. The schema's `date-time` format already says
/// so; this parse is what the typed event holds.
fn timestamp(
    item: &Value,
    prefix: &str,
    field: &str,
    findings: &mut Findings,
) -> Option<Timestamp> {
    let raw = item.get(field)?.as_str()?;
    match raw.parse::<Timestamp>() {
        Ok(ts) => Some(ts),
        Err(_) => {
            let path = pointer_push(prefix, field);
            if !findings.problems.iter().any(|p| p.path == path) {
                findings.problems.push(Problem::new(
                    path,
                    format!(
                        "must be a date and time with a zone offset (RFC 3339), e.g. \
                         2021-04-01T14:12:56+01:00, not \"{raw}\""
                    ),
                ));
            }
            None
        }
    }
}

fn text(item: &Value, keys: &[&str]) -> Option<String> {
    text_at(item, keys)
}

fn document_references(item: &Value, kind: &str) -> Vec<String> {
    let mut out = Vec::new();
    let references = item.get("documentReferences").and_then(Value::as_array);
    for reference in references.into_iter().flatten() {
        let of_kind = reference
            .get("documentReferenceType")
            .and_then(Value::as_str)
            == Some(kind);
        if let (true, Some(value)) = (
            of_kind,
            reference
                .get("documentReferenceValue")
                .and_then(Value::as_str),
        ) {
            push_unique(&mut out, value.to_string());
        }
    }
    out
}

fn push_unique(list: &mut Vec<String>, value: String) {
    if !list.contains(&value) {
        list.push(value);
    }
}
