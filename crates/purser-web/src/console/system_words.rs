//! What Purser itself wrote into a case — timeline events ("status open → resolved") and
//! routing's reasons — read in the viewer's language. They are stored as English sentences
//! of fixed shapes; each shape is matched here with its holes (an id, a status, a
//! department…) and said again with the console's words, so old events read translated too.
//! A sentence of no known shape is shown as written.

use crate::i18n::T;
use purser_domain::customers::Language;

/// Each event shape (`{}` a text kept as is, `{status}` etc. a vocabulary value) and the
/// key of its words (`event.<name>`, with `{0}`, `{1}`… for the holes).
const EVENTS: &[(&str, &str)] = &[
    ("status {status} → {status}", "status"),
    ("assigned to {}: {reason}", "assigned"),
    ("promised: {} by {}", "promised"),
    ("promise kept {kept}: {}", "promise_kept"),
    ("asked {dept}: {}", "asked"),
    ("complaint step: {step}", "complaint_step"),
    ("goodwill {gwkind} {} {}: {gw}", "goodwill_requested"),
    ("goodwill {} {}: {gw}", "goodwill_decided"),
    ("linked {} as {link}", "linked"),
    ("merged into {}", "merged_into"),
    ("{} merged into this case", "merged_here"),
    ("split off {}", "split_off"),
    ("follows closed case {}", "follows"),
    ("{}: {target} is at risk", "sla_warning"),
    ("{}: {target} target breached; {}", "sla_breach"),
    ("{}: {target} target breached", "sla_breach_plain"),
    ("{}: promise \"{}\" is overdue", "promise_overdue"),
    ("acknowledged to {} (outbox {})", "acknowledged"),
    (
        "The acknowledgement to {} could not be delivered: {}",
        "ack_failed",
    ),
    ("The reply to {} could not be delivered: {}", "reply_failed"),
    (
        "Proactive notice for the account owner ({} shipment(s)):\n\n{}",
        "proactive",
    ),
];

/// An event's sentence in the viewer's language.
pub fn event(t: T, text: &str) -> String {
    if t.0 == Language::En {
        return text.to_string();
    }
    for (shape, name) in EVENTS {
        if let Some(holes) = matches(shape, text) {
            let Some(words) = t.word(&format!("event.{name}")) else {
                break;
            };
            let mut out = words.to_string();
            for (i, (kind, value)) in holes.iter().enumerate() {
                out = out.replace(&format!("{{{i}}}"), &hole(t, kind, value));
            }
            return out;
        }
    }
    text.to_string()
}

/// Routing's reason for an owner in the viewer's language: its fixed phrases replaced,
/// the vocabulary values it names (a case type, a language) as words.
pub fn reason(t: T, text: &str) -> String {
    if t.0 == Language::En {
        return text.to_string();
    }
    // "type bl_amendment", "language zh-TW": the values as words
    said(t, text, REASON_PHRASES, &["type", "lang"])
}

/// The detail of an SLA history entry ("target 240 business minutes (Gold)", "priority
/// raised to urgent") in the viewer's language.
pub fn sla_detail(t: T, text: &str) -> String {
    if t.0 == Language::En {
        return text.to_string();
    }
    said(t, text, SLA_PHRASES, &["priority"])
}

