//! Freight rating: tariffs and customer contracts as data, and the engine that prices a
//! shipment from them to the cent, line by line, saying where each line comes from, which
//! rule it applied and which exchange rate it used, or why there is no rate.
//!
//! Pure: no I/O, no clock. The rate date, the rate book and the recorded exchange rates
//! are all arguments, so the same question always gets the same answer.
//!
//! ```
//! use jiff::civil::date;
//! use purser_domain::ids::UnLocode;
//! use purser_domain::rating::{book::RateBook, cargo::*, equipment::SizeType, fx::FxTable, lanes::*};
//! use purser_domain::rating::{money::Currency, price::PriceRequest, rates::*, validity::Validity};
//!
//! let port = |s| UnLocode::parse(s).unwrap();
//! let hc = SizeType::parse("40HC").unwrap();
//! let h1 = Validity::between(date(2026, 1, 1), date(2026, 6, 30)).unwrap();
//! let tariff = RateSheet {
//!     kind: SheetKind::Tariff, name: "ASIA-NEUR".into(), version: 3, validity: h1,
//!     lines: vec![RateLine {
//!         lane: Lane::ports(port("TWKHH"), port("NLRTM")), mode: Mode::SeaFcl,
//!         commodity: Commodity::Fak, validity: h1, currency: Currency::USD,
//!         payment: Payment::Prepaid, cell: None,
//!         base: BaseRate::PerContainer(vec![ContainerPrice { equipment: hc, amount: 1850.into(), cell: None }]),
//!     }],
//!     surcharges: vec![], includes: vec![], capped_at_tariff: false,
//! };
//! let req = PriceRequest {
//!     customer: None, contract: None, mode: Mode::SeaFcl, hs_code: None, target: None,
//!     route: Route { origin: port("TWKHH"), destination: port("NLRTM"), via: None },
//!     cargo: Cargo::containers(vec![ContainerCount { equipment: hc, count: 2 }]).unwrap(),
//!     rate_date: date(2026, 4, 2),
//! };
//! let book = RateBook::new(vec![tariff]);
//! let price = purser_domain::rating::price(&book, &FxTable::default(), &req).unwrap();
//! assert_eq!(price.lines[0].rule.to_string(), "2 × 45G1 (40HC) at USD 1850.00 per container");
//! assert_eq!(price.totals[0].to_string(), "USD 3700.00");
//!
//! let later = PriceRequest { rate_date: date(2026, 7, 1), ..req };
//! let no_rate = purser_domain::rating::price(&book, &FxTable::default(), &later).unwrap_err();
//! assert_eq!(no_rate.to_string(), "no rate: tariff ASIA-NEUR v3 expired on 2026-06-30 (rate date 2026-07-01)");
//! ```

pub mod book;
pub mod cargo;
pub mod charges;
pub mod check;
pub mod equipment;
pub mod fx;
pub mod lanes;
pub mod measure;
pub mod money;
pub mod price;
pub mod rates;
pub mod reason_words;
pub mod reasons;
pub mod rule;
pub mod rule_words;
pub mod validity;

mod base;
mod engine;
mod sources;
mod surcharges;

#[cfg(test)]
mod tests;

pub use engine::price;
