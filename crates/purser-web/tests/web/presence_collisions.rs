//! Collisions (issue 14, item 9): an agent opening a case a colleague is replying on sees
//! who and since when, on the page and in its JSON; the mark lapses by itself; a reply
//! carries CC and BCC, checked, kept and queued, and the customer never sees the BCC.

use super::presence_world::*;
use crate::browser::{csrf_of, login};
use crate::common::*;
use purser_store::Db;
use reqwest::StatusCode;
use serde_json::json;

fn clock_of(micros: i64) -> String {
    // the team has no zone and nobody set one: the banner's time is UTC
    jiff::Timestamp::from_microsecond(micros)
        .unwrap()
        .strftime("%H:%M")
        .to_string()
}

#[tokio::test]
async fn an_agent_opening_a_case_a_colleague_is_replying_on_sees_who_and_since_when() {
    let w = world(None).await;
    let path = format!("/api/v1/cases/{}/presence", w.case);
    let before = purser_store::now_micros();
    let others = expect(
        w.app
            .post(&path, &w.wang, &json!({"mode": "replying"}))
            .await,
        StatusCode::OK,
        "wang's beat",
    )
    .await;
    assert_eq!(others, json!([]), "nobody else is on it yet");

    // amy opens the page: wang is replying, since the minute of the first beat
    let page = html(&w.app, "amy@line.test", &format!("/cases/{}", w.case)).await;
    let line = format!("wang is replying since {}", clock_of(before));
    let later = format!(
        "wang is replying since {}",
        clock_of(purser_store::now_micros())
    );
    assert!(
        page.contains(&line) || page.contains(&later),
        "the banner names wang: {}",
        page.split("presence-banner").nth(1).unwrap_or("")
    );
    // the page JSON says the same, and amy's own opening is a mark wang now sees
    let p = expect(
        w.app
            .get(&format!("/api/v1/cases/{}/page", w.case), &w.amy)
            .await,
        StatusCode::OK,
        "page",
    )
    .await;
    assert_eq!(p["presence"][0]["name"], "wang");
    assert_eq!(p["presence"][0]["mode"], "replying");
    assert_eq!(
        p["presence"].as_array().unwrap().len(),
        1,
        "not amy herself"
    );
    let seen_by_wang = expect(
        w.app.get(&path, &w.wang).await,
        StatusCode::OK,
        "wang reads",
    )
    .await;
    assert_eq!(seen_by_wang[0]["name"], "amy");
    assert_eq!(seen_by_wang[0]["mode"], "viewing");

    // typing on keeps the start; sending the reply turns wang back into a viewer
    let again = expect(
        w.app
            .post(&path, &w.wang, &json!({"mode": "replying"}))
            .await,
        StatusCode::OK,
        "beat",
    )
    .await;
    assert_eq!(again[0]["name"], "amy");
    let marks = expect(w.app.get(&path, &w.amy).await, StatusCode::OK, "amy reads").await;
    let since = marks[0]["since"].as_i64().unwrap();
    assert!(
        since >= before && since <= before + 5_000_000,
        "kept: {marks}"
    );
    expect(
        w.app
            .post(
                &format!("/api/v1/cases/{}/replies", w.case),
                &w.wang,
                &json!({"body": "It arrives on Friday."}),
            )
            .await,
        StatusCode::CREATED,
        "reply",
    )
    .await;
    let marks = expect(w.app.get(&path, &w.amy).await, StatusCode::OK, "after").await;
    assert_eq!(marks[0]["mode"], "viewing", "{marks}");

    // a mark not renewed for a minute is gone (aged here instead of waiting)
    let mut db = w.app.store.clone();
    db.execute_raw("UPDATE case_presence SET seen_at = seen_at - 61000000")
        .await
        .unwrap();
    let marks = expect(w.app.get(&path, &w.amy).await, StatusCode::OK, "aged").await;
    assert_eq!(marks, json!([]));

    // customers see nobody and cannot mark
    let p = expect(
        w.app
            .get(&format!("/api/v1/cases/{}/page", w.case), &w.portal)
            .await,
        StatusCode::OK,
        "customer's page",
    )
    .await;
    assert!(p.get("presence").is_none(), "{p}");
    let r = w
        .app
        .post(&path, &w.portal, &json!({"mode": "viewing"}))
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_console_banner_renews_itself_and_typing_a_reply_marks_replying() {
    let w = world(None).await;
    let cookie = login(&w.app, "wang@line.test").await;
    let csrf = csrf_of(&w.app, &cookie).await;
    let r = crate::browser::form_post(
        &w.app,
        &cookie,
        &format!("/cases/{}/presence", w.case),
        &[("csrf", csrf.as_str()), ("mode", "replying")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let banner = r.text().await.unwrap();
    assert!(
        banner.starts_with("<form id=\"presence-banner\""),
        "{banner}"
    );
    let page = html(&w.app, "amy@line.test", &format!("/cases/{}", w.case)).await;
    assert!(page.contains("wang is replying since"), "amy sees wang");
    assert!(
        page.contains("hx-trigger=\"every 20s\""),
        "the banner beats on"
    );
    assert!(
        page.contains("\"mode\": \"replying\""),
        "typing marks replying"
    );
    // without the session's token the beat is refused
    let r = crate::browser::form_post(
        &w.app,
        &cookie,
        &format!("/cases/{}/presence", w.case),
        &[("csrf", "wrong"), ("mode", "replying")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_reply_carries_cc_and_bcc_and_the_customer_never_sees_the_bcc() {
    let w = world(None).await;
    let replies = format!("/api/v1/cases/{}/replies", w.case);
    // a bad address is named under the field as the form labels it
    let r = w
        .app
        .post(
            &replies,
            &w.amy,
            &json!({"body": "ETA Friday.", "cc": ["ops@formosa.test", "not-an-address"], "bcc": ["x@"]}),
        )
        .await;
    let p = expect(r, StatusCode::UNPROCESSABLE_ENTITY, "bad copies").await;
    assert_eq!(problem_fields(&p), ["cc", "bcc"], "{p}");
    assert!(
        p.to_string()
            .contains("not-an-address is not an e-mail address"),
        "{p}"
    );

    let m = expect(
        w.app
            .post(
                &replies,
                &w.amy,
                &json!({"body": "ETA Friday.", "cc": [" ops@formosa.test "], "bcc": ["audit@line.test"]}),
            )
            .await,
        StatusCode::CREATED,
        "reply",
    )
    .await;
    assert_eq!(m["meta"]["cc"], json!(["ops@formosa.test"]));
    assert_eq!(m["meta"]["bcc"], json!(["audit@line.test"]));
    let jobs = purser_store::outbox::pending(&mut w.app.store.clone(), Some("case_reply"), 10)
        .await
        .unwrap();
    let job = jobs
        .iter()
        .find(|j| j.payload["message_id"] == m["id"])
        .expect("the reply is queued");
    assert_eq!(job.payload["to"], json!(["wei@formosa.test"]));
    assert_eq!(job.payload["cc"], json!(["ops@formosa.test"]));
    assert_eq!(job.payload["bcc"], json!(["audit@line.test"]));
    // the audit records the reply with its copies
    let audit = audit_of(&w, "case", w.case).await;
    assert!(audit.to_string().contains("audit@line.test"), "{audit}");

    // the customer reads the CC but not the BCC, in JSON and in the portal
    let msgs = expect(
        w.app
            .get(&format!("/api/v1/cases/{}/messages", w.case), &w.portal)
            .await,
        StatusCode::OK,
        "customer's messages",
    )
    .await;
    assert!(msgs.to_string().contains("ops@formosa.test"), "{msgs}");
    assert!(!msgs.to_string().contains("audit@line.test"), "{msgs}");
    let portal = html(
        &w.app,
        "buyer@formosa.test",
        &format!("/portal/cases/{}", w.case),
    )
    .await;
    assert!(portal.contains("Cc: ops@formosa.test"));
    assert!(!portal.contains("audit@line.test"));
    // staff see both
    let staff = html(&w.app, "sue@line.test", &format!("/cases/{}", w.case)).await;
    assert!(staff.contains("Cc: ops@formosa.test · Bcc: audit@line.test"));
}
