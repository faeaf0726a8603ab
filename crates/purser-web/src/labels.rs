//! Errors in words people read: a field's JSON path (`refs/0/value`) as its form labels it
//! ("Reference 1 value"), and the domain's validation messages in the reader's language.
//! The pages use these through `T::field` and `T::msg`; the API's problem documents name
//! each field's label beside its path.

use crate::i18n::T;
use purser_domain::customers::Language;

/// A field path as the form labels it: each name by its label (`field.<name>`, else the
/// console's word for it, else the name in words), each index counted from 1.
pub fn field_label(t: T, path: &str) -> String {
    let zh = t.0 == Language::ZhTw;
    let mut out: Vec<String> = Vec::new();
    for (i, seg) in path.split('/').filter(|s| !s.is_empty()).enumerate() {
        if let Ok(n) = seg.parse::<usize>() {
            out.push((n + 1).to_string());
            continue;
        }
        let word = t
            .word(&format!("field.{seg}"))
            .or_else(|| t.word(seg))
            .map(str::to_string)
            .unwrap_or_else(|| seg.replace('_', " "));
        // later names read as part of the first one: "Reference 1 value"
        out.push(if i > 0 && !zh {
            word.to_lowercase()
        } else {
            word
        });
    }
    if out.is_empty() {
        return t.word("field.body").unwrap_or("body").to_string();
    }
    out.join(" ")
}

/// A validation message in the reader's language: the entry `msg.<message>` for a fixed
/// message, or a pattern with one `{}` (`msg.is longer than {} characters`) for one that
/// names a number or a word; else the message as written.
pub fn message(t: T, msg: &str) -> String {
    if t.0 == Language::En {
        return msg.to_string();
    }
    if let Some(w) = t.word(&format!("msg.{msg}")) {
        return w.to_string();
    }
    for (pattern, word) in t.patterns("msg.") {
        let Some((pre, post)) = pattern.split_once("{}") else {
            continue;
        };
        if msg.len() > pre.len() + post.len() && msg.starts_with(pre) && msg.ends_with(post) {
            let blank = &msg[pre.len()..msg.len() - post.len()];
            if !blank.contains(' ') || pre.is_empty() || post.is_empty() {
                return word.replace("{}", blank);
            }
        }
    }
    msg.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_json_path_reads_as_the_forms_label() {
        let en = T(Language::En);
        assert_eq!(field_label(en, "refs/0/value"), "Reference 1 value");
        assert_eq!(field_label(en, "emails/1"), "E-mail 2");
        assert_eq!(field_label(en, "subject"), "Subject");
        assert_eq!(field_label(en, "due_at"), "Due");
        assert_eq!(field_label(en, "some_new_field"), "some new field");
        let zh = T(Language::ZhTw);
        assert_eq!(field_label(zh, "refs/0/value"), "相關單號 1 號碼");
        assert!(!field_label(zh, "legal_name").contains('_'));
    }

    #[test]
    fn validation_messages_read_in_chinese_with_their_numbers() {
        let zh = T(Language::ZhTw);
        assert_eq!(message(zh, "is required"), "為必填");
        assert_eq!(
            message(zh, "is longer than 200 characters"),
            "超過 200 個字元"
        );
        assert_eq!(message(T(Language::En), "is required"), "is required");
        assert_eq!(message(zh, "something unheard of"), "something unheard of");
    }
}
