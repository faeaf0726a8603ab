//! The shipment page of the console: parties, route and containers, the timeline of
//! milestones (what happened apart from what is expected), current ETA and its slip, every
//! event (superseded ones greyed), the port calls of its legs, who was told what and when,
//! and the cases that name it. The views of milestones, events and notices are shared
//! with the portal's page, which shows less.

use super::shipments::{Lookup, ShipmentRow, at};
use super::{Page, failure, render, staff_gate, when};
use crate::auth::{Caller, PageCaller};
use crate::i18n::T;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use purser_app::children::{self, Contacts};
use purser_app::tracking::timelines::{self, EventView, ShipmentPage, StepView};
use purser_domain::customers::Language;
use purser_store::tracking::notices::Notice;
use purser_store::tracking::schedules::PortCall;
use purser_store::tracking::shipments::ContainerRow;
use std::collections::HashMap;
use uuid::Uuid;

/// One milestone of the timeline.
pub struct StepRow {
    pub milestone: String,
    pub at: String,
    pub location: String,
    /// act, est or pln: ACT is what happened, the others what is expected.
    pub class: String,
    pub class_label: String,
}

pub fn steps(t: T, list: &[StepView]) -> Vec<StepRow> {
    list.iter()
        .map(|s| StepRow {
            milestone: t.label("ms", &s.milestone),
            at: when(s.at),
            location: t.port(s.location.as_deref().unwrap_or_default()),
            class: s.classifier.to_lowercase(),
            class_label: t.label("cls", &s.classifier),
        })
        .collect()
}

/// One event in words.
pub struct EventRow {
    pub event_id: String,
    pub what: String,
    pub code: String,
    pub class: String,
    pub class_label: String,
    pub at: String,
    pub location: String,
    pub vessel_imo: String,
    pub voyage: String,
    pub equipment: String,
    /// The delay reason in the reader's language, with its code.
    pub reason: String,
    pub superseded: bool,
}

pub fn events(t: T, list: &[EventView]) -> Vec<EventRow> {
    list.iter()
        .map(|e| EventRow {
            event_id: e.event_id.clone(),
            what: t.label("ev", &e.type_code),
            code: e.type_code.clone(),
            class: e.classifier.to_lowercase(),
            class_label: t.label("cls", &e.classifier),
            at: when(e.event_at),
            location: t.port(e.location.as_deref().unwrap_or_default()),
            vessel_imo: e.vessel_imo.clone().unwrap_or_default(),
            voyage: e.voyage.clone().unwrap_or_default(),
            equipment: e.equipment.clone().unwrap_or_default(),
            reason: match (&e.delay_reason, &e.delay_reason_text) {
                (Some(code), Some((en, zh))) => {
                    let words = if t.0 == Language::ZhTw { zh } else { en };
                    format!("{words} ({code})")
                }
                (Some(code), None) => code.clone(),
                _ => String::new(),
            },
            superseded: e.superseded,
        })
        .collect()
}

/// One notice sent: who was told what, when, how.
pub struct NoticeRow {
    pub when: String,
    pub who: String,
    pub channel: String,
    pub language: String,
    pub kind: String,
    pub subject: String,
    pub body: String,
    pub shipments: String,
}

/// Notices as rows; `customer_facing` leaves out what only staff see (the account owner's
/// proactive case).
pub async fn notices(
    s: &AppState,
    c: &Caller,
    list: &[Notice],
    customer_facing: bool,
) -> Vec<NoticeRow> {
    let t = T(c.user.language);
    let mut contacts: HashMap<Uuid, String> = HashMap::new();
    let mut out = Vec::new();
    for n in list {
        if customer_facing && (n.recipient == "owner" || n.channel == "case") {
            continue;
        }
        let who = match n.contact_id {
            Some(k) => match contacts.get(&k) {
                Some(name) => name.clone(),
                None => {
                    let name = children::get::<Contacts>(s.store(), &c.ctx, n.customer_id, k)
                        .await
                        .map(|x| x.name)
                        .unwrap_or_else(|_| t.s("a_contact").to_string());
                    contacts.insert(k, name.clone());
                    name
                }
            },
            None => t.label("recipient", &n.recipient),
        };
        out.push(NoticeRow {
            when: when(n.created_at),
            who,
            channel: t.label("nchannel", &n.channel),
            language: t.label("lang", &n.language),
            kind: t.label("change", &n.change_kind),
            subject: n.subject.clone(),
            body: n.body.clone(),
            shipments: n.shipments.join(", "),
        });
    }
    out
}

/// One port call: planned, estimated and actual times, cut-offs, omission.
pub struct CallRow {
    pub location: String,
    pub vessel_imo: String,
    pub voyage: String,
    pub arrival: [String; 3],
    pub departure: [String; 3],
    pub cutoffs: Vec<(String, String)>,
    pub omitted: bool,
}

