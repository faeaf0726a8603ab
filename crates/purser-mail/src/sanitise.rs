//! HTML from the outside world is cleaned by allow-list before anything shows it: no
//! scripts, styles, event handlers, forms, frames or remote images (which track readers).
//!
//! HTML too large or nested too deep is not parsed at all: the tree builder's work and the
//! sanitiser's recursion grow with depth, and one crafted mail must not hold a core or
//! overflow a stack. Such a message is shown as its text instead.

use std::sync::LazyLock;

/// Largest HTML body that is sanitised (real mail, newsletters included, is far smaller).
pub const MAX_HTML_BYTES: usize = 2 * 1024 * 1024;
/// Deepest nesting of elements that is sanitised (mail clients' layout tables reach a few
/// dozen levels).
pub const MAX_HTML_DEPTH: usize = 256;

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.link_rel(Some("noopener noreferrer nofollow"))
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        // inline images arrive as attachments (cid:); remote ones are dropped
        .rm_tags(["img"]);
    b
});

/// Why an HTML body was not sanitised.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HtmlRefused {
    #[error("the HTML is over {} MiB; shown as text", MAX_HTML_BYTES >> 20)]
    TooLarge,
    #[error("the HTML nests elements over {MAX_HTML_DEPTH} deep; shown as text")]
    TooDeep,
}

/// Safe HTML to show inside the console, or why the HTML is refused.
pub fn sanitise_html(html: &str) -> Result<String, HtmlRefused> {
    if html.len() > MAX_HTML_BYTES {
        return Err(HtmlRefused::TooLarge);
    }
    if nesting_over(html, MAX_HTML_DEPTH) {
        return Err(HtmlRefused::TooDeep);
    }
    Ok(CLEANER.clean(html).to_string())
}

/// Elements that never hold others (no end tag).
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];
/// Elements whose end tag may be left out: the parser closes them itself, so counting
/// them would take a long list (`<li>`, `<td>` without ends) for depth.
const SELF_CLOSING_BY_PARSER: &[&str] = &[
    "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody", "tfoot",
    "colgroup", "rb", "rt", "rp",
];

/// Whether elements nest deeper than `limit`: one pass over the bytes, counting start
/// tags against end tags (comments, doctypes and the two kinds above not counted).
fn nesting_over(html: &str, limit: usize) -> bool {
    let b = html.as_bytes();
    let (mut i, mut depth) = (0, 0usize);
    while let Some(at) = b[i..].iter().position(|&c| c == b'<') {
        i += at + 1;
        if b[i..].starts_with(b"!--") {
            i += b[i..]
                .windows(3)
                .position(|w| w == b"-->")
                .map_or(b.len() - i, |p| p + 3);
            continue;
        }
        let closing = b.get(i) == Some(&b'/');
        let name_at = i + usize::from(closing);
        let name_len = b[name_at..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        if name_len == 0 || !b[name_at].is_ascii_alphabetic() {
            continue; // not a tag: `<!doctype`, `<?xml`, a lone `<`
        }
        let name = html[name_at..name_at + name_len].to_ascii_lowercase();
        let end = tag_end(b, name_at + name_len);
        let self_closed = end >= 2 && b[end - 1] == b'/';
        i = (end + 1).min(b.len());
        if VOID.contains(&name.as_str()) || SELF_CLOSING_BY_PARSER.contains(&name.as_str()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else if !self_closed {
            depth += 1;
            if depth > limit {
                return true;
            }
        }
    }
    false
}

/// Where the tag that goes on at `from` ends (its `>`, quotes respected), or the end.
fn tag_end(b: &[u8], from: usize) -> usize {
    let mut quote = None;
    for (k, &c) in b.iter().enumerate().skip(from) {
        match (quote, c) {
            (None, b'"' | b'\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, b'>') => return k,
            _ => {}
        }
    }
    b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_handlers_and_remote_images_go() {
        let out = sanitise_html(
            r#"<p onclick="x()">Hi<script>alert(1)</script><img src="http://t.co/p.gif"><a href="javascript:evil()">x</a><a href="https://evergreen.tw">ok</a></p>"#,
        )
        .unwrap();
        assert!(
            !out.contains("script")
                && !out.contains("onclick")
                && !out.contains("img")
                && !out.contains("javascript"),
            "{out}"
        );
        assert!(out.contains("https://evergreen.tw") && out.contains("Hi"));
    }

    fn nested(tag: &str, n: usize) -> String {
        format!(
            "{}x{}",
            format!("<{tag}>").repeat(n),
            format!("</{tag}>").repeat(n)
        )
    }

    #[test]
    fn deep_nesting_is_refused_at_the_limit_and_not_below() {
        assert!(sanitise_html(&nested("div", MAX_HTML_DEPTH)).is_ok());
        assert_eq!(
            sanitise_html(&nested("div", MAX_HTML_DEPTH + 1)),
            Err(HtmlRefused::TooDeep)
        );
        assert_eq!(
            sanitise_html(&nested("div", 100_000)),
            Err(HtmlRefused::TooDeep)
        );
        // unclosed elements count as open, as the parser would keep them
        assert_eq!(
            sanitise_html(&"<span>".repeat(MAX_HTML_DEPTH + 1)),
            Err(HtmlRefused::TooDeep)
        );
    }

    #[test]
    fn long_flat_mail_is_not_mistaken_for_deep() {
        // siblings, void elements, self-closed tags, cells and items without end tags,
        // comments and quoted `>` in attributes add no depth
        let row = r#"<tr><td>a<td title="x>y">b<br><img src="cid:1"/><!-- <div><div> -->"#;
        let html = format!(
            "<!doctype html><table>{}</table><ul>{}</ul>{}",
            row.repeat(5_000),
            "<li>x".repeat(5_000),
            "<div>x</div>".repeat(5_000)
        );
        assert!(!nesting_over(&html, MAX_HTML_DEPTH));
        assert!(sanitise_html(&html).is_ok());
    }

    #[test]
    fn over_the_size_limit_is_refused_unread() {
        let html = "x".repeat(MAX_HTML_BYTES + 1);
        assert_eq!(sanitise_html(&html), Err(HtmlRefused::TooLarge));
    }
}
