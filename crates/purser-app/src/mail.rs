//! The e-mail intake: one raw message in, one message on one case out, whatever arrives
//! twice, from two mailboxes, or again after a crash.
//!
//! The raw bytes are kept first, in their own transaction, unique by content hash. Then,
//! in one transaction, the message is parsed, threaded (the domain's order: message ids,
//! case number, shipping references, else a new case), written with its attachments, its
//! message id remembered and the raw row marked ingested — so a crash leaves either
//! nothing done (the row stays `pending` and is taken up again) or everything done. A
//! message that cannot be read is kept raw, marked `failed` and shown to supervisors; it
//! never stops the mailbox.

use crate::cases::routing::Desk;
use crate::cases::{self, CaseInput, conversation, feed};
use crate::{Ctx, Result};
use purser_domain::cases::CaseChannel;
use purser_domain::cases::refs::RefKind;
use purser_domain::customers::Language;
use purser_domain::mail::auto::Origin;
use purser_domain::mail::refs::references_in;
use purser_domain::mail::{ThreadBy, case_number_in, clean_subject, parent_ids};
use purser_domain::roles::{CustomerScope, Role};
use purser_mail::Parsed;
use purser_store::cases::Case;
use purser_store::{
    Store, Tx, case_messages, contacts, mail, notifications, now_micros, outbox, users,
};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

mod import;
mod parsing;
pub use import::{ImportSummary, import};
pub use parsing::PARSE_TIME_LIMIT;

/// Acknowledgements per sender per hour, at most.
pub const ACKS_PER_HOUR: i64 = 3;

/// Free-mail domains say nothing about which company a sender works for.
const FREE_MAIL: &[&str] = &[
    "gmail.com",
    "yahoo.com",
    "yahoo.com.tw",
    "hotmail.com",
    "outlook.com",
    "qq.com",
    "163.com",
    "126.com",
    "icloud.com",
    "msn.com",
    "live.com",
];

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Ingested {
    /// The raw message's id (kept whatever happened).
    pub mail_id: Uuid,
    /// ingested, duplicate, ignored or failed.
    pub state: String,
    pub case_id: Option<Uuid>,
    pub case_number: Option<String>,
    pub message_id: Option<Uuid>,
    /// How it was threaded: message_id, case_number, reference, new; or why it was not.
    pub threaded_by: String,
    pub origin: Option<String>,
    pub acknowledged: bool,
}

/// Takes one raw message from `mailbox` (the team address it arrived at).
pub async fn ingest(store: &Store, mailbox: &str, raw: &[u8]) -> Result<Ingested> {
    match ingest_once(store, mailbox, raw).await {
        // the same Message-ID was filed by another ingester at the same moment: once more,
        // and the duplicate check finds it
        Err(crate::AppError::Conflict(_)) => ingest_once(store, mailbox, raw).await,
        other => other,
    }
}

async fn ingest_once(store: &Store, mailbox: &str, raw: &[u8]) -> Result<Ingested> {
    let sha = purser_mail::sha256_hex(raw);
    let parsed = parsing::parse(raw).await;
    let message_id = parsed.as_ref().and_then(|p| p.message_id.clone());
    let mut tx = store.begin().await?;
    let (row, _fresh) = mail::keep_raw(&mut tx, &sha, message_id.as_deref(), mailbox, raw).await?;
    tx.commit().await?;
    if row.state != "pending" {
        return answer(store, &row.id).await;
    }
    let Some(parsed) = parsed else {
        let mut tx = store.begin().await?;
        mail::finish(
            &mut tx,
            row.id,
            "failed",
            None,
            Some("not a readable e-mail message"),
            None,
            None,
        )
        .await?;
        flag_for_supervisors(&mut tx, row.id, "A message could not be read", mailbox).await?;
        tx.commit().await?;
        return answer(store, &row.id).await;
    };
    let mut tx = store.begin().await?;
    if !mail::claim(&mut tx, row.id).await? {
        drop(tx);
        return answer(store, &row.id).await;
    }
    if let Some(mid) = &parsed.message_id
        && let Some(first) = mail::ingested_with_message_id(&mut tx, mid, row.id).await?
    {
        mail::finish(
            &mut tx,
            row.id,
            "duplicate",
            Some(parsed.origin.as_str()),
            None,
            first.case_id,
            first.case_message_id,
        )
        .await?;
        tx.commit().await?;
        return answer(store, &row.id).await;
    }
    let outcome = land(&mut tx, &mut None, mailbox, row.id, &parsed).await;
    match outcome {
        Ok(done) => {
            tx.commit().await?;
            if let Some(c) = &done.case {
                feed::publish(c.id, &c.number, "mail");
            }
            let mut a = answer(store, &row.id).await?;
            a.threaded_by = done.threaded_by;
            a.acknowledged = done.acknowledged;
            Ok(a)
        }
        Err(e @ crate::AppError::Conflict(_)) => Err(e),
        Err(e) => {
            drop(tx);
            tracing::warn!(mail = %row.id, error = %e, "message kept but not ingested");
            let mut tx = store.begin().await?;
            mail::finish(
                &mut tx,
                row.id,
                "failed",
                Some(parsed.origin.as_str()),
                Some(&e.to_string()),
                None,
                None,
            )
            .await?;
            flag_for_supervisors(&mut tx, row.id, "A message could not be filed", mailbox).await?;
            tx.commit().await?;
            answer(store, &row.id).await
        }
    }
}

