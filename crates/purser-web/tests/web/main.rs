//! The purser-web integration tests in one binary: one link and one build of the
//! shared harness instead of one per file (CI builds on two cores).

mod api_cases;
mod api_customers;
mod api_mail;
mod api_tracking;
mod authentication;
mod authorization;
mod book_children;
mod browser;
mod common;
mod console_desk;
mod console_tracking;
mod operations;
mod presence_absences;
mod presence_collisions;
mod presence_local_time;
mod presence_world;
mod typed_text;
