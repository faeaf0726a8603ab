//! A shipment's timeline from its events (the domain's rules), kept as figures on the
//! shipment row for lists and filters, and shown whole on the shipment page.

use super::{DEFAULT_THRESHOLD_HOURS, ts};
use crate::{AppError, Ctx, Result};
use purser_domain::tracking::Observation;
use purser_domain::tracking::codes::{Classifier, EventKind};
use purser_domain::tracking::timeline::{Route, Timeline, timeline};
use purser_store::tracking::events::{self, EventRow};
use purser_store::tracking::notices::{self, Notice};
use purser_store::tracking::schedules::{self, PortCall};
use purser_store::tracking::shipments::{self, ContainerRow, Shipment, TimelineFigures};
use purser_store::{Db, Store};
use serde::Serialize;
use std::collections::HashMap;
use uuid::Uuid;

/// A stored event as the domain reasons with it; None if its stored codes are unknown.
pub fn observation(e: &EventRow) -> Option<Observation> {
    Some(Observation {
        event_id: e.event_id.clone(),
        kind: EventKind::parse(&e.kind)?,
        classifier: Classifier::parse(&e.classifier)?,
        code: e.type_code.clone(),
        at: ts(e.event_at),
        created: ts(e.created_at),
        location: e.location.clone(),
        vessel_imo: e.vessel_imo.clone(),
        voyage: e.voyage.clone(),
        equipment: e.equipment.clone(),
        delay_reason: e.delay_reason.clone(),
    })
}

pub fn route(s: &Shipment) -> Route {
    Route {
        port_of_loading: s.port_of_loading.clone(),
        port_of_discharge: s.port_of_discharge.clone(),
        place_of_delivery: s.place_of_delivery.clone(),
    }
}

/// The references of many shipments, by shipment.
pub async fn refs_by_shipment(
    db: &mut impl Db,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, Vec<(String, String)>>> {
    let mut out: HashMap<Uuid, Vec<(String, String)>> =
        ids.iter().map(|id| (*id, Vec::new())).collect();
    for (id, k, v) in shipments::refs_many(db, ids).await? {
        out.entry(id).or_default().push((k, v));
    }
    Ok(out)
}

/// The figures a timeline leaves on its shipment.
pub fn figures(s: &Shipment, t: &Timeline, threshold_hours: i64) -> TimelineFigures {
    let eta = t.eta.map(|(at, _)| at.as_microsecond());
    let first = s.first_eta.or(t.first_eta.map(|f| f.as_microsecond()));
    let slip = match (eta, first) {
        (Some(e), Some(f)) => (e - f) / 60_000_000,
        _ => 0,
    };
    let arrived = t.eta.is_some_and(|(_, c)| c == Classifier::Act);
    TimelineFigures {
        id: s.id,
        status: t
            .status
            .map_or_else(|| s.status.clone(), |m| m.as_str().to_string()),
        eta: eta.or(s.eta),
        eta_classifier: t
            .eta
            .map(|(_, c)| c.as_str().to_string())
            .or(s.eta_classifier.clone()),
        first_eta: first,
        slip_minutes: slip,
        delayed: !arrived && slip > threshold_hours * 60,
        last_event_at: t.steps.last().map(|st| st.at.as_microsecond()),
    }
}

/// Rebuilds the figures of these shipments from all their events; returns how many
/// changed.
pub async fn refresh(
    db: &mut impl Db,
    touched: &[Shipment],
    refs: &HashMap<Uuid, Vec<(String, String)>>,
) -> Result<usize> {
    let customers: Vec<Uuid> = touched.iter().map(|s| s.customer_id).collect();
    let thresholds: HashMap<Uuid, i64> = shipments::thresholds(db, &customers)
        .await?
        .into_iter()
        .collect();
    // every touched shipment's history in a few queries, then sorted out per shipment
    let all: Vec<(String, String)> = refs
        .values()
        .flatten()
        .cloned()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let history = events::histories(db, &all).await?;
    let mut out = Vec::new();
    for s in touched {
        let rows = history.of_shipment(refs.get(&s.id).map_or(&[][..], |r| r.as_slice()));
        let obs: Vec<Observation> = rows.iter().filter_map(|e| observation(e)).collect();
        let t = timeline(&obs, &route(s));
        let f = figures(
            s,
            &t,
            thresholds
                .get(&s.customer_id)
                .copied()
                .unwrap_or(DEFAULT_THRESHOLD_HOURS),
        );
        let same = f.status == s.status
            && f.eta == s.eta
            && f.first_eta == s.first_eta
            && f.delayed == s.delayed
            && f.last_event_at == s.last_event_at;
        if !same {
            out.push(f);
        }
    }
    shipments::set_timelines(db, &out).await?;
    Ok(out.len())
}

/// One milestone as the page shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StepView {
    pub milestone: String,
    pub at: i64,
    pub location: Option<String>,
    /// ACT, EST or PLN.
    pub classifier: String,
}

