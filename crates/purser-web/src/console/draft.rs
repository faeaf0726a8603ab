//! A console form that came back: which form failed, what was typed into it and what is
//! wrong, so the page can show it again with the errors beside the fields.

use super::FieldErrors;
use crate::i18n::T;
use purser_app::AppError;
use std::collections::BTreeMap;

/// A form that came back with errors: which one, what was typed, what is wrong.
#[derive(Default)]
pub struct Draft {
    pub form: &'static str,
    pub errors: FieldErrors,
    pub values: BTreeMap<String, String>,
}

impl Draft {
    pub fn new(form: &'static str, errors: FieldErrors, values: BTreeMap<String, String>) -> Draft {
        Draft {
            form,
            errors,
            values,
        }
    }

    /// The error of one field of one form.
    pub fn err(&self, form: &str, field: &str) -> Option<&str> {
        (self.form == form)
            .then(|| self.errors.get(field).map(String::as_str))
            .flatten()
    }

    /// What was typed into a field of the form that failed ("" for the others).
    pub fn val(&self, form: &str, field: &str) -> &str {
        if self.form == form {
            self.values.get(field).map_or("", String::as_str)
        } else {
            ""
        }
    }

    /// Every error of one form, for the summary at its top.
    pub fn errors_of(&self, form: &str) -> Vec<(String, String)> {
        if self.form == form {
            self.errors
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        } else {
            vec![]
        }
    }

    pub fn open(&self, form: &str) -> bool {
        self.form == form
    }
}

/// An error of a case action as the form shows it.
pub fn action_errors(t: T, e: &AppError) -> FieldErrors {
    match e {
        AppError::Conflict(m) => [("form".to_string(), m.clone())].into_iter().collect(),
        AppError::Stale { .. } => [("form".to_string(), t.s("stale").to_string())]
            .into_iter()
            .collect(),
        other => super::field_errors(other),
    }
}