async fn answer(store: &Store, id: &Uuid) -> Result<Ingested> {
    let mut db = store.clone();
    let row = mail::get(&mut db, *id).await?;
    let number = match row.case_id {
        Some(c) => Some(
            purser_store::cases::get(&mut db, c, &CustomerScope::All)
                .await?
                .number,
        ),
        None => None,
    };
    Ok(Ingested {
        mail_id: row.id,
        threaded_by: row.state.clone(),
        state: row.state,
        case_id: row.case_id,
        case_number: number,
        message_id: row.case_message_id,
        origin: row.origin,
        acknowledged: false,
    })
}

async fn flag_for_supervisors(
    tx: &mut Tx,
    mail_id: Uuid,
    title: &str,
    mailbox: &str,
) -> Result<()> {
    for u in users::list(tx).await? {
        if u.active && matches!(u.role, Role::Supervisor | Role::Admin) {
            notifications::insert(
                tx,
                u.id,
                "mail_failed",
                title,
                &format!("mailbox {mailbox}, raw message {mail_id}"),
                &format!("/mail/{mail_id}"),
            )
            .await?;
        }
    }
    Ok(())
}

struct Landed {
    case: Option<Case>,
    threaded_by: String,
    acknowledged: bool,
}

/// Who sent it: their contact and customer, by address, else by the domain (an unknown
/// sender at a customer's domain becomes a contact awaiting review).
async fn sender(tx: &mut Tx, p: &Parsed) -> Result<(Option<Uuid>, Option<Uuid>)> {
    if p.from_address.is_empty() {
        return Ok((None, None));
    }
    if let Some((contact, customer)) = mail::contact_by_address(tx, &p.from_address).await? {
        return Ok((Some(customer), Some(contact)));
    }
    let domain = p.from_address.rsplit('@').next().unwrap_or("");
    if domain.is_empty() || FREE_MAIL.contains(&domain) {
        return Ok((None, None));
    }
    let found = mail::customers_by_domain(tx, domain).await?;
    let [customer] = found.as_slice() else {
        return Ok((None, None));
    };
    let name = if p.from_name.is_empty() {
        p.from_address.clone()
    } else {
        p.from_name.clone()
    };
    let input = purser_domain::book::ContactInput {
        name: name.chars().take(100).collect(),
        role_title: String::new(),
        emails: vec![p.from_address.clone()],
        phones: vec![],
        language: guess_language(&p.text),
        preferred_channel: Default::default(),
        notifications: Default::default(),
        portal_access: false,
    };
    if input.validate().is_err() {
        return Ok((Some(*customer), None));
    }
    let contact = contacts::insert(tx, purser_store::new_id(), *customer, &input).await?;
    mail::flag_contact_for_review(tx, contact.id).await?;
    Ok((Some(*customer), Some(contact.id)))
}

/// Traditional Chinese when the text is mostly CJK, else English.
fn guess_language(text: &str) -> Language {
    let cjk = text
        .chars()
        .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
        .count();
    let letters = text.chars().filter(|c| c.is_alphabetic()).count().max(1);
    if cjk * 3 > letters {
        Language::ZhTw
    } else {
        Language::En
    }
}

