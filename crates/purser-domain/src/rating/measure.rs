//! The quantities freight is billed on: revenue tons for LCL, chargeable weight for air
//! and express, and the IATA weight class that prices it. Pure arithmetic on exact
//! decimals; each result keeps its inputs so a line can show its working.

use super::cargo::Piece;
use super::rates::WeightBreaks;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The IATA volumetric divisor for air cargo (cm³ per kg).
pub const AIR_DIVISOR: u32 = 6000;
/// The volumetric divisor express carriers use (cm³ per kg).
pub const EXPRESS_DIVISOR: u32 = 5000;

/// LCL billing quantity: W/M = max(weight ÷ kg-per-cbm, cbm), at least the minimum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevenueTons {
    pub gross_kg: Decimal,
    pub cbm: Decimal,
    pub kg_per_cbm: Decimal,
    /// max(gross_kg ÷ kg_per_cbm, cbm).
    pub wm: Decimal,
    pub minimum: Decimal,
    /// max(wm, minimum): what is charged.
    pub billed: Decimal,
}

/// W/M for LCL with the lane's kg-per-cbm ratio (1000 makes it max(tonnes, cbm)).
pub fn revenue_tons(
    gross_kg: Decimal,
    cbm: Decimal,
    kg_per_cbm: Decimal,
    minimum: Decimal,
) -> RevenueTons {
    let by_weight = gross_kg / kg_per_cbm;
    let wm = by_weight.max(cbm).normalize();
    RevenueTons {
        gross_kg,
        cbm,
        kg_per_cbm,
        wm,
        minimum,
        billed: wm.max(minimum),
    }
}

/// Air or express chargeable weight with its working.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChargeableWeight {
    pub gross_kg: Decimal,
    /// Σ pieces × L × W × H, each dimension rounded half-up to the whole cm.
    pub volume_cm3: Decimal,
    pub divisor: u32,
    /// volume_cm3 ÷ divisor, exact.
    pub volumetric_kg: Decimal,
    /// max(gross, volumetric) rounded up to the next 0.5 kg.
    pub chargeable_kg: Decimal,
}

/// Rounds up to the next half kilogram (IATA): 40.01 → 40.5, 40.5 → 40.5.
pub fn up_to_half_kg(kg: Decimal) -> Decimal {
    let halves =
        (kg * Decimal::TWO).round_dp_with_strategy(0, RoundingStrategy::ToPositiveInfinity);
    (halves / Decimal::TWO).normalize()
}

/// Chargeable weight: max(gross, volume ÷ divisor), dimensions rounded to the cm first,
/// then up to the next 0.5 kg.
pub fn chargeable_weight(gross_kg: Decimal, pieces: &[Piece], divisor: u32) -> ChargeableWeight {
    let cm = |x: Decimal| x.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
    let volume_cm3: Decimal = pieces
        .iter()
        .map(|p| Decimal::from(p.count) * cm(p.length_cm) * cm(p.width_cm) * cm(p.height_cm))
        .sum();
    let volumetric_kg = (volume_cm3 / Decimal::from(divisor)).normalize();
    ChargeableWeight {
        gross_kg,
        volume_cm3: volume_cm3.normalize(),
        divisor,
        volumetric_kg,
        chargeable_kg: up_to_half_kg(gross_kg.max(volumetric_kg)),
    }
}

/// An IATA rate class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "class", content = "from_kg")]
pub enum RateClass {
    /// M: the minimum charge.
    Minimum,
    /// N: the normal rate, below the first quantity break.
    Normal,
    /// Q45, Q100, …: the quantity rate from this weight.
    Quantity(Decimal),
}

impl fmt::Display for RateClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RateClass::Minimum => f.write_str("M"),
            RateClass::Normal => f.write_str("N"),
            RateClass::Quantity(kg) => write!(f, "Q{}", kg.normalize()),
        }
    }
}

/// A weight priced at one class: `billed_kg × rate = amount` (for M, `amount` is the
/// minimum charge and `rate` is zero).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClassPrice {
    pub class: RateClass,
    pub billed_kg: Decimal,
    pub rate: Decimal,
    pub amount: Decimal,
}

/// The class that prices a weight, and what it was compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BreakOutcome {
    /// The weight at its own class (N below the first break).
    pub own: ClassPrice,
    /// What is charged: `own`, a cheaper higher break, or the minimum.
    pub charged: ClassPrice,
}

/// Which of the three outcomes a weight-class price is, so every language explains the
/// same decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakCase {
    /// The weight at its own class.
    OwnClass,
    /// A higher break at its break weight was cheaper.
    HigherBreak,
    /// Below the minimum charge.
    Minimum,
}

