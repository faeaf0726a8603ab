//! Recorded exchange rates. A price converts at the rate recorded on or before its rate
//! date, never a live rate, so a quote re-priced next month for the same date gives the
//! same figures, and the line names the rate and its date.

use super::money::Currency;
use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::fmt;

/// One recorded rate: 1 `from` = `rate` `to`, from `date` on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExchangeRate {
    pub from: Currency,
    pub to: Currency,
    pub rate: Decimal,
    pub date: Date,
}

/// The rate a conversion used. `inverse` says the table held `to → from` and the amount
/// was divided by it rather than multiplied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FxUsed {
    pub recorded: ExchangeRate,
    pub inverse: bool,
}

impl FxUsed {
    /// `amount` in the target currency, exact (rounding is the caller's, stated on the line).
    pub fn convert(&self, amount: Decimal) -> Decimal {
        if self.inverse {
            amount / self.recorded.rate
        } else {
            amount * self.recorded.rate
        }
    }
}

impl fmt::Display for FxUsed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let r = &self.recorded;
        write!(
            f,
            "1 {} = {} {} on {}",
            r.from,
            r.rate.normalize(),
            r.to,
            r.date
        )?;
        if self.inverse {
            write!(f, " (divided)")?;
        }
        Ok(())
    }
}

/// Every recorded rate; order does not matter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FxTable {
    pub rates: Vec<ExchangeRate>,
}

impl FxTable {
    /// The latest rate `from → to` dated on or before `date`; the direct pair is preferred
    /// to the inverse when both are recorded on the same day. `None` when neither is.
    pub fn rate_on(&self, from: Currency, to: Currency, date: Date) -> Option<FxUsed> {
        self.rates
            .iter()
            .filter(|r| r.date <= date && r.rate > Decimal::ZERO)
            .filter_map(|r| {
                if r.from == from && r.to == to {
                    Some(FxUsed {
                        recorded: *r,
                        inverse: false,
                    })
                } else if r.from == to && r.to == from {
                    Some(FxUsed {
                        recorded: *r,
                        inverse: true,
                    })
                } else {
                    None
                }
            })
            .max_by_key(|u| (u.recorded.date, !u.inverse))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn table() -> FxTable {
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
                r(Currency::EUR, Currency::USD, "1.0850", date(2026, 4, 1)),
            ],
        }
    }

    #[test]
    fn the_rate_on_or_before_the_date_is_used() {
        let t = table();
        let on = |day| {
            t.rate_on(Currency::USD, Currency::TWD, day)
                .map(|u| u.recorded.rate)
        };
        assert_eq!(on(date(2026, 3, 31)), Some(d("32.10")));
        assert_eq!(on(date(2026, 4, 1)), Some(d("32.45")));
        assert_eq!(on(date(2026, 12, 31)), Some(d("32.45")));
        assert_eq!(on(date(2026, 2, 28)), None);
    }

    #[test]
    fn an_inverse_pair_divides() {
        let u = table()
            .rate_on(Currency::USD, Currency::EUR, date(2026, 4, 2))
            .unwrap();
        assert!(u.inverse);
        assert_eq!(u.convert(d("1085")).round_dp(2), d("1000.00"));
        assert_eq!(u.to_string(), "1 EUR = 1.085 USD on 2026-04-01 (divided)");
    }

    #[test]
    fn a_pair_never_recorded_has_no_rate() {
        assert!(
            table()
                .rate_on(Currency::JPY, Currency::TWD, date(2026, 4, 2))
                .is_none()
        );
    }
}
