//! Side effects as rows: written in the transaction of the change that causes them, sent
//! by a worker after the commit. Nothing is sent for a change that rolled back.
//!
//! A worker [`claim_due`]s jobs: each claim moves `available_at` forward by a lease, so no
//! other worker takes the job while it is being sent, and counts the attempt. The worker
//! then [`complete`]s it, puts it back for later with [`retry_later`] (exponential
//! back-off), or [`give_up`]. A worker that dies mid-job leaves a lease that simply runs
//! out: the job comes due again, marked [`Job::was_interrupted`].

use crate::db::{Backend, Db};
use crate::rows;
use crate::{Result, new_id, now_micros};
use sea_query::{Asterisk, Expr, ExprTrait, LockBehavior, LockType, Order, Query};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct Job {
    pub id: Uuid,
    pub topic: String,
    #[sqlx(json)]
    pub payload: serde_json::Value,
    pub created_at: i64,
    pub available_at: i64,
    /// Attempts started (a claim counts one, so a worker that crashes mid-job counts too).
    pub attempts: i64,
    pub done_at: Option<i64>,
    pub last_error: Option<String>,
}

/// What a claim writes as the last error: it stays there only if the attempt never
/// reports back (the worker died, or outlived its lease).
const INTERRUPTED: &str = "interrupted:";

impl Job {
    /// The previous attempt was claimed but recorded no outcome: the worker died (or
    /// outlived its lease) somewhere between claiming and finishing, so the side effect
    /// may or may not have happened.
    pub fn was_interrupted(&self) -> bool {
        self.last_error
            .as_deref()
            .is_some_and(|e| e.starts_with(INTERRUPTED))
    }
}

/// How long a failed job waits after its `attempts`-th attempt: 30 s, 1 min, 2 min, …,
/// never more than an hour.
pub fn backoff(attempts: i64) -> i64 {
    const BASE: i64 = 30_000_000;
    const MAX: i64 = 3_600_000_000;
    let doublings = (attempts - 1).clamp(0, 20) as u32;
    std::cmp::Ord::min(BASE.saturating_mul(1 << doublings), MAX)
}

pub async fn enqueue(db: &mut impl Db, topic: &str, payload: &serde_json::Value) -> Result<Uuid> {
    enqueue_at(db, topic, payload, now_micros()).await
}

/// A job that is not to be done before `available_at` (a check that must wait for
/// late reports, say).
pub async fn enqueue_at(
    db: &mut impl Db,
    topic: &str,
    payload: &serde_json::Value,
    available_at: i64,
) -> Result<Uuid> {
    let id = new_id();
    let now = now_micros();
    rows::insert(
        db,
        "outbox",
        vec![
            ("id", Expr::val(id)),
            ("topic", Expr::val(topic)),
            ("payload", Expr::val(payload.clone())),
            ("created_at", Expr::val(now)),
            ("available_at", Expr::val(available_at)),
        ],
    )
    .await?;
    Ok(id)
}

/// Enqueues many jobs in a few multi-row statements (thousands of notices at once);
/// returns their ids in the order given.
pub async fn enqueue_many(
    db: &mut impl Db,
    jobs: &[(&str, serde_json::Value)],
) -> Result<Vec<Uuid>> {
    let now = now_micros();
    let rows: Vec<(Uuid, &str, &serde_json::Value)> =
        jobs.iter().map(|(t, p)| (new_id(), *t, p)).collect();
    crate::bulk::insert_rows(
        db,
        "outbox",
        &["id", "topic", "payload", "created_at", "available_at"],
        &rows,
        None,
        |(id, topic, payload)| {
            vec![
                Expr::val(*id),
                Expr::val(*topic),
                Expr::val((*payload).clone()),
                Expr::val(now),
                Expr::val(now),
            ]
        },
    )
    .await?;
    Ok(rows.into_iter().map(|(id, _, _)| id).collect())
}

pub async fn get(db: &mut impl Db, id: Uuid) -> Result<Job> {
    let q = Query::select()
        .column(Asterisk)
        .from("outbox")
        .and_where(Expr::col("id").eq(id))
        .take();
    db.fetch_one(&q).await
}

