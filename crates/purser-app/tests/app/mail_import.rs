//! Importing a mailbox (SQLite, or PostgreSQL with `PURSER_TEST_BACKEND=postgres`): it
//! files in batches, and must file exactly as the intake files the same messages one by
//! one — threads across batches, duplicates, machines, broken mail — add nothing when run
//! again, and file once what a crash left kept but unfiled.

use purser_app::cases::setup::create_team;
use purser_app::mail::{ImportSummary, import, ingest};
use purser_app::{Ctx, book};
use purser_domain::book::{ContactInput, CustomerInput};
use purser_store::testing::{TempGuard, fresh_store};
use purser_store::{Db, Store, mail};
use serde_json::json;

async fn world() -> (Store, TempGuard) {
    let (store, g) = fresh_store().await.unwrap();
    let ctx = Ctx::system("test");
    let team: purser_store::teams::TeamInput =
        serde_json::from_value(json!({"name": "Trans-Pacific", "email": "tpac@line.test"}))
            .unwrap();
    create_team(&store, &ctx, team).await.unwrap();
    let input: CustomerInput =
        serde_json::from_value(json!({"legal_name": "Formosa Plastics", "local_name": "台灣塑膠"}))
            .unwrap();
    let customer = book::create_customer(&store, &ctx, input).await.unwrap().id;
    let contact: ContactInput = serde_json::from_value(
        json!({"name": "陳偉", "emails": ["wei@formosa.tw"], "language": "zh-TW"}),
    )
    .unwrap();
    let mut tx = store.begin().await.unwrap();
    purser_store::contacts::insert(&mut tx, purser_store::new_id(), customer, &contact)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    (store, g)
}

fn msg(from: &str, id: &str, subject: &str, extra: &str, body: &str) -> Vec<u8> {
    format!("From: {from}\r\nTo: tpac@line.test\r\nSubject: {subject}\r\nMessage-ID: <{id}>\r\n{extra}Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n").into_bytes()
}

/// A mailbox longer than a batch: new questions, replies to messages of the same and of
/// earlier batches, the same bytes twice, the same Message-ID with other bytes, an
/// out-of-office reply and a message that is no e-mail at all.
fn mailbox() -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    for i in 0..90 {
        let from = if i % 3 == 0 {
            "wei@formosa.tw".to_string()
        } else {
            format!("user{}@shipper{}.example", i % 4, i % 7)
        };
        let extra = if i % 5 == 4 {
            format!("In-Reply-To: <q{}@import.test>\r\n", i - 3)
        } else if i % 11 == 10 {
            format!("In-Reply-To: <q{}@import.test>\r\n", i - 40)
        } else {
            String::new()
        };
        out.push(msg(
            &from,
            &format!("q{i}@import.test"),
            &format!("ETA of CSQU305438{} please", i % 10),
            &extra,
            &format!("Question {i}: when does it arrive?"),
        ));
        if i == 20 || i == 50 {
            out.push(out[out.len() - 5].clone());
        }
        if i == 33 {
            out.push(msg(
                "wei@formosa.tw",
                "q3@import.test",
                "the same Message-ID, other bytes",
                "",
                "resent",
            ));
        }
        if i == 40 {
            out.push(msg(
                "away@shipper1.example",
                "ooo@import.test",
                "Automatic reply: out of office",
                "Auto-Submitted: auto-replied\r\n",
                "I am away.",
            ));
        }
        if i == 60 {
            out.push(b"\x00\x01\x02 not mail at all".to_vec());
        }
    }
    out
}

async fn count(store: &Store, sql: &str) -> i64 {
    store.clone().scalar_raw(sql).await.unwrap()
}

