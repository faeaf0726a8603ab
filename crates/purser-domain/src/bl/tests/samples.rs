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
