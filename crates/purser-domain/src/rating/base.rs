//! Base freight: find the line that prices one part of the cargo (one container type, or
//! the whole LCL/air shipment) on one sheet, and price it by the mode's rule. When no line
//! fits, the reasons say which check failed: lane, commodity, date, or equipment column.

use super::book::SheetRef;
use super::cargo::CargoShape;
use super::charges::ChargeCode;
use super::equipment::SizeType;
use super::measure::{
    AIR_DIVISOR, EXPRESS_DIVISOR, chargeable_weight, price_by_breaks, revenue_tons,
};
use super::money::{Money, Rounding};
use super::price::{PriceRequest, PricedLine};
use super::rates::{BaseRate, Mode, RateLine, RateSheet, SheetCell};
use super::reasons::Reason;
use super::rule::{Rule, Unit};
use super::sources::outside;
use rust_decimal::Decimal;

/// The part of the cargo a base line prices: one container type and count, or all of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Slot {
    pub equipment: Option<SizeType>,
    pub count: u32,
}

/// The base slots of the request's cargo.
pub(super) fn slots(req: &PriceRequest) -> Vec<Slot> {
    match req.cargo.shape() {
        CargoShape::Containers(list) => list
            .iter()
            .map(|c| Slot {
                equipment: Some(c.equipment),
                count: c.count,
            })
            .collect(),
        _ => vec![Slot {
            equipment: None,
            count: 1,
        }],
    }
}

/// The base freight charge code of a mode.
pub(super) fn base_code(mode: Mode) -> ChargeCode {
    match mode {
        Mode::SeaFcl | Mode::SeaLcl => ChargeCode::OceanFreight,
        Mode::Air => ChargeCode::AirFreight,
        Mode::Express => ChargeCode::ExpressFreight,
    }
}

fn suits(base: &BaseRate, mode: Mode) -> bool {
    matches!(
        (base, mode),
        (BaseRate::PerContainer(_), Mode::SeaFcl)
            | (BaseRate::PerWm { .. }, Mode::SeaLcl)
            | (BaseRate::PerChargeableKg(_), Mode::Air | Mode::Express)
            | (
                BaseRate::PerShipment(_),
                Mode::SeaLcl | Mode::Air | Mode::Express
            )
    )
}

fn column(line: &RateLine, equipment: Option<SizeType>) -> bool {
    match (&line.base, equipment) {
        (BaseRate::PerContainer(cols), Some(e)) => cols.iter().any(|c| c.equipment == e),
        (BaseRate::PerContainer(_), None) => false,
        _ => true,
    }
}

/// The best line of `sheet` for `slot`, or the reasons none fits (empty when the sheet
/// does not rate the lane at all).
pub(super) fn find<'a>(
    sheet: SheetRef<'a>,
    req: &PriceRequest,
    slot: Slot,
) -> Result<&'a RateLine, Vec<Reason>> {
    let hs = req.hs_code.as_deref();
    let on_lane: Vec<(u8, &RateLine)> = sheet
        .lines_near(&req.route)
        .filter(|l| l.mode == req.mode)
        .filter_map(|l| l.lane.fit(&req.route).map(|f| (f, l)))
        .collect();
    if on_lane.is_empty() {
        return Err(Vec::new());
    }
    let source = |l: &RateLine| sheet.source(l.cell.as_ref());
    let for_goods: Vec<(u8, usize, &RateLine)> = on_lane
        .iter()
        .filter_map(|(f, l)| l.commodity.fit(hs).map(|c| (*f, c, *l)))
        .collect();
    if for_goods.is_empty() {
        return Err(vec![Reason::CommodityNotCovered {
            source: source(on_lane[0].1),
            hs_code: req.hs_code.clone(),
        }]);
    }
    let valid: Vec<&(u8, usize, &RateLine)> = for_goods
        .iter()
        .filter(|(_, _, l)| l.validity.contains(req.rate_date))
        .collect();
    if valid.is_empty() {
        // The line nearest the date explains it: the latest that began, else the earliest.
        let began = for_goods
            .iter()
            .filter(|(_, _, l)| l.validity.from <= req.rate_date)
            .max_by_key(|(_, _, l)| l.validity.from);
        let (_, _, l) = began
            .or_else(|| for_goods.iter().min_by_key(|(_, _, l)| l.validity.from))
            .copied()
            .unwrap_or(for_goods[0]);
        return Err(l
            .validity
            .check(req.rate_date)
            .err()
            .map(|w| outside(source(l), w, req))
            .into_iter()
            .collect());
    }
    let fitting = valid
        .iter()
        .filter(|(_, _, l)| suits(&l.base, req.mode) && column(l, slot.equipment))
        .max_by_key(|(f, c, l)| (*f, *c, l.validity.from));
    match fitting {
        Some((_, _, l)) => Ok(l),
        None => {
            let l = valid[0].2;
            Err(vec![match (slot.equipment, suits(&l.base, req.mode)) {
                (Some(equipment), true) => Reason::NoColumn {
                    source: source(l),
                    equipment,
                },
                _ => Reason::BasisDoesNotSuitCargo {
                    source: source(l),
                    mode: req.mode,
                },
            }])
        }
    }
}

