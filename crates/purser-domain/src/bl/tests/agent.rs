//! A senior agent's checks, each with a failing and a passing document.

use super::*;
use crate::bl::cargo::Weight;
use crate::bl::codes::{DocumentStatus, WeightUnit};
use jiff::civil::date;
use rust_decimal::Decimal;

fn check(d: &TransportDocument, ctx: &Context) -> Findings {
    crate::bl::agent_checks::check(d, ctx)
}

fn none(d: &TransportDocument) -> Findings {
    check(d, &Context::default())
}

fn kg(n: i64) -> Weight {
    Weight::kg(Decimal::from(n))
}

/// The clean B/L's one container: NARU3472484, 12,000 kg of cargo in 400 boxes; its tare
/// is 2,200 kg.
fn with_tare() -> TransportDocument {
    let mut d = straight_paper();
    d.utilized_transport_equipments[0]
        .equipment
        .as_mut()
        .unwrap()
        .tare_weight = Some(kg(2200));
    d
}

fn vgm(n: i64) -> Context {
    Context {
        vgm: [("NARU3472484".to_string(), kg(n))].into(),
        ..Context::default()
    }
}

const CONTAINER: &str = "/utilizedTransportEquipments/0/equipment/equipmentReference";

fn set_container(d: &mut TransportDocument, number: &str) {
    d.utilized_transport_equipments[0]
        .equipment
        .as_mut()
        .unwrap()
        .equipment_reference = Some(number.into());
    d.consignment_items[0].cargo_items[0].equipment_reference = Some(number.into());
}

#[test]
fn a_wrong_container_check_digit_is_flagged_with_the_right_one() {
    let mut d = straight_paper();
    set_container(&mut d, "CSQU3054384");
    let f = none(&d);
    assert_eq!(paths(&f, Rule::ContainerCheckDigit), [CONTAINER]);
    assert_eq!(f.0[0].param("expected"), Some("3"));
    set_container(&mut d, "CSQU3054383");
    assert!(none(&d).is_empty());
}

#[test]
fn a_container_number_outside_iso_6346_is_flagged() {
    let mut d = straight_paper();
    set_container(&mut d, "SOC-0001");
    assert_eq!(paths(&none(&d), Rule::ContainerNotIso6346), [CONTAINER]);
    assert!(
        !none(&d).is_refused(),
        "DCSA allows non-ISO equipment numbers"
    );
}

#[test]
fn a_port_without_unlocode_is_flagged() {
    let mut d = straight_paper();
    let pod = d
        .transports
        .as_mut()
        .unwrap()
        .port_of_discharge
        .as_mut()
        .unwrap();
    pod.un_location_code = None;
    pod.location_name = Some("Bremerhaven".into());
    assert_eq!(
        paths(&none(&d), Rule::PortWithoutUnLocode),
        ["/transports/portOfDischarge/UNLocationCode"]
    );
    assert!(none(&straight_paper()).is_empty());
}

#[test]
fn loading_and_discharging_at_the_same_port_is_flagged() {
    let mut d = straight_paper();
    d.transports
        .as_mut()
        .unwrap()
        .port_of_discharge
        .as_mut()
        .unwrap()
        .un_location_code = Some("DKAAR".into());
    let f = none(&d);
    assert_eq!(
        paths(&f, Rule::SamePortOfLoadingAndDischarge),
        ["/transports/portOfDischarge/UNLocationCode"]
    );
    assert_eq!(f.0[0].param("port"), Some("DKAAR"));
}

#[test]
fn cargo_heavier_than_its_containers_vgm_is_refused() {
    let f = check(&with_tare(), &vgm(11_999));
    assert_eq!(paths(&f, Rule::CargoHeavierThanVgm), [CONTAINER]);
    assert!(f.is_refused());
    assert_eq!(f.0[0].param("cargo_kg"), Some("12000"));
    assert!(check(&with_tare(), &vgm(14_200)).is_empty());
}

#[test]
fn cargo_plus_tare_far_from_the_vgm_is_flagged() {
    // 12,000 + 2,200 = 14,200; 5% of a 15,000 VGM is 750, and 800 is off.
    let f = check(&with_tare(), &vgm(15_000));
    assert_eq!(paths(&f, Rule::VgmMismatch), [CONTAINER]);
    assert!(!f.is_refused());
    assert!(
        check(&with_tare(), &vgm(14_900)).is_empty(),
        "700 kg off is within 5%"
    );
    // without a tare only the hard limit applies
    assert!(check(&straight_paper(), &vgm(15_000)).is_empty());
}

