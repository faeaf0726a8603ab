//! What the engine answers: the request it was asked and the price it gives, line by line.
//! Every line carries its source, the rule it applied, its rounding and, when a target
//! currency was asked for, the exchange rate it was converted at; totals are sums of the
//! lines, per currency, so a page can never show a total its lines do not add up to.

use super::cargo::Cargo;
use super::charges::ChargeCode;
use super::equipment::SizeType;
use super::fx::FxUsed;
use super::lanes::Route;
use super::money::{Currency, Money, Rounding};
use super::rates::{Mode, Payment, RateSource};
use super::reasons::Reason;
use super::rule::{Rule, Unit};
use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

/// A shipment to price.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceRequest {
    /// The customer priced for; their valid contracts beat the tariff.
    pub customer: Option<Uuid>,
    /// A contract the agent chose; only used when it is the customer's own.
    pub contract: Option<String>,
    pub route: Route,
    pub mode: Mode,
    /// HS code of the cargo; `None` prices freight-all-kinds rates only.
    pub hs_code: Option<String>,
    pub cargo: Cargo,
    /// The date that decides validity, GRIs, surcharges and exchange rates.
    pub rate_date: Date,
    /// When set, every line is also converted and a total given in this currency.
    pub target: Option<Currency>,
}

/// A line's amount in the target currency and the rate that got it there (`fx: None`
/// when the line already was in the target currency).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Converted {
    pub amount: Money,
    pub rounding: Rounding,
    pub fx: Option<FxUsed>,
}

/// One charge of a price.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PricedLine {
    pub charge: ChargeCode,
    /// The container type a per-container line is for.
    pub equipment: Option<SizeType>,
    pub payment: Payment,
    pub source: RateSource,
    pub rule: Rule,
    pub quantity: Decimal,
    pub unit: Unit,
    /// Rounded half-up to the currency's minor units, as `rounding` states.
    pub amount: Money,
    pub rounding: Rounding,
    pub converted: Option<Converted>,
}

/// A price: lines, totals per currency, the target total when asked, and notes on what
/// was not used and why (an expired contract, a contract of another customer, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Price {
    pub rate_date: Date,
    pub lines: Vec<PricedLine>,
    /// One total per currency, ordered by currency code.
    pub totals: Vec<Money>,
    /// Sum of the lines' converted amounts, when a target currency was asked for.
    pub target_total: Option<Money>,
    pub notes: Vec<Reason>,
}

/// Sums the lines per currency, ordered by currency code.
pub fn totals_per_currency(lines: &[PricedLine]) -> Vec<Money> {
    let mut sums: BTreeMap<Currency, Decimal> = BTreeMap::new();
    for l in lines {
        *sums.entry(l.amount.currency).or_default() += l.amount.amount;
    }
    sums.into_iter().map(|(c, a)| Money::new(a, c)).collect()
}

impl Price {
    /// The total in one currency, if the price has lines in it.
    pub fn total_in(&self, currency: Currency) -> Option<Money> {
        self.totals.iter().copied().find(|m| m.currency == currency)
    }

    /// The lines for one charge code.
    pub fn lines_for(&self, charge: ChargeCode) -> impl Iterator<Item = &PricedLine> {
        self.lines.iter().filter(move |l| l.charge == charge)
    }
}
