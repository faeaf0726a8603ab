//! The service desk's use cases: cases and their conversation, routing, SLA clocks,
//! follow-ups, department tasks, complaints, links and shift hand-overs.
//!
//! Every function checks the actor, applies the domain's rules and writes the change, its
//! audit entry and its outbox rows in one transaction; [`feed`] hears of it after commit.

pub(crate) mod clocks;
pub mod conversation;
pub mod feed;
mod open;
pub mod routing;
pub mod setup;
pub mod sla_watch;
pub mod work;

pub use open::{create_case, open_case};
pub(crate) use open::{current_contract, open_case_in};

use crate::audit::Audit;
use crate::{AppError, Ctx, Result};
use purser_domain::cases::refs::{RefKind, normalise_ref};
use purser_domain::cases::sla::Target;
use purser_domain::cases::state::CaseStatus;
use purser_domain::cases::{CaseChannel, CaseType, Direction, MessageKind, Priority};
use purser_domain::roles::{CustomerScope, Role};
use purser_domain::validation::Problems;
use purser_store::case_messages::{self, Message, NewMessage};
use purser_store::cases::{self, Case, CaseRef, Cursor, ListQuery, View};
use purser_store::{Db, Store, Tx, now_micros, sea_query::Expr};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefInput {
    pub kind: RefKind,
    /// Letters, digits, '-', '/', '.' and inner spaces, at most 40; a container number's
    /// check digit must hold too (ISO 6346).
    #[schema(pattern = "^\\s*[A-Za-z0-9./-]([A-Za-z0-9./ -]{0,38}[A-Za-z0-9./-])?\\s*$")]
    pub value: String,
}

/// A new case as an agent, an integrator or a customer files it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseInput {
    pub subject: String,
    #[serde(default = "default_type")]
    pub case_type: CaseType,
    /// Defaults to `api` (`portal` for customer users).
    #[serde(default)]
    pub channel: Option<CaseChannel>,
    #[serde(default = "default_priority")]
    pub priority: Priority,
    #[serde(default)]
    pub customer_id: Option<Uuid>,
    #[serde(default)]
    pub contact_id: Option<Uuid>,
    #[serde(default)]
    pub team_id: Option<Uuid>,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Trade lane such as `TW-US`, used by routing.
    #[serde(default)]
    #[schema(max_length = 20)]
    pub lane: Option<String>,
    #[serde(default)]
    pub refs: Vec<RefInput>,
    /// The customer's words: the case's first message (inbound).
    #[serde(default)]
    pub message: Option<String>,
}

fn default_type() -> CaseType {
    CaseType::Inquiry
}
fn default_priority() -> Priority {
    Priority::Normal
}

