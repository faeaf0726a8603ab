//! What a commit survives, proven on the binary as an operator runs it: `purser serve` is
//! killed with SIGKILL (no shutdown, no flush) while clients write, and every write it
//! answered 201 to is there after a restart — on SQLite (default) and on PostgreSQL
//! (`PURSER_TEST_BACKEND=postgres`). On PostgreSQL, two nodes share one database and its
//! outbox: one is killed in the middle of sending a reply, and the other delivers every
//! reply, each under its own Message-ID (see `two_nodes_deliver_every_reply_once_by_message_id`
//! for the exact guarantee).

mod durability_support;

use durability_support::smtp_sink::SmtpSink;
use durability_support::{Database, Node, admin_token, api, on_postgres};
use purser_store::{Store, outbox};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Writers at once; sustained writes last at least this long, and until at least
/// [`ENOUGH`] writes were acknowledged, before the kill.
const WRITERS: usize = 4;
const WRITING: Duration = Duration::from_millis(1_500);
const ENOUGH: usize = 40;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_acknowledged_case_survives_a_sigkill_mid_writes() {
    let db = Database::fresh("sigkill").await;
    let token = admin_token(&db);
    let node = Node::start(&db, None).await;
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let customer = api(
        &client,
        &node,
        &token,
        "/api/v1/customers",
        &json!({"legal_name": "Formosa Plastics"}),
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_string();

    let stop = Arc::new(AtomicBool::new(false));
    let acks = Arc::new(AtomicUsize::new(0));
    let writers: Vec<_> = (0..WRITERS)
        .map(|w| {
            let (client, url, token, customer, stop) = (
                client.clone(),
                node.url("/api/v1/cases"),
                token.clone(),
                customer.clone(),
                stop.clone(),
            );
            let acks = acks.clone();
            tokio::spawn(async move {
                // (case id, its first message) for every 201; ends at the first failure,
                // which the kill causes
                let mut acknowledged: Vec<(String, String)> = Vec::new();
                for i in 0.. {
                    let message = format!("Where is container {w}-{i}? Please confirm the ETA.");
                    let sent = client
                        .post(&url)
                        .bearer_auth(&token)
                        .json(&json!({"subject": format!("ETA {w}-{i}"), "customer_id": customer, "message": message}))
                        .send()
                        .await;
                    match sent {
                        Ok(r) if r.status() == reqwest::StatusCode::CREATED => {
                            let case: Value = r.json().await.unwrap_or(Value::Null);
                            // a 201 whose body was cut by the kill was still acknowledged
                            // only if the client read the id
                            if let Some(id) = case["id"].as_str() {
                                acknowledged.push((id.to_string(), message));
                                acks.fetch_add(1, Ordering::SeqCst);
                            }
                        }
                        Ok(r) => panic!("writer {w}: {} before the kill", r.status()),
                        Err(_) => {
                            assert!(stop.load(Ordering::SeqCst), "writer {w} failed before the kill");
                            return acknowledged;
                        }
                    }
                }
                unreachable!()
            })
        })
        .collect();

    tokio::time::sleep(WRITING).await;
    // a machine busy with other work writes slower: keep writing until there are enough
    let deadline = Instant::now() + Duration::from_secs(20);
    while acks.load(Ordering::SeqCst) < ENOUGH && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    stop.store(true, Ordering::SeqCst);
    let mut node = node;
    node.sigkill();
    let mut acknowledged = Vec::new();
    for w in writers {
        acknowledged.extend(w.await.unwrap());
    }
    assert!(
        acknowledged.len() >= 30,
        "only {} writes were acknowledged before the kill: the test proves nothing",
        acknowledged.len()
    );

    let node = Node::start(&db, None).await;
    for (id, message) in &acknowledged {
        let page = api_get(&client, &node, &token, &format!("/api/v1/cases/{id}/page")).await;
        assert_eq!(page["case"]["id"], id.as_str());
        assert_eq!(
            page["messages"][0]["body"],
            message.as_str(),
            "case {id} lost its first message"
        );
    }
    eprintln!(
        "{} acknowledged cases, all there after SIGKILL on {}",
        acknowledged.len(),
        db.backend()
    );
}

async fn api_get(client: &reqwest::Client, node: &Node, token: &str, path: &str) -> Value {
    let r = client
        .get(node.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let status = r.status();
    let body: Value = r.json().await.unwrap_or(Value::Null);
    assert_eq!(status, reqwest::StatusCode::OK, "GET {path}: {body}");
    body
}

/// Replies written through the two nodes, half through each.
const REPLIES: usize = 30;

/// Two `purser serve` nodes on one PostgreSQL schema, each sending mail to its own port of
/// one SMTP sink. Replies are written through both; the sink keeps the first mail a node
/// sends but never answers it, and that node is SIGKILLed right then — after the server
/// has the mail, before the node could record it sent. The other node then delivers every
/// reply, the dead node's included.
///
/// The guarantee, exactly: every reply is delivered, under one Message-ID of its own
/// (`<outbox-{job}@domain>`, the same on every attempt), so a mail store or reader that
/// collapses equal Message-IDs sees each reply once. SMTP has no idempotency key, so the
/// one mail a node was sending when it died — the server had it, the node never heard
/// `250` — is sent again by the survivor: one raw duplicate per kill, same Message-ID,
/// and no other. Runs only with `PURSER_TEST_BACKEND=postgres` (two nodes need a shared
/// server database); on SQLite it returns at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_nodes_deliver_every_reply_once_by_message_id() {
    if !on_postgres() {
        eprintln!("two nodes share PostgreSQL only: set PURSER_TEST_BACKEND=postgres");
        return;
    }
    let db = Database::fresh("two-nodes").await;
    let token = admin_token(&db);
    let (sink, mut held) = SmtpSink::start(2).await;
    // a short lease, so the survivor takes the dead node's mail within the test
    let settings = |port: u16| {
        format!(
            "[smtp]\nhost = \"127.0.0.1\"\nport = {port}\ntls = \"none\"\n\
             default_from = \"desk@line.test\"\nmessage_id_domain = \"line.test\"\n\
             timeout_secs = 5\nlease_secs = 2\n"
        )
    };
    let mut nodes = [
        Some(Node::start(&db, Some(&settings(sink.ports[0]))).await),
        Some(Node::start(&db, Some(&settings(sink.ports[1]))).await),
    ];
    let node = |i: usize| nodes[i % 2].as_ref().unwrap();
    let client = reqwest::Client::new();
    let customer = api(
        &client,
        node(0),
        &token,
        "/api/v1/customers",
        &json!({"legal_name": "Formosa Plastics"}),
    )
    .await;
    let customer = customer["id"].as_str().unwrap().to_string();
    let contact = api(
        &client,
        node(1),
        &token,
        &format!("/api/v1/customers/{customer}/contacts"),
        &json!({"name": "Wei Chen", "emails": ["wei@formosa.test"], "language": "en"}),
    )
    .await;
    let mut expected = Vec::new();
    for i in 0..REPLIES {
        let case = api(
            &client,
            node(i),
            &token,
            "/api/v1/cases",
            &json!({"subject": format!("Booking {i}"), "customer_id": customer, "contact_id": contact["id"], "message": "When does it sail?"}),
        )
        .await;
        let reply = api(
            &client,
            node(i),
            &token,
            &format!("/api/v1/cases/{}/replies", case["id"].as_str().unwrap()),
            &json!({"body": format!("Booking {i} sails on Friday.")}),
        )
        .await;
        let job = reply["outbox_id"]
            .as_str()
            .expect("a reply queued for e-mail");
        expected.push(format!("outbox-{job}@line.test"));
    }

    let first = tokio::time::timeout(Duration::from_secs(15), held.recv())
        .await
        .expect("a node sends mail within its polling interval")
        .unwrap();
    let dead = sink.ports.iter().position(|p| *p == first.port).unwrap();
    let survivor = sink.ports[1 - dead];
    nodes[dead].take().unwrap().sigkill();

    // wait until the outbox has no mail left to send (then nothing more can arrive)
    let store = Store::connect(db.url().unwrap(), None).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(25);
    loop {
        let mut open = 0;
        for topic in ["case_reply", "case_ack"] {
            open += outbox::pending(&mut store.clone(), Some(topic), 1_000)
                .await
                .unwrap()
                .len();
        }
        if open == 0 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "{open} mails still unsent; the survivor says: {}",
            nodes[1 - dead].as_ref().unwrap().log_text()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    let received = sink.received();
    let mut times: HashMap<&str, Vec<u16>> = HashMap::new();
    for r in &received {
        times.entry(r.message_id.as_str()).or_default().push(r.port);
    }
    for id in &expected {
        assert!(
            times.contains_key(id.as_str()),
            "reply {id} never delivered"
        );
    }
    for (id, ports) in &times {
        if *id == first.message_id {
            assert_eq!(
                ports,
                &vec![first.port, survivor],
                "the mail the dead node was sending is sent again, once, by the survivor"
            );
        } else {
            assert_eq!(ports.len(), 1, "{id} delivered {} times", ports.len());
        }
    }
    assert!(
        expected.contains(&first.message_id),
        "the held mail is a reply"
    );
    assert_eq!(
        received.len(),
        times.len() + 1,
        "one raw duplicate: the mail in flight at the kill"
    );
    let by_survivor = received.iter().filter(|r| r.port == survivor).count();
    eprintln!(
        "{} replies through two nodes, {} mails received ({} of them by the survivor), {} distinct Message-IDs",
        expected.len(),
        received.len(),
        by_survivor,
        times.len()
    );
    store.close().await;
}
