//! The inbound mail endpoint over HTTP: a provider pushes a raw message and learns the case
//! it landed on; the same message again lands nowhere new; wrong media types and callers
//! are refused.

use crate::common;

use common::*;
use purser_domain::roles::Role;
use reqwest::StatusCode;
use serde_json::Value;

async fn push(app: &TestApp, who: &Who, ct: &str, raw: &[u8]) -> reqwest::Response {
    app.req(
        reqwest::Method::POST,
        "/api/v1/mail/inbound?mailbox=tpac@line.test",
        who,
    )
    .header("content-type", ct)
    .body(raw.to_vec())
    .send()
    .await
    .unwrap()
}

#[tokio::test]
async fn a_pushed_message_lands_on_one_case_and_a_repeat_changes_nothing() {
    let app = TestApp::spawn().await;
    let robot = app.user("mx@line.test", Role::Agent, None, None).await;
    let raw = b"From: Wei <wei@formosa.tw>\r\nSubject: ETA for CSQU3054383\r\nMessage-ID: <p1@formosa.tw>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nWhen does it arrive?\r\n";
    let r = push(&app, &robot, "message/rfc822", raw).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let first: Value = r.json().await.unwrap();
    assert!(first["case_number"].as_str().unwrap().starts_with("CS-"));
    let case = first["case_id"].as_str().unwrap().to_string();

    let r = push(&app, &robot, "message/rfc822", raw).await;
    assert_eq!(r.status(), StatusCode::OK);
    let again: Value = r.json().await.unwrap();
    assert_eq!(again["case_id"], case.as_str());

    let page: Value = json_of(app.get(&format!("/api/v1/cases/{case}/page"), &robot).await).await;
    let public: Vec<&Value> = page["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["kind"] == "public")
        .collect();
    assert_eq!(public.len(), 1, "one message, however often it came");
    assert_eq!(page["case"]["channel"], "email");
    assert_eq!(page["refs"][0]["value"], "CSQU3054383");

    let r = push(&app, &robot, "application/json", b"{}").await;
    assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let portal_company = app.customer("Formosa Plastics").await;
    let portal = app
        .user("wei@formosa.tw", Role::Customer, None, Some(portal_company))
        .await;
    assert_eq!(
        push(&app, &portal, "message/rfc822", raw).await.status(),
        StatusCode::FORBIDDEN
    );

    // a message that cannot be read is kept, and a supervisor finds it
    let sup = app
        .user("sue@line.test", Role::Supervisor, None, None)
        .await;
    let r = push(&app, &robot, "message/rfc822", b"\x00\x01 garbage").await;
    let failed: Value = r.json().await.unwrap();
    assert_eq!(failed["state"], "failed");
    let list: Value = json_of(app.get("/api/v1/mail?state=failed", &sup).await).await;
    assert_eq!(list[0]["id"], failed["mail_id"]);
    let raw_back = app
        .get(
            &format!("/api/v1/mail/{}/raw", failed["mail_id"].as_str().unwrap()),
            &sup,
        )
        .await;
    assert_eq!(
        raw_back.bytes().await.unwrap().as_ref(),
        b"\x00\x01 garbage"
    );
}