async fn thread(
    tx: &mut Tx,
    p: &Parsed,
    customer: Option<Uuid>,
) -> Result<(ThreadBy, Option<Case>)> {
    let parents = parent_ids(&p.in_reply_to, &p.references);
    if let Some((mid, case_id)) = mail::case_of_ids(tx, &parents).await? {
        let c = purser_store::cases::get(tx, case_id, &CustomerScope::All).await?;
        return Ok((ThreadBy::MessageId(mid), Some(c)));
    }
    if let Some(number) = case_number_in(&p.subject)
        && let Ok(c) = purser_store::cases::by_number(tx, &number).await
        && (customer.is_none() || c.customer_id.is_none() || c.customer_id == customer)
    {
        return Ok((ThreadBy::CaseNumber(number), Some(c)));
    }
    let text = format!("{}\n{}", p.subject, p.fresh_text());
    if customer.is_some() {
        for (kind, value) in references_in(&text) {
            if let Some(c) = purser_store::cases::active_with_ref(tx, customer, &value)
                .await?
                .into_iter()
                .next()
            {
                return Ok((ThreadBy::Reference(kind, value), Some(c)));
            }
        }
    }
    Ok((ThreadBy::New, None))
}

/// Files a parsed message on its case (or a new one) and marks the raw row; `desk` holds
/// the desk's configuration once a new case has needed it (read at most once per
/// transaction).
async fn land(
    tx: &mut Tx,
    desk: &mut Option<Desk>,
    mailbox: &str,
    raw_id: Uuid,
    p: &Parsed,
) -> Result<Landed> {
    let now = now_micros();
    let (customer, contact) = sender(tx, p).await?;
    let (by, existing) = thread(tx, p, customer).await?;
    let label = if p.from_name.is_empty() {
        p.from_address.clone()
    } else {
        format!("{} <{}>", p.from_name, p.from_address)
    };
    let ctx = Ctx::system(&label);
    let meta = serde_json::json!({
        "mail_id": raw_id,
        "message_id": p.message_id,
        "from": p.from_address,
        "subject": p.subject,
        "quote_at": p.quote_at,
        "html": p.html,
        "origin": p.origin.as_str(),
        "problems": p.problems,
        "html_refused": p.html_refused,
    });
    let threaded_by = match &by {
        ThreadBy::MessageId(_) => "message_id",
        ThreadBy::CaseNumber(_) => "case_number",
        ThreadBy::Reference(..) => "reference",
        ThreadBy::New => "new",
    }
    .to_string();
    if p.origin == Origin::Bounce {
        for a in &p.bounced {
            mail::mark_bounced(tx, a, "delivery failed (DSN)").await?;
        }
    }
    let (case, message) = match existing {
        Some(case) => {
            let (case, m) =
                conversation::inbound(tx, &ctx, &case, &label, &p.text, meta, now).await?;
            (case, m)
        }
        None if p.origin != Origin::Person => {
            // machines do not open cases; the raw message stays for review
            mail::finish(
                tx,
                raw_id,
                "ignored",
                Some(p.origin.as_str()),
                None,
                None,
                None,
            )
            .await?;
            return Ok(Landed {
                case: None,
                threaded_by: "ignored".into(),
                acknowledged: false,
            });
        }
        None => {
            let refs: Vec<(RefKind, String)> =
                references_in(&format!("{}\n{}", p.subject, p.fresh_text()));
            let desk = Desk::once(tx, desk).await?;
            let input = CaseInput {
                subject: clean_subject(&p.subject).chars().take(200).collect(),
                case_type: purser_domain::cases::CaseType::Inquiry,
                channel: Some(CaseChannel::Email),
                priority: purser_domain::cases::Priority::Normal,
                customer_id: customer,
                contact_id: contact,
                team_id: team_of_mailbox(desk, mailbox),
                tags: vec![],
                lane: None,
                refs: vec![],
                message: None,
            };
            let case = cases::open_case_in(tx, &ctx, desk, &input, &refs, now).await?;
            let m = case_messages::append(
                tx,
                case.id,
                &case_messages::NewMessage {
                    kind: purser_domain::cases::MessageKind::Public,
                    direction: purser_domain::cases::Direction::Inbound,
                    author_id: None,
                    author_name: label.clone(),
                    body: p.text.clone(),
                    mentions: vec![],
                    meta,
                    outbox_id: None,
                    delivery: None,
                    at: now,
                },
            )
            .await?;
            (case, m)
        }
    };
    for a in &p.attachments {
        if !a.truncated {
            case_messages::attach(
                tx,
                message.id,
                case.id,
                &a.filename,
                &a.content_type,
                &a.data,
            )
            .await?;
        }
    }
    if let Some(mid) = &p.message_id {
        mail::remember_inbound_id(tx, mid, case.id, message.id).await?;
    }
    let acknowledged =
        if by == ThreadBy::New && p.origin.may_acknowledge() && !p.from_address.is_empty() {
            acknowledge(tx, &case, p, mailbox, now).await?
        } else {
            false
        };
    mail::finish(
        tx,
        raw_id,
        "ingested",
        Some(p.origin.as_str()),
        None,
        Some(case.id),
        Some(message.id),
    )
    .await?;
    Ok(Landed {
        case: Some(case),
        threaded_by,
        acknowledged,
    })
}

