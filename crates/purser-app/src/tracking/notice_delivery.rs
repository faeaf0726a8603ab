//! The slow halves of proactive notices, after the ingest transaction committed: notices
//! POSTed to the customer's TNT subscriptions as JSON (`webhook_body`, signed like TNT
//! callbacks, retried with back-off) and the proactive case a key account's owner gets,
//! opened through the case use cases so routing, SLA clocks and the audit trail hold as
//! for any other case.

use super::{CASE, WEBHOOK};
use crate::cases::routing::{self, AssignInput};
use crate::cases::{self, CaseInput, RefInput};
use crate::{Ctx, Result};
use base64::Engine;
use purser_domain::cases::refs::{RefKind, normalise_ref};
use purser_domain::cases::{CaseChannel, CaseType, Priority};
use purser_domain::roles::CustomerScope;
use purser_domain::tracking::changes::Change;
use purser_domain::tracking::notice::Facts;
use purser_store::outbox::{self, Job};
use purser_store::tracking::notices::{self, Notice};
use purser_store::tracking::subscriptions as subs;
use purser_store::{Store, customers, now_micros};
use serde_json::{Value, json};
use std::time::Duration;
use uuid::Uuid;

/// Attempts before a job is given up (the back-off makes that about five hours).
const MAX_ATTEMPTS: i64 = 12;
const WEBHOOK_LEASE: i64 = 60_000_000;
const CASE_LEASE: i64 = 120_000_000;
const BATCH: u64 = 20;

fn uuid_at(job: &Job, key: &str) -> Option<Uuid> {
    job.payload.get(key)?.as_str()?.parse().ok()
}

/// Retries the job later, or gives it up once it has had its attempts.
async fn failed(store: &Store, job: &Job, why: &str) -> Result<()> {
    let mut db = store.clone();
    if job.attempts >= MAX_ATTEMPTS {
        tracing::warn!(job = %job.id, topic = %job.topic, error = why, "notice job given up");
        outbox::give_up(&mut db, job.id, why, now_micros()).await?;
    } else {
        outbox::retry_later(&mut db, job, why, now_micros()).await?;
    }
    Ok(())
}

/// POSTs due notice webhooks: the notice as JSON, signed with the subscription's secret
/// in `Notification-Signature`. 2xx completes the job; anything else retries with
/// back-off; a deleted subscription gives up. Returns how many were delivered.
pub async fn deliver_webhooks(store: &Store, client: &reqwest::Client) -> Result<usize> {
    let mut tx = store.begin().await?;
    let jobs = outbox::claim_due(&mut tx, &[WEBHOOK], now_micros(), WEBHOOK_LEASE, BATCH).await?;
    tx.commit().await?;
    let mut sent = 0;
    for job in jobs {
        let mut db = store.clone();
        let id = uuid_at(&job, "subscription").unwrap_or_default();
        let Ok(sub) = subs::subscription(&mut db, id, &CustomerScope::All).await else {
            outbox::give_up(&mut db, job.id, "subscription deleted", now_micros()).await?;
            continue;
        };
        let body = serde_json::to_vec(&job.payload["body"]).unwrap_or_default();
        let key = base64::engine::general_purpose::STANDARD
            .decode(&sub.secret)
            .unwrap_or_default();
        let result = client
            .post(&sub.callback_url)
            .header("Content-Type", "application/json")
            .header(
                "Notification-Signature",
                purser_dcsa::signature(&key, &body),
            )
            .timeout(Duration::from_secs(10))
            .body(body)
            .send()
            .await;
        match result {
            Ok(r) if r.status().is_success() => {
                outbox::complete(&mut db, job.id, now_micros()).await?;
                sent += 1;
            }
            Ok(r) => {
                failed(
                    store,
                    &job,
                    &format!("notice webhook answered {}", r.status()),
                )
                .await?
            }
            Err(e) => failed(store, &job, &format!("notice webhook failed: {e}")).await?,
        }
    }
    Ok(sent)
}

/// Opens the proactive case of each due key-account notice (channel proactive, type
/// inquiry, routed like any case, so the account owner takes it when available) with
/// the notice in its conversation, and records the case on the notice. A notice that
/// already has its case is not given a second. Returns how many cases were opened.
pub async fn open_cases(store: &Store) -> Result<usize> {
    let mut tx = store.begin().await?;
    let jobs = outbox::claim_due(&mut tx, &[CASE], now_micros(), CASE_LEASE, BATCH).await?;
    tx.commit().await?;
    let ctx = Ctx::system("proactive notices");
    let mut opened = 0;
    for job in jobs {
        match open_one(store, &ctx, &job).await {
            Ok(true) => opened += 1,
            Ok(false) => {}
            Err(e) => failed(store, &job, &e.to_string()).await?,
        }
    }
    Ok(opened)
}

