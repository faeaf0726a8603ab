//! Bills of lading and sea waybills (DCSA eBL 3.0.3): the record Purser keeps from shipping
//! instructions to release, and the checks that refuse a wrong one or flag a doubtful one.
//!
//! - [`document`], [`parties`], [`cargo`], [`codes`]: the record, read from and written as
//!   DCSA JSON.
//! - [`schema`]: the EBL_v3.0.3 schema's constraints; [`conformance`]: DCSA's rules;
//!   [`agent_checks`]: what a careful senior agent checks besides.
//! - [`findings`]: what they report, each at a JSON path with a rule code.
//! - [`diff`]: what changed between two versions, field by field.
//!
//! ```
//! use purser_domain::bl::{self, TransportDocument};
//! let json = r#"{"transportDocumentTypeCode": "SWB", "isToOrder": true}"#;
//! let doc: TransportDocument = serde_json::from_str(json).unwrap();
//! let findings = bl::validate(&doc, &bl::Context::default());
//! assert!(findings.of(bl::Rule::ToOrderSeaWaybill).next().is_some());
//! ```

pub mod agent_checks;
pub mod cargo;
pub mod codes;
pub mod conformance;
pub mod diff;
pub mod document;
pub mod findings;
mod number;
pub mod parties;
pub mod schema;
pub mod wording;

pub use agent_checks::{BookingFigures, Context, LcConsignee, LetterOfCredit};
pub use document::TransportDocument;
pub use findings::{Finding, Findings, Rule, Severity};
pub use schema::Stage;

/// Every check at once: the schema of the document's [`Stage`], DCSA's conformance rules
/// and the agent's checks against what Purser knows (`ctx`).
pub fn validate(doc: &TransportDocument, ctx: &Context) -> Findings {
    let mut out = schema::check(doc, Stage::of(doc));
    out.extend(conformance::check(doc));
    out.extend(agent_checks::check(doc, ctx));
    out
}

#[cfg(test)]
mod tests;
