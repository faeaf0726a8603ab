//! Track & Trace 2.2 events in and out, against the spec and the identifier rules.

use crate::common;

use common::*;
use purser_dcsa::{Problem, parse_events};
use purser_domain::tracking::codes::{Classifier, EventKind};
use serde_json::{Value, json};

fn problems_of(event: Value) -> Vec<Problem> {
    parse_events(&body(&[event]), &everywhere).expect_err("the event should be rejected")
}

fn has_problem_at(problems: &[Problem], path: &str) -> bool {
    problems.iter().any(|p| p.path == path)
}

#[test]
fn the_spec_example_transport_event_parses_to_its_facts() {
    let events = parse_events(&body(&[transport_event()]), &everywhere).unwrap();
    let e = &events[0];
    assert_eq!(e.event_id, "3cecb101-7a1a-43a4-9d62-e88a131651e2");
    assert_eq!(e.kind, EventKind::Transport);
    assert_eq!(e.classifier, Classifier::Act);
    assert_eq!(e.type_code, "ARRI");
    assert_eq!(e.event_at.to_string(), "2019-11-11T23:11:00Z");
    assert_eq!(e.created_at.to_string(), "2021-01-09T13:12:56Z");
    assert_eq!(e.un_location.as_deref(), Some("FRPAR"));
    assert_eq!(e.vessel_imo.as_deref(), Some("9321483"));
    assert_eq!(e.vessel_name.as_deref(), Some("King of the Seas"));
    assert_eq!(e.voyage.as_deref(), Some("2103S"));
    assert_eq!(e.service_code.as_deref(), Some("FE1"));
    assert_eq!(e.delay_reason.as_deref(), Some("WEA"));
    assert_eq!(e.change_remark.as_deref(), Some("Bad weather"));
    assert_eq!(e.booking_references, ["ABC123123123"]);
    assert_eq!(
        e.transport_document_references,
        ["85943567-eedb-98d3-f4ed-aed697474ed4"]
    );
    assert_eq!(e.body, transport_event());
    assert!(e.warnings.is_empty(), "{:?}", e.warnings);

    let o = e.observation();
    assert_eq!((o.kind, o.code.as_str()), (EventKind::Transport, "ARRI"));
    assert_eq!(o.location.as_deref(), Some("FRPAR"));
    assert_eq!(o.key(), "TRANSPORT|ARRI|9321483|2103S|FRPAR|");
}

#[test]
fn the_spec_example_equipment_event_parses_with_its_container() {
    let events = parse_events(&body(&[equipment_event()]), &everywhere).unwrap();
    let e = &events[0];
    assert_eq!(
        (e.kind, e.classifier),
        (EventKind::Equipment, Classifier::Est)
    );
    assert_eq!(e.type_code, "LOAD");
    assert_eq!(e.equipment_reference.as_deref(), Some("APZU4812090"));
    assert_eq!(e.iso_equipment_code.as_deref(), Some("22GP"));
    assert_eq!(e.empty_indicator.as_deref(), Some("EMPTY"));
    // The transport call's place wins over the event location.
    assert_eq!(e.un_location.as_deref(), Some("NLRTM"));
    // Older documents carry the voyage as carrierVoyageNumber.
    assert_eq!(e.voyage.as_deref(), Some("2103S"));
    assert_eq!(e.observation().equipment.as_deref(), Some("APZU4812090"));
}

#[test]
fn the_spec_example_shipment_event_parses_with_its_booking() {
    let events = parse_events(&body(&[shipment_event()]), &everywhere).unwrap();
    let e = &events[0];
    assert_eq!(
        (e.kind, e.type_code.as_str()),
        (EventKind::Shipment, "CONF")
    );
    assert_eq!(e.document_type_code.as_deref(), Some("BKG"));
    assert_eq!(e.booking_references, ["ABC709951"]);
    assert!(e.transport_document_references.is_empty());
    assert_eq!(e.un_location, None);
}

#[test]
fn a_transport_document_event_files_under_the_transport_document() {
    let mut event = shipment_event();
    event["documentTypeCode"] = json!("TRD");
    event["documentID"] = json!("HHL71800000");
    event["shipmentEventTypeCode"] = json!("ISSU");
    let e = &parse_events(&body(&[event]), &everywhere).unwrap()[0];
    assert_eq!(e.transport_document_references, ["HHL71800000"]);
    assert!(e.booking_references.is_empty());
}

