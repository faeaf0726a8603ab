//! DCSA JSON in and out, checked against the official specifications, with no I/O.
//!
//! Carriers and platforms speak DCSA: Track & Trace 2.2 events ([`tnt`]) and Commercial
//! Schedules 1.0.3 vessel schedules, port schedules and point-to-point routes ([`schedules`]).
//! This crate turns their JSON into typed values the domain reasons with, after checking it
//! against the spec files themselves (embedded from `spec/`, see [`spec`]) and against the
//! trade's identifier rules (ISO 6346 check digits, IMO check digits, UN/LOCODE shape). Input
//! is all-or-nothing: one bad event rejects the batch, and every [`Problem`] of every item is
//! reported with a JSON pointer into the submitted document, so the sender can fix all of them
//! at once.
//!
//! ```
//! let body = br#"[{"eventType": "TRANSPORT", "eventClassifierCode": "ACT",
//!     "eventDateTime": "2021-01-09T14:12:56+01:00",
//!     "eventCreatedDateTime": "2021-01-09T14:12:56+01:00",
//!     "transportEventTypeCode": "ARRI",
//!     "transportCall": {"transportCallID": "TC-1", "modeOfTransport": "VESSEL",
//!         "UNLocationCode": "TWKHH", "exportVoyageNumber": "2103S",
//!         "vessel": {"vesselIMONumber": "9321483"}}}]"#;
//! let events = purser_dcsa::parse_events(body, &|_code: &str| true).unwrap();
//! assert_eq!(events[0].un_location.as_deref(), Some("TWKHH"));
//!
//! let signed = purser_dcsa::signature(b"secret", body);
//! assert!(purser_dcsa::verify_signature(b"secret", body, &signed));
//! ```

mod canonical;
mod checks;
pub mod schedules;
mod signing;
pub mod spec;
pub mod tnt;

pub use canonical::{canonical_json, hash_of};
pub use schedules::{Leg, PortCall, Route, Schedules, Times, Vessel, parse_schedules};
pub use signing::{signature, verify_signature};
pub use spec::{validate_cs, validate_cs_response, validate_tnt, validate_tnt_response};
pub use tnt::{TntEvent, event_out, event_out_checked, parse_events};

use serde::Serialize;
use std::fmt;

/// One thing wrong with the input: a JSON pointer into the submitted document (e.g.
/// "/2/transportCall/UNLocationCode") and what is wrong, in plain English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub path: String,
    pub message: String,
}

impl Problem {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "(document): {}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Appends one reference token to a JSON pointer, escaping `~` and `/` (RFC 6901).
pub(crate) fn pointer_push(base: &str, token: &str) -> String {
    let mut out = String::with_capacity(base.len() + token.len() + 1);
    out.push_str(base);
    out.push('/');
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}

/// Parses a request body as JSON, or says why it is not.
pub(crate) fn parse_json(body: &[u8]) -> Result<serde_json::Value, Vec<Problem>> {
    serde_json::from_slice(body)
        .map_err(|e| vec![Problem::new("", format!("is not valid JSON: {e}"))])
}

/// A body that must be an array; a single object is taken as an array of one.
pub(crate) fn into_items(
    value: serde_json::Value,
    what: &str,
) -> Result<Vec<serde_json::Value>, Vec<Problem>> {
    match value {
        serde_json::Value::Array(items) => Ok(items),
        v @ serde_json::Value::Object(_) => Ok(vec![v]),
        _ => Err(vec![Problem::new(
            "",
            format!("must be an array of {what} (or a single one as an object)"),
        )]),
    }
}
