//! Surcharges and fees, charge by charge: for each code, the first sheet (contract before
//! tariff) with a surcharge that applies on the rate date prices it. Fixed amounts are per
//! unit (container, W/M, chargeable kg) or per B/L; percentages are of named charges
//! already priced, in their currency.

use super::base::Slot;
use super::book::SheetRef;
use super::charges::ChargeCode;
use super::money::{Currency, Money, Rounding};
use super::price::{PriceRequest, PricedLine};
use super::rates::{Mode, Per, RateSheet, Surcharge, SurchargeAmount};
use super::rule::{Rule, Unit};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};

fn best_on<'a>(
    sheet: &'a RateSheet,
    code: ChargeCode,
    req: &PriceRequest,
    slot: Slot,
) -> Option<&'a Surcharge> {
    sheet
        .surcharges
        .iter()
        .filter(|s| s.code == code)
        .filter_map(|s| {
            s.fit(&req.route, req.mode, slot.equipment, req.rate_date)
                .map(|f| (f, s))
        })
        .max_by_key(|(f, _)| *f)
        .map(|(_, s)| s)
}

/// The first sheet, in order, with a surcharge of `code` for `slot`, and that surcharge.
pub(super) fn resolve<'a>(
    sheets: &[SheetRef<'a>],
    code: ChargeCode,
    req: &PriceRequest,
    slot: Slot,
) -> Option<(&'a RateSheet, &'a Surcharge)> {
    sheets
        .iter()
        .find_map(|sh| best_on(sh.sheet(), code, req, slot).map(|s| (sh.sheet(), s)))
}

/// Every code some sheet charges for some slot on the rate date, in table order.
pub(super) fn codes(
    sheets: &[SheetRef<'_>],
    req: &PriceRequest,
    slots: &[Slot],
) -> BTreeSet<ChargeCode> {
    let mut out = BTreeSet::new();
    for sh in sheets {
        for s in &sh.surcharges {
            if slots.iter().any(|sl| {
                s.fit(&req.route, req.mode, sl.equipment, req.rate_date)
                    .is_some()
            }) {
                out.insert(s.code);
            }
        }
    }
    out
}

fn unit_of(mode: Mode) -> Unit {
    match mode {
        Mode::SeaFcl => Unit::Container,
        Mode::SeaLcl => Unit::RevenueTon,
        Mode::Air | Mode::Express => Unit::ChargeableKg,
    }
}

/// A fixed surcharge priced for a slot; `None` for a percentage.
pub(super) fn price_fixed(
    sheet: &RateSheet,
    s: &Surcharge,
    slot: Slot,
    units: Decimal,
    mode: Mode,
) -> Option<PricedLine> {
    let SurchargeAmount::Fixed {
        amount,
        currency,
        per,
    } = &s.amount
    else {
        return None;
    };
    let price = Money::new(*amount, *currency);
    let (rule, quantity, unit, equipment) = match per {
        Per::Unit => (
            Rule::FixedPerUnit {
                quantity: units,
                unit: unit_of(mode),
                unit_price: price,
            },
            units,
            unit_of(mode),
            slot.equipment,
        ),
        Per::Bl => (
            Rule::FixedPerBl { amount: price },
            Decimal::ONE,
            Unit::Shipment,
            None,
        ),
    };
    let (money, rounding) = Rounding::apply(quantity * amount, *currency);
    Some(PricedLine {
        charge: s.code,
        equipment,
        payment: s.payment,
        source: sheet.source(s.cell.as_ref()),
        rule,
        quantity,
        unit,
        amount: money,
        rounding,
        converted: None,
    })
}

/// A percentage surcharge over the named charges already priced for the slot: one line
/// per currency those charges are in. Empty for a fixed surcharge or nothing to take a
/// percentage of.
pub(super) fn price_percent(
    sheet: &RateSheet,
    s: &Surcharge,
    slot: Slot,
    priced: &[PricedLine],
) -> Vec<PricedLine> {
    let SurchargeAmount::Percent { percent, of } = &s.amount else {
        return Vec::new();
    };
    let mut bases: BTreeMap<Currency, Decimal> = BTreeMap::new();
    for l in priced.iter().filter(|l| {
        of.contains(&l.charge) && (slot.equipment.is_none() || l.equipment == slot.equipment)
    }) {
        *bases.entry(l.amount.currency).or_default() += l.amount.amount;
    }
    bases
        .into_iter()
        .map(|(currency, base)| {
            let (amount, rounding) =
                Rounding::apply(base * percent / Decimal::ONE_HUNDRED, currency);
            PricedLine {
                charge: s.code,
                equipment: slot.equipment,
                payment: s.payment,
                source: sheet.source(s.cell.as_ref()),
                rule: Rule::PercentOf {
                    percent: *percent,
                    of: of.clone(),
                    base: Money::new(base, currency),
                },
                quantity: Decimal::ONE,
                unit: Unit::Shipment,
                amount,
                rounding,
                converted: None,
            }
        })
        .collect()
}

/// Whether the surcharge is charged once per B/L rather than per slot.
pub(super) fn per_bl(s: &Surcharge) -> bool {
    matches!(s.amount, SurchargeAmount::Fixed { per: Per::Bl, .. })
}
