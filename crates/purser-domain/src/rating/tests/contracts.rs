//! Contracts against the tariff: charge by charge, only the customer's own, only when
//! valid on the rate date, all-in inclusions and the "not above tariff" clause.

use super::fcl::line;
use super::fixtures::*;
use crate::rating::book::RateBook;
use crate::rating::charges::ChargeCode::*;
use crate::rating::fx::FxTable;
use crate::rating::money::Currency;
use crate::rating::price;
use crate::rating::rates::*;
use crate::rating::reasons::Reason;
use crate::rating::rule::Rule;
use jiff::civil::date;

fn alice_and_tariff() -> RateBook {
    let mut sheets = alice_contract_v1_v2();
    sheets.push(asia_neur_tariff());
    book(sheets)
}

#[test]
fn a_valid_contract_beats_the_tariff_charge_by_charge() {
    // Contract v2: 40HC O/F 1600 and BAF 200; the 20GP has no contract column, so its
    // O/F (1200) and BAF (250) come from the tariff; CAF 4 % is the tariff's, of the O/F
    // actually charged: 40HC 4 % of 3200 = 128.00, 20GP 4 % of 1200 = 48.00.
    let req = fcl_request(Some(ALICE), &[("40HC", 2), ("20GP", 1)], date(2026, 4, 2));
    let p = price(&alice_and_tariff(), &FxTable::default(), &req).unwrap();
    let ofr40 = line(&p, OceanFreight, Some("40HC"));
    assert_eq!(ofr40.amount.amount, d("3200.00"));
    assert_eq!(
        (
            ofr40.source.kind,
            ofr40.source.name.as_str(),
            ofr40.source.version
        ),
        (SourceKind::Contract, "SC-2026-0042", 2)
    );
    let ofr20 = line(&p, OceanFreight, Some("20GP"));
    assert_eq!(
        (ofr20.source.kind, ofr20.amount.amount),
        (SourceKind::Tariff, d("1200.00"))
    );
    assert_eq!(
        line(&p, Baf, Some("40HC")).source.kind,
        SourceKind::Contract
    );
    assert_eq!(line(&p, Baf, Some("40HC")).amount.amount, d("400.00"));
    assert_eq!(line(&p, Baf, Some("20GP")).source.kind, SourceKind::Tariff);
    assert_eq!(line(&p, Caf, Some("40HC")).amount.amount, d("128.00"));
    assert_eq!(p.total_in(Currency::USD).unwrap().amount, d("5262.00"));
    assert_eq!(
        p.total_in(Currency::TWD).unwrap().amount,
        d("21100.00"),
        "THC and DOC from the tariff"
    );
    assert!(
        p.notes.iter().any(|n| matches!(n, Reason::NoColumn { source, equipment } if source.name == "SC-2026-0042" && equipment.iso_code() == "22G1")),
        "{:?}",
        p.notes
    );
}

#[test]
fn the_rate_date_picks_the_contract_version() {
    let req = fcl_request(Some(ALICE), &[("40HC", 2)], date(2026, 3, 15));
    let p = price(&alice_and_tariff(), &FxTable::default(), &req).unwrap();
    let ofr = line(&p, OceanFreight, Some("40HC"));
    assert_eq!((ofr.source.version, ofr.amount.amount), (1, d("3000.00")));
}

#[test]
fn another_customers_contract_is_never_used_and_says_so() {
    let b = alice_and_tariff();
    let mut req = fcl_request(Some(BOB), &[("40HC", 2)], date(2026, 4, 2));
    let p = price(&b, &FxTable::default(), &req).unwrap();
    assert_eq!(
        line(&p, OceanFreight, Some("40HC")).amount.amount,
        d("3700.00")
    );
    assert!(
        p.notes.is_empty(),
        "not named, so not mentioned: {:?}",
        p.notes
    );
    req.contract = Some("SC-2026-0042".into());
    let p = price(&b, &FxTable::default(), &req).unwrap();
    assert_eq!(
        line(&p, OceanFreight, Some("40HC")).source.kind,
        SourceKind::Tariff
    );
    assert_eq!(
        p.notes,
        vec![Reason::ContractOfAnotherCustomer {
            contract: "SC-2026-0042".into()
        }]
    );
    req.contract = Some("SC-1999-0001".into());
    let p = price(&b, &FxTable::default(), &req).unwrap();
    assert_eq!(
        p.notes,
        vec![Reason::UnknownContract {
            contract: "SC-1999-0001".into()
        }]
    );
}

#[test]
fn an_expired_contract_falls_back_to_the_tariff_with_a_note() {
    let h2025 = window(date(2025, 1, 1), date(2025, 12, 31));
    let old = sheet(
        SheetKind::Contract {
            customer: ALICE,
            agreement: Agreement::ServiceContract,
        },
        "SC-2025-0007",
        1,
        h2025,
        vec![fcl_line(
            "TWKHH",
            "NLRTM",
            h2025,
            Currency::USD,
            &[("40HC", "1400")],
        )],
        vec![],
    );
    let req = fcl_request(Some(ALICE), &[("40HC", 1)], date(2026, 4, 2));
    let p = price(
        &book(vec![old, asia_neur_tariff()]),
        &FxTable::default(),
        &req,
    )
    .unwrap();
    assert_eq!(
        line(&p, OceanFreight, Some("40HC")).amount.amount,
        d("1850.00")
    );
    let Reason::Expired {
        source, last_day, ..
    } = &p.notes[0]
    else {
        panic!("{:?}", p.notes)
    };
    assert_eq!(
        (source.name.as_str(), *last_day),
        ("SC-2025-0007", date(2025, 12, 31))
    );
    assert_eq!(
        p.notes[0].to_string(),
        "contract SC-2025-0007 v1 expired on 2025-12-31 (rate date 2026-04-02)"
    );
}

