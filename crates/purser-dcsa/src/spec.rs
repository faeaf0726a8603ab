//! The official DCSA specifications, embedded and compiled once, as validators.
//!
//! `spec/TNT_v2.2.0.yaml` and `spec/CS_v1.0.3.yaml` are the files DCSA publishes (Apache-2.0,
//! `spec/LICENSE`). Each is parsed once into JSON and registered as one resource, so a
//! `#/components/schemas/...` reference anywhere in it resolves against the whole document.
//! A validator is compiled the first time a schema is asked for and kept for the life of the
//! process.
//!
//! OpenAPI 3.0 schemas are read as JSON Schema draft 4, the dialect they extend: siblings of
//! `$ref` are ignored and `example`, `deprecated` and `discriminator` are annotations. The one
//! keyword that changes validation, `nullable: true`, is rewritten to allow `null` before
//! compiling. Formats are asserted: `date-time` must carry a zone offset (RFC 3339), `uuid`
//! must be a UUID and `byte` must be Base64.

use crate::{Problem, pointer_push};
use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{Draft, Registry, ValidationError, Validator};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

/// DCSA Track & Trace 2.2.0, as published.
pub const TNT_YAML: &str = include_str!("../spec/TNT_v2.2.0.yaml");
/// DCSA Commercial Schedules 1.0.3, as published.
pub const CS_YAML: &str = include_str!("../spec/CS_v1.0.3.yaml");

static TNT_DOC: LazyLock<Value> = LazyLock::new(|| load(TNT_YAML, "TNT_v2.2.0.yaml"));
static CS_DOC: LazyLock<Value> = LazyLock::new(|| load(CS_YAML, "CS_v1.0.3.yaml"));

pub(crate) static TNT: LazyLock<Spec> =
    LazyLock::new(|| Spec::new("TNT 2.2", "urn:purser:dcsa:tnt:2.2.0", &TNT_DOC));
pub(crate) static CS: LazyLock<Spec> =
    LazyLock::new(|| Spec::new("CS 1.0.3", "urn:purser:dcsa:cs:1.0.3", &CS_DOC));

/// The TNT 2.2 specification as JSON (after the `nullable` rewrite), e.g. to serve it.
pub fn tnt_document() -> &'static Value {
    &TNT_DOC
}

/// The CS 1.0.3 specification as JSON (after the `nullable` rewrite).
pub fn cs_document() -> &'static Value {
    &CS_DOC
}

/// Problems of `doc` against a named schema of the TNT spec (e.g. "subscription",
/// "subscriptionBodyWithSecret", "error", "transportEvent"), empty when valid.
///
/// "event" is not a schema of the spec but the union its responses use; here it picks
/// `transportEvent`, `shipmentEvent` or `equipmentEvent` by `eventType`, so the problems are
/// those of the kind of event the sender meant.
pub fn validate_tnt(schema: &str, doc: &Value) -> Vec<Problem> {
    if schema == "event" {
        return validate_event(doc, "");
    }
    TNT.check(&schema_pointer(schema), doc, "")
}

/// Problems of `doc` against the response schema of a TNT operation: `path` as in the spec
/// ("/v2/events", "/v2/events/{eventID}", "/v2/event-subscriptions",
/// "/v2/event-subscriptions/{subscriptionID}"), `method` lower-case, `status` "200", "201", …
/// or "default". A status the operation does not list falls back to its "default" response,
/// as OpenAPI says.
pub fn validate_tnt_response(path: &str, method: &str, status: &str, doc: &Value) -> Vec<Problem> {
    TNT.check_response(path, method, status, doc)
}

/// Problems of `doc` against a named schema of the CS spec (e.g. "PointToPoint",
/// "ServiceSchedule", "PortSchedule", "ErrorResponse"), empty when valid.
pub fn validate_cs(schema: &str, doc: &Value) -> Vec<Problem> {
    CS.check(&schema_pointer(schema), doc, "")
}

/// Like [`validate_tnt_response`], for the CS operations ("/v1/point-to-point-routes",
/// "/v1/port-schedules", "/v1/vessel-schedules").
pub fn validate_cs_response(path: &str, method: &str, status: &str, doc: &Value) -> Vec<Problem> {
    CS.check_response(path, method, status, doc)
}

/// Problems of one TNT event, its paths under `prefix` (e.g. "/3").
pub(crate) fn validate_event(doc: &Value, prefix: &str) -> Vec<Problem> {
    let Some(event) = doc.as_object() else {
        return vec![Problem::new(prefix, "must be an object (a TNT 2.2 event)")];
    };
    let schema = match event.get("eventType").and_then(Value::as_str) {
        Some("TRANSPORT") => "transportEvent",
        Some("SHIPMENT") => "shipmentEvent",
        Some("EQUIPMENT") => "equipmentEvent",
        Some(other) => {
            // Still report what is wrong with the parts every event shares.
            let mut problems = TNT.check(&schema_pointer("baseEvent"), doc, prefix);
            problems.insert(
                0,
                Problem::new(
                    pointer_push(prefix, "eventType"),
                    format!("must be TRANSPORT, SHIPMENT or EQUIPMENT, not \"{other}\""),
                ),
            );
            return problems;
        }
        // Missing or not a string: the shared part of the schema says which.
        None => "baseEvent",
    };
    TNT.check(&schema_pointer(schema), doc, prefix)
}

