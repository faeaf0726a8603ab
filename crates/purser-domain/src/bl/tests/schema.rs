//! The schema's constraints, each with a document that breaks it and one that keeps it.

use super::*;
use rust_decimal::Decimal;

fn check(d: &TransportDocument) -> Findings {
    crate::bl::schema::check(d, Stage::of(d))
}

fn name(d: &mut TransportDocument) -> &mut Option<String> {
    &mut d
        .document_parties
        .as_mut()
        .unwrap()
        .consignee
        .as_mut()
        .unwrap()
        .party_name
}

fn pol(d: &mut TransportDocument) -> &mut Option<String> {
    &mut d
        .transports
        .as_mut()
        .unwrap()
        .port_of_loading
        .as_mut()
        .unwrap()
        .un_location_code
}

fn dg(d: &mut TransportDocument) -> &mut cargo::DangerousGoods {
    let pkg = d.consignment_items[0].cargo_items[0]
        .outer_packaging
        .as_mut()
        .unwrap();
    &mut pkg.dangerous_goods[0]
}

#[test]
fn the_clean_straight_bl_has_no_finding() {
    assert_eq!(
        validate(&straight_paper(), &Context::default()),
        Findings::new()
    );
}

#[test]
fn a_missing_required_field_is_named_by_its_path() {
    let mut d = straight_paper();
    d.terms_and_conditions = None;
    d.consignment_items[0].cargo_items[0].equipment_reference = None;
    let f = check(&d);
    assert_eq!(
        paths(&f, Rule::Required),
        [
            "/termsAndConditions",
            "/consignmentItems/0/cargoItems/0/equipmentReference"
        ]
    );
    assert!(f.is_refused());
    assert!(check(&straight_paper()).is_empty());
}

#[test]
fn instructions_need_less_than_a_transport_document() {
    // Shipping instructions carry no terms, no transports, no carrier code …
    let si = sample("si_create_regular");
    assert!(si.terms_and_conditions.is_none() && si.transports.is_none());
    assert!(check(&si).of(Rule::Required).next().is_none());
    // … but the same content as a draft transport document must.
    let mut td = si.clone();
    td.transport_document_status = Some(codes::DocumentStatus::Draft);
    let missing = paths(&check(&td), Rule::Required);
    for field in [
        "/transportDocumentReference",
        "/termsAndConditions",
        "/transports",
        "/carrierCode",
    ] {
        assert!(
            missing.contains(&field.to_string()),
            "{field} in {missing:?}"
        );
    }
    // and instructions must say whether the cargo goes into the EU's ICS2 zone.
    let mut si = si;
    si.is_cargo_delivered_in_ics2_zone = None;
    assert_eq!(
        paths(&check(&si), Rule::Required),
        ["/isCargoDeliveredInICS2Zone"]
    );
}

#[test]
fn lengths_count_characters_so_a_chinese_name_fits_its_seventy() {
    let mut d = straight_paper();
    // 70 CJK characters are 210 bytes in UTF-8 and still fit.
    *name(&mut d) = Some("臺".repeat(70));
    assert!(check(&d).is_empty());
    *name(&mut d) = Some("臺".repeat(71));
    let f = check(&d);
    let e: Vec<_> = f.of(Rule::MaxLength).collect();
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].path, "/documentParties/consignee/partyName");
    assert_eq!(
        (e[0].param("max"), e[0].param("actual")),
        (Some("70"), Some("71"))
    );
}

#[test]
fn a_description_line_holds_35_characters_and_no_line_break() {
    let mut d = straight_paper();
    d.consignment_items[0].description_of_goods = vec!["運動鞋".repeat(11) + "ab"];
    assert!(check(&d).is_empty(), "35 characters fit");
    d.consignment_items[0].description_of_goods = vec!["運動鞋".repeat(12)];
    assert_eq!(
        paths(&check(&d), Rule::MaxLength),
        ["/consignmentItems/0/descriptionOfGoods/0"]
    );
    d.consignment_items[0].description_of_goods = vec!["Shoes\nblack".into(), "Shoes ".into()];
    assert_eq!(
        paths(&check(&d), Rule::Pattern),
        [
            "/consignmentItems/0/descriptionOfGoods/0",
            "/consignmentItems/0/descriptionOfGoods/1"
        ]
    );
}

#[test]
fn unlocodes_follow_the_wire_pattern() {
    let mut d = straight_paper();
    for bad in ["dkaar", "DK AAR", "DKAA1", "DKAARX"] {
        *pol(&mut d) = Some(bad.into());
        assert_eq!(
            paths(&check(&d), Rule::Pattern),
            ["/transports/portOfLoading/UNLocationCode"],
            "{bad}"
        );
    }
    *pol(&mut d) = Some("TWKHH".into());
    assert!(check(&d).is_empty());
}

