//! Search end to end through the real server and its indexer, on SQLite and (with
//! `PURSER_TEST_BACKEND=postgres`) PostgreSQL: a case created through the API is found by a
//! word and by its number within a few indexer rounds; a customer user never finds another
//! company's case or an internal note, not even in the counts; Chinese folds Traditional
//! and Simplified; bad parameters are 400 problem documents naming the parameter.

use crate::common;

use common::*;
use purser_domain::roles::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

async fn get_q(app: &TestApp, who: &Who, q: &str) -> reqwest::Response {
    app.req(reqwest::Method::GET, "/api/v1/search", who)
        .query(&[("q", q)])
        .send()
        .await
        .unwrap()
}

async fn search(app: &TestApp, who: &Who, q: &str) -> Value {
    let r = get_q(app, who, q).await;
    let status = r.status();
    let body = json_of(r).await;
    assert_eq!(status, StatusCode::OK, "{q}: {body}");
    body
}

/// Polls until `who` finds a hit of `kind` (the indexer runs every 200 ms); fails past a
/// deadline far beyond the promised second, so a slow machine does not fail it.
async fn found(app: &TestApp, who: &Who, q: &str, kind: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let page = search(app, who, q).await;
        if page["hits"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["kind"] == kind)
        {
            return page;
        }
        assert!(
            Instant::now() < deadline,
            "{q} never found a {kind}: {page}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn created(r: reqwest::Response) -> Value {
    let status = r.status();
    let body = json_of(r).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body
}

#[tokio::test]
async fn a_new_case_is_found_by_a_word_and_by_its_number() {
    let app = TestApp::spawn().await;
    let amy = app.user("amy@line.test", Role::Agent, None, None).await;
    let cust = app.customer("Formosa Plastics").await;
    let case = created(
        app.post(
            "/api/v1/cases",
            &amy,
            &json!({"subject": "Reefer unplugged at Kaohsiung", "customer_id": cust}),
        )
        .await,
    )
    .await;
    let page = found(&app, &amy, "reefer", "case").await;
    let hit = &page["hits"][0];
    assert_eq!(hit["id"], case["id"]);
    assert_eq!(hit["case_id"], case["id"]);
    assert_eq!(page["counts"]["case"], 1);

    let number = case["number"].as_str().unwrap();
    let page = found(&app, &amy, &number.to_lowercase(), "case").await;
    assert_eq!(page["hits"][0]["id"], case["id"]);
    assert_eq!(page["hits"][0]["exact"], true);
}

#[tokio::test]
async fn a_customer_never_finds_another_companys_case_or_an_internal_note() {
    let app = TestApp::spawn().await;
    let amy = app.user("amy@line.test", Role::Agent, None, None).await;
    let alpha = app.customer("Alpha Shipping").await;
    let bravo = app.customer("Bravo Trading").await;
    let alpha_user = app
        .user("wei@alpha.test", Role::Customer, None, Some(alpha))
        .await;
    let own = created(
        app.post(
            "/api/v1/cases",
            &amy,
            &json!({"subject": "Lashing damage report", "customer_id": alpha}),
        )
        .await,
    )
    .await;
    let other = created(
        app.post(
            "/api/v1/cases",
            &amy,
            &json!({"subject": "Lashing survey for Bravo", "customer_id": bravo}),
        )
        .await,
    )
    .await;
    let note = app
        .post(
            &format!("/api/v1/cases/{}/notes", own["id"].as_str().unwrap()),
            &amy,
            &json!({"body": "Lashing crew blamed; goodwill likely"}),
        )
        .await;
    assert!(note.status().is_success(), "{}", note.text().await.unwrap());

    // staff see all three once indexed
    let staff = found(&app, &amy, "goodwill", "message").await;
    assert_eq!(staff["counts"]["message"], 1);
    let staff = found(&app, &amy, "lashing", "case").await;
    assert_eq!(staff["counts"]["case"], 2);

    let mine = search(&app, &alpha_user, "lashing").await;
    let ids: Vec<&Value> = mine["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| &h["id"])
        .collect();
    assert_eq!(ids, [&own["id"]], "{mine}");
    assert_eq!(
        mine["counts"],
        json!({"case": 1}),
        "the note and Bravo's case are not counted"
    );
    let note_search = search(&app, &alpha_user, "goodwill").await;
    assert_eq!(note_search["hits"], json!([]));
    assert_eq!(note_search["counts"], json!({}));
    let by_number = search(&app, &alpha_user, other["number"].as_str().unwrap()).await;
    assert_eq!(by_number["hits"], json!([]));
    assert_eq!(by_number["counts"], json!({}));
}

#[tokio::test]
async fn traditional_chinese_finds_simplified() {
    let app = TestApp::spawn().await;
    let amy = app.user("amy@line.test", Role::Agent, None, None).await;
    let case = created(
        app.post(
            "/api/v1/cases",
            &amy,
            &json!({"subject": "电放提单尚未收到"}),
        )
        .await,
    )
    .await;
    let page = found(&app, &amy, "提單", "case").await;
    let hit = page["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["kind"] == "case")
        .unwrap();
    assert_eq!(hit["id"], case["id"]);
}

#[tokio::test]
async fn bad_parameters_are_400_problems_naming_the_parameter_and_odd_queries_never_fail() {
    let app = TestApp::spawn().await;
    let amy = app.user("amy@line.test", Role::Agent, None, None).await;
    for (query, param) in [
        ("q=x&limit=0", "limit"),
        ("q=x&limit=201", "limit"),
        ("q=x&limit=many", "limit"),
        ("q=x&limit=", "limit"),
        ("q=x&limit=+5", "limit"),
        ("q=x&limit=05", "limit"),
        ("q=x&kind=Case!", "kind"),
        ("q=x&kind=", "kind"),
        ("q=x&kind=Case", "kind"),
        ("q=x&kind=case,", "kind"),
        ("q=x&kind=case,%20message", "kind"),
        ("q=x&cursor=not-a-cursor", "cursor"),
        ("q=after:yesterday", "after"),
    ] {
        let r = app.get(&format!("/api/v1/search?{query}"), &amy).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(
            r.headers()["content-type"].to_str().unwrap(),
            "application/problem+json",
            "{query}"
        );
        assert_eq!(problem_fields(&json_of(r).await), [param], "{query}");
    }
    let long = "word ".repeat(2_000);
    for q in [
        "",
        "!!!,,,???",
        "\"unbalanced quote",
        "a\u{0}b\u{7}c",
        "-",
        "kind:",
        "nosuchfilter:x",
        long.as_str(),
    ] {
        let r = get_q(&app, &amy, q).await;
        assert!(
            r.status() == StatusCode::OK || r.status() == StatusCode::BAD_REQUEST,
            "{:?}: {}",
            &q[..q.len().min(20)],
            r.status()
        );
    }
}

#[tokio::test]
async fn customers_find_public_articles_and_only_the_desk_finds_drafts() {
    let app = TestApp::spawn().await;
    let sup = app
        .user("sue@line.test", Role::Supervisor, None, None)
        .await;
    let cust = app.customer("Alpha Shipping").await;
    let portal = app
        .user("wei@alpha.test", Role::Customer, None, Some(cust))
        .await;
    let mut ids = Vec::new();
    for state in ["public", "internal", "draft"] {
        let a = created(
            app.post(
                "/api/v1/kb/articles",
                &sup,
                &json!({"category": "glossary", "title": format!("Demurrage ({state})"),
                        "body": "Demurrage is charged for containers kept in the terminal past free time.",
                        "language": "en", "state": state}),
            )
            .await,
        )
        .await;
        ids.push(a["id"].clone());
    }
    let desk = found(&app, &sup, "demurrage", "article").await;
    let deadline = Instant::now() + Duration::from_secs(15);
    let mut desk = desk;
    while desk["counts"]["article"] != 3 {
        assert!(Instant::now() < deadline, "{desk}");
        tokio::time::sleep(Duration::from_millis(50)).await;
        desk = search(&app, &sup, "demurrage").await;
    }
    let theirs = search(&app, &portal, "demurrage").await;
    let got: Vec<&Value> = theirs["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| &h["id"])
        .collect();
    assert_eq!(got, [&ids[0]], "{theirs}");
    assert_eq!(theirs["counts"], json!({"article": 1}));
}
