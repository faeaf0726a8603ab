//! The pricing engine: one pure function from a request, the rate book and the recorded
//! exchange rates to a price or the reasons there is none. Charge by charge, a valid
//! contract of the customer beats the tariff and the tariff fills what the contract lacks;
//! the rate date decides which sheet versions, lines, surcharges and GRIs apply.

use super::base::{self, Slot};
use super::book::{RateBook, SheetRef};
use super::fx::FxTable;
use super::money::{Money, Rounding};
use super::price::{Converted, Price, PriceRequest, PricedLine, totals_per_currency};
use super::rates::{RateSheet, SourceKind};
use super::reasons::{NoRate, Reason};
use super::rule::Rule;
use super::sources;
use super::surcharges;
use rust_decimal::Decimal;

fn push_unique(into: &mut Vec<Reason>, more: impl IntoIterator<Item = Reason>) {
    for r in more {
        if !into.contains(&r) {
            into.push(r);
        }
    }
}

/// Prices `req` from `book`, converting at `fx` when a target currency is asked for.
///
/// A price needs a base freight for every part of the cargo; surcharges apply where some
/// sheet has them. Anything less is a [`NoRate`] with every reason found.
pub fn price(book: &RateBook, fx: &FxTable, req: &PriceRequest) -> Result<Price, NoRate> {
    if !req.cargo.suits(req.mode) {
        return Err(NoRate {
            reasons: vec![Reason::CargoDoesNotSuitMode {
                mode: req.mode,
                cargo: req.cargo.kind(),
            }],
        });
    }
    let src = sources::select(book, req);
    let tariffs: Vec<SheetRef<'_>> = src
        .sheets
        .iter()
        .copied()
        .filter(|s| s.source_kind() == SourceKind::Tariff)
        .collect();
    let mut notes = src.contract_notes.clone();
    let mut missing = Vec::new();
    let mut lines = Vec::new();
    let mut bases: Vec<(Slot, &RateSheet, Decimal)> = Vec::new();

    let slots = base::slots(req);
    for &slot in &slots {
        let mut tried = Vec::new();
        let found = src
            .sheets
            .iter()
            .find_map(|sh| match base::find(*sh, req, slot) {
                Ok(l) => Some((*sh, l)),
                Err(r) => {
                    tried.extend(r);
                    None
                }
            });
        let priced = found
            .and_then(|(sh, l)| base::price(sh.sheet(), l, req, slot).map(|p| (sh.sheet(), p)));
        match priced {
            Some((sheet, (mut line, units))) => {
                if sheet.capped_at_tariff {
                    let alt = tariffs.iter().find_map(|t| {
                        let l = base::find(*t, req, slot).ok()?;
                        base::price(t.sheet(), l, req, slot).map(|p| p.0)
                    });
                    line = cap(line, alt, fx, req);
                }
                lines.push(line);
                bases.push((slot, sheet, units));
                push_unique(&mut notes, tried);
            }
            None => push_unique(&mut missing, tried),
        }
    }
    if !missing.is_empty() || bases.len() < slots.len() {
        let mut reasons = src.contract_notes;
        push_unique(&mut reasons, src.left_out);
        push_unique(&mut reasons, missing);
        if reasons.iter().all(|r| {
            matches!(
                r,
                Reason::ContractOfAnotherCustomer { .. } | Reason::UnknownContract { .. }
            )
        }) {
            reasons.push(Reason::NoLane {
                mode: req.mode,
                route: req.route.clone(),
            });
        }
        return Err(NoRate { reasons });
    }
    push_unique(&mut notes, src.left_out);

    add_surcharges(
        &src.sheets,
        &tariffs,
        &bases,
        fx,
        req,
        &mut lines,
        &mut notes,
    );
    let target_total = convert(&mut lines, fx, req)?;
    Ok(Price {
        rate_date: req.rate_date,
        totals: totals_per_currency(&lines),
        lines,
        target_total,
        notes,
    })
}

