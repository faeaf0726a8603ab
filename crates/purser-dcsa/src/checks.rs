//! The trade's identifier rules applied to DCSA fields, beyond what the spec's schemas say:
//! ISO 6346 check digits, IMO check digits and the UN/LOCODE shape, through the domain's
//! checked types so the rule lives in one place.

use crate::Problem;
use purser_domain::ids::{ContainerNumber, ImoNumber, UnLocode};
use serde_json::Value;
use std::fmt::Write as _;

/// Problems and warnings of one item, with the paths the schema already complained about so
/// one field is not reported twice.
pub(crate) struct Findings<'a> {
    pub problems: Vec<Problem>,
    pub warnings: Vec<Problem>,
    known_locations: &'a dyn Fn(&str) -> bool,
}

impl<'a> Findings<'a> {
    pub fn new(problems: Vec<Problem>, known_locations: &'a dyn Fn(&str) -> bool) -> Self {
        Self {
            problems,
            warnings: Vec::new(),
            known_locations,
        }
    }

    fn already_reported(&self, path: &str) -> bool {
        self.problems.iter().any(|p| p.path == path)
    }

    fn problem(&mut self, path: String, message: String) {
        if !self.already_reported(&path) {
            self.problems.push(Problem::new(path, message));
        }
    }

    fn warning(&mut self, path: String, message: String) {
        if !self.already_reported(&path) {
            self.warnings.push(Problem::new(path, message));
        }
    }

    /// A UN/LOCODE must be well-formed and written as the code list writes it; a well-formed
    /// code the caller does not know is a warning, not an error (the list grows every year).
    /// `path` is only built when there is something to say.
    pub fn un_locode(&mut self, value: Option<&Value>, path: impl FnOnce() -> String) {
        let Some(code) = value.and_then(Value::as_str) else {
            return;
        };
        match UnLocode::parse(code) {
            Ok(parsed) if parsed.as_str() != code => self.problem(
                path(),
                format!("must be written {parsed} (UN/LOCODE: upper case, no space)"),
            ),
            Ok(parsed) => {
                if !(self.known_locations)(parsed.as_str()) {
                    self.warning(
                        path(),
                        format!("{parsed} is a well-formed UN/LOCODE but not a known location"),
                    );
                }
            }
            Err(e) => self.problem(path(), format!("{e}, not \"{code}\"")),
        }
    }

    /// A vessel IMO number must have its check digit.
    pub fn imo(&mut self, value: Option<&Value>, path: impl FnOnce() -> String) {
        let Some(imo) = value.and_then(Value::as_str) else {
            return;
        };
        match ImoNumber::parse(imo) {
            Ok(parsed) if parsed.as_str() == imo => {}
            Ok(parsed) => self.problem(path(), format!("must be written {parsed} (7 digits)")),
            Err(e) => self.problem(path(), format!("{e}, not \"{imo}\"")),
        }
    }

    /// An equipment reference shaped like a container number (4 letters, 7 digits) must pass
    /// ISO 6346. TNT allows other references "where ISO 6346 is not possible" (SMDG
    /// recommendation 2), so any other shape is kept, with a warning.
    pub fn equipment(&mut self, value: Option<&Value>, path: impl FnOnce() -> String) {
        let Some(reference) = value.and_then(Value::as_str) else {
            return;
        };
        let b = reference.as_bytes();
        let iso_shaped = b.len() == 11
            && b[..4].iter().all(u8::is_ascii_alphabetic)
            && b[4..].iter().all(u8::is_ascii_digit);
        if !iso_shaped {
            self.warning(
                path(),
                format!("\"{reference}\" is not an ISO 6346 container number; kept as given"),
            );
            return;
        }
        match ContainerNumber::parse(reference) {
            Ok(parsed) if parsed.as_str() == reference => {}
            Ok(parsed) => self.problem(path(), format!("must be written {parsed} (upper case)")),
            Err(e) => self.problem(path(), format!("{e}, not \"{reference}\"")),
        }
    }

    /// Every UN/LOCODE anywhere under `item` (members named `UNLocationCode`), wherever the
    /// spec puts one; `prefix` is the item's own path.
    pub fn all_un_locodes(&mut self, item: &Value, prefix: &str) {
        let mut at = String::from(prefix);
        self.walk(item, &mut at);
    }

    fn walk(&mut self, value: &Value, at: &mut String) {
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    let len = at.len();
                    push_token(at, key);
                    if key == "UNLocationCode" {
                        self.un_locode(Some(child), || at.clone());
                    } else {
                        self.walk(child, at);
                    }
                    at.truncate(len);
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    let len = at.len();
                    // Writing to a String cannot fail.
                    let _ = write!(at, "/{i}");
                    self.walk(child, at);
                    at.truncate(len);
                }
            }
            _ => {}
        }
    }
}

/// Appends one JSON pointer reference token, escaped (RFC 6901).
fn push_token(at: &mut String, token: &str) {
    at.push('/');
    for c in token.chars() {
        match c {
            '~' => at.push_str("~0"),
            '/' => at.push_str("~1"),
            c => at.push(c),
        }
    }
}

/// The member at a path of keys, without the allocations of `Value::pointer`.
pub(crate) fn at<'v>(value: &'v Value, keys: &[&str]) -> Option<&'v Value> {
    keys.iter().try_fold(value, |v, k| v.get(k))
}

/// The string at a path of keys.
pub(crate) fn text_at(value: &Value, keys: &[&str]) -> Option<String> {
    at(value, keys).and_then(Value::as_str).map(str::to_string)
}
