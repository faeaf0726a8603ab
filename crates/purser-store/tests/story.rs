//! The store told as one story per area, run on SQLite by default and on PostgreSQL with
//! `PURSER_TEST_BACKEND=postgres`. Every public store function appears here.

use purser_domain::book::{ActivityInput, ContactInput, ContractInput, CustomerInput};
use purser_domain::customers::{ActivityKind, CustomerStatus, Language, Tier};
use purser_domain::roles::{CustomerScope, Department, Role};
use purser_store::customers::{self, ListQuery, Sort};
use purser_store::testing::fresh_store;
use purser_store::{
    Db, StoreError, activities, audit, contacts, contracts, counters, handovers, idempotency,
    new_id, notifications, outbox, users,
};

fn customer(name: &str, local: Option<&str>) -> CustomerInput {
    let mut c: CustomerInput =
        serde_json::from_value(serde_json::json!({ "legal_name": name, "main_office": "TWKHH" }))
            .unwrap();
    c.local_name = local.map(str::to_string);
    c
}

#[tokio::test]
async fn migrations_apply_once_and_record_their_version() {
    let (store, _g) = fresh_store().await.unwrap();
    assert_eq!(store.schema_version().await.unwrap(), 13);
    assert!(
        store.migrate().await.unwrap().is_empty(),
        "a second run applies nothing"
    );
    store.ping().await.unwrap();
}

