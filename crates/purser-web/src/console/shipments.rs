//! The shipment list of the console: filters (customer, status, delayed, vessel, port) and
//! a search box that takes any reference, one page at a time in the API's cursor style.
//! Also the row every shipment table shows (here, on the voyage page, the case page and
//! the portal) and the words for times, statuses and slips the tracking pages share.

use super::{Opt, Page, failure, opts, render, staff_gate, when};
use crate::auth::{Caller, PageCaller};
use crate::i18n::T;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use purser_app::book;
use purser_app::tracking::{shipments as ship, timelines};
use purser_store::tracking::shipments::Shipment;
use std::collections::HashMap;
use uuid::Uuid;

/// Shipment statuses: booked, then the milestones a timeline reaches.
pub const STATUSES: &[&str] = &[
    "booked",
    "booking_confirmed",
    "documents_drafted",
    "gate_in",
    "loaded",
    "departed",
    "transhipped",
    "arrived",
    "discharged",
    "document_issued",
    "gate_out",
    "delivered",
    "on_hold",
    "released",
];

const PAGE_SIZE: u64 = 50;

/// "+30 h", "-2 h", "+1.5 h": a slip in hours, signed.
pub fn slip_text(minutes: i64) -> String {
    if minutes == 0 {
        return "0 h".into();
    }
    let sign = if minutes > 0 { "+" } else { "-" };
    let m = minutes.abs();
    if m % 60 == 0 {
        format!("{sign}{} h", m / 60)
    } else {
        format!("{sign}{:.1} h", m as f64 / 60.0)
    }
}

/// A time as the tracking pages show it ("" when unknown).
pub fn at(micros: Option<i64>) -> String {
    micros.map(when).unwrap_or_default()
}

/// One shipment as the tables show it.
pub struct ShipmentRow {
    pub id: Uuid,
    pub reference: String,
    pub booking: String,
    pub customer_id: Uuid,
    pub customer: String,
    pub pol: String,
    pub pod: String,
    pub vessel_imo: String,
    pub vessel: String,
    pub voyage: String,
    pub status: String,
    pub status_label: String,
    pub eta: String,
    /// ACT, EST or PLN (empty when no ETA is known).
    pub eta_class: String,
    pub eta_class_label: String,
    pub slip: String,
    pub delayed: bool,
}

/// Names for shipment rows (customers as the caller may see them, vessels), each looked
/// up once per page.
#[derive(Default)]
pub struct Lookup {
    customers: HashMap<Uuid, String>,
    vessels: HashMap<String, String>,
}

impl Lookup {
    pub async fn customer(&mut self, s: &AppState, c: &Caller, id: Uuid) -> String {
        if let Some(n) = self.customers.get(&id) {
            return n.clone();
        }
        let name = book::get_customer(s.store(), &c.ctx, id)
            .await
            .map(|cu| cu.legal_name)
            .unwrap_or_else(|_| "—".into());
        self.customers.insert(id, name.clone());
        name
    }

    /// The vessel's name, or its IMO number when the schedules do not name it.
    pub async fn vessel(&mut self, s: &AppState, imo: &str) -> String {
        if let Some(n) = self.vessels.get(imo) {
            return n.clone();
        }
        let name = purser_store::tracking::schedules::vessel(&mut s.store().clone(), imo)
            .await
            .ok()
            .flatten()
            .map_or_else(|| imo.to_string(), |v| v.name);
        self.vessels.insert(imo.to_string(), name.clone());
        name
    }

    pub async fn row(&mut self, s: &AppState, c: &Caller, x: &Shipment) -> ShipmentRow {
        let t = T(c.user.language);
        let imo = x.vessel_imo.clone().unwrap_or_default();
        let vessel = if imo.is_empty() {
            String::new()
        } else {
            self.vessel(s, &imo).await
        };
        let eta_class = x.eta.and(x.eta_classifier.clone()).unwrap_or_default();
        ShipmentRow {
            id: x.id,
            reference: x.reference.clone(),
            booking: x.booking_reference.clone(),
            customer_id: x.customer_id,
            customer: self.customer(s, c, x.customer_id).await,
            pol: t.port(&x.port_of_loading),
            pod: t.port(&x.port_of_discharge),
            vessel_imo: imo,
            vessel,
            voyage: x.voyage.clone().unwrap_or_default(),
            status_label: t.label("ms", &x.status),
            status: x.status.clone(),
            eta: at(x.eta),
            eta_class_label: t.label("cls", &eta_class),
            eta_class,
            slip: slip_text(x.slip_minutes),
            delayed: x.delayed,
        }
    }

    pub async fn rows(&mut self, s: &AppState, c: &Caller, list: &[Shipment]) -> Vec<ShipmentRow> {
        let mut out = Vec::with_capacity(list.len());
        for x in list {
            out.push(self.row(s, c, x).await);
        }
        out
    }
}

