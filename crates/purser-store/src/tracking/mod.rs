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
