//! `purser bench`: bounded loads against a running Purser on this machine, and the desk's
//! in-process figures ([`crate::bench::cases`]).
//!
//! `purser bench customers` logs in like a browser, then many clients read the customer
//! list, search, the customer API and the customer page while one client keeps logging in;
//! it reports latency percentiles per operation and, given `--pid`, the server's resident
//! memory.

pub mod cases;
pub mod tracking;

use anyhow::Context;
use clap::Subcommand;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

#[derive(Subcommand)]
pub enum BenchWhat {
    /// Customer list, search, API read and page under concurrent clients.
    Customers {
        /// Base URL of the server (loopback only).
        #[arg(long, default_value = "http://127.0.0.1:8080")]
        url: String,
        #[arg(long, default_value = "amy@purser.test")]
        email: String,
        #[arg(long, default_value = crate::demo::DEMO_PASSWORD)]
        password: String,
        /// Concurrent clients.
        #[arg(long, default_value_t = 50)]
        clients: usize,
        /// How long to run.
        #[arg(long, default_value_t = 20)]
        seconds: u64,
        /// The server's process id, to report its memory.
        #[arg(long)]
        pid: Option<u32>,
        /// Leave out the client that logs in continuously (to compare the reads without it).
        #[arg(long)]
        no_login_loop: bool,
        /// Mean pause of each client between its requests, as an agent reading the screen
        /// (drawn at random around it, see `think`); 0 sends the next request at once (a
        /// closed loop at full saturation).
        #[arg(long, default_value_t = 0)]
        think_ms: u64,
    },
    /// Inboxes, case pages and new cases under concurrent agents (after `seed-cases`).
    Cases {
        /// Base URL of the server (loopback only).
        #[arg(long, default_value = "http://127.0.0.1:8080")]
        url: String,
        /// Agents to sign in as (agent01@purser.test …, made by `seed-cases`).
        #[arg(long, default_value_t = 40)]
        agents: usize,
        #[arg(long, default_value = crate::demo::DEMO_PASSWORD)]
        password: String,
        /// Concurrent clients (browsers); they share the agents' sessions round-robin.
        #[arg(long, default_value_t = 50)]
        clients: usize,
        #[arg(long, default_value_t = 20)]
        seconds: u64,
        /// The server's process id, to report its memory.
        #[arg(long)]
        pid: Option<u32>,
        /// Mean pause of each client between its requests (drawn at random around it).
        #[arg(long, default_value_t = 0)]
        think_ms: u64,
        /// Only this kind of request instead of the agents' mix: `create` measures the write
        /// path (`POST /api/v1/cases` with a first message) alone.
        #[arg(long, value_parser = ["inbox_mine", "inbox_team", "at_risk", "page_api", "page_html", "create"])]
        only: Option<String>,
    },
    /// Loads cases and their conversations straight into a demo database, for `bench cases`.
    SeedCases {
        #[command(flatten)]
        data: crate::DataArgs,
        #[arg(long, default_value_t = 1_000_000)]
        cases: usize,
        #[arg(long, default_value_t = 5)]
        messages_per_case: usize,
        /// Share of the cases still open (the newest), with live SLA clocks.
        #[arg(long, default_value_t = 5)]
        active_percent: u32,
        /// Bench agents to add to the teams first (agent01@purser.test …).
        #[arg(long, default_value_t = 40)]
        agents: usize,
        #[arg(long, default_value_t = 42)]
        seed: u64,
    },
    /// In-process: routing decisions, and recomputing open cases after a calendar edit.
    /// Imports a generated mbox of realistic shipping mail (written first if missing) and
    /// reports messages per second and memory.
    Mail {
        #[command(flatten)]
        data: crate::DataArgs,
        /// The mbox to import (generated when it does not exist).
        #[arg(long, default_value = "/tmp/purser-bench.mbox")]
        mbox: std::path::PathBuf,
        #[arg(long, default_value_t = 100_000)]
        messages: usize,
        #[arg(long, default_value_t = 7)]
        seed: u64,
    },
    /// In-process: TNT event ingest, a vessel delay to notices, one booking's events among
    /// many, and a shipment page of 200 events (see `bench::tracking`).
    Tracking {
        #[command(flatten)]
        data: crate::DataArgs,
        /// Events ingested through the parser in arrays of 1,000.
        #[arg(long, default_value_t = 100_000)]
        events: usize,
        /// Shipments on the delayed voyage.
        #[arg(long, default_value_t = 10_000)]
        shipments: usize,
        /// Customers those shipments belong to (from the book).
        #[arg(long, default_value_t = 2_000)]
        customers: usize,
        /// Bulk-load events until the table holds this many (for the booking query).
        #[arg(long, default_value_t = 0)]
        total_events: usize,
        /// Booking queries and shipment pages timed.
        #[arg(long, default_value_t = 2_000)]
        queries: usize,
    },
    Desk {
        #[command(flatten)]
        data: crate::DataArgs,
        /// Routing decisions timed per team size.
        #[arg(long, default_value_t = 200_000)]
        decisions: usize,
        /// Only the routing figures (no database needed).
        #[arg(long)]
        skip_recompute: bool,
    },
}