/// The team whose address the message was sent to, if any.
fn team_of_mailbox(desk: &Desk, mailbox: &str) -> Option<Uuid> {
    desk.teams
        .iter()
        .find(|t| {
            t.email
                .as_deref()
                .is_some_and(|e| e.eq_ignore_ascii_case(mailbox))
        })
        .map(|t| t.id)
}

/// Tells a person their message became case N and when to expect an answer, in their
/// language; at most [`ACKS_PER_HOUR`] per sender, never to a bounced address.
async fn acknowledge(
    tx: &mut Tx,
    case: &Case,
    p: &Parsed,
    mailbox: &str,
    now: i64,
) -> Result<bool> {
    let to = &p.from_address;
    let (bounced, acks) = mail::ack_standing(tx, to, now - 3_600_000_000).await?;
    if bounced || acks >= ACKS_PER_HOUR {
        return Ok(false);
    }
    let due = case
        .due_at
        .filter(|d| *d != purser_store::cases::NO_DEADLINE)
        .and_then(|d| jiff::Timestamp::from_microsecond(d).ok());
    let language = match case.contact_id.zip(case.customer_id) {
        Some((k, c)) => contacts::get(tx, c, k)
            .await
            .map(|x| x.language)
            .unwrap_or(case.language),
        None => guess_language(&p.text),
    };
    let (subject, body) = ack_text(language, &case.number, &clean_subject(&p.subject), due);
    let job = outbox::enqueue(
        tx,
        "case_ack",
        &serde_json::json!({
            "case_id": case.id,
            "to": [to],
            "from": mailbox,
            "subject": subject,
            "body": body,
            "in_reply_to": p.message_id,
            "auto_submitted": "auto-replied",
        }),
    )
    .await?;
    mail::record_ack(tx, to, now).await?;
    cases::event(
        tx,
        case.id,
        &format!("acknowledged to {to} (outbox {job})"),
        now,
    )
    .await?;
    Ok(true)
}

/// The acknowledgement's subject and text in English or Traditional Chinese.
pub fn ack_text(
    language: Language,
    number: &str,
    subject: &str,
    due: Option<jiff::Timestamp>,
) -> (String, String) {
    let when = due.map(|d| d.strftime("%Y-%m-%d %H:%M UTC").to_string());
    match language {
        Language::ZhTw => (
            format!("[{number}] 已收到：{subject}"),
            format!(
                "您好，\n\n我們已收到您的來信，案件編號為 {number}。{}\n回覆時請保留主旨中的案件編號。\n\n客服中心",
                when.map(|w| format!("我們將於 {w} 前回覆您。"))
                    .unwrap_or_default()
            ),
        ),
        Language::En => (
            format!("[{number}] Received: {subject}"),
            format!(
                "Hello,\n\nWe have received your message as case {number}.{}\nPlease keep the case number in the subject when you reply.\n\nCustomer Service",
                when.map(|w| format!(" You will hear from us by {w}."))
                    .unwrap_or_default()
            ),
        ),
    }
}

/// Takes up raw messages left `pending` by a crash; returns how many were finished.
pub async fn resume_pending(store: &Store) -> Result<usize> {
    let mut n = 0;
    for row in mail::by_state(&mut store.clone(), "pending", 1000).await? {
        let raw = mail::raw_bytes(&mut store.clone(), row.id).await?;
        ingest(store, &row.mailbox, &raw).await?;
        n += 1;
    }
    Ok(n)
}
