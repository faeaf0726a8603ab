//! `purser`: the one binary. Serves the web console and API, runs the demo, migrates, and
//! gives operators the commands they need (users, tokens, backup, import/export, bench).

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod bench;
mod cli;
mod config;
mod demo;

use anyhow::Context;
use clap::{Parser, Subcommand};
use config::Config;
use purser_app::{Ctx, admin};
use purser_domain::customers::Language;
use purser_domain::roles::Role;
use purser_store::Store;
use std::io::Read;
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "purser",
    version,
    about = "Purser: the service desk for shipping lines' customer service"
)]
struct Cli {
    /// Log as JSON lines (for log collectors) instead of text.
    #[arg(long, global = true, value_parser = ["text", "json"])]
    log_format: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args, Clone)]
struct DataArgs {
    /// Data directory (SQLite file, settings); default ./purser-data.
    #[arg(long)]
    data: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the console and API (migrates the database first).
    Serve {
        /// Address to listen on.
        #[arg(long)]
        bind: Option<String>,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Start with fresh, realistic demo data and print the log-ins.
    Demo {
        #[arg(long)]
        bind: Option<String>,
        #[command(flatten)]
        data: DataArgs,
        /// Seed of the generated data (same seed, same data).
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Size: 1 is 200 companies; 500 is 100,000 companies and 300,000 contacts.
        #[arg(long, default_value_t = 1)]
        scale: u32,
        /// Create the data and exit instead of serving.
        #[arg(long)]
        no_serve: bool,
        /// Once serving, play a scripted track-and-trace story every 20 seconds (a vessel
        /// delayed, a roll-over, a cut-off change), posted as signed DCSA callbacks.
        #[arg(long)]
        live_feed: bool,
    },
    /// Apply pending database migrations and exit.
    Migrate {
        #[command(flatten)]
        data: DataArgs,
    },
    /// Manage users.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Manage API tokens.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// Write a consistent copy of the SQLite database while it is in use.
    Backup {
        /// Where to write the copy (must not exist).
        #[arg(long)]
        to: PathBuf,
        #[command(flatten)]
        data: DataArgs,
    },
    /// Import the customer book from CSV or XLSX.
    Import {
        #[command(subcommand)]
        what: cli::import::ImportWhat,
    },
    /// Export the customer book to CSV or XLSX.
    Export {
        #[command(subcommand)]
        what: cli::import::ExportWhat,
    },
    /// The search index: rebuild it from the database.
    Search {
        #[command(subcommand)]
        what: cli::search::SearchWhat,
    },
    /// Load benchmarks against a running server, the bulk loader, the desk's in-process figures.
    Bench {
        #[command(subcommand)]
        what: bench::BenchWhat,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add a user; the password is read from standard input.
    Add {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// admin, supervisor, agent, department or customer.
        #[arg(long)]
        role: String,
        /// Read the password from standard input (required: passwords never go in arguments).
        #[arg(long, required = true)]
        password_stdin: bool,
        /// For role customer: the customer (company) id the portal user belongs to.
        #[arg(long)]
        customer: Option<uuid::Uuid>,
        /// For role department: the department id.
        #[arg(long)]
        department: Option<uuid::Uuid>,
        /// en or zh-TW.
        #[arg(long, default_value = "en")]
        language: String,
        #[command(flatten)]
        data: DataArgs,
    },
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Create an API token; the token is printed once, as the last line.
    Create {
        /// E-mail of the user the token acts as.
        #[arg(long)]
        user: String,
        /// What the token is for, e.g. "ERP sync".
        #[arg(long)]
        name: String,
        #[command(flatten)]
        data: DataArgs,
    },
}

fn init_logs(format: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("PURSER_LOG")
        .unwrap_or_else(|_| "info,sqlx=warn,tower_http=info".into());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if format == "json" {
        builder.json().flatten_event(true).init();
    } else {
        builder.init();
    }
}

/// Opens the configured database and applies pending migrations.
pub async fn open(cfg: &Config) -> anyhow::Result<Store> {
    if cfg.database_url.is_none() {
        std::fs::create_dir_all(&cfg.data)
            .with_context(|| format!("cannot create data directory {}", cfg.data.display()))?;
    }
    let url = cfg.database_url();
    let store = Store::connect(&url, None)
        .await
        .with_context(|| format!("cannot open database {}", config::redact(&url)))?;
    let applied = store.migrate().await.context("migration failed")?;
    if !applied.is_empty() {
        tracing::info!(?applied, "migrations applied");
    }
    Ok(store)
}

/// Serves (and watches SLA clocks) until Ctrl-C or SIGTERM, then finishes in-flight requests
/// and the watcher's pass in progress, and closes the database.
pub async fn serve(
    cfg: &Config,
    store: Store,
    on_ready: impl FnOnce(SocketAddr),
) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(&cfg.bind)
        .await
        .with_context(|| format!("cannot listen on {}", cfg.bind))?;
    let addr = listener.local_addr()?;
    let index = purser_app::search::start(&store, &cfg.search_dir())
        .await
        .context("cannot open the search index")?;
    let state =
        purser_web::state::AppState::new(store.clone(), cfg.secure_cookies).with_search(index);
    let app = purser_web::app(state);
    tracing::info!(%addr, "serving");
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let watcher = tokio::spawn(sla_watcher(store.clone(), stopped.clone()));
    let mut mail_workers = Vec::new();
    let tracking = tokio::spawn(purser_app::tracking::worker::run(
        store.clone(),
        stopped.clone(),
    ));
    if let Some(smtp) = cfg.smtp.clone() {
        mail_workers.push(tokio::spawn(purser_app::mail_out::run(
            store.clone(),
            smtp,
            stopped.clone(),
        )));
    }
    for mailbox in cfg.imap.clone() {
        mail_workers.push(tokio::spawn(purser_app::mail_in::run_mailbox(
            store.clone(),
            mailbox,
            stopped.clone(),
        )));
    }
    on_ready(addr);
    let served =
        purser_web::server::serve(listener, app, cfg.limits.clone(), shutdown_signal()).await;
    // a pass in progress finishes its transaction; no new one starts
    let _ = stop.send(true);
    let _ = watcher.await;
    let _ = tracking.await;
    for w in mail_workers {
        match w.await {
            Ok(Err(e)) => tracing::warn!(error = %e, "a mail worker stopped with an error"),
            Err(e) => tracing::warn!(error = %e, "a mail worker failed"),
            Ok(Ok(())) => {}
        }
    }
    served?;
    store.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// How often SLA warnings, breaches and follow-up reminders are looked for.
const SLA_WATCH_EVERY: std::time::Duration = std::time::Duration::from_secs(10);

/// Housekeeping (expired sessions, stale sign-in attempts, day-old idempotency keys) runs
/// once every this many SLA passes (hourly), the first at start.
const PRUNE_EVERY_PASSES: u32 = 360;

/// Turns time into actions while the server runs: every [`SLA_WATCH_EVERY`] one pass of
/// `sla_watch::tick` (and hourly the housekeeping), until `stop` says the server
/// is shutting down.
async fn sla_watcher(store: Store, mut stop: tokio::sync::watch::Receiver<bool>) {
    let mut every = tokio::time::interval(SLA_WATCH_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    for pass in 0u32.. {
        tokio::select! {
            _ = every.tick() => {}
            _ = stop.changed() => break,
        }
        let now = purser_store::now_micros();
        match purser_app::cases::sla_watch::tick(&store, now).await {
            Ok(report) => tracing::debug!(?report, "SLA watch"),
            Err(e) => tracing::warn!(error = %e, "SLA watch failed"),
        }
        if pass % PRUNE_EVERY_PASSES == 0 {
            match purser_app::housekeeping::run(&store, now).await {
                Ok(gone) => tracing::debug!(gone, "housekeeping"),
                Err(e) => tracing::warn!(error = %e, "housekeeping failed"),
            }
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down: finishing requests in flight");
}

fn load(
    data: &DataArgs,
    bind: Option<String>,
    log_format: &Option<String>,
) -> anyhow::Result<Config> {
    let mut cfg = Config::load(data.data.as_deref())?;
    if let Some(b) = bind {
        cfg.bind = b;
    }
    if let Some(f) = log_format {
        cfg.log_format = f.clone();
    }
    Ok(cfg)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let no_data = DataArgs { data: None };
    let (data, bind) = match &cli.command {
        Command::Serve { bind, data } | Command::Demo { bind, data, .. } => (data, bind.clone()),
        Command::Migrate { data } | Command::Backup { data, .. } => (data, None),
        Command::User {
            command: UserCommand::Add { data, .. },
        } => (data, None),
        Command::Token {
            command: TokenCommand::Create { data, .. },
        } => (data, None),
        Command::Import { what } => (what.data(), None),
        Command::Export { what } => (what.data(), None),
        Command::Search { what } => (what.data(), None),
        Command::Bench { what } => (what.data().unwrap_or(&no_data), None),
    };
    let cfg = load(data, bind, &cli.log_format)?;
    init_logs(&cfg.log_format);
    tracing::debug!(config = ?cfg, "configuration");
    match cli.command {
        Command::Serve { .. } => {
            let store = open(&cfg).await?;
            serve(&cfg, store, |addr| {
                println!("Purser is serving on http://{addr}/")
            })
            .await
        }
        Command::Demo {
            seed,
            scale,
            no_serve,
            live_feed,
            ..
        } => demo::run(&cfg, seed, scale, no_serve, live_feed).await,
        Command::Migrate { .. } => {
            let store = open(&cfg).await?;
            println!("schema at version {}", store.schema_version().await?);
            Ok(())
        }
        Command::Backup { to, .. } => {
            anyhow::ensure!(!to.exists(), "{} already exists", to.display());
            let store = open(&cfg).await?;
            store.backup_to(&to).await?;
            println!("backup written to {}", to.display());
            Ok(())
        }
        Command::User {
            command:
                UserCommand::Add {
                    email,
                    name,
                    role,
                    customer,
                    department,
                    language,
                    ..
                },
        } => {
            let role = Role::parse(&role).with_context(|| {
                format!("unknown role {role}: use admin, supervisor, agent, department or customer")
            })?;
            let mut password = String::new();
            std::io::stdin().read_to_string(&mut password)?;
            let password = password.trim_end_matches(['\n', '\r']).to_string();
            let store = open(&cfg).await?;
            let input = admin::NewUserInput {
                email,
                name,
                role,
                department_id: department,
                customer_id: customer,
                language: Language::parse(&language).context("language must be en or zh-TW")?,
                password,
            };
            let u = admin::add_user(&store, &Ctx::system("cli"), input)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("added {} <{}> as {} ({})", u.name, u.email, u.role, u.id);
            Ok(())
        }
        Command::Token {
            command: TokenCommand::Create { user, name, .. },
        } => {
            let store = open(&cfg).await?;
            let u = purser_store::users::by_email(&mut store.clone(), &user)
                .await?
                .with_context(|| format!("no user {user}"))?;
            let (t, secret) = admin::create_token(&store, &Ctx::system("cli"), u.user.id, &name)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("token {} ({}) for {}", t.name, t.id, u.user.email);
            println!("{secret}");
            Ok(())
        }
        Command::Import { what } => cli::import::import(&cfg, what).await,
        Command::Export { what } => cli::import::export(&cfg, what).await,
        Command::Search { what } => cli::search::run(&cfg, what).await,
        Command::Bench { what } => bench::run(what, &cfg).await,
    }
}
