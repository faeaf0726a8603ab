//! Text as people type it: a textarea's line breaks arrive as CRLF (the HTML standard's form
//! encoding), a Windows client's JSON carries CRLF, an old mailer a lone CR. Each is kept
//! with LF line breaks; only control characters that are not line breaks are refused.

use crate::browser;
use crate::common;

use browser::*;
use common::*;
use purser_domain::roles::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

fn location(r: &reqwest::Response) -> String {
    r.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

/// The bodies of a case's messages, oldest first, as the API shows them.
async fn bodies(app: &TestApp, who: &Who, case: Uuid) -> Vec<String> {
    let r = app.get(&format!("/api/v1/cases/{case}/page"), who).await;
    assert_eq!(r.status(), StatusCode::OK);
    let page: Value = r.json().await.unwrap();
    page["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["body"].as_str().unwrap_or("").to_string())
        .collect()
}

#[tokio::test]
async fn json_with_crlf_and_lone_cr_is_kept_with_lf_line_breaks() {
    let app = TestApp::spawn().await;
    let amy = app.user("amy@line.test", Role::Agent, None, None).await;
    let customer = app.customer("Formosa Reefer Lines").await;
    let r = app
        .post(
            "/api/v1/cases",
            &amy,
            &json!({"subject": "Where is CSQU3054383?", "customer_id": customer,
                    "message": "Dear team,\r\n\r\nwhere is the box?\r\nRegards,\rWei"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let case: Uuid = json_of(r).await["id"].as_str().unwrap().parse().unwrap();
    let r = app
        .post(
            &format!("/api/v1/cases/{case}/notes"),
            &amy,
            &json!({"body": "Asked logistics.\r\n- vessel\r\n- berth"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);

    let all = bodies(&app, &amy, case).await;
    assert!(
        all.contains(&"Dear team,\n\nwhere is the box?\nRegards,\nWei".to_string()),
        "{all:?}"
    );
    assert!(
        all.contains(&"Asked logistics.\n- vessel\n- berth".to_string()),
        "{all:?}"
    );

    // a bell is still not text: refused, naming the field
    let r = app
        .post(
            &format!("/api/v1/cases/{case}/notes"),
            &amy,
            &json!({"body": "ding\u{7}"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem_fields(&json_of(r).await), ["body"]);
}

#[tokio::test]
async fn forms_typed_in_a_browser_keep_their_lines() {
    let app = TestApp::spawn().await;
    let amy = app.user("amy@line.test", Role::Agent, None, None).await;
    let customer = app.customer("Formosa Reefer Lines").await;
    let cookie = login(&app, "amy@line.test").await;
    let csrf = csrf_of(&app, &cookie).await;
    let customer = customer.to_string();

    // url-encoded: the new-case form, as a browser encodes a textarea (CRLF)
    let r = form_post(
        &app,
        &cookie,
        "/cases/new",
        &[
            ("csrf", csrf.as_str()),
            ("customer", customer.as_str()),
            ("subject", "Two lines"),
            ("case_type", "inquiry"),
            ("priority", "normal"),
            ("channel", "phone"),
            ("message", "貨櫃在哪裡？\r\n請回覆。"),
            ("assign_me", "true"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "the form is accepted");
    let case: Uuid = location(&r)
        .rsplit('/')
        .next()
        .and_then(|s| s.parse().ok())
        .expect("redirected to the new case");

    // url-encoded: a logged call's summary
    let r = form_post(
        &app,
        &cookie,
        &format!("/cases/{case}/call"),
        &[
            ("csrf", csrf.as_str()),
            ("direction", "outbound"),
            ("minutes", "3"),
            ("summary", "Called Wei.\r\nETA confirmed."),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(!location(&r).contains("error"), "{}", location(&r));

    // multipart: the reply form (it can carry files)
    let boundary = "----purser-typed-text";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"body\"\r\n\r\nDear Wei,\r\n\r\nThe box is on board.\r\n\
         --{boundary}--\r\n"
    );
    let r = app
        .client
        .post(format!("{}/cases/{case}/reply", app.url))
        .header("cookie", &cookie)
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    let all = bodies(&app, &amy, case).await;
    for expected in [
        "貨櫃在哪裡？\n請回覆。",
        "Called Wei.\nETA confirmed.",
        "Dear Wei,\n\nThe box is on board.",
    ] {
        assert!(all.iter().any(|b| b == expected), "{expected:?} in {all:?}");
    }
}
