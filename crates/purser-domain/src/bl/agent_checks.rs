//! What a careful senior agent checks besides the schema and DCSA's rules, against what
//! Purser knows about the shipment ([`Context`]): container check digits, ports given as
//! UN/LOCODEs, weights and package counts that agree with the booking and the VGM, lines
//! that fit a printed B/L, the on-board/received date of an issued document, and, when the
//! shipment is paid by letter of credit, the credit's terms.
//!
//! Most are warnings: DCSA accepts containers outside ISO 6346 (its own samples use one
//! with a wrong check digit) and a booking's figures are estimates. Errors are kept for what
//! cannot be right: cargo heavier than the container's verified gross mass, an issued B/L
//! with both or neither date, and a B/L that breaks the letter of credit it is made for
//! (the bank refuses it, the costliest mistake of all).

use super::cargo::{UtilizedTransportEquipment, Weight};
use super::document::{Location, TransportDocument};
use super::findings::{Findings, Rule};
use super::parties::Party;
use crate::ids::{ContainerNumber, IdError};
use crate::names::company_key;
use jiff::civil::Date;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Figures from elsewhere in Purser that the document must agree with; all optional.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Context {
    pub booking: Option<BookingFigures>,
    /// Verified gross mass per container number (SOLAS VGM: cargo, packing and tare).
    pub vgm: BTreeMap<String, Weight>,
    pub letter_of_credit: Option<LetterOfCredit>,
}

/// The booking's totals for the whole shipment.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BookingFigures {
    pub gross_weight: Option<Weight>,
    pub packages: Option<u32>,
}

/// The terms of a documentary credit that the B/L must satisfy.
#[derive(Debug, Clone, PartialEq)]
pub struct LetterOfCredit {
    pub consignee: LcConsignee,
    /// The buyer who opened the credit; credits ask for them as the notify party.
    pub applicant: String,
    pub latest_shipment_date: Option<Date>,
    /// Originals required ("full set 3/3").
    pub originals: Option<u32>,
}

/// How the credit wants the consignee box made out.
#[derive(Debug, Clone, PartialEq)]
pub enum LcConsignee {
    /// "To order" (blank): a to-order B/L without consignee or endorsee.
    ToOrder,
    /// "To order of (a bank)": a to-order B/L with the bank as endorsee (DCSA has no
    /// consignee on a to-order B/L, so the bank's name travels as the endorsee).
    ToOrderOf(String),
    /// A straight B/L to this consignee.
    Named(String),
}

/// A cargo total differing from the VGM or the booking by more than this share is flagged.
/// Many VGM regimes allow about ±5%, and a booking's weight is an estimate.
pub const WEIGHT_TOLERANCE_PERCENT: u32 = 5;

/// The width of a B/L's party and description boxes, in characters.
pub const PRINTED_LINE: usize = 35;

pub fn check(doc: &TransportDocument, ctx: &Context) -> Findings {
    let mut out = Findings::new();
    containers(doc, &mut out);
    ports(doc, &mut out);
    weights(doc, ctx, &mut out);
    printed_lines(doc, &mut out);
    dates(doc, &mut out);
    if let Some(lc) = &ctx.letter_of_credit {
        letter_of_credit(doc, lc, &mut out);
    }
    out
}

fn equipment_path(i: usize, e: &UtilizedTransportEquipment) -> String {
    format!("/utilizedTransportEquipments/{i}{}", e.reference_path())
}

fn containers(doc: &TransportDocument, out: &mut Findings) {
    for (i, e) in doc.utilized_transport_equipments.iter().enumerate() {
        let Some(r) = e.reference() else { continue };
        match ContainerNumber::parse(r) {
            Ok(_) => {}
            Err(IdError::ContainerCheckDigit { expected }) => {
                out.warning(equipment_path(i, e), Rule::ContainerCheckDigit)
                    .with("equipment", r)
                    .with("expected", expected);
            }
            Err(_) => {
                out.warning(equipment_path(i, e), Rule::ContainerNotIso6346)
                    .with("equipment", r);
            }
        }
    }
}

