//! `purser demo`: a fresh database with demo users and a realistic customer book, then serve.

use crate::config::Config;
use crate::demo_data;
use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use purser_app::Ctx;
use purser_app::admin::{self, DepartmentInput, NewUserInput};
use purser_domain::customers::Language;
use purser_domain::roles::{CustomerScope, Department, Role};
use purser_store::customers::ListQuery;
use purser_store::{customers, users};

pub const DEMO_PASSWORD: &str = "purser-demo";
const MARKER: &str = ".purser-demo";

/// (e-mail, name, role, department kind, language)
const PEOPLE: &[(&str, &str, Role, Option<Department>, Language)] = &[
    (
        "admin@purser.test",
        "Ada Admin",
        Role::Admin,
        None,
        Language::En,
    ),
    (
        "sam@purser.test",
        "Sam Wu",
        Role::Supervisor,
        Some(Department::CustomerService),
        Language::En,
    ),
    (
        "amy@purser.test",
        "Amy Lin",
        Role::Agent,
        Some(Department::CustomerService),
        Language::En,
    ),
    (
        "wei@purser.test",
        "陳志明",
        Role::Agent,
        Some(Department::CustomerService),
        Language::ZhTw,
    ),
    (
        "joyce@purser.test",
        "Joyce Huang",
        Role::Agent,
        Some(Department::CustomerService),
        Language::ZhTw,
    ),
    (
        "ben@purser.test",
        "Ben Chen",
        Role::Department,
        Some(Department::Sales),
        Language::En,
    ),
    (
        "fiona@purser.test",
        "Fiona Lai",
        Role::Department,
        Some(Department::Finance),
        Language::ZhTw,
    ),
];

const DEPARTMENTS: &[(&str, Department, &str)] = &[
    (
        "Customer Service Taipei",
        Department::CustomerService,
        "cs@purser.test",
    ),
    ("Sales Taiwan", Department::Sales, "sales@purser.test"),
    ("Logistics", Department::Logistics, "logistics@purser.test"),
    ("Operations", Department::Operations, "ops@purser.test"),
    ("Finance", Department::Finance, "finance@purser.test"),
];

/// Removes an earlier demo database; refuses to touch one that was not made by `demo`.
fn fresh_sqlite(cfg: &Config) -> anyhow::Result<()> {
    let db = cfg.data.join("purser.db");
    if db.exists() && !cfg.data.join(MARKER).exists() {
        anyhow::bail!(
            "{} holds data that `purser demo` did not create; use another --data directory",
            cfg.data.display()
        );
    }
    for suffix in ["", "-wal", "-shm"] {
        let f = cfg.data.join(format!("purser.db{suffix}"));
        if f.exists() {
            std::fs::remove_file(&f).with_context(|| format!("cannot remove {}", f.display()))?;
        }
    }
    std::fs::create_dir_all(&cfg.data)?;
    std::fs::write(
        cfg.data.join(MARKER),
        "created by purser demo; its database is replaced on each demo run\n",
    )?;
    Ok(())
}

pub async fn run(cfg: &Config, seed: u64, scale: u32, no_serve: bool) -> anyhow::Result<()> {
    anyhow::ensure!(scale >= 1, "--scale must be at least 1");
    if cfg.database_url.is_none() {
        fresh_sqlite(cfg)?;
    }
    let store = crate::open(cfg).await?;
    anyhow::ensure!(
        users::count(&mut store.clone()).await? == 0,
        "the database already has users; demo needs an empty one"
    );
    let ctx = Ctx::system("demo");
    let mut dept_ids = Vec::new();
    for (name, kind, email) in DEPARTMENTS {
        let d = admin::add_department(
            &store,
            &ctx,
            DepartmentInput {
                name: (*name).into(),
                kind: *kind,
                email: (*email).into(),
            },
        )
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
        dept_ids.push((d.kind, d.id));
    }
    let mut agents = Vec::new();
    let mut actor = None;
    for (email, name, role, dept, language) in PEOPLE {
        let department_id =
            dept.and_then(|k| dept_ids.iter().find(|(dk, _)| *dk == k).map(|(_, id)| *id));
        let u = admin::add_user(
            &store,
            &ctx,
            NewUserInput {
                email: (*email).into(),
                name: (*name).into(),
                role: *role,
                department_id,
                customer_id: None,
                language: *language,
                password: DEMO_PASSWORD.into(),
            },
        )
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
        if *role == Role::Agent {
            agents.push(u.id);
        }
        if *email == "amy@purser.test" {
            actor = Some(u.id);
        }
    }
    let total = demo_data::COMPANIES_PER_SCALE * scale as usize;
    let bar = ProgressBar::new(total as u64).with_style(
        ProgressStyle::with_template(
            "{msg} [{bar:40}] {pos}/{len} companies ({per_sec}, {eta} left)",
        )
        .expect("style")
        .progress_chars("=> "),
    );
    bar.set_message("demo data");
    let started = std::time::Instant::now();
    let summary = demo_data::seed(
        &store,
        seed,
        scale,
        &agents,
        actor.context("demo agent")?,
        &|done, _| bar.set_position(done as u64),
    )
    .await?;
    bar.finish_and_clear();
    println!(
        "demo data: {} customers, {} contacts, {} contracts, {} activities in {:.1} s",
        summary.customers,
        summary.contacts,
        summary.contracts,
        summary.activities,
        started.elapsed().as_secs_f64()
    );
    // a portal user for the first customer
    let (first, _) = customers::list(
        &mut store.clone(),
        &CustomerScope::All,
        &ListQuery {
            limit: 1,
            ..Default::default()
        },
    )
    .await?;
    let portal = first.first().context("demo has customers")?;
    admin::add_user(
        &store,
        &ctx,
        NewUserInput {
            email: "portal@purser.test".into(),
            name: "Portal Customer".into(),
            role: Role::Customer,
            department_id: None,
            customer_id: Some(portal.id),
            language: Language::ZhTw,
            password: DEMO_PASSWORD.into(),
        },
    )
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    if no_serve {
        return Ok(());
    }
    let portal_name = portal.legal_name.clone();
    crate::serve(cfg, store, |addr| {
        println!("\nPurser demo is running at http://{addr}/  (Ctrl-C stops it)");
        println!("Log in with password `{DEMO_PASSWORD}` as:");
        for (email, name, role, _, _) in PEOPLE {
            println!("  {email:<22} {name} ({role})");
        }
        println!(
            "  {:<22} portal user of {portal_name}",
            "portal@purser.test"
        );
        println!("API docs: http://{addr}/api/docs");
    })
    .await
}
