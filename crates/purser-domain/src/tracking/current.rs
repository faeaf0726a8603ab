//! Which of many events about the same thing is the one to believe: an ACT supersedes any
//! EST and PLN, an EST any PLN; among events of the same classifier the one created last
//! wins. Arrival order does not matter, so out-of-order delivery changes nothing.

use super::Observation;
use std::collections::BTreeMap;

/// The current observation per key ([`Observation::key`]).
pub fn current(observations: &[Observation]) -> BTreeMap<String, &Observation> {
    let mut out: BTreeMap<String, &Observation> = BTreeMap::new();
    for o in observations {
        let k = o.key();
        match out.get(&k) {
            Some(best) if !supersedes(o, best) => {}
            _ => {
                out.insert(k, o);
            }
        }
    }
    out
}

/// Whether `a` replaces `b` (same key assumed). Ties on classifier and creation time fall
/// to the event id, so the answer never depends on the order events were received in.
pub fn supersedes(a: &Observation, b: &Observation) -> bool {
    (a.classifier, a.created, &a.event_id) > (b.classifier, b.created, &b.event_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tracking::codes::{Classifier, EventKind};
    use jiff::Timestamp;
    use proptest::prelude::*;

    pub(crate) fn obs(id: &str, c: Classifier, at_h: i64, created_h: i64) -> Observation {
        Observation {
            event_id: id.into(),
            kind: EventKind::Transport,
            classifier: c,
            code: "ARRI".into(),
            at: Timestamp::from_second(1_800_000_000 + at_h * 3600).unwrap(),
            created: Timestamp::from_second(1_790_000_000 + created_h * 3600).unwrap(),
            location: Some("USLAX".into()),
            vessel_imo: Some("9321483".into()),
            voyage: Some("2103S".into()),
            equipment: None,
            delay_reason: None,
        }
    }

    #[test]
    fn an_actual_beats_a_newer_estimate_and_an_estimate_beats_the_plan() {
        let events = [
            obs("p", Classifier::Pln, 0, 0),
            obs("e1", Classifier::Est, 10, 1),
            obs("a", Classifier::Act, 12, 2),
            obs("e2", Classifier::Est, 30, 3),
        ];
        let cur = current(&events);
        assert_eq!(cur.len(), 1);
        assert_eq!(cur.values().next().unwrap().event_id, "a");
        let cur = current(&events[..2]);
        assert_eq!(cur.values().next().unwrap().event_id, "e1");
    }

    proptest! {
        /// Whatever order events arrive in, the same one is current.
        #[test]
        fn order_does_not_matter(
            spec in proptest::collection::vec((0u8..3, 0i64..100, 0i64..100), 1..12),
            seed in any::<u64>(),
        ) {
            let events: Vec<Observation> = spec.iter().enumerate().map(|(i, (c, at, cr))| {
                let c = [Classifier::Pln, Classifier::Est, Classifier::Act][*c as usize];
                obs(&format!("e{i}"), c, *at, *cr)
            }).collect();
            let mut shuffled = events.clone();
            let mut s = seed;
            for i in (1..shuffled.len()).rev() {
                s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                shuffled.swap(i, (s >> 33) as usize % (i + 1));
            }
            let a = current(&events).values().next().unwrap().event_id.clone();
            let b = current(&shuffled).values().next().unwrap().event_id.clone();
            prop_assert_eq!(&a, &b);
            let best = events.iter().find(|e| e.event_id == a).unwrap();
            prop_assert!(events.iter().all(|e| e.classifier <= best.classifier));
        }
    }
}
