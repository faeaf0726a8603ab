//! E-mail rules with no I/O: which references a message carries, whether it was written by
//! a person or a machine, where its quoted history begins, and the order threading follows.

pub mod auto;
pub mod quote;
pub mod refs;

use crate::cases::find_case_number;
use crate::cases::refs::RefKind;

/// How an incoming message found (or did not find) its case, in the order tried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ThreadBy {
    /// In-Reply-To or References named a message we already hold.
    MessageId(String),
    /// The subject carries a case number such as `[CS-2026-000123]`.
    CaseNumber(String),
    /// A B/L, booking or container number in the subject or body matched an open case of
    /// the sender's customer.
    Reference(RefKind, String),
    New,
}

/// The message ids a reply points at, nearest first (In-Reply-To, then References from the
/// end, as the last reference is the direct parent).
pub fn parent_ids(in_reply_to: &[String], references: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for id in in_reply_to.iter().chain(references.iter().rev()) {
        let id = normalise_message_id(id);
        if !id.is_empty() && !out.contains(&id) {
            out.push(id);
        }
    }
    out
}

/// `<abc@host>` and ` abc@host ` are the same id.
pub fn normalise_message_id(id: &str) -> String {
    id.trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim()
        .to_string()
}

/// The case number in a subject, if any (`Re: [CS-2026-000123] ETA`).
pub fn case_number_in(subject: &str) -> Option<String> {
    find_case_number(subject)
}

/// The subject without reply and forward prefixes (Re:, Fwd:, 回覆:, 轉寄:, AW:, …).
pub fn clean_subject(subject: &str) -> String {
    const PREFIXES: &[&str] = &[
        "re:",
        "re：",
        "fw:",
        "fwd:",
        "aw:",
        "wg:",
        "sv:",
        "回覆:",
        "回覆：",
        "回复:",
        "回复：",
        "答复:",
        "轉寄:",
        "轉寄：",
        "转发:",
        "转发：",
    ];
    let mut s = subject.trim();
    loop {
        let lower = s.to_lowercase();
        match PREFIXES.iter().find(|p| lower.starts_with(*p)) {
            Some(p) => s = s[p.len()..].trim_start(),
            None => break,
        }
    }
    let s: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.is_empty() {
        "(no subject)".into()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parents_are_nearest_first_and_unique() {
        let p = parent_ids(&["<b@x>".into()], &["<a@x>".into(), "<b@x>".into()]);
        assert_eq!(p, vec!["b@x".to_string(), "a@x".to_string()]);
    }

    #[test]
    fn prefixes_are_stripped_in_every_language() {
        assert_eq!(clean_subject("RE: Fwd:  回覆： ETA  please"), "ETA please");
        assert_eq!(clean_subject("Re:"), "(no subject)");
        assert_eq!(
            case_number_in("回覆: [CS-2026-000042] 提單").as_deref(),
            Some("CS-2026-000042")
        );
    }
}
