//! `purser demo`: a fresh database with demo users, a realistic customer book, a working
//! service desk (teams, calendars, SLA policies, templates and cases) and track and trace
//! (schedules, shipments and their DCSA event history), then serve.

pub mod book;
pub mod desk;
pub mod kb;
pub mod tracking;

use crate::config::Config;
use anyhow::Context;
use desk::Staff;
use indicatif::{ProgressBar, ProgressStyle};
use purser_app::Ctx;
use purser_app::admin::{self, DepartmentInput, NewUserInput};
use purser_domain::customers::Language;
use purser_domain::roles::{CustomerScope, Department, Role};
use purser_store::customers::ListQuery;
use purser_store::{Store, customers, users};

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
        "sanne@purser.test",
        "Sanne de Vries",
        Role::Agent,
        Some(Department::CustomerService),
        Language::En,
    ),
    (
        "kevin@purser.test",
        "Kevin Tsai",
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
    (
        "oscar@purser.test",
        "Oscar Liu",
        Role::Department,
        Some(Department::Operations),
        Language::En,
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

pub async fn run(
    cfg: &Config,
    seed: u64,
    scale: u32,
    no_serve: bool,
    live_feed: bool,
) -> anyhow::Result<()> {
    anyhow::ensure!(scale >= 1, "--scale must be at least 1");
    if cfg.database_url.is_none() {
        fresh_sqlite(cfg)?;
    }
    let store = crate::open(cfg).await?;
    let demo = populate(&store, seed, scale, true).await?;
    let portal_name = demo.portal_name;
    if no_serve {
        return Ok(());
    }
    let tracking = demo.tracking;
    let live = live_feed.then(|| (store.clone(), demo.live));
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
        println!(
            "Track and trace as of {}: {} shipments, {} delayed — http://{addr}/shipments?delayed=true",
            tracking.anchor.strftime("%Y-%m-%d %H:%M UTC"),
            tracking::thousands(tracking.shipments as i64),
            tracking::thousands(tracking.delayed)
        );
        if let Some((store, script)) = live {
            tokio::spawn(tracking::play(store, addr, script));
        }
    })
    .await
}

/// What [`populate`] made that `demo` goes on with.
pub struct Demo {
    /// The portal user's company.
    pub portal_name: String,
    pub tracking: tracking::Summary,
    /// The story `--live-feed` plays about this data.
    pub live: tracking::Script,
}

