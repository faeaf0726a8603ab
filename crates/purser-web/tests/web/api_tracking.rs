//! Track and trace end to end through the API, on SQLite and (with
//! `PURSER_TEST_BACKEND=postgres`) PostgreSQL: sources push signed DCSA TNT 2.2 arrays that
//! are stored whole or not at all; `/dcsa/tnt/v2` answers every filter to the letter of the
//! spec (each body checked against the spec file) and shows a customer only its own
//! shipments' events; subscribers get signed callbacks through the outbox, retried and never
//! doubled; shipments are checked, found by any reference and filtered; vessel schedules
//! become voyages with their calls.

use crate::common;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Uri};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use common::*;
use purser_app::tracking::{apply, subscriptions};
use purser_domain::ids::iso6346_check_digit;
use purser_domain::roles::Role;
use purser_store::{Db, outbox};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::{Arc, Mutex};
use uuid::Uuid;

// ---------------------------------------------------------------------------------------
// Times, identifiers and events
// ---------------------------------------------------------------------------------------

/// 2025-03-01T00:00:00Z plus `h` hours.
fn ts(h: i64) -> jiff::Timestamp {
    jiff::Timestamp::from_second(1_740_787_200 + h * 3600).unwrap()
}

/// As TNT writes a time (RFC 3339 with its zone).
fn at(h: i64) -> String {
    ts(h).to_string()
}

fn micros(h: i64) -> i64 {
    ts(h).as_microsecond()
}

/// A container number with its ISO 6346 check digit.
fn container(first10: &str) -> String {
    format!("{first10}{}", iso6346_check_digit(first10))
}

/// The same container number with a wrong check digit.
fn wrong_digit(number: &str) -> String {
    let (head, d) = number.split_at(10);
    let d: u32 = d.parse().unwrap();
    format!("{head}{}", (d + 1) % 10)
}

fn new_event_id() -> String {
    Uuid::now_v7().to_string()
}

/// A vessel's call at a port on one voyage.
#[derive(Clone, Copy)]
struct Call<'a> {
    imo: &'a str,
    voyage: &'a str,
    port: &'a str,
}

impl Call<'_> {
    fn json(&self) -> Value {
        json!({
            "transportCallID": format!("{}-{}-{}", self.imo, self.voyage, self.port),
            "carrierServiceCode": "TNE",
            "exportVoyageNumber": self.voyage,
            "UNLocationCode": self.port,
            "modeOfTransport": "VESSEL",
            "vessel": {"vesselIMONumber": self.imo, "vesselName": "Purser Spirit"}
        })
    }
}

const ALPHA_IMO: &str = "9321483";
const BRAVO_IMO: &str = "9074729";

fn alpha(port: &str) -> Call<'_> {
    Call {
        imo: ALPHA_IMO,
        voyage: "101E",
        port,
    }
}

fn bravo(port: &str) -> Call<'_> {
    Call {
        imo: BRAVO_IMO,
        voyage: "202W",
        port,
    }
}

fn base(id: &str, kind: &str, classifier: &str, when: i64, created: i64) -> Value {
    json!({
        "eventID": id,
        "eventType": kind,
        "eventClassifierCode": classifier,
        "eventDateTime": at(when),
        "eventCreatedDateTime": at(created),
    })
}

/// A vessel's arrival or departure (ARRI / DEPA) at a call.
fn transport(id: &str, cls: &str, code: &str, when: i64, created: i64, call: Call) -> Value {
    let mut e = base(id, "TRANSPORT", cls, when, created);
    e["transportEventTypeCode"] = code.into();
    e["transportCall"] = call.json();
    e
}

/// An actual equipment event of a laden container at a port.
fn equipment(id: &str, code: &str, number: &str, port: &str, created: i64) -> Value {
    let mut e = base(id, "EQUIPMENT", "ACT", created, created);
    e["equipmentEventTypeCode"] = code.into();
    e["equipmentReference"] = number.into();
    e["ISOEquipmentCode"] = "45G1".into();
    e["emptyIndicatorCode"] = "LADEN".into();
    e["eventLocation"] = json!({"UNLocationCode": port});
    e
}

fn with_booking(mut e: Value, booking: &str) -> Value {
    e["documentReferences"] =
        json!([{"documentReferenceType": "BKG", "documentReferenceValue": booking}]);
    e
}

fn on_call(mut e: Value, call: Call) -> Value {
    e["transportCall"] = call.json();
    e
}

/// An actual shipment (document) event.
fn document(id: &str, code: &str, doc_type: &str, doc_id: &str, created: i64) -> Value {
    let mut e = base(id, "SHIPMENT", "ACT", created, created);
    e["shipmentEventTypeCode"] = code.into();
    e["documentTypeCode"] = doc_type.into();
    e["documentID"] = doc_id.into();
    e
}

fn body_of(events: &[Value]) -> Vec<u8> {
    serde_json::to_vec(&Value::Array(events.to_vec())).unwrap()
}

/// A CS 1.0.3 vessel schedule of one voyage: (port, planned arrival, planned departure).
fn schedule(imo: &str, voyage: &str, calls: &[(&str, i64, i64)]) -> Value {
    let calls: Vec<Value> = calls
        .iter()
        .map(|(port, arr, dep)| {
            json!({
                "transportCallReference": format!("SR00042A-{imo}-{voyage}-{port}"),
                "carrierImportVoyageNumber": voyage,
                "carrierExportVoyageNumber": voyage,
                "location": {"UNLocationCode": port},
                "timestamps": [
                    {"eventTypeCode": "ARRI", "eventClassifierCode": "PLN", "eventDateTime": at(*arr)},
                    {"eventTypeCode": "DEPA", "eventClassifierCode": "PLN", "eventDateTime": at(*dep)}
                ],
                "cutOffTimes": [{"cutOffDateTimeCode": "DCO", "cutOffDateTime": at(arr - 24)}]
            })
        })
        .collect();
    json!([{
        "carrierServiceName": "Taiwan North Europe Express",
        "carrierServiceCode": "TNE",
        "universalServiceReference": "SR00042A",
        "vesselSchedules": [{
            "vessel": {
                "vesselIMONumber": imo,
                "name": "Purser Spirit",
                "flag": "TW",
                "callSign": "BPSA",
                "operatorCarrierCode": "EGLV",
                "operatorCarrierCodeListProvider": "NMFTA"
            },
            "isDummyVessel": false,
            "transportCalls": calls
        }]
    }])
}

// ---------------------------------------------------------------------------------------
// HTTP helpers
// ---------------------------------------------------------------------------------------

async fn answer(r: reqwest::Response, want: StatusCode, what: &str) -> Value {
    let status = r.status();
    let text = r.text().await.unwrap();
    assert_eq!(status, want, "{what}: {text}");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

/// A refusal as problem+json: its status and the fields it names (sorted).
async fn problem(r: reqwest::Response, want: StatusCode, what: &str) -> Vec<String> {
    assert_eq!(
        r.headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_string()),
        Some("application/problem+json".into()),
        "{what}"
    );
    let p = answer(r, want, what).await;
    let mut fields = problem_fields(&p);
    fields.sort();
    fields.dedup();
    fields
}

async fn post_raw(app: &TestApp, path: &str, who: &Who, body: &[u8]) -> reqwest::Response {
    app.req(Method::POST, path, who)
        .header("content-type", "application/json")
        .body(body.to_vec())
        .send()
        .await
        .unwrap()
}

/// A source's callback, signed with `secret` when one is given.
async fn push(app: &TestApp, source: &str, secret: Option<&str>, body: &[u8]) -> reqwest::Response {
    let mut req = app
        .client
        .post(format!("{}/api/v1/tracking/callbacks/{source}", app.url))
        .header("content-type", "application/json")
        .body(body.to_vec());
    if let Some(s) = secret {
        req = req.header(
            "Notification-Signature",
            purser_dcsa::signature(s.as_bytes(), body),
        );
    }
    req.send().await.unwrap()
}

/// Events pushed by an operator's system with a bearer token; the report.
async fn ingest(app: &TestApp, who: &Who, events: &[Value]) -> Value {
    let r = post_raw(app, "/api/v1/tracking/events", who, &body_of(events)).await;
    answer(r, StatusCode::OK, "events").await
}

/// Works off every ingested batch, as the server's worker does.
async fn apply_all(app: &TestApp) {
    apply::run_pending(&app.store).await.unwrap();
}

/// One `/dcsa/tnt/v2` answer, already checked: it carries `API-Version` and its body (if
/// any) validates against the spec's response for the operation and status.
struct Tnt {
    status: StatusCode,
    headers: reqwest::header::HeaderMap,
    body: Value,
}

impl Tnt {
    fn ids(&self) -> Vec<String> {
        ids(&self.body)
    }

    fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_string())
    }
}

fn ids(events: &Value) -> Vec<String> {
    events
        .as_array()
        .unwrap_or_else(|| panic!("an array: {events}"))
        .iter()
        .map(|e| e["eventID"].as_str().unwrap().to_string())
        .collect()
}

