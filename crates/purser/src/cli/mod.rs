//! The operator's commands that move data in and out: the customer book, old mailboxes, and
//! track-and-trace files.

pub mod import;
pub mod mail;
pub mod search;
pub mod tracking;
