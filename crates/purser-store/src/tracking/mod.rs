//! Track and trace storage: every DCSA event as received and the references it is found
//! by ([`events`]), shipments with their parties, references, containers and current
//! timeline ([`shipments`]), vessels and port calls from the schedules ([`schedules`]),
//! the sources that push events and the subscriptions that receive them
//! ([`subscriptions`]), and the proactive notices sent ([`notices`]).

pub mod events;
pub mod notices;
pub mod schedules;
pub mod shipments;
pub mod subscriptions;

use purser_domain::roles::CustomerScope;
use sea_query::{Cond, Condition, Expr, ExprTrait, Query};

/// Reference kinds shared by events and shipments.
pub const BOOKING: &str = "BKG";
pub const DOCUMENT: &str = "TRD";
pub const EQUIPMENT: &str = "EQ";
pub const VOYAGE: &str = "VOY";
/// Every reference kind a shipment is found by.
pub const KINDS: [&str; 4] = [BOOKING, DOCUMENT, EQUIPMENT, VOYAGE];

/// Whether an event with these references concerns a shipment whose references
/// `is_mine` recognises: by any shared reference, except that a container number alone
/// does not do when the event names a booking or transport document. Containers are
/// reused: the next booking's events of a box belong to that booking's shipment, not to
/// every shipment the box ever carried.
pub fn concerns<K: AsRef<str>, V: AsRef<str>>(
    event_refs: &[(K, V)],
    is_mine: impl Fn(&str, &str) -> bool,
) -> bool {
    claiming(event_refs).any(|(k, v)| is_mine(k.as_ref(), v.as_ref()))
}

/// The references of an event that may tie it to a shipment (see [`concerns`]): all of
/// them, but its container number when it names a booking or transport document.
pub fn claiming<K: AsRef<str>, V: AsRef<str>>(
    event_refs: &[(K, V)],
) -> impl Iterator<Item = &(K, V)> {
    let documented = event_refs.iter().any(|(k, _)| is_document(k.as_ref()));
    event_refs
        .iter()
        .filter(move |(k, _)| k.as_ref() != EQUIPMENT || !documented)
}

/// A booking or transport document reference.
pub fn is_document(kind: &str) -> bool {
    kind == BOOKING || kind == DOCUMENT
}

/// The VOY reference value of a vessel voyage.
pub fn voyage_ref(imo: &str, voyage: &str) -> String {
    format!("{imo}/{voyage}")
}

/// Shipments (by their id column) that concern a customer the scope lets the actor see.
pub fn shipment_scope(scope: &CustomerScope, shipment_col: &'static str) -> Condition {
    let parties = |c: Condition| {
        Cond::all().add(
            Expr::col(shipment_col).in_subquery(
                Query::select()
                    .column("shipment_id")
                    .from("shipment_parties")
                    .cond_where(c)
                    .take(),
            ),
        )
    };
    match scope {
        CustomerScope::All => Cond::all(),
        CustomerScope::None => Cond::all().add(Expr::val(1).eq(0)),
        other => parties(crate::customers::scope_condition(other, "customer_id")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_box_alone_claims_only_events_that_name_no_booking_or_document() {
        let mine = |k: &str, v: &str| {
            [
                (EQUIPMENT, "CSQU3054383"),
                (BOOKING, "BK1"),
                (DOCUMENT, "BL1"),
            ]
            .contains(&(k, v))
        };
        // the box's event of our own booking, of no booking, of another booking
        assert!(concerns(
            &[(EQUIPMENT, "CSQU3054383"), (BOOKING, "BK1")],
            mine
        ));
        assert!(concerns(&[(EQUIPMENT, "CSQU3054383")], mine));
        assert!(!concerns(
            &[(EQUIPMENT, "CSQU3054383"), (BOOKING, "BK2")],
            mine
        ));
        assert!(!concerns(
            &[(EQUIPMENT, "CSQU3054383"), (DOCUMENT, "BL9")],
            mine
        ));
        // a document of ours claims it whatever box it names
        assert!(concerns(
            &[(EQUIPMENT, "APZU4812090"), (DOCUMENT, "BL1")],
            mine
        ));
        // the voyage claims transport events
        assert!(!concerns(&[(VOYAGE, "9321483/2103W")], mine));
        assert!(!concerns::<&str, &str>(&[], |_, _| true));
    }
}
