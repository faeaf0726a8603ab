//! The purser-dcsa integration tests in one binary: one link and one build of the
//! shared harness instead of one per file (CI builds on two cores).

mod common;
mod never_panics;
mod rate;
mod schedules;
mod tnt;
