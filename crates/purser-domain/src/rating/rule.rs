//! The rule a priced line applied, as data with its working, so "why does this line cost
//! that" has an answer a page can render in either language. `Display` writes the English
//! sentence, e.g. "40 kg billed as 45 kg at Q45 because 216.00 < 248.00".

use super::charges::ChargeCode;
use super::equipment::SizeType;
use super::measure::{BreakCase, BreakOutcome, ChargeableWeight, RevenueTons};
use super::money::{Currency, Money};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::fmt;

/// What a line's quantity counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Container,
    RevenueTon,
    ChargeableKg,
    Shipment,
}
text_enum!(Unit { Container = "container", RevenueTon = "revenue_ton", ChargeableKg = "chargeable_kg", Shipment = "shipment" });

impl Unit {
    /// The English word after "per" in a rule ("per container", "per W/M", "per kg").
    pub fn per_word(self) -> &'static str {
        match self {
            Unit::Container => "container",
            Unit::RevenueTon => "W/M",
            Unit::ChargeableKg => "kg",
            Unit::Shipment => "shipment",
        }
    }
}

/// The rule behind one priced line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "rule")]
pub enum Rule {
    /// FCL: count × the equipment's column.
    PerContainer {
        equipment: SizeType,
        count: u32,
        unit_price: Money,
    },
    /// LCL: billed W/M × rate.
    PerRevenueTon { measure: RevenueTons, rate: Money },
    /// Air or express: chargeable weight priced by weight class.
    ByWeightClass {
        weight: ChargeableWeight,
        outcome: BreakOutcome,
        currency: Currency,
    },
    /// One flat price for the shipment.
    PerShipment { amount: Money },
    /// A fixed surcharge per container, W/M or chargeable kg.
    FixedPerUnit {
        quantity: Decimal,
        unit: Unit,
        unit_price: Money,
    },
    /// A fixed fee per bill of lading.
    FixedPerBl { amount: Money },
    /// A percentage of other charges in the same currency.
    PercentOf {
        percent: Decimal,
        of: Vec<ChargeCode>,
        base: Money,
    },
    /// The contract promised not to exceed the tariff and the tariff was lower here.
    CappedAtTariff {
        contract_amount: Money,
        tariff_rule: Box<Rule>,
    },
}

pub(super) fn amt(currency: Currency, x: Decimal) -> Decimal {
    currency.round(x)
}

