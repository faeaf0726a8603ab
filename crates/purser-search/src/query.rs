//! The query language of the search box: words (all must match), "quoted phrases",
//! `-word` to exclude, and filters `kind:` `customer:` `status:` `team:` `from:`
//! `after:YYYY-MM-DD` `before:YYYY-MM-DD`.
//!
//! Whatever is typed, parsing never fails except on a filter value that cannot mean
//! anything (a bad date, a malformed kind): that is a [`QueryError`] naming the filter.
//! Everything else is searched as best it can be: control characters are spaces, an
//! unbalanced quote runs to the end, a `name:value` with no such filter is two words (so a
//! pasted "Re: booking" still finds), and past the caps the rest is dropped and
//! `truncated` says so.

use jiff::civil::Date;

use crate::doc::Kind;
use crate::error::{Problem, QueryError};

/// Characters of `q` looked at; a 10,000-character paste costs no more than this.
pub const MAX_INPUT_CHARS: usize = 1_000;
/// Words and phrases (found or excluded) used; the rest are dropped.
pub const MAX_TERMS: usize = 24;
/// Characters of one word or phrase used.
pub const MAX_TERM_CHARS: usize = 64;
/// Values of one filter used (they are alternatives: `kind:case kind:message`).
pub const MAX_FILTER_VALUES: usize = 8;

/// One word or phrase of the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub text: String,
    /// Written in quotes. Words and phrases both match as phrases of their own terms; a
    /// quoted phrase is also looked up whole as a reference.
    pub phrase: bool,
    /// Written with a leading `-`: documents with it are left out.
    pub excluded: bool,
}

/// A parsed query. Each filter's values are alternatives; filters and words all apply.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pub terms: Vec<Term>,
    pub kinds: Vec<Kind>,
    /// Customer ids. The web layer may replace a customer number here by its id before
    /// searching; a value that is no id then is a `customer` error.
    pub customers: Vec<String>,
    pub statuses: Vec<String>,
    /// Team ids, as for customers.
    pub teams: Vec<String>,
    /// Sender addresses or domains.
    pub from: Vec<String>,
    /// On or after this day (UTC).
    pub after: Option<Date>,
    /// Before this day (UTC), not on it.
    pub before: Option<Date>,
    /// Part of the input was past a cap and not used.
    pub truncated: bool,
    /// Names written as filters that are none (searched as words).
    pub unknown_filters: Vec<String>,
    /// Any one word is enough (ranked by how many and how rare), instead of every word:
    /// "more like this" from a record's own words, never what a person typed.
    pub any_word: bool,
}

const OPEN_QUOTES: [char; 5] = ['"', '＂', '“', '「', '『'];
const CLOSE_QUOTES: [char; 6] = ['"', '＂', '”', '“', '」', '』'];

