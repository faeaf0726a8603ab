//! Purser's e-mail edge. [`parse`] turns raw RFC 5322 bytes in any charset into the facts
//! the desk needs — ids for threading, sender, subject, plain text with its quoted history
//! apart, sanitised HTML, attachments, and whether a person or a machine wrote it — and
//! never fails on a broken message: what cannot be read is reported, not thrown.
//! [`mailbox`] reads `.eml` files, mbox files and Maildir folders for migration.

pub mod mailbox;
mod parse;
mod sanitise;

pub use parse::{Attachment, Parsed, parse};
pub use sanitise::sanitise_html;

/// The content hash raw messages and attachments are kept under.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}
