//! A desk like the demo's, made through the API, for the page tests: a supervisor, an
//! agent, a logistics user, an administrator and a portal user of Alpha; Alpha (gold, with a
//! contact, an activity, a shipment on its way with events) and Bravo; Alpha's complaint with
//! a reply, an internal note, a promised follow-up, a question to logistics, a complaint step,
//! goodwill, a linked case, the customer's answer and SLA history; Bravo's case on which the
//! logistics user was mentioned though logistics was never asked.
#![allow(dead_code)]

use crate::browser;
use crate::common::*;
use purser_domain::ids::ContainerNumber;
use purser_domain::roles::{Department, Role};
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

pub struct World {
    pub app: TestApp,
    pub admin: Who,
    pub sup: Who,
    pub amy: Who,
    pub leo: Who,
    pub portal: Who,
    pub alpha: Uuid,
    pub bravo: Uuid,
    pub case: Uuid,
    pub second: Uuid,
    pub bravo_case: Uuid,
    pub task: Uuid,
    pub shipment: Uuid,
    pub container: String,
    /// Text of an internal note on Alpha's complaint (customers must never see it).
    pub secret: &'static str,
    /// The knowledge base: a public English article (two versions) and its Chinese
    /// translation, and an internal procedure.
    pub article_en: Uuid,
    pub article_zh: Uuid,
    pub article_internal: Uuid,
}

pub const SECRET: &str = "INTERNAL-ONLY-7781 盤價底線";

pub async fn created(r: reqwest::Response, what: &str) -> Value {
    let status = r.status();
    let body: Value = r.json().await.unwrap_or(Value::Null);
    assert!(status.is_success(), "{what}: {status} {body}");
    body
}

pub fn id(v: &Value) -> Uuid {
    v["id"].as_str().unwrap().parse().unwrap()
}

/// A container number with a valid ISO 6346 check digit.
pub fn container(owner_and_serial: &str) -> String {
    (0..10)
        .map(|d| format!("{owner_and_serial}{d}"))
        .find(|n| ContainerNumber::parse(n).is_ok())
        .expect("one digit checks")
}

fn in_hours(h: i64) -> String {
    (jiff::Timestamp::now() + jiff::SignedDuration::from_hours(h)).to_string()
}

async fn put(app: &TestApp, path: &str, who: &Who, body: &Value) {
    let r = app
        .req(reqwest::Method::PUT, path, who)
        .json(body)
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "PUT {path}: {}", r.status());
}

const VESSEL: &str = "9321483";

fn event(id: &str, kind: &str, code: &str, classifier: &str, at: &str, boxno: &str) -> Value {
    let call = json!({
        "transportCallID": Uuid::new_v4().to_string(),
        "carrierServiceCode": "FE1",
        "exportVoyageNumber": "2103S",
        "UNLocationCode": "TWKHH",
        "modeOfTransport": "VESSEL",
        "vessel": { "vesselIMONumber": VESSEL, "vesselName": "King of the Seas" }
    });
    if kind == "EQUIPMENT" {
        json!({
            "eventID": id, "eventCreatedDateTime": at, "eventType": "EQUIPMENT",
            "eventClassifierCode": classifier, "eventDateTime": at,
            "equipmentEventTypeCode": code, "equipmentReference": boxno,
            "ISOEquipmentCode": "45G1", "emptyIndicatorCode": "LADEN",
            "eventLocation": { "UNLocationCode": "TWKHH" }, "transportCall": call
        })
    } else {
        json!({
            "eventID": id, "eventCreatedDateTime": at, "eventType": "TRANSPORT",
            "eventClassifierCode": classifier, "eventDateTime": at,
            "transportEventTypeCode": code, "transportCall": call
        })
    }
}