/// Jobs not yet done, oldest first.
pub async fn pending(db: &mut impl Db, topic: Option<&str>, limit: u64) -> Result<Vec<Job>> {
    let mut q = Query::select();
    q.column(Asterisk)
        .from("outbox")
        .and_where(Expr::col("done_at").is_null())
        .order_by("id", Order::Asc)
        .limit(limit);
    if let Some(t) = topic {
        q.and_where(Expr::col("topic").eq(t));
    }
    db.fetch_all(&q).await
}

/// Takes up to `limit` jobs of these topics that are due at `now` and not done: each is
/// hidden from other workers until `now + lease` and its attempt counted. The returned
/// jobs carry the new `attempts` and `available_at` and the *previous* `last_error`.
///
/// Each row is taken by a compare-and-set on its `available_at`, so two workers never
/// take the same job, on either backend, inside a transaction or not. On PostgreSQL the
/// candidates are read `FOR UPDATE SKIP LOCKED`, so inside a transaction concurrent
/// workers pass over each other's rows instead of queueing on them; commit promptly.
pub async fn claim_due(
    db: &mut impl Db,
    topics: &[&str],
    now: i64,
    lease: i64,
    limit: u64,
) -> Result<Vec<Job>> {
    if topics.is_empty() {
        return Ok(vec![]);
    }
    let mut q = Query::select();
    q.column(Asterisk)
        .from("outbox")
        .and_where(Expr::col("done_at").is_null())
        .and_where(Expr::col("available_at").lte(now))
        .and_where(Expr::col("topic").is_in(topics.iter().copied()))
        .order_by("available_at", Order::Asc)
        .order_by("id", Order::Asc)
        .limit(limit);
    if db.backend() == Backend::Postgres {
        q.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
    }
    let candidates: Vec<Job> = db.fetch_all(&q).await?;
    let mut claimed = Vec::with_capacity(candidates.len());
    for mut job in candidates {
        let attempt = job.attempts + 1;
        let q = Query::update()
            .table("outbox")
            .value("available_at", Expr::val(now + lease))
            .value("attempts", Expr::val(attempt))
            .value(
                "last_error",
                Expr::val(format!(
                    "{INTERRUPTED} attempt {attempt} was claimed at {now} and recorded no outcome"
                )),
            )
            .and_where(Expr::col("id").eq(job.id))
            .and_where(Expr::col("done_at").is_null())
            .and_where(Expr::col("available_at").eq(job.available_at))
            .take();
        if db.execute(&q).await? == 1 {
            job.attempts = attempt;
            job.available_at = now + lease;
            claimed.push(job);
        }
    }
    Ok(claimed)
}

/// Takes a claimed job's lease anew from `now`, right before its side effect, so the lease
/// covers that one attempt and not the wait behind the rest of a batch. False when the
/// job is no longer this claim's: done, or its lease ran out and another worker claimed
/// it — then this worker must leave it alone, or the effect happens twice.
pub async fn renew(db: &mut impl Db, job: &mut Job, now: i64, lease: i64) -> Result<bool> {
    let q = Query::update()
        .table("outbox")
        .value("available_at", Expr::val(now + lease))
        .and_where(Expr::col("id").eq(job.id))
        .and_where(Expr::col("done_at").is_null())
        .and_where(Expr::col("attempts").eq(job.attempts))
        .and_where(Expr::col("available_at").eq(job.available_at))
        .take();
    if db.execute(&q).await? != 1 {
        return Ok(false);
    }
    job.available_at = now + lease;
    Ok(true)
}

/// The job's effect happened: it is never claimed again. False when it was already done.
pub async fn complete(db: &mut impl Db, id: Uuid, now: i64) -> Result<bool> {
    let q = Query::update()
        .table("outbox")
        .value("done_at", Expr::val(now))
        .value("last_error", Expr::val(None::<String>))
        .and_where(Expr::col("id").eq(id))
        .and_where(Expr::col("done_at").is_null())
        .take();
    Ok(db.execute(&q).await? == 1)
}

