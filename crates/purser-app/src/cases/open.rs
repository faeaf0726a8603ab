//! Opening a case: numbering it, linking customer and contact, choosing its SLA policy and
//! starting its clocks, routing it and recording the customer's first message.
//!
//! Everything the new row holds is decided first — what the customer, contract and contact
//! say is read before the write lock (on a reader, for the API and the pages), the owner
//! under it from the team's live load — and then the row, its clocks, messages, audit and
//! change feed are written together as deferred writes: one round trip to the database
//! instead of one per statement, and no row written twice.

use super::{clocks, event_message, is_desk, require, routing};
use crate::audit::Audit;
use crate::{AppError, Ctx, Result};
use purser_domain::cases::refs::{RefKind, normalise_ref};
use purser_domain::cases::{CaseChannel, CaseType, Direction, MessageKind};
use purser_domain::customers::{Language, Tier};
use purser_domain::roles::{CustomerScope, Role};
use purser_domain::validation::Problems;
use purser_store::case_messages::{self, NewMessage};
use purser_store::cases::{self, Case, NewCase};
use purser_store::{Db, Store, Tx, contacts, contracts, customers, new_id, now_micros};
use uuid::Uuid;

use super::CaseInput;

fn validate(input: &CaseInput) -> Result<Vec<(RefKind, String)>> {
    let mut p = Problems::new();
    p.text("subject", &input.subject, true, 200);
    if input.tags.len() > 20 {
        p.add("tags", "at most 20 tags");
    }
    for (i, t) in input.tags.iter().enumerate() {
        p.text(&format!("tags/{i}"), t, true, 40);
    }
    if let Some(l) = &input.lane {
        p.text("lane", l, false, 20);
    }
    if let Some(m) = &input.message {
        p.text("message", m, false, 100_000);
    }
    let mut refs = Vec::new();
    for (i, r) in input.refs.iter().enumerate() {
        if let Some(v) = p.check(&format!("refs/{i}/value"), normalise_ref(r.kind, &r.value)) {
            refs.push((r.kind, v));
        }
    }
    p.into_result()?;
    Ok(refs)
}

fn year_now() -> i16 {
    jiff::Zoned::now().year()
}

/// Files a case: numbers it, links customer and contact, picks its SLA policy, routes it,
/// starts its clocks and records the customer's first message, all in one transaction.
pub async fn create_case(store: &Store, ctx: &Ctx, mut input: CaseInput) -> Result<Case> {
    let portal = ctx.actor.role == Role::Customer;
    require(is_desk(ctx) || portal)?;
    if portal {
        input.customer_id = ctx.actor.customer_id;
        input.channel = Some(CaseChannel::Portal);
        input.team_id = None;
        if input.case_type == CaseType::InternalRequest {
            return Err(AppError::field("case_type", "is for staff only"));
        }
    }
    let refs = validate(&input)?;
    let now = now_micros();
    // the desk's configuration and the customer's facts are read before the write lock
    // is taken, so concurrent filings read them side by side
    let (desk, facts) = {
        let mut reader = store.reader().await?;
        let desk = routing::Desk::current(store, &mut reader).await?;
        (desk, Facts::read(&mut reader, ctx, &input).await?)
    };
    // on SQLite this runs on the group-commit thread, with the other filings waiting
    let ctx_ = ctx.clone();
    let case = store
        .write(move |tx| {
            Box::pin(async move { write_case(tx, &ctx_, &desk, &input, &refs, &facts, now).await })
        })
        .await?;
    super::feed::publish(case.id, &case.number, "created");
    Ok(case)
}

/// The body of [`create_case`], for callers that already hold a transaction (mail intake).
pub async fn open_case(
    tx: &mut Tx,
    ctx: &Ctx,
    input: &CaseInput,
    refs: &[(RefKind, String)],
    now: i64,
) -> Result<Case> {
    let desk = routing::Desk::load(tx).await?;
    open_case_in(tx, ctx, &desk, input, refs, now).await
}

/// [`open_case`] with the desk's configuration already read in this transaction (the mail
/// intake opens many cases with one reading).
pub(crate) async fn open_case_in(
    tx: &mut Tx,
    ctx: &Ctx,
    desk: &routing::Desk,
    input: &CaseInput,
    refs: &[(RefKind, String)],
    now: i64,
) -> Result<Case> {
    let facts = Facts::read(tx, ctx, input).await?;
    write_case(tx, ctx, desk, input, refs, &facts, now).await
}

/// What a new case takes from its customer, contract and contact.
struct Facts {
    language: Language,
    tier: Option<Tier>,
    contract_id: Option<Uuid>,
    account_owner: Option<Uuid>,
    /// Who the first message is from, as the timeline names them.
    author: String,
}