/// One event as the page lists it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EventView {
    pub event_id: String,
    pub kind: String,
    pub classifier: String,
    pub type_code: String,
    pub event_at: i64,
    pub location: Option<String>,
    pub vessel_imo: Option<String>,
    pub voyage: Option<String>,
    pub equipment: Option<String>,
    pub delay_reason: Option<String>,
    /// The delay reason in words (English, Traditional Chinese).
    pub delay_reason_text: Option<(String, String)>,
    /// Superseded by a later or firmer event about the same thing.
    pub superseded: bool,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ShipmentPage {
    pub shipment: Shipment,
    pub containers: Vec<ContainerRow>,
    pub milestones: Vec<StepView>,
    pub events: Vec<EventView>,
    /// The calls of each leg's vessel voyage.
    pub calls: Vec<PortCall>,
    pub notices: Vec<Notice>,
}

/// Everything the shipment page shows, if the actor may see the shipment.
pub async fn page(store: &Store, ctx: &Ctx, id: Uuid) -> Result<ShipmentPage> {
    let mut db = store.clone();
    let scope = ctx.actor.customer_scope();
    let shipment = shipments::get(&mut db, id, &scope).await?;
    let refs = shipments::refs(&mut db, id).await?;
    let history = events::histories(&mut db, &refs).await?;
    let rows = history.of_shipment(&refs);
    let obs: Vec<Observation> = rows.iter().filter_map(|e| observation(e)).collect();
    let current = purser_domain::tracking::current::current(&obs);
    let live: std::collections::HashSet<&str> =
        current.values().map(|o| o.event_id.as_str()).collect();
    let t = timeline(&obs, &route(&shipment));
    let milestones = t
        .steps
        .iter()
        .map(|s| StepView {
            milestone: s.milestone.as_str().into(),
            at: s.at.as_microsecond(),
            location: s.location.clone(),
            classifier: s.classifier.as_str().into(),
        })
        .collect();
    let events = rows
        .iter()
        .map(|e| EventView {
            event_id: e.event_id.clone(),
            kind: e.kind.clone(),
            classifier: e.classifier.clone(),
            type_code: e.type_code.clone(),
            event_at: e.event_at,
            location: e.location.clone(),
            vessel_imo: e.vessel_imo.clone(),
            voyage: e.voyage.clone(),
            equipment: e.equipment.clone(),
            delay_reason: e.delay_reason.clone(),
            delay_reason_text: e.delay_reason.as_deref().map(|c| {
                let (en, zh) = purser_domain::tracking::codes::delay_reason(c);
                (en.to_string(), zh.to_string())
            }),
            superseded: !live.contains(e.event_id.as_str()),
        })
        .collect();
    let mut calls = Vec::new();
    for l in &shipment.legs {
        calls.extend(schedules::voyage_calls(&mut db, &l.vessel_imo, &l.voyage).await?);
    }
    let containers = shipments::containers(&mut db, id).await?;
    let notices = if ctx.actor.is_staff() || ctx.actor.customer_id.is_some() {
        notices::for_shipment(&mut db, id)
            .await?
            .into_iter()
            .filter(|n| ctx.actor.is_staff() || Some(n.customer_id) == ctx.actor.customer_id)
            .collect()
    } else {
        Vec::new()
    };
    Ok(ShipmentPage {
        shipment,
        containers,
        milestones,
        events,
        calls,
        notices,
    })
}

/// The shipments any reference finds: container, B/L, booking, or vessel IMO + voyage.
pub async fn find(store: &Store, ctx: &Ctx, reference: &str) -> Result<Vec<Shipment>> {
    let r = reference.trim().to_uppercase().replace(' ', "");
    if r.is_empty() {
        return Err(AppError::field(
            "q",
            "give a container, B/L, booking or vessel/voyage",
        ));
    }
    let scope = ctx.actor.customer_scope();
    Ok(shipments::find(&mut store.clone(), &r, &scope, 50).await?)
}
