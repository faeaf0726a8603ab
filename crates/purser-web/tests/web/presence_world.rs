//! The desk the presence tests share: one team (zone Asia/Taipei) with three agents and a
//! supervisor, a customer with a contact and a portal user, and a case filed for it.

use crate::browser::login;
use crate::common::*;
use purser_domain::roles::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

pub struct World {
    pub app: TestApp,
    pub sup: Who,
    pub amy: Who,
    pub wang: Who,
    pub zoe: Who,
    pub portal: Who,
    pub customer: Uuid,
    pub case: Uuid,
}

pub async fn expect(r: reqwest::Response, status: StatusCode, what: &str) -> Value {
    let got = r.status();
    let text = r.text().await.unwrap();
    assert_eq!(got, status, "{what}: {text}");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

/// The audit entries of one object, as the supervisor reads them through the API.
pub async fn audit_of(w: &World, object_type: &str, object_id: Uuid) -> Value {
    let path = format!("/api/v1/audit?object_type={object_type}&object_id={object_id}");
    expect(w.app.get(&path, &w.sup).await, StatusCode::OK, "audit").await
}

pub fn id(v: &Value) -> Uuid {
    v["id"].as_str().unwrap().parse().unwrap()
}

/// `zone`: the team's time zone (None: the team has none).
pub async fn world(zone: Option<&str>) -> World {
    let app = TestApp::spawn().await;
    let sup = app
        .user("sue@line.test", Role::Supervisor, None, None)
        .await;
    let amy = app.user("amy@line.test", Role::Agent, None, None).await;
    let wang = app.user("wang@line.test", Role::Agent, None, None).await;
    let zoe = app.user("zoe@line.test", Role::Agent, None, None).await;
    let team = id(&expect(
        app.post(
            "/api/v1/teams",
            &sup,
            &json!({"name": "Trans-Pacific", "email": "tpac@line.test", "time_zone": zone}),
        )
        .await,
        StatusCode::CREATED,
        "team",
    )
    .await);
    for who in [&amy, &wang, &zoe] {
        let r = app
            .req(
                reqwest::Method::PUT,
                &format!("/api/v1/teams/{team}/members/{}", who.id),
                &sup,
            )
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::NO_CONTENT);
    }
    let customer = id(&expect(
        app.post(
            "/api/v1/customers",
            &sup,
            &json!({"legal_name": "Formosa Plastics", "main_office": "TWKHH"}),
        )
        .await,
        StatusCode::CREATED,
        "customer",
    )
    .await);
    let contact = id(&expect(
        app.post(
            &format!("/api/v1/customers/{customer}/contacts"),
            &sup,
            &json!({"name": "Wei Chen", "emails": ["wei@formosa.test"], "language": "en"}),
        )
        .await,
        StatusCode::CREATED,
        "contact",
    )
    .await);
    let portal = app
        .user("buyer@formosa.test", Role::Customer, None, Some(customer))
        .await;
    let case = id(&expect(
        app.post(
            "/api/v1/cases",
            &amy,
            &json!({"subject": "Where is CSQU3054383?", "customer_id": customer, "contact_id": contact,
                    "message": "Please confirm the ETA."}),
        )
        .await,
        StatusCode::CREATED,
        "case",
    )
    .await);
    World {
        app,
        sup,
        amy,
        wang,
        zoe,
        portal,
        customer,
        case,
    }
}

/// A console page's HTML for a user (logging in through the form).
pub async fn html(app: &TestApp, email: &str, path: &str) -> String {
    let cookie = login(app, email).await;
    let r = crate::browser::page(app, &cookie, path).await;
    assert_eq!(r.status(), StatusCode::OK, "{path}");
    r.text().await.unwrap()
}

/// The `<select>` with this id, its options' labels in order.
pub fn options_of(html: &str, select_id: &str) -> Vec<String> {
    let start = html
        .find(&format!("id=\"{select_id}\""))
        .unwrap_or_else(|| panic!("no select {select_id}"));
    let rest = &html[start..];
    let end = rest.find("</select>").unwrap();
    rest[..end]
        .split("<option")
        .skip(1)
        .filter_map(|o| {
            o.split_once('>')
                .map(|(_, l)| l.split('<').next().unwrap_or("").to_string())
        })
        .collect()
}
