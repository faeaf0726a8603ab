//! Connections, transactions and statement execution for both backends.

use crate::{Result, StoreError};
use sea_query::{PostgresQueryBuilder, SqliteQueryBuilder};
use sea_query_sqlx::{SqlxBinder, SqlxValues};
use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions, PgRow};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteRow, SqliteSynchronous,
};
use sqlx::{AssertSqlSafe, FromRow, PgPool, Postgres, Sqlite, SqlitePool, Transaction};
use std::str::FromStr;
use std::time::Duration;

/// How long a writer waits for the write lock before it gives up.
const WRITE_WAIT: Duration = Duration::from_secs(10);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone, Debug)]
enum Pool {
    /// Readers, and the one connection this process writes through. SQLite has one write
    /// lock per database: writers queue for this connection (in arrival order, without
    /// holding a reader's connection) instead of sleeping in the busy handler's back-off
    /// steps (up to 100 ms each) however soon the lock is free.
    Sqlite(SqlitePool, SqlitePool),
    Postgres(PgPool),
}

/// A handle on the database; cheap to clone. Reads run on it directly, writes in a [`Tx`].
#[derive(Clone, Debug)]
pub struct Store {
    pool: Pool,
    /// Which connected database this is, for caches kept per database.
    id: u64,
    /// SQLite's group-commit thread (see [`crate::writer`]), started by the first
    /// [`Store::write`].
    writer: std::sync::Arc<std::sync::OnceLock<crate::writer::Writer>>,
}

/// A row type that decodes from both backends (derive `sqlx::FromRow` and it is one).
pub trait FromBoth:
    for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin
{
}
impl<T> FromBoth for T where
    T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin
{
}

/// A write transaction. Dropped without `commit` it rolls back.
///
/// Writes whose result nobody reads ([`Db::defer`]: change-feed rows, audit entries, a
/// new case's rows) wait in `pending` and go to the database together, before the next
/// statement or the commit: on SQLite in one call to the connection's worker thread
/// instead of one round trip each, which is most of what a short transaction costs while
/// it holds the write lock.
pub struct Tx {
    conn: TxConn,
    pending: Pending,
    /// When the write lock (SQLite) or the transaction (PostgreSQL) was taken.
    began: std::time::Instant,
    /// How many times deferred writes went to the database (the group commit asks whether
    /// a job's savepoint was ever sent).
    pub(crate) sent: u64,
}

pub(crate) enum TxConn {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// Deferred statements, rendered for the transaction's backend in the order they came.
#[derive(Default)]
struct Pending {
    /// SQLite: one script of `;`-separated statements and their `?` values in order.
    sql: String,
    values: Vec<sea_query::Value>,
    count: usize,
    /// PostgreSQL numbers its placeholders per statement: kept one by one.
    pg: Vec<(String, SqlxValues)>,
    /// Whether a deferred statement returns rows: then it cannot run as the prefix of a read
    /// (its rows would come first).
    returns: bool,
}

/// One pooled connection held for a series of reads: a page that reads a dozen things
/// waits for the pool once, not once per statement behind every other request's.
pub struct Reader {
    conn: ReaderConn,
}

enum ReaderConn {
    Sqlite(PoolConnection<Sqlite>),
    Postgres(PoolConnection<Postgres>),
}

impl Store {
    /// Opens `sqlite://PATH` (created if missing) or `postgres://…`. On PostgreSQL,
    /// `schema` sets the search path, so tests and tenants can share one database.
    pub async fn connect(url: &str, schema: Option<&str>) -> Result<Store> {
        let pool = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let mut opts = PgConnectOptions::from_str(url)?;
            if let Some(schema) = schema {
                opts = opts.options([("search_path", schema)]);
            }
            Pool::Postgres(
                PgPoolOptions::new()
                    .max_connections(20)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect_with(opts)
                    .await?,
            )
        } else {
            let opts = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                // NORMAL in WAL mode loses nothing when the process dies; only power loss
                // can drop the last transactions, and the OS write-back bounds that window.
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(WRITE_WAIT)
                .pragma("cache_size", "-8000")
                // no mmap: mapped pages count in the server's RSS (a 1 GiB map took it to
                // 215 MiB on the customer-book bench, over its 150 MB budget)
                .pragma("temp_store", "memory")
                // rows come from the connection's worker thread through a bounded channel:
                // at 50 (sqlx's default) a history of thousands of events stopped the
                // worker every 50 rows and woke it again, a context switch each way
                .row_buffer_size(1024);
            // each SQLite connection is a worker thread: more than the cores can run only
            // adds context switches
            let readers =
                std::thread::available_parallelism().map_or(4, |n| (n.get() * 2).max(4)) as u32;
            let read = SqlitePoolOptions::new()
                .max_connections(readers)
                .test_before_acquire(false)
                .min_connections(1)
                .connect_with(opts.clone())
                .await?;
            // an in-memory database is one per connection set: it writes where it reads
            let write = if url.contains(":memory:") || url.contains("mode=memory") {
                read.clone()
            } else {
                SqlitePoolOptions::new()
                    .max_connections(1)
                    // a round trip to ping a local file before every write transaction,
                    // while every other writer waits, finds nothing a failed statement
                    // would not
                    .test_before_acquire(false)
                    .acquire_timeout(WRITE_WAIT)
                    .connect_with(opts)
                    .await?
            };
            Pool::Sqlite(read, write)
        };
        static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        Ok(Store {
            pool,
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            writer: Default::default(),
        })
    }

