//! How long customers wait for a person to answer them.
//!
//! Only a [`EventKind::StaffReply`] answers: an internal note is invisible to the customer
//! and an automatic acknowledgement tells them nothing, so a desk cannot improve these
//! figures by sending either.

use super::durations::{Durations, Sample};
use super::timeline::{EventKind, Timeline};
use crate::cases::calendar::BusinessCalendar;

/// First reply time: from creation to the first public staff reply, one sample per case.
/// A case with no such reply is pending while it is active; one resolved without any
/// public reply (a duplicate, spam) was never answered and counts nowhere.
pub fn first_reply(cases: &[Timeline], cal: &BusinessCalendar) -> Durations {
    let mut out = Durations::new();
    for case in cases {
        match case.first(EventKind::StaffReply) {
            Some(reply) => {
                out.measured(Sample::between(case.case_id(), case.created(), reply, cal))
            }
            None if !case.is_settled() => out.waiting(case.case_id()),
            None => {}
        }
    }
    out
}

/// Next reply time: after the first reply, each wait of the customer for the next public
/// staff reply, one sample per wait (a case may give several). A wait starts at the first
/// customer message that follows a staff reply; further messages before the answer do not
/// restart it. A resolution or close ends a wait unanswered, and it is not counted: the
/// case ended without that reply. A message on a resolved case (a "thank you", or the one
/// that reopens it) starts a wait like any other; if nobody answers and the case stays
/// resolved, it is not counted either. A wait still open on an active case is pending.
pub fn next_reply(cases: &[Timeline], cal: &BusinessCalendar) -> Durations {
    let mut out = Durations::new();
    for case in cases {
        let mut replied = false;
        let mut waiting_since = None;
        for &(at, kind) in case.events() {
            match kind {
                EventKind::StaffReply => {
                    if let Some(since) = waiting_since.take() {
                        out.measured(Sample::between(case.case_id(), since, at, cal));
                    }
                    replied = true;
                }
                EventKind::CustomerMessage if replied && waiting_since.is_none() => {
                    waiting_since = Some(at);
                }
                EventKind::Resolved | EventKind::Closed => waiting_since = None,
                _ => {}
            }
        }
        if waiting_since.is_some() && !case.is_settled() {
            out.waiting(case.case_id());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::durations::Basis;
    use super::super::testkit::*;
    use super::*;
    use EventKind::*;
    use proptest::prelude::*;

    #[test]
    fn first_reply_skips_notes_and_the_auto_acknowledgement() {
        // Friday 17:00 in, auto-ack at once, a note at 17:30, the reply Monday 10:00:
        // 65 calendar hours, 1 business hour on Friday + 1 on Monday.
        let case = timeline(
            1,
            &[
                ("2026-12-04 17:00", Created),
                ("2026-12-04 17:00:01", AutoReply),
                ("2026-12-04 17:30", InternalNote),
                ("2026-12-07 10:00", StaffReply),
                ("2026-12-07 11:00", StaffReply),
            ],
        );
        let d = first_reply(&[case], &office());
        assert_eq!(d.samples().len(), 1);
        assert_eq!(d.samples()[0].id, id(1));
        assert_eq!(d.samples()[0].calendar, hm(65, 0));
        assert_eq!(d.samples()[0].business, hm(2, 0));
    }

    #[test]
    fn a_case_with_no_reply_yet_is_pending_and_a_resolved_unanswered_one_counts_nowhere() {
        let waiting = timeline(
            1,
            &[
                ("2026-12-07 09:00", Created),
                ("2026-12-07 09:01", AutoReply),
            ],
        );
        let spam = timeline(
            2,
            &[
                ("2026-12-07 09:00", Created),
                ("2026-12-07 09:05", Resolved),
            ],
        );
        let d = first_reply(&[waiting, spam], &office());
        assert_eq!(d.n(), 0);
        assert_eq!(d.pending(), &[id(1)]);
        assert!(d.median(Basis::Calendar).is_none());
    }

    #[test]
    fn next_reply_counts_each_wait_from_its_first_message() {
        let case = timeline(
            1,
            &[
                ("2026-12-07 09:00", Created),
                ("2026-12-07 09:30", StaffReply),
                // Wait 1: 10:00 to 12:00 (two messages, one wait).
                ("2026-12-07 10:00", CustomerMessage),
                ("2026-12-07 11:00", CustomerMessage),
                ("2026-12-07 11:30", InternalNote),
                ("2026-12-07 12:00", StaffReply),
                // Wait 2: Monday 17:00 to Tuesday 09:30 = 16 h 30 calendar, 1 h 30 business.
                ("2026-12-07 17:00", CustomerMessage),
                ("2026-12-08 09:30", StaffReply),
                // Wait 3 ends in a resolution, not a reply: not counted.
                ("2026-12-08 10:00", CustomerMessage),
                ("2026-12-08 10:05", Resolved),
                // A thank-you on the resolved case, answered ten minutes later.
                ("2026-12-08 10:10", CustomerMessage),
                ("2026-12-08 10:20", StaffReply),
                // Another, never answered while the case stays resolved: not counted.
                ("2026-12-08 10:30", CustomerMessage),
            ],
        );
        let d = next_reply(&[case], &office());
        let got: Vec<_> = d
            .samples()
            .iter()
            .map(|s| (s.calendar, s.business))
            .collect();
        assert_eq!(
            got,
            vec![
                (hm(2, 0), hm(2, 0)),
                (hm(16, 30), hm(1, 30)),
                (hm(0, 10), hm(0, 10))
            ]
        );
        assert!(d.pending().is_empty());
    }

    #[test]
    fn a_message_that_reopens_the_case_starts_a_wait_that_may_still_be_pending() {
        let case = timeline(
            1,
            &[
                ("2026-12-07 09:00", Created),
                ("2026-12-07 09:30", StaffReply),
                ("2026-12-07 10:00", Resolved),
                ("2026-12-07 11:00", CustomerMessage),
                ("2026-12-07 11:00", Reopened),
            ],
        );
        let d = next_reply(std::slice::from_ref(&case), &office());
        assert_eq!(d.n(), 0);
        assert_eq!(d.pending(), &[id(1)]);
    }

    #[test]
    fn a_message_before_the_first_reply_is_part_of_the_first_wait() {
        let case = timeline(
            1,
            &[
                ("2026-12-07 09:00", Created),
                ("2026-12-07 09:10", CustomerMessage),
                ("2026-12-07 10:00", StaffReply),
            ],
        );
        assert_eq!(next_reply(&[case], &office()).n(), 0);
    }

    proptest! {
        #[test]
        fn an_earlier_public_reply_never_makes_the_first_reply_later(
            offsets in prop::collection::vec((0i64..400_000_000_000, 0usize..4), 1..8),
            extra in 0i64..400_000_000_000,
        ) {
            let kinds = [StaffReply, AutoReply, InternalNote, CustomerMessage];
            let start = taipei("2026-12-04 08:00");
            let mut events = vec![super::super::timeline::Event { at: start, kind: Created }];
            events.extend(offsets.iter().map(|&(o, k)| super::super::timeline::Event {
                at: start + o,
                kind: kinds[k],
            }));
            let cal = office();
            let before = first_reply(&[Timeline::new(id(1), &events).unwrap()], &cal);
            events.push(super::super::timeline::Event { at: start + extra, kind: StaffReply });
            let after = first_reply(&[Timeline::new(id(1), &events).unwrap()], &cal);
            let after = after.samples()[0];
            match before.samples().first() {
                Some(b) => {
                    prop_assert!(after.calendar <= b.calendar);
                    prop_assert!(after.business <= b.business);
                }
                None => prop_assert_eq!(after.calendar.as_micros(), i128::from(extra)),
            }
        }
    }
}