/// What a store holds after filing: cases, public messages per case in case order, raw
/// messages per state, and where each Message-ID landed (as the case's position).
async fn shape(store: &Store) -> Vec<i64> {
    let mut out = vec![
        count(store, "SELECT COUNT(*) FROM cases").await,
        count(
            store,
            "SELECT COUNT(*) FROM case_messages WHERE kind = 'public'",
        )
        .await,
        count(store, "SELECT COUNT(*) FROM mail_ids").await,
        count(store, "SELECT COUNT(*) FROM outbox").await,
        count(store, "SELECT COUNT(*) FROM contacts").await,
    ];
    for state in ["pending", "ingested", "duplicate", "ignored", "failed"] {
        out.push(
            count(
                store,
                &format!("SELECT COUNT(*) FROM mail_raw WHERE state = '{state}'"),
            )
            .await,
        );
    }
    let per_case: Vec<(i64,)> = store
        .clone()
        .fetch_all(
            &purser_store::sea_query::Query::select()
                .column("message_count")
                .from("cases")
                .order_by("number", purser_store::sea_query::Order::Asc)
                .take(),
        )
        .await
        .unwrap();
    out.extend(per_case.into_iter().map(|r| r.0));
    out
}

async fn import_all(store: &Store, messages: &[Vec<u8>]) -> ImportSummary {
    let mut heard = 0;
    let s = import(
        store,
        "tpac@line.test",
        messages.iter().cloned().map(Ok),
        |s, _| {
            heard += 1;
            assert_eq!(s.read, heard, "progress hears of each message in turn");
        },
    )
    .await
    .unwrap();
    assert_eq!(s.read, messages.len() as u64);
    s
}

#[tokio::test]
async fn importing_a_mailbox_files_every_message_as_the_intake_would_one_by_one() {
    let messages = mailbox();
    let (one_by_one, _g1) = world().await;
    for m in &messages {
        ingest(&one_by_one, "tpac@line.test", m).await.unwrap();
    }
    let (imported, _g2) = world().await;
    let s = import_all(&imported, &messages).await;
    assert_eq!(shape(&imported).await, shape(&one_by_one).await);
    assert_eq!(s.unreadable, 0);
    assert_eq!(
        s.failed, 1,
        "the message that is no e-mail is kept and flagged"
    );
    assert_eq!(s.ignored, 1, "the out-of-office reply opens no case");
    assert_eq!(
        s.duplicate, 3,
        "the same bytes twice, and the same Message-ID"
    );
    assert_eq!(
        s.ingested + s.duplicate + s.ignored + s.failed,
        messages.len() as u64
    );
    assert_eq!(
        s.new_cases as i64,
        count(&imported, "SELECT COUNT(*) FROM cases").await
    );
    assert!(
        s.new_cases < s.ingested,
        "replies land on the cases of messages in the same and in earlier batches"
    );

    let again = import_all(&imported, &messages).await;
    assert_eq!(
        (again.ingested, again.new_cases),
        (0, 0),
        "a re-run adds nothing"
    );
    assert_eq!(again.duplicate, s.ingested + s.duplicate);
    assert_eq!(shape(&imported).await, shape(&one_by_one).await);
}

#[tokio::test]
async fn an_import_stopped_after_keeping_the_raw_bytes_files_each_message_once_when_run_again() {
    let messages = mailbox();
    let (store, _g) = world().await;
    // the process died after keeping the first 45 messages' bytes, before filing them
    let mut tx = store.begin().await.unwrap();
    for raw in &messages[..45] {
        let sha = purser_mail::sha256_hex(raw);
        let id = purser_mail::parse(raw).and_then(|p| p.message_id);
        mail::keep_raw(&mut tx, &sha, id.as_deref(), "tpac@line.test", raw)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    let kept: std::collections::HashSet<String> = messages[..45]
        .iter()
        .map(|m| purser_mail::sha256_hex(m))
        .collect();
    let pending = "SELECT COUNT(*) FROM mail_raw WHERE state = 'pending'";
    assert_eq!(count(&store, pending).await, kept.len() as i64);
    import_all(&store, &messages).await;
    assert_eq!(count(&store, pending).await, 0);
    let (reference, _g2) = world().await;
    for m in &messages {
        ingest(&reference, "tpac@line.test", m).await.unwrap();
    }
    assert_eq!(shape(&store).await, shape(&reference).await);
}