pub(crate) fn require(allowed: bool) -> Result<()> {
    if allowed {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Staff who work cases: agents, supervisors, admins.
pub(crate) fn is_desk(ctx: &Ctx) -> bool {
    matches!(ctx.actor.role, Role::Admin | Role::Supervisor | Role::Agent)
}

pub(crate) fn is_supervisor(ctx: &Ctx) -> bool {
    matches!(ctx.actor.role, Role::Admin | Role::Supervisor)
}

/// Which cases an actor sees: desk staff all, customers their company's, department
/// users those with a task for their department (checked per case by [`visible_case`]).
fn scope(ctx: &Ctx) -> CustomerScope {
    if is_desk(ctx) {
        CustomerScope::All
    } else {
        ctx.actor.customer_scope()
    }
}

/// A case the actor may see; anything else is NotFound.
pub(crate) async fn visible_case(db: &mut impl Db, ctx: &Ctx, id: Uuid) -> Result<Case> {
    if ctx.actor.role == Role::Department {
        let case = cases::get(db, id, &CustomerScope::All).await?;
        let dept = ctx.actor.department.ok_or(AppError::NotFound)?;
        let tasks = purser_store::dept_tasks::of_case(db, id).await?;
        if tasks.iter().any(|t| t.department == dept) {
            return Ok(case);
        }
        return Err(AppError::NotFound);
    }
    if ctx.actor.role == Role::Customer && ctx.actor.customer_id.is_none() {
        return Err(AppError::NotFound);
    }
    Ok(cases::get(db, id, &scope(ctx)).await?)
}

pub async fn get_case(store: &Store, ctx: &Ctx, id: Uuid) -> Result<Case> {
    let mut db = store.clone();
    visible_case(&mut db, ctx, id).await
}

pub async fn list_cases(
    store: &Store,
    ctx: &Ctx,
    lq: &ListQuery,
) -> Result<(Vec<Case>, Option<Cursor>)> {
    // a view of several teams reads one range per team: on one connection
    let mut db = store.reader().await?;
    let lq = match (&lq.view, ctx.actor.role) {
        (_, Role::Customer) => {
            let c = ctx.actor.customer_id.ok_or(AppError::NotFound)?;
            ListQuery {
                view: View::Customer(c),
                ..lq.clone()
            }
        }
        (_, Role::Department) => return Err(AppError::Forbidden),
        _ => lq.clone(),
    };
    Ok(cases::list(&mut db, &scope(ctx), &lq).await?)
}

/// Everything the case page shows, read in one go.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CasePage {
    pub case: Case,
    pub messages: Vec<Message>,
    pub refs: Vec<CaseRef>,
    pub links: Vec<purser_store::cases::CaseLink>,
    pub attachments: Vec<purser_store::case_messages::Attachment>,
    pub clocks: Vec<purser_store::sla::ClockRow>,
    pub sla_history: Vec<purser_store::sla::SlaEvent>,
    pub follow_ups: Vec<purser_store::follow_ups::FollowUp>,
    pub tasks: Vec<purser_store::dept_tasks::DeptTask>,
    pub complaint_steps: Vec<purser_store::complaints::StepRow>,
    pub goodwill: Vec<purser_store::complaints::Goodwill>,
    /// Other open cases of the same customer: possible duplicates to merge.
    pub similar: Vec<Case>,
    /// Colleagues who have the case open now, those replying first (staff only).
    pub presence: Vec<purser_domain::cases::presence::Mark>,
}

pub async fn case_page(store: &Store, ctx: &Ctx, id: Uuid) -> Result<CasePage> {
    // a dozen reads on one connection: the page waits for the pool once
    let mut db = store.reader().await?;
    let case = visible_case(&mut db, ctx, id).await?;
    let customer_view = ctx.actor.role == Role::Customer;
    let messages = case_messages::of_case(&mut db, id, customer_view, 500).await?;
    let mut attachments = case_messages::attachments_of_case(&mut db, id).await?;
    if customer_view {
        let mut messages = messages;
        messages
            .iter_mut()
            .for_each(conversation::hide_blind_copies);
        attachments.retain(|a| messages.iter().any(|m| m.id == a.message_id));
        return Ok(CasePage {
            refs: cases::refs(&mut db, id).await?,
            case,
            messages,
            links: vec![],
            attachments,
            clocks: vec![],
            sla_history: vec![],
            follow_ups: vec![],
            tasks: vec![],
            complaint_steps: vec![],
            goodwill: vec![],
            similar: vec![],
            presence: vec![],
        });
    }
    let similar = match case.customer_id {
        Some(c) => {
            let words = significant_words(&case.subject);
            cases::similar(&mut db, c, id, 20)
                .await?
                .into_iter()
                .filter(|o| {
                    let other = significant_words(&o.subject);
                    words.iter().any(|w| other.contains(w))
                })
                .take(5)
                .collect()
        }
        None => vec![],
    };
    Ok(CasePage {
        refs: cases::refs(&mut db, id).await?,
        links: cases::links(&mut db, id).await?,
        attachments,
        clocks: purser_store::sla::clocks(&mut db, id).await?,
        sla_history: purser_store::sla::history(&mut db, id).await?,
        follow_ups: purser_store::follow_ups::of_case(&mut db, id).await?,
        tasks: purser_store::dept_tasks::of_case(&mut db, id).await?,
        complaint_steps: purser_store::complaints::steps(&mut db, id).await?,
        goodwill: purser_store::complaints::goodwill_of_case(&mut db, id).await?,
        similar,
        presence: purser_store::presence::others_on(
            &mut db,
            id,
            ctx.actor.user_id,
            purser_store::now_micros(),
        )
        .await?,
        messages,
        case,
    })
}

/// Words of a subject that say something (for the likely-duplicate hint); CJK text
/// contributes its bigrams.
fn significant_words(s: &str) -> Vec<String> {
    const STOP: &[&str] = &[
        "re", "fw", "fwd", "the", "and", "for", "please", "of", "to", "a",
    ];
    let lower = s.to_lowercase();
    let mut out: Vec<String> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3 && !STOP.contains(w) && w.is_ascii())
        .map(str::to_string)
        .collect();
    let cjk: Vec<char> = lower
        .chars()
        .filter(|c| !c.is_ascii() && c.is_alphanumeric())
        .collect();
    out.extend(cjk.windows(2).map(|w| w.iter().collect::<String>()));
    out
}

/// Fields staff may change on a case besides its status and owner.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseChange {
    pub subject: Option<String>,
    pub case_type: Option<CaseType>,
    pub priority: Option<Priority>,
    pub tags: Option<Vec<String>>,
    #[schema(max_length = 20)]
    pub lane: Option<String>,
    #[serde(default)]
    pub add_refs: Vec<RefInput>,
}

