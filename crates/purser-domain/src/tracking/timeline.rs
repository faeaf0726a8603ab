//! A shipment's story from its events: milestones in order, where it is now, its current
//! ETA at the port of discharge and how far that has slipped from the first plan.

use super::Observation;
use super::codes::{Classifier, EventKind};
use super::current::current;
use jiff::{SignedDuration, Timestamp};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Milestone {
    BookingConfirmed,
    DocumentsDrafted,
    GateIn,
    Loaded,
    Departed,
    Transhipped,
    Arrived,
    Discharged,
    DocumentIssued,
    GateOut,
    Delivered,
    OnHold,
    Released,
}

impl Milestone {
    /// A step of the cargo itself, not of its documents.
    pub fn is_cargo(self) -> bool {
        matches!(
            self,
            Milestone::GateIn
                | Milestone::Loaded
                | Milestone::Departed
                | Milestone::Transhipped
                | Milestone::Arrived
                | Milestone::Discharged
                | Milestone::GateOut
                | Milestone::Delivered
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Milestone::BookingConfirmed => "booking_confirmed",
            Milestone::DocumentsDrafted => "documents_drafted",
            Milestone::GateIn => "gate_in",
            Milestone::Loaded => "loaded",
            Milestone::Departed => "departed",
            Milestone::Transhipped => "transhipped",
            Milestone::Arrived => "arrived",
            Milestone::Discharged => "discharged",
            Milestone::DocumentIssued => "document_issued",
            Milestone::GateOut => "gate_out",
            Milestone::Delivered => "delivered",
            Milestone::OnHold => "on_hold",
            Milestone::Released => "released",
        }
    }
}

/// Where a shipment's ports are (UN/LOCODEs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    pub port_of_loading: String,
    pub port_of_discharge: String,
    pub place_of_delivery: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub milestone: Milestone,
    pub at: Timestamp,
    pub location: Option<String>,
    /// Whether it happened (ACT) or is expected (EST/PLN).
    pub classifier: Classifier,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    pub steps: Vec<Step>,
    /// The latest milestone that actually happened.
    pub status: Option<Milestone>,
    /// The current best arrival time at the port of discharge.
    pub eta: Option<(Timestamp, Classifier)>,
    /// The first planned (or first known) arrival there.
    pub first_eta: Option<Timestamp>,
    /// `eta - first_eta`: positive when late.
    pub slip: SignedDuration,
}

fn milestone(o: &Observation, route: &Route) -> Option<Milestone> {
    let at = |p: &str| o.location.as_deref() == Some(p);
    Some(match (o.kind, o.code.as_str()) {
        (EventKind::Shipment, "CONF") => Milestone::BookingConfirmed,
        (EventKind::Shipment, "DRFT") => Milestone::DocumentsDrafted,
        (EventKind::Shipment, "ISSU") => Milestone::DocumentIssued,
        (EventKind::Shipment, "HOLD") => Milestone::OnHold,
        (EventKind::Shipment, "RELS") => Milestone::Released,
        (EventKind::Equipment, "GTIN") if at(&route.port_of_loading) => Milestone::GateIn,
        (EventKind::Equipment, "LOAD") if at(&route.port_of_loading) => Milestone::Loaded,
        (EventKind::Equipment, "DISC") if at(&route.port_of_discharge) => Milestone::Discharged,
        // loaded or discharged anywhere between the two ports: a transhipment
        (EventKind::Equipment, "LOAD" | "DISC") => Milestone::Transhipped,
        (EventKind::Equipment, "GTOT") if at(&route.port_of_discharge) => Milestone::GateOut,
        (EventKind::Equipment, "DROP" | "STRP") => Milestone::Delivered,
        (EventKind::Transport, "DEPA") if at(&route.port_of_loading) => Milestone::Departed,
        (EventKind::Transport, "ARRI") if at(&route.port_of_discharge) => Milestone::Arrived,
        _ => return None,
    })
}