fn schema_pointer(name: &str) -> String {
    pointer_push("/components/schemas", name)
}

/// Parses an embedded spec. The files are part of the crate and tested, so failure is a bug.
fn load(yaml: &str, file: &str) -> Value {
    let mut doc: Value = yaml_serde::from_str(yaml)
        .unwrap_or_else(|e| panic!("embedded DCSA spec {file} is not valid YAML: {e}"));
    allow_nullable(&mut doc);
    doc
}

/// OpenAPI 3.0 `nullable: true` → JSON Schema: `null` joins the allowed types (and the enum,
/// when there is one).
fn allow_nullable(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if map.get("nullable") == Some(&Value::Bool(true)) {
                if let Some(Value::String(t)) = map.get("type") {
                    let t = t.clone();
                    map.insert("type".into(), json!([t, "null"]));
                }
                if let Some(Value::Array(options)) = map.get_mut("enum")
                    && !options.contains(&Value::Null)
                {
                    options.push(Value::Null);
                }
            }
            map.values_mut().for_each(allow_nullable);
        }
        Value::Array(items) => items.iter_mut().for_each(allow_nullable),
        _ => {}
    }
}

/// One embedded specification with its compiled validators.
pub(crate) struct Spec {
    title: &'static str,
    uri: &'static str,
    doc: &'static Value,
    registry: Registry<'static>,
    compiled: Mutex<HashMap<String, Arc<Validator>>>,
}

impl Spec {
    fn new(title: &'static str, uri: &'static str, doc: &'static Value) -> Self {
        let registry = Registry::new()
            .draft(Draft::Draft4)
            .add(uri, Draft::Draft4.create_resource_ref(doc))
            .and_then(|builder| builder.prepare())
            .unwrap_or_else(|e| panic!("embedded DCSA spec {title} cannot be registered: {e}"));
        Self {
            title,
            uri,
            doc,
            registry,
            compiled: Mutex::new(HashMap::new()),
        }
    }

    /// The validator of the schema at `pointer` in the spec document, compiled on first use.
    fn validator(&self, pointer: &str) -> Result<Arc<Validator>, Problem> {
        let mut compiled = self
            .compiled
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(v) = compiled.get(pointer) {
            return Ok(Arc::clone(v));
        }
        if self.doc.pointer(pointer).is_none() {
            return Err(Problem::new(
                "",
                format!("{} has no schema at #{pointer}", self.title),
            ));
        }
        let root = json!({ "$ref": format!("{}#{}", self.uri, fragment(pointer)) });
        let validator = jsonschema::options()
            .with_draft(Draft::Draft4)
            .with_registry(&self.registry)
            .should_validate_formats(true)
            .with_format("uuid", is_uuid)
            .with_format("byte", is_base64)
            .build(&root)
            .map_err(|e| {
                Problem::new(
                    "",
                    format!("{} schema #{pointer} does not compile: {e}", self.title),
                )
            })?;
        let validator = Arc::new(validator);
        compiled.insert(pointer.to_string(), Arc::clone(&validator));
        Ok(validator)
    }

    /// Problems of `doc` against the schema at `pointer`, their paths under `prefix`.
    pub(crate) fn check(&self, pointer: &str, doc: &Value, prefix: &str) -> Vec<Problem> {
        let validator = match self.validator(pointer) {
            Ok(v) => v,
            Err(p) => return vec![p],
        };
        if validator.is_valid(doc) {
            return Vec::new();
        }
        let mut problems = Vec::new();
        for error in validator.iter_errors(doc) {
            describe(&error, prefix, &mut problems);
        }
        dedup(&mut problems);
        problems
    }

    fn check_response(&self, path: &str, method: &str, status: &str, doc: &Value) -> Vec<Problem> {
        let operation = pointer_push(&pointer_push("/paths", path), method);
        let Some(responses) = self.doc.pointer(&format!("{operation}/responses")) else {
            return vec![Problem::new(
                "",
                format!("{} has no operation {method} {path}", self.title),
            )];
        };
        let status = if responses.get(status).is_some() {
            status
        } else if responses.get("default").is_some() {
            "default"
        } else {
            return vec![Problem::new(
                "",
                format!(
                    "{} lists no {status} response for {method} {path}",
                    self.title
                ),
            )];
        };
        let schema = format!(
            "{}/content/application~1json/schema",
            pointer_push(&format!("{operation}/responses"), status)
        );
        if self.doc.pointer(&schema).is_none() {
            // A response without a body (e.g. 204).
            return if doc.is_null() {
                Vec::new()
            } else {
                vec![Problem::new(
                    "",
                    format!("{method} {path} {status} has no body in {}", self.title),
                )]
            };
        }
        self.check(&schema, doc, "")
    }
}

