//! JSON Merge Patch (RFC 7396): an update is the stored input with the patch merged in,
//! then validated like a create, so partial updates need no second set of rules.

use serde::{Serialize, de::DeserializeOwned};
use serde_json::Value;

/// Merges `patch` into `target` in place: objects merge, `null` deletes, the rest replaces.
pub fn merge(target: &mut Value, patch: &Value) {
    match patch {
        Value::Object(p) => {
            if !target.is_object() {
                *target = Value::Object(Default::default());
            }
            let t = target.as_object_mut().expect("object");
            for (k, v) in p {
                if v.is_null() {
                    t.remove(k);
                } else {
                    merge(t.entry(k.clone()).or_insert(Value::Null), v);
                }
            }
        }
        other => *target = other.clone(),
    }
}

/// `current` with `patch` applied, read back as the input type; serde's error names the
/// field when the result no longer fits.
pub fn apply<T: Serialize + DeserializeOwned>(
    current: &T,
    patch: &Value,
) -> Result<T, serde_json::Error> {
    let mut v = serde_json::to_value(current)?;
    merge(&mut v, patch);
    serde_json::from_value(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rfc7396_examples() {
        let cases = [
            (json!({"a":"b"}), json!({"a":"c"}), json!({"a":"c"})),
            (json!({"a":"b"}), json!({"b":"c"}), json!({"a":"b","b":"c"})),
            (json!({"a":"b"}), json!({"a":null}), json!({})),
            (json!({"a":["b"]}), json!({"a":"c"}), json!({"a":"c"})),
            (
                json!({"a":{"b":"c"}}),
                json!({"a":{"b":"d","c":null}}),
                json!({"a":{"b":"d"}}),
            ),
            (json!(["a"]), json!({"a":"b"}), json!({"a":"b"})),
        ];
        for (mut t, p, want) in cases {
            merge(&mut t, &p);
            assert_eq!(t, want);
        }
    }
}
