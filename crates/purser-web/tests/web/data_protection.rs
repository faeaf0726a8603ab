//! Data protection on request, end to end on the backend the run uses: an admin exports a
//! customer's and a contact's data as JSON and CSV, and erases or anonymises a contact
//! across cases, messages, raw mail and notices while attachments and the audit stay;
//! nobody else may, and a customer user cannot even see that the endpoints exist.

use crate::common;

use common::*;
use purser_domain::roles::Role;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

const MAIL: &[u8] = b"From: Mei-Ling Chen <meiling@formosa.tw>\r\n\
Subject: B/L draft for Mei-Ling Chen\r\n\
Message-ID: <erase-1@formosa.tw>\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=\"b1\"\r\n\
\r\n\
--b1\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
\r\n\
Please call me on +886 2 2345 6789. Regards, Mei-Ling Chen\r\n\
--b1\r\n\
Content-Type: application/pdf\r\n\
Content-Disposition: attachment; filename=\"BL-draft.pdf\"\r\n\
Content-Transfer-Encoding: base64\r\n\
\r\n\
JVBERi0xLjQKJUJMIGRyYWZ0Cg==\r\n\
--b1--\r\n";

struct World {
    app: TestApp,
    admin: Who,
    agent: Who,
    portal: Who,
    customer: Uuid,
    contact: Uuid,
    case: Uuid,
    mail: Uuid,
}

