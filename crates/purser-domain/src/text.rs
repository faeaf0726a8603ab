//! Text as people type it. The HTML standard encodes a textarea's line breaks as CRLF when a
//! form is submitted, Windows clients send CRLF in JSON, and some mailers end lines with a
//! lone CR; everything Purser keeps and checks uses LF, so every edge turns them into LF
//! before the rules see the text.

use std::borrow::Cow;

/// `text` with every CRLF and every lone CR made one LF; borrowed when it held no CR.
pub fn line_breaks_as_lf(text: &str) -> Cow<'_, str> {
    if !text.contains('\r') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            out.push('\n');
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Makes `text` LF-only in place, allocating only when it held a CR.
pub fn make_line_breaks_lf(text: &mut String) {
    if let Cow::Owned(lf) = line_breaks_as_lf(text) {
        *text = lf;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn every_kind_of_line_break_becomes_one_lf() {
        assert_eq!(line_breaks_as_lf("a\r\nb"), "a\nb");
        assert_eq!(line_breaks_as_lf("a\rb"), "a\nb");
        assert_eq!(line_breaks_as_lf("a\nb"), "a\nb");
        // a blank line typed in a textarea stays a blank line
        assert_eq!(line_breaks_as_lf("a\r\n\r\nb\r\n"), "a\n\nb\n");
        // CR CR LF is a lone CR then a CRLF: two breaks
        assert_eq!(line_breaks_as_lf("a\r\r\nb"), "a\n\nb");
        assert_eq!(line_breaks_as_lf("貨櫃\r\n到港"), "貨櫃\n到港");
        assert!(matches!(line_breaks_as_lf("no break"), Cow::Borrowed(_)));
        let mut s = String::from("x\r\ny");
        make_line_breaks_lf(&mut s);
        assert_eq!(s, "x\ny");
    }

    proptest! {
        #[test]
        fn no_cr_survives_and_breaks_are_counted_once(text in "[a-z\r\n貨 ]{0,40}") {
            let lf = line_breaks_as_lf(&text);
            prop_assert!(!lf.contains('\r'));
            let breaks = text.matches("\r\n").count()
                + text.matches('\r').count()
                + text.matches('\n').count()
                - 2 * text.matches("\r\n").count();
            prop_assert_eq!(lf.matches('\n').count(), breaks);
            // already LF text is left as it is
            prop_assert_eq!(line_breaks_as_lf(&lf), lf.clone());
            // what is not a line break is kept in order
            let others = |s: &str| s.chars().filter(|c| *c != '\r' && *c != '\n').collect::<String>();
            prop_assert_eq!(others(&lf), others(&text));
        }
    }
}
