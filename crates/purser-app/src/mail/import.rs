//! Importing a whole mailbox (an old mailbox moved to Purser, `purser import mail`):
//! the messages stream through in batches, with the intake's guarantees and a fraction of
//! its round trips.
//!
//! Each batch's raw bytes are kept first and committed (one statement for the batch).
//! Then the whole batch is filed in one transaction, message by message exactly as
//! [`super::ingest`] files one, reading the desk's configuration once. A crash in between
//! or halfway leaves the batch's raw rows `pending`, and running the import again (or
//! [`super::resume_pending`]) files each once. When a message cannot be filed, the
//! batch's transaction is dropped and its messages go through [`super::ingest`] one at a
//! time, which keeps the unreadable one as `failed` and files the others.

use super::{Landed, flag_for_supervisors, ingest, land};
use crate::Result;
use crate::cases::feed;
use crate::cases::routing::Desk;
use purser_mail::Parsed;
use purser_store::Store;
use purser_store::mail::{self, NewRaw, RawMail};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// Messages filed per transaction: enough to spread a commit and the desk's reading over
/// many messages, few enough that a live desk's writes wait only a moment for the lock.
const BATCH: usize = 32;
/// Raw bytes per batch at most, so a run of large messages keeps memory flat.
const BATCH_BYTES: usize = 8 << 20;

/// What an import of a mailbox file did.
#[derive(Debug, Default, Clone, Serialize, ToSchema)]
pub struct ImportSummary {
    pub read: u64,
    pub ingested: u64,
    pub duplicate: u64,
    pub ignored: u64,
    pub failed: u64,
    /// Messages that opened a new case.
    pub new_cases: u64,
    /// Files that could not be read at all.
    pub unreadable: u64,
}

/// How one message of an import ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    NewCase,
    Landed,
    Duplicate,
    Ignored,
    Failed,
}

impl Outcome {
    /// A raw row that was already done before this message came to it (a re-run, or the
    /// same bytes twice in one mailbox).
    fn of_done(state: &str) -> Outcome {
        match state {
            "ingested" | "duplicate" => Outcome::Duplicate,
            "ignored" => Outcome::Ignored,
            _ => Outcome::Failed,
        }
    }

    /// The answer of [`ingest`], as the import counts it.
    fn of_answer(r: &super::Ingested) -> Outcome {
        match r.state.as_str() {
            // the same bytes were filed before (a re-run of the import)
            "ingested" if r.threaded_by == "ingested" => Outcome::Duplicate,
            "ingested" if r.threaded_by == "new" => Outcome::NewCase,
            "ingested" => Outcome::Landed,
            "duplicate" => Outcome::Duplicate,
            "ignored" => Outcome::Ignored,
            _ => Outcome::Failed,
        }
    }

    fn count(self, s: &mut ImportSummary) {
        match self {
            Outcome::NewCase => {
                s.ingested += 1;
                s.new_cases += 1;
            }
            Outcome::Landed => s.ingested += 1,
            Outcome::Duplicate => s.duplicate += 1,
            Outcome::Ignored => s.ignored += 1,
            Outcome::Failed => s.failed += 1,
        }
    }
}

/// Files every message of a mailbox (eml, mbox, Maildir) as if it had just arrived at
/// `mailbox`; `progress` hears after each message. Re-running an import adds nothing.
pub async fn import(
    store: &Store,
    mailbox: &str,
    source: impl Iterator<Item = std::io::Result<Vec<u8>>>,
    mut progress: impl FnMut(&ImportSummary, usize),
) -> Result<ImportSummary> {
    let mut s = ImportSummary::default();
    let mut batch: Vec<Vec<u8>> = Vec::with_capacity(BATCH);
    let mut bytes = 0;
    for item in source {
        match item {
            Ok(raw) => {
                bytes += raw.len();
                batch.push(raw);
                if batch.len() >= BATCH || bytes >= BATCH_BYTES {
                    file_batch(store, mailbox, &mut batch, &mut s, &mut progress).await?;
                    bytes = 0;
                }
            }
            Err(e) => {
                // the messages before it are counted first, in mailbox order
                file_batch(store, mailbox, &mut batch, &mut s, &mut progress).await?;
                bytes = 0;
                tracing::warn!(error = %e, "a mailbox entry could not be read");
                s.read += 1;
                s.unreadable += 1;
                progress(&s, 0);
            }
        }
    }
    file_batch(store, mailbox, &mut batch, &mut s, &mut progress).await?;
    Ok(s)
}

/// Files and counts a batch, and empties it.
async fn file_batch(
    store: &Store,
    mailbox: &str,
    batch: &mut Vec<Vec<u8>>,
    s: &mut ImportSummary,
    progress: &mut impl FnMut(&ImportSummary, usize),
) -> Result<()> {
    if batch.is_empty() {
        return Ok(());
    }
    let outcomes = file_all(store, mailbox, batch).await?;
    for (raw, outcome) in batch.iter().zip(outcomes) {
        s.read += 1;
        outcome.count(s);
        progress(s, raw.len());
    }
    batch.clear();
    Ok(())
}