#[test]
fn a_single_object_is_an_array_of_one() {
    let bytes = serde_json::to_vec(&transport_event()).unwrap();
    assert_eq!(parse_events(&bytes, &everywhere).unwrap().len(), 1);
}

#[test]
fn a_field_of_the_wrong_type_is_reported_at_its_path() {
    let mut event = transport_event();
    event["transportCall"]["transportCallSequenceNumber"] = json!("two");
    let problems = problems_of(event);
    assert!(
        has_problem_at(&problems, "/0/transportCall/transportCallSequenceNumber"),
        "{problems:?}"
    );
    let p = problems
        .iter()
        .find(|p| p.path == "/0/transportCall/transportCallSequenceNumber")
        .unwrap();
    assert_eq!(p.message, "must be an integer, not a string");
}

#[test]
fn a_missing_event_date_time_is_reported_at_its_path() {
    let mut event = transport_event();
    event.as_object_mut().unwrap().remove("eventDateTime");
    let problems = problems_of(event);
    assert_eq!(problems, [Problem::new("/0/eventDateTime", "is required")]);
}

#[test]
fn a_timestamp_without_a_zone_offset_is_rejected() {
    let mut event = transport_event();
    event["eventDateTime"] = json!("2019-11-12T07:41:00");
    let problems = problems_of(event);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].path, "/0/eventDateTime");
    assert!(problems[0].message.contains("zone offset"), "{problems:?}");

    let mut event = shipment_event();
    event["eventCreatedDateTime"] = json!("2021-01-09 14:12:56");
    assert!(has_problem_at(
        &problems_of(event),
        "/0/eventCreatedDateTime"
    ));
}

#[test]
fn a_container_number_with_a_wrong_check_digit_is_rejected() {
    let mut event = equipment_event();
    event["equipmentReference"] = json!("APZU4812091");
    let problems = problems_of(event);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].path, "/0/equipmentReference");
    assert!(
        problems[0].message.contains("check digit should be 0"),
        "{problems:?}"
    );
}

#[test]
fn an_equipment_reference_that_is_not_iso_6346_is_kept_with_a_warning() {
    let mut event = equipment_event();
    event["equipmentReference"] = json!("CHASSIS-0042");
    let e = &parse_events(&body(&[event]), &everywhere).unwrap()[0];
    assert_eq!(e.warnings.len(), 1);
    assert_eq!(e.warnings[0].path, "/0/equipmentReference");
}

#[test]
fn a_vessel_imo_number_with_a_wrong_check_digit_is_rejected() {
    let mut event = transport_event();
    event["transportCall"]["vessel"]["vesselIMONumber"] = json!("9321484");
    let problems = problems_of(event);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].path, "/0/transportCall/vessel/vesselIMONumber");
    assert!(
        problems[0].message.contains("check digit should be 3"),
        "{problems:?}"
    );
}

#[test]
fn a_malformed_un_locode_is_rejected_wherever_it_is() {
    let mut event = transport_event();
    event["transportCall"]["UNLocationCode"] = json!("FR1AR");
    let problems = problems_of(event);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].path, "/0/transportCall/UNLocationCode");

    let mut event = equipment_event();
    event["eventLocation"]["UNLocationCode"] = json!("frpar");
    let problems = problems_of(event);
    assert_eq!(problems[0].path, "/0/eventLocation/UNLocationCode");
    assert!(problems[0].message.contains("FRPAR"), "{problems:?}");

    // Too long: the spec's maxLength and the UN/LOCODE rule agree; reported once.
    let mut event = transport_event();
    event["transportCall"]["UNLocationCode"] = json!("FRPARX");
    assert_eq!(problems_of(event).len(), 1);
}

#[test]
fn an_unknown_event_type_code_is_rejected() {
    let mut event = transport_event();
    event["transportEventTypeCode"] = json!("ARRX");
    let problems = problems_of(event);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].path, "/0/transportEventTypeCode");
    assert!(problems[0].message.contains("ARRI, DEPA"), "{problems:?}");

    let mut event = equipment_event();
    event["equipmentEventTypeCode"] = json!("FLY");
    assert!(has_problem_at(
        &problems_of(event),
        "/0/equipmentEventTypeCode"
    ));
}

