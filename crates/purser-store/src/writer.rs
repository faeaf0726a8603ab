//! Group commit for SQLite: write transactions handed to [`Store::write`] run one after
//! another on a thread of their own, as many as are waiting in one `BEGIN … COMMIT`.
//!
//! SQLite lets one connection write at a time, so the speed of writing is how briefly each
//! writer holds the lock. Run on the server's async workers, a writer waited for a worker
//! after each of its statements, behind whatever pages and searches were queued there, while
//! every other writer waited for it (1.6 ms held for 0.5 ms of SQL). Here the lock holder
//! is the only task on its thread, and writers that arrive while it works share the next
//! transaction: one `BEGIN` and one `COMMIT` for all of them. Each job runs inside its own
//! savepoint, so a job that fails is undone alone and the others still commit; nobody hears
//! "done" before the `COMMIT` that keeps their work has returned.
//!
//! [`Store::write`]: crate::Store::write

use crate::StoreError;
use crate::db::{Tx, TxConn};
use sqlx::SqlitePool;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::sync::{mpsc, oneshot};

/// A boxed future that may borrow what it was given (the transaction).
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// How many waiting jobs one transaction takes at most: enough to empty the queue of a busy
/// desk, few enough that the first of them is not kept long for the last.
const GROUP_MAX: usize = 64;

/// What the writer thread tells a job once its group's fate is known: `None` when the
/// commit kept its work, else why it was lost.
type Outcome = Box<dyn FnOnce(Option<StoreError>) + Send>;

/// A job with its types erased: runs on the transaction, says whether it succeeded, and
/// hands back how to deliver its result.
type Job = Box<dyn for<'t> FnOnce(&'t mut Tx) -> BoxFuture<'t, (bool, Outcome)> + Send + 'static>;

struct Queued {
    job: Job,
    queued: std::time::Instant,
}

/// The sending end of a writer thread; the thread ends when this is dropped.
pub(crate) struct Writer {
    jobs: mpsc::UnboundedSender<Queued>,
}

impl std::fmt::Debug for Writer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Writer")
    }
}

impl Writer {
    /// Starts the thread that writes through `pool` (the one write connection).
    pub(crate) fn start(pool: SqlitePool) -> std::io::Result<Writer> {
        let (tx, rx) = mpsc::unbounded_channel();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        std::thread::Builder::new()
            .name("purser-writer".into())
            .spawn(move || runtime.block_on(run(pool, rx)))?;
        Ok(Writer { jobs: tx })
    }

    /// Queues `work` and waits until its group has committed (or it failed).
    pub(crate) async fn submit<T, E, F>(&self, work: F) -> std::result::Result<T, E>
    where
        F: for<'t> FnOnce(&'t mut Tx) -> BoxFuture<'t, std::result::Result<T, E>> + Send + 'static,
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
    {
        let (send, recv) = oneshot::channel::<std::result::Result<T, E>>();
        let job: Job = Box::new(move |tx: &mut Tx| {
            Box::pin(async move {
                let result = work(tx).await;
                let ok = result.is_ok();
                let outcome: Outcome = Box::new(move |lost: Option<StoreError>| {
                    let _ = send.send(match (result, lost) {
                        (Ok(_), Some(e)) => Err(E::from(e)),
                        (result, _) => result,
                    });
                });
                (ok, outcome)
            })
        });
        self.jobs
            .send(Queued {
                job,
                queued: std::time::Instant::now(),
            })
            .map_err(|_| E::from(lost_with("the writer has stopped")))?;
        recv.await
            .map_err(|_| E::from(lost_with("the write did not happen (see the server's log)")))?
    }
}

/// The error a job hears when its work was not kept for a reason not its own.
fn lost_with(why: &str) -> StoreError {
    StoreError::Db(sqlx::Error::Io(std::io::Error::other(why.to_string())))
}

