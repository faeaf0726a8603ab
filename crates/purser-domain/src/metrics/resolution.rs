//! How long cases take to resolve, and whether they stay resolved.
//!
//! First resolution shows how fast the desk *says* it is done; full resolution, to the
//! resolution after the last reopen, how fast it really is. The gap between them, and the
//! reopen rate, show cases closed too early.

use super::drill::{Outcome, Ratio};
use super::durations::{Durations, Sample};
use super::timeline::{EventKind, Timeline};
use crate::cases::calendar::BusinessCalendar;

/// First resolution time: from creation to the first resolution, one sample per case;
/// a case never resolved is pending.
pub fn first_resolution(cases: &[Timeline], cal: &BusinessCalendar) -> Durations {
    let mut out = Durations::new();
    for case in cases {
        match case.first(EventKind::Resolved) {
            Some(at) => out.measured(Sample::between(case.case_id(), case.created(), at, cal)),
            None => out.waiting(case.case_id()),
        }
    }
    out
}

/// Full resolution time: from creation to the last resolution, for cases resolved (or
/// closed) now. A case reopened and not yet resolved again is pending: its full
/// resolution is still ahead, and counting its earlier one would flatter the desk.
pub fn full_resolution(cases: &[Timeline], cal: &BusinessCalendar) -> Durations {
    let mut out = Durations::new();
    for case in cases {
        match case.last(EventKind::Resolved) {
            Some(at) if case.is_settled() => {
                out.measured(Sample::between(case.case_id(), case.created(), at, cal));
            }
            _ => out.waiting(case.case_id()),
        }
    }
    out
}

/// One-touch resolution: of the cases resolved now that had a public staff reply, those
/// with exactly one such reply and never reopened. Cases resolved without any reply were
/// not resolved by a touch at all and count nowhere; active cases are pending.
pub fn one_touch(cases: &[Timeline]) -> Ratio {
    let mut out = Ratio::new();
    for case in cases {
        let replies = case.count(EventKind::StaffReply);
        let outcome = if !case.is_settled() {
            Outcome::Pending
        } else if replies == 0 {
            continue;
        } else if replies == 1 && case.count(EventKind::Reopened) == 0 {
            Outcome::Hit
        } else {
            Outcome::Miss
        };
        out.record(case.case_id(), outcome);
    }
    out
}

/// Reopen rate: of the cases resolved at least once, those reopened at least once (a hit
/// here is bad news). A case never resolved is pending.
pub fn reopen_rate(cases: &[Timeline]) -> Ratio {
    cases
        .iter()
        .map(|case| {
            let outcome = if case.first(EventKind::Resolved).is_none() {
                Outcome::Pending
            } else if case.count(EventKind::Reopened) > 0 {
                Outcome::Hit
            } else {
                Outcome::Miss
            };
            (case.case_id(), outcome)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::testkit::*;
    use super::*;
    use EventKind::*;

    /// Created Monday 09:00, answered, resolved Monday 15:00, reopened by the customer on
    /// Wednesday 10:00, answered again and resolved Thursday 11:00.
    fn reopened() -> Timeline {
        timeline(
            1,
            &[
                ("2026-12-07 09:00", Created),
                ("2026-12-07 10:00", StaffReply),
                ("2026-12-07 15:00", Resolved),
                ("2026-12-09 10:00", CustomerMessage),
                ("2026-12-09 10:00", Reopened),
                ("2026-12-10 10:30", StaffReply),
                ("2026-12-10 11:00", Resolved),
                ("2026-12-11 11:00", Closed),
            ],
        )
    }

    /// Created Friday 16:00, one reply, resolved Monday 09:30.
    fn one_and_done() -> Timeline {
        timeline(
            2,
            &[
                ("2026-12-04 16:00", Created),
                ("2026-12-04 16:30", StaffReply),
                ("2026-12-07 09:30", Resolved),
            ],
        )
    }

    #[test]
    fn first_resolution_stops_at_the_first_resolve() {
        let d = first_resolution(&[reopened(), one_and_done()], &office());
        let got: Vec<_> = d
            .samples()
            .iter()
            .map(|s| (s.id, s.calendar, s.business))
            .collect();
        // Friday 16:00 to Monday 09:30: 65 h 30 calendar, 2 h + 30 min business.
        assert_eq!(
            got,
            vec![(id(1), hm(6, 0), hm(6, 0)), (id(2), hm(65, 30), hm(2, 30))]
        );
    }

    #[test]
    fn full_resolution_runs_to_the_resolve_after_the_last_reopen() {
        let d = full_resolution(&[reopened()], &office());
        // Monday 09:00 to Thursday 11:00: 74 h calendar; 9 + 9 + 9 + 2 = 29 business hours.
        assert_eq!(d.samples()[0].calendar, hm(74, 0));
        assert_eq!(d.samples()[0].business, hm(29, 0));
    }

    #[test]
    fn a_case_reopened_and_not_yet_resolved_again_has_no_full_resolution() {
        let open_again = timeline(
            3,
            &[
                ("2026-12-07 09:00", Created),
                ("2026-12-07 10:00", Resolved),
                ("2026-12-07 11:00", Reopened),
            ],
        );
        let full = full_resolution(std::slice::from_ref(&open_again), &office());
        assert_eq!((full.n(), full.pending()), (0, &[id(3)][..]));
        assert_eq!(first_resolution(&[open_again], &office()).n(), 1);
    }

    #[test]
    fn one_touch_needs_one_reply_and_no_reopen() {
        let no_reply = timeline(
            3,
            &[
                ("2026-12-07 09:00", Created),
                ("2026-12-07 09:01", Resolved),
            ],
        );
        let active = timeline(
            4,
            &[
                ("2026-12-07 09:00", Created),
                ("2026-12-07 09:10", StaffReply),
            ],
        );
        // One reply, but reopened and resolved again: not one touch.
        let bounced = timeline(
            5,
            &[
                ("2026-12-07 09:00", Created),
                ("2026-12-07 09:10", StaffReply),
                ("2026-12-07 09:20", Resolved),
                ("2026-12-07 09:30", Reopened),
                ("2026-12-07 09:40", Resolved),
            ],
        );
        let r = one_touch(&[reopened(), one_and_done(), no_reply, active, bounced]);
        assert_eq!(r.numerator(), &[id(2)]);
        assert_eq!(r.denominator(), vec![id(2), id(1), id(5)]);
        assert_eq!(r.pending(), &[id(4)]);
        assert!((r.percent().unwrap() - 100.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn reopen_rate_counts_cases_resolved_at_least_once() {
        let never = timeline(3, &[("2026-12-07 09:00", Created)]);
        let r = reopen_rate(&[reopened(), one_and_done(), never]);
        assert_eq!(r.numerator(), &[id(1)]);
        assert_eq!(r.n(), 2);
        assert_eq!(r.pending(), &[id(3)]);
    }
}
