//! Tests of the B/L rules: DCSA's own samples, one failing and one passing document per
//! rule, and properties where rules combine.

mod agent;
mod conformance;
mod diff;
mod properties;
mod samples;
mod schema;

use super::*;

/// DCSA's sample messages from EBL_v3.0.3.yaml, copied verbatim (`fixtures/`).
pub const SAMPLES: &[(&str, &str)] = &[
    (
        "si_create_regular",
        include_str!("../fixtures/si_create_regularSTDExample.json"),
    ),
    (
        "si_update_regular",
        include_str!("../fixtures/si_update_regularSTDExample.json"),
    ),
    (
        "si_get_regular",
        include_str!("../fixtures/si_get_regularSTDExample.json"),
    ),
    (
        "si_get_reefer",
        include_str!("../fixtures/si_get_reeferExample.json"),
    ),
    (
        "si_get_dg",
        include_str!("../fixtures/si_get_dgExample.json"),
    ),
    (
        "si_notification_received",
        include_str!(
            "../fixtures/si_notification_receivedFullStateTransferExample_shippingInstructions.json"
        ),
    ),
    (
        "si_notification_declined",
        include_str!(
            "../fixtures/si_notification_declinedFullStateTransferExample_shippingInstructions.json"
        ),
    ),
    (
        "si_notification_declined_update",
        include_str!(
            "../fixtures/si_notification_declinedFullStateTransferExample_updatedShippingInstructions.json"
        ),
    ),
    (
        "td_get_regular",
        include_str!("../fixtures/td_get_regularSTDExample.json"),
    ),
    (
        "td_get_reefer",
        include_str!("../fixtures/td_get_reeferExample.json"),
    ),
    (
        "td_get_dg",
        include_str!("../fixtures/td_get_dgExample.json"),
    ),
    (
        "td_amendment_get_reefer",
        include_str!("../fixtures/td_amendment_get_reeferExample.json"),
    ),
    (
        "td_amendment_put_reefer",
        include_str!("../fixtures/td_amendment_put_reeferExample.json"),
    ),
    (
        "td_amendment_put_dg",
        include_str!("../fixtures/td_amendment_put_dgExample.json"),
    ),
    (
        "td_notification_draft",
        include_str!("../fixtures/td_notification_draftFullStateTransferExample.json"),
    ),
    (
        "td_notification_issued",
        include_str!("../fixtures/td_notification_issuedFullStateTransferExample.json"),
    ),
];

pub fn sample(name: &str) -> TransportDocument {
    let (_, json) = SAMPLES
        .iter()
        .find(|(n, _)| *n == name)
        .expect("known sample");
    serde_json::from_str(json).expect("DCSA sample parses")
}

/// The issued DCSA sample: an electronic to-order B/L, one container, every field valid.
pub fn issued() -> TransportDocument {
    sample("td_notification_issued")
}

/// A paper straight B/L built from the issued sample: consignee and notify party named,
/// three originals, an issue date. It has no finding at all, so a test that changes one
/// field sees only that field's findings.
pub fn straight_paper() -> TransportDocument {
    let mut d = issued();
    d.issue_date = Some(jiff::civil::date(2023, 12, 21));
    d.is_to_order = Some(false);
    d.is_electronic = Some(false);
    d.number_of_originals_with_charges = Some(3);
    let parties = d.document_parties.as_mut().unwrap();
    let mut consignee = parties::Party::named("Formosa Trading Co., Ltd.");
    consignee.identifying_codes.push(parties::IdentifyingCode {
        code_list_provider: Some("GLEIF".into()),
        party_code: Some("5493001KJTIIGC8Y1R12".into()),
        code_list_name: Some("LEI".into()),
    });
    parties.consignee = Some(consignee);
    parties
        .notify_parties
        .push(parties::Party::named("Formosa Trading Co., Ltd."));
    d
}

/// The finding paths of one rule.
pub fn paths(f: &Findings, rule: Rule) -> Vec<String> {
    f.of(rule).map(|f| f.path.clone()).collect()
}
