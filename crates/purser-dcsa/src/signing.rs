//! `Notification-Signature` of TNT 2.2 push notifications: HMAC-SHA256 of the raw request body
//! with the subscription's shared secret, sent as `sha256=<hex>`.

use crate::canonical::hex;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

fn mac(secret: &[u8], body: &[u8]) -> HmacSha256 {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = HmacSha256::new_from_slice(secret).expect("HMAC takes keys of any length");
    mac.update(body);
    mac
}

/// The `Notification-Signature` header value for `body`: `sha256=<lower-case hex>`.
///
/// `secret` is the shared secret's bytes (the subscription's `secret` is sent Base64-encoded;
/// decode it first).
pub fn signature(secret: &[u8], body: &[u8]) -> String {
    format!("sha256={}", hex(&mac(secret, body).finalize().into_bytes()))
}

/// Whether `header` is a valid `Notification-Signature` of `body` under `secret`. The digest is
/// compared in constant time; surrounding white space and upper-case hex are accepted.
pub fn verify_signature(secret: &[u8], body: &[u8], header: &str) -> bool {
    let Some((algorithm, digest)) = header.trim().split_once('=') else {
        return false;
    };
    if !algorithm.eq_ignore_ascii_case("sha256") {
        return false;
    }
    match unhex(digest) {
        Some(expected) => mac(secret, body).verify_slice(&expected).is_ok(),
        None => false,
    }
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    let s = s.as_bytes();
    if !s.len().is_multiple_of(2) {
        return None;
    }
    s.chunks(2)
        .map(|pair| {
            let hi = char::from(pair[0]).to_digit(16)?;
            let lo = char::from(pair[1]).to_digit(16)?;
            u8::try_from(hi * 16 + lo).ok()
        })
        .collect()
}