/// Builds the timeline from every event known for the shipment (any order, duplicates and
/// superseded estimates included).
pub fn timeline(events: &[Observation], route: &Route) -> Timeline {
    let cur = current(events);
    let mut steps: Vec<Step> = cur
        .values()
        .filter_map(|o| {
            milestone(o, route).map(|m| Step {
                milestone: m,
                at: o.at,
                location: o.location.clone(),
                classifier: o.classifier,
            })
        })
        .collect();
    steps.sort_by_key(|s| (s.at, s.milestone));
    // where the cargo is beats where the paperwork is: a B/L issued at sea leaves the
    // status "departed"; paperwork shows only before the cargo has moved (or on hold)
    let latest = |cargo: bool| {
        steps
            .iter()
            .filter(|s| s.classifier == Classifier::Act && (!cargo || s.milestone.is_cargo()))
            .max_by_key(|s| (s.at, s.milestone))
            .map(|s| s.milestone)
    };
    let status = match (latest(true), latest(false)) {
        (_, Some(Milestone::OnHold)) => Some(Milestone::OnHold),
        (Some(cargo), _) => Some(cargo),
        (None, any) => any,
    };
    let arrivals: Vec<&Observation> = events
        .iter()
        .filter(|o| {
            o.kind == EventKind::Transport
                && o.code == "ARRI"
                && o.location.as_deref() == Some(route.port_of_discharge.as_str())
        })
        .collect();
    let eta = cur
        .values()
        .filter(|o| {
            o.kind == EventKind::Transport
                && o.code == "ARRI"
                && o.location.as_deref() == Some(route.port_of_discharge.as_str())
        })
        .max_by(|a, b| (a.classifier, a.created).cmp(&(b.classifier, b.created)))
        .map(|o| (o.at, o.classifier));
    let first_eta = arrivals
        .iter()
        .min_by_key(|o| (o.classifier != Classifier::Pln, o.created))
        .map(|o| o.at);
    let slip = match (eta, first_eta) {
        (Some((now, _)), Some(first)) => now.duration_since(first),
        _ => SignedDuration::ZERO,
    };
    Timeline {
        steps,
        status,
        eta,
        first_eta,
        slip,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(
        id: &str,
        kind: EventKind,
        code: &str,
        c: Classifier,
        at_h: i64,
        created_h: i64,
        loc: &str,
    ) -> Observation {
        Observation {
            event_id: id.into(),
            kind,
            classifier: c,
            code: code.into(),
            at: Timestamp::from_second(1_800_000_000 + at_h * 3600).unwrap(),
            created: Timestamp::from_second(1_790_000_000 + created_h * 3600).unwrap(),
            location: Some(loc.into()),
            vessel_imo: Some("9321483".into()),
            voyage: Some("2103S".into()),
            equipment: matches!(kind, EventKind::Equipment).then(|| "CSQU3054383".to_string()),
            delay_reason: None,
        }
    }

    #[test]
    fn milestones_status_eta_and_slip() {
        use Classifier::*;
        use EventKind::*;
        let route = Route {
            port_of_loading: "TWKHH".into(),
            port_of_discharge: "USLAX".into(),
            place_of_delivery: None,
        };
        let events = vec![
            ev("1", Shipment, "CONF", Act, 0, 0, "TWKHH"),
            ev("2", Transport, "ARRI", Pln, 400, 0, "USLAX"),
            ev("3", Equipment, "GTIN", Act, 10, 10, "TWKHH"),
            ev("4", Equipment, "LOAD", Act, 30, 30, "TWKHH"),
            ev("5", Transport, "DEPA", Act, 36, 36, "TWKHH"),
            // the estimate slips twice; received out of order
            ev("7", Transport, "ARRI", Est, 430, 60, "USLAX"),
            ev("6", Transport, "ARRI", Est, 410, 50, "USLAX"),
        ];
        let t = timeline(&events, &route);
        let names: Vec<&str> = t.steps.iter().map(|s| s.milestone.as_str()).collect();
        assert_eq!(
            names,
            [
                "booking_confirmed",
                "gate_in",
                "loaded",
                "departed",
                "arrived"
            ]
        );
        assert_eq!(t.status, Some(Milestone::Departed));
        assert_eq!(t.eta.unwrap().1, Est);
        assert_eq!(
            t.slip,
            SignedDuration::from_hours(30),
            "first plan +400 h, now +430 h"
        );
        // the actual arrival ends the story of the ETA
        let mut more = events.clone();
        more.push(ev("8", Transport, "ARRI", Act, 428, 70, "USLAX"));
        more.push(ev("9", Equipment, "DISC", Act, 440, 80, "USLAX"));
        more.push(ev("10", Equipment, "DISC", Act, 200, 40, "SGSIN"));
        let t = timeline(&more, &route);
        assert_eq!(
            t.eta.unwrap(),
            (
                Timestamp::from_second(1_800_000_000 + 428 * 3600).unwrap(),
                Act
            )
        );
        assert_eq!(t.status, Some(Milestone::Discharged));
        assert!(t.steps.iter().any(
            |s| s.milestone == Milestone::Transhipped && s.location.as_deref() == Some("SGSIN")
        ));
    }
}
