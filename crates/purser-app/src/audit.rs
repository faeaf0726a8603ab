//! The audit entry every change writes inside its own transaction, said as a sentence:
//!
//! ```ignore
//! Audit::that(ctx).did("keep_promise").on("case", case_id)
//!     .for_customer(case.customer_id).before(&promise).after(&kept)
//!     .write(&mut tx).await?;
//! ```
//!
//! Who did it, the request it came in and when are taken from the context and the store;
//! the states are kept as JSON so the history can show what changed.

use crate::{Ctx, Result};
use purser_store::{Tx, audit};
use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

/// The actor of an entry; [`Audit::did`] names the action.
pub(crate) struct Audit<'a> {
    ctx: &'a Ctx,
}

/// An actor and an action; [`Action::on`] names the object acted on.
pub(crate) struct Action<'a> {
    ctx: &'a Ctx,
    action: &'a str,
}

/// A complete entry, with the customer and states it may carry.
#[must_use = "an audit entry is kept only once written"]
pub(crate) struct Entry<'a> {
    ctx: &'a Ctx,
    action: &'a str,
    object_type: &'a str,
    object_id: Uuid,
    customer_id: Option<Uuid>,
    before: Option<Value>,
    after: Option<Value>,
}

impl<'a> Audit<'a> {
    pub(crate) fn that(ctx: &'a Ctx) -> Self {
        Audit { ctx }
    }

    pub(crate) fn did(self, action: &'a str) -> Action<'a> {
        Action {
            ctx: self.ctx,
            action,
        }
    }
}

impl<'a> Action<'a> {
    pub(crate) fn on(self, object_type: &'a str, object_id: Uuid) -> Entry<'a> {
        Entry {
            ctx: self.ctx,
            action: self.action,
            object_type,
            object_id,
            customer_id: None,
            before: None,
            after: None,
        }
    }
}

impl Entry<'_> {
    /// The customer the object belongs to, so the customer's history lists the entry.
    pub(crate) fn for_customer(mut self, customer_id: impl Into<Option<Uuid>>) -> Self {
        self.customer_id = customer_id.into();
        self
    }

    pub(crate) fn before(self, state: &impl Serialize) -> Self {
        self.before_maybe(Some(state))
    }

    pub(crate) fn after(self, state: &impl Serialize) -> Self {
        self.after_maybe(Some(state))
    }

    /// The state before, when there was one (an upsert's first write has none).
    pub(crate) fn before_maybe(mut self, state: Option<&impl Serialize>) -> Self {
        self.before = state.map(as_json);
        self
    }

    pub(crate) fn after_maybe(mut self, state: Option<&impl Serialize>) -> Self {
        self.after = state.map(as_json);
        self
    }

    pub(crate) async fn write(self, tx: &mut Tx) -> Result<()> {
        audit::record(
            tx,
            audit::NewEntry {
                actor_id: self.ctx.actor_id(),
                actor_label: &self.ctx.label,
                action: self.action,
                object_type: self.object_type,
                object_id: self.object_id,
                customer_id: self.customer_id,
                before: self.before,
                after: self.after,
                request_id: self.ctx.request_id.as_deref(),
            },
        )
        .await?;
        Ok(())
    }
}

fn as_json(state: &impl Serialize) -> Value {
    serde_json::to_value(state).unwrap_or_default()
}
