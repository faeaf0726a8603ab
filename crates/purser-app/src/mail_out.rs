//! E-mail delivery: the worker that takes `case_reply`, `case_ack` and `notice_email`
//! (proactive tracking notices) jobs from the outbox and sends them over SMTP — replies
//! threaded to the customer's last message, from the team's address, with the reply's
//! attachments; notices from the default address, starting no thread — retrying with
//! back-off until the server accepts, and telling the case (and the reply's author) when
//! it never will.
//!
//! # What a crash can do
//!
//! Each job goes through three steps, each its own commit:
//!
//! 1. **Claim** (one transaction): the job's lease is taken (`available_at` moved the
//!    lease — [`SmtpSettings::lease_secs`] — ahead, the attempt counted, the row marked
//!    interrupted until the attempt reports), the reply's delivery set to `sending`, and
//!    the Message-ID we are about to use remembered in `mail_ids`, so an answer to it
//!    threads even if it is read before step 3.
//! 2. **Send**: the lease is renewed from now ([`outbox::renew`]), so it covers this one
//!    send and not the wait behind the batch's earlier mails over a slow server; a job
//!    whose lease ran out meanwhile and that another node took is left to that node. Then
//!    SMTP, with the Message-ID `<outbox-{job id}@{domain}>` — the same on every attempt
//!    of the job, whichever node makes it.
//! 3. **Record** (one transaction): `sent` and done; or `retrying` with back-off; or
//!    `failed` and closed.
//!
//! Dying before the server accepted (during 1 or 2) loses nothing: the lease runs out and
//! the job is sent on the next claim. Dying after the server accepted but before 3
//! committed cannot be told apart from that by us — SMTP has no idempotency key — so the
//! job is sent again: delivery is **at least once**, and the duplicate carries the same
//! Message-ID, which mail stores that deduplicate (and Purser's own intake) collapse. The
//! next claim sees [`Job::was_interrupted`] and logs the possible duplicate. We chose this
//! over at-most-once (closing interrupted jobs unsent) because a lost reply to a customer
//! is worse than a doubled one. A job that kills the worker every time still ends:
//! interrupted attempts count, and after [`MAX_ATTEMPTS`] it is given up.
//!
//! With several nodes on one database, a node that dies leaves the jobs it had claimed
//! to the others once their lease runs out; of those, only the one it was sending can have
//! reached the SMTP server, so a kill doubles at most one mail per node, under its own
//! Message-ID (`crates/purser/tests/durability.rs` proves it).

use crate::cases::event;
use crate::{AppError, Result};
use purser_domain::cases::{Direction, MessageKind};
use purser_domain::mail::normalise_message_id;
pub use purser_mail::smtp::SmtpSettings;
use purser_mail::smtp::{Mailer, Outgoing, OutgoingAttachment, SendError};
use purser_store::outbox::{self, Job};
use purser_store::{Store, case_messages, mail, notifications, now_micros};
use serde::Serialize;
use serde_json::Value;
use std::time::Duration;
use tokio::sync::watch;
use uuid::Uuid;

/// The outbox topics this worker sends.
pub const TOPICS: [&str; 3] = ["case_reply", "case_ack", NOTICE];
/// A proactive notice (see `tracking::notices`): `to`, `subject`, `text`, `html`.
const NOTICE: &str = "notice_email";
/// Attempts before a job is given up: with the back-off (30 s doubling, at most an hour)
/// the last comes about five hours after the first.
pub const MAX_ATTEMPTS: i64 = 12;
/// Jobs claimed at once.
const BATCH: u64 = 20;
/// How often [`run`] looks for due jobs.
const POLL: Duration = Duration::from_secs(5);

/// What one [`deliver_due`] did.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct DeliveryReport {
    pub claimed: usize,
    /// Accepted by the SMTP server.
    pub sent: usize,
    /// Failed for now; due again after back-off.
    pub retrying: usize,
    /// Refused, or out of attempts: closed and the case told.
    pub failed: usize,
}

/// The Message-ID a job is sent with, whichever attempt it is.
pub fn message_id_of(job: Uuid, smtp: &SmtpSettings) -> String {
    format!("outbox-{job}@{}", smtp.id_domain())
}

fn uuid_at(payload: &Value, key: &str) -> Option<Uuid> {
    payload.get(key)?.as_str()?.parse().ok()
}

fn str_at<'a>(payload: &'a Value, key: &str) -> Option<&'a str> {
    payload
        .get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// A message id from someone else's mail, if it can be written in a header as it is.
fn usable_id(id: &str) -> Option<String> {
    let id = normalise_message_id(id);
    (!id.is_empty()
        && id.contains('@')
        && !id.contains(|c: char| c.is_whitespace() || c.is_control() || c == '<' || c == '>'))
    .then_some(id)
}

