//! The answers every operation can give besides its own, added to the OpenAPI document in
//! one place so the document says what the server does: a path id that is no id is 404, a
//! query that does not fit 422, a JSON body may be malformed (400), too large (413), of the
//! wrong type (415) or the wrong shape (422), an update without or with a stale If-Match is
//! 428 or 412, and anyone may be unauthenticated (401) or not allowed (403). Every problem
//! is `application/problem+json`, which the handlers' annotations cannot say by themselves.

use utoipa::openapi::path::{Operation, Parameter, ParameterIn};
use utoipa::openapi::{Content, OpenApi, Ref, RefOr, Required, Response};

/// Completes the document the handlers' annotations built.
pub fn complete(mut doc: OpenApi) -> OpenApi {
    for (path, item) in doc.paths.paths.iter_mut() {
        if !path.starts_with("/api/") {
            // the DCSA endpoints answer in their standard's own error format
            for op in [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
            ]
            .into_iter()
            .flatten()
            {
                let t = takes(op);
                for (status, description) in rejections(&t) {
                    op.responses
                        .responses
                        .entry(status.to_string())
                        .or_insert_with(|| RefOr::T(Response::new(description)));
                }
            }
            continue;
        }
        for (writes, op) in [
            (false, &mut item.get),
            (true, &mut item.put),
            (true, &mut item.post),
            (true, &mut item.delete),
            (true, &mut item.patch),
        ] {
            if let Some(op) = op {
                complete_operation(writes, op);
            }
        }
    }
    doc
}

/// What an operation takes, as far as its possible rejections go.
#[derive(Debug, Default)]
struct Takes {
    path_ids: bool,
    query: bool,
    body_types: Vec<String>,
    /// Some(required) when it reads If-Match.
    if_match: Option<bool>,
    idempotency_key: bool,
    /// POST, PUT, PATCH or DELETE.
    writes: bool,
}

fn takes(op: &Operation) -> Takes {
    // parameters by reference are not used in this document
    let params: Vec<&Parameter> = op
        .parameters
        .iter()
        .flatten()
        .filter_map(|p| match p {
            RefOr::T(p) => Some(p),
            RefOr::Ref(_) => None,
        })
        .collect();
    let is = |p: &Parameter, place: ParameterIn| {
        std::mem::discriminant(&p.parameter_in) == std::mem::discriminant(&place)
    };
    Takes {
        path_ids: params.iter().any(|p| is(p, ParameterIn::Path)),
        query: params.iter().any(|p| is(p, ParameterIn::Query)),
        body_types: match &op.request_body {
            Some(RefOr::T(b)) => b.content.keys().cloned().collect(),
            _ => Vec::new(),
        },
        if_match: params
            .iter()
            .find(|p| is(p, ParameterIn::Header) && p.name == "If-Match")
            .map(|p| matches!(p.required, Required::True)),
        idempotency_key: params.iter().any(|p| p.name == "Idempotency-Key"),
        writes: false,
    }
}

/// The statuses an operation answers besides its own, with what each means.
fn rejections(t: &Takes) -> Vec<(&'static str, &'static str)> {
    let mut add = vec![
        ("401", "Not signed in: no session and no valid bearer token"),
        ("403", "Your role may not do this"),
    ];
    if t.path_ids {
        add.push(("404", "No such object, or not one you may see"));
    }
    if t.query {
        add.push((
            "422",
            "A query parameter that does not fit, named in `errors`",
        ));
    }
    if !t.body_types.is_empty() {
        add.push(("413", "The body is over the size limit"));
        add.push(("415", "The body is not of the documented type"));
    }
    if t.body_types.iter().any(|b| b.contains("json")) {
        add.push(("400", "The body is not JSON"));
        add.push(("422", "A field that does not fit, named in `errors`"));
    }
    if let Some(required) = t.if_match {
        add.push((
            "412",
            "If-Match names no version of the object, or not its current one",
        ));
        if required {
            add.push(("428", "If-Match is missing"));
        }
    }
    if t.writes {
        add.push((
            "409",
            "Conflicts with the object's state or with another object",
        ));
    }
    if t.idempotency_key {
        add.push(("422", "An Idempotency-Key reused with a different request"));
    }
    add
}

