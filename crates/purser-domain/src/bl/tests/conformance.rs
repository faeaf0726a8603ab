//! DCSA's conformance rules, each with a failing and a passing document.

use super::*;

fn check(d: &TransportDocument) -> Findings {
    crate::bl::conformance::check(d)
}

fn to_order() -> TransportDocument {
    let mut d = straight_paper();
    d.is_to_order = Some(true);
    d.document_parties.as_mut().unwrap().consignee = None;
    d
}

#[test]
fn a_sea_waybill_is_never_to_order() {
    let mut d = to_order();
    d.transport_document_type_code = Some(codes::DocumentType::SeaWaybill);
    d.number_of_originals_with_charges = None;
    assert_eq!(paths(&check(&d), Rule::ToOrderSeaWaybill), ["/isToOrder"]);
    assert!(
        check(&to_order())
            .of(Rule::ToOrderSeaWaybill)
            .next()
            .is_none()
    );
}

#[test]
fn a_to_order_bl_names_no_consignee() {
    let mut d = to_order();
    d.document_parties.as_mut().unwrap().consignee = Some(parties::Party::named("Someone"));
    assert_eq!(
        paths(&check(&d), Rule::ToOrderConsignee),
        ["/documentParties/consignee"]
    );
    assert!(check(&to_order()).is_empty());
}

#[test]
fn a_to_order_bl_without_notify_party_is_only_a_warning() {
    let mut d = to_order();
    d.document_parties.as_mut().unwrap().notify_parties.clear();
    let f = check(&d);
    assert_eq!(
        paths(&f, Rule::ToOrderNotifyParty),
        ["/documentParties/notifyParties"]
    );
    assert!(!f.is_refused());
    assert!(
        check(&to_order())
            .of(Rule::ToOrderNotifyParty)
            .next()
            .is_none()
    );
}

#[test]
fn a_straight_bl_names_its_consignee() {
    let mut d = straight_paper();
    d.document_parties.as_mut().unwrap().consignee = None;
    assert_eq!(
        paths(&check(&d), Rule::StraightConsignee),
        ["/documentParties/consignee"]
    );
    assert!(check(&straight_paper()).is_empty());
}

#[test]
fn only_a_to_order_bl_has_an_endorsee() {
    let mut d = straight_paper();
    d.document_parties.as_mut().unwrap().endorsee = Some(parties::Party::named("Bank of Taiwan"));
    assert_eq!(
        paths(&check(&d), Rule::EndorseeNotToOrder),
        ["/documentParties/endorsee"]
    );
    let mut d = to_order();
    d.document_parties.as_mut().unwrap().endorsee = Some(parties::Party::named("Bank of Taiwan"));
    assert!(check(&d).is_empty());
}

#[test]
fn an_electronic_bl_has_at_most_one_original() {
    let mut d = straight_paper();
    d.is_electronic = Some(true);
    let f = check(&d);
    assert_eq!(
        paths(&f, Rule::ElectronicOriginals),
        ["/numberOfOriginalsWithCharges"]
    );
    assert_eq!(
        f.of(Rule::ElectronicOriginals)
            .next()
            .unwrap()
            .param("actual"),
        Some("3")
    );
    d.number_of_originals_with_charges = Some(1);
    assert!(check(&d).is_empty());
    // one with and one without charges is two originals
    d.number_of_originals_without_charges = Some(1);
    assert_eq!(
        paths(&check(&d), Rule::ElectronicOriginals),
        ["/numberOfOriginalsWithoutCharges"]
    );
}

#[test]
fn an_electronic_bl_has_no_copies() {
    let mut d = straight_paper();
    d.is_electronic = Some(true);
    d.number_of_originals_with_charges = Some(1);
    d.number_of_copies_without_charges = Some(2);
    assert_eq!(
        paths(&check(&d), Rule::ElectronicCopies),
        ["/numberOfCopiesWithoutCharges"]
    );
    // a paper B/L may have copies, and so may an electronic sea waybill (charges shown)
    let mut paper = straight_paper();
    paper.number_of_copies_without_charges = Some(2);
    assert!(check(&paper).is_empty());
    let mut eswb = d.clone();
    eswb.transport_document_type_code = Some(codes::DocumentType::SeaWaybill);
    eswb.number_of_originals_with_charges = None;
    assert!(check(&eswb).is_empty());
}

#[test]
fn a_sea_waybill_has_no_originals() {
    let mut d = straight_paper();
    d.transport_document_type_code = Some(codes::DocumentType::SeaWaybill);
    assert_eq!(
        paths(&check(&d), Rule::SeaWaybillOriginals),
        ["/numberOfOriginalsWithCharges"]
    );
    d.number_of_originals_with_charges = Some(0);
    assert!(check(&d).is_empty());
}

fn two_containers() -> TransportDocument {
    let mut d = straight_paper();
    let mut second = d.utilized_transport_equipments[0].clone();
    second.equipment.as_mut().unwrap().equipment_reference = Some("CSQU3054383".into());
    d.utilized_transport_equipments.push(second);
    let mut cargo = d.consignment_items[0].cargo_items[0].clone();
    cargo.equipment_reference = Some("CSQU3054383".into());
    d.consignment_items[0].cargo_items.push(cargo);
    d
}

#[test]
fn cargo_points_at_a_container_of_the_document() {
    let mut d = two_containers();
    assert!(check(&d).is_empty());
    d.consignment_items[0].cargo_items[1].equipment_reference = Some("APZU4812090".into());
    let f = check(&d);
    assert_eq!(
        paths(&f, Rule::UnknownEquipment),
        ["/consignmentItems/0/cargoItems/1/equipmentReference"]
    );
    assert_eq!(f.0[0].param("equipment"), Some("APZU4812090"));
}

#[test]
fn a_container_is_listed_once() {
    let mut d = two_containers();
    d.utilized_transport_equipments[1] = d.utilized_transport_equipments[0].clone();
    d.consignment_items[0].cargo_items[1].equipment_reference = Some("NARU3472484".into());
    let f = check(&d);
    assert_eq!(
        paths(&f, Rule::DuplicateEquipment),
        ["/utilizedTransportEquipments/1/equipment/equipmentReference"]
    );
    assert_eq!(
        f.of(Rule::DuplicateEquipment)
            .next()
            .unwrap()
            .param("first"),
        Some("/utilizedTransportEquipments/0")
    );
    assert!(check(&two_containers()).is_empty());
}

#[test]
fn a_container_without_cargo_is_a_warning() {
    let mut d = two_containers();
    d.consignment_items[0].cargo_items.pop();
    let f = check(&d);
    assert_eq!(
        paths(&f, Rule::EquipmentWithoutCargo),
        ["/utilizedTransportEquipments/1/equipment/equipmentReference"]
    );
    assert!(!f.is_refused());
}

#[test]
fn the_carriers_agent_at_destination_is_named_when_asked_for() {
    let mut d = straight_paper();
    d.is_carriers_agent_at_destination_required = Some(true);
    assert_eq!(
        paths(&check(&d), Rule::CarriersAgentMissing),
        ["/documentParties/carriersAgentAtDestination"]
    );
    d.document_parties
        .as_mut()
        .unwrap()
        .carriers_agent_at_destination = Some(parties::Party::named("MSC Germany S.A. & Co. KG"));
    assert!(check(&d).is_empty());
    // instructions cannot name the carrier's agent; only the carrier's document can
    let mut si = sample("si_create_regular");
    si.is_carriers_agent_at_destination_required = Some(true);
    assert!(check(&si).of(Rule::CarriersAgentMissing).next().is_none());
}
