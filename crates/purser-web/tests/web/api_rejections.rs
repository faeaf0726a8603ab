//! What axum refuses before a handler runs — a path id that is no id, a query without its
//! required field, a body with no or the wrong Content-Type, a method the path does not
//! answer — is a problem document like every other API error; and an If-Match naming no
//! version of the object is 412.

use crate::common;

use common::*;
use purser_domain::roles::Role;
use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};

/// The status and the problem document of an answer, checking it is one.
async fn problem_of(r: Response) -> (StatusCode, Value) {
    let status = r.status();
    assert_eq!(
        r.headers()["content-type"],
        "application/problem+json",
        "{status} is not a problem document"
    );
    let p: Value = r.json().await.unwrap();
    assert_eq!(p["status"], status.as_u16(), "{p}");
    assert!(p["title"].is_string(), "{p}");
    (status, p)
}

#[tokio::test]
async fn a_path_id_that_is_no_id_is_a_404_problem_naming_the_parameter() {
    let app = TestApp::spawn().await;
    let amy = app.user("amy@t.test", Role::Agent, None, None).await;
    let (status, p) = problem_of(app.get("/api/v1/cases/not-a-uuid", &amy).await).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(problem_fields(&p), ["id"]);
    let customer = app.customer("Wan Hai Lines").await;
    let (status, p) = problem_of(
        app.get(&format!("/api/v1/customers/{customer}/contacts/42"), &amy)
            .await,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(problem_fields(&p), ["id"]);
}

#[tokio::test]
async fn a_query_without_its_required_field_is_a_422_problem_naming_it() {
    let app = TestApp::spawn().await;
    let amy = app.user("amy@t.test", Role::Agent, None, None).await;
    let r = app
        .req(Method::POST, "/api/v1/mail/inbound", &amy)
        .header("content-type", "message/rfc822")
        .body("From: a@b.test\r\n\r\nhello\r\n")
        .send()
        .await
        .unwrap();
    let (status, p) = problem_of(r).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem_fields(&p), ["mailbox"]);
    assert_eq!(p["errors"][0]["message"], "is required");
    let (status, p) = problem_of(app.get("/api/v1/audit?object_type=customer", &amy).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem_fields(&p), ["object_id"]);
    let (status, p) = problem_of(
        app.get("/api/v1/audit?object_type=customer&object_id=x", &amy)
            .await,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem_fields(&p), ["object_id"]);
    assert!(
        !p["detail"]
            .as_str()
            .unwrap()
            .contains("object_id: object_id"),
        "{p}"
    );
}

#[tokio::test]
async fn a_body_with_no_or_the_wrong_content_type_is_a_415_problem() {
    let app = TestApp::spawn().await;
    let amy = app.user("amy@t.test", Role::Agent, None, None).await;
    let none = app
        .req(Method::POST, "/api/v1/customers", &amy)
        .body(r#"{"legal_name": "Yang Ming"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(problem_of(none).await.0, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let form = app
        .req(Method::POST, "/api/v1/customers", &amy)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("legal_name=Yang+Ming")
        .send()
        .await
        .unwrap();
    assert_eq!(problem_of(form).await.0, StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn a_method_the_path_does_not_answer_is_a_405_problem_with_allow() {
    let app = TestApp::spawn().await;
    let amy = app.user("amy@t.test", Role::Agent, None, None).await;
    let r = app
        .req(Method::PUT, "/api/v1/customers", &amy)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    let allow = r.headers()["allow"].to_str().unwrap().to_string();
    assert!(allow.contains("GET") && allow.contains("POST"), "{allow}");
    let (status, _) = problem_of(r).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn an_if_match_naming_no_version_is_412_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let amy = app.user("amy@t.test", Role::Agent, None, None).await;
    let id = app.customer("Evergreen").await;
    let path = format!("/api/v1/customers/{id}");
    for etag in ["\"yesterday\"", "W/\"x\"", "\"99\"", "\"0\""] {
        let r = app.patch(&path, &amy, etag, &json!({"tier": "gold"})).await;
        let (status, _) = problem_of(r).await;
        assert_eq!(status, StatusCode::PRECONDITION_FAILED, "If-Match: {etag}");
    }
    let now = json_of(app.get(&path, &amy).await).await;
    assert_eq!(now["version"], 1);
    assert_ne!(now["tier"], "gold");
    // the version it is at still works
    let r = app
        .patch(&path, &amy, "\"1\"", &json!({"tier": "gold"}))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn an_sla_policy_naming_a_contract_that_does_not_exist_is_a_422_not_a_500() {
    let app = TestApp::spawn().await;
    let sam = app.user("sam@t.test", Role::Supervisor, None, None).await;
    let r = app
        .post(
            "/api/v1/sla-policies",
            &sam,
            &json!({"name": "Gold contract", "contract_id": uuid::Uuid::now_v7(), "first_response_mins": 60}),
        )
        .await;
    let (status, p) = problem_of(r).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem_fields(&p), ["contract_id"]);
}

#[tokio::test]
async fn a_name_another_record_holds_is_a_409_problem_naming_the_field() {
    let app = TestApp::spawn().await;
    let ada = app.user("ada@t.test", Role::Admin, None, None).await;
    let body = json!({"name": "Claims desk", "kind": "operations", "email": ""});
    let r = app.post("/api/v1/departments", &ada, &body).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let (status, p) = problem_of(app.post("/api/v1/departments", &ada, &body).await).await;
    assert_eq!(status, StatusCode::CONFLICT, "{p}");
    assert_eq!(problem_fields(&p), ["name"]);
}

#[tokio::test]
async fn a_reply_template_subject_with_a_control_character_is_refused() {
    let app = TestApp::spawn().await;
    let sue = app.user("sue@t.test", Role::Supervisor, None, None).await;
    let body = json!({"name": "Ack", "language": "en", "body": "Thanks", "subject": "\u{84}"});
    let (status, p) = problem_of(app.post("/api/v1/reply-templates", &sue, &body).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem_fields(&p), ["subject"]);
}

/// Found by schemathesis: a team naming a calendar that does not exist failed its foreign
/// key and answered 500; a missing overflow team was kept as a dangling link. Both are now
/// refused by field, and nothing is created.
#[tokio::test]
async fn a_team_naming_a_calendar_or_overflow_team_that_does_not_exist_is_a_422_by_field() {
    let app = TestApp::spawn().await;
    let sam = app.user("sam@t.test", Role::Supervisor, None, None).await;
    let nobody = "01a250fe-0000-7000-8000-000000000000";
    for (field, body) in [
        (
            "calendar_id",
            json!({"name": "Reefer desk", "calendar_id": nobody}),
        ),
        (
            "overflow_team_id",
            json!({"name": "Reefer desk", "overflow_team_id": nobody}),
        ),
    ] {
        let (status, p) = problem_of(app.post("/api/v1/teams", &sam, &body).await).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {p}");
        assert_eq!(problem_fields(&p), [field]);
    }
    let teams: Value = app.get("/api/v1/teams", &sam).await.json().await.unwrap();
    assert!(!teams.to_string().contains("Reefer desk"), "{teams}");
}
