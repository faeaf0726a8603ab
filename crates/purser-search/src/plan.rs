//! A parsed [`Query`] and a [`Scope`] made into one tantivy query.
//!
//! The shape, for `MSKU 123456-7 damage -insurance status:open`:
//! ```text
//! MUST     ( every word in title/body/references  OR  the whole query is a reference )
//! SHOULD   any word, pair or triple of words is a reference         (ranks exact first)
//! MUST     scope, filters                                           (score nothing)
//! MUST_NOT excluded words and references
//! ```
//! Reference matches score [`REF_BOOST`] each, far above any text score, so exact hits
//! come first and a hit knows it was exact.

use std::collections::HashSet;
use std::ops::Bound;

use jiff::civil::Date;
use jiff::tz::TimeZone;
use tantivy::Term;
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query as TantivyQuery,
    RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use uuid::Uuid;

use crate::analysis::query_terms;
use crate::error::{Problem, QueryError};
use crate::query::Query;
use crate::refs::{address_filter_term, normalize_reference};
use crate::safe_phrase::SafePhrase;
use crate::schema::Fields;
use crate::scope::{Scope, term, unscored};

/// The score one reference match adds: more than any text score can reach.
pub(crate) const REF_BOOST: f32 = 100_000.0;
/// A title match counts this much more than a body match.
const TITLE_BOOST: f32 = 2.0;
/// Words joined to look up references written with spaces (`MSKU 123456 7`).
const MAX_JOINED_WORDS: usize = 3;

type Clause = (Occur, Box<dyn TantivyQuery>);

pub(crate) struct Plan {
    pub query: Box<dyn TantivyQuery>,
    /// The analysed terms the query looks for, to mark in snippets.
    pub highlight: HashSet<String>,
}

/// The query for `query` under `scope`, or `None` when there is nothing to look for
/// (no word, phrase or reference: an empty query never lists everything).
pub(crate) fn plan(
    fields: &Fields,
    scope: &Scope,
    query: &Query,
) -> Result<Option<Plan>, QueryError> {
    let mut highlight = HashSet::new();
    let positive: Vec<&str> = query
        .terms
        .iter()
        .filter(|t| !t.excluded)
        .map(|t| t.text.as_str())
        .collect();

    // every word must match, or (more like this) any one of them
    let each = if query.any_word {
        Occur::Should
    } else {
        Occur::Must
    };
    let mut words = Vec::new();
    for text in &positive {
        // more like this: each analysed term on its own (a CJK run's pairs, not its phrase)
        let clauses = if query.any_word {
            query_terms(text)
                .into_iter()
                .filter_map(|(_, t)| terms_clause(fields, vec![(0, t)], None))
                .collect()
        } else {
            word_clause(fields, text).into_iter().collect::<Vec<_>>()
        };
        for (clause, terms) in clauses {
            highlight.extend(terms);
            words.push((each, clause));
        }
    }
    let whole: Vec<String> = normalize_reference(&positive.concat())
        .into_iter()
        .collect();
    let content: Box<dyn TantivyQuery> = match (words.is_empty(), whole.is_empty()) {
        (true, true) => return Ok(None),
        (true, false) => boosted_refs(fields, whole),
        (false, true) => Box::new(BooleanQuery::new(words)),
        (false, false) => Box::new(BooleanQuery::new(vec![
            (
                Occur::Should,
                Box::new(BooleanQuery::new(words)) as Box<dyn TantivyQuery>,
            ),
            (Occur::Should, boosted_refs(fields, whole)),
        ])),
    };

    let mut clauses: Vec<Clause> = vec![(Occur::Must, content)];
    let candidates = reference_candidates(&positive);
    if !candidates.is_empty() {
        clauses.push((Occur::Should, boosted_refs(fields, candidates)));
    }
    clauses.extend(scope.clauses(fields));
    clauses.extend(filters(fields, query)?);
    for excluded in query.terms.iter().filter(|t| t.excluded) {
        if let Some((clause, _)) = word_clause(fields, &excluded.text) {
            clauses.push((Occur::MustNot, clause));
        }
    }
    Ok(Some(Plan {
        query: Box::new(BooleanQuery::new(clauses)),
        highlight,
    }))
}

/// One word or phrase in any text field (a term, or a phrase of its terms at their
/// positions: a CJK substring is a phrase of bigrams), or as an exact reference; with the
/// analysed terms it looks for.
fn word_clause(fields: &Fields, text: &str) -> Option<(Box<dyn TantivyQuery>, Vec<String>)> {
    terms_clause(fields, query_terms(text), normalize_reference(text))
}

