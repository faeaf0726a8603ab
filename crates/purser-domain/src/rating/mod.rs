//! Freight rating: tariffs and customer contracts as data, and the engine that prices a
//! shipment from them to the cent, line by line, saying where each line comes from, which
//! rule it applied and which exchange rate it used, or why there is no rate.
//!
//! Pure: no I/O, no clock. The rate date, the rate book and the recorded exchange rates
//! are all arguments, so the same question always gets the same answer.

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
pub mod reasons;
pub mod rule;
pub mod validity;
pub mod words;

mod base;
mod engine;
mod sources;
mod surcharges;

#[cfg(test)]
mod tests;

pub use engine::price;
