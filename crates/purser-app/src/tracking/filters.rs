//! The TNT 2.2 event filters, read once from query parameters or a subscription body, and
//! applied either as SQL (`GET /dcsa/tnt/v2/events`) or to events in hand (deciding which
//! subscribers get a new event) — the same meaning both ways.

use purser_domain::ids::{ContainerNumber, ImoNumber, UnLocode};
use purser_domain::validation::Problems;
use purser_store::tracking::events::{Cmp, EventFilter, EventRow};
use purser_store::tracking::{BOOKING, DOCUMENT, EQUIPMENT};

const KINDS: [&str; 3] = ["SHIPMENT", "TRANSPORT", "EQUIPMENT"];

fn list(v: &str) -> Vec<String> {
    v.split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Reads filters from (name, value) pairs; an unknown name or a bad value is a problem
/// named by the parameter. `limit`, `cursor` and `sort` are the caller's business.
pub fn parse<'a>(
    pairs: impl IntoIterator<Item = (&'a str, String)>,
) -> Result<EventFilter, Problems> {
    let mut f = EventFilter::default();
    let mut p = Problems::new();
    for (name, value) in pairs {
        let codes = |kind: &str| {
            let codes = purser_domain::tracking::codes::EventKind::parse(kind)
                .map(|k| k.codes())
                .unwrap_or(&[]);
            list(&value)
                .into_iter()
                .map(|c| (codes.contains(&c.as_str()), c))
                .collect::<Vec<_>>()
        };
        let coded = |kind: &str, out: &mut Vec<String>, p: &mut Problems| {
            for (ok, c) in codes(kind) {
                if ok {
                    out.push(c);
                } else {
                    p.add(
                        name,
                        format!("{c} is not a {} event type code", kind.to_lowercase()),
                    );
                }
            }
        };
        match name {
            "eventType" => {
                for k in list(&value) {
                    if KINDS.contains(&k.as_str()) {
                        f.kinds.push(k);
                    } else {
                        p.add(name, format!("{k} is not SHIPMENT, TRANSPORT or EQUIPMENT"));
                    }
                }
            }
            "shipmentEventTypeCode" => coded("SHIPMENT", &mut f.shipment_codes, &mut p),
            "transportEventTypeCode" => coded("TRANSPORT", &mut f.transport_codes, &mut p),
            "equipmentEventTypeCode" => coded("EQUIPMENT", &mut f.equipment_codes, &mut p),
            "documentTypeCode" => f.document_types = list(&value),
            "carrierBookingReference" | "bookingReference" => f.booking = Some(value),
            "transportDocumentReference" | "transportDocumentID" => f.document = Some(value),
            "equipmentReference" => match ContainerNumber::parse(&value) {
                Ok(c) => f.equipment = Some(c.to_string()),
                Err(e) => p.add(name, e.to_string()),
            },
            "vesselIMONumber" => match ImoNumber::parse(&value) {
                Ok(v) => f.vessel_imo = Some(v.to_string()),
                Err(e) => p.add(name, e.to_string()),
            },
            "carrierVoyageNumber" | "exportVoyageNumber" => f.voyage = Some(value),
            "UNLocationCode" => match UnLocode::parse(&value) {
                Ok(l) => f.location = Some(l.to_string()),
                Err(e) => p.add(name, e.to_string()),
            },
            "carrierServiceCode" | "scheduleID" | "transportCallID" => {
                // accepted and ignored: Purser does not keep these identifiers apart
            }
            other if other.starts_with("eventCreatedDateTime") => {
                let cmp = match other.strip_prefix("eventCreatedDateTime") {
                    Some("" | ":eq") => Cmp::Eq,
                    Some(":gt") => Cmp::Gt,
                    Some(":gte") => Cmp::Gte,
                    Some(":lt") => Cmp::Lt,
                    Some(":lte") => Cmp::Lte,
                    _ => {
                        p.add(other, "the operators are :gte, :gt, :lte, :lt and :eq");
                        continue;
                    }
                };
                match value.parse::<jiff::Timestamp>() {
                    Ok(t) => f.created.push((cmp, t.as_microsecond())),
                    Err(_) => p.add(
                        other,
                        "must be a date-time with its zone, e.g. 2021-04-01T14:12:56+01:00",
                    ),
                }
            }
            _ => p.add(name, "is not a filter of this API"),
        }
    }
    p.into_result().map(|_| f)
}

/// Whether an event in hand passes the filters (the SQL of `events::list`, in Rust).
pub fn matches(f: &EventFilter, e: &EventRow, refs: &[(String, String)]) -> bool {
    let has = |kind: &str, v: &Option<String>| {
        v.as_ref()
            .is_none_or(|v| refs.iter().any(|(k, x)| k == kind && x == v))
    };
    let coded = |kind: &str, codes: &Vec<String>| {
        codes.is_empty() || (e.kind == kind && codes.contains(&e.type_code))
    };
    let created = f.created.iter().all(|(cmp, at)| {
        let c = e.created_at;
        match cmp {
            Cmp::Eq => c == *at,
            Cmp::Gt => c > *at,
            Cmp::Gte => c >= *at,
            Cmp::Lt => c < *at,
            Cmp::Lte => c <= *at,
        }
    });
    let same = |want: &Option<String>, got: &Option<String>| want.is_none() || want == got;
    (f.kinds.is_empty() || f.kinds.contains(&e.kind))
        && coded("SHIPMENT", &f.shipment_codes)
        && coded("TRANSPORT", &f.transport_codes)
        && coded("EQUIPMENT", &f.equipment_codes)
        && (f.document_types.is_empty()
            || e.document_type
                .as_ref()
                .is_some_and(|d| f.document_types.contains(d)))
        && has(BOOKING, &f.booking)
        && has(DOCUMENT, &f.document)
        && has(EQUIPMENT, &f.equipment)
        && same(&f.vessel_imo, &e.vessel_imo)
        && same(&f.voyage, &e.voyage)
        && same(&f.location, &e.location)
        && created
}

/// The filters of a subscription body (everything but callbackUrl and secret), as the
/// (name, value) pairs [`parse`] reads; arrays become comma lists.
pub fn subscription_pairs(body: &serde_json::Value) -> Vec<(&str, String)> {
    let Some(o) = body.as_object() else {
        return Vec::new();
    };
    o.iter()
        .filter(|(k, _)| !matches!(k.as_str(), "callbackUrl" | "secret" | "subscriptionID"))
        .map(|(k, v)| {
            let s = match v {
                serde_json::Value::Array(a) => a
                    .iter()
                    .filter_map(|x| x.as_str())
                    .collect::<Vec<_>>()
                    .join(","),
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            (k.as_str(), s)
        })
        .collect()
}
