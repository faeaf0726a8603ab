//! The records beneath a customer, end to end: contacts, contracts and activities through
//! their whole life with ETags and If-Match, the contract rules (unique reference, valid
//! lanes), the hand-over of a prospect from sales to an agent, and the audit trail.

use crate::common;

use common::*;
use purser_domain::customers::HANDOVER_CHECKLIST;
use purser_domain::roles::{Department, Role};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

/// One kind of record under `/customers/{id}/<collection>` and what to do with it.
struct Kind {
    collection: &'static str,
    create: Value,
    /// A change, and the field and value it should leave.
    change: Value,
    changed: (&'static str, Value),
    /// A change the rules refuse, and the field the refusal names.
    bad: (Value, &'static str),
}

fn etag(r: &reqwest::Response) -> String {
    r.headers()["etag"].to_str().unwrap().to_string()
}

/// Walks one record through create, read, list, conditional update, refusals and archive.
async fn life_of(app: &TestApp, who: &Who, kind: Kind) {
    let x = app.customer("Xiamen Ocean Shipping Co.").await;
    let y = app.customer("Yantian Forwarding Ltd").await;
    let base = format!("/api/v1/customers/{x}/{}", kind.collection);
    let problem = |r: &reqwest::Response| {
        assert_eq!(r.headers()["content-type"], "application/problem+json");
    };

    let r = app.post(&base, who, &kind.create).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    assert_eq!(etag(&r), "\"1\"");
    let location = r.headers()["location"].to_str().unwrap().to_string();
    let created = json_of(r).await;
    let id = created["id"].as_str().unwrap().to_string();
    assert_eq!(location, format!("{base}/{id}"));
    assert_eq!(created["customer_id"], json!(x));
    assert_eq!(
        (created["version"].as_i64(), created["archived"].as_bool()),
        (Some(1), Some(false))
    );
    for (k, v) in kind.create.as_object().unwrap() {
        assert_eq!(&created[k], v, "{k} is stored as sent");
    }

    let r = app.get(&location, who).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(etag(&r), "\"1\"");
    assert_eq!(json_of(r).await, created);
    let list = json_of(app.get(&base, who).await).await;
    assert_eq!(list, json!([created]));

    // a change must say which version it changes, in a form we gave out
    let r = app
        .req(Method::PATCH, &location, who)
        .json(&kind.change)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::PRECONDITION_REQUIRED);
    problem(&r);
    let r = app.patch(&location, who, "yesterday's", &kind.change).await;
    assert_eq!(r.status(), StatusCode::PRECONDITION_FAILED);
    assert_eq!(problem_fields(&json_of(r).await), ["If-Match"]);

    let r = app.patch(&location, who, "\"1\"", &kind.change).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(etag(&r), "\"2\"");
    let updated = json_of(r).await;
    let (field, value) = &kind.changed;
    assert_eq!(&updated[*field], value);
    assert_eq!(updated["version"], 2);

    // a second writer still holding version 1 is refused and changes nothing
    let r = app.patch(&location, who, "\"1\"", &kind.create).await;
    assert_eq!(r.status(), StatusCode::PRECONDITION_FAILED);
    problem(&r);
    assert!(
        json_of(r).await["detail"]
            .as_str()
            .unwrap()
            .contains("\"2\""),
        "the refusal tells the current ETag"
    );
    // bad values and unknown fields are named, and change nothing either
    let (bad, bad_field) = &kind.bad;
    let r = app.patch(&location, who, "\"2\"", bad).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    assert_eq!(problem_fields(&json_of(r).await), [*bad_field]);
    let r = app
        .patch(&location, who, "\"2\"", &json!({"favourite_colour": "red"}))
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem_fields(&json_of(r).await), ["favourite_colour"]);
    let r = app
        .patch(&location, who, "\"2\"", &json!(["not", "an", "object"]))
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let now = app.get(&location, who).await;
    assert_eq!(etag(&now), "\"2\"");
    assert_eq!(json_of(now).await, updated);

    // the record belongs to X: under Y's path it does not exist
    let under_y = format!("/api/v1/customers/{y}/{}/{id}", kind.collection);
    assert_eq!(app.get(&under_y, who).await.status(), StatusCode::NOT_FOUND);
    let r = app.patch(&under_y, who, "*", &kind.change).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        app.delete(&under_y, who).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        json_of(
            app.get(&format!("/api/v1/customers/{y}/{}", kind.collection), who)
                .await
        )
        .await,
        json!([])
    );

    // archiving is conditional too when If-Match is sent
    let r = app
        .req(Method::DELETE, &location, who)
        .header("If-Match", "\"1\"")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::PRECONDITION_FAILED);
    let r = app
        .req(Method::DELETE, &location, who)
        .header("If-Match", "\"2\"")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(etag(&r), "\"3\"");
    assert_eq!(json_of(r).await["archived"], true);
    // it leaves the list but its page stays, for the history
    assert_eq!(json_of(app.get(&base, who).await).await, json!([]));
    let r = app.get(&location, who).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(json_of(r).await["archived"], true);
}

