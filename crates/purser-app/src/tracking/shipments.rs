//! Bookings and shipments as integrators and agents create them, the shipment list with
//! its filters, and the vessel voyage page (everything on board).

use crate::audit::Audit;
use crate::{AppError, Ctx, Result};
use purser_domain::ids::{ContainerNumber, ImoNumber, UnLocode};
use purser_domain::roles::{CustomerScope, Role};
use purser_domain::validation::Problems;
use purser_store::tracking::schedules::{self, PortCall, Vessel};
use purser_store::tracking::shipments::{
    self, Container, Leg, NewBooking, NewShipment, Shipment, ShipmentFilter,
};
use purser_store::{Store, new_id, now_micros};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShipmentInput {
    /// Transport document (B/L) reference.
    pub reference: String,
    pub booking_reference: String,
    /// The booking party.
    pub customer_id: Uuid,
    pub shipper_id: Option<Uuid>,
    pub consignee_id: Option<Uuid>,
    pub notify_id: Option<Uuid>,
    /// UN/LOCODE.
    #[schema(pattern = "^[A-Za-z]{2} ?[A-Za-z2-9]{3}$")]
    pub place_of_receipt: Option<String>,
    /// UN/LOCODE.
    #[schema(pattern = "^[A-Za-z]{2} ?[A-Za-z2-9]{3}$")]
    pub port_of_loading: String,
    /// UN/LOCODE.
    #[schema(pattern = "^[A-Za-z]{2} ?[A-Za-z2-9]{3}$")]
    pub port_of_discharge: String,
    /// UN/LOCODE.
    #[schema(pattern = "^[A-Za-z]{2} ?[A-Za-z2-9]{3}$")]
    pub place_of_delivery: Option<String>,
    #[serde(default)]
    pub legs: Vec<Leg>,
    #[serde(default)]
    pub containers: Vec<Container>,
    /// First planned arrival at the port of discharge (RFC 3339 with zone).
    #[schema(value_type = Option<String>, format = DateTime)]
    pub planned_arrival: Option<jiff::Timestamp>,
}

fn locode(p: &mut Problems, field: &str, v: &str) -> String {
    match UnLocode::parse(v) {
        Ok(l) => l.to_string(),
        Err(e) => {
            p.add(field, e.to_string());
            v.to_string()
        }
    }
}

fn require_desk(ctx: &Ctx) -> Result<()> {
    match ctx.actor.role {
        Role::Admin | Role::Supervisor | Role::Agent => Ok(()),
        _ => Err(AppError::Forbidden),
    }
}

/// Checks and normalises a shipment: UN/LOCODEs, IMO and ISO 6346 check digits, references.
pub fn check(input: &ShipmentInput) -> Result<NewShipment> {
    let mut p = Problems::new();
    p.text("reference", &input.reference, true, 35);
    p.text("booking_reference", &input.booking_reference, true, 35);
    let pol = locode(&mut p, "port_of_loading", &input.port_of_loading);
    let pod = locode(&mut p, "port_of_discharge", &input.port_of_discharge);
    let por = input
        .place_of_receipt
        .as_deref()
        .map(|v| locode(&mut p, "place_of_receipt", v));
    let pld = input
        .place_of_delivery
        .as_deref()
        .map(|v| locode(&mut p, "place_of_delivery", v));
    let mut legs = Vec::new();
    for (i, l) in input.legs.iter().enumerate() {
        let imo = match ImoNumber::parse(&l.vessel_imo) {
            Ok(v) => v.to_string(),
            Err(e) => {
                p.add(format!("legs[{i}].vessel_imo"), e.to_string());
                l.vessel_imo.clone()
            }
        };
        p.text(&format!("legs[{i}].voyage"), &l.voyage, true, 50);
        legs.push(Leg {
            vessel_imo: imo,
            voyage: l.voyage.trim().to_string(),
            load: locode(&mut p, &format!("legs[{i}].load"), &l.load),
            discharge: locode(&mut p, &format!("legs[{i}].discharge"), &l.discharge),
        });
    }
    let mut containers = Vec::new();
    for (i, c) in input.containers.iter().enumerate() {
        let number = match ContainerNumber::parse(&c.number) {
            Ok(n) => n.to_string(),
            Err(e) => {
                p.add(format!("containers[{i}].number"), e.to_string());
                c.number.clone()
            }
        };
        if c.iso_code.trim().len() != 4 {
            p.add(
                format!("containers[{i}].iso_code"),
                "must be a 4-character ISO 6346 size/type code",
            );
        }
        if !matches!(c.fill.as_str(), "EMPTY" | "LADEN") {
            p.add(format!("containers[{i}].fill"), "must be EMPTY or LADEN");
        }
        containers.push(Container {
            number,
            iso_code: c.iso_code.trim().to_uppercase(),
            seals: c.seals.clone(),
            fill: c.fill.clone(),
        });
    }
    p.into_result()?;
    Ok(NewShipment {
        id: new_id(),
        reference: input.reference.trim().to_uppercase(),
        booking_reference: input.booking_reference.trim().to_uppercase(),
        customer_id: input.customer_id,
        shipper_id: input.shipper_id,
        consignee_id: input.consignee_id,
        notify_id: input.notify_id,
        place_of_receipt: por,
        port_of_loading: pol,
        port_of_discharge: pod,
        place_of_delivery: pld,
        legs,
        containers,
        first_eta: input.planned_arrival.map(|t| t.as_microsecond()),
        created_at: now_micros(),
    })
}