/// The spec's path template of a request path under `/dcsa/tnt`.
fn spec_path(path: &str) -> String {
    let path = path.split('?').next().unwrap();
    let rest = path.strip_prefix("/dcsa/tnt").expect("a TNT path");
    let segments: Vec<&str> = rest.split('/').collect();
    match segments.as_slice() {
        ["", "v2", "events", _] => "/v2/events/{eventID}".into(),
        ["", "v2", "event-subscriptions", _] => "/v2/event-subscriptions/{subscriptionID}".into(),
        ["", "v2", "event-subscriptions", _, "secret"] => {
            "/v2/event-subscriptions/{subscriptionID}/secret".into()
        }
        _ => rest.to_string(),
    }
}

async fn tnt(app: &TestApp, who: &Who, method: Method, path: &str, body: Option<&Value>) -> Tnt {
    let mut req = app.req(method.clone(), path, who);
    if let Some(b) = body {
        req = req.json(b);
    }
    let r = req.send().await.unwrap();
    let status = r.status();
    let headers = r.headers().clone();
    let text = r.text().await.unwrap();
    let what = format!("{method} {path} → {status}");
    assert_eq!(
        headers.get("API-Version").map(|v| v.to_str().unwrap()),
        Some("2.2.0"),
        "{what}: API-Version"
    );
    let body = if text.is_empty() {
        Value::Null
    } else {
        let v: Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{what}: {e}: {text}"));
        let problems = purser_dcsa::validate_tnt_response(
            &spec_path(path),
            &method.as_str().to_lowercase(),
            status.as_str(),
            &v,
        );
        assert!(problems.is_empty(), "{what}: {problems:?}\n{v}");
        v
    };
    Tnt {
        status,
        headers,
        body,
    }
}

async fn tnt_get(app: &TestApp, who: &Who, path: &str) -> Tnt {
    tnt(app, who, Method::GET, path, None).await
}

/// The ids of the events a GET finds (one page, 200 expected).
async fn found(app: &TestApp, who: &Who, query: &str) -> Vec<String> {
    let r = tnt_get(app, who, &format!("/dcsa/tnt/v2/events{query}")).await;
    assert_eq!(r.status, StatusCode::OK, "{query}: {}", r.body);
    r.ids()
}

/// Every event a query finds, following `Next-Page` to the end; (ids, pages).
async fn all_pages(app: &TestApp, who: &Who, first: &str) -> (Vec<String>, usize) {
    let mut next = Some(format!("/dcsa/tnt/v2/events{first}"));
    let mut out = Vec::new();
    let mut pages = 0;
    while let Some(path) = next {
        let r = tnt_get(app, who, &path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.body);
        out.extend(r.ids());
        next = r.header("Next-Page");
        pages += 1;
        assert!(pages < 50, "paging does not end");
    }
    (out, pages)
}

async fn refused(app: &TestApp, who: &Who, query: &str, status: StatusCode) -> Value {
    let r = tnt_get(app, who, &format!("/dcsa/tnt/v2/events{query}")).await;
    assert_eq!(r.status, status, "{query}: {}", r.body);
    assert_eq!(r.body["statusCode"], status.as_u16(), "{query}");
    assert!(
        !r.body["errors"].as_array().unwrap().is_empty(),
        "{query}: errors say why"
    );
    r.body
}

// ---------------------------------------------------------------------------------------
// A line with two customers and their shipments
// ---------------------------------------------------------------------------------------

struct Line {
    app: TestApp,
    admin: Who,
    agent: Who,
    a: Uuid,
    b: Uuid,
    a_portal: Who,
    b_portal: Who,
    /// Booked by A on ALPHA 101E, TWKHH → NLRTM.
    ship_a: Uuid,
    /// Booked by B on BRAVO 202W, CNSHA → USLAX.
    ship_b: Uuid,
    /// Booked by B with A as consignee; not on a vessel yet.
    ship_c: Uuid,
    ca: String,
    cb: String,
    cc: String,
}

async fn shipment(app: &TestApp, who: &Who, body: Value) -> Uuid {
    let r = app.post("/api/v1/shipments", who, &body).await;
    let v = answer(r, StatusCode::CREATED, "shipment").await;
    v["id"].as_str().unwrap().parse().unwrap()
}

async fn line() -> Line {
    let app = TestApp::spawn().await;
    let admin = app.user("root@line.test", Role::Admin, None, None).await;
    let agent = app.user("amy@line.test", Role::Agent, None, None).await;
    let a = app.customer("Formosa Plastics").await;
    let b = app.customer("Bravo Electronics").await;
    let a_portal = app
        .user("wei@formosa.test", Role::Customer, None, Some(a))
        .await;
    let b_portal = app
        .user("lin@bravo.test", Role::Customer, None, Some(b))
        .await;
    // the ports are known from the schedules, so events there carry no warnings
    for doc in [
        schedule(ALPHA_IMO, "101E", &[("TWKHH", 10, 20), ("NLRTM", 500, 520)]),
        schedule(BRAVO_IMO, "202W", &[("CNSHA", 10, 20), ("USLAX", 300, 320)]),
    ] {
        let r = post_raw(
            &app,
            "/api/v1/tracking/schedules",
            &agent,
            &serde_json::to_vec(&doc).unwrap(),
        )
        .await;
        answer(r, StatusCode::OK, "schedule").await;
    }
    let ca = container("FPCU100001");
    let cb = container("BRVU200002");
    let cc = container("CHLU300003");
    let ship_a = shipment(
        &app,
        &agent,
        json!({"reference": "BLALPHA0001", "booking_reference": "BKGALPHA01", "customer_id": a,
               "port_of_loading": "TWKHH", "port_of_discharge": "NLRTM",
               "legs": [{"vessel_imo": ALPHA_IMO, "voyage": "101E", "load": "TWKHH", "discharge": "NLRTM"}],
               "containers": [{"number": ca, "iso_code": "45G1"}],
               "planned_arrival": at(500)}),
    )
    .await;
    let ship_b = shipment(
        &app,
        &agent,
        json!({"reference": "BLBRAVO0001", "booking_reference": "BKGBRAVO01", "customer_id": b,
               "port_of_loading": "CNSHA", "port_of_discharge": "USLAX",
               "legs": [{"vessel_imo": BRAVO_IMO, "voyage": "202W", "load": "CNSHA", "discharge": "USLAX"}],
               "containers": [{"number": cb, "iso_code": "45G1"}],
               "planned_arrival": at(300)}),
    )
    .await;
    let ship_c = shipment(
        &app,
        &agent,
        json!({"reference": "BLCHARLIE01", "booking_reference": "BKGCHARLIE1", "customer_id": b,
               "consignee_id": a, "port_of_loading": "CNSHA", "port_of_discharge": "NLRTM",
               "containers": [{"number": cc, "iso_code": "22G1"}]}),
    )
    .await;
    Line {
        app,
        admin,
        agent,
        a,
        b,
        a_portal,
        b_portal,
        ship_a,
        ship_b,
        ship_c,
        ca,
        cb,
        cc,
    }
}

/// The events of the line's shipments, in the order they are sent, by name; created one
/// hour apart.
fn dataset(l: &Line) -> Vec<(&'static str, Value)> {
    let id = new_event_id;
    vec![
        ("a_conf", document(&id(), "CONF", "BKG", "BKGALPHA01", 1)),
        ("a_issu", document(&id(), "ISSU", "TRD", "BLALPHA0001", 2)),
        (
            "a_gtin",
            with_booking(equipment(&id(), "GTIN", &l.ca, "TWKHH", 3), "BKGALPHA01"),
        ),
        (
            "a_load",
            on_call(equipment(&id(), "LOAD", &l.ca, "TWKHH", 4), alpha("TWKHH")),
        ),
        (
            "a_depa",
            transport(&id(), "ACT", "DEPA", 5, 5, alpha("TWKHH")),
        ),
        (
            "a_arri",
            transport(&id(), "EST", "ARRI", 510, 6, alpha("NLRTM")),
        ),
        ("b_conf", document(&id(), "CONF", "BKG", "BKGBRAVO01", 7)),
        (
            "b_gtin",
            with_booking(equipment(&id(), "GTIN", &l.cb, "CNSHA", 8), "BKGBRAVO01"),
        ),
        (
            "b_depa",
            transport(&id(), "ACT", "DEPA", 9, 9, bravo("CNSHA")),
        ),
        (
            "b_arri",
            transport(&id(), "EST", "ARRI", 305, 10, bravo("USLAX")),
        ),
        ("c_conf", document(&id(), "CONF", "BKG", "BKGCHARLIE1", 11)),
    ]
}

/// Sends the dataset in one array; the ids by name, and the ids in the order sent.
async fn ingest_dataset(l: &Line) -> (HashMap<&'static str, String>, Vec<String>) {
    let events = dataset(l);
    let bodies: Vec<Value> = events.iter().map(|(_, e)| e.clone()).collect();
    let report = ingest(&l.app, &l.agent, &bodies).await;
    assert_eq!(report["stored"], bodies.len(), "{report}");
    assert_eq!(report["warnings"], json!([]), "{report}");
    let order: Vec<String> = bodies
        .iter()
        .map(|e| e["eventID"].as_str().unwrap().to_string())
        .collect();
    let by_name = events
        .iter()
        .map(|(n, e)| (*n, e["eventID"].as_str().unwrap().to_string()))
        .collect();
    (by_name, order)
}

