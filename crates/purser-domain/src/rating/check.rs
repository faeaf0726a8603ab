//! Checks a sheet before it is published: amounts that cannot be right, lines outside the
//! sheet's window, and two lines that would price the same container on the same day
//! (overlapping windows in one sheet make the price depend on row order, so they are
//! refused rather than resolved). Each problem names the field path and, for imported
//! sheets, the cell, so an import can report every bad cell at once.

use super::rates::{BaseRate, RateLine, RateSheet, SheetCell, SheetKind, SurchargeAmount};
use super::validity::Validity;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::fmt;

/// What is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "problem")]
pub enum ProblemKind {
    NotPositive,
    Negative,
    /// The same equipment twice on one line.
    DuplicateColumn,
    /// The line's window is not inside the sheet's: it would never price.
    OutsideSheetWindow,
    /// The window ends before it begins.
    InvertedWindow,
    /// Another line prices the same lane, mode, commodity and equipment on a shared day.
    Overlaps {
        other: String,
    },
    /// A percentage with nothing named to take it of.
    NoBase,
    /// `includes` and `capped_at_tariff` are contract terms; a tariff cannot have them.
    ContractTermOnTariff,
}

/// One problem in a sheet: the field path (e.g. `lines[2].base.columns[1].amount`), the
/// cell when imported, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetProblem {
    pub field: String,
    pub cell: Option<SheetCell>,
    pub kind: ProblemKind,
}

impl fmt::Display for SheetProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.field)?;
        if let Some(c) = &self.cell {
            write!(f, " ({} row {} column {})", c.sheet, c.row, c.column)?;
        }
        match &self.kind {
            ProblemKind::NotPositive => f.write_str(": must be greater than zero"),
            ProblemKind::Negative => f.write_str(": must not be negative"),
            ProblemKind::DuplicateColumn => f.write_str(": equipment listed twice"),
            ProblemKind::OutsideSheetWindow => f.write_str(": validity is outside the sheet's"),
            ProblemKind::InvertedWindow => f.write_str(": ends before it begins"),
            ProblemKind::Overlaps { other } => write!(f, ": overlaps {other}"),
            ProblemKind::NoBase => f.write_str(": names no charge to take a percentage of"),
            ProblemKind::ContractTermOnTariff => f.write_str(": only a contract may have this"),
        }
    }
}

struct Found<'a>(&'a mut Vec<SheetProblem>);

impl Found<'_> {
    fn add(&mut self, field: String, cell: Option<&SheetCell>, kind: ProblemKind) {
        self.0.push(SheetProblem {
            field,
            cell: cell.cloned(),
            kind,
        });
    }

    fn positive(&mut self, v: Decimal, field: String, cell: Option<&SheetCell>) {
        if v <= Decimal::ZERO {
            self.add(field, cell, ProblemKind::NotPositive);
        }
    }

    fn not_negative(&mut self, v: Decimal, field: String, cell: Option<&SheetCell>) {
        if v.is_sign_negative() && !v.is_zero() {
            self.add(field, cell, ProblemKind::Negative);
        }
    }
}

fn check_base(i: usize, line: &RateLine, found: &mut Found<'_>) {
    let cell = line.cell.as_ref();
    let at = |f: &str| format!("lines[{i}].base.{f}");
    match &line.base {
        BaseRate::PerContainer(cols) => {
            for (j, c) in cols.iter().enumerate() {
                let cc = c.cell.as_ref().or(cell);
                found.positive(c.amount, at(&format!("columns[{j}].amount")), cc);
                if cols[..j].iter().any(|p| p.equipment == c.equipment) {
                    found.add(
                        at(&format!("columns[{j}].equipment")),
                        cc,
                        ProblemKind::DuplicateColumn,
                    );
                }
            }
            if cols.is_empty() {
                found.add(at("columns"), cell, ProblemKind::NotPositive);
            }
        }
        BaseRate::PerWm {
            rate,
            minimum_wm,
            kg_per_cbm,
        } => {
            found.positive(*rate, at("rate"), cell);
            found.not_negative(*minimum_wm, at("minimum_wm"), cell);
            found.positive(*kg_per_cbm, at("kg_per_cbm"), cell);
        }
        BaseRate::PerChargeableKg(_) => {} // WeightBreaks::new already checked it.
        BaseRate::PerShipment(a) => found.positive(*a, at("amount"), cell),
    }
}

/// Whether two lines could both price one container (or one shipment) on one day.
fn collide(a: &RateLine, b: &RateLine) -> bool {
    let same_columns = match (&a.base, &b.base) {
        (BaseRate::PerContainer(x), BaseRate::PerContainer(y)) => x
            .iter()
            .any(|c| y.iter().any(|d| d.equipment == c.equipment)),
        (BaseRate::PerContainer(_), _) | (_, BaseRate::PerContainer(_)) => false,
        _ => true,
    };
    a.mode == b.mode
        && a.lane == b.lane
        && a.commodity == b.commodity
        && same_columns
        && a.validity.overlaps(&b.validity)
}