impl BreakOutcome {
    /// The decision taken, for the sentence that explains it.
    pub fn case(&self) -> BreakCase {
        match self.charged.class {
            RateClass::Minimum => BreakCase::Minimum,
            c if c != self.own.class => BreakCase::HigherBreak,
            _ => BreakCase::OwnClass,
        }
    }
}

/// Prices `kg` by weight class: the weight's own class, unless a higher break charged at
/// its break weight is cheaper (the cheapest such break wins), and never below M.
pub fn price_by_breaks(rates: &WeightBreaks, kg: Decimal) -> BreakOutcome {
    let (class, rate) = rates
        .breaks()
        .iter()
        .rev()
        .find(|b| b.from_kg <= kg)
        .map_or((RateClass::Normal, rates.normal()), |b| {
            (RateClass::Quantity(b.from_kg), b.rate)
        });
    let own = ClassPrice {
        class,
        billed_kg: kg,
        rate,
        amount: kg * rate,
    };
    let mut charged = own;
    for b in rates.breaks().iter().filter(|b| b.from_kg > kg) {
        let amount = b.from_kg * b.rate;
        if amount < charged.amount {
            charged = ClassPrice {
                class: RateClass::Quantity(b.from_kg),
                billed_kg: b.from_kg,
                rate: b.rate,
                amount,
            };
        }
    }
    if charged.amount < rates.minimum() {
        charged = ClassPrice {
            class: RateClass::Minimum,
            billed_kg: kg,
            rate: Decimal::ZERO,
            amount: rates.minimum(),
        };
    }
    BreakOutcome { own, charged }
}

#[cfg(test)]
mod tests {
    use super::super::rates::WeightBreak;
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    /// M 85.00, N 6.20, Q45 4.80, Q100 4.10, Q300 3.60, Q500 3.30, Q1000 3.00 per kg.
    fn tpe_ams() -> WeightBreaks {
        let q = |kg: &str, r: &str| WeightBreak {
            from_kg: d(kg),
            rate: d(r),
        };
        WeightBreaks::new(
            d("85"),
            d("6.20"),
            vec![
                q("45", "4.80"),
                q("100", "4.10"),
                q("300", "3.60"),
                q("500", "3.30"),
                q("1000", "3.00"),
            ],
        )
        .unwrap()
    }

    fn piece(l: &str, w: &str, h: &str, count: u32) -> Piece {
        Piece {
            length_cm: d(l),
            width_cm: d(w),
            height_cm: d(h),
            count,
        }
    }

    #[test]
    fn lcl_wm_is_the_larger_of_tonnes_and_cbm() {
        let r = revenue_tons(d("2400"), d("1.8"), d("1000"), d("1"));
        assert_eq!((r.wm, r.billed), (d("2.4"), d("2.4")));
        let r = revenue_tons(d("800"), d("3.25"), d("1000"), d("1"));
        assert_eq!(r.billed, d("3.25"));
    }

    #[test]
    fn lcl_minimum_applies_below_one_wm() {
        let r = revenue_tons(d("300"), d("0.6"), d("1000"), d("1"));
        assert_eq!((r.wm, r.billed), (d("0.6"), d("1")));
    }

    #[test]
    fn a_500_kg_lane_counts_weight_double() {
        // 1 cbm = 500 kg: 900 kg is 1.8 W/M against 1.2 cbm.
        let r = revenue_tons(d("900"), d("1.2"), d("500"), d("1"));
        assert_eq!(r.billed, d("1.8"));
    }

    #[test]
    fn dimensions_round_to_the_cm_then_weight_up_to_the_half_kg() {
        // 120.4 → 120, 80.5 → 81, 100.49 → 100: 2 × 120 × 81 × 100 = 1,944,000 cm³;
        // ÷ 6000 = 324 kg volumetric against 250 kg gross.
        let w = chargeable_weight(
            d("250"),
            &[piece("120.4", "80.5", "100.49", 2)],
            AIR_DIVISOR,
        );
        assert_eq!(w.volume_cm3, d("1944000"));
        assert_eq!(w.volumetric_kg, d("324"));
        assert_eq!(w.chargeable_kg, d("324"));
        // Express divides by 5000: 388.8 kg, up to 389.
        let e = chargeable_weight(
            d("250"),
            &[piece("120.4", "80.5", "100.49", 2)],
            EXPRESS_DIVISOR,
        );
        assert_eq!(e.volumetric_kg, d("388.8"));
        assert_eq!(e.chargeable_kg, d("389"));
    }