#[test]
fn an_all_in_contract_leaves_out_the_charges_it_includes() {
    let mut sheets = alice_contract_v1_v2();
    sheets[1].includes = vec![Baf, Isps, Documentation];
    sheets[1].surcharges.clear();
    sheets.push(asia_neur_tariff());
    let req = fcl_request(Some(ALICE), &[("40HC", 1), ("20GP", 1)], date(2026, 4, 2));
    let p = price(&book(sheets), &FxTable::default(), &req).unwrap();
    assert_eq!(p.lines.iter().filter(|l| l.charge == Baf).count(), 1);
    assert_eq!(
        line(&p, Baf, Some("20GP")).source.kind,
        SourceKind::Tariff,
        "the 20GP is on the tariff"
    );
    assert!(
        p.notes
            .iter()
            .any(|n| matches!(n, Reason::IncludedInContract { code: Baf, .. }))
    );
    assert!(
        p.notes
            .iter()
            .any(|n| matches!(n, Reason::IncludedInContract { code: Isps, .. }))
    );
    assert_eq!(
        p.lines_for(Documentation).count(),
        0,
        "a per-B/L fee the contract includes is not charged though the 20GP is on the tariff"
    );
    assert_eq!(
        p.lines_for(ThcOrigin).count(),
        2,
        "what is not included still applies"
    );
}

#[test]
fn a_contract_capped_at_the_tariff_takes_the_lower_charge() {
    // Contract 40HC 1900 > tariff 1850: the tariff's line, saying why. BAF 200 < 250 stays.
    let mut sheets = alice_contract_v1_v2();
    sheets[1].capped_at_tariff = true;
    if let BaseRate::PerContainer(cols) = &mut sheets[1].lines[0].base {
        cols[0].amount = d("1900");
    }
    sheets.push(asia_neur_tariff());
    let req = fcl_request(Some(ALICE), &[("40HC", 1)], date(2026, 4, 2));
    let p = price(&book(sheets), &FxTable::default(), &req).unwrap();
    let ofr = line(&p, OceanFreight, Some("40HC"));
    assert_eq!(
        (ofr.source.kind, ofr.amount.amount),
        (SourceKind::Tariff, d("1850.00"))
    );
    assert!(
        matches!(&ofr.rule, Rule::CappedAtTariff { contract_amount, .. } if contract_amount.amount == d("1900.00"))
    );
    assert!(
        ofr.rule
            .to_string()
            .starts_with("tariff applied: lower than the contract's USD 1900.00"),
        "{}",
        ofr.rule
    );
    let baf = line(&p, Baf, Some("40HC"));
    assert_eq!(
        (baf.source.kind, baf.amount.amount),
        (SourceKind::Contract, d("200.00"))
    );
}

#[test]
fn a_contract_surcharge_ending_mid_contract_hands_over_to_the_tariff_on_the_day_after() {
    // Contract v2 runs all year but its BAF of 200 only to 2026-04-30; the tariff's BAF is
    // 250 for the half-year, so the all-in price changes on 1 May and the line says why.
    let mut sheets = alice_contract_v1_v2();
    sheets[1].surcharges[0].validity = window(date(2026, 4, 1), date(2026, 4, 30));
    sheets.push(asia_neur_tariff());
    let b = book(sheets);
    let baf = |day| {
        let p = price(
            &b,
            &FxTable::default(),
            &fcl_request(Some(ALICE), &[("40HC", 1)], day),
        )
        .unwrap();
        let l = line(&p, Baf, Some("40HC")).clone();
        (l.source.kind, l.amount.amount)
    };
    assert_eq!(baf(date(2026, 4, 30)), (SourceKind::Contract, d("200.00")));
    assert_eq!(baf(date(2026, 5, 1)), (SourceKind::Tariff, d("250.00")));
}

#[test]
fn a_price_serialises_with_exact_amounts_and_its_rules_as_data() {
    let req = fcl_request(Some(ALICE), &[("40HC", 1)], date(2026, 4, 2));
    let p = price(&alice_and_tariff(), &FxTable::default(), &req).unwrap();
    let json = serde_json::to_value(&p).unwrap();
    let first = &json["lines"][0];
    assert_eq!(first["charge"], "ocean_freight");
    assert_eq!(first["amount"]["amount"], "1600.00");
    assert_eq!(first["amount"]["currency"], "USD");
    assert_eq!(first["rule"]["rule"], "per_container");
    assert_eq!(first["source"]["kind"], "contract");
    assert_eq!(first["rounding"]["decimals"], 2);
    let back: crate::rating::price::Price = serde_json::from_value(json).unwrap();
    assert_eq!(back, p);
}
