//! Canonical JSON (object keys sorted, no insignificant white space) and its SHA-256: the
//! identity of a received body, independent of how the sender ordered or spaced it.

use serde_json::Value;
use sha2::{Digest, Sha256};

/// `value` as compact JSON with object keys sorted by code point at every level.
///
/// Written out by hand rather than through `serde_json::to_string`, because a dependency
/// enabling serde_json's `preserve_order` would silently keep the sender's key order.
pub fn canonical_json(value: &Value) -> String {
    let mut out = Vec::with_capacity(1024);
    write_canonical(value, &mut out);
    // Only JSON text was written, and JSON text is UTF-8.
    String::from_utf8(out).unwrap_or_default()
}

fn write_canonical(value: &Value, out: &mut Vec<u8>) {
    match value {
        Value::Object(map) => {
            out.push(b'{');
            // serde_json's map is ordered by key unless some crate turns on `preserve_order`.
            if map.keys().is_sorted() {
                write_members(map.iter(), out);
            } else {
                let mut entries: Vec<(&String, &Value)> = map.iter().collect();
                entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
                write_members(entries.into_iter(), out);
            }
            out.push(b'}');
        }
        Value::Array(items) => {
            out.push(b'[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_canonical(v, out);
            }
            out.push(b']');
        }
        // Strings, numbers, booleans and null have one compact spelling already.
        scalar => write_scalar(scalar, out),
    }
}

fn write_members<'v>(members: impl Iterator<Item = (&'v String, &'v Value)>, out: &mut Vec<u8>) {
    for (i, (key, v)) in members.enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_scalar(key, out);
        out.push(b':');
        write_canonical(v, out);
    }
}

fn write_scalar<T: serde::Serialize + ?Sized>(value: &T, out: &mut Vec<u8>) {
    // Writing JSON scalars into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, value);
}

/// Lower-case hex SHA-256 of a canonical JSON text (see [`canonical_json`]).
pub fn hash_of(canonical: &str) -> String {
    hex(&Sha256::digest(canonical.as_bytes()))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn key_order_and_spacing_do_not_change_the_canonical_form() {
        let a: Value = serde_json::from_str(r#"{"b": 1, "a": {"y": [1, 2], "x": "é\n"}}"#).unwrap();
        let b = json!({"a": {"x": "é\n", "y": [1, 2]}, "b": 1});
        assert_eq!(canonical_json(&a), r#"{"a":{"x":"é\n","y":[1,2]},"b":1}"#);
        assert_eq!(hash_of(&canonical_json(&a)), hash_of(&canonical_json(&b)));
    }

    #[test]
    fn hex_is_lower_case() {
        assert_eq!(hex(&[0x00, 0xab, 0xff]), "00abff");
    }
}
