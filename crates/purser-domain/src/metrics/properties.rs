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

fn clock_state() -> impl Strategy<Value = crate::cases::sla::ClockState> {
    prop::sample::select(crate::cases::sla::ClockState::ALL)
}

fn target() -> impl Strategy<Value = crate::cases::sla::Target> {
    prop::sample::select(crate::cases::sla::Target::ALL)
}

proptest! {
    #[test]
    fn the_order_events_arrive_in_changes_no_metric(
        events in history(),
        seed in any::<u64>(),
    ) {
        // The same history, rotated and reversed: the store may hand events over in any order.
        let mut shuffled = events.clone();
        shuffled.rotate_left((seed as usize) % events.len().max(1));
        shuffled.reverse();
        let a = [Timeline::new(id(1), &events).unwrap()];
        let b = [Timeline::new(id(1), &shuffled).unwrap()];
        let cal = office();
        prop_assert_eq!(first_reply(&a, &cal), first_reply(&b, &cal));
        prop_assert_eq!(next_reply(&a, &cal), next_reply(&b, &cal));
        prop_assert_eq!(full_resolution(&a, &cal), full_resolution(&b, &cal));
        prop_assert_eq!(one_touch(&a), one_touch(&b));
    }

    #[test]
    fn sla_and_promise_counts_add_up_to_their_inputs(
        clocks in prop::collection::vec((0u128..20, target(), clock_state()), 0..40),
        promises in prop::collection::vec((0u128..20, 0i64..100, prop::option::of(0i64..100)), 0..40),
        now in 0i64..100,
    ) {
        let clocks: Vec<SlaOutcome> = clocks
            .into_iter()
            .map(|(n, target, state)| SlaOutcome { case_id: id(n), target, state })
            .collect();
        let a = sla_achievement(&clocks);
        let per_target: usize = crate::cases::sla::Target::ALL
            .iter()
            .map(|&t| a.of(t).n() + a.of(t).pending().len())
            .sum();
        prop_assert_eq!(per_target, clocks.len());
        prop_assert_eq!(a.overall().n(), crate::cases::sla::Target::ALL.iter().map(|&t| a.of(t).n()).sum::<usize>());
        let promises: Vec<Promise> = promises
            .into_iter()
            .map(|(n, due, done)| Promise { case_id: id(n), due, done })
            .collect();
        let kept = promises_kept(&promises, now);
        prop_assert_eq!(kept.n() + kept.pending().len(), promises.len());
        prop_assert_eq!(kept.numerator().len(), promises.iter().filter(|p| p.done.is_some_and(|d| d <= p.due)).count());
    }
}
