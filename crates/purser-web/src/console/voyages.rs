//! The vessel voyage page: the vessel, its calls (planned, estimated and actual arrival
//! and departure, cut-offs, omitted calls) and everything on board with customer, status
//! and ETA.

use super::shipment_page::{CallRow, calls};
use super::shipments::{Lookup, ShipmentRow};
use super::{Page, failure, render, staff_gate};
use crate::auth::PageCaller;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use purser_app::tracking::shipments as ship;
use purser_store::tracking::schedules::Vessel;

#[derive(Template)]
#[template(path = "voyage.html")]
struct Show {
    page: Page,
    imo: String,
    voyage: String,
    vessel: Option<Vessel>,
    calls: Vec<CallRow>,
    rows: Vec<ShipmentRow>,
}

pub async fn show(
    State(s): State<AppState>,
    PageCaller(c): PageCaller,
    Path((imo, voyage)): Path<(String, String)>,
) -> Response {
    if let Some(r) = staff_gate(&c, false, "/portal/shipments") {
        return r;
    }
    let p = match ship::voyage(s.store(), &c.ctx, &imo, &voyage).await {
        Ok(p) => p,
        Err(e) => return failure(e),
    };
    let rows = Lookup::default().rows(&s, &c, &p.shipments).await;
    render(&Show {
        page: Page::new(&c, "shipments"),
        calls: calls(crate::i18n::T(c.user.language), &p.calls),
        vessel: p.vessel,
        voyage: p.voyage,
        imo,
        rows,
    })
}
