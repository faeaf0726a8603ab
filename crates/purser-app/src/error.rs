//! The application's one error type; the web edge maps each variant to one HTTP status.

use purser_domain::validation::Problems;
use purser_store::StoreError;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum AppError {
    #[error("invalid input: {0}")]
    Invalid(Problems),
    #[error("not found")]
    NotFound,
    #[error("not allowed")]
    Forbidden,
    #[error("not signed in")]
    Unauthorized,
    #[error("too many attempts; try again later")]
    TooManyAttempts,
    #[error("conflict: {0}")]
    Conflict(String),
    /// The object changed since the client read it (`If-Match` no longer holds).
    #[error("changed by someone else; now at version {current}")]
    Stale { current: i64 },
    #[error("storage failed: {0}")]
    Store(StoreError),
    #[error("{0}")]
    Internal(String),
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Conflict(c) => AppError::Conflict(c),
            StoreError::VersionMismatch { current } => AppError::Stale { current },
            other => AppError::Store(other),
        }
    }
}

impl From<Problems> for AppError {
    fn from(p: Problems) -> Self {
        AppError::Invalid(p)
    }
}

impl AppError {
    /// One invalid field, for rules checked outside an input's own `validate`.
    pub fn field(field: &str, message: &str) -> AppError {
        let mut p = Problems::new();
        p.add(field, message);
        AppError::Invalid(p)
    }
}
