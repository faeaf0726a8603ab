//! Track and trace use cases: events in from sources and files ([`ingest`]), shipment
//! timelines ([`timelines`]), vessel schedules ([`schedules`]), the changes customers
//! must hear about turned into notices ([`notices`]), and subscribers' callbacks
//! ([`subscriptions`]).

pub mod apply;
pub mod filters;
pub mod ingest;
pub mod notices;
pub mod preferences;
pub mod schedules;
pub mod shipments;
pub mod subscriptions;
pub mod timelines;
pub mod worker;

use purser_domain::tracking::changes::Change;
use uuid::Uuid;

/// One shipment touched by one change. `key` scopes the change (the voyage and port for
/// a vessel delay, the shipment for a hold), so every shipment a contact has on a delayed
/// voyage lands in one notice, and the same change is never announced twice.
#[derive(Debug, Clone, PartialEq)]
pub struct Affected {
    pub shipment_id: Uuid,
    pub change: Change,
    pub key: String,
}

impl Affected {
    pub fn new(shipment_id: Uuid, scope: &str, change: Change) -> Affected {
        Affected {
            shipment_id,
            key: format!("{scope}|{}", change.key()),
            change,
        }
    }
}

/// Microseconds to a timestamp (stored times are microseconds UTC).
pub(crate) use crate::cases::clocks::ts;

/// The default ETA slip a customer is told about, when its own threshold is not set.
pub const DEFAULT_THRESHOLD_HOURS: i64 = 12;
