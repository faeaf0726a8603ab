//! `LIKE` patterns built from user text: `%`, `_` and `\` in the text match only
//! themselves (escaped, with `ESCAPE '\'` said explicitly: SQLite has no default escape
//! character, PostgreSQL's is `\`). Every `LIKE` of the store goes through here.

use sea_query::{Expr, ExprTrait, LikeExpr};

const ESCAPE: char = '\\';

/// The text with every `LIKE` wildcard (and the escape character itself) escaped.
pub fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | ESCAPE) {
            out.push(ESCAPE);
        }
        out.push(c);
    }
    out
}

/// `col LIKE 'text%'`: the column begins with `text`, taken literally.
pub fn starts_with(col: &'static str, text: &str) -> Expr {
    Expr::col(col).like(LikeExpr::new(format!("{}%", escaped(text))).escape(ESCAPE))
}

/// `col LIKE '%text'`: the column ends with `text`, taken literally.
pub fn ends_with(col: &'static str, text: &str) -> Expr {
    Expr::col(col).like(LikeExpr::new(format!("%{}", escaped(text))).escape(ESCAPE))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What `LIKE 'pattern' ESCAPE '\'` means, read back: a literal (escaped) character
    /// or a wildcard, in order.
    fn unescape(pattern: &str) -> (String, usize) {
        let (mut out, mut wildcards, mut chars) = (String::new(), 0, pattern.chars());
        while let Some(c) = chars.next() {
            match c {
                ESCAPE => out.push(chars.next().expect("an escape escapes something")),
                '%' | '_' => wildcards += 1,
                c => out.push(c),
            }
        }
        (out, wildcards)
    }

    #[test]
    fn wildcards_and_the_escape_are_escaped() {
        assert_eq!(escaped(r"50%_a\b"), r"50\%\_a\\b");
        assert_eq!(escaped("evergreen.tw"), "evergreen.tw");
    }

    proptest! {
        #[test]
        fn any_text_reads_back_as_itself_with_no_wildcard(text in ".{0,40}") {
            prop_assert_eq!(unescape(&escaped(&text)), (text, 0));
        }
    }
}