pub async fn update_case(
    store: &Store,
    ctx: &Ctx,
    id: Uuid,
    if_match: Option<i64>,
    change: CaseChange,
) -> Result<Case> {
    require(is_desk(ctx))?;
    let mut p = Problems::new();
    let mut values = Vec::new();
    if let Some(s) = &change.subject {
        p.text("subject", s, true, 200);
        values.push(("subject", Expr::val(s.trim())));
    }
    if let Some(t) = change.case_type {
        values.push(("case_type", Expr::val(t.as_str())));
    }
    if let Some(pr) = change.priority {
        values.push(("priority", Expr::val(pr.as_str())));
    }
    if let Some(tags) = &change.tags {
        for (i, t) in tags.iter().enumerate() {
            p.text(&format!("tags/{i}"), t, true, 40);
        }
        let tags: Vec<String> = tags.iter().map(|t| t.trim().to_lowercase()).collect();
        values.push(("tags", Expr::val(serde_json::json!(tags))));
    }
    if let Some(l) = &change.lane {
        p.text("lane", l, false, 20);
        values.push(("lane", Expr::val(l.trim().to_uppercase())));
    }
    let mut refs = Vec::new();
    for (i, r) in change.add_refs.iter().enumerate() {
        if let Some(v) = p.check(
            &format!("add_refs/{i}/value"),
            normalise_ref(r.kind, &r.value),
        ) {
            refs.push((r.kind, v));
        }
    }
    p.into_result()?;
    let mut tx = store.begin().await?;
    let before = visible_case(&mut tx, ctx, id).await?;
    let after = cases::update(&mut tx, id, if_match, values).await?;
    for (k, v) in &refs {
        cases::add_ref(&mut tx, id, *k, v).await?;
    }
    Audit::that(ctx)
        .did("update")
        .on("case", id)
        .for_customer(after.customer_id)
        .before(&before)
        .after(&after)
        .write(&mut tx)
        .await?;
    tx.commit().await?;
    feed::publish(id, &after.number, "updated");
    Ok(after)
}

/// Moves a case to a status by the state machine; an illegal move is a Conflict (409).
pub async fn change_status(
    store: &Store,
    ctx: &Ctx,
    id: Uuid,
    if_match: Option<i64>,
    to: CaseStatus,
) -> Result<Case> {
    require(is_desk(ctx))?;
    let mut tx = store.begin().await?;
    let before = visible_case(&mut tx, ctx, id).await?;
    let after = move_status(&mut tx, ctx, &before, if_match, to, now_micros()).await?;
    tx.commit().await?;
    feed::publish(id, &after.number, "status");
    Ok(after)
}

/// Applies a status change and everything that follows from it: pauses, stops or resumes
/// the clocks, records an event in the conversation and the audit entry.
pub(crate) async fn move_status(
    tx: &mut Tx,
    ctx: &Ctx,
    before: &Case,
    if_match: Option<i64>,
    to: CaseStatus,
    now: i64,
) -> Result<Case> {
    let to = before
        .status
        .move_to(to)
        .map_err(|e| AppError::Conflict(e.to_string()))?;
    let after = cases::set_status(tx, before.id, if_match, to).await?;
    status_effects(tx, ctx, before, &after, now).await?;
    Ok(after)
}

/// What a status change does to the clocks and the conversation (shared by explicit moves
/// and replies that move a case).
pub(crate) async fn status_effects(
    tx: &mut Tx,
    ctx: &Ctx,
    before: &Case,
    after: &Case,
    now: i64,
) -> Result<()> {
    if before.status == after.status {
        return Ok(());
    }
    if after.status.pauses_clock() != before.status.pauses_clock() {
        clocks::set_paused(tx, after.id, after.status.pauses_clock(), now).await?;
    }
    if after.status == CaseStatus::Resolved {
        clocks::stop(tx, after.id, Target::Resolution, now).await?;
        clocks::stop(tx, after.id, Target::NextResponse, now).await?;
    }
    if !before.status.is_active() && after.status.is_active() {
        clocks::reopen(tx, after.id, now).await?;
    }
    let (cal, warn) = clocks::calendar_of(tx, after).await?;
    clocks::refresh(tx, after, &cal, warn, now).await?;
    event(
        tx,
        after.id,
        &format!("status {} → {}", before.status, after.status),
        now,
    )
    .await?;
    Audit::that(ctx)
        .did("update")
        .on("case", after.id)
        .for_customer(after.customer_id)
        .before(before)
        .after(after)
        .write(tx)
        .await?;
    Ok(())
}

/// A line Purser writes into a case's conversation (assignments, status, SLA).
pub(crate) async fn event(db: &mut impl Db, case_id: Uuid, text: &str, at: i64) -> Result<()> {
    case_messages::append(db, case_id, &event_message(text, at)).await?;
    Ok(())
}

/// Purser's own line on a case's timeline.
pub(crate) fn event_message(text: &str, at: i64) -> NewMessage {
    NewMessage {
        kind: MessageKind::Event,
        direction: Direction::Outbound,
        author_id: None,
        author_name: "Purser".into(),
        body: text.to_string(),
        mentions: vec![],
        meta: serde_json::json!({}),
        outbox_id: None,
        delivery: None,
        at,
    }
}
