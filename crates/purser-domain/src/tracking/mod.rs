//! Track and trace in DCSA TNT 2.2 terms, with no I/O: the codes of the three event kinds,
//! one event reduced to the facts a timeline needs ([`Observation`]), which estimate is
//! current ([`current`]: ACT beats EST beats PLN for the same call and event type, newer
//! beats older), the milestones and ETA slip of a shipment ([`timeline`]), and the changes
//! that deserve a proactive notice ([`changes`]).

pub mod changes;
pub mod codes;
pub mod current;
pub mod notice;
pub mod timeline;

use codes::{Classifier, EventKind};
use jiff::Timestamp;

/// One tracking event reduced to what Purser reasons with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observation {
    /// DCSA `eventID`: ingestion is idempotent on it.
    pub event_id: String,
    pub kind: EventKind,
    pub classifier: Classifier,
    /// ARRI, DEPA, LOAD, DISC, GTIN, …, ISSU, HOLD (the kind's own code list).
    pub code: String,
    /// When it happened or is expected to (`eventDateTime`).
    pub at: Timestamp,
    /// When the publisher created it (`eventCreatedDateTime`): newer wins among equals.
    pub created: Timestamp,
    /// UN/LOCODE of the place (port of the transport call, or the event location).
    pub location: Option<String>,
    pub vessel_imo: Option<String>,
    pub voyage: Option<String>,
    /// Container number for equipment events.
    pub equipment: Option<String>,
    /// SMDG delay reason code, when the publisher gave one.
    pub delay_reason: Option<String>,
}

impl Observation {
    /// Events about the same thing: the same call (vessel, voyage, place) and event type,
    /// or for equipment the same container too. Only the current one of a key counts.
    pub fn key(&self) -> String {
        format!(
            "{}|{}|{}|{}|{}|{}",
            self.kind.as_str(),
            self.code,
            self.vessel_imo.as_deref().unwrap_or(""),
            self.voyage.as_deref().unwrap_or(""),
            self.location.as_deref().unwrap_or(""),
            self.equipment.as_deref().unwrap_or("")
        )
    }
}
