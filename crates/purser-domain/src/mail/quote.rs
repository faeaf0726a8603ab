//! Where the new text of a reply ends and its quoted history begins, so the history can be
//! folded for display (it is always kept).

/// Splits a plain-text body into (new text, quoted history).
pub fn split_quoted(text: &str) -> (&str, &str) {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let l = line.trim();
        let starts_history = l.starts_with('>')
            || l.starts_with("-----Original Message-----")
            || l.starts_with("----- Original Message -----")
            || l.starts_with("-------- Forwarded Message")
            || l.starts_with("---------- Forwarded message")
            || (l.starts_with("On ") && l.ends_with("wrote:"))
            || l.starts_with("寄件者:")
            || l.starts_with("寄件者：")
            || l.starts_with("发件人:")
            || l.starts_with("发件人：")
            || l.starts_with("From: ") && offset > 0
            || (l.starts_with("在 ") && (l.ends_with("寫道：") || l.ends_with("写道：")));
        if starts_history && offset > 0 {
            return (text[..offset].trim_end(), &text[offset..]);
        }
        offset += line.len();
    }
    (text.trim_end(), "")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn history_is_found_in_english_and_chinese() {
        let (new, old) = split_quoted("Thanks!\n\nOn Mon, 2 Nov 2026, Amy wrote:\n> ETA Friday\n");
        assert_eq!(new, "Thanks!");
        assert!(old.contains("ETA Friday"));
        let (new, old) = split_quoted("收到，謝謝\n寄件者: Amy\n主旨: ETA\n");
        assert_eq!(new, "收到，謝謝");
        assert!(old.starts_with("寄件者"));
        assert_eq!(split_quoted("just text\n"), ("just text", ""));
    }

    proptest! {
        #[test]
        fn nothing_is_lost(s in "\\PC{0,300}") {
            let (new, old) = split_quoted(&s);
            prop_assert!(s.starts_with(new));
            prop_assert!(s.ends_with(old));
            prop_assert!(new.len() + old.len() <= s.len());
        }
    }
}