#[tokio::test]
async fn a_contact_lives_through_create_read_conditional_update_and_archive() {
    let app = TestApp::spawn().await;
    let amy = app.user("amy@line.test", Role::Agent, None, None).await;
    life_of(
        &app,
        &amy,
        Kind {
            collection: "contacts",
            create: json!({"name": "林美玲", "role_title": "Export manager",
                           "emails": ["mei@xoshipping.example"], "phones": ["+886 7 123 4567"],
                           "language": "zh-TW"}),
            change: json!({"role_title": "Logistics director", "preferred_channel": "phone"}),
            changed: ("role_title", json!("Logistics director")),
            bad: (json!({"emails": ["mei at example"]}), "emails/0"),
        },
    )
    .await;
}

#[tokio::test]
async fn a_contract_lives_through_create_read_conditional_update_and_archive() {
    let app = TestApp::spawn().await;
    let amy = app.user("amy@line.test", Role::Agent, None, None).await;
    life_of(
        &app,
        &amy,
        Kind {
            collection: "contracts",
            create: json!({"reference": "SC-2026-0042", "valid_from": "2026-01-01", "valid_to": "2026-12-31",
                           "lanes": [{"from": "CNXMN", "to": "NLRTM"}, {"from": "CNXMN", "to": "DEHAM"}],
                           "free_time": {"demurrage_days": 7, "detention_days": 10}}),
            change: json!({"free_time": {"demurrage_days": 14}}),
            changed: (
                "free_time",
                json!({"demurrage_days": 14, "detention_days": 10}),
            ),
            bad: (json!({"valid_to": "2025-06-30"}), "valid_to"),
        },
    )
    .await;
}

#[tokio::test]
async fn an_activity_lives_through_create_read_conditional_update_and_archive() {
    let app = TestApp::spawn().await;
    let amy = app.user("amy@line.test", Role::Agent, None, None).await;
    life_of(
        &app,
        &amy,
        Kind {
            collection: "activities",
            create: json!({"kind": "visit", "subject": "Site visit at the Xiamen office",
                           "notes": "Discussed reefer capacity for Q3."}),
            change: json!({"subject": "Site visit and warehouse tour"}),
            changed: ("subject", json!("Site visit and warehouse tour")),
            bad: (json!({"occurred_at": "last Tuesday"}), "occurred_at"),
        },
    )
    .await;
}

