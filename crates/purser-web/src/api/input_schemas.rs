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
    let all: serde_json::Map<String, Value> = components
        .schemas
        .iter()
        .filter_map(|(n, s)| Some((n.clone(), serde_json::to_value(s).ok()?)))
        .collect();
    for name in refs {
        let Some(s) = components.schemas.get_mut(&name) else {
            continue;
        };
        let Some(mut v) = all.get(&name).cloned() else {
            continue;
        };
        flatten(&mut v, &all);
        tighten(&mut v);
        // a team's lanes are each a required text of at most 20 characters (check_team)
        if name == "TeamInput" {
            v["properties"]["lanes"]["items"] =
                json!({ "type": "string", "pattern": REQUIRED_TEXT, "maxLength": 20 });
        }
        if let Ok(done) = serde_json::from_value(v) {
            *s = done;
        }
    }
    merge_patches_name_their_fields(doc);
}

/// A JSON merge patch of X changes some of XInput's fields and no others: the document
/// says so, with each field's own rule, instead of "any object".
fn merge_patches_name_their_fields(doc: &mut OpenApi) {
    use utoipa::openapi::RefOr;
    let Some(components) = doc.components.as_ref() else {
        return;
    };
    let inputs: serde_json::Map<String, Value> = components
        .schemas
        .iter()
        .filter(|(n, _)| n.ends_with("Input"))
        .filter_map(|(n, s)| Some((n.clone(), serde_json::to_value(s).ok()?)))
        .collect();
    for item in doc.paths.paths.values_mut() {
        let Some(op) = item.patch.as_mut() else {
            continue;
        };
        let answer = op
            .responses
            .responses
            .get("200")
            .and_then(|r| serde_json::to_value(r).ok())
            .and_then(|r| {
                r["content"]["application/json"]["schema"]["$ref"]
                    .as_str()
                    .map(|s| s.trim_start_matches("#/components/schemas/").to_string())
            });
        let Some(input) = answer.and_then(|a| inputs.get(&format!("{a}Input"))) else {
            continue;
        };
        let mut input = input.clone();
        tighten(&mut input);
        let patch = json!({
            "type": "object",
            "properties": input["properties"],
            "additionalProperties": false,
        });
        if let Some(RefOr::T(b)) = &mut op.request_body
            && let Some(RefOr::T(c)) = b.content.get_mut("application/merge-patch+json")
            && let Ok(schema) = serde_json::from_value(patch)
        {
            c.schema = Some(schema);
        }
    }
}

/// An input with a `#[serde(flatten)]` part is documented as `allOf` its parts, each closed
/// to the other's fields; it is one object with all their fields, closed to any other.
fn flatten(schema: &mut Value, all: &serde_json::Map<String, Value>) {
    let Some(parts) = schema.get("allOf").and_then(Value::as_array) else {
        return;
    };
    let mut properties = serde_json::Map::new();
    let mut required = Vec::new();
    for part in parts {
        let part = match part["$ref"].as_str() {
            Some(r) => match all.get(r.trim_start_matches("#/components/schemas/")) {
                Some(p) => p,
                None => return,
            },
            None => part,
        };
        let Some(props) = part["properties"].as_object() else {
            return;
        };
        properties.extend(props.clone());
        required.extend(part["required"].as_array().cloned().unwrap_or_default());
    }
    *schema = json!({
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    });
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
    fn a_flattened_input_is_one_closed_object() {
        let mut all = serde_json::Map::new();
        all.insert(
            "Assign".into(),
            json!({"type": "object", "properties": {"team_id": {"type": "string"}}, "additionalProperties": false}),
        );
        let mut s = json!({"allOf": [
            {"$ref": "#/components/schemas/Assign"},
            {"type": "object", "required": ["case_ids"], "properties": {"case_ids": {"type": "array"}}}
        ]});
        flatten(&mut s, &all);
        assert_eq!(s["required"], json!(["case_ids"]));
        assert!(s["properties"]["team_id"].is_object() && s["properties"]["case_ids"].is_object());
        assert_eq!(s["additionalProperties"], false);
    }

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
