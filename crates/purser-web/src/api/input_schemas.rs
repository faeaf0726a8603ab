//! The request bodies' text fields as the server checks them
//! (`purser_domain::validation::Problems::text`): no control characters but tab and line
//! breaks, and a required field not blank. Written into the component schemas once, for
//! every schema a request body refers to, so each input type need not repeat the rule.

use serde_json::{Value, json};
use std::collections::BTreeSet;
use utoipa::openapi::OpenApi;

/// Any text without control characters other than tab, LF and CR (CR becomes LF).
pub const TEXT: &str = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$";
/// The same, with at least one character that is not white space.
pub const REQUIRED_TEXT: &str = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*[^\\s\\u0000-\\u001F\\u007F-\\u009F][^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$";

pub fn complete(doc: &mut OpenApi) {
    let mut refs = BTreeSet::new();
    for item in doc.paths.paths.values() {
        for op in [&item.get, &item.put, &item.post, &item.delete, &item.patch]
            .into_iter()
            .flatten()
        {
            if let Some(b) = &op.request_body
                && let Ok(v) = serde_json::to_value(b)
            {
                refs_in(&v, &mut refs);
            }
        }
    }
    let Some(components) = doc.components.as_mut() else {
        return;
    };
    // the schemas the bodies' schemas refer to are inputs too (addresses of a customer)
    let mut todo: Vec<String> = refs.iter().cloned().collect();
    while let Some(name) = todo.pop() {
        if let Some(s) = components.schemas.get(&name)
            && let Ok(v) = serde_json::to_value(s)
        {
            let mut more = BTreeSet::new();
            refs_in(&v, &mut more);
            for m in more {
                if refs.insert(m.clone()) {
                    todo.push(m);
                }
            }
        }
    }
    for name in refs {
        let Some(s) = components.schemas.get_mut(&name) else {
            continue;
        };
        let Ok(mut v) = serde_json::to_value(&*s) else {
            continue;
        };
        tighten(&mut v);
        if let Ok(done) = serde_json::from_value(v) {
            *s = done;
        }
    }
}

fn refs_in(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(r)) = m.get("$ref")
                && let Some(name) = r.strip_prefix("#/components/schemas/")
            {
                out.insert(name.to_string());
            }
            m.values().for_each(|x| refs_in(x, out));
        }
        Value::Array(a) => a.iter().for_each(|x| refs_in(x, out)),
        _ => {}
    }
}

fn is_plain_string(v: &Value) -> bool {
    let string = match &v["type"] {
        Value::String(t) => t == "string",
        Value::Array(ts) => ts.iter().any(|t| t == "string"),
        _ => false,
    };
    string && v.get("format").is_none() && v.get("enum").is_none() && v.get("pattern").is_none()
}

/// Gives an object schema's plain text properties (and lists of them) their pattern.
fn tighten(schema: &mut Value) {
    let required: Vec<String> = schema["required"]
        .as_array()
        .map(|r| {
            r.iter()
                .filter_map(|s| s.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    let Some(props) = schema.get_mut("properties").and_then(Value::as_object_mut) else {
        return;
    };
    for (name, p) in props.iter_mut() {
        // the inputs' names say their format: `due_at` is an RFC 3339 time, `data_base64` bytes
        if is_plain_string(p) && name.ends_with("_at") {
            p["format"] = json!("date-time");
        } else if is_plain_string(p) && name.ends_with("_base64") {
            p["format"] = json!("byte");
        } else if is_plain_string(p) {
            let pattern = if required.contains(name) {
                REQUIRED_TEXT
            } else {
                TEXT
            };
            p["pattern"] = json!(pattern);
        } else if p["items"].is_object() && is_plain_string(&p["items"]) {
            p["items"]["pattern"] = json!(TEXT);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_text_must_not_be_blank_and_no_text_holds_control_characters() {
        let mut s = json!({
            "type": "object",
            "required": ["subject"],
            "properties": {
                "subject": {"type": "string"},
                "notes": {"type": ["string", "null"]},
                "tags": {"type": "array", "items": {"type": "string"}},
                "due_at": {"type": "string"},
                "data_base64": {"type": "string"},
                "status": {"type": "string", "enum": ["new"]}
            }
        });
        tighten(&mut s);
        let p = &s["properties"];
        assert_eq!(p["subject"]["pattern"], REQUIRED_TEXT);
        assert_eq!(p["notes"]["pattern"], TEXT);
        assert_eq!(p["tags"]["items"]["pattern"], TEXT);
        assert_eq!(p["due_at"]["format"], "date-time");
        assert_eq!(p["data_base64"]["format"], "byte");
        assert!(p["status"].get("pattern").is_none());
    }
}
