//! Purser's use cases. Each public function is one thing a user does ("create a customer",
//! "hand over a prospect"): it checks the actor against the domain policy, validates with
//! the domain rules, and writes the change, its audit entry and its outbox rows in one
//! transaction. Web handlers, the CLI and workers all call these; none writes on its own.

pub mod admin;
mod audit;
pub mod auth;
pub mod book;
pub mod cases;
pub mod children;
mod error;
pub mod housekeeping;
pub mod import;
pub mod kb;
pub mod mail;
pub mod mail_in;
pub mod mail_out;
pub mod patch;
pub mod presence;
pub mod privacy;
pub mod search;
pub mod tracking;

pub use error::AppError;
pub use purser_domain as domain;
pub use purser_store as store;

use purser_domain::roles::Actor;

/// Who is acting and on behalf of which request: every use case takes one.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub actor: Actor,
    /// "Amy Lin <amy@…>": kept in the audit trail even if the user is later removed.
    pub label: String,
    pub request_id: Option<String>,
}

impl Ctx {
    /// The operator at the command line: full rights, audited as "cli".
    pub fn system(label: &str) -> Ctx {
        Ctx {
            actor: Actor {
                user_id: uuid::Uuid::nil(),
                role: purser_domain::roles::Role::Admin,
                department: None,
                customer_id: None,
            },
            label: label.to_string(),
            request_id: None,
        }
    }

    /// The actor's name without the address ("Amy Lin" of "Amy Lin <amy@…>").
    pub fn name(&self) -> &str {
        self.label.split(" <").next().unwrap_or(&self.label)
    }

    pub(crate) fn actor_id(&self) -> Option<uuid::Uuid> {
        (!self.actor.user_id.is_nil()).then_some(self.actor.user_id)
    }
}

pub type Result<T, E = AppError> = std::result::Result<T, E>;
