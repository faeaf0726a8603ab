//! The purser-app integration tests in one binary: one link and one build of the
//! shared harness instead of one per file (CI builds on two cores).

mod mail_import;
mod mail_intake;
mod mail_transport;
mod tracking_notices;
mod tracking_pipeline;