#[test]
fn an_unknown_event_type_is_rejected_with_the_shared_problems() {
    let mut event = transport_event();
    event["eventType"] = json!("WEATHER");
    event
        .as_object_mut()
        .unwrap()
        .remove("eventCreatedDateTime");
    let problems = problems_of(event);
    assert!(has_problem_at(&problems, "/0/eventType"), "{problems:?}");
    assert!(
        has_problem_at(&problems, "/0/eventCreatedDateTime"),
        "{problems:?}"
    );
}

#[test]
fn one_bad_event_in_five_rejects_the_batch_with_only_its_problems() {
    let mut bad = equipment_event();
    bad["equipmentReference"] = json!("APZU4812091");
    bad.as_object_mut().unwrap().remove("eventDateTime");
    let batch = [
        transport_event(),
        equipment_event(),
        bad,
        shipment_event(),
        transport_event(),
    ];
    let problems = parse_events(&body(&batch), &everywhere).unwrap_err();
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems.iter().all(|p| p.path.starts_with("/2/")),
        "{problems:?}"
    );
    assert!(has_problem_at(&problems, "/2/eventDateTime"));
    assert!(has_problem_at(&problems, "/2/equipmentReference"));
}

#[test]
fn every_problem_of_every_event_is_reported() {
    let mut first = transport_event();
    first["eventClassifierCode"] = json!("GUESS");
    let mut third = shipment_event();
    third.as_object_mut().unwrap().remove("documentID");
    let problems = parse_events(&body(&[first, shipment_event(), third]), &everywhere).unwrap_err();
    assert!(
        has_problem_at(&problems, "/0/eventClassifierCode"),
        "{problems:?}"
    );
    assert!(has_problem_at(&problems, "/2/documentID"), "{problems:?}");
    assert!(!problems.iter().any(|p| p.path.starts_with("/1/")));
}

#[test]
fn an_unknown_but_well_formed_un_locode_is_a_warning_not_an_error() {
    let known = |code: &str| code == "NLRTM";
    let events = parse_events(&body(&[equipment_event()]), &known).unwrap();
    // The transport call's NLRTM is known; the event location's FRPAR is not.
    assert_eq!(
        events[0].warnings,
        [Problem::new(
            "/0/eventLocation/UNLocationCode",
            "FRPAR is a well-formed UN/LOCODE but not a known location"
        )]
    );
}

#[test]
fn an_event_without_an_id_gets_the_same_id_every_time_it_is_sent() {
    let mut event = transport_event();
    event.as_object_mut().unwrap().remove("eventID");
    let first = &parse_events(&body(&[event.clone()]), &everywhere).unwrap()[0];
    // The same event again, keys in another order and spaced differently.
    let reordered = format!(
        "[ {{ {} }} ]",
        event
            .as_object()
            .unwrap()
            .iter()
            .rev()
            .map(|(k, v)| format!("\"{k}\" :  {v}"))
            .collect::<Vec<_>>()
            .join(",\n  ")
    );
    assert_ne!(reordered.as_bytes(), body(&[event.clone()]).as_slice());
    let second = &parse_events(reordered.as_bytes(), &everywhere).unwrap()[0];
    assert_eq!(first.event_id, second.event_id);
    assert_eq!(first.body_hash, second.body_hash);
    assert!(uuid::Uuid::parse_str(&first.event_id).is_ok());
    assert_eq!(first.body["eventID"], json!(first.event_id));
    assert_eq!(
        uuid::Uuid::parse_str(&first.event_id)
            .unwrap()
            .get_version_num(),
        5
    );

    let mut other = event.clone();
    other["eventDateTime"] = json!("2019-11-12T08:41:00+08:30");
    let third = &parse_events(&body(&[other]), &everywhere).unwrap()[0];
    assert_ne!(first.event_id, third.event_id);
}