#[test]
fn list_sizes_are_bounded() {
    let mut d = straight_paper();
    let parties = d.document_parties.as_mut().unwrap();
    parties.notify_parties = (0..3)
        .map(|i| parties::Party::named(format!("N{i}")))
        .collect();
    assert!(check(&d).is_empty());
    d.document_parties
        .as_mut()
        .unwrap()
        .notify_parties
        .push(parties::Party::named("N4"));
    assert_eq!(
        paths(&check(&d), Rule::MaxItems),
        ["/documentParties/notifyParties"]
    );
    let mut d = straight_paper();
    d.utilized_transport_equipments[0].seals.clear();
    assert_eq!(
        paths(&check(&d), Rule::Required),
        ["/utilizedTransportEquipments/0/seals"]
    );
}

#[test]
fn numbers_keep_their_ranges() {
    let mut d = straight_paper();
    d.consignment_items[0].cargo_items[0]
        .cargo_gross_weight
        .as_mut()
        .unwrap()
        .value = Decimal::ZERO;
    assert_eq!(
        paths(&check(&d), Rule::ExclusiveMinimum),
        ["/consignmentItems/0/cargoItems/0/cargoGrossWeight/value"]
    );
    let mut d = straight_paper();
    d.charges[0].unit_price = Some(Decimal::NEGATIVE_ONE);
    assert_eq!(paths(&check(&d), Rule::Minimum), ["/charges/0/unitPrice"]);
    d.charges[0].unit_price = Some(Decimal::ZERO);
    assert!(check(&d).is_empty(), "a free charge is allowed");
    let mut d = sample("td_get_dg");
    dg(&mut d).packing_group = Some(4);
    let path = "/consignmentItems/0/cargoItems/0/outerPackaging/dangerousGoods/0/packingGroup";
    assert_eq!(paths(&check(&d), Rule::Maximum), [path]);
    dg(&mut d).packing_group = Some(3);
    assert!(check(&d).of(Rule::Maximum).next().is_none());
}

#[test]
fn a_contact_needs_an_email_or_a_phone_and_dg_a_un_or_na_number() {
    let mut d = straight_paper();
    d.party_contact_details[0].email = None;
    assert_eq!(paths(&check(&d), Rule::AnyOf), ["/partyContactDetails/0"]);
    d.party_contact_details[0].phone = Some("+886 7 271 3141".into());
    assert!(check(&d).is_empty());
    let mut d = sample("td_get_dg");
    let pkg = d.consignment_items[0].cargo_items[0]
        .outer_packaging
        .as_mut()
        .unwrap();
    pkg.dangerous_goods[0].un_number = None;
    let path = "/consignmentItems/0/cargoItems/0/outerPackaging/dangerousGoods/0";
    assert_eq!(paths(&check(&d), Rule::AnyOf), [path]);
}

#[test]
fn a_declared_value_needs_its_currency() {
    let mut d = straight_paper();
    d.declared_value = Some(Decimal::new(123110, 2));
    assert_eq!(
        paths(&check(&d), Rule::DeclaredValueCurrency),
        ["/declaredValueCurrency"]
    );
    d.declared_value_currency = Some("DKK".into());
    assert!(check(&d).is_empty());
    d.declared_value = None;
    assert_eq!(
        paths(&check(&d), Rule::DeclaredValueCurrency),
        ["/declaredValue"]
    );
}

#[test]
fn a_consignee_on_a_transport_document_is_identified() {
    let mut d = straight_paper();
    d.document_parties
        .as_mut()
        .unwrap()
        .consignee
        .as_mut()
        .unwrap()
        .identifying_codes
        .clear();
    assert_eq!(
        paths(&check(&d), Rule::Required),
        ["/documentParties/consignee/identifyingCodes"]
    );
}

#[test]
fn a_malformed_code_does_not_parse() {
    // Closed code lists are types: what parses has a valid code.
    let bad = r#"{"transportDocumentTypeCode": "XYZ"}"#;
    let err = serde_json::from_str::<TransportDocument>(bad).unwrap_err();
    assert!(err.to_string().contains("unknown variant `XYZ`"), "{err}");
    let ok = r#"{"transportDocumentTypeCode": "SWB", "freightPaymentTermCode": "COL"}"#;
    let d: TransportDocument = serde_json::from_str(ok).unwrap();
    assert!(d.is_sea_waybill());
}