impl Facts {
    async fn read(db: &mut impl Db, ctx: &Ctx, input: &CaseInput) -> Result<Facts> {
        let mut facts = Facts {
            language: Language::En,
            tier: None,
            contract_id: None,
            account_owner: None,
            author: if ctx.actor.role == Role::Customer {
                ctx.label.clone()
            } else {
                "customer".into()
            },
        };
        if let Some(cid) = input.customer_id {
            let c = customers::get(db, cid, &CustomerScope::All)
                .await
                .map_err(|_| AppError::field("customer_id", "no such customer"))?;
            facts.language = c.language;
            facts.tier = Some(c.tier);
            facts.account_owner = c.account_owner_id;
            facts.contract_id = current_contract(db, cid).await?.map(|k| k.id);
        }
        if let Some(contact) = input.contact_id {
            let cust = input
                .customer_id
                .ok_or_else(|| AppError::field("contact_id", "needs customer_id"))?;
            let k = contacts::get(db, cust, contact)
                .await
                .map_err(|_| AppError::field("contact_id", "is not a contact of this customer"))?;
            facts.language = k.language;
            if ctx.actor.role != Role::Customer {
                facts.author = k.name;
            }
        }
        Ok(facts)
    }
}

/// Decides everything the new case holds, then writes it (see the module's note).
async fn write_case(
    tx: &mut Tx,
    ctx: &Ctx,
    desk: &routing::Desk,
    input: &CaseInput,
    refs: &[(RefKind, String)],
    facts: &Facts,
    now: i64,
) -> Result<Case> {
    let team = match input.team_id {
        Some(t) => Some(match desk.team(t) {
            Some(team) => team.clone(),
            None => purser_store::teams::get(tx, t)
                .await
                .map_err(|_| AppError::field("team_id", "no such team"))?,
        }),
        None => routing::team_for(&desk.teams, input.lane.as_deref(), facts.tier)
            .and_then(|t| desk.team(t).cloned()),
    };
    let new = NewCase {
        subject: input.subject.trim().to_string(),
        case_type: input.case_type,
        channel: input.channel.unwrap_or(CaseChannel::Api),
        priority: input.priority,
        language: facts.language,
        customer_id: input.customer_id,
        contact_id: input.contact_id,
        team_id: team.as_ref().map(|t| t.id),
        tags: input.tags.iter().map(|t| t.trim().to_lowercase()).collect(),
        lane: input.lane.as_ref().map(|l| l.trim().to_uppercase()),
    };
    let mut case = cases::new_row(tx, new_id(), year_now(), &new).await?;
    let mut started = None;
    if let Some(policy) = clocks::choose_policy(
        &desk.policies,
        facts.tier,
        facts.contract_id,
        case.case_type,
        case.priority,
    ) {
        case.sla_policy_id = Some(policy.id);
        let fresh = match desk.calendar_of(&case) {
            Some((cal, warn)) => clocks::plan_new(&case, &policy, cal, warn, now),
            None => {
                let (cal, warn) = clocks::calendar_of(tx, &case).await?;
                clocks::plan_new(&case, &policy, &cal, warn, now)
            }
        };
        case.due_at = Some(fresh.deadline.due);
        case.warn_at = Some(fresh.deadline.warn_at);
        case.sla_state = fresh.deadline.worst.to_string();
        started = Some(fresh);
    }
    let first = input
        .message
        .as_deref()
        .filter(|m| !m.trim().is_empty())
        .map(|text| NewMessage {
            kind: MessageKind::Public,
            direction: Direction::Inbound,
            author_id: (ctx.actor.role == Role::Customer).then_some(ctx.actor.user_id),
            author_name: facts.author.clone(),
            body: text.to_string(),
            mentions: vec![],
            meta: serde_json::json!({}),
            outbox_id: None,
            delivery: None,
            at: now,
        });
    let unrouted = case.clone();
    let (owner, reason) =
        routing::decide(tx, team.as_ref(), &case, facts.account_owner, now).await?;
    let named = owner.as_ref().map(|(u, name)| (*u, name.as_str()));
    let routed = event_message(&routing::owner_sentence(named, &reason), now);
    case.assignee_id = named.map(|(u, _)| u);
    case.assign_reason = reason;
    // the customer's message, then routing's line
    let messages: Vec<&NewMessage> = first.iter().chain([&routed]).collect();
    case.message_count = messages.len() as i64;
    case.last_message_at = now;

    cases::insert_row(tx, &case).await?;
    cases::add_refs(tx, case.id, refs).await?;
    if let Some(fresh) = &started {
        fresh.write(tx, case.id).await?;
    }
    for (seq, m) in (1..).zip(messages) {
        case_messages::insert_numbered(tx, case.id, seq, m).await?;
    }
    routing::announce_owner(tx, ctx, &unrouted, &case, named, now).await?;
    Audit::that(ctx)
        .did("create")
        .on("case", case.id)
        .for_customer(case.customer_id)
        .after(&case)
        .write(tx)
        .await?;
    Ok(case)
}

/// The customer's contract in force today, if any (SLA policy and authority limits).
pub(crate) async fn current_contract(
    db: &mut impl Db,
    customer_id: Uuid,
) -> Result<Option<purser_store::contracts::Contract>> {
    let today = jiff::Zoned::now().date().to_string();
    Ok(contracts::list(db, customer_id)
        .await?
        .into_iter()
        .find(|k| !k.archived && k.valid_from <= today && today <= k.valid_to))
}