    /// Tells this connected database from any other this process opened (clones share it).
    pub fn id(&self) -> u64 {
        self.id
    }

    pub fn backend(&self) -> Backend {
        match self.pool {
            Pool::Sqlite(..) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    /// Starts a write transaction; on SQLite `BEGIN IMMEDIATE` takes the write lock at once,
    /// so two writers queue instead of failing with SQLITE_BUSY halfway through.
    pub async fn begin(&self) -> Result<Tx> {
        let asked = std::time::Instant::now();
        let tx = match &self.pool {
            Pool::Sqlite(_, writer) => {
                Tx::new(TxConn::Sqlite(writer.begin_with("BEGIN IMMEDIATE").await?))
            }
            Pool::Postgres(p) => Tx::new(TxConn::Postgres(p.begin().await?)),
        };
        // what an operator asks first when writes slow down: waiting for the lock, or
        // holding it (db_write_transaction_seconds)?
        metrics::histogram!("db_write_wait_seconds").record(asked.elapsed().as_secs_f64());
        Ok(tx)
    }

    /// Runs `work` in a write transaction and commits it; what `work` returns comes back
    /// once the commit has kept it. An error from `work` undoes its writes and nothing else.
    ///
    /// On SQLite the work runs on the group-commit thread (see [`crate::writer`]) with
    /// whatever other writes are waiting, in one transaction, each in its own savepoint:
    /// `work` must not take the time of anything but its statements. On PostgreSQL it runs
    /// here, in a transaction of its own.
    pub async fn write<T, E, F>(&self, work: F) -> std::result::Result<T, E>
    where
        F: for<'t> FnOnce(&'t mut Tx) -> crate::BoxFuture<'t, std::result::Result<T, E>>
            + Send
            + 'static,
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
    {
        match &self.pool {
            Pool::Sqlite(_, w) => {
                let writer = match self.writer.get() {
                    Some(writer) => writer,
                    None => {
                        let started = crate::writer::Writer::start(w.clone())
                            .map_err(|e| E::from(StoreError::Db(sqlx::Error::Io(e))))?;
                        // two first writers may both start one: the loser's thread ends
                        // when its sender is dropped here
                        let _ = self.writer.set(started);
                        self.writer.get().expect("just set")
                    }
                };
                writer.submit(work).await
            }
            Pool::Postgres(_) => crate::writer::alone(self.begin().await?, work).await,
        }
    }

    /// Holds one pooled connection for several reads (see [`Reader`]). Hold it only for
    /// the reads, and never while starting a [`Tx`] or reading through the `Store`.
    pub async fn reader(&self) -> Result<Reader> {
        Ok(Reader {
            conn: match &self.pool {
                Pool::Sqlite(p, _) => ReaderConn::Sqlite(p.acquire().await?),
                Pool::Postgres(p) => ReaderConn::Postgres(p.acquire().await?),
            },
        })
    }

    /// Answers when the database does (for `/healthz`).
    pub async fn ping(&self) -> Result<()> {
        self.clone()
            .scalar_raw("SELECT CAST(1 AS BIGINT)")
            .await
            .map(|_| ())
    }

    /// A consistent online copy of an SQLite database (`VACUUM INTO`), safe while serving.
    pub async fn backup_to(&self, path: &std::path::Path) -> Result<()> {
        match &self.pool {
            Pool::Sqlite(p, _) => {
                let target = path.to_string_lossy().replace('\'', "''");
                sqlx::query(AssertSqlSafe(format!("VACUUM INTO '{target}'")))
                    .execute(p)
                    .await?;
                Ok(())
            }
            Pool::Postgres(_) => Err(StoreError::Corrupt(
                "backup of PostgreSQL is pg_dump's job".into(),
            )),
        }
    }

    pub async fn close(&self) {
        match &self.pool {
            Pool::Sqlite(p, w) => {
                w.close().await;
                p.close().await
            }
            Pool::Postgres(p) => p.close().await,
        }
    }
}

impl Tx {
    pub(crate) fn new(conn: TxConn) -> Tx {
        Tx {
            conn,
            pending: Pending::default(),
            began: std::time::Instant::now(),
            sent: 0,
        }
    }

