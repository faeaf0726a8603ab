//! `purser import events FILE` and `purser import schedules FILE`.

use purser_app::tracking::{apply, ingest, schedules};
use purser_app::{AppError, Ctx};
use purser_store::Store;
use std::path::Path;
use std::time::Instant;

/// Events per stored batch (and per transaction).
pub const BATCH: usize = 1000;

/// Reads a JSON array, or one JSON event per line.
pub fn read_events(text: &str) -> anyhow::Result<Vec<serde_json::Value>> {
    let t = text.trim_start();
    if t.starts_with('[') {
        Ok(serde_json::from_str(t)?)
    } else {
        t.lines()
            .filter(|l| !l.trim().is_empty())
            .enumerate()
            .map(|(i, l)| {
                serde_json::from_str(l).map_err(|e| anyhow::anyhow!("line {}: {e}", i + 1))
            })
            .collect()
    }
}

fn explain(e: AppError, offset: usize) -> String {
    match e {
        AppError::Invalid(p) => {
            p.0.iter()
                .map(|f| {
                    // paths start with the index within the batch: show the index in the file
                    let mut parts = f.field.splitn(3, '/');
                    let _ = parts.next();
                    match parts.next().and_then(|i| i.parse::<usize>().ok()) {
                        Some(i) => format!(
                            "event {}{}{}: {}",
                            offset + i,
                            if parts.clone().next().is_some() {
                                "/"
                            } else {
                                ""
                            },
                            parts.next().unwrap_or(""),
                            f.message
                        ),
                        None => format!("{}: {}", f.field, f.message),
                    }
                })
                .collect::<Vec<_>>()
                .join("\n")
        }
        other => other.to_string(),
    }
}

pub async fn import_events(store: &Store, file: &Path) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(file)?;
    let events = read_events(&text)?;
    let b = crate::cli::import::bar(events.len() as u64, "events");
    let started = Instant::now();
    let (mut stored, mut duplicates, mut refused, mut warnings) = (0, 0, 0, 0);
    for (n, chunk) in events.chunks(BATCH).enumerate() {
        let body = serde_json::to_vec(chunk)?;
        match ingest::ingest(store, None, &body).await {
            Ok(r) => {
                stored += r.stored;
                duplicates += r.duplicates;
                warnings += r.warnings.len();
            }
            Err(e) => {
                refused += chunk.len();
                b.println(format!(
                    "batch {} refused:\n{}",
                    n + 1,
                    explain(e, n * BATCH)
                ));
            }
        }
        b.inc(chunk.len() as u64);
    }
    b.finish_and_clear();
    let took = started.elapsed();
    let applied = apply::run_pending(store)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    println!(
        "{} events: {stored} stored, {duplicates} already known, {refused} refused, {warnings} warnings; {:.0} events/s stored; {} shipments updated, {} notices",
        events.len(),
        events.len() as f64 / took.as_secs_f64().max(1e-9),
        applied.shipments_updated,
        applied.notices
    );
    anyhow::ensure!(refused == 0, "{refused} events refused");
    Ok(())
}

pub async fn import_schedules(store: &Store, file: &Path) -> anyhow::Result<()> {
    let body = std::fs::read(file)?;
    let r = schedules::import(store, &Ctx::system("import"), &body)
        .await
        .map_err(|e| anyhow::anyhow!("{}", explain(e, 0)))?;
    println!(
        "{} vessels, {} voyages, {} port calls ({} omitted); {} changes, {} notices",
        r.vessels, r.voyages, r.port_calls, r.omitted_calls, r.changes, r.notices
    );
    for w in &r.warnings {
        println!("warning: {w}");
    }
    Ok(())
}
