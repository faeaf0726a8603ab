//! Currencies and amounts for rating. A price is only right to the cent if every amount
//! knows its currency's minor units (ISO 4217: JPY 0, USD 2, KWD 3) and every rounding is
//! done once, half-up, where the line says so. Amounts of two currencies never add: the
//! only sum is [`Money::checked_add`], which refuses.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use std::fmt;
use thiserror::Error;

/// ISO 4217 codes the desk prices in, with their minor units. A code outside this table is
/// refused rather than guessed at two decimals: a wrong exponent is a wrong invoice.
const CURRENCIES: &[(&str, u32)] = &[
    ("AED", 2),
    ("AUD", 2),
    ("BHD", 3),
    ("CAD", 2),
    ("CHF", 2),
    ("CNY", 2),
    ("DKK", 2),
    ("EUR", 2),
    ("GBP", 2),
    ("HKD", 2),
    ("IDR", 2),
    ("INR", 2),
    ("JOD", 3),
    ("JPY", 0),
    ("KRW", 0),
    ("KWD", 3),
    ("MYR", 2),
    ("NOK", 2),
    ("NZD", 2),
    ("OMR", 3),
    ("PHP", 2),
    ("SAR", 2),
    ("SEK", 2),
    ("SGD", 2),
    ("THB", 2),
    ("TND", 3),
    ("TWD", 2),
    ("USD", 2),
    ("VND", 0),
];

/// Why a currency code or a sum of money was refused.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum MoneyError {
    #[error("'{0}' is not an ISO 4217 currency the desk prices in")]
    UnknownCurrency(String),
    #[error("cannot add {left} to {right}: convert at a recorded exchange rate first")]
    CurrencyMismatch { left: Currency, right: Currency },
}

/// An ISO 4217 currency code from the table above; `Copy` so lines can carry it freely.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Currency([u8; 3]);

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Currency {
    /// The currencies the demo lanes and the tests use most, without a parse.
    pub const USD: Currency = Currency(*b"USD");
    pub const EUR: Currency = Currency(*b"EUR");
    pub const TWD: Currency = Currency(*b"TWD");
    pub const JPY: Currency = Currency(*b"JPY");
    pub const KWD: Currency = Currency(*b"KWD");

    /// Accepts the code in any case with surrounding spaces, as sheets write it.
    pub fn parse(s: &str) -> Result<Self, MoneyError> {
        let up = s.trim().to_ascii_uppercase();
        match CURRENCIES.iter().find(|(c, _)| *c == up) {
            Some((c, _)) => {
                let b = c.as_bytes();
                Ok(Currency([b[0], b[1], b[2]]))
            }
            None => Err(MoneyError::UnknownCurrency(s.to_string())),
        }
    }

    /// The ISO 4217 code, e.g. "TWD".
    pub fn as_str(&self) -> &str {
        // Only built from the ASCII table, so this never fails.
        std::str::from_utf8(&self.0).unwrap_or("???")
    }

    /// Digits after the decimal point (ISO 4217 minor units).
    pub fn minor_units(self) -> u32 {
        CURRENCIES
            .iter()
            .find(|(c, _)| c.as_bytes() == self.0)
            .map_or(2, |(_, d)| *d)
    }

    /// `amount` rounded half-up (half away from zero) to this currency's minor units.
    pub fn round(self, amount: Decimal) -> Decimal {
        let mut r = amount
            .round_dp_with_strategy(self.minor_units(), RoundingStrategy::MidpointAwayFromZero);
        r.rescale(self.minor_units());
        r
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<String> for Currency {
    type Error = MoneyError;
    fn try_from(s: String) -> Result<Self, MoneyError> {
        Self::parse(&s)
    }
}

impl From<Currency> for String {
    fn from(c: Currency) -> String {
        c.as_str().to_string()
    }
}

/// An exact amount in one currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    pub amount: Decimal,
    pub currency: Currency,
}

impl Money {
    /// An exact amount; rounding is a separate, stated step ([`Rounding::apply`]).
    pub fn new(amount: Decimal, currency: Currency) -> Self {
        Money { amount, currency }
    }

    /// The start of a sum in one currency.
    pub fn zero(currency: Currency) -> Self {
        Money::new(Decimal::ZERO, currency)
    }

    /// The sum, or an error when the currencies differ: never a silent mixed total.
    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        if self.currency != other.currency {
            return Err(MoneyError::CurrencyMismatch {
                left: self.currency,
                right: other.currency,
            });
        }
        Ok(Money::new(self.amount + other.amount, self.currency))
    }

    /// Rounded half-up to the currency's minor units.
    pub fn rounded(self) -> Money {
        Money::new(self.currency.round(self.amount), self.currency)
    }
}