    pub async fn commit(mut self) -> Result<()> {
        self.flush().await?;
        match self.conn {
            TxConn::Sqlite(t) => t.commit().await?,
            TxConn::Postgres(t) => t.commit().await?,
        }
        metrics::histogram!("db_write_transaction_seconds")
            .record(self.began.elapsed().as_secs_f64());
        Ok(())
    }

    pub fn backend(&self) -> Backend {
        match self.conn {
            TxConn::Sqlite(..) => Backend::Sqlite,
            TxConn::Postgres(_) => Backend::Postgres,
        }
    }

    /// Runs the deferred statements, in order; the first error ends the transaction's use.
    pub(crate) async fn flush(&mut self) -> Result<()> {
        if self.pending.count == 0 {
            return Ok(());
        }
        self.sent += 1;
        let pending = std::mem::take(&mut self.pending);
        match &mut self.conn {
            TxConn::Sqlite(t) => {
                // kept prepared like any statement: a write path sends the same script
                // each time (parsing a case's script anew took half its time)
                sqlx::query_with(
                    AssertSqlSafe(pending.sql),
                    SqlxValues(sea_query::Values(pending.values)),
                )
                .execute(&mut **t)
                .await?;
            }
            TxConn::Postgres(t) => {
                for (sql, vals) in pending.pg {
                    sqlx::query_with(AssertSqlSafe(sql), vals)
                        .execute(&mut **t)
                        .await?;
                }
            }
        }
        Ok(())
    }

    fn push<S: SqlxBinder>(&mut self, stmt: &S) {
        let (sql, values) = match self.conn {
            TxConn::Sqlite(_) => stmt.build_sqlx(SqliteQueryBuilder),
            TxConn::Postgres(_) => stmt.build_sqlx(PostgresQueryBuilder),
        };
        self.push_sql(sql, values);
    }

    /// Defers SQL already rendered for this transaction's backend.
    pub(crate) fn push_sql(&mut self, sql: String, values: SqlxValues) {
        let p = &mut self.pending;
        p.count += 1;
        p.returns |= sql.contains(" RETURNING ");
        match self.conn {
            TxConn::Sqlite(_) => {
                if !p.sql.is_empty() {
                    p.sql.push_str(";\n");
                }
                p.sql.push_str(&sql);
                p.values.extend(values.0.0);
            }
            TxConn::Postgres(_) => p.pg.push((sql, values)),
        }
    }

    /// Forgets the deferred statements not yet sent (a failed job's, in a group commit).
    pub(crate) fn discard_pending(&mut self) {
        self.pending = Pending::default();
    }

    /// On SQLite, a read with the deferred writes in front of it: one round trip to the
    /// connection's worker thread for both instead of two. `None` when there is nothing to
    /// put in front, or it must run alone (PostgreSQL; a deferred statement returning rows,
    /// which would come before the read's).
    fn prefixed<S: SqlxBinder>(
        &mut self,
        stmt: &S,
    ) -> Option<(&mut sqlx::SqliteConnection, String, SqlxValues)> {
        let TxConn::Sqlite(t) = &mut self.conn else {
            return None;
        };
        if self.pending.count == 0 || self.pending.returns {
            return None;
        }
        self.sent += 1;
        let prefix = std::mem::take(&mut self.pending);
        let (sql, values) = stmt.build_sqlx(SqliteQueryBuilder);
        let mut all = prefix.sql;
        all.push_str(";\n");
        all.push_str(&sql);
        let mut bound = prefix.values;
        bound.extend(values.0.0);
        Some((&mut **t, all, SqlxValues(sea_query::Values(bound))))
    }
}

/// Runs sea-query statements on a store or inside a transaction, rendered for the backend.
#[allow(async_fn_in_trait)]
pub trait Db: Send {
    fn backend(&self) -> Backend;
    async fn execute<S: SqlxBinder + Sync>(&mut self, stmt: &S) -> Result<u64>;
    async fn fetch_all<T: FromBoth, S: SqlxBinder + Sync>(&mut self, stmt: &S) -> Result<Vec<T>>;
    async fn fetch_optional<T: FromBoth, S: SqlxBinder + Sync>(
        &mut self,
        stmt: &S,
    ) -> Result<Option<T>>;
    /// Runs fixed SQL (migrations' DDL, pragmas); never built from user input.
    async fn execute_raw(&mut self, sql: &str) -> Result<()>;
    /// The first column of the first row of fixed SQL, as an integer.
    async fn scalar_raw(&mut self, sql: &str) -> Result<i64>;

