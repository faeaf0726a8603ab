//! Purser's domain: the trade's identifiers and rules as checked types, with no I/O.
//!
//! Code that holds a [`ids::ContainerNumber`] or an [`ids::UnLocode`] never checks it
//! again: the only way to get one is `parse`, which applies the standard's rule.
//!
//! ```
//! use purser_domain::ids::ContainerNumber;
//! assert!(ContainerNumber::parse("CSQU3054383").is_ok());
//! assert!(ContainerNumber::parse("CSQU3054384").is_err());
//! ```

#[macro_use]
mod text_enum;
pub mod bl;
pub mod book;
pub mod cases;
pub mod customers;
pub mod ids;
pub mod kb;
pub mod local_time;
pub mod mail;
pub mod metrics;
pub mod names;
pub mod ports;
pub mod privacy;
pub mod rating;
pub mod roles;
pub mod text;
pub mod tracking;
pub mod validation;