/// `text` with its known phrases in words, then each word that is a value of one of the
/// `vocabularies` (`type`, `priority`…) as that value's word.
fn said(t: T, text: &str, phrases: &[(&str, &str)], vocabularies: &[&str]) -> String {
    let mut out = text.to_string();
    for (en, key) in phrases {
        if out.contains(en)
            && let Some(w) = t.word(key)
        {
            out = out.replace(en, w);
        }
    }
    out.split(' ')
        .map(|w| {
            let bare = w.trim_end_matches([',', ';', ')', '）']);
            let tail = &w[bare.len()..];
            let word = vocabularies
                .iter()
                .find_map(|v| t.word(&format!("{v}.{bare}")));
            match word {
                Some(x) => format!("{x}{tail}"),
                None => w.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Phrases of the SLA history's details.
const SLA_PHRASES: &[(&str, &str)] = &[
    ("waiting on the customer", "sla.waiting_on_customer"),
    ("supervisors notified", "sla.supervisors_notified"),
    ("priority raised to ", "sla.priority_raised"),
    ("moved to team ", "sla.moved_to_team"),
    ("case reopened", "sla.case_reopened"),
    (" business minutes", "sla.business_minutes"),
    ("target ", "sla.target"),
];

/// Phrases routing writes, longest first, and the keys of their words.
const REASON_PHRASES: &[(&str, &str)] = &[
    (
        "in the overflow team, which helps only in a busy period",
        "reason.overflow_only_busy",
    ),
    (
        "no available agent with capacity and the skills",
        "reason.none_available",
    ),
    ("; left in the team queue", "reason.left_in_queue"),
    (
        ", from the overflow team (busy period)",
        "reason.from_overflow",
    ),
    ("least loaded available agent", "reason.least_loaded"),
    ("account owner of the customer", "reason.account_owner"),
    ("; account owner is ", "reason.owner_is"),
    ("took it when filing it", "reason.took_it"),
    ("assigned by hand", "reason.by_hand"),
    ("returned to the queue", "reason.returned"),
    ("not in this team", "reason.not_in_team"),
    ("at capacity", "reason.at_capacity"),
    ("off shift", "agent.off_shift"),
    (" open) with ", "reason.open_with"),
    ("language ", "reason.language"),
    ("type ", "reason.type"),
    ("lane ", "reason.lane"),
    (" of ", "reason.of"),
    ("absent", "reason.absent"),
    ("away", "agent.away"),
];

fn hole(t: T, kind: &str, value: &str) -> String {
    let key = value.trim().replace(' ', "_");
    match kind {
        "status" => t.label("status", &key),
        "dept" => t.label("dept", &key),
        "step" => t.label("step", &key),
        "link" => t.label("link", &key),
        "target" => t.label("target", &key),
        "kept" => t.label("kept", &key),
        "gw" => t.label("gw", &key),
        "gwkind" => t.label("goodwill", &key),
        "reason" => reason(t, value),
        _ => value.to_string(),
    }
}

/// The holes of `text` in `shape`, each with its kind, or `None` when it has another shape.
/// A hole takes the text up to the first place the next literal part follows.
fn matches<'a>(shape: &'a str, text: &'a str) -> Option<Vec<(&'a str, &'a str)>> {
    let mut parts: Vec<(&str, &str)> = Vec::new(); // (literal before, hole kind)
    let mut rest = shape;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}')? + open;
        parts.push((&rest[..open], &rest[open + 1..close]));
        rest = &rest[close + 1..];
    }
    let tail = rest;
    let mut at = text;
    let mut holes = Vec::new();
    for (i, (literal, kind)) in parts.iter().enumerate() {
        at = at.strip_prefix(literal)?;
        let next = parts.get(i + 1).map_or(tail, |p| p.0);
        let end = if next.is_empty() {
            at.len()
        } else if i + 1 == parts.len() {
            // the last hole runs to where the tail begins at the end
            at.len()
                .checked_sub(next.len())
                .filter(|e| at[*e..] == *next)?
        } else {
            at.find(next)?
        };
        let value = &at[..end];
        if value.is_empty() {
            return None;
        }
        holes.push((*kind, value));
        at = &at[end..];
    }
    (at == tail).then_some(holes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zh() -> T {
        T(Language::ZhTw)
    }

    #[test]
    fn a_status_change_reads_in_chinese_with_its_statuses_as_words() {
        assert_eq!(
            event(zh(), "status open → waiting_on_customer"),
            "狀態：處理中 → 等待客戶回覆"
        );
        assert_eq!(
            event(T(Language::En), "status open → resolved"),
            "status open → resolved"
        );
    }

    #[test]
    fn holes_take_text_up_to_the_next_part() {
        assert_eq!(
            matches("asked {dept}: {}", "asked logistics: where: now?"),
            Some(vec![("dept", "logistics"), ("", "where: now?")])
        );
        assert_eq!(matches("merged into {}", "split off CS-1"), None);
        assert_eq!(
            matches(
                "{}: {target} target breached",
                "CS-1: first response target breached"
            ),
            Some(vec![("", "CS-1"), ("target", "first response")])
        );
    }

    #[test]
    fn an_unknown_sentence_is_shown_as_written() {
        assert_eq!(
            event(zh(), "something new happened"),
            "something new happened"
        );
    }

    #[test]
    fn a_routing_reason_names_its_values_as_words() {
        let r = reason(
            zh(),
            "Export — least loaded available agent (2 of 20 open) with language zh-TW, type bl_amendment",
        );
        assert!(
            !r.contains("bl_amendment") && !r.contains("least loaded"),
            "{r}"
        );
        assert!(r.contains("提單修改"), "{r}");
    }
}