pub async fn world() -> World {
    let app = TestApp::spawn().await;
    let admin = app.user("ada@line.test", Role::Admin, None, None).await;
    let sup = app
        .user("sue@line.test", Role::Supervisor, None, None)
        .await;
    let amy = app.user("amy@line.test", Role::Agent, None, None).await;
    let leo = app
        .user(
            "leo@line.test",
            Role::Department,
            Some(Department::Logistics),
            None,
        )
        .await;
    // the harness names a department by its kind and user; a desk names it in its language
    let departments = created(app.get("/api/v1/departments", &admin).await, "departments").await;
    for d in departments.as_array().unwrap() {
        let r = app
            .req(
                reqwest::Method::PUT,
                &format!("/api/v1/departments/{}", id(d)),
                &admin,
            )
            .header("If-Match", format!("\"{}\"", d["version"]))
            .json(&json!({"name": "物流部", "kind": d["kind"], "email": "wuliu@line.test"}))
            .send()
            .await
            .unwrap();
        assert!(
            r.status().is_success(),
            "department renamed: {}",
            r.status()
        );
    }
    let team = id(&created(
        app.post(
            "/api/v1/teams",
            &sup,
            &json!({"name": "跨太平洋組", "email": "tpac@line.test", "lanes": ["TW-US"]}),
        )
        .await,
        "team",
    )
    .await);
    for who in [&amy, &sup] {
        put(
            &app,
            &format!("/api/v1/teams/{team}/members/{}", who.id),
            &sup,
            &json!({}),
        )
        .await;
        put(
            &app,
            &format!("/api/v1/agents/{}/profile", who.id),
            &sup,
            &json!({"status": "available", "capacity": 20, "languages": ["en", "zh-TW"]}),
        )
        .await;
    }
    created(
        app.post(
            "/api/v1/sla-policies",
            &sup,
            &json!({"name": "金級", "tier": "gold", "first_response_mins": 60, "next_response_mins": 120, "resolution_mins": 1440}),
        )
        .await,
        "policy",
    )
    .await;
    // reply templates named as the demo names them, so the picker is checked too
    for (name, language, body) in [
        (
            "eta_update",
            "en",
            "Dear {{contact.name}}, the new ETA is {{shipment.eta}}.",
        ),
        (
            "eta_update",
            "zh-TW",
            "{{contact.name}} 您好，新的預計抵達時間為 {{shipment.eta}}。",
        ),
        (
            "acknowledge",
            "zh-TW",
            "{{contact.name}} 您好，已收到您的來信。",
        ),
    ] {
        created(
            app.post(
                "/api/v1/reply-templates",
                &sup,
                &json!({"name": name, "language": language, "body": body}),
            )
            .await,
            "template",
        )
        .await;
    }
    let alpha = id(&created(
        app.post(
            "/api/v1/customers",
            &sup,
            &json!({"legal_name": "Alpha Shipping", "local_name": "阿爾法航運", "tier": "gold",
                    "account_owner_id": amy.id, "main_office": "TWKHH", "language": "zh-TW",
                    "preferred_channel": "portal"}),
        )
        .await,
        "alpha",
    )
    .await);
    let bravo = id(&created(
        app.post(
            "/api/v1/customers",
            &sup,
            &json!({"legal_name": "Bravo Logistics", "tier": "silver", "main_office": "TWTPE"}),
        )
        .await,
        "bravo",
    )
    .await);
    let contact = id(&created(
        app.post(
            &format!("/api/v1/customers/{alpha}/contacts"),
            &sup,
            &json!({"name": "陳偉", "emails": ["wei@alpha.test"], "language": "zh-TW", "preferred_channel": "email"}),
        )
        .await,
        "contact",
    )
    .await);
    created(
        app.post(
            &format!("/api/v1/customers/{alpha}/activities"),
            &amy,
            &json!({"kind": "meeting", "subject": "年度檢討", "notes": "討論明年艙位"}),
        )
        .await,
        "activity",
    )
    .await;
    let portal = app
        .user("wei@alpha.test", Role::Customer, None, Some(alpha))
        .await;

    let boxno = container("CSQU305438");
    let shipment = id(&created(
        app.post(
            "/api/v1/shipments",
            &amy,
            &json!({
                "reference": "EGLV140300001", "booking_reference": "BKG-ALPHA-1", "customer_id": alpha,
                "port_of_loading": "TWKHH", "port_of_discharge": "USLAX",
                "legs": [{ "vessel_imo": VESSEL, "voyage": "2103S", "load": "TWKHH", "discharge": "USLAX" }],
                "containers": [{ "number": boxno, "iso_code": "45G1", "seals": ["SL-7781"] }],
                "planned_arrival": "2026-03-20T08:00:00Z"
            }),
        )
        .await,
        "shipment",
    )
    .await);
    let r = app
        .post(
            "/api/v1/tracking/events",
            &amy,
            &json!([
                event(
                    "0b8f4a52-1a52-4c55-8d4a-7f3d2a1b0101",
                    "EQUIPMENT",
                    "LOAD",
                    "ACT",
                    "2026-03-01T10:00:00Z",
                    &boxno
                ),
                event(
                    "0b8f4a52-1a52-4c55-8d4a-7f3d2a1b0102",
                    "TRANSPORT",
                    "DEPA",
                    "ACT",
                    "2026-03-02T06:00:00Z",
                    &boxno
                ),
                event(
                    "0b8f4a52-1a52-4c55-8d4a-7f3d2a1b0103",
                    "TRANSPORT",
                    "ARRI",
                    "EST",
                    "2026-03-21T06:00:00Z",
                    &boxno
                ),
            ]),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    purser_app::tracking::apply::run_pending(&app.store)
        .await
        .expect("the events apply");

    let case = id(&created(
        app.post(
            "/api/v1/cases",
            &amy,
            &json!({"subject": "貨櫃延誤", "case_type": "complaint", "customer_id": alpha, "contact_id": contact,
                    "refs": [{"kind": "container", "value": boxno}], "message": "我的貨櫃在哪裡？"}),
        )
        .await,
        "case",
    )
    .await);
    let second = id(&created(
        app.post(
            "/api/v1/cases",
            &amy,
            &json!({"subject": "提單更正", "case_type": "bl_amendment", "customer_id": alpha, "message": "收貨人名稱有誤"}),
        )
        .await,
        "second case",
    )
    .await);
    let on = |p: &str| format!("/api/v1/cases/{case}/{p}");
    created(
        app.post(
            &on("replies"),
            &amy,
            &json!({"body": "我們正在查詢，稍後回覆。", "status": "waiting_on_customer"}),
        )
        .await,
        "reply",
    )
    .await;
    created(
        app.post(&on("notes"), &amy, &json!({"body": SECRET})).await,
        "note",
    )
    .await;
    created(
        app.post(
            &on("follow-ups"),
            &amy,
            &json!({"action": "回電說明", "due_at": in_hours(3)}),
        )
        .await,
        "follow-up",
    )
    .await;
    let task = id(&created(
        app.post(
            &on("tasks"),
            &amy,
            &json!({"department": "logistics", "question": "請確認櫃位", "due_at": in_hours(24)}),
        )
        .await,
        "task",
    )
    .await);
    created(
        app.post(
            &on("complaint-steps"),
            &amy,
            &json!({"step": "acknowledge", "note": "已受理"}),
        )
        .await,
        "step",
    )
    .await;
    created(
        app.post(
            &on("goodwill"),
            &amy,
            &json!({"kind": "fee_waiver", "amount": "50", "currency": "USD", "reason": "延誤補償"}),
        )
        .await,
        "goodwill",
    )
    .await;
    created(
        app.post(
            &on("links"),
            &amy,
            &json!({"other_id": second, "kind": "related"}),
        )
        .await,
        "link",
    )
    .await;
    created(
        app.post(
            &on("customer-replies"),
            &portal,
            &json!({"body": "謝謝，等您消息。"}),
        )
        .await,
        "customer reply",
    )
    .await;
    let bravo_case = id(&created(
        app.post(
            "/api/v1/cases",
            &sup,
            &json!({"subject": "報價詢問", "case_type": "rate_request", "customer_id": bravo, "message": "請報價"}),
        )
        .await,
        "bravo case",
    )
    .await);
    created(
        app.post(
            &format!("/api/v1/cases/{bravo_case}/notes"),
            &sup,
            &json!({"body": "請 leo 看一下", "mentions": [leo.id]}),
        )
        .await,
        "mention",
    )
    .await;
    let article = |body: Value| {
        let (app, sup) = (&app, sup.clone());
        async move { crate::kb_world::write_article(app, &sup, &body).await }
    };
    let article_en = article(json!({"category": "glossary", "title": "Demurrage",
        "body": "Charged per day once the free days at the terminal run out.",
        "language": "en", "state": "public"}))
    .await;
    let article_zh = article(json!({"category": "glossary", "title": "櫃場延滯費",
        "body": "貨櫃在碼頭內超過免費期所收取的費用。", "language": "zh-TW", "state": "public",
        "translation_id": article_en}))
    .await;
    let article_internal = article(json!({"category": "procedure", "title": "甩櫃通知處理",
        "body": "1. 查明原因\n2. 於 4 個工作小時內通知客戶", "language": "zh-TW", "state": "internal"}))
    .await;
    World {
        article_en,
        article_zh,
        article_internal,
        app,
        admin,
        sup,
        amy,
        leo,
        portal,
        alpha,
        bravo,
        case,
        second,
        bravo_case,
        task,
        shipment,
        container: boxno,
        secret: SECRET,
    }
}

/// Logs `who` in through the form and switches the session to `language`.
pub async fn session_in(app: &TestApp, who: &Who, language: &str) -> String {
    let cookie = browser::login(app, &who.email).await;
    let csrf = browser::csrf_of(app, &cookie).await;
    let r = browser::form_post(
        app,
        &cookie,
        "/account/language",
        &[("csrf", csrf.as_str()), ("language", language)],
    )
    .await;
    assert!(r.status().is_redirection() || r.status().is_success());
    cookie
}

/// The text a reader sees in a page: no scripts, tags or attribute values; the entities the
/// templates write decoded.
pub fn visible_text(html: &str) -> String {
    let mut rest = html.to_string();
    for (open, close) in [("<script", "</script>"), ("<style", "</style>")] {
        while let Some(a) = rest.find(open) {
            let b = rest[a..]
                .find(close)
                .map_or(rest.len(), |b| a + b + close.len());
            rest.replace_range(a..b, " ");
        }
    }
    let mut out = String::with_capacity(rest.len());
    let mut in_tag = false;
    for ch in rest.chars() {
        match ch {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
}
