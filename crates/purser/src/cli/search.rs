//! `purser search rebuild`: builds this node's search index afresh from the database into
//! a new directory beside the current one, then swaps the two, so a half-built index is
//! never the one in use.

use std::sync::Arc;

use anyhow::Context;
use clap::Subcommand;
use purser_search::{IndexOptions, SearchIndex};

use crate::config::Config;
use crate::{DataArgs, open};

#[derive(Subcommand)]
pub enum SearchWhat {
    /// Rebuild the search index from the database (with a progress bar), then swap it in.
    Rebuild {
        #[command(flatten)]
        data: DataArgs,
    },
}

impl SearchWhat {
    pub fn data(&self) -> &DataArgs {
        match self {
            SearchWhat::Rebuild { data } => data,
        }
    }
}

pub async fn run(cfg: &Config, what: SearchWhat) -> anyhow::Result<()> {
    match what {
        SearchWhat::Rebuild { .. } => rebuild(cfg).await,
    }
}

async fn rebuild(cfg: &Config) -> anyhow::Result<()> {
    let store = open(cfg).await?;
    let dir = cfg.search_dir();
    let fresh = dir.with_extension(format!("rebuild-{}", std::process::id()));
    if fresh.exists() {
        std::fs::remove_dir_all(&fresh)?;
    }
    // a writer of two threads: the operator waits for this, the server is not in it
    let options = IndexOptions {
        writer_threads: 2,
        writer_memory_bytes: 128 << 20,
    };
    let (index, _) = SearchIndex::open(&fresh, options)
        .with_context(|| format!("cannot create {}", fresh.display()))?;
    let index = Arc::new(index);
    let total = purser_app::search::rows_to_walk(&store).await?;
    let bar = super::import::bar(total, "indexing");
    let started = std::time::Instant::now();
    let docs = purser_app::search::rebuild(&store, &index, |n| bar.inc(n))
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    bar.finish();
    let took = started.elapsed().as_secs_f64();
    let stats = index.stats()?;
    drop(index);
    // swap: the old index moves aside and is removed only once the new one is in place
    let old = dir.with_extension("old");
    if old.exists() {
        std::fs::remove_dir_all(&old)?;
    }
    if dir.exists() {
        std::fs::rename(&dir, &old)?;
    }
    std::fs::rename(&fresh, &dir)?;
    if old.exists() {
        std::fs::remove_dir_all(&old)?;
    }
    println!(
        "{docs} documents in {took:.1} s ({:.0}/s), {} MB, at {}",
        docs as f64 / took.max(1e-9),
        stats.bytes / 1_000_000,
        dir.display()
    );
    Ok(())
}
