//! Air and express: chargeable weight, weight classes, the higher-break rule, per-kg fees.

use super::fcl::line;
use super::fixtures::*;
use crate::rating::book::RateBook;
use crate::rating::cargo::{Cargo, Piece};
use crate::rating::charges::ChargeCode::*;
use crate::rating::fx::FxTable;
use crate::rating::lanes::Lane;
use crate::rating::measure::RateClass;
use crate::rating::money::Currency;
use crate::rating::price;
use crate::rating::price::PriceRequest;
use crate::rating::rates::*;
use crate::rating::rule::{Rule, Unit};
use jiff::civil::date;

fn breaks(m: &str, n: &str, q: &[(&str, &str)]) -> WeightBreaks {
    WeightBreaks::new(
        d(m),
        d(n),
        q.iter()
            .map(|(kg, r)| WeightBreak {
                from_kg: d(kg),
                rate: d(r),
            })
            .collect(),
    )
    .unwrap()
}

fn kg_line(o: &str, dst: &str, mode: Mode, cur: Currency, b: WeightBreaks) -> RateLine {
    RateLine {
        lane: Lane::ports(port(o), port(dst)),
        mode,
        commodity: Commodity::Fak,
        validity: h1_2026(),
        currency: cur,
        payment: Payment::Prepaid,
        base: BaseRate::PerChargeableKg(b),
        cell: None,
    }
}

/// Taipei → Amsterdam air, EUR: M 85, N 6.20, Q45 4.80, Q100 4.10, Q300 3.60, Q500 3.30,
/// Q1000 3.00; fuel EUR 1.10 and security EUR 0.15 per chargeable kg (air only).
/// Taipei → Los Angeles express, USD: M 40, N 12.00, Q10 10.50, Q21 9.00.
pub fn air_and_express() -> RateBook {
    let h1 = h1_2026();
    let air_only = |mut s: Surcharge| {
        s.modes = vec![Mode::Air];
        s
    };
    book(vec![sheet(
        SheetKind::Tariff,
        "AIR-TPE",
        7,
        h1,
        vec![
            kg_line(
                "TWTPE",
                "NLAMS",
                Mode::Air,
                Currency::EUR,
                breaks(
                    "85",
                    "6.20",
                    &[
                        ("45", "4.80"),
                        ("100", "4.10"),
                        ("300", "3.60"),
                        ("500", "3.30"),
                        ("1000", "3.00"),
                    ],
                ),
            ),
            kg_line(
                "TWTPE",
                "USLAX",
                Mode::Express,
                Currency::USD,
                breaks("40", "12.00", &[("10", "10.50"), ("21", "9.00")]),
            ),
        ],
        vec![
            air_only(fixed(FuelSurcharge, "1.10", Currency::EUR, Per::Unit, h1)),
            air_only(fixed(
                SecuritySurcharge,
                "0.15",
                Currency::EUR,
                Per::Unit,
                h1,
            )),
        ],
    )])
}

pub fn air_request(dst: &str, mode: Mode, gross: &str, pieces: Vec<Piece>) -> PriceRequest {
    PriceRequest {
        customer: None,
        contract: None,
        route: route("TWTPE", dst),
        mode,
        hs_code: None,
        cargo: Cargo::pieces(d(gross), pieces).unwrap(),
        rate_date: date(2026, 5, 4),
        target: None,
    }
}

#[test]
fn forty_kilos_are_billed_as_forty_five_at_q45_because_it_is_cheaper() {
    // 39.6 kg gross → 40 kg; 50 × 40 × 31 cm = 62000 cm³ ÷ 6000 = 10.33 kg.
    // N: 40 × 6.20 = 248.00; Q45: 45 × 4.80 = 216.00. Fuel 40 × 1.10, security 40 × 0.15.
    let req = air_request(
        "NLAMS",
        Mode::Air,
        "39.6",
        vec![piece("50.2", "40.4", "30.6", 1)],
    );
    let p = price(&air_and_express(), &FxTable::default(), &req).unwrap();
    let afr = line(&p, AirFreight, None);
    assert_eq!(afr.amount.amount, d("216.00"));
    assert_eq!((afr.quantity, afr.unit), (d("45"), Unit::ChargeableKg));
    assert!(
        afr.rule
            .to_string()
            .ends_with("40 kg billed as 45 kg at Q45 because 216.00 < 248.00"),
        "{}",
        afr.rule
    );
    assert_eq!(
        line(&p, FuelSurcharge, None).amount.amount,
        d("44.00"),
        "fees count the chargeable 40 kg"
    );
    assert_eq!(line(&p, SecuritySurcharge, None).amount.amount, d("6.00"));
    assert_eq!(p.total_in(Currency::EUR).unwrap().amount, d("266.00"));
}

#[test]
fn volume_decides_a_light_bulky_shipment() {
    // 2 × 120 × 81 × 100 cm = 1,944,000 cm³ ÷ 6000 = 324 kg > 250 kg gross: Q300 3.60 →
    // 1166.40 (Q500 would be 1650.00); fuel 356.40; security 48.60.
    let req = air_request(
        "NLAMS",
        Mode::Air,
        "250",
        vec![piece("120.4", "80.5", "100.49", 2)],
    );
    let p = price(&air_and_express(), &FxTable::default(), &req).unwrap();
    let afr = line(&p, AirFreight, None);
    assert_eq!(afr.amount.amount, d("1166.40"));
    let Rule::ByWeightClass {
        weight, outcome, ..
    } = &afr.rule
    else {
        panic!("{:?}", afr.rule)
    };
    assert_eq!(
        (weight.volume_cm3, weight.chargeable_kg),
        (d("1944000"), d("324"))
    );
    assert_eq!(outcome.charged.class, RateClass::Quantity(d("300")));
    assert_eq!(p.total_in(Currency::EUR).unwrap().amount, d("1571.40"));
}

#[test]
fn a_small_parcel_pays_the_minimum_charge() {
    // 8 kg × N 6.20 = 49.60 < M 85.00.
    let req = air_request("NLAMS", Mode::Air, "8", vec![piece("20", "20", "20", 1)]);
    let p = price(&air_and_express(), &FxTable::default(), &req).unwrap();
    let afr = line(&p, AirFreight, None);
    assert_eq!(afr.amount.amount, d("85.00"));
    assert!(
        afr.rule
            .to_string()
            .ends_with("minimum charge M 85.00 applies because 8 kg at N 6.20 = 49.60 < 85.00"),
        "{}",
        afr.rule
    );
}

#[test]
fn express_divides_volume_by_5000() {
    // 2 × 40 × 30 × 30 = 72,000 cm³ ÷ 5000 = 14.4 → 14.5 kg (air's 6000 would give 12):
    // Q10 14.5 × 10.50 = 152.25 (Q21: 21 × 9.00 = 189.00). Air-only fees do not apply.
    let req = air_request(
        "USLAX",
        Mode::Express,
        "8",
        vec![piece("40", "30", "30", 2)],
    );
    let p = price(&air_and_express(), &FxTable::default(), &req).unwrap();
    let exp = line(&p, ExpressFreight, None);
    assert_eq!(exp.amount.amount, d("152.25"));
    assert!(
        exp.rule.to_string().contains("72000 cm³ ÷ 5000 = 14.4 kg"),
        "{}",
        exp.rule
    );
    assert_eq!(p.lines.len(), 1, "{:?}", p.lines);
}
