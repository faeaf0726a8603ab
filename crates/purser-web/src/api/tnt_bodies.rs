//! The DCSA TNT 2.2 subscription request bodies, documented as the published spec states
//! them (its `$ref`s inlined) plus the server's own rules on top: a callback URL is http(s)
//! and a secret is Base64 of at least 16 bytes (24 characters). The server checks each body
//! against the same spec schema (`purser_dcsa::spec::validate_tnt`).

use serde_json::{Value, json};
use utoipa::openapi::{OpenApi, RefOr};

pub fn complete(doc: &mut OpenApi) {
    let with_secret = body("subscriptionBodyWithSecret");
    let without = body("subscriptionBody");
    let secret = json!({
        "type": "object",
        "required": ["secret"],
        "properties": { "secret": secret_rule() },
    });
    let ops = [
        ("/dcsa/tnt/v2/event-subscriptions", "post", with_secret),
        (
            "/dcsa/tnt/v2/event-subscriptions/{subscriptionID}",
            "put",
            without,
        ),
        (
            "/dcsa/tnt/v2/event-subscriptions/{subscriptionID}/secret",
            "put",
            secret,
        ),
    ];
    for (path, method, schema) in ops {
        let Some(item) = doc.paths.paths.get_mut(path) else {
            continue;
        };
        let op = match method {
            "post" => item.post.as_mut(),
            _ => item.put.as_mut(),
        };
        if let Some(op) = op
            && let Some(RefOr::T(b)) = &mut op.request_body
            && let Some(RefOr::T(c)) = b.content.get_mut("application/json")
            && let Ok(schema) = serde_json::from_value(schema)
        {
            c.schema = Some(schema);
        }
    }
}

fn secret_rule() -> Value {
    json!({ "type": "string", "format": "byte", "minLength": 24 })
}

/// A spec schema with its references inlined and the server's rules on its fields.
fn body(name: &str) -> Value {
    let spec = purser_dcsa::spec::tnt_document();
    let mut v = spec["components"]["schemas"][name].clone();
    inline(&mut v, spec, 0);
    tighten(&mut v);
    v
}

fn inline(v: &mut Value, spec: &Value, depth: usize) {
    if depth > 16 {
        return;
    }
    match v {
        Value::Object(m) => {
            if let Some(Value::String(r)) = m.get("$ref")
                && let Some(name) = r.strip_prefix("#/components/schemas/")
            {
                let mut target = spec["components"]["schemas"][name].clone();
                inline(&mut target, spec, depth + 1);
                *v = target;
                return;
            }
            m.values_mut().for_each(|x| inline(x, spec, depth + 1));
        }
        Value::Array(a) => a.iter_mut().for_each(|x| inline(x, spec, depth + 1)),
        _ => {}
    }
}

/// `callbackUrl` and `secret` wherever they are declared.
fn tighten(v: &mut Value) {
    match v {
        Value::Object(m) => {
            if let Some(Value::Object(props)) = m.get_mut("properties") {
                if let Some(u) = props.get_mut("callbackUrl") {
                    *u = json!({ "type": "string", "format": "uri", "pattern": "^https?://" });
                }
                if let Some(s) = props.get_mut("secret") {
                    *s = secret_rule();
                }
            }
            m.values_mut().for_each(tighten);
        }
        Value::Array(a) => a.iter_mut().for_each(tighten),
        _ => {}
    }
}
