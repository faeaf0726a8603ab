//! Housekeeping on SQLite and (with `PURSER_TEST_BACKEND=postgres`) PostgreSQL: expired
//! sessions, attempts older than the throttle's window, old "signed in from here" marks and
//! day-old idempotency keys go; live sessions, recent attempts, marks and keys stay.

use purser_domain::customers::Language;
use purser_domain::roles::Role;
use purser_store::testing::fresh_store;
use purser_store::{Db, idempotency, now_micros, users};

const MINUTE: i64 = 60_000_000;
const DAY: i64 = 24 * 60 * MINUTE;

async fn agent(tx: &mut purser_store::Tx, email: &str) -> users::User {
    let user = users::NewUser {
        email,
        name: email,
        role: Role::Agent,
        department_id: None,
        customer_id: None,
        language: Language::En,
        password_hash: "h",
    };
    users::insert(tx, &user).await.unwrap()
}

#[tokio::test]
async fn pruning_removes_only_what_no_sign_in_reads_any_more() {
    let (store, _g) = fresh_store().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    let u = agent(&mut tx, "amy@purser.test").await;
    users::insert_session(&mut tx, "live", u.id, "c1", 60 * MINUTE)
        .await
        .unwrap();
    users::insert_session(&mut tx, "expired", u.id, "c2", -1)
        .await
        .unwrap();
    let now = now_micros();
    for (key, at) in [
        ("pair:amy|10.0.0.1", now - 20 * MINUTE),
        ("acct:amy", now - MINUTE),
        ("known:amy|10.0.0.1", now - 200 * DAY),
        ("known:amy|10.0.0.2", now - DAY),
    ] {
        users::record_login_failure_at(&mut tx, key, at)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();

    let mut tx = store.begin().await.unwrap();
    let gone = users::prune_sign_ins(&mut tx, now, now - 15 * MINUTE, now - 180 * DAY)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        gone, 3,
        "the expired session, the old attempt, the old mark"
    );

    let mut db = store.clone();
    assert_eq!(
        db.scalar_raw("SELECT COUNT(*) FROM sessions")
            .await
            .unwrap(),
        1
    );
    assert!(
        users::session_user(&mut db, "live")
            .await
            .unwrap()
            .is_some()
    );
    for (key, left) in [
        ("pair:amy|10.0.0.1", 0),
        ("acct:amy", 1),
        ("known:amy|10.0.0.1", 0),
        ("known:amy|10.0.0.2", 1),
    ] {
        assert_eq!(
            users::login_failures_since(&mut db, key, 0).await.unwrap(),
            left,
            "{key}"
        );
    }
}

#[tokio::test]
async fn idempotency_keys_are_forgotten_after_their_day_and_not_before() {
    let (store, _g) = fresh_store().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    let u = agent(&mut tx, "ivy@purser.test").await;
    assert!(
        idempotency::claim(&mut tx, u.id, "yesterday", "h")
            .await
            .unwrap()
    );
    tx.commit().await.unwrap();
    // the second claim is surely later than the first
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let mut db = store.clone();
    assert!(
        idempotency::claim(&mut db, u.id, "today", "h")
            .await
            .unwrap()
    );
    let claimed = |key: &'static str| {
        let store = store.clone();
        async move {
            idempotency::get(&mut store.clone(), u.id, key)
                .await
                .unwrap()
                .map(|r| r.created_at)
        }
    };
    let today = claimed("today").await.unwrap();
    // forget what was claimed before a moment between the two claims' times: as if the
    // first had been claimed a day earlier
    let yesterday = claimed("yesterday").await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert_eq!(idempotency::prune(&mut tx, yesterday).await.unwrap(), 0);
    assert_eq!(idempotency::prune(&mut tx, yesterday + 1).await.unwrap(), 1);
    tx.commit().await.unwrap();
    assert_eq!(
        claimed("yesterday").await,
        None,
        "forgotten: the key may be used again"
    );
    assert_eq!(claimed("today").await, Some(today));
    let mut db = store.clone();
    assert!(
        idempotency::claim(&mut db, u.id, "yesterday", "h2")
            .await
            .unwrap()
    );
}
