//! Properties over random case histories: every case lands in exactly one place of every
//! drill-down, so the counts a page shows always equal the lists it opens.

use super::testkit::{id, office};
use super::timeline::{Event, EventKind, Timeline};
use super::*;
use proptest::prelude::*;

/// A history the case rules allow: messages of every kind, and resolves, closes and
/// reopens only where the state permits them.
fn history() -> impl Strategy<Value = Vec<Event>> {
    prop::collection::vec((1i64..200_000_000_000, 0u8..8), 0..14).prop_map(|steps| {
        let mut at = 1_796_000_000_000_000; // late 2026
        let mut events = vec![Event {
            at,
            kind: EventKind::Created,
        }];
        let mut stage = 0; // 0 active, 1 resolved, 2 closed
        for (gap, pick) in steps {
            at += gap;
            let kind = match (pick, stage) {
                (0, _) => EventKind::StaffReply,
                (1, _) => EventKind::AutoReply,
                (2, _) => EventKind::CustomerMessage,
                (3, _) => EventKind::InternalNote,
                (4 | 5, 0) => EventKind::Resolved,
                (6, 1) => EventKind::Closed,
                (_, 1 | 2) => EventKind::Reopened,
                _ => EventKind::StaffReply,
            };
            stage = match kind {
                EventKind::Resolved => 1,
                EventKind::Closed => 2,
                EventKind::Reopened => 0,
                _ => stage,
            };
            events.push(Event { at, kind });
        }
        events
    })
}

fn cases() -> impl Strategy<Value = Vec<Timeline>> {
    prop::collection::vec(history(), 0..12).prop_map(|all| {
        all.iter()
            .enumerate()
            .map(|(i, events)| Timeline::new(id(i as u128), events).unwrap())
            .collect()
    })
}

fn sorted(mut ids: Vec<uuid::Uuid>) -> Vec<uuid::Uuid> {
    ids.sort();
    ids
}

fn every_case(cases: &[Timeline]) -> Vec<uuid::Uuid> {
    sorted(cases.iter().map(Timeline::case_id).collect())
}

fn listed(d: &Durations) -> Vec<uuid::Uuid> {
    sorted(
        d.samples()
            .iter()
            .map(|s| s.id)
            .chain(d.pending().iter().copied())
            .collect(),
    )
}

proptest! {
    #[test]
    fn resolution_and_reopen_drill_downs_hold_every_case_once(cases in cases()) {
        let cal = office();
        prop_assert_eq!(listed(&first_resolution(&cases, &cal)), every_case(&cases));
        prop_assert_eq!(listed(&full_resolution(&cases, &cal)), every_case(&cases));
        let reopens = reopen_rate(&cases);
        let mut all = reopens.denominator();
        all.extend_from_slice(reopens.pending());
        prop_assert_eq!(sorted(all), every_case(&cases));
    }

    #[test]
    fn counts_agree_with_their_lists(cases in cases()) {
        let cal = office();
        for r in [one_touch(&cases), reopen_rate(&cases)] {
            prop_assert_eq!(r.n(), r.denominator().len());
            prop_assert!(r.numerator().iter().all(|h| r.denominator().contains(h)));
            if let Some(p) = r.percent() {
                let expected = 100.0 * r.numerator().len() as f64 / r.n() as f64;
                prop_assert!((p - expected).abs() < 1e-9 && (0.0..=100.0).contains(&p));
            }
        }
        let first = first_reply(&cases, &cal);
        prop_assert!(first.n() + first.pending().len() <= cases.len());
        for s in first.samples() {
            prop_assert!(s.business <= s.calendar && s.business >= jiff::SignedDuration::ZERO);
        }
        // Full resolution is never quicker than first resolution for the same case.
        let full = full_resolution(&cases, &cal);
        let early = first_resolution(&cases, &cal);
        for f in full.samples() {
            let e = early.samples().iter().find(|e| e.id == f.id).unwrap();
            prop_assert!(f.calendar >= e.calendar && f.business >= e.business);
        }
    }
}
