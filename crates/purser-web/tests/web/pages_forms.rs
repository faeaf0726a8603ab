//! Forms people understand: errors name the field as its label says (never a JSON path),
//! in the page's language; a past due date is refused the same way everywhere; a new case
//! takes the customer's name; agents land on their inbox, which shows each case's channel
//! and last activity; a template's blanks are warned of and must be confirmed before the
//! reply leaves; the audit history reads as names and words (it is a staff page: the portal
//! shows none of it, see pages_boundaries).

use crate::browser;
use crate::common::*;
use crate::pages_world::*;
use reqwest::StatusCode;
use serde_json::json;
use uuid::Uuid;

fn location(r: &reqwest::Response) -> String {
    r.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

fn hours_ago(h: i64) -> String {
    (jiff::Timestamp::now() - jiff::SignedDuration::from_hours(h)).to_string()
}

#[tokio::test]
async fn api_and_page_errors_name_the_field_as_its_label_says_in_the_pages_language() {
    let w = world().await;
    let r = w
        .app
        .post(
            "/api/v1/cases",
            &w.amy,
            &json!({"subject": "ETA?", "refs": [{"kind": "container", "value": "ABC"}]}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p = json_of(r).await;
    assert_eq!(
        p["errors"][0]["field"], "refs/0/value",
        "the path stays for programs"
    );
    assert_eq!(p["errors"][0]["label"], "Reference 1 value");
    let detail = p["detail"].as_str().unwrap();
    assert!(detail.starts_with("Reference 1 value: "), "{detail}");
    assert!(!detail.contains("refs/0/value"));

    for (language, label, required) in [
        ("en", "Reference 1 value", "Subject: is required"),
        ("zh-TW", "相關單號 1 號碼", "主旨: 為必填"),
    ] {
        let cookie = session_in(&w.app, &w.amy, language).await;
        let csrf = browser::csrf_of(&w.app, &cookie).await;
        let r = browser::form_post(
            &w.app,
            &cookie,
            "/cases/new",
            &[
                ("csrf", csrf.as_str()),
                ("subject", ""),
                ("case_type", "inquiry"),
                ("priority", "normal"),
                ("ref_kind", "container"),
                ("ref_value", "ABC"),
            ],
        )
        .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let text = visible_text(&r.text().await.unwrap());
        let text = text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .replace(" :", ":");
        assert!(text.contains(label), "{language}: {text}");
        assert!(text.contains(required), "{language}: {text}");
        assert!(!text.contains("refs/0/value"), "{language}: {text}");
    }
}

#[tokio::test]
async fn a_past_due_date_is_refused_alike_for_a_promise_and_a_question_on_pages_and_in_the_api() {
    let w = world().await;
    for (path, body) in [
        (
            "follow-ups",
            json!({"action": "call back", "due_at": hours_ago(1)}),
        ),
        (
            "tasks",
            json!({"department": "finance", "question": "paid?", "due_at": hours_ago(1)}),
        ),
    ] {
        let r = w
            .app
            .post(&format!("/api/v1/cases/{}/{path}", w.case), &w.amy, &body)
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{path}");
        let p = json_of(r).await;
        assert_eq!(p["errors"][0]["field"], "due_at", "{path}");
        assert_eq!(p["errors"][0]["message"], "must be in the future", "{path}");
    }
    let cookie = session_in(&w.app, &w.amy, "zh-TW").await;
    let csrf = browser::csrf_of(&w.app, &cookie).await;
    let past = (jiff::Timestamp::now() - jiff::SignedDuration::from_hours(2))
        .strftime("%Y-%m-%dT%H:%M")
        .to_string();
    for (path, fields) in [
        (
            "follow-ups",
            vec![
                ("action", "回電"),
                ("due_at", past.as_str()),
                ("remind_mins", "30"),
            ],
        ),
        (
            "tasks",
            vec![
                ("department", "finance"),
                ("question", "付款了嗎？"),
                ("due_at", past.as_str()),
            ],
        ),
    ] {
        let mut f = fields.clone();
        f.push(("csrf", csrf.as_str()));
        let r = browser::form_post(&w.app, &cookie, &format!("/cases/{}/{path}", w.case), &f).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{path}");
        let text = visible_text(&r.text().await.unwrap());
        assert!(text.contains("期限: 須為未來的時間"), "{path}: {text}");
    }
}

#[tokio::test]
async fn a_new_case_takes_the_customers_name_when_it_names_one_customer() {
    let w = world().await;
    for name in ["Gamma Trading Co", "Gamma Trading Ltd"] {
        created(
            w.app
                .post("/api/v1/customers", &w.sup, &json!({"legal_name": name}))
                .await,
            name,
        )
        .await;
    }
    let cookie = browser::login(&w.app, &w.amy.email).await;
    let csrf = browser::csrf_of(&w.app, &cookie).await;
    let file = |customer: &'static str| {
        let (app, cookie, csrf) = (&w.app, cookie.clone(), csrf.clone());
        async move {
            browser::form_post(
                app,
                &cookie,
                "/cases/new",
                &[
                    ("csrf", csrf.as_str()),
                    ("customer", customer),
                    ("subject", "Where is my box?"),
                    ("case_type", "inquiry"),
                    ("priority", "normal"),
                ],
            )
            .await
        }
    };
    for typed in ["Alpha Shipping", "alpha shipping", "阿爾法航運"] {
        let r = file(typed).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{typed}");
        let id: Uuid = location(&r).rsplit('/').next().unwrap().parse().unwrap();
        let case = json_of(w.app.get(&format!("/api/v1/cases/{id}"), &w.amy).await).await;
        assert_eq!(case["customer_id"], w.alpha.to_string(), "{typed}");
    }
    let r = file("Gamma Trading").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let text = visible_text(&r.text().await.unwrap());
    assert!(text.contains("matches several customers"), "{text}");
    assert!(text.contains("Gamma Trading Co") && text.contains("Gamma Trading Ltd"));
    let r = file("Nobody Anywhere").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(visible_text(&r.text().await.unwrap()).contains("no such customer"));
}

#[tokio::test]
async fn agents_land_on_an_inbox_that_shows_channel_and_last_activity() {
    let w = world().await;
    for (who, home) in [
        (&w.amy, "/cases"),
        (&w.sup, "/cases"),
        (&w.leo, "/tasks"),
        (&w.portal, "/portal"),
        (&w.admin, "/customers"),
    ] {
        let r = browser::attempt(&w.app, &who.email, PASSWORD).await;
        assert_eq!(location(&r), home, "{} lands", who.email);
    }
    let cookie = browser::login(&w.app, &w.amy.email).await;
    let html = browser::page(&w.app, &cookie, "/cases")
        .await
        .text()
        .await
        .unwrap();
    let row = html
        .split("<tr class=\"case-row\"")
        .nth(1)
        .expect("amy has cases");
    assert!(row.contains("<td class=\"channel\">API</td>"), "{row}");
    let last = row
        .split("<td class=\"last-activity\"><time>")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .unwrap();
    assert!(last.starts_with("20") && last.contains(':'), "{last}");
}

/// A reply form as a browser posts it: multipart with the given fields.
async fn reply(
    app: &TestApp,
    cookie: &str,
    case: Uuid,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let boundary = "----pages-forms-boundary";
    let mut body = String::new();
    for (k, v) in fields {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
        ));
    }
    body.push_str(&format!("--{boundary}--\r\n"));
    app.client
        .post(format!("{}/cases/{case}/reply", app.url))
        .header("cookie", cookie)
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_template_with_blanks_warns_and_the_reply_waits_for_a_confirmation() {
    let w = world().await;
    created(
        w.app
            .post(
                "/api/v1/reply-templates",
                &w.sup,
                &json!({"name": "eta", "language": "zh-TW", "body": "{{contact.name}} 您好，預計抵達：{{shipment.eta}}。"}),
            )
            .await,
        "template",
    )
    .await;
    let cookie = browser::login(&w.app, &w.amy.email).await;
    let filled = browser::page(
        &w.app,
        &cookie,
        &format!("/cases/{}/template?template=eta", w.case),
    )
    .await
    .text()
    .await
    .unwrap();
    assert!(
        filled.contains("陳偉 您好，預計抵達：{{shipment.eta}}。"),
        "{filled}"
    );
    assert!(
        filled.contains("id=\"reply-blanks\""),
        "a warning names the blank"
    );

    let count = || async {
        json_of(
            w.app
                .get(&format!("/api/v1/cases/{}/messages", w.case), &w.amy)
                .await,
        )
        .await
        .as_array()
        .unwrap()
        .len()
    };
    let before = count().await;
    let csrf = browser::csrf_of(&w.app, &cookie).await;
    let text = "陳偉 您好，預計抵達：{{shipment.eta}}。";
    let r = reply(&w.app, &cookie, w.case, &[("csrf", &csrf), ("body", text)]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("name=\"send_with_blanks\""),
        "a confirmation is asked"
    );
    assert!(visible_text(&page).contains("{{shipment.eta}}"));
    assert_eq!(count().await, before, "nothing was sent");

    let r = reply(
        &w.app,
        &cookie,
        w.case,
        &[
            ("csrf", &csrf),
            ("body", text),
            ("send_with_blanks", "true"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(count().await, before + 1, "sent once confirmed");

    let r = reply(
        &w.app,
        &cookie,
        w.case,
        &[("csrf", &csrf), ("body", "預計週五抵達。")],
    )
    .await;
    assert_eq!(
        r.status(),
        StatusCode::SEE_OTHER,
        "a reply without blanks just leaves"
    );
}

#[tokio::test]
async fn the_audit_history_names_people_and_says_what_changed_in_words() {
    let w = world().await;
    let cookie = session_in(&w.app, &w.amy, "zh-TW").await;
    let html = browser::page(&w.app, &cookie, &format!("/customers/{}", w.alpha))
        .await
        .text()
        .await
        .unwrap();
    let audit = html.split("id=\"audit\"").nth(1).expect("a history");
    assert!(audit.contains("<td>sue</td>"), "the actor by name");
    assert!(!audit.contains("&lt;sue@line.test&gt;"), "not by address");
    assert!(audit.contains("建立 客戶"), "the action in words");
    assert!(
        audit.contains("等級: ") && audit.contains("金級"),
        "tier: gold in words"
    );
    assert!(
        audit.contains("負責客服: ") && audit.contains("<code>amy</code>"),
        "the owner by name"
    );
    assert!(!audit.contains(&w.amy.id.to_string()), "no ids");
}
