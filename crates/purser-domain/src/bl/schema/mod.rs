//! The EBL_v3.0.3 schema's own constraints on the fields Purser keeps: required fields
//! (which differ between shipping instructions and a transport document), lengths counted
//! in characters as JSON Schema counts them (a 35-character line may be Chinese), patterns,
//! list sizes and number ranges. Closed code lists are enforced by the types
//! ([`super::codes`]), so what parses has valid codes.

mod cargo;
mod document;
mod parties;
mod pattern;

use super::document::TransportDocument;
use super::findings::{Findings, Rule};
use pattern::Pat;
use rust_decimal::Decimal;

/// Which DCSA message the record is: the shipper's instructions, or the carrier's
/// transport document (draft and after), which must carry more.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    ShippingInstructions,
    TransportDocument,
}

impl Stage {
    /// A record is a transport document once the carrier has given it a status.
    pub fn of(doc: &TransportDocument) -> Self {
        if doc.transport_document_status.is_some() {
            Self::TransportDocument
        } else {
            Self::ShippingInstructions
        }
    }
}

/// Checks `doc` against the schema of its [`Stage`].
pub fn check(doc: &TransportDocument, stage: Stage) -> Findings {
    let mut s = Schema {
        out: Findings::new(),
        td: stage == Stage::TransportDocument,
    };
    s.document(doc);
    s.out
}

struct Schema {
    out: Findings,
    /// Transport document (true) or shipping instructions (false).
    td: bool,
}

impl Schema {
    fn missing(&mut self, path: &str) {
        self.out.error(path, Rule::Required);
    }

    /// Reports a required value that is absent; true when present.
    fn present<T>(&mut self, path: &str, v: &Option<T>, required: bool) -> bool {
        if v.is_none() && required {
            self.missing(path);
        }
        v.is_some()
    }

    fn text(&mut self, path: &str, v: Option<&String>, required: bool, max: usize, pat: Pat) {
        let Some(v) = v else {
            if required {
                self.missing(path);
            }
            return;
        };
        let len = v.chars().count();
        if len > max {
            self.out
                .error(path, Rule::MaxLength)
                .with("max", max)
                .with("actual", len);
        }
        if !pat.matches(v) {
            self.out
                .error(path, Rule::Pattern)
                .with("pattern", pat.source());
        }
    }

    fn opt(&mut self, path: &str, v: &Option<String>, max: usize, pat: Pat) {
        self.text(path, v.as_ref(), false, max, pat);
    }

    fn req(&mut self, path: &str, v: &Option<String>, max: usize, pat: Pat) {
        self.text(path, v.as_ref(), true, max, pat);
    }

    /// A list's size; an empty list is an absent one, as Purser does not send `[]`.
    fn count(&mut self, path: &str, len: usize, min: usize, max: Option<usize>) {
        if len == 0 && min > 0 {
            self.missing(path);
        } else if len < min {
            self.out
                .error(path, Rule::MinItems)
                .with("min", min)
                .with("actual", len);
        }
        if let Some(max) = max
            && len > max
        {
            self.out
                .error(path, Rule::MaxItems)
                .with("max", max)
                .with("actual", len);
        }
    }

    fn lines(
        &mut self,
        path: &str,
        items: &[String],
        max_items: Option<usize>,
        max: usize,
        pat: Pat,
    ) {
        self.count(path, items.len(), 0, max_items);
        for (i, line) in items.iter().enumerate() {
            self.text(&format!("{path}/{i}"), Some(line), true, max, pat);
        }
    }

    fn range(
        &mut self,
        path: &str,
        v: Option<Decimal>,
        min: Decimal,
        exclusive: bool,
        max: Option<Decimal>,
    ) {
        let Some(v) = v else { return };
        if v < min || (exclusive && v == min) {
            let rule = if exclusive {
                Rule::ExclusiveMinimum
            } else {
                Rule::Minimum
            };
            self.out
                .error(path, rule)
                .with("min", min)
                .with("actual", v);
        }
        if let Some(max) = max
            && v > max
        {
            self.out
                .error(path, Rule::Maximum)
                .with("max", max)
                .with("actual", v);
        }
    }

    fn positive(&mut self, path: &str, v: Option<Decimal>) {
        self.range(path, v, Decimal::ZERO, true, None);
    }

    fn any_of(&mut self, path: &str, given: bool, fields: &str) {
        if !given {
            self.out.error(path, Rule::AnyOf).with("fields", fields);
        }
    }
}
