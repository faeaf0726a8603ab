//! The e-mail intake against a real database (SQLite, or PostgreSQL with
//! `PURSER_TEST_BACKEND=postgres`): nothing lost, nothing doubled, threading in the
//! domain's order, machines recognised, broken messages kept and flagged.

use purser_app::cases::setup::create_team;
use purser_app::mail::{ACKS_PER_HOUR, ingest, resume_pending};
use purser_app::{Ctx, book};
use purser_domain::book::{ContactInput, CustomerInput};
use purser_domain::cases::refs::RefKind;
use purser_store::testing::{TempGuard, fresh_store};
use purser_store::{Db, Store, case_messages, mail, outbox};
use serde_json::json;
use uuid::Uuid;

struct World {
    store: Store,
    _g: TempGuard,
    customer: Uuid,
}

async fn world() -> World {
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
    World {
        store,
        _g: g,
        customer,
    }
}

fn msg(from: &str, id: &str, subject: &str, extra: &str, body: &str) -> Vec<u8> {
    format!("From: {from}\r\nTo: tpac@line.test\r\nSubject: {subject}\r\nMessage-ID: <{id}>\r\n{extra}Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n").into_bytes()
}

async fn messages_of(w: &World, case: Uuid) -> usize {
    case_messages::of_case(&mut w.store.clone(), case, true, 100)
        .await
        .unwrap()
        .len()
}

#[tokio::test]
async fn a_message_opens_one_case_however_often_it_arrives_and_is_acknowledged_in_the_senders_language()
 {
    let w = world().await;
    let raw = msg(
        "陳偉 <wei@formosa.tw>",
        "m1@formosa.tw",
        "CSQU3054383 到港時間?",
        "",
        "請問 CSQU3054383 何時到港？",
    );
    let a = ingest(&w.store, "tpac@line.test", &raw).await.unwrap();
    assert_eq!(a.state, "ingested");
    assert_eq!(a.threaded_by, "new");
    assert!(a.acknowledged);
    let case_id = a.case_id.unwrap();
    let case = purser_store::cases::get(
        &mut w.store.clone(),
        case_id,
        &purser_domain::roles::CustomerScope::All,
    )
    .await
    .unwrap();
    assert_eq!(case.customer_id, Some(w.customer));
    assert!(case.contact_id.is_some());
    assert_eq!(case.channel.as_str(), "email");
    let refs = purser_store::cases::refs(&mut w.store.clone(), case_id)
        .await
        .unwrap();
    assert!(
        refs.iter()
            .any(|r| r.kind == RefKind::Container && r.value == "CSQU3054383")
    );
    let acks = outbox::pending(&mut w.store.clone(), Some("case_ack"), 10)
        .await
        .unwrap();
    assert_eq!(acks.len(), 1);
    let subject = acks[0].payload["subject"].as_str().unwrap();
    assert!(
        subject.starts_with(&format!("[{}] 已收到", a.case_number.as_deref().unwrap())),
        "{subject}"
    );
    assert_eq!(acks[0].payload["from"], "tpac@line.test");

    // the same bytes again, and the same Message-ID fetched from another mailbox
    let again = ingest(&w.store, "tpac@line.test", &raw).await.unwrap();
    assert_eq!((again.case_id, again.mail_id), (Some(case_id), a.mail_id));
    let other_box = [b"Delivered-To: asia@line.test\r\n".as_slice(), &raw].concat();
    let dup = ingest(&w.store, "asia@line.test", &other_box)
        .await
        .unwrap();
    assert_eq!(dup.state, "duplicate");
    assert_eq!(dup.case_id, Some(case_id));
    assert_eq!(messages_of(&w, case_id).await, 1, "one message on one case");
    assert_eq!(
        outbox::pending(&mut w.store.clone(), Some("case_ack"), 10)
            .await
            .unwrap()
            .len(),
        1,
        "acknowledged once"
    );
}

#[tokio::test]
async fn replies_thread_by_message_id_case_number_and_shipping_references_in_that_order() {
    let w = world().await;
    let first = ingest(
        &w.store,
        "tpac@line.test",
        &msg(
            "wei@formosa.tw",
            "t1@formosa.tw",
            "B/L amendment EGLV149602581234",
            "",
            "Please change the consignee.",
        ),
    )
    .await
    .unwrap();
    let case = first.case_id.unwrap();
    let number = first.case_number.unwrap();

    let r = ingest(
        &w.store,
        "tpac@line.test",
        &msg(
            "wei@formosa.tw",
            "t2@formosa.tw",
            "Re: B/L amendment",
            "In-Reply-To: <t1@formosa.tw>\r\nReferences: <t1@formosa.tw>\r\n",
            "Also the notify party.",
        ),
    )
    .await
    .unwrap();
    assert_eq!(
        (r.case_id, r.threaded_by.as_str()),
        (Some(case), "message_id")
    );

    let r = ingest(
        &w.store,
        "tpac@line.test",
        &msg(
            "wei@formosa.tw",
            "t3@formosa.tw",
            &format!("Re: [{number}] any news?"),
            "",
            "Any news?",
        ),
    )
    .await
    .unwrap();
    assert_eq!(
        (r.case_id, r.threaded_by.as_str()),
        (Some(case), "case_number")
    );

    // a new thread that only quotes the B/L number in its body
    let r = ingest(&w.store, "tpac@line.test", &msg("wei@formosa.tw", "t4@formosa.tw", "draft", "", "Attached the corrected draft for EGLV149602581234, thanks.\n\nOn Mon, Amy wrote:\n> CSQU1234567")).await.unwrap();
    assert_eq!(
        (r.case_id, r.threaded_by.as_str()),
        (Some(case), "reference")
    );
    assert!(!r.acknowledged, "only new cases are acknowledged");
    assert_eq!(messages_of(&w, case).await, 4);

    // the same B/L number from another company's sender does not join this case
    let r = ingest(
        &w.store,
        "tpac@line.test",
        &msg(
            "someone@gmail.com",
            "t5@gmail.com",
            "EGLV149602581234",
            "",
            "hello",
        ),
    )
    .await
    .unwrap();
    assert_ne!(r.case_id, Some(case));
}

