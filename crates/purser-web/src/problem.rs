//! Errors at the HTTP edge: every failure of the API is an RFC 9457 problem document
//! naming the bad fields; the JSON body extractor turns serde's complaints into one.

use crate::i18n::T;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use purser_app::AppError;
use purser_domain::customers::Language;
use purser_domain::validation::FieldError;
use serde::Serialize;
use serde::de::DeserializeOwned;
use utoipa::ToSchema;

/// `application/problem+json` (RFC 9457).
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// One entry per bad field, with its path in the request body.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ProblemField>,
}

/// One bad field: its path in the request body (`refs/0/value`), the field as the console's
/// form labels it ("Reference 1 value"), and what is wrong with it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProblemField {
    pub field: String,
    pub label: String,
    pub message: String,
}

impl ProblemField {
    fn of(e: FieldError) -> ProblemField {
        ProblemField {
            label: crate::labels::field_label(T(Language::En), &e.field),
            field: e.field,
            message: e.message,
        }
    }
}

/// An API failure; converts from the application's errors with `?`.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub title: &'static str,
    pub detail: Option<String>,
    pub errors: Vec<FieldError>,
}

impl ApiError {
    pub fn new(status: StatusCode, title: &'static str, detail: impl Into<String>) -> Self {
        Self {
            status,
            title,
            detail: Some(detail.into()),
            errors: Vec::new(),
        }
    }

    pub fn field(status: StatusCode, field: &str, message: &str) -> Self {
        Self {
            status,
            title: "Invalid request",
            detail: Some(format!("{field}: {message}")),
            errors: vec![FieldError {
                field: field.into(),
                message: message.into(),
            }],
        }
    }
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        match e {
            // a unique name or reference another record holds: valid input, taken (RFC 9110 409)
            AppError::Invalid(p) if p.is_clash() => Self {
                status: StatusCode::CONFLICT,
                title: "Conflict",
                detail: Some(p.to_string()),
                errors: p.0,
            },
            AppError::Invalid(p) => Self {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                title: "Invalid request",
                detail: Some(p.to_string()),
                errors: p.0,
            },
            AppError::NotFound => Self::new(StatusCode::NOT_FOUND, "Not found", "no such object"),
            AppError::Forbidden => Self::new(
                StatusCode::FORBIDDEN,
                "Forbidden",
                "your role may not do this",
            ),
            AppError::Unauthorized => Self::new(
                StatusCode::UNAUTHORIZED,
                "Unauthorized",
                "sign in or send a bearer token",
            ),
            AppError::TooManyAttempts => Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                "Too many attempts",
                "try again in 15 minutes",
            ),
            AppError::Conflict(c) => Self::new(StatusCode::CONFLICT, "Conflict", c),
            AppError::Stale { current } => Self::new(
                StatusCode::PRECONDITION_FAILED,
                "Precondition failed",
                format!("the object was changed by someone else; it is now at ETag \"{current}\""),
            ),
            AppError::Store(e) => {
                tracing::error!(error = %e, "storage failure");
                Self::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Internal error",
                    "see the server log",
                )
            }
            AppError::Internal(e) => {
                tracing::error!(error = %e, "internal failure");
                Self::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "Internal error",
                    "see the server log",
                )
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let errors: Vec<ProblemField> = self.errors.into_iter().map(ProblemField::of).collect();
        // the detail names each field as its form labels it, not by its JSON path
        let detail = if errors.is_empty() {
            self.detail
        } else {
            Some(
                errors
                    .iter()
                    .map(|e| format!("{}: {}", e.label, e.message))
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        };
        let body = Problem {
            kind: "about:blank".into(),
            title: self.title.into(),
            status: self.status.as_u16(),
            detail,
            errors,
        };
        let mut r = (self.status, axum::Json(body)).into_response();
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            "application/problem+json".parse().expect("static"),
        );
        if self.status == StatusCode::TOO_MANY_REQUESTS {
            r.headers_mut()
                .insert(header::RETRY_AFTER, crate::auth::retry_after());
        }
        if self.status == StatusCode::UNAUTHORIZED {
            r.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                "Bearer realm=\"purser\"".parse().expect("static"),
            );
        }
        r
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

