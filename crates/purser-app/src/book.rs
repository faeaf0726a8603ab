//! The customer book's use cases: companies, contacts, contracts, activities, the sales
//! hand-over and the audit history, each checked against the policy and audited.

use crate::audit::Audit;
use crate::{AppError, Ctx, Result, patch};
use purser_domain::book::CustomerInput;
use purser_domain::customers::{CustomerStatus, handover_missing};
use purser_domain::roles::{CustomerScope, Role};
use purser_store::customers::{self, Cursor, Customer, ListQuery};
use purser_store::handovers::{self, Handover};
use purser_store::{Db, Store, Tx, audit, new_id, notifications, outbox, users};
use serde_json::{Value, json};
use uuid::Uuid;

fn require(allowed: bool) -> Result<()> {
    if allowed {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// A customer the actor may see; anything else is NotFound, never Forbidden, so a
/// customer user cannot even learn that another company's id exists.
pub async fn get_customer(store: &Store, ctx: &Ctx, id: Uuid) -> Result<Customer> {
    let mut db = store.clone();
    let c = customers::get(&mut db, id, &ctx.actor.customer_scope()).await?;
    visible_duplicates(&mut db, ctx, c).await
}

/// Keeps only the duplicate hints the actor could open itself.
async fn visible_duplicates(db: &mut impl Db, ctx: &Ctx, mut c: Customer) -> Result<Customer> {
    let scope = ctx.actor.customer_scope();
    if scope != CustomerScope::All {
        let mut keep = Vec::new();
        for d in &c.possible_duplicates {
            if customers::get(db, *d, &scope).await.is_ok() {
                keep.push(*d);
            }
        }
        c.possible_duplicates = keep;
    }
    Ok(c)
}

pub(crate) async fn visible_customer(db: &mut impl Db, ctx: &Ctx, id: Uuid) -> Result<Customer> {
    Ok(customers::get(db, id, &ctx.actor.customer_scope()).await?)
}

pub async fn list_customers(
    store: &Store,
    ctx: &Ctx,
    q: &ListQuery,
) -> Result<(Vec<Customer>, Option<Cursor>)> {
    let mut db = store.reader().await?;
    let (rows, next) = customers::list(&mut db, &ctx.actor.customer_scope(), q).await?;
    let mut out = Vec::with_capacity(rows.len());
    for c in rows {
        out.push(visible_duplicates(&mut db, ctx, c).await?);
    }
    Ok((out, next))
}

pub async fn count_customers(store: &Store, ctx: &Ctx, q: &ListQuery) -> Result<i64> {
    Ok(customers::count(&mut store.clone(), &ctx.actor.customer_scope(), q).await?)
}

/// Owners named on a customer must be active staff of the right kind.
async fn check_owners(db: &mut impl Db, c: &CustomerInput) -> Result<()> {
    let mut p = purser_domain::validation::Problems::new();
    for (field, id, roles) in [
        (
            "account_owner_id",
            c.account_owner_id,
            &[Role::Agent, Role::Supervisor, Role::Admin][..],
        ),
        (
            "sales_owner_id",
            c.sales_owner_id,
            &[Role::Department, Role::Supervisor, Role::Admin, Role::Agent][..],
        ),
    ] {
        if let Some(id) = id {
            match users::get(db, id).await {
                Ok(u) if u.active && roles.contains(&u.role) => {}
                Ok(_) => p.add(field, "is not active staff who can own customers"),
                Err(_) => p.add(field, "is not a known user"),
            }
        }
    }
    Ok(p.into_result()?)
}

pub async fn create_customer(store: &Store, ctx: &Ctx, input: CustomerInput) -> Result<Customer> {
    let prospect_by_sales = ctx.actor.can_hand_over() && input.status == CustomerStatus::Prospect;
    require(ctx.actor.can_edit_customers() || prospect_by_sales)?;
    input.validate()?;
    let mut input = input.normalised();
    if ctx.actor.role == Role::Department && input.sales_owner_id.is_none() {
        input.sales_owner_id = Some(ctx.actor.user_id);
    }
    let mut tx = store.begin().await?;
    check_owners(&mut tx, &input).await?;
    let c = customers::insert(&mut tx, new_id(), &input).await?;
    Audit::that(ctx)
        .did("create")
        .on("customer", c.id)
        .for_customer(c.id)
        .after(&c)
        .write(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(c)
}

/// Applies a JSON merge patch to a customer if `if_match` is still its version.
pub async fn update_customer(
    store: &Store,
    ctx: &Ctx,
    id: Uuid,
    if_match: Option<i64>,
    patch_doc: &Value,
) -> Result<Customer> {
    let mut tx = store.begin().await?;
    let before = visible_customer(&mut tx, ctx, id).await?;
    require(ctx.actor.can_edit_customers())?;
    let input: CustomerInput = patch::apply(&before.input(), patch_doc)
        .map_err(|e| AppError::field(&serde_field(&e), &e.to_string()))?;
    if input.status != before.status
        && !(before.status == CustomerStatus::Prospect && input.status == CustomerStatus::Active)
    {
        return Err(AppError::field(
            "status",
            "changes through the hand-over or DELETE",
        ));
    }
    input.validate()?;
    let input = input.normalised();
    check_owners(&mut tx, &input).await?;
    let after = customers::update(&mut tx, id, if_match, &input).await?;
    Audit::that(ctx)
        .did("update")
        .on("customer", id)
        .for_customer(id)
        .before(&before)
        .after(&after)
        .write(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(after)
}

/// The field serde complained about, from its message (``unknown field `x` ``).
pub(crate) fn serde_field(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    msg.split('`')
        .nth(1)
        .filter(|_| msg.contains("field"))
        .unwrap_or("body")
        .to_string()
}

pub async fn archive_customer(
    store: &Store,
    ctx: &Ctx,
    id: Uuid,
    if_match: Option<i64>,
) -> Result<Customer> {
    let mut tx = store.begin().await?;
    let before = visible_customer(&mut tx, ctx, id).await?;
    require(ctx.actor.can_archive_customers())?;
    let after = customers::set_status(&mut tx, id, if_match, CustomerStatus::Archived).await?;
    Audit::that(ctx)
        .did("delete")
        .on("customer", id)
        .for_customer(id)
        .before(&before)
        .after(&after)
        .write(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(after)
}

// --- hand-over ---------------------------------------------------------------------------

pub async fn list_handovers(store: &Store, ctx: &Ctx, customer_id: Uuid) -> Result<Vec<Handover>> {
    let mut db = store.clone();
    visible_customer(&mut db, ctx, customer_id).await?;
    require(ctx.actor.is_staff())?;
    Ok(handovers::list(&mut db, customer_id).await?)
}

/// Sales proposes an owner for a prospect; the owner is told at once.
pub async fn start_handover(
    store: &Store,
    ctx: &Ctx,
    customer_id: Uuid,
    owner_id: Uuid,
    done: Vec<String>,
    notes: &str,
) -> Result<Handover> {
    let mut tx = store.begin().await?;
    let c = visible_customer(&mut tx, ctx, customer_id).await?;
    require(ctx.actor.can_hand_over())?;
    if c.status != CustomerStatus::Prospect {
        return Err(AppError::Conflict(
            "only a prospect can be handed over".into(),
        ));
    }
    check_checklist(&done)?;
    let owner = users::get(&mut tx, owner_id)
        .await
        .map_err(|_| AppError::field("owner_id", "is not a known user"))?;
    if !owner.active || !matches!(owner.role, Role::Agent | Role::Supervisor) {
        return Err(AppError::field(
            "owner_id",
            "must be an active agent or supervisor",
        ));
    }
    let h = handovers::insert(
        &mut tx,
        new_id(),
        customer_id,
        ctx.actor.user_id,
        owner_id,
        &done,
        notes,
    )
    .await?;
    Audit::that(ctx)
        .did("create")
        .on("handover", h.id)
        .for_customer(customer_id)
        .after(&h)
        .write(&mut tx)
        .await?;
    tell_owner(
        &mut tx,
        &owner,
        &c,
        "handover_started",
        &format!("{} is being handed over to you", c.legal_name),
    )
    .await?;
    tx.commit().await?;
    Ok(h)
}

fn check_checklist(done: &[String]) -> Result<()> {
    for (i, d) in done.iter().enumerate() {
        if !purser_domain::customers::HANDOVER_CHECKLIST.contains(&d.as_str()) {
            return Err(AppError::field(
                &format!("checklist/{i}"),
                "is not a hand-over checklist item",
            ));
        }
    }
    Ok(())
}

/// Ticks checklist items; `complete` makes the prospect an active customer of the owner.
pub async fn update_handover(
    store: &Store,
    ctx: &Ctx,
    customer_id: Uuid,
    id: Uuid,
    if_match: Option<i64>,
    done: Vec<String>,
    complete: bool,
) -> Result<Handover> {
    let mut tx = store.begin().await?;
    let c = visible_customer(&mut tx, ctx, customer_id).await?;
    require(ctx.actor.can_hand_over())?;
    let before = handovers::get(&mut tx, customer_id, id).await?;
    if before.status != "open" {
        return Err(AppError::Conflict(
            "this hand-over is already completed".into(),
        ));
    }
    check_checklist(&done)?;
    if complete {
        let missing = handover_missing(&done);
        if !missing.is_empty() {
            return Err(AppError::field(
                "checklist",
                &format!("still missing: {}", missing.join(", ")),
            ));
        }
    }
    let after = handovers::update(&mut tx, &before, if_match, &done, complete).await?;
    Audit::that(ctx)
        .did("update")
        .on("handover", id)
        .for_customer(customer_id)
        .before(&before)
        .after(&after)
        .write(&mut tx)
        .await?;
    if complete {
        let owned = customers::set_account_owner(
            &mut tx,
            customer_id,
            after.owner_id,
            CustomerStatus::Active,
        )
        .await?;
        Audit::that(ctx)
            .did("update")
            .on("customer", customer_id)
            .for_customer(customer_id)
            .before(&c)
            .after(&owned)
            .write(&mut tx)
            .await?;
        let owner = users::get(&mut tx, after.owner_id).await?;
        tell_owner(
            &mut tx,
            &owner,
            &c,
            "handover_completed",
            &format!("{} is now your customer", c.legal_name),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(after)
}

/// A notification in the console and an e-mail through the outbox, in the same transaction.
async fn tell_owner(
    tx: &mut Tx,
    owner: &users::User,
    c: &Customer,
    kind: &str,
    title: &str,
) -> Result<()> {
    let link = format!("/customers/{}", c.id);
    notifications::insert(tx, owner.id, kind, title, &c.number, &link).await?;
    outbox::enqueue(tx, "email", &json!({ "to": owner.email, "subject": title, "kind": kind, "link": link, "language": owner.language.as_str() })).await?;
    Ok(())
}

// --- audit -------------------------------------------------------------------------------

/// The history of one object; the actor must be staff and able to see its customer.
pub async fn audit_of(
    store: &Store,
    ctx: &Ctx,
    object_type: &str,
    object_id: Uuid,
    before: Option<Uuid>,
    limit: u64,
) -> Result<Vec<audit::Entry>> {
    require(ctx.actor.can_read_audit())?;
    // users, departments and tokens are administration: their history is for admins
    // (and a user's own history for that user)
    let own = object_type == "user" && object_id == ctx.actor.user_id;
    if matches!(object_type, "user" | "department" | "api_token") && !own {
        require(ctx.actor.can_admin())?;
    }
    let mut db = store.clone();
    let entries = audit::for_object(&mut db, object_type, object_id, before, limit).await?;
    // department users see only history of customers shared with them
    if let CustomerScope::All = ctx.actor.customer_scope() {
        return Ok(entries);
    }
    let mut visible = Vec::new();
    for e in entries {
        if let Some(c) = e.customer_id
            && visible_customer(&mut db, ctx, c).await.is_ok()
        {
            visible.push(e);
        }
    }
    Ok(visible)
}

pub async fn audit_of_customer(
    store: &Store,
    ctx: &Ctx,
    customer_id: Uuid,
    limit: u64,
) -> Result<Vec<audit::Entry>> {
    require(ctx.actor.can_read_audit())?;
    let mut db = store.clone();
    visible_customer(&mut db, ctx, customer_id).await?;
    Ok(audit::for_customer(&mut db, customer_id, limit).await?)
}

/// Everything the customer page shows, behind one visibility check; what the actor may not
/// see (internal activities, history, hand-overs for customer users) comes back empty.
pub struct CustomerPage {
    pub customer: Customer,
    pub contacts: Vec<purser_store::contacts::Contact>,
    pub contracts: Vec<purser_store::contracts::Contract>,
    pub activities: Vec<purser_store::activities::Activity>,
    pub audit: Vec<audit::Entry>,
    pub handovers: Vec<Handover>,
}

pub async fn customer_page(store: &Store, ctx: &Ctx, id: Uuid) -> Result<CustomerPage> {
    use crate::children::{Activities, Child, Contacts, Contracts};
    // six reads on one connection: the page waits for the pool once
    let mut db = store.reader().await?;
    let customer = customers::get(&mut db, id, &ctx.actor.customer_scope()).await?;
    let customer = visible_duplicates(&mut db, ctx, customer).await?;
    let staff = ctx.actor.is_staff();
    Ok(CustomerPage {
        contacts: Contacts::list(&mut db, id).await?,
        contracts: Contracts::list(&mut db, id).await?,
        activities: if staff {
            Activities::list(&mut db, id).await?
        } else {
            Vec::new()
        },
        audit: if ctx.actor.can_read_audit() {
            audit::for_customer(&mut db, id, 100).await?
        } else {
            Vec::new()
        },
        handovers: if staff {
            handovers::list(&mut db, id).await?
        } else {
            Vec::new()
        },
        customer,
    })
}