#[tokio::test]
async fn customers_are_numbered_versioned_found_and_flagged_as_duplicates() {
    let (store, _g) = fresh_store().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    let a = customers::insert(
        &mut tx,
        new_id(),
        &customer(
            "Evergreen Marine Corp. (Taiwan) Ltd.",
            Some("長榮海運股份有限公司"),
        ),
    )
    .await
    .unwrap();
    let b = customers::insert(
        &mut tx,
        new_id(),
        &customer("EVERGREEN MARINE CORP TAIWAN", None),
    )
    .await
    .unwrap();
    let c = customers::insert(
        &mut tx,
        new_id(),
        &customer("Yang Ming Marine Transport", Some("陽明海運股份有限公司")),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        (a.number.as_str(), b.number.as_str()),
        ("C-000001", "C-000002")
    );
    assert!(a.possible_duplicates.is_empty());
    assert_eq!(
        b.possible_duplicates,
        vec![a.id],
        "same normalised English name"
    );
    let mut db = store.clone();
    let d = customers::likely_duplicates(&mut db, &customer("長榮海運 (股) 公司", None), None)
        .await
        .unwrap();
    assert_eq!(
        d,
        vec![a.id],
        "a CJK legal name matches the local-script key"
    );

    // optimistic locking
    let mut tx = store.begin().await.unwrap();
    let mut input = a.input();
    input.tier = Tier::Platinum;
    let a2 = customers::update(&mut tx, a.id, Some(1), &input)
        .await
        .unwrap();
    assert_eq!((a2.version, a2.tier), (2, Tier::Platinum));
    let stale = customers::update(&mut tx, a.id, Some(1), &input).await;
    assert!(matches!(
        stale,
        Err(StoreError::VersionMismatch { current: 2 })
    ));
    assert!(matches!(
        customers::update(&mut tx, new_id(), Some(1), &input).await,
        Err(StoreError::NotFound)
    ));
    tx.commit().await.unwrap();

    // search by English word prefix, CJK bigram, and filters
    let all = CustomerScope::All;
    let q = |s: &str| ListQuery {
        q: Some(s.into()),
        limit: 10,
        ..Default::default()
    };
    let names =
        |rows: Vec<customers::Customer>| rows.into_iter().map(|c| c.number).collect::<Vec<_>>();
    assert_eq!(
        names(customers::list(&mut db, &all, &q("everg")).await.unwrap().0),
        ["C-000002", "C-000001"]
    );
    assert_eq!(
        names(customers::list(&mut db, &all, &q("長榮")).await.unwrap().0),
        ["C-000001"]
    );
    assert_eq!(
        names(
            customers::list(&mut db, &all, &q("marine yang"))
                .await
                .unwrap()
                .0
        ),
        ["C-000003"]
    );
    assert!(
        customers::list(&mut db, &all, &q("maersk"))
            .await
            .unwrap()
            .0
            .is_empty()
    );
    let platinum = ListQuery {
        tier: Some(Tier::Platinum),
        limit: 10,
        ..Default::default()
    };
    assert_eq!(customers::count(&mut db, &all, &platinum).await.unwrap(), 1);

    // keyset pages in both directions
    let mut seen = Vec::new();
    let mut lq = ListQuery {
        limit: 2,
        sort: Sort::NameDesc,
        ..Default::default()
    };
    loop {
        let (rows, next) = customers::list(&mut db, &all, &lq).await.unwrap();
        seen.extend(rows.into_iter().map(|c| c.legal_name));
        match next {
            Some(n) => lq.after = Some(n),
            None => break,
        }
    }
    assert_eq!(
        seen,
        [
            "Yang Ming Marine Transport",
            "Evergreen Marine Corp. (Taiwan) Ltd.",
            "EVERGREEN MARINE CORP TAIWAN"
        ]
    );

    // scope: a portal user of A sees A only; archiving hides from the default list
    let only_a = CustomerScope::Only(a.id);
    assert!(customers::get(&mut db, c.id, &only_a).await.is_err());
    assert_eq!(
        customers::get(&mut db, a.id, &only_a).await.unwrap().id,
        a.id
    );
    assert!(
        customers::get(&mut db, a.id, &CustomerScope::None)
            .await
            .is_err()
    );
    let mut tx = store.begin().await.unwrap();
    customers::set_status(&mut tx, c.id, None, CustomerStatus::Archived)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let active = ListQuery {
        limit: 10,
        ..Default::default()
    };
    assert_eq!(customers::count(&mut db, &all, &active).await.unwrap(), 2);

    // a search in name order, page by page, follows archiving and renames
    let marine = |status, after| ListQuery {
        q: Some("marine".into()),
        status,
        after,
        limit: 1,
        ..Default::default()
    };
    let (page, next) = customers::list(&mut db, &all, &marine(None, None))
        .await
        .unwrap();
    assert_eq!(names(page), ["C-000002"]);
    let (page, next) = customers::list(&mut db, &all, &marine(None, next))
        .await
        .unwrap();
    assert_eq!((names(page), next), (vec!["C-000001".to_string()], None));
    let archived = marine(Some(CustomerStatus::Archived), None);
    assert_eq!(
        names(customers::list(&mut db, &all, &archived).await.unwrap().0),
        ["C-000003"]
    );
    let mut tx = store.begin().await.unwrap();
    let mut renamed = customers::get(&mut tx, a.id, &all).await.unwrap().input();
    renamed.legal_name = "Aardvark Marine Ltd.".into();
    customers::update(&mut tx, a.id, None, &renamed)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        names(
            customers::list(&mut db, &all, &marine(None, None))
                .await
                .unwrap()
                .0
        ),
        ["C-000001"]
    );
    assert!(
        customers::list(&mut db, &all, &q("evergreen marine corp. (taiwan)"))
            .await
            .unwrap()
            .0
            .iter()
            .all(|c| c.id != a.id),
        "the old name no longer finds it"
    );
    assert_eq!(
        customers::get_many(&mut db, &[a.id, c.id])
            .await
            .unwrap()
            .len(),
        2
    );
}

