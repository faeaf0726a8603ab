//! Validity windows. The rate date alone decides whether a sheet, a rate line or a
//! surcharge applies; both ends are inclusive days, as carriers print them
//! ("valid 2026-04-01 to 2026-04-30"), and an open end means "until further notice".

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// First and last valid day, inclusive; `to: None` is open-ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validity {
    pub from: Date,
    pub to: Option<Date>,
}

/// Where a date falls outside a window, with the day a page needs to say so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutsideWindow {
    /// The window ended: `last_day` is its final valid day.
    Expired { last_day: Date },
    /// The window has not begun: `first_day` is its first valid day.
    NotYetValid { first_day: Date },
}

impl Validity {
    /// A window from `from` to `to` inclusive; `None` when `to` is before `from`, since an
    /// empty window would silently never price.
    pub fn between(from: Date, to: Date) -> Option<Validity> {
        (to >= from).then_some(Validity { from, to: Some(to) })
    }

    /// A window with no end yet.
    pub fn from(from: Date) -> Validity {
        Validity { from, to: None }
    }

    /// Whether `date` is inside, and if not, on which side.
    pub fn check(&self, date: Date) -> Result<(), OutsideWindow> {
        if date < self.from {
            return Err(OutsideWindow::NotYetValid {
                first_day: self.from,
            });
        }
        match self.to {
            Some(last_day) if date > last_day => Err(OutsideWindow::Expired { last_day }),
            _ => Ok(()),
        }
    }

    /// Whether the window applies on `date`.
    pub fn contains(&self, date: Date) -> bool {
        self.check(date).is_ok()
    }

    /// Whether two windows share at least one day (an import refuses overlaps in one sheet).
    pub fn overlaps(&self, other: &Validity) -> bool {
        let ends_after = |w: &Validity, d: Date| w.to.is_none_or(|t| t >= d);
        ends_after(self, other.from) && ends_after(other, self.from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn both_ends_are_inclusive() {
        let w = Validity::between(date(2026, 4, 1), date(2026, 4, 30)).unwrap();
        assert!(w.contains(date(2026, 4, 1)));
        assert!(w.contains(date(2026, 4, 30)));
        assert_eq!(
            w.check(date(2026, 5, 1)),
            Err(OutsideWindow::Expired {
                last_day: date(2026, 4, 30)
            })
        );
        assert_eq!(
            w.check(date(2026, 3, 31)),
            Err(OutsideWindow::NotYetValid {
                first_day: date(2026, 4, 1)
            })
        );
    }

    #[test]
    fn an_open_window_never_expires_and_an_inverted_one_is_refused() {
        assert!(Validity::from(date(2026, 1, 1)).contains(date(2099, 12, 31)));
        assert!(Validity::between(date(2026, 2, 1), date(2026, 1, 31)).is_none());
    }

    #[test]
    fn overlap_counts_a_shared_day() {
        let a = Validity::between(date(2026, 1, 1), date(2026, 1, 31)).unwrap();
        let b = Validity::between(date(2026, 1, 31), date(2026, 2, 28)).unwrap();
        let c = Validity::from(date(2026, 2, 1));
        assert!(a.overlaps(&b) && b.overlaps(&a));
        assert!(!a.overlaps(&c) && !c.overlaps(&a));
        assert!(b.overlaps(&c));
    }
}
