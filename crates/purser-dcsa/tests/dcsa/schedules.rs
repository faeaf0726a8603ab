//! Commercial Schedules 1.0.3 in: vessel schedules, port schedules and point-to-point routes.

use crate::common;

use common::*;
use purser_dcsa::{Problem, parse_schedules};
use serde_json::{Value, json};

fn parse(doc: &Value) -> Result<purser_dcsa::Schedules, Vec<Problem>> {
    parse_schedules(&serde_json::to_vec(doc).unwrap())
}

fn ts(s: &str) -> jiff::Timestamp {
    s.parse().unwrap()
}

#[test]
fn a_vessel_schedule_gives_the_vessel_and_its_rotation() {
    let s = parse(&vessel_schedules()).unwrap();
    assert_eq!(s.vessels.len(), 1);
    let v = &s.vessels[0];
    assert_eq!(v.imo, "9321483");
    assert_eq!(v.name.as_deref(), Some("King of the Seas"));
    assert_eq!(v.flag.as_deref(), Some("DE"));
    assert_eq!(v.call_sign.as_deref(), Some("NCVV"));
    assert_eq!(v.operator_carrier_code.as_deref(), Some("MAEU"));

    assert_eq!(s.port_calls.len(), 2);
    let rtm = &s.port_calls[0];
    assert_eq!(rtm.un_location, "NLRTM");
    assert_eq!(rtm.voyage, "2103S");
    assert_eq!(rtm.service_code.as_deref(), Some("FE1"));
    assert_eq!(rtm.sequence, 1);
    assert_eq!(rtm.arrival.planned, Some(ts("2025-01-14T09:21:00+01:00")));
    assert_eq!(rtm.arrival.estimated, Some(ts("2025-01-14T11:00:00+01:00")));
    assert_eq!(rtm.arrival.actual, None);
    assert_eq!(rtm.departure.planned, Some(ts("2025-01-15T18:00:00+01:00")));
    assert_eq!(
        rtm.cutoffs,
        [
            ("DCO".to_string(), ts("2025-01-12T12:00:00+01:00")),
            ("VCO".to_string(), ts("2025-01-13T12:00:00+01:00")),
        ]
    );
    let ham = &s.port_calls[1];
    assert_eq!((ham.un_location.as_str(), ham.sequence), ("DEHAM", 2));
    // Only an import voyage is given for the last call.
    assert_eq!(ham.voyage, "2103S");
    assert_eq!(ham.arrival.actual, Some(ts("2025-01-17T07:30:00+01:00")));
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
}

#[test]
fn a_port_schedule_gives_the_calls_at_that_port() {
    let s = parse(&port_schedules()).unwrap();
    assert_eq!(s.port_calls.len(), 1);
    let call = &s.port_calls[0];
    assert_eq!(call.un_location, "NLAMS");
    assert_eq!(call.vessel_imo, "9321483");
    assert_eq!(call.voyage, "2103N");
    assert_eq!(call.service_code.as_deref(), Some("FE1"));
    assert_eq!(call.sequence, 0);
    assert_eq!(
        call.departure.estimated,
        Some(ts("2025-01-15T09:21:00+01:00"))
    );
}

#[test]
fn a_point_to_point_route_gives_its_legs_and_the_vessel_calls() {
    let s = parse(&point_to_point()).unwrap();
    assert_eq!(s.routes.len(), 1);
    let r = &s.routes[0];
    assert_eq!(r.place_of_receipt.as_deref(), Some("TWKHH"));
    assert_eq!(r.place_of_delivery.as_deref(), Some("NLRTM"));
    assert_eq!(r.transit_days, Some(37));
    assert_eq!(r.solution_number, Some(1));
    assert_eq!(r.legs.len(), 2);
    assert_eq!(r.legs[0].mode.as_deref(), Some("VESSEL"));
    assert_eq!(r.legs[0].voyage.as_deref(), Some("2103S"));
    assert_eq!(r.legs[1].mode.as_deref(), Some("TRUCK"));
    assert_eq!(r.legs[1].to.as_deref(), Some("NLAMS"));

    let places: Vec<_> = s
        .port_calls
        .iter()
        .map(|c| c.un_location.as_str())
        .collect();
    assert_eq!(places, ["TWKHH", "SGSIN", "NLRTM"]);
    assert_eq!(
        s.port_calls[0].departure.estimated,
        Some(ts("2025-01-15T18:00:00+08:00"))
    );
    assert_eq!(s.port_calls[0].cutoffs[0].0, "DCO");
    assert_eq!(s.port_calls[2].voyage, "2103N");
    assert_eq!(
        s.port_calls[2].arrival.estimated,
        Some(ts("2025-02-18T06:00:00+01:00"))
    );
    assert_eq!(s.vessels.len(), 1);
}

