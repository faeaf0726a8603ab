//! Work around a case: follow-up promises, department tasks, the complaint procedure and
//! goodwill, merging/splitting/linking cases, and the shift hand-over.

use super::conversation::{self, ReplyInput};
use super::routing::{parse_time, release_cases};
use super::{event, feed, is_desk, is_supervisor, move_status, require, visible_case};
use crate::audit::Audit;
use crate::{AppError, Ctx, Result};
use purser_domain::cases::LinkKind;
use purser_domain::cases::complaint::{
    ComplaintStep, GoodwillKind, GoodwillState, authority_limit, goodwill_state,
};
use purser_domain::cases::state::CaseStatus;
use purser_domain::cases::{CaseType, Direction, MessageKind};
use purser_domain::roles::{CustomerScope, Department, Role};
use purser_domain::validation::Problems;
use purser_store::case_messages::{self, NewMessage};
use purser_store::cases::{self, Case};
use purser_store::complaints::{self, Goodwill, StepRow};
use purser_store::dept_tasks::{self, DeptTask};
use purser_store::follow_ups::{self, FollowUp};
use purser_store::shift_handovers::{self, ShiftHandover};
use purser_store::{Store, notifications, now_micros, sea_query::Expr, users};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::str::FromStr;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowUpInput {
    /// What was promised, in the customer's words ("confirm the vessel's new ETA").
    pub action: String,
    /// When, RFC 3339.
    #[schema(format = DateTime)]
    pub due_at: String,
    /// Minutes before `due_at` to remind the agent (default 30), up to a week.
    #[serde(default = "default_remind")]
    #[schema(minimum = 0, maximum = 10080)]
    pub remind_mins: i64,
}

fn default_remind() -> i64 {
    30
}

