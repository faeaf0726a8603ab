//! The service desk's benchmarks.
//!
//! - `purser bench seed-cases`: a million cases straight into the database (the bulk
//!   loader), after forty bench agents join the demo's teams.
//! - `purser bench cases`: agents' browsers against a running server — inboxes (mine, team,
//!   at risk), case pages and new cases — with latency percentiles per kind of request.
//! - `purser bench desk`: in-process figures no HTTP hides: one routing decision over 50 to
//!   200 candidates, and recomputing every open case's deadlines after a calendar edit.

use crate::bench::{Timings, login, percentile_table, rss_kib, stagger, think};
use crate::config::Config;
use crate::demo::DEMO_PASSWORD;
use crate::demo::desk::bulk::{self, Plan};
use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use purser_app::Ctx;
use purser_app::admin::{self, NewUserInput};
use purser_app::cases::setup::{self, CalendarInput, ProfileInput};
use purser_domain::cases::calendar::HolidaySpec;
use purser_domain::cases::routing::{Candidate, Need, route};
use purser_domain::cases::{AgentStatus, CaseType};
use purser_domain::customers::Language;
use purser_domain::roles::{Department, Role};
use purser_store::{Db, Store, teams, users};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::Mutex;
use uuid::Uuid;

/// The e-mail of bench agent `n` (1-based).
pub fn agent_email(n: usize) -> String {
    format!("agent{n:02}@purser.test")
}

fn fail(e: purser_app::AppError) -> anyhow::Error {
    anyhow::anyhow!("{e}")
}

/// Adds `agents` bench agents (if missing) to the desk's teams, two teams each, with room
/// for plenty of cases, so a load spreads over about forty people.
async fn bench_agents(store: &Store, agents: usize) -> anyhow::Result<()> {
    let ctx = Ctx::system("bench");
    let mut db = store.clone();
    let desk_teams = teams::all(&mut db).await?;
    anyhow::ensure!(
        !desk_teams.is_empty(),
        "the database has no teams: create it with `purser demo --no-serve` first"
    );
    let service = users::list_departments(&mut db)
        .await?
        .into_iter()
        .find(|d| d.kind == Department::CustomerService)
        .map(|d| d.id);
    for n in 1..=agents {
        let email = agent_email(n);
        let id = match users::by_email(&mut db, &email).await? {
            Some(u) => u.user.id,
            None => {
                admin::add_user(
                    store,
                    &ctx,
                    NewUserInput {
                        email: email.clone(),
                        name: format!("Desk Agent {n:02}"),
                        role: Role::Agent,
                        department_id: service,
                        customer_id: None,
                        language: if n % 2 == 0 {
                            Language::ZhTw
                        } else {
                            Language::En
                        },
                        password: DEMO_PASSWORD.into(),
                    },
                )
                .await
                .map_err(fail)?
                .id
            }
        };
        for t in [n % desk_teams.len(), (n + 1) % desk_teams.len()] {
            setup::set_member(store, &ctx, desk_teams[t].id, id, true)
                .await
                .map_err(fail)?;
        }
        setup::set_profile(
            store,
            &ctx,
            id,
            ProfileInput {
                status: AgentStatus::Available,
                capacity: 500,
                languages: vec![Language::En, Language::ZhTw],
                lanes: vec![],
                case_types: vec![],
            },
        )
        .await
        .map_err(fail)?;
    }
    Ok(())
}

/// `purser bench seed-cases`.
pub async fn seed_cases(
    cfg: &Config,
    cases: usize,
    messages_per_case: usize,
    active_percent: u32,
    agents: usize,
    seed: u64,
) -> anyhow::Result<()> {
    let store = crate::open(cfg).await?;
    let started = Instant::now();
    bench_agents(&store, agents).await?;
    println!(
        "{agents} bench agents ({} … {}, password `{DEMO_PASSWORD}`) in the teams ({:.1} s)",
        agent_email(1),
        agent_email(agents),
        started.elapsed().as_secs_f64()
    );
    let bar = ProgressBar::new(cases as u64).with_style(
        ProgressStyle::with_template("cases [{bar:40}] {pos}/{len} ({per_sec}, {eta} left)")
            .expect("style")
            .progress_chars("=> "),
    );
    let started = Instant::now();
    let plan = Plan {
        seed,
        cases,
        messages_per_case,
        active_percent,
    };
    let loaded = bulk::load(&store, &plan, &|done, _| bar.set_position(done as u64)).await?;
    bar.finish_and_clear();
    let secs = started.elapsed().as_secs_f64();
    println!(
        "loaded {} cases ({} open, {} SLA clocks, {} references) and {} messages in {secs:.0} s \
         ({:.0} cases/s, {:.0} rows/s)",
        loaded.cases,
        loaded.active,
        loaded.clocks,
        loaded.refs,
        loaded.messages,
        loaded.cases as f64 / secs,
        (loaded.cases + loaded.messages + loaded.clocks + loaded.refs) as f64 / secs,
    );
    if cfg.database_url.is_none() {
        let size = std::fs::metadata(cfg.data.join("purser.db"))
            .map(|m| m.len())
            .unwrap_or(0);
        println!("database: {} MiB", size / (1024 * 1024));
    }
    store.close().await;
    Ok(())
}