#[test]
fn the_same_sailing_in_two_solutions_is_one_port_call() {
    let mut doc = point_to_point();
    let mut second = doc[0].clone();
    second["solutionNumber"] = json!(2);
    doc.as_array_mut().unwrap().push(second);
    let s = parse(&doc).unwrap();
    assert_eq!(s.routes.len(), 2);
    assert_eq!(s.port_calls.len(), 3);
}

#[test]
fn a_wrong_imo_check_digit_rejects_the_schedule() {
    let mut doc = vessel_schedules();
    doc[0]["vesselSchedules"][0]["vessel"]["vesselIMONumber"] = json!("9321484");
    let problems = parse(&doc).unwrap_err();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(
        problems[0].path,
        "/0/vesselSchedules/0/vessel/vesselIMONumber"
    );

    let mut doc = point_to_point();
    doc[0]["legs"][0]["transport"]["vessel"]["vesselIMONumber"] = json!("9074728");
    let problems = parse(&doc).unwrap_err();
    assert_eq!(
        problems[0].path,
        "/0/legs/0/transport/vessel/vesselIMONumber"
    );
}

#[test]
fn a_timestamp_without_a_zone_or_a_malformed_locode_is_reported_at_its_path() {
    let mut doc = vessel_schedules();
    doc[0]["vesselSchedules"][0]["transportCalls"][1]["timestamps"][0]["eventDateTime"] =
        json!("2025-01-17T06:00:00");
    doc[0]["vesselSchedules"][0]["transportCalls"][0]["location"]["UNLocationCode"] =
        json!("NL1TM");
    let problems = parse(&doc).unwrap_err();
    let paths: Vec<_> = problems.iter().map(|p| p.path.as_str()).collect();
    assert!(
        paths.contains(&"/0/vesselSchedules/0/transportCalls/1/timestamps/0/eventDateTime"),
        "{problems:?}"
    );
    assert!(
        paths.contains(&"/0/vesselSchedules/0/transportCalls/0/location/UNLocationCode"),
        "{problems:?}"
    );
}

#[test]
fn schedules_are_all_or_nothing() {
    let mut bad = port_schedules()[0].clone();
    bad["vesselSchedules"][0]
        .as_object_mut()
        .unwrap()
        .remove("isDummyVessel");
    let doc = json!([port_schedules()[0], vessel_schedules()[0], bad]);
    let problems = parse(&doc).unwrap_err();
    assert_eq!(
        problems,
        [Problem::new(
            "/2/vesselSchedules/0/isDummyVessel",
            "is required"
        )]
    );
}

#[test]
fn a_dummy_vessel_is_accepted_without_port_calls() {
    let mut doc = vessel_schedules();
    doc[0]["vesselSchedules"][0]["isDummyVessel"] = json!(true);
    doc[0]["vesselSchedules"][0]["vessel"]["vesselIMONumber"] = json!("0000000");
    let s = parse(&doc).unwrap();
    assert!(s.port_calls.is_empty());
    assert_eq!(s.warnings.len(), 1);
    assert_eq!(s.warnings[0].path, "/0/vesselSchedules/0");
}

#[test]
fn an_unrecognised_item_is_a_problem() {
    let problems = parse(&json!([{"hello": "world"}])).unwrap_err();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].path, "/0");
    assert!(parse(&json!([])).unwrap().port_calls.is_empty());
}

#[test]
fn cs_schemas_and_responses_can_be_checked_directly() {
    assert_eq!(
        purser_dcsa::validate_cs("PointToPoint", &point_to_point()[0]),
        []
    );
    assert_eq!(
        purser_dcsa::validate_cs_response(
            "/v1/vessel-schedules",
            "get",
            "200",
            &vessel_schedules()
        ),
        []
    );
    let problems = purser_dcsa::validate_cs("Vessel", &json!({"flag": "Germany"}));
    assert_eq!(problems.len(), 2, "{problems:?}"); // pattern and maxLength
    assert!(problems.iter().all(|p| p.path == "/flag"));
}
