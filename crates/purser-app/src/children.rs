//! Records beneath a customer (contacts, contracts, activities) share one life: read if the
//! customer is visible, written by those the policy allows, validated, audited, archived
//! rather than deleted. [`Child`] says what differs per kind; the five use cases below are
//! written once for all of them.

use crate::audit::Audit;
use crate::book::{serde_field, visible_customer};
use crate::{AppError, Ctx, Result, patch};
use purser_domain::book::{ActivityInput, ContactInput, ContractInput};
use purser_domain::roles::Actor;
use purser_domain::validation::{Problems, TAKEN};
use purser_store::activities::{self, Activity};
use purser_store::contacts::{self, Contact};
use purser_store::contracts::{self, Contract};
use purser_store::{Db, Store, StoreError, Tx, new_id};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use uuid::Uuid;

#[allow(async_fn_in_trait)]
pub trait Child {
    type Row: Serialize;
    type Input: Serialize + DeserializeOwned;
    /// The audit trail's object type.
    const KIND: &'static str;
    /// Internal records are for staff only; customers see nothing of them.
    const INTERNAL: bool;
    fn may_write(actor: &Actor) -> bool;
    fn id(row: &Self::Row) -> Uuid;
    fn input_of(row: &Self::Row) -> Self::Input;
    fn validate(input: &Self::Input) -> Result<(), Problems>;
    async fn list(db: &mut impl Db, customer_id: Uuid) -> Result<Vec<Self::Row>, StoreError>;
    async fn get(db: &mut impl Db, customer_id: Uuid, id: Uuid) -> Result<Self::Row, StoreError>;
    /// Writes a validated input; checks that need the database happen here.
    async fn insert(
        tx: &mut Tx,
        ctx: &Ctx,
        customer_id: Uuid,
        input: Self::Input,
    ) -> Result<Self::Row>;
    async fn update(
        tx: &mut Tx,
        customer_id: Uuid,
        id: Uuid,
        expected: Option<i64>,
        input: Self::Input,
    ) -> Result<Self::Row>;
    async fn archive(
        tx: &mut Tx,
        customer_id: Uuid,
        id: Uuid,
        expected: Option<i64>,
    ) -> Result<Self::Row, StoreError>;
}