/// The cursor of the page after `items`, as the API writes it ("created_at:id").
pub fn next_cursor(items: &[Shipment], limit: u64) -> Option<String> {
    (items.len() as u64 == limit)
        .then(|| items.last())
        .flatten()
        .map(|l| URL_SAFE_NO_PAD.encode(format!("{}:{}", l.created_at, l.id)))
}

/// The shipments any of these references finds (container, B/L, booking), for the case
/// page; each shipment once.
pub async fn linked(s: &AppState, c: &Caller, values: &[String]) -> Vec<ShipmentRow> {
    let mut found: Vec<Shipment> = Vec::new();
    for v in values {
        for x in timelines::find(s.store(), &c.ctx, v)
            .await
            .unwrap_or_default()
        {
            if !found.iter().any(|f| f.id == x.id) {
                found.push(x);
            }
        }
    }
    Lookup::default().rows(s, c, &found).await
}

#[derive(Template)]
#[template(path = "shipments.html")]
struct List {
    page: Page,
    /// The filters as typed.
    q: String,
    customer: String,
    delayed: bool,
    vessel_imo: String,
    voyage: String,
    port: String,
    statuses: Vec<Opt>,
    rows: Vec<ShipmentRow>,
    /// Found by reference (no paging, filters not applied).
    searched: bool,
    errors: Vec<(String, String)>,
    next_link: Option<String>,
    first_link: String,
    has_prev: bool,
}

pub async fn list(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    if let Some(r) = staff_gate(&c, false, "/portal/shipments") {
        return r;
    }
    let t = T(c.user.language);
    let get = |k: &str| {
        params
            .get(k)
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    let mut errors = Vec::new();
    // the customer picker takes a number (C-000123), a name from the datalist, or an id
    let mut api = params.clone();
    api.remove("customer");
    match super::cases::resolve_customer(&s, &c, &get("customer")).await {
        Ok(Some(id)) => {
            api.insert("customer_id".into(), id.to_string());
        }
        Ok(None) => {}
        Err(_) => errors.push(("customer".into(), t.s("no_such_customer").to_string())),
    }
    api.insert("limit".into(), PAGE_SIZE.to_string());
    let q = get("q");
    let searched = !q.is_empty();
    let (items, next) = if searched {
        match timelines::find(s.store(), &c.ctx, &q).await {
            Ok(found) => (found, None),
            Err(e) => return failure(e),
        }
    } else {
        match crate::api::tracking::parse_filter(&api) {
            Ok(f) if errors.is_empty() => match ship::list(s.store(), &c.ctx, &f).await {
                Ok(items) => {
                    let next = next_cursor(&items, f.limit);
                    (items, next)
                }
                Err(e) => return failure(e),
            },
            Ok(_) => (vec![], None),
            Err(e) => {
                errors.extend(e.errors.into_iter().map(|f| (f.field, f.message)));
                (vec![], None)
            }
        }
    };
    let base: Vec<(String, String)> = [
        "q",
        "customer",
        "status",
        "delayed",
        "vessel_imo",
        "voyage",
        "port",
    ]
    .iter()
    .map(|k| (k.to_string(), get(k)))
    .filter(|(_, v)| !v.is_empty())
    .collect();
    let link = |cursor: Option<String>| {
        let mut pairs = base.clone();
        if let Some(c) = cursor {
            pairs.push(("cursor".into(), c));
        }
        format!(
            "/shipments?{}",
            serde_urlencoded::to_string(&pairs).unwrap_or_default()
        )
    };
    let rows = Lookup::default().rows(&s, &c, &items).await;
    render(&List {
        page: Page::new(&c, "shipments"),
        statuses: opts(
            STATUSES.iter().map(|x| (*x, t.label("ms", x))),
            &get("status"),
        ),
        delayed: get("delayed") == "true",
        customer: get("customer"),
        vessel_imo: get("vessel_imo"),
        voyage: get("voyage"),
        port: get("port"),
        next_link: next.map(|n| link(Some(n))),
        first_link: link(None),
        has_prev: params.contains_key("cursor"),
        searched,
        errors,
        rows,
        q,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slip_reads_in_signed_hours() {
        assert_eq!(slip_text(0), "0 h");
        assert_eq!(slip_text(30 * 60), "+30 h");
        assert_eq!(slip_text(-120), "-2 h");
        assert_eq!(slip_text(90), "+1.5 h");
    }

    #[test]
    fn every_status_has_words_in_both_languages() {
        use purser_domain::customers::Language;
        for s in STATUSES {
            let key = format!("ms.{s}");
            assert_ne!(T(Language::En).s(&key), "?", "{key}");
            assert_ne!(T(Language::ZhTw).s(&key), "?", "{key}");
        }
    }
}
