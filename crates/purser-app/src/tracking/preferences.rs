//! A portal user's own notification preferences: which proactive notices they want
//! (delays, documents, invoices, marketing), by which channel and in which language.
//! Customer users may not edit their company's contacts (that is staff's, see
//! [`crate::children::Contacts`]), so this is their one narrow write: the contact that
//! carries their own log-in address, created on first save when the company has none
//! yet. Every save is audited like any contact change.

use crate::audit::Audit;
use crate::{AppError, Ctx, Result};
use purser_domain::book::{ContactInput, NotificationPrefs};
use purser_domain::customers::{Channel, Language};
use purser_domain::roles::Role;
use purser_store::contacts::{self, Contact};
use purser_store::{Db, Store, new_id, users};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// What a customer user may change about how Purser tells them things.
#[derive(Debug, Clone, PartialEq, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PreferencesInput {
    pub notifications: NotificationPrefs,
    pub preferred_channel: Channel,
    pub language: Language,
}

/// The caller's company and own contact (the live one with the caller's address), if any.
async fn own(db: &mut impl Db, ctx: &Ctx) -> Result<(Uuid, Option<Contact>)> {
    if ctx.actor.role != Role::Customer {
        return Err(AppError::Forbidden);
    }
    let customer = ctx.actor.customer_id.ok_or(AppError::NotFound)?;
    let user = users::get(db, ctx.actor.user_id).await?;
    for (id, of) in contacts::by_email(db, &user.email).await? {
        if of != customer {
            continue;
        }
        let k = contacts::get(db, customer, id).await?;
        if !k.archived {
            return Ok((customer, Some(k)));
        }
    }
    Ok((customer, None))
}

/// The caller's own contact, or None when the company has no contact with their address.
pub async fn mine(store: &Store, ctx: &Ctx) -> Result<Option<Contact>> {
    Ok(own(&mut store.clone(), ctx).await?.1)
}

/// Saves the caller's preferences on their own contact (if `if_match` is still its
/// version), or creates that contact from their account's name and address.
pub async fn set_mine(
    store: &Store,
    ctx: &Ctx,
    if_match: Option<i64>,
    input: &PreferencesInput,
) -> Result<Contact> {
    let mut tx = store.begin().await?;
    let (customer, before) = own(&mut tx, ctx).await?;
    let apply = |mut k: ContactInput| {
        k.notifications = input.notifications;
        k.preferred_channel = input.preferred_channel;
        k.language = input.language;
        k
    };
    let after = match &before {
        Some(b) => {
            let k = apply(b.input());
            k.validate()?;
            contacts::update(&mut tx, customer, b.id, if_match, &k.normalised()).await?
        }
        None => {
            let user = users::get(&mut tx, ctx.actor.user_id).await?;
            let k = apply(ContactInput {
                name: user.name,
                role_title: String::new(),
                emails: vec![user.email],
                phones: vec![],
                language: input.language,
                preferred_channel: input.preferred_channel,
                notifications: input.notifications,
                portal_access: true,
            });
            k.validate()?;
            contacts::insert(&mut tx, new_id(), customer, &k.normalised()).await?
        }
    };
    let action = if before.is_some() { "update" } else { "create" };
    Audit::that(ctx)
        .did(action)
        .on("contact", after.id)
        .for_customer(customer)
        .before_maybe(before.as_ref())
        .after(&after)
        .write(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(after)
}