fn require(allowed: bool) -> Result<()> {
    if allowed {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// A customer the caller may see; for internal kinds, only staff get past.
async fn readable<C: Child>(db: &mut impl Db, ctx: &Ctx, customer_id: Uuid) -> Result<()> {
    visible_customer(db, ctx, customer_id).await?;
    if C::INTERNAL && !ctx.actor.is_staff() {
        return Err(AppError::NotFound);
    }
    Ok(())
}

pub async fn list<C: Child>(store: &Store, ctx: &Ctx, customer_id: Uuid) -> Result<Vec<C::Row>> {
    let mut db = store.clone();
    readable::<C>(&mut db, ctx, customer_id).await?;
    Ok(C::list(&mut db, customer_id).await?)
}

pub async fn get<C: Child>(
    store: &Store,
    ctx: &Ctx,
    customer_id: Uuid,
    id: Uuid,
) -> Result<C::Row> {
    let mut db = store.clone();
    readable::<C>(&mut db, ctx, customer_id).await?;
    Ok(C::get(&mut db, customer_id, id).await?)
}

pub async fn create<C: Child>(
    store: &Store,
    ctx: &Ctx,
    customer_id: Uuid,
    input: C::Input,
) -> Result<C::Row> {
    let mut tx = store.begin().await?;
    readable::<C>(&mut tx, ctx, customer_id).await?;
    require(C::may_write(&ctx.actor))?;
    C::validate(&input)?;
    let row = C::insert(&mut tx, ctx, customer_id, input).await?;
    Audit::that(ctx)
        .did("create")
        .on(C::KIND, C::id(&row))
        .for_customer(customer_id)
        .after(&row)
        .write(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(row)
}

/// Applies a JSON merge patch if `if_match` is still the record's version.
pub async fn update<C: Child>(
    store: &Store,
    ctx: &Ctx,
    customer_id: Uuid,
    id: Uuid,
    if_match: Option<i64>,
    patch_doc: &Value,
) -> Result<C::Row> {
    let mut tx = store.begin().await?;
    readable::<C>(&mut tx, ctx, customer_id).await?;
    let before = C::get(&mut tx, customer_id, id).await?;
    require(C::may_write(&ctx.actor))?;
    let input: C::Input = patch::apply(&C::input_of(&before), patch_doc)
        .map_err(|e| AppError::field(&serde_field(&e), &e.to_string()))?;
    C::validate(&input)?;
    let after = C::update(&mut tx, customer_id, id, if_match, input).await?;
    Audit::that(ctx)
        .did("update")
        .on(C::KIND, id)
        .for_customer(customer_id)
        .before(&before)
        .after(&after)
        .write(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(after)
}

pub async fn archive<C: Child>(
    store: &Store,
    ctx: &Ctx,
    customer_id: Uuid,
    id: Uuid,
    if_match: Option<i64>,
) -> Result<C::Row> {
    let mut tx = store.begin().await?;
    readable::<C>(&mut tx, ctx, customer_id).await?;
    require(C::may_write(&ctx.actor))?;
    let before = C::get(&mut tx, customer_id, id).await?;
    let after = C::archive(&mut tx, customer_id, id, if_match).await?;
    Audit::that(ctx)
        .did("delete")
        .on(C::KIND, id)
        .for_customer(customer_id)
        .before(&before)
        .after(&after)
        .write(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(after)
}

pub struct Contacts;

impl Child for Contacts {
    type Row = Contact;
    type Input = ContactInput;
    const KIND: &'static str = "contact";
    const INTERNAL: bool = false;
    fn may_write(a: &Actor) -> bool {
        a.can_edit_customers()
    }
    fn id(r: &Contact) -> Uuid {
        r.id
    }
    fn input_of(r: &Contact) -> ContactInput {
        r.input()
    }
    fn validate(i: &ContactInput) -> Result<(), Problems> {
        i.validate()
    }
    async fn list(db: &mut impl Db, customer_id: Uuid) -> Result<Vec<Contact>, StoreError> {
        contacts::list(db, customer_id, false).await
    }
    async fn get(db: &mut impl Db, customer_id: Uuid, id: Uuid) -> Result<Contact, StoreError> {
        contacts::get(db, customer_id, id).await
    }
    async fn insert(tx: &mut Tx, _: &Ctx, customer_id: Uuid, i: ContactInput) -> Result<Contact> {
        Ok(contacts::insert(tx, new_id(), customer_id, &i.normalised()).await?)
    }
    async fn update(
        tx: &mut Tx,
        customer_id: Uuid,
        id: Uuid,
        expected: Option<i64>,
        i: ContactInput,
    ) -> Result<Contact> {
        Ok(contacts::update(tx, customer_id, id, expected, &i.normalised()).await?)
    }
    async fn archive(
        tx: &mut Tx,
        customer_id: Uuid,
        id: Uuid,
        expected: Option<i64>,
    ) -> Result<Contact, StoreError> {
        contacts::archive(tx, customer_id, id, expected).await
    }
}

pub struct Contracts;

/// A duplicate contract reference is the user's input error, not a server conflict.
fn reference_taken(e: StoreError) -> AppError {
    match e {
        StoreError::Conflict(_) => AppError::field("reference", &format!("{TAKEN} contract")),
        other => other.into(),
    }
}

impl Child for Contracts {
    type Row = Contract;
    type Input = ContractInput;
    const KIND: &'static str = "contract";
    const INTERNAL: bool = false;
    fn may_write(a: &Actor) -> bool {
        a.can_edit_customers()
    }
    fn id(r: &Contract) -> Uuid {
        r.id
    }
    fn input_of(r: &Contract) -> ContractInput {
        r.input()
    }
    fn validate(i: &ContractInput) -> Result<(), Problems> {
        i.validate()
    }
    async fn list(db: &mut impl Db, customer_id: Uuid) -> Result<Vec<Contract>, StoreError> {
        contracts::list(db, customer_id).await
    }
    async fn get(db: &mut impl Db, customer_id: Uuid, id: Uuid) -> Result<Contract, StoreError> {
        contracts::get(db, customer_id, id).await
    }
    async fn insert(tx: &mut Tx, _: &Ctx, customer_id: Uuid, i: ContractInput) -> Result<Contract> {
        contracts::insert(tx, new_id(), customer_id, &i.normalised())
            .await
            .map_err(reference_taken)
    }
    async fn update(
        tx: &mut Tx,
        customer_id: Uuid,
        id: Uuid,
        expected: Option<i64>,
        i: ContractInput,
    ) -> Result<Contract> {
        contracts::update(tx, customer_id, id, expected, &i.normalised())
            .await
            .map_err(reference_taken)
    }
    async fn archive(
        tx: &mut Tx,
        customer_id: Uuid,
        id: Uuid,
        expected: Option<i64>,
    ) -> Result<Contract, StoreError> {
        contracts::archive(tx, customer_id, id, expected).await
    }
}

pub struct Activities;

/// An activity may name a contact, but only one of its own customer.
async fn check_contact(db: &mut impl Db, customer_id: Uuid, contact: Option<Uuid>) -> Result<()> {
    if let Some(c) = contact {
        contacts::get(db, customer_id, c)
            .await
            .map_err(|_| AppError::field("contact_id", "is not a contact of this customer"))?;
    }
    Ok(())
}

impl Child for Activities {
    type Row = Activity;
    type Input = ActivityInput;
    const KIND: &'static str = "activity";
    const INTERNAL: bool = true;
    fn may_write(a: &Actor) -> bool {
        a.can_log_activities()
    }
    fn id(r: &Activity) -> Uuid {
        r.id
    }
    fn input_of(r: &Activity) -> ActivityInput {
        r.input()
    }
    fn validate(i: &ActivityInput) -> Result<(), Problems> {
        i.validate()
    }
    async fn list(db: &mut impl Db, customer_id: Uuid) -> Result<Vec<Activity>, StoreError> {
        activities::list(db, customer_id, 200).await
    }
    async fn get(db: &mut impl Db, customer_id: Uuid, id: Uuid) -> Result<Activity, StoreError> {
        activities::get(db, customer_id, id).await
    }
    async fn insert(
        tx: &mut Tx,
        ctx: &Ctx,
        customer_id: Uuid,
        i: ActivityInput,
    ) -> Result<Activity> {
        check_contact(tx, customer_id, i.contact_id).await?;
        Ok(activities::insert(tx, new_id(), customer_id, ctx.actor.user_id, &i).await?)
    }
    async fn update(
        tx: &mut Tx,
        customer_id: Uuid,
        id: Uuid,
        expected: Option<i64>,
        i: ActivityInput,
    ) -> Result<Activity> {
        check_contact(tx, customer_id, i.contact_id).await?;
        Ok(activities::update(tx, customer_id, id, expected, &i).await?)
    }
    async fn archive(
        tx: &mut Tx,
        customer_id: Uuid,
        id: Uuid,
        expected: Option<i64>,
    ) -> Result<Activity, StoreError> {
        activities::archive(tx, customer_id, id, expected).await
    }
}
