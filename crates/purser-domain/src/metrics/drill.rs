//! What every rate is made of: the exact entries it counts.
//!
//! A page shows a number and, one click further, the cases behind it. Both come from one
//! [`Ratio`], whose numerator and denominator *are* its lists: the percentage is computed
//! from their lengths, so the count shown and the list shown cannot disagree.
//!
//! An entry is one counted unit — a case, or one promise, hand-over, SLA clock or survey
//! answer of a case — named by the id a drill-down opens (the case's, or for NPS the
//! contact's). A case with two promises therefore appears twice: the list's length is the
//! count.

use uuid::Uuid;

/// How one unit counts towards a rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// In the numerator and the denominator.
    Hit,
    /// In the denominator only.
    Miss,
    /// Not decided yet (a promise not yet due, a case not yet resolved): in neither, but
    /// listed so a drill-down can say why a case it expected is missing.
    Pending,
}

/// A rate with its drill-down. Only [`Ratio::record`] fills it, so the numerator is always
/// a part of the denominator.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ratio {
    hits: Vec<Uuid>,
    misses: Vec<Uuid>,
    pending: Vec<Uuid>,
}

impl Ratio {
    pub fn new() -> Ratio {
        Ratio::default()
    }

    pub fn record(&mut self, id: Uuid, outcome: Outcome) {
        match outcome {
            Outcome::Hit => self.hits.push(id),
            Outcome::Miss => self.misses.push(id),
            Outcome::Pending => self.pending.push(id),
        }
    }

    /// The entries counted as hits, in input order.
    pub fn numerator(&self) -> &[Uuid] {
        &self.hits
    }

    /// The entries counted but missed, in input order.
    pub fn misses(&self) -> &[Uuid] {
        &self.misses
    }

    /// Every counted entry: the hits, then the misses.
    pub fn denominator(&self) -> Vec<Uuid> {
        self.hits.iter().chain(&self.misses).copied().collect()
    }

    /// Entries known but not yet decided; they count nowhere.
    pub fn pending(&self) -> &[Uuid] {
        &self.pending
    }

    /// The denominator's size: what "n" means on every page.
    pub fn n(&self) -> usize {
        self.hits.len() + self.misses.len()
    }

    /// Hits over counted entries as a percentage in `0..=100`; `None` when nothing was
    /// counted, so "no data" never shows as 0 %.
    pub fn percent(&self) -> Option<f64> {
        let n = self.n();
        (n > 0).then(|| 100.0 * self.hits.len() as f64 / n as f64)
    }

    /// Adds another ratio's entries, as a team's rate pools its members' records (a team of
    /// a busy and a quiet agent weighs each unit once, not each agent once).
    pub fn pool(&mut self, other: &Ratio) {
        self.hits.extend_from_slice(&other.hits);
        self.misses.extend_from_slice(&other.misses);
        self.pending.extend_from_slice(&other.pending);
    }
}

impl FromIterator<(Uuid, Outcome)> for Ratio {
    fn from_iter<I: IntoIterator<Item = (Uuid, Outcome)>>(iter: I) -> Ratio {
        let mut ratio = Ratio::new();
        for (id, outcome) in iter {
            ratio.record(id, outcome);
        }
        ratio
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rate_is_its_lists_and_no_data_is_not_zero() {
        let (a, b, c) = (Uuid::from_u128(1), Uuid::from_u128(2), Uuid::from_u128(3));
        let empty = Ratio::new();
        assert_eq!(empty.percent(), None);
        let r: Ratio = [(a, Outcome::Hit), (b, Outcome::Miss), (c, Outcome::Pending)]
            .into_iter()
            .collect();
        assert_eq!(r.numerator(), &[a]);
        assert_eq!(r.denominator(), vec![a, b]);
        assert_eq!(r.pending(), &[c]);
        assert_eq!(r.n(), 2);
        assert_eq!(r.percent(), Some(50.0));
    }

    #[test]
    fn pooling_keeps_every_entry_once() {
        let a = Uuid::from_u128(1);
        let mut team: Ratio = [(a, Outcome::Hit)].into_iter().collect();
        let other: Ratio = [(a, Outcome::Miss), (a, Outcome::Miss)]
            .into_iter()
            .collect();
        team.pool(&other);
        assert_eq!(team.n(), 3);
        assert_eq!(team.numerator().len(), 1);
    }
}
