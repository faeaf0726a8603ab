//! Sea LCL: W/M = max(tonnes, cbm), the lane's ratio, the minimum, per-W/M surcharges.

use super::fcl::line;
use super::fixtures::*;
use crate::rating::book::RateBook;
use crate::rating::cargo::Cargo;
use crate::rating::charges::ChargeCode::*;
use crate::rating::fx::FxTable;
use crate::rating::lanes::Lane;
use crate::rating::money::Currency;
use crate::rating::price::PriceRequest;
use crate::rating::rates::*;
use crate::rating::rule::Unit;
use crate::rating::{price, validity::Validity};
use jiff::civil::date;

fn lcl_line(dst: &str, rate: &str, kg_per_cbm: &str) -> RateLine {
    RateLine {
        lane: Lane::ports(port("TWKHH"), port(dst)),
        mode: Mode::SeaLcl,
        commodity: Commodity::Fak,
        validity: h1_2026(),
        currency: Currency::USD,
        payment: Payment::Prepaid,
        base: BaseRate::PerWm {
            rate: d(rate),
            minimum_wm: d("1"),
            kg_per_cbm: d(kg_per_cbm),
        },
        cell: None,
    }
}

/// Intra-Asia LCL: Kaohsiung → Singapore USD 38 per W/M (1 cbm = 1000 kg), → Tokyo USD 30
/// per W/M on a 1 cbm = 500 kg lane; BAF USD 6 per W/M; DOC USD 35 per B/L.
pub fn intra_asia_lcl() -> RateBook {
    let h1: Validity = h1_2026();
    book(vec![sheet(
        SheetKind::Tariff,
        "INTRA-ASIA-LCL",
        1,
        h1,
        vec![
            lcl_line("SGSIN", "38", "1000"),
            lcl_line("JPTYO", "30", "500"),
        ],
        vec![
            fixed(Baf, "6", Currency::USD, Per::Unit, h1),
            fixed(Documentation, "35", Currency::USD, Per::Bl, h1),
        ],
    )])
}

pub fn lcl_request(dst: &str, kg: &str, cbm: &str) -> PriceRequest {
    PriceRequest {
        customer: None,
        contract: None,
        route: route("TWKHH", dst),
        mode: Mode::SeaLcl,
        hs_code: None,
        cargo: Cargo::loose(d(kg), d(cbm)).unwrap(),
        rate_date: date(2026, 5, 4),
        target: None,
    }
}

#[test]
fn weight_decides_when_tonnes_exceed_cubic_metres() {
    // 2400 kg / 1.8 cbm: 2.4 W/M × 38 = 91.20; BAF 2.4 × 6 = 14.40; DOC 35.
    let p = price(
        &intra_asia_lcl(),
        &FxTable::default(),
        &lcl_request("SGSIN", "2400", "1.8"),
    )
    .unwrap();
    let ofr = line(&p, OceanFreight, None);
    assert_eq!((ofr.quantity, ofr.unit), (d("2.4"), Unit::RevenueTon));
    assert_eq!(ofr.amount.amount, d("91.20"));
    assert_eq!(line(&p, Baf, None).amount.amount, d("14.40"));
    assert_eq!(p.total_in(Currency::USD).unwrap().amount, d("140.60"));
    assert_eq!(
        ofr.rule.to_string(),
        "W/M = max(2400 kg ÷ 1000, 1.8 cbm) = 2.4 at USD 38.00 per W/M"
    );
}

#[test]
fn volume_decides_when_cubic_metres_exceed_tonnes() {
    // 800 kg / 3.25 cbm: 3.25 × 38 = 123.50; BAF 19.50; DOC 35 → 178.00.
    let p = price(
        &intra_asia_lcl(),
        &FxTable::default(),
        &lcl_request("SGSIN", "800", "3.25"),
    )
    .unwrap();
    assert_eq!(line(&p, OceanFreight, None).amount.amount, d("123.50"));
    assert_eq!(p.total_in(Currency::USD).unwrap().amount, d("178.00"));
}

#[test]
fn the_minimum_applies_to_small_lots_and_to_per_wm_surcharges() {
    // 300 kg / 0.6 cbm: below the 1 W/M minimum → 38.00; BAF on the billed 1 W/M → 6.00.
    let p = price(
        &intra_asia_lcl(),
        &FxTable::default(),
        &lcl_request("SGSIN", "300", "0.6"),
    )
    .unwrap();
    let ofr = line(&p, OceanFreight, None);
    assert_eq!(ofr.amount.amount, d("38.00"));
    assert!(
        ofr.rule
            .to_string()
            .contains("below the minimum: billed 1 W/M"),
        "{}",
        ofr.rule
    );
    assert_eq!(line(&p, Baf, None).amount.amount, d("6.00"));
}

#[test]
fn a_lane_with_1_cbm_to_500_kg_counts_weight_double() {
    // 900 kg / 1.2 cbm at 1 cbm = 500 kg: 1.8 W/M × 30 = 54.00; BAF 10.80; DOC 35 → 99.80.
    let p = price(
        &intra_asia_lcl(),
        &FxTable::default(),
        &lcl_request("JPTYO", "900", "1.2"),
    )
    .unwrap();
    assert_eq!(line(&p, OceanFreight, None).amount.amount, d("54.00"));
    assert_eq!(p.total_in(Currency::USD).unwrap().amount, d("99.80"));
}
