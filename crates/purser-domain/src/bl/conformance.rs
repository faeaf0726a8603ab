//! DCSA's conformance rules for the eBL: how the document type, "to order", the parties,
//! the originals and copies, and the cargo-to-container links must agree. These are the
//! rules the DCSA conformance gateway applies; the schema alone cannot say them.
//!
//! One rule is a warning rather than an error: a to-order B/L without a notify party. The
//! schema asks for notify parties on to-order B/Ls, but DCSA's own sample messages omit
//! them, and a carrier can still issue such a B/L (the holder presents it at destination).

use super::document::TransportDocument;
use super::findings::{Findings, Rule};
use std::collections::HashMap;

pub fn check(doc: &TransportDocument) -> Findings {
    let mut out = Findings::new();
    to_order(doc, &mut out);
    originals_and_copies(doc, &mut out);
    equipment_links(doc, &mut out);
    carriers_agent(doc, &mut out);
    out
}

/// "To order" needs a B/L, no consignee and a notify party; a straight B/L or a sea waybill
/// names its consignee; only a to-order B/L is endorsed.
fn to_order(doc: &TransportDocument, out: &mut Findings) {
    let parties = doc.document_parties.as_ref();
    let consignee = parties.and_then(|p| p.consignee.as_ref()).is_some();
    let endorsee = parties.and_then(|p| p.endorsee.as_ref()).is_some();
    let notify = parties.is_some_and(|p| !p.notify_parties.is_empty());
    match doc.is_to_order {
        Some(true) => {
            if doc.is_sea_waybill() {
                out.error("/isToOrder", Rule::ToOrderSeaWaybill);
            }
            if consignee {
                out.error("/documentParties/consignee", Rule::ToOrderConsignee);
            }
            if !notify {
                out.warning("/documentParties/notifyParties", Rule::ToOrderNotifyParty);
            }
        }
        Some(false) => {
            if !consignee {
                out.error("/documentParties/consignee", Rule::StraightConsignee);
            }
            if endorsee {
                out.error("/documentParties/endorsee", Rule::EndorseeNotToOrder);
            }
        }
        None => {}
    }
}

/// An electronic B/L is one original (the eBL itself) and no paper copies; a sea waybill
/// is never an original, as it is not a document of title.
fn originals_and_copies(doc: &TransportDocument, out: &mut Findings) {
    let originals = doc.originals();
    if doc.is_sea_waybill() && originals > 0 {
        for (field, n) in [
            (
                "numberOfOriginalsWithCharges",
                doc.number_of_originals_with_charges,
            ),
            (
                "numberOfOriginalsWithoutCharges",
                doc.number_of_originals_without_charges,
            ),
        ] {
            if let Some(n) = n.filter(|n| *n > 0) {
                out.error(format!("/{field}"), Rule::SeaWaybillOriginals)
                    .with("actual", n);
            }
        }
    }
    if doc.is_bill_of_lading() && doc.is_electronic() {
        if originals > 1 {
            let field = if doc.number_of_originals_without_charges.unwrap_or(0) > 0 {
                "numberOfOriginalsWithoutCharges"
            } else {
                "numberOfOriginalsWithCharges"
            };
            out.error(format!("/{field}"), Rule::ElectronicOriginals)
                .with("max", 1)
                .with("actual", originals);
        }
        for (field, n) in [
            (
                "numberOfCopiesWithCharges",
                doc.number_of_copies_with_charges,
            ),
            (
                "numberOfCopiesWithoutCharges",
                doc.number_of_copies_without_charges,
            ),
        ] {
            if let Some(n) = n.filter(|n| *n > 0) {
                out.error(format!("/{field}"), Rule::ElectronicCopies)
                    .with("actual", n);
            }
        }
    }
}

/// Every cargo item names a container the document lists, and each container is listed
/// once; a container with no cargo is doubtful (an empty box on a B/L) but legal.
fn equipment_links(doc: &TransportDocument, out: &mut Findings) {
    let mut listed: HashMap<&str, usize> = HashMap::new();
    for (i, e) in doc.utilized_transport_equipments.iter().enumerate() {
        let Some(r) = e.reference() else { continue };
        if let Some(first) = listed.get(r) {
            out.error(
                format!("/utilizedTransportEquipments/{i}{}", e.reference_path()),
                Rule::DuplicateEquipment,
            )
            .with("equipment", r)
            .with("first", format!("/utilizedTransportEquipments/{first}"));
        } else {
            listed.insert(r, i);
        }
    }
    let mut used = vec![false; doc.utilized_transport_equipments.len()];
    for (c, item) in doc.consignment_items.iter().enumerate() {
        for (k, cargo) in item.cargo_items.iter().enumerate() {
            let Some(r) = cargo.equipment_reference.as_deref() else {
                continue;
            };
            match listed.get(r) {
                Some(&i) => used[i] = true,
                None => {
                    out.error(
                        format!("/consignmentItems/{c}/cargoItems/{k}/equipmentReference"),
                        Rule::UnknownEquipment,
                    )
                    .with("equipment", r);
                }
            }
        }
    }
    for (i, e) in doc.utilized_transport_equipments.iter().enumerate() {
        if let Some(r) = e.reference()
            && listed.get(r) == Some(&i)
            && !used[i]
        {
            out.warning(
                format!("/utilizedTransportEquipments/{i}{}", e.reference_path()),
                Rule::EquipmentWithoutCargo,
            )
            .with("equipment", r);
        }
    }
}

/// When the shipper asked for the carrier's agent at destination, the transport document
/// names one (instructions cannot: the carrier fills it in).
fn carriers_agent(doc: &TransportDocument, out: &mut Findings) {
    let asked = doc.is_carriers_agent_at_destination_required == Some(true);
    let named = doc
        .document_parties
        .as_ref()
        .is_some_and(|p| p.carriers_agent_at_destination.is_some());
    if asked && doc.transport_document_status.is_some() && !named {
        out.error(
            "/documentParties/carriersAgentAtDestination",
            Rule::CarriersAgentMissing,
        );
    }
}
