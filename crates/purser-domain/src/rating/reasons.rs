//! Why there is no price, or why part of a price came from elsewhere. "No rate" is an
//! answer the desk gives customers, so each reason is data (dates, codes, the sheet), not a
//! sentence: a page renders it in English or Traditional Chinese. `Display` gives English
//! for logs and tests.

use super::cargo::CargoKind;
use super::charges::ChargeCode;
use super::equipment::SizeType;
use super::lanes::Route;
use super::money::Currency;
use super::rates::{Mode, RateSource};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::fmt;

/// One reason a rate did not apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "reason")]
pub enum Reason {
    /// No sheet has a rate for this lane and mode at all.
    NoLane { mode: Mode, route: Route },
    /// The sheet or line ended before the rate date.
    Expired {
        source: RateSource,
        last_day: Date,
        rate_date: Date,
    },
    /// The sheet or line begins after the rate date.
    NotYetValid {
        source: RateSource,
        first_day: Date,
        rate_date: Date,
    },
    /// The lane is rated but not for this equipment (e.g. no 42U1 column).
    NoColumn {
        source: RateSource,
        equipment: SizeType,
    },
    /// The lane is rated only for other commodities.
    CommodityNotCovered {
        source: RateSource,
        hs_code: Option<String>,
    },
    /// The line prices a basis other than this mode's (a W/M rate for containers).
    BasisDoesNotSuitCargo { source: RateSource, mode: Mode },
    /// The contract asked for belongs to another customer; it is never used.
    ContractOfAnotherCustomer { contract: String },
    /// The contract asked for is not in the rate book.
    UnknownContract { contract: String },
    /// No exchange rate recorded on or before the date for this pair.
    NoExchangeRate {
        from: Currency,
        to: Currency,
        on_or_before: Date,
    },
    /// The cargo is not the shape the mode prices (loose cargo for FCL).
    CargoDoesNotSuitMode { mode: Mode, cargo: CargoKind },
    /// The contract's all-in rate includes this charge, so the tariff's is not added.
    IncludedInContract {
        code: ChargeCode,
        source: RateSource,
    },
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::NoLane { mode, route } => {
                write!(
                    f,
                    "no {mode} rate from {} to {}",
                    route.origin, route.destination
                )?;
                if let Some(v) = &route.via {
                    write!(f, " via {v}")?;
                }
                Ok(())
            }
            Reason::Expired {
                source,
                last_day,
                rate_date,
            } => write!(f, "{source} expired on {last_day} (rate date {rate_date})"),
            Reason::NotYetValid {
                source,
                first_day,
                rate_date,
            } => write!(
                f,
                "{source} is not yet valid until {first_day} (rate date {rate_date})"
            ),
            Reason::NoColumn { source, equipment } => write!(
                f,
                "{source} has no column for {equipment} ({})",
                equipment.trade_name()
            ),
            Reason::CommodityNotCovered { source, hs_code } => match hs_code {
                Some(hs) => write!(f, "{source} does not cover HS {hs}"),
                None => write!(
                    f,
                    "{source} covers named commodities only and none was given"
                ),
            },
            Reason::BasisDoesNotSuitCargo { source, mode } => {
                write!(f, "{source} does not price {mode} on this basis")
            }
            Reason::ContractOfAnotherCustomer { contract } => {
                write!(
                    f,
                    "contract {contract} belongs to another customer and was not used"
                )
            }
            Reason::UnknownContract { contract } => write!(f, "contract {contract} is not on file"),
            Reason::NoExchangeRate {
                from,
                to,
                on_or_before,
            } => write!(
                f,
                "no exchange rate {from} → {to} on or before {on_or_before}"
            ),
            Reason::CargoDoesNotSuitMode { mode, cargo } => {
                write!(f, "{mode} is not priced for {cargo} cargo")
            }
            Reason::IncludedInContract { code, source } => write!(
                f,
                "{} is included in the all-in rate of {source}",
                code.info().abbreviation
            ),
        }
    }
}

/// No price: every reason found, so the page can say all of them at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoRate {
    pub reasons: Vec<Reason>,
}

impl fmt::Display for NoRate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("no rate: ")?;
        for (i, r) in self.reasons.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{r}")?;
        }
        Ok(())
    }
}

impl std::error::Error for NoRate {}

#[cfg(test)]
mod tests {
    use super::super::rates::SourceKind;
    use super::*;
    use jiff::civil::date;

    fn source() -> RateSource {
        RateSource {
            kind: SourceKind::Contract,
            name: "SC-2026-0042".into(),
            version: 2,
            cell: None,
        }
    }

    #[test]
    fn reasons_read_as_english_and_keep_their_data() {
        let r = Reason::Expired {
            source: source(),
            last_day: date(2026, 3, 31),
            rate_date: date(2026, 4, 2),
        };
        assert_eq!(
            r.to_string(),
            "contract SC-2026-0042 v2 expired on 2026-03-31 (rate date 2026-04-02)"
        );
        let r = Reason::NoColumn {
            source: source(),
            equipment: SizeType::parse("42U1").unwrap(),
        };
        assert_eq!(
            r.to_string(),
            "contract SC-2026-0042 v2 has no column for 42U1 (40OT)"
        );
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["reason"], "no_column");
        assert_eq!(json["equipment"], "42U1");
    }

    #[test]
    fn no_rate_lists_every_reason() {
        let n = NoRate {
            reasons: vec![
                Reason::UnknownContract {
                    contract: "X1".into(),
                },
                Reason::NoExchangeRate {
                    from: Currency::EUR,
                    to: Currency::TWD,
                    on_or_before: date(2026, 4, 2),
                },
            ],
        };
        assert_eq!(
            n.to_string(),
            "no rate: contract X1 is not on file; no exchange rate EUR → TWD on or before 2026-04-02"
        );
    }
}
