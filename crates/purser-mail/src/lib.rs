//! Purser's e-mail edge. [`parse`] turns raw RFC 5322 bytes in any charset into the facts
//! the desk needs — ids for threading, sender, subject, plain text with its quoted history
//! apart, sanitised HTML, attachments, and whether a person or a machine wrote it — and
//! never fails on a broken message: what cannot be read is reported, not thrown.
//! [`mailbox`] reads `.eml` files, mbox files and Maildir folders for migration;
//! [`imap`] watches a live mailbox and [`smtp`] sends the desk's replies. None of them
//! touches the database: the application decides what a message means.
//!
//! ```
//! let raw = b"From: Wei <wei@formosa.tw>\r\nSubject: ETA?\r\nMessage-ID: <m1@formosa.tw>\r\n\r\nWhen?\r\n";
//! let p = purser_mail::parse(raw).unwrap();
//! assert_eq!((p.from_address.as_str(), p.message_id.as_deref()), ("wei@formosa.tw", Some("m1@formosa.tw")));
//! ```

pub mod imap;
pub mod mailbox;
mod parse;
mod sanitise;
pub mod smtp;

pub use parse::{Attachment, Parsed, parse, parse_as_text};
pub use sanitise::{HtmlRefused, MAX_HTML_BYTES, MAX_HTML_DEPTH, sanitise_html};

use serde::{Deserialize, Serialize};

/// The content hash raw messages and attachments are kept under.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

/// How a mail connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tls {
    /// Plain text: only for a server on this machine (tests, a local relay).
    None,
    /// Plain connect, then `STARTTLS`; refused if the server does not offer it.
    #[serde(rename = "starttls")]
    StartTls,
    /// TLS from the first byte (IMAPS 993, SMTPS 465).
    #[default]
    Tls,
}

/// `localhost` or a loopback address: where an unencrypted connection harms no one.
pub fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Resolves once a shutdown signal turns true, or its sender is dropped: the one way the
/// mail loops (and the workers around them) are told to stop.
pub async fn stopped(rx: &mut tokio::sync::watch::Receiver<bool>) {
    loop {
        if *rx.borrow_and_update() {
            return;
        }
        if rx.changed().await.is_err() {
            return;
        }
    }
}

/// Shows whether a secret is set, never the secret.
pub(crate) fn redacted(secret: &Option<String>) -> &'static str {
    match secret {
        Some(s) if !s.is_empty() => "***",
        _ => "(none)",
    }
}
