//! Track and trace in the console and the portal, end to end through the log-in form and
//! the session cookie: an agent filters and searches the shipment list, opens a shipment
//! and sees its timeline, events, port calls, who was told what and the cases that name
//! it; a portal user sees only its company's shipments and saves its own notification
//! preferences. Shipments and events arrive through the JSON API, as an operator's
//! system sends them.

use crate::browser;
use crate::common;

use browser::*;
use common::*;
use purser_app::Ctx;
use purser_app::children::{self, Contacts};
use purser_domain::book::ContactInput;
use purser_domain::ids::ContainerNumber;
use purser_domain::roles::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};
use uuid::Uuid;

const VESSEL: &str = "9321483";
const OTHER_VESSEL: &str = "9074729";

fn location(r: &reqwest::Response) -> String {
    r.headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

async fn text(app: &TestApp, cookie: &str, path: &str) -> (StatusCode, String) {
    let r = page(app, cookie, path).await;
    (r.status(), r.text().await.unwrap())
}

/// A container number with a valid ISO 6346 check digit.
fn container(owner_and_serial: &str) -> String {
    (0..10)
        .map(|d| format!("{owner_and_serial}{d}"))
        .find(|n| ContainerNumber::parse(n).is_ok())
        .expect("one digit checks")
}

struct Ship<'a> {
    bl: &'a str,
    booking: &'a str,
    customer: Uuid,
    from: &'a str,
    to: &'a str,
    vessel: &'a str,
    voyage: &'a str,
    container: &'a str,
}

/// Records a shipment through the API; returns its id.
async fn shipment(app: &TestApp, agent: &Who, s: Ship<'_>) -> Uuid {
    let r = app
        .post(
            "/api/v1/shipments",
            agent,
            &json!({
                "reference": s.bl,
                "booking_reference": s.booking,
                "customer_id": s.customer,
                "port_of_loading": s.from,
                "port_of_discharge": s.to,
                "legs": [{ "vessel_imo": s.vessel, "voyage": s.voyage, "load": s.from, "discharge": s.to }],
                "containers": [{ "number": s.container, "iso_code": "45G1", "seals": ["SL-7781"] }],
                "planned_arrival": "2026-03-20T08:00:00Z"
            }),
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::CREATED,
        "{}",
        r.text().await.unwrap()
    );
    json_of(r).await["id"].as_str().unwrap().parse().unwrap()
}

fn transport(
    id: &str,
    code: &str,
    classifier: &str,
    at: &str,
    created: &str,
    port: &str,
    reason: Option<&str>,
) -> Value {
    let mut e = json!({
        "eventID": id,
        "eventCreatedDateTime": created,
        "eventType": "TRANSPORT",
        "eventClassifierCode": classifier,
        "eventDateTime": at,
        "transportEventTypeCode": code,
        "transportCall": {
            "transportCallID": Uuid::new_v4().to_string(),
            "carrierServiceCode": "FE1",
            "exportVoyageNumber": "2103S",
            "importVoyageNumber": "2103N",
            "transportCallSequenceNumber": 2,
            "UNLocationCode": port,
            "modeOfTransport": "VESSEL",
            "vessel": { "vesselIMONumber": VESSEL, "vesselName": "King of the Seas" }
        }
    });
    if let Some(r) = reason {
        e["delayReasonCode"] = json!(r);
    }
    e
}

fn loaded(id: &str, container: &str, at: &str) -> Value {
    json!({
        "eventID": id,
        "eventCreatedDateTime": at,
        "eventType": "EQUIPMENT",
        "eventClassifierCode": "ACT",
        "eventDateTime": at,
        "equipmentEventTypeCode": "LOAD",
        "equipmentReference": container,
        "ISOEquipmentCode": "45G1",
        "emptyIndicatorCode": "LADEN",
        "eventLocation": { "UNLocationCode": "TWKHH" },
        "transportCall": {
            "transportCallID": Uuid::new_v4().to_string(),
            "carrierServiceCode": "FE1",
            "exportVoyageNumber": "2103S",
            "UNLocationCode": "TWKHH",
            "modeOfTransport": "VESSEL",
            "vessel": { "vesselIMONumber": VESSEL, "vesselName": "King of the Seas" }
        }
    })
}

