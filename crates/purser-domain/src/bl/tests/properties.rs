//! Properties where rules combine, over documents varied in type, medium, "to order",
//! parties and counts of originals and copies.

use super::*;
use crate::bl::codes::DocumentType;
use proptest::prelude::*;

#[derive(Debug, Clone)]
struct Shape {
    sea_waybill: bool,
    electronic: bool,
    to_order: bool,
    consignee: bool,
    endorsee: bool,
    notify: usize,
    originals: (Option<u32>, Option<u32>),
    copies: (Option<u32>, Option<u32>),
    letter_of_credit: bool,
}

fn shapes() -> impl Strategy<Value = Shape> {
    let count = || proptest::option::of(0u32..4);
    (
        (
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
        ),
        0usize..=3,
        (count(), count()),
        (count(), count()),
        any::<bool>(),
    )
        .prop_map(
            |((swb, el, to, co, en), notify, originals, copies, lc)| Shape {
                sea_waybill: swb,
                electronic: el,
                to_order: to,
                consignee: co,
                endorsee: en,
                notify,
                originals,
                copies,
                letter_of_credit: lc,
            },
        )
}

fn build(s: &Shape) -> TransportDocument {
    let mut d = straight_paper();
    d.transport_document_type_code = Some(if s.sea_waybill {
        DocumentType::SeaWaybill
    } else {
        DocumentType::BillOfLading
    });
    d.is_electronic = Some(s.electronic);
    d.is_to_order = Some(s.to_order);
    (
        d.number_of_originals_with_charges,
        d.number_of_originals_without_charges,
    ) = s.originals;
    (
        d.number_of_copies_with_charges,
        d.number_of_copies_without_charges,
    ) = s.copies;
    let parties = d.document_parties.as_mut().unwrap();
    let codes = parties
        .consignee
        .clone()
        .unwrap_or_default()
        .identifying_codes;
    if !s.consignee {
        parties.consignee = None;
    }
    if s.endorsee {
        let mut bank = parties::Party::named("Bank of Taiwan");
        bank.identifying_codes = codes;
        parties.endorsee = Some(bank);
    }
    parties.notify_parties = (0..s.notify)
        .map(|i| parties::Party::named(format!("Notify {i}")))
        .collect();
    d
}

fn context(s: &Shape) -> Context {
    if !s.letter_of_credit {
        return Context::default();
    }
    Context {
        letter_of_credit: Some(LetterOfCredit {
            consignee: LcConsignee::ToOrder,
            applicant: "Notify 0".into(),
            latest_shipment_date: None,
            originals: Some(3),
        }),
        ..Context::default()
    }
}

fn error_keys(f: &Findings) -> std::collections::BTreeSet<(Rule, String)> {
    f.errors().map(|e| (e.rule, e.path.clone())).collect()
}

#[test]
fn the_shapes_include_documents_that_pass_and_documents_that_are_refused() {
    // Guards the properties below against passing vacuously.
    let passing = Shape {
        sea_waybill: false,
        electronic: true,
        to_order: true,
        consignee: false,
        endorsee: true,
        notify: 1,
        originals: (Some(1), None),
        copies: (None, Some(0)),
        letter_of_credit: false,
    };
    assert!(!validate(&build(&passing), &context(&passing)).is_refused());
    let refused = Shape {
        originals: (Some(1), Some(1)),
        ..passing
    };
    assert!(validate(&build(&refused), &context(&refused)).is_refused());
}

proptest! {
    #[test]
    fn a_document_that_passes_keeps_dcsas_party_and_original_rules(s in shapes()) {
        let d = build(&s);
        let f = validate(&d, &context(&s));
        if !f.is_refused() {
            if d.is_bill_of_lading() && d.is_electronic() {
                prop_assert!(d.originals() <= 1 && d.copies() == 0, "{s:?}");
            }
            if d.is_sea_waybill() {
                prop_assert!(d.originals() == 0 && !d.is_to_order(), "{s:?}");
            }
            let parties = d.document_parties.as_ref().unwrap();
            prop_assert_eq!(parties.consignee.is_some(), !d.is_to_order());
            prop_assert!(parties.endorsee.is_none() || d.is_to_order());
        }
    }

    #[test]
    fn adding_a_valid_notify_party_never_introduces_an_error(s in shapes()) {
        prop_assume!(s.notify < 3);
        let before = build(&s);
        let mut after = before.clone();
        after.document_parties.as_mut().unwrap().notify_parties.push(parties::Party::named("Notify 0"));
        let ctx = context(&s);
        let (old, new) = (error_keys(&validate(&before, &ctx)), error_keys(&validate(&after, &ctx)));
        prop_assert!(new.is_subset(&old), "new errors: {:?}", new.difference(&old).collect::<Vec<_>>());
    }

    #[test]
    fn any_two_versions_differ_exactly_where_their_json_differs(a in shapes(), b in shapes()) {
        let (x, y) = (build(&a), build(&b));
        let changes = crate::bl::diff::diff(&x, &y);
        prop_assert_eq!(changes.is_empty(), x == y);
        let back = crate::bl::diff::diff(&y, &x);
        prop_assert_eq!(back.len(), changes.len());
        for c in &changes {
            prop_assert!(back.iter().any(|r| r.path == c.path && r.before == c.after && r.after == c.before));
        }
    }

    #[test]
    fn a_party_name_fits_in_seventy_characters_of_any_script(name in "[A-Za-z臺灣貿易 ]{1,90}") {
        let name = name.trim().to_string();
        prop_assume!(!name.is_empty());
        let mut d = straight_paper();
        d.document_parties.as_mut().unwrap().consignee.as_mut().unwrap().party_name = Some(name.clone());
        let f = crate::bl::schema::check(&d, Stage::TransportDocument);
        prop_assert_eq!(f.of(Rule::MaxLength).next().is_some(), name.chars().count() > 70);
    }
}