impl BenchWhat {
    /// The data directory a command works on, if it opens the database itself.
    pub fn data(&self) -> Option<&crate::DataArgs> {
        match self {
            BenchWhat::SeedCases { data, .. }
            | BenchWhat::Desk { data, .. }
            | BenchWhat::Mail { data, .. }
            | BenchWhat::Tracking { data, .. } => Some(data),
            BenchWhat::Customers { .. } | BenchWhat::Cases { .. } => None,
        }
    }
}

const OPS: &[&str] = &["list", "search", "api_get", "page", "login"];

/// Signs in through the log-in form like a browser; returns the session cookie.
pub(crate) async fn login(
    client: &reqwest::Client,
    url: &str,
    email: &str,
    password: &str,
) -> anyhow::Result<String> {
    let page = client.get(format!("{url}/login")).send().await?;
    let pre = page
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|c| c.split(';').next())
        .unwrap_or("")
        .to_string();
    let html = page.text().await?;
    let csrf = html
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .context("login form")?
        .to_string();
    let r = client
        .post(format!("{url}/login"))
        .header("cookie", pre)
        .form(&[
            ("csrf", csrf.as_str()),
            ("email", email),
            ("password", password),
        ])
        .send()
        .await?;
    let cookie = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("purser_session="))
        .and_then(|c| c.split(';').next())
        .context("log-in failed: check --email and --password")?;
    Ok(cookie.to_string())
}