/// Posts events through the API and applies them as the server's worker would.
async fn events(app: &TestApp, agent: &Who, list: &[Value]) {
    let r = app
        .post(
            "/api/v1/tracking/events",
            agent,
            &Value::Array(list.to_vec()),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    purser_app::tracking::apply::run_pending(&app.store)
        .await
        .expect("the events apply");
}

async fn contact(app: &TestApp, customer: Uuid, name: &str, email: &str) {
    let input: ContactInput = serde_json::from_value(json!({
        "name": name,
        "emails": [email],
        "language": "en",
        "preferred_channel": "email"
    }))
    .unwrap();
    children::create::<Contacts>(&app.store, &Ctx::system("test"), customer, input)
        .await
        .unwrap();
}

/// Two companies and their shipments: Alpha's on King of the Seas TWKHH → NLRTM, loaded,
/// departed and now two days late at Rotterdam (bad weather), which Alpha's contact was
/// told; Bravo's on another vessel CNSHA → USLAX, only booked.
struct World {
    app: TestApp,
    agent: Who,
    alpha: Uuid,
    bravo: Uuid,
    late: Uuid,
    booked: Uuid,
    late_box: String,
    booked_box: String,
}

async fn world() -> World {
    let app = TestApp::spawn().await;
    let agent = app.user("amy@line.test", Role::Agent, None, None).await;
    let alpha = app.customer("Alpha Shipping").await;
    let bravo = app.customer("Bravo Logistics").await;
    contact(&app, alpha, "Lin Mei", "lin.mei@alpha.test").await;
    let late_box = container("CSQU305438");
    let booked_box = container("TGHU912345");
    let late = shipment(
        &app,
        &agent,
        Ship {
            bl: "EGLV140300001",
            booking: "BKG-ALPHA-1",
            customer: alpha,
            from: "TWKHH",
            to: "NLRTM",
            vessel: VESSEL,
            voyage: "2103S",
            container: &late_box,
        },
    )
    .await;
    let booked = shipment(
        &app,
        &agent,
        Ship {
            bl: "EGLV140300002",
            booking: "BKG-BRAVO-1",
            customer: bravo,
            from: "CNSHA",
            to: "USLAX",
            vessel: OTHER_VESSEL,
            voyage: "088E",
            container: &booked_box,
        },
    )
    .await;
    events(
        &app,
        &agent,
        &[
            loaded(
                "0b8f4a52-1a52-4c55-8d4a-7f3d2a1b0001",
                &late_box,
                "2026-03-01T10:00:00Z",
            ),
            transport(
                "0b8f4a52-1a52-4c55-8d4a-7f3d2a1b0002",
                "DEPA",
                "ACT",
                "2026-03-02T06:00:00Z",
                "2026-03-02T06:05:00Z",
                "TWKHH",
                None,
            ),
            transport(
                "0b8f4a52-1a52-4c55-8d4a-7f3d2a1b0003",
                "ARRI",
                "EST",
                "2026-03-20T20:00:00Z",
                "2026-03-05T00:00:00Z",
                "NLRTM",
                None,
            ),
            transport(
                "0b8f4a52-1a52-4c55-8d4a-7f3d2a1b0004",
                "ARRI",
                "EST",
                "2026-03-22T08:00:00Z",
                "2026-03-10T00:00:00Z",
                "NLRTM",
                Some("WEA"),
            ),
        ],
    )
    .await;
    World {
        app,
        agent,
        alpha,
        bravo,
        late,
        booked,
        late_box,
        booked_box,
    }
}

/// The B/L references of the shipment rows in a page, in order.
fn listed(html: &str) -> Vec<String> {
    html.split("data-reference=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(str::to_string)
        .collect()
}

#[tokio::test]
async fn the_shipment_list_filters_and_any_reference_finds_the_shipment() {
    let w = world().await;
    let app = &w.app;
    let cookie = login(app, "amy@line.test").await;

    let (status, html) = text(app, &cookie, "/shipments").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(listed(&html), ["EGLV140300002", "EGLV140300001"]);
    assert!(
        html.contains("href=\"/shipments\" aria-current=\"page\""),
        "in the navigation"
    );
    assert!(
        html.contains("TWKHH <span aria-label=\"to\">→</span> NLRTM"),
        "the route"
    );
    assert!(html.contains("+48 h"), "the slip against the first plan");
    assert!(
        html.contains("class=\"slip delayed\""),
        "highlighted when delayed"
    );
    assert!(
        html.contains("title=\"Estimated\">Estimated</span>"),
        "ETA marked estimated, in words"
    );
    assert!(
        html.contains(&format!("/vessels/{VESSEL}/voyages/2103S")),
        "the vessel voyage is one click away"
    );

    let only = |q: &str| format!("/shipments?{q}");
    for (query, want) in [
        (format!("customer={}", w.alpha), "EGLV140300001"),
        (format!("customer={}", w.bravo), "EGLV140300002"),
        ("delayed=true".to_string(), "EGLV140300001"),
        ("status=departed".to_string(), "EGLV140300001"),
        ("status=booked".to_string(), "EGLV140300002"),
        (format!("vessel_imo={OTHER_VESSEL}"), "EGLV140300002"),
        (format!("vessel_imo={VESSEL}&voyage=2103S"), "EGLV140300001"),
        ("port=USLAX".to_string(), "EGLV140300002"),
        ("port=nlrtm".to_string(), "EGLV140300001"),
        (format!("q={}", w.late_box), "EGLV140300001"),
        (
            format!("q={}", w.booked_box.to_lowercase()),
            "EGLV140300002",
        ),
        ("q=EGLV140300002".to_string(), "EGLV140300002"),
        ("q=BKG-ALPHA-1".to_string(), "EGLV140300001"),
        (format!("q={VESSEL}/2103S"), "EGLV140300001"),
    ] {
        let (status, html) = text(app, &cookie, &only(&query)).await;
        assert_eq!(status, StatusCode::OK, "{query}");
        assert_eq!(listed(&html), [want], "{query}");
    }

    // a customer number works in the picker as well as an id
    let alpha = json_of(
        app.get(&format!("/api/v1/customers/{}", w.alpha), &w.agent)
            .await,
    )
    .await;
    let number = alpha["number"].as_str().unwrap();
    let (_, html) = text(app, &cookie, &only(&format!("customer={number}"))).await;
    assert_eq!(listed(&html), ["EGLV140300001"]);

    // a bad filter is explained, not a failure
    let (status, html) = text(app, &cookie, "/shipments?port=XX").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("role=\"alert\"") && html.contains("port"));
    assert!(listed(&html).is_empty());
    let (_, html) = text(app, &cookie, "/shipments?q=NOSUCHREF").await;
    assert!(listed(&html).is_empty() && html.contains("No shipments here."));
}

#[tokio::test]
async fn the_list_pages_with_the_apis_cursor() {
    let w = world().await;
    let app = &w.app;
    for i in 0..50 {
        let bl = format!("PAGE{i:05}");
        let booking = format!("BKG-PAGE-{i}");
        let boxno = container(&format!("PAGU{i:06}"));
        shipment(
            app,
            &w.agent,
            Ship {
                bl: &bl,
                booking: &booking,
                customer: w.bravo,
                from: "CNSHA",
                to: "USLAX",
                vessel: OTHER_VESSEL,
                voyage: "089E",
                container: &boxno,
            },
        )
        .await;
    }
    let cookie = login(app, "amy@line.test").await;
    let (_, first) = text(app, &cookie, "/shipments").await;
    assert_eq!(listed(&first).len(), 50);
    let next = first
        .split("<a href=\"")
        .filter_map(|s| s.split('"').next())
        .find(|h| h.starts_with("/shipments?cursor="))
        .expect("a next page link")
        .replace("&amp;", "&");
    let (status, second) = text(app, &cookie, &next).await;
    assert_eq!(status, StatusCode::OK);
    let rest = listed(&second);
    assert_eq!(rest, ["EGLV140300002", "EGLV140300001"], "the oldest last");
    let mut all: Vec<String> = listed(&first);
    all.extend(rest);
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 52, "every shipment once across the two pages");
    assert!(second.contains("First page"));
}