#[tokio::test]
async fn contacts_contracts_activities_and_handover_belong_to_their_customer() {
    let (store, _g) = fresh_store().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    let agent = users::insert(
        &mut tx,
        &users::NewUser {
            email: "Amy@Purser.test",
            name: "Amy",
            role: Role::Agent,
            department_id: None,
            customer_id: None,
            language: Language::ZhTw,
            password_hash: "x",
        },
    )
    .await
    .unwrap();
    let a = customers::insert(
        &mut tx,
        new_id(),
        &customer("Formosa Plastics", Some("台塑")),
    )
    .await
    .unwrap();
    let b = customers::insert(&mut tx, new_id(), &customer("Acer Inc", None))
        .await
        .unwrap();
    let ci: ContactInput = serde_json::from_value(serde_json::json!({"name":"林美玲","emails":["Mei.Lin@FPC.com.tw"],"phones":["+886 2 2712 2211"]})).unwrap();
    let ct = contacts::insert(&mut tx, new_id(), a.id, &ci.normalised())
        .await
        .unwrap();
    assert_eq!(
        contacts::by_email(&mut tx, "mei.lin@fpc.com.tw")
            .await
            .unwrap(),
        vec![(ct.id, a.id)]
    );
    assert!(
        contacts::get(&mut tx, b.id, ct.id).await.is_err(),
        "another customer's path finds nothing"
    );
    let mut ci2 = ct.input();
    ci2.emails = vec!["mei@fpc.com.tw".into()];
    let ct2 = contacts::update(&mut tx, a.id, ct.id, Some(1), &ci2)
        .await
        .unwrap();
    assert_eq!(ct2.version, 2);
    assert!(
        contacts::by_email(&mut tx, "mei.lin@fpc.com.tw")
            .await
            .unwrap()
            .is_empty()
    );
    // contact names and e-mails make the customer findable
    let found = customers::list(
        &mut tx,
        &CustomerScope::All,
        &ListQuery {
            q: Some("美玲".into()),
            limit: 5,
            ..Default::default()
        },
    )
    .await
    .unwrap()
    .0;
    assert_eq!(found.len(), 1);

    let k: ContractInput = serde_json::from_value(serde_json::json!({"reference":"SC-2026-001","valid_from":"2026-01-01","valid_to":"2026-12-31","lanes":[{"from":"TWKHH","to":"NLRTM"}]})).unwrap();
    let kk = contracts::insert(&mut tx, new_id(), a.id, &k)
        .await
        .unwrap();
    assert!(
        matches!(
            contracts::insert(&mut tx, new_id(), b.id, &k).await,
            Err(StoreError::Conflict(_))
        ),
        "references are unique"
    );
    let mut tx = {
        drop(tx);
        store.begin().await.unwrap()
    };
    // the conflict above rolled back everything: the customers are gone too
    assert!(
        customers::get(&mut tx, a.id, &CustomerScope::All)
            .await
            .is_err()
    );
    let a = customers::insert(&mut tx, new_id(), &customer("Formosa Plastics", None))
        .await
        .unwrap();
    let agent = users::insert(
        &mut tx,
        &users::NewUser {
            email: "amy@purser.test",
            ..users::NewUser {
                email: "",
                name: &agent.name,
                role: Role::Agent,
                department_id: None,
                customer_id: None,
                language: Language::En,
                password_hash: "x",
            }
        },
    )
    .await
    .unwrap();
    let kk2 = contracts::insert(&mut tx, kk.id, a.id, &k).await.unwrap();
    assert_eq!(contracts::list(&mut tx, a.id).await.unwrap().len(), 1);
    let mut k2 = kk2.input();
    k2.notes = "free time extended".into();
    assert_eq!(
        contracts::update(&mut tx, a.id, kk2.id, Some(1), &k2)
            .await
            .unwrap()
            .notes,
        "free time extended"
    );
    contracts::archive(&mut tx, a.id, kk2.id, None)
        .await
        .unwrap();
    assert!(contracts::list(&mut tx, a.id).await.unwrap().is_empty());

    let act = ActivityInput {
        kind: ActivityKind::Visit,
        occurred_at: Some("2026-11-20T02:00:00Z".into()),
        subject: "Quarterly review".into(),
        notes: String::new(),
        contact_id: None,
    };
    let ac = activities::insert(&mut tx, new_id(), a.id, agent.id, &act)
        .await
        .unwrap();
    assert_eq!(ac.occurred_at, 1_795_140_000_000_000);
    assert_eq!(activities::list(&mut tx, a.id, 10).await.unwrap().len(), 1);
    let mut act2 = ac.input();
    act2.subject = "QBR".into();
    activities::update(&mut tx, a.id, ac.id, None, &act2)
        .await
        .unwrap();
    activities::archive(&mut tx, a.id, ac.id, None)
        .await
        .unwrap();
    assert!(
        activities::list(&mut tx, a.id, 10)
            .await
            .unwrap()
            .is_empty()
    );

    let h = handovers::insert(
        &mut tx,
        new_id(),
        a.id,
        agent.id,
        agent.id,
        &["contract_signed".into()],
        "warm lead",
    )
    .await
    .unwrap();
    let h2 = handovers::update(
        &mut tx,
        &h,
        Some(1),
        &["contract_signed".into(), "credit_approved".into()],
        true,
    )
    .await
    .unwrap();
    assert_eq!((h2.status.as_str(), h2.checklist.len()), ("completed", 2));
    assert!(h2.completed_at.is_some());
    assert_eq!(handovers::list(&mut tx, a.id).await.unwrap().len(), 1);
    let owned = customers::set_account_owner(&mut tx, a.id, agent.id, CustomerStatus::Active)
        .await
        .unwrap();
    assert_eq!(owned.account_owner_id, Some(agent.id));
    contacts::archive(&mut tx, a.id, ct.id, None).await.err(); // the contact was rolled back with the conflict
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn audit_is_append_only_even_for_the_application() {
    let (store, _g) = fresh_store().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    let obj = new_id();
    for action in ["create", "update"] {
        audit::record(
            &mut tx,
            audit::NewEntry {
                actor_id: None,
                actor_label: "system",
                action,
                object_type: "customer",
                object_id: obj,
                customer_id: Some(obj),
                before: None,
                after: Some(serde_json::json!({"tier":"gold"})),
                request_id: Some("r1"),
            },
        )
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    let mut db = store.clone();
    let entries = audit::for_object(&mut db, "customer", obj, None, 10)
        .await
        .unwrap();
    assert_eq!(
        entries
            .iter()
            .map(|e| e.action.as_str())
            .collect::<Vec<_>>(),
        ["update", "create"]
    );
    assert_eq!(entries[0].after.as_ref().unwrap()["tier"], "gold");
    assert_eq!(
        audit::for_object(&mut db, "customer", obj, Some(entries[0].id), 10)
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        audit::for_customer(&mut db, obj, 10).await.unwrap().len(),
        2
    );
    assert!(
        db.execute_raw("UPDATE audit SET action = 'forged'")
            .await
            .is_err()
    );
    assert!(db.execute_raw("DELETE FROM audit").await.is_err());
    assert_eq!(
        audit::for_object(&mut db, "customer", obj, None, 10)
            .await
            .unwrap()
            .len(),
        2
    );
}

#[tokio::test]
async fn users_sessions_tokens_and_login_failures() {
    let (store, _g) = fresh_store().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    let dept = users::insert_department(
        &mut tx,
        "Sales Taipei",
        Department::Sales,
        "sales@purser.test",
    )
    .await
    .unwrap();
    let dept = users::update_department(
        &mut tx,
        dept.id,
        Some(1),
        "Sales Taiwan",
        Department::Sales,
        "sales@purser.test",
    )
    .await
    .unwrap();
    assert_eq!(
        users::list_departments(&mut tx).await.unwrap()[0].name,
        "Sales Taiwan"
    );
    let u = users::insert(
        &mut tx,
        &users::NewUser {
            email: "Ben@Purser.test",
            name: "Ben",
            role: Role::Department,
            department_id: Some(dept.id),
            customer_id: None,
            language: Language::En,
            password_hash: "h",
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    let dup = users::insert(
        &mut tx,
        &users::NewUser {
            email: "ben@purser.test",
            name: "Ben 2",
            role: Role::Agent,
            department_id: None,
            customer_id: None,
            language: Language::En,
            password_hash: "h",
        },
    )
    .await;
    assert!(
        matches!(dup, Err(StoreError::Conflict(_))),
        "e-mails are unique regardless of case"
    );
    drop(tx);
    let mut tx = store.begin().await.unwrap();
    let found = users::by_email(&mut tx, " BEN@purser.test")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.department(), Some(Department::Sales));
    assert_eq!(
        users::get_with_department(&mut tx, u.id)
            .await
            .unwrap()
            .user
            .email,
        "Ben@Purser.test"
    );
    users::set_language(&mut tx, u.id, Language::ZhTw)
        .await
        .unwrap();
    users::set_password_hash(&mut tx, u.id, "h2").await.unwrap();
    let change = users::UserChange {
        name: "Ben Chen".into(),
        role: Role::Agent,
        department_id: None,
        customer_id: None,
        language: Language::ZhTw,
        active: true,
    };
    let u2 = users::update(&mut tx, u.id, None, &change).await.unwrap();
    assert_eq!(
        (u2.password_hash.as_str(), u2.role, u2.version),
        ("h2", Role::Agent, 4)
    );
    assert_eq!(users::list(&mut tx).await.unwrap().len(), 1);
    assert_eq!(users::list_agents(&mut tx).await.unwrap().len(), 1);
    assert_eq!(users::count(&mut tx).await.unwrap(), 1);

    users::insert_session(&mut tx, "s1", u.id, "csrf1", 60_000_000)
        .await
        .unwrap();
    users::insert_session(&mut tx, "s2", u.id, "csrf2", 60_000_000)
        .await
        .unwrap();
    users::insert_session(&mut tx, "old", u.id, "csrf3", -1)
        .await
        .unwrap();
    let su = users::session_user(&mut tx, "s1").await.unwrap().unwrap();
    assert_eq!(
        (su.user.user.id, su.csrf_token.as_str()),
        (u.id, "csrf1"),
        "one query finds the user behind a session"
    );
    assert!(
        users::session_user(&mut tx, "old").await.unwrap().is_none(),
        "expired sessions do not authenticate"
    );
    users::delete_other_sessions(&mut tx, u.id, Some("s1"))
        .await
        .unwrap();
    assert!(users::session_user(&mut tx, "s2").await.unwrap().is_none());
    users::delete_session(&mut tx, "s1").await.unwrap();
    assert!(users::session_user(&mut tx, "s1").await.unwrap().is_none());

    let t = users::insert_token(&mut tx, u.id, "erp", "hash1")
        .await
        .unwrap();
    assert!(t.last_used_at.is_none());
    users::touch_token(&mut tx, t.id).await.unwrap();
    assert!(
        users::token_by_hash(&mut tx, "hash1")
            .await
            .unwrap()
            .unwrap()
            .last_used_at
            .is_some()
    );
    assert!(
        users::revoke_token(&mut tx, t.id)
            .await
            .unwrap()
            .revoked_at
            .is_some()
    );
    assert!(
        users::token_by_hash(&mut tx, "hash1")
            .await
            .unwrap()
            .is_none(),
        "revoked tokens do not authenticate"
    );
    assert_eq!(
        users::list_tokens(&mut tx, Some(u.id)).await.unwrap().len(),
        1
    );

    for _ in 0..3 {
        users::record_login_failure(&mut tx, "acct:ben")
            .await
            .unwrap();
    }
    assert_eq!(
        users::login_failures_since(&mut tx, "acct:ben", 0)
            .await
            .unwrap(),
        3
    );
    assert_eq!(
        users::login_failures_since(&mut tx, "acct:ben", purser_store::now_micros() + 1)
            .await
            .unwrap(),
        0
    );
    users::clear_login_failures(&mut tx, "acct:ben")
        .await
        .unwrap();
    assert_eq!(
        users::login_failures_since(&mut tx, "acct:ben", 0)
            .await
            .unwrap(),
        0
    );
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn counters_outbox_notifications_and_idempotency() {
    let (store, _g) = fresh_store().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    assert_eq!(counters::next(&mut tx, "case-2026").await.unwrap(), 1);
    assert_eq!(counters::next(&mut tx, "case-2026").await.unwrap(), 2);
    assert_eq!(counters::next(&mut tx, "quote").await.unwrap(), 1);
    let u = users::insert(
        &mut tx,
        &users::NewUser {
            email: "c@p.test",
            name: "C",
            role: Role::Agent,
            department_id: None,
            customer_id: None,
            language: Language::En,
            password_hash: "h",
        },
    )
    .await
    .unwrap();
    let job = outbox::enqueue(&mut tx, "email", &serde_json::json!({"to":"c@p.test"}))
        .await
        .unwrap();
    let n = notifications::insert(
        &mut tx,
        u.id,
        "handover",
        "You own ACME",
        "",
        "/customers/x",
    )
    .await
    .unwrap();
    assert!(idempotency::claim(&mut tx, u.id, "k1", "h").await.unwrap());
    assert!(
        !idempotency::claim(&mut tx, u.id, "k1", "h").await.unwrap(),
        "a claimed key is not claimed twice"
    );
    idempotency::fill(
        &mut tx,
        &idempotency::Remembered {
            user_id: u.id,
            key: "k1".into(),
            request_hash: "h".into(),
            status: 201,
            body: "{}".into(),
            location: Some("/x".into()),
            created_at: 0,
        },
    )
    .await
    .unwrap();
    assert!(idempotency::claim(&mut tx, u.id, "k2", "h").await.unwrap());
    idempotency::release(&mut tx, u.id, "k2", None)
        .await
        .unwrap();
    assert!(
        idempotency::claim(&mut tx, u.id, "k2", "h").await.unwrap(),
        "a released key can be claimed again"
    );
    tx.commit().await.unwrap();
    let mut db = store.clone();
    let pending = outbox::pending(&mut db, Some("email"), 10).await.unwrap();
    assert_eq!(
        (
            pending.len(),
            pending[0].id,
            pending[0].payload["to"].as_str()
        ),
        (1, job, Some("c@p.test"))
    );
    assert!(
        outbox::pending(&mut db, Some("webhook"), 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        notifications::for_user(&mut db, u.id, 10).await.unwrap()[0].title,
        "You own ACME"
    );
    assert_eq!(notifications::mark_read(&mut db, u.id, n).await.unwrap(), 1);
    assert_eq!(
        notifications::mark_read(&mut db, new_id(), n)
            .await
            .unwrap(),
        0,
        "only the addressee can mark it"
    );
    let r = idempotency::get(&mut db, u.id, "k1")
        .await
        .unwrap()
        .unwrap();
    assert_eq!((r.status, r.location.as_deref()), (201, Some("/x")));
    assert!(
        idempotency::get(&mut db, new_id(), "k1")
            .await
            .unwrap()
            .is_none(),
        "keys are per user"
    );
}

#[tokio::test]
async fn concurrent_writers_queue_instead_of_failing() {
    let (store, _g) = fresh_store().await.unwrap();
    let mut handles = Vec::new();
    for i in 0..16 {
        let s = store.clone();
        handles.push(tokio::spawn(async move {
            let mut tx = s.begin().await.unwrap();
            let c = customers::insert(&mut tx, new_id(), &customer(&format!("Shipper {i}"), None))
                .await
                .unwrap();
            tx.commit().await.unwrap();
            c.number
        }));
    }
    let mut numbers = Vec::new();
    for h in handles {
        numbers.push(h.await.unwrap());
    }
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), 16, "every create got its own number");
}

/// The customers the planner's statistics count (-1 before any were gathered).
async fn customers_in_statistics(store: &purser_store::Store) -> i64 {
    let mut db = store.clone();
    match db.backend() {
        purser_store::Backend::Sqlite => {
            let gathered = db
                .scalar_raw("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
                .await
                .unwrap();
            if gathered == 0 {
                return -1;
            }
            // a stat row starts with the index's row count
            db.scalar_raw(
                "SELECT coalesce(max(CAST(stat AS INTEGER)), -1) FROM sqlite_stat1 \
                 WHERE tbl = 'customers'",
            )
            .await
            .unwrap()
        }
        purser_store::Backend::Postgres => db
            .scalar_raw("SELECT reltuples::bigint FROM pg_class WHERE oid = 'customers'::regclass")
            .await
            .unwrap(),
    }
}

#[tokio::test]
async fn a_load_refreshes_the_planners_statistics_each_time_it_doubles() {
    use purser_store::bulk::{BOOK_TABLES, StatsAsLoadGrows};
    let (store, _g) = fresh_store().await.unwrap();
    let add = |names: std::ops::Range<i32>| {
        let store = store.clone();
        async move {
            let mut tx = store.begin().await.unwrap();
            for i in names {
                customers::insert(&mut tx, new_id(), &customer(&format!("Loader {i}"), None))
                    .await
                    .unwrap();
            }
            tx.commit().await.unwrap();
        }
    };
    // the customers the statistics count after the load reports `written`
    let mut stats = StatsAsLoadGrows::default();
    let mut counted_after = async |written: usize| {
        stats
            .after(&mut store.clone(), written, BOOK_TABLES)
            .await
            .unwrap();
        customers_in_statistics(&store).await
    };
    add(0..3).await;
    assert_ne!(counted_after(1_999).await, 3, "too early");
    assert_eq!(counted_after(2_000).await, 3);
    add(3..5).await;
    assert_eq!(counted_after(3_999).await, 3, "not doubled yet");
    assert_eq!(counted_after(4_000).await, 5);
}

#[tokio::test]
async fn backup_makes_a_consistent_copy_on_sqlite() {
    let (store, g) = fresh_store().await.unwrap();
    let Some(dir) = g.dir() else { return }; // PostgreSQL backups are pg_dump's job
    let mut tx = store.begin().await.unwrap();
    customers::insert(&mut tx, new_id(), &customer("Backup Shipper", None))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let target = dir.join("copy.db");
    store.backup_to(&target).await.unwrap();
    let copy = purser_store::Store::connect(&format!("sqlite://{}", target.display()), None)
        .await
        .unwrap();
    let (rows, _) = customers::list(
        &mut copy.clone(),
        &CustomerScope::All,
        &ListQuery {
            limit: 5,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(rows[0].legal_name, "Backup Shipper");
}

/// Data protection's statements: a contact's cases, their messages, the notices sent to
/// them and the audit about them are found; subjects, messages, notices and raw mail are
/// rewritten in place, the mail's hash and Message-ID kept.
#[tokio::test]
async fn personal_data_is_found_where_it_lies_and_rewritten_in_place() {
    use purser_domain::cases::{CaseChannel, CaseType, Direction, MessageKind, Priority};
    use purser_store::case_messages::{self, NewMessage};
    use purser_store::tracking::notices::{self, Notice};
    use purser_store::{cases, mail, privacy};

    let (store, _g) = fresh_store().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    let cu = customers::insert(&mut tx, new_id(), &customer("Formosa Plastics", None))
        .await
        .unwrap();
    let input: ContactInput = serde_json::from_value(
        serde_json::json!({"name": "Mei-Ling Chen", "emails": ["meiling@formosa.tw"]}),
    )
    .unwrap();
    let k = contacts::insert(&mut tx, new_id(), cu.id, &input)
        .await
        .unwrap();
    let new_case = |contact_id| cases::NewCase {
        subject: "B/L draft for Mei-Ling Chen".into(),
        case_type: CaseType::Inquiry,
        channel: CaseChannel::Email,
        priority: Priority::Normal,
        language: Language::En,
        customer_id: Some(cu.id),
        contact_id,
        team_id: None,
        tags: vec![],
        lane: None,
    };
    let hers = cases::insert(&mut tx, new_id(), 2026, &new_case(Some(k.id)))
        .await
        .unwrap();
    let other = cases::insert(&mut tx, new_id(), 2026, &new_case(None))
        .await
        .unwrap();
    let m = case_messages::append(
        &mut tx,
        hers.id,
        &NewMessage {
            kind: MessageKind::Public,
            direction: Direction::Inbound,
            author_id: None,
            author_name: "Mei-Ling Chen".into(),
            body: "Please call me".into(),
            mentions: vec![],
            meta: serde_json::json!({"from": "meiling@formosa.tw"}),
            outbox_id: None,
            delivery: None,
            at: 1,
        },
    )
    .await
    .unwrap();
    let (raw, _) = mail::keep_raw(
        &mut tx,
        "h1",
        Some("<m1@x>"),
        "desk@line.test",
        b"From: Mei-Ling",
    )
    .await
    .unwrap();
    mail::finish(
        &mut tx,
        raw.id,
        "ingested",
        None,
        None,
        Some(hers.id),
        Some(m.id),
    )
    .await
    .unwrap();
    let notice = Notice {
        id: new_id(),
        change_key: "k".into(),
        change_kind: "eta_slip".into(),
        customer_id: cu.id,
        recipient: format!("contact:{}", k.id),
        contact_id: Some(k.id),
        channel: "email".into(),
        language: "en".into(),
        subject: "ETA".into(),
        body: "Dear Mei-Ling Chen".into(),
        shipments: vec![],
        case_id: None,
        created_at: 1,
    };
    notices::insert(&mut tx, &[(notice.clone(), vec![])])
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let mut db = store.clone();
    let theirs = privacy::cases_of_contact(&mut db, k.id).await.unwrap();
    assert_eq!(theirs.iter().map(|c| c.id).collect::<Vec<_>>(), [hers.id]);
    let all = privacy::cases_of_customer(&mut db, cu.id).await.unwrap();
    assert_eq!(all.len(), 2, "{} and {}", hers.number, other.number);
    let msgs = privacy::messages_of_cases(&mut db, &[hers.id, other.id])
        .await
        .unwrap();
    assert_eq!(msgs.len(), 1);
    assert!(privacy::from_customer(&msgs[0]));
    assert_eq!(
        privacy::notices_to_contact(&mut db, k.id)
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        privacy::notices_of_customer(&mut db, cu.id)
            .await
            .unwrap()
            .len(),
        1
    );
    audit::record(
        &mut db,
        audit::NewEntry {
            actor_id: None,
            actor_label: "test",
            action: "update",
            object_type: "contact",
            object_id: k.id,
            customer_id: Some(cu.id),
            before: None,
            after: None,
            request_id: None,
        },
    )
    .await
    .unwrap();
    assert_eq!(
        privacy::audit_of_objects(&mut db, &[k.id, hers.id])
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        privacy::audit_of_customer(&mut db, cu.id)
            .await
            .unwrap()
            .len(),
        1
    );

    let mut tx = store.begin().await.unwrap();
    privacy::set_case_subject(&mut tx, hers.id, "B/L draft")
        .await
        .unwrap();
    privacy::set_message_text(&mut tx, m.id, "[x]", "[erased]", &serde_json::json!({}))
        .await
        .unwrap();
    assert_eq!(
        privacy::blank_raw_mail(&mut tx, &[m.id], b"[erased]")
            .await
            .unwrap(),
        1
    );
    privacy::set_notice_text(&mut tx, notice.id, "ETA", "Dear [x]")
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let scope = CustomerScope::All;
    assert_eq!(
        cases::get(&mut db, hers.id, &scope).await.unwrap().subject,
        "B/L draft"
    );
    assert_eq!(
        cases::get(&mut db, other.id, &scope).await.unwrap().subject,
        "B/L draft for Mei-Ling Chen"
    );
    let m = case_messages::get(&mut db, m.id).await.unwrap();
    assert_eq!(
        (m.author_name.as_str(), m.body.as_str()),
        ("[x]", "[erased]")
    );
    assert_eq!(m.meta, serde_json::json!({}));
    let raw = mail::get(&mut db, raw.id).await.unwrap();
    assert_eq!(
        (raw.sha256.as_str(), raw.message_id.as_deref()),
        ("h1", Some("<m1@x>"))
    );
    assert_eq!(mail::raw_bytes(&mut db, raw.id).await.unwrap(), b"[erased]");
    assert_eq!(
        notices::get(&mut db, notice.id).await.unwrap().body,
        "Dear [x]"
    );
    // an SLA policy may name any contract; one that does not exist is refused before writing
    assert!(!contracts::exists(&mut db, new_id()).await.unwrap());
}