fn ports(doc: &TransportDocument, out: &mut Findings) {
    let Some(t) = &doc.transports else { return };
    for (name, place) in [
        ("placeOfReceipt", &t.place_of_receipt),
        ("portOfLoading", &t.port_of_loading),
        ("portOfDischarge", &t.port_of_discharge),
        ("placeOfDelivery", &t.place_of_delivery),
    ] {
        if let Some(p) = place
            && p.un_location_code.is_none()
        {
            out.warning(
                format!("/transports/{name}/UNLocationCode"),
                Rule::PortWithoutUnLocode,
            );
        }
    }
    let code = |l: &Option<Location>| l.as_ref().and_then(|l| l.un_location_code.clone());
    if let Some(pol) = code(&t.port_of_loading)
        && code(&t.port_of_discharge).as_ref() == Some(&pol)
    {
        out.warning(
            "/transports/portOfDischarge/UNLocationCode",
            Rule::SamePortOfLoadingAndDischarge,
        )
        .with("port", pol);
    }
}

fn beyond_tolerance(actual: Decimal, expected: Decimal) -> bool {
    (actual - expected).abs() * Decimal::ONE_HUNDRED
        > expected.abs() * Decimal::from(WEIGHT_TOLERANCE_PERCENT)
}

fn weights(doc: &TransportDocument, ctx: &Context, out: &mut Findings) {
    let mut per_container: BTreeMap<&str, Decimal> = BTreeMap::new();
    let mut total = Decimal::ZERO;
    let mut packages: u64 = 0;
    for item in &doc.consignment_items {
        for cargo in &item.cargo_items {
            let kg = cargo
                .cargo_gross_weight
                .map(|w| w.in_kg())
                .unwrap_or_default();
            total += kg;
            if let Some(r) = cargo.equipment_reference.as_deref() {
                *per_container.entry(r).or_default() += kg;
            }
            packages += cargo
                .outer_packaging
                .as_ref()
                .and_then(|o| o.number_of_packages)
                .map_or(0, u64::from);
        }
    }
    for (i, e) in doc.utilized_transport_equipments.iter().enumerate() {
        let Some(r) = e.reference() else { continue };
        let Some(vgm) = ctx.vgm.get(r).map(Weight::in_kg) else {
            continue;
        };
        let cargo = per_container.get(r).copied().unwrap_or_default();
        let tare = e
            .equipment
            .as_ref()
            .and_then(|q| q.tare_weight)
            .map(|w| w.in_kg());
        if cargo > vgm {
            out.error(equipment_path(i, e), Rule::CargoHeavierThanVgm)
                .with("equipment", r)
                .with("cargo_kg", cargo.round_dp(3).normalize())
                .with("vgm_kg", vgm.round_dp(3).normalize());
        } else if let Some(tare) = tare
            && beyond_tolerance(cargo + tare, vgm)
        {
            out.warning(equipment_path(i, e), Rule::VgmMismatch)
                .with("equipment", r)
                .with("cargo_kg", cargo.round_dp(3).normalize())
                .with("tare_kg", tare.round_dp(3).normalize())
                .with("vgm_kg", vgm.round_dp(3).normalize())
                .with("tolerance_percent", WEIGHT_TOLERANCE_PERCENT);
        }
    }
    let Some(booking) = &ctx.booking else { return };
    if let Some(booked) = booking.gross_weight.map(|w| w.in_kg())
        && beyond_tolerance(total, booked)
    {
        out.warning("/consignmentItems", Rule::BookingWeightMismatch)
            .with("cargo_kg", total.round_dp(3).normalize())
            .with("booking_kg", booked.round_dp(3).normalize())
            .with("tolerance_percent", WEIGHT_TOLERANCE_PERCENT);
    }
    if let Some(booked) = booking.packages
        && packages != u64::from(booked)
    {
        out.warning("/consignmentItems", Rule::BookingPackagesMismatch)
            .with("packages", packages)
            .with("booking_packages", booked);
    }
}

