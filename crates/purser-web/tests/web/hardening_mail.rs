//! One e-mail cannot stall the server: a message whose HTML nests 100,000 elements deep is
//! pushed through the real intake while other requests go on; it is kept, flagged on its
//! case page, and shown as its text; the other requests are all answered.

use crate::browser;
use crate::common;

use browser::*;
use common::*;
use purser_domain::roles::Role;
use reqwest::StatusCode;
use serde_json::Value;

fn deep_mail(depth: usize) -> Vec<u8> {
    let html = format!(
        "{}Please check booking 4711 before Friday.{}",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    format!(
        "From: Mallory <mallory@deep.test>\r\nSubject: Nested\r\nMessage-ID: <deep@deep.test>\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}\r\n"
    )
    .into_bytes()
}

#[tokio::test]
async fn a_mail_nested_100000_deep_is_kept_flagged_and_shown_as_text_while_others_are_served() {
    let app = TestApp::spawn().await;
    let robot = app.user("mx@line.test", Role::Agent, None, None).await;
    app.user("amy@line.test", Role::Agent, None, None).await;
    let push = app
        .req(
            reqwest::Method::POST,
            "/api/v1/mail/inbound?mailbox=tpac@line.test",
            &robot,
        )
        .header("content-type", "message/rfc822")
        .body(deep_mail(100_000))
        .send();
    let import = tokio::spawn(push);
    // requests issued while the import runs are all answered
    let others: Vec<_> = (0..20)
        .map(|i| {
            let r = if i % 2 == 0 {
                app.client.get(format!("{}/healthz", app.url))
            } else {
                app.req(reqwest::Method::GET, "/api/v1/customers", &robot)
            };
            tokio::spawn(r.send())
        })
        .collect();
    for o in others {
        let r = o.await.unwrap().expect("answered");
        assert_eq!(r.status(), StatusCode::OK);
    }
    let r = import.await.unwrap().unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let landed: Value = r.json().await.unwrap();
    assert_eq!(landed["state"], "ingested", "{landed}");
    let case = landed["case_id"].as_str().unwrap().to_string();

    // kept and flagged: no HTML, the reason among its problems
    let page_json = json_of(app.get(&format!("/api/v1/cases/{case}/page"), &robot).await).await;
    let m = page_json["messages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["kind"] == "public")
        .unwrap()
        .clone();
    assert_eq!(m["meta"]["html_refused"], true, "{m}");
    assert!(m["meta"]["html"].is_null(), "{m}");
    assert!(
        m["meta"]["problems"].to_string().contains("deep"),
        "{}",
        m["meta"]["problems"]
    );
    assert!(
        m["body"]
            .as_str()
            .unwrap()
            .contains("Please check booking 4711 before Friday."),
        "{m}"
    );
    // the agent's case page shows the flag and the text
    let cookie = login(&app, "amy@line.test").await;
    let html = page(&app, &cookie, &format!("/cases/{case}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("mail-flag"),
        "the case page flags the message"
    );
    assert!(html.contains("Shown as plain text"));
    assert!(html.contains("Please check booking 4711 before Friday."));
}

#[tokio::test]
async fn ordinary_html_mail_is_sanitised_and_not_flagged() {
    let app = TestApp::spawn().await;
    let robot = app.user("mx@line.test", Role::Agent, None, None).await;
    let raw = b"From: Wei <wei@formosa.tw>\r\nSubject: Hello\r\nMessage-ID: <flat@formosa.tw>\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<table><tr><td><div><b>When</b> does it sail?</div></td></tr></table><script>x()</script>\r\n";
    let r = app
        .req(
            reqwest::Method::POST,
            "/api/v1/mail/inbound?mailbox=tpac@line.test",
            &robot,
        )
        .header("content-type", "message/rfc822")
        .body(raw.to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let case = json_of(r).await["case_id"].as_str().unwrap().to_string();
    let page_json = json_of(app.get(&format!("/api/v1/cases/{case}/page"), &robot).await).await;
    let m = page_json["messages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["kind"] == "public")
        .unwrap();
    assert_eq!(m["meta"]["html_refused"], false, "{m}");
    let html = m["meta"]["html"].as_str().unwrap();
    assert!(
        html.contains("<b>When</b>") && !html.contains("script"),
        "{html}"
    );
}
