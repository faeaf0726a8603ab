//! The service desk end to end through the API, on SQLite and (with
//! `PURSER_TEST_BACKEND=postgres`) PostgreSQL: a case is numbered, routed, clocked,
//! answered and closed; routing honours owners, load, skills and absences; the SLA watcher
//! warns, breaches and escalates; promises, department tasks, complaints, goodwill,
//! templates, merges and the shift hand-over each do what an agent expects.

use crate::common;

use common::*;
use purser_app::cases::sla_watch;
use purser_domain::roles::{Department, Role};
use purser_store::now_micros;
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

const MINUTE: i64 = 60_000_000;

struct Desk {
    app: TestApp,
    sup: Who,
    amy: Who,
    ben: Who,
    cat: Who,
    team: Uuid,
}

async fn created(r: reqwest::Response, what: &str) -> Value {
    let status = r.status();
    let body: Value = r.json().await.unwrap();
    assert_eq!(status, StatusCode::CREATED, "{what}: {body}");
    body
}

async fn ok(r: reqwest::Response, what: &str) -> Value {
    let status = r.status();
    let body: Value = r.json().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{what}: {body}");
    body
}

fn id(v: &Value) -> Uuid {
    v["id"].as_str().unwrap().parse().unwrap()
}

/// A desk with one team of three agents (amy reads Chinese) and a supervisor.
async fn desk() -> Desk {
    let app = TestApp::spawn().await;
    let sup = app
        .user("sue@line.test", Role::Supervisor, None, None)
        .await;
    let amy = app.user("amy@line.test", Role::Agent, None, None).await;
    let ben = app.user("ben@line.test", Role::Agent, None, None).await;
    let cat = app.user("cat@line.test", Role::Agent, None, None).await;
    let team = id(&created(
        app.post(
            "/api/v1/teams",
            &sup,
            &json!({"name": "Trans-Pacific", "email": "tpac@line.test", "lanes": ["TW-US"]}),
        )
        .await,
        "team",
    )
    .await);
    for (who, langs) in [
        (&amy, json!(["en", "zh-TW"])),
        (&ben, json!(["en"])),
        (&cat, json!(["en"])),
    ] {
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
        let r = app
            .req(
                reqwest::Method::PUT,
                &format!("/api/v1/agents/{}/profile", who.id),
                &sup,
            )
            .json(&json!({"status": "available", "capacity": 3, "languages": langs}))
            .send()
            .await
            .unwrap();
        ok(r, "profile").await;
    }
    Desk {
        app,
        sup,
        amy,
        ben,
        cat,
        team,
    }
}

/// A customer (with an optional account owner) and one contact with an e-mail address.
async fn customer(d: &Desk, name: &str, owner: Option<Uuid>, language: &str) -> (Uuid, Uuid) {
    let c = id(&created(
        d.app
            .post(
                "/api/v1/customers",
                &d.sup,
                &json!({"legal_name": name, "tier": "gold", "account_owner_id": owner}),
            )
            .await,
        "customer",
    )
    .await);
    let k = id(&created(
        d.app
            .post(
                &format!("/api/v1/customers/{c}/contacts"),
                &d.sup,
                &json!({"name": "Wei Chen", "emails": [format!("wei@{}.test", name.to_lowercase().replace(' ', ""))], "language": language}),
            )
            .await,
        "contact",
    )
    .await);
    (c, k)
}

async fn new_case(d: &Desk, who: &Who, body: Value) -> Value {
    created(d.app.post("/api/v1/cases", who, &body).await, "case").await
}

async fn page(d: &Desk, case: Uuid) -> Value {
    ok(
        d.app
            .get(&format!("/api/v1/cases/{case}/page"), &d.sup)
            .await,
        "page",
    )
    .await
}

