//! No rate is an answer: each case gives its reasons with the data to say them, never a
//! guessed or partial price.

use super::fixtures::*;
use super::lcl::lcl_request;
use crate::rating::book::RateBook;
use crate::rating::cargo::Cargo;
use crate::rating::fx::FxTable;
use crate::rating::price;
use crate::rating::rates::*;
use crate::rating::reasons::{NoRate, Reason};
use jiff::civil::date;

fn no_rate(b: &RateBook, req: &crate::rating::price::PriceRequest) -> NoRate {
    match price(b, &FxTable::default(), req) {
        Err(n) => n,
        Ok(p) => panic!("expected no rate, got {:#?}", p.lines),
    }
}

#[test]
fn after_the_window_the_tariff_has_expired() {
    let n = no_rate(
        &book(vec![asia_neur_tariff()]),
        &fcl_request(None, &[("40HC", 1)], date(2026, 7, 1)),
    );
    assert_eq!(n.reasons.len(), 1);
    let Reason::Expired {
        source,
        last_day,
        rate_date,
    } = &n.reasons[0]
    else {
        panic!("{n}")
    };
    assert_eq!((source.kind, source.version), (SourceKind::Tariff, 3));
    assert_eq!(
        (*last_day, *rate_date),
        (date(2026, 6, 30), date(2026, 7, 1))
    );
}

#[test]
fn before_the_window_the_tariff_is_not_yet_valid() {
    let n = no_rate(
        &book(vec![asia_neur_tariff()]),
        &fcl_request(None, &[("40HC", 1)], date(2025, 12, 31)),
    );
    assert_eq!(
        n.to_string(),
        "no rate: tariff ASIA-NEUR v3 is not yet valid until 2026-01-01 (rate date 2025-12-31)"
    );
}

#[test]
fn an_expired_line_in_a_valid_sheet_is_named_with_its_cell() {
    let mut t = asia_neur_tariff();
    t.lines[0].validity = window(date(2026, 1, 1), date(2026, 3, 31));
    t.lines[0].cell = Some(SheetCell {
        file: "neur.csv".into(),
        sheet: "neur".into(),
        row: 5,
        column: "A".into(),
    });
    let n = no_rate(
        &book(vec![t]),
        &fcl_request(None, &[("40HC", 1)], date(2026, 4, 2)),
    );
    assert!(
        matches!(&n.reasons[..], [Reason::Expired { source, last_day, .. }] if source.cell.as_ref().map(|c| c.row) == Some(5) && *last_day == date(2026, 3, 31)),
        "{n}"
    );
}

#[test]
fn a_missing_equipment_column_is_named_and_no_partial_price_is_given() {
    let n = no_rate(
        &book(vec![asia_neur_tariff()]),
        &fcl_request(None, &[("40HC", 1), ("42U1", 1)], date(2026, 4, 2)),
    );
    assert_eq!(n.reasons.len(), 1, "{n}");
    assert_eq!(
        n.to_string(),
        "no rate: tariff ASIA-NEUR v3 has no column for 42U1 (40OT)"
    );
}

#[test]
fn an_unrated_lane_says_so() {
    let mut req = fcl_request(None, &[("40HC", 1)], date(2026, 4, 2));
    req.route = route("TWKHH", "USNYC");
    let n = no_rate(&book(vec![asia_neur_tariff()]), &req);
    assert_eq!(
        n.reasons,
        vec![Reason::NoLane {
            mode: Mode::SeaFcl,
            route: req.route.clone()
        }]
    );
    assert_eq!(
        n.to_string(),
        "no rate: no sea_fcl rate from TWKHH to USNYC"
    );
}

#[test]
fn a_lane_rated_for_fcl_only_has_no_lcl_rate() {
    let n = no_rate(&book(vec![asia_neur_tariff()]), &{
        let mut r = lcl_request("NLRTM", "100", "1");
        r.rate_date = date(2026, 4, 2);
        r
    });
    assert!(
        matches!(
            n.reasons[..],
            [Reason::NoLane {
                mode: Mode::SeaLcl,
                ..
            }]
        ),
        "{n}"
    );
}

#[test]
fn cargo_of_the_wrong_shape_for_the_mode_is_refused() {
    let mut req = fcl_request(None, &[("40HC", 1)], date(2026, 4, 2));
    req.cargo = Cargo::loose(d("100"), d("1")).unwrap();
    let n = no_rate(&book(vec![asia_neur_tariff()]), &req);
    assert_eq!(
        n.reasons,
        vec![Reason::CargoDoesNotSuitMode {
            mode: Mode::SeaFcl,
            cargo: crate::rating::cargo::CargoKind::Loose
        }]
    );
}

#[test]
fn a_commodity_rate_does_not_price_other_goods() {
    let mut t = asia_neur_tariff();
    t.lines[0].commodity = Commodity::HsPrefix("9403".into());
    let mut req = fcl_request(None, &[("40HC", 1)], date(2026, 4, 2));
    req.hs_code = Some("850440".into());
    let n = no_rate(&book(vec![t]), &req);
    assert!(
        matches!(&n.reasons[..], [Reason::CommodityNotCovered { hs_code: Some(h), .. }] if h == "850440"),
        "{n}"
    );
}

#[test]
fn when_contract_and_tariff_are_both_out_of_date_both_are_said() {
    let mut sheets = alice_contract_v1_v2();
    sheets.push(asia_neur_tariff());
    let n = no_rate(
        &book(sheets),
        &fcl_request(Some(ALICE), &[("40HC", 1)], date(2027, 1, 4)),
    );
    let expired: Vec<(SourceKind, jiff::civil::Date)> = n
        .reasons
        .iter()
        .filter_map(|r| match r {
            Reason::Expired {
                source, last_day, ..
            } => Some((source.kind, *last_day)),
            _ => None,
        })
        .collect();
    assert_eq!(
        expired,
        vec![
            (SourceKind::Contract, date(2026, 12, 31)),
            (SourceKind::Tariff, date(2026, 6, 30))
        ]
    );
}

#[test]
fn no_rate_serialises_with_its_data_for_the_page() {
    let n = no_rate(
        &book(vec![asia_neur_tariff()]),
        &fcl_request(None, &[("42U1", 1)], date(2026, 4, 2)),
    );
    let json = serde_json::to_value(&n).unwrap();
    assert_eq!(json["reasons"][0]["reason"], "no_column");
    assert_eq!(json["reasons"][0]["equipment"], "42U1");
    assert_eq!(json["reasons"][0]["source"]["name"], "ASIA-NEUR");
}