/// The writer thread's loop: takes what is waiting, runs it as one transaction, repeats.
async fn run(pool: SqlitePool, mut rx: mpsc::UnboundedReceiver<Queued>) {
    let mut group = Vec::new();
    while rx.recv_many(&mut group, GROUP_MAX).await > 0 {
        metrics::histogram!("db_write_group_jobs").record(group.len() as f64);
        run_group(&pool, std::mem::take(&mut group).into_iter()).await;
    }
}

async fn run_group(pool: &SqlitePool, mut group: std::vec::IntoIter<Queued>) {
    let mut tx = match pool.begin_with("BEGIN IMMEDIATE").await {
        Ok(t) => Tx::new(TxConn::Sqlite(t)),
        Err(e) => {
            // dropped unrun, each job's caller hears that its write did not happen
            tracing::error!(error = %e, jobs = group.count(), "the write lock could not be taken");
            return;
        }
    };
    let mut kept: Vec<Outcome> = Vec::new();
    while let Some(Queued { job, queued }) = group.next() {
        metrics::histogram!("db_write_wait_seconds").record(queued.elapsed().as_secs_f64());
        tx.push_sql("SAVEPOINT purser_job".into(), no_values());
        let sent_before = tx.sent;
        let (outcome, lost) = match CatchUnwind(job(&mut tx)).await {
            Ok((true, outcome)) => {
                tx.push_sql("RELEASE purser_job".into(), no_values());
                match tx.flush().await {
                    Ok(()) => {
                        kept.push(outcome);
                        continue;
                    }
                    // its last writes failed after it returned: it hears that, not "done"
                    Err(e) => (Some(outcome), Some(e)),
                }
            }
            Ok((false, outcome)) => (Some(outcome), None),
            Err(_) => {
                tracing::error!("a write job panicked; its work is undone");
                (None, None)
            }
        };
        let intact = undo_job(&mut tx, sent_before).await;
        if let Some(outcome) = outcome {
            outcome(lost);
        }
        if !intact {
            // nothing the transaction holds can be kept; the jobs not yet run get a new one
            drop(tx);
            for outcome in kept {
                outcome(Some(lost_with(
                    "the write transaction failed and was rolled back",
                )));
            }
            return Box::pin(run_group(pool, group)).await;
        }
    }
    let lost = tx.commit().await.err().map(|e| e.to_string());
    for outcome in kept {
        outcome(lost.as_deref().map(lost_with));
    }
}

/// Takes back a failed job's writes: only its unsent ones when nothing of it reached the
/// database, else to its savepoint. False when the transaction cannot go on.
async fn undo_job(tx: &mut Tx, sent_before: u64) -> bool {
    tx.discard_pending();
    if tx.sent == sent_before {
        return true;
    }
    use crate::Db;
    tx.execute_raw("ROLLBACK TO purser_job; RELEASE purser_job")
        .await
        .is_ok()
}

fn no_values() -> sea_query_sqlx::SqlxValues {
    sea_query_sqlx::SqlxValues(sea_query::Values(Vec::new()))
}

/// A job's future with a panic caught, so one bug cannot stop every later write.
struct CatchUnwind<'a, T>(BoxFuture<'a, T>);

impl<T> Future for CatchUnwind<'_, T> {
    type Output = std::thread::Result<T>;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let fut = &mut self.0;
        match std::panic::catch_unwind(AssertUnwindSafe(|| fut.as_mut().poll(cx))) {
            Ok(Poll::Pending) => Poll::Pending,
            Ok(Poll::Ready(v)) => Poll::Ready(Ok(v)),
            Err(p) => Poll::Ready(Err(p)),
        }
    }
}

/// Runs `work` in a transaction of its own and commits it: PostgreSQL's writers run side by
/// side, each in its own transaction.
pub(crate) async fn alone<T, E, F>(tx: Tx, work: F) -> std::result::Result<T, E>
where
    F: for<'t> FnOnce(&'t mut Tx) -> BoxFuture<'t, std::result::Result<T, E>>,
    E: From<StoreError>,
{
    let mut tx = tx;
    let value = work(&mut tx).await?;
    tx.commit().await?;
    Ok(value)
}
