//! The agents' kept load (`agent_loads`, kept by triggers) always equals a count of their
//! active cases, whatever sequence of assignments, status changes, bulk updates and
//! deletions made it — on SQLite, and on PostgreSQL with `PURSER_TEST_BACKEND=postgres`.

use proptest::prelude::*;
use purser_domain::cases::state::CaseStatus;
use purser_domain::cases::{CaseChannel, CaseType, Priority};
use purser_domain::customers::Language;
use purser_domain::roles::Role;
use purser_store::testing::fresh_store;
use purser_store::{Db, Store, cases, new_id, users};
use sea_query::{Expr, ExprTrait, Query};
use uuid::Uuid;

#[derive(Debug, Clone)]
enum Op {
    /// A new case, unassigned or given to agent n.
    Open(Option<usize>),
    /// Case n (of those opened) to agent m, or back to the queue.
    Assign(usize, Option<usize>),
    Status(usize, CaseStatus),
    /// One statement moving every active case of agent n to agent m (a hand-over).
    MoveAll(usize, usize),
    Delete(usize),
}

fn op() -> impl Strategy<Value = Op> {
    let agent = 0..3usize;
    prop_oneof![
        3 => proptest::option::of(agent.clone()).prop_map(Op::Open),
        3 => (0..40usize, proptest::option::of(agent.clone())).prop_map(|(c, a)| Op::Assign(c, a)),
        2 => (0..40usize, prop_oneof![
            Just(CaseStatus::Resolved),
            Just(CaseStatus::Closed),
            Just(CaseStatus::Open),
            Just(CaseStatus::WaitingOnCustomer),
        ]).prop_map(|(c, s)| Op::Status(c, s)),
        1 => (agent.clone(), agent).prop_map(|(a, b)| Op::MoveAll(a, b)),
        1 => (0..40usize).prop_map(Op::Delete),
    ]
}

async fn agents(store: &Store) -> Vec<Uuid> {
    let mut tx = store.begin().await.unwrap();
    let mut out = Vec::new();
    for n in 0..3 {
        let email = format!("load{n}-{}@purser.test", new_id());
        let u = users::insert(
            &mut tx,
            &users::NewUser {
                email: &email,
                name: "Agent",
                role: Role::Agent,
                department_id: None,
                customer_id: None,
                language: Language::En,
                password_hash: "x",
            },
        )
        .await
        .unwrap();
        out.push(u.id);
    }
    tx.commit().await.unwrap();
    out
}

async fn apply(store: &Store, agents: &[Uuid], ops: &[Op]) {
    let mut opened: Vec<Uuid> = Vec::new();
    let pick = |opened: &[Uuid], n: usize| (!opened.is_empty()).then(|| opened[n % opened.len()]);
    for op in ops {
        // one transaction per step, as the desk writes them
        let mut tx = store.begin().await.unwrap();
        match op {
            Op::Open(agent) => {
                let new = cases::NewCase {
                    subject: "Where is my box".into(),
                    case_type: CaseType::Inquiry,
                    channel: CaseChannel::Email,
                    priority: Priority::Normal,
                    language: Language::En,
                    customer_id: None,
                    contact_id: None,
                    team_id: None,
                    tags: vec![],
                    lane: None,
                };
                let c = cases::insert(&mut tx, new_id(), 2026, &new).await.unwrap();
                if let Some(a) = agent {
                    cases::update(
                        &mut tx,
                        c.id,
                        None,
                        vec![("assignee_id", Expr::val(agents[*a]))],
                    )
                    .await
                    .unwrap();
                }
                opened.push(c.id);
            }
            Op::Assign(n, agent) => {
                if let Some(id) = pick(&opened, *n) {
                    let to = agent.map(|a| agents[a]);
                    cases::update(&mut tx, id, None, vec![("assignee_id", Expr::val(to))])
                        .await
                        .unwrap();
                }
            }
            Op::Status(n, status) => {
                if let Some(id) = pick(&opened, *n) {
                    cases::set_status(&mut tx, id, None, *status).await.unwrap();
                }
            }
            Op::MoveAll(from, to) => {
                let q = Query::update()
                    .table("cases")
                    .value("assignee_id", agents[*to])
                    .and_where(Expr::col("assignee_id").eq(agents[*from]))
                    .and_where(Expr::col("active").eq(true))
                    .take();
                tx.execute(&q).await.unwrap();
            }
            Op::Delete(n) => {
                if let Some(id) = pick(&opened, *n) {
                    let q = Query::delete()
                        .from_table("cases")
                        .and_where(Expr::col("id").eq(id))
                        .take();
                    tx.execute(&q).await.unwrap();
                    opened.retain(|c| *c != id);
                }
            }
        }
        tx.commit().await.unwrap();
    }
}

/// (agent, kept figure, counted figure) for each agent whose two figures differ.
async fn disagreements(store: &Store, agents: &[Uuid]) -> Vec<(Uuid, i64, i64)> {
    let mut db = store.clone();
    let kept: Vec<(Uuid, i64)> = cases::open_counts(&mut db, agents).await.unwrap();
    let mut out = Vec::new();
    for a in agents {
        let q = Query::select()
            .expr(Expr::col(sea_query::Asterisk).count())
            .from("cases")
            .and_where(Expr::col("assignee_id").eq(*a))
            .and_where(Expr::col("active").eq(true))
            .take();
        let (counted,): (i64,) = db.fetch_one(&q).await.unwrap();
        let k = kept.iter().find(|(u, _)| u == a).map_or(0, |(_, n)| *n);
        if k != counted {
            out.push((*a, k, counted));
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]
    #[test]
    fn the_kept_load_equals_the_count_of_active_cases(ops in proptest::collection::vec(op(), 1..40)) {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let wrong = rt.block_on(async {
            let (store, _g) = fresh_store().await.unwrap();
            let agents = agents(&store).await;
            apply(&store, &agents, &ops).await;
            disagreements(&store, &agents).await
        });
        prop_assert!(wrong.is_empty(), "kept vs counted: {wrong:?}");
    }
}

#[tokio::test]
async fn the_migration_counts_the_cases_already_there() {
    let (store, _g) = fresh_store().await.unwrap();
    let agents = agents(&store).await;
    apply(
        &store,
        &agents,
        &[Op::Open(Some(0)), Op::Open(Some(0)), Op::Open(Some(1))],
    )
    .await;
    // forget the kept figures: the two that were kept no longer agree
    let mut db = store.clone();
    db.execute_raw("DELETE FROM agent_loads").await.unwrap();
    assert_eq!(disagreements(&store, &agents).await.len(), 2);
    // counted again by the migration's own statement, they agree
    purser_store::testing::recount_agent_loads(&store)
        .await
        .unwrap();
    assert!(disagreements(&store, &agents).await.is_empty());
    let kept = cases::open_counts(&mut db, &agents).await.unwrap();
    assert!(kept.contains(&(agents[0], 2)) && kept.contains(&(agents[1], 1)));
}
