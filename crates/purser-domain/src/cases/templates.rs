//! Reply templates with variables (STUB: being written).

use std::collections::BTreeMap;

pub const VARIABLES: &[&str] = &[];

pub fn check(_template: &str) -> Result<(), String> {
    todo!()
}

pub fn render(_template: &str, _vars: &BTreeMap<String, String>) -> Result<String, String> {
    todo!()
}