/// Every problem in the sheet; empty when it may be published.
pub fn check(sheet: &RateSheet) -> Vec<SheetProblem> {
    let mut out = Vec::new();
    let mut found = Found(&mut out);
    if sheet.kind == SheetKind::Tariff {
        if !sheet.includes.is_empty() {
            found.add("includes".into(), None, ProblemKind::ContractTermOnTariff);
        }
        if sheet.capped_at_tariff {
            found.add(
                "capped_at_tariff".into(),
                None,
                ProblemKind::ContractTermOnTariff,
            );
        }
    }
    let inverted = |v: &Validity| v.to.is_some_and(|t| t < v.from);
    if inverted(&sheet.validity) {
        found.add("validity".into(), None, ProblemKind::InvertedWindow);
    }
    let within = |v: &Validity| {
        v.from >= sheet.validity.from
            && match (v.to, sheet.validity.to) {
                (_, None) => true,
                (Some(a), Some(b)) => a <= b,
                (None, Some(_)) => false,
            }
    };
    for (i, line) in sheet.lines.iter().enumerate() {
        check_base(i, line, &mut found);
        if !within(&line.validity) {
            found.add(
                format!("lines[{i}].validity"),
                line.cell.as_ref(),
                ProblemKind::OutsideSheetWindow,
            );
        }
        if let Some(j) = sheet.lines[..i].iter().position(|o| collide(o, line)) {
            let other = format!("lines[{j}]");
            let other = match &sheet.lines[j].cell {
                Some(c) => format!("{other} (row {})", c.row),
                None => other,
            };
            found.add(
                format!("lines[{i}].validity"),
                line.cell.as_ref(),
                ProblemKind::Overlaps { other },
            );
        }
    }
    for (i, s) in sheet.surcharges.iter().enumerate() {
        let cell = s.cell.as_ref();
        match &s.amount {
            SurchargeAmount::Fixed { amount, .. } => {
                found.not_negative(*amount, format!("surcharges[{i}].amount"), cell)
            }
            SurchargeAmount::Percent { percent, of } => {
                found.positive(*percent, format!("surcharges[{i}].percent"), cell);
                if of.is_empty() {
                    found.add(format!("surcharges[{i}].of"), cell, ProblemKind::NoBase);
                }
            }
        }
        if inverted(&s.validity) {
            found.add(
                format!("surcharges[{i}].validity"),
                cell,
                ProblemKind::InvertedWindow,
            );
        } else if !within(&s.validity) {
            found.add(
                format!("surcharges[{i}].validity"),
                cell,
                ProblemKind::OutsideSheetWindow,
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::tests::fixtures::*;
    use super::*;
    use crate::rating::charges::ChargeCode;
    use crate::rating::money::Currency;
    use jiff::civil::date;

    #[test]
    fn the_demo_tariff_is_clean() {
        assert_eq!(check(&asia_neur_tariff()), vec![]);
        for s in alice_contract_v1_v2() {
            assert_eq!(check(&s), vec![]);
        }
    }

    #[test]
    fn overlapping_windows_for_the_same_column_are_refused_with_both_rows() {
        let mut t = asia_neur_tariff();
        let cell = |row| SheetCell {
            file: "f.xlsx".into(),
            sheet: "FCL".into(),
            row,
            column: "A".into(),
        };
        t.lines[0].cell = Some(cell(4));
        let mut second = fcl_line(
            "TWKHH",
            "NLRTM",
            window(date(2026, 3, 1), date(2026, 6, 30)),
            Currency::USD,
            &[("40HC", "1900")],
        );
        second.cell = Some(cell(9));
        t.lines.push(second.clone());
        let p = check(&t);
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(
            p[0].kind,
            ProblemKind::Overlaps {
                other: "lines[0] (row 4)".into()
            }
        );
        assert_eq!(
            p[0].to_string(),
            "lines[1].validity (FCL row 9 column A): overlaps lines[0] (row 4)"
        );
        // Another equipment on the same days is no overlap.
        t.lines[1] = fcl_line(
            "TWKHH",
            "NLRTM",
            second.validity,
            Currency::USD,
            &[("42U1", "2100")],
        );
        assert_eq!(check(&t), vec![]);
    }

    #[test]
    fn bad_amounts_and_windows_are_named_by_field() {
        let mut t = asia_neur_tariff();
        if let BaseRate::PerContainer(cols) = &mut t.lines[0].base {
            cols[1].amount = Decimal::ZERO;
            cols[2].equipment = cols[0].equipment;
        }
        t.surcharges.push(fixed(
            ChargeCode::Pss,
            "-5",
            Currency::USD,
            super::super::rates::Per::Unit,
            window(date(2026, 6, 1), date(2026, 7, 31)),
        ));
        t.surcharges
            .push(percent(ChargeCode::Caf, "3", &[], h1_2026()));
        t.includes.push(ChargeCode::Baf);
        t.lines[0].validity.to = Some(date(2025, 12, 1));
        let fields: Vec<(String, ProblemKind)> =
            check(&t).into_iter().map(|p| (p.field, p.kind)).collect();
        assert_eq!(
            fields,
            vec![
                ("includes".into(), ProblemKind::ContractTermOnTariff),
                (
                    "lines[0].base.columns[1].amount".into(),
                    ProblemKind::NotPositive
                ),
                (
                    "lines[0].base.columns[2].equipment".into(),
                    ProblemKind::DuplicateColumn
                ),
                ("surcharges[8].amount".into(), ProblemKind::Negative),
                (
                    "surcharges[8].validity".into(),
                    ProblemKind::OutsideSheetWindow
                ),
                ("surcharges[9].of".into(), ProblemKind::NoBase),
            ]
        );
    }
}