#[test]
fn weights_in_pounds_compare_in_kilograms() {
    let mut d = with_tare();
    let w = d.consignment_items[0].cargo_items[0]
        .cargo_gross_weight
        .as_mut()
        .unwrap();
    // 26,455 lb is 11,999.7 kg
    *w = Weight {
        value: Decimal::from(26_455),
        unit: WeightUnit::Lbr,
    };
    assert!(
        check(&d, &vgm(12_000))
            .of(Rule::CargoHeavierThanVgm)
            .next()
            .is_none()
    );
    w_set(&mut d, 26_456);
    assert_eq!(
        paths(&check(&d, &vgm(12_000)), Rule::CargoHeavierThanVgm),
        [CONTAINER]
    );
}

fn w_set(d: &mut TransportDocument, pounds: i64) {
    d.consignment_items[0].cargo_items[0].cargo_gross_weight = Some(Weight {
        value: Decimal::from(pounds),
        unit: WeightUnit::Lbr,
    });
}

#[test]
fn weights_and_packages_are_compared_with_the_booking() {
    let booking = |weight: i64, packages: u32| Context {
        booking: Some(BookingFigures {
            gross_weight: Some(kg(weight)),
            packages: Some(packages),
        }),
        ..Context::default()
    };
    let f = check(&straight_paper(), &booking(10_000, 450));
    assert_eq!(
        paths(&f, Rule::BookingWeightMismatch),
        ["/consignmentItems"]
    );
    assert_eq!(
        paths(&f, Rule::BookingPackagesMismatch),
        ["/consignmentItems"]
    );
    assert_eq!(
        f.of(Rule::BookingPackagesMismatch)
            .next()
            .unwrap()
            .param("packages"),
        Some("400")
    );
    assert!(check(&straight_paper(), &booking(12_300, 400)).is_empty());
}

#[test]
fn an_address_line_too_wide_for_the_printed_box_is_flagged() {
    let mut d = straight_paper();
    let consignee = d
        .document_parties
        .as_mut()
        .unwrap()
        .consignee
        .as_mut()
        .unwrap();
    // 36 characters, 16 of them Chinese: counted as characters, not bytes
    consignee.address_lines = vec!["高雄市前鎮區成功二路二十五號十樓 Chenggong 2nd Road.".into()];
    assert_eq!(consignee.address_lines[0].chars().count(), 36);
    let f = none(&d);
    assert_eq!(
        paths(&f, Rule::PrintedLineTooLong),
        ["/documentParties/consignee/addressLines/0"]
    );
    assert_eq!(f.0[0].param("actual"), Some("36"));
    // a displayed address is what prints, and it is within 35 by schema
    let consignee = d
        .document_parties
        .as_mut()
        .unwrap()
        .consignee
        .as_mut()
        .unwrap();
    consignee.displayed_address = vec!["高雄市前鎮區成功二路25號10樓".into()];
    assert!(none(&d).is_empty());
}

#[test]
fn an_issued_bl_has_an_on_board_or_a_received_date() {
    let mut d = straight_paper();
    d.shipped_on_board_date = None;
    assert_eq!(
        paths(&none(&d), Rule::IssuedWithoutDate),
        ["/shippedOnBoardDate"]
    );
    d.is_shipped_on_board_type = Some(false);
    assert_eq!(
        paths(&none(&d), Rule::IssuedWithoutDate),
        ["/receivedForShipmentDate"]
    );
    d.received_for_shipment_date = Some(date(2023, 12, 18));
    assert!(none(&d).is_empty());
    // a draft may not know the date yet
    let mut draft = straight_paper();
    draft.transport_document_status = Some(DocumentStatus::Draft);
    draft.shipped_on_board_date = None;
    assert!(none(&draft).is_empty());
}

#[test]
fn a_bl_never_has_both_dates() {
    let mut d = straight_paper();
    d.received_for_shipment_date = Some(date(2023, 12, 18));
    let f = none(&d);
    assert_eq!(
        paths(&f, Rule::BothOnBoardAndReceivedDates),
        ["/receivedForShipmentDate"]
    );
    assert!(f.is_refused());
}

#[test]
fn a_date_of_the_other_kind_is_flagged() {
    let mut d = straight_paper();
    d.is_shipped_on_board_type = Some(false);
    assert_eq!(
        paths(&none(&d), Rule::DateKindMismatch),
        ["/shippedOnBoardDate"]
    );
    assert!(!none(&d).is_refused());
}

#[test]
fn an_issued_bl_without_issue_date_is_flagged() {
    let mut d = straight_paper();
    d.issue_date = None;
    assert_eq!(
        paths(&none(&d), Rule::IssuedWithoutIssueDate),
        ["/issueDate"]
    );
}

fn lc(consignee: LcConsignee) -> Context {
    Context {
        letter_of_credit: Some(LetterOfCredit {
            consignee,
            applicant: "Formosa Trading Co., Ltd.".into(),
            latest_shipment_date: Some(date(2023, 12, 31)),
            originals: Some(3),
        }),
        ..Context::default()
    }
}