/// A customer with a contact who wrote in with a B/L draft, an agent's reply and note that
/// name her, and a track-and-trace notice addressed to her.
async fn world() -> World {
    let app = TestApp::spawn().await;
    let admin = app.user("root@line.test", Role::Admin, None, None).await;
    let agent = app.user("amy@line.test", Role::Agent, None, None).await;
    let customer = app.customer("Formosa Plastics").await;
    let portal = app
        .user("buyer@formosa.tw", Role::Customer, None, Some(customer))
        .await;
    let r = app
        .post(
            &format!("/api/v1/customers/{customer}/contacts"),
            &agent,
            &json!({"name": "Mei-Ling Chen", "emails": ["meiling@formosa.tw"], "phones": ["+886 2 2345 6789"]}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let contact: Uuid = json_of(r).await["id"].as_str().unwrap().parse().unwrap();
    let r = app
        .req(
            Method::POST,
            "/api/v1/mail/inbound?mailbox=desk@line.test",
            &agent,
        )
        .header("content-type", "message/rfc822")
        .body(MAIL.to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let filed = json_of(r).await;
    let case: Uuid = filed["case_id"].as_str().unwrap().parse().unwrap();
    let mail: Uuid = filed["mail_id"].as_str().unwrap().parse().unwrap();
    for (path, body) in [
        ("replies", "Dear Mei-Ling Chen, the draft is fine."),
        ("notes", "Mei-Ling Chen prefers calls on +886 2 2345 6789"),
    ] {
        let r = app
            .post(
                &format!("/api/v1/cases/{case}/{path}"),
                &agent,
                &json!({ "body": body }),
            )
            .await;
        assert!(r.status().is_success(), "{path}: {}", r.status());
    }
    let notice = purser_store::tracking::notices::Notice {
        id: Uuid::now_v7(),
        change_key: "eta_slip:test".into(),
        change_kind: "eta_slip".into(),
        customer_id: customer,
        recipient: format!("contact:{contact}"),
        contact_id: Some(contact),
        channel: "email".into(),
        language: "en".into(),
        subject: "ETA changed".into(),
        body: "Dear Mei-Ling Chen, your box arrives a day later.".into(),
        shipments: vec![],
        case_id: None,
        created_at: 1,
    };
    purser_store::tracking::notices::insert(&mut app.store.clone(), &[(notice, vec![])])
        .await
        .unwrap();
    World {
        app,
        admin,
        agent,
        portal,
        customer,
        contact,
        case,
        mail,
    }
}

fn all_text(v: &Value) -> String {
    v.to_string().to_lowercase()
}

#[tokio::test]
async fn an_admin_exports_a_contacts_cases_messages_notices_and_audit_as_json_and_csv() {
    let w = world().await;
    let (app, c, k) = (&w.app, w.customer, w.contact);
    let r = app
        .get(
            &format!("/api/v1/customers/{c}/contacts/{k}/personal-data"),
            &w.admin,
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let e = json_of(r).await;
    assert_eq!(e["subject"], "contact");
    assert_eq!(e["contacts"][0]["name"], "Mei-Ling Chen");
    assert_eq!(e["cases"][0]["id"], w.case.to_string());
    let bodies: Vec<&str> = e["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["body"].as_str().unwrap())
        .collect();
    assert!(
        bodies.iter().any(|b| b.contains("Please call me")),
        "{bodies:?}"
    );
    assert!(
        bodies.iter().any(|b| b.contains("prefers calls")),
        "{bodies:?}"
    );
    assert_eq!(e["notices"].as_array().unwrap().len(), 1);
    let audited: Vec<&str> = e["audit"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["object_type"].as_str().unwrap())
        .collect();
    assert!(
        audited.contains(&"contact") && audited.contains(&"case"),
        "{audited:?}"
    );

    let r = app
        .get(
            &format!("/api/v1/customers/{c}/contacts/{k}/personal-data?format=csv"),
            &w.admin,
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains(".csv")
    );
    let csv = r.text().await.unwrap();
    let csv = csv.trim_start_matches('\u{feff}');
    assert!(csv.starts_with("record,id,at,text,json"));
    for kind in ["contact,", "case,", "message,", "notice,", "audit,"] {
        assert!(csv.lines().any(|l| l.starts_with(kind)), "no {kind} row");
    }

    let r = app
        .get(&format!("/api/v1/customers/{c}/personal-data"), &w.admin)
        .await;
    let e = json_of(r).await;
    assert_eq!(e["customer"]["legal_name"], "Formosa Plastics");
    assert_eq!(e["contacts"].as_array().unwrap().len(), 1);
    assert!(all_text(&e["messages"]).contains("please call me"));

    let r = app
        .get(
            &format!("/api/v1/customers/{c}/personal-data?format=xml"),
            &w.admin,
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem_fields(&json_of(r).await), ["format"]);

    // the export itself is in the audit, with counts, not the data
    let audit = json_of(
        app.get(
            &format!("/api/v1/audit?object_type=contact&object_id={k}"),
            &w.admin,
        )
        .await,
    )
    .await;
    let export = audit
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["action"] == "export_personal_data")
        .expect("export audited");
    assert_eq!(export["actor_id"], w.admin.id.to_string());
    assert!(!all_text(export).contains("mei-ling"));
}

#[tokio::test]
async fn only_admins_may_export_or_erase_and_customers_see_nothing() {
    let w = world().await;
    let (app, c, k) = (&w.app, w.customer, w.contact);
    let paths = [
        format!("/api/v1/customers/{c}/personal-data"),
        format!("/api/v1/customers/{c}/contacts/{k}/personal-data"),
    ];
    let erase = format!("/api/v1/customers/{c}/contacts/{k}/erasure");
    let body = json!({"mode": "erase", "reason": "asked"});
    for (who, status) in [
        (&w.agent, StatusCode::FORBIDDEN),
        (&w.portal, StatusCode::NOT_FOUND),
    ] {
        for p in &paths {
            assert_eq!(app.get(p, who).await.status(), status, "GET {p}");
        }
        assert_eq!(app.post(&erase, who, &body).await.status(), status);
    }
    let r = app
        .get(
            &format!("/api/v1/customers/{c}/contacts/{k}/personal-data"),
            &w.admin,
        )
        .await;
    assert_eq!(
        json_of(r).await["contacts"][0]["name"],
        "Mei-Ling Chen",
        "nothing erased"
    );
    let r = app
        .get(
            &format!(
                "/api/v1/customers/{c}/contacts/{}/personal-data",
                Uuid::now_v7()
            ),
            &w.admin,
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn erasing_a_contact_removes_them_from_cases_messages_mail_and_notices_but_keeps_documents_and_audit()
 {
    let w = world().await;
    let (app, c, k) = (&w.app, w.customer, w.contact);
    let erase = format!("/api/v1/customers/{c}/contacts/{k}/erasure");
    let r = app
        .post(&erase, &w.admin, &json!({"mode": "erase", "reason": "  "}))
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem_fields(&json_of(r).await), ["reason"]);

    let r = app
        .post(
            &erase,
            &w.admin,
            &json!({"mode": "erase", "reason": "GDPR request 2026-12-01"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let report = json_of(r).await;
    assert_eq!(report["messages_erased"], 1, "{report}");
    assert_eq!(report["raw_mails_erased"], 1, "{report}");
    assert_eq!(report["notices_redacted"], 1, "{report}");
    assert!(
        report["messages_redacted"].as_u64().unwrap() >= 2,
        "{report}"
    );

    let e = json_of(
        app.get(
            &format!("/api/v1/customers/{c}/contacts/{k}/personal-data"),
            &w.admin,
        )
        .await,
    )
    .await;
    for part in ["contacts", "cases", "messages", "notices"] {
        let text = all_text(&e[part]);
        for id in ["mei-ling", "meiling@formosa.tw", "2345 6789"] {
            assert!(!text.contains(id), "{part} still holds {id}: {text}");
        }
    }
    assert_eq!(e["contacts"][0]["archived"], true);
    assert!(all_text(&e["messages"]).contains("[erased on request]"));
    assert!(
        all_text(&e["messages"]).contains("the draft is fine"),
        "staff text stays"
    );

    // the raw mail is gone; the B/L draft attached to it stays
    let raw = app
        .get(&format!("/api/v1/mail/{}/raw", w.mail), &w.admin)
        .await;
    assert!(!raw.text().await.unwrap().contains("Mei-Ling"));
    let page = json_of(
        app.get(&format!("/api/v1/cases/{}/page", w.case), &w.agent)
            .await,
    )
    .await;
    let pdf = page["attachments"][0]["id"]
        .as_str()
        .expect("attachment kept");
    let r = app
        .get(
            &format!("/api/v1/cases/{}/attachments/{pdf}", w.case),
            &w.agent,
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.bytes().await.unwrap().starts_with(b"%PDF-1.4"));

    // mail from the address no longer files under the erased contact
    let customers = json_of(app.get("/api/v1/customers?q=meiling", &w.agent).await).await;
    assert_eq!(customers["items"].as_array().unwrap().len(), 0);

    // the audit keeps the erasure: who, why, what it touched, and no personal data
    let audit = json_of(
        app.get(
            &format!("/api/v1/audit?object_type=contact&object_id={k}"),
            &w.admin,
        )
        .await,
    )
    .await;
    let entry = audit
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["action"] == "erase_personal_data")
        .expect("erasure audited");
    assert_eq!(entry["actor_id"], w.admin.id.to_string());
    assert_eq!(entry["after"]["reason"], "GDPR request 2026-12-01");
    assert!(!all_text(&entry["after"]).contains("mei-ling"));
}

#[tokio::test]
async fn anonymising_keeps_what_the_contact_wrote_without_their_identifiers() {
    let w = world().await;
    let (app, c, k) = (&w.app, w.customer, w.contact);
    let r = app
        .post(
            &format!("/api/v1/customers/{c}/contacts/{k}/erasure"),
            &w.admin,
            &json!({"mode": "anonymise", "reason": "left the company"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(json_of(r).await["messages_erased"], 0);
    let msgs = json_of(
        app.get(&format!("/api/v1/cases/{}/messages", w.case), &w.agent)
            .await,
    )
    .await;
    let text = all_text(&msgs);
    assert!(
        text.contains("please call me on [erased contact]"),
        "{text}"
    );
    assert!(
        !text.contains("mei-ling") && !text.contains("2345 6789"),
        "{text}"
    );
    let case = json_of(
        app.get(&format!("/api/v1/cases/{}", w.case), &w.agent)
            .await,
    )
    .await;
    assert_eq!(case["subject"], "B/L draft for [erased contact]");
}