/// A JSON pointer as a URI fragment: characters a fragment may not hold (such as the braces
/// of "/v2/events/{eventID}") percent-encoded (RFC 6901, section 6).
fn fragment(pointer: &str) -> String {
    let mut out = String::with_capacity(pointer.len());
    for b in pointer.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn is_uuid(s: &str) -> bool {
    uuid::Uuid::try_parse(s).is_ok()
}

fn is_base64(s: &str) -> bool {
    let body = s.trim_end_matches('=');
    s.len().is_multiple_of(4)
        && s.len() - body.len() <= 2
        && body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
}

fn dedup(problems: &mut Vec<Problem>) {
    let mut seen = std::collections::HashSet::new();
    problems.retain(|p| seen.insert((p.path.clone(), p.message.clone())));
}

/// Turns one validation error into plain-English problems. For `anyOf`/`oneOf` that nothing
/// matched, the problems of the closest alternative are reported instead of "matches none".
fn describe(error: &ValidationError<'_>, prefix: &str, out: &mut Vec<Problem>) {
    let path = format!("{prefix}{}", error.instance_path().as_str());
    let instance = error.instance();
    let message = match error.kind() {
        ValidationErrorKind::Required { property } => {
            let name = property
                .as_str()
                .map_or_else(|| property.to_string(), str::to_string);
            out.push(Problem::new(pointer_push(&path, &name), "is required"));
            return;
        }
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            if let Some(closest) = context
                .iter()
                .filter(|c| !c.is_empty())
                .min_by_key(|c| c.len())
            {
                for e in closest {
                    describe(e, prefix, out);
                }
                return;
            }
            "matches none of the shapes the specification allows here".to_string()
        }
        ValidationErrorKind::OneOfMultipleValid { .. } => {
            "matches more than one of the shapes the specification allows here".to_string()
        }
        ValidationErrorKind::Type { kind } => {
            let expected = match kind {
                TypeKind::Single(t) => t.to_string(),
                TypeKind::Multiple(ts) => ts
                    .iter()
                    .map(|t| t.to_string())
                    .collect::<Vec<_>>()
                    .join(" or "),
            };
            format!(
                "must be {} {expected}, not {}",
                article(&expected),
                type_name(instance)
            )
        }
        ValidationErrorKind::Enum { options } => {
            let options = options.as_array().map_or_else(
                || options.to_string(),
                |o| o.iter().map(show).collect::<Vec<_>>().join(", "),
            );
            format!("must be one of {options}, not {}", instance)
        }
        ValidationErrorKind::Format { format } => match format.as_str() {
            "date-time" => format!(
                "must be a date and time with a zone offset (RFC 3339), e.g. \
                 2021-04-01T14:12:56+01:00, not {instance}"
            ),
            "date" => format!("must be a date (YYYY-MM-DD), not {instance}"),
            "uuid" => format!("must be a UUID, not {instance}"),
            "byte" => "must be Base64".to_string(),
            other => format!("is not a valid {other}: {instance}"),
        },
        ValidationErrorKind::MaxLength { limit } => {
            format!("must be at most {limit} characters long")
        }
        ValidationErrorKind::MinLength { limit } => {
            format!("must be at least {limit} characters long")
        }
        ValidationErrorKind::Pattern { pattern } => {
            format!("must match the pattern {pattern}, not {instance}")
        }
        ValidationErrorKind::MinItems { limit } => format!("must have at least {limit} items"),
        ValidationErrorKind::MaxItems { limit } => format!("must have at most {limit} items"),
        ValidationErrorKind::Minimum { limit } => format!("must be at least {limit}"),
        ValidationErrorKind::Maximum { limit } => format!("must be at most {limit}"),
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            format!(
                "has properties the specification does not allow: {}",
                unexpected.join(", ")
            )
        }
        _ => error.to_string(),
    };
    out.push(Problem::new(path, message));
}

fn show(v: &Value) -> String {
    v.as_str().map_or_else(|| v.to_string(), str::to_string)
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_specs_load_and_know_their_schemas() {
        assert!(
            tnt_document()
                .pointer("/components/schemas/transportEvent")
                .is_some()
        );
        assert!(
            cs_document()
                .pointer("/components/schemas/PointToPoint")
                .is_some()
        );
    }

    #[test]
    fn nullable_true_admits_null() {
        let mut doc = json!({"a": {"type": "string", "nullable": true, "enum": ["X"]}});
        allow_nullable(&mut doc);
        assert_eq!(doc["a"]["type"], json!(["string", "null"]));
        assert_eq!(doc["a"]["enum"], json!(["X", null]));
    }

    #[test]
    fn an_unknown_schema_name_is_a_problem_not_a_panic() {
        let problems = validate_tnt("noSuchSchema", &json!({}));
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.contains("no schema"), "{problems:?}");
    }

    #[test]
    fn base64_format() {
        assert!(is_base64("MTIz"));
        assert!(is_base64("MTI="));
        assert!(!is_base64("MTI"));
        assert!(!is_base64("M?I="));
    }
}
