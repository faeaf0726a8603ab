//! Roles' boundaries in the pages, not only the API: a portal user walks every console
//! address and reaches no staff page (a 403/404 page with the layout and a way back to the
//! portal, or the portal's own twin of the page), and nothing of the desk leaks on the way;
//! its case JSON holds no internal fields; a department user sees whose case its task is and
//! what it is about, and is never linked to a page it may not open.

use crate::browser;
use crate::common::*;
use crate::pages_world::*;
use reqwest::StatusCode;
use serde_json::Value;
use uuid::Uuid;

fn location(r: &reqwest::Response) -> String {
    r.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

/// A page asked for as a browser asks (Accept: text/html).
async fn html_page(app: &TestApp, cookie: &str, path: &str) -> reqwest::Response {
    app.client
        .get(format!("{}{path}", app.url))
        .header("cookie", cookie)
        .header("accept", "text/html,application/xhtml+xml")
        .send()
        .await
        .unwrap()
}

/// What only the desk knows about Alpha's complaint and the book.
fn staff_markers(w: &World) -> Vec<String> {
    vec![
        w.secret.to_string(),
        "Bravo Logistics".into(),
        "跨太平洋組".into(),
        "account owner".into(),
        "amy@line.test".into(),
        w.bravo.to_string(),
    ]
}

#[tokio::test]
async fn a_portal_user_reaches_no_staff_page_and_sees_nothing_of_the_desk() {
    let w = world().await;
    let cookie = browser::login(&w.app, &w.portal.email).await;
    let (case, alpha, shipment, task) = (w.case, w.alpha, w.shipment, w.task);
    // every GET address of the console router but the portal's own and the account page
    let staff_pages = [
        "/".to_string(),
        "/customers".into(),
        "/customers/new".into(),
        format!("/customers/{alpha}"),
        format!("/customers/{alpha}/edit"),
        format!("/customers/{}", w.bravo),
        "/shipments".into(),
        format!("/shipments/{shipment}"),
        "/vessels/9321483/voyages/2103S".into(),
        "/cases".into(),
        "/cases/new".into(),
        "/cases/customer-options?customer=Br".into(),
        format!("/cases/{case}"),
        format!("/cases/{case}/template?template=ack"),
        format!("/cases/{}", w.bravo_case),
        "/events/cases".into(),
        "/supervisor".into(),
        "/tasks".into(),
        format!("/tasks/{task}"),
        "/handovers".into(),
        "/admin/users".into(),
        "/admin/departments".into(),
        "/admin/tokens".into(),
    ];
    for path in &staff_pages {
        let r = html_page(&w.app, &cookie, path).await;
        let status = r.status();
        let to = location(&r);
        let body = r.text().await.unwrap();
        for marker in staff_markers(&w) {
            assert!(!body.contains(&marker), "GET {path} shows {marker}");
        }
        match status {
            StatusCode::FORBIDDEN | StatusCode::NOT_FOUND => {
                assert!(
                    body.contains("<header class=\"top\">"),
                    "{path}: the layout"
                );
                assert!(
                    body.contains("id=\"way-back\" href=\"/portal\""),
                    "{path}: a way back to the portal"
                );
            }
            s if s.is_redirection() => {
                assert!(to.starts_with("/portal"), "GET {path} sends to {to}");
            }
            s => panic!("GET {path} answered {s} to a portal user"),
        }
    }
    // and the forms of the customer book and the tokens page refuse it
    let csrf = browser::csrf_of(&w.app, &cookie).await;
    for (path, fields) in [
        (
            format!("/customers/{alpha}/activities"),
            vec![("kind", "call"), ("subject", "x")],
        ),
        (
            format!("/customers/{alpha}/contacts"),
            vec![("name", "Mallory")],
        ),
        ("/admin/tokens".to_string(), vec![("name", "mine")]),
    ] {
        let mut f = fields.clone();
        f.push(("csrf", csrf.as_str()));
        let r = browser::form_post(&w.app, &cookie, &path, &f).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "POST {path}");
    }
    // the menu offers no staff page
    let portal = html_page(&w.app, &cookie, "/portal")
        .await
        .text()
        .await
        .unwrap();
    assert!(!portal.contains("href=\"/admin/tokens\""));
    assert!(!portal.contains("href=\"/customers\""));
    // the portal's case page has the public conversation only
    let page = html_page(&w.app, &cookie, &format!("/portal/cases/{case}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("我們正在查詢"), "the reply is there");
    assert!(!page.contains(w.secret), "the internal note is not");
}

#[tokio::test]
async fn forbidden_and_missing_pages_have_the_layout_a_message_and_a_way_home_in_both_languages() {
    let w = world().await;
    let portal = browser::login(&w.app, &w.portal.email).await;
    let r = html_page(&w.app, &portal, "/admin/tokens").await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("<title>Not for your role · Purser</title>"),
        "{html}"
    );
    assert!(html.contains("Your account may not open this page."));
    assert!(html.contains("id=\"way-back\" href=\"/portal\""));

    let amy = session_in(&w.app, &w.amy, "zh-TW").await;
    let r = html_page(&w.app, &amy, &format!("/cases/{}", Uuid::now_v7())).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let html = r.text().await.unwrap();
    assert!(html.contains("lang=\"zh-TW\""));
    assert!(html.contains("找不到頁面"), "{html}");
    assert!(
        html.contains("id=\"way-back\" href=\"/cases\""),
        "an agent goes home to the inbox"
    );
    assert!(html.contains("href=\"/cases\""), "the menu is there");

    // an address no route knows: a page for a browser, a problem for an API client
    let r = html_page(&w.app, &amy, "/no-such-page").await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert!(r.text().await.unwrap().contains("回到我的首頁"));
    let r = w.app.get("/no-such-page", &w.amy).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(r.headers()["content-type"], "application/problem+json");

    // nobody signed in: the layout without a menu, a way to the log-in page
    let r = w
        .app
        .client
        .get(format!("{}/no-such-page", w.app.url))
        .header("accept", "text/html")
        .header("accept-language", "zh-TW,zh;q=0.9")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let html = r.text().await.unwrap();
    assert!(html.contains("找不到頁面") && html.contains("href=\"/login\""));
    assert!(!html.contains("href=\"/customers\""));
}

#[tokio::test]
async fn a_customers_case_json_holds_no_internal_field() {
    let w = world().await;
    const INTERNAL: &[&str] = &[
        "team_id",
        "assignee_id",
        "assign_reason",
        "sla_policy_id",
        "sla_state",
        "due_at",
        "warn_at",
        "tags",
        "lane",
        "merged_into_id",
    ];
    let staff = json_of(
        w.app
            .get(&format!("/api/v1/cases/{}", w.case), &w.amy)
            .await,
    )
    .await;
    for f in INTERNAL {
        assert!(staff.get(*f).is_some(), "staff read {f}");
    }
    let mine = w
        .app
        .get(&format!("/api/v1/cases/{}", w.case), &w.portal)
        .await;
    assert_eq!(mine.status(), StatusCode::OK);
    let mine = json_of(mine).await;
    assert_eq!(mine["number"], staff["number"]);
    let list = json_of(w.app.get("/api/v1/cases", &w.portal).await).await;
    let page = json_of(
        w.app
            .get(&format!("/api/v1/cases/{}/page", w.case), &w.portal)
            .await,
    )
    .await;
    let listed = &list["items"][0];
    for (what, case) in [("case", &mine), ("list", listed), ("page", &page["case"])] {
        for f in INTERNAL {
            assert!(
                case.get(*f).is_none(),
                "a customer's {what} holds {f}: {case}"
            );
        }
    }
    for key in [
        "clocks",
        "sla_history",
        "tasks",
        "goodwill",
        "similar",
        "follow_ups",
    ] {
        assert!(page.get(key).is_none(), "a customer's page holds {key}");
    }
    let messages = json_of(
        w.app
            .get(&format!("/api/v1/cases/{}/messages", w.case), &w.portal)
            .await,
    )
    .await;
    let text = messages.to_string();
    assert!(!text.contains(w.secret));
    for m in messages.as_array().unwrap() {
        for f in ["author_id", "mentions", "meta", "outbox_id"] {
            assert!(m.get(f).is_none(), "a customer's message holds {f}");
        }
    }
    let staff_messages: Value = json_of(
        w.app
            .get(&format!("/api/v1/cases/{}/messages", w.case), &w.amy)
            .await,
    )
    .await;
    assert!(
        staff_messages.to_string().contains(w.secret),
        "staff read the note"
    );
}

#[tokio::test]
async fn a_department_user_sees_whose_case_and_which_shipment_and_no_link_it_may_not_open() {
    let w = world().await;
    let leo = browser::login(&w.app, &w.leo.email).await;
    // what leo may not open
    for path in [
        format!("/customers/{}", w.alpha),
        format!("/cases/{}", w.second),
        format!("/cases/{}", w.bravo_case),
        format!("/shipments/{}", w.shipment),
    ] {
        let s = html_page(&w.app, &leo, &path).await.status();
        assert!(
            s == StatusCode::FORBIDDEN || s == StatusCode::NOT_FOUND,
            "leo opens {path}: {s}"
        );
    }
    let tasks = html_page(&w.app, &leo, "/tasks")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        tasks.contains("class=\"task-customer\">Alpha Shipping<"),
        "{tasks}"
    );
    assert!(tasks.contains(&w.container), "the shipment's container");

    let r = html_page(&w.app, &leo, &format!("/cases/{}", w.case)).await;
    assert_eq!(r.status(), StatusCode::OK);
    let case = r.text().await.unwrap();
    assert!(case.contains("Alpha Shipping"), "whose case it is");
    assert!(case.contains(&w.container));
    for href in [
        format!("href=\"/customers/{}\"", w.alpha),
        format!("href=\"/cases/{}\"", w.second),
        format!("href=\"/shipments/{}\"", w.shipment),
    ] {
        assert!(!case.contains(&href), "leo's case page links {href}");
    }
    // agents still get the links
    let amy = browser::login(&w.app, &w.amy.email).await;
    let case = html_page(&w.app, &amy, &format!("/cases/{}", w.case))
        .await
        .text()
        .await
        .unwrap();
    assert!(case.contains(&format!("href=\"/customers/{}\"", w.alpha)));
    assert!(case.contains(&format!("href=\"/cases/{}\"", w.second)));

    // the mention on Bravo's case is told, but not linked
    let account = html_page(&w.app, &leo, "/account")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        account.contains("報價詢問") || account.contains("mentioned you"),
        "{account}"
    );
    assert!(!account.contains(&format!("href=\"/cases/{}\"", w.bravo_case)));
    assert!(
        account.contains(&format!("href=\"/tasks/{}\"", w.task)),
        "its task is linked"
    );
}
