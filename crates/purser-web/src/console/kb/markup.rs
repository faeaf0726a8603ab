//! An article's text as HTML, safely: the text is plain text with a little Markdown
//! (`# heading`, `- item`, `1. step`, `**bold**`, bare http(s) links), and every character
//! a writer typed is escaped before any tag is added, so no HTML an editor writes ever
//! reaches a reader's page as HTML.

/// Escapes text for an HTML element or a quoted attribute.
fn escape(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// One line's inline marks: `**bold**` and bare http(s) links, the rest escaped.
fn inline(line: &str, out: &mut String) {
    let mut bold = false;
    let mut parts = line.split("**").peekable();
    let mut first = true;
    while let Some(part) = parts.next() {
        if !first {
            // an unpaired `**` at the end stays as typed
            if !bold && parts.peek().is_none() {
                out.push_str("**");
            } else {
                out.push_str(if bold { "</strong>" } else { "<strong>" });
                bold = !bold;
            }
        }
        first = false;
        links(part, out);
    }
    if bold {
        out.push_str("</strong>");
    }
}

fn links(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(at) = ["https://", "http://"]
        .iter()
        .filter_map(|p| rest.find(p))
        .min()
    {
        escape(&rest[..at], out);
        let len = rest[at..]
            .find(|c: char| c.is_whitespace() || "<>\"'）)，。".contains(c))
            .unwrap_or(rest.len() - at);
        let url = rest[at..at + len].trim_end_matches(['.', ',', ';', ':']);
        out.push_str("<a href=\"");
        escape(url, out);
        out.push_str("\" rel=\"noopener noreferrer\">");
        escape(url, out);
        out.push_str("</a>");
        rest = &rest[at + url.len()..];
    }
    escape(rest, out);
}

#[derive(PartialEq, Clone, Copy)]
enum Block {
    None,
    Para,
    Bullets,
    Steps,
}

fn close(block: Block, out: &mut String) {
    out.push_str(match block {
        Block::None => "",
        Block::Para => "</p>\n",
        Block::Bullets => "</ul>\n",
        Block::Steps => "</ol>\n",
    });
}

/// The item text of a numbered line (`12. Send the form`), if it is one.
fn step(line: &str) -> Option<&str> {
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    (digits > 0 && digits < 4)
        .then(|| line[digits..].strip_prefix(". "))
        .flatten()
}

/// The article's text as HTML (headings start at `<h2>`: the page's `<h1>` is the title).
pub fn to_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut block = Block::None;
    for raw in text.lines() {
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        let heading = ["### ", "## ", "# "]
            .iter()
            .enumerate()
            .find_map(|(i, p)| trimmed.strip_prefix(p).map(|t| (4 - i, t)));
        let bullet = trimmed
            .strip_prefix("- ")
            .or_else(|| trimmed.strip_prefix("* "));
        let next = if trimmed.is_empty() || heading.is_some() {
            Block::None
        } else if bullet.is_some() {
            Block::Bullets
        } else if step(trimmed).is_some() {
            Block::Steps
        } else {
            Block::Para
        };
        if next != block || next == Block::None {
            close(block, &mut out);
            out.push_str(match next {
                Block::Para => "<p>",
                Block::Bullets => "<ul>\n",
                Block::Steps => "<ol>\n",
                Block::None => "",
            });
        } else if next == Block::Para {
            out.push_str("<br>\n");
        }
        block = next;
        if let Some((level, t)) = heading {
            out.push_str(&format!("<h{level}>"));
            inline(t, &mut out);
            out.push_str(&format!("</h{level}>\n"));
        } else if let Some(item) = bullet.or_else(|| step(trimmed)) {
            out.push_str("<li>");
            inline(item, &mut out);
            out.push_str("</li>\n");
        } else if next == Block::Para {
            inline(trimmed, &mut out);
        }
    }
    close(block, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_a_writer_types_is_shown_as_text() {
        let html = to_html("<script>alert(1)</script>\n**<b onmouseover=\"x\">**");
        assert!(!html.contains("<script") && !html.contains("<b "), "{html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("<strong>&lt;b onmouseover=&quot;x&quot;&gt;</strong>"));
    }

    #[test]
    fn headings_lists_steps_and_paragraphs_are_marked_up() {
        let html = to_html(
            "# 申請步驟\n1. 填寫申請單\n2. 寄回 **正本**\n\n- B/L\n- SWB\nFirst line\nsecond line",
        );
        assert_eq!(
            html,
            "<h2>申請步驟</h2>\n<ol>\n<li>填寫申請單</li>\n<li>寄回 <strong>正本</strong></li>\n</ol>\n\
             <ul>\n<li>B/L</li>\n<li>SWB</li>\n</ul>\n<p>First line<br>\nsecond line</p>\n"
        );
    }

    #[test]
    fn only_http_links_become_links_and_their_quotes_are_escaped() {
        let html = to_html("See https://example.com/a?b=1&c=2. Not javascript:alert(1)");
        assert!(html.contains(
            "<a href=\"https://example.com/a?b=1&amp;c=2\" rel=\"noopener noreferrer\">"
        ));
        assert!(!html.contains("href=\"javascript"));
        let quoted = to_html("https://x.test/\"onmouseover=\"y");
        assert!(!quoted.contains("\"onmouseover"), "{quoted}");
        assert_eq!(to_html("2026. A year"), "<p>2026. A year</p>\n");
        assert_eq!(to_html("a ** b"), "<p>a ** b</p>\n");
    }
}
