//! Sheets and requests the engine tests share. Figures are chosen so every expected total
//! can be worked out by hand in the test that uses it.

use crate::ids::UnLocode;
use crate::rating::book::RateBook;
use crate::rating::cargo::{Cargo, ContainerCount, Piece};
use crate::rating::charges::ChargeCode;
use crate::rating::equipment::SizeType;
use crate::rating::fx::{ExchangeRate, FxTable};
use crate::rating::lanes::{Lane, Route};
use crate::rating::money::Currency;
use crate::rating::price::PriceRequest;
use crate::rating::rates::*;
use crate::rating::validity::Validity;
use jiff::civil::{Date, date};
use rust_decimal::Decimal;
use uuid::Uuid;

pub fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

pub fn port(s: &str) -> UnLocode {
    UnLocode::parse(s).unwrap()
}

pub fn eq(s: &str) -> SizeType {
    SizeType::parse(s).unwrap()
}

pub const ALICE: Uuid = Uuid::from_u128(0xA11CE);
pub const BOB: Uuid = Uuid::from_u128(0xB0B);

pub fn window(from: Date, to: Date) -> Validity {
    Validity::between(from, to).unwrap()
}

/// 2026-01-01 to 2026-06-30.
pub fn h1_2026() -> Validity {
    window(date(2026, 1, 1), date(2026, 6, 30))
}

pub fn fcl_line(
    o: &str,
    dst: &str,
    validity: Validity,
    cur: Currency,
    cols: &[(&str, &str)],
) -> RateLine {
    RateLine {
        lane: Lane::ports(port(o), port(dst)),
        mode: Mode::SeaFcl,
        commodity: Commodity::Fak,
        validity,
        currency: cur,
        payment: Payment::Prepaid,
        base: BaseRate::PerContainer(
            cols.iter()
                .map(|(e, a)| ContainerPrice {
                    equipment: eq(e),
                    amount: d(a),
                    cell: None,
                })
                .collect(),
        ),
        cell: None,
    }
}

pub fn fixed(
    code: ChargeCode,
    amount: &str,
    cur: Currency,
    per: Per,
    validity: Validity,
) -> Surcharge {
    Surcharge {
        code,
        lane: None,
        modes: vec![],
        equipment: None,
        validity,
        payment: Payment::Prepaid,
        amount: SurchargeAmount::Fixed {
            amount: d(amount),
            currency: cur,
            per,
        },
        cell: None,
    }
}

pub fn percent(code: ChargeCode, pct: &str, of: &[ChargeCode], validity: Validity) -> Surcharge {
    Surcharge {
        code,
        lane: None,
        modes: vec![],
        equipment: None,
        validity,
        payment: Payment::Prepaid,
        amount: SurchargeAmount::Percent {
            percent: d(pct),
            of: of.to_vec(),
        },
        cell: None,
    }
}

pub fn for_equipment(mut s: Surcharge, e: &str) -> Surcharge {
    s.equipment = Some(eq(e));
    s
}

pub fn collect(mut s: Surcharge) -> Surcharge {
    s.payment = Payment::Collect;
    s
}

pub fn sheet(
    kind: SheetKind,
    name: &str,
    version: u32,
    validity: Validity,
    lines: Vec<RateLine>,
    surcharges: Vec<Surcharge>,
) -> RateSheet {
    RateSheet {
        kind,
        name: name.into(),
        version,
        validity,
        lines,
        surcharges,
        includes: vec![],
        capped_at_tariff: false,
    }
}

