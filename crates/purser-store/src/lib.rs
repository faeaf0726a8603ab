//! Purser's one storage layer. Every query is built once with sea-query and rendered for
//! the backend in use: an embedded SQLite file (WAL, writes in `BEGIN IMMEDIATE`) or
//! PostgreSQL. Feature modules (`customers`, `users`, …) hold the queries; this file holds
//! the connection, the transaction and the four ways to run a statement.
//!
//! ```no_run
//! # async fn f() -> Result<(), purser_store::StoreError> {
//! let store = purser_store::Store::connect("sqlite://purser-data/purser.db", None).await?;
//! store.migrate().await?;
//! let mut tx = store.begin().await?;
//! // feature queries take `&mut impl Db`: a transaction or the store itself
//! tx.commit().await?;
//! # Ok(()) }
//! ```

pub mod activities;
pub mod audit;
pub mod bulk;
pub mod case_messages;
pub mod cases;
pub mod change_feed;
pub mod complaints;
pub mod contacts;
pub mod contracts;
pub mod counters;
pub mod customers;
mod db;
pub mod dept_tasks;
pub mod follow_ups;
pub mod handovers;
pub mod idempotency;
pub mod kb;
pub mod like;
pub mod mail;
mod migrate;
pub mod notifications;
pub mod outbox;
pub mod presence;
pub mod privacy;
pub mod reply_templates;
mod rows;
mod schema;
mod schema_feed;
mod schema_kb;
mod schema_loads;
mod schema_presence;
mod schema_tracking;
pub mod search_source;
pub mod shift_handovers;
pub mod sla;
pub mod teams;
pub mod testing;
pub mod tracking;
pub mod users;
mod writer;

pub use db::{Backend, Db, FromBoth, Store, Tx};
pub use sea_query;
pub use writer::BoxFuture;

use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A unique constraint refused the write; the string names the constraint.
    #[error("already exists: {0}")]
    Conflict(String),
    /// An `If-Match` version did not match the stored one.
    #[error("the object was changed by someone else (version {current})")]
    VersionMismatch { current: i64 },
    #[error("stored data is unreadable: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Db(sqlx::Error),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::Database(d) if d.is_unique_violation() => StoreError::Conflict(
                d.constraint()
                    .map(str::to_string)
                    .unwrap_or_else(|| d.message().to_string()),
            ),
            _ => StoreError::Db(e),
        }
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> Self {
        StoreError::Corrupt(e.to_string())
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Timestamps are stored as microseconds since the Unix epoch (UTC) in a BIGINT, so both
/// backends compare, sort and index them identically.
pub fn now_micros() -> i64 {
    jiff::Timestamp::now().as_microsecond()
}

/// New keys are UUIDv7: time-ordered, so inserts stay at the right edge of the index.
pub fn new_id() -> uuid::Uuid {
    uuid::Uuid::now_v7()
}