pub async fn create(store: &Store, ctx: &Ctx, input: &ShipmentInput) -> Result<Shipment> {
    require_desk(ctx)?;
    let s = check(input)?;
    let mut tx = store.begin().await?;
    for (field, c) in [
        ("customer_id", Some(s.customer_id)),
        ("shipper_id", s.shipper_id),
        ("consignee_id", s.consignee_id),
        ("notify_id", s.notify_id),
    ] {
        if let Some(c) = c
            && purser_store::customers::get(&mut tx, c, &CustomerScope::All)
                .await
                .is_err()
        {
            return Err(AppError::field(field, "no such customer"));
        }
    }
    if shipments::by_reference(&mut tx, &s.reference, &CustomerScope::All)
        .await?
        .is_some()
    {
        return Err(AppError::field(
            "reference",
            "a shipment with this reference exists",
        ));
    }
    if shipments::booking(&mut tx, &s.booking_reference)
        .await?
        .is_none()
    {
        shipments::insert_bookings(
            &mut tx,
            &[NewBooking {
                id: new_id(),
                reference: s.booking_reference.clone(),
                customer_id: s.customer_id,
                status: "CONFIRMED".into(),
                requested_equipment: serde_json::json!([]),
                confirmed_equipment: serde_json::json!([]),
                cutoffs: serde_json::json!({}),
            }],
        )
        .await?;
    }
    shipments::insert(&mut tx, std::slice::from_ref(&s)).await?;
    let row = shipments::get(&mut tx, s.id, &CustomerScope::All).await?;
    Audit::that(ctx)
        .did("create")
        .on("shipment", s.id)
        .for_customer(s.customer_id)
        .after(&row)
        .write(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(row)
}

pub async fn list(store: &Store, ctx: &Ctx, f: &ShipmentFilter) -> Result<Vec<Shipment>> {
    if ctx.actor.role == Role::Department {
        return Err(AppError::Forbidden);
    }
    Ok(shipments::list(&mut store.clone(), f, &ctx.actor.customer_scope()).await?)
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct VoyagePage {
    pub vessel: Option<Vessel>,
    pub voyage: String,
    pub calls: Vec<PortCall>,
    /// Everything on board (or planned to be), as far as the caller may see.
    pub shipments: Vec<Shipment>,
}

pub async fn voyage(store: &Store, ctx: &Ctx, imo: &str, voyage: &str) -> Result<VoyagePage> {
    if ctx.actor.role == Role::Department {
        return Err(AppError::Forbidden);
    }
    let mut db = store.clone();
    let calls = schedules::voyage_calls(&mut db, imo, voyage).await?;
    let scope = ctx.actor.customer_scope();
    let on_board = shipments::on_voyage(&mut db, imo, voyage, &scope).await?;
    if !matches!(scope, CustomerScope::All) && on_board.is_empty() {
        return Err(AppError::NotFound);
    }
    if calls.is_empty() && on_board.is_empty() {
        return Err(AppError::NotFound);
    }
    Ok(VoyagePage {
        vessel: schedules::vessel(&mut db, imo).await?,
        voyage: voyage.to_string(),
        calls,
        shipments: on_board,
    })
}

/// Sets a customer's ETA-slip threshold (hours) for proactive notices.
pub async fn set_threshold(store: &Store, ctx: &Ctx, customer: Uuid, hours: i64) -> Result<()> {
    require_desk(ctx)?;
    if !(1..=720).contains(&hours) {
        return Err(AppError::field(
            "eta_threshold_hours",
            "must be 1 to 720 hours",
        ));
    }
    let mut tx = store.begin().await?;
    purser_store::customers::get(&mut tx, customer, &CustomerScope::All).await?;
    shipments::set_threshold(&mut tx, customer, hours).await?;
    Audit::that(ctx)
        .did("update")
        .on("customer", customer)
        .for_customer(customer)
        .after(&serde_json::json!({ "eta_threshold_hours": hours }))
        .write(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(())
}
