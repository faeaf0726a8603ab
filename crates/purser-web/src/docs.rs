//! `/api/docs`: the OpenAPI document rendered as a browsable page on the server, with no
//! script and nothing fetched from elsewhere.

use askama::Template;
use axum::response::{Html, IntoResponse};
use std::sync::Arc;
use utoipa::openapi::OpenApi;

struct Op {
    method: String,
    path: String,
    summary: String,
    params: Vec<String>,
    body: String,
    responses: Vec<String>,
}

#[derive(Template)]
#[template(path = "api_docs.html")]
struct Docs {
    title: String,
    description: String,
    tags: Vec<(String, Vec<Op>)>,
    schemas: Vec<(String, String)>,
}

pub async fn page(spec: Arc<OpenApi>) -> impl IntoResponse {
    let mut tags: Vec<(String, Vec<Op>)> = Vec::new();
    for (path, item) in &spec.paths.paths {
        let ops = [
            ("GET", &item.get),
            ("POST", &item.post),
            ("PUT", &item.put),
            ("PATCH", &item.patch),
            ("DELETE", &item.delete),
        ];
        for (method, op) in ops {
            let Some(op) = op else { continue };
            let tag = op
                .tags
                .as_ref()
                .and_then(|t| t.first().cloned())
                .unwrap_or_else(|| "other".into());
            let params = op
                .parameters
                .iter()
                .flatten()
                .filter_map(|p| match p {
                    utoipa::openapi::RefOr::T(p) => Some(format!(
                        "{} ({}{})",
                        p.name,
                        serde_json::to_value(&p.parameter_in)
                            .ok()
                            .and_then(|v| v.as_str().map(str::to_string))
                            .unwrap_or_default(),
                        if matches!(p.required, utoipa::openapi::Required::True) {
                            ", required"
                        } else {
                            ""
                        }
                    )),
                    utoipa::openapi::RefOr::Ref(_) => None,
                })
                .collect();
            let body = op
                .request_body
                .as_ref()
                .and_then(|b| serde_json::to_value(b).ok())
                .map(|v| schema_names(&v).join(", "))
                .unwrap_or_default();
            let responses = op
                .responses
                .responses
                .iter()
                .map(|(code, r)| {
                    let v = serde_json::to_value(r).unwrap_or_default();
                    let names = schema_names(&v);
                    if names.is_empty() {
                        code.clone()
                    } else {
                        format!("{code}: {}", names.join(", "))
                    }
                })
                .collect();
            let entry = Op {
                method: method.into(),
                path: path.clone(),
                summary: op
                    .description
                    .clone()
                    .or_else(|| op.summary.clone())
                    .unwrap_or_default(),
                params,
                body,
                responses,
            };
            match tags.iter_mut().find(|(t, _)| *t == tag) {
                Some((_, v)) => v.push(entry),
                None => tags.push((tag, vec![entry])),
            }
        }
    }
    let schemas = spec
        .components
        .as_ref()
        .map(|c| {
            c.schemas
                .iter()
                .map(|(n, s)| {
                    (
                        n.clone(),
                        serde_json::to_string_pretty(s).unwrap_or_default(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let d = Docs {
        title: spec.info.title.clone(),
        description: spec.info.description.clone().unwrap_or_default(),
        tags,
        schemas,
    };
    Html(d.render().unwrap_or_else(|e| e.to_string()))
}

/// Names of the component schemas a fragment refers to.
fn schema_names(v: &serde_json::Value) -> Vec<String> {
    let mut out = Vec::new();
    fn walk(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(m) => {
                if let Some(serde_json::Value::String(r)) = m.get("$ref") {
                    out.push(r.rsplit('/').next().unwrap_or(r).to_string());
                }
                m.values().for_each(|x| walk(x, out));
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    walk(v, &mut out);
    out.dedup();
    out
}
