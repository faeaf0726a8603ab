//! `purser import …` and `purser export …`: the customer book as CSV or XLSX.

use crate::DataArgs;
use crate::config::Config;
use clap::Subcommand;
use indicatif::{ProgressBar, ProgressStyle};
use purser_app::{Ctx, import};
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
    /// E-mail from an old mailbox: an .eml file, an mbox file or a Maildir folder. Each
    /// message is filed as if it had just arrived; running it again adds nothing.
    Mail {
        path: PathBuf,
        /// The team address the mail was sent to (decides the team queue).
        #[arg(long, default_value = "support@purser.test")]
        mailbox: String,
        #[command(flatten)]
        data: DataArgs,
    },
    /// DCSA Track & Trace 2.2 events: a JSON array (or one event per line), stored in
    /// batches of 1,000; a batch with a bad event is refused whole and reported.
    Events {
        file: PathBuf,
        #[command(flatten)]
        data: DataArgs,
    },
    /// DCSA Commercial Schedules 1.0.3: vessel schedules or point-to-point routes.
    Schedules {
        file: PathBuf,
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
            ImportWhat::Customers { data, .. }
            | ImportWhat::Mail { data, .. }
            | ImportWhat::Events { data, .. }
            | ImportWhat::Schedules { data, .. } => data,
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

pub(crate) fn bar(total: u64, what: &str) -> ProgressBar {
    let b = if total == 0 {
        ProgressBar::new_spinner()
    } else {
        ProgressBar::new(total)
    };
    b.set_style(
        ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({per_sec}, {eta} left)")
            .expect("style")
            .progress_chars("=> "),
    );
    b.set_message(what.to_string());
    b
}

pub async fn import(cfg: &Config, what: ImportWhat) -> anyhow::Result<()> {
    let (file, dry_run) = match what {
        ImportWhat::Customers { file, dry_run, .. } => (file, dry_run),
        ImportWhat::Mail { path, mailbox, .. } => {
            let store = crate::open(cfg).await?;
            let summary =
                crate::cli::mail::import(&store, &mailbox.to_lowercase(), &path, false).await?;
            crate::cli::mail::print_summary(&summary);
            return Ok(());
        }
        ImportWhat::Events { file, .. } => {
            let store = crate::open(cfg).await?;
            return crate::cli::tracking::import_events(&store, &file).await;
        }
        ImportWhat::Schedules { file, .. } => {
            let store = crate::open(cfg).await?;
            return crate::cli::tracking::import_schedules(&store, &file).await;
        }
    };
    let rows = import::read_rows(&file).map_err(|e| anyhow::anyhow!("{e}"))?;
    let store = crate::open(cfg).await?;
    let b = bar(
        rows.len() as u64,
        if dry_run { "checking" } else { "importing" },
    );
    let report = import::import_customers(
        &store,
        &Ctx::system("import"),
        &rows,
        dry_run,
        &|done, _| b.set_position(done as u64),
    )
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    b.finish_and_clear();
    for bad in &report.bad_rows {
        println!("line {}: {}", bad.line, bad.reasons.join("; "));
    }
    let good = report.rows - report.bad_rows.len();
    if dry_run {
        println!(
            "dry run: {} rows, {good} good, {} bad; nothing was changed",
            report.rows,
            report.bad_rows.len()
        );
    } else {
        println!(
            "{} rows: {} customers created, {} updated, {} contacts created, {} bad rows skipped",
            report.rows,
            report.customers_created,
            report.customers_updated,
            report.contacts_created,
            report.bad_rows.len()
        );
    }
    anyhow::ensure!(
        report.bad_rows.is_empty(),
        "{} bad rows",
        report.bad_rows.len()
    );
    Ok(())
}

pub async fn export(cfg: &Config, what: ExportWhat) -> anyhow::Result<()> {
    let ExportWhat::Customers { file, .. } = what;
    let store = crate::open(cfg).await?;
    let b = bar(0, "exporting");
    let rows = import::export_rows(&store, &Ctx::system("export"), &|done| {
        b.set_position(done as u64)
    })
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    b.finish_and_clear();
    import::write_rows(&file, &rows).map_err(|e| anyhow::anyhow!("{e}"))?;
    println!("{} rows written to {}", rows.len() - 1, file.display());
    Ok(())
}