#[tokio::test]
async fn an_activity_may_name_only_a_contact_of_its_own_customer() {
    let app = TestApp::spawn().await;
    let amy = app.user("amy@line.test", Role::Agent, None, None).await;
    let x = app.customer("Xiamen Ocean Shipping Co.").await;
    let y = app.customer("Yantian Forwarding Ltd").await;
    let contact_of = |c: Uuid| {
        let req = app
            .req(
                Method::POST,
                &format!("/api/v1/customers/{c}/contacts"),
                &amy,
            )
            .json(&json!({"name": "Chen", "emails": ["chen@example.com"]}));
        async move { json_of(req.send().await.unwrap()).await["id"].clone() }
    };
    let (cx, cy) = (contact_of(x).await, contact_of(y).await);
    let path = format!("/api/v1/customers/{x}/activities");
    let r = app
        .post(
            &path,
            &amy,
            &json!({"kind": "call", "subject": "Rate enquiry", "contact_id": cy}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem_fields(&json_of(r).await), ["contact_id"]);
    assert_eq!(json_of(app.get(&path, &amy).await).await, json!([]));
    let r = app
        .post(
            &path,
            &amy,
            &json!({"kind": "call", "subject": "Rate enquiry", "contact_id": cx}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let a = json_of(r).await;
    assert_eq!(a["contact_id"], cx);
    assert_eq!(
        a["user_id"],
        json!(amy.id),
        "the activity records who logged it"
    );
}

#[tokio::test]
async fn a_contract_reference_is_unique_across_the_whole_book() {
    let app = TestApp::spawn().await;
    let amy = app.user("amy@line.test", Role::Agent, None, None).await;
    let x = app.customer("Xiamen Ocean Shipping Co.").await;
    let y = app.customer("Yantian Forwarding Ltd").await;
    let contract = |reference: &str| json!({"reference": reference, "valid_from": "2026-01-01", "valid_to": "2026-12-31"});
    let r = app
        .post(
            &format!("/api/v1/customers/{x}/contracts"),
            &amy,
            &contract("SC-2026-0001"),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    for c in [x, y] {
        let r = app
            .post(
                &format!("/api/v1/customers/{c}/contracts"),
                &amy,
                &contract("SC-2026-0001"),
            )
            .await;
        // a clash with another record: 409 naming the field
        assert_eq!(r.status(), StatusCode::CONFLICT, "again under {c}");
        assert_eq!(r.headers()["content-type"], "application/problem+json");
        assert_eq!(problem_fields(&json_of(r).await), ["reference"]);
    }
    // renaming another contract onto a taken reference is refused the same way
    let r = app
        .post(
            &format!("/api/v1/customers/{y}/contracts"),
            &amy,
            &contract("SC-2026-0002"),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let second = r.headers()["location"].to_str().unwrap().to_string();
    let r = app
        .patch(
            &second,
            &amy,
            "\"1\"",
            &json!({"reference": "SC-2026-0001"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(problem_fields(&json_of(r).await), ["reference"]);
    let now = json_of(app.get(&second, &amy).await).await;
    assert_eq!(
        (now["reference"].as_str(), now["version"].as_i64()),
        (Some("SC-2026-0002"), Some(1))
    );
    // the refusals left no trace: one contract each, and the store still takes writes
    for c in [x, y] {
        let list = json_of(
            app.get(&format!("/api/v1/customers/{c}/contracts"), &amy)
                .await,
        )
        .await;
        assert_eq!(list.as_array().unwrap().len(), 1);
    }
    let r = app
        .post(
            &format!("/api/v1/customers/{x}/contracts"),
            &amy,
            &contract("SC-2026-0003"),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn a_lane_with_a_bad_locode_is_named_by_its_index_and_end() {
    let app = TestApp::spawn().await;
    let amy = app.user("amy@line.test", Role::Agent, None, None).await;
    let x = app.customer("Xiamen Ocean Shipping Co.").await;
    let path = format!("/api/v1/customers/{x}/contracts");
    let with_lanes = |lanes: Value| json!({"reference": "SC-LANES", "valid_from": "2026-01-01", "valid_to": "2026-12-31", "lanes": lanes});
    for (lanes, fields) in [
        (
            json!([{"from": "XXX", "to": "NLRTM"}]),
            vec!["lanes/0/from"],
        ),
        (
            json!([{"from": "TWKHH", "to": "NLRTM"}, {"from": "TWKHH", "to": "Rotterdam"}]),
            vec!["lanes/1/to"],
        ),
        (
            json!([{"from": "TW1HH", "to": "NL-RTM"}]),
            vec!["lanes/0/from", "lanes/0/to"],
        ),
        (json!([{"from": "TWKHH"}]), vec!["lanes/0/to"]),
    ] {
        let r = app.post(&path, &amy, &with_lanes(lanes.clone())).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{lanes}");
        assert_eq!(r.headers()["content-type"], "application/problem+json");
        assert_eq!(problem_fields(&json_of(r).await), fields, "{lanes}");
    }
    assert_eq!(json_of(app.get(&path, &amy).await).await, json!([]));
    // LOCODEs are accepted with a space and in lower case, and stored canonical
    let r = app
        .post(
            &path,
            &amy,
            &with_lanes(json!([{"from": "tw khh", "to": "NL RTM"}])),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let c = json_of(r).await;
    assert_eq!(c["lanes"], json!([{"from": "TWKHH", "to": "NLRTM"}]));
    // and a change to a bad lane is refused the same way
    let r = app
        .patch(
            &format!("{path}/{}", c["id"].as_str().unwrap()),
            &amy,
            "\"1\"",
            &json!({"lanes": [{"from": "TWKHH", "to": "NLRTM"}, {"from": "??", "to": "DEHAM"}]}),
        )
        .await;
    assert_eq!(problem_fields(&json_of(r).await), ["lanes/1/from"]);
}

#[tokio::test]
async fn a_prospect_handed_over_by_sales_becomes_the_agents_active_customer() {
    let app = TestApp::spawn().await;
    let amy = app.user("amy@line.test", Role::Agent, None, None).await;
    let sara = app
        .user(
            "sara@line.test",
            Role::Department,
            Some(Department::Sales),
            None,
        )
        .await;
    let mut db = app.store.clone();

    // sales registers a prospect, owned by sales
    let r = app
        .post(
            "/api/v1/customers",
            &sara,
            &json!({"legal_name": "Kaohsiung Reefer Traders", "status": "prospect"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let c = json_of(r).await;
    assert_eq!(c["status"], "prospect");
    assert_eq!(c["sales_owner_id"], json!(sara.id));
    assert_eq!(c["account_owner_id"], Value::Null);
    let id = c["id"].as_str().unwrap().to_string();
    let handovers = format!("/api/v1/customers/{id}/handovers");

    // the new owner must be an active agent or supervisor
    for owner in [json!(sara.id), json!(Uuid::now_v7())] {
        let r = app
            .post(&handovers, &sara, &json!({"owner_id": owner}))
            .await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{owner}");
        assert_eq!(problem_fields(&json_of(r).await), ["owner_id"]);
    }
    assert!(
        purser_store::notifications::for_user(&mut db, amy.id, 10)
            .await
            .unwrap()
            .is_empty()
    );

    let r = app
        .post(
            &handovers,
            &sara,
            &json!({"owner_id": amy.id, "checklist": ["contract_signed"], "notes": "Reefer volumes from Q3"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let h = json_of(r).await;
    assert_eq!(
        (
            h["status"].as_str(),
            h["from_user_id"].clone(),
            h["owner_id"].clone()
        ),
        (Some("open"), json!(sara.id), json!(amy.id))
    );
    let h_path = format!("{handovers}/{}", h["id"].as_str().unwrap());

    // the agent is told in the console and by e-mail
    let told = purser_store::notifications::for_user(&mut db, amy.id, 10)
        .await
        .unwrap();
    assert_eq!(told.len(), 1);
    assert_eq!(told[0].kind, "handover_started");
    assert_eq!(told[0].link, format!("/customers/{id}"));
    assert!(told[0].title.contains("Kaohsiung Reefer Traders"));
    let mails = purser_store::outbox::pending(&mut db, Some("email"), 10)
        .await
        .unwrap();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].payload["to"], "amy@line.test");
    assert_eq!(mails[0].payload["kind"], "handover_started");
    assert!(
        purser_store::notifications::for_user(&mut db, sara.id, 10)
            .await
            .unwrap()
            .is_empty()
    );

    // completing needs every checklist item
    let some = json!(["contract_signed", "credit_approved"]);
    let r = app
        .req(Method::PATCH, &h_path, &sara)
        .json(&json!({"checklist": some, "complete": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let p = json_of(r).await;
    assert_eq!(problem_fields(&p), ["checklist"]);
    assert!(p["detail"].as_str().unwrap().contains("contacts_verified"));
    let r = app
        .req(Method::PATCH, &h_path, &sara)
        .json(&json!({"checklist": ["contract_signed", "lunch_booked"], "complete": false}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem_fields(&json_of(r).await), ["checklist/1"]);
    let now = json_of(app.get(&handovers, &amy).await).await;
    assert_eq!(now[0]["status"], "open");
    assert_eq!(now[0]["checklist"], json!(["contract_signed"]));
    let still = json_of(app.get(&format!("/api/v1/customers/{id}"), &amy).await).await;
    assert_eq!(still["status"], "prospect");

    let all: Vec<&str> = HANDOVER_CHECKLIST.to_vec();
    let r = app
        .req(Method::PATCH, &h_path, &sara)
        .json(&json!({"checklist": all, "complete": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let done = json_of(r).await;
    assert_eq!(done["status"], "completed");
    assert!(done["completed_at"].is_i64());

    let c = json_of(app.get(&format!("/api/v1/customers/{id}"), &amy).await).await;
    assert_eq!(c["status"], "active");
    assert_eq!(c["account_owner_id"], json!(amy.id));
    assert_eq!(c["sales_owner_id"], json!(sara.id), "sales keeps its view");
    assert_eq!(
        app.get(&format!("/api/v1/customers/{id}"), &sara)
            .await
            .status(),
        StatusCode::OK
    );
    let told = purser_store::notifications::for_user(&mut db, amy.id, 10)
        .await
        .unwrap();
    let mut kinds: Vec<&str> = told.iter().map(|n| n.kind.as_str()).collect();
    kinds.sort();
    assert_eq!(kinds, ["handover_completed", "handover_started"]);
    let mails = purser_store::outbox::pending(&mut db, Some("email"), 10)
        .await
        .unwrap();
    assert_eq!(mails.len(), 2);
    assert!(mails.iter().all(|m| m.payload["to"] == "amy@line.test"));

    // it is over: no second completion, no second hand-over of an active customer
    let r = app
        .req(Method::PATCH, &h_path, &sara)
        .json(&json!({"checklist": all, "complete": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let r = app
        .post(&handovers, &sara, &json!({"owner_id": amy.id}))
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(
        purser_store::notifications::for_user(&mut db, amy.id, 10)
            .await
            .unwrap()
            .len(),
        2
    );

    // the customer's history shows the move from prospect to active, by sales
    let audit = json_of(
        app.get(
            &format!("/api/v1/audit?object_type=customer&object_id={id}"),
            &amy,
        )
        .await,
    )
    .await;
    assert_eq!(audit[0]["action"], "update");
    assert_eq!(audit[0]["actor_label"], "sara <sara@line.test>");
    assert_eq!(audit[0]["before"]["status"], "prospect");
    assert_eq!(audit[0]["after"]["status"], "active");
    assert_eq!(audit[0]["after"]["account_owner_id"], json!(amy.id));
}

#[tokio::test]
async fn every_change_to_a_contact_contract_or_activity_is_audited_with_before_and_after() {
    let app = TestApp::spawn().await;
    let amy = app.user("amy@line.test", Role::Agent, None, None).await;
    let sam = app
        .user("sam@line.test", Role::Supervisor, None, None)
        .await;
    let x = app.customer("Xiamen Ocean Shipping Co.").await;
    let records = [
        (
            "contact",
            "contacts",
            json!({"name": "Mei", "emails": ["mei@example.com"]}),
            ("name", json!("Mei"), json!("Mei Lin")),
        ),
        (
            "contract",
            "contracts",
            json!({"reference": "SC-AUDIT", "valid_from": "2026-01-01", "valid_to": "2026-06-30"}),
            ("valid_to", json!("2026-06-30"), json!("2026-12-31")),
        ),
        (
            "activity",
            "activities",
            json!({"kind": "call", "subject": "Booking query"}),
            (
                "subject",
                json!("Booking query"),
                json!("Booking query, resolved"),
            ),
        ),
    ];
    for (object_type, coll, create, (field, old, new)) in records {
        let base = format!("/api/v1/customers/{x}/{coll}");
        let r = app.post(&base, &amy, &create).await;
        assert_eq!(r.status(), StatusCode::CREATED, "{object_type}");
        let id = json_of(r).await["id"].as_str().unwrap().to_string();
        let r = app
            .patch(&format!("{base}/{id}"), &sam, "\"1\"", &json!({field: new}))
            .await;
        assert_eq!(r.status(), StatusCode::OK, "{object_type}");
        let r = app.delete(&format!("{base}/{id}"), &sam).await;
        assert_eq!(r.status(), StatusCode::OK, "{object_type}");

        let audit = json_of(
            app.get(
                &format!("/api/v1/audit?object_type={object_type}&object_id={id}"),
                &amy,
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
        assert_eq!(actions, ["delete", "update", "create"], "{object_type}");
        for e in audit.as_array().unwrap() {
            assert_eq!(e["object_type"], object_type);
            assert_eq!(e["object_id"], json!(id));
            assert_eq!(
                e["customer_id"],
                json!(x),
                "{object_type} is filed under its customer"
            );
        }
        let (deleted, updated, created) = (&audit[0], &audit[1], &audit[2]);
        assert_eq!(created["before"], Value::Null, "{object_type}");
        assert_eq!(created["after"][field], old, "{object_type}");
        assert_eq!(created["after"]["id"], json!(id));
        assert_eq!(created["actor_label"], "amy <amy@line.test>");
        assert_eq!(created["actor_id"], json!(amy.id));
        assert_eq!(updated["before"][field], old, "{object_type}");
        assert_eq!(updated["after"][field], new, "{object_type}");
        assert_eq!(updated["after"]["version"], 2);
        assert_eq!(updated["actor_label"], "sam <sam@line.test>");
        assert_eq!(deleted["before"]["archived"], false);
        assert_eq!(deleted["after"]["archived"], true);
    }
    // a refused change is not in the history
    let r = app
        .post(
            &format!("/api/v1/customers/{x}/contracts"),
            &amy,
            &json!({"reference": "SC-AUDIT", "valid_from": "2026-01-01", "valid_to": "2026-12-31"}),
        )
        .await;
    // the reference is taken: a clash with another record, 409
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let mut db = app.store.clone();
    let history = purser_store::audit::for_customer(&mut db, x, 100)
        .await
        .unwrap();
    let creates = history
        .iter()
        .filter(|e| e.object_type == "contract" && e.action == "create")
        .count();
    assert_eq!(creates, 1);
}