/// Without a `displayedAddress`, a party's address is printed from its address lines or
/// its street, and a line longer than the box wraps or is cut on paper.
fn printed_lines(doc: &TransportDocument, out: &mut Findings) {
    let Some(parties) = &doc.document_parties else {
        return;
    };
    let mut each = |path: String, party: &Party| {
        if !party.displayed_address.is_empty() {
            return;
        }
        for (i, line) in party.address_lines.iter().enumerate() {
            long_line(out, format!("{path}/addressLines/{i}"), line);
        }
        if let Some(a) = &party.address {
            let street = [a.street.as_deref(), a.street_number.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            long_line(out, format!("{path}/address/street"), &street);
        }
    };
    for (name, party) in [
        ("shipper", &parties.shipper),
        ("consignee", &parties.consignee),
        ("endorsee", &parties.endorsee),
    ] {
        if let Some(p) = party {
            each(format!("/documentParties/{name}"), p);
        }
    }
    for (i, p) in parties.notify_parties.iter().enumerate() {
        each(format!("/documentParties/notifyParties/{i}"), p);
    }
}

fn long_line(out: &mut Findings, path: String, line: &str) {
    let len = line.chars().count();
    if len > PRINTED_LINE {
        out.warning(path, Rule::PrintedLineTooLong)
            .with("max", PRINTED_LINE)
            .with("actual", len);
    }
}

/// An issued B/L says either when the goods were loaded or when they were received, never
/// both and never neither (DCSA; UCP 600 reads the date as the date of shipment).
fn dates(doc: &TransportDocument, out: &mut Findings) {
    let on_board = doc.shipped_on_board_date.is_some();
    let received = doc.received_for_shipment_date.is_some();
    if on_board && received {
        out.error(
            "/receivedForShipmentDate",
            Rule::BothOnBoardAndReceivedDates,
        );
    } else if doc.is_issued() && !on_board && !received {
        let field = if doc.is_shipped_on_board_type == Some(false) {
            "/receivedForShipmentDate"
        } else {
            "/shippedOnBoardDate"
        };
        out.error(field, Rule::IssuedWithoutDate);
    }
    match doc.is_shipped_on_board_type {
        Some(true) if received && !on_board => {
            out.warning("/receivedForShipmentDate", Rule::DateKindMismatch);
        }
        Some(false) if on_board && !received => {
            out.warning("/shippedOnBoardDate", Rule::DateKindMismatch);
        }
        _ => {}
    }
    if doc.is_issued() && doc.issue_date.is_none() {
        out.warning("/issueDate", Rule::IssuedWithoutIssueDate);
    }
}

/// Compares a party name with the name the credit gives: a different company is an error;
/// the same company spelt differently ("Co., Ltd." for "Company Limited") is a warning,
/// as some banks refuse even that.
fn same_name(out: &mut Findings, path: String, rule: Rule, actual: &str, expected: &str) {
    if company_key(actual) != company_key(expected) {
        out.error(path, rule)
            .with("expected", expected)
            .with("actual", actual);
    } else if actual.trim() != expected.trim() {
        out.warning(path, rule)
            .with("expected", expected)
            .with("actual", actual);
    }
}

fn letter_of_credit(doc: &TransportDocument, lc: &LetterOfCredit, out: &mut Findings) {
    let parties = doc.document_parties.as_ref();
    let consignee = parties.and_then(|p| p.consignee.as_ref());
    let endorsee = parties.and_then(|p| p.endorsee.as_ref());
    let name = |p: Option<&Party>| p.and_then(|p| p.party_name.clone()).unwrap_or_default();
    match &lc.consignee {
        LcConsignee::ToOrder | LcConsignee::ToOrderOf(_) if !doc.is_to_order() => {
            out.error("/isToOrder", Rule::LcConsigneeForm)
                .with("expected", "to_order");
        }
        LcConsignee::ToOrder if endorsee.is_some() => {
            out.error("/documentParties/endorsee", Rule::LcConsigneeForm)
                .with("expected", "to_order");
        }
        LcConsignee::ToOrderOf(bank) => same_name(
            out,
            "/documentParties/endorsee/partyName".into(),
            Rule::LcConsigneeForm,
            &name(endorsee),
            bank,
        ),
        LcConsignee::Named(_) if doc.is_to_order() => {
            out.error("/isToOrder", Rule::LcConsigneeForm)
                .with("expected", "named");
        }
        LcConsignee::Named(who) => same_name(
            out,
            "/documentParties/consignee/partyName".into(),
            Rule::LcConsigneeForm,
            &name(consignee),
            who,
        ),
        LcConsignee::ToOrder => {}
    }
    let first_notify = parties.and_then(|p| p.notify_parties.first());
    same_name(
        out,
        "/documentParties/notifyParties/0/partyName".into(),
        Rule::LcNotifyApplicant,
        &name(first_notify),
        &lc.applicant,
    );
    match (doc.shipped_on_board_date, lc.latest_shipment_date) {
        (Some(shipped), Some(latest)) if shipped > latest => {
            out.error("/shippedOnBoardDate", Rule::LcLatestShipmentDate)
                .with("latest", latest)
                .with("actual", shipped);
        }
        (None, _) if doc.is_issued() => {
            out.error("/shippedOnBoardDate", Rule::LcOnBoardDateMissing);
        }
        _ => {}
    }
    if let Some(required) = lc.originals
        && doc.is_bill_of_lading()
        && doc.originals() != required
    {
        out.error("/numberOfOriginalsWithCharges", Rule::LcOriginals)
            .with("expected", required)
            .with("actual", doc.originals());
    }
}