#[tokio::test]
async fn the_shipment_page_shows_the_timeline_the_events_and_who_was_told() {
    let w = world().await;
    let app = &w.app;
    let cookie = login(app, "amy@line.test").await;
    // a case that names the late container
    let csrf = csrf_of(app, &cookie).await;
    let r = form_post(
        app,
        &cookie,
        "/cases/new",
        &[
            ("csrf", csrf.as_str()),
            ("customer", &w.alpha.to_string()),
            ("subject", "Where is my reefer?"),
            ("case_type", "inquiry"),
            ("priority", "normal"),
            ("channel", "phone"),
            ("ref_kind", "container"),
            ("ref_value", &w.late_box),
            ("message", "Customer asks for the new ETA"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let case_path = location(&r);

    let (status, html) = text(app, &cookie, &format!("/shipments/{}", w.late)).await;
    assert_eq!(status, StatusCode::OK);
    // parties and route
    assert!(html.contains(&format!(
        "href=\"/customers/{}\">Alpha Shipping</a>",
        w.alpha
    )));
    assert!(html.contains(&w.late_box) && html.contains("SL-7781"));
    // the timeline: what happened apart from what is expected
    let timeline = html
        .split("<ol class=\"timeline\">")
        .nth(1)
        .and_then(|s| s.split("</ol>").next())
        .expect("a timeline");
    let loaded = timeline
        .find("ms ms-act\"><span class=\"ms-dot\" aria-hidden=\"true\"></span><strong>Loaded");
    let departed = timeline.find("<strong>Departed");
    let arrived = timeline
        .find("ms ms-est\"><span class=\"ms-dot\" aria-hidden=\"true\"></span><strong>Arrived");
    assert!(
        loaded.is_some() && departed.is_some() && arrived.is_some(),
        "{timeline}"
    );
    assert!(loaded < departed && departed < arrived, "in time order");
    assert!(
        html.contains("id=\"current-status\">Departed"),
        "the current status"
    );
    assert!(html.contains("2026-03-22 08:00 UTC"), "the current ETA");
    assert!(html.contains("2026-03-20 08:00 UTC"), "the first plan");
    assert!(html.contains("+48 h"));
    // every event, the superseded estimate greyed, the delay reason in words
    assert_eq!(html.matches("class=\"event-row").count(), 4);
    assert_eq!(html.matches("class=\"event-row superseded\"").count(), 1);
    assert!(html.contains("bad weather (WEA)"));
    assert!(
        html.contains("0b8f4a52-1a52-4c55-8d4a-7f3d2a1b0004"),
        "staff see event ids"
    );
    // the port calls of its leg
    assert!(html.contains("class=\"call-row\""));
    // who was told what and when
    let notices = html
        .split("id=\"notices\"")
        .nth(1)
        .and_then(|s| s.split("</section>").next())
        .unwrap();
    assert!(notices.contains("class=\"notice-row\""), "{notices}");
    assert!(
        notices.contains("Lin Mei") && notices.contains("E-mail") && notices.contains("ETA slip")
    );
    assert!(notices.contains("EGLV140300001"));
    // the case that names its container
    assert!(
        html.contains(&format!("href=\"{case_path}\"")),
        "the linked case"
    );

    // the case page links back to the shipment
    let (_, case_html) = text(app, &cookie, &case_path).await;
    assert!(case_html.contains(&format!("href=\"/shipments/{}\">EGLV140300001</a>", w.late)));
    assert!(case_html.contains("Departed"));

    // the voyage page lists its calls and everything on board
    let (status, voyage) = text(app, &cookie, &format!("/vessels/{VESSEL}/voyages/2103S")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(listed(&voyage), ["EGLV140300001"]);
    assert!(voyage.contains("NLRTM") && voyage.contains("TWKHH"));
    assert!(
        voyage.contains("Actual 2026-03-02 06:00 UTC"),
        "the departure"
    );
    let r = page(app, &cookie, "/vessels/9321483/voyages/NOSUCH").await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = page(app, &cookie, &format!("/shipments/{}", Uuid::new_v4())).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    // the customer page: notices sent, and the threshold that decides them
    let (_, customer) = text(app, &cookie, &format!("/customers/{}", w.alpha)).await;
    assert!(customer.contains("class=\"notice-row\"") && customer.contains("Lin Mei"));
    assert!(
        customer.contains("<strong>12 h</strong>"),
        "the default threshold"
    );
    let r = form_post(
        app,
        &cookie,
        &format!("/customers/{}/notice-threshold", w.alpha),
        &[("csrf", csrf.as_str()), ("eta_threshold_hours", "24")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, customer) = text(app, &cookie, &format!("/customers/{}", w.alpha)).await;
    assert!(customer.contains("<strong>24 h</strong>"));
    let r = form_post(
        app,
        &cookie,
        &format!("/customers/{}/notice-threshold", w.alpha),
        &[("csrf", csrf.as_str()), ("eta_threshold_hours", "0")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("must be 1 to 720 hours"));
    let r = form_post(
        app,
        &cookie,
        &format!("/customers/{}/notice-threshold", w.alpha),
        &[("csrf", "forged"), ("eta_threshold_hours", "48")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_portal_user_sees_only_its_own_shipments() {
    let w = world().await;
    let app = &w.app;
    app.user("portal@alpha.test", Role::Customer, None, Some(w.alpha))
        .await;
    let portal = login(app, "portal@alpha.test").await;

    let (status, html) = text(app, &portal, "/portal/shipments").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(listed(&html), ["EGLV140300001"]);
    assert!(html.contains(&format!("href=\"/portal/shipments/{}\"", w.late)));
    assert!(!html.contains("/vessels/"), "no console addresses");
    let (_, html) = text(
        app,
        &portal,
        &format!("/portal/shipments?q={}", w.booked_box),
    )
    .await;
    assert!(
        listed(&html).is_empty(),
        "another company's container finds nothing"
    );

    let (status, html) = text(app, &portal, &format!("/portal/shipments/{}", w.late)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<ol class=\"timeline\">") && html.contains("<strong>Loaded"));
    assert!(html.contains("2026-03-22 08:00 UTC"), "the ETA");
    assert!(html.contains("bad weather (WEA)"), "events in words");
    assert!(!html.contains("superseded"), "only the current events");
    assert!(!html.contains("0b8f4a52"), "no event ids");
    assert!(
        html.contains("class=\"notice-row\""),
        "the notices sent to this company"
    );

    let r = page(app, &portal, &format!("/portal/shipments/{}", w.booked)).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert!(!r.text().await.unwrap().contains("EGLV140300002"));
    // console addresses send portal users to the portal, and staff the other way
    let r = page(app, &portal, &format!("/shipments/{}", w.booked)).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), format!("/portal/shipments/{}", w.booked));
    let r = page(app, &portal, "/shipments").await;
    assert_eq!(location(&r), "/portal/shipments");
    let agent = login(app, "amy@line.test").await;
    let r = page(app, &agent, "/portal/shipments").await;
    assert_eq!(location(&r), "/shipments");
}

#[tokio::test]
async fn a_portal_user_saves_its_own_notification_preferences() {
    let app = TestApp::spawn().await;
    let alpha = app.customer("Alpha Shipping").await;
    app.user("amy@line.test", Role::Agent, None, None).await;
    app.user("portal@alpha.test", Role::Customer, None, Some(alpha))
        .await;
    let portal = login(&app, "portal@alpha.test").await;

    let (status, html) = text(&app, &portal, "/portal/preferences").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("not yet among your company"),
        "no contact yet"
    );
    assert!(
        html.contains("name=\"delays\" value=\"true\" checked"),
        "delays by default"
    );
    let csrf = form_csrf(&html);

    let r = form_post(
        &app,
        &portal,
        "/portal/preferences",
        &[
            ("csrf", "forged"),
            ("version", "0"),
            ("preferred_channel", "portal"),
            ("language", "zh-TW"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    let r = form_post(
        &app,
        &portal,
        "/portal/preferences",
        &[
            ("csrf", csrf.as_str()),
            ("version", "0"),
            ("documents", "true"),
            ("marketing", "true"),
            ("preferred_channel", "portal"),
            ("language", "zh-TW"),
        ],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/portal/preferences?saved=1");
    let (_, html) = text(&app, &portal, "/portal/preferences?saved=1").await;
    assert!(html.contains("role=\"status\""), "saved");
    assert!(!html.contains("not yet among your company"));
    assert!(!html.contains("name=\"delays\" value=\"true\" checked"));
    assert!(html.contains("name=\"marketing\" value=\"true\" checked"));
    assert!(html.contains("<option value=\"portal\" selected>"));

    // the company's contact, as staff see it, with the change in its history
    let agent = app.user("sam@line.test", Role::Agent, None, None).await;
    let contacts = json_of(
        app.get(&format!("/api/v1/customers/{alpha}/contacts"), &agent)
            .await,
    )
    .await;
    let list = contacts
        .as_array()
        .or_else(|| contacts["items"].as_array())
        .unwrap();
    let me = list
        .iter()
        .find(|k| k["emails"][0] == "portal@alpha.test")
        .expect("the portal user is a contact now");
    assert_eq!(me["preferred_channel"], "portal");
    assert_eq!(me["language"], "zh-TW");
    assert_eq!(me["notifications"]["delays"], false);
    assert_eq!(me["notifications"]["documents"], true);
    let staff = login(&app, "amy@line.test").await;
    let (_, customer) = text(&app, &staff, &format!("/customers/{alpha}")).await;
    assert!(
        customer.contains("created contact"),
        "the change is audited"
    );

    // a second save updates the same contact; a stale version is refused
    let version = me["version"].as_i64().unwrap().to_string();
    let save = |v: String| {
        let csrf = csrf.clone();
        let app = &app;
        let portal = &portal;
        async move {
            form_post(
                app,
                portal,
                "/portal/preferences",
                &[
                    ("csrf", csrf.as_str()),
                    ("version", v.as_str()),
                    ("delays", "true"),
                    ("preferred_channel", "email"),
                    ("language", "en"),
                ],
            )
            .await
        }
    };
    assert_eq!(save(version.clone()).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(save(version).await.status(), StatusCode::CONFLICT);
    let contacts = json_of(
        app.get(&format!("/api/v1/customers/{alpha}/contacts"), &agent)
            .await,
    )
    .await;
    let list = contacts
        .as_array()
        .or_else(|| contacts["items"].as_array())
        .unwrap();
    assert_eq!(
        list.iter()
            .filter(|k| k["emails"][0] == "portal@alpha.test")
            .count(),
        1,
        "still one contact"
    );

    // staff keep to the customer page's contacts
    let r = page(&app, &staff, "/portal/preferences").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}