impl Query {
    /// A query that finds what shares any of `words` (see [`Query::any_word`]): each word
    /// taken as a plain word, never as a filter, a phrase or an exclusion.
    pub fn any_of<'a>(words: impl IntoIterator<Item = &'a str>) -> Query {
        Query {
            terms: words
                .into_iter()
                .map(|w| Term {
                    text: w.to_string(),
                    phrase: false,
                    excluded: false,
                })
                .collect(),
            any_word: true,
            ..Query::default()
        }
    }

    /// Parses the search box's text. Errors only for a filter value that means nothing.
    pub fn parse(q: &str) -> Result<Query, QueryError> {
        let mut query = Query::default();
        let chars: Vec<char> = q
            .chars()
            .take(MAX_INPUT_CHARS)
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        query.truncated = q.chars().nth(MAX_INPUT_CHARS).is_some();
        let mut i = 0;
        while i < chars.len() {
            if chars[i].is_whitespace() {
                i += 1;
                continue;
            }
            let excluded = chars[i] == '-' && chars.get(i + 1).is_some_and(|c| !c.is_whitespace());
            if excluded {
                i += 1;
            }
            if OPEN_QUOTES.contains(&chars[i]) {
                let (phrase, next) = quoted(&chars, i);
                i = next;
                query.push_term(phrase, true, excluded);
                continue;
            }
            let start = i;
            while i < chars.len() && !chars[i].is_whitespace() {
                // `key:"a value"`: the quote after the colon opens the value.
                if i > start && chars[i - 1] == ':' && OPEN_QUOTES.contains(&chars[i]) {
                    break;
                }
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let quoted_value = if i < chars.len() && OPEN_QUOTES.contains(&chars[i]) {
                let (value, next) = quoted(&chars, i);
                i = next;
                Some(value)
            } else {
                None
            };
            match filter_name(&word).filter(|_| !excluded) {
                Some((name, rest)) if FILTERS.contains(&name.as_str()) => {
                    let value = quoted_value.unwrap_or_else(|| rest.to_string());
                    query.push_filter(&name, value.trim())?;
                }
                found => {
                    if let Some((name, _)) = found {
                        query.unknown_filters.push(name);
                    }
                    let text = match quoted_value {
                        Some(value) => format!("{word}{value}"),
                        None => word,
                    };
                    query.push_term(text, false, excluded);
                }
            }
        }
        Ok(query)
    }

    /// Nothing to find: no word or phrase that is not excluded.
    pub fn is_empty(&self) -> bool {
        self.terms.iter().all(|t| t.excluded)
    }

    fn push_term(&mut self, text: String, phrase: bool, excluded: bool) {
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        if self.terms.len() == MAX_TERMS {
            self.truncated = true;
            return;
        }
        if text.chars().nth(MAX_TERM_CHARS).is_some() {
            self.truncated = true;
        }
        let text = text.chars().take(MAX_TERM_CHARS).collect();
        self.terms.push(Term {
            text,
            phrase,
            excluded,
        });
    }

    fn push_filter(&mut self, name: &str, value: &str) -> Result<(), QueryError> {
        // An empty value is a filter still being typed: no filter yet.
        if value.is_empty() {
            return Ok(());
        }
        match name {
            "after" => self.after = Some(parse_date("after", value)?),
            "before" => self.before = Some(parse_date("before", value)?),
            "kind" => {
                let kind = Kind::new(&value.to_lowercase())
                    .ok_or_else(|| QueryError::new("kind", Problem::BadKind, value))?;
                push_capped(&mut self.kinds, kind, &mut self.truncated);
            }
            "customer" => push_capped(&mut self.customers, value.to_string(), &mut self.truncated),
            "team" => push_capped(&mut self.teams, value.to_string(), &mut self.truncated),
            "status" => push_capped(
                &mut self.statuses,
                value.to_lowercase(),
                &mut self.truncated,
            ),
            _ => push_capped(&mut self.from, value.to_string(), &mut self.truncated),
        }
        Ok(())
    }
}

const FILTERS: [&str; 7] = [
    "kind", "customer", "status", "team", "from", "after", "before",
];

/// `name` and the rest when `word` is `name:rest` with an ASCII-letter name.
fn filter_name(word: &str) -> Option<(String, &str)> {
    let (name, rest) = word.split_once(':')?;
    (!name.is_empty() && name.chars().all(|c| c.is_ascii_alphabetic()))
        .then(|| (name.to_ascii_lowercase(), rest))
}

/// The text inside the quote at `open` and the index after its closing quote (or the end).
fn quoted(chars: &[char], open: usize) -> (String, usize) {
    let mut end = open + 1;
    while end < chars.len() && !CLOSE_QUOTES.contains(&chars[end]) {
        end += 1;
    }
    (
        chars[open + 1..end].iter().collect(),
        (end + 1).min(chars.len()),
    )
}

fn push_capped<T: PartialEq>(values: &mut Vec<T>, value: T, truncated: &mut bool) {
    if values.contains(&value) {
        return;
    }
    if values.len() == MAX_FILTER_VALUES {
        *truncated = true;
    } else {
        values.push(value);
    }
}