    #[test]
    fn gross_weight_wins_when_heavier_and_is_rounded_up() {
        let w = chargeable_weight(d("40.1"), &[piece("30", "30", "30", 1)], AIR_DIVISOR);
        assert_eq!(w.volumetric_kg, d("4.5"));
        assert_eq!(w.chargeable_kg, d("40.5"));
        assert_eq!(up_to_half_kg(d("40.5")), d("40.5"));
        assert_eq!(up_to_half_kg(d("40.51")), d("41"));
        assert_eq!(up_to_half_kg(d("40")), d("40"));
    }

    #[test]
    fn a_higher_break_is_used_when_cheaper() {
        // 40 kg × N 6.20 = 248.00; 45 kg × Q45 4.80 = 216.00.
        let o = price_by_breaks(&tpe_ams(), d("40"));
        assert_eq!(o.own.class, RateClass::Normal);
        assert_eq!(o.own.amount, d("248.00"));
        assert_eq!(o.charged.class, RateClass::Quantity(d("45")));
        assert_eq!(
            (o.charged.billed_kg, o.charged.amount),
            (d("45"), d("216.00"))
        );
    }

    #[test]
    fn the_own_class_stays_when_the_next_break_costs_more() {
        // 30 kg × 6.20 = 186.00 < 45 × 4.80 = 216.00.
        let o = price_by_breaks(&tpe_ams(), d("30"));
        assert_eq!(o.charged, o.own);
        assert_eq!(o.case(), BreakCase::OwnClass);
        assert_eq!(o.charged.amount, d("186.00"));
        // 120 kg at Q100 4.10 = 492.00; Q300 would be 1,080.00.
        let o = price_by_breaks(&tpe_ams(), d("120"));
        assert_eq!(o.charged.class, RateClass::Quantity(d("100")));
        assert_eq!(o.charged.amount, d("492.00"));
    }

    #[test]
    fn the_cheapest_of_several_higher_breaks_wins() {
        // 280 kg × Q100 4.10 = 1,148.00; 300 × 3.60 = 1,080.00; 500 × 3.30 = 1,650.00.
        let o = price_by_breaks(&tpe_ams(), d("280"));
        assert_eq!(o.charged.class, RateClass::Quantity(d("300")));
        assert_eq!(o.charged.amount, d("1080.00"));
        assert_eq!(o.charged.class.to_string(), "Q300");
    }

    #[test]
    fn the_minimum_charge_applies_to_small_shipments() {
        // 12.5 kg × 6.20 = 77.50 < M 85.00.
        let o = price_by_breaks(&tpe_ams(), d("12.5"));
        assert_eq!(o.charged.class, RateClass::Minimum);
        assert_eq!(o.case(), BreakCase::Minimum);
        assert_eq!(o.charged.amount, d("85"));
        assert_eq!(o.own.amount, d("77.500"));
    }

    proptest! {
        #[test]
        fn a_heavier_air_shipment_never_costs_less(a in 1u32..3000, extra in 0u32..500) {
            let rates = tpe_ams();
            let light = price_by_breaks(&rates, Decimal::new(i64::from(a), 1) * Decimal::from(5));
            let heavy = price_by_breaks(&rates, Decimal::new(i64::from(a + extra), 1) * Decimal::from(5));
            prop_assert!(heavy.charged.amount >= light.charged.amount);
        }

        #[test]
        fn the_charged_class_is_never_dearer_than_the_own_class_or_below_m(kg in 1u32..4000) {
            let o = price_by_breaks(&tpe_ams(), Decimal::from(kg));
            prop_assert!(o.charged.amount <= o.own.amount.max(d("85")));
            prop_assert!(o.charged.amount >= d("85"));
        }

        #[test]
        fn chargeable_weight_is_on_the_half_kg_and_covers_both_measures(g in 1u32..100_000, l in 1u32..300, w in 1u32..300, h in 1u32..300) {
            let gross = Decimal::new(i64::from(g), 2);
            let cw = chargeable_weight(gross, &[piece(&l.to_string(), &w.to_string(), &h.to_string(), 1)], AIR_DIVISOR);
            prop_assert!(cw.chargeable_kg >= gross && cw.chargeable_kg >= cw.volumetric_kg);
            prop_assert!(cw.chargeable_kg - gross.max(cw.volumetric_kg) < d("0.5"));
            prop_assert_eq!((cw.chargeable_kg * Decimal::TWO).fract(), Decimal::ZERO);
        }
    }
}