/// The priced base line and the quantity per-unit surcharges multiply by (containers,
/// billed W/M, chargeable kg); `None` when the line cannot price this cargo, which
/// [`find`] has already ruled out.
pub(super) fn price(
    sheet: &RateSheet,
    line: &RateLine,
    req: &PriceRequest,
    slot: Slot,
) -> Option<(PricedLine, Decimal)> {
    let cur = line.currency;
    let mut cell: Option<&SheetCell> = line.cell.as_ref();
    let (rule, exact, quantity, unit, units) = match (&line.base, req.cargo.shape()) {
        (BaseRate::PerContainer(cols), _) => {
            let col = cols.iter().find(|c| Some(c.equipment) == slot.equipment)?;
            cell = col.cell.as_ref().or(cell);
            let count = Decimal::from(slot.count);
            let rule = Rule::PerContainer {
                equipment: col.equipment,
                count: slot.count,
                unit_price: Money::new(col.amount, cur),
            };
            (rule, count * col.amount, count, Unit::Container, count)
        }
        (
            BaseRate::PerWm {
                rate,
                minimum_wm,
                kg_per_cbm,
            },
            CargoShape::Loose { gross_kg, cbm },
        ) => {
            let m = revenue_tons(*gross_kg, *cbm, *kg_per_cbm, *minimum_wm);
            let rule = Rule::PerRevenueTon {
                measure: m,
                rate: Money::new(*rate, cur),
            };
            (rule, m.billed * rate, m.billed, Unit::RevenueTon, m.billed)
        }
        (BaseRate::PerChargeableKg(breaks), CargoShape::Pieces { gross_kg, pieces }) => {
            let divisor = if req.mode == Mode::Express {
                EXPRESS_DIVISOR
            } else {
                AIR_DIVISOR
            };
            let w = chargeable_weight(*gross_kg, pieces, divisor);
            let o = price_by_breaks(breaks, w.chargeable_kg);
            let rule = Rule::ByWeightClass {
                weight: w,
                outcome: o,
                currency: cur,
            };
            (
                rule,
                o.charged.amount,
                o.charged.billed_kg,
                Unit::ChargeableKg,
                w.chargeable_kg,
            )
        }
        (BaseRate::PerShipment(amount), shape) => {
            let units = match shape {
                CargoShape::Loose { gross_kg, cbm } => {
                    revenue_tons(*gross_kg, *cbm, Decimal::ONE_THOUSAND, Decimal::ZERO).wm
                }
                CargoShape::Pieces { gross_kg, pieces } => {
                    let div = if req.mode == Mode::Express {
                        EXPRESS_DIVISOR
                    } else {
                        AIR_DIVISOR
                    };
                    chargeable_weight(*gross_kg, pieces, div).chargeable_kg
                }
                CargoShape::Containers(_) => Decimal::ONE,
            };
            let rule = Rule::PerShipment {
                amount: Money::new(*amount, cur),
            };
            (rule, *amount, Decimal::ONE, Unit::Shipment, units)
        }
        _ => return None,
    };
    let (amount, rounding) = Rounding::apply(exact, cur);
    let line = PricedLine {
        charge: base_code(req.mode),
        equipment: slot.equipment,
        payment: line.payment,
        source: sheet.source(cell),
        rule,
        quantity,
        unit,
        amount,
        rounding,
        converted: None,
    };
    Some((line, units))
}
