//! Presence (issue 14, item 4): an agent sets away on the account page, a supervisor
//! records an absence on theirs; every form that hands work on says who is away, absent or
//! at capacity and lists them last. Audited; on SQLite and PostgreSQL.

use super::presence_world::*;
use crate::browser::{csrf_of, form_post, login};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn an_agent_going_away_is_said_and_listed_last_wherever_work_is_handed_on() {
    let w = world(None).await;
    let cookie = login(&w.app, "amy@line.test").await;
    let csrf = csrf_of(&w.app, &cookie).await;
    let account = html(&w.app, "amy@line.test", "/account").await;
    assert!(
        account.contains("name=\"status\" value=\"available\" checked"),
        "available by default"
    );
    let r = form_post(
        &w.app,
        &cookie,
        "/account/status",
        &[("csrf", csrf.as_str()), ("status", "away")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let account = html(&w.app, "amy@line.test", "/account").await;
    assert!(account.contains("name=\"status\" value=\"away\" checked"));
    let audit = audit_of(&w, "agent_profile", w.amy.id).await;
    assert_eq!(audit[0]["after"]["status"], "away", "{audit}");

    // the supervisor's reassignment, the case's assignment and wang's hand-over all say so
    let sup_page = html(&w.app, "sue@line.test", "/supervisor").await;
    let bulk = options_of(&sup_page, "bulk-to");
    let last = bulk.last().unwrap();
    assert!(
        last.starts_with("amy — ") && last.ends_with("(away)"),
        "{bulk:?}"
    );
    let case_page = html(&w.app, "sue@line.test", &format!("/cases/{}", w.case)).await;
    let assign = options_of(&case_page, "assign-to");
    assert!(
        assign.last().unwrap().starts_with("amy — ") && assign.last().unwrap().ends_with("(away)"),
        "{assign:?}"
    );
    assert!(case_page.contains("away, absent or at capacity are marked"));
    let handover = html(&w.app, "wang@line.test", "/handovers").await;
    let colleagues = options_of(&handover, "ho-to");
    assert!(
        colleagues.iter().all(|o| !o.starts_with("wang")),
        "not oneself"
    );
    assert!(
        colleagues.last().unwrap().ends_with("(away)"),
        "{colleagues:?}"
    );

    // a bad status is refused, not stored
    let r = form_post(
        &w.app,
        &cookie,
        "/account/status",
        &[("csrf", csrf.as_str()), ("status", "asleep")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("choose one of the options")
    );
}

#[tokio::test]
async fn a_supervisor_records_an_absence_and_the_agent_shows_absent_until_its_end() {
    let w = world(None).await;
    let cookie = login(&w.app, "sue@line.test").await;
    let csrf = csrf_of(&w.app, &cookie).await;
    let now = jiff::Timestamp::now();
    let local = |t: jiff::Timestamp| t.strftime("%Y-%m-%dT%H:%M").to_string();
    let from = local(now - jiff::SignedDuration::from_hours(1));
    let to_at = now + jiff::SignedDuration::from_hours(50);
    let to = local(to_at);
    let who = w.zoe.id.to_string();

    // the end before the start is refused, by field
    let r = form_post(
        &w.app,
        &cookie,
        "/supervisor/absences",
        &[
            ("csrf", csrf.as_str()),
            ("user_id", who.as_str()),
            ("starts_at", to.as_str()),
            ("ends_at", from.as_str()),
            ("reason", "leave"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("ends_at"));

    let r = form_post(
        &w.app,
        &cookie,
        "/supervisor/absences",
        &[
            ("csrf", csrf.as_str()),
            ("user_id", who.as_str()),
            ("starts_at", from.as_str()),
            ("ends_at", to.as_str()),
            ("reason", "annual leave"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let until = format!("absent until {} (UTC)", to_at.strftime("%Y-%m-%d %H:%M"));
    let page = html(&w.app, "sue@line.test", "/supervisor?absence=1").await;
    assert!(page.contains("Absence recorded."));
    assert!(
        page.contains("<strong>zoe</strong>") && page.contains("annual leave"),
        "listed under absences"
    );
    assert!(
        page.contains(&format!("<td>zoe</td><td>{until}</td>")),
        "the workload says absent"
    );
    let bulk = options_of(&page, "bulk-to");
    assert!(
        bulk.last().unwrap().starts_with("zoe — ")
            && bulk.last().unwrap().ends_with(&format!("({until})")),
        "{bulk:?}"
    );
    let handover = html(&w.app, "amy@line.test", "/handovers").await;
    assert!(
        options_of(&handover, "ho-to")
            .last()
            .unwrap()
            .contains(&until)
    );

    // audited, and the API's choices say the same
    let mut db = w.app.store.clone();
    let absences = purser_store::teams::absences_of(&mut db, w.zoe.id)
        .await
        .unwrap();
    assert_eq!(absences.len(), 1);
    let audit = audit_of(&w, "absence", absences[0].id).await;
    assert_eq!(audit[0]["action"], "create");
    let choices = expect(
        w.app.get("/api/v1/agents/choices", &w.amy).await,
        StatusCode::OK,
        "choices",
    )
    .await;
    let last = choices.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["name"], "zoe");
    assert_eq!(last["absent_until"], json!(absences[0].ends_at));
}

#[tokio::test]
async fn an_agent_at_capacity_is_marked_with_open_cases_against_capacity() {
    let w = world(None).await;
    let case = expect(
        w.app
            .get(&format!("/api/v1/cases/{}", w.case), &w.sup)
            .await,
        StatusCode::OK,
        "case",
    )
    .await;
    let owner: uuid::Uuid = case["assignee_id"]
        .as_str()
        .expect("routed")
        .parse()
        .unwrap();
    let name = [&w.amy, &w.wang, &w.zoe]
        .iter()
        .find(|x| x.id == owner)
        .map(|x| x.email.split('@').next().unwrap().to_string())
        .unwrap();
    let r = w
        .app
        .req(
            reqwest::Method::PUT,
            &format!("/api/v1/agents/{owner}/profile"),
            &w.sup,
        )
        .json(&json!({"status": "available", "capacity": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let page = html(&w.app, "sue@line.test", &format!("/cases/{}", w.case)).await;
    let assign = options_of(&page, "assign-to");
    let label = assign
        .iter()
        .find(|o| o.starts_with(&format!("{name} — ")))
        .unwrap();
    assert_eq!(label, &format!("{name} — 1/1 open (at capacity)"));
    assert!(
        assign.iter().any(|o| o.ends_with("— 0/25 open")),
        "{assign:?}"
    );
}