/// A JSON body: 415 without a JSON content type, 413 over the size limit, 400 when it is
/// not JSON at all, 422 naming the field when it is JSON of the wrong shape.
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| {
                ct.starts_with("application/json") || ct.starts_with("application/merge-patch+json")
            });
        if !json {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "Unsupported media type",
                "send application/json",
            ));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "Payload too large",
                    "the body is over the 1 MiB limit",
                )
            } else {
                ApiError::new(StatusCode::BAD_REQUEST, "Bad request", e.body_text())
            }
        })?;
        parse_json(&bytes).map(JsonBody)
    }
}

/// Parses JSON with the path of the first field that does not fit.
/// Its strings have their line breaks made LF first (`typed_text`), and bytes after the JSON
/// value are refused as malformed.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut value: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|e| ApiError::new(StatusCode::BAD_REQUEST, "Malformed JSON", e.to_string()))?;
    crate::typed_text::json_as_typed(&mut value);
    integral_numbers_as_integers(&mut value);
    match serde_path_to_error::deserialize::<_, T>(value) {
        Ok(v) => Ok(v),
        Err(e) => {
            let inner = e.inner();
            use serde_path_to_error::Segment;
            let parts: Vec<String> = e
                .path()
                .iter()
                .filter_map(|s| match s {
                    Segment::Seq { index } => Some(index.to_string()),
                    Segment::Map { key } => Some(key.clone()),
                    Segment::Enum { variant } => Some(variant.clone()),
                    Segment::Unknown => None,
                })
                .collect();
            let path = if parts.is_empty() {
                "body".to_string()
            } else {
                parts.join("/")
            };
            let msg = inner.to_string();
            // serde reports a missing field at its parent; name the field itself
            let field = match msg.split('`').nth(1) {
                Some(f) if msg.starts_with("missing field") => {
                    if path == "body" {
                        f.to_string()
                    } else {
                        format!("{path}/{f}")
                    }
                }
                _ => path,
            };
            let message = msg.split(" at line ").next().unwrap_or(&msg).to_string();
            Err(ApiError::field(
                StatusCode::UNPROCESSABLE_ENTITY,
                &field,
                &message,
            ))
        }
    }
}

