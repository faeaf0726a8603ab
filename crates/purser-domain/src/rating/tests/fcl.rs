//! Sea FCL: per container, per equipment column, surcharges by container or by B/L.

use super::fixtures::*;
use crate::rating::charges::ChargeCode::{self, *};
use crate::rating::lanes::{Lane, Place};
use crate::rating::money::Currency;
use crate::rating::price::{Price, PricedLine};
use crate::rating::rates::*;
use crate::rating::rule::{Rule, Unit};
use crate::rating::{fx::FxTable, price};
use jiff::civil::date;

pub fn line<'a>(p: &'a Price, code: ChargeCode, e: Option<&str>) -> &'a PricedLine {
    let e = e.map(eq);
    p.lines
        .iter()
        .find(|l| l.charge == code && l.equipment == e)
        .unwrap_or_else(|| panic!("no {code} line for {e:?} in {:#?}", p.lines))
}

#[test]
fn the_tariff_prices_each_container_type_with_its_surcharges() {
    let req = fcl_request(None, &[("40HC", 2), ("20GP", 1)], date(2026, 4, 2));
    let p = price(&book(vec![asia_neur_tariff()]), &FxTable::default(), &req).unwrap();
    let amt = |code, e| line(&p, code, e).amount.amount;
    assert_eq!(amt(OceanFreight, Some("40HC")), d("3700.00"));
    assert_eq!(amt(OceanFreight, Some("20GP")), d("1200.00"));
    assert_eq!(amt(Baf, Some("40HC")), d("500.00"));
    assert_eq!(amt(Baf, Some("20GP")), d("250.00"));
    assert_eq!(amt(Caf, Some("40HC")), d("148.00"), "4 % of 3700.00");
    assert_eq!(amt(Caf, Some("20GP")), d("48.00"), "4 % of 1200.00");
    assert_eq!(amt(Isps, Some("40HC")), d("24.00"));
    assert_eq!(amt(ThcOrigin, Some("40HC")), d("14000.00"));
    assert_eq!(amt(ThcOrigin, Some("20GP")), d("5600.00"));
    assert_eq!(amt(ThcDestination, Some("40HC")), d("460.00"));
    assert_eq!(amt(Documentation, None), d("1500.00"));
    assert_eq!(
        p.lines_for(Documentation).count(),
        1,
        "a per-B/L fee is charged once"
    );
    assert_eq!(p.lines_for(Gri).count(), 0, "the GRI starts on 2026-04-15");
    assert_eq!(p.total_in(Currency::USD).unwrap().amount, d("5882.00"));
    assert_eq!(p.total_in(Currency::TWD).unwrap().amount, d("21100.00"));
    assert_eq!(p.total_in(Currency::EUR).unwrap().amount, d("690.00"));
    assert_eq!(p.totals.len(), 3);
    assert_eq!(
        line(&p, ThcDestination, Some("40HC")).payment,
        Payment::Collect
    );
    assert_eq!(line(&p, Baf, Some("40HC")).payment, Payment::Prepaid);
    assert!(p.notes.is_empty(), "{:?}", p.notes);
}

#[test]
fn every_line_states_its_source_rule_and_rounding() {
    let req = fcl_request(None, &[("40HC", 2)], date(2026, 4, 2));
    let p = price(&book(vec![asia_neur_tariff()]), &FxTable::default(), &req).unwrap();
    let ofr = line(&p, OceanFreight, Some("40HC"));
    assert_eq!(ofr.source.to_string(), "tariff ASIA-NEUR v3");
    assert_eq!(
        ofr.rule.to_string(),
        "2 × 45G1 (40HC) at USD 1850.00 per container"
    );
    assert_eq!((ofr.quantity, ofr.unit), (d("2"), Unit::Container));
    assert_eq!(ofr.rounding.decimals, 2);
    assert_eq!(
        ofr.rounding.to_string(),
        "3700 rounded half-up to 2 decimals (USD)"
    );
    let caf = line(&p, Caf, Some("40HC"));
    assert_eq!(caf.rule.to_string(), "4% of O/F USD 3700.00");
    let doc = line(&p, Documentation, None);
    assert_eq!(
        doc.rule,
        Rule::FixedPerBl {
            amount: crate::rating::money::Money::new(d("1500"), Currency::TWD)
        }
    );
    assert!(
        p.lines.iter().all(|l| l.converted.is_none()),
        "no target currency asked for"
    );
}

#[test]
fn the_gri_applies_from_its_date() {
    let tariff = book(vec![asia_neur_tariff()]);
    let before = price(
        &tariff,
        &FxTable::default(),
        &fcl_request(None, &[("40HC", 2), ("20GP", 1)], date(2026, 4, 14)),
    )
    .unwrap();
    let from = price(
        &tariff,
        &FxTable::default(),
        &fcl_request(None, &[("40HC", 2), ("20GP", 1)], date(2026, 4, 15)),
    )
    .unwrap();
    assert_eq!(before.total_in(Currency::USD).unwrap().amount, d("5882.00"));
    assert_eq!(
        from.total_in(Currency::USD).unwrap().amount,
        d("6782.00"),
        "+ 3 × USD 300"
    );
    assert_eq!(line(&from, Gri, Some("40HC")).amount.amount, d("600.00"));
}

