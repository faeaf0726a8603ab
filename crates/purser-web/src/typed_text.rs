//! Text as typed, at the edge: every string of a JSON body and every field of a posted form
//! has its CRLF and lone CR made LF before a handler sees it, so a reply typed in a textarea
//! (which the browser sends with CRLF) passes the same rules as one sent by the API.

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use purser_domain::text::make_line_breaks_lf;
use serde_json::Value;

/// The largest url-encoded form read here; forms with files are multipart and read by
/// `console::upload`, which makes their text fields LF itself.
const MAX_FORM: usize = 1024 * 1024;

/// Makes every string in `v` (keys stay as sent) LF-only.
pub fn json_as_typed(v: &mut Value) {
    match v {
        Value::String(s) => make_line_breaks_lf(s),
        Value::Array(items) => items.iter_mut().for_each(json_as_typed),
        Value::Object(fields) => fields.values_mut().for_each(json_as_typed),
        _ => {}
    }
}

/// Middleware: an `application/x-www-form-urlencoded` body whose fields hold a CR is
/// decoded, made LF-only and encoded again; every other request passes untouched.
pub async fn forms_as_typed(req: Request, next: Next) -> Response {
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return next.run(req).await;
    }
    let (mut parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_FORM).await else {
        return (StatusCode::PAYLOAD_TOO_LARGE, "the form is over 1 MiB").into_response();
    };
    let body = match form_as_typed(&bytes) {
        Some(encoded) => {
            parts.headers.remove(header::CONTENT_LENGTH);
            Body::from(encoded)
        }
        None => Body::from(bytes),
    };
    next.run(Request::from_parts(parts, body)).await
}

/// The form encoded again with LF line breaks, or `None` when it holds no CR (or is not a
/// form at all: then the handler's own parsing says what is wrong).
fn form_as_typed(bytes: &[u8]) -> Option<String> {
    // a CR is %0D in a form (a raw one is not valid encoding but is treated the same)
    let has_cr = bytes.contains(&b'\r')
        || bytes
            .windows(3)
            .any(|w| w[0] == b'%' && w[1] == b'0' && w[2].eq_ignore_ascii_case(&b'd'));
    if !has_cr {
        return None;
    }
    let mut pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(bytes).ok()?;
    for (name, value) in &mut pairs {
        make_line_breaks_lf(name);
        make_line_breaks_lf(value);
    }
    serde_urlencoded::to_string(&pairs).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_string_of_a_json_body_is_made_lf() {
        let mut v = json!({"body": "a\r\nb", "refs": [{"value": "x\ry"}], "n": 1, "ok": true});
        json_as_typed(&mut v);
        assert_eq!(
            v,
            json!({"body": "a\nb", "refs": [{"value": "x\ny"}], "n": 1, "ok": true})
        );
    }

    #[test]
    fn a_form_typed_in_a_textarea_is_made_lf() {
        let typed = "csrf=t1&body=Dear+Wei%2C%0D%0A%0D%0AThe+box+%E8%B2%A8%E6%AB%83%0d%0Aarrived.";
        let lf = form_as_typed(typed.as_bytes()).expect("it held CRs");
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(&lf).unwrap();
        assert_eq!(
            pairs,
            [
                ("csrf".to_string(), "t1".to_string()),
                (
                    "body".to_string(),
                    "Dear Wei,\n\nThe box 貨櫃\narrived.".to_string()
                )
            ]
        );
        assert_eq!(form_as_typed(b"csrf=t1&body=one+line"), None);
        // %250D is the text "%0D", not a CR
        assert_eq!(form_as_typed(b"body=100%250D"), None);
    }
}
