//! What a commit survives, proven on the binary as an operator runs it: `purser serve` is
//! killed with SIGKILL (no shutdown, no flush) while clients write, and every write it
//! answered 201 to is there after a restart — on SQLite (default) and on PostgreSQL
//! (`PURSER_TEST_BACKEND=postgres`). On PostgreSQL, two nodes share one database and its
//! outbox: one is killed in the middle of sending a reply, and the other delivers every
//! reply, each under its own Message-ID (see `two_nodes_deliver_every_reply_once_by_message_id`
//! for the exact guarantee).

mod durability_support;

use durability_support::{Database, Node, admin_token, api};
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Writers at once; sustained writes last this long before the kill.
const WRITERS: usize = 4;
const WRITING: Duration = Duration::from_millis(1_500);

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
    let writers: Vec<_> = (0..WRITERS)
        .map(|w| {
            let (client, url, token, customer, stop) = (
                client.clone(),
                node.url("/api/v1/cases"),
                token.clone(),
                customer.clone(),
                stop.clone(),
            );
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