/// The attempt failed for a reason that may pass: the job comes due again after
/// [`backoff`] of its attempts so far. Returns when.
pub async fn retry_later(db: &mut impl Db, job: &Job, error: &str, now: i64) -> Result<i64> {
    let at = now + backoff(job.attempts);
    let q = Query::update()
        .table("outbox")
        .value("available_at", Expr::val(at))
        .value("last_error", Expr::val(error))
        .and_where(Expr::col("id").eq(job.id))
        .and_where(Expr::col("done_at").is_null())
        .take();
    db.execute(&q).await?;
    Ok(at)
}

/// The job will never succeed (refused, or out of attempts): it is closed with its error.
pub async fn give_up(db: &mut impl Db, id: Uuid, error: &str, now: i64) -> Result<()> {
    let q = Query::update()
        .table("outbox")
        .value("done_at", Expr::val(now))
        .value("last_error", Expr::val(error))
        .and_where(Expr::col("id").eq(id))
        .and_where(Expr::col("done_at").is_null())
        .take();
    db.execute(&q).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::fresh_store;

    #[test]
    fn back_off_doubles_from_thirty_seconds_up_to_an_hour() {
        let s = 1_000_000;
        assert_eq!(backoff(1), 30 * s);
        assert_eq!(backoff(2), 60 * s);
        assert_eq!(backoff(4), 240 * s);
        assert_eq!(backoff(8), 3_600 * s);
        assert_eq!(backoff(500), 3_600 * s);
        assert_eq!(backoff(0), 30 * s);
    }

    #[tokio::test]
    async fn a_job_is_claimed_once_retried_after_back_off_and_completed_once() {
        let (store, _g) = fresh_store().await.unwrap();
        let mut tx = store.begin().await.unwrap();
        let id = enqueue(&mut tx, "case_reply", &serde_json::json!({"n": 1}))
            .await
            .unwrap();
        enqueue(&mut tx, "webhook", &serde_json::json!({}))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let now = now_micros() + 1;
        let lease = 300_000_000;

        let mut tx = store.begin().await.unwrap();
        let jobs = claim_due(&mut tx, &["case_reply", "case_ack"], now, lease, 10)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(jobs.len(), 1, "only the topics asked for");
        assert_eq!((jobs[0].id, jobs[0].attempts), (id, 1));
        assert!(!jobs[0].was_interrupted());
        let mut db = store.clone();
        assert!(
            claim_due(&mut db, &["case_reply"], now, lease, 10)
                .await
                .unwrap()
                .is_empty(),
            "leased jobs are not due"
        );

        let at = retry_later(&mut db, &jobs[0], "connection refused", now)
            .await
            .unwrap();
        assert_eq!(at, now + 30_000_000);
        assert!(
            claim_due(&mut db, &["case_reply"], at - 1, lease, 10)
                .await
                .unwrap()
                .is_empty()
        );
        let again = claim_due(&mut db, &["case_reply"], at, lease, 10)
            .await
            .unwrap();
        assert_eq!(again[0].attempts, 2);
        assert_eq!(again[0].last_error.as_deref(), Some("connection refused"));

        // the worker dies: the lease runs out and the next claim knows
        let later = at + lease;
        let third = claim_due(&mut db, &["case_reply"], later, lease, 10)
            .await
            .unwrap();
        assert_eq!(third[0].attempts, 3);
        assert!(third[0].was_interrupted());

        assert!(complete(&mut db, id, later).await.unwrap());
        assert!(!complete(&mut db, id, later).await.unwrap(), "done once");
        let done = get(&mut db, id).await.unwrap();
        assert_eq!((done.done_at, done.last_error), (Some(later), None));
        assert!(
            claim_due(&mut db, &["case_reply"], later + 10 * lease, lease, 10)
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(pending(&mut db, Some("case_reply"), 10).await.unwrap(), []);
    }

    #[tokio::test]
    async fn a_claim_whose_lease_ran_out_and_was_taken_cannot_be_renewed() {
        let (store, _g) = fresh_store().await.unwrap();
        let mut db = store.clone();
        enqueue(&mut db, "case_reply", &serde_json::json!({}))
            .await
            .unwrap();
        let (now, lease) = (now_micros() + 1, 10_000_000);
        let mut slow = claim_due(&mut db, &["case_reply"], now, lease, 1)
            .await
            .unwrap()
            .remove(0);
        // renewed while still its own: the lease now runs from the renewal
        assert!(renew(&mut db, &mut slow, now + 5, lease).await.unwrap());
        assert_eq!(
            get(&mut db, slow.id).await.unwrap().available_at,
            now + 5 + lease
        );
        assert!(
            claim_due(&mut db, &["case_reply"], now + lease, lease, 1)
                .await
                .unwrap()
                .is_empty(),
            "the renewed lease still hides it"
        );
        // the slow worker's lease runs out; another worker takes the job
        let later = now + 5 + lease;
        let mut other = claim_due(&mut db, &["case_reply"], later, lease, 1)
            .await
            .unwrap()
            .remove(0);
        assert!(
            !renew(&mut db, &mut slow, later + 1, lease).await.unwrap(),
            "no longer the slow worker's"
        );
        assert!(renew(&mut db, &mut other, later + 1, lease).await.unwrap());
        assert!(complete(&mut db, other.id, later + 2).await.unwrap());
        assert!(
            !renew(&mut db, &mut other, later + 3, lease).await.unwrap(),
            "done"
        );
    }

    #[tokio::test]
    async fn concurrent_workers_never_take_the_same_job() {
        let (store, _g) = fresh_store().await.unwrap();
        let mut tx = store.begin().await.unwrap();
        for i in 0..20 {
            enqueue(&mut tx, "case_ack", &serde_json::json!({ "i": i }))
                .await
                .unwrap();
        }
        tx.commit().await.unwrap();
        let now = now_micros() + 1;
        let workers = (0..4).map(|_| {
            let store = store.clone();
            tokio::spawn(async move {
                let mut mine = Vec::new();
                loop {
                    let mut tx = store.begin().await.unwrap();
                    let got = claim_due(&mut tx, &["case_ack"], now, 60_000_000, 3)
                        .await
                        .unwrap();
                    tx.commit().await.unwrap();
                    if got.is_empty() {
                        return mine;
                    }
                    mine.extend(got.into_iter().map(|j| j.id));
                }
            })
        });
        let mut all = Vec::new();
        for w in workers {
            all.extend(w.await.unwrap());
        }
        all.sort();
        let n = all.len();
        all.dedup();
        assert_eq!((n, all.len()), (20, 20));
    }

    #[tokio::test]
    async fn many_jobs_enqueue_at_once_in_order() {
        let (store, _g) = fresh_store().await.unwrap();
        let mut tx = store.begin().await.unwrap();
        let jobs: Vec<(&str, serde_json::Value)> = (0..1_200)
            .map(|i| ("notice_email", serde_json::json!({ "i": i })))
            .collect();
        let ids = enqueue_many(&mut tx, &jobs).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(ids.len(), 1_200);
        let mut db = store.clone();
        let j = get(&mut db, ids[700]).await.unwrap();
        assert_eq!(
            (j.topic.as_str(), &j.payload),
            ("notice_email", &serde_json::json!({ "i": 700 }))
        );
        assert_eq!(
            pending(&mut db, Some("notice_email"), 5_000)
                .await
                .unwrap()
                .len(),
            1_200
        );
        assert!(enqueue_many(&mut db, &[]).await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn a_job_given_up_is_closed_with_its_error() {
        let (store, _g) = fresh_store().await.unwrap();
        let mut db = store.clone();
        let id = enqueue(&mut db, "case_reply", &serde_json::json!({}))
            .await
            .unwrap();
        give_up(&mut db, id, "550 no such user", 7).await.unwrap();
        let j = get(&mut db, id).await.unwrap();
        assert_eq!(
            (j.done_at, j.last_error.as_deref()),
            (Some(7), Some("550 no such user"))
        );
    }
}
