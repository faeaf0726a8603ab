//! The customer API end to end: create, read with ETag, conditional update, archive,
//! search and pages, duplicates, bad input, idempotency and the audit trail.

use crate::common;

use common::*;
use purser_domain::roles::Role;
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn an_agent_creates_reads_updates_and_a_supervisor_archives_a_customer() {
    let app = TestApp::spawn().await;
    let amy = app.user("amy@t.test", Role::Agent, None, None).await;
    let sam = app.user("sam@t.test", Role::Supervisor, None, None).await;
    let r = app
        .post("/api/v1/customers", &amy, &json!({"legal_name": "Evergreen Marine Corp.", "local_name": "長榮海運股份有限公司", "main_office": "tw khh", "tier": "gold", "account_owner_id": amy.id}))
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let location = r.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(r.headers()["etag"], "\"1\"");
    let c = json_of(r).await;
    assert_eq!(
        (c["main_office"].as_str(), c["number"].as_str()),
        (Some("TWKHH"), Some("C-000001"))
    );
    let id = c["id"].as_str().unwrap().to_string();
    assert_eq!(location, format!("/api/v1/customers/{id}"));

    let r = app.get(&location, &amy).await;
    assert_eq!(r.headers()["etag"], "\"1\"");
    assert_eq!(json_of(r).await["local_name"], "長榮海運股份有限公司");

    // updates need If-Match; a stale one is refused and changes nothing
    let r = app
        .req(Method::PATCH, &location, &amy)
        .json(&json!({"tier": "platinum"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::PRECONDITION_REQUIRED);
    let r = app
        .patch(
            &location,
            &amy,
            "\"1\"",
            &json!({"tier": "platinum", "key_account": true}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["etag"], "\"2\"");
    let r = app
        .patch(&location, &sam, "\"1\"", &json!({"tier": "bronze"}))
        .await;
    assert_eq!(r.status(), StatusCode::PRECONDITION_FAILED);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    let now = json_of(app.get(&location, &amy).await).await;
    assert_eq!(
        (
            now["tier"].as_str(),
            now["key_account"].as_bool(),
            now["version"].as_i64()
        ),
        (Some("platinum"), Some(true), Some(2))
    );

    // agents may not archive; supervisors may, and the customer leaves the default list
    assert_eq!(
        app.delete(&location, &amy).await.status(),
        StatusCode::FORBIDDEN
    );
    let r = app.delete(&location, &sam).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(json_of(r).await["status"], "archived");
    let list = json_of(app.get("/api/v1/customers", &amy).await).await;
    assert!(list["items"].as_array().unwrap().is_empty());
    let list = json_of(app.get("/api/v1/customers?status=archived", &amy).await).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);

    // every change is in the audit history, newest first, with before and after
    let audit = json_of(
        app.get(
            &format!("/api/v1/audit?object_type=customer&object_id={id}"),
            &sam,
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
    assert_eq!(actions, ["delete", "update", "create"]);
    assert_eq!(audit[1]["before"]["tier"], "gold");
    assert_eq!(audit[1]["after"]["tier"], "platinum");
    assert_eq!(audit[1]["actor_label"], "amy <amy@t.test>");
    // and nothing can change it
    for m in [Method::PUT, Method::DELETE, Method::PATCH, Method::POST] {
        let r = app
            .req(m.clone(), "/api/v1/audit", &sam)
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        assert!(
            r.status() == StatusCode::METHOD_NOT_ALLOWED || r.status() == StatusCode::NOT_FOUND,
            "{m} {}",
            r.status()
        );
    }
}

#[tokio::test]
async fn bad_input_names_each_field_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let amy = app.user("amy@t.test", Role::Agent, None, None).await;
    let cases = [
        (json!({"legal_name": 42}), 422, vec!["legal_name"]),
        (json!({}), 422, vec!["legal_name"]),
        (
            json!({"legal_name": "A", "favourite_colour": "red"}),
            422,
            vec!["favourite_colour"],
        ),
        (
            json!({"legal_name": "A", "main_office": "TW1HH"}),
            422,
            vec!["main_office"],
        ),
        (
            json!({"legal_name": "", "time_zone": "Moon/Base"}),
            422,
            vec!["legal_name", "time_zone"],
        ),
        (
            json!({"legal_name": "A", "tier": "diamond"}),
            422,
            vec!["tier"],
        ),
        (
            json!({"legal_name": "A", "account_owner_id": "01900000-0000-7000-8000-000000000000"}),
            422,
            vec!["account_owner_id"],
        ),
    ];
    for (body, status, fields) in cases {
        let r = app.post("/api/v1/customers", &amy, &body).await;
        assert_eq!(r.status().as_u16(), status, "{body}");
        assert_eq!(r.headers()["content-type"], "application/problem+json");
        assert_eq!(problem_fields(&json_of(r).await), fields, "{body}");
    }
    let c = app.customer("Good Shipper").await;
    let r = app
        .post(
            &format!("/api/v1/customers/{c}/contacts"),
            &amy,
            &json!({"name": "Mei", "emails": ["not-an-email"], "phones": ["call me"]}),
        )
        .await;
    assert_eq!(problem_fields(&json_of(r).await), ["emails/0", "phones/0"]);

    // malformed JSON is 400, wrong content type 415, a 10 MB body 413
    let r = app
        .req(Method::POST, "/api/v1/customers", &amy)
        .header("content-type", "application/json")
        .body("{\"legal_name\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = app
        .req(Method::POST, "/api/v1/customers", &amy)
        .header("content-type", "text/plain")
        .body("legal_name=A")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let big = format!("{{\"legal_name\": \"{}\"}}", "x".repeat(10 * 1024 * 1024));
    let r = app
        .req(Method::POST, "/api/v1/customers", &amy)
        .header("content-type", "application/json")
        .body(big)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);

    // nothing but the one good customer exists, and the audit has only its creation
    let list = json_of(app.get("/api/v1/customers", &amy).await).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    let audit = json_of(
        app.get(
            &format!("/api/v1/audit?object_type=customer&object_id={c}"),
            &amy,
        )
        .await,
    )
    .await;
    assert_eq!(audit.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn html_and_sql_in_text_are_stored_inert_and_shown_escaped() {
    let app = TestApp::spawn().await;
    let amy = app.user("amy@t.test", Role::Agent, None, None).await;
    let nasty = "<script>alert(1)</script>'; DROP TABLE customers; --";
    let r = app
        .post(
            "/api/v1/customers",
            &amy,
            &json!({"legal_name": nasty, "service_requirements": "<img src=x onerror=alert(1)>"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let c = json_of(r).await;
    assert_eq!(c["legal_name"], nasty, "stored exactly as typed");
    let id = c["id"].as_str().unwrap();
    // the table is still there and the search finds it by a word
    let found = json_of(app.get("/api/v1/customers?q=drop", &amy).await).await;
    assert_eq!(found["items"][0]["id"], c["id"]);
    // the console escapes it
    let cookie = login(&app, "amy@t.test").await;
    let html = app
        .client
        .get(format!("{}/customers/{id}", app.url))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!html.contains("<script>alert(1)</script>"));
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;") || html.contains("&#60;script&#62;")
    );
    assert!(!html.contains("<img src=x"));
}

/// Logs in through the form, as a browser would; returns the Cookie header value.
pub async fn login(app: &TestApp, email: &str) -> String {
    let page = app
        .client
        .get(format!("{}/login", app.url))
        .send()
        .await
        .unwrap();
    let pre = page.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let html = page.text().await.unwrap();
    let csrf = html
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let r = app
        .client
        .post(format!("{}/login", app.url))
        .header("cookie", pre)
        .form(&[
            ("csrf", csrf.as_str()),
            ("email", email),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "log-in succeeds");
    let set = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("purser_session="))
        .unwrap();
    assert!(set.contains("HttpOnly") && set.contains("SameSite=Lax"));
    set.split(';').next().unwrap().to_string()
}

#[tokio::test]
async fn search_filters_and_cursor_pages_walk_the_whole_book_once() {
    let app = TestApp::spawn().await;
    let amy = app.user("amy@t.test", Role::Agent, None, None).await;
    for i in 0..23 {
        app.customer(&format!("Shipper {i:02} Logistics")).await;
    }
    app.customer("台灣塑膠工業股份有限公司").await;
    let mut seen = Vec::new();
    let mut url = "/api/v1/customers?limit=5&sort=-name".to_string();
    loop {
        let page = json_of(app.get(&url, &amy).await).await;
        for item in page["items"].as_array().unwrap() {
            seen.push(item["legal_name"].as_str().unwrap().to_string());
        }
        match page["next_cursor"].as_str() {
            Some(c) => url = format!("/api/v1/customers?limit=5&sort=-name&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(seen.len(), 24);
    let mut sorted = seen.clone();
    sorted.sort_by_key(|s| std::cmp::Reverse(s.to_lowercase()));
    assert_eq!(seen, sorted);
    let q = json_of(
        app.get("/api/v1/customers?q=%E5%A1%91%E8%86%A0", &amy)
            .await,
    )
    .await;
    assert_eq!(q["items"][0]["legal_name"], "台灣塑膠工業股份有限公司");
    let q = json_of(app.get("/api/v1/customers?q=shipper%2007", &amy).await).await;
    assert_eq!(q["items"].as_array().unwrap().len(), 1);
    let r = app
        .get("/api/v1/customers?limit=0&tier=diamond&cursor=zzz", &amy)
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        problem_fields(&json_of(r).await),
        ["tier", "limit", "cursor"]
    );
}

#[tokio::test]
async fn a_retried_create_with_the_same_idempotency_key_makes_one_customer() {
    let app = TestApp::spawn().await;
    let amy = app.user("amy@t.test", Role::Agent, None, None).await;
    let body = json!({"legal_name": "Retry Shipping Ltd"});
    let send = |b: serde_json::Value| {
        let req = app
            .req(Method::POST, "/api/v1/customers", &amy)
            .header("Idempotency-Key", "k-123")
            .json(&b);
        async move { req.send().await.unwrap() }
    };
    let first = send(body.clone()).await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let first_id = json_of(first).await["id"].clone();
    let again = send(body.clone()).await;
    assert_eq!(again.status(), StatusCode::CREATED);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(json_of(again).await["id"], first_id);
    let other = send(json!({"legal_name": "Something Else"})).await;
    assert_eq!(other.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem_fields(&json_of(other).await), ["Idempotency-Key"]);
    let list = json_of(app.get("/api/v1/customers", &amy).await).await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn likely_duplicates_are_flagged_on_create() {
    let app = TestApp::spawn().await;
    let amy = app.user("amy@t.test", Role::Agent, None, None).await;
    let a = json_of(app.post("/api/v1/customers", &amy, &json!({"legal_name": "Yang Ming Marine Transport Corp.", "local_name": "陽明海運股份有限公司"})).await).await;
    let b = json_of(
        app.post(
            "/api/v1/customers",
            &amy,
            &json!({"legal_name": "YANG MING MARINE TRANSPORT CORPORATION"}),
        )
        .await,
    )
    .await;
    let c = json_of(
        app.post(
            "/api/v1/customers",
            &amy,
            &json!({"legal_name": "陽明海運 (股) 公司"}),
        )
        .await,
    )
    .await;
    assert_eq!(b["possible_duplicates"], json!([a["id"]]));
    assert_eq!(c["possible_duplicates"], json!([a["id"]]));
    let d = json_of(
        app.get(
            &format!("/api/v1/customers/{}/duplicates", b["id"].as_str().unwrap()),
            &amy,
        )
        .await,
    )
    .await;
    assert_eq!(d[0]["id"], a["id"]);
}
