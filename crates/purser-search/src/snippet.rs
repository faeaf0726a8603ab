//! A hit's snippet: the stretch of its body where the most query terms meet, HTML-escaped,
//! the terms in `<mark>`. The body is read by the index's own analyser, so what is marked
//! is exactly what matched (stems, folded scripts, CJK bigrams) and offsets are the
//! original text's.

use std::collections::HashSet;

use crate::analysis::each_index_token;

/// Characters shown.
const WINDOW: usize = 160;
/// Characters shown before the first mark of the window.
const LEAD: usize = 30;
/// Matches weighed when choosing the window; enough for any body worth reading.
const MAX_MATCHES: usize = 256;

/// The snippet of `text` for the analysed query `terms` (plain escaped start when none).
pub(crate) fn snippet(text: &str, terms: &HashSet<String>) -> String {
    let starts: Vec<usize> = text.char_indices().map(|(at, _)| at).collect();
    let char_at = |byte: usize| starts.partition_point(|&s| s < byte);
    let mut matches: Vec<(usize, usize, &str)> = Vec::new();
    each_index_token(text, terms, |t| {
        if let Some(term) = terms.get(&t.text).filter(|_| matches.len() < MAX_MATCHES) {
            matches.push((char_at(t.offset_from), char_at(t.offset_to), term.as_str()));
        }
    });

    // The window that holds the most different terms; the earliest among equals.
    let mut best = (0, 0usize);
    for (i, &(from, _, _)) in matches.iter().enumerate() {
        let start = from.saturating_sub(LEAD);
        let distinct: HashSet<&str> = matches[i..]
            .iter()
            .take_while(|m| m.1 <= start + WINDOW)
            .map(|m| m.2)
            .collect();
        if distinct.len() > best.1 {
            best = (start, distinct.len());
        }
    }
    let start = best.0;
    let end = (start + WINDOW).min(starts.len());
    let byte = |ch: usize| starts.get(ch).copied().unwrap_or(text.len());

    let mut marks: Vec<(usize, usize)> = matches
        .iter()
        .filter(|m| m.0 >= start && m.1 <= end)
        .map(|m| (m.0, m.1))
        .collect();
    marks.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (from, to) in marks {
        match merged.last_mut() {
            Some(last) if from <= last.1 => last.1 = last.1.max(to),
            _ => merged.push((from, to)),
        }
    }

    let mut out = String::with_capacity(WINDOW * 2);
    if start > 0 {
        out.push('…');
    }
    let mut at = start;
    for (from, to) in merged {
        escape_into(&mut out, &text[byte(at)..byte(from)]);
        out.push_str("<mark>");
        escape_into(&mut out, &text[byte(from)..byte(to)]);
        out.push_str("</mark>");
        at = to;
    }
    escape_into(&mut out, &text[byte(at)..byte(end)]);
    if end < starts.len() {
        out.push('…');
    }
    out
}

/// HTML-escaped, with every run of white space or control characters as one space.
fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_whitespace() || c.is_control() => {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::query_terms;

    fn terms_of(query: &str) -> HashSet<String> {
        query
            .split_whitespace()
            .flat_map(query_terms)
            .map(|(_, t)| t)
            .collect()
    }

    #[test]
    fn matched_words_are_marked_by_their_stem() {
        assert_eq!(
            snippet("Two shipments were delayed.", &terms_of("shipment delay")),
            "Two <mark>shipments</mark> were <mark>delayed</mark>."
        );
    }

    #[test]
    fn a_chinese_substring_is_marked_once_across_its_bigrams_in_the_original_script() {
        assert_eq!(
            snippet("請確認貨櫃碼頭的提單。", &terms_of("货柜码头")),
            "請確認<mark>貨櫃碼頭</mark>的提單。"
        );
    }

    #[test]
    fn everything_else_is_escaped() {
        assert_eq!(
            snippet("<b>B/L</b> & \"telex\"\nrelease", &terms_of("telex")),
            "&lt;b&gt;B/L&lt;/b&gt; &amp; &quot;<mark>telex</mark>&quot; release"
        );
    }

    #[test]
    fn a_long_body_shows_the_window_around_the_matches() {
        let body = format!(
            "{} the container was damaged at Kaohsiung {}",
            "filler ".repeat(100),
            "more ".repeat(100)
        );
        let shown = snippet(&body, &terms_of("damaged"));
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        assert!(
            shown.contains("<mark>damaged</mark> at Kaohsiung"),
            "{shown}"
        );
        assert!(shown.chars().count() < WINDOW + 40);
    }

    #[test]
    fn without_a_match_the_start_is_shown() {
        assert_eq!(snippet("short text", &terms_of("absent")), "short text");
        assert_eq!(snippet("", &terms_of("absent")), "");
    }
}