#[test]
fn a_percentage_rounds_half_up_on_its_line() {
    // 4.5 % of USD 1201.00 = 54.045: half-up gives 54.05 (banker's rounding would give 54.04).
    let h1 = h1_2026();
    let s = sheet(
        SheetKind::Tariff,
        "T",
        1,
        h1,
        vec![fcl_line(
            "TWKHH",
            "NLRTM",
            h1,
            Currency::USD,
            &[("20GP", "1201")],
        )],
        vec![percent(Caf, "4.5", &[OceanFreight], h1)],
    );
    let p = price(
        &book(vec![s]),
        &FxTable::default(),
        &fcl_request(None, &[("20GP", 1)], date(2026, 2, 1)),
    )
    .unwrap();
    let caf = line(&p, Caf, Some("20GP"));
    assert_eq!(caf.amount.amount, d("54.05"));
    assert_eq!(caf.rounding.exact, d("54.045"));
    assert_eq!(p.total_in(Currency::USD).unwrap().amount, d("1255.05"));
}

#[test]
fn an_imported_column_is_named_on_the_line() {
    let mut t = asia_neur_tariff();
    let cell = SheetCell {
        file: "asia-neur-2026h1.xlsx".into(),
        sheet: "FCL".into(),
        row: 14,
        column: "H".into(),
    };
    if let BaseRate::PerContainer(cols) = &mut t.lines[0].base {
        cols[2].cell = Some(cell.clone());
    }
    let p = price(
        &book(vec![t]),
        &FxTable::default(),
        &fcl_request(None, &[("40HC", 1)], date(2026, 4, 2)),
    )
    .unwrap();
    let ofr = line(&p, OceanFreight, Some("40HC"));
    assert_eq!(ofr.source.cell.as_ref(), Some(&cell));
    assert_eq!(
        ofr.source.to_string(),
        "tariff ASIA-NEUR v3 (asia-neur-2026h1.xlsx / FCL / row 14 column H)"
    );
}

#[test]
fn a_port_rate_beats_a_zone_rate_and_a_commodity_rate_beats_fak() {
    let h1 = h1_2026();
    let mut zone = fcl_line("TWKHH", "NLRTM", h1, Currency::USD, &[("40HC", "2000")]);
    zone.lane = Lane {
        origin: Place::Country("TW".into()),
        destination: Place::Zone {
            name: "North Europe".into(),
            ports: vec![port("NLRTM"), port("DEHAM")],
        },
        via: vec![],
    };
    let port_line = fcl_line("TWKHH", "NLRTM", h1, Currency::USD, &[("40HC", "1850")]);
    let mut furniture = fcl_line("TWKHH", "NLRTM", h1, Currency::USD, &[("40HC", "1650")]);
    furniture.commodity = Commodity::HsPrefix("9403".into());
    let b = book(vec![sheet(
        SheetKind::Tariff,
        "T",
        1,
        h1,
        vec![zone, port_line, furniture],
        vec![],
    )]);
    let fx = FxTable::default();
    let mut req = fcl_request(None, &[("40HC", 1)], date(2026, 2, 1));
    assert_eq!(
        price(&b, &fx, &req)
            .unwrap()
            .total_in(Currency::USD)
            .unwrap()
            .amount,
        d("1850.00")
    );
    req.hs_code = Some("940360".into());
    assert_eq!(
        price(&b, &fx, &req)
            .unwrap()
            .total_in(Currency::USD)
            .unwrap()
            .amount,
        d("1650.00")
    );
    req.route = route("TWKHH", "DEHAM");
    req.hs_code = None;
    assert_eq!(
        price(&b, &fx, &req)
            .unwrap()
            .total_in(Currency::USD)
            .unwrap()
            .amount,
        d("2000.00")
    );
}

#[test]
fn the_highest_version_valid_on_the_date_is_used() {
    let mut v4 = asia_neur_tariff();
    v4.version = 4;
    v4.validity = window(date(2026, 3, 1), date(2026, 6, 30));
    if let BaseRate::PerContainer(cols) = &mut v4.lines[0].base {
        cols[2].amount = d("1900");
    }
    let b = book(vec![asia_neur_tariff(), v4]);
    let ofr = |day| {
        let p = price(
            &b,
            &FxTable::default(),
            &fcl_request(None, &[("40HC", 1)], day),
        )
        .unwrap();
        let l = line(&p, OceanFreight, Some("40HC")).clone();
        (l.source.version, l.amount.amount)
    };
    assert_eq!(ofr(date(2026, 2, 28)), (3, d("1850.00")));
    assert_eq!(ofr(date(2026, 3, 1)), (4, d("1900.00")));
}
