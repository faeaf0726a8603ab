//! Which sheet's charges reach a shipment: a tariff's lane-less surcharges stay on its own
//! lanes, a sheet of local charges reaches every lane, via-specific rates need the routing.

use super::air::{air_and_express, air_request};
use super::fcl::line;
use super::fixtures::*;
use crate::rating::charges::ChargeCode::*;
use crate::rating::fx::FxTable;
use crate::rating::lanes::{Lane, Place};
use crate::rating::money::Currency;
use crate::rating::price;
use crate::rating::rates::*;
use jiff::civil::date;

fn transpacific() -> RateSheet {
    let h1 = h1_2026();
    sheet(
        SheetKind::Tariff,
        "TRANSPAC",
        1,
        h1,
        vec![fcl_line(
            "TWKHH",
            "USLAX",
            h1,
            Currency::USD,
            &[("40HC", "2400")],
        )],
        vec![fixed(Pss, "500", Currency::USD, Per::Unit, h1)],
    )
}

#[test]
fn a_tariffs_own_surcharges_stay_on_its_lanes() {
    let b = book(vec![asia_neur_tariff(), transpacific()]);
    let mut req = fcl_request(None, &[("40HC", 1)], date(2026, 4, 2));
    req.route = route("TWKHH", "USLAX");
    let p = price(&b, &FxTable::default(), &req).unwrap();
    let codes: Vec<_> = p.lines.iter().map(|l| l.charge).collect();
    assert_eq!(
        codes,
        vec![OceanFreight, Pss],
        "no ASIA-NEUR BAF, CAF, THC or DOC"
    );
    assert_eq!(p.total_in(Currency::USD).unwrap().amount, d("2900.00"));
    let neur = price(
        &b,
        &FxTable::default(),
        &fcl_request(None, &[("40HC", 1)], date(2026, 4, 2)),
    )
    .unwrap();
    assert_eq!(
        neur.lines_for(Pss).count(),
        0,
        "and no transpacific PSS to Rotterdam"
    );
}

#[test]
fn a_sheet_of_local_charges_reaches_every_lane_its_surcharges_name() {
    let h1 = h1_2026();
    let mut amendment = fixed(Amendment, "800", Currency::TWD, Per::Bl, h1);
    amendment.lane = Some(Lane {
        origin: Place::Country("TW".into()),
        destination: Place::Country("US".into()),
        via: vec![],
    });
    let local = sheet(
        SheetKind::Tariff,
        "KHH-LOCAL",
        2,
        h1,
        vec![],
        vec![
            fixed(TelexRelease, "1200", Currency::TWD, Per::Bl, h1),
            amendment,
        ],
    );
    let b = book(vec![asia_neur_tariff(), transpacific(), local]);
    let mut req = fcl_request(None, &[("40HC", 2)], date(2026, 4, 2));
    req.route = route("TWKHH", "USLAX");
    let p = price(&b, &FxTable::default(), &req).unwrap();
    let tlx = line(&p, TelexRelease, None);
    assert_eq!(
        (tlx.amount.amount, tlx.source.name.as_str()),
        (d("1200.00"), "KHH-LOCAL")
    );
    assert_eq!(line(&p, Amendment, None).amount.amount, d("800.00"));
    let neur = price(
        &b,
        &FxTable::default(),
        &fcl_request(None, &[("40HC", 2)], date(2026, 4, 2)),
    )
    .unwrap();
    assert_eq!(neur.lines_for(TelexRelease).count(), 1);
    assert_eq!(
        neur.lines_for(Amendment).count(),
        0,
        "the amendment fee is TW → US only"
    );
}

#[test]
fn a_via_rate_prices_only_that_routing() {
    let h1 = h1_2026();
    let mut via_lax = fcl_line("TWKHH", "USNYC", h1, Currency::USD, &[("40HC", "3900")]);
    via_lax.lane.via = vec![port("USLAX")];
    let all_water = fcl_line("TWKHH", "USNYC", h1, Currency::USD, &[("40HC", "3600")]);
    let b = book(vec![sheet(
        SheetKind::Tariff,
        "T",
        1,
        h1,
        vec![via_lax, all_water],
        vec![],
    )]);
    let mut req = fcl_request(None, &[("40HC", 1)], date(2026, 4, 2));
    req.route = route("TWKHH", "USNYC");
    let direct = price(&b, &FxTable::default(), &req).unwrap();
    assert_eq!(direct.total_in(Currency::USD).unwrap().amount, d("3600.00"));
    req.route.via = Some(port("USLAX"));
    let via = price(&b, &FxTable::default(), &req).unwrap();
    assert_eq!(via.total_in(Currency::USD).unwrap().amount, d("3900.00"));
}

#[test]
fn an_express_envelope_is_priced_per_shipment() {
    let mut sheets = air_and_express().into_sheets();
    sheets[0].lines.push(RateLine {
        lane: Lane::ports(port("TWTPE"), port("JPTYO")),
        mode: Mode::Express,
        commodity: Commodity::Fak,
        validity: h1_2026(),
        currency: Currency::TWD,
        payment: Payment::Prepaid,
        base: BaseRate::PerShipment(d("1350")),
        cell: None,
    });
    let b = book(sheets);
    let p = price(
        &b,
        &FxTable::default(),
        &air_request(
            "JPTYO",
            Mode::Express,
            "0.4",
            vec![piece("32", "24", "1", 1)],
        ),
    )
    .unwrap();
    let exp = line(&p, ExpressFreight, None);
    assert_eq!(exp.amount.amount, d("1350.00"));
    assert_eq!(exp.rule.to_string(), "TWD 1350.00 per shipment");
}
