//! `purser bench …`: load against a running server (filled in below).

use clap::Subcommand;

#[derive(Subcommand)]
pub enum BenchWhat {
    /// Customer list, search and page reads under concurrent clients.
    Customers {},
}

pub async fn run(_what: BenchWhat) -> anyhow::Result<()> {
    anyhow::bail!("not yet")
}
