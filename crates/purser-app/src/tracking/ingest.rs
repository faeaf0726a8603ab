//! DCSA TNT 2.2 events in, from a source's signed callback, an operator's API call or
//! `purser import events`. An array is all-or-nothing: any event that breaks the schema
//! or the identifier rules, or replays a known eventID with different content, rejects
//! the whole array with every problem by its property path, and nothing is stored.
//! Replaying an event as it was is a duplicate and changes nothing. Each stored batch
//! leaves one durable job for [`super::apply`], which moves port calls, timelines,
//! notices and subscriber callbacks; so a batch is acknowledged as soon as it is safe.

use crate::{AppError, Result};
use purser_dcsa::tnt::TntEvent;
use purser_domain::validation::Problems;
use purser_store::tracking::events::{self, NewEvent};
use purser_store::tracking::schedules;
use purser_store::{Store, Tx};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};
use uuid::Uuid;

#[derive(Debug, Clone, Default, PartialEq, Serialize, utoipa::ToSchema)]
pub struct IngestReport {
    pub received: usize,
    pub stored: usize,
    pub duplicates: usize,
    /// Stored, but worth a look (e.g. a UN/LOCODE Purser does not know).
    pub warnings: Vec<String>,
}

/// Parses, checks and stores one array of events; see the module comment.
pub async fn ingest(store: &Store, source: Option<Uuid>, body: &[u8]) -> Result<IngestReport> {
    let known: BTreeSet<String> = schedules::locations(&mut store.clone())
        .await?
        .into_iter()
        .map(|l| l.code)
        .collect();
    let parsed = purser_dcsa::tnt::parse_events(body, &|c: &str| known.contains(c))
        .map_err(|problems| AppError::Invalid(listed(problems)))?;
    let mut tx = store.begin().await?;
    let report = store_events(&mut tx, source, parsed).await?;
    tx.commit().await?;
    Ok(report)
}

/// At most [`MAX_PROBLEMS`] problems, then one saying how many more there were: a
/// wholly wrong array of 1,000 events should not answer with a megabyte of errors.
pub fn listed(problems: Vec<purser_dcsa::Problem>) -> Problems {
    let mut p = Problems::new();
    let more = problems.len().saturating_sub(MAX_PROBLEMS);
    for x in problems.into_iter().take(MAX_PROBLEMS) {
        p.add(x.path, x.message);
    }
    if more > 0 {
        p.add("/", format!("and {more} more problems of the same array"));
    }
    p
}

pub const MAX_PROBLEMS: usize = 100;

/// The transactional half of [`ingest`], for callers that already hold parsed events.
pub async fn store_events(
    tx: &mut Tx,
    source: Option<Uuid>,
    parsed: Vec<TntEvent>,
) -> Result<IngestReport> {
    let mut report = IngestReport {
        received: parsed.len(),
        ..Default::default()
    };
    let ids: Vec<&str> = parsed.iter().map(|e| e.event_id.as_str()).collect();
    let mut seen: HashMap<String, String> = events::known(tx, &ids).await?.into_iter().collect();
    let mut problems = Problems::new();
    let mut fresh: Vec<&TntEvent> = Vec::new();
    for (i, e) in parsed.iter().enumerate() {
        match seen.get(&e.event_id) {
            Some(h) if *h == e.body_hash => report.duplicates += 1,
            Some(_) => problems.add(
                format!("/{i}/eventID"),
                format!(
                    "event {} was already received with different content; publish a new eventID for a new fact",
                    e.event_id
                ),
            ),
            None => {
                seen.insert(e.event_id.clone(), e.body_hash.clone());
                fresh.push(e);
            }
        }
        // the parser's paths already start with the event's index ("/3/...")
        for w in &e.warnings {
            report.warnings.push(format!("{}: {}", w.path, w.message));
        }
    }
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    let rows: Vec<NewEvent> = fresh.iter().map(|e| new_event(e)).collect();
    let first_seq = events::insert(tx, source, &rows).await?;
    report.stored = rows.len();
    if rows.is_empty() {
        return Ok(report);
    }
    super::apply::enqueue(tx, first_seq, rows.len() as i64).await?;
    Ok(report)
}

fn new_event(e: &TntEvent) -> NewEvent {
    NewEvent {
        event_id: e.event_id.clone(),
        kind: e.kind.as_str().to_string(),
        classifier: e.classifier.as_str().to_string(),
        type_code: e.type_code.clone(),
        event_at: e.event_at.as_microsecond(),
        created_at: e.created_at.as_microsecond(),
        location: e.un_location.clone(),
        vessel_imo: e.vessel_imo.clone(),
        voyage: e.voyage.clone(),
        equipment: e.equipment_reference.clone(),
        document_type: e.document_type_code.clone(),
        delay_reason: e.delay_reason.clone(),
        body: e.canonical.clone(),
        body_hash: e.body_hash.clone(),
        warnings: (!e.warnings.is_empty())
            .then(|| serde_json::to_value(&e.warnings).unwrap_or_default()),
        refs: events::refs_of(
            &e.booking_references,
            &e.transport_document_references,
            e.equipment_reference.as_deref(),
            // only a vessel's own events concern everything on board; a container's
            // events name their vessel too, but concern that container's shipment only
            e.vessel_imo
                .as_deref()
                .zip(e.voyage.as_deref())
                .filter(|_| e.kind == purser_domain::tracking::codes::EventKind::Transport),
        ),
    }
}