#[tokio::test]
async fn unknown_senders_machines_and_bounces() {
    let w = world().await;
    // a colleague of a known contact: a contact awaiting review at the same customer
    let r = ingest(
        &w.store,
        "tpac@line.test",
        &msg(
            "Lin Mei <mei@formosa.tw>",
            "u1@formosa.tw",
            "Rate TWKHH to USLAX",
            "",
            "Rate please",
        ),
    )
    .await
    .unwrap();
    let case = purser_store::cases::get(
        &mut w.store.clone(),
        r.case_id.unwrap(),
        &purser_domain::roles::CustomerScope::All,
    )
    .await
    .unwrap();
    assert_eq!(case.customer_id, Some(w.customer));
    let (contact, _) = mail::contact_by_address(&mut w.store.clone(), "mei@formosa.tw")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(case.contact_id, Some(contact));
    let review: (bool,) = w
        .store
        .clone()
        .fetch_one(
            &purser_store::sea_query::Query::select()
                .column("needs_review")
                .from("contacts")
                .and_where(purser_store::sea_query::ExprTrait::eq(
                    purser_store::sea_query::Expr::col("id"),
                    contact,
                ))
                .take(),
        )
        .await
        .unwrap();
    assert!(review.0);

    // an out-of-office that threads nowhere opens nothing and is not answered
    let ooo = msg(
        "wei@formosa.tw",
        "o1@formosa.tw",
        "Automatic reply: Rate",
        "Auto-Submitted: auto-replied\r\n",
        "Out of office",
    );
    let r = ingest(&w.store, "tpac@line.test", &ooo).await.unwrap();
    assert_eq!((r.state.as_str(), r.case_id), ("ignored", None));
    // one that threads lands on its case, still unanswered
    let ooo = msg(
        "wei@formosa.tw",
        "o2@formosa.tw",
        "Automatic reply",
        "Auto-Submitted: auto-replied\r\nIn-Reply-To: <u1@formosa.tw>\r\n",
        "Out of office",
    );
    let r = ingest(&w.store, "tpac@line.test", &ooo).await.unwrap();
    assert_eq!(r.case_id, Some(case.id));
    assert!(!r.acknowledged);

    // a bounce marks the address, and no acknowledgement goes to it afterwards
    let dsn = "From: MAILER-DAEMON@mx.formosa.tw\r\nSubject: Undelivered Mail\r\nMessage-ID: <d1@mx>\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=r\r\n\r\n--r\r\nContent-Type: message/delivery-status\r\n\r\nFinal-Recipient: rfc822; gone@formosa.tw\r\nAction: failed\r\n--r--\r\n";
    let r = ingest(&w.store, "tpac@line.test", dsn.as_bytes())
        .await
        .unwrap();
    assert_eq!(r.origin.as_deref(), Some("bounce"));
    assert!(
        mail::bounced(&mut w.store.clone(), "gone@formosa.tw")
            .await
            .unwrap()
    );
    let r = ingest(
        &w.store,
        "tpac@line.test",
        &msg("gone@formosa.tw", "g1@formosa.tw", "Hello", "", "hi"),
    )
    .await
    .unwrap();
    assert!(r.case_id.is_some() && !r.acknowledged);

    // acknowledgements are limited per sender
    let mut acks = 0;
    for i in 0..(ACKS_PER_HOUR + 3) {
        let r = ingest(
            &w.store,
            "tpac@line.test",
            &msg(
                "flood@formosa.tw",
                &format!("f{i}@formosa.tw"),
                &format!("Question {i}"),
                "",
                "?",
            ),
        )
        .await
        .unwrap();
        acks += r.acknowledged as i64;
    }
    assert_eq!(acks, ACKS_PER_HOUR);
}

#[tokio::test]
async fn a_broken_message_is_kept_and_flagged_and_a_crash_mid_ingest_loses_and_doubles_nothing() {
    let w = world().await;
    let r = ingest(&w.store, "tpac@line.test", b"\x00\x01\x02 not mail at all")
        .await
        .unwrap();
    assert_eq!(r.state, "failed");
    assert!(
        !mail::raw_bytes(&mut w.store.clone(), r.mail_id)
            .await
            .unwrap()
            .is_empty(),
        "kept raw"
    );
    let ok = ingest(
        &w.store,
        "tpac@line.test",
        &msg(
            "wei@formosa.tw",
            "after@formosa.tw",
            "next",
            "",
            "still flowing",
        ),
    )
    .await
    .unwrap();
    assert_eq!(ok.state, "ingested", "the mailbox goes on");

    // the process died after keeping the raw bytes: the row is pending; resuming files it once
    let raw = msg(
        "wei@formosa.tw",
        "crash@formosa.tw",
        "Crash",
        "",
        "Before the crash",
    );
    let sha = purser_mail::sha256_hex(&raw);
    let mut tx = w.store.begin().await.unwrap();
    mail::keep_raw(
        &mut tx,
        &sha,
        Some("crash@formosa.tw"),
        "tpac@line.test",
        &raw,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(resume_pending(&w.store).await.unwrap(), 1);
    let again = ingest(&w.store, "tpac@line.test", &raw).await.unwrap();
    assert_eq!(again.state, "ingested");
    assert_eq!(messages_of(&w, again.case_id.unwrap()).await, 1);
    assert_eq!(resume_pending(&w.store).await.unwrap(), 0);
}
