//! The knowledge base over the API (issue 15, item 6): each role reads what it may (a
//! customer public articles only, a department no drafts), the desk writes and only a
//! supervisor publishes, every edit is a version with its audit entry, the diff names the
//! changed lines, translations link both ways, and bad input is a problem naming the field.

use crate::common::*;
use crate::kb_world::{KbPeople, people};
use reqwest::StatusCode;
use serde_json::{Value, json};

struct Desk {
    app: TestApp,
    sup: Who,
    amy: Who,
    leo: Who,
    cust: Who,
}

async fn desk() -> Desk {
    let app = TestApp::spawn().await;
    let KbPeople {
        sup,
        amy,
        leo,
        cust,
        ..
    } = people(&app).await;
    Desk {
        app,
        sup,
        amy,
        leo,
        cust,
    }
}

fn article(title: &str, state: &str) -> Value {
    json!({"category": "glossary", "title": title, "body": format!("{title}\nsecond line"),
           "language": "en", "state": state})
}

async fn write(d: &Desk, who: &Who, body: &Value) -> Value {
    let r = d.app.post("/api/v1/kb/articles", who, body).await;
    let status = r.status();
    let v = json_of(r).await;
    assert_eq!(status, StatusCode::CREATED, "{v}");
    v
}

async fn put(d: &Desk, who: &Who, id: &str, etag: &str, body: &Value) -> reqwest::Response {
    d.app
        .req(
            reqwest::Method::PUT,
            &format!("/api/v1/kb/articles/{id}"),
            who,
        )
        .header("If-Match", etag)
        .json(body)
        .send()
        .await
        .unwrap()
}

fn titles(page: &Value) -> Vec<String> {
    let mut t: Vec<String> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap().to_string())
        .collect();
    t.sort();
    t
}

