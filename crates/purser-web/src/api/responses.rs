//! The answers every operation can give besides its own, added to the OpenAPI document in
//! one place so the document says what the server does: a path id that is no id is 404, a
//! query that does not fit 422, a JSON body may be malformed (400), too large (413), of the
//! wrong type (415) or the wrong shape (422), an update without or with a stale If-Match is
//! 428 or 412, and anyone may be unauthenticated (401) or not allowed (403). Every problem
//! is `application/problem+json`, which the handlers' annotations cannot say by themselves.

use serde_json::{Map, Value, json};

/// Completes the document the handlers' annotations built.
pub fn complete(doc: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    let mut v = serde_json::to_value(&doc).expect("the document serialises");
    if let Some(paths) = v.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in paths.iter_mut() {
            if !path.starts_with("/api/") {
                // the DCSA endpoints answer in their standard's own error format
                continue;
            }
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            for (method, op) in item.iter_mut() {
                if let Some(op) = op.as_object_mut() {
                    complete_operation(method, op);
                }
            }
        }
    }
    serde_json::from_value(v).unwrap_or(doc)
}

fn complete_operation(method: &str, op: &mut Map<String, Value>) {
    let params: Vec<Value> = op
        .get("parameters")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let has = |place: &str| params.iter().any(|p| p["in"] == place);
    let if_match = params
        .iter()
        .find(|p| p["in"] == "header" && p["name"] == "If-Match");
    let body_types: Vec<String> = op
        .get("requestBody")
        .and_then(|b| b.get("content"))
        .and_then(Value::as_object)
        .map(|c| c.keys().cloned().collect())
        .unwrap_or_default();
    let json_body = body_types.iter().any(|t| t.contains("json"));

    let mut add: Vec<(&str, &str)> = vec![
        ("401", "Not signed in: no session and no valid bearer token"),
        ("403", "Your role may not do this"),
    ];
    if has("path") {
        add.push(("404", "No such object, or not one you may see"));
    }
    if has("query") {
        add.push((
            "422",
            "A query parameter that does not fit, named in `errors`",
        ));
    }
    if !body_types.is_empty() {
        add.push(("413", "The body is over the size limit"));
        add.push(("415", "The body is not of the documented type"));
    }
    if json_body {
        add.push(("400", "The body is not JSON"));
        add.push(("422", "A field that does not fit, named in `errors`"));
    }
    if let Some(p) = if_match {
        add.push((
            "412",
            "If-Match names no version of the object, or not its current one",
        ));
        if p["required"] == true {
            add.push(("428", "If-Match is missing"));
        }
    }
    if method == "post" && params.iter().any(|p| p["name"] == "Idempotency-Key") {
        add.push(("422", "An Idempotency-Key reused with a different request"));
    }

    let responses = op
        .entry("responses")
        .or_insert_with(|| json!({}))
        .as_object_mut()
        .expect("responses is an object");
    for (status, description) in add {
        responses
            .entry(status)
            .or_insert_with(|| json!({ "description": description }));
    }
    // every answer of 400 and above is a problem document, whatever the annotation said
    for (status, r) in responses.iter_mut() {
        if status.as_str() >= "400" {
            if r.get("description")
                .and_then(Value::as_str)
                .unwrap_or("")
                .is_empty()
            {
                r["description"] = json!(reason(status));
            }
            r["content"] = json!({
                "application/problem+json": {
                    "schema": { "$ref": "#/components/schemas/Problem" }
                }
            });
        }
    }
}

fn reason(status: &str) -> &'static str {
    status
        .parse::<u16>()
        .ok()
        .and_then(|s| axum::http::StatusCode::from_u16(s).ok())
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Error")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(v: Value) -> Map<String, Value> {
        let mut m = v.as_object().unwrap().clone();
        complete_operation("patch", &mut m);
        m
    }

    #[test]
    fn an_update_documents_its_rejections_as_problem_documents() {
        let m = op(json!({
            "parameters": [
                {"name": "id", "in": "path", "required": true},
                {"name": "If-Match", "in": "header", "required": true}
            ],
            "requestBody": {"content": {"application/merge-patch+json": {}}},
            "responses": {"200": {"description": ""}, "422": {"description": "", "content": {"application/json": {}}}}
        }));
        let r = &m["responses"];
        for s in [
            "400", "401", "403", "404", "412", "413", "415", "422", "428",
        ] {
            assert_eq!(
                r[s]["content"]["application/problem+json"]["schema"]["$ref"],
                "#/components/schemas/Problem",
                "{s}"
            );
            assert!(r[s]["content"].get("application/json").is_none(), "{s}");
        }
        assert!(r["200"].get("content").is_none());
    }

    #[test]
    fn a_read_without_parameters_is_not_said_to_answer_404_or_422() {
        let m = op(json!({"responses": {"200": {"description": ""}}}));
        let r = m["responses"].as_object().unwrap();
        assert!(!r.contains_key("404") && !r.contains_key("422") && !r.contains_key("415"));
        assert!(r.contains_key("401"));
    }
}
