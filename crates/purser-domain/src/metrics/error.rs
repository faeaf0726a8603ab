//! The one error of the metric dictionary: an input record that cannot have happened.
//!
//! The store only writes what the case rules allow, so these mean a mapping bug or a hand-
//! edited row. Refusing them here keeps an impossible record from quietly becoming a
//! negative reply time on a supervisor's dashboard.

use super::timeline::EventKind;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    #[error("the case has no created event")]
    NotCreated,
    #[error("the case is created twice")]
    CreatedTwice,
    #[error("a {kind} at {at} comes before the case was created")]
    BeforeCreation { kind: EventKind, at: i64 },
    #[error("a {kind} at {at} cannot follow the case's state")]
    OutOfOrder { kind: EventKind, at: i64 },
    #[error("{at} is outside the range of timestamps")]
    OutOfRange { at: i64 },
    #[error("answered at {end} before it was opened or sent at {start}")]
    EndsBeforeStart { start: i64, end: i64 },
    #[error("a score of {score} is outside {min}..={max}")]
    ScoreOutOfRange { score: u8, min: u8, max: u8 },
}