/// Shows the currency's minor units ("USD 6.20", "JPY 38500"), and more digits only when the
/// amount has them (a unit price of USD 0.155 per kg), so a rule never hides a digit.
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let r = self.currency.round(self.amount);
        if r == self.amount {
            write!(f, "{} {r}", self.currency)
        } else {
            write!(f, "{} {}", self.currency, self.amount.normalize())
        }
    }
}

/// How a line's amount was rounded, stated on the line so an invoice can be re-checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rounding {
    pub currency: Currency,
    /// Decimal places kept: the currency's ISO 4217 minor units.
    pub decimals: u32,
    /// The exact amount before rounding.
    pub exact: Decimal,
}

impl Rounding {
    /// Rounds `exact` for `currency` and says how.
    pub fn apply(exact: Decimal, currency: Currency) -> (Money, Rounding) {
        let r = Rounding {
            currency,
            decimals: currency.minor_units(),
            exact,
        };
        (Money::new(currency.round(exact), currency), r)
    }
}

impl fmt::Display for Rounding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} rounded half-up to {} decimal{} ({})",
            self.exact.normalize(),
            self.decimals,
            if self.decimals == 1 { "" } else { "s" },
            self.currency
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn minor_units_follow_iso_4217() {
        assert_eq!(Currency::JPY.minor_units(), 0);
        assert_eq!(Currency::USD.minor_units(), 2);
        assert_eq!(Currency::EUR.minor_units(), 2);
        assert_eq!(
            Currency::TWD.minor_units(),
            2,
            "TWD has 2 minor units in ISO 4217"
        );
        assert_eq!(Currency::KWD.minor_units(), 3);
    }

    #[test]
    fn parse_accepts_case_and_spaces_and_refuses_unknown_codes() {
        assert_eq!(Currency::parse(" usd ").unwrap(), Currency::USD);
        assert_eq!(
            Currency::parse("XXX"),
            Err(MoneyError::UnknownCurrency("XXX".into()))
        );
        assert!(Currency::parse("US").is_err());
    }

    #[test]
    fn rounding_is_half_up_to_minor_units() {
        assert_eq!(Currency::USD.round(d("1.005")).to_string(), "1.01");
        assert_eq!(Currency::USD.round(d("1.004")).to_string(), "1.00");
        assert_eq!(Currency::USD.round(d("7")).to_string(), "7.00");
        assert_eq!(Currency::JPY.round(d("1234.5")).to_string(), "1235");
        assert_eq!(Currency::JPY.round(d("1234.49")).to_string(), "1234");
        assert_eq!(Currency::KWD.round(d("0.0005")).to_string(), "0.001");
        assert_eq!(Currency::USD.round(d("-1.005")).to_string(), "-1.01");
    }

    #[test]
    fn different_currencies_do_not_add() {
        let usd = Money::new(d("1"), Currency::USD);
        let eur = Money::new(d("1"), Currency::EUR);
        assert_eq!(
            usd.checked_add(eur),
            Err(MoneyError::CurrencyMismatch {
                left: Currency::USD,
                right: Currency::EUR
            })
        );
        assert_eq!(usd.checked_add(usd).unwrap().amount, d("2"));
    }

    #[test]
    fn money_shows_minor_units_and_never_hides_a_digit() {
        assert_eq!(Money::new(d("6.2"), Currency::USD).to_string(), "USD 6.20");
        assert_eq!(
            Money::new(d("0.155"), Currency::USD).to_string(),
            "USD 0.155"
        );
        assert_eq!(
            Money::new(d("38500"), Currency::JPY).to_string(),
            "JPY 38500"
        );
        assert_eq!(Money::new(d("1.5"), Currency::KWD).to_string(), "KWD 1.500");
    }

    #[test]
    fn rounding_states_what_it_did() {
        let (m, r) = Rounding::apply(d("123.4567"), Currency::USD);
        assert_eq!(m.to_string(), "USD 123.46");
        assert_eq!(
            r.to_string(),
            "123.4567 rounded half-up to 2 decimals (USD)"
        );
    }

    #[test]
    fn currency_serialises_as_its_code() {
        let json = serde_json::to_string(&Currency::TWD).unwrap();
        assert_eq!(json, "\"TWD\"");
        let back: Currency = serde_json::from_str(&json).unwrap();
        assert_eq!(back, Currency::TWD);
        assert!(serde_json::from_str::<Currency>("\"ABC\"").is_err());
    }

    proptest! {
        #[test]
        fn rounding_moves_an_amount_by_at_most_half_a_minor_unit(cents in -10_000_000i64..10_000_000, scale in 0u32..6) {
            let exact = Decimal::new(cents, scale);
            for c in [Currency::JPY, Currency::USD, Currency::KWD] {
                let r = c.round(exact);
                let half = Decimal::new(5, c.minor_units() + 1);
                prop_assert!((r - exact).abs() <= half);
                prop_assert_eq!(r.scale(), c.minor_units());
            }
        }
    }
}
