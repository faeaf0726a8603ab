//! Proactive notices against a real database (SQLite, or PostgreSQL with
//! `PURSER_TEST_BACKEND=postgres`): a vessel delay pushed as DCSA TNT 2.2 events becomes
//! one notice per contact listing exactly that contact's shipments, in the contact's
//! language and channel, with the reason in words and other sailings; a key account's
//! owner gets a case; and no change is ever told twice.

use base64::Engine;
use purser_app::tracking::{apply, ingest::ingest, notices::delivery};
use purser_app::{Ctx, book};
use purser_domain::book::{ContactInput, CustomerInput};
use purser_domain::customers::Language;
use purser_domain::roles::{CustomerScope, Role};
use purser_store::testing::{TempGuard, fresh_store};
use purser_store::tracking::notices::{self, Notice};
use purser_store::tracking::schedules::{self, PortCall, Vessel};
use purser_store::tracking::shipments::{self, Leg, NewShipment};
use purser_store::tracking::subscriptions::{self as subs, Subscription};
use purser_store::{Store, new_id, now_micros, outbox, users};
use serde_json::{Value, json};
use std::collections::HashMap;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use uuid::Uuid;

const HOUR: i64 = 3_600_000_000;
const DAY: i64 = 24 * HOUR;
const IMO: &str = "9321483";
const VOYAGE: &str = "2103S";

struct World {
    store: Store,
    _g: TempGuard,
    /// The planned arrival at Rotterdam, on the hour.
    planned: i64,
    customers: HashMap<&'static str, Uuid>,
    contacts: HashMap<&'static str, Uuid>,
    owner: Uuid,
    secret: Vec<u8>,
    hook: Uuid,
}

async fn customer(store: &Store, body: Value) -> Uuid {
    let input: CustomerInput = serde_json::from_value(body).unwrap();
    book::create_customer(store, &Ctx::system("test"), input)
        .await
        .unwrap()
        .id
}

async fn contact(store: &Store, customer: Uuid, body: Value) -> Uuid {
    let input: ContactInput = serde_json::from_value(body).unwrap();
    let id = new_id();
    let mut tx = store.begin().await.unwrap();
    purser_store::contacts::insert(&mut tx, id, customer, &input)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    id
}

fn call(
    imo: &str,
    voyage: &str,
    location: &str,
    seq: i64,
    arr: Option<i64>,
    dep: Option<i64>,
) -> PortCall {
    PortCall {
        id: new_id(),
        vessel_imo: imo.into(),
        voyage: voyage.into(),
        service_code: Some("FE1".into()),
        location: location.into(),
        seq,
        arrival_planned: arr,
        arrival_estimated: None,
        arrival_actual: None,
        departure_planned: dep,
        departure_estimated: None,
        departure_actual: None,
        cutoffs: json!({}),
        omitted: false,
        updated_at: now_micros(),
    }
}

fn shipment(
    reference: &str,
    booked_by: Uuid,
    consignee: Option<Uuid>,
    pod: &str,
    eta: i64,
) -> NewShipment {
    NewShipment {
        id: new_id(),
        reference: reference.into(),
        booking_reference: format!("BK{}", &reference[4..]),
        customer_id: booked_by,
        shipper_id: None,
        consignee_id: consignee,
        notify_id: None,
        place_of_receipt: None,
        port_of_loading: "TWKHH".into(),
        port_of_discharge: pod.into(),
        place_of_delivery: None,
        legs: vec![Leg {
            vessel_imo: IMO.into(),
            voyage: VOYAGE.into(),
            load: "TWKHH".into(),
            discharge: pod.into(),
        }],
        containers: vec![],
        first_eta: Some(eta),
        created_at: now_micros(),
    }
}

