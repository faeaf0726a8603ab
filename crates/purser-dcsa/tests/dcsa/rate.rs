//! How fast a typical batch parses and validates. Run on demand:
//! `cargo test -p purser-dcsa --release --test rate -- --ignored --nocapture`.

use crate::common;

use common::*;
use serde_json::json;
use std::time::Instant;

#[test]
#[ignore = "a measurement, not a check"]
fn parse_rate_of_typical_events() {
    let kinds = [transport_event(), equipment_event(), shipment_event()];
    // 20,000 distinct events in batches of 100, a third of them without an eventID.
    let batches: Vec<Vec<u8>> = (0..200)
        .map(|b| {
            let events: Vec<_> = (0..100)
                .map(|i| {
                    let mut e = kinds[i % 3].clone();
                    e["eventDateTime"] = json!(format!(
                        "2024-{:02}-{:02}T{:02}:{:02}:00+08:00",
                        1 + b % 12,
                        1 + i % 28,
                        i % 24,
                        b % 60
                    ));
                    if i % 3 == 0 {
                        e.as_object_mut().unwrap().remove("eventID");
                    }
                    e
                })
                .collect();
            body(&events)
        })
        .collect();
    // Warm up: specs parsed, validators compiled.
    purser_dcsa::parse_events(&batches[0], &everywhere).unwrap();

    // Best and median of five rounds: the machine is shared, and the best round is the one
    // least disturbed by other work.
    let mut rounds = Vec::new();
    let mut n = 0;
    for _ in 0..5 {
        let start = Instant::now();
        n = 0;
        for batch in &batches {
            n += purser_dcsa::parse_events(batch, &everywhere).unwrap().len();
        }
        rounds.push(start.elapsed());
    }
    rounds.sort();
    let n32 = u32::try_from(n).unwrap();
    let (best, median) = (rounds[0] / n32, rounds[2] / n32);
    println!(
        "parsed and validated {n} events per round: best {best:?} per event ({:.0} events/s), \
         median {median:?} per event ({:.0} events/s)",
        1.0 / best.as_secs_f64(),
        1.0 / median.as_secs_f64()
    );
}