fn weight_class(
    f: &mut fmt::Formatter<'_>,
    w: &ChargeableWeight,
    o: &BreakOutcome,
    c: Currency,
) -> fmt::Result {
    write!(
        f,
        "chargeable {} kg = max(gross {} kg, {} cm³ ÷ {} = {} kg) up to the next 0.5 kg; ",
        w.chargeable_kg,
        w.gross_kg.normalize(),
        w.volume_cm3,
        w.divisor,
        w.volumetric_kg.round_dp(3).normalize()
    )?;
    let (own, ch) = (&o.own, &o.charged);
    match o.case() {
        BreakCase::Minimum => write!(
            f,
            "minimum charge M {} applies because {} kg at {} {} = {} < {}",
            amt(c, ch.amount),
            own.billed_kg,
            own.class,
            own.rate,
            amt(c, own.amount),
            amt(c, ch.amount)
        ),
        BreakCase::HigherBreak => write!(
            f,
            "{} kg billed as {} kg at {} because {} < {}",
            own.billed_kg,
            ch.billed_kg.normalize(),
            ch.class,
            amt(c, ch.amount),
            amt(c, own.amount)
        ),
        BreakCase::OwnClass => write!(
            f,
            "{} kg at {} {} {}/kg",
            ch.billed_kg, ch.class, c, ch.rate
        ),
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rule::PerContainer {
                equipment,
                count,
                unit_price,
            } => write!(
                f,
                "{count} × {equipment} ({}) at {unit_price} per container",
                equipment.trade_name()
            ),
            Rule::PerRevenueTon { measure: m, rate } => {
                write!(
                    f,
                    "W/M = max({} kg ÷ {}, {} cbm) = {}",
                    m.gross_kg.normalize(),
                    m.kg_per_cbm.normalize(),
                    m.cbm.normalize(),
                    m.wm.round_dp(3).normalize()
                )?;
                if m.billed > m.wm {
                    write!(
                        f,
                        ", below the minimum: billed {} W/M",
                        m.billed.normalize()
                    )?;
                }
                write!(f, " at {rate} per W/M")
            }
            Rule::ByWeightClass {
                weight,
                outcome,
                currency,
            } => weight_class(f, weight, outcome, *currency),
            Rule::PerShipment { amount } => write!(f, "{amount} per shipment"),
            Rule::FixedPerUnit {
                quantity,
                unit,
                unit_price,
            } => write!(
                f,
                "{} × {unit_price} per {}",
                quantity.round_dp(3).normalize(),
                unit.per_word()
            ),
            Rule::FixedPerBl { amount } => write!(f, "{amount} per B/L"),
            Rule::PercentOf { percent, of, base } => {
                let names: Vec<&str> = of.iter().map(|c| c.info().abbreviation).collect();
                write!(
                    f,
                    "{}% of {} {base}",
                    percent.normalize(),
                    names.join(" + ")
                )
            }
            Rule::CappedAtTariff {
                contract_amount,
                tariff_rule,
            } => write!(
                f,
                "tariff applied: lower than the contract's {contract_amount}, which is capped at the tariff; {tariff_rule}"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::measure::{ClassPrice, RateClass, revenue_tons};
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn usd(s: &str) -> Money {
        Money::new(d(s), Currency::USD)
    }

    fn weight(kg: &str) -> ChargeableWeight {
        ChargeableWeight {
            gross_kg: d(kg),
            volume_cm3: d("27000"),
            divisor: 6000,
            volumetric_kg: d("4.5"),
            chargeable_kg: d(kg),
        }
    }

    #[test]
    fn a_cheaper_higher_break_says_so_with_both_figures() {
        let own = ClassPrice {
            class: RateClass::Normal,
            billed_kg: d("40"),
            rate: d("6.20"),
            amount: d("248.00"),
        };
        let charged = ClassPrice {
            class: RateClass::Quantity(d("45")),
            billed_kg: d("45"),
            rate: d("4.80"),
            amount: d("216.00"),
        };
        let r = Rule::ByWeightClass {
            weight: weight("40"),
            outcome: BreakOutcome { own, charged },
            currency: Currency::USD,
        };
        assert!(
            r.to_string()
                .ends_with("40 kg billed as 45 kg at Q45 because 216.00 < 248.00"),
            "{r}"
        );
        assert!(
            r.to_string()
                .starts_with("chargeable 40 kg = max(gross 40 kg, 27000 cm³ ÷ 6000 = 4.5 kg)")
        );
    }

    #[test]
    fn the_minimum_and_the_own_class_read_plainly() {
        let own = ClassPrice {
            class: RateClass::Normal,
            billed_kg: d("12.5"),
            rate: d("6.20"),
            amount: d("77.500"),
        };
        let m = ClassPrice {
            class: RateClass::Minimum,
            billed_kg: d("12.5"),
            rate: d("0"),
            amount: d("85"),
        };
        let r = Rule::ByWeightClass {
            weight: weight("12.5"),
            outcome: BreakOutcome { own, charged: m },
            currency: Currency::USD,
        };
        assert!(
            r.to_string().ends_with(
                "minimum charge M 85.00 applies because 12.5 kg at N 6.20 = 77.50 < 85.00"
            )
        );
        let r = Rule::ByWeightClass {
            weight: weight("12.5"),
            outcome: BreakOutcome { own, charged: own },
            currency: Currency::USD,
        };
        assert!(r.to_string().ends_with("12.5 kg at N USD 6.20/kg"), "{r}");
    }

    #[test]
    fn lcl_and_fixed_rules_show_their_working() {
        let r = Rule::PerRevenueTon {
            measure: revenue_tons(d("300"), d("0.6"), d("1000"), d("1")),
            rate: usd("45"),
        };
        assert_eq!(
            r.to_string(),
            "W/M = max(300 kg ÷ 1000, 0.6 cbm) = 0.6, below the minimum: billed 1 W/M at USD 45.00 per W/M"
        );
        let r = Rule::PercentOf {
            percent: d("10"),
            of: vec![ChargeCode::OceanFreight],
            base: usd("3700"),
        };
        assert_eq!(r.to_string(), "10% of O/F USD 3700.00");
        let r = Rule::PerContainer {
            equipment: SizeType::parse("40HC").unwrap(),
            count: 2,
            unit_price: usd("1850"),
        };
        assert_eq!(
            r.to_string(),
            "2 × 45G1 (40HC) at USD 1850.00 per container"
        );
    }
}
