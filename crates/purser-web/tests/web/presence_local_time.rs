//! Local time and names (issue 14, item 5): times in the viewer's zone with the zone
//! named — their own setting, else their team's, else UTC — typed times read in it, and
//! ports named beside their UN/LOCODE.

use super::presence_world::*;
use crate::browser::{csrf_of, form_post, login};
use reqwest::StatusCode;

fn shown(micros: i64, zone: &str) -> String {
    let t = jiff::Timestamp::from_microsecond(micros).unwrap();
    format!(
        "{} ({zone})",
        t.in_tz(zone).unwrap().strftime("%Y-%m-%d %H:%M")
    )
}

#[tokio::test]
async fn times_read_in_the_users_zone_else_the_teams_else_utc_with_the_zone_named() {
    let w = world(Some("Asia/Taipei")).await;
    let case = expect(
        w.app
            .get(&format!("/api/v1/cases/{}", w.case), &w.amy)
            .await,
        StatusCode::OK,
        "case",
    )
    .await;
    let created = case["created_at"].as_i64().unwrap();
    let path = format!("/cases/{}", w.case);

    // the team's zone
    let page = html(&w.app, "amy@line.test", &path).await;
    assert!(
        page.contains(&shown(created, "Asia/Taipei")),
        "the first message's time in Taipei"
    );
    let utc = page
        .find("(UTC)")
        .map(|i| &page[i.saturating_sub(300)..i + 5]);
    assert_eq!(utc, None, "no time left in UTC");
    // a supervisor in no team reads UTC
    let page = html(&w.app, "sue@line.test", &path).await;
    assert!(page.contains(&shown(created, "UTC")));

    // amy's own setting wins; a zone the database does not know is refused by field
    let cookie = login(&w.app, "amy@line.test").await;
    let csrf = csrf_of(&w.app, &cookie).await;
    let r = form_post(
        &w.app,
        &cookie,
        "/account/time-zone",
        &[("csrf", csrf.as_str()), ("time_zone", "Mars/Olympus")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("Time zone: is not a known IANA time zone")
    );
    let r = form_post(
        &w.app,
        &cookie,
        "/account/time-zone",
        &[("csrf", csrf.as_str()), ("time_zone", "Europe/Amsterdam")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = html(&w.app, "amy@line.test", &path).await;
    assert!(page.contains(&shown(created, "Europe/Amsterdam")));
    let account = html(&w.app, "amy@line.test", "/account").await;
    assert!(account.contains("Times are shown in Europe/Amsterdam."));
    let audit = audit_of(&w, "user_time_zone", w.amy.id).await;
    assert_eq!(
        audit[0]["after"]["time_zone"], "Europe/Amsterdam",
        "{audit}"
    );
    // emptied, the team's zone applies again
    let r = form_post(
        &w.app,
        &cookie,
        "/account/time-zone",
        &[("csrf", csrf.as_str()), ("time_zone", "")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(
        html(&w.app, "amy@line.test", &path)
            .await
            .contains(&shown(created, "Asia/Taipei"))
    );
}

#[tokio::test]
async fn a_time_typed_into_a_form_is_read_in_the_typists_zone() {
    let w = world(None).await;
    // the supervisor works in Taipei: 09:00 typed there is 01:00 UTC
    let r = w
        .app
        .req(reqwest::Method::PUT, "/api/v1/account/time-zone", &w.sup)
        .json(&serde_json::json!({"time_zone": "Asia/Taipei"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let cookie = login(&w.app, "sue@line.test").await;
    let csrf = csrf_of(&w.app, &cookie).await;
    let who = w.zoe.id.to_string();
    let r = form_post(
        &w.app,
        &cookie,
        "/supervisor/absences",
        &[
            ("csrf", csrf.as_str()),
            ("user_id", who.as_str()),
            ("starts_at", "2030-01-07T09:00"),
            ("ends_at", "2030-01-08T18:00"),
            ("reason", "training"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let a = purser_store::teams::absences_of(&mut w.app.store.clone(), w.zoe.id)
        .await
        .unwrap();
    let utc = |s: &str| s.parse::<jiff::Timestamp>().unwrap().as_microsecond();
    assert_eq!(
        (a[0].starts_at, a[0].ends_at),
        (utc("2030-01-07T01:00:00Z"), utc("2030-01-08T10:00:00Z"))
    );
    let page = html(&w.app, "sue@line.test", "/supervisor").await;
    assert!(page.contains("2030-01-07 09:00 (Asia/Taipei) → 2030-01-08 18:00 (Asia/Taipei)"));
}

#[tokio::test]
async fn a_port_reads_with_its_name_beside_the_code() {
    let w = world(None).await;
    let list = html(&w.app, "amy@line.test", "/customers").await;
    assert!(list.contains("TWKHH Kaohsiung"), "the main office named");
    let page = html(
        &w.app,
        "amy@line.test",
        &format!("/customers/{}", w.customer),
    )
    .await;
    assert!(page.contains("TWKHH Kaohsiung"));
}
