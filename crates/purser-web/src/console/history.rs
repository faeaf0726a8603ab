//! A record's audit history as a page shows it: who (by name), when, what was done to which
//! kind of record, and what changed, each field by its form's label and each value in words —
//! people by name, times as times, vocabulary values as the page's words; bare ids, which
//! name nothing a reader knows, are left out.

use super::when;
use crate::i18n::T;
use purser_store::audit::Entry;
use serde_json::{Value, json};
use std::collections::HashMap;
use uuid::Uuid;

/// The rows of a history, newest first as the store gives them.
pub fn rows(t: T, people: &HashMap<Uuid, String>, entries: Vec<Entry>) -> Vec<AuditRow> {
    entries
        .into_iter()
        .map(|e| AuditRow {
            when: when(e.at),
            // a person by name; the label (name and address) for system actors
            who: e
                .actor_id
                .and_then(|a| people.get(&a).cloned())
                .unwrap_or_else(|| e.actor_label.clone()),
            action: t.label("audit", &e.action),
            object_type: t.label("audit", &e.object_type),
            changes: changes(t, people, e.before.as_ref(), e.after.as_ref()),
        })
        .collect()
}

pub struct AuditRow {
    pub when: String,
    pub who: String,
    pub action: String,
    pub object_type: String,
    pub changes: Vec<(String, String, String)>,
}

/// The fields an update changed (or everything a create set), values shortened for display.
/// pages: each field by its form's label, people by name, times as times, vocabulary values
/// as words; bare ids (which name nothing a reader knows) are left out.
fn changes(
    t: T,
    people: &HashMap<Uuid, String>,
    before: Option<&Value>,
    after: Option<&Value>,
) -> Vec<(String, String, String)> {
    const SKIP: &[&str] = &["updated_at", "created_at", "version", "id", "customer_id"];
    let short = |k: &str, v: Option<&Value>| {
        let s = v.map(|v| in_words(t, people, k, v)).unwrap_or_default();
        if s.chars().count() > 160 {
            format!("{}…", s.chars().take(160).collect::<String>())
        } else {
            s
        }
    };
    let empty = serde_json::Map::new();
    let b = before.and_then(Value::as_object).unwrap_or(&empty);
    let Some(a) = after.and_then(Value::as_object) else {
        return Vec::new();
    };
    a.iter()
        .filter(|(k, v)| {
            !SKIP.contains(&k.as_str())
                && b.get(*k) != Some(*v)
                && !(before.is_none() && (v.is_null() || *v == &json!("") || *v == &json!([])))
        })
        .map(|(k, v)| (k, short(k, b.get(k)), short(k, Some(v))))
        .filter(|(_, before, after)| !(before.is_empty() && after.is_empty()))
        .map(|(k, before, after)| (t.field(k), before, after))
        .collect()
}

/// One recorded value as the page says it: a person's id as their name (another id as
/// nothing), a time as a time, a vocabulary value as its word, a record as its labelled
/// fields; anything else as written.
fn in_words(t: T, people: &HashMap<Uuid, String>, field: &str, v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Bool(b) => t.s(if *b { "yes" } else { "no" }).to_string(),
        Value::Number(n) => match n.as_i64() {
            Some(micros) if micros > 100_000_000_000_000 && timed(field) => when(micros),
            _ => n.to_string(),
        },
        Value::String(s) => {
            if let Ok(id) = s.parse::<Uuid>() {
                return people.get(&id).cloned().unwrap_or_default();
            }
            if field == "assign_reason" {
                return super::system_words::reason(t, s);
            }
            vocabulary_word(t, field, s).unwrap_or_else(|| s.clone())
        }
        Value::Array(items) => items
            .iter()
            .map(|i| in_words(t, people, field, i))
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(", "),
        Value::Object(m) => m
            .iter()
            .map(|(k, v)| (k, in_words(t, people, k, v)))
            .filter(|(_, w)| !w.is_empty())
            .map(|(k, w)| format!("{} {w}", t.field(k)))
            .collect::<Vec<_>>()
            .join(" · "),
    }
}

/// A field that holds a time in microseconds.
fn timed(field: &str) -> bool {
    field.ends_with("_at") || field.ends_with("eta") || field == "due" || field == "at"
}

/// The word for a vocabulary value: the field's own vocabularies first, then any.
fn vocabulary_word(t: T, field: &str, v: &str) -> Option<String> {
    let own: &[&str] = match field {
        "tier" => &["tier"],
        "status" => &["status", "cstatus", "hstatus", "ms"],
        "state" => &["gw", "clock"],
        "preferred_channel" | "channel" => &["channel"],
        "language" => &["lang"],
        "kind" => &["activity", "goodwill", "link", "ref", "mkind"],
        "checklist" => &["handover"],
        "role" => &["role"],
        _ => &[],
    };
    const ANY: &[&str] = &[
        "status",
        "type",
        "priority",
        "channel",
        "tier",
        "cstatus",
        "dept",
        "step",
        "gw",
        "goodwill",
        "link",
        "ref",
        "activity",
        "lang",
        "cls",
        "ms",
        "role",
        "direction",
        "mkind",
        "target",
        "clock",
        "handover",
    ];
    own.iter()
        .chain(ANY)
        .find_map(|p| t.word(&format!("{p}.{v}")))
        .map(str::to_string)
}
