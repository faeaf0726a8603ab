//! Whatever a sender posts, parsing answers with events or problems, never a panic.

use crate::common;

use common::*;
use proptest::prelude::*;
use serde_json::Value;

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        ".{0,12}".prop_map(Value::String),
        prop_oneof![
            Just("TRANSPORT"),
            Just("EQUIPMENT"),
            Just("SHIPMENT"),
            Just("ARRI"),
            Just("ACT"),
            Just("2021-01-09T14:12:56+01:00"),
            Just("2021-01-09T14:12:56"),
            Just("APZU4812090"),
            Just("9321483"),
            Just("TWKHH"),
            Just("tw khh"),
        ]
        .prop_map(|s| Value::String(s.to_string())),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(
                prop_oneof![
                    Just("eventType".to_string()),
                    Just("eventDateTime".to_string()),
                    Just("eventCreatedDateTime".to_string()),
                    Just("eventClassifierCode".to_string()),
                    Just("transportCall".to_string()),
                    Just("UNLocationCode".to_string()),
                    Just("vessel".to_string()),
                    Just("vesselIMONumber".to_string()),
                    Just("equipmentReference".to_string()),
                    Just("eventID".to_string()),
                    "[a-zA-Z]{1,8}",
                ],
                inner,
                0..6
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A valid event with one member (at any depth) replaced by an arbitrary value.
fn mutated_event() -> impl Strategy<Value = Value> {
    (0usize..3, any::<prop::sample::Index>(), json_value()).prop_map(|(kind, at, value)| {
        let mut event = [transport_event(), equipment_event(), shipment_event()][kind].clone();
        let mut pointers = Vec::new();
        collect_pointers(&event, String::new(), &mut pointers);
        let target = pointers[at.index(pointers.len())].clone();
        if let Some(slot) = event.pointer_mut(&target) {
            *slot = value;
        }
        event
    })
}

fn collect_pointers(v: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match v {
        Value::Object(m) => m
            .iter()
            .for_each(|(k, v)| collect_pointers(v, format!("{at}/{k}"), out)),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, v)| collect_pointers(v, format!("{at}/{i}"), out)),
        _ => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = purser_dcsa::parse_events(&bytes, &everywhere);
        let _ = purser_dcsa::parse_schedules(&bytes);
    }

    #[test]
    fn arbitrary_json_never_panics(value in json_value()) {
        let bytes = serde_json::to_vec(&value).unwrap();
        let _ = purser_dcsa::parse_events(&bytes, &everywhere);
        let _ = purser_dcsa::parse_schedules(&bytes);
    }

    #[test]
    fn a_mutated_event_is_accepted_or_explained(event in mutated_event()) {
        match purser_dcsa::parse_events(&body(&[event]), &|c: &str| c.starts_with('N')) {
            Ok(events) => prop_assert_eq!(events.len(), 1),
            Err(problems) => {
                prop_assert!(!problems.is_empty());
                prop_assert!(problems.iter().all(|p| p.path.starts_with("/0")), "{:?}", problems);
            }
        }
    }
}