/// [`word_clause`] for terms already analysed (at their positions) and the reference the
/// text may be.
fn terms_clause(
    fields: &Fields,
    terms: Vec<(usize, String)>,
    reference: Option<String>,
) -> Option<(Box<dyn TantivyQuery>, Vec<String>)> {
    if terms.is_empty() && reference.is_none() {
        return None;
    }
    let in_field = |field: Field| -> Option<Box<dyn TantivyQuery>> {
        match terms.as_slice() {
            [] => None,
            [(_, only)] => {
                let term = Term::from_field_text(field, only);
                Some(Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)))
            }
            _ => {
                let terms = terms
                    .iter()
                    .map(|(at, t)| (*at, Term::from_field_text(field, t)))
                    .collect();
                Some(Box::new(SafePhrase(PhraseQuery::new_with_offset(terms))))
            }
        }
    };
    let mut any: Vec<Clause> = Vec::new();
    if let Some(title) = in_field(fields.title) {
        any.push((Occur::Should, Box::new(BoostQuery::new(title, TITLE_BOOST))));
    }
    any.extend(in_field(fields.body).map(|q| (Occur::Should, q)));
    any.extend(in_field(fields.refs_text).map(|q| (Occur::Should, q)));
    any.extend(reference.map(|r| (Occur::Should, term(fields.refs, &r))));
    let found = terms.into_iter().map(|(_, t)| t).collect();
    Some((Box::new(BooleanQuery::new(any)), found))
}

/// Each word, and each run of two or three words joined, as a reference.
fn reference_candidates(words: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for start in 0..words.len() {
        for len in 1..=MAX_JOINED_WORDS.min(words.len() - start) {
            let reference = normalize_reference(&words[start..start + len].concat());
            if let Some(reference) = reference.filter(|r| !found.contains(r)) {
                found.push(reference);
            }
        }
    }
    found
}

fn boosted_refs(fields: &Fields, references: Vec<String>) -> Box<dyn TantivyQuery> {
    Box::new(ConstScoreQuery::new(
        any_term(fields.refs, &references),
        REF_BOOST,
    ))
}

/// Documents with any of a few terms. (Not tantivy's TermSetQuery: that builds an FST per
/// query, which costs more than a handful of term look-ups.)
fn any_term(field: Field, values: &[String]) -> Box<dyn TantivyQuery> {
    let mut terms: Vec<Clause> = values
        .iter()
        .map(|v| (Occur::Should, term(field, v)))
        .collect();
    match terms.len() {
        1 => terms.remove(0).1,
        _ => Box::new(BooleanQuery::new(terms)),
    }
}

fn filters(fields: &Fields, query: &Query) -> Result<Vec<Clause>, QueryError> {
    let mut clauses = Vec::new();
    let mut any_of = |field: Field, values: Vec<String>| {
        if !values.is_empty() {
            clauses.push((Occur::Must, unscored(any_term(field, &values))));
        }
    };
    if query.any_word {
        // more like this counts nothing per kind: the kinds narrow the query itself, so a
        // few articles are scored, not every message that shares a common word
        any_of(
            fields.kind,
            query.kinds.iter().map(|k| k.as_str().to_string()).collect(),
        );
    }
    any_of(fields.customer, ids("customer", &query.customers)?);
    any_of(fields.team, ids("team", &query.teams)?);
    any_of(
        fields.status,
        query
            .statuses
            .iter()
            .map(|s| s.trim().to_lowercase())
            .collect(),
    );
    any_of(
        fields.from,
        query.from.iter().map(|f| address_filter_term(f)).collect(),
    );
    if query.after.is_some() || query.before.is_some() {
        let bound = |date: Option<Date>, inclusive: bool| match date {
            None => Bound::Unbounded,
            Some(date) => {
                let term = Term::from_field_i64(fields.date, start_of_day(date));
                if inclusive {
                    Bound::Included(term)
                } else {
                    Bound::Excluded(term)
                }
            }
        };
        let range = RangeQuery::new(bound(query.after, true), bound(query.before, false));
        clauses.push((Occur::Must, unscored(Box::new(range))));
    }
    Ok(clauses)
}

fn ids(param: &'static str, values: &[String]) -> Result<Vec<String>, QueryError> {
    values
        .iter()
        .map(|v| {
            let id =
                Uuid::parse_str(v.trim()).map_err(|_| QueryError::new(param, Problem::BadId, v))?;
            Ok(id.to_string())
        })
        .collect()
}

/// Midnight UTC of `date`, in seconds since the epoch.
fn start_of_day(date: Date) -> i64 {
    date.to_zoned(TimeZone::UTC)
        .map_or(i64::MIN, |z| z.timestamp().as_second())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_looked_up_by_word_and_by_joined_words() {
        let found = reference_candidates(&["MSKU", "123456-7", "damage"]);
        assert!(found.contains(&"msku1234567".to_string()));
        assert!(found.contains(&"damage".to_string()));
        assert!(found.contains(&"msku1234567damage".to_string()));
        // No run longer than three words, and no word too short to be a reference.
        assert!(reference_candidates(&["a", "b"]).is_empty());
        assert_eq!(reference_candidates(&["1", "2", "3", "4"]), ["123", "234"]);
    }
}