/// In-Reply-To and References of a reply: the newest inbound message of the case, after
/// the conversation's root and the last few ids before it (ours included).
async fn threading(
    store: &Store,
    case_id: Uuid,
    smtp: &SmtpSettings,
) -> Result<(Option<String>, Vec<String>)> {
    let conversation = case_messages::of_case(&mut store.clone(), case_id, true, 200).await?;
    let mut ids = Vec::new();
    let mut newest_inbound = None;
    for m in conversation
        .iter()
        .filter(|m| m.kind == MessageKind::Public)
    {
        let id = match m.direction {
            Direction::Inbound => m
                .meta
                .get("message_id")
                .and_then(Value::as_str)
                .and_then(usable_id),
            _ => m
                .outbox_id
                .filter(|_| m.delivery.as_deref() == Some("sent"))
                .map(|o| message_id_of(o, smtp)),
        };
        if let Some(id) = id {
            if m.direction == Direction::Inbound {
                newest_inbound = Some(id.clone());
            }
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    let Some(parent) = newest_inbound else {
        return Ok((None, vec![]));
    };
    // the root, then the last ids up to the parent: RFC 5322's advice for long threads
    let upto = ids.iter().position(|i| *i == parent).map_or(0, |p| p + 1);
    let mut refs: Vec<String> = ids[..upto].to_vec();
    if refs.len() > 10 {
        let tail = refs.split_off(refs.len() - 9);
        refs.truncate(1);
        refs.extend(tail);
    }
    Ok((Some(parent), refs))
}

/// Why a job cannot even be attempted.
enum Unready {
    /// The payload can never make a message.
    Refused(String),
    /// Reading what it needs failed; try again later.
    Store(AppError),
}

impl From<AppError> for Unready {
    fn from(e: AppError) -> Self {
        Unready::Store(e)
    }
}

impl From<purser_store::StoreError> for Unready {
    fn from(e: purser_store::StoreError) -> Self {
        Unready::Store(e.into())
    }
}

/// The message a job sends, read from its payload and the case.
async fn outgoing(
    store: &Store,
    smtp: &SmtpSettings,
    job: &Job,
) -> std::result::Result<Outgoing, Unready> {
    let p = &job.payload;
    let refused = |m: &str| Unready::Refused(m.to_string());
    let addresses = |key: &str| -> Vec<String> {
        match p.get(key) {
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect(),
            Some(Value::String(s)) => vec![s.clone()],
            _ => vec![],
        }
    };
    let to = addresses("to");
    if to.is_empty() {
        return Err(refused("the job names no recipient"));
    }
    let from = str_at(p, "from")
        .map(str::to_string)
        .or_else(|| (!smtp.default_from.is_empty()).then(|| smtp.default_from.clone()))
        .ok_or_else(|| refused("no From address: the team has none and no default is set"))?;
    let subject = p.get("subject").and_then(Value::as_str).unwrap_or("");
    let text = p
        .get("body")
        .or_else(|| p.get("text"))
        .and_then(Value::as_str)
        .unwrap_or("");
    let mut o = Outgoing {
        message_id: message_id_of(job.id, smtp),
        from,
        to,
        subject: subject.to_string(),
        text: text.to_string(),
        cc: addresses("cc"),
        bcc: addresses("bcc"),
        auto_submitted: str_at(p, "auto_submitted").map(str::to_string),
        ..Default::default()
    };
    let case_id = uuid_at(p, "case_id");
    if job.topic == NOTICE {
        // a notice starts no thread: an answer to it is a new case, found by its B/L numbers
        o.auto_submitted
            .get_or_insert_with(|| "auto-generated".into());
        return Ok(o);
    }
    if job.topic == "case_ack" {
        o.auto_submitted
            .get_or_insert_with(|| "auto-replied".into());
        if let Some(parent) = str_at(p, "in_reply_to").and_then(usable_id) {
            o.references = vec![parent.clone()];
            o.in_reply_to = Some(parent);
        }
    } else if let Some(case_id) = case_id {
        (o.in_reply_to, o.references) = threading(store, case_id, smtp).await?;
    }
    if let (Some(case_id), Some(message_id)) = (case_id, uuid_at(p, "message_id")) {
        let mut db = store.clone();
        for a in case_messages::attachments_of_case(&mut db, case_id).await? {
            if a.message_id == message_id {
                let (a, data) = case_messages::attachment_data(&mut db, case_id, a.id).await?;
                o.attachments.push(OutgoingAttachment {
                    filename: a.filename,
                    content_type: a.content_type,
                    data,
                });
            }
        }
    }
    Ok(o)
}

/// How long a claimed job is hidden from other workers, in microseconds.
fn lease(smtp: &SmtpSettings) -> i64 {
    (smtp.lease_secs.max(1) as i64).saturating_mul(1_000_000)
}

/// Claims the due jobs and marks them in flight (see the module's crash notes).
async fn claim(store: &Store, smtp: &SmtpSettings, now: i64) -> Result<Vec<Job>> {
    let mut tx = store.begin().await?;
    let jobs = outbox::claim_due(&mut tx, &TOPICS, now, lease(smtp), BATCH).await?;
    for job in &jobs {
        case_messages::set_delivery(&mut tx, job.id, "sending").await?;
        if let Some(case_id) = uuid_at(&job.payload, "case_id") {
            let mid = message_id_of(job.id, smtp);
            let message = uuid_at(&job.payload, "message_id");
            mail::remember_id(&mut tx, &mid, case_id, message).await?;
        }
    }
    tx.commit().await?;
    Ok(jobs)
}

/// Closes a job that will never be sent, and tells the case and the reply's author.
async fn give_up(store: &Store, job: &Job, why: &str, now: i64) -> Result<()> {
    let mut tx = store.begin().await?;
    outbox::give_up(&mut tx, job.id, why, now).await?;
    case_messages::set_delivery(&mut tx, job.id, "failed").await?;
    if let Some(case_id) = uuid_at(&job.payload, "case_id") {
        let to = match job.payload.get("to") {
            Some(Value::Array(a)) => a
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(", "),
            _ => String::new(),
        };
        let what = if job.topic == "case_ack" {
            "The acknowledgement"
        } else {
            "The reply"
        };
        event(
            &mut tx,
            case_id,
            &format!("{what} to {to} could not be delivered: {why}"),
            now,
        )
        .await?;
        if let Some(m) = uuid_at(&job.payload, "message_id")
            && let Some(author) = case_messages::get(&mut tx, m).await?.author_id
        {
            notifications::insert(
                &mut tx,
                author,
                "mail_undelivered",
                &format!("Your reply to {to} could not be delivered"),
                why,
                &format!("/cases/{case_id}"),
            )
            .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// Sends every job due at `now` (microseconds) once. A header with a line break, an
/// unreadable address or a 5xx answer closes the job as failed at once; anything else is
/// retried after [`outbox::backoff`] until [`MAX_ATTEMPTS`].
pub async fn deliver_due(store: &Store, smtp: &SmtpSettings, now: i64) -> Result<DeliveryReport> {
    let mailer = Mailer::new(smtp).map_err(|e| AppError::Internal(e.to_string()))?;
    let started = now_micros();
    let jobs = claim(store, smtp, now).await?;
    let mut report = DeliveryReport {
        claimed: jobs.len(),
        ..Default::default()
    };
    for mut job in jobs {
        // `now` is the round's clock (tests pass their own); the renewal adds the time
        // the batch has taken so far
        let at = now.saturating_add(now_micros().saturating_sub(started));
        if !outbox::renew(&mut store.clone(), &mut job, at, lease(smtp)).await? {
            tracing::warn!(job = %job.id, "the lease ran out before sending and another worker took the job");
            continue;
        }
        if job.was_interrupted() {
            tracing::warn!(job = %job.id, attempt = job.attempts,
                "the previous attempt died before recording its outcome; sending again with the same Message-ID");
        }
        let sent = match outgoing(store, smtp, &job).await {
            Ok(o) => mailer.send(&o).await,
            Err(Unready::Refused(why)) => Err(SendError::Refused(why)),
            Err(Unready::Store(e)) => Err(SendError::Transient(e.to_string())),
        };
        match sent {
            Ok(()) => {
                let mut tx = store.begin().await?;
                outbox::complete(&mut tx, job.id, now).await?;
                case_messages::set_delivery(&mut tx, job.id, "sent").await?;
                tx.commit().await?;
                tracing::info!(job = %job.id, topic = %job.topic, "mail sent");
                report.sent += 1;
            }
            Err(e) if e.is_permanent() || job.attempts >= MAX_ATTEMPTS => {
                tracing::warn!(job = %job.id, attempt = job.attempts, error = %e, "mail given up");
                give_up(store, &job, &e.to_string(), now).await?;
                report.failed += 1;
            }
            Err(e) => {
                let mut tx = store.begin().await?;
                let at = outbox::retry_later(&mut tx, &job, &e.to_string(), now).await?;
                case_messages::set_delivery(&mut tx, job.id, "retrying").await?;
                tx.commit().await?;
                tracing::info!(job = %job.id, attempt = job.attempts, error = %e,
                    retry_in_s = (at - now) / 1_000_000, "mail not sent yet");
                report.retrying += 1;
            }
        }
    }
    Ok(report)
}

/// Delivers due mail every few seconds until `shutdown` turns true (or its sender is
/// dropped). Ends early only when the settings can never work (e.g. a password over
/// plain SMTP to another machine).
pub async fn run(
    store: Store,
    smtp: SmtpSettings,
    mut shutdown: watch::Receiver<bool>,
) -> Result<()> {
    Mailer::new(&smtp).map_err(|e| AppError::Internal(e.to_string()))?;
    loop {
        if *shutdown.borrow() {
            return Ok(());
        }
        match deliver_due(&store, &smtp, now_micros()).await {
            // a full batch: more may be waiting
            Ok(r) if r.claimed as u64 == BATCH => continue,
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "mail delivery round failed"),
        }
        tokio::select! {
            _ = tokio::time::sleep(POLL) => {}
            _ = purser_mail::stopped(&mut shutdown) => return Ok(()),
        }
    }
}