#[test]
fn the_body_hash_changes_with_the_content_and_only_with_it() {
    let a = &parse_events(&body(&[transport_event()]), &everywhere).unwrap()[0];
    let again = &parse_events(&body(&[transport_event()]), &everywhere).unwrap()[0];
    let mut changed = transport_event();
    changed["changeRemark"] = json!("Port congestion");
    let b = &parse_events(&body(&[changed]), &everywhere).unwrap()[0];
    assert_eq!(
        a.event_id, b.event_id,
        "same eventID: a replay with other content"
    );
    assert_eq!(a.body_hash, again.body_hash);
    assert_ne!(a.body_hash, b.body_hash);
    assert_eq!(a.body_hash.len(), 64);
}

#[test]
fn input_that_is_not_an_event_array_is_one_problem() {
    let problems = parse_events(b"not json", &everywhere).unwrap_err();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].path, "");
    assert!(problems[0].message.starts_with("is not valid JSON"));

    let problems = parse_events(b"42", &everywhere).unwrap_err();
    assert_eq!(problems[0].path, "");

    let problems = parse_events(b"[42]", &everywhere).unwrap_err();
    assert_eq!(
        problems,
        [Problem::new("/0", "must be an object (a TNT 2.2 event)")]
    );

    assert!(parse_events(b"[]", &everywhere).unwrap().is_empty());
}

#[test]
fn stored_events_go_out_as_tnt_responses() {
    let mut no_id = shipment_event();
    no_id.as_object_mut().unwrap().remove("eventID");
    let events = parse_events(
        &body(&[transport_event(), equipment_event(), no_id]),
        &everywhere,
    )
    .unwrap();
    let out: Vec<Value> = events
        .iter()
        .map(|e| purser_dcsa::event_out(&e.body))
        .collect();
    let out = Value::Array(out);
    assert_eq!(
        purser_dcsa::validate_tnt_response("/v2/events", "get", "200", &out),
        []
    );
    assert_eq!(
        purser_dcsa::validate_tnt_response("/v2/events/{eventID}", "get", "200", &out[2]),
        []
    );
    assert!(purser_dcsa::event_out_checked(&out[0]).is_ok());
}

#[test]
fn a_wrong_events_response_is_caught() {
    let mut broken = transport_event();
    broken
        .as_object_mut()
        .unwrap()
        .remove("eventCreatedDateTime");
    let wrong = json!([equipment_event(), broken]);
    let problems = purser_dcsa::validate_tnt_response("/v2/events", "get", "200", &wrong);
    assert_eq!(
        problems,
        [Problem::new("/1/eventCreatedDateTime", "is required")]
    );

    let problems =
        purser_dcsa::validate_tnt_response("/v2/events", "get", "200", &transport_event());
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].path, "");

    let mut bad_id = transport_event();
    bad_id["eventID"] = json!("not-a-uuid");
    let problems = purser_dcsa::validate_tnt_response("/v2/events", "get", "200", &json!([bad_id]));
    assert!(has_problem_at(&problems, "/0/eventID"), "{problems:?}");
}

#[test]
fn error_responses_and_subscriptions_follow_the_spec() {
    let error = json!({
        "httpMethod": "POST",
        "requestUri": "/v2/event-subscriptions",
        "statusCode": 400,
        "statusCodeText": "Bad Request",
        "errorDateTime": "2019-11-12T07:41:00+08:30",
        "errors": [{"reason": "invalidInput", "message": "callbackUrl is required"}]
    });
    assert_eq!(purser_dcsa::validate_tnt("error", &error), []);
    // An unlisted status falls back to the operation's default response.
    assert_eq!(
        purser_dcsa::validate_tnt_response("/v2/event-subscriptions", "post", "400", &error),
        []
    );
    let mut incomplete = error.clone();
    incomplete.as_object_mut().unwrap().remove("errors");
    assert_eq!(
        purser_dcsa::validate_tnt_response("/v2/events", "get", "default", &incomplete),
        [Problem::new("/errors", "is required")]
    );

    let subscription = json!({
        "callbackUrl": "https://myserver.com/send/callback/here?shipperRef=42",
        "secret": "MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDM2NTc4NjIzODk3NDY5MDgyNzM0OTg3MTIzNzg2NA==",
        "eventType": ["TRANSPORT", "EQUIPMENT"],
        "transportEventTypeCode": ["ARRI"],
        "vesselIMONumber": "9321483"
    });
    assert_eq!(
        purser_dcsa::validate_tnt("subscriptionBodyWithSecret", &subscription),
        []
    );
    let mut no_secret = subscription.clone();
    no_secret.as_object_mut().unwrap().remove("secret");
    assert_eq!(
        purser_dcsa::validate_tnt("subscriptionBodyWithSecret", &no_secret),
        [Problem::new("/secret", "is required")]
    );
    let mut stored = subscription.clone();
    stored.as_object_mut().unwrap().remove("secret");
    stored["subscriptionID"] = json!("8fbdc2d8-57c8-48b9-a04b-18fd8ec1d809");
    assert_eq!(
        purser_dcsa::validate_tnt_response(
            "/v2/event-subscriptions",
            "get",
            "200",
            &json!([stored])
        ),
        []
    );
    assert_eq!(
        purser_dcsa::validate_tnt_response(
            "/v2/event-subscriptions/{subscriptionID}",
            "delete",
            "204",
            &Value::Null
        ),
        []
    );
    let mut bad_type = stored.clone();
    bad_type["eventType"] = json!(["WEATHER"]);
    assert!(has_problem_at(
        &purser_dcsa::validate_tnt("subscription", &bad_type),
        "/eventType/0"
    ));
}

