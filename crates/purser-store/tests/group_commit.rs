//! `Store::write` on SQLite (the group-commit thread) and, with
//! `PURSER_TEST_BACKEND=postgres`, PostgreSQL (one transaction per write): every write that
//! was answered "done" is kept, a write that fails — by its own error, by a deferred
//! statement the database refuses after it returned, or by a panic — loses only its own
//! work, and writes queued behind it go on.

use purser_store::change_feed::{self, Op, kinds};
use purser_store::sea_query::{Expr, Query};
use purser_store::testing::fresh_store;
use purser_store::{Db, Store, StoreError, new_id};
use std::time::Duration;
use uuid::Uuid;

/// A write that records `id` on the change feed, then fails when asked to.
async fn record(store: &Store, id: Uuid, fail: bool) -> Result<Uuid, StoreError> {
    store
        .write(move |tx| {
            Box::pin(async move {
                change_feed::record(tx, kinds::CASE, id, Op::Upsert).await?;
                if fail {
                    return Err(StoreError::Conflict("asked to fail".into()));
                }
                Ok(id)
            })
        })
        .await
}

/// The records of this kind on the change feed, sorted.
async fn recorded(store: &Store, kind: &str) -> Vec<Uuid> {
    let mut db = store.clone();
    let mut ids: Vec<Uuid> = change_feed::after(&mut db, 0, 10_000)
        .await
        .unwrap()
        .into_iter()
        .filter(|c| c.kind == kind)
        .map(|c| c.record_id)
        .collect();
    ids.sort();
    ids
}

/// A write that holds the writer for a moment, so those sent meanwhile queue up and go
/// together in the next transaction.
fn hold_the_writer(store: &Store) -> tokio::task::JoinHandle<Result<(), StoreError>> {
    let store = store.clone();
    tokio::spawn(async move {
        store
            .write(|tx| {
                Box::pin(async move {
                    change_feed::record(tx, kinds::MESSAGE, new_id(), Op::Upsert).await?;
                    tokio::time::sleep(Duration::from_millis(150)).await;
                    Ok::<_, StoreError>(())
                })
            })
            .await
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_write_answered_done_is_kept_and_a_failing_one_loses_only_its_own() {
    let (store, _g) = fresh_store().await.unwrap();
    let first = hold_the_writer(&store);
    tokio::time::sleep(Duration::from_millis(20)).await;
    let mut tasks = Vec::new();
    for i in 0..40 {
        let store = store.clone();
        let id = new_id();
        tasks.push(tokio::spawn(async move {
            (id, i % 7 == 3, record(&store, id, i % 7 == 3).await)
        }));
    }
    let mut kept = Vec::new();
    for t in tasks {
        let (id, failing, result) = t.await.unwrap();
        match result {
            Ok(got) => {
                assert!(!failing, "a failing write answered done");
                assert_eq!(got, id);
                kept.push(id);
            }
            Err(e) => {
                assert!(failing, "a good write failed: {e}");
                assert!(matches!(e, StoreError::Conflict(_)), "{e}");
            }
        }
    }
    first.await.unwrap().unwrap();
    kept.sort();
    assert_eq!(kept.len(), 34);
    assert_eq!(recorded(&store, kinds::CASE).await, kept);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deferred_write_refused_after_the_job_returned_fails_that_job_alone() {
    let (store, _g) = fresh_store().await.unwrap();
    let first = hold_the_writer(&store);
    tokio::time::sleep(Duration::from_millis(20)).await;
    let before = new_id();
    let after = new_id();
    let s1 = store.clone();
    let ok_before = tokio::spawn(async move { record(&s1, before, false).await });
    tokio::time::sleep(Duration::from_millis(5)).await;
    let s2 = store.clone();
    let refused = tokio::spawn(async move {
        s2.write(|tx| {
            Box::pin(async move {
                change_feed::record(tx, kinds::CASE, new_id(), Op::Upsert).await?;
                // the same counter row twice: the database refuses the second at the
                // flush that follows the job, not inside it
                for _ in 0..2 {
                    let insert = Query::insert()
                        .into_table("counters")
                        .columns(["name", "value"])
                        .values_panic([Expr::val("group-commit-test"), Expr::val(1i64)])
                        .take();
                    tx.defer(&insert).await?;
                }
                Ok::<_, StoreError>("returned")
            })
        })
        .await
    });
    tokio::time::sleep(Duration::from_millis(5)).await;
    let s3 = store.clone();
    let ok_after = tokio::spawn(async move { record(&s3, after, false).await });
    assert!(refused.await.unwrap().is_err());
    assert_eq!(ok_before.await.unwrap().unwrap(), before);
    assert_eq!(ok_after.await.unwrap().unwrap(), after);
    first.await.unwrap().unwrap();
    let mut want = vec![before, after];
    want.sort();
    assert_eq!(
        recorded(&store, kinds::CASE).await,
        want,
        "the refused job's feed row must be undone"
    );
    let mut db = store.clone();
    let counters = db
        .scalar_raw("SELECT COUNT(*) FROM counters WHERE name = 'group-commit-test'")
        .await
        .unwrap();
    assert_eq!(counters, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_that_panics_loses_its_work_and_later_writes_go_on() {
    let (store, _g) = fresh_store().await.unwrap();
    let s = store.clone();
    let panicked = tokio::spawn(async move {
        s.write(|tx| {
            Box::pin(async move {
                change_feed::record(tx, kinds::CASE, new_id(), Op::Upsert).await?;
                let _ = change_feed::head(tx).await?;
                if std::hint::black_box(true) {
                    panic!("a bug in a write job");
                }
                Ok::<_, StoreError>(())
            })
        })
        .await
    })
    .await;
    // on SQLite the caller hears the write did not happen; on PostgreSQL the panic is its own
    if let Ok(result) = panicked {
        assert!(result.is_err());
    }
    let id = new_id();
    assert_eq!(record(&store, id, false).await.unwrap(), id);
    assert_eq!(recorded(&store, kinds::CASE).await, vec![id]);
}
