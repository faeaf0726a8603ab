//! The DCSA request bodies' shape and the fields the server requires: TNT 2.2 subscriptions
//! (an http(s) callback URL, a Base64 secret of at least 16 bytes, 24 characters) and TNT
//! 2.2 events or CS 1.0.3 schedules (an array, or one object). The server checks each body
//! against the published spec (`purser_dcsa::spec`).

use serde_json::{Value, json};
use utoipa::openapi::{OpenApi, RefOr};

pub fn complete(doc: &mut OpenApi) {
    // The spec's own subscription schemas (allOf over filter parts) do not survive the
    // document's schema model, so the bodies name the fields the server requires and
    // checks; the optional TNT filter fields are described in the spec the server validates
    // against (`purser_dcsa::spec::validate_tnt`, "subscriptionBody").
    let callback = json!({ "type": "string", "format": "uri", "pattern": "^https?://" });
    // unknown fields are refused; the spec's optional filters (eventType,
    // shipmentEventTypeCode, carrierBookingReference, … as the events' query names them)
    // are accepted too but not listed here, so a generated body leaves them out
    let filters =
        "Also the TNT 2.2 subscription filters, each checked as the events query checks it.";
    let with_secret = json!({
        "type": "object",
        "description": filters,
        "required": ["callbackUrl", "secret"],
        "properties": { "callbackUrl": callback, "secret": secret_rule() },
        "additionalProperties": false,
    });
    let without = json!({
        "type": "object",
        "description": filters,
        "required": ["callbackUrl"],
        "properties": { "callbackUrl": callback },
        "additionalProperties": false,
    });
    let secret = json!({
        "type": "object",
        "required": ["secret"],
        "properties": { "secret": secret_rule() },
    });
    // an array of events or schedules, or a single one as an object
    let many = json!({ "anyOf": [
        { "type": "array", "items": { "type": "object" } },
        { "type": "object" },
    ]});
    let ops = [
        ("/api/v1/tracking/events", "post", many.clone()),
        ("/api/v1/tracking/schedules", "post", many),
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
