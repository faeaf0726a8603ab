//! Two versions of a document, compared field by field.

use super::*;
use crate::bl::diff::{ChangeKind, diff};
use serde_json::json;

#[test]
fn the_same_document_has_no_change() {
    assert!(diff(&straight_paper(), &straight_paper()).is_empty());
}

#[test]
fn a_corrected_consignee_shows_as_one_changed_field() {
    let before = straight_paper();
    let mut after = before.clone();
    after
        .document_parties
        .as_mut()
        .unwrap()
        .consignee
        .as_mut()
        .unwrap()
        .party_name = Some("台灣福爾摩沙貿易股份有限公司".into());
    let changes = diff(&before, &after);
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].path, "/documentParties/consignee/partyName");
    assert_eq!(changes[0].kind, ChangeKind::Changed);
    assert_eq!(changes[0].before, Some(json!("Formosa Trading Co., Ltd.")));
    assert_eq!(
        changes[0].after,
        Some(json!("台灣福爾摩沙貿易股份有限公司"))
    );
}

#[test]
fn an_added_notify_party_and_a_removed_date_are_named() {
    let before = straight_paper();
    let mut after = before.clone();
    after
        .document_parties
        .as_mut()
        .unwrap()
        .notify_parties
        .push(parties::Party::named("Bank"));
    after.issue_date = None;
    let changes = diff(&before, &after);
    let summary: Vec<_> = changes
        .iter()
        .map(|c| (c.path.as_str(), c.kind.clone()))
        .collect();
    assert_eq!(
        summary,
        [
            ("/documentParties/notifyParties/1", ChangeKind::Added),
            ("/issueDate", ChangeKind::Removed)
        ]
    );
    assert_eq!(changes[0].after, Some(json!({"partyName": "Bank"})));
}

#[test]
fn a_changed_weight_is_shown_as_numbers_at_its_path() {
    let before = straight_paper();
    let mut after = before.clone();
    after.consignment_items[0].cargo_items[0]
        .cargo_gross_weight
        .as_mut()
        .unwrap()
        .value = rust_decimal::Decimal::new(125005, 1);
    let changes = diff(&before, &after);
    assert_eq!(changes.len(), 1);
    assert_eq!(
        changes[0].path,
        "/consignmentItems/0/cargoItems/0/cargoGrossWeight/value"
    );
    assert_eq!(
        (changes[0].before.clone(), changes[0].after.clone()),
        (Some(json!(12000)), Some(json!(12500.5)))
    );
}
