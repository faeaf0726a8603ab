//! Writing on a case: public replies (queued for delivery through the outbox), internal
//! notes with @mentions, logged phone calls, customers' replies from the portal, ratings,
//! attachments, and reply templates filled in from the case.

use super::{clocks, event, feed, is_desk, require, status_effects, visible_case};
use crate::audit::Audit;
use crate::{AppError, Ctx, Result};
use purser_domain::cases::presence::PresenceMode;
use purser_domain::cases::sla::Target;
use purser_domain::cases::state::{CaseStatus, CustomerReply};
use purser_domain::cases::templates;
use purser_domain::cases::{CaseChannel, Direction, LinkKind, MessageKind};
use purser_domain::customers::Language;
use purser_domain::roles::{CustomerScope, Role};
use purser_domain::validation::Problems;
use purser_store::case_messages::{self, Message, NewMessage};
use purser_store::cases::{self, Case};
use purser_store::{
    Store, Tx, contacts, customers, notifications, now_micros, outbox, reply_templates,
    sea_query::Expr, teams, users,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;
use uuid::Uuid;

/// Largest attachment accepted, and largest total per message.
pub const MAX_ATTACHMENT: usize = 10 * 1024 * 1024;
pub const MAX_ATTACHMENTS_TOTAL: usize = 20 * 1024 * 1024;

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttachmentInput {
    pub filename: String,
    pub content_type: String,
    /// The bytes, base64 (standard alphabet).
    #[serde(skip)]
    pub data: Vec<u8>,
    #[serde(default)]
    pub data_base64: String,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplyInput {
    pub body: String,
    /// Status to move the case to after replying (e.g. waiting_on_customer, resolved).
    #[serde(default)]
    pub status: Option<CaseStatus>,
    #[serde(default)]
    pub attachments: Vec<AttachmentInput>,
    /// Copies to these addresses besides the case's contact; shown on the case like the To.
    #[serde(default)]
    pub cc: Vec<String>,
    /// Blind copies: sent and kept on the message for staff, never shown to customers.
    #[serde(default)]
    pub bcc: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteInput {
    pub body: String,
    /// Users to tell; `@name` handles (e-mail local parts) in the body count too.
    #[serde(default)]
    pub mentions: Vec<Uuid>,
    #[serde(default)]
    pub attachments: Vec<AttachmentInput>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CallInput {
    pub direction: Direction,
    /// Up to a day.
    #[schema(maximum = 86400)]
    pub duration_secs: u32,
    pub summary: String,
}

fn check_body(p: &mut Problems, body: &str) {
    p.text("body", body, true, 100_000);
}

/// Copy addresses, checked and trimmed; a bad one is named under the field (`cc`, `bcc`)
/// as the form labels it, so a list typed into one box says which entry is wrong.
fn check_copies(p: &mut Problems, field: &str, list: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for a in list.iter().map(|a| a.trim()).filter(|a| !a.is_empty()) {
        match purser_domain::ids::EmailAddress::parse(a) {
            Ok(e) => out.push(e.to_string()),
            Err(_) => p.add(field, format!("{a} is not an e-mail address")),
        }
    }
    if out.len() > 20 {
        p.add(field, "at most 20 addresses");
    }
    out
}

/// A message as a customer may read it: blind copies taken off (they are the sender's
/// business, and the customer is not to learn who else read along).
pub fn hide_blind_copies(m: &mut Message) {
    if let Some(meta) = m.meta.as_object_mut() {
        meta.remove("bcc");
    }
}

fn check_attachments(p: &mut Problems, list: &mut [AttachmentInput]) {
    use base64::Engine;
    let mut total = 0;
    for (i, a) in list.iter_mut().enumerate() {
        p.text(&format!("attachments/{i}/filename"), &a.filename, true, 200);
        p.text(
            &format!("attachments/{i}/content_type"),
            &a.content_type,
            true,
            100,
        );
        if a.data.is_empty() {
            match base64::engine::general_purpose::STANDARD.decode(a.data_base64.trim()) {
                Ok(d) => a.data = d,
                Err(_) => p.add(format!("attachments/{i}/data_base64"), "is not base64"),
            }
        }
        if a.data.len() > MAX_ATTACHMENT {
            p.add(
                format!("attachments/{i}/data_base64"),
                "is larger than 10 MB",
            );
        }
        total += a.data.len();
    }
    if total > MAX_ATTACHMENTS_TOTAL {
        p.add("attachments", "are larger than 20 MB together");
    }
}

async fn store_attachments(tx: &mut Tx, m: &Message, list: &[AttachmentInput]) -> Result<()> {
    for a in list {
        case_messages::attach(
            tx,
            m.id,
            m.case_id,
            a.filename.trim(),
            a.content_type.trim(),
            &a.data,
        )
        .await?;
    }
    Ok(())
}

fn author(ctx: &Ctx) -> String {
    ctx.name().to_string()
}

#[allow(clippy::too_many_arguments)]
async fn append(
    tx: &mut Tx,
    ctx: &Ctx,
    case: &Case,
    kind: MessageKind,
    direction: Direction,
    body: &str,
    mentions: Vec<Uuid>,
    meta: serde_json::Value,
    now: i64,
) -> Result<Message> {
    Ok(case_messages::append(
        tx,
        case.id,
        &NewMessage {
            kind,
            direction,
            author_id: ctx.actor_id(),
            author_name: author(ctx),
            body: body.to_string(),
            mentions,
            meta,
            outbox_id: None,
            delivery: None,
            at: now,
        },
    )
    .await?)
}

/// A staff member answered the customer: the first and next response clocks stop, a new
/// case opens, and the reply is queued for e-mail delivery in the same transaction.
pub(crate) async fn responded(tx: &mut Tx, case: &Case, now: i64) -> Result<Case> {
    if case.first_response_at.is_none() {
        clocks::stop(tx, case.id, Target::FirstResponse, now).await?;
        return Ok(cases::update(
            tx,
            case.id,
            None,
            vec![("first_response_at", Expr::val(now))],
        )
        .await?);
    }
    clocks::stop(tx, case.id, Target::NextResponse, now).await?;
    Ok(case.clone())
}

/// Staff reply in public. A closed case must be reopened first (409).
pub async fn reply(
    store: &Store,
    ctx: &Ctx,
    case_id: Uuid,
    mut input: ReplyInput,
) -> Result<Message> {
    require(is_desk(ctx))?;
    let mut p = Problems::new();
    check_body(&mut p, &input.body);
    let cc = check_copies(&mut p, "cc", &input.cc);
    let bcc = check_copies(&mut p, "bcc", &input.bcc);
    check_attachments(&mut p, &mut input.attachments);
    p.into_result()?;
    let mut meta = serde_json::Map::new();
    if !cc.is_empty() {
        meta.insert("cc".into(), serde_json::json!(cc));
    }
    if !bcc.is_empty() {
        meta.insert("bcc".into(), serde_json::json!(bcc));
    }
    let now = now_micros();
    let mut tx = store.begin().await?;
    let case = visible_case(&mut tx, ctx, case_id).await?;
    let next = case
        .status
        .on_staff_reply()
        .map_err(|e| AppError::Conflict(e.to_string()))?;
    if let Some(to) = input.status
        && !next.can_move_to(to)
        && to != next
    {
        return Err(AppError::Conflict(format!(
            "a case cannot go from {next} to {to}"
        )));
    }
    let mut m = append(
        &mut tx,
        ctx,
        &case,
        MessageKind::Public,
        Direction::Outbound,
        input.body.trim(),
        vec![],
        serde_json::Value::Object(meta),
        now,
    )
    .await?;
    store_attachments(&mut tx, &m, &input.attachments).await?;
    if let Some(job) = queue_email(&mut tx, &case, &m).await? {
        set_outbox(&mut tx, &mut m, job).await?;
    }
    let case = responded(&mut tx, &case, now).await?;
    let mut after = case.clone();
    for to in [Some(next), input.status].into_iter().flatten() {
        if after.status != to {
            let moved = cases::set_status(&mut tx, case.id, None, to).await?;
            status_effects(&mut tx, ctx, &after, &moved, now).await?;
            after = moved;
        }
    }
    let (cal, warn) = clocks::calendar_of(&mut tx, &after).await?;
    clocks::refresh(&mut tx, &after, &cal, warn, now).await?;
    Audit::that(ctx)
        .did("reply")
        .on("case", case.id)
        .for_customer(case.customer_id)
        .after(&m)
        .write(&mut tx)
        .await?;
    if let Some(me) = ctx.actor_id() {
        // presence: the reply is sent, so colleagues no longer see "replying"
        purser_store::presence::beat(&mut tx, case.id, me, PresenceMode::Viewing, now).await?;
    }
    tx.commit().await?;
    feed::publish(case.id, &case.number, "replied");
    Ok(m)
}

async fn set_outbox(tx: &mut Tx, m: &mut Message, job: Uuid) -> Result<()> {
    let q = purser_store::sea_query::Query::update()
        .table("case_messages")
        .value("outbox_id", Expr::val(job))
        .value("delivery", Expr::val("queued"))
        .and_where(purser_store::sea_query::ExprTrait::eq(
            Expr::col("id"),
            m.id,
        ))
        .take();
    use purser_store::Db;
    tx.execute(&q).await?;
    m.outbox_id = Some(job);
    m.delivery = Some("queued".into());
    Ok(())
}

/// The e-mail of a public reply, for the outbox: to the case's contact (or the customer's
/// contacts when none), from the team's address, the case number in the subject.
async fn queue_email(tx: &mut Tx, case: &Case, m: &Message) -> Result<Option<Uuid>> {
    let Some(customer) = case.customer_id else {
        return Ok(None);
    };
    let to: Vec<String> = match case.contact_id {
        Some(k) => contacts::get(tx, customer, k)
            .await?
            .emails
            .into_iter()
            .take(1)
            .collect(),
        None => vec![],
    };
    if to.is_empty() {
        return Ok(None);
    }
    let from = match case.team_id {
        Some(t) => teams::get(tx, t).await?.email,
        None => None,
    };
    let job = outbox::enqueue(
        tx,
        "case_reply",
        &serde_json::json!({
            "case_id": case.id,
            "message_id": m.id,
            "to": to,
            "from": from,
            "subject": format!("[{}] {}", case.number, case.subject),
            "body": m.body,
            "cc": m.meta.get("cc").cloned().unwrap_or_else(|| serde_json::json!([])),
            "bcc": m.meta.get("bcc").cloned().unwrap_or_else(|| serde_json::json!([])),
        }),
    )
    .await?;
    Ok(Some(job))
}

/// Staff-only note; @mentioned colleagues are told.
pub async fn note(
    store: &Store,
    ctx: &Ctx,
    case_id: Uuid,
    mut input: NoteInput,
) -> Result<Message> {
    require(is_desk(ctx) || ctx.actor.role == Role::Department)?;
    let mut p = Problems::new();
    check_body(&mut p, &input.body);
    check_attachments(&mut p, &mut input.attachments);
    p.into_result()?;
    let now = now_micros();
    let mut tx = store.begin().await?;
    let case = visible_case(&mut tx, ctx, case_id).await?;
    let staff = users::list(&mut tx).await?;
    let mut mentions = Vec::new();
    for (i, id) in input.mentions.iter().enumerate() {
        match staff
            .iter()
            .find(|u| u.id == *id && u.role != Role::Customer)
        {
            Some(u) => mentions.push(u.id),
            None => {
                return Err(AppError::field(
                    &format!("mentions/{i}"),
                    "no such colleague",
                ));
            }
        }
    }
    for handle in mention_handles(&input.body) {
        if let Some(u) = staff.iter().find(|u| {
            u.role != Role::Customer
                && u.active
                && u.email
                    .split('@')
                    .next()
                    .is_some_and(|l| l.eq_ignore_ascii_case(&handle))
        }) && !mentions.contains(&u.id)
        {
            mentions.push(u.id);
        }
    }
    let m = append(
        &mut tx,
        ctx,
        &case,
        MessageKind::Note,
        Direction::Outbound,
        input.body.trim(),
        mentions.clone(),
        serde_json::json!({}),
        now,
    )
    .await?;
    store_attachments(&mut tx, &m, &input.attachments).await?;
    for u in &mentions {
        notifications::insert(
            &mut tx,
            *u,
            "mention",
            &format!("{} mentioned you on {}", author(ctx), case.number),
            &case.subject,
            &format!("/cases/{}", case.id),
        )
        .await?;
    }
    Audit::that(ctx)
        .did("note")
        .on("case", case.id)
        .for_customer(case.customer_id)
        .after(&m)
        .write(&mut tx)
        .await?;
    tx.commit().await?;
    feed::publish(case.id, &case.number, "noted");
    Ok(m)
}

/// `@handle` words of a text (letters, digits, `.`, `_`, `-`).
pub fn mention_handles(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in text.match_indices('@') {
        let before = text[..i].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric()) {
            continue; // an e-mail address, not a mention
        }
        let h: String = text[i + 1..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
            .collect();
        let h = h.trim_end_matches('.').to_string();
        if !h.is_empty() && !out.contains(&h) {
            out.push(h);
        }
    }
    out
}

/// Logs a phone call; an outbound call answers the customer like a reply does.
pub async fn log_call(
    store: &Store,
    ctx: &Ctx,
    case_id: Uuid,
    input: CallInput,
) -> Result<Message> {
    require(is_desk(ctx))?;
    let mut p = Problems::new();
    p.text("summary", &input.summary, true, 10_000);
    if input.duration_secs > 24 * 3600 {
        p.add("duration_secs", "is longer than a day");
    }
    p.into_result()?;
    let now = now_micros();
    let mut tx = store.begin().await?;
    let case = visible_case(&mut tx, ctx, case_id).await?;
    if case.status == CaseStatus::Closed {
        return Err(AppError::Conflict(
            "the case is closed: reopen it before logging a call".into(),
        ));
    }
    let meta = serde_json::json!({ "direction": input.direction.as_str(), "duration_secs": input.duration_secs });
    let m = append(
        &mut tx,
        ctx,
        &case,
        MessageKind::Call,
        input.direction,
        input.summary.trim(),
        vec![],
        meta,
        now,
    )
    .await?;
    if input.direction == Direction::Outbound {
        let case = responded(&mut tx, &case, now).await?;
        let (cal, warn) = clocks::calendar_of(&mut tx, &case).await?;
        clocks::refresh(&mut tx, &case, &cal, warn, now).await?;
    }
    Audit::that(ctx)
        .did("call")
        .on("case", case.id)
        .for_customer(case.customer_id)
        .after(&m)
        .write(&mut tx)
        .await?;
    tx.commit().await?;
    feed::publish(case.id, &case.number, "call");
    Ok(m)
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomerReplyInput {
    pub body: String,
    #[serde(default)]
    pub attachments: Vec<AttachmentInput>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CustomerReplyResult {
    /// The case the message landed on: this one, or a new one when this was closed.
    pub case_id: Uuid,
    pub case_number: String,
    pub message: Message,
}

/// A customer writes on their case in the portal: a resolved case reopens, one waiting on
/// them resumes its clock, a closed one stays closed and the message opens a new linked case.
pub async fn customer_reply(
    store: &Store,
    ctx: &Ctx,
    case_id: Uuid,
    mut input: CustomerReplyInput,
) -> Result<CustomerReplyResult> {
    require(ctx.actor.role == Role::Customer)?;
    let mut p = Problems::new();
    check_body(&mut p, &input.body);
    check_attachments(&mut p, &mut input.attachments);
    p.into_result()?;
    let now = now_micros();
    let mut tx = store.begin().await?;
    let case = visible_case(&mut tx, ctx, case_id).await?;
    let (target, m) = inbound(
        &mut tx,
        ctx,
        &case,
        &author(ctx),
        input.body.trim(),
        serde_json::json!({}),
        now,
    )
    .await?;
    store_attachments(&mut tx, &m, &input.attachments).await?;
    tx.commit().await?;
    feed::publish(target.id, &target.number, "customer_replied");
    Ok(CustomerReplyResult {
        case_id: target.id,
        case_number: target.number,
        message: m,
    })
}

/// Lands a customer's message on a case (by the state machine) and returns the case it
/// landed on; shared by the portal and the mail intake.
pub async fn inbound(
    tx: &mut Tx,
    ctx: &Ctx,
    case: &Case,
    author_name: &str,
    body: &str,
    meta: serde_json::Value,
    now: i64,
) -> Result<(Case, Message)> {
    match case.status.on_customer_reply() {
        CustomerReply::Lands(to) => {
            let m = case_messages::append(
                tx,
                case.id,
                &NewMessage {
                    kind: MessageKind::Public,
                    direction: Direction::Inbound,
                    author_id: (ctx.actor.role == Role::Customer).then_some(ctx.actor.user_id),
                    author_name: author_name.to_string(),
                    body: body.to_string(),
                    mentions: vec![],
                    meta,
                    outbox_id: None,
                    delivery: None,
                    at: now,
                },
            )
            .await?;
            let mut after = case.clone();
            if case.status != to {
                after = cases::set_status(tx, case.id, None, to).await?;
                status_effects(tx, ctx, case, &after, now).await?;
            }
            if after.first_response_at.is_some() {
                let running = purser_store::sla::clocks(tx, case.id)
                    .await?
                    .iter()
                    .any(|c| c.target == Target::NextResponse && c.stopped_at.is_none());
                if !running {
                    clocks::start(tx, &after, Target::NextResponse, now).await?;
                }
            }
            let (cal, warn) = clocks::calendar_of(tx, &after).await?;
            clocks::refresh(tx, &after, &cal, warn, now).await?;
            if let Some(owner) = after.assignee_id {
                notifications::insert(
                    tx,
                    owner,
                    "customer_reply",
                    &format!("{} has a new customer message", after.number),
                    &after.subject,
                    &format!("/cases/{}", after.id),
                )
                .await?;
            }
            Audit::that(ctx)
                .did("customer_reply")
                .on("case", case.id)
                .for_customer(case.customer_id)
                .after(&m)
                .write(tx)
                .await?;
            Ok((after, m))
        }
        CustomerReply::StartsNewCase => {
            let input = super::CaseInput {
                subject: case.subject.clone(),
                case_type: case.case_type,
                channel: Some(if ctx.actor.role == Role::Customer {
                    CaseChannel::Portal
                } else {
                    case.channel
                }),
                priority: case.priority,
                customer_id: case.customer_id,
                contact_id: case.contact_id,
                team_id: case.team_id,
                tags: case.tags.clone(),
                lane: case.lane.clone(),
                refs: vec![],
                message: Some(body.to_string()),
            };
            let mut fresh = super::open_case(tx, ctx, &input, &[], now).await?;
            let first = case_messages::of_case(tx, fresh.id, true, 1)
                .await?
                .pop()
                .ok_or(AppError::NotFound)?;
            set_meta(tx, first.id, author_name, &meta).await?;
            fresh = cases::get(tx, fresh.id, &CustomerScope::All).await?;
            for r in cases::refs(tx, case.id).await? {
                cases::add_ref(tx, fresh.id, r.kind, &r.value).await?;
            }
            cases::link(tx, fresh.id, case.id, LinkKind::Related).await?;
            cases::link(tx, case.id, fresh.id, LinkKind::Related).await?;
            event(
                tx,
                fresh.id,
                &format!("follows closed case {}", case.number),
                now,
            )
            .await?;
            let m = case_messages::of_case(tx, fresh.id, true, 1)
                .await?
                .pop()
                .ok_or(AppError::NotFound)?;
            Ok((fresh, m))
        }
    }
}

/// Gives a message written by `open_case` the sender's name and the mail facts.
async fn set_meta(
    tx: &mut Tx,
    id: Uuid,
    author_name: &str,
    meta: &serde_json::Value,
) -> Result<()> {
    use purser_store::Db;
    let q = purser_store::sea_query::Query::update()
        .table("case_messages")
        .value("author_name", Expr::val(author_name))
        .value("meta", Expr::val(meta.clone()))
        .and_where(purser_store::sea_query::ExprTrait::eq(Expr::col("id"), id))
        .take();
    tx.execute(&q).await?;
    Ok(())
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RatingInput {
    /// 1 (poor) to 5 (excellent).
    #[schema(minimum = 1, maximum = 5)]
    pub score: u8,
    #[serde(default)]
    pub comment: String,
}

/// The customer rates the answer of a resolved or closed case (kept for satisfaction KPIs).
pub async fn rate(store: &Store, ctx: &Ctx, case_id: Uuid, input: RatingInput) -> Result<Case> {
    require(ctx.actor.role == Role::Customer)?;
    let mut p = Problems::new();
    if !(1..=5).contains(&input.score) {
        p.add("score", "must be 1 to 5");
    }
    p.text("comment", &input.comment, false, 2000);
    p.into_result()?;
    let mut tx = store.begin().await?;
    let case = visible_case(&mut tx, ctx, case_id).await?;
    if case.status.is_active() {
        return Err(AppError::Conflict(
            "a case is rated once it is resolved".into(),
        ));
    }
    let after = cases::update(
        &mut tx,
        case_id,
        None,
        vec![
            ("rating", Expr::val(input.score as i64)),
            ("rating_comment", Expr::val(input.comment.trim())),
        ],
    )
    .await?;
    Audit::that(ctx)
        .did("rate")
        .on("case", case_id)
        .for_customer(case.customer_id)
        .before(&case)
        .after(&after)
        .write(&mut tx)
        .await?;
    tx.commit().await?;
    feed::publish(case_id, &case.number, "rated");
    Ok(after)
}

/// Values of the template variables for a case (missing ones render empty).
pub async fn template_vars(
    tx: &mut impl purser_store::Db,
    ctx: &Ctx,
    case: &Case,
) -> Result<(BTreeMap<String, String>, Language)> {
    let mut v = BTreeMap::new();
    let mut language = case.language;
    v.insert("case.number".into(), case.number.clone());
    v.insert("case.subject".into(), case.subject.clone());
    v.insert("case.status".into(), case.status.as_str().replace('_', " "));
    if let Some(c) = case.customer_id {
        let cust = customers::get(tx, c, &CustomerScope::All).await?;
        v.insert("customer.name".into(), cust.legal_name.clone());
        v.insert(
            "customer.local_name".into(),
            cust.local_name.clone().unwrap_or(cust.legal_name.clone()),
        );
        v.insert("customer.number".into(), cust.number.clone());
        if let Some(k) = case.contact_id {
            let contact = contacts::get(tx, c, k).await?;
            language = contact.language;
            v.insert(
                "contact.first_name".into(),
                contact
                    .name
                    .split_whitespace()
                    .next()
                    .unwrap_or_default()
                    .to_string(),
            );
            v.insert("contact.name".into(), contact.name);
        }
    }
    if let Some(t) = case.team_id {
        v.insert("team.name".into(), teams::get(tx, t).await?.name);
    }
    v.insert("agent.name".into(), author(ctx));
    if let Some(f) = purser_store::follow_ups::of_case(tx, case.id)
        .await?
        .into_iter()
        .find(|f| f.done_at.is_none())
    {
        v.insert("case.promised_at".into(), clocks::ts(f.due_at).to_string());
    }
    Ok((v, language))
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RenderedTemplate {
    pub template_id: Uuid,
    pub language: Language,
    pub subject: String,
    pub body: String,
    /// Variables it had no value for, left in the body as `{{name}}` for the agent to fill.
    pub blanks: Vec<String>,
}

/// Fills a named template for a case, in the contact's language (English when missing).
pub async fn render_template(
    store: &Store,
    ctx: &Ctx,
    case_id: Uuid,
    name: &str,
) -> Result<RenderedTemplate> {
    require(is_desk(ctx))?;
    let mut db = store.clone();
    let case = visible_case(&mut db, ctx, case_id).await?;
    let (vars, language) = template_vars(&mut db, ctx, &case).await?;
    let t = reply_templates::by_name(&mut db, name, language)
        .await
        // the path names a template that is not there: 404, like any other missing object
        .map_err(|_| AppError::NotFound)?;
    let body = templates::fill(&t.body, &vars).map_err(|e| AppError::field("body", &e))?;
    let blanks = templates::blanks(&body)
        .iter()
        .map(|b| b.to_string())
        .collect();
    let subject =
        templates::render(&t.subject, &vars).map_err(|e| AppError::field("subject", &e))?;
    Ok(RenderedTemplate {
        template_id: t.id,
        language: t.language,
        subject,
        body,
        blanks,
    })
}

pub async fn attachment(
    store: &Store,
    ctx: &Ctx,
    case_id: Uuid,
    id: Uuid,
) -> Result<(case_messages::Attachment, Vec<u8>)> {
    let mut db = store.clone();
    visible_case(&mut db, ctx, case_id).await?;
    let (a, data) = case_messages::attachment_data(&mut db, case_id, id).await?;
    if ctx.actor.role == Role::Customer {
        let m = case_messages::get(&mut db, a.message_id).await?;
        if m.kind != MessageKind::Public {
            return Err(AppError::NotFound);
        }
    }
    Ok((a, data))
}

#[cfg(test)]
mod tests {
    #[test]
    fn handles_are_found_but_addresses_are_not() {
        let h = super::mention_handles("ask @amy.lin and @ben_w. mail x@y.com, @amy.lin again");
        assert_eq!(h, vec!["amy.lin".to_string(), "ben_w".to_string()]);
    }
}
