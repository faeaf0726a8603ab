//! A phrase query that is safe to exclude. tantivy 0.27's phrase scorer asserts (in debug
//! builds) that `seek_danger` is never asked for a document before the one it stands on,
//! yet an exclusion's first check may ask exactly that (`box -"free time"` panics). This
//! wrapper answers `seek_danger` by the default rule, through `seek`, which is always
//! allowed; nothing else changes.

use tantivy::query::{EnableScoring, Explanation, PhraseQuery, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term};

#[derive(Debug, Clone)]
pub(crate) struct SafePhrase(pub PhraseQuery);

impl Query for SafePhrase {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(SafeWeight(self.0.weight(scoring)?)))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.0.query_terms(visitor);
    }
}

struct SafeWeight(Box<dyn Weight>);

impl Weight for SafeWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(SafeScorer(self.0.scorer(reader, boost)?)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.0.explain(reader, doc)
    }
}

struct SafeScorer(Box<dyn Scorer>);

impl DocSet for SafeScorer {
    fn advance(&mut self) -> DocId {
        self.0.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        // Never backwards: the phrase scorer asserts that too.
        let doc = self.0.doc();
        if doc >= target {
            doc
        } else {
            self.0.seek(target)
        }
    }

    fn doc(&self) -> DocId {
        self.0.doc()
    }

    fn size_hint(&self) -> u32 {
        self.0.size_hint()
    }

    fn cost(&self) -> u64 {
        self.0.cost()
    }
}

impl Scorer for SafeScorer {
    fn score(&mut self) -> Score {
        self.0.score()
    }
}