/// The Asia–North Europe FCL tariff, v3, first half of 2026, Kaohsiung → Rotterdam:
/// O/F USD 1200 (20GP) / 1700 (40GP) / 1850 (40HC); BAF USD 250 per container; CAF 4 % of
/// O/F; ISPS USD 12 per container; OTHC TWD 5600 (20GP) / 7000 (40HC); DTHC EUR 230 per
/// container, collect; DOC TWD 1500 per B/L; GRI USD 300 per container from 2026-04-15.
pub fn asia_neur_tariff() -> RateSheet {
    let h1 = h1_2026();
    sheet(
        SheetKind::Tariff,
        "ASIA-NEUR",
        3,
        h1,
        vec![fcl_line(
            "TWKHH",
            "NLRTM",
            h1,
            Currency::USD,
            &[("20GP", "1200"), ("40GP", "1700"), ("40HC", "1850")],
        )],
        vec![
            fixed(ChargeCode::Baf, "250", Currency::USD, Per::Unit, h1),
            percent(ChargeCode::Caf, "4", &[ChargeCode::OceanFreight], h1),
            fixed(ChargeCode::Isps, "12", Currency::USD, Per::Unit, h1),
            for_equipment(
                fixed(ChargeCode::ThcOrigin, "5600", Currency::TWD, Per::Unit, h1),
                "20GP",
            ),
            for_equipment(
                fixed(ChargeCode::ThcOrigin, "7000", Currency::TWD, Per::Unit, h1),
                "40HC",
            ),
            collect(fixed(
                ChargeCode::ThcDestination,
                "230",
                Currency::EUR,
                Per::Unit,
                h1,
            )),
            fixed(
                ChargeCode::Documentation,
                "1500",
                Currency::TWD,
                Per::Bl,
                h1,
            ),
            fixed(
                ChargeCode::Gri,
                "300",
                Currency::USD,
                Per::Unit,
                window(date(2026, 4, 15), date(2026, 6, 30)),
            ),
        ],
    )
}

/// Alice's service contract SC-2026-0042: v1 in the first quarter, v2 from April; 40HC
/// only (USD 1500 in v1, 1600 in v2), BAF USD 200 for 40HC only. Everything else falls
/// back to the tariff.
pub fn alice_contract_v1_v2() -> Vec<RateSheet> {
    let q1 = window(date(2026, 1, 1), date(2026, 3, 31));
    let rest = window(date(2026, 4, 1), date(2026, 12, 31));
    let v = |version, validity, ofr: &str| {
        sheet(
            SheetKind::Contract {
                customer: ALICE,
                agreement: Agreement::ServiceContract,
            },
            "SC-2026-0042",
            version,
            validity,
            vec![fcl_line(
                "TWKHH",
                "NLRTM",
                validity,
                Currency::USD,
                &[("40HC", ofr)],
            )],
            vec![for_equipment(
                fixed(ChargeCode::Baf, "200", Currency::USD, Per::Unit, validity),
                "40HC",
            )],
        )
    };
    vec![v(1, q1, "1500"), v(2, rest, "1600")]
}

pub fn route(o: &str, dst: &str) -> Route {
    Route {
        origin: port(o),
        destination: port(dst),
        via: None,
    }
}

pub fn fcl_request(customer: Option<Uuid>, containers: &[(&str, u32)], day: Date) -> PriceRequest {
    PriceRequest {
        customer,
        contract: None,
        route: route("TWKHH", "NLRTM"),
        mode: Mode::SeaFcl,
        hs_code: None,
        cargo: Cargo::containers(
            containers
                .iter()
                .map(|(e, n)| ContainerCount {
                    equipment: eq(e),
                    count: *n,
                })
                .collect(),
        )
        .unwrap(),
        rate_date: day,
        target: None,
    }
}

pub fn piece(l: &str, w: &str, h: &str, count: u32) -> Piece {
    Piece {
        length_cm: d(l),
        width_cm: d(w),
        height_cm: d(h),
        count,
    }
}

pub fn book(sheets: Vec<RateSheet>) -> RateBook {
    RateBook::new(sheets)
}

/// USD→TWD 32.10 (March) and 32.45 (April), EUR→TWD 35.20, USD→JPY 151.37, USD→KWD 0.3072.
pub fn fx() -> FxTable {
    let r = |from, to, rate: &str, day| ExchangeRate {
        from,
        to,
        rate: d(rate),
        date: day,
    };
    FxTable {
        rates: vec![
            r(Currency::USD, Currency::TWD, "32.10", date(2026, 3, 1)),
            r(Currency::USD, Currency::TWD, "32.45", date(2026, 4, 1)),
            r(Currency::EUR, Currency::TWD, "35.20", date(2026, 3, 30)),
            r(Currency::USD, Currency::JPY, "151.37", date(2026, 4, 1)),
            r(Currency::USD, Currency::KWD, "0.3072", date(2026, 4, 1)),
        ],
    }
}