async fn open_one(store: &Store, ctx: &Ctx, job: &Job) -> Result<bool> {
    let now = now_micros();
    let mut tx = store.begin().await?;
    let Some(id) = uuid_at(job, "notice_id") else {
        outbox::give_up(&mut tx, job.id, "the job names no notice", now).await?;
        tx.commit().await?;
        return Ok(false);
    };
    let notice = match notices::get(&mut tx, id).await {
        Ok(n) => n,
        Err(purser_store::StoreError::NotFound) => {
            outbox::give_up(&mut tx, job.id, "the notice is gone", now).await?;
            tx.commit().await?;
            return Ok(false);
        }
        Err(e) => return Err(e.into()),
    };
    if notice.case_id.is_some() {
        outbox::complete(&mut tx, job.id, now).await?;
        tx.commit().await?;
        return Ok(false);
    }
    let refs: Vec<(RefKind, String)> = notice
        .shipments
        .iter()
        .filter_map(|r| {
            Some((
                RefKind::BillOfLading,
                normalise_ref(RefKind::BillOfLading, r).ok()?,
            ))
        })
        .collect();
    let input = CaseInput {
        subject: notice.subject.chars().take(200).collect(),
        case_type: CaseType::Inquiry,
        channel: Some(CaseChannel::Proactive),
        priority: Priority::Normal,
        customer_id: Some(notice.customer_id),
        contact_id: None,
        team_id: None,
        tags: vec!["proactive".into(), notice.change_kind.replace('_', "-")],
        lane: job.payload["lane"].as_str().map(str::to_string),
        refs: refs
            .iter()
            .map(|(kind, value)| RefInput {
                kind: *kind,
                value: value.clone(),
            })
            .collect(),
        message: None,
    };
    let case = cases::open_case(&mut tx, ctx, &input, &refs, now).await?;
    cases::event(
        &mut tx,
        case.id,
        &format!(
            "Proactive notice for the account owner ({} shipment(s)):\n\n{}",
            notice.shipments.len(),
            notice.body
        ),
        now,
    )
    .await?;
    notices::set_case(&mut tx, notice.id, case.id).await?;
    outbox::complete(&mut tx, job.id, now).await?;
    tx.commit().await?;
    cases::feed::publish(case.id, &case.number, "created");

    // routing gives the owner the case when the owner is in the case's team; when no team
    // took it, the owner still should, if they can take work now
    if case.assignee_id.is_none() {
        let owner = customers::get(&mut store.clone(), notice.customer_id, &CustomerScope::All)
            .await?
            .account_owner_id;
        if let Some(owner) = owner {
            let to_owner = AssignInput {
                assignee_id: Some(owner),
                team_id: None,
                reason: Some("account owner of the customer".into()),
                auto: false,
            };
            if let Err(e) = routing::assign(store, ctx, case.id, to_owner).await {
                tracing::info!(case = %case.number, error = %e, "proactive case left in the queue");
            }
        }
    }
    Ok(true)
}

fn iso(t: jiff::Timestamp) -> String {
    t.to_string()
}

/// The notice as a subscriber's system receives it.
pub(super) fn webhook_body(n: &Notice, f: &Facts<'_>) -> Value {
    let mut change = match f.change {
        Change::EtaSlip { from, to, by } => json!({
            "previousETA": iso(*from),
            "newETA": iso(*to),
            "delayMinutes": by.as_secs() / 60,
        }),
        Change::RolledOver {
            planned_vessel,
            actual_vessel,
        } => json!({
            "plannedVesselIMONumber": planned_vessel,
            "actualVesselIMONumber": actual_vessel,
        }),
        Change::PortOmitted { port } => json!({ "omittedUNLocationCode": port }),
        Change::CutOffChanged { kind, from, to } => json!({
            "cutOffDateTimeCode": kind,
            "previousCutOff": iso(*from),
            "newCutOff": iso(*to),
        }),
        Change::DocumentHold => json!({}),
    };
    if let Some(c) = &f.call {
        change["vesselIMONumber"] = c.vessel_imo.clone().into();
        change["vesselName"] = c.vessel.clone().into();
        change["carrierVoyageNumber"] = c.voyage.clone().into();
        change["UNLocationCode"] = c.port.clone().into();
    }
    if let Some(r) = &f.reason_code {
        change["delayReasonCode"] = r.clone().into();
    }
    let alternatives: Vec<Value> = f
        .alternatives
        .iter()
        .flat_map(|l| {
            l.sailings.iter().map(move |s| {
                json!({
                    "portOfLoading": l.from,
                    "portOfDischarge": l.to,
                    "vesselIMONumber": s.vessel_imo,
                    "vesselName": s.vessel,
                    "carrierVoyageNumber": s.voyage,
                    "departureDateTime": iso(s.departure),
                    "arrivalDateTime": iso(s.arrival),
                    "transitDays": s.transit_days(),
                })
            })
        })
        .collect();
    json!({
        "noticeID": n.id,
        "changeKey": n.change_key,
        "changeKind": n.change_kind,
        "customerID": n.customer_id,
        "language": n.language,
        "subject": n.subject,
        "text": n.body,
        "transportDocumentReferences": n.shipments,
        "change": change,
        "alternativeSailings": alternatives,
        "createdDateTime": iso(crate::tracking::ts(n.created_at)),
    })
}