#[tokio::test]
async fn a_case_is_numbered_routed_clocked_answered_and_closed() {
    let d = desk().await;
    let policy = created(
        d.app
            .post(
                "/api/v1/sla-policies",
                &d.sup,
                &json!({"name": "Gold", "tier": "gold", "first_response_mins": 60, "next_response_mins": 120, "resolution_mins": 1440}),
            )
            .await,
        "policy",
    )
    .await;
    let (cust, contact) = customer(&d, "Formosa Plastics", Some(d.ben.id), "en").await;

    // a container number with a wrong check digit is refused, by field
    let r = d
        .app
        .post(
            "/api/v1/cases",
            &d.amy,
            &json!({"subject": "ETA?", "customer_id": cust, "refs": [{"kind": "container", "value": "CSQU3054384"}]}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem_fields(&json_of(r).await), ["refs/0/value"]);

    let before = now_micros();
    let case = new_case(
        &d,
        &d.amy,
        json!({"subject": "Where is CSQU3054383?", "customer_id": cust, "contact_id": contact, "lane": "tw-us",
               "refs": [{"kind": "container", "value": "csqu3054383"}], "message": "Please confirm the new ETA at Los Angeles."}),
    )
    .await;
    let cid = id(&case);
    let number = case["number"].as_str().unwrap();
    assert!(
        number.starts_with("CS-20") && number.len() == 14,
        "{number}"
    );
    assert_eq!(case["status"], "new");
    assert_eq!(case["team_id"], d.team.to_string());
    assert_eq!(
        case["assignee_id"],
        d.ben.id.to_string(),
        "the account owner first"
    );
    assert!(
        case["assign_reason"]
            .as_str()
            .unwrap()
            .contains("account owner"),
        "{}",
        case["assign_reason"]
    );
    assert_eq!(case["sla_policy_id"], policy["id"]);
    let due = case["due_at"].as_i64().unwrap();
    assert!(
        due >= before + 60 * MINUTE && due <= now_micros() + 60 * MINUTE,
        "first response due in an hour"
    );

    let p = page(&d, cid).await;
    assert_eq!(p["refs"][0]["value"], "CSQU3054383");
    assert_eq!(p["messages"][0]["direction"], "inbound");
    assert_eq!(
        p["clocks"].as_array().unwrap().len(),
        2,
        "first response and resolution run"
    );

    // the owner answers: queued for e-mail to the contact, first response met
    let m = created(
        d.app
            .post(
                &format!("/api/v1/cases/{cid}/replies"),
                &d.ben,
                &json!({"body": "The vessel arrives on Friday.", "status": "waiting_on_customer"}),
            )
            .await,
        "reply",
    )
    .await;
    assert_eq!(m["delivery"], "queued");
    let jobs = purser_store::outbox::pending(&mut d.app.store.clone(), Some("case_reply"), 10)
        .await
        .unwrap();
    assert_eq!(jobs.len(), 1);
    assert_eq!(jobs[0].payload["to"][0], "wei@formosaplastics.test");
    assert_eq!(jobs[0].payload["from"], "tpac@line.test");
    assert!(
        jobs[0].payload["subject"]
            .as_str()
            .unwrap()
            .starts_with(&format!("[{number}]"))
    );
    let p = page(&d, cid).await;
    assert_eq!(p["case"]["status"], "waiting_on_customer");
    assert_eq!(
        p["case"]["sla_state"], "paused",
        "waiting on the customer stops the clock"
    );
    let first = p["clocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["target"] == "first_response")
        .unwrap()
        .clone();
    assert_eq!(first["state"], "met");

    // an illegal move is a 409 that changes nothing
    let r = d
        .app
        .post(
            &format!("/api/v1/cases/{cid}/status"),
            &d.ben,
            &json!({"status": "closed"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(page(&d, cid).await["case"]["status"], "waiting_on_customer");

    // the customer answers in the portal: the case opens and the next-response clock starts
    let portal = d
        .app
        .user("wei@formosaplastics.test", Role::Customer, None, Some(cust))
        .await;
    let r = created(
        d.app
            .post(
                &format!("/api/v1/cases/{cid}/customer-replies"),
                &portal,
                &json!({"body": "Thanks, and the B/L?"}),
            )
            .await,
        "customer reply",
    )
    .await;
    assert_eq!(r["case_id"], cid.to_string());
    let p = page(&d, cid).await;
    assert_eq!(p["case"]["status"], "open");
    assert!(
        p["clocks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["target"] == "next_response" && c["state"] == "running")
    );

    // an internal note never reaches the customer
    created(
        d.app
            .post(
                &format!("/api/v1/cases/{cid}/notes"),
                &d.ben,
                &json!({"body": "@amy can you check the B/L draft?"}),
            )
            .await,
        "note",
    )
    .await;
    let seen: Value = ok(
        d.app
            .get(&format!("/api/v1/cases/{cid}/messages"), &portal)
            .await,
        "portal messages",
    )
    .await;
    assert!(
        seen.as_array()
            .unwrap()
            .iter()
            .all(|m| m["kind"] == "public"),
        "{seen}"
    );
    assert!(!seen.to_string().contains("B/L draft"));
    let unread = purser_store::notifications::unread_count(&mut d.app.store.clone(), d.amy.id)
        .await
        .unwrap();
    assert!(unread >= 1, "@amy was told");

    // resolve, close; staff cannot reply to a closed case; the customer's reply opens a new one
    for s in ["resolved", "closed"] {
        ok(
            d.app
                .post(
                    &format!("/api/v1/cases/{cid}/status"),
                    &d.ben,
                    &json!({"status": s}),
                )
                .await,
            s,
        )
        .await;
    }
    let r = d
        .app
        .post(
            &format!("/api/v1/cases/{cid}/replies"),
            &d.ben,
            &json!({"body": "One more thing"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let r = created(
        d.app
            .post(
                &format!("/api/v1/cases/{cid}/customer-replies"),
                &portal,
                &json!({"body": "The cargo is still not here!"}),
            )
            .await,
        "reply to closed",
    )
    .await;
    assert_ne!(r["case_id"], cid.to_string(), "a closed case stays closed");
    let fresh: Uuid = r["case_id"].as_str().unwrap().parse().unwrap();
    let p = page(&d, fresh).await;
    assert_eq!(p["links"][0]["other_id"], cid.to_string());
    assert_eq!(p["refs"][0]["value"], "CSQU3054383", "references follow");

    // the customer rates the closed case, and sees only its own company's cases
    ok(
        d.app
            .post(
                &format!("/api/v1/cases/{cid}/rating"),
                &portal,
                &json!({"score": 4, "comment": "quick"}),
            )
            .await,
        "rating",
    )
    .await;
    let (other, _) = customer(&d, "Yang Ming Partners", None, "en").await;
    let theirs = new_case(
        &d,
        &d.amy,
        json!({"subject": "Rate TWKHH-USLAX", "customer_id": other}),
    )
    .await;
    let list = ok(d.app.get("/api/v1/cases", &portal).await, "portal list").await;
    let ids: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&cid.to_string().as_str()));
    assert!(!ids.contains(&theirs["id"].as_str().unwrap()));
    let r = d
        .app
        .get(&format!("/api/v1/cases/{}", id(&theirs)), &portal)
        .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    // every change is in the audit history of the case
    let audit = ok(
        d.app
            .get(
                &format!("/api/v1/audit?object_type=case&object_id={cid}"),
                &d.sup,
            )
            .await,
        "audit",
    )
    .await;
    let actions: Vec<&str> = audit["items"]
        .as_array()
        .or(audit.as_array())
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for a in ["create", "reply", "customer_reply", "note", "rate"] {
        assert!(actions.contains(&a), "{a} missing from {actions:?}");
    }
}

#[tokio::test]
async fn two_agents_replying_at_once_both_land_in_order() {
    let d = desk().await;
    let (cust, _) = customer(&d, "Evergreen Shippers", None, "en").await;
    let cid = id(&new_case(
        &d,
        &d.amy,
        json!({"subject": "Two at once", "customer_id": cust}),
    )
    .await);
    let mut handles = Vec::new();
    for i in 0..12 {
        let who = if i % 2 == 0 {
            d.amy.clone()
        } else {
            d.ben.clone()
        };
        let (url, client) = (d.app.url.clone(), d.app.client.clone());
        handles.push(tokio::spawn(async move {
            client
                .post(format!("{url}/api/v1/cases/{cid}/notes"))
                .bearer_auth(&who.token)
                .json(&json!({"body": format!("note {i}")}))
                .send()
                .await
                .unwrap()
                .status()
        }));
    }
    for h in handles {
        assert_eq!(h.await.unwrap(), StatusCode::CREATED);
    }
    let p = page(&d, cid).await;
    let notes: Vec<&Value> = p["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["kind"] == "note")
        .collect();
    assert_eq!(notes.len(), 12);
    let seqs: Vec<i64> = p["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["seq"].as_i64().unwrap())
        .collect();
    let expected: Vec<i64> = (1..=seqs.len() as i64).collect();
    assert_eq!(seqs, expected, "one number each, none skipped or shared");
}

#[tokio::test]
async fn routing_balances_load_honours_skills_status_and_absence() {
    let d = desk().await;
    let (cust, _) = customer(&d, "Wan Hai Traders", None, "en").await;
    let (zh_cust, zh_contact) = customer(&d, "Kaohsiung Steel", None, "zh-TW").await;

    // cat is away: she gets nothing; a Chinese-speaking contact goes to amy
    ok(
        d.app
            .post(
                &format!("/api/v1/agents/{}/status", d.cat.id),
                &d.cat,
                &json!({"status": "away"}),
            )
            .await,
        "away",
    )
    .await;
    let zh = new_case(
        &d,
        &d.sup,
        json!({"subject": "提單更改", "customer_id": zh_cust, "contact_id": zh_contact}),
    )
    .await;
    assert_eq!(
        zh["assignee_id"],
        d.amy.id.to_string(),
        "{}",
        zh["assign_reason"]
    );
    assert!(zh["assign_reason"].as_str().unwrap().contains("zh-TW"));

    // load-based: amy has one, so ben gets the next two, then they alternate up to capacity
    let mut owners = Vec::new();
    for i in 0..6 {
        let c = new_case(
            &d,
            &d.sup,
            json!({"subject": format!("Booking {i}"), "customer_id": cust}),
        )
        .await;
        owners.push(c["assignee_id"].as_str().map(str::to_string));
    }
    let count = |who: &Who| {
        owners
            .iter()
            .filter(|o| o.as_deref() == Some(&who.id.to_string()))
            .count()
    };
    assert_eq!(count(&d.cat), 0, "away agents get nothing");
    assert_eq!(count(&d.amy) + 1, 3, "amy fills to capacity");
    assert_eq!(count(&d.ben), 3);
    assert_eq!(
        owners[5], None,
        "past everyone's capacity the case waits in the queue"
    );

    // assigning to an absent agent is refused by field
    let absent = created(
        d.app
            .post(
                "/api/v1/absences",
                &d.sup,
                &json!({"user_id": d.ben.id, "starts_at": "2020-01-01T00:00:00Z", "ends_at": "2100-01-01T00:00:00Z", "substitute_id": d.cat.id, "reason": "leave"}),
            )
            .await,
        "absence",
    )
    .await;
    let moved = absent["moved"].as_array().unwrap();
    assert_eq!(moved.len(), 3, "ben's open cases move");
    assert!(
        moved
            .iter()
            .all(|c| c["assignee_id"] == d.cat.id.to_string()),
        "to his substitute"
    );
    let cid = id(&moved[0]);
    let r = d
        .app
        .post(
            &format!("/api/v1/cases/{cid}/assignment"),
            &d.sup,
            &json!({"assignee_id": d.ben.id}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem_fields(&json_of(r).await), ["assignee_id"]);
    let r = d
        .app
        .post(
            &format!("/api/v1/cases/{cid}/assignment"),
            &d.sup,
            &json!({"assignee_id": Uuid::now_v7()}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // an absence without a substitute sends the cases back through routing, never to nobody's care
    created(
        d.app
            .post(
                "/api/v1/absences",
                &d.sup,
                &json!({"user_id": d.cat.id, "starts_at": "2020-01-01T00:00:00Z", "ends_at": "2100-01-01T00:00:00Z"}),
            )
            .await,
        "absence",
    )
    .await;
    let mine = ok(
        d.app.get("/api/v1/cases?view=mine", &d.cat).await,
        "cat's inbox",
    )
    .await;
    assert_eq!(
        mine["items"].as_array().unwrap().len(),
        0,
        "nothing stays with an absent agent"
    );

    // bulk reassign by a supervisor; agents may not
    let queue = ok(
        d.app
            .get("/api/v1/cases?view=queue&limit=200", &d.sup)
            .await,
        "queue",
    )
    .await;
    let all: Vec<String> = queue["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(all.len(), 7);
    let body =
        json!({"case_ids": all, "assignee_id": d.amy.id, "reason": "amy covers the lane today"});
    assert_eq!(
        d.app
            .post("/api/v1/cases/bulk-assignment", &d.amy, &body)
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let done = ok(
        d.app
            .post("/api/v1/cases/bulk-assignment", &d.sup, &body)
            .await,
        "bulk",
    )
    .await;
    assert!(done["assigned"].as_array().unwrap().iter().all(|c| {
        c["assignee_id"] == d.amy.id.to_string()
            && c["assign_reason"]
                .as_str()
                .unwrap()
                .contains("covers the lane")
    }));
}

#[tokio::test]
async fn the_sla_watcher_warns_then_breaches_and_escalates_once() {
    let d = desk().await;
    let escalation = id(&created(
        d.app
            .post("/api/v1/teams", &d.sup, &json!({"name": "Escalations"}))
            .await,
        "team",
    )
    .await);
    created(
        d.app
            .post(
                "/api/v1/sla-policies",
                &d.sup,
                &json!({"name": "Complaints", "case_type": "complaint", "first_response_mins": 30, "warn_percent": 50,
                        "escalate_raise_priority": true, "escalate_to_team_id": escalation}),
            )
            .await,
        "policy",
    )
    .await;
    let (cust, _) = customer(&d, "Hsinchu Electronics", None, "en").await;
    let case = new_case(&d, &d.amy, json!({"subject": "Damaged cargo", "case_type": "complaint", "customer_id": cust, "lane": "TW-US"})).await;
    let cid = id(&case);
    let owner: Uuid = case["assignee_id"].as_str().unwrap().parse().unwrap();
    let start = now_micros();

    let r = sla_watch::tick(&d.app.store, start + 10 * MINUTE)
        .await
        .unwrap();
    assert_eq!((r.warned, r.breached), (0, 0));
    let r = sla_watch::tick(&d.app.store, start + 16 * MINUTE)
        .await
        .unwrap();
    assert_eq!((r.warned, r.breached), (1, 0), "half the target passed");
    let r = sla_watch::tick(&d.app.store, start + 17 * MINUTE)
        .await
        .unwrap();
    assert_eq!(r.warned, 0, "a warning is given once");
    let notes = purser_store::notifications::for_user(&mut d.app.store.clone(), owner, 20)
        .await
        .unwrap();
    assert!(notes.iter().any(|n| n.kind == "sla_warning"));

    let r = sla_watch::tick(&d.app.store, start + 31 * MINUTE)
        .await
        .unwrap();
    assert_eq!(r.breached, 1);
    assert_eq!(
        sla_watch::tick(&d.app.store, start + 40 * MINUTE)
            .await
            .unwrap()
            .breached,
        0,
        "once"
    );
    let p = page(&d, cid).await;
    assert_eq!(p["case"]["priority"], "high", "raised one step");
    assert_eq!(
        p["case"]["team_id"],
        escalation.to_string(),
        "moved to the escalation team"
    );
    let events: Vec<&str> = p["sla_history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .collect();
    for e in ["policy", "started", "warning", "breached"] {
        assert!(events.contains(&e), "{e} in {events:?}");
    }
    let sup_notes = purser_store::notifications::for_user(&mut d.app.store.clone(), d.sup.id, 20)
        .await
        .unwrap();
    assert!(
        sup_notes.iter().any(|n| n.kind == "sla_breach"),
        "the supervisor is told"
    );
}

#[tokio::test]
async fn calendars_are_checked_and_an_edit_recomputes_live_deadlines() {
    let d = desk().await;
    let week = |hours: Value| {
        json!([
            hours,
            ["09:00-18:00"],
            ["09:00-18:00"],
            ["09:00-18:00"],
            ["09:00-18:00"],
            [],
            []
        ])
    };
    let r = d
        .app
        .post("/api/v1/calendars", &d.sup, &json!({"name": "Bad", "time_zone": "Asia/Taipei", "weekly": week(json!(["09:00-12:00", "11:00-18:00"]))}))
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem_fields(&json_of(r).await), ["weekly/0/1"]);
    let r = d.app.post("/api/v1/calendars", &d.sup, &json!({"name": "Empty", "time_zone": "Mars/Olympus", "weekly": [[], [], [], [], [], [], []]})).await;
    let fields = problem_fields(&json_of(r).await);
    assert!(
        fields.contains(&"time_zone".to_string()) && fields.contains(&"weekly".to_string()),
        "{fields:?}"
    );

    let ics = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270205\r\nDTEND;VALUE=DATE:20270211\r\nSUMMARY:Lunar New Year\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let cal = created(
        d.app
            .post("/api/v1/calendars", &d.sup, &json!({"name": "Taipei", "time_zone": "Asia/Taipei", "weekly": week(json!(["09:00-18:00"])), "holidays_ics": ics}))
            .await,
        "calendar",
    )
    .await;
    assert_eq!(
        cal["spec"]["holidays"].as_array().unwrap().len(),
        6,
        "Feb 5 to 10"
    );
    created(
        d.app
            .post(
                "/api/v1/sla-policies",
                &d.sup,
                &json!({"name": "Office hours", "resolution_mins": 2400, "calendar_id": cal["id"]}),
            )
            .await,
        "policy",
    )
    .await;
    let (cust, _) = customer(&d, "Taichung Machinery", None, "en").await;
    let case = new_case(
        &d,
        &d.amy,
        json!({"subject": "Freight invoice", "customer_id": cust}),
    )
    .await;
    let due_before = case["due_at"].as_i64().unwrap();

    // a new holiday tomorrow pushes the five-business-day deadline out by a day
    let tomorrow = jiff::Zoned::now()
        .with_time_zone(jiff::tz::TimeZone::get("Asia/Taipei").unwrap())
        .date()
        .tomorrow()
        .unwrap();
    let mut spec = cal["spec"].clone();
    spec["holidays"]
        .as_array_mut()
        .unwrap()
        .push(json!({"date": tomorrow.to_string(), "name": "Typhoon day"}));
    let mut body = json!({"name": "Taipei"});
    for k in ["time_zone", "weekly", "holidays"] {
        body[k] = spec[k].clone();
    }
    let edit = ok(
        d.app
            .req(
                reqwest::Method::PUT,
                &format!("/api/v1/calendars/{}", id(&cal)),
                &d.sup,
            )
            .header("If-Match", "\"1\"")
            .json(&body)
            .send()
            .await
            .unwrap(),
        "edit",
    )
    .await;
    assert_eq!(edit["recomputed"], 1);
    let due_after = page(&d, id(&case)).await["case"]["due_at"]
        .as_i64()
        .unwrap();
    let mut edited: purser_domain::cases::calendar::CalendarSpec =
        serde_json::from_value(body.clone()).unwrap();
    edited.holidays.sort_by(|a, b| a.date.cmp(&b.date));
    let cal = purser_domain::cases::calendar::BusinessCalendar::from_spec(&edited).unwrap();
    let start = jiff::Timestamp::from_microsecond(case["created_at"].as_i64().unwrap()).unwrap();
    let expected = cal.add_business(start, jiff::SignedDuration::from_mins(2400));
    assert!(
        (due_after - expected.as_microsecond()).abs() < 5_000_000,
        "the deadline counts the new holiday"
    );
    if tomorrow.weekday().to_monday_zero_offset() < 5 {
        assert!(
            due_after >= due_before + 24 * 60 * MINUTE,
            "a working day lost moves it at least a day"
        );
    } else {
        assert_eq!(
            due_after, due_before,
            "a holiday on a weekend changes nothing"
        );
    }
}

#[tokio::test]
async fn promises_department_tasks_complaints_goodwill_templates_merge_and_shift_handover() {
    let d = desk().await;
    let (cust, contact) = customer(&d, "Taiwan Glass", Some(d.amy.id), "zh-TW").await;
    let case = new_case(&d, &d.amy, json!({"subject": "Broken pallets on arrival", "case_type": "complaint", "customer_id": cust, "contact_id": contact})).await;
    let cid = id(&case);
    let t0 = now_micros();

    // a promise: reminded before, kept on time, counted
    let due = jiff::Timestamp::from_microsecond(t0 + 60 * MINUTE)
        .unwrap()
        .to_string();
    let f = created(
        d.app
            .post(
                &format!("/api/v1/cases/{cid}/follow-ups"),
                &d.amy,
                &json!({"action": "confirm the survey time", "due_at": due, "remind_mins": 15}),
            )
            .await,
        "promise",
    )
    .await;
    assert_eq!(
        sla_watch::tick(&d.app.store, t0 + 46 * MINUTE)
            .await
            .unwrap()
            .reminded,
        1
    );
    let kept = ok(
        d.app
            .post(
                &format!("/api/v1/cases/{cid}/follow-ups/{}/done", id(&f)),
                &d.amy,
                &json!({"outcome": "Survey at 10:00 tomorrow", "tell_customer": true}),
            )
            .await,
        "kept",
    )
    .await;
    assert!(kept["done_at"].as_i64().unwrap() <= kept["due_at"].as_i64().unwrap());
    let p = page(&d, cid).await;
    assert!(
        p["messages"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["kind"] == "public" && m["body"] == "Survey at 10:00 tomorrow"),
        "the customer is told"
    );
    // an overdue promise escalates
    let due = jiff::Timestamp::from_microsecond(t0 + 5 * MINUTE)
        .unwrap()
        .to_string();
    created(
        d.app
            .post(
                &format!("/api/v1/cases/{cid}/follow-ups"),
                &d.amy,
                &json!({"action": "send photos", "due_at": due}),
            )
            .await,
        "promise",
    )
    .await;
    assert_eq!(
        sla_watch::tick(&d.app.store, t0 + 10 * MINUTE)
            .await
            .unwrap()
            .overdue,
        1
    );

    // ask finance; the department sees it, answers, and the answer returns to the case
    let fin = d
        .app
        .user(
            "fay@line.test",
            Role::Department,
            Some(Department::Finance),
            None,
        )
        .await;
    let task = created(
        d.app
            .post(&format!("/api/v1/cases/{cid}/tasks"), &d.amy, &json!({"department": "finance", "question": "Can we waive the D/O fee?", "due_at": "2100-01-01T00:00:00Z"}))
            .await,
        "task",
    )
    .await;
    assert_eq!(page(&d, cid).await["case"]["status"], "waiting_on_internal");
    let queue = ok(d.app.get("/api/v1/tasks", &fin).await, "finance queue").await;
    assert_eq!(queue.as_array().unwrap().len(), 1);
    let sales = d
        .app
        .user(
            "sam@line.test",
            Role::Department,
            Some(Department::Sales),
            None,
        )
        .await;
    assert_eq!(
        d.app
            .get(&format!("/api/v1/tasks/{}", id(&task)), &sales)
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    ok(
        d.app
            .post(
                &format!("/api/v1/tasks/{}/answer", id(&task)),
                &fin,
                &json!({"answer": "Yes, up to USD 150."}),
            )
            .await,
        "answer",
    )
    .await;
    let p = page(&d, cid).await;
    assert_eq!(p["case"]["status"], "open");
    assert!(
        p["messages"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["kind"] == "note" && m["body"].as_str().unwrap().contains("USD 150"))
    );
    let collab = ok(
        d.app.get("/api/v1/reports/collaboration", &d.sup).await,
        "collaboration",
    )
    .await;
    assert_eq!(collab["departments"][0]["department"], "finance");
    assert_eq!(collab["departments"][0]["on_time_percent"], 100.0);
    assert_eq!(collab["promises"][0]["kept_on_time"], 1);

    // the complaint procedure goes in order
    let r = d
        .app
        .post(
            &format!("/api/v1/cases/{cid}/complaint-steps"),
            &d.amy,
            &json!({"step": "propose", "note": "credit"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    for step in ["acknowledge", "investigate", "propose"] {
        ok(
            d.app
                .post(
                    &format!("/api/v1/cases/{cid}/complaint-steps"),
                    &d.amy,
                    &json!({"step": step, "note": step}),
                )
                .await,
            step,
        )
        .await;
    }

    // goodwill within the role's authority is granted; above it a supervisor decides
    let small = created(d.app.post(&format!("/api/v1/cases/{cid}/goodwill"), &d.amy, &json!({"kind": "fee_waiver", "amount": "80", "currency": "USD", "reason": "D/O fee"})).await, "goodwill").await;
    assert_eq!(small["state"], "granted");
    let big = created(d.app.post(&format!("/api/v1/cases/{cid}/goodwill"), &d.amy, &json!({"kind": "credit", "amount": "2500.00", "currency": "USD", "reason": "damage"})).await, "goodwill").await;
    assert_eq!(big["state"], "awaiting_approval");
    let decide = format!("/api/v1/cases/{cid}/goodwill/{}/decision", id(&big));
    assert_eq!(
        d.app
            .post(&decide, &d.amy, &json!({"approve": true}))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        ok(
            d.app.post(&decide, &d.sup, &json!({"approve": true})).await,
            "approve"
        )
        .await["state"],
        "approved"
    );
    let r = d
        .app
        .post(
            &format!("/api/v1/cases/{cid}/goodwill"),
            &d.amy,
            &json!({"kind": "credit", "amount": "-5", "currency": "usd1", "reason": ""}),
        )
        .await;
    let mut fields = problem_fields(&json_of(r).await);
    fields.sort();
    assert_eq!(fields, ["amount", "currency", "reason"]);

    // templates: an unknown variable is named; the contact's language is chosen
    let r = d
        .app
        .post(
            "/api/v1/reply-templates",
            &d.sup,
            &json!({"name": "ack", "language": "en", "body": "Dear {{contact.nmae}}"}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(json_of(r).await.to_string().contains("contact.nmae"));
    for (lang, body) in [
        ("en", "Dear {{contact.name}}, we received {{case.number}}."),
        (
            "zh-TW",
            "{{contact.name}} 您好，您的案件 {{case.number}} 已收到。",
        ),
    ] {
        created(
            d.app
                .post(
                    "/api/v1/reply-templates",
                    &d.sup,
                    &json!({"name": "ack", "language": lang, "body": body}),
                )
                .await,
            "template",
        )
        .await;
    }
    let t = ok(
        d.app
            .get(&format!("/api/v1/cases/{cid}/templates/ack"), &d.amy)
            .await,
        "render",
    )
    .await;
    assert_eq!(t["language"], "zh-TW");
    assert_eq!(
        t["body"],
        format!(
            "Wei Chen 您好，您的案件 {} 已收到。",
            case["number"].as_str().unwrap()
        )
    );

    // a likely duplicate is suggested, and merging closes it into the first
    let dup = new_case(&d, &d.amy, json!({"subject": "Re: broken pallets", "customer_id": cust, "message": "Photos attached."})).await;
    let p = page(&d, id(&dup)).await;
    assert_eq!(p["similar"][0]["id"], cid.to_string());
    created(
        d.app
            .post(
                &format!("/api/v1/cases/{}/notes", id(&dup)),
                &d.amy,
                &json!({"body": "survey photo", "attachments": [{"filename": "pallet.jpg", "content_type": "image/jpeg", "data_base64": "/9j/4AAQ"}]}),
            )
            .await,
        "note with a photo",
    )
    .await;
    let merged = ok(
        d.app
            .post(
                &format!("/api/v1/cases/{}/merge", id(&dup)),
                &d.amy,
                &json!({"into_id": cid}),
            )
            .await,
        "merge",
    )
    .await;
    assert_eq!(merged["status"], "closed");
    assert_eq!(merged["merged_into_id"], cid.to_string());
    assert!(
        page(&d, cid).await["messages"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["body"] == "Photos attached.")
    );
    let files = page(&d, cid).await["attachments"].clone();
    assert!(
        files
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["filename"] == "pallet.jpg"),
        "attachments follow a merge: {files}"
    );

    // end of shift: amy's open cases, promises and tasks go to ben with next steps
    let number = case["number"].as_str().unwrap().to_string();
    let h = created(
        d.app
            .post("/api/v1/shift-handovers", &d.amy, &json!({"to_user_id": d.ben.id, "notes": "quiet night", "next_steps": {number.clone(): "call after the survey"}}))
            .await,
        "handover",
    )
    .await;
    assert_eq!(
        h["report"]["cases"][0]["next_step"], "call after the survey",
        "{h}"
    );
    assert_eq!(
        page(&d, cid).await["case"]["assignee_id"],
        d.ben.id.to_string()
    );
    let mine = ok(d.app.get("/api/v1/cases?view=mine", &d.amy).await, "amy").await;
    assert!(mine["items"].as_array().unwrap().is_empty());
    let profile = ok(
        d.app
            .get(&format!("/api/v1/agents/{}/profile", d.amy.id), &d.sup)
            .await,
        "profile",
    )
    .await;
    assert_eq!(profile["status"], "off_shift");
    let acked = ok(
        d.app
            .post(
                &format!("/api/v1/shift-handovers/{}/acknowledge", id(&h)),
                &d.ben,
                &json!({}),
            )
            .await,
        "ack",
    )
    .await;
    assert_eq!(acked["acknowledged_by"], d.ben.id.to_string());
    assert_eq!(
        d.app
            .post(
                &format!("/api/v1/shift-handovers/{}/acknowledge", id(&h)),
                &d.ben,
                &json!({})
            )
            .await
            .status(),
        StatusCode::CONFLICT
    );
}

/// Filing reads the desk's configuration from a copy kept while nothing in it changed:
/// a policy edited, and a team added, between two filings apply to the second at once.
#[tokio::test]
async fn a_policy_edited_or_a_team_added_between_two_filings_applies_to_the_second() {
    let d = desk().await;
    let policy = created(
        d.app
            .post(
                "/api/v1/sla-policies",
                &d.sup,
                &json!({"name": "Standard", "first_response_mins": 60}),
            )
            .await,
        "policy",
    )
    .await;
    let (cust, _) = customer(&d, "Kaohsiung Steel", None, "en").await;
    let first = new_case(&d, &d.amy, json!({"subject": "Rates", "customer_id": cust})).await;
    let due = |c: &Value| c["due_at"].as_i64().unwrap() - c["created_at"].as_i64().unwrap();
    assert!((due(&first) - 60 * MINUTE).abs() < 5_000_000, "{first}");

    let edit = d
        .app
        .req(
            reqwest::Method::PUT,
            &format!("/api/v1/sla-policies/{}", id(&policy)),
            &d.sup,
        )
        .header("If-Match", "\"1\"")
        .json(&json!({"name": "Standard", "first_response_mins": 15}))
        .send()
        .await
        .unwrap();
    assert!(edit.status().is_success(), "{}", edit.status());
    let second = new_case(
        &d,
        &d.amy,
        json!({"subject": "Rates again", "customer_id": cust}),
    )
    .await;
    assert!(
        (due(&second) - 15 * MINUTE).abs() < 5_000_000,
        "the edited target, not the copy's: {second}"
    );

    let europe = id(&created(
        d.app
            .post(
                "/api/v1/teams",
                &d.sup,
                &json!({"name": "Far East-Europe", "lanes": ["TW-NL"]}),
            )
            .await,
        "team",
    )
    .await);
    let third = new_case(
        &d,
        &d.amy,
        json!({"subject": "Rotterdam", "customer_id": cust, "lane": "TW-NL"}),
    )
    .await;
    assert_eq!(third["team_id"], europe.to_string(), "the new team's lane");
}
