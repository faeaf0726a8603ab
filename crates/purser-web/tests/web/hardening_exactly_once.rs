//! Exactly once, as attackers (and flaky networks) try it: twenty copies of one create
//! with one Idempotency-Key, sent at the same moment, make one record; `%` and `_` in text
//! that reaches a `LIKE` match only themselves.

use crate::common;

use common::*;
use purser_domain::roles::Role;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// Sends `body` to `path` twenty times at once with one key; every answer must be the
/// same created record. Returns its id.
async fn twenty_at_once(app: &TestApp, who: &Who, path: &str, body: Value) -> String {
    let sends: Vec<_> = (0..20)
        .map(|_| {
            let req = app
                .req(Method::POST, path, who)
                .header("Idempotency-Key", format!("twenty-sends {path}"))
                .json(&body);
            tokio::spawn(async move {
                let r = req.send().await.unwrap();
                let status = r.status();
                (status, r.json::<Value>().await.unwrap())
            })
        })
        .collect();
    let mut ids = Vec::new();
    for s in sends {
        let (status, body) = s.await.unwrap();
        assert_eq!(status, StatusCode::CREATED, "{body}");
        ids.push(body["id"].as_str().unwrap().to_string());
    }
    ids.dedup();
    assert_eq!(ids.len(), 1, "every answer names the same record: {ids:?}");
    ids.remove(0)
}

#[tokio::test]
async fn twenty_parallel_creates_with_one_idempotency_key_make_one_case_and_one_customer() {
    let app = TestApp::spawn().await;
    let amy = app.user("amy@line.test", Role::Agent, None, None).await;
    let customer = twenty_at_once(
        &app,
        &amy,
        "/api/v1/customers",
        json!({"legal_name": "Twenty Times Shipping Ltd"}),
    )
    .await;
    let listed = json_of(app.get("/api/v1/customers", &amy).await).await;
    assert_eq!(listed["items"].as_array().unwrap().len(), 1, "{listed}");

    let case = twenty_at_once(
        &app,
        &amy,
        "/api/v1/cases",
        json!({"subject": "Sent twenty times", "customer_id": customer}),
    )
    .await;
    let sue = app
        .user("sue@line.test", Role::Supervisor, None, None)
        .await;
    // a supervisor's queue holds every active case
    let listed = json_of(app.get("/api/v1/cases?view=queue", &sue).await).await;
    let items = listed["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{listed}");
    assert_eq!(items[0]["id"], case.as_str());
}

#[tokio::test]
async fn a_failed_create_lets_its_idempotency_key_go_so_the_fixed_retry_runs() {
    let app = TestApp::spawn().await;
    let amy = app.user("amy@line.test", Role::Agent, None, None).await;
    let send = |b: Value| {
        app.req(Method::POST, "/api/v1/customers", &amy)
            .header("Idempotency-Key", "retry-after-error")
            .json(&b)
            .send()
    };
    let bad = send(json!({"legal_name": ""})).await.unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // the same body again is judged again (the error was not remembered as the answer)
    let bad = send(json!({"legal_name": ""})).await.unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.headers().get("idempotent-replayed").is_none());
}

async fn push_mail(app: &TestApp, who: &Who, from: &str, id: &str) -> Value {
    let raw = format!(
        "From: {from}\r\nSubject: Booking question\r\nMessage-ID: <{id}@sender.test>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nWhere is my box?\r\n"
    );
    let r = app
        .req(
            Method::POST,
            "/api/v1/mail/inbound?mailbox=tpac@line.test",
            who,
        )
        .header("content-type", "message/rfc822")
        .body(raw)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let landed: Value = r.json().await.unwrap();
    let case = landed["case_id"].as_str().unwrap();
    json_of(app.get(&format!("/api/v1/cases/{case}"), who).await).await
}

#[tokio::test]
async fn wildcards_in_a_sender_domain_match_only_themselves() {
    let app = TestApp::spawn().await;
    let amy = app.user("amy@line.test", Role::Agent, None, None).await;
    let evergreen = app.customer("Evergreen Marine").await;
    let r = app
        .post(
            &format!("/api/v1/customers/{evergreen}/contacts"),
            &amy,
            &json!({"name": "Wei Chen", "emails": ["wei@evergreen.tw"]}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    // `_` would match any one character and `%` anything: a stranger's mail would be
    // filed under Evergreen, and the stranger made one of its contacts
    for (n, stranger) in ["x@evergree_.tw", "x@%.tw", "x@evergreen%"]
        .iter()
        .enumerate()
    {
        let case = push_mail(&app, &amy, stranger, &format!("w{n}")).await;
        assert!(case["customer_id"].is_null(), "{stranger}: {case}");
    }
    // the literal domain still finds its customer
    let case = push_mail(&app, &amy, "ops@evergreen.tw", "lit").await;
    assert_eq!(case["customer_id"], evergreen.to_string(), "{case}");
}
