//! One pass over the matches: counts per kind (every kind, whatever the kind filter) and
//! the page after a cursor, best first (score, then a stable hash of the document's key).
//!
//! Search-after, not offset: page 500 costs what page 1 costs, and there is no cap on
//! how deep a reader pages. The cursor is the last hit's (score, tie); it is opaque to
//! callers and checked when read back.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BinaryHeap, HashSet};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use crate::error::{Problem, QueryError};

/// Where the previous page ended.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Cursor {
    pub score: Score,
    pub tie: u64,
}

const CURSOR_PREFIX: &str = "s1";

impl Cursor {
    pub fn encode(self) -> String {
        format!(
            "{CURSOR_PREFIX}{:08x}{:016x}",
            self.score.to_bits(),
            self.tie
        )
    }

    pub fn decode(text: &str) -> Result<Cursor, QueryError> {
        let bad = || QueryError::new("cursor", Problem::BadCursor, text);
        let hex = text
            .strip_prefix(CURSOR_PREFIX)
            .filter(|h| h.len() == 24)
            .ok_or_else(bad)?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad());
        }
        let score = f32::from_bits(u32::from_str_radix(&hex[..8], 16).map_err(|_| bad())?);
        let tie = u64::from_str_radix(&hex[8..], 16).map_err(|_| bad())?;
        if !score.is_finite() {
            return Err(bad());
        }
        Ok(Cursor { score, tie })
    }
}

/// A match in best-first order: higher score first, then lower tie.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ranked {
    pub score: Score,
    pub tie: u64,
    pub address: DocAddress,
}

impl Ranked {
    fn key(&self) -> Cursor {
        Cursor {
            score: self.score,
            tie: self.tie,
        }
    }
}

/// `Less` means better (comes first).
fn order(a: Cursor, b: Cursor) -> Ordering {
    b.score.total_cmp(&a.score).then(a.tie.cmp(&b.tie))
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Ranked {}
impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Ranked {
    /// Worse is greater, so a max-heap's top is the worst kept.
    fn cmp(&self, other: &Self) -> Ordering {
        order(self.key(), other.key()).then(self.address.cmp(&other.address))
    }
}

pub(crate) struct Page {
    /// Best first; one more than asked for when there is a next page.
    pub ranked: Vec<Ranked>,
    pub counts: BTreeMap<String, u64>,
}

pub(crate) struct PageCollector {
    /// Hits to keep: the page size plus one, to know whether a next page exists.
    pub keep: usize,
    pub after: Option<Cursor>,
    /// Kinds that may be hits; empty for all. Counted either way.
    pub kinds: HashSet<String>,
}

pub(crate) struct SegmentPage {
    segment: SegmentOrdinal,
    keep: usize,
    after: Option<Cursor>,
    kind_column: Option<StrColumn>,
    kind_ords: Column<u64>,
    /// Per kind ordinal of this segment: matches, and whether it may be a hit.
    counts: Vec<u64>,
    wanted: Vec<bool>,
    ties: Column<u64>,
    heap: BinaryHeap<Ranked>,
}

impl Collector for PageCollector {
    type Fruit = Page;
    type Child = SegmentPage;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentPage> {
        let kind_column = reader.fast_fields().str("kind")?;
        let (kind_ords, terms) = match &kind_column {
            Some(column) => (column.ords().clone(), column.num_terms()),
            None => (Column::build_empty_column(reader.max_doc()), 0),
        };
        let mut wanted = vec![self.kinds.is_empty(); terms];
        if let Some(column) = &kind_column {
            let mut name = String::new();
            for (ord, slot) in wanted.iter_mut().enumerate() {
                if column.ord_to_str(ord as u64, &mut name)? && self.kinds.contains(&name) {
                    *slot = true;
                }
            }
        }
        Ok(SegmentPage {
            segment,
            keep: self.keep,
            after: self.after,
            kind_column,
            kind_ords,
            counts: vec![0; terms],
            wanted,
            ties: reader.fast_fields().u64("tie")?,
            heap: BinaryHeap::with_capacity(self.keep + 1),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(
        &self,
        pages: Vec<(Vec<Ranked>, BTreeMap<String, u64>)>,
    ) -> tantivy::Result<Page> {
        let mut counts = BTreeMap::new();
        let mut ranked = Vec::new();
        for (segment_ranked, segment_counts) in pages {
            ranked.extend(segment_ranked);
            for (kind, n) in segment_counts {
                *counts.entry(kind).or_insert(0) += n;
            }
        }
        ranked.sort();
        ranked.truncate(self.keep);
        Ok(Page { ranked, counts })
    }
}

impl SegmentCollector for SegmentPage {
    type Fruit = (Vec<Ranked>, BTreeMap<String, u64>);

    fn collect(&mut self, doc: DocId, score: Score) {
        let Some(ord) = self.kind_ords.first(doc) else {
            return;
        };
        let ord = ord as usize;
        self.counts[ord] += 1;
        if !self.wanted[ord] {
            return;
        }
        // The tie is read only for a match that can still make the page.
        if self.heap.len() == self.keep {
            let worst = self.heap.peek().map_or(Score::NEG_INFINITY, |r| r.score);
            if score < worst {
                return;
            }
        }
        let tie = self.ties.first(doc).unwrap_or(0);
        let key = Cursor { score, tie };
        if self
            .after
            .is_some_and(|after| order(key, after) != Ordering::Greater)
        {
            return;
        }
        self.heap.push(Ranked {
            score,
            tie,
            address: DocAddress::new(self.segment, doc),
        });
        if self.heap.len() > self.keep {
            self.heap.pop();
        }
    }

    fn harvest(self) -> Self::Fruit {
        let mut counts = BTreeMap::new();
        if let Some(column) = &self.kind_column {
            let mut name = String::new();
            for (ord, &n) in self.counts.iter().enumerate() {
                if n > 0 && column.ord_to_str(ord as u64, &mut name).unwrap_or(false) {
                    counts.insert(name.clone(), n);
                }
            }
        }
        (self.heap.into_vec(), counts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_reads_back_as_written() {
        for cursor in [
            Cursor {
                score: 1.25,
                tie: 7,
            },
            Cursor {
                score: 200_001.5,
                tie: u64::MAX,
            },
            Cursor { score: 0.0, tie: 0 },
        ] {
            assert_eq!(Cursor::decode(&cursor.encode()).unwrap(), cursor);
        }
    }

    #[test]
    fn a_cursor_not_handed_out_is_a_cursor_error() {
        let nan = format!("s1{:08x}{:016x}", f32::NAN.to_bits(), 1);
        for bad in [
            "",
            "s1",
            "x",
            "s1zzzzzzzz0000000000000000",
            "s2000000000000000000000000",
            &nan,
            "s1000000000000000000000000ff",
        ] {
            let err = Cursor::decode(bad).unwrap_err();
            assert_eq!(
                (err.param, err.problem),
                ("cursor", Problem::BadCursor),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn higher_scores_come_first_then_lower_ties() {
        let a = Cursor { score: 2.0, tie: 9 };
        let b = Cursor { score: 1.0, tie: 1 };
        let c = Cursor { score: 1.0, tie: 2 };
        assert_eq!(order(a, b), Ordering::Less);
        assert_eq!(order(b, c), Ordering::Less);
        assert_eq!(order(c, c), Ordering::Equal);
    }
}