#[test]
fn the_event_pseudo_schema_picks_the_kind_by_event_type() {
    assert_eq!(purser_dcsa::validate_tnt("event", &equipment_event()), []);
    let mut e = equipment_event();
    e.as_object_mut().unwrap().remove("emptyIndicatorCode");
    assert_eq!(
        purser_dcsa::validate_tnt("event", &e),
        [Problem::new("/emptyIndicatorCode", "is required")]
    );
}

#[test]
fn a_signature_round_trips_and_a_tampered_body_fails() {
    let body = body(&[transport_event()]);
    let secret = b"MTIzNDU2Nzg5MDEy";
    let header = purser_dcsa::signature(secret, &body);
    assert!(header.starts_with("sha256="));
    assert_eq!(header.len(), "sha256=".len() + 64);
    assert!(purser_dcsa::verify_signature(secret, &body, &header));
    assert!(purser_dcsa::verify_signature(
        secret,
        &body,
        &format!("  {}  ", header.to_uppercase().replace("SHA256", "sha256"))
    ));

    let mut tampered = body.clone();
    tampered[10] ^= 1;
    assert!(!purser_dcsa::verify_signature(secret, &tampered, &header));
    assert!(!purser_dcsa::verify_signature(b"other", &body, &header));
    assert!(!purser_dcsa::verify_signature(secret, &body, "sha1=00"));
    assert!(!purser_dcsa::verify_signature(secret, &body, "sha256=zz"));
    assert!(!purser_dcsa::verify_signature(secret, &body, ""));
}

#[test]
fn the_signature_matches_the_hmac_sha256_test_vector() {
    // RFC 4231 test case 2.
    assert_eq!(
        purser_dcsa::signature(b"Jefe", b"what do ya want for nothing?"),
        "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    );
}

#[test]
fn a_large_array_keeps_its_order_and_the_paths_of_its_problems() {
    // large enough to be checked in parts on several threads
    let batch: Vec<serde_json::Value> = (0..1000)
        .map(|i| {
            let mut e = equipment_event();
            e["eventID"] = json!(format!("00000000-0000-4000-8000-{i:012}"));
            e
        })
        .collect();
    let events = parse_events(&body(&batch), &everywhere).unwrap();
    let ids: Vec<String> = events.iter().map(|e| e.event_id.clone()).collect();
    let sent: Vec<String> = (0..1000)
        .map(|i| format!("00000000-0000-4000-8000-{i:012}"))
        .collect();
    assert_eq!(ids, sent, "the events come back in the array's order");
    let mut broken = batch;
    for i in [3, 620, 999] {
        broken[i].as_object_mut().unwrap().remove("eventDateTime");
    }
    let problems = parse_events(&body(&broken), &everywhere).unwrap_err();
    let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "/3/eventDateTime",
            "/620/eventDateTime",
            "/999/eventDateTime"
        ],
        "{problems:?}"
    );
}