fn to_order_of_bank() -> TransportDocument {
    let mut d = straight_paper();
    d.is_to_order = Some(true);
    let parties = d.document_parties.as_mut().unwrap();
    parties.consignee = None;
    parties.endorsee = Some(parties::Party::named("Bank of Taiwan"));
    d
}

#[test]
fn a_letter_of_credit_sets_the_consignee_form() {
    let named = lc(LcConsignee::Named("Formosa Trading Co., Ltd.".into()));
    assert!(check(&straight_paper(), &named).is_empty());
    let f = check(&to_order_of_bank(), &named);
    assert_eq!(paths(&f, Rule::LcConsigneeForm), ["/isToOrder"]);
    let bank = lc(LcConsignee::ToOrderOf("Bank of Taiwan".into()));
    assert!(check(&to_order_of_bank(), &bank).is_empty());
    assert_eq!(
        paths(&check(&straight_paper(), &bank), Rule::LcConsigneeForm),
        ["/isToOrder"]
    );
    let other_bank = lc(LcConsignee::ToOrderOf(
        "Mega International Commercial Bank".into(),
    ));
    let f = check(&to_order_of_bank(), &other_bank);
    assert_eq!(
        paths(&f, Rule::LcConsigneeForm),
        ["/documentParties/endorsee/partyName"]
    );
    assert!(f.is_refused());
    let blank = lc(LcConsignee::ToOrder);
    assert_eq!(
        paths(&check(&to_order_of_bank(), &blank), Rule::LcConsigneeForm),
        ["/documentParties/endorsee"]
    );
}

#[test]
fn a_letter_of_credit_wants_the_applicant_notified() {
    let ctx = lc(LcConsignee::Named("Formosa Trading Co., Ltd.".into()));
    let mut d = straight_paper();
    d.document_parties.as_mut().unwrap().notify_parties[0].party_name = Some("Someone Else".into());
    let f = check(&d, &ctx);
    assert_eq!(
        paths(&f, Rule::LcNotifyApplicant),
        ["/documentParties/notifyParties/0/partyName"]
    );
    assert!(f.is_refused());
    // the same company spelt another way is only a warning: some banks refuse even that
    d.document_parties.as_mut().unwrap().notify_parties[0].party_name =
        Some("FORMOSA TRADING COMPANY LIMITED".into());
    let f = check(&d, &ctx);
    assert_eq!(
        paths(&f, Rule::LcNotifyApplicant),
        ["/documentParties/notifyParties/0/partyName"]
    );
    assert!(!f.is_refused());
}

#[test]
fn a_letter_of_credit_sets_the_latest_shipment_date() {
    let ctx = lc(LcConsignee::Named("Formosa Trading Co., Ltd.".into()));
    let mut d = straight_paper();
    d.shipped_on_board_date = Some(date(2024, 1, 2));
    let f = check(&d, &ctx);
    assert_eq!(
        paths(&f, Rule::LcLatestShipmentDate),
        ["/shippedOnBoardDate"]
    );
    assert_eq!(f.0[0].param("latest"), Some("2023-12-31"));
    d.shipped_on_board_date = Some(date(2023, 12, 31));
    assert!(check(&d, &ctx).is_empty());
}

#[test]
fn a_letter_of_credit_needs_an_on_board_date_once_issued() {
    let ctx = lc(LcConsignee::Named("Formosa Trading Co., Ltd.".into()));
    let mut d = straight_paper();
    d.shipped_on_board_date = None;
    d.is_shipped_on_board_type = Some(false);
    d.received_for_shipment_date = Some(date(2023, 12, 18));
    assert_eq!(
        paths(&check(&d, &ctx), Rule::LcOnBoardDateMissing),
        ["/shippedOnBoardDate"]
    );
    assert!(
        none(&d).is_empty(),
        "without a credit, received for shipment is fine"
    );
}

#[test]
fn a_letter_of_credit_sets_the_number_of_originals() {
    let ctx = lc(LcConsignee::Named("Formosa Trading Co., Ltd.".into()));
    let mut d = straight_paper();
    d.number_of_originals_with_charges = Some(2);
    let f = check(&d, &ctx);
    assert_eq!(
        paths(&f, Rule::LcOriginals),
        ["/numberOfOriginalsWithCharges"]
    );
    assert_eq!(
        (f.0[0].param("expected"), f.0[0].param("actual")),
        (Some("3"), Some("2"))
    );
    d.number_of_originals_without_charges = Some(1);
    assert!(
        check(&d, &ctx).is_empty(),
        "2 with and 1 without charges are 3 originals"
    );
}
