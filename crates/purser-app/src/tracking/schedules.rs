//! Vessel schedules in (DCSA Commercial Schedules 1.0.3 JSON, by API or `purser import
//! schedules`): vessels, services and port calls with their planned/estimated/actual
//! times and cut-offs. A new schedule that drops a call the voyage had, or moves a
//! cut-off or an arrival, is a change the shipments on that voyage must hear about.

use super::Affected;
use super::apply::voyage_moved;
use crate::audit::Audit;
use crate::{AppError, Ctx, Result};
use purser_domain::roles::{CustomerScope, Role};
use purser_domain::tracking::changes::Change;
use purser_store::tracking::schedules::{self, Location, PortCall, Vessel};
use purser_store::tracking::shipments;
use purser_store::{Store, Tx, new_id, now_micros};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Clone, Default, PartialEq, Serialize, utoipa::ToSchema)]
pub struct ScheduleReport {
    pub vessels: usize,
    pub port_calls: usize,
    pub voyages: usize,
    pub omitted_calls: usize,
    pub changes: usize,
    pub notices: usize,
    pub warnings: Vec<String>,
}

fn micros(t: Option<jiff::Timestamp>) -> Option<i64> {
    t.map(|t| t.as_microsecond())
}

/// Parses and stores a schedules document; all-or-nothing like events.
pub async fn import(store: &Store, ctx: &Ctx, body: &[u8]) -> Result<ScheduleReport> {
    if !matches!(ctx.actor.role, Role::Admin | Role::Supervisor | Role::Agent) {
        return Err(AppError::Forbidden);
    }
    let parsed = purser_dcsa::parse_schedules(body)
        .map_err(|problems| AppError::Invalid(super::ingest::listed(problems)))?;
    let mut tx = store.begin().await?;
    let mut report = ScheduleReport {
        warnings: parsed
            .warnings
            .iter()
            .map(|w| format!("{}: {}", w.path, w.message))
            .collect(),
        ..Default::default()
    };
    let now = now_micros();
    let vessels: Vec<Vessel> = parsed
        .vessels
        .iter()
        .map(|v| Vessel {
            imo: v.imo.clone(),
            name: v.name.clone().unwrap_or_else(|| v.imo.clone()),
            flag: v.flag.clone(),
            call_sign: v.call_sign.clone(),
            operator: v.operator_carrier_code.clone(),
            updated_at: now,
        })
        .collect();
    schedules::upsert_vessels(&mut tx, &vessels).await?;
    report.vessels = vessels.len();
    let mut by_voyage: BTreeMap<(String, String), Vec<&purser_dcsa::PortCall>> = BTreeMap::new();
    for c in &parsed.port_calls {
        by_voyage
            .entry((c.vessel_imo.clone(), c.voyage.clone()))
            .or_default()
            .push(c);
    }
    let places: Vec<Location> = parsed
        .port_calls
        .iter()
        .map(|c| Location {
            code: c.un_location.clone(),
            name: c.un_location.clone(),
            time_zone: None,
        })
        .collect();
    schedules::add_locations(&mut tx, &places).await?;
    let mut affected = Vec::new();
    for ((imo, voyage), calls) in &by_voyage {
        let (a, omitted) = import_voyage(&mut tx, imo, voyage, calls, &mut report).await?;
        report.omitted_calls += omitted;
        affected.extend(a);
    }
    report.voyages = by_voyage.len();
    report.changes = affected.len();
    report.notices = super::notices::announce(&mut tx, &affected).await?;
    let n = report.port_calls;
    Audit::that(ctx)
        .did("import")
        .on("schedules", new_id())
        .after(&serde_json::json!({ "voyages": report.voyages, "port_calls": n }))
        .write(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(report)
}

async fn import_voyage(
    tx: &mut Tx,
    imo: &str,
    voyage: &str,
    calls: &[&purser_dcsa::PortCall],
    report: &mut ScheduleReport,
) -> Result<(Vec<Affected>, usize)> {
    let before: HashMap<String, PortCall> = schedules::voyage_calls(tx, imo, voyage)
        .await?
        .into_iter()
        .map(|c| (c.location.clone(), c))
        .collect();
    let now = now_micros();
    let mut rows: Vec<PortCall> = calls
        .iter()
        .map(|c| PortCall {
            id: new_id(),
            vessel_imo: imo.to_string(),
            voyage: voyage.to_string(),
            service_code: c.service_code.clone(),
            location: c.un_location.clone(),
            seq: c.sequence,
            arrival_planned: micros(c.arrival.planned),
            arrival_estimated: micros(c.arrival.estimated),
            arrival_actual: micros(c.arrival.actual),
            departure_planned: micros(c.departure.planned),
            departure_estimated: micros(c.departure.estimated),
            departure_actual: micros(c.departure.actual),
            cutoffs: serde_json::Value::Object(
                c.cutoffs
                    .iter()
                    .map(|(k, t)| (k.clone(), t.as_microsecond().into()))
                    .collect(),
            ),
            omitted: false,
            updated_at: now,
        })
        .collect();
    // a call the voyage had that the new schedule leaves out is omitted
    let mut omitted = Vec::new();
    for (loc, old) in &before {
        if !old.omitted && !rows.iter().any(|r| &r.location == loc) {
            let mut gone = old.clone();
            gone.omitted = true;
            gone.updated_at = now;
            omitted.push(loc.clone());
            rows.push(gone);
        }
    }
    schedules::upsert_port_calls(tx, &rows).await?;
    report.port_calls += calls.len();
    let (mut affected, _) = voyage_moved(tx, imo, voyage, &before).await?;
    let on_board = shipments::on_voyage(tx, imo, voyage, &CustomerScope::All).await?;
    for port in &omitted {
        let scope = format!("{imo}/{voyage}/{port}");
        for s in on_board
            .iter()
            .filter(|s| &s.port_of_loading == port || &s.port_of_discharge == port)
        {
            affected.push(Affected::new(
                s.id,
                &scope,
                Change::PortOmitted { port: port.clone() },
            ));
        }
    }
    for r in rows.iter().filter(|r| !r.omitted) {
        let Some(old) = before.get(&r.location) else {
            continue;
        };
        let scope = format!("{imo}/{voyage}/{}", r.location);
        for (kind, at) in r.cutoffs.as_object().into_iter().flatten() {
            let (Some(new), Some(was)) =
                (at.as_i64(), old.cutoffs.get(kind).and_then(|v| v.as_i64()))
            else {
                continue;
            };
            if new == was {
                continue;
            }
            for s in on_board.iter().filter(|s| s.port_of_loading == r.location) {
                affected.push(Affected::new(
                    s.id,
                    &scope,
                    Change::CutOffChanged {
                        kind: kind.clone(),
                        from: super::ts(was),
                        to: super::ts(new),
                    },
                ));
            }
        }
    }
    Ok((affected, omitted.len()))
}
