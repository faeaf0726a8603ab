//! Durations measured per case, in calendar and business time, and their percentiles.
//!
//! Each metric that is a duration keeps every sample with the id it belongs to, so a
//! median on a page opens the one case it *is*. Business time is counted by the desk's own
//! [`BusinessCalendar`] — the same one the SLA clocks use — never by a second calendar.
//!
//! Percentiles are **nearest-rank**: the p-th percentile of n samples is the sample at rank
//! `ceil(p × n / 100)` (at least 1) of the samples sorted by the chosen basis, ties kept in
//! input order. The median is the 50th percentile, so for an even n it is the *lower* of
//! the two middle samples. No value is interpolated: every figure is a real case's figure.

use super::error::InputError;
use crate::cases::calendar::BusinessCalendar;
use jiff::{SignedDuration, Timestamp};
use uuid::Uuid;

/// Which clock a duration is read on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Basis {
    /// Real elapsed time.
    Calendar,
    /// Working time of the business calendar (hours, weekdays, holidays, time zone).
    Business,
}

/// One measured duration of one entry, on both clocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sample {
    pub id: Uuid,
    pub calendar: SignedDuration,
    pub business: SignedDuration,
}

impl Sample {
    /// The span `[from, to)` on both clocks; zero business time when it lies wholly out of
    /// hours.
    pub fn between(id: Uuid, from: Timestamp, to: Timestamp, cal: &BusinessCalendar) -> Sample {
        Sample {
            id,
            calendar: to.duration_since(from),
            business: cal.business_between(from, to),
        }
    }

    pub fn on(&self, basis: Basis) -> SignedDuration {
        match basis {
            Basis::Calendar => self.calendar,
            Basis::Business => self.business,
        }
    }
}

/// A duration metric: the samples it measured, and the entries still waiting for theirs
/// (a case with no reply yet), which count in no figure.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Durations {
    samples: Vec<Sample>,
    pending: Vec<Uuid>,
}

impl Durations {
    pub fn new() -> Durations {
        Durations::default()
    }

    pub fn measured(&mut self, sample: Sample) {
        self.samples.push(sample);
    }

    pub fn waiting(&mut self, id: Uuid) {
        self.pending.push(id);
    }

    /// Every sample, in input order: the drill-down of every figure below.
    pub fn samples(&self) -> &[Sample] {
        &self.samples
    }

    pub fn pending(&self) -> &[Uuid] {
        &self.pending
    }

    pub fn n(&self) -> usize {
        self.samples.len()
    }

    /// The nearest-rank `p`-th percentile (see the module): `p` 0 reads as the minimum and
    /// above 100 as the maximum; `None` with no samples.
    pub fn percentile(&self, p: u8, basis: Basis) -> Option<&Sample> {
        let n = self.samples.len();
        if n == 0 {
            return None;
        }
        let mut sorted: Vec<&Sample> = self.samples.iter().collect();
        sorted.sort_by_key(|s| s.on(basis));
        let p = usize::from(p.min(100));
        let rank = (p * n).div_ceil(100).max(1);
        Some(sorted[rank - 1])
    }

    /// The 50th nearest-rank percentile: the lower middle sample for an even n.
    pub fn median(&self, basis: Basis) -> Option<&Sample> {
        self.percentile(50, basis)
    }

    /// Adds another's samples and pending entries, as a team pools its members' records.
    pub fn pool(&mut self, other: &Durations) {
        self.samples.extend_from_slice(&other.samples);
        self.pending.extend_from_slice(&other.pending);
    }
}

/// An instant as the store keeps it (microseconds since the Unix epoch), checked.
pub(crate) fn instant(us: i64) -> Result<Timestamp, InputError> {
    Timestamp::from_microsecond(us).map_err(|_| InputError::OutOfRange { at: us })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sample(n: u128, mins: i64) -> Sample {
        Sample {
            id: Uuid::from_u128(n),
            calendar: SignedDuration::from_mins(mins),
            business: SignedDuration::from_mins(100 - mins),
        }
    }

    #[test]
    fn the_median_of_an_even_count_is_the_lower_middle_case() {
        let mut d = Durations::new();
        for (n, m) in [(1, 40), (2, 10), (3, 30), (4, 20)] {
            d.measured(sample(n, m));
        }
        assert_eq!(d.median(Basis::Calendar).unwrap().id, Uuid::from_u128(4));
        // Business minutes are 60, 90, 70, 80: the lower middle is 70, case 3.
        assert_eq!(d.median(Basis::Business).unwrap().id, Uuid::from_u128(3));
        assert_eq!(
            d.percentile(90, Basis::Calendar).unwrap().id,
            Uuid::from_u128(1)
        );
        assert_eq!(
            d.percentile(0, Basis::Calendar).unwrap().id,
            Uuid::from_u128(2)
        );
        assert_eq!(
            d.percentile(25, Basis::Calendar).unwrap().id,
            Uuid::from_u128(2)
        );
        assert_eq!(
            d.percentile(26, Basis::Calendar).unwrap().id,
            Uuid::from_u128(4)
        );
    }

    #[test]
    fn no_samples_give_no_median() {
        let mut d = Durations::new();
        d.waiting(Uuid::from_u128(9));
        assert!(d.median(Basis::Calendar).is_none());
        assert_eq!(d.pending(), &[Uuid::from_u128(9)]);
    }

    proptest! {
        #[test]
        fn a_percentile_has_at_least_p_percent_of_samples_at_or_below_it(
            mins in prop::collection::vec(0i64..100, 1..40),
            p in 1u8..=100,
        ) {
            let mut d = Durations::new();
            for (i, m) in mins.iter().enumerate() {
                d.measured(sample(i as u128, *m));
            }
            let at = d.percentile(p, Basis::Calendar).unwrap().calendar;
            let below = mins.iter().filter(|&&m| SignedDuration::from_mins(m) <= at).count();
            let strictly = mins.iter().filter(|&&m| SignedDuration::from_mins(m) < at).count();
            prop_assert!(below * 100 >= usize::from(p) * mins.len());
            prop_assert!(strictly * 100 < usize::from(p) * mins.len());
        }
    }
}
