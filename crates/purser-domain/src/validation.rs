//! Field-level validation results shared by every aggregate, so the edge can name each bad
//! field in one RFC 9457 problem document.

use serde::Serialize;

/// One reason one field was refused; `field` is a JSON pointer-like path (`emails/1`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// Collects every field error of one input instead of stopping at the first.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Problems(pub Vec<FieldError>);

/// The message of a field whose value another record already holds (a unique name or
/// reference). The API answers such a clash 409 Conflict, not 422: the value is valid, the
/// store's state refuses it (`Problems::is_clash`).
pub const TAKEN: &str = "is already used by another";

impl Problems {
    pub fn new() -> Self {
        Self::default()
    }

    /// Every problem is a uniqueness clash (`TAKEN`): the input is valid but taken.
    pub fn is_clash(&self) -> bool {
        !self.0.is_empty() && self.0.iter().all(|e| e.message.starts_with(TAKEN))
    }

    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.into(),
            message: message.into(),
        });
    }

    /// Records the error of a parse, if any, under `field`.
    pub fn check<T, E: std::fmt::Display>(
        &mut self,
        field: &str,
        result: Result<T, E>,
    ) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.add(field, e.to_string());
                None
            }
        }
    }

    /// Refuses a text that is empty after trimming, longer than `max` characters, or holding
    /// a control character other than a line break or a tab. The edges have made CRLF and
    /// lone CR into LF (`text::line_breaks_as_lf`) before the rules see it.
    pub fn text(&mut self, field: &str, value: &str, required: bool, max: usize) {
        let trimmed = value.trim();
        if required && trimmed.is_empty() {
            self.add(field, "is required");
        } else if trimmed.chars().count() > max {
            self.add(field, format!("is longer than {max} characters"));
        } else if value
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t')
        {
            self.add(field, "contains control characters");
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_result(self) -> Result<(), Problems> {
        if self.0.is_empty() { Ok(()) } else { Err(self) }
    }
}

impl std::fmt::Display for Problems {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect();
        f.write_str(&parts.join("; "))
    }
}

impl std::error::Error for Problems {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_rules_name_the_field() {
        let mut p = Problems::new();
        p.text("legal_name", "  ", true, 10);
        p.text("notes", "abcdefghijk", false, 10);
        p.text("ok", "fine", true, 10);
        p.text("bell", "a\u{7}b", false, 10);
        let fields: Vec<_> = p.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["legal_name", "notes", "bell"]);
        assert!(p.into_result().is_err());
        assert!(Problems::new().into_result().is_ok());
    }
}
