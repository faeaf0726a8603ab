//! Deferred writes (`Db::defer`) on SQLite and (with `PURSER_TEST_BACKEND=postgres`)
//! PostgreSQL: they run in the order they were asked for, before anything the transaction
//! reads next, commit or roll back with it, and a failing one fails the commit without
//! leaving its companions behind.

use purser_domain::cases::refs::RefKind;
use purser_store::change_feed::{self, Op, kinds};
use purser_store::testing::fresh_store;
use purser_store::{cases, new_id};

#[tokio::test]
async fn deferred_writes_run_in_order_before_the_next_read() {
    let (store, _g) = fresh_store().await.unwrap();
    let ids: Vec<_> = (0..5).map(|_| new_id()).collect();
    let mut tx = store.begin().await.unwrap();
    for (i, id) in ids.iter().enumerate() {
        let op = if i % 2 == 0 { Op::Upsert } else { Op::Delete };
        change_feed::record(&mut tx, kinds::CASE, *id, op)
            .await
            .unwrap();
    }
    // read inside the transaction: the five rows are there, in the order written
    let seen = change_feed::after(&mut tx, 0, 100).await.unwrap();
    assert_eq!(seen.iter().map(|c| c.record_id).collect::<Vec<_>>(), ids);
    assert_eq!(
        seen.iter().map(|c| c.is_delete()).collect::<Vec<_>>(),
        [false, true, false, true, false]
    );
    tx.commit().await.unwrap();
    let mut db = store.clone();
    assert_eq!(change_feed::after(&mut db, 0, 100).await.unwrap().len(), 5);
}

#[tokio::test]
async fn deferred_writes_commit_and_roll_back_with_their_transaction() {
    let (store, _g) = fresh_store().await.unwrap();
    let mut db = store.clone();
    let mut dropped = store.begin().await.unwrap();
    change_feed::record(&mut dropped, kinds::CASE, new_id(), Op::Upsert)
        .await
        .unwrap();
    drop(dropped);
    assert_eq!(change_feed::head(&mut db).await.unwrap(), 0);

    // deferred writes left for the commit itself are written by it
    let kept = new_id();
    let mut tx = store.begin().await.unwrap();
    change_feed::record(&mut tx, kinds::MESSAGE, kept, Op::Upsert)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let feed = change_feed::after(&mut db, 0, 100).await.unwrap();
    assert_eq!(feed.iter().map(|c| c.record_id).collect::<Vec<_>>(), [kept]);
}

#[tokio::test]
async fn a_failing_deferred_write_fails_the_commit_and_keeps_nothing_of_it() {
    let (store, _g) = fresh_store().await.unwrap();
    let mut db = store.clone();
    let mut tx = store.begin().await.unwrap();
    change_feed::record(&mut tx, kinds::CASE, new_id(), Op::Upsert)
        .await
        .unwrap();
    // a reference to a case that does not exist breaks the foreign key, at the commit
    cases::add_refs(&mut tx, new_id(), &[(RefKind::Booking, "BKG1".into())])
        .await
        .unwrap();
    assert!(tx.commit().await.is_err());
    assert_eq!(change_feed::head(&mut db).await.unwrap(), 0);
}
