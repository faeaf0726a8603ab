//! Sign-in housekeeping on SQLite and (with `PURSER_TEST_BACKEND=postgres`) PostgreSQL:
//! expired sessions, attempts older than the throttle's window and old "signed in from
//! here" marks go; live sessions, recent attempts and recent marks stay.

use purser_domain::customers::Language;
use purser_domain::roles::Role;
use purser_store::testing::fresh_store;
use purser_store::{Db, now_micros, users};

const MINUTE: i64 = 60_000_000;
const DAY: i64 = 24 * 60 * MINUTE;

#[tokio::test]
async fn pruning_removes_only_what_no_sign_in_reads_any_more() {
    let (store, _g) = fresh_store().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    let u = users::insert(
        &mut tx,
        &users::NewUser {
            email: "amy@purser.test",
            name: "Amy",
            role: Role::Agent,
            department_id: None,
            customer_id: None,
            language: Language::En,
            password_hash: "h",
        },
    )
    .await
    .unwrap();
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