/// `4.0` is the integer 4 in JSON (and in JSON Schema), though serde will not read it into
/// an integer field; a number with no fraction is made an integer before deserialising.
fn integral_numbers_as_integers(v: &mut serde_json::Value) {
    use serde_json::Value;
    match v {
        Value::Number(n) if n.is_f64() => {
            if let Some(f) = n.as_f64()
                && f.fract() == 0.0
                && f.abs() < 9.0e15
            {
                *v = Value::from(f as i64);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(integral_numbers_as_integers),
        Value::Object(fields) => fields.values_mut().for_each(integral_numbers_as_integers),
        _ => {}
    }
}

/// Framework rejections as problem documents. axum answers a path id that does not parse,
/// a query string that does not fit, a missing or wrong Content-Type and a wrong method
/// itself, in plain text; under `/api/` every such answer becomes problem+json here, with
/// the field named when axum's message names it. Answers the handlers wrote (problem+json,
/// or a deliberate other type) pass untouched.
pub async fn framework_rejections(req: Request, next: axum::middleware::Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let r = next.run(req).await;
    let status = r.status();
    if !api || !(status.is_client_error() || status.is_server_error()) {
        return r;
    }
    let plain = r
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|ct| ct.starts_with("text/plain"));
    if !plain {
        return r;
    }
    let allow = r.headers().get(header::ALLOW).cloned();
    // rejections are one short sentence; a longer body is not one of them
    let text = axum::body::to_bytes(r.into_body(), 4096)
        .await
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    let mut e = rejection(status, &text);
    if status == StatusCode::METHOD_NOT_ALLOWED {
        let mut resp = e.into_response();
        if let Some(a) = allow {
            resp.headers_mut().insert(header::ALLOW, a);
        }
        return resp;
    }
    if e.detail.as_deref() == Some("") {
        e.detail = None;
    }
    e.into_response()
}

/// The problem a plain-text rejection of axum stands for.
fn rejection(status: StatusCode, text: &str) -> ApiError {
    // "Invalid URL: Cannot parse `id` with value `x` to a `Uuid`": no object has that id
    if let Some(rest) = text.strip_prefix("Invalid URL: ") {
        let e = ApiError::new(StatusCode::NOT_FOUND, "Not found", rest);
        return match between_backticks(rest) {
            Some(key) if rest.starts_with("Cannot parse `") => ApiError {
                errors: vec![FieldError {
                    field: key.into(),
                    message: "is not an id of this API".into(),
                }],
                ..e
            },
            _ => e,
        };
    }
    // "Failed to deserialize query string: missing field `mailbox`"
    if let Some(rest) = text.strip_prefix("Failed to deserialize query string: ") {
        // "missing field `mailbox`", or "object_id: UUID parsing failed: …"
        let named = rest
            .split_once(": ")
            .map(|(f, _)| f)
            .filter(|f| !f.is_empty() && f.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
        let (field, message) = match (between_backticks(rest), named) {
            (Some(f), _) if rest.starts_with("missing field") => (f, "is required"),
            (_, Some(f)) => (f, &rest[f.len() + 2..]),
            _ => ("query", rest),
        };
        return ApiError::field(StatusCode::UNPROCESSABLE_ENTITY, field, message);
    }
    let title = match status {
        StatusCode::METHOD_NOT_ALLOWED => "Method not allowed",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "Unsupported media type",
        StatusCode::PAYLOAD_TOO_LARGE => "Payload too large",
        StatusCode::NOT_FOUND => "Not found",
        StatusCode::UNPROCESSABLE_ENTITY => "Invalid request",
        StatusCode::REQUEST_TIMEOUT => "Request timeout",
        s if s.is_server_error() => "Internal error",
        _ => "Bad request",
    };
    let detail = if status == StatusCode::METHOD_NOT_ALLOWED && text.is_empty() {
        "this path does not answer that method; see Allow"
    } else {
        text
    };
    ApiError::new(status, title, detail)
}

fn between_backticks(s: &str) -> Option<&str> {
    s.split('`').nth(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use purser_domain::book::CustomerInput;

    fn field_of(body: &str) -> (u16, String) {
        match parse_json::<CustomerInput>(body.as_bytes()) {
            Ok(_) => (200, String::new()),
            Err(e) => (
                e.status.as_u16(),
                e.errors
                    .first()
                    .map(|f| f.field.clone())
                    .unwrap_or_default(),
            ),
        }
    }

    #[test]
    fn serde_errors_name_the_field() {
        assert_eq!(field_of(r#"{"legal_name": 5}"#), (422, "legal_name".into()));
        assert_eq!(
            field_of(r#"{"legal_name": "A", "tier": "diamond"}"#),
            (422, "tier".into())
        );
        assert_eq!(
            field_of(r#"{"legal_name": "A", "colour": 1}"#),
            (422, "colour".into())
        );
        assert_eq!(field_of(r#"{}"#), (422, "legal_name".into()));
        assert_eq!(
            field_of(r#"{"legal_name": "A", "addresses": [{"lines": 3, "country": "TW"}]}"#),
            (422, "addresses/0/lines".into())
        );
        assert_eq!(field_of(r#"{"legal_name": "#), (400, String::new()));
        assert_eq!(field_of(r#"{"legal_name": "A"}"#), (200, String::new()));
        assert_eq!(field_of(r#"{"legal_name": "A"} {}"#), (400, String::new()));
        assert_eq!(field_of(r#"[]"#), (422, "body".into()));
    }

    #[test]
    fn a_whole_number_written_with_a_fraction_is_read_as_an_integer() {
        #[derive(serde::Deserialize)]
        struct Score {
            score: u8,
        }
        assert_eq!(
            parse_json::<Score>(br#"{"score": 4.0}"#)
                .ok()
                .map(|s| s.score),
            Some(4)
        );
        let e = parse_json::<Score>(br#"{"score": 4.5}"#).err().unwrap();
        assert_eq!(e.status.as_u16(), 422);
    }
}