#[tokio::test]
async fn a_customer_reads_only_public_articles_and_a_department_no_drafts() {
    let d = desk().await;
    let draft = write(&d, &d.sup, &article("Draft term", "draft")).await;
    let internal = write(&d, &d.sup, &article("Internal term", "internal")).await;
    let public = write(&d, &d.sup, &article("Public term", "public")).await;
    let list = |who: &Who| {
        let app = &d.app;
        let who = who.clone();
        async move { json_of(app.get("/api/v1/kb/articles", &who).await).await }
    };
    assert_eq!(titles(&list(&d.cust).await), ["Public term"]);
    assert_eq!(
        titles(&list(&d.leo).await),
        ["Internal term", "Public term"]
    );
    assert_eq!(
        titles(&list(&d.amy).await),
        ["Draft term", "Internal term", "Public term"]
    );
    // asking for a state one may not read lists nothing, it does not widen the rule
    let asked = json_of(d.app.get("/api/v1/kb/articles?state=draft", &d.cust).await).await;
    assert!(titles(&asked).is_empty());

    let get = |who: &Who, a: &Value| {
        let path = format!("/api/v1/kb/articles/{}", a["id"].as_str().unwrap());
        let app = &d.app;
        let who = who.clone();
        async move { app.get(&path, &who).await.status() }
    };
    assert_eq!(get(&d.cust, &public).await, StatusCode::OK);
    assert_eq!(get(&d.cust, &internal).await, StatusCode::NOT_FOUND);
    assert_eq!(get(&d.cust, &draft).await, StatusCode::NOT_FOUND);
    assert_eq!(get(&d.leo, &internal).await, StatusCode::OK);
    assert_eq!(get(&d.leo, &draft).await, StatusCode::NOT_FOUND);
    assert_eq!(get(&d.amy, &draft).await, StatusCode::OK);

    // the history is the desk's
    let versions = format!(
        "/api/v1/kb/articles/{}/versions",
        public["id"].as_str().unwrap()
    );
    assert_eq!(
        d.app.get(&versions, &d.cust).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        d.app.get(&versions, &d.leo).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(d.app.get(&versions, &d.amy).await.status(), StatusCode::OK);
    // and neither a customer nor a department writes
    for who in [&d.cust, &d.leo] {
        let r = d
            .app
            .post("/api/v1/kb/articles", who, &article("Mine", "draft"))
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn an_agent_writes_drafts_and_internal_articles_but_only_a_supervisor_publishes() {
    let d = desk().await;
    let r = d
        .app
        .post("/api/v1/kb/articles", &d.amy, &article("VGM", "public"))
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let a = write(&d, &d.amy, &article("VGM", "internal")).await;
    let id = a["id"].as_str().unwrap();
    let r = put(&d, &d.amy, id, "\"1\"", &article("VGM", "public")).await;
    assert_eq!(
        r.status(),
        StatusCode::FORBIDDEN,
        "an agent may not publish"
    );
    let r = put(&d, &d.sup, id, "\"1\"", &article("VGM", "public")).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["etag"], "\"2\"");
    // a public article is the supervisor's to change or take back
    let r = put(
        &d,
        &d.amy,
        id,
        "\"2\"",
        &article("VGM (verified gross mass)", "public"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = put(&d, &d.amy, id, "\"2\"", &article("VGM", "internal")).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = put(&d, &d.sup, id, "\"2\"", &article("VGM", "internal")).await;
    assert_eq!(r.status(), StatusCode::OK);

    let audit = json_of(
        d.app
            .get(
                &format!("/api/v1/audit?object_type=kb_article&object_id={id}"),
                &d.sup,
            )
            .await,
    )
    .await;
    let actions: Vec<&str> = audit
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["unpublish", "publish", "create"], "newest first");
    assert_eq!(audit[1]["before"]["state"], "internal");
    assert_eq!(audit[1]["after"]["state"], "public");
}

#[tokio::test]
async fn every_edit_is_a_version_and_the_diff_names_the_changed_lines() {
    let d = desk().await;
    let mut body = json!({"category": "procedure", "title": "Free time",
        "body": "Free time is 5 days.\nCounted in calendar days.\nAsk us before it ends.",
        "language": "en", "state": "draft"});
    let a = write(&d, &d.amy, &body).await;
    let id = a["id"].as_str().unwrap().to_string();
    body["body"] = json!(
        "Free time is 7 days.\r\nCounted in calendar days.\r\nAsk us before it ends.\r\nWeekends count."
    );
    let r = put(&d, &d.amy, &id, "\"1\"", &body).await;
    assert_eq!(r.status(), StatusCode::OK);
    body["title"] = json!("Free time at Kaohsiung");
    assert_eq!(
        put(&d, &d.amy, &id, "\"2\"", &body).await.status(),
        StatusCode::OK
    );

    let versions = json_of(
        d.app
            .get(&format!("/api/v1/kb/articles/{id}/versions"), &d.amy)
            .await,
    )
    .await;
    let numbers: Vec<i64> = versions
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["version"].as_i64().unwrap())
        .collect();
    assert_eq!(numbers, [3, 2, 1]);
    assert!(
        versions[0]["edited_by_label"]
            .as_str()
            .unwrap()
            .contains("amy@line.test")
    );
    let v1 = json_of(
        d.app
            .get(&format!("/api/v1/kb/articles/{id}/versions/1"), &d.amy)
            .await,
    )
    .await;
    assert_eq!(
        v1["body"],
        "Free time is 5 days.\nCounted in calendar days.\nAsk us before it ends."
    );

    let diff = json_of(
        d.app
            .get(
                &format!("/api/v1/kb/articles/{id}/diff?from=1&to=3"),
                &d.amy,
            )
            .await,
    )
    .await;
    let lines: Vec<(String, String)> = diff["body"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["change"].as_str().unwrap().to_string(),
                l["text"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected = [
        ("removed", "Free time is 5 days."),
        ("added", "Free time is 7 days."),
        ("kept", "Counted in calendar days."),
        ("kept", "Ask us before it ends."),
        ("added", "Weekends count."),
    ];
    assert_eq!(
        lines,
        expected.map(|(c, t)| (c.to_string(), t.to_string())),
        "CRLF typed in the edit is kept as LF, so unchanged lines stay kept"
    );
    assert_eq!(diff["title"][0]["change"], "removed");
    assert_eq!(diff["title"][1]["text"], "Free time at Kaohsiung");
    assert_eq!(
        (
            diff["from"]["version"].as_i64(),
            diff["to"]["version"].as_i64()
        ),
        (Some(1), Some(3))
    );
}

#[tokio::test]
async fn translations_are_linked_both_ways_and_a_new_link_drops_the_old_one() {
    let d = desk().await;
    let en = write(&d, &d.sup, &article("Demurrage", "public")).await;
    let en_id = en["id"].as_str().unwrap();
    let mut zh = json!({"category": "glossary", "title": "櫃場延滯費", "body": "貨櫃在碼頭內超過免費期的費用。",
        "language": "zh-TW", "state": "public", "translation_id": en_id});
    let zh1 = write(&d, &d.sup, &zh).await;
    let en_now = json_of(
        d.app
            .get(&format!("/api/v1/kb/articles/{en_id}"), &d.sup)
            .await,
    )
    .await;
    assert_eq!(
        en_now["translation_id"], zh1["id"],
        "the English article points back"
    );
    assert_eq!(en_now["version"], 2, "the link is an edit of its own");

    // a second Chinese article may not take a translation that is linked already
    zh["title"] = json!("滯櫃費");
    let r = d.app.post("/api/v1/kb/articles", &d.sup, &zh).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem_fields(&json_of(r).await), ["translation_id"]);
    // unlinking the first frees the English article for the second
    let mut unlinked = zh.clone();
    unlinked["title"] = json!("櫃場延滯費");
    unlinked["translation_id"] = Value::Null;
    let zh1_id = zh1["id"].as_str().unwrap();
    assert_eq!(
        put(&d, &d.sup, zh1_id, "\"1\"", &unlinked).await.status(),
        StatusCode::OK
    );
    let en_now = json_of(
        d.app
            .get(&format!("/api/v1/kb/articles/{en_id}"), &d.sup)
            .await,
    )
    .await;
    assert_eq!(en_now["translation_id"], Value::Null);
    let zh2 = write(&d, &d.sup, &zh).await;
    let en_now = json_of(
        d.app
            .get(&format!("/api/v1/kb/articles/{en_id}"), &d.sup)
            .await,
    )
    .await;
    assert_eq!(en_now["translation_id"], zh2["id"]);
}

#[tokio::test]
async fn bad_input_is_a_problem_naming_the_field_and_its_label() {
    let d = desk().await;
    let check = |r: reqwest::Response, status: StatusCode, fields: &'static [&'static str]| async move {
        assert_eq!(r.status(), status);
        assert_eq!(
            r.headers()["content-type"].to_str().unwrap(),
            "application/problem+json"
        );
        let p = json_of(r).await;
        assert_eq!(problem_fields(&p), fields, "{p}");
        p
    };
    let mut bad = article("  ", "draft");
    bad["body"] = json!("");
    let p = check(
        d.app.post("/api/v1/kb/articles", &d.amy, &bad).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        &["title", "body"],
    )
    .await;
    assert_eq!(p["errors"][0]["label"], "Title");
    let mut bad = article("Term", "draft");
    bad["category"] = json!("faq");
    check(
        d.app.post("/api/v1/kb/articles", &d.amy, &bad).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        &["category"],
    )
    .await;
    let en = write(&d, &d.amy, &article("Cut-off", "draft")).await;
    let mut same = article("Cut-off time", "draft");
    same["translation_id"] = en["id"].clone();
    let p = check(
        d.app.post("/api/v1/kb/articles", &d.amy, &same).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        &["translation_id"],
    )
    .await;
    assert_eq!(p["errors"][0]["label"], "Translation");
    same["translation_id"] = json!(uuid::Uuid::now_v7());
    check(
        d.app.post("/api/v1/kb/articles", &d.amy, &same).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        &["translation_id"],
    )
    .await;
    check(
        d.app
            .get("/api/v1/kb/articles?state=secret&language=fr", &d.amy)
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        &["state", "language"],
    )
    .await;
    let id = en["id"].as_str().unwrap();
    check(
        d.app
            .get(&format!("/api/v1/kb/articles/{id}/diff?from=1"), &d.amy)
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        &["to"],
    )
    .await;
    check(
        d.app
            .get(
                &format!("/api/v1/kb/articles/{id}/diff?from=1&to=9"),
                &d.amy,
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        &["to"],
    )
    .await;
    // an edit must say which version it changes, and the current one
    let r = d
        .app
        .req(
            reqwest::Method::PUT,
            &format!("/api/v1/kb/articles/{id}"),
            &d.amy,
        )
        .json(&article("Cut-off", "draft"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::PRECONDITION_REQUIRED);
    let r = put(&d, &d.amy, id, "\"7\"", &article("Cut-off", "draft")).await;
    assert_eq!(r.status(), StatusCode::PRECONDITION_FAILED);
    let r = d
        .app
        .get(
            &format!("/api/v1/kb/articles/{}", uuid::Uuid::now_v7()),
            &d.amy,
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_openapi_document_describes_the_knowledge_base() {
    let d = desk().await;
    let doc: Value = d
        .app
        .client
        .get(format!("{}/api/openapi.json", d.app.url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for (path, method) in [
        ("/api/v1/kb/articles", "get"),
        ("/api/v1/kb/articles", "post"),
        ("/api/v1/kb/articles/{id}", "get"),
        ("/api/v1/kb/articles/{id}", "put"),
        ("/api/v1/kb/articles/{id}/versions", "get"),
        ("/api/v1/kb/articles/{id}/versions/{version}", "get"),
        ("/api/v1/kb/articles/{id}/diff", "get"),
    ] {
        assert!(doc["paths"][path][method].is_object(), "{method} {path}");
    }
    let input = &doc["components"]["schemas"]["ArticleInput"];
    assert_eq!(
        input["properties"]["state"]["$ref"], "#/components/schemas/ArticleState",
        "{input}"
    );
    assert_eq!(input["additionalProperties"], false);
}