pub async fn promise(
    store: &Store,
    ctx: &Ctx,
    case_id: Uuid,
    input: FollowUpInput,
) -> Result<FollowUp> {
    require(is_desk(ctx))?;
    let mut p = Problems::new();
    p.text("action", &input.action, true, 500);
    if !(0..=10_080).contains(&input.remind_mins) {
        p.add("remind_mins", "must be 0 to 10080");
    }
    p.into_result()?;
    let now = now_micros();
    let due = purser_domain::cases::due::ahead(parse_time("due_at", &input.due_at)?, now)
        .map_err(|m| AppError::field("due_at", m))?;
    let mut tx = store.begin().await?;
    let case = visible_case(&mut tx, ctx, case_id).await?;
    if !case.status.is_active() {
        return Err(AppError::Conflict("the case is not open".into()));
    }
    let agent = case.assignee_id.unwrap_or(ctx.actor.user_id);
    let f = follow_ups::insert(
        &mut tx,
        case_id,
        agent,
        input.action.trim(),
        due,
        (due - input.remind_mins * 60_000_000).max(now),
    )
    .await?;
    event(
        &mut tx,
        case_id,
        &format!("promised: {} by {}", f.action, super::clocks::ts(due)),
        now,
    )
    .await?;
    Audit::that(ctx)
        .did("promise")
        .on("case", case_id)
        .for_customer(case.customer_id)
        .after(&f)
        .write(&mut tx)
        .await?;
    tx.commit().await?;
    feed::publish(case_id, &case.number, "promise");
    Ok(f)
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowUpDone {
    /// The outcome; with `tell_customer` it is sent to the customer as a public reply.
    pub outcome: String,
    #[serde(default)]
    pub tell_customer: bool,
}

/// Keeps a promise: records the outcome (on time or late) and, if asked, tells the customer.
pub async fn keep_promise(
    store: &Store,
    ctx: &Ctx,
    case_id: Uuid,
    id: Uuid,
    input: FollowUpDone,
) -> Result<FollowUp> {
    require(is_desk(ctx))?;
    let mut p = Problems::new();
    p.text("outcome", &input.outcome, true, 10_000);
    p.into_result()?;
    let now = now_micros();
    let mut tx = store.begin().await?;
    let case = visible_case(&mut tx, ctx, case_id).await?;
    let f = follow_ups::get(&mut tx, id).await?;
    if f.case_id != case_id {
        return Err(AppError::NotFound);
    }
    if follow_ups::complete(&mut tx, id, input.outcome.trim(), now).await? == 0 {
        return Err(AppError::Conflict("this promise is already kept".into()));
    }
    let done = follow_ups::get(&mut tx, id).await?;
    let on_time = if done.kept() == Some(true) {
        "on time"
    } else {
        "late"
    };
    event(
        &mut tx,
        case_id,
        &format!("promise kept {on_time}: {}", done.action),
        now,
    )
    .await?;
    Audit::that(ctx)
        .did("keep_promise")
        .on("case", case_id)
        .for_customer(case.customer_id)
        .before(&f)
        .after(&done)
        .write(&mut tx)
        .await?;
    tx.commit().await?;
    if input.tell_customer {
        conversation::reply(
            store,
            ctx,
            case_id,
            ReplyInput {
                body: input.outcome,
                status: None,
                attachments: vec![],
                cc: vec![],
                bcc: vec![],
            },
        )
        .await?;
    }
    feed::publish(case_id, &case.number, "promise");
    Ok(done)
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TaskInput {
    pub department: Department,
    pub question: String,
    /// RFC 3339.
    pub due_at: String,
}

/// Asks a department a question; the case waits on internal until it answers.
pub async fn ask_department(
    store: &Store,
    ctx: &Ctx,
    case_id: Uuid,
    input: TaskInput,
) -> Result<DeptTask> {
    require(is_desk(ctx))?;
    let mut p = Problems::new();
    p.text("question", &input.question, true, 10_000);
    if input.department == Department::CustomerService {
        p.add(
            "department",
            "must be sales, logistics, operations or finance",
        );
    }
    p.into_result()?;
    let now = now_micros();
    // the same rule and message as a promised follow-up's due date
    let due = purser_domain::cases::due::ahead(parse_time("due_at", &input.due_at)?, now)
        .map_err(|m| AppError::field("due_at", m))?;
    let mut tx = store.begin().await?;
    let case = visible_case(&mut tx, ctx, case_id).await?;
    if !case.status.is_active() {
        return Err(AppError::Conflict("the case is not open".into()));
    }
    let t = dept_tasks::insert(
        &mut tx,
        case_id,
        input.department,
        input.question.trim(),
        due,
        ctx.actor.user_id,
        now,
    )
    .await?;
    event(
        &mut tx,
        case_id,
        &format!("asked {}: {}", input.department, t.question),
        now,
    )
    .await?;
    if case.status != CaseStatus::WaitingOnInternal
        && case.status.can_move_to(CaseStatus::WaitingOnInternal)
    {
        move_status(
            &mut tx,
            ctx,
            &case,
            None,
            CaseStatus::WaitingOnInternal,
            now,
        )
        .await?;
    }
    for u in users::list(&mut tx).await? {
        if u.role == Role::Department
            && u.active
            && dept_of(&mut tx, &u).await? == Some(input.department)
        {
            notifications::insert(
                &mut tx,
                u.id,
                "dept_task",
                &format!("{} asks {}", case.number, input.department),
                &t.question,
                &format!("/tasks/{}", t.id),
            )
            .await?;
        }
    }
    Audit::that(ctx)
        .did("ask")
        .on("dept_task", t.id)
        .for_customer(case.customer_id)
        .after(&t)
        .write(&mut tx)
        .await?;
    tx.commit().await?;
    feed::publish(case_id, &case.number, "task");
    Ok(t)
}

async fn dept_of(db: &mut impl purser_store::Db, u: &users::User) -> Result<Option<Department>> {
    Ok(match u.department_id {
        Some(d) => Some(users::get_department(db, d).await?.kind),
        None => None,
    })
}

/// A department's queue: its open questions by due time (or answered ones).
pub async fn department_queue(
    store: &Store,
    ctx: &Ctx,
    department: Department,
    answered: bool,
) -> Result<Vec<DeptTask>> {
    let own = ctx.actor.role == Role::Department && ctx.actor.department == Some(department);
    require(own || is_desk(ctx))?;
    Ok(dept_tasks::queue(&mut store.clone(), department, answered, 200).await?)
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerInput {
    pub answer: String,
}

/// The department answers: the answer becomes a note on the case, its owner is told, and
/// a case waiting only on this answer opens again.
pub async fn answer_task(
    store: &Store,
    ctx: &Ctx,
    task_id: Uuid,
    input: AnswerInput,
) -> Result<DeptTask> {
    let mut p = Problems::new();
    p.text("answer", &input.answer, true, 10_000);
    p.into_result()?;
    let now = now_micros();
    let mut tx = store.begin().await?;
    let t = dept_tasks::get(&mut tx, task_id).await?;
    let own = ctx.actor.role == Role::Department && ctx.actor.department == Some(t.department);
    if !own && !is_desk(ctx) {
        return Err(AppError::NotFound);
    }
    if dept_tasks::answer(
        &mut tx,
        task_id,
        ctx.actor.user_id,
        input.answer.trim(),
        now,
    )
    .await?
        == 0
    {
        return Err(AppError::Conflict("this task is already answered".into()));
    }
    let case = cases::get(&mut tx, t.case_id, &CustomerScope::All).await?;
    let by = ctx.name().to_string();
    case_messages::append(
        &mut tx,
        case.id,
        &NewMessage {
            kind: MessageKind::Note,
            direction: Direction::Inbound,
            author_id: Some(ctx.actor.user_id),
            author_name: format!("{by} ({})", t.department),
            body: format!("Q: {}\nA: {}", t.question, input.answer.trim()),
            mentions: vec![],
            meta: serde_json::json!({ "task_id": t.id }),
            outbox_id: None,
            delivery: None,
            at: now,
        },
    )
    .await?;
    let still_open = dept_tasks::open_of_cases(&mut tx, &[case.id]).await?;
    if still_open.is_empty() && case.status == CaseStatus::WaitingOnInternal {
        move_status(&mut tx, ctx, &case, None, CaseStatus::Open, now).await?;
    }
    if let Some(owner) = case.assignee_id {
        notifications::insert(
            &mut tx,
            owner,
            "dept_answer",
            &format!("{} answered on {}", t.department, case.number),
            &input.answer,
            &format!("/cases/{}", case.id),
        )
        .await?;
    }
    let after = dept_tasks::get(&mut tx, task_id).await?;
    Audit::that(ctx)
        .did("answer")
        .on("dept_task", t.id)
        .for_customer(case.customer_id)
        .before(&t)
        .after(&after)
        .write(&mut tx)
        .await?;
    tx.commit().await?;
    feed::publish(case.id, &case.number, "task");
    Ok(after)
}

pub async fn get_task(store: &Store, ctx: &Ctx, task_id: Uuid) -> Result<DeptTask> {
    let t = dept_tasks::get(&mut store.clone(), task_id).await?;
    let own = ctx.actor.role == Role::Department && ctx.actor.department == Some(t.department);
    if !own && !is_desk(ctx) {
        return Err(AppError::NotFound);
    }
    Ok(t)
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DepartmentFigure {
    pub department: String,
    pub answered: i64,
    /// Mean time from question to answer, minutes.
    pub mean_answer_mins: f64,
    /// Share answered by the due time, percent.
    pub on_time_percent: f64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AgentPromises {
    pub agent_id: Uuid,
    pub kept: i64,
    pub kept_on_time: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Collaboration {
    pub departments: Vec<DepartmentFigure>,
    pub promises: Vec<AgentPromises>,
}

/// Department response times and promises kept per agent over the last `days`.
pub async fn collaboration(store: &Store, ctx: &Ctx, days: i64) -> Result<Collaboration> {
    require(is_supervisor(ctx))?;
    let since = now_micros() - days.clamp(1, 3650) * 86_400_000_000;
    let mut db = store.clone();
    let departments = dept_tasks::response_times(&mut db, since)
        .await?
        .into_iter()
        .map(|(department, n, total, on_time)| DepartmentFigure {
            department,
            answered: n,
            mean_answer_mins: if n > 0 {
                total as f64 / n as f64 / 60e6
            } else {
                0.0
            },
            on_time_percent: if n > 0 {
                on_time as f64 * 100.0 / n as f64
            } else {
                0.0
            },
        })
        .collect();
    let promises = follow_ups::kept_per_agent(&mut db, since)
        .await?
        .into_iter()
        .map(|(agent_id, kept, kept_on_time)| AgentPromises {
            agent_id,
            kept,
            kept_on_time,
        })
        .collect();
    Ok(Collaboration {
        departments,
        promises,
    })
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StepInput {
    pub step: ComplaintStep,
    pub note: String,
}

/// Records the next step of a complaint; steps go in order, each once.
pub async fn complaint_step(
    store: &Store,
    ctx: &Ctx,
    case_id: Uuid,
    input: StepInput,
) -> Result<Vec<StepRow>> {
    require(is_desk(ctx))?;
    let mut p = Problems::new();
    p.text("note", &input.note, true, 10_000);
    p.into_result()?;
    let now = now_micros();
    let mut tx = store.begin().await?;
    let case = visible_case(&mut tx, ctx, case_id).await?;
    if case.case_type != CaseType::Complaint {
        return Err(AppError::Conflict(
            "only complaints follow the complaint procedure".into(),
        ));
    }
    let done: Vec<ComplaintStep> = complaints::steps(&mut tx, case_id)
        .await?
        .iter()
        .map(|s| s.step)
        .collect();
    ComplaintStep::check_next(&done, input.step).map_err(AppError::Conflict)?;
    complaints::add_step(
        &mut tx,
        case_id,
        input.step,
        input.note.trim(),
        ctx.actor.user_id,
        now,
    )
    .await?;
    event(
        &mut tx,
        case_id,
        &format!("complaint step: {}", input.step.as_str().replace('_', " ")),
        now,
    )
    .await?;
    let steps = complaints::steps(&mut tx, case_id).await?;
    Audit::that(ctx)
        .did("complaint_step")
        .on("case", case_id)
        .for_customer(case.customer_id)
        .after_maybe(steps.last())
        .write(&mut tx)
        .await?;
    tx.commit().await?;
    feed::publish(case_id, &case.number, "complaint");
    Ok(steps)
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GoodwillInput {
    pub kind: GoodwillKind,
    /// Decimal string, e.g. "150.00".
    pub amount: String,
    /// ISO 4217 currency code.
    #[schema(pattern = "^\\s*[A-Za-z]{3}\\s*$")]
    pub currency: String,
    pub reason: String,
}

/// The default limit of an agent without a contract limit, in the contract currency.
pub const ROLE_DEFAULT_LIMIT: i64 = 100;

/// Goodwill within the agent's authority (the contract's limit, else the role's) is
/// granted at once; above it waits for a supervisor, who is told.
pub async fn request_goodwill(
    store: &Store,
    ctx: &Ctx,
    case_id: Uuid,
    input: GoodwillInput,
) -> Result<Goodwill> {
    require(is_desk(ctx))?;
    let mut p = Problems::new();
    let amount = p.check(
        "amount",
        Decimal::from_str(input.amount.trim()).map_err(|_| "must be a decimal such as 150.00"),
    );
    if amount.is_some_and(|a| a <= Decimal::ZERO) {
        p.add("amount", "must be more than zero");
    }
    let cur = input.currency.trim().to_uppercase();
    if cur.len() != 3 || !cur.bytes().all(|b| b.is_ascii_uppercase()) {
        p.add("currency", "must be an ISO 4217 code, e.g. USD");
    }
    p.text("reason", &input.reason, true, 2000);
    p.into_result()?;
    let amount = amount.unwrap_or_default();
    let now = now_micros();
    let mut tx = store.begin().await?;
    let case = visible_case(&mut tx, ctx, case_id).await?;
    let contract = match case.customer_id {
        Some(c) => super::current_contract(&mut tx, c).await?,
        None => None,
    };
    let contract_limit = contract
        .as_ref()
        .filter(|k| k.authority_limits.currency == cur)
        .map(|k| k.authority_limits.agent_waiver_limit);
    let limit = authority_limit(contract_limit, Decimal::from(ROLE_DEFAULT_LIMIT));
    let state = goodwill_state(amount, limit, is_supervisor(ctx));
    let g = complaints::add_goodwill(
        &mut tx,
        case_id,
        input.kind,
        &amount.to_string(),
        &cur,
        input.reason.trim(),
        state,
        &limit.to_string(),
        ctx.actor.user_id,
        now,
    )
    .await?;
    let line = format!(
        "goodwill {} {} {}: {}",
        input.kind.as_str().replace('_', " "),
        cur,
        amount,
        state.as_str().replace('_', " ")
    );
    event(&mut tx, case_id, &line, now).await?;
    if state == GoodwillState::AwaitingApproval {
        for u in users::list(&mut tx).await? {
            if u.active && u.role == Role::Supervisor {
                notifications::insert(
                    &mut tx,
                    u.id,
                    "goodwill_approval",
                    &format!("{}: approve {cur} {amount}?", case.number),
                    &g.reason,
                    &format!("/cases/{}", case.id),
                )
                .await?;
            }
        }
    }
    Audit::that(ctx)
        .did("goodwill")
        .on("case", case_id)
        .for_customer(case.customer_id)
        .after(&g)
        .write(&mut tx)
        .await?;
    tx.commit().await?;
    feed::publish(case_id, &case.number, "goodwill");
    Ok(g)
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionInput {
    pub approve: bool,
}

pub async fn decide_goodwill(
    store: &Store,
    ctx: &Ctx,
    case_id: Uuid,
    id: Uuid,
    input: DecisionInput,
) -> Result<Goodwill> {
    require(is_supervisor(ctx))?;
    let now = now_micros();
    let mut tx = store.begin().await?;
    let case = visible_case(&mut tx, ctx, case_id).await?;
    let before = complaints::goodwill(&mut tx, id).await?;
    if before.case_id != case_id {
        return Err(AppError::NotFound);
    }
    let state = if input.approve {
        GoodwillState::Approved
    } else {
        GoodwillState::Rejected
    };
    if complaints::decide(&mut tx, id, state, ctx.actor.user_id, now).await? == 0 {
        return Err(AppError::Conflict(
            "this goodwill request is already decided".into(),
        ));
    }
    let after = complaints::goodwill(&mut tx, id).await?;
    event(
        &mut tx,
        case_id,
        &format!(
            "goodwill {} {}: {}",
            after.currency,
            after.amount,
            state.as_str()
        ),
        now,
    )
    .await?;
    notifications::insert(
        &mut tx,
        before.requested_by,
        "goodwill_decided",
        &format!("{}: goodwill {}", case.number, state.as_str()),
        &after.reason,
        &format!("/cases/{}", case.id),
    )
    .await?;
    Audit::that(ctx)
        .did("decide_goodwill")
        .on("case", case_id)
        .for_customer(case.customer_id)
        .before(&before)
        .after(&after)
        .write(&mut tx)
        .await?;
    tx.commit().await?;
    feed::publish(case_id, &case.number, "goodwill");
    Ok(after)
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkInput {
    pub other_id: Uuid,
    /// child (the other becomes this case's child) or related.
    pub kind: LinkKind,
}

pub async fn link_cases(store: &Store, ctx: &Ctx, case_id: Uuid, input: LinkInput) -> Result<Case> {
    require(is_desk(ctx))?;
    if input.other_id == case_id {
        return Err(AppError::field("other_id", "a case cannot link to itself"));
    }
    if input.kind == LinkKind::MergedInto {
        return Err(AppError::field("kind", "merging has its own action"));
    }
    let now = now_micros();
    let mut tx = store.begin().await?;
    let case = visible_case(&mut tx, ctx, case_id).await?;
    let other = visible_case(&mut tx, ctx, input.other_id)
        .await
        .map_err(|_| AppError::field("other_id", "no such case"))?;
    if cases::links(&mut tx, case_id)
        .await?
        .iter()
        .any(|l| l.other_id == other.id)
    {
        return Err(AppError::Conflict("these cases are already linked".into()));
    }
    cases::link(&mut tx, case_id, other.id, input.kind).await?;
    let back = if input.kind == LinkKind::Child {
        LinkKind::Related
    } else {
        input.kind
    };
    cases::link(&mut tx, other.id, case_id, back).await?;
    if input.kind == LinkKind::Child {
        cases::update(
            &mut tx,
            other.id,
            None,
            vec![("parent_id", Expr::val(case_id))],
        )
        .await?;
    }
    event(
        &mut tx,
        case_id,
        &format!("linked {} as {}", other.number, input.kind),
        now,
    )
    .await?;
    Audit::that(ctx)
        .did("link")
        .on("case", case_id)
        .for_customer(case.customer_id)
        .after(&serde_json::json!({"other": other.number, "kind": input.kind}))
        .write(&mut tx)
        .await?;
    tx.commit().await?;
    feed::publish(case_id, &case.number, "linked");
    Ok(case)
}

/// Copies a message onto another case (merge, split), marked with where it came from;
/// its attachments go with it (the bytes are stored once by hash, so nothing is copied).
async fn copy_message(
    tx: &mut purser_store::Tx,
    m: case_messages::Message,
    attachments: &[case_messages::Attachment],
    to: Uuid,
    mark: &str,
    from_number: &str,
) -> Result<()> {
    let mut meta = m.meta.clone();
    meta[mark] = serde_json::json!(from_number);
    let copy = case_messages::append(
        tx,
        to,
        &NewMessage {
            kind: m.kind,
            direction: m.direction,
            author_id: m.author_id,
            author_name: m.author_name,
            body: m.body,
            mentions: m.mentions,
            meta,
            outbox_id: None,
            delivery: m.delivery,
            at: m.created_at,
        },
    )
    .await?;
    for a in attachments {
        if a.message_id == m.id {
            let (_, data) = case_messages::attachment_data(tx, m.case_id, a.id).await?;
            case_messages::attach(tx, copy.id, to, &a.filename, &a.content_type, &data).await?;
        }
    }
    Ok(())
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MergeInput {
    /// The case that lives on; this one closes into it.
    pub into_id: Uuid,
}

/// Merges this case into another: its conversation is copied over (in order, marked), its
/// references follow, and it is resolved and closed with a link saying where it went.
pub async fn merge(store: &Store, ctx: &Ctx, case_id: Uuid, input: MergeInput) -> Result<Case> {
    require(is_desk(ctx))?;
    if input.into_id == case_id {
        return Err(AppError::field(
            "into_id",
            "a case cannot merge into itself",
        ));
    }
    let now = now_micros();
    let mut tx = store.begin().await?;
    let case = visible_case(&mut tx, ctx, case_id).await?;
    let into = visible_case(&mut tx, ctx, input.into_id)
        .await
        .map_err(|_| AppError::field("into_id", "no such case"))?;
    if case.customer_id != into.customer_id {
        return Err(AppError::field("into_id", "belongs to another customer"));
    }
    if !into.status.is_active() {
        return Err(AppError::Conflict(format!("{} is not open", into.number)));
    }
    if case.merged_into_id.is_some() {
        return Err(AppError::Conflict("this case is already merged".into()));
    }
    let attachments = case_messages::attachments_of_case(&mut tx, case_id).await?;
    for m in case_messages::of_case(&mut tx, case_id, false, 10_000).await? {
        if m.kind == MessageKind::Event {
            continue;
        }
        copy_message(
            &mut tx,
            m,
            &attachments,
            into.id,
            "merged_from",
            &case.number,
        )
        .await?;
    }
    for r in cases::refs(&mut tx, case_id).await? {
        cases::add_ref(&mut tx, into.id, r.kind, &r.value).await?;
    }
    cases::link(&mut tx, case_id, into.id, LinkKind::MergedInto).await?;
    cases::link(&mut tx, into.id, case_id, LinkKind::Related).await?;
    let mut cur = cases::update(
        &mut tx,
        case_id,
        None,
        vec![("merged_into_id", Expr::val(into.id))],
    )
    .await?;
    for to in [CaseStatus::Resolved, CaseStatus::Closed] {
        if cur.status != to && cur.status.can_move_to(to) {
            cur = move_status(&mut tx, ctx, &cur, None, to, now).await?;
        }
    }
    event(
        &mut tx,
        case_id,
        &format!("merged into {}", into.number),
        now,
    )
    .await?;
    event(
        &mut tx,
        into.id,
        &format!("{} merged into this case", case.number),
        now,
    )
    .await?;
    Audit::that(ctx)
        .did("merge")
        .on("case", case_id)
        .for_customer(case.customer_id)
        .before(&case)
        .after(&cur)
        .write(&mut tx)
        .await?;
    tx.commit().await?;
    feed::publish(case_id, &case.number, "merged");
    feed::publish(into.id, &into.number, "merged");
    Ok(cur)
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SplitInput {
    pub subject: String,
    /// Messages (by id) that move to the new child case.
    pub message_ids: Vec<Uuid>,
    #[serde(default)]
    pub case_type: Option<CaseType>,
}

/// Splits a second question off a case into a child case carrying copies of the chosen messages.
pub async fn split(store: &Store, ctx: &Ctx, case_id: Uuid, input: SplitInput) -> Result<Case> {
    require(is_desk(ctx))?;
    let now = now_micros();
    let mut tx = store.begin().await?;
    let case = visible_case(&mut tx, ctx, case_id).await?;
    let all = case_messages::of_case(&mut tx, case_id, false, 10_000).await?;
    let mut chosen = Vec::new();
    for (i, id) in input.message_ids.iter().enumerate() {
        match all.iter().find(|m| m.id == *id) {
            Some(m) => chosen.push(m.clone()),
            None => {
                return Err(AppError::field(
                    &format!("message_ids/{i}"),
                    "is not a message of this case",
                ));
            }
        }
    }
    let child_input = super::CaseInput {
        subject: input.subject.clone(),
        case_type: input.case_type.unwrap_or(case.case_type),
        channel: Some(case.channel),
        priority: case.priority,
        customer_id: case.customer_id,
        contact_id: case.contact_id,
        team_id: case.team_id,
        tags: case.tags.clone(),
        lane: case.lane.clone(),
        refs: vec![],
        message: None,
    };
    let mut p = Problems::new();
    p.text("subject", &input.subject, true, 200);
    p.into_result()?;
    let child = super::open_case(&mut tx, ctx, &child_input, &[], now).await?;
    let attachments = case_messages::attachments_of_case(&mut tx, case_id).await?;
    for m in chosen {
        copy_message(
            &mut tx,
            m,
            &attachments,
            child.id,
            "split_from",
            &case.number,
        )
        .await?;
    }
    cases::link(&mut tx, case_id, child.id, LinkKind::Child).await?;
    cases::link(&mut tx, child.id, case_id, LinkKind::Related).await?;
    let child = cases::update(
        &mut tx,
        child.id,
        None,
        vec![("parent_id", Expr::val(case_id))],
    )
    .await?;
    event(
        &mut tx,
        case_id,
        &format!("split off {}", child.number),
        now,
    )
    .await?;
    tx.commit().await?;
    feed::publish(child.id, &child.number, "created");
    Ok(child)
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShiftHandoverInput {
    /// The colleague taking over; none sends each case back through routing.
    #[serde(default)]
    pub to_user_id: Option<Uuid>,
    #[serde(default)]
    pub notes: String,
    /// Next steps per case number ("CS-2026-000123": "call back after 10:00").
    #[serde(default)]
    pub next_steps: std::collections::BTreeMap<String, String>,
}

/// Ends an agent's shift: their open cases, promises and waiting tasks go into a report
/// with next steps, the cases move to the next shift (or back through routing), the agent
/// goes off shift. Nothing is left without an owner.
pub async fn end_shift(
    store: &Store,
    ctx: &Ctx,
    input: ShiftHandoverInput,
) -> Result<ShiftHandover> {
    require(is_desk(ctx))?;
    let me = ctx.actor.user_id;
    let now = now_micros();
    let mut tx = store.begin().await?;
    if let Some(to) = input.to_user_id {
        let u = users::get(&mut tx, to)
            .await
            .map_err(|_| AppError::field("to_user_id", "no such user"))?;
        if to == me || !u.active || !matches!(u.role, Role::Agent | Role::Supervisor) {
            return Err(AppError::field(
                "to_user_id",
                "must be another active agent",
            ));
        }
    }
    let open = cases::active_of(&mut tx, me, 10_000).await?;
    let ids: Vec<Uuid> = open.iter().map(|c| c.id).collect();
    let promises = follow_ups::open_of_agent(&mut tx, me).await?;
    let tasks = dept_tasks::open_of_cases(&mut tx, &ids).await?;
    let report = serde_json::json!({
        "cases": open.iter().map(|c| serde_json::json!({
            "id": c.id, "number": c.number, "subject": c.subject, "status": c.status,
            "priority": c.priority, "due_at": c.due_at.filter(|d| *d != purser_store::cases::NO_DEADLINE),
            "next_step": input.next_steps.get(&c.number).cloned().unwrap_or_default(),
        })).collect::<Vec<_>>(),
        "promises": promises.iter().map(|f| serde_json::json!({"case_id": f.case_id, "action": f.action, "due_at": f.due_at})).collect::<Vec<_>>(),
        "waiting_tasks": tasks.iter().map(|t| serde_json::json!({"case_id": t.case_id, "department": t.department, "question": t.question, "due_at": t.due_at})).collect::<Vec<_>>(),
    });
    let h =
        shift_handovers::insert(&mut tx, me, input.to_user_id, &report, input.notes.trim()).await?;
    let moved = release_cases(&mut tx, ctx, me, input.to_user_id, now).await?;
    for f in &promises {
        if let Some(c) = moved.iter().find(|c| c.id == f.case_id)
            && let Some(owner) = c.assignee_id
        {
            follow_ups::reassign_open(&mut tx, c.id, owner).await?;
        }
    }
    let mut profile = purser_store::teams::profiles(&mut tx, &[me])
        .await?
        .remove(0);
    profile.status = purser_domain::cases::AgentStatus::OffShift;
    purser_store::teams::save_profile(&mut tx, &profile).await?;
    if let Some(to) = input.to_user_id {
        notifications::insert(
            &mut tx,
            to,
            "shift_handover",
            &format!("{} handed over {} cases", ctx.label, open.len()),
            &h.notes,
            "/handovers",
        )
        .await?;
    }
    Audit::that(ctx)
        .did("create")
        .on("shift_handover", h.id)
        .after(&h)
        .write(&mut tx)
        .await?;
    tx.commit().await?;
    for c in &moved {
        feed::publish(c.id, &c.number, "assigned");
    }
    Ok(h)
}

pub async fn list_shift_handovers(store: &Store, ctx: &Ctx) -> Result<Vec<ShiftHandover>> {
    require(is_desk(ctx))?;
    Ok(shift_handovers::recent(&mut store.clone(), 50).await?)
}

/// The next shift acknowledges a hand-over (once).
pub async fn acknowledge_handover(store: &Store, ctx: &Ctx, id: Uuid) -> Result<ShiftHandover> {
    require(is_desk(ctx))?;
    let mut tx = store.begin().await?;
    let h = shift_handovers::get(&mut tx, id).await?;
    if h.to_user_id.is_some_and(|t| t != ctx.actor.user_id) && !is_supervisor(ctx) {
        return Err(AppError::Forbidden);
    }
    if shift_handovers::acknowledge(&mut tx, id, ctx.actor.user_id).await? == 0 {
        return Err(AppError::Conflict("already acknowledged".into()));
    }
    let after = shift_handovers::get(&mut tx, id).await?;
    Audit::that(ctx)
        .did("acknowledge")
        .on("shift_handover", id)
        .before(&h)
        .after(&after)
        .write(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(after)
}
