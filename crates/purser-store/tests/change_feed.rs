//! The change feed as a story, on SQLite and (with `PURSER_TEST_BACKEND=postgres`) on
//! PostgreSQL: a change is in the feed when and only when its transaction commits, and a
//! follower misses nothing that commits out of order.

use purser_domain::book::CustomerInput;
use purser_store::change_feed::{self, Follower, Op, kinds};
use purser_store::testing::fresh_store;
use purser_store::{Backend, customers, new_id};

fn customer(name: &str) -> CustomerInput {
    serde_json::from_value(serde_json::json!({ "legal_name": name, "main_office": "TWKHH" }))
        .unwrap()
}

#[tokio::test]
async fn a_change_is_in_the_feed_with_its_transaction_and_not_without() {
    let (store, _g) = fresh_store().await.unwrap();
    let mut db = store.clone();
    assert_eq!(change_feed::head(&mut db).await.unwrap(), 0);

    let mut tx = store.begin().await.unwrap();
    let kept = customers::insert(&mut tx, new_id(), &customer("Evergreen Trading"))
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let mut tx = store.begin().await.unwrap();
    customers::insert(&mut tx, new_id(), &customer("Rolled Back Ltd"))
        .await
        .unwrap();
    drop(tx);

    let feed = change_feed::after(&mut db, 0, 100).await.unwrap();
    assert_eq!(feed.len(), 1, "{feed:?}");
    assert_eq!(feed[0].kind, kinds::CUSTOMER);
    assert_eq!(feed[0].record_id, kept.id);
    assert!(!feed[0].is_delete());
    assert_eq!(change_feed::head(&mut db).await.unwrap(), feed[0].seq);

    change_feed::record(&mut db, kinds::CUSTOMER, kept.id, Op::Delete)
        .await
        .unwrap();
    let later = change_feed::after(&mut db, feed[0].seq, 100).await.unwrap();
    assert_eq!(later.len(), 1);
    assert!(later[0].is_delete());
}

#[tokio::test]
async fn a_follower_gets_a_change_that_commits_after_a_later_one() {
    let (store, _g) = fresh_store().await.unwrap();
    if store.backend() != Backend::Postgres {
        return; // one writer at a time on SQLite: commits are in sequence order
    }
    let mut db = store.clone();
    let (slow_id, quick_id) = (new_id(), new_id());
    let mut slow = store.begin().await.unwrap();
    change_feed::record(&mut slow, kinds::CASE, slow_id, Op::Upsert)
        .await
        .unwrap();
    // the slow transaction reads on after its write, so its row (and sequence number) is
    // written now and not with its commit
    let own = change_feed::after(&mut slow, 0, 100).await.unwrap();
    assert_eq!(own.len(), 1);
    let mut quick = store.begin().await.unwrap();
    change_feed::record(&mut quick, kinds::CASE, quick_id, Op::Upsert)
        .await
        .unwrap();
    quick.commit().await.unwrap();

    let mut follower = Follower::new(0);
    let first = follower.poll(&mut db, 100).await.unwrap();
    assert_eq!(
        first.iter().map(|c| c.record_id).collect::<Vec<_>>(),
        [quick_id]
    );
    assert_eq!(follower.cursor(), 0, "the slow change may still commit");

    slow.commit().await.unwrap();
    let second = follower.poll(&mut db, 100).await.unwrap();
    assert_eq!(
        second.iter().map(|c| c.record_id).collect::<Vec<_>>(),
        [slow_id],
        "the late change, and not the quick one again"
    );
    assert_eq!(follower.cursor(), 2);
}
