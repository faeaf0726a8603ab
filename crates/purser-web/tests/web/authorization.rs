//! Who sees what, end to end. A portal user of company A walks every API operation with
//! company B's ids (the operation list is read from the OpenAPI document, so a new endpoint
//! cannot be skipped silently) and gets 404, as if B did not exist; department users see
//! only what is shared with them; administration is for admins; nothing works without
//! credentials. The DCSA Track & Trace operations under `/dcsa/` answer with the spec's
//! error document instead of problem+json, and every such answer is checked against the
//! spec file.

use crate::browser;
use crate::common;

use base64::Engine;
use common::*;
use purser_domain::customers::HANDOVER_CHECKLIST;
use purser_domain::roles::{Department, Role};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

/// The vessel voyage of Bravo's shipment (only Bravo's shipment is on it); the walks fill
/// `{imo}` and `{voyage}` with it.
const BRAVO_VESSEL: (&str, &str) = ("9074729", "B202W");
const ALPHA_VESSEL: (&str, &str) = ("9321483", "A101E");

/// One company's records, created by staff through the API, and its portal user.
struct Company {
    id: Uuid,
    number: String,
    legal_name: String,
    contact: Uuid,
    contact_name: String,
    contact_email: String,
    contract: Uuid,
    contract_reference: String,
    activity: Uuid,
    activity_subject: String,
    handover: Uuid,
    portal: Who,
    portal_token: Uuid,
    case: Uuid,
    case_number: String,
    case_subject: String,
    attachment: Uuid,
    follow_up: Uuid,
    goodwill: Uuid,
    task: Uuid,
    shipment: Uuid,
    shipment_reference: String,
    booking: String,
    container: String,
    /// A DCSA event of this company's shipment.
    event: Uuid,
    /// A TNT subscription of this company's portal user, and its callback URL.
    subscription: Uuid,
    callback_url: String,
}

impl Company {
    /// The id of this company's record in a collection under `/customers/{id}/`.
    fn child(&self, collection: &str) -> Option<Uuid> {
        match collection {
            "contacts" => Some(self.contact),
            "contracts" => Some(self.contract),
            "activities" => Some(self.activity),
            "handovers" => Some(self.handover),
            "cases" => Some(self.case),
            "attachments" => Some(self.attachment),
            "follow-ups" => Some(self.follow_up),
            "goodwill" => Some(self.goodwill),
            "tasks" => Some(self.task),
            "shipments" => Some(self.shipment),
            "events" => Some(self.event),
            "event-subscriptions" => Some(self.subscription),
            _ => None,
        }
    }

    /// Text that appears only in this company's data: an answer containing any of it
    /// told the caller something about the company.
    fn markers(&self) -> Vec<String> {
        vec![
            self.id.to_string(),
            self.number.clone(),
            self.legal_name.clone(),
            self.contact.to_string(),
            self.contact_name.clone(),
            self.contact_email.clone(),
            self.contract.to_string(),
            self.contract_reference.clone(),
            self.activity.to_string(),
            self.activity_subject.clone(),
            self.handover.to_string(),
            self.portal.id.to_string(),
            self.portal.email.clone(),
            self.portal_token.to_string(),
            self.case.to_string(),
            self.case_number.clone(),
            self.case_subject.clone(),
            self.attachment.to_string(),
            self.follow_up.to_string(),
            self.goodwill.to_string(),
            self.task.to_string(),
            self.shipment.to_string(),
            self.shipment_reference.clone(),
            self.booking.clone(),
            self.container.clone(),
            self.event.to_string(),
            self.subscription.to_string(),
            self.callback_url.clone(),
        ]
    }
}

struct World {
    app: TestApp,
    admin: Who,
    agent: Who,
    department: Uuid,
    /// An internal knowledge-base article (customers read public ones only).
    article: Uuid,
    a: Company,
    b: Company,
}

async fn created(r: reqwest::Response, what: &str) -> Value {
    assert_eq!(r.status(), StatusCode::CREATED, "{what}");
    json_of(r).await
}

fn id_of(v: &Value) -> Uuid {
    v["id"].as_str().unwrap().parse().unwrap()
}