/// Resident and peak resident memory of a process, KiB.
pub(crate) fn rss_kib(pid: u32) -> Option<(u64, u64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

/// Latencies per kind of request.
/// Latencies per kind of request: as the client saw them, and as the server measured its
/// own part (`Server-Timing: app;dur=…`), when it said.
pub(crate) struct Timings {
    round_trip: Vec<Vec<Duration>>,
    server: Vec<Vec<Duration>>,
}

impl Timings {
    pub(crate) fn new(kinds: usize) -> Timings {
        Timings {
            round_trip: vec![Vec::new(); kinds],
            server: vec![Vec::new(); kinds],
        }
    }

    pub(crate) fn push(&mut self, kind: usize, d: Duration) {
        self.round_trip[kind].push(d);
    }

    /// A response's round trip and the server's own time from its headers.
    pub(crate) fn push_response(
        &mut self,
        kind: usize,
        d: Duration,
        headers: &reqwest::header::HeaderMap,
    ) {
        self.push(kind, d);
        if let Some(server) = server_time(headers) {
            self.server[kind].push(server);
        }
    }

    pub(crate) fn merge(&mut self, other: Timings) {
        for (k, v) in other.round_trip.into_iter().enumerate() {
            self.round_trip[k].extend(v);
        }
        for (k, v) in other.server.into_iter().enumerate() {
            self.server[k].extend(v);
        }
    }
}

/// A client's pause before its next request: exponential around `mean_ms` (capped at five
/// times it), drawn from `state` (a per-client LCG), so 50 clients act like 50 people at
/// their own pace. A fixed pause keeps clients in lockstep: every second all of them
/// would ask at the same instant, and the last would measure the queue of the other 49.
pub(crate) async fn think(state: &mut u64, mean_ms: u64) {
    if mean_ms == 0 {
        return;
    }
    *state = state
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let uniform = ((*state >> 11) as f64 + 0.5) / (1u64 << 53) as f64;
    let ms = (-uniform.ln() * mean_ms as f64).min(5.0 * mean_ms as f64);
    tokio::time::sleep(Duration::from_secs_f64(ms / 1000.0)).await;
}

/// Where a client starts: spread over one mean pause, not all at the same instant.
pub(crate) async fn stagger(client: usize, clients: usize, mean_ms: u64) {
    let offset = mean_ms * client as u64 / clients.max(1) as u64;
    tokio::time::sleep(Duration::from_millis(offset)).await;
}

/// The `app` duration of a `Server-Timing` header, e.g. `app;dur=3.250`.
fn server_time(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    let value = headers.get("server-timing")?.to_str().ok()?;
    let ms: f64 = value.strip_prefix("app;dur=")?.parse().ok()?;
    Some(Duration::from_secs_f64(ms / 1000.0))
}

/// `(p50, p95, p99, max)` in milliseconds; zeros when there is nothing.
fn percentiles(mut v: Vec<Duration>) -> [f64; 4] {
    v.sort();
    let p = |q: f64| {
        v.get(((v.len() as f64 * q).ceil() as usize).saturating_sub(1))
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    [p(0.50), p(0.95), p(0.99), p(1.0)]
}

/// Prints count and p50/p95/p99/max per kind, as the client saw them and, where the server
/// said, its own time; returns the number of requests.
pub(crate) fn percentile_table(names: &[&str], timings: &Timings) -> usize {
    println!(
        "{:<14} {:>7} {:>8} {:>8} {:>8} {:>8} | {:>10} {:>10} {:>10}",
        "operation",
        "count",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "max ms",
        "server p50",
        "server p99",
        "server max"
    );
    let mut total = 0;
    for (k, name) in names.iter().enumerate() {
        let round_trip = &timings.round_trip[k];
        total += round_trip.len();
        let [p50, p95, p99, max] = percentiles(round_trip.clone());
        let server = if timings.server[k].is_empty() {
            format!("{:>10} {:>10} {:>10}", "-", "-", "-")
        } else {
            let [s50, _, s99, smax] = percentiles(timings.server[k].clone());
            format!("{s50:>10.2} {s99:>10.2} {smax:>10.2}")
        };
        println!(
            "{name:<14} {:>7} {p50:>8.2} {p95:>8.2} {p99:>8.2} {max:>8.2} | {server}",
            round_trip.len()
        );
    }
    total
}

pub(crate) fn ensure_loopback(url: &str) -> anyhow::Result<()> {
    anyhow::ensure!(
        url.starts_with("http://127.")
            || url.starts_with("http://localhost")
            || url.starts_with("http://[::1]"),
        "bench only loads servers on this machine (loopback)"
    );
    Ok(())
}

pub async fn run(what: BenchWhat, cfg: &crate::config::Config) -> anyhow::Result<()> {
    let (url, email, password, clients, seconds, pid, no_login_loop, think_ms) = match what {
        BenchWhat::Customers {
            url,
            email,
            password,
            clients,
            seconds,
            pid,
            no_login_loop,
            think_ms,
        } => (
            url,
            email,
            password,
            clients,
            seconds,
            pid,
            no_login_loop,
            think_ms,
        ),
        BenchWhat::Cases {
            url,
            agents,
            password,
            clients,
            seconds,
            pid,
            think_ms,
            only,
        } => {
            return crate::bench::cases::http(
                url, agents, password, clients, seconds, pid, think_ms, only,
            )
            .await;
        }
        BenchWhat::SeedCases {
            cases,
            messages_per_case,
            active_percent,
            agents,
            seed,
            ..
        } => {
            return crate::bench::cases::seed_cases(
                cfg,
                cases,
                messages_per_case,
                active_percent,
                agents,
                seed,
            )
            .await;
        }
        BenchWhat::Desk {
            decisions,
            skip_recompute,
            ..
        } => return crate::bench::cases::in_process(cfg, decisions, skip_recompute).await,
        BenchWhat::Tracking {
            events,
            shipments,
            customers,
            total_events,
            queries,
            ..
        } => {
            let store = crate::open(cfg).await?;
            return crate::bench::tracking::run(
                &store,
                &crate::bench::tracking::Plan {
                    events,
                    shipments,
                    customers,
                    total_events,
                    queries,
                },
            )
            .await;
        }
        BenchWhat::Mail {
            mbox,
            messages,
            seed,
            ..
        } => {
            let store = crate::open(cfg).await?;
            return crate::cli::mail::bench(&store, &mbox, messages, seed).await;
        }
    };
    ensure_loopback(&url)?;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(clients + 2)
        .build()?;
    let cookie = login(&client, &url, &email, &password).await?;
    // ids and search words from the book itself, from both ends of it: the first page by
    // name alone is one family of names ("Anchor …", 600 matches), where agents also
    // type words that thousands of companies share ("industrial", 上海)
    let mut items = Vec::new();
    for sort in ["name", "-name"] {
        let page: serde_json::Value = client
            .get(format!("{url}/api/v1/customers?limit=200&sort={sort}"))
            .header("cookie", &cookie)
            .send()
            .await?
            .json()
            .await?;
        items.extend(page["items"].as_array().context("customer list")?.clone());
    }
    anyhow::ensure!(
        !items.is_empty(),
        "the server has no customers; run `purser demo --scale N` first"
    );
    let ids: Vec<String> = items
        .iter()
        .filter_map(|c| c["id"].as_str().map(str::to_string))
        .collect();
    let prefix = |w: &str, n: usize| w.chars().take(n).collect::<String>().to_lowercase();
    let mut words: Vec<String> = Vec::new();
    for c in &items {
        let legal: Vec<&str> = c["legal_name"]
            .as_str()
            .unwrap_or_default()
            .split_whitespace()
            .collect();
        // the first word, and the longest (an industry, often shared by thousands)
        words.extend(legal.first().map(|w| prefix(w, 5)));
        words.extend(legal.iter().max_by_key(|w| w.len()).map(|w| prefix(w, 5)));
        words.extend(c["local_name"].as_str().map(|n| prefix(n, 2)));
    }
    let results = Arc::new(Mutex::new(Timings::new(OPS.len())));
    let errors = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for n in 0..clients {
        let (client, url, cookie, ids, words, results, errors) = (
            client.clone(),
            url.clone(),
            cookie.clone(),
            ids.clone(),
            words.clone(),
            results.clone(),
            errors.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut local = Timings::new(OPS.len());
            let mut i = n as u64;
            let mut pause = n as u64 ^ 0x5DEE_CE66;
            stagger(n, clients, think_ms).await;
            while Instant::now() < deadline {
                i = i
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let op = (i >> 33) as usize % 4;
                let pick = (i >> 40) as usize;
                let path = match op {
                    0 => "/api/v1/customers?limit=50".to_string(),
                    1 => format!(
                        "/api/v1/customers?limit=50&q={}",
                        urlencode(&words[pick % words.len()])
                    ),
                    2 => format!("/api/v1/customers/{}", ids[pick % ids.len()]),
                    _ => format!("/customers/{}", ids[pick % ids.len()]),
                };
                let start = Instant::now();
                let done = match client
                    .get(format!("{url}{path}"))
                    .header("cookie", &cookie)
                    .send()
                    .await
                {
                    Ok(r) if r.status().is_success() => {
                        let headers = r.headers().clone();
                        r.bytes().await.ok().map(|_| headers)
                    }
                    _ => None,
                };
                if let Some(headers) = done {
                    local.push_response(op, start.elapsed(), &headers);
                } else {
                    errors.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
                think(&mut pause, think_ms).await;
            }
            results.lock().await.merge(local);
        }));
    }
    // one client logs in over and over: Argon2 must not stall the others
    if !no_login_loop {
        let (client, url, results) = (client.clone(), url.clone(), results.clone());
        tasks.push(tokio::spawn(async move {
            let mut local = Vec::new();
            while Instant::now() < deadline {
                let start = Instant::now();
                if login(&client, &url, &email, &password).await.is_ok() {
                    local.push(start.elapsed());
                }
            }
            let mut all = results.lock().await;
            for d in local {
                all.push(4, d);
            }
        }));
    }
    for t in tasks {
        t.await?;
    }
    let all = results.lock().await;
    let logins = if no_login_loop {
        "no log-ins"
    } else {
        "1 log-in loop"
    };
    println!(
        "{clients} clients (think time {think_ms} ms mean, exponential) + {logins} for {seconds} s against {url}"
    );
    let total = percentile_table(OPS, &all);
    println!(
        "throughput: {:.0} requests/s, errors: {}",
        total as f64 / seconds as f64,
        errors.load(std::sync::atomic::Ordering::Relaxed)
    );
    if let Some((rss, hwm)) = pid.and_then(rss_kib) {
        println!(
            "server memory: RSS {} MiB, peak {} MiB",
            rss / 1024,
            hwm / 1024
        );
    }
    Ok(())
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
