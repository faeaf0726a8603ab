use super::*;

#[test]
fn dcsa_sample_messages_pass_with_warnings_at_most() {
    for (name, json) in SAMPLES {
        let doc: TransportDocument =
            serde_json::from_str(json).unwrap_or_else(|e| panic!("{name}: {e}"));
        let findings = validate(&doc, &Context::default());
        let errors: Vec<_> = findings.errors().collect();
        assert!(errors.is_empty(), "{name} refused: {errors:#?}");
    }
    // Both kinds of message are among them, so both stages' schemas ran.
    assert_eq!(
        Stage::of(&sample("si_create_regular")),
        Stage::ShippingInstructions
    );
    assert_eq!(Stage::of(&sample("td_get_dg")), Stage::TransportDocument);
}

#[test]
fn dcsa_samples_warn_where_a_senior_agent_would_look() {
    // The DG sample's container HLXU1234567 fails its ISO 6346 check digit (should be 1).
    let dg = validate(&sample("td_get_dg"), &Context::default());
    let w: Vec<_> = dg.of(Rule::ContainerCheckDigit).collect();
    assert_eq!(w.len(), 1);
    assert_eq!(
        w[0].path,
        "/utilizedTransportEquipments/0/equipment/equipmentReference"
    );
    assert_eq!(w[0].param("expected"), Some("1"));
    // Every sample is to order without a notify party.
    let issued = validate(&issued(), &Context::default());
    assert_eq!(
        paths(&issued, Rule::ToOrderNotifyParty),
        ["/documentParties/notifyParties"]
    );
}

#[test]
fn dcsa_samples_keep_their_fields_through_a_round_trip() {
    for name in [
        "td_get_dg",
        "td_get_reefer",
        "si_get_reefer",
        "td_notification_issued",
    ] {
        let doc = sample(name);
        let json = serde_json::to_string(&doc).unwrap();
        let again: TransportDocument = serde_json::from_str(&json).unwrap();
        assert_eq!(again, doc, "{name}");
    }
    let dg = sample("td_get_dg");
    let goods = &dg.consignment_items[0].cargo_items[0];
    let pkg = goods.outer_packaging.as_ref().unwrap();
    assert_eq!(pkg.dangerous_goods[0].un_number.as_deref(), Some("3082"));
    assert_eq!(
        goods.cargo_gross_weight.unwrap().value,
        rust_decimal::Decimal::from(12000)
    );
    let reefer = sample("td_get_reefer");
    let settings = reefer.utilized_transport_equipments[0]
        .active_reefer_settings
        .as_ref()
        .unwrap();
    assert_eq!(
        settings.temperature_setpoint,
        Some(rust_decimal::Decimal::from(-18))
    );
}

/// A B/L of `n` containers, one cargo item each, all with valid ISO 6346 numbers.
pub fn containers(n: u32) -> TransportDocument {
    let mut d = straight_paper();
    let (ute, cargo) = (
        d.utilized_transport_equipments[0].clone(),
        d.consignment_items[0].cargo_items[0].clone(),
    );
    d.utilized_transport_equipments.clear();
    d.consignment_items[0].cargo_items.clear();
    for serial in 0..n {
        let stem = format!("MSKU{serial:06}");
        let number = format!("{stem}{}", crate::ids::iso6346_check_digit(&stem));
        let mut e = ute.clone();
        e.equipment.as_mut().unwrap().equipment_reference = Some(number.clone());
        d.utilized_transport_equipments.push(e);
        let mut c = cargo.clone();
        c.equipment_reference = Some(number);
        d.consignment_items[0].cargo_items.push(c);
    }
    d
}

#[test]
fn a_500_container_bl_validates_in_one_pass_without_error() {
    let d = containers(500);
    let start = std::time::Instant::now();
    let f = validate(&d, &Context::default());
    let took = start.elapsed();
    assert!(f.is_empty(), "{:?}", f.0.first());
    // one wrong link among 500 is found, at its own path
    let mut d = d;
    d.consignment_items[0].cargo_items[321].equipment_reference = Some("MSKU9999999".into());
    let f = validate(&d, &Context::default());
    assert_eq!(
        paths(&f, Rule::UnknownEquipment),
        ["/consignmentItems/0/cargoItems/321/equipmentReference"]
    );
    eprintln!("validated 500 containers in {took:?}");
}