    async fn fetch_one<T: FromBoth, S: SqlxBinder + Sync>(&mut self, stmt: &S) -> Result<T> {
        self.fetch_optional(stmt).await?.ok_or(StoreError::NotFound)
    }

    /// A write whose result nobody reads. In a [`Tx`] it runs with the other deferred
    /// writes before the next statement or the commit (its error surfaces there); elsewhere
    /// it runs now. Never for a statement whose error a caller turns into a field's message.
    async fn defer<S: SqlxBinder + Sync>(&mut self, stmt: &S) -> Result<()> {
        self.execute(stmt).await.map(|_| ())
    }
}

/// A borrowed connection of either backend: the one place that dispatches on it.
enum Conn<'a> {
    Lite(&'a mut sqlx::SqliteConnection),
    Pg(&'a mut sqlx::PgConnection),
}

impl Conn<'_> {
    async fn execute<S: SqlxBinder>(self, stmt: &S) -> Result<u64> {
        Ok(match self {
            Conn::Lite(c) => {
                let (sql, vals) = stmt.build_sqlx(SqliteQueryBuilder);
                sqlx::query_with(AssertSqlSafe(sql), vals)
                    .execute(c)
                    .await?
                    .rows_affected()
            }
            Conn::Pg(c) => {
                let (sql, vals) = stmt.build_sqlx(PostgresQueryBuilder);
                sqlx::query_with(AssertSqlSafe(sql), vals)
                    .execute(c)
                    .await?
                    .rows_affected()
            }
        })
    }

    async fn fetch_all<T: FromBoth, S: SqlxBinder>(self, stmt: &S) -> Result<Vec<T>> {
        Ok(match self {
            Conn::Lite(c) => {
                let (sql, vals) = stmt.build_sqlx(SqliteQueryBuilder);
                sqlx::query_as_with::<_, T, _>(AssertSqlSafe(sql), vals)
                    .fetch_all(c)
                    .await?
            }
            Conn::Pg(c) => {
                let (sql, vals) = stmt.build_sqlx(PostgresQueryBuilder);
                sqlx::query_as_with::<_, T, _>(AssertSqlSafe(sql), vals)
                    .fetch_all(c)
                    .await?
            }
        })
    }

    async fn fetch_optional<T: FromBoth, S: SqlxBinder>(self, stmt: &S) -> Result<Option<T>> {
        Ok(match self {
            Conn::Lite(c) => {
                let (sql, vals) = stmt.build_sqlx(SqliteQueryBuilder);
                sqlx::query_as_with::<_, T, _>(AssertSqlSafe(sql), vals)
                    .fetch_optional(c)
                    .await?
            }
            Conn::Pg(c) => {
                let (sql, vals) = stmt.build_sqlx(PostgresQueryBuilder);
                sqlx::query_as_with::<_, T, _>(AssertSqlSafe(sql), vals)
                    .fetch_optional(c)
                    .await?
            }
        })
    }

    async fn execute_raw(self, sql: &str) -> Result<()> {
        let sql = AssertSqlSafe(sql.to_string());
        match self {
            Conn::Lite(c) => {
                sqlx::raw_sql(sql).execute(c).await?;
            }
            Conn::Pg(c) => {
                sqlx::raw_sql(sql).execute(c).await?;
            }
        }
        Ok(())
    }

    async fn scalar_raw(self, sql: &str) -> Result<i64> {
        let sql = AssertSqlSafe(sql.to_string());
        Ok(match self {
            Conn::Lite(c) => sqlx::query_scalar::<_, i64>(sql).fetch_one(c).await?,
            Conn::Pg(c) => sqlx::query_scalar::<_, i64>(sql).fetch_one(c).await?,
        })
    }
}

/// The statements of [`Db`] that run alone on the connection a type lends (`fn ready`): a
/// transaction (its deferred writes first) and a reader run them alike. Reads are each
/// type's own (a transaction sends its deferred writes with them).
macro_rules! statements_on_conn {
    () => {
        async fn execute<S: SqlxBinder + Sync>(&mut self, stmt: &S) -> Result<u64> {
            // alone: a script's count of changed rows would add up every statement's
            self.ready().await?.execute(stmt).await
        }
        async fn execute_raw(&mut self, sql: &str) -> Result<()> {
            self.ready().await?.execute_raw(sql).await
        }
        async fn scalar_raw(&mut self, sql: &str) -> Result<i64> {
            self.ready().await?.scalar_raw(sql).await
        }
    };
}

impl Db for Tx {
    fn backend(&self) -> Backend {
        Tx::backend(self)
    }
    statements_on_conn!();
    async fn fetch_all<T: FromBoth, S: SqlxBinder + Sync>(&mut self, stmt: &S) -> Result<Vec<T>> {
        if let Some((c, sql, values)) = self.prefixed(stmt) {
            // a script returns the rows of its statements that have any: only the read's
            return Ok(sqlx::query_as_with::<_, T, _>(AssertSqlSafe(sql), values)
                .fetch_all(c)
                .await?);
        }
        self.ready().await?.fetch_all(stmt).await
    }
    async fn fetch_optional<T: FromBoth, S: SqlxBinder + Sync>(
        &mut self,
        stmt: &S,
    ) -> Result<Option<T>> {
        if let Some((c, sql, values)) = self.prefixed(stmt) {
            return Ok(sqlx::query_as_with::<_, T, _>(AssertSqlSafe(sql), values)
                .fetch_optional(c)
                .await?);
        }
        self.ready().await?.fetch_optional(stmt).await
    }
    async fn defer<S: SqlxBinder + Sync>(&mut self, stmt: &S) -> Result<()> {
        self.push(stmt);
        Ok(())
    }
}

impl Tx {
    /// The connection, once the deferred writes before the next statement have run.
    async fn ready(&mut self) -> Result<Conn<'_>> {
        self.flush().await?;
        Ok(match &mut self.conn {
            TxConn::Sqlite(t) => Conn::Lite(&mut *t),
            TxConn::Postgres(t) => Conn::Pg(&mut *t),
        })
    }
}

