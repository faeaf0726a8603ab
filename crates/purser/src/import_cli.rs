//! `purser import …` and `purser export …`: the customer book as CSV or XLSX.

use crate::DataArgs;
use crate::config::Config;
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum ImportWhat {
    /// Customers and their contacts, one row per contact (see `purser export customers`).
    Customers {
        file: PathBuf,
        /// Check every row and report the bad ones; change nothing.
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        data: DataArgs,
    },
}

#[derive(Subcommand)]
pub enum ExportWhat {
    /// Customers and their contacts, one row per contact; .csv or .xlsx by the file name.
    Customers {
        file: PathBuf,
        #[command(flatten)]
        data: DataArgs,
    },
}

impl ImportWhat {
    pub fn data(&self) -> &DataArgs {
        match self {
            ImportWhat::Customers { data, .. } => data,
        }
    }
}

impl ExportWhat {
    pub fn data(&self) -> &DataArgs {
        match self {
            ExportWhat::Customers { data, .. } => data,
        }
    }
}

pub async fn import(_cfg: &Config, _what: ImportWhat) -> anyhow::Result<()> {
    anyhow::bail!("import is not available yet")
}

pub async fn export(_cfg: &Config, _what: ExportWhat) -> anyhow::Result<()> {
    anyhow::bail!("export is not available yet")
}