/// What the HTTP clients do, in the proportions agents do it.
const KINDS: &[(&str, u32)] = &[
    ("inbox_mine", 30),
    ("inbox_team", 15),
    ("at_risk", 10),
    ("page_api", 20),
    ("page_html", 15),
    ("create", 10),
];

/// One signed-in agent: the session cookie and the CSRF token its pages carry.
#[derive(Clone)]
struct Session {
    cookie: String,
    csrf: String,
}

async fn session(
    client: &reqwest::Client,
    url: &str,
    email: &str,
    password: &str,
) -> anyhow::Result<Session> {
    let cookie = login(client, url, email, password)
        .await
        .with_context(|| format!("log-in as {email}"))?;
    let html = client
        .get(format!("{url}/account"))
        .header("cookie", &cookie)
        .send()
        .await?
        .text()
        .await?;
    let csrf = html
        .split("<meta name=\"csrf-token\" content=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .context("the console page carries no CSRF token")?
        .to_string();
    Ok(Session { cookie, csrf })
}

fn ids_of(body: &serde_json::Value) -> Vec<String> {
    body["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|c| c["id"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[allow(clippy::too_many_arguments)]
/// `purser bench cases`.
pub async fn http(
    url: String,
    agents: usize,
    password: String,
    clients: usize,
    seconds: u64,
    pid: Option<u32>,
    think_ms: u64,
    only: Option<String>,
) -> anyhow::Result<()> {
    crate::bench::ensure_loopback(&url)?;
    let only = only
        .map(|name| {
            KINDS
                .iter()
                .position(|k| k.0 == name)
                .with_context(|| format!("no request kind {name}"))
        })
        .transpose()?;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(clients + 2)
        .build()?;
    // every client signs in as an agent of its own (they share when there are fewer)
    let started = Instant::now();
    let mut sessions = Vec::new();
    for n in 1..=agents.min(clients).max(1) {
        sessions.push(session(&client, &url, &agent_email(n), &password).await?);
    }
    println!(
        "{} agents signed in in {:.1} s",
        sessions.len(),
        started.elapsed().as_secs_f64()
    );
    let first = &sessions[0];
    let customers: serde_json::Value = client
        .get(format!("{url}/api/v1/customers?limit=200"))
        .header("cookie", &first.cookie)
        .send()
        .await?
        .json()
        .await?;
    let customers = ids_of(&customers);
    anyhow::ensure!(!customers.is_empty(), "the server has no customers");
    let queue: serde_json::Value = client
        .get(format!("{url}/api/v1/cases?view=team&limit=200"))
        .header("cookie", &first.cookie)
        .send()
        .await?
        .json()
        .await?;
    let seen = ids_of(&queue);
    anyhow::ensure!(
        !seen.is_empty(),
        "the server has no open cases in the agents' teams: run `purser bench seed-cases` first"
    );
    let html_page = client
        .get(format!("{url}/cases/{}", seen[0]))
        .header("cookie", &first.cookie)
        .send()
        .await?
        .status()
        .is_success();
    if !html_page {
        println!("the console has no case page at /cases/{{id}}: its share goes to the API page");
    }
    let timings = Arc::new(Mutex::new(Timings::new(KINDS.len())));
    let errors: Arc<Vec<AtomicUsize>> =
        Arc::new(KINDS.iter().map(|_| AtomicUsize::new(0)).collect());
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for n in 0..clients {
        let (client, url, s) = (
            client.clone(),
            url.clone(),
            sessions[n % sessions.len()].clone(),
        );
        let (timings, errors, customers) = (timings.clone(), errors.clone(), customers.clone());
        let mut ids = seen.clone();
        tasks.push(tokio::spawn(async move {
            let mut local = Timings::new(KINDS.len());
            let mut i = n as u64 ^ 0x9E37_79B9;
            let mut pause = n as u64 ^ 0x5DEE_CE66;
            stagger(n, clients, think_ms).await;
            let mut made = 0;
            while Instant::now() < deadline {
                i = i
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let mut roll = ((i >> 33) % 100) as u32;
                let mut kind = 0;
                while roll >= KINDS[kind].1 {
                    roll -= KINDS[kind].1;
                    kind += 1;
                }
                if let Some(k) = only {
                    kind = k;
                }
                if kind == 4 && !html_page {
                    kind = 3;
                }
                let pick = &ids[(i >> 40) as usize % ids.len()];
                let request = match kind {
                    0 => client.get(format!("{url}/api/v1/cases?view=mine&limit=50")),
                    1 => client.get(format!("{url}/api/v1/cases?view=team&limit=50")),
                    2 => client.get(format!("{url}/api/v1/cases?view=at_risk&limit=50")),
                    3 => client.get(format!("{url}/api/v1/cases/{pick}/page")),
                    4 => client.get(format!("{url}/cases/{pick}")),
                    _ => {
                        made += 1;
                        let customer = &customers[(i >> 20) as usize % customers.len()];
                        client
                            .post(format!("{url}/api/v1/cases"))
                            .header("x-csrf-token", &s.csrf)
                            .json(&serde_json::json!({
                                "subject": format!("ETA of booking KHH{n:03}{made:06} — bench"),
                                "customer_id": customer,
                                "message": "Hello, could you please confirm the current ETA \
                                    of our booking? The consignee needs to book a trucker.",
                            }))
                    }
                };
                let start = Instant::now();
                let outcome = request.header("cookie", &s.cookie).send().await;
                let body = match outcome {
                    Ok(r) if r.status().is_success() => {
                        let headers = r.headers().clone();
                        r.bytes().await.ok().map(|b| (b, headers))
                    }
                    _ => None,
                };
                match body {
                    Some((bytes, headers)) => {
                        local.push_response(kind, start.elapsed(), &headers);
                        // inboxes and new cases feed the pages this agent opens next
                        if kind <= 2 && ids.len() < 2_000 {
                            if let Ok(v) = serde_json::from_slice::<serde_json::Value>(&bytes) {
                                ids.extend(ids_of(&v));
                            }
                        } else if kind == 5
                            && let Ok(v) = serde_json::from_slice::<serde_json::Value>(&bytes)
                            && let Some(id) = v["id"].as_str()
                        {
                            ids.push(id.to_string());
                        }
                    }
                    None => {
                        errors[kind].fetch_add(1, Ordering::Relaxed);
                    }
                }
                think(&mut pause, think_ms).await;
            }
            timings.lock().await.merge(local);
        }));
    }
    for t in tasks {
        t.await?;
    }
    let timings = timings.lock().await;
    println!(
        "{clients} clients as {} agents (think time {think_ms} ms mean, exponential) for {seconds} s against {url}",
        sessions.len()
    );
    let names: Vec<&str> = KINDS.iter().map(|k| k.0).collect();
    let total = percentile_table(&names, &timings);
    let failed: Vec<String> = KINDS
        .iter()
        .zip(errors.iter())
        .filter(|(_, e)| e.load(Ordering::Relaxed) > 0)
        .map(|(k, e)| format!("{} {}", k.0, e.load(Ordering::Relaxed)))
        .collect();
    println!(
        "throughput: {:.0} requests/s, errors: {}",
        total as f64 / seconds as f64,
        if failed.is_empty() {
            "none".to_string()
        } else {
            failed.join(", ")
        }
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

/// Candidates of a busy team: mixed status, load, languages, lanes and skills.
fn candidates(n: usize, seed: u64) -> Vec<Candidate> {
    let mut x = seed;
    let mut next = move || {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (x >> 33) as u32
    };
    let lanes = ["TW-US", "CN-US", "TW-NL", "CN-DE", "HK-US", "SG-BE"];
    (0..n)
        .map(|i| {
            let capacity = 10 + next() % 30;
            Candidate {
                user_id: Uuid::from_u128(i as u128 + 1),
                status: match next() % 10 {
                    0 => AgentStatus::Away,
                    1 => AgentStatus::OffShift,
                    _ => AgentStatus::Available,
                },
                absent: next() % 25 == 0,
                open_cases: next() % (capacity + 3),
                capacity,
                languages: match next() % 3 {
                    0 => vec![Language::En],
                    1 => vec![Language::ZhTw],
                    _ => vec![Language::En, Language::ZhTw],
                },
                lanes: (0..next() % 3)
                    .map(|_| lanes[next() as usize % lanes.len()].to_string())
                    .collect(),
                case_types: if next() % 4 == 0 {
                    vec![CaseType::Inquiry, CaseType::BlAmendment]
                } else {
                    vec![]
                },
                last_assigned_at: jiff::Timestamp::from_second(
                    1_790_000_000 + i64::from(next() % 86_400),
                )
                .ok(),
                overflow: i % 7 == 6,
            }
        })
        .collect()
}

/// `purser bench desk`: (mean µs, p99 µs) of one routing decision per team size, then the
/// recompute after a calendar edit on the database of `cfg`.
pub async fn in_process(
    cfg: &Config,
    decisions: usize,
    skip_recompute: bool,
) -> anyhow::Result<()> {
    println!(
        "{:<34} {:>10} {:>10} {:>10}",
        "measure", "mean", "p99", "unit"
    );
    for n in [50, 100, 200] {
        let cands = candidates(n, n as u64);
        let needs: Vec<Need> = (0..64)
            .map(|i| Need {
                account_owner: (i % 3 == 0).then(|| Uuid::from_u128((i * 7 % n) as u128 + 1)),
                language: if i % 2 == 0 {
                    Language::En
                } else {
                    Language::ZhTw
                },
                lane: (i % 4 != 0).then(|| ["TW-US", "CN-DE", "TW-NL"][i % 3].to_string()),
                case_type: if i % 5 == 0 {
                    CaseType::Complaint
                } else {
                    CaseType::Inquiry
                },
                busy_period: i % 6 == 0,
            })
            .collect();
        let mut took = Vec::with_capacity(decisions);
        for d in 0..decisions {
            let need = &needs[d % needs.len()];
            let start = Instant::now();
            std::hint::black_box(route(
                std::hint::black_box(need),
                std::hint::black_box(&cands),
            ));
            took.push(start.elapsed());
        }
        took.sort();
        let mean = took.iter().sum::<Duration>().as_secs_f64() / took.len() as f64;
        let p99 = took[(took.len() * 99 / 100).min(took.len() - 1)].as_secs_f64();
        println!(
            "{:<34} {:>10.2} {:>10.2} {:>10}",
            format!("routing decision, {n} candidates"),
            mean * 1e6,
            p99 * 1e6,
            "µs"
        );
    }
    if skip_recompute {
        return Ok(());
    }
    let store = crate::open(cfg).await?;
    let live = store
        .clone()
        .scalar_raw("SELECT COUNT(DISTINCT case_id) FROM case_clocks WHERE stopped_at IS NULL")
        .await?;
    let calendars = purser_store::sla::calendars(&mut store.clone()).await?;
    let cal = calendars
        .iter()
        .find(|c| c.name == crate::demo::desk::TAIPEI)
        .or(calendars.first())
        .context("the database has no calendar: create it with `purser demo` first")?;
    // a typhoon closes the Taipei office tomorrow: every open deadline moves (and when an
    // earlier run declared it, the office opens after all: they move back)
    let mut spec = cal.spec.clone();
    let tomorrow = jiff::Zoned::now().date().tomorrow()?.to_string();
    let declared = spec.holidays.len();
    spec.holidays.retain(|h| h.date != tomorrow);
    if spec.holidays.len() == declared {
        spec.holidays.push(HolidaySpec {
            date: tomorrow,
            name: "颱風假 Typhoon day".into(),
        });
    }
    let started = Instant::now();
    let edit = setup::update_calendar(
        &store,
        &Ctx::system("bench"),
        cal.id,
        None,
        CalendarInput {
            name: cal.name.clone(),
            spec,
            holidays_ics: None,
        },
    )
    .await
    .map_err(fail)?;
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{:<34} {:>10.1} {:>10} {:>10}",
        format!("calendar edit, {} cases recomputed", edit.recomputed),
        secs,
        "",
        "s"
    );
    println!(
        "({live} cases had live clocks; {:.0} cases/s)",
        edit.recomputed as f64 / secs
    );
    store.close().await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bench_candidates_are_a_varied_team() {
        let c = candidates(200, 1);
        assert_eq!(c.len(), 200);
        assert!(c.iter().any(|x| x.status == AgentStatus::Away));
        assert!(c.iter().any(|x| x.open_cases >= x.capacity));
        assert!(c.iter().any(|x| x.overflow));
        assert_eq!(c, candidates(200, 1));
    }
}