fn parse_date(param: &'static str, value: &str) -> Result<Date, QueryError> {
    let bad = || QueryError::new(param, Problem::BadDate, value);
    let shaped = value.len() == 10
        && value.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !shaped {
        return Err(bad());
    }
    value.parse::<Date>().map_err(|_| bad())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(text: &str) -> Term {
        Term {
            text: text.into(),
            phrase: false,
            excluded: false,
        }
    }

    #[test]
    fn words_phrases_exclusions_and_filters_are_told_apart() {
        let q = Query::parse(r#"demurrage "free time" -waived kind:case status:Open from:ops@x.com after:2026-01-31"#)
            .unwrap();
        assert_eq!(
            q.terms,
            [
                word("demurrage"),
                Term {
                    text: "free time".into(),
                    phrase: true,
                    excluded: false
                },
                Term {
                    text: "waived".into(),
                    phrase: false,
                    excluded: true
                },
            ]
        );
        assert_eq!(q.kinds, [Kind::CASE]);
        assert_eq!(q.statuses, ["open"]);
        assert_eq!(q.from, ["ops@x.com"]);
        assert_eq!(q.after, Some(jiff::civil::date(2026, 1, 31)));
        assert!(!q.truncated && q.unknown_filters.is_empty());
    }

    #[test]
    fn repeated_filters_are_alternatives_and_quoted_values_keep_their_spaces() {
        let q = Query::parse(r#"kind:case kind:MESSAGE status:"waiting on customer" x"#).unwrap();
        assert_eq!(q.kinds, [Kind::CASE, Kind::MESSAGE]);
        assert_eq!(q.statuses, ["waiting on customer"]);
        assert_eq!(q.terms, [word("x")]);
    }

    #[test]
    fn an_empty_query_or_only_spaces_has_nothing_to_find() {
        for q in ["", "   ", "\t\n", "-alone", "\"\"", "kind:case"] {
            assert!(Query::parse(q).unwrap().is_empty(), "{q:?}");
        }
    }

    #[test]
    fn only_punctuation_parses_and_leaves_the_analysers_nothing() {
        let q = Query::parse("!!! ??? ... ，。").unwrap();
        assert!(
            q.terms
                .iter()
                .all(|t| crate::analysis::query_terms(&t.text).is_empty())
        );
    }

    #[test]
    fn an_unbalanced_quote_runs_to_the_end() {
        let q = Query::parse(r#"rollover "vessel delay"#).unwrap();
        assert_eq!(
            q.terms[1],
            Term {
                text: "vessel delay".into(),
                phrase: true,
                excluded: false
            }
        );
        assert_eq!(Query::parse("\"").unwrap().terms, []);
        assert_eq!(Query::parse("status:\"open").unwrap().statuses, ["open"]);
    }

    #[test]
    fn chinese_quotes_make_phrases_too() {
        let q = Query::parse("「貨櫃 碼頭」 “提單”").unwrap();
        assert_eq!(
            q.terms
                .iter()
                .map(|t| (t.text.as_str(), t.phrase))
                .collect::<Vec<_>>(),
            [("貨櫃 碼頭", true), ("提單", true)]
        );
    }

    #[test]
    fn control_characters_are_spaces() {
        let q = Query::parse("a\u{0}b\u{7}c\u{1b}[31m").unwrap();
        assert_eq!(q.terms, [word("a"), word("b"), word("c"), word("[31m")]);
    }

    #[test]
    fn ten_thousand_characters_use_only_the_caps() {
        let long = "container ".repeat(1_000);
        let q = Query::parse(&long).unwrap();
        assert!(q.truncated);
        assert_eq!(q.terms.len(), MAX_TERMS);
        let one_word = "x".repeat(10_000);
        let q = Query::parse(&one_word).unwrap();
        assert!(q.truncated);
        assert_eq!(q.terms[0].text.chars().count(), MAX_TERM_CHARS);
    }

    #[test]
    fn an_unknown_filter_is_searched_as_words_and_reported() {
        let q = Query::parse("Re: booking knd:case http://x.com/a 12:30").unwrap();
        assert_eq!(q.unknown_filters, ["re", "knd", "http"]);
        assert_eq!(q.terms.len(), 5);
        assert!(q.kinds.is_empty());
    }

    #[test]
    fn a_bad_date_names_its_filter() {
        for (q, param) in [
            ("after:2026-13-01", "after"),
            ("before:yesterday", "before"),
            ("after:2026-1-1", "after"),
            ("before:2026-02-30", "before"),
        ] {
            let err = Query::parse(q).unwrap_err();
            assert_eq!((err.param, err.problem), (param, Problem::BadDate), "{q}");
        }
    }

    #[test]
    fn a_malformed_kind_names_kind_but_a_later_kind_is_allowed() {
        let err = Query::parse("kind:case!").unwrap_err();
        assert_eq!((err.param, err.problem), ("kind", Problem::BadKind));
        assert_eq!(
            Query::parse("kind:quote").unwrap().kinds[0].as_str(),
            "quote"
        );
    }

    #[test]
    fn an_empty_filter_value_is_no_filter_yet() {
        let q = Query::parse("kind: after: box").unwrap();
        assert!(q.kinds.is_empty() && q.after.is_none());
        assert_eq!(q.terms, [word("box")]);
    }

    #[test]
    fn an_excluded_filter_is_an_excluded_word() {
        let q = Query::parse("box -kind:case").unwrap();
        assert!(q.kinds.is_empty());
        assert_eq!(
            q.terms[1],
            Term {
                text: "kind:case".into(),
                phrase: false,
                excluded: true
            }
        );
    }
}