fn pick(by: &HashMap<&'static str, String>, names: &[&str]) -> Vec<String> {
    names.iter().map(|n| by[n].clone()).collect()
}

// ---------------------------------------------------------------------------------------
// 1. Sources and signed callbacks
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn a_source_pushes_signed_arrays_that_are_stored_whole_or_not_at_all() {
    let l = line().await;
    let app = &l.app;

    // only administration registers a source, and sees its secret once
    let r = app
        .post(
            "/api/v1/tracking/sources",
            &l.admin,
            &json!({"name": "kaohsiung-terminal"}),
        )
        .await;
    let src = answer(r, StatusCode::CREATED, "source").await;
    let source_id = src["id"].as_str().unwrap().to_string();
    let secret = src["secret"].as_str().unwrap().to_string();
    assert!(secret.len() >= 32, "{src}");
    for who in [&l.agent, &l.a_portal] {
        let r = app
            .post(
                "/api/v1/tracking/sources",
                who,
                &json!({"name": "mallory-feed"}),
            )
            .await;
        problem(r, StatusCode::FORBIDDEN, &who.email).await;
    }
    let r = app
        .post(
            "/api/v1/tracking/sources",
            &l.admin,
            &json!({"name": "kaohsiung-terminal"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(
        !r.text().await.unwrap().contains(&secret),
        "the secret is shown once"
    );

    let batch = [
        transport(&new_event_id(), "ACT", "DEPA", 5, 5, alpha("TWKHH")),
        transport(&new_event_id(), "EST", "ARRI", 510, 6, alpha("NLRTM")),
        on_call(
            equipment(&new_event_id(), "LOAD", &l.ca, "TWKHH", 4),
            alpha("TWKHH"),
        ),
    ];
    let body = body_of(&batch);

    // a caller that cannot prove it is the source stores nothing
    let mut other = body.clone();
    other.extend_from_slice(b" ");
    let forged = [
        (
            "a wrong secret",
            source_id.clone(),
            Some("not-the-secret"),
            body.clone(),
        ),
        ("no signature", source_id.clone(), None, body.clone()),
        (
            "an unknown source",
            "no-such-source".into(),
            Some(secret.as_str()),
            body.clone(),
        ),
        (
            "an unknown source id",
            Uuid::now_v7().to_string(),
            Some(secret.as_str()),
            body.clone(),
        ),
    ];
    for (what, source, key, b) in &forged {
        let r = push(app, source, *key, b).await;
        problem(r, StatusCode::UNAUTHORIZED, what).await;
    }
    // a signature of another body, and a malformed header
    let r = app
        .client
        .post(format!("{}/api/v1/tracking/callbacks/{source_id}", app.url))
        .header(
            "Notification-Signature",
            purser_dcsa::signature(secret.as_bytes(), &body),
        )
        .body(other)
        .send()
        .await
        .unwrap();
    problem(r, StatusCode::UNAUTHORIZED, "signature of another body").await;
    for header in ["sha256=zz", "sha1=00", secret.as_str()] {
        let r = app
            .client
            .post(format!("{}/api/v1/tracking/callbacks/{source_id}", app.url))
            .header("Notification-Signature", header)
            .body(body.clone())
            .send()
            .await
            .unwrap();
        problem(r, StatusCode::UNAUTHORIZED, header).await;
    }
    assert_eq!(found(app, &l.agent, "").await, Vec::<String>::new());

    // signed with the secret's bytes: stored, by id or by name
    let r = push(app, &source_id, Some(&secret), &body).await;
    let report = answer(r, StatusCode::OK, "signed").await;
    assert_eq!(
        report,
        json!({"received": 3, "stored": 3, "duplicates": 0, "warnings": []})
    );
    let one_more = [document(&new_event_id(), "CONF", "BKG", "BKGALPHA01", 1)];
    let r = push(
        app,
        "kaohsiung-terminal",
        Some(&secret),
        &body_of(&one_more),
    )
    .await;
    assert_eq!(answer(r, StatusCode::OK, "by name").await["stored"], 1);
    let mut stored = ids(&Value::Array(batch.to_vec()));
    stored.extend(ids(&Value::Array(one_more.to_vec())));
    assert_eq!(found(app, &l.agent, "").await, stored);

    // the same array again: duplicates, nothing new
    let r = push(app, &source_id, Some(&secret), &body).await;
    let report = answer(r, StatusCode::OK, "replay").await;
    assert_eq!(
        report,
        json!({"received": 3, "stored": 0, "duplicates": 3, "warnings": []})
    );
    assert_eq!(found(app, &l.agent, "").await, stored);

    // a known eventID with different content refuses the whole array
    let fresh = transport(&new_event_id(), "EST", "DEPA", 520, 7, alpha("NLRTM"));
    let mut changed = batch[1].clone();
    changed["eventDateTime"] = at(530).into();
    let b = body_of(&[fresh.clone(), changed]);
    let r = push(app, &source_id, Some(&secret), &b).await;
    assert_eq!(
        problem(r, StatusCode::BAD_REQUEST, "changed replay").await,
        ["/1/eventID"]
    );
    // and so does the same id twice in one array with different content
    let mut twin = fresh.clone();
    twin["eventDateTime"] = at(521).into();
    let r = push(
        app,
        &source_id,
        Some(&secret),
        &body_of(&[fresh.clone(), twin]),
    )
    .await;
    assert_eq!(
        problem(r, StatusCode::BAD_REQUEST, "twins").await,
        ["/1/eventID"]
    );
    assert_eq!(
        found(app, &l.agent, "").await,
        stored,
        "nothing of it stored"
    );

    // event 3 breaks the schema (a time without its zone): nothing of the array is stored
    let good: Vec<Value> = (0..4)
        .map(|i| {
            transport(
                &new_event_id(),
                "EST",
                "ARRI",
                600 + i,
                20 + i,
                alpha("NLRTM"),
            )
        })
        .collect();
    let mut third = good.clone();
    third[2]["eventDateTime"] = "2025-03-01T10:00:00".into();
    let r = push(app, &source_id, Some(&secret), &body_of(&third)).await;
    assert_eq!(
        problem(r, StatusCode::BAD_REQUEST, "no zone").await,
        ["/2/eventDateTime"]
    );
    assert_eq!(found(app, &l.agent, "").await, stored, "all or nothing");

    // every kind of bad identifier in one array: each named by its path
    let mut bad = good.clone();
    bad.push(equipment(
        &new_event_id(),
        "GTIN",
        &wrong_digit(&l.ca),
        "TWKHH",
        30,
    ));
    let mut bad_imo = transport(&new_event_id(), "ACT", "ARRI", 31, 31, alpha("NLRTM"));
    bad_imo["transportCall"]["vessel"]["vesselIMONumber"] = "9321484".into();
    bad.push(bad_imo);
    bad.push(transport(
        &new_event_id(),
        "ACT",
        "ARRI",
        32,
        32,
        alpha("TWK1H"),
    ));
    bad[2]["eventDateTime"] = "2025-03-01T10:00:00".into();
    let r = push(app, &source_id, Some(&secret), &body_of(&bad)).await;
    assert_eq!(
        problem(r, StatusCode::BAD_REQUEST, "bad identifiers").await,
        [
            "/2/eventDateTime",
            "/4/equipmentReference",
            "/5/transportCall/vessel/vesselIMONumber",
            "/6/transportCall/UNLocationCode"
        ]
    );
    // the same through the bearer endpoint
    let r = post_raw(app, "/api/v1/tracking/events", &l.agent, &body_of(&bad)).await;
    assert_eq!(
        problem(r, StatusCode::BAD_REQUEST, "bearer bad")
            .await
            .len(),
        4
    );
    assert_eq!(found(app, &l.agent, "").await, stored, "all or nothing");

    // a well-formed UN/LOCODE nobody knows is stored, with a warning naming it
    let elsewhere = transport(&new_event_id(), "EST", "ARRI", 700, 40, alpha("USZZZ"));
    let r = push(
        app,
        &source_id,
        Some(&secret),
        &body_of(&[good[0].clone(), elsewhere.clone()]),
    )
    .await;
    let report = answer(r, StatusCode::OK, "unknown place").await;
    assert_eq!(report["stored"], 2, "{report}");
    let warnings: Vec<&str> = report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    assert_eq!(warnings.len(), 1, "{report}");
    assert!(
        warnings[0].starts_with("/1/transportCall/UNLocationCode: ")
            && warnings[0].contains("USZZZ"),
        "{}",
        warnings[0]
    );
    let id = elsewhere["eventID"].as_str().unwrap();
    let r = tnt_get(app, &l.agent, &format!("/dcsa/tnt/v2/events/{id}")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body, elsewhere, "served back as it came");

    // operators' systems push with a bearer token; customers may not
    let r = post_raw(app, "/api/v1/tracking/events", &l.a_portal, &body_of(&good)).await;
    problem(r, StatusCode::FORBIDDEN, "portal pushes").await;
    let report = ingest(app, &l.agent, &good).await;
    assert_eq!(report["duplicates"], 1, "{report}");
    assert_eq!(report["stored"], 3, "{report}");
}

/// A transport event with every field the spec's examples fill (about 1 KB, as carriers
/// send them).
fn full_transport(id: &str, h: i64) -> Value {
    let mut e = transport(id, "EST", "ARRI", 500 + h, h, alpha("NLRTM"));
    e["delayReasonCode"] = "WEA".into();
    e["changeRemark"] = "Bad weather in the Bay of Biscay; the vessel reduces speed".into();
    e["transportCall"]["importVoyageNumber"] = "101W".into();
    e["transportCall"]["transportCallSequenceNumber"] = 2.into();
    e["transportCall"]["facilityCode"] = "ECTDE".into();
    e["transportCall"]["facilityCodeListProvider"] = "SMDG".into();
    e["transportCall"]["facilityTypeCode"] = "POTE".into();
    e["transportCall"]["otherFacility"] = "Euromax Terminal Rotterdam, Maasvlakte II".into();
    e["transportCall"]["vessel"] = json!({"vesselIMONumber": ALPHA_IMO, "vesselName": "Purser Spirit",
        "vesselFlag": "TW", "vesselCallSignNumber": "BPSA", "vesselOperatorCarrierCode": "EGLV",
        "vesselOperatorCarrierCodeListProvider": "NMFTA"});
    e["documentReferences"] = json!([
        {"documentReferenceType": "BKG", "documentReferenceValue": "BKGALPHA01"},
        {"documentReferenceType": "TRD", "documentReferenceValue": "BLALPHA0001"}
    ]);
    e["references"] = json!([{"referenceType": "FF", "referenceValue": "FF-2025-0042"},
                             {"referenceType": "PO", "referenceValue": "PO-7781-2025-03"}]);
    e
}

#[tokio::test]
async fn a_batch_of_a_thousand_full_events_is_one_signed_call() {
    let l = line().await;
    let app = &l.app;
    let r = app
        .post(
            "/api/v1/tracking/sources",
            &l.admin,
            &json!({"name": "carrier-feed"}),
        )
        .await;
    let src = answer(r, StatusCode::CREATED, "source").await;
    let secret = src["secret"].as_str().unwrap();
    let batch: Vec<Value> = (0..1000)
        .map(|i| full_transport(&new_event_id(), i))
        .collect();
    let body = body_of(&batch);
    assert!(body.len() > 1024 * 1024, "{} bytes", body.len());
    let r = push(app, "carrier-feed", Some(secret), &body).await;
    let report = answer(r, StatusCode::OK, "a thousand by callback").await;
    assert_eq!(report["stored"], 1000, "{report}");
    let more: Vec<Value> = (0..1000)
        .map(|i| full_transport(&new_event_id(), i))
        .collect();
    let report = ingest(app, &l.agent, &more).await;
    assert_eq!(report["stored"], 1000, "{report}");
}

// ---------------------------------------------------------------------------------------
// 2. Events out
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn every_tnt_filter_finds_exactly_its_events_and_paging_misses_nothing() {
    let l = line().await;
    let app = &l.app;
    let (ev, all) = ingest_dataset(&l).await;
    apply_all(app).await;
    let staff = &l.agent;
    assert_eq!(found(app, staff, "").await, all);

    let cases: Vec<(String, Vec<&str>)> = vec![
        (
            "eventType=SHIPMENT".into(),
            vec!["a_conf", "a_issu", "b_conf", "c_conf"],
        ),
        (
            "eventType=TRANSPORT,EQUIPMENT".into(),
            vec![
                "a_gtin", "a_load", "a_depa", "a_arri", "b_gtin", "b_depa", "b_arri",
            ],
        ),
        (
            "shipmentEventTypeCode=CONF".into(),
            vec!["a_conf", "b_conf", "c_conf"],
        ),
        ("shipmentEventTypeCode=ISSU".into(), vec!["a_issu"]),
        (
            "transportEventTypeCode=DEPA".into(),
            vec!["a_depa", "b_depa"],
        ),
        (
            "transportEventTypeCode=ARRI".into(),
            vec!["a_arri", "b_arri"],
        ),
        (
            "equipmentEventTypeCode=GTIN".into(),
            vec!["a_gtin", "b_gtin"],
        ),
        ("equipmentEventTypeCode=LOAD,DISC".into(), vec!["a_load"]),
        (
            "carrierBookingReference=BKGALPHA01".into(),
            vec!["a_conf", "a_gtin"],
        ),
        (
            "transportDocumentReference=BLALPHA0001".into(),
            vec!["a_issu"],
        ),
        (
            format!("equipmentReference={}", l.ca),
            vec!["a_gtin", "a_load"],
        ),
        (format!("equipmentReference={}", l.cc), vec![]),
        (
            format!("vesselIMONumber={ALPHA_IMO}"),
            vec!["a_load", "a_depa", "a_arri"],
        ),
        ("exportVoyageNumber=202W".into(), vec!["b_depa", "b_arri"]),
        (
            "UNLocationCode=TWKHH".into(),
            vec!["a_gtin", "a_load", "a_depa"],
        ),
        (
            "eventType=EQUIPMENT&UNLocationCode=CNSHA".into(),
            vec!["b_gtin"],
        ),
        (
            format!(
                "eventCreatedDateTime:gte={}&eventCreatedDateTime:lt={}",
                at(3),
                at(6)
            ),
            vec!["a_gtin", "a_load", "a_depa"],
        ),
        (format!("eventCreatedDateTime={}", at(7)), vec!["b_conf"]),
        (format!("eventCreatedDateTime:eq={}", at(7)), vec!["b_conf"]),
        (
            format!("eventCreatedDateTime:gt={}", at(9)),
            vec!["b_arri", "c_conf"],
        ),
        (
            format!("eventCreatedDateTime:lte={}", at(2)),
            vec!["a_conf", "a_issu"],
        ),
    ];
    for (query, names) in &cases {
        let q = query.replace('+', "%2B").replace(':', "%3A");
        assert_eq!(
            found(app, staff, &format!("?{q}")).await,
            pick(&ev, names),
            "{query}"
        );
    }
    let mut newest_first = all.clone();
    newest_first.reverse();
    assert_eq!(
        found(app, staff, "?sort=eventCreatedDateTime:DESC").await,
        newest_first
    );

    // bad filters are the spec's error document, saying which parameter
    for query in [
        format!("?equipmentReference={}", wrong_digit(&l.ca)),
        "?vesselIMONumber=9321484".into(),
        "?UNLocationCode=TWK1H".into(),
        "?shipmentEventTypeCode=ARRI".into(),
        "?eventType=CARGO".into(),
        "?eventCreatedDateTime:gte=2025-03-01T10:00:00".into(),
        "?eventCreatedDateTime:after=2025-03-01T10:00:00Z".into(),
        "?limit=0".into(),
        "?limit=many".into(),
        "?cursor=not-a-cursor".into(),
        "?sort=eventDateTime".into(),
        "?colour=blue".into(),
    ] {
        let e = refused(app, staff, &query, StatusCode::BAD_REQUEST).await;
        assert_eq!(e["httpMethod"], "GET", "{query}");
    }

    // one event by id, as it came; an unknown id is the spec's 404
    let sent = dataset(&l);
    let r = tnt_get(app, staff, &format!("/dcsa/tnt/v2/events/{}", ev["a_gtin"])).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["eventID"], ev["a_gtin"].as_str());
    assert_eq!(r.body["equipmentReference"], l.ca.as_str());
    assert_eq!(
        r.body["documentReferences"],
        sent[2].1["documentReferences"]
    );
    let r = tnt_get(
        app,
        staff,
        &format!("/dcsa/tnt/v2/events/{}", Uuid::now_v7()),
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.body["statusCode"], 404);

    // paging: Next-Page to the end, each event once, in order, the filter kept
    for limit in [1, 3, 4, 11, 100] {
        let (got, pages) = all_pages(app, staff, &format!("?limit={limit}")).await;
        assert_eq!(got, all, "limit {limit}");
        assert_eq!(pages, all.len() / limit + 1, "limit {limit}");
    }
    let (got, _) = all_pages(app, staff, "?eventType=TRANSPORT&limit=2").await;
    assert_eq!(got, pick(&ev, &["a_depa", "a_arri", "b_depa", "b_arri"]));
    let (got, _) = all_pages(app, staff, "?sort=eventCreatedDateTime:DESC&limit=4").await;
    assert_eq!(got, newest_first);

    // an event that arrives while a client pages is on a later page, not lost
    let first = tnt_get(app, staff, "/dcsa/tnt/v2/events?limit=5").await;
    let late = document(&new_event_id(), "APPR", "TRD", "BLALPHA0001", 12);
    ingest(app, staff, std::slice::from_ref(&late)).await;
    let mut got = first.ids();
    let (rest, _) = all_pages(
        app,
        staff,
        first
            .header("Next-Page")
            .unwrap()
            .strip_prefix("/dcsa/tnt/v2/events")
            .unwrap(),
    )
    .await;
    got.extend(rest);
    let mut want = all.clone();
    want.push(late["eventID"].as_str().unwrap().to_string());
    assert_eq!(got, want);
    let unique: HashSet<&String> = got.iter().collect();
    assert_eq!(unique.len(), got.len(), "no duplicates");
}

#[tokio::test]
async fn an_actual_arrival_stays_current_when_an_older_kind_of_estimate_arrives_after_it() {
    let l = line().await;
    let app = &l.app;
    let (ev, _) = ingest_dataset(&l).await;
    apply_all(app).await;
    // the vessel arrives at 512; the port's estimate of 530, though created later, comes after
    let act = transport(&new_event_id(), "ACT", "ARRI", 512, 20, alpha("NLRTM"));
    let est = transport(&new_event_id(), "EST", "ARRI", 530, 21, alpha("NLRTM"));
    ingest(app, &l.agent, std::slice::from_ref(&act)).await;
    apply_all(app).await;
    ingest(app, &l.agent, std::slice::from_ref(&est)).await;
    apply_all(app).await;

    let page = answer(
        app.get(&format!("/api/v1/shipments/{}", l.ship_a), &l.agent)
            .await,
        StatusCode::OK,
        "page",
    )
    .await;
    let s = &page["shipment"];
    assert_eq!(s["eta"], micros(512), "{s}");
    assert_eq!(s["eta_classifier"], "ACT", "{s}");
    assert_eq!(s["delayed"], false, "{s}");
    let arrived: Vec<&Value> = page["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["milestone"] == "arrived")
        .collect();
    assert_eq!(arrived.len(), 1, "{}", page["milestones"]);
    assert_eq!(arrived[0]["classifier"], "ACT");
    assert_eq!(arrived[0]["at"], micros(512));
    assert_eq!(arrived[0]["location"], "NLRTM");
    let superseded: HashMap<&str, bool> = page["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["event_id"].as_str().unwrap(),
                e["superseded"].as_bool().unwrap(),
            )
        })
        .collect();
    let id = |e: &Value| e["eventID"].as_str().unwrap().to_string();
    assert!(!superseded[id(&act).as_str()], "the actual is current");
    assert!(superseded[id(&est).as_str()], "the later estimate is not");
    assert!(superseded[ev["a_arri"].as_str()], "nor the first estimate");
    let call = page["calls"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["location"] == "NLRTM")
        .unwrap();
    assert_eq!(call["arrival_actual"], micros(512), "{call}");
    assert_eq!(call["arrival_estimated"], micros(530), "{call}");
    assert_eq!(call["arrival_planned"], micros(500), "{call}");
}

#[tokio::test]
async fn a_vessel_event_moves_the_status_of_the_shipments_on_board() {
    let l = line().await;
    let app = &l.app;
    ingest_dataset(&l).await;
    apply_all(app).await;
    let status = |s: &Value| s["shipment"]["status"].as_str().unwrap().to_string();
    let page = format!("/api/v1/shipments/{}", l.ship_a);
    let before = answer(app.get(&page, &l.agent).await, StatusCode::OK, "page").await;
    assert_eq!(status(&before), "departed");
    // only a transport event: the vessel arrives at A's port of discharge
    let act = transport(&new_event_id(), "ACT", "ARRI", 512, 20, alpha("NLRTM"));
    ingest(app, &l.agent, &[act]).await;
    apply_all(app).await;
    let after = answer(app.get(&page, &l.agent).await, StatusCode::OK, "page").await;
    let last = after["milestones"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["milestone"], "arrived", "the timeline has it");
    assert_eq!(
        status(&after),
        "arrived",
        "the shipment's status follows its timeline"
    );
    let r = answer(
        app.get("/api/v1/shipments?status=arrived", &l.agent).await,
        StatusCode::OK,
        "arrived",
    )
    .await;
    assert_eq!(r["items"][0]["id"], l.ship_a.to_string());
}

// ---------------------------------------------------------------------------------------
// 3. A customer sees its own
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn a_customer_token_sees_only_its_own_shipments_events_and_subscriptions() {
    let l = line().await;
    let app = &l.app;
    let (ev, _) = ingest_dataset(&l).await;
    apply_all(app).await;

    // A: its booking, B/L and container, its vessel voyage, and the shipment it receives
    let mine = pick(
        &ev,
        &[
            "a_conf", "a_issu", "a_gtin", "a_load", "a_depa", "a_arri", "c_conf",
        ],
    );
    assert_eq!(found(app, &l.a_portal, "").await, mine);
    let (paged, _) = all_pages(app, &l.a_portal, "?limit=2").await;
    assert_eq!(paged, mine);
    assert_eq!(
        found(app, &l.b_portal, "").await,
        pick(&ev, &["b_conf", "b_gtin", "b_depa", "b_arri", "c_conf"])
    );
    for query in [
        "?carrierBookingReference=BKGBRAVO01".to_string(),
        "?transportDocumentReference=BLBRAVO0001".into(),
        format!("?equipmentReference={}", l.cb),
        format!("?vesselIMONumber={BRAVO_IMO}"),
        "?UNLocationCode=USLAX".into(),
    ] {
        assert_eq!(
            found(app, &l.a_portal, &query).await,
            Vec::<String>::new(),
            "{query}"
        );
    }
    assert_eq!(
        found(app, &l.a_portal, "?carrierBookingReference=BKGALPHA01").await,
        pick(&ev, &["a_conf", "a_gtin"])
    );
    for name in ["b_conf", "b_gtin", "b_depa"] {
        let r = tnt_get(
            app,
            &l.a_portal,
            &format!("/dcsa/tnt/v2/events/{}", ev[name]),
        )
        .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{name}");
        assert_eq!(r.body["errors"][0]["reason"], "notFound", "{name}");
        let unknown = tnt_get(
            app,
            &l.a_portal,
            &format!("/dcsa/tnt/v2/events/{}", Uuid::now_v7()),
        )
        .await;
        assert_eq!(
            r.body["errors"], unknown.body["errors"],
            "as if it did not exist"
        );
    }
    for name in ["a_depa", "c_conf"] {
        let r = tnt_get(
            app,
            &l.a_portal,
            &format!("/dcsa/tnt/v2/events/{}", ev[name]),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{name}");
    }

    // shipments: the list, the page, any reference, the voyage
    let list = answer(
        app.get("/api/v1/shipments", &l.a_portal).await,
        StatusCode::OK,
        "list",
    )
    .await;
    let listed: BTreeSet<String> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        listed,
        BTreeSet::from([l.ship_a.to_string(), l.ship_c.to_string()])
    );
    let r = app
        .get(&format!("/api/v1/shipments/{}", l.ship_b), &l.a_portal)
        .await;
    problem(r, StatusCode::NOT_FOUND, "B's shipment").await;
    let page = answer(
        app.get(&format!("/api/v1/shipments/{}", l.ship_c), &l.a_portal)
            .await,
        StatusCode::OK,
        "received shipment",
    )
    .await;
    assert_eq!(page["shipment"]["reference"], "BLCHARLIE01");
    for q in [l.cb.as_str(), "BLBRAVO0001", "BKGBRAVO01", "9074729/202W"] {
        let r = answer(
            app.get(&format!("/api/v1/shipments?q={q}"), &l.a_portal)
                .await,
            StatusCode::OK,
            q,
        )
        .await;
        assert_eq!(r["items"], json!([]), "{q}");
    }
    let r = answer(
        app.get(&format!("/api/v1/shipments?q={}", l.ca), &l.a_portal)
            .await,
        StatusCode::OK,
        "own container",
    )
    .await;
    assert_eq!(r["items"][0]["id"], l.ship_a.to_string());
    let r = answer(
        app.get(
            &format!("/api/v1/shipments?customer_id={}", l.b),
            &l.a_portal,
        )
        .await,
        StatusCode::OK,
        "B's filter",
    )
    .await;
    assert_eq!(
        r["items"].as_array().unwrap().len(),
        1,
        "only the shipment A receives: {r}"
    );
    assert_eq!(
        shipment_ids(app, &l.a_portal, &format!("?customer_id={}", l.a)).await,
        set(&[l.ship_a, l.ship_c])
    );
    let r = app
        .get(
            &format!("/api/v1/vessels/{BRAVO_IMO}/voyages/202W"),
            &l.a_portal,
        )
        .await;
    problem(r, StatusCode::NOT_FOUND, "B's voyage").await;
    let v = answer(
        app.get(
            &format!("/api/v1/vessels/{ALPHA_IMO}/voyages/101E"),
            &l.a_portal,
        )
        .await,
        StatusCode::OK,
        "A's voyage",
    )
    .await;
    assert_eq!(v["shipments"].as_array().unwrap().len(), 1);

    // subscriptions: B's is invisible to A, in every operation
    let secret = B64.encode([7u8; 24]);
    let b_sub = tnt(
        app,
        &l.b_portal,
        Method::POST,
        "/dcsa/tnt/v2/event-subscriptions",
        Some(&json!({"callbackUrl": "https://bravo.test/tnt", "secret": secret})),
    )
    .await;
    assert_eq!(b_sub.status, StatusCode::CREATED);
    let b_id = b_sub.body["subscriptionID"].as_str().unwrap().to_string();
    let a_sub = tnt(
        app,
        &l.a_portal,
        Method::POST,
        "/dcsa/tnt/v2/event-subscriptions",
        Some(&json!({"callbackUrl": "https://formosa.test/tnt", "secret": secret})),
    )
    .await;
    assert_eq!(a_sub.status, StatusCode::CREATED);
    let path = format!("/dcsa/tnt/v2/event-subscriptions/{b_id}");
    for (m, p, body) in [
        (Method::GET, path.clone(), None),
        (
            Method::PUT,
            path.clone(),
            Some(json!({"callbackUrl": "https://mallory.test/tnt"})),
        ),
        (Method::DELETE, path.clone(), None),
        (
            Method::PUT,
            format!("{path}/secret"),
            Some(json!({"secret": B64.encode([9u8; 32])})),
        ),
    ] {
        let r = tnt(app, &l.a_portal, m.clone(), &p, body.as_ref()).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{m} {p}");
        assert_eq!(r.body["errors"][0]["reason"], "notFound", "{m} {p}");
    }
    let mine = tnt_get(app, &l.a_portal, "/dcsa/tnt/v2/event-subscriptions").await;
    assert_eq!(mine.body, json!([a_sub.body]));
    let theirs = tnt_get(app, &l.b_portal, &path).await;
    assert_eq!(theirs.status, StatusCode::OK);
    assert_eq!(theirs.body, b_sub.body, "unchanged by A's attempts");
    let staff = tnt_get(app, &l.agent, "/dcsa/tnt/v2/event-subscriptions").await;
    assert_eq!(staff.body.as_array().unwrap().len(), 2);
}

// ---------------------------------------------------------------------------------------
// 4. Subscriptions and signed callbacks
// ---------------------------------------------------------------------------------------

/// What the test's callback receiver got: (path, headers, body).
#[derive(Clone, Default)]
struct Inbox {
    got: Arc<Mutex<Vec<(String, HeaderMap, Bytes)>>>,
    /// Paths that answer 500 to their next request.
    fail_next: Arc<Mutex<HashSet<String>>>,
}

impl Inbox {
    fn at(&self, path: &str) -> Vec<(HeaderMap, Bytes)> {
        self.got
            .lock()
            .unwrap()
            .iter()
            .filter(|(p, _, _)| p == path)
            .map(|(_, h, b)| (h.clone(), b.clone()))
            .collect()
    }

    fn count(&self) -> usize {
        self.got.lock().unwrap().len()
    }
}

async fn record(
    State(inbox): State<Inbox>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> axum::http::StatusCode {
    let path = uri.path().to_string();
    inbox
        .got
        .lock()
        .unwrap()
        .push((path.clone(), headers, body));
    if inbox.fail_next.lock().unwrap().remove(&path) {
        axum::http::StatusCode::INTERNAL_SERVER_ERROR
    } else {
        axum::http::StatusCode::NO_CONTENT
    }
}

/// A subscriber's HTTP server on a loopback port: its base URL and what it receives.
async fn receiver() -> (String, Inbox) {
    let inbox = Inbox::default();
    let router = axum::Router::new()
        .route("/{*path}", axum::routing::post(record))
        .with_state(inbox.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    (format!("http://{addr}"), inbox)
}

async fn deliver(app: &TestApp) -> usize {
    subscriptions::deliver_due(&app.store, &reqwest::Client::new())
        .await
        .unwrap()
}

async fn pending_callbacks(app: &TestApp) -> Vec<outbox::Job> {
    outbox::pending(&mut app.store.clone(), Some(subscriptions::TOPIC), 100)
        .await
        .unwrap()
}

/// Lets the back-off of waiting callbacks pass.
async fn time_passes(app: &TestApp) {
    app.store
        .clone()
        .execute_raw(
            "UPDATE outbox SET available_at = 0 WHERE topic = 'tnt.callback' AND done_at IS NULL",
        )
        .await
        .unwrap();
}

/// A callback as delivered: checks its form and signature; the events' ids.
fn delivered(headers: &HeaderMap, body: &Bytes, key: &[u8]) -> Vec<String> {
    assert_eq!(
        headers.get("content-type").unwrap().to_str().unwrap(),
        "application/json"
    );
    let sig = headers
        .get("notification-signature")
        .expect("signed")
        .to_str()
        .unwrap();
    assert!(
        purser_dcsa::verify_signature(key, body, sig),
        "signature {sig} verifies with the secret's bytes"
    );
    assert_eq!(sig, purser_dcsa::signature(key, body));
    let events: Value = serde_json::from_slice(body).unwrap();
    for e in events.as_array().expect("a JSON array") {
        let problems = purser_dcsa::validate_tnt("event", e);
        assert!(problems.is_empty(), "{problems:?}");
    }
    ids(&events)
}

#[tokio::test]
async fn subscribers_get_each_matching_event_once_signed_and_retried_after_a_failure() {
    let l = line().await;
    let app = &l.app;
    let (url, inbox) = receiver().await;
    inbox.fail_next.lock().unwrap().insert("/staff".into());
    let k1 = [1u8; 32];
    let k2 = [2u8; 20];
    let subs = "/dcsa/tnt/v2/event-subscriptions";

    // refusals first: each is the spec's error document, naming what is wrong
    for (what, body) in [
        (
            "/secret",
            json!({"callbackUrl": format!("{url}/x"), "secret": B64.encode([0u8; 8])}),
        ),
        (
            "/secret",
            json!({"callbackUrl": format!("{url}/x"), "secret": "not base64!"}),
        ),
        ("secret", json!({"callbackUrl": format!("{url}/x")})),
        ("callbackUrl", json!({"secret": B64.encode(k1)})),
        (
            "/callbackUrl",
            json!({"callbackUrl": "ftp://example.test/x", "secret": B64.encode(k1)}),
        ),
        (
            "shipmentEventTypeCode",
            json!({"callbackUrl": format!("{url}/x"), "secret": B64.encode(k1), "shipmentEventTypeCode": ["ARRI"]}),
        ),
        (
            "equipmentReference",
            json!({"callbackUrl": format!("{url}/x"), "secret": B64.encode(k1), "equipmentReference": wrong_digit(&l.ca)}),
        ),
    ] {
        let r = tnt(app, &l.agent, Method::POST, subs, Some(&body)).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{what}: {}", r.body);
        assert!(r.body.to_string().contains(what), "{what}: {}", r.body);
    }
    assert_eq!(tnt_get(app, &l.agent, subs).await.body, json!([]));

    // staff follow one booking; customer A follows everything it may see
    let s1_body = json!({"callbackUrl": format!("{url}/staff"), "secret": B64.encode(k1),
                          "carrierBookingReference": "BKGALPHA01"});
    let s1 = tnt(app, &l.agent, Method::POST, subs, Some(&s1_body)).await;
    assert_eq!(s1.status, StatusCode::CREATED, "{}", s1.body);
    assert!(s1.body.get("secret").is_none(), "the secret is never shown");
    assert_eq!(s1.body["callbackUrl"], format!("{url}/staff"));
    assert_eq!(s1.body["carrierBookingReference"], "BKGALPHA01");
    let s1_id = s1.body["subscriptionID"].as_str().unwrap().to_string();
    assert_eq!(s1.header("location").unwrap(), format!("{subs}/{s1_id}"));
    let s2 = tnt(
        app,
        &l.a_portal,
        Method::POST,
        subs,
        Some(&json!({"callbackUrl": format!("{url}/alpha"), "secret": B64.encode(k2)})),
    )
    .await;
    assert_eq!(s2.status, StatusCode::CREATED, "{}", s2.body);

    let (ev, _) = ingest_dataset(&l).await;
    apply_all(app).await;
    let jobs = pending_callbacks(app).await;
    assert_eq!(jobs.len(), 2, "one job per subscription for the batch");

    // the staff receiver fails once: A's callback is sent, the staff one waits
    assert_eq!(deliver(app).await, 1);
    assert_eq!(inbox.at("/staff").len(), 1);
    assert_eq!(inbox.at("/alpha").len(), 1);
    let waiting = pending_callbacks(app).await;
    assert_eq!(waiting.len(), 1, "kept, not lost");
    assert_eq!(waiting[0].payload["subscription"], s1_id.as_str());
    assert_eq!(waiting[0].attempts, 1);
    assert!(
        waiting[0].last_error.as_deref().unwrap().contains("500"),
        "{:?}",
        waiting[0].last_error
    );
    assert!(waiting[0].available_at > purser_store::now_micros());
    // not due yet: nothing is sent again
    assert_eq!(deliver(app).await, 0);
    assert_eq!(inbox.count(), 2);
    time_passes(app).await;
    assert_eq!(deliver(app).await, 1);
    assert_eq!(inbox.count(), 3);
    assert!(pending_callbacks(app).await.is_empty());
    time_passes(app).await;
    assert_eq!(deliver(app).await, 0, "done is done");
    assert_eq!(inbox.count(), 3, "never twice");

    let staff = inbox.at("/staff");
    assert_eq!(staff[0].1, staff[1].1, "the retry sends the same");
    assert_eq!(
        delivered(&staff[1].0, &staff[1].1, &k1),
        pick(&ev, &["a_conf", "a_gtin"])
    );
    assert_eq!(
        delivered(&staff[1].0, &staff[1].1, &k1),
        found(app, &l.agent, "?carrierBookingReference=BKGALPHA01").await
    );
    assert!(
        !purser_dcsa::verify_signature(
            B64.encode(k1).as_bytes(),
            &staff[1].1,
            staff[1].0["notification-signature"].to_str().unwrap()
        ),
        "the key is the decoded secret, not its Base64 text"
    );
    let alpha = inbox.at("/alpha");
    assert_eq!(
        delivered(&alpha[0].0, &alpha[0].1, &k2),
        found(app, &l.a_portal, "").await,
        "a customer's subscription gets exactly what its token may see"
    );

    // read, list, change
    let path = format!("{subs}/{s1_id}");
    let r = tnt_get(app, &l.agent, &path).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body, s1.body);
    let first = tnt_get(app, &l.agent, &format!("{subs}?limit=1")).await;
    assert_eq!(first.body.as_array().unwrap().len(), 1);
    let next = first.header("Next-Page").expect("a next page");
    let second = tnt_get(app, &l.agent, &next).await;
    let mut listed: Vec<Value> = first.body.as_array().unwrap().clone();
    listed.extend(second.body.as_array().unwrap().iter().cloned());
    if let Some(n) = second.header("Next-Page") {
        let third = tnt_get(app, &l.agent, &n).await;
        assert_eq!(third.body, json!([]));
    }
    let listed: HashSet<String> = listed.iter().map(|s| s.to_string()).collect();
    assert_eq!(
        listed,
        HashSet::from([s1.body.to_string(), s2.body.to_string()])
    );
    let changed = json!({"subscriptionID": s1_id, "callbackUrl": format!("{url}/staff2"),
                         "carrierBookingReference": "BKGBRAVO01", "eventType": ["EQUIPMENT"]});
    let r = tnt(app, &l.agent, Method::PUT, &path, Some(&changed)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body, changed);
    assert_eq!(tnt_get(app, &l.agent, &path).await.body, changed);
    for bad in [
        json!({"callbackUrl": format!("{url}/staff2"), "secret": B64.encode(k1)}),
        json!({"callbackUrl": format!("{url}/staff2"), "subscriptionID": Uuid::now_v7()}),
    ] {
        let r = tnt(app, &l.agent, Method::PUT, &path, Some(&bad)).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}");
    }
    let r = tnt(
        app,
        &l.agent,
        Method::PUT,
        &format!("{path}/secret"),
        Some(&json!({"secret": "c2hvcnQ="})),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let k3 = [3u8; 16];
    let r = tnt(
        app,
        &l.agent,
        Method::PUT,
        &format!("{path}/secret"),
        Some(&json!({"secret": B64.encode(k3)})),
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);

    // the changed filters and the new secret apply to what comes next
    let gate_out = with_booking(
        equipment(&new_event_id(), "GTOT", &l.cb, "USLAX", 30),
        "BKGBRAVO01",
    );
    let hold = document(&new_event_id(), "HOLD", "BKG", "BKGBRAVO01", 31);
    ingest(app, &l.agent, &[gate_out.clone(), hold]).await;
    apply_all(app).await;
    assert_eq!(deliver(app).await, 1);
    let staff2 = inbox.at("/staff2");
    assert_eq!(staff2.len(), 1);
    assert_eq!(
        delivered(&staff2[0].0, &staff2[0].1, &k3),
        ids(&json!([gate_out]))
    );
    assert!(!purser_dcsa::verify_signature(
        &k1,
        &staff2[0].1,
        staff2[0].0["notification-signature"].to_str().unwrap()
    ));
    assert_eq!(inbox.at("/alpha").len(), 1, "B's events are not A's");

    // a subscription deleted with a callback still waiting: the callback is dropped
    let again = with_booking(
        equipment(&new_event_id(), "DROP", &l.cb, "USLAX", 32),
        "BKGBRAVO01",
    );
    ingest(app, &l.agent, &[again]).await;
    apply_all(app).await;
    assert_eq!(pending_callbacks(app).await.len(), 1);
    let r = tnt(app, &l.agent, Method::DELETE, &path, None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = tnt_get(app, &l.agent, &path).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(deliver(app).await, 0);
    assert_eq!(inbox.at("/staff2").len(), 1);
    assert!(pending_callbacks(app).await.is_empty());
    let r = tnt(app, &l.agent, Method::DELETE, &path, None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

// ---------------------------------------------------------------------------------------
// 5. Shipments
// ---------------------------------------------------------------------------------------

async fn shipment_ids(app: &TestApp, who: &Who, query: &str) -> BTreeSet<String> {
    let r = answer(
        app.get(&format!("/api/v1/shipments{query}"), who).await,
        StatusCode::OK,
        query,
    )
    .await;
    r["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect()
}

fn set(ids: &[Uuid]) -> BTreeSet<String> {
    ids.iter().map(Uuid::to_string).collect()
}

#[tokio::test]
async fn shipments_are_checked_then_found_by_any_reference_and_filtered() {
    let app = TestApp::spawn().await;
    let agent = app.user("amy@line.test", Role::Agent, None, None).await;
    let a = app.customer("Formosa Plastics").await;
    let b = app.customer("Bravo Electronics").await;
    let portal = app
        .user("wei@formosa.test", Role::Customer, None, Some(a))
        .await;
    let ca = container("FPCU100001");
    let cb = container("BRVU200002");
    let cc = container("CHLU300003");

    let bad = json!({"reference": "BLALPHA0001", "booking_reference": "BKGALPHA01", "customer_id": a,
                     "port_of_loading": "TWKHH", "port_of_discharge": "NLR1M",
                     "legs": [{"vessel_imo": "9321484", "voyage": "101E", "load": "TWKHH", "discharge": "NLRTM"}],
                     "containers": [{"number": wrong_digit(&ca), "iso_code": "45G1"}]});
    let r = app.post("/api/v1/shipments", &agent, &bad).await;
    assert_eq!(
        problem(r, StatusCode::UNPROCESSABLE_ENTITY, "bad shipment").await,
        [
            "containers[0].number",
            "legs[0].vessel_imo",
            "port_of_discharge"
        ]
    );
    let mut nobody = bad.clone();
    nobody["customer_id"] = Uuid::now_v7().to_string().into();
    nobody["port_of_discharge"] = "NLRTM".into();
    nobody["legs"][0]["vessel_imo"] = ALPHA_IMO.into();
    nobody["containers"][0]["number"] = ca.clone().into();
    let r = app.post("/api/v1/shipments", &agent, &nobody).await;
    assert_eq!(
        problem(r, StatusCode::UNPROCESSABLE_ENTITY, "no customer").await,
        ["customer_id"]
    );
    let mut good = nobody.clone();
    good["customer_id"] = a.to_string().into();
    good["planned_arrival"] = at(500).into();
    let r = app.post("/api/v1/shipments", &portal, &good).await;
    problem(r, StatusCode::FORBIDDEN, "portal creates").await;

    let r = app.post("/api/v1/shipments", &agent, &good).await;
    assert!(r.headers().contains_key("etag"));
    let location = r.headers()["location"].to_str().unwrap().to_string();
    let s1 = answer(r, StatusCode::CREATED, "good").await;
    assert_eq!(
        location,
        format!("/api/v1/shipments/{}", s1["id"].as_str().unwrap())
    );
    assert_eq!(s1["status"], "booked");
    assert_eq!(s1["first_eta"], micros(500));
    let s1: Uuid = s1["id"].as_str().unwrap().parse().unwrap();
    let r = app.post("/api/v1/shipments", &agent, &good).await;
    assert_eq!(
        problem(r, StatusCode::UNPROCESSABLE_ENTITY, "same B/L").await,
        ["reference"]
    );
    let s2 = shipment(
        &app,
        &agent,
        json!({"reference": "BLBRAVO0001", "booking_reference": "BKGBRAVO01", "customer_id": b,
               "port_of_loading": "CNSHA", "port_of_discharge": "USLAX",
               "legs": [{"vessel_imo": BRAVO_IMO, "voyage": "202W", "load": "CNSHA", "discharge": "USLAX"}],
               "containers": [{"number": cb, "iso_code": "45G1"}], "planned_arrival": at(300)}),
    )
    .await;
    let s3 = shipment(
        &app,
        &agent,
        json!({"reference": "BLALPHA0002", "booking_reference": "BKGALPHA02", "customer_id": a,
               "port_of_loading": "TWKHH", "port_of_discharge": "USLAX",
               "legs": [{"vessel_imo": ALPHA_IMO, "voyage": "103E", "load": "TWKHH", "discharge": "USLAX"}],
               "containers": [{"number": cc, "iso_code": "22G1"}]}),
    )
    .await;

    // any reference finds it
    for q in [
        ca.clone(),
        ca.to_lowercase(),
        "BLALPHA0001".into(),
        "bkgalpha01".into(),
        format!("{ALPHA_IMO}/101E"),
    ] {
        assert_eq!(
            shipment_ids(&app, &agent, &format!("?q={q}")).await,
            set(&[s1]),
            "{q}"
        );
    }
    assert_eq!(
        shipment_ids(&app, &agent, &format!("?q={ALPHA_IMO}/103E")).await,
        set(&[s3])
    );
    assert_eq!(
        shipment_ids(&app, &agent, "?q=NOSUCHREF").await,
        BTreeSet::new()
    );

    // S1's vessel will be 60 hours late; S2's container is gated in
    ingest(
        &app,
        &agent,
        &[
            transport(&new_event_id(), "EST", "ARRI", 560, 1, alpha("NLRTM")),
            with_booking(
                equipment(&new_event_id(), "GTIN", &cb, "CNSHA", 2),
                "BKGBRAVO01",
            ),
        ],
    )
    .await;
    apply_all(&app).await;

    let cases: Vec<(String, Vec<Uuid>)> = vec![
        ("".into(), vec![s1, s2, s3]),
        ("?delayed=true".into(), vec![s1]),
        ("?delayed=false".into(), vec![s2, s3]),
        ("?status=gate_in".into(), vec![s2]),
        ("?status=booked".into(), vec![s1, s3]),
        ("?port=NLRTM".into(), vec![s1]),
        ("?port=uslax".into(), vec![s2, s3]),
        ("?port=TWKHH".into(), vec![s1, s3]),
        (format!("?vessel_imo={ALPHA_IMO}"), vec![s1, s3]),
        (format!("?vessel_imo={ALPHA_IMO}&voyage=103E"), vec![s3]),
        (format!("?vessel_imo={BRAVO_IMO}"), vec![s2]),
        (format!("?customer_id={a}"), vec![s1, s3]),
        (
            format!("?customer_id={a}&delayed=true&port=NLRTM"),
            vec![s1],
        ),
    ];
    for (query, want) in &cases {
        assert_eq!(
            shipment_ids(&app, &agent, query).await,
            set(want),
            "{query}"
        );
    }
    for (query, field) in [
        ("?port=NLR1M", "port"),
        ("?delayed=maybe", "delayed"),
        ("?limit=0", "limit"),
        ("?cursor=nonsense", "cursor"),
        ("?customer_id=someone", "customer_id"),
    ] {
        let r = app.get(&format!("/api/v1/shipments{query}"), &agent).await;
        assert_eq!(
            problem(r, StatusCode::UNPROCESSABLE_ENTITY, query).await,
            [field]
        );
    }
    // pages, newest first
    let mut seen = Vec::new();
    let mut query = "?limit=2".to_string();
    loop {
        let r = answer(
            app.get(&format!("/api/v1/shipments{query}"), &agent).await,
            StatusCode::OK,
            &query,
        )
        .await;
        seen.extend(
            r["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["id"].as_str().unwrap().to_string()),
        );
        match r["next_cursor"].as_str() {
            Some(c) => query = format!("?limit=2&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(seen, [s3, s2, s1].map(|s| s.to_string()));

    let page = answer(
        app.get(&format!("/api/v1/shipments/{s1}"), &agent).await,
        StatusCode::OK,
        "page",
    )
    .await;
    let s = &page["shipment"];
    assert_eq!(s["delayed"], true, "{s}");
    assert_eq!(s["slip_minutes"], 60 * 60, "{s}");
    assert_eq!(s["eta"], micros(560));
    assert_eq!(s["eta_classifier"], "EST");
    assert_eq!(page["containers"][0]["number"], ca.as_str());
    let r = app
        .get(&format!("/api/v1/shipments/{}", Uuid::now_v7()), &agent)
        .await;
    problem(r, StatusCode::NOT_FOUND, "no such shipment").await;
}

// ---------------------------------------------------------------------------------------
// 6. Schedules
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn a_vessel_schedule_becomes_a_voyage_with_its_calls_and_what_is_on_board() {
    let app = TestApp::spawn().await;
    let agent = app.user("amy@line.test", Role::Agent, None, None).await;
    let a = app.customer("Formosa Plastics").await;
    let portal = app
        .user("wei@formosa.test", Role::Customer, None, Some(a))
        .await;
    let doc = schedule(
        ALPHA_IMO,
        "101E",
        &[("TWKHH", 10, 20), ("CNSHA", 60, 70), ("NLRTM", 500, 520)],
    );
    let body = serde_json::to_vec(&doc).unwrap();
    let r = post_raw(&app, "/api/v1/tracking/schedules", &portal, &body).await;
    problem(r, StatusCode::FORBIDDEN, "portal imports").await;
    let mut bad = doc.clone();
    bad[0]["vesselSchedules"][0]["vessel"]["vesselIMONumber"] = "9321484".into();
    let r = post_raw(
        &app,
        "/api/v1/tracking/schedules",
        &agent,
        &serde_json::to_vec(&bad).unwrap(),
    )
    .await;
    assert_eq!(
        problem(r, StatusCode::BAD_REQUEST, "bad IMO").await,
        ["/0/vesselSchedules/0/vessel/vesselIMONumber"]
    );
    let r = app
        .get(&format!("/api/v1/vessels/{ALPHA_IMO}/voyages/101E"), &agent)
        .await;
    problem(r, StatusCode::NOT_FOUND, "nothing yet").await;

    let r = post_raw(&app, "/api/v1/tracking/schedules", &agent, &body).await;
    let report = answer(r, StatusCode::OK, "schedule").await;
    assert_eq!(report["vessels"], 1, "{report}");
    assert_eq!(report["voyages"], 1, "{report}");
    assert_eq!(report["port_calls"], 3, "{report}");
    assert_eq!(report["omitted_calls"], 0, "{report}");

    let v = answer(
        app.get(&format!("/api/v1/vessels/{ALPHA_IMO}/voyages/101E"), &agent)
            .await,
        StatusCode::OK,
        "voyage",
    )
    .await;
    assert_eq!(v["vessel"]["imo"], ALPHA_IMO);
    assert_eq!(v["vessel"]["name"], "Purser Spirit");
    assert_eq!(v["voyage"], "101E");
    let calls = v["calls"].as_array().unwrap();
    let ports: Vec<&str> = calls
        .iter()
        .map(|c| c["location"].as_str().unwrap())
        .collect();
    assert_eq!(ports, ["TWKHH", "CNSHA", "NLRTM"]);
    assert_eq!(calls[2]["arrival_planned"], micros(500));
    assert_eq!(calls[2]["departure_planned"], micros(520));
    assert_eq!(calls[1]["cutoffs"]["DCO"], micros(36));
    assert_eq!(v["shipments"], json!([]));
    let r = app
        .get(&format!("/api/v1/vessels/{ALPHA_IMO}/voyages/999X"), &agent)
        .await;
    problem(r, StatusCode::NOT_FOUND, "unknown voyage").await;
    let r = app
        .get(
            &format!("/api/v1/vessels/{ALPHA_IMO}/voyages/101E"),
            &portal,
        )
        .await;
    problem(r, StatusCode::NOT_FOUND, "nothing of A's on board").await;

    // a shipment on board shows on the voyage, for staff and for its customer
    let s = shipment(
        &app,
        &agent,
        json!({"reference": "BLALPHA0001", "booking_reference": "BKGALPHA01", "customer_id": a,
               "port_of_loading": "TWKHH", "port_of_discharge": "NLRTM",
               "legs": [{"vessel_imo": ALPHA_IMO, "voyage": "101E", "load": "TWKHH", "discharge": "NLRTM"}]}),
    )
    .await;
    for who in [&agent, &portal] {
        let v = answer(
            app.get(&format!("/api/v1/vessels/{ALPHA_IMO}/voyages/101E"), who)
                .await,
            StatusCode::OK,
            &who.email,
        )
        .await;
        assert_eq!(v["shipments"][0]["id"], s.to_string());
        assert_eq!(v["calls"].as_array().unwrap().len(), 3);
    }

    // the next schedule leaves Shanghai out: the call is kept, marked omitted
    let doc = schedule(ALPHA_IMO, "101E", &[("TWKHH", 10, 20), ("NLRTM", 500, 520)]);
    let r = post_raw(
        &app,
        "/api/v1/tracking/schedules",
        &agent,
        &serde_json::to_vec(&doc).unwrap(),
    )
    .await;
    let report = answer(r, StatusCode::OK, "second schedule").await;
    assert_eq!(report["omitted_calls"], 1, "{report}");
    let v = answer(
        app.get(&format!("/api/v1/vessels/{ALPHA_IMO}/voyages/101E"), &agent)
            .await,
        StatusCode::OK,
        "voyage",
    )
    .await;
    let omitted: Vec<(&str, bool)> = v["calls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["location"].as_str().unwrap(),
                c["omitted"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        omitted,
        [("TWKHH", false), ("CNSHA", true), ("NLRTM", false)]
    );
}