/// Calls as rows: each voyage's together, in port order (by sequence, then by the best
/// time known, since a call made from an event has no sequence yet).
pub fn calls(t: T, list: &[PortCall]) -> Vec<CallRow> {
    let mut voyages: Vec<(&str, &str)> = Vec::new();
    for p in list {
        if !voyages.contains(&(p.vessel_imo.as_str(), p.voyage.as_str())) {
            voyages.push((&p.vessel_imo, &p.voyage));
        }
    }
    let mut sorted: Vec<&PortCall> = list.iter().collect();
    sorted.sort_by_key(|p| {
        let group = voyages
            .iter()
            .position(|v| *v == (p.vessel_imo.as_str(), p.voyage.as_str()));
        (group, p.seq, p.arrival().or(p.departure()))
    });
    sorted
        .into_iter()
        .map(|p| CallRow {
            location: t.port(&p.location),
            vessel_imo: p.vessel_imo.clone(),
            voyage: p.voyage.clone(),
            arrival: [
                at(p.arrival_planned),
                at(p.arrival_estimated),
                at(p.arrival_actual),
            ],
            departure: [
                at(p.departure_planned),
                at(p.departure_estimated),
                at(p.departure_actual),
            ],
            cutoffs: p
                .cutoffs
                .as_object()
                .map(|o| o.iter().map(|(k, v)| (k.clone(), at(v.as_i64()))).collect())
                .unwrap_or_default(),
            omitted: p.omitted,
        })
        .collect()
}

pub struct PartyRow {
    pub role: String,
    pub id: Uuid,
    pub name: String,
}

pub struct LegRow {
    pub vessel_imo: String,
    pub vessel: String,
    pub voyage: String,
    pub load: String,
    pub discharge: String,
}

pub struct CaseLinkRow {
    pub id: Uuid,
    pub number: String,
    pub subject: String,
    pub status: String,
    pub status_label: String,
}

/// What the console and portal pages share: the row figures, first plan, route and legs.
pub struct Head {
    pub x: ShipmentRow,
    pub first_eta: String,
    pub place_of_receipt: String,
    pub place_of_delivery: String,
    pub legs: Vec<LegRow>,
}

pub async fn head(s: &AppState, c: &Caller, look: &mut Lookup, p: &ShipmentPage) -> Head {
    let x = &p.shipment;
    let mut legs = Vec::new();
    for l in &x.legs {
        legs.push(LegRow {
            vessel: look.vessel(s, &l.vessel_imo).await,
            vessel_imo: l.vessel_imo.clone(),
            voyage: l.voyage.clone(),
            load: l.load.clone(),
            discharge: l.discharge.clone(),
        });
    }
    Head {
        x: look.row(s, c, x).await,
        first_eta: at(x.first_eta),
        place_of_receipt: x.place_of_receipt.clone().unwrap_or_default(),
        place_of_delivery: x.place_of_delivery.clone().unwrap_or_default(),
        legs,
    }
}

#[derive(Template)]
#[template(path = "shipment.html")]
struct Show {
    page: Page,
    h: Head,
    parties: Vec<PartyRow>,
    containers: Vec<ContainerRow>,
    steps: Vec<StepRow>,
    events: Vec<EventRow>,
    calls: Vec<CallRow>,
    notices: Vec<NoticeRow>,
    cases: Vec<CaseLinkRow>,
}

/// Where a portal user who opens the console's address of a shipment goes instead.
fn portal_twin(id: Uuid) -> String {
    format!("/portal/shipments/{id}")
}

/// Active cases whose references name this shipment's B/L, booking or containers.
async fn linked_cases(s: &AppState, c: &Caller, p: &ShipmentPage) -> Vec<CaseLinkRow> {
    let t = T(c.user.language);
    let mut values = vec![
        p.shipment.reference.clone(),
        p.shipment.booking_reference.clone(),
    ];
    values.extend(p.containers.iter().map(|k| k.number.clone()));
    let mut out: Vec<CaseLinkRow> = Vec::new();
    let mut db = s.store().clone();
    for v in values {
        let found = purser_store::cases::active_with_ref(&mut db, None, &v)
            .await
            .unwrap_or_default();
        for k in found {
            if out.iter().any(|o| o.id == k.id)
                || purser_app::cases::get_case(s.store(), &c.ctx, k.id)
                    .await
                    .is_err()
            {
                continue;
            }
            out.push(CaseLinkRow {
                id: k.id,
                number: k.number,
                subject: k.subject,
                status: k.status.as_str().to_string(),
                status_label: t.label("status", k.status.as_str()),
            });
        }
    }
    out
}

pub async fn show(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Path(id): Path<Uuid>,
) -> Response {
    if let Some(r) = staff_gate(&c, false, &portal_twin(id)) {
        return r;
    }
    let p = match timelines::page(s.store(), &c.ctx, id).await {
        Ok(p) => p,
        Err(e) => return failure(e),
    };
    let t = T(c.user.language);
    let mut look = Lookup::default();
    let x = &p.shipment;
    let mut parties = Vec::new();
    for (role, cid) in [
        ("booking", Some(x.customer_id)),
        ("shipper", x.shipper_id),
        ("consignee", x.consignee_id),
        ("notify", x.notify_id),
    ] {
        if let Some(cid) = cid {
            parties.push(PartyRow {
                role: t.label("party", role),
                id: cid,
                name: look.customer(&s, &c, cid).await,
            });
        }
    }
    let cases = linked_cases(&s, &c, &p).await;
    render(&Show {
        page: Page::new(&c, "shipments"),
        h: head(&s, &c, &mut look, &p).await,
        parties,
        steps: steps(t, &p.milestones),
        events: events(t, &p.events),
        calls: calls(t, &p.calls),
        notices: notices(&s, &c, &p.notices, false).await,
        containers: p.containers,
        cases,
    })
}
