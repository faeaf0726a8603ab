//! The service desk's pages, end to end through the log-in form and the session cookie: an
//! agent files and answers a case, a supervisor reassigns in bulk, a customer files a request
//! with a file in the portal and sees only its company's public conversation, and the live
//! event stream tells desk staff (and nobody else) of changes.

use crate::browser;
use crate::common;

use browser::*;
use common::*;
use purser_domain::roles::{Department, Role};
use reqwest::StatusCode;
use std::time::Duration;
use uuid::Uuid;

fn location(r: &reqwest::Response) -> String {
    r.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

/// A `multipart/form-data` body as a browser sends it: (content type, bytes).
fn multipart(fields: &[(&str, &str)], files: &[(&str, &str, &str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "----purser-test-boundary-7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    for (name, filename, content_type, data) in files {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\nContent-Type: {content_type}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(data);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn multipart_post(
    app: &TestApp,
    cookie: &str,
    path: &str,
    fields: &[(&str, &str)],
    files: &[(&str, &str, &str, &[u8])],
) -> reqwest::Response {
    let (content_type, body) = multipart(fields, files);
    app.client
        .post(format!("{}{path}", app.url))
        .header("cookie", cookie)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap()
}

async fn text(app: &TestApp, cookie: &str, path: &str) -> (StatusCode, String) {
    let r = page(app, cookie, path).await;
    (r.status(), r.text().await.unwrap())
}

/// The id at the end of a `/cases/{id}` or `/portal/cases/{id}` redirect.
fn case_id(location: &str) -> Uuid {
    location
        .rsplit('/')
        .next()
        .and_then(|s| s.split('#').next())
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no case id in {location}"))
}

/// Files a case through the console's form, taken by its author; returns its id.
async fn file_case(app: &TestApp, cookie: &str, customer: Option<Uuid>, subject: &str) -> Uuid {
    let csrf = csrf_of(app, cookie).await;
    let customer = customer.map(|c| c.to_string()).unwrap_or_default();
    let r = form_post(
        app,
        cookie,
        "/cases/new",
        &[
            ("csrf", csrf.as_str()),
            ("customer", customer.as_str()),
            ("subject", subject),
            ("case_type", "inquiry"),
            ("priority", "normal"),
            ("channel", "phone"),
            ("message", "Where is my container?"),
            ("assign_me", "true"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "filing {subject}");
    case_id(&location(&r))
}

/// The case number shown in a case page's heading.
fn number_in(html: &str) -> String {
    html.split("class=\"case-number\">")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .expect("the page shows a case number")
        .to_string()
}

#[tokio::test]
async fn an_agent_files_a_case_answers_it_and_sees_the_reply_in_order() {
    let app = TestApp::spawn().await;
    app.user("amy@line.test", Role::Agent, None, None).await;
    let customer = app.customer("Formosa Reefer Lines").await;
    let cookie = login(&app, "amy@line.test").await;
    let id = file_case(&app, &cookie, Some(customer), "ETA of MSKU vessel").await;

    let (status, inbox) = text(&app, &cookie, "/cases").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        inbox.contains("ETA of MSKU vessel"),
        "the agent's inbox lists the case"
    );
    assert!(inbox.contains("Formosa Reefer Lines"), "with its customer");

    let csrf = csrf_of(&app, &cookie).await;
    let r = multipart_post(
        &app,
        &cookie,
        &format!("/cases/{id}/reply"),
        &[
            ("csrf", csrf.as_str()),
            ("body", "The vessel arrives on Friday."),
            ("status", "waiting_on_customer"),
        ],
        &[],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(location(&r).starts_with(&format!("/cases/{id}")));
    let (status, html) = text(&app, &cookie, &format!("/cases/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    let asked = html
        .find("Where is my container?")
        .expect("the customer's words");
    let answered = html
        .find("The vessel arrives on Friday.")
        .expect("the reply");
    assert!(asked < answered, "the conversation is in order");
    assert!(
        html.contains("st-waiting_on_customer"),
        "the reply moved the status"
    );
}

#[tokio::test]
async fn a_refused_action_shows_the_case_again_with_the_forms_error() {
    let app = TestApp::spawn().await;
    app.user("amy@line.test", Role::Agent, None, None).await;
    let cookie = login(&app, "amy@line.test").await;
    let id = file_case(&app, &cookie, None, "Internal: update the rate sheet").await;
    let csrf = csrf_of(&app, &cookie).await;

    let r = multipart_post(
        &app,
        &cookie,
        &format!("/cases/{id}/reply"),
        &[("csrf", csrf.as_str()), ("body", "   ")],
        &[],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("role=\"alert\""), "the error is announced");
    assert!(html.contains("body"), "and names the field");

    let r = form_post(
        &app,
        &cookie,
        &format!("/cases/{id}/follow-ups"),
        &[
            ("csrf", csrf.as_str()),
            ("action", "Call back with the new ETA"),
            ("due_at", "2001-01-01T09:00"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap();
    assert!(html.contains("must be in the future"));
    assert!(
        html.contains("value=\"Call back with the new ETA\""),
        "what was typed is still there"
    );

    let r = form_post(
        &app,
        &cookie,
        &format!("/cases/{id}/merge"),
        &[("csrf", csrf.as_str()), ("into", "CS-1999-000001")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("no such case"));

    // no CSRF token, no change
    let r = form_post(
        &app,
        &cookie,
        &format!("/cases/{id}/status"),
        &[("status", "resolved")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_portal_user_sees_its_companys_public_conversation_and_nothing_else() {
    let app = TestApp::spawn().await;
    app.user("amy@line.test", Role::Agent, None, None).await;
    let own = app.customer("Alpha Shipping").await;
    let other = app.customer("Bravo Logistics").await;
    app.user("portal@alpha.test", Role::Customer, None, Some(own))
        .await;
    let agent = login(&app, "amy@line.test").await;
    let mine = file_case(&app, &agent, Some(own), "Alpha: reefer temperature").await;
    let theirs = file_case(&app, &agent, Some(other), "Bravo: demurrage invoice").await;
    let csrf = csrf_of(&app, &agent).await;
    let r = multipart_post(
        &app,
        &agent,
        &format!("/cases/{mine}/note"),
        &[
            ("csrf", csrf.as_str()),
            ("body", "Supplier blamed, do not tell"),
        ],
        &[("files", "internal.txt", "text/plain", b"staff only")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = multipart_post(
        &app,
        &agent,
        &format!("/cases/{mine}/reply"),
        &[
            ("csrf", csrf.as_str()),
            ("body", "We are checking the log."),
        ],
        &[],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, staff_view) = text(&app, &agent, &format!("/cases/{mine}")).await;
    assert!(staff_view.contains("Supplier blamed, do not tell"));
    let note_file = staff_view
        .split("/attachments/")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("the note's file is listed for staff")
        .to_string();

    let portal = login(&app, "portal@alpha.test").await;
    let (status, list) = text(&app, &portal, "/portal").await;
    assert_eq!(status, StatusCode::OK);
    assert!(list.contains("Alpha: reefer temperature"));
    assert!(
        !list.contains("Bravo"),
        "another company's case is not listed"
    );

    let (status, html) = text(&app, &portal, &format!("/portal/cases/{mine}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("We are checking the log."),
        "public replies show"
    );
    assert!(!html.contains("Supplier blamed"), "internal notes never do");
    assert!(!html.contains("internal.txt"), "nor their files");
    let r = page(
        &app,
        &portal,
        &format!("/portal/cases/{mine}/attachments/{note_file}"),
    )
    .await;
    assert_eq!(
        r.status(),
        StatusCode::NOT_FOUND,
        "a note's file is not served"
    );

    let r = page(&app, &portal, &format!("/portal/cases/{theirs}")).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert!(!r.text().await.unwrap().contains("Bravo"));
    let r = page(&app, &portal, &format!("/cases/{theirs}")).await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "staff pages send portal users away"
    );
    assert_eq!(location(&r), format!("/portal/cases/{theirs}"));

    // the portal user's reply lands on its own case and reaches the agent
    let csrf = csrf_of(&app, &portal).await;
    let r = multipart_post(
        &app,
        &portal,
        &format!("/portal/cases/{mine}/reply"),
        &[("csrf", csrf.as_str()), ("body", "Thanks, please hurry.")],
        &[],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, staff_view) = text(&app, &agent, &format!("/cases/{mine}")).await;
    assert!(staff_view.contains("Thanks, please hurry."));
    // and it cannot write on another company's case
    let r = multipart_post(
        &app,
        &portal,
        &format!("/portal/cases/{theirs}/reply"),
        &[("csrf", csrf.as_str()), ("body", "Mallory was here")],
        &[],
    )
    .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_customer_files_a_request_with_a_file_that_downloads_and_never_renders() {
    let app = TestApp::spawn().await;
    app.user("amy@line.test", Role::Agent, None, None).await;
    let own = app.customer("Alpha Shipping").await;
    app.user("portal@alpha.test", Role::Customer, None, Some(own))
        .await;
    let r = attempt(&app, "portal@alpha.test", PASSWORD).await;
    assert_eq!(location(&r), "/portal", "a portal user lands in the portal");
    let portal = pair(&set_cookie(&r, "purser_session").unwrap());
    let csrf = csrf_of(&app, &portal).await;
    let page_html = b"<html><script>alert(document.cookie)</script></html>";
    let r = multipart_post(
        &app,
        &portal,
        "/portal/new",
        &[
            ("csrf", csrf.as_str()),
            ("subject", "B/L correction"),
            ("case_type", "bl_amendment"),
            ("ref_kind", "bill_of_lading"),
            ("ref_value", "plhk123456"),
            ("message", "Please correct the consignee, draft attached."),
        ],
        &[
            ("files", "draft.html", "text/html", page_html),
            ("files", "", "application/octet-stream", b""),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let id = case_id(&location(&r));
    let (status, html) = text(&app, &portal, &format!("/portal/cases/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Please correct the consignee, draft attached."));
    assert!(html.contains("PLHK123456"), "the reference is kept");
    let href = html
        .split("href=\"/portal/cases/")
        .find(|s| s.contains("/attachments/"))
        .and_then(|s| s.split('"').next())
        .map(|s| format!("/portal/cases/{s}"))
        .expect("the file is listed under the message");
    assert_eq!(
        html.matches("/attachments/").count(),
        1,
        "the empty file input added nothing"
    );
    let r = page(&app, &portal, &href).await;
    assert_eq!(r.status(), StatusCode::OK);
    let disposition = r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert!(disposition.contains("draft.html"));
    assert_eq!(r.headers()["content-type"], "text/html");
    assert!(
        r.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("sandbox")
    );
    assert_eq!(r.bytes().await.unwrap().as_ref(), page_html);

    // staff find the request in the queue of the desk and download the same file
    let agent = login(&app, "amy@line.test").await;
    let staff_href = href.replacen("/portal", "", 1);
    let r = page(&app, &agent, &staff_href).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment;")
    );
    let r = page(&app, &agent, &href).await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "staff are sent to the console's page"
    );
}

#[tokio::test]
async fn each_role_finds_only_its_own_pages() {
    let app = TestApp::spawn().await;
    app.user("amy@line.test", Role::Agent, None, None).await;
    app.user(
        "ben@line.test",
        Role::Department,
        Some(Department::Finance),
        None,
    )
    .await;
    let own = app.customer("Alpha Shipping").await;
    app.user("portal@alpha.test", Role::Customer, None, Some(own))
        .await;
    let agent = login(&app, "amy@line.test").await;
    let finance = login(&app, "ben@line.test").await;
    let portal = login(&app, "portal@alpha.test").await;

    for path in ["/cases", "/cases/new", "/tasks", "/handovers", "/customers"] {
        assert_eq!(
            page(&app, &agent, path).await.status(),
            StatusCode::OK,
            "agent {path}"
        );
    }
    assert_eq!(
        page(&app, &agent, "/supervisor").await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        page(&app, &agent, "/cases?view=queue").await.status(),
        StatusCode::FORBIDDEN
    );
    let r = page(&app, &agent, "/portal").await;
    assert_eq!(
        (r.status(), location(&r)),
        (StatusCode::SEE_OTHER, "/cases".into())
    );

    assert_eq!(
        page(&app, &finance, "/tasks").await.status(),
        StatusCode::OK
    );
    for path in ["/cases", "/supervisor", "/handovers", "/events/cases"] {
        assert_eq!(
            page(&app, &finance, path).await.status(),
            StatusCode::FORBIDDEN,
            "department {path}"
        );
    }

    for path in [
        "/cases",
        "/cases/new",
        "/supervisor",
        "/tasks",
        "/handovers",
        "/",
    ] {
        let r = page(&app, &portal, path).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "portal {path}");
        assert!(location(&r).starts_with("/portal"), "portal {path}");
    }
    assert_eq!(
        page(&app, &portal, "/events/cases").await.status(),
        StatusCode::FORBIDDEN
    );
    let (status, html) = text(&app, &portal, "/portal").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        !html.contains("href=\"/cases\""),
        "no desk links in the portal"
    );
}

#[tokio::test]
async fn a_supervisor_moves_ticked_cases_to_another_agent_in_one_go() {
    let app = TestApp::spawn().await;
    app.user("amy@line.test", Role::Agent, None, None).await;
    let wei = app.user("wei@line.test", Role::Agent, None, None).await;
    app.user("sam@line.test", Role::Supervisor, None, None)
        .await;
    let agent = login(&app, "amy@line.test").await;
    let a = file_case(&app, &agent, None, "First for the move").await;
    let b = file_case(&app, &agent, None, "Second for the move").await;
    let stays = file_case(&app, &agent, None, "Stays with Amy").await;

    let sam = login(&app, "sam@line.test").await;
    let (status, html) = text(&app, &sam, "/supervisor").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains(&format!("value=\"{a}\"")),
        "the queue has a box per case"
    );
    let csrf = csrf_of(&app, &sam).await;
    let (a, b) = (a.to_string(), b.to_string());
    let wei_id = wei.id.to_string();
    let r = form_post(
        &app,
        &sam,
        "/supervisor/assign",
        &[
            ("csrf", csrf.as_str()),
            ("case_id", a.as_str()),
            ("case_id", b.as_str()),
            ("assignee_id", wei_id.as_str()),
            ("reason", "Amy is overloaded"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/supervisor?moved=2");
    for (id, owner) in [
        (a.as_str(), "wei"),
        (b.as_str(), "wei"),
        (&stays.to_string(), "amy"),
    ] {
        let (_, html) = text(&app, &sam, &format!("/cases/{id}")).await;
        let shown = html
            .split("id=\"case-owner\">")
            .nth(1)
            .and_then(|s| s.split('<').next())
            .unwrap();
        assert_eq!(shown, owner, "owner of {id}");
    }

    // nothing ticked: the page says so and nothing moves
    let r = form_post(
        &app,
        &sam,
        "/supervisor/assign",
        &[("csrf", csrf.as_str()), ("assignee_id", wei_id.as_str())],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn desk_staff_hear_of_a_new_case_on_the_event_stream() {
    let app = TestApp::spawn().await;
    app.user("amy@line.test", Role::Agent, None, None).await;
    let agent = login(&app, "amy@line.test").await;
    let mut stream = page(&app, &agent, "/events/cases").await;
    assert_eq!(stream.status(), StatusCode::OK);
    assert!(
        stream.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/event-stream")
    );
    let id = file_case(&app, &agent, None, "Heard live").await;
    let (_, html) = text(&app, &agent, &format!("/cases/{id}")).await;
    let number = number_in(&html);
    let mut seen = String::new();
    let heard = tokio::time::timeout(Duration::from_secs(15), async {
        while let Some(chunk) = stream.chunk().await.unwrap() {
            seen.push_str(&String::from_utf8_lossy(&chunk));
            if seen.contains("event: case") && seen.contains(&number) {
                return true;
            }
        }
        false
    })
    .await;
    assert_eq!(
        heard,
        Ok(true),
        "the stream told of {number}; it said:\n{seen}"
    );
}