/// Keeps the batch's raw bytes (committed), then files the batch in one transaction, or
/// one message at a time when that fails.
async fn file_all(store: &Store, mailbox: &str, batch: &[Vec<u8>]) -> Result<Vec<Outcome>> {
    let shas: Vec<String> = batch.iter().map(|r| purser_mail::sha256_hex(r)).collect();
    let mut parsed: Vec<Option<Parsed>> = Vec::with_capacity(batch.len());
    for raw in batch {
        parsed.push(super::parsing::parse(raw).await);
    }
    let items: Vec<NewRaw<'_>> = batch
        .iter()
        .zip(&shas)
        .zip(&parsed)
        .map(|((raw, sha), p)| NewRaw {
            sha256: sha,
            message_id: p.as_ref().and_then(|p| p.message_id.as_deref()),
            raw,
        })
        .collect();
    let mut tx = store.begin().await?;
    let rows = mail::keep_raw_many(&mut tx, mailbox, &items).await?;
    tx.commit().await?;
    drop(items);
    match file_in_one(store, mailbox, &rows, &parsed).await {
        Ok(outcomes) => Ok(outcomes),
        Err(e) => {
            tracing::debug!(error = %e, "a batch could not be filed at once; filing its messages one by one");
            let mut outcomes = Vec::with_capacity(batch.len());
            for raw in batch {
                outcomes.push(Outcome::of_answer(&ingest(store, mailbox, raw).await?));
            }
            Ok(outcomes)
        }
    }
}

/// Files a batch whose raw rows are kept, in one transaction, as [`super::ingest`] files
/// each of its messages. Any error leaves the transaction undone.
async fn file_in_one(
    store: &Store,
    mailbox: &str,
    rows: &[RawMail],
    parsed: &[Option<Parsed>],
) -> Result<Vec<Outcome>> {
    let mut tx = store.begin().await?;
    let mut desk: Option<Desk> = None;
    let mut outcomes = Vec::with_capacity(rows.len());
    // raw rows filed by this batch, with the state each ended in
    let mut filed: Vec<(Uuid, &'static str)> = Vec::new();
    let mut changed = Vec::new();
    let mut pending: Vec<Uuid> = Vec::with_capacity(rows.len());
    for (row, p) in rows.iter().zip(parsed) {
        if row.state == "pending" && p.is_some() && !pending.contains(&row.id) {
            pending.push(row.id);
        }
    }
    let claimed = mail::claim_many(&mut tx, &pending).await?;
    for (row, p) in rows.iter().zip(parsed) {
        if let Some((_, state)) = filed.iter().find(|(id, _)| *id == row.id) {
            outcomes.push(Outcome::of_done(state));
            continue;
        }
        if row.state != "pending" {
            outcomes.push(Outcome::of_done(&row.state));
            continue;
        }
        let (outcome, state) = match p {
            None => {
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
                flag_for_supervisors(&mut tx, row.id, "A message could not be read", mailbox)
                    .await?;
                (Outcome::Failed, "failed")
            }
            Some(p) => {
                if !claimed.contains(&row.id) {
                    // another ingester has it; it answers for it
                    let now = mail::get(&mut tx, row.id).await?;
                    outcomes.push(Outcome::of_done(&now.state));
                    continue;
                }
                match file_one(&mut tx, &mut desk, mailbox, row.id, p).await? {
                    None => (Outcome::Duplicate, "duplicate"),
                    Some(Landed {
                        case: Some(case),
                        threaded_by,
                        ..
                    }) => {
                        changed.push((case.id, case.number));
                        if threaded_by == "new" {
                            (Outcome::NewCase, "ingested")
                        } else {
                            (Outcome::Landed, "ingested")
                        }
                    }
                    Some(Landed { case: None, .. }) => (Outcome::Ignored, "ignored"),
                }
            }
        };
        filed.push((row.id, state));
        outcomes.push(outcome);
    }
    tx.commit().await?;
    for (id, number) in &changed {
        feed::publish(*id, number, "mail");
    }
    Ok(outcomes)
}

/// Files one claimed message: None when it is a duplicate of a message already on a case.
async fn file_one(
    tx: &mut purser_store::Tx,
    desk: &mut Option<Desk>,
    mailbox: &str,
    raw_id: Uuid,
    p: &Parsed,
) -> Result<Option<Landed>> {
    if let Some(mid) = &p.message_id
        && let Some(first) = mail::ingested_with_message_id(tx, mid, raw_id).await?
    {
        mail::finish(
            tx,
            raw_id,
            "duplicate",
            Some(p.origin.as_str()),
            None,
            first.case_id,
            first.case_message_id,
        )
        .await?;
        return Ok(None);
    }
    Ok(Some(land(tx, desk, mailbox, raw_id, p).await?))
}
