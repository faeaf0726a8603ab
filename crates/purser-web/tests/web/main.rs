//! The purser-web integration tests in one binary: one link and one build of the
//! shared harness instead of one per file (CI builds on two cores).

mod api_cases;
mod api_customers;
mod api_mail;
mod api_rejections;
mod api_tracking;
mod authentication;
mod authorization;
mod book_children;
mod browser;
mod common;
mod console_desk;
mod console_tracking;
mod data_protection;
mod hardening_connections;
mod hardening_exactly_once;
mod hardening_login;
mod hardening_mail;
mod kb_api;
mod kb_pages;
mod kb_world;
mod operations;
mod pages_boundaries;
mod pages_forms;
mod pages_world;
mod pages_zh_tw;
mod presence_absences;
mod presence_collisions;
mod presence_local_time;
mod presence_world;
mod search;
mod typed_text;