/// A company as it comes to be: sales registers the prospect and hands it over, customer
/// service completes the hand-over and records a contact, a contract and a call, and an
/// admin gives one of its people a portal log-in.
async fn company(app: &TestApp, agent: &Who, sales: &Who, tag: &str) -> Company {
    let legal_name = format!("{tag} Shipping Corporation");
    let c = created(
        app.post(
            "/api/v1/customers",
            sales,
            &json!({"legal_name": legal_name, "status": "prospect", "main_office": "TWTPE"}),
        )
        .await,
        "prospect",
    )
    .await;
    let id = id_of(&c);
    let all: Vec<&str> = HANDOVER_CHECKLIST.to_vec();
    let h = created(
        app.post(
            &format!("/api/v1/customers/{id}/handovers"),
            sales,
            &json!({"owner_id": agent.id, "checklist": all}),
        )
        .await,
        "hand-over",
    )
    .await;
    let handover = id_of(&h);
    let r = app
        .req(
            Method::PATCH,
            &format!("/api/v1/customers/{id}/handovers/{handover}"),
            sales,
        )
        .json(&json!({"checklist": all, "complete": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "hand-over completes");
    let contact_name = format!("{tag} Logistics Manager");
    let contact_email = format!("ops@{}.example", tag.to_lowercase());
    let contact = id_of(
        &created(
            app.post(
                &format!("/api/v1/customers/{id}/contacts"),
                agent,
                &json!({"name": contact_name, "emails": [contact_email], "role_title": "Logistics"}),
            )
            .await,
            "contact",
        )
        .await,
    );
    let contract_reference = format!("SC-{}-2026", tag.to_uppercase());
    let contract = id_of(
        &created(
            app.post(
                &format!("/api/v1/customers/{id}/contracts"),
                agent,
                &json!({"reference": contract_reference, "valid_from": "2026-01-01", "valid_to": "2026-12-31",
                        "lanes": [{"from": "TWKHH", "to": "NLRTM"}]}),
            )
            .await,
            "contract",
        )
        .await,
    );
    let activity_subject = format!("Quarterly review with {tag}");
    let activity = id_of(
        &created(
            app.post(
                &format!("/api/v1/customers/{id}/activities"),
                agent,
                &json!({"kind": "meeting", "subject": activity_subject, "contact_id": contact}),
            )
            .await,
            "activity",
        )
        .await,
    );
    let portal = app
        .user(
            &format!("portal@{}.example", tag.to_lowercase()),
            Role::Customer,
            None,
            Some(id),
        )
        .await;
    let tokens = json_of(app.get("/api/v1/tokens", &portal).await).await;
    let portal_token = id_of(&tokens[0]);
    let case_subject = format!("{tag} reefer alarm on the way");
    let case = created(
        app.post(
            "/api/v1/cases",
            agent,
            &json!({"subject": case_subject, "customer_id": id, "contact_id": contact, "message": "Temperature alarm"}),
        )
        .await,
        "case",
    )
    .await;
    let case_id = id_of(&case);
    let reply = created(
        app.post(
            &format!("/api/v1/cases/{case_id}/replies"),
            agent,
            &json!({"body": "We are checking.", "attachments": [{"filename": "log.csv", "content_type": "text/csv", "data_base64": "dGVtcCwxMgo="}]}),
        )
        .await,
        "reply",
    )
    .await;
    let page = json_of(
        app.get(&format!("/api/v1/cases/{case_id}/page"), agent)
            .await,
    )
    .await;
    let attachment = id_of(&page["attachments"][0]);
    assert_eq!(page["attachments"][0]["message_id"], reply["id"]);
    let follow_up = id_of(
        &created(
            app.post(
                &format!("/api/v1/cases/{case_id}/follow-ups"),
                agent,
                &json!({"action": "call back", "due_at": "2100-01-01T00:00:00Z"}),
            )
            .await,
            "follow-up",
        )
        .await,
    );
    let goodwill = id_of(
        &created(
            app.post(
                &format!("/api/v1/cases/{case_id}/goodwill"),
                agent,
                &json!({"kind": "credit", "amount": "5000", "currency": "USD", "reason": "spoiled cargo"}),
            )
            .await,
            "goodwill",
        )
        .await,
    );
    let task = id_of(
        &created(
            app.post(
                &format!("/api/v1/cases/{case_id}/tasks"),
                agent,
                &json!({"department": "operations", "question": "Reefer log?", "due_at": "2100-01-01T00:00:00Z"}),
            )
            .await,
            "task",
        )
        .await,
    );
    // a shipment on the company's own vessel voyage, one event of it, and a subscription
    let (imo, voyage) = if tag == "Bravo" {
        BRAVO_VESSEL
    } else {
        ALPHA_VESSEL
    };
    let upper = tag.to_uppercase();
    let shipment_reference = format!("BL{upper}0001");
    let booking = format!("BKG{upper}01");
    let first10 = format!(
        "{}U{}",
        &upper[..3],
        if tag == "Bravo" { "200002" } else { "100001" }
    );
    let container = format!(
        "{first10}{}",
        purser_domain::ids::iso6346_check_digit(&first10)
    );
    let shipment = id_of(
        &created(
            app.post(
                "/api/v1/shipments",
                agent,
                &json!({"reference": shipment_reference, "booking_reference": booking, "customer_id": id,
                        "port_of_loading": "TWKHH", "port_of_discharge": "NLRTM",
                        "legs": [{"vessel_imo": imo, "voyage": voyage, "load": "TWKHH", "discharge": "NLRTM"}],
                        "containers": [{"number": container, "iso_code": "45G1"}]}),
            )
            .await,
            "shipment",
        )
        .await,
    );
    let event = Uuid::now_v7();
    let r = app
        .post(
            "/api/v1/tracking/events",
            agent,
            &json!([{"eventID": event, "eventType": "SHIPMENT", "eventClassifierCode": "ACT",
                     "eventDateTime": "2026-01-05T08:00:00+08:00", "eventCreatedDateTime": "2026-01-05T08:00:00+08:00",
                     "shipmentEventTypeCode": "CONF", "documentTypeCode": "BKG", "documentID": booking}]),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK, "event");
    let callback_url = format!("https://{}.example/tnt-callback", tag.to_lowercase());
    let sub = app
        .post(
            "/dcsa/tnt/v2/event-subscriptions",
            &portal,
            &json!({"callbackUrl": callback_url, "secret": subscription_secret()}),
        )
        .await;
    assert_eq!(sub.status(), StatusCode::CREATED, "subscription");
    let subscription = json_of(sub).await["subscriptionID"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    Company {
        shipment,
        shipment_reference,
        booking,
        container,
        event,
        subscription,
        callback_url,
        case: case_id,
        case_number: case["number"].as_str().unwrap().to_string(),
        case_subject,
        attachment,
        follow_up,
        goodwill,
        task,
        id,
        number: c["number"].as_str().unwrap().to_string(),
        legal_name,
        contact,
        contact_name,
        contact_email,
        contract,
        contract_reference,
        activity,
        activity_subject,
        handover,
        portal,
        portal_token,
    }
}

fn subscription_secret() -> String {
    base64::engine::general_purpose::STANDARD.encode([42u8; 24])
}

async fn world() -> World {
    let app = TestApp::spawn().await;
    let admin = app.user("root@line.test", Role::Admin, None, None).await;
    let agent = app.user("amy@line.test", Role::Agent, None, None).await;
    let sales = app
        .user(
            "sara@line.test",
            Role::Department,
            Some(Department::Sales),
            None,
        )
        .await;
    let mut db = app.store.clone();
    let department = purser_store::users::get(&mut db, sales.id)
        .await
        .unwrap()
        .department_id
        .unwrap();
    let a = company(&app, &agent, &sales, "Alpha").await;
    let b = company(&app, &agent, &sales, "Bravo").await;
    let article = id_of(
        &created(
            app.post("/api/v1/kb/articles", &agent, &kb_article()).await,
            "article",
        )
        .await,
    );
    World {
        article,
        app,
        admin,
        agent,
        department,
        a,
        b,
    }
}

/// What a portal user of A must get from an operation called with B's ids.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    /// 404 problem, exactly as for an id that does not exist.
    NotFound,
    /// 403 problem: portal users may not do this at all, to anyone's data.
    Forbidden,
    /// No customer or child id in it; answers for the caller's own data with this status.
    Own(u16),
}

/// The expectation table: every operation of the API, with a valid body (so a refusal
/// cannot come from input checks) and, for the audit, its query.
fn case(w: &World, method: &str, template: &str) -> Option<(Expect, Option<Value>, String)> {
    use Expect::*;
    let b = &w.b;
    let none = String::new();
    let c = match (method, template) {
        ("get", "/api/v1/customers") => (Own(200), None, none),
        // data protection: staff-only, so nothing at all for a customer user
        (
            "get",
            "/api/v1/customers/{id}/personal-data"
            | "/api/v1/customers/{customer_id}/contacts/{id}/personal-data",
        ) => (NotFound, None, none),
        ("post", "/api/v1/customers/{customer_id}/contacts/{id}/erasure") => (
            NotFound,
            Some(json!({"mode": "erase", "reason": "Mallory asks"})),
            none,
        ),
        ("post", "/api/v1/customers") => {
            (Forbidden, Some(json!({"legal_name": "Mallory Freight"})), none)
        }
        ("get" | "delete", "/api/v1/customers/{id}")
        | ("get", "/api/v1/customers/{id}/duplicates") => (NotFound, None, none),
        ("patch", "/api/v1/customers/{id}") => (
            NotFound,
            Some(json!({"tier": "platinum", "account_owner_id": null})),
            none,
        ),
        (
            "get",
            "/api/v1/customers/{customer_id}/contacts"
            | "/api/v1/customers/{customer_id}/contracts"
            | "/api/v1/customers/{customer_id}/activities"
            | "/api/v1/customers/{customer_id}/handovers",
        ) => (NotFound, None, none),
        (
            "get" | "delete",
            "/api/v1/customers/{customer_id}/contacts/{id}"
            | "/api/v1/customers/{customer_id}/contracts/{id}"
            | "/api/v1/customers/{customer_id}/activities/{id}",
        ) => (NotFound, None, none),
        ("post", "/api/v1/customers/{customer_id}/contacts") => (
            NotFound,
            Some(json!({"name": "Mallory", "emails": ["mallory@evil.example"]})),
            none,
        ),
        ("patch", "/api/v1/customers/{customer_id}/contacts/{id}") => (
            NotFound,
            Some(json!({"emails": ["mallory@evil.example"]})),
            none,
        ),
        ("post", "/api/v1/customers/{customer_id}/contracts") => (
            NotFound,
            Some(
                json!({"reference": "EVIL-1", "valid_from": "2026-01-01", "valid_to": "2026-12-31"}),
            ),
            none,
        ),
        ("patch", "/api/v1/customers/{customer_id}/contracts/{id}") => (
            NotFound,
            Some(json!({"free_time": {"demurrage_days": 99, "detention_days": 99}})),
            none,
        ),
        ("post", "/api/v1/customers/{customer_id}/activities") => (
            NotFound,
            Some(json!({"kind": "call", "subject": "Mallory called"})),
            none,
        ),
        ("patch", "/api/v1/customers/{customer_id}/activities/{id}") => {
            (NotFound, Some(json!({"subject": "Mallory was here"})), none)
        }
        ("post", "/api/v1/customers/{customer_id}/handovers") => {
            (NotFound, Some(json!({"owner_id": w.agent.id})), none)
        }
        ("patch", "/api/v1/customers/{customer_id}/handovers/{id}") => (
            NotFound,
            Some(json!({"checklist": [], "complete": false})),
            none,
        ),
        // search: the scope keeps a customer user to its own company, counts included
        ("get", "/api/v1/search") => (Own(200), None, format!("?q={}", b.case_number)),
        ("get", "/api/v1/audit") => (
            Forbidden,
            None,
            format!("?object_type=customer&object_id={}", b.id),
        ),
        ("get" | "post", "/api/v1/users") => (
            Forbidden,
            (method == "post").then(|| {
                json!({"email": "mallory@evil.example", "name": "Mallory", "role": "admin", "password": "long enough password"})
            }),
            none,
        ),
        ("get", "/api/v1/users/{id}") => (Forbidden, None, none),
        ("put", "/api/v1/users/{id}") => (
            Forbidden,
            Some(json!({"name": "Mallory", "role": "admin", "active": true})),
            none,
        ),
        ("get", "/api/v1/me") => (Own(200), None, none),
        ("post", "/api/v1/me/password") => (
            Own(422),
            Some(json!({"current_password": "not my password", "new_password": "a long new password"})),
            none,
        ),
        ("get", "/api/v1/departments") => (Forbidden, None, none),
        ("post", "/api/v1/departments") => (
            Forbidden,
            Some(json!({"name": "Mallory's desk", "kind": "finance"})),
            none,
        ),
        ("put", "/api/v1/departments/{id}") => (
            Forbidden,
            Some(json!({"name": "Mallory's desk", "kind": "finance"})),
            none,
        ),
        ("get", "/api/v1/tokens") => (Own(200), None, none),
        ("post", "/api/v1/tokens") => (Own(201), Some(json!({"name": "my script"})), none),
        ("delete", "/api/v1/tokens/{id}") => (NotFound, None, none),
        ("get", "/api/v1/cases") => (Own(200), None, none),
        ("post", "/api/v1/cases") => (Own(201), Some(json!({"subject": "Where is my cargo?"})), none),
        ("get", "/api/v1/cases/{id}")
        | ("get", "/api/v1/cases/{id}/page")
        | ("get", "/api/v1/cases/{id}/messages")
        | ("get", "/api/v1/cases/{id}/attachments/{attachment_id}")
        | ("get", "/api/v1/tasks/{id}") => (NotFound, None, none),
        ("post", "/api/v1/cases/{id}/customer-replies") => (NotFound, Some(json!({"body": "hello"})), none),
        ("post", "/api/v1/cases/{id}/rating") => (NotFound, Some(json!({"score": 1})), none),
        ("post", "/api/v1/tasks/{id}/answer") => (NotFound, Some(json!({"answer": "done"})), none),
        ("patch", "/api/v1/cases/{id}") => (Forbidden, Some(json!({"priority": "urgent"})), none),
        ("post", "/api/v1/cases/{id}/status") => (Forbidden, Some(json!({"status": "resolved"})), none),
        ("post", "/api/v1/cases/{id}/replies") | ("post", "/api/v1/cases/{id}/notes") => {
            (Forbidden, Some(json!({"body": "hello"})), none)
        }
        ("post", "/api/v1/cases/{id}/calls") => (
            Forbidden,
            Some(json!({"direction": "inbound", "duration_secs": 60, "summary": "hi"})),
            none,
        ),
        ("get", "/api/v1/cases/{id}/templates/{name}") => (Forbidden, None, none),
        ("post", "/api/v1/cases/{id}/assignment") => (Forbidden, Some(json!({"assignee_id": null})), none),
        ("post", "/api/v1/cases/bulk-assignment") => (
            Forbidden,
            Some(json!({"case_ids": [w.b.case], "assignee_id": null})),
            none,
        ),
        ("post", "/api/v1/cases/{id}/follow-ups") => (
            Forbidden,
            Some(json!({"action": "x", "due_at": "2100-01-01T00:00:00Z"})),
            none,
        ),
        ("post", "/api/v1/cases/{id}/follow-ups/{follow_up_id}/done") => {
            (Forbidden, Some(json!({"outcome": "done"})), none)
        }
        ("post", "/api/v1/cases/{id}/tasks") => (
            Forbidden,
            Some(json!({"department": "finance", "question": "x", "due_at": "2100-01-01T00:00:00Z"})),
            none,
        ),
        ("post", "/api/v1/cases/{id}/complaint-steps") => {
            (Forbidden, Some(json!({"step": "acknowledge", "note": "x"})), none)
        }
        ("post", "/api/v1/cases/{id}/goodwill") => (
            Forbidden,
            Some(json!({"kind": "credit", "amount": "1", "currency": "USD", "reason": "x"})),
            none,
        ),
        ("post", "/api/v1/cases/{id}/goodwill/{goodwill_id}/decision") => {
            (Forbidden, Some(json!({"approve": true})), none)
        }
        ("post", "/api/v1/cases/{id}/links") => (
            Forbidden,
            Some(json!({"other_id": w.a.case, "kind": "related"})),
            none,
        ),
        ("post", "/api/v1/cases/{id}/merge") => (Forbidden, Some(json!({"into_id": w.a.case})), none),
        ("post", "/api/v1/cases/{id}/split") => {
            (Forbidden, Some(json!({"subject": "x", "message_ids": []})), none)
        }
        ("get", "/api/v1/teams")
        | ("get", "/api/v1/calendars")
        | ("get", "/api/v1/sla-policies")
        | ("get", "/api/v1/reply-templates")
        | ("get", "/api/v1/tasks")
        | ("get", "/api/v1/shift-handovers")
        | ("get", "/api/v1/reports/collaboration")
        | ("get", "/api/v1/agents/{id}/profile")
        | ("put" | "delete", "/api/v1/teams/{id}/members/{user_id}")
        | ("post", "/api/v1/shift-handovers/{id}/acknowledge") => (Forbidden, None, none),
        ("post", "/api/v1/teams") | ("put", "/api/v1/teams/{id}") => {
            (Forbidden, Some(json!({"name": "Mallory's team"})), none)
        }
        ("post", "/api/v1/teams/{id}/busy") => (Forbidden, Some(json!({"busy": true})), none),
        ("put", "/api/v1/agents/{id}/profile") => {
            (Forbidden, Some(json!({"status": "away", "capacity": 1})), none)
        }
        ("post", "/api/v1/agents/{id}/status") => (Forbidden, Some(json!({"status": "away"})), none),
        // presence: another company's case is not found; the desk's lists are staff's
        ("get", "/api/v1/cases/{id}/presence") => (NotFound, None, none),
        ("post", "/api/v1/cases/{id}/presence") => (Forbidden, Some(json!({"mode": "viewing"})), none),
        ("get", "/api/v1/agents/choices") => (Forbidden, None, none),
        // (the zone it already has: a write would reorder PostgreSQL's rows in the snapshot)
        ("put", "/api/v1/account/time-zone") => (Own(200), Some(json!({"time_zone": ""})), none),
        ("post", "/api/v1/absences") => (
            Forbidden,
            Some(json!({"user_id": w.agent.id, "starts_at": "2020-01-01T00:00:00Z", "ends_at": "2100-01-01T00:00:00Z"})),
            none,
        ),
        ("post", "/api/v1/calendars") | ("put", "/api/v1/calendars/{id}") => (
            Forbidden,
            Some(json!({"name": "x", "time_zone": "UTC", "weekly": [["00:00-24:00"], [], [], [], [], [], []]})),
            none,
        ),
        ("post", "/api/v1/sla-policies") | ("put", "/api/v1/sla-policies/{id}") => {
            (Forbidden, Some(json!({"name": "x", "resolution_mins": 1})), none)
        }
        ("post", "/api/v1/reply-templates") => (
            Forbidden,
            Some(json!({"name": "x", "language": "en", "body": "hi"})),
            none,
        ),
        ("post", "/api/v1/shift-handovers") => (Forbidden, Some(json!({})), none),
        ("post", "/api/v1/mail/inbound") => (Forbidden, None, "?mailbox=tpac@line.test".into()),
        ("get", "/api/v1/mail") | ("get", "/api/v1/mail/{id}/raw") => (Forbidden, None, none),
        ("post", "/api/v1/tracking/sources") => (Forbidden, Some(json!({"name": "mallory-feed"})), none),
        // authenticated by the source's signature, not a token: none given, so 401
        ("post", "/api/v1/tracking/callbacks/{source}") => (Own(401), Some(json!([])), none),
        ("post", "/api/v1/tracking/events") | ("post", "/api/v1/tracking/schedules") => {
            (Forbidden, Some(json!([])), none)
        }
        ("get", "/api/v1/shipments") => (Own(200), None, none),
        ("post", "/api/v1/shipments") => (
            Forbidden,
            Some(json!({"reference": "EVIL0001", "booking_reference": "EVILBKG1", "customer_id": b.id,
                        "port_of_loading": "TWKHH", "port_of_discharge": "NLRTM"})),
            none,
        ),
        ("get", "/api/v1/shipments/{id}")
        | ("get", "/api/v1/vessels/{imo}/voyages/{voyage}")
        | ("get", "/api/v1/customers/{id}/notices") => (NotFound, None, none),
        ("put", "/api/v1/customers/{id}/notice-threshold") => {
            (Forbidden, Some(json!({"eta_threshold_hours": 1})), none)
        }
        ("get", "/dcsa/tnt/v2/events") | ("get", "/dcsa/tnt/v2/event-subscriptions") => {
            (Own(200), None, none)
        }
        ("post", "/dcsa/tnt/v2/event-subscriptions") => (
            Own(201),
            Some(json!({"callbackUrl": "https://alpha.example/more", "secret": subscription_secret()})),
            none,
        ),
        ("get", "/dcsa/tnt/v2/events/{eventID}")
        | ("get" | "delete", "/dcsa/tnt/v2/event-subscriptions/{subscriptionID}") => {
            (NotFound, None, none)
        }
        ("put", "/dcsa/tnt/v2/event-subscriptions/{subscriptionID}") => (
            NotFound,
            Some(json!({"callbackUrl": "https://mallory.example/tnt"})),
            none,
        ),
        ("put", "/dcsa/tnt/v2/event-subscriptions/{subscriptionID}/secret") => {
            (NotFound, Some(json!({"secret": subscription_secret()})), none)
        }
        // the knowledge base: a customer reads public articles only, writes none and
        // reads no history
        ("get", "/api/v1/kb/articles") => (Own(200), None, none),
        ("post", "/api/v1/kb/articles") => (Forbidden, Some(kb_article()), none),
        ("get", "/api/v1/kb/articles/{id}") => (NotFound, None, none),
        ("put", "/api/v1/kb/articles/{id}") => (Forbidden, Some(kb_article()), none),
        (
            "get",
            "/api/v1/kb/articles/{id}/versions" | "/api/v1/kb/articles/{id}/versions/{version}",
        ) => (Forbidden, None, none),
        ("get", "/api/v1/kb/articles/{id}/diff") => (Forbidden, None, "?from=1&to=1".into()),
        _ => return None,
    };
    Some(c)
}

/// A valid internal article, so a refusal cannot come from its input.
fn kb_article() -> Value {
    json!({"category": "procedure", "title": "Mallory's procedure", "body": "Step one",
           "language": "en", "state": "internal"})
}

/// A path template with its parameters filled: `{customer_id}` (and `{id}` right after
/// `customers`) is `customer`; any other `{id}` (or `{…ID}`) is looked up by the collection
/// before it; `{imo}`/`{voyage}` are Bravo's vessel voyage and `{source}` a source nobody
/// registered.
fn fill(template: &str, customer: Uuid, id_in: &dyn Fn(&str) -> Option<Uuid>) -> String {
    let segments: Vec<&str> = template.split('/').collect();
    segments
        .iter()
        .enumerate()
        .map(|(i, s)| match *s {
            "{customer_id}" => customer.to_string(),
            "{id}" if segments[i - 1] == "customers" => customer.to_string(),
            "{name}" => "ack".to_string(),
            "{imo}" => BRAVO_VESSEL.0.to_string(),
            "{voyage}" => BRAVO_VESSEL.1.to_string(),
            "{source}" => "no-such-source".to_string(),
            "{version}" => "1".to_string(),
            p if p.starts_with('{') && p.to_ascii_lowercase().ends_with("id}") => {
                id_in(segments[i - 1])
                    .unwrap_or_else(|| {
                        panic!(
                            "no id for {{id}} after `{}` in {template}: add it to the table",
                            segments[i - 1]
                        )
                    })
                    .to_string()
            }
            p if p.starts_with('{') => panic!("unknown parameter {p} in {template}"),
            p => p.to_string(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The operations of the OpenAPI document, as (method, path template).
async fn operations(app: &TestApp) -> Vec<(String, String)> {
    let doc: Value = app
        .client
        .get(format!("{}/api/openapi.json", app.url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut ops = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in item.as_object().unwrap().keys() {
            if [
                "get", "put", "post", "delete", "options", "head", "patch", "trace",
            ]
            .contains(&method.as_str())
            {
                ops.push((method.clone(), path.clone()));
            }
        }
    }
    assert!(ops.len() >= 30, "the document lists the API: {ops:?}");
    ops
}

struct Answer {
    status: StatusCode,
    content_type: String,
    body: String,
}

async fn call(
    app: &TestApp,
    who: Option<&Who>,
    method: &str,
    path: &str,
    body: Option<&Value>,
) -> Answer {
    let m = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
    let mut req = app.client.request(m.clone(), format!("{}{path}", app.url));
    if let Some(w) = who {
        req = req.bearer_auth(&w.token);
    }
    if matches!(m, Method::PATCH | Method::PUT | Method::DELETE) {
        req = req.header("If-Match", "*");
    }
    if let Some(b) = body {
        req = req.json(b);
    }
    let r = req.send().await.unwrap();
    let content_type = r
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    Answer {
        status: r.status(),
        content_type,
        body: r.text().await.unwrap(),
    }
}

/// A DCSA answer: JSON (the spec's error document when it is a refusal) that validates
/// against the TNT 2.2 spec file for the operation and status.
fn assert_dcsa(template: &str, method: &str, a: &Answer, what: &str) {
    if a.body.is_empty() {
        assert_eq!(a.status, StatusCode::NO_CONTENT, "{what}");
        return;
    }
    assert_eq!(a.content_type, "application/json", "{what}");
    let body: Value = serde_json::from_str(&a.body).unwrap();
    let spec_path = template.strip_prefix("/dcsa/tnt").unwrap();
    let problems = purser_dcsa::validate_tnt_response(spec_path, method, a.status.as_str(), &body);
    assert!(problems.is_empty(), "{what}: {problems:?}: {body}");
    if !a.status.is_success() {
        assert_eq!(body["statusCode"], a.status.as_u16(), "{what}");
    }
}

/// A DCSA error document without its `requestUri`.
fn without_request_uri(a: &Answer) -> Answer {
    let body = match serde_json::from_str::<Value>(&a.body) {
        Ok(Value::Object(mut o)) if o.contains_key("errorDateTime") => {
            o.remove("requestUri");
            Value::Object(o).to_string()
        }
        _ => a.body.clone(),
    };
    Answer {
        status: a.status,
        content_type: a.content_type.clone(),
        body,
    }
}

fn assert_tells_nothing_about(c: &Company, what: &str, a: &Answer) {
    for m in c.markers() {
        assert!(
            !a.body.contains(&m),
            "{what} ({}) reveals `{m}`: {}",
            a.status,
            a.body
        );
    }
}

/// B's records as its own staff see them; compared before and after the walk.
async fn snapshot(w: &World) -> Vec<Value> {
    let id = w.b.id;
    let mut out = vec![
        json_of(
            w.app
                .get(&format!("/api/v1/customers/{id}"), &w.agent)
                .await,
        )
        .await,
    ];
    for coll in ["contacts", "contracts", "activities", "handovers"] {
        out.push(
            json_of(
                w.app
                    .get(&format!("/api/v1/customers/{id}/{coll}"), &w.agent)
                    .await,
            )
            .await,
        );
    }
    out.push(
        json_of(
            w.app
                .get(&format!("/api/v1/cases/{}/page", w.b.case), &w.agent)
                .await,
        )
        .await,
    );
    out.push(json_of(w.app.get("/api/v1/users", &w.admin).await).await);
    out.push(json_of(w.app.get("/api/v1/departments", &w.admin).await).await);
    out.push(
        json_of(
            w.app
                .get(&format!("/api/v1/shipments/{}", w.b.shipment), &w.agent)
                .await,
        )
        .await,
    );
    out.push(
        json_of(
            w.app
                .get("/dcsa/tnt/v2/event-subscriptions", &w.b.portal)
                .await,
        )
        .await,
    );
    out
}

#[tokio::test]
async fn a_portal_user_gets_404_for_every_operation_on_another_companys_records() {
    let w = world().await;
    let (app, a, b) = (&w.app, &w.a, &w.b);
    // search must know B's case before the walk, or its silence proves nothing
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    loop {
        let path = format!("/api/v1/search?q={}", b.case_number);
        let staff = json_of(app.get(&path, &w.agent).await).await;
        if staff["counts"]["case"].as_u64() > Some(0) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "B's case never indexed"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let before = snapshot(&w).await;
    let b_ids = |coll: &str| match coll {
        "users" => Some(b.portal.id),
        "tokens" => Some(b.portal_token),
        "departments" => Some(w.department),
        // configuration is refused outright: any id serves
        "teams" | "members" | "agents" | "calendars" | "sla-policies" | "shift-handovers"
        | "mail" => Some(Uuid::now_v7()),
        "articles" => Some(w.article),
        c => b.child(c),
    };
    let mut uncovered = Vec::new();
    let mut not_found = 0;
    for (method, template) in operations(app).await {
        let Some((expect, body, query)) = case(&w, &method, &template) else {
            uncovered.push(format!("{} {template}", method.to_uppercase()));
            continue;
        };
        let path = format!("{}{query}", fill(&template, b.id, &b_ids));
        let what = format!("{} {path} ({template})", method.to_uppercase());
        let answer = call(app, Some(&a.portal), &method, &path, body.as_ref()).await;
        let want = match expect {
            Expect::NotFound => 404,
            Expect::Forbidden => 403,
            Expect::Own(s) => s,
        };
        assert_eq!(answer.status.as_u16(), want, "{what}: {}", answer.body);
        if template.starts_with("/dcsa/") {
            assert_dcsa(&template, &method, &answer, &what);
            // the spec's error document echoes the request URI: B's id there is the
            // caller's own input, not something the answer told it
            assert_tells_nothing_about(b, &what, &without_request_uri(&answer));
        } else {
            if !answer.status.is_success() {
                assert_eq!(answer.content_type, "application/problem+json", "{what}");
            }
            assert_tells_nothing_about(b, &what, &answer);
        }
        if expect == Expect::NotFound {
            not_found += 1;
        }
    }
    assert!(
        uncovered.is_empty(),
        "operations missing from the expectation table: {uncovered:?}"
    );
    assert!(
        not_found >= 20,
        "{not_found} operations answered 404 for B's ids"
    );

    // the audit of each of B's records is closed to customers, whatever the object type
    for (kind, id) in [
        ("customer", b.id),
        ("contact", b.contact),
        ("contract", b.contract),
        ("activity", b.activity),
        ("handover", b.handover),
        ("user", b.portal.id),
        ("api_token", b.portal_token),
    ] {
        let path = format!("/api/v1/audit?object_type={kind}&object_id={id}");
        let answer = call(app, Some(&a.portal), "get", &path, None).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{path}");
        assert_tells_nothing_about(b, &path, &answer);
    }

    // B's records under A's own id are no more visible, and the answer is the same as for
    // an id that does not exist, so it does not even tell that they exist
    let ops = operations(app).await;
    let nested = ops
        .iter()
        .filter(|(_, t)| t.contains("{customer_id}") && t.ends_with("{id}"));
    let mut probed = 0;
    for (method, template) in nested {
        let (_, body, _) = case(&w, method, template).expect("in the table");
        let with_b = fill(template, a.id, &|c| b.child(c));
        let with_nothing = fill(template, a.id, &|_| Some(Uuid::now_v7()));
        let what = format!(
            "{} {template} with A's id and B's record",
            method.to_uppercase()
        );
        let answer = call(app, Some(&a.portal), method, &with_b, body.as_ref()).await;
        let baseline = call(app, Some(&a.portal), method, &with_nothing, body.as_ref()).await;
        assert!(
            answer.status == StatusCode::NOT_FOUND || answer.status == StatusCode::FORBIDDEN,
            "{what}: {} {}",
            answer.status,
            answer.body
        );
        assert_eq!(
            answer.status, baseline.status,
            "{what} answers differently from a missing id"
        );
        assert_tells_nothing_about(b, &what, &answer);
        probed += 1;
    }
    assert_eq!(
        probed, 10,
        "contacts, contracts, activities ×3 and hand-overs"
    );

    // nothing of B's changed, and B's portal user still works
    assert_eq!(snapshot(&w).await, before, "B's records are unchanged");
    assert_eq!(
        app.get("/api/v1/me", &b.portal).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_portal_user_reads_its_own_company_and_contacts_but_cannot_change_them() {
    let w = world().await;
    let (app, a) = (&w.app, &w.a);
    let me = &a.portal;
    let r = app.get(&format!("/api/v1/customers/{}", a.id), me).await;
    assert_eq!(r.status(), StatusCode::OK);
    let etag = r.headers()["etag"].to_str().unwrap().to_string();
    let c = json_of(r).await;
    assert_eq!(c["legal_name"], a.legal_name.as_str());

    let contacts = json_of(
        app.get(&format!("/api/v1/customers/{}/contacts", a.id), me)
            .await,
    )
    .await;
    let names: Vec<&str> = contacts
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, [a.contact_name.as_str()]);
    let r = app
        .get(
            &format!("/api/v1/customers/{}/contacts/{}", a.id, a.contact),
            me,
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);

    // changing its own company is for customer service
    let r = app
        .patch(
            &format!("/api/v1/customers/{}", a.id),
            me,
            &etag,
            &json!({"tier": "platinum"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    let r = app.delete(&format!("/api/v1/customers/{}", a.id), me).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = app
        .post(
            &format!("/api/v1/customers/{}/contacts", a.id),
            me,
            &json!({"name": "New Colleague", "emails": ["new@alpha.example"]}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = app
        .patch(
            &format!("/api/v1/customers/{}/contacts/{}", a.id, a.contact),
            me,
            "*",
            &json!({"name": "Renamed"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let now = json_of(
        app.get(&format!("/api/v1/customers/{}", a.id), &w.agent)
            .await,
    )
    .await;
    assert_eq!(now, c, "the refused changes changed nothing");

    // the desk's own notes about the company stay internal
    let r = app
        .get(&format!("/api/v1/customers/{}/activities", a.id), me)
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert!(!r.text().await.unwrap().contains(&a.activity_subject));
    let r = app
        .get(
            &format!("/api/v1/customers/{}/activities/{}", a.id, a.activity),
            me,
        )
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = app
        .get(
            &format!("/api/v1/audit?object_type=customer&object_id={}", a.id),
            me,
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_portal_users_customer_list_holds_only_its_own_company_whatever_it_asks_for() {
    let w = world().await;
    let (app, a, b) = (&w.app, &w.a, &w.b);
    let ids = |v: &Value| -> Vec<String> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_string())
            .collect()
    };
    // staff see both, so the searches below would find B if scope allowed it
    let all = json_of(app.get("/api/v1/customers?q=bravo", &w.agent).await).await;
    assert_eq!(ids(&all), [b.id.to_string()]);

    let own = vec![a.id.to_string()];
    for query in [
        "",
        "?q=shipping",
        "?q=alpha",
        "?sort=-name",
        "?status=active",
        "?main_office=TWTPE",
        "?limit=200",
    ] {
        let r = app
            .get(&format!("/api/v1/customers{query}"), &a.portal)
            .await;
        assert_eq!(r.status(), StatusCode::OK, "{query}");
        let page = json_of(r).await;
        assert_eq!(ids(&page), own, "{query}");
        assert!(page.get("next_cursor").is_none(), "{query}");
    }
    for query in [
        "?q=bravo",
        "?q=Bravo%20Shipping",
        &format!("?q={}", b.number),
        &format!("?q={}", b.id),
        &format!("?q={}", b.contact_email.replace('@', "%40")),
        "?status=archived",
        "?status=prospect",
    ] {
        let r = app
            .get(&format!("/api/v1/customers{query}"), &a.portal)
            .await;
        assert_eq!(r.status(), StatusCode::OK, "{query}");
        let body = r.text().await.unwrap();
        let page: Value = serde_json::from_str(&body).unwrap();
        assert!(ids(&page).is_empty(), "{query}: {body}");
        for m in b.markers() {
            assert!(!body.contains(&m), "{query} reveals {m}");
        }
    }
}

// Regression guard: a customer record carries `possible_duplicates`, the ids of other
// companies with a similar name; returned unfiltered, company A's portal user would learn
// company B's id. The use cases keep only the ids the caller may open.
#[tokio::test]
async fn a_portal_user_reading_its_own_company_learns_nothing_of_a_similarly_named_one() {
    let app = TestApp::spawn().await;
    let agent = app.user("amy@line.test", Role::Agent, None, None).await;
    let other = created(
        app.post(
            "/api/v1/customers",
            &agent,
            &json!({"legal_name": "Yang Ming Marine Transport Corp."}),
        )
        .await,
        "other",
    )
    .await;
    let own = created(
        app.post(
            "/api/v1/customers",
            &agent,
            &json!({"legal_name": "YANG MING MARINE TRANSPORT CORPORATION"}),
        )
        .await,
        "own",
    )
    .await;
    let other_id = other["id"].as_str().unwrap();
    assert_eq!(
        own["possible_duplicates"],
        json!([other_id]),
        "staff are told of the likely duplicate"
    );
    let portal = app
        .user("portal@ym.example", Role::Customer, None, Some(id_of(&own)))
        .await;
    let dups = json_of(
        app.get(
            &format!("/api/v1/customers/{}/duplicates", id_of(&own)),
            &portal,
        )
        .await,
    )
    .await;
    assert_eq!(dups, json!([]), "the duplicates endpoint filters");

    let mut leaks = Vec::new();
    for path in [
        format!("/api/v1/customers/{}", id_of(&own)),
        "/api/v1/customers".to_string(),
    ] {
        let r = app.get(&path, &portal).await;
        assert_eq!(r.status(), StatusCode::OK, "{path}");
        let body = r.text().await.unwrap();
        if body.contains(other_id) {
            leaks.push(format!("GET {path}: {body}"));
        }
    }
    assert!(
        leaks.is_empty(),
        "the id of another company leaks to a portal user:\n{}",
        leaks.join("\n")
    );
}

#[tokio::test]
async fn a_finance_department_user_sees_no_customers_at_all() {
    let w = world().await;
    let app = &w.app;
    let finance = app
        .user(
            "fay@line.test",
            Role::Department,
            Some(Department::Finance),
            None,
        )
        .await;
    let page = json_of(app.get("/api/v1/customers", &finance).await).await;
    assert_eq!(page["items"], json!([]));
    let page = json_of(app.get("/api/v1/customers?q=alpha", &finance).await).await;
    assert_eq!(page["items"], json!([]));
    for path in [
        format!("/api/v1/customers/{}", w.a.id),
        format!("/api/v1/customers/{}/contacts", w.a.id),
        format!("/api/v1/customers/{}/contracts/{}", w.a.id, w.a.contract),
    ] {
        let r = app.get(&path, &finance).await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND, "{path}");
    }
    // nor may it register prospects: that is sales' work
    let r = app
        .post(
            "/api/v1/customers",
            &finance,
            &json!({"legal_name": "Finance Prospect", "status": "prospect"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // its audit view of A is empty rather than A's history
    let audit = json_of(
        app.get(
            &format!("/api/v1/audit?object_type=customer&object_id={}", w.a.id),
            &finance,
        )
        .await,
    )
    .await;
    assert_eq!(audit, json!([]));
}

#[tokio::test]
async fn a_sales_department_user_sees_only_the_customers_it_is_sales_owner_of() {
    let app = TestApp::spawn().await;
    let agent = app.user("amy@line.test", Role::Agent, None, None).await;
    let sara = app
        .user(
            "sara@line.test",
            Role::Department,
            Some(Department::Sales),
            None,
        )
        .await;
    let sam = app
        .user(
            "sam@line.test",
            Role::Department,
            Some(Department::Sales),
            None,
        )
        .await;
    let saras = created(
        app.post(
            "/api/v1/customers",
            &sara,
            &json!({"legal_name": "Sara Prospect Trading", "status": "prospect"}),
        )
        .await,
        "sara's prospect",
    )
    .await;
    assert_eq!(
        saras["sales_owner_id"],
        json!(sara.id),
        "sales owns what it registers"
    );
    let sams = created(
        app.post(
            "/api/v1/customers",
            &agent,
            &json!({"legal_name": "Sam Account Trading", "sales_owner_id": sam.id}),
        )
        .await,
        "sam's account",
    )
    .await;
    let nobodys = created(
        app.post(
            "/api/v1/customers",
            &agent,
            &json!({"legal_name": "Unowned Trading"}),
        )
        .await,
        "unowned",
    )
    .await;
    let names = |v: &Value| -> Vec<String> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["legal_name"].as_str().unwrap().to_string())
            .collect()
    };
    let list = json_of(app.get("/api/v1/customers?q=trading", &sara).await).await;
    assert_eq!(names(&list), ["Sara Prospect Trading"]);
    let list = json_of(app.get("/api/v1/customers", &sam).await).await;
    assert_eq!(names(&list), ["Sam Account Trading"]);
    let list = json_of(app.get("/api/v1/customers?q=trading", &agent).await).await;
    assert_eq!(names(&list).len(), 3, "staff see all three");

    assert_eq!(
        app.get(
            &format!("/api/v1/customers/{}", saras["id"].as_str().unwrap()),
            &sara
        )
        .await
        .status(),
        StatusCode::OK
    );
    for c in [&sams, &nobodys] {
        let id = c["id"].as_str().unwrap();
        for path in [
            format!("/api/v1/customers/{id}"),
            format!("/api/v1/customers/{id}/contacts"),
            format!("/api/v1/customers/{id}/handovers"),
        ] {
            assert_eq!(
                app.get(&path, &sara).await.status(),
                StatusCode::NOT_FOUND,
                "{path}"
            );
        }
        let r = app
            .post(
                &format!("/api/v1/customers/{id}/activities"),
                &sara,
                &json!({"kind": "visit", "subject": "Dropped by"}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        let audit = json_of(
            app.get(
                &format!("/api/v1/audit?object_type=customer&object_id={id}"),
                &sara,
            )
            .await,
        )
        .await;
        assert_eq!(audit, json!([]), "no history of a customer not shared");
    }
    // on its own customer sales records visits but does not edit the company
    let id = saras["id"].as_str().unwrap();
    let r = app
        .post(
            &format!("/api/v1/customers/{id}/activities"),
            &sara,
            &json!({"kind": "visit", "subject": "First visit"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let r = app
        .patch(
            &format!("/api/v1/customers/{id}"),
            &sara,
            "\"1\"",
            &json!({"tier": "gold"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn administration_is_forbidden_to_agents_and_portal_users() {
    let w = world().await;
    let app = &w.app;
    let departments_before = json_of(app.get("/api/v1/departments", &w.admin).await).await;
    let users_before = json_of(app.get("/api/v1/users", &w.admin).await).await;
    let user = w.agent.id;
    let dept = w.department;
    let calls: Vec<(Method, String, Option<Value>)> = vec![
        (Method::GET, "/api/v1/users".into(), None),
        (
            Method::POST,
            "/api/v1/users".into(),
            Some(
                json!({"email": "new@line.test", "name": "New", "role": "admin", "password": "long enough password"}),
            ),
        ),
        (Method::GET, format!("/api/v1/users/{user}"), None),
        (
            Method::PUT,
            format!("/api/v1/users/{user}"),
            Some(json!({"name": "Amy", "role": "admin", "active": true})),
        ),
        (
            Method::POST,
            "/api/v1/departments".into(),
            Some(json!({"name": "Shadow desk", "kind": "operations"})),
        ),
        (
            Method::PUT,
            format!("/api/v1/departments/{dept}"),
            Some(json!({"name": "Renamed", "kind": "finance"})),
        ),
        (
            Method::POST,
            "/api/v1/tokens".into(),
            Some(json!({"name": "someone else's", "user_id": w.admin.id})),
        ),
    ];
    for who in [&w.agent, &w.a.portal] {
        for (m, path, body) in &calls {
            let mut req = app.req(m.clone(), path, who).header("If-Match", "*");
            if let Some(b) = body {
                req = req.json(b);
            }
            let r = req.send().await.unwrap();
            assert_eq!(
                r.status(),
                StatusCode::FORBIDDEN,
                "{} {m} {path}",
                who.email
            );
            assert_eq!(r.headers()["content-type"], "application/problem+json");
        }
    }
    // staff may read the department list (for pickers); customers may not
    assert_eq!(
        app.get("/api/v1/departments", &w.agent).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        app.get("/api/v1/departments", &w.a.portal).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        json_of(app.get("/api/v1/departments", &w.admin).await).await,
        departments_before
    );
    assert_eq!(
        json_of(app.get("/api/v1/users", &w.admin).await).await,
        users_before
    );
    // the same calls work for an admin, so the 403s above are the policy, not a fault
    let r = app
        .post(
            "/api/v1/departments",
            &w.admin,
            &json!({"name": "Real desk", "kind": "operations"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let r = app.get(&format!("/api/v1/users/{user}"), &w.admin).await;
    assert_eq!(r.status(), StatusCode::OK);
}

// Regression guard: GET /api/v1/users/{id} is for admins, so the audit history of users,
// departments and tokens (which holds the same records) must be too.
#[tokio::test]
async fn an_agent_cannot_read_an_admin_only_record_through_its_audit_history() {
    let app = TestApp::spawn().await;
    let root = app.user("root@line.test", Role::Admin, None, None).await;
    let amy = app.user("amy@line.test", Role::Agent, None, None).await;
    let r = app
        .post(
            "/api/v1/users",
            &root,
            &json!({"email": "hidden.colleague@line.test", "name": "Hidden Colleague",
                    "role": "supervisor", "password": "long enough password"}),
        )
        .await;
    let bob = id_of(&created(r, "user").await);
    assert_eq!(
        app.get(&format!("/api/v1/users/{bob}"), &amy)
            .await
            .status(),
        StatusCode::FORBIDDEN,
        "the record itself is admins' business"
    );
    let r = app
        .post(
            "/api/v1/tokens",
            &root,
            &json!({"name": "root-deploy-key", "user_id": bob}),
        )
        .await;
    let token = id_of(&created(r, "token").await);
    for (kind, id, secret) in [
        ("user", bob, "hidden.colleague@line.test"),
        ("api_token", token, "root-deploy-key"),
    ] {
        let path = format!("/api/v1/audit?object_type={kind}&object_id={id}");
        // an admin does see it, so the entries exist
        let all = app.get(&path, &root).await.text().await.unwrap();
        assert!(all.contains(secret), "{path} as admin: {all}");
        let r = app.get(&path, &amy).await;
        let status = r.status();
        let body = r.text().await.unwrap();
        assert!(
            status == StatusCode::FORBIDDEN || (status == StatusCode::OK && body == "[]"),
            "{path} as an agent: {status} {body}"
        );
        assert!(
            !body.contains(secret),
            "{path} as an agent reveals {secret}"
        );
    }
}

#[tokio::test]
async fn every_api_operation_refuses_a_caller_without_valid_credentials_with_a_401_problem() {
    // (a source's callback is authenticated by its signature, so no token is a 401 too; the
    // DCSA operations answer with the spec's error document rather than problem+json)
    let app = TestApp::spawn().await;
    let ops = operations(&app).await;
    let credentials: [(&str, Option<(&str, &str)>); 4] = [
        ("none", None),
        (
            "unknown bearer token",
            Some(("authorization", "Bearer pst_0000000000000000")),
        ),
        (
            "basic auth",
            Some(("authorization", "Basic YWRtaW46YWRtaW4=")),
        ),
        (
            "unknown session",
            Some(("cookie", "purser_session=deadbeef")),
        ),
    ];
    for (method, template) in &ops {
        let path = fill(template, Uuid::now_v7(), &|_| Some(Uuid::now_v7()));
        let m = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
        for (what, header) in &credentials {
            let mut req = app
                .client
                .request(m.clone(), format!("{}{path}", app.url))
                .header("If-Match", "*");
            if let Some((k, v)) = header {
                req = req.header(*k, *v);
            }
            if matches!(m, Method::POST | Method::PUT | Method::PATCH) {
                req = req.json(&json!({}));
            }
            let r = req.send().await.unwrap();
            let where_ = format!("{m} {path} with {what}");
            assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "{where_}");
            if template.starts_with("/dcsa/") {
                // the spec's error document, with its version header
                assert_eq!(r.headers()["api-version"], "2.2.0", "{where_}");
                let answer = Answer {
                    status: r.status(),
                    content_type: r.headers()["content-type"].to_str().unwrap().to_string(),
                    body: r.text().await.unwrap(),
                };
                assert_dcsa(template, method, &answer, &where_);
                continue;
            }
            assert_eq!(
                r.headers()["content-type"],
                "application/problem+json",
                "{where_}"
            );
            assert_eq!(json_of(r).await["status"], 401, "{where_}");
        }
    }
}

#[tokio::test]
async fn the_console_shows_a_portal_user_nothing_of_another_company() {
    let w = world().await;
    let (app, a, b) = (&w.app, &w.a, &w.b);
    let cookie = browser::login(app, &a.portal.email).await;
    let csrf = browser::csrf_of(app, &cookie).await;
    let agent_id = w.agent.id.to_string();
    // the staff customer page (authority limits, the desk's history) is not the portal's
    let r = browser::page(app, &cookie, &format!("/customers/{}", a.id)).await;
    assert_eq!(
        r.status(),
        StatusCode::FORBIDDEN,
        "not even its own company's"
    );
    let list = browser::page(app, &cookie, "/customers?q=bravo").await;
    let html = list.text().await.unwrap();
    assert!(!html.contains(&b.legal_name) && !html.contains(&b.id.to_string()));
    for path in [
        format!("/customers/{}", b.id),
        format!("/customers/{}/edit", b.id),
    ] {
        let r = browser::page(app, &cookie, &path).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "GET {path}");
        let html = r.text().await.unwrap();
        assert!(!html.contains(&b.legal_name), "GET {path}");
    }
    for (path, fields) in [
        (
            format!("/customers/{}/edit", b.id),
            vec![("legal_name", "Mallory Freight"), ("version", "1")],
        ),
        (
            format!("/customers/{}/contacts", b.id),
            vec![("name", "Mallory"), ("email", "mallory@evil.example")],
        ),
        (
            format!("/customers/{}/activities", b.id),
            vec![("kind", "call"), ("subject", "Mallory called")],
        ),
        (
            format!("/customers/{}/handovers", b.id),
            vec![("owner_id", agent_id.as_str()), ("notes", "Mallory's")],
        ),
        (
            format!("/customers/{}/handovers/{}", b.id, b.handover),
            vec![("version", "1"), ("complete", "false")],
        ),
    ] {
        let mut f = fields.clone();
        f.push(("csrf", csrf.as_str()));
        let r = browser::form_post(app, &cookie, &path, &f).await;
        // refused before any record is looked up: a portal user learns nothing of B
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "POST {path}");
    }
    let contacts = json_of(
        app.get(&format!("/api/v1/customers/{}/contacts", b.id), &w.agent)
            .await,
    )
    .await;
    assert_eq!(
        contacts.as_array().unwrap().len(),
        1,
        "no contact was added to B"
    );
    let handovers = json_of(
        app.get(&format!("/api/v1/customers/{}/handovers", b.id), &w.agent)
            .await,
    )
    .await;
    assert_eq!(
        handovers.as_array().unwrap().len(),
        1,
        "no hand-over was added to B"
    );
}