/// Adds every surcharge that applies, fixed ones first, then percentages of them.
fn add_surcharges(
    sheets: &[SheetRef<'_>],
    tariffs: &[SheetRef<'_>],
    bases: &[(Slot, &RateSheet, Decimal)],
    fx: &FxTable,
    req: &PriceRequest,
    lines: &mut Vec<PricedLine>,
    notes: &mut Vec<Reason>,
) {
    let slots: Vec<Slot> = bases.iter().map(|b| b.0).collect();
    let mut percents = Vec::new();
    for code in surcharges::codes(sheets, req, &slots) {
        let mut once_done = false;
        for (slot, base_sheet, units) in bases {
            let Some((sheet, s)) = surcharges::resolve(sheets, code, req, *slot) else {
                continue;
            };
            // An all-in contract rate includes the charge for the boxes it prices; a per-B/L
            // fee it includes is not charged at all, even if another box fell back to the tariff.
            let included_by = if surcharges::per_bl(s) {
                bases
                    .iter()
                    .map(|b| b.1)
                    .find(|b| b.includes.contains(&code))
            } else {
                Some(*base_sheet).filter(|b| b.includes.contains(&code))
            };
            if let Some(all_in) = included_by {
                let source = all_in.source(None);
                push_unique(notes, [Reason::IncludedInContract { code, source }]);
                continue;
            }
            if surcharges::per_bl(s) {
                if once_done {
                    continue;
                }
                once_done = true;
            }
            let Some(mut line) = surcharges::price_fixed(sheet, s, *slot, *units, req.mode) else {
                percents.push((sheet, s, *slot));
                continue;
            };
            if sheet.capped_at_tariff {
                let alt = surcharges::resolve(tariffs, code, req, *slot)
                    .and_then(|(t, ts)| surcharges::price_fixed(t, ts, *slot, *units, req.mode));
                line = cap(line, alt, fx, req);
            }
            lines.push(line);
        }
    }
    let fixed = lines.clone();
    for (sheet, s, slot) in percents {
        let alt = sheet
            .capped_at_tariff
            .then(|| surcharges::resolve(tariffs, s.code, req, slot))
            .flatten()
            .map(|(t, ts)| surcharges::price_percent(t, ts, slot, &fixed))
            .unwrap_or_default();
        for line in surcharges::price_percent(sheet, s, slot, &fixed) {
            let same = alt
                .iter()
                .find(|a| a.amount.currency == line.amount.currency)
                .cloned();
            lines.push(if sheet.capped_at_tariff {
                cap(line, same, fx, req)
            } else {
                line
            });
        }
    }
}

/// Under a "not above tariff" clause: the tariff's line when it is cheaper (compared in
/// the contract line's currency at the recorded rate), else the contract's.
fn cap(
    contract: PricedLine,
    tariff: Option<PricedLine>,
    fx: &FxTable,
    req: &PriceRequest,
) -> PricedLine {
    let Some(t) = tariff else {
        return contract;
    };
    let c = contract.amount.currency;
    let in_c = if t.amount.currency == c {
        Some(t.amount.amount)
    } else {
        fx.rate_on(t.amount.currency, c, req.rate_date)
            .map(|u| c.round(u.convert(t.amount.amount)))
    };
    match in_c {
        Some(a) if a < contract.amount.amount => PricedLine {
            rule: Rule::CappedAtTariff {
                contract_amount: contract.amount,
                tariff_rule: Box::new(t.rule.clone()),
            },
            ..t
        },
        _ => contract,
    }
}

/// Converts each line to the target currency at the rate recorded on or before the rate
/// date, rounding each line; the target total is the sum of the converted lines.
fn convert(
    lines: &mut [PricedLine],
    fx: &FxTable,
    req: &PriceRequest,
) -> Result<Option<Money>, NoRate> {
    let Some(target) = req.target else {
        return Ok(None);
    };
    let mut missing = Vec::new();
    let mut total = Money::zero(target);
    for l in lines.iter_mut() {
        let from = l.amount.currency;
        let (exact, used) = if from == target {
            (l.amount.amount, None)
        } else {
            match fx.rate_on(from, target, req.rate_date) {
                Some(u) => (u.convert(l.amount.amount), Some(u)),
                None => {
                    push_unique(
                        &mut missing,
                        [Reason::NoExchangeRate {
                            from,
                            to: target,
                            on_or_before: req.rate_date,
                        }],
                    );
                    continue;
                }
            }
        };
        let (amount, rounding) = Rounding::apply(exact, target);
        total.amount += amount.amount;
        l.converted = Some(Converted {
            amount,
            rounding,
            fx: used,
        });
    }
    if missing.is_empty() {
        Ok(Some(total))
    } else {
        Err(NoRate { reasons: missing })
    }
}
