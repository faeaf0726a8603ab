//! Stored files as downloads that can never run on our origin: the stored type, but
//! `attachment` with an ASCII and an exact UTF-8 name, no sniffing, and a sandbox. The API and the console both answer with [`attachment`].

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

/// `Content-Disposition: attachment` with an ASCII name and the exact UTF-8 one (RFC 6266).
pub fn disposition(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|ch| {
            if (ch.is_ascii_graphic() || ch == ' ') && ch != '"' && ch != '\\' {
                ch
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            encoded.push(b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

/// The bytes of a stored file as a download.
pub fn attachment(filename: &str, content_type: &str, data: Vec<u8>) -> Response {
    let content_type = HeaderValue::from_str(content_type)
        .ok()
        .filter(|v| v.to_str().is_ok_and(|s| s.contains('/')))
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    let mut r = data.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, content_type);
    if let Ok(v) = HeaderValue::from_str(&disposition(filename)) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("sandbox; default-src 'none'"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-cache"),
    );
    r
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_download_name_is_quoted_safely_and_kept_exactly_in_utf8() {
        assert_eq!(
            super::disposition("報價 \"v2\".pdf"),
            "attachment; filename=\"__ _v2_.pdf\"; filename*=UTF-8''%E5%A0%B1%E5%83%B9%20%22v2%22.pdf"
        );
    }
}