/// Fills an empty, migrated store with the demo: departments and users, the customer book,
/// the portal user, the desk's configuration and its cases (and at scale above 1 the loaded
/// history), then shipments and their track-and-trace history. `report` prints progress
/// and counts.
pub async fn populate(store: &Store, seed: u64, scale: u32, report: bool) -> anyhow::Result<Demo> {
    anyhow::ensure!(
        users::count(&mut store.clone()).await? == 0,
        "the database already has users; demo needs an empty one"
    );
    let store = store.clone();
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
    let mut staff = Vec::new();
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
        staff.push(Staff {
            id: u.id,
            name: u.name.clone(),
            email: u.email.clone(),
            role: *role,
            department: *dept,
        });
        if *email == "amy@purser.test" {
            actor = Some(u.id);
        }
    }
    let total = book::COMPANIES_PER_SCALE * scale as usize;
    let bar = ProgressBar::new(total as u64).with_style(
        ProgressStyle::with_template(
            "{msg} [{bar:40}] {pos}/{len} companies ({per_sec}, {eta} left)",
        )
        .expect("style")
        .progress_chars("=> "),
    );
    bar.set_message("demo data");
    if !report {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    let started = std::time::Instant::now();
    let summary = book::seed(
        &store,
        seed,
        scale,
        &agents,
        actor.context("demo agent")?,
        &|done, _| bar.set_position(done as u64),
    )
    .await?;
    bar.finish_and_clear();
    let say = |line: String| {
        if report {
            println!("{line}");
        }
    };
    say(format!(
        "demo data: {} customers, {} contacts, {} contracts, {} activities in {:.1} s",
        summary.customers,
        summary.contacts,
        summary.contracts,
        summary.activities,
        started.elapsed().as_secs_f64()
    ));
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
    let portal_user = admin::add_user(
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
    let started = std::time::Instant::now();
    let desk = desk::configure(&store, staff).await?;
    let articles = kb::seed(&store, desk.supervisor()).await?;
    say(format!(
        "demo knowledge base: {articles} articles in English and Chinese"
    ));
    let mut book = desk::seed::read_book(&store, Some(portal.id)).await?;
    // the desk's stories name the customers' real shipments, so "where is my box" cases
    // can be worked end to end in track and trace
    let plan = tracking::plan(&book, seed, scale, jiff::Timestamp::now());
    let shipped = tracking::shipped(&plan, book.accounts.len());
    for (account, shipped) in book.accounts.iter_mut().zip(shipped) {
        account.shipments = shipped;
    }
    let portal_user = desk::seed::PortalUser {
        id: portal_user.id,
        name: portal_user.name,
        email: portal_user.email,
        customer_id: portal.id,
    };
    let cases = desk::seed::seed(&store, &desk, &book, Some(&portal_user), seed).await?;
    say(format!(
        "demo desk: {} teams, {} cases ({} open; {} SLA breaches and {} warnings raised), \
         {} messages in {:.1} s",
        desk.teams.len(),
        cases.cases,
        cases.active,
        cases.breached,
        cases.warned,
        cases.messages,
        started.elapsed().as_secs_f64()
    ));
    if scale > 1 {
        let started = std::time::Instant::now();
        let bulk = desk::bulk::load(
            &store,
            &desk::bulk::Plan {
                seed,
                cases: desk::bulk::CASES_PER_SCALE * (scale as usize - 1),
                messages_per_case: 5,
                active_percent: 5,
            },
            &|_, _| {},
        )
        .await?;
        say(format!(
            "demo desk history: {} cases, {} messages in {:.1} s",
            bulk.cases,
            bulk.messages,
            started.elapsed().as_secs_f64()
        ));
    }
    let started = std::time::Instant::now();
    let tracking = tracking::seed(&store, &book, plan).await?;
    say(tracking.summary.line(started.elapsed().as_secs_f64()));
    Ok(Demo {
        portal_name: portal.legal_name.clone(),
        tracking: tracking.summary,
        live: tracking.live,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use purser_domain::ids::ContainerNumber;
    use purser_store::Db;
    use purser_store::cases::{self, View};
    use purser_store::sea_query::{Expr, ExprTrait, Query};

    async fn count(db: &mut Store, sql: &str) -> i64 {
        db.scalar_raw(sql)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    /// The whole demo on a fresh store of the backend under test (SQLite, or PostgreSQL with
    /// `PURSER_TEST_BACKEND=postgres`): the desk files real cases through the use cases.
    #[tokio::test]
    async fn the_demo_fills_a_fresh_store_with_a_working_desk() {
        let (store, _guard) = purser_store::testing::fresh_store().await.unwrap();
        let now = purser_store::now_micros();
        populate(&store, 42, 1, false).await.unwrap();
        let mut db = store.clone();

        let cases = count(&mut db, "SELECT COUNT(*) FROM cases").await;
        // every article of the knowledge base is linked to its translation
        let articles = count(&mut db, "SELECT COUNT(*) FROM kb_articles").await;
        let linked = "SELECT COUNT(*) FROM kb_articles a JOIN kb_articles b \
                      ON b.id = a.translation_id AND b.translation_id = a.id";
        assert!(articles > 60 && count(&mut db, linked).await == articles);
        assert_eq!(cases, crate::demo::desk::stories::STORIES as i64);

        // every container, booking and B/L a case names is the case's customer's shipment
        // in track and trace, so "where is my box" can be answered from the case
        let named = "SELECT COUNT(*) FROM case_refs r JOIN cases c ON c.id = r.case_id \
                     WHERE r.kind IN ('container', 'booking', 'bill_of_lading')";
        let tracked = format!(
            "{named} AND EXISTS (SELECT 1 FROM shipment_refs s JOIN shipments h \
             ON h.id = s.shipment_id WHERE s.value = r.value AND h.customer_id = c.customer_id)"
        );
        let named = count(&mut db, named).await;
        assert!(named >= 100, "the stories name shipments ({named})");
        assert_eq!(count(&mut db, &tracked).await, named);
        for (status, at_least) in [
            ("closed", 50),
            ("resolved", 20),
            ("new", 20),
            ("waiting_on_customer", 10),
            ("waiting_on_internal", 5),
        ] {
            let sql = format!("SELECT COUNT(*) FROM cases WHERE status = '{status}'");
            let n = count(&mut db, &sql).await;
            assert!(n >= at_least, "{n} {status} cases");
        }
        for language in ["en", "zh-TW"] {
            let sql = format!("SELECT COUNT(*) FROM cases WHERE language = '{language}'");
            assert!(count(&mut db, &sql).await > 30, "{language}");
        }
        // the watcher has been round: some live cases breached, the at-risk inbox is not empty
        let breached = "SELECT COUNT(*) FROM cases WHERE active AND sla_state = 'breached'";
        assert!(count(&mut db, breached).await > 0);
        let (at_risk, _) = cases::list(
            &mut db,
            &CustomerScope::All,
            &cases::ListQuery::new(View::AtRisk, 500),
        )
        .await
        .unwrap();
        assert!(!at_risk.is_empty());
        assert!(
            at_risk
                .iter()
                .all(|c| c.warn_at.unwrap() <= purser_store::now_micros())
        );

        // 2 to 8 messages people wrote per case, all stamped before now
        let per_case = "(SELECT COUNT(*) AS n FROM case_messages WHERE kind <> 'event' \
                        GROUP BY case_id) AS t";
        assert!(count(&mut db, &format!("SELECT MIN(n) FROM {per_case}")).await >= 2);
        assert!(count(&mut db, &format!("SELECT MAX(n) FROM {per_case}")).await <= 8);
        let later = purser_store::now_micros();
        let future = format!("SELECT COUNT(*) FROM case_messages WHERE created_at > {later}");
        assert_eq!(count(&mut db, &future).await, 0);
        let old = format!("SELECT COUNT(*) FROM cases WHERE created_at < {now} - 86400000000");
        assert!(
            count(&mut db, &old).await > 100,
            "finished cases lie in the past"
        );
        // finished cases keep no running clock; nothing waits to be mailed to invented people
        let live = "SELECT COUNT(*) FROM case_clocks k JOIN cases c ON c.id = k.case_id \
                    WHERE NOT c.active AND k.stopped_at IS NULL";
        assert_eq!(count(&mut db, live).await, 0);
        let unsent = "SELECT COUNT(*) FROM outbox WHERE done_at IS NULL AND topic = 'case_reply'";
        assert_eq!(count(&mut db, unsent).await, 0);
        let tasks = "SELECT COUNT(*) FROM dept_tasks WHERE answered_at IS NOT NULL";
        assert!(count(&mut db, tasks).await > 10);
        let steps = "SELECT COUNT(*) FROM complaint_steps WHERE step = 'confirm_satisfaction'";
        assert!(count(&mut db, steps).await > 0);

        // the portal user's company has cases, some filed in the portal itself
        let portal = "SELECT COUNT(*) FROM cases WHERE customer_id = \
                      (SELECT customer_id FROM users WHERE email = 'portal@purser.test')";
        assert!(count(&mut db, portal).await >= 5);
        let by_portal = format!("{portal} AND channel = 'portal'");
        assert!(count(&mut db, &by_portal).await >= 1);

        let q = Query::select()
            .column("value")
            .from("case_refs")
            .and_where(Expr::col("kind").eq("container"))
            .take();
        let containers: Vec<(String,)> = db.fetch_all(&q).await.unwrap();
        assert!(containers.len() > 50);
        for (c,) in containers {
            ContainerNumber::parse(&c).unwrap();
        }

        // the desk: four teams with members, two calendars, policies, templates in two languages
        let calendars = purser_store::sla::calendars(&mut db).await.unwrap();
        let taipei = calendars.iter().find(|c| c.name == desk::TAIPEI).unwrap();
        assert!(taipei.spec.holidays.iter().any(|h| h.date == "2027-02-05"));
        assert_eq!(calendars.len(), 2);
        assert_eq!(count(&mut db, "SELECT COUNT(*) FROM teams").await, 4);
        assert!(count(&mut db, "SELECT COUNT(*) FROM team_members").await >= 8);
        assert_eq!(count(&mut db, "SELECT COUNT(*) FROM sla_policies").await, 8);
        let zh = "SELECT COUNT(*) FROM reply_templates WHERE language = 'zh-TW'";
        let en = "SELECT COUNT(*) FROM reply_templates WHERE language = 'en'";
        assert_eq!(count(&mut db, zh).await, count(&mut db, en).await);
        assert!(count(&mut db, "SELECT COUNT(*) FROM agent_profiles").await >= 6);
    }
}