/// The headers the server checks, with the rule it checks them by.
fn header_schema(name: &str) -> Option<serde_json::Value> {
    match name {
        // `*`, or an ETag this API gave out: a version number in quotes, maybe weak
        "If-Match" => Some(serde_json::json!({
            "type": "string",
            "pattern": "^(\\*|(W/)?\"[0-9]{1,18}\")$"
        })),
        "Idempotency-Key" => Some(serde_json::json!({
            "type": "string",
            "minLength": 1,
            "maxLength": 200,
            "pattern": "^[!-~]+$"
        })),
        _ => None,
    }
}

/// An optional id in the query may be left empty: the lists read an empty value as no filter.
const UUID_OR_EMPTY: &str =
    "^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})?$";

fn complete_operation(writes: bool, op: &mut Operation) {
    for p in op.parameters.iter_mut().flatten() {
        let RefOr::T(p) = p else { continue };
        let schema = header_schema(&p.name).or_else(|| {
            let is_query = matches!(p.parameter_in, ParameterIn::Query)
                && !matches!(p.required, Required::True);
            let v = serde_json::to_value(&p.schema).ok()?;
            (is_query && v["format"] == "uuid")
                .then(|| serde_json::json!({ "type": "string", "pattern": UUID_OR_EMPTY }))
        });
        if let Some(schema) = schema
            && let Ok(schema) = serde_json::from_value(schema)
        {
            p.schema = Some(schema);
        }
    }
    merge_patch_is_an_object(op);
    let t = Takes {
        writes,
        ..takes(op)
    };
    let responses = &mut op.responses.responses;
    for (status, description) in rejections(&t) {
        responses
            .entry(status.to_string())
            .or_insert_with(|| RefOr::T(Response::new(description)));
    }
    // every answer of 400 and above is a problem document, whatever the annotation said
    for (status, r) in responses.iter_mut() {
        if status.as_str() < "400" {
            continue;
        }
        if let RefOr::T(r) = r {
            if r.description.is_empty() {
                r.description = reason(status).to_string();
            }
            r.content.clear();
            r.content.insert(
                "application/problem+json".to_string(),
                RefOr::T(Content::new(Some(Ref::from_schema_name("Problem")))),
            );
        }
    }
}

/// A JSON merge patch (RFC 7396) is an object: `null` or a list is refused with 422.
fn merge_patch_is_an_object(op: &mut Operation) {
    if let Some(RefOr::T(b)) = &mut op.request_body
        && let Some(RefOr::T(c)) = b.content.get_mut("application/merge-patch+json")
        && let Ok(object) = serde_json::from_value(serde_json::json!({ "type": "object" }))
    {
        c.schema = Some(object);
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

    fn statuses(t: &Takes) -> Vec<&'static str> {
        let mut s: Vec<&str> = rejections(t).into_iter().map(|(s, _)| s).collect();
        s.sort();
        s.dedup();
        s
    }

    #[test]
    fn an_update_may_be_refused_for_its_id_body_and_version() {
        let t = Takes {
            path_ids: true,
            body_types: vec!["application/merge-patch+json".into()],
            if_match: Some(true),
            writes: true,
            ..Takes::default()
        };
        assert_eq!(
            statuses(&t),
            [
                "400", "401", "403", "404", "409", "412", "413", "415", "422", "428"
            ]
        );
    }

    #[test]
    fn a_read_without_parameters_is_not_said_to_answer_404_or_422() {
        assert_eq!(statuses(&Takes::default()), ["401", "403"]);
    }

    #[test]
    fn a_raw_body_is_not_said_to_be_malformed_json() {
        let t = Takes {
            body_types: vec!["message/rfc822".into()],
            query: true,
            writes: true,
            ..Takes::default()
        };
        assert_eq!(statuses(&t), ["401", "403", "409", "413", "415", "422"]);
    }

    #[test]
    fn the_served_document_says_problems_are_problem_json() {
        let (_, doc) = super::super::router();
        let v = serde_json::to_value(&doc).unwrap();
        let r = &v["paths"]["/api/v1/customers/{id}"]["delete"]["responses"];
        assert_eq!(
            r["412"]["content"]["application/problem+json"]["schema"]["$ref"],
            "#/components/schemas/Problem",
            "{r}"
        );
        assert!(r["404"]["content"].get("application/json").is_none(), "{r}");
        assert!(r["200"]["content"].get("application/json").is_some(), "{r}");
    }
}
