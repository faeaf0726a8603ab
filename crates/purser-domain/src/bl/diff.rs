//! What changed between two versions of a transport document, field by field, each at the
//! JSON path of the DCSA message, so the customer's approval page, an amendment's record
//! and its fee all read the same list.
//!
//! The documents are compared as the JSON Purser sends: objects key by key, lists item by
//! item (DCSA asks that the order of every list be kept, so position is identity; an item
//! inserted in the middle shows as changes to the items after it and one added at the end).

use super::document::TransportDocument;
use serde::Serialize;
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

/// One field that differs; `before`/`after` are absent for an added/removed field.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub path: String,
    pub kind: ChangeKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<Value>,
}

/// Every leaf that differs between `before` and `after`: object keys in alphabetical order
/// (serde_json's map), list items by position, so the same two versions always give the
/// same list.
pub fn diff(before: &TransportDocument, after: &TransportDocument) -> Vec<Change> {
    let a = serde_json::to_value(before).unwrap_or(Value::Null);
    let b = serde_json::to_value(after).unwrap_or(Value::Null);
    let mut out = Vec::new();
    walk(String::new(), Some(&a), Some(&b), &mut out);
    out
}

/// JSON pointer escaping (RFC 6901): `~` as `~0`, `/` as `~1`.
fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn walk(path: String, a: Option<&Value>, b: Option<&Value>, out: &mut Vec<Change>) {
    match (a, b) {
        (Some(Value::Object(x)), Some(Value::Object(y))) => {
            for (k, v) in x {
                walk(format!("{path}/{}", escape(k)), Some(v), y.get(k), out);
            }
            for (k, v) in y.iter().filter(|(k, _)| !x.contains_key(*k)) {
                walk(format!("{path}/{}", escape(k)), None, Some(v), out);
            }
        }
        (Some(Value::Array(x)), Some(Value::Array(y))) => {
            for i in 0..x.len().max(y.len()) {
                walk(format!("{path}/{i}"), x.get(i), y.get(i), out);
            }
        }
        (Some(x), Some(y)) if x == y => {}
        (Some(x), Some(y)) => out.push(Change {
            path,
            kind: ChangeKind::Changed,
            before: Some(x.clone()),
            after: Some(y.clone()),
        }),
        (Some(x), None) => out.push(Change {
            path,
            kind: ChangeKind::Removed,
            before: Some(x.clone()),
            after: None,
        }),
        (None, Some(y)) => out.push(Change {
            path,
            kind: ChangeKind::Added,
            before: None,
            after: Some(y.clone()),
        }),
        (None, None) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_escaped_as_json_pointers() {
        let mut out = Vec::new();
        let a = serde_json::json!({"a/b": 1, "c~d": [1]});
        let b = serde_json::json!({"a/b": 2, "c~d": [1, 2]});
        walk(String::new(), Some(&a), Some(&b), &mut out);
        let paths: Vec<_> = out.iter().map(|c| c.path.as_str()).collect();
        assert_eq!(paths, ["/a~1b", "/c~0d/1"]);
    }
}
