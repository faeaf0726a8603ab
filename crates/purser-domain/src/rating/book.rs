//! The rate book: every sheet the engine may price from, with a lane index built once
//! when the book is made. A tariff of a million lines is asked thousands of times a
//! second, so a price looks up the lines of its own port pair (plus the few lines whose
//! ends are zones or countries) instead of reading every line. The sheets are private so
//! the index can never disagree with them: change a sheet by making a new book.

use super::lanes::{Place, Route};
use super::rates::{RateLine, RateSheet};
use crate::ids::UnLocode;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::ops::Deref;

/// Line positions of one sheet by port pair; `wide` holds lines with a zone or country end.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct LaneIndex {
    by_ports: HashMap<(UnLocode, UnLocode), Vec<usize>>,
    wide: Vec<usize>,
}

impl LaneIndex {
    fn of(sheet: &RateSheet) -> LaneIndex {
        let mut ix = LaneIndex::default();
        for (i, l) in sheet.lines.iter().enumerate() {
            match (&l.lane.origin, &l.lane.destination) {
                (Place::Port(o), Place::Port(d)) => ix
                    .by_ports
                    .entry((o.clone(), d.clone()))
                    .or_default()
                    .push(i),
                _ => ix.wide.push(i),
            }
        }
        ix
    }
}

/// Tariffs and contracts, every version, indexed by lane.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "RateBookData", into = "RateBookData")]
pub struct RateBook {
    sheets: Vec<RateSheet>,
    index: Vec<LaneIndex>,
}

/// The stored shape of a [`RateBook`]: its sheets; the index is rebuilt on the way in.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RateBookData {
    pub sheets: Vec<RateSheet>,
}

impl From<RateBookData> for RateBook {
    fn from(d: RateBookData) -> RateBook {
        RateBook::new(d.sheets)
    }
}

impl From<RateBook> for RateBookData {
    fn from(b: RateBook) -> RateBookData {
        RateBookData { sheets: b.sheets }
    }
}

impl RateBook {
    /// Builds the lane index once; pricing then never reads lines of other port pairs.
    pub fn new(sheets: Vec<RateSheet>) -> RateBook {
        let index = sheets.iter().map(LaneIndex::of).collect();
        RateBook { sheets, index }
    }

    /// Every sheet, in the order given, for pages and exports.
    pub fn sheets(&self) -> &[RateSheet] {
        &self.sheets
    }

    /// The sheets back, to change one and build a new book.
    pub fn into_sheets(self) -> Vec<RateSheet> {
        self.sheets
    }

    /// Each sheet with its index, in book order.
    pub(super) fn entries(&self) -> impl Iterator<Item = SheetRef<'_>> {
        self.sheets
            .iter()
            .zip(&self.index)
            .map(|(sheet, index)| SheetRef { sheet, index })
    }
}

/// A sheet of the book with its lane index; reads as the sheet itself.
#[derive(Debug, Clone, Copy)]
pub(super) struct SheetRef<'a> {
    sheet: &'a RateSheet,
    index: &'a LaneIndex,
}

impl<'a> SheetRef<'a> {
    /// The lines whose lane could fit `route`, in sheet order: the route's port pair and
    /// every zone or country line (the caller still checks the fit).
    pub fn lines_near(self, route: &Route) -> impl Iterator<Item = &'a RateLine> {
        let pair = self
            .index
            .by_ports
            .get(&(route.origin.clone(), route.destination.clone()))
            .map_or(&[][..], Vec::as_slice);
        let mut at: Vec<usize> = pair.iter().chain(&self.index.wide).copied().collect();
        if !pair.is_empty() && !self.index.wide.is_empty() {
            at.sort_unstable();
        }
        let sheet = self.sheet;
        at.into_iter().map(move |i| &sheet.lines[i])
    }

    /// The sheet with the book's lifetime, for results that outlive this reference.
    pub fn sheet(self) -> &'a RateSheet {
        self.sheet
    }
}

impl Deref for SheetRef<'_> {
    type Target = RateSheet;
    fn deref(&self) -> &RateSheet {
        self.sheet
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::fixtures::*;
    use super::*;
    use crate::rating::lanes::Lane;
    use crate::rating::money::Currency;

    #[test]
    fn the_index_finds_port_pairs_and_wide_lines_in_sheet_order() {
        let h1 = h1_2026();
        let mut zone = fcl_line("TWKHH", "NLRTM", h1, Currency::USD, &[("40HC", "2000")]);
        zone.lane = Lane {
            origin: Place::Country("TW".into()),
            destination: Place::Country("NL".into()),
            via: vec![],
        };
        let lines = vec![
            fcl_line("TWKHH", "NLRTM", h1, Currency::USD, &[("40HC", "1850")]),
            fcl_line("TWKHH", "DEHAM", h1, Currency::USD, &[("40HC", "1900")]),
            zone,
            fcl_line("TWKHH", "NLRTM", h1, Currency::USD, &[("20GP", "1200")]),
        ];
        let b = RateBook::new(vec![sheet(
            super::super::rates::SheetKind::Tariff,
            "T",
            1,
            h1,
            lines,
            vec![],
        )]);
        let s = b.entries().next().unwrap();
        let near: Vec<&RateLine> = s.lines_near(&route("TWKHH", "NLRTM")).collect();
        let all = &b.sheets()[0].lines;
        assert_eq!(near, vec![&all[0], &all[2], &all[3]]);
        let far: Vec<&RateLine> = s.lines_near(&route("TWTXG", "USLAX")).collect();
        assert_eq!(far, vec![&all[2]], "only the wide line is a candidate");
    }

    #[test]
    fn a_book_round_trips_through_json_with_its_index() {
        let b = RateBook::new(vec![asia_neur_tariff()]);
        let json = serde_json::to_string(&b).unwrap();
        let back: RateBook = serde_json::from_str(&json).unwrap();
        assert_eq!(back, b);
    }
}