/// The voyage King of the Seas 2103S Kaohsiung → Rotterdam → Hamburg, two later sailings
/// to offer instead and one that leaves too early to be one.
async fn schedules_of(store: &Store, planned: i64) {
    let now = now_micros();
    let mut tx = store.begin().await.unwrap();
    let vessels: Vec<Vessel> = [
        (IMO, "KING OF THE SEAS"),
        ("9074729", "EVER ALP"),
        ("9811000", "EVER ARM"),
    ]
    .into_iter()
    .map(|(imo, name)| Vessel {
        imo: imo.into(),
        name: name.into(),
        flag: None,
        call_sign: None,
        operator: None,
        updated_at: now,
    })
    .collect();
    schedules::upsert_vessels(&mut tx, &vessels).await.unwrap();
    let departs = now + 2 * DAY;
    schedules::upsert_port_calls(
        &mut tx,
        &[
            call(
                IMO,
                VOYAGE,
                "TWKHH",
                1,
                Some(departs - 12 * HOUR),
                Some(departs),
            ),
            call(IMO, VOYAGE, "NLRTM", 2, Some(planned), Some(planned + DAY)),
            call(IMO, VOYAGE, "DEHAM", 3, Some(planned + 3 * DAY), None),
            // leaves before the delayed sailing would have: no alternative
            call("9811000", "0111W", "TWKHH", 1, None, Some(now + DAY)),
            call("9811000", "0111W", "NLRTM", 2, Some(now + 31 * DAY), None),
            call("9074729", "0456W", "TWKHH", 1, None, Some(now + 5 * DAY)),
            call("9074729", "0456W", "NLRTM", 2, Some(now + 35 * DAY), None),
            call("9811000", "0789W", "TWKHH", 1, None, Some(now + 9 * DAY)),
            call("9811000", "0789W", "NLRTM", 2, Some(now + 41 * DAY), None),
        ],
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

async fn world() -> World {
    let (store, g) = fresh_store().await.unwrap();
    let now = now_micros();
    let planned = (now + 30 * DAY) / HOUR * HOUR;
    let mut tx = store.begin().await.unwrap();
    let owner = users::insert(
        &mut tx,
        &users::NewUser {
            email: "olivia@line.test",
            name: "Olivia Owner",
            role: Role::Agent,
            department_id: None,
            customer_id: None,
            language: Language::En,
            password_hash: "x",
        },
    )
    .await
    .unwrap()
    .id;
    tx.commit().await.unwrap();

    let mut customers = HashMap::new();
    let mut contacts = HashMap::new();
    let acme = customer(
        &store,
        json!({"legal_name": "Acme Trading BV", "time_zone": "Europe/Amsterdam"}),
    )
    .await;
    customers.insert("acme", acme);
    contacts.insert(
        "alice",
        contact(
            &store,
            acme,
            json!({"name": "Alice de Vries", "emails": ["alice@acme.test"]}),
        )
        .await,
    );
    contacts.insert(
        "bob",
        contact(
            &store,
            acme,
            json!({"name": "Bob Opted-Out", "emails": ["bob@acme.test"], "notifications": {"delays": false}}),
        )
        .await,
    );
    let formosa = customer(
        &store,
        json!({"legal_name": "Formosa Plastics", "local_name": "台灣塑膠", "language": "zh-TW"}),
    )
    .await;
    customers.insert("formosa", formosa);
    contacts.insert(
        "wei",
        contact(
            &store,
            formosa,
            json!({"name": "陳偉", "emails": ["wei@formosa.tw"], "language": "zh-TW"}),
        )
        .await,
    );
    let portal = customer(&store, json!({"legal_name": "Portal Logistics"})).await;
    customers.insert("portal", portal);
    contacts.insert(
        "pat",
        contact(
            &store,
            portal,
            json!({"name": "Pat Portal", "emails": ["pat@portal.test"], "preferred_channel": "portal"}),
        )
        .await,
    );
    let key = customer(
        &store,
        json!({"legal_name": "Keystone Electronics", "tier": "platinum", "key_account": true,
               "account_owner_id": owner}),
    )
    .await;
    customers.insert("key", key);
    contacts.insert(
        "kim",
        contact(
            &store,
            key,
            json!({"name": "Kim Key", "emails": ["kim@keystone.test"]}),
        )
        .await,
    );
    let hooked = customer(&store, json!({"legal_name": "Hook Systems"})).await;
    customers.insert("hook", hooked);
    contacts.insert(
        "fay",
        contact(
            &store,
            hooked,
            json!({"name": "Fay Feed", "emails": ["fay@hook.test"], "preferred_channel": "webhook"}),
        )
        .await,
    );

    let secret = b"0123456789abcdef0123456789abcdef".to_vec();
    let hook = new_id();
    let mut tx = store.begin().await.unwrap();
    subs::add_subscription(
        &mut tx,
        &Subscription {
            id: hook,
            callback_url: "http://127.0.0.1:9/unused".into(),
            secret: base64::engine::general_purpose::STANDARD.encode(&secret),
            filters: json!({"eventType": ["SHIPMENT"]}),
            owner_id: owner,
            customer_id: Some(hooked),
            created_at: now,
            updated_at: now,
            version: 1,
        },
    )
    .await
    .unwrap();
    shipments::insert(
        &mut tx,
        &[
            shipment("PSRA000001", acme, None, "NLRTM", planned),
            shipment("PSRA000002", acme, None, "NLRTM", planned),
            shipment("PSRA000003", acme, None, "NLRTM", planned),
            // Acme is only the consignee here: told too, and so is Formosa
            shipment("PSRF000001", formosa, Some(acme), "NLRTM", planned),
            shipment("PSRF000002", formosa, None, "NLRTM", planned),
            // discharges at Hamburg: the Rotterdam delay is not its news
            shipment("PSRA000009", acme, None, "DEHAM", planned + 3 * DAY),
            shipment("PSRP000001", portal, None, "NLRTM", planned),
            shipment("PSRK000001", key, None, "NLRTM", planned),
            shipment("PSRK000002", key, None, "NLRTM", planned),
            shipment("PSRH000001", hooked, None, "NLRTM", planned),
        ],
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    schedules_of(&store, planned).await;
    World {
        store,
        _g: g,
        planned,
        customers,
        contacts,
        owner,
        secret,
        hook,
    }
}

fn at(micros: i64) -> String {
    jiff::Timestamp::from_microsecond(micros)
        .unwrap()
        .to_string()
}

/// An estimated arrival of King of the Seas at Rotterdam, as a DCSA TNT 2.2 array; the
/// same arguments make the same bytes (a replay), a later ETA a newer event.
fn est_arrival(event_id: &str, eta: i64) -> Vec<u8> {
    serde_json::to_vec(&json!([{
        "eventID": event_id,
        "eventCreatedDateTime": at(eta - 40 * DAY),
        "eventType": "TRANSPORT",
        "eventClassifierCode": "EST",
        "eventDateTime": at(eta),
        "transportEventTypeCode": "ARRI",
        "delayReasonCode": "WEA",
        "changeRemark": "Storm in the Bay of Biscay",
        "transportCall": {
            "transportCallID": "123e4567-e89b-12d3-a456-426614174000",
            "carrierServiceCode": "FE1",
            "exportVoyageNumber": VOYAGE,
            "importVoyageNumber": "2103N",
            "transportCallSequenceNumber": 2,
            "UNLocationCode": "NLRTM",
            "modeOfTransport": "VESSEL",
            "vessel": {"vesselIMONumber": IMO, "vesselName": "King of the Seas"}
        }
    }]))
    .unwrap()
}

async fn push(w: &World, event_id: &str, eta: i64) -> apply::Applied {
    ingest(&w.store, None, &est_arrival(event_id, eta))
        .await
        .unwrap();
    apply::run_pending(&w.store).await.unwrap()
}

async fn all_notices(w: &World) -> Vec<Notice> {
    let mut out = Vec::new();
    for c in w.customers.values() {
        out.extend(
            notices::for_customer(&mut w.store.clone(), *c, 100)
                .await
                .unwrap(),
        );
    }
    out
}

fn of_contact(all: &[Notice], contact: Uuid) -> Vec<&Notice> {
    all.iter()
        .filter(|n| n.contact_id == Some(contact))
        .collect()
}

async fn jobs(w: &World, topic: &str) -> Vec<outbox::Job> {
    outbox::pending(&mut w.store.clone(), Some(topic), 1_000)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_vessel_delay_tells_each_contact_once_about_all_their_shipments_in_their_own_words() {
    let w = world().await;
    let eta = w.planned + 30 * HOUR;
    let done = push(&w, "7b1f6c2e-0001-4a3b-9c1d-000000000001", eta).await;
    assert_eq!(done.batches, 1);
    // Alice, 陳偉, Pat, Kim, Fay, and Keystone's owner
    assert_eq!(done.notices, 6, "{done:?}");
    let all = all_notices(&w).await;
    assert_eq!(all.len(), 6);

    // Alice: every Acme shipment on the delayed call, the one Acme is consignee of
    // included, the Hamburg one not; in English, in Acme's time zone
    let alice = of_contact(&all, w.contacts["alice"]);
    assert_eq!(alice.len(), 1, "one notice, never one per shipment");
    let a = alice[0];
    assert_eq!(
        a.shipments,
        ["PSRA000001", "PSRA000002", "PSRA000003", "PSRF000001"]
    );
    assert_eq!((a.channel.as_str(), a.language.as_str()), ("email", "en"));
    assert_eq!(a.recipient, format!("contact:{}", w.contacts["alice"]));
    assert_eq!(a.change_kind, "eta_slip");
    assert!(a.subject.contains("30 hours later"), "{}", a.subject);
    for want in [
        "Dear Alice de Vries,",
        "KING OF THE SEAS (IMO 9321483) voyage 2103S at NLRTM is delayed by 30 hours",
        "Reason: bad weather (WEA)",
        "(Europe/Amsterdam)",
        "B/L PSRF000001",
        "EVER ALP voyage 0456W",
        "EVER ARM voyage 0789W",
        "transit 30 days",
    ] {
        assert!(a.body.contains(want), "missing {want:?} in\n{}", a.body);
    }
    assert!(!a.body.contains("PSRA000009"), "{}", a.body);
    assert!(
        !a.body.contains("0111W"),
        "leaves before the original sailing"
    );
    let listed = notices::for_shipment(&mut w.store.clone(), {
        let mut db = w.store.clone();
        shipments::by_reference(&mut db, "PSRF000001", &CustomerScope::All)
            .await
            .unwrap()
            .unwrap()
            .id
    })
    .await
    .unwrap();
    assert_eq!(
        listed.len(),
        2,
        "the shipment shows both companies were told"
    );

    // 陳偉 reads Traditional Chinese, in Taipei time
    let wei = of_contact(&all, w.contacts["wei"]);
    assert_eq!(wei.len(), 1);
    assert_eq!(wei[0].shipments, ["PSRF000001", "PSRF000002"]);
    assert_eq!(wei[0].language, "zh-TW");
    assert!(
        wei[0].subject.starts_with("【延誤通知】"),
        "{}",
        wei[0].subject
    );
    for want in [
        "陳偉 您好：",
        "原因：天候不佳（WEA）",
        "（Asia/Taipei）",
        "其他可選航班",
        "EVER ALP 航次 0456W",
    ] {
        assert!(
            wei[0].body.contains(want),
            "missing {want:?} in\n{}",
            wei[0].body
        );
    }

    // the portal contact is told on the portal; the opted-out contact not at all
    let pat = of_contact(&all, w.contacts["pat"]);
    assert_eq!((pat.len(), pat[0].channel.as_str()), (1, "portal"));
    assert!(of_contact(&all, w.contacts["bob"]).is_empty());

    // e-mail for the e-mail contacts only
    let mails = jobs(&w, "notice_email").await;
    let mut to: Vec<&str> = mails
        .iter()
        .map(|j| j.payload["to"][0].as_str().unwrap())
        .collect();
    to.sort();
    assert_eq!(
        to,
        ["alice@acme.test", "kim@keystone.test", "wei@formosa.tw"]
    );
    let wei_mail = mails
        .iter()
        .find(|j| j.payload["to"][0] == "wei@formosa.tw")
        .unwrap();
    assert_eq!(wei_mail.payload["language"], "zh-TW");
    assert!(
        wei_mail.payload["text"]
            .as_str()
            .unwrap()
            .contains("天候不佳")
    );
    assert!(
        wei_mail.payload["html"]
            .as_str()
            .unwrap()
            .contains("<li>提單 PSRF000002")
    );

    // the webhook contact's notice goes to its company's subscription
    let fay = of_contact(&all, w.contacts["fay"]);
    assert_eq!((fay.len(), fay[0].channel.as_str()), (1, "webhook"));
    let hooks = jobs(&w, "notice_webhook").await;
    assert_eq!(hooks.len(), 1);
    assert_eq!(hooks[0].payload["subscription"], json!(w.hook));
    assert_eq!(
        hooks[0].payload["body"]["transportDocumentReferences"],
        json!(["PSRH000001"])
    );
    assert_eq!(hooks[0].payload["body"]["change"]["delayReasonCode"], "WEA");

    // the key account's owner gets a case job, and a notice saying so
    let owner: Vec<&Notice> = all.iter().filter(|n| n.recipient == "owner").collect();
    assert_eq!(owner.len(), 1);
    assert_eq!(
        (owner[0].customer_id, owner[0].channel.as_str()),
        (w.customers["key"], "case")
    );
    assert_eq!(owner[0].shipments, ["PSRK000001", "PSRK000002"]);
    assert_eq!(jobs(&w, "notice_case").await.len(), 1);

    // the same events again, and a second estimate within the same hour: nothing new
    let again = push(&w, "7b1f6c2e-0001-4a3b-9c1d-000000000001", eta).await;
    assert_eq!((again.batches, again.notices), (0, 0));
    let second = push(
        &w,
        "7b1f6c2e-0002-4a3b-9c1d-000000000002",
        eta + 10 * 60_000_000,
    )
    .await;
    assert_eq!(second.batches, 1);
    assert!(second.changes > 0, "the slip is seen again: {second:?}");
    assert_eq!(second.notices, 0, "but never told twice");
    assert_eq!(all_notices(&w).await.len(), 6);
    assert_eq!(jobs(&w, "notice_email").await.len(), 3);
    assert_eq!(jobs(&w, "notice_case").await.len(), 1);

    // a further slip is news
    let later = push(&w, "7b1f6c2e-0003-4a3b-9c1d-000000000003", eta + 10 * HOUR).await;
    assert_eq!(later.notices, 6, "{later:?}");
    assert_eq!(jobs(&w, "notice_email").await.len(), 6);
}

#[tokio::test]
async fn a_key_accounts_owner_gets_one_proactive_case_per_change() {
    let w = world().await;
    push(
        &w,
        "7b1f6c2e-0101-4a3b-9c1d-000000000001",
        w.planned + 30 * HOUR,
    )
    .await;
    assert_eq!(delivery::open_cases(&w.store).await.unwrap(), 1);
    assert_eq!(delivery::open_cases(&w.store).await.unwrap(), 0, "once");
    let owner_notice = notices::for_customer(&mut w.store.clone(), w.customers["key"], 10)
        .await
        .unwrap()
        .into_iter()
        .find(|n| n.recipient == "owner")
        .unwrap();
    let case_id = owner_notice.case_id.expect("the notice names its case");
    let case = purser_store::cases::get(&mut w.store.clone(), case_id, &CustomerScope::All)
        .await
        .unwrap();
    assert_eq!(case.channel.as_str(), "proactive");
    assert_eq!(case.case_type.as_str(), "inquiry");
    assert_eq!(case.customer_id, Some(w.customers["key"]));
    assert_eq!(
        case.assignee_id,
        Some(w.owner),
        "the account owner takes it"
    );
    let refs = purser_store::cases::refs(&mut w.store.clone(), case_id)
        .await
        .unwrap();
    let mut values: Vec<&str> = refs.iter().map(|r| r.value.as_str()).collect();
    values.sort();
    assert_eq!(values, ["PSRK000001", "PSRK000002"]);
    let conversation =
        purser_store::case_messages::of_case(&mut w.store.clone(), case_id, false, 50)
            .await
            .unwrap();
    assert!(
        conversation
            .iter()
            .any(|m| m.body.contains("bad weather (WEA)")),
        "the notice is in the case"
    );
}

/// A one-request HTTP server: answers 200 and hands back the request's headers and body.
async fn one_request() -> (String, tokio::task::JoinHandle<(String, Vec<u8>)>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/notices", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        let (mut sock, _) = listener.accept().await.unwrap();
        let mut buf = Vec::new();
        let mut chunk = [0u8; 8192];
        loop {
            let n = sock.read(&mut chunk).await.unwrap();
            buf.extend_from_slice(&chunk[..n]);
            if let Some(end) = buf.windows(4).position(|x| x == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&buf[..end]).to_lowercase();
                let len: usize = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .map(|v| v.trim().parse().unwrap())
                    .unwrap_or(0);
                if buf.len() >= end + 4 + len || n == 0 {
                    sock.write_all(
                        b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
                    )
                    .await
                    .unwrap();
                    return (head, buf[end + 4..end + 4 + len].to_vec());
                }
            }
        }
    });
    (url, task)
}

#[tokio::test]
async fn a_webhook_notice_is_posted_signed_like_a_tnt_callback() {
    let w = world().await;
    let (url, server) = one_request().await;
    let mut tx = w.store.begin().await.unwrap();
    subs::update_subscription(&mut tx, w.hook, &url, &json!({"eventType": ["SHIPMENT"]}))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    push(
        &w,
        "7b1f6c2e-0201-4a3b-9c1d-000000000001",
        w.planned + 30 * HOUR,
    )
    .await;
    let client = reqwest::Client::new();
    assert_eq!(
        delivery::deliver_webhooks(&w.store, &client).await.unwrap(),
        1
    );
    let (head, body) = server.await.unwrap();
    let sig = head
        .lines()
        .find_map(|l| l.strip_prefix("notification-signature:"))
        .unwrap()
        .trim()
        .to_string();
    assert!(
        purser_dcsa::verify_signature(&w.secret, &body, &sig),
        "{sig}"
    );
    let v: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(v["changeKind"], "eta_slip");
    assert_eq!(v["transportDocumentReferences"], json!(["PSRH000001"]));
    assert_eq!(v["change"]["delayMinutes"], 30 * 60);
    assert!(
        jobs(&w, "notice_webhook").await.is_empty(),
        "delivered once"
    );
}

#[tokio::test]
async fn a_slip_within_the_customers_threshold_tells_nobody() {
    let w = world().await;
    for c in w.customers.values() {
        shipments::set_threshold(&mut w.store.clone(), *c, 48)
            .await
            .unwrap();
    }
    let done = push(
        &w,
        "7b1f6c2e-0301-4a3b-9c1d-000000000001",
        w.planned + 30 * HOUR,
    )
    .await;
    assert_eq!(done.batches, 1);
    assert_eq!((done.changes, done.notices), (0, 0));
    assert!(all_notices(&w).await.is_empty());
    assert!(jobs(&w, "notice_email").await.is_empty());
    assert!(jobs(&w, "notice_case").await.is_empty());
}

/// A one-message SMTP server on loopback: takes one message and hands back its bytes.
async fn smtp_sink() -> (u16, tokio::task::JoinHandle<Vec<u8>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let task = tokio::spawn(async move {
        use tokio::io::AsyncBufReadExt;
        let (sock, _) = listener.accept().await.unwrap();
        let (r, mut w) = tokio::io::split(sock);
        let mut r = tokio::io::BufReader::new(r);
        w.write_all(b"220 sink.test ESMTP\r\n").await.unwrap();
        let mut kept = Vec::new();
        loop {
            let mut line = String::new();
            if r.read_line(&mut line).await.unwrap() == 0 {
                return kept;
            }
            let reply: &[u8] = match line.get(..4).unwrap_or("").to_ascii_uppercase().as_str() {
                "EHLO" => b"250-sink.test\r\n250 8BITMIME\r\n",
                "DATA" => {
                    w.write_all(b"354 go on\r\n").await.unwrap();
                    loop {
                        let mut l = Vec::new();
                        r.read_until(b'\n', &mut l).await.unwrap();
                        if l == b".\r\n" || l.is_empty() {
                            break;
                        }
                        kept.extend_from_slice(l.strip_prefix(b".").unwrap_or(&l));
                    }
                    b"250 OK kept\r\n"
                }
                "QUIT" => {
                    w.write_all(b"221 bye\r\n").await.unwrap();
                    return kept;
                }
                _ => b"250 OK\r\n",
            };
            w.write_all(reply).await.unwrap();
        }
    });
    (port, task)
}

#[tokio::test]
async fn a_notice_email_leaves_from_the_desk_address_and_starts_no_thread() {
    let w = world().await;
    push(
        &w,
        "7b1f6c2e-0401-4a3b-9c1d-000000000001",
        w.planned + 30 * HOUR,
    )
    .await;
    // leave only Alice's notice due
    let mails = jobs(&w, "notice_email").await;
    let alice = mails
        .iter()
        .find(|j| j.payload["to"][0] == "alice@acme.test")
        .unwrap();
    for j in mails.iter().filter(|j| j.id != alice.id) {
        outbox::give_up(&mut w.store.clone(), j.id, "not in this test", now_micros())
            .await
            .unwrap();
    }
    let (port, sink) = smtp_sink().await;
    let smtp = purser_app::mail_out::SmtpSettings {
        host: "127.0.0.1".into(),
        port,
        tls: purser_mail::Tls::None,
        default_from: "desk@line.test".into(),
        message_id_domain: "line.test".into(),
        timeout_secs: 10,
        ..Default::default()
    };
    let report = purser_app::mail_out::deliver_due(&w.store, &smtp, now_micros())
        .await
        .unwrap();
    assert_eq!((report.claimed, report.sent), (1, 1), "{report:?}");
    let raw = sink.await.unwrap();
    let m = purser_mail::parse(&raw).unwrap();
    assert_eq!(m.from_address, "desk@line.test");
    assert_eq!(m.to, ["alice@acme.test"]);
    assert_eq!(
        m.message_id.as_deref(),
        Some(format!("outbox-{}@line.test", alice.id).as_str())
    );
    assert!(m.in_reply_to.is_empty() && m.references.is_empty());
    assert!(
        m.subject.starts_with("Delay: KING OF THE SEAS 2103S"),
        "{}",
        m.subject
    );
    assert!(m.text.contains("B/L PSRF000001"), "{}", m.text);
    let head = String::from_utf8_lossy(&raw).to_lowercase();
    assert!(head.contains("auto-submitted: auto-generated"), "{head}");
    assert!(jobs(&w, "notice_email").await.is_empty(), "sent once");
}