impl Reader {
    async fn ready(&mut self) -> Result<Conn<'_>> {
        Ok(match &mut self.conn {
            ReaderConn::Sqlite(c) => Conn::Lite(&mut *c),
            ReaderConn::Postgres(c) => Conn::Pg(&mut *c),
        })
    }
}

impl Db for Reader {
    fn backend(&self) -> Backend {
        match self.conn {
            ReaderConn::Sqlite(_) => Backend::Sqlite,
            ReaderConn::Postgres(_) => Backend::Postgres,
        }
    }
    statements_on_conn!();
    async fn fetch_all<T: FromBoth, S: SqlxBinder + Sync>(&mut self, stmt: &S) -> Result<Vec<T>> {
        self.ready().await?.fetch_all(stmt).await
    }
    async fn fetch_optional<T: FromBoth, S: SqlxBinder + Sync>(
        &mut self,
        stmt: &S,
    ) -> Result<Option<T>> {
        self.ready().await?.fetch_optional(stmt).await
    }
}

/// Reads outside a transaction borrow a pooled connection for one statement.
macro_rules! with_pooled {
    ($store:expr, |$conn:ident| $body:expr) => {
        match &$store.pool {
            Pool::Sqlite(p, _) => {
                let mut pooled = p.acquire().await?;
                let $conn = Conn::Lite(&mut *pooled);
                $body
            }
            Pool::Postgres(p) => {
                let mut pooled = p.acquire().await?;
                let $conn = Conn::Pg(&mut *pooled);
                $body
            }
        }
    };
}

impl Db for Store {
    fn backend(&self) -> Backend {
        Store::backend(self)
    }
    async fn execute<S: SqlxBinder + Sync>(&mut self, stmt: &S) -> Result<u64> {
        with_pooled!(self, |c| c.execute(stmt).await)
    }
    async fn fetch_all<T: FromBoth, S: SqlxBinder + Sync>(&mut self, stmt: &S) -> Result<Vec<T>> {
        with_pooled!(self, |c| c.fetch_all(stmt).await)
    }
    async fn fetch_optional<T: FromBoth, S: SqlxBinder + Sync>(
        &mut self,
        stmt: &S,
    ) -> Result<Option<T>> {
        with_pooled!(self, |c| c.fetch_optional(stmt).await)
    }
    async fn execute_raw(&mut self, sql: &str) -> Result<()> {
        with_pooled!(self, |c| c.execute_raw(sql).await)
    }
    async fn scalar_raw(&mut self, sql: &str) -> Result<i64> {
        with_pooled!(self, |c| c.scalar_raw(sql).await)
    }
}
