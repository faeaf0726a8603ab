//! Cases: the rows, the inbox queries over them, and their references and links.
//!
//! `due_at` and `warn_at` hold the earliest running SLA deadline and its warning time, or
//! [`NO_DEADLINE`] when no clock runs, so every inbox is one index range in due order on
//! both backends (which disagree on where NULLs sort).

use crate::change_feed::{self, Op, kinds};
use crate::customers::scope_condition;
use crate::db::Db;
use crate::rows::{self, Values, json};
use crate::{Result, StoreError, counters, now_micros};
use purser_domain::cases::refs::RefKind;
use purser_domain::cases::state::CaseStatus;
use purser_domain::cases::{CaseChannel, CaseType, LinkKind, Priority, case_number};
use purser_domain::customers::Language;
use purser_domain::roles::CustomerScope;
use sea_query::{Asterisk, Cond, Expr, ExprTrait, Order, Query};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// The sort key of a case no clock is running for: after every real deadline.
pub const NO_DEADLINE: i64 = i64::MAX;

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct Case {
    pub id: Uuid,
    pub number: String,
    pub subject: String,
    #[sqlx(try_from = "String")]
    pub case_type: CaseType,
    #[sqlx(try_from = "String")]
    pub channel: CaseChannel,
    #[sqlx(try_from = "String")]
    pub status: CaseStatus,
    pub active: bool,
    #[sqlx(try_from = "String")]
    pub priority: Priority,
    #[sqlx(try_from = "String")]
    pub language: Language,
    pub customer_id: Option<Uuid>,
    pub contact_id: Option<Uuid>,
    pub team_id: Option<Uuid>,
    pub assignee_id: Option<Uuid>,
    /// Why the case went to its assignee (or stayed in the queue).
    pub assign_reason: String,
    #[sqlx(json)]
    pub tags: Vec<String>,
    pub lane: Option<String>,
    pub sla_policy_id: Option<Uuid>,
    pub first_response_at: Option<i64>,
    pub resolved_at: Option<i64>,
    /// Earliest running SLA deadline (microseconds), i64::MAX when none runs.
    pub due_at: Option<i64>,
    pub warn_at: Option<i64>,
    /// ok, warning or breached: the worst of its running clocks.
    pub sla_state: String,
    pub last_message_at: i64,
    pub message_count: i64,
    pub parent_id: Option<Uuid>,
    pub merged_into_id: Option<Uuid>,
    pub rating: Option<i64>,
    pub rating_comment: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub version: i64,
}

/// What a new case row holds besides what the store fills in.
#[derive(Debug, Clone)]
pub struct NewCase {
    pub subject: String,
    pub case_type: CaseType,
    pub channel: CaseChannel,
    pub priority: Priority,
    pub language: Language,
    pub customer_id: Option<Uuid>,
    pub contact_id: Option<Uuid>,
    pub team_id: Option<Uuid>,
    pub tags: Vec<String>,
    pub lane: Option<String>,
}

/// Numbers a case (`CS-2026-000123`, counted per year) and writes it, unassigned.
pub async fn insert(db: &mut impl Db, id: Uuid, year: i16, c: &NewCase) -> Result<Case> {
    let case = new_row(db, id, year, c).await?;
    insert_row(db, &case).await?;
    Ok(case)
}

/// A new case's row as [`insert`] writes it — numbered, unassigned, no clock running —
/// for a caller that settles its policy, deadline and owner before the row is written.
pub async fn new_row(db: &mut impl Db, id: Uuid, year: i16, c: &NewCase) -> Result<Case> {
    let seq = counters::next(db, &format!("case-{year}")).await?;
    let now = now_micros();
    Ok(Case {
        id,
        number: case_number(year, seq),
        subject: c.subject.clone(),
        case_type: c.case_type,
        channel: c.channel,
        status: CaseStatus::New,
        active: true,
        priority: c.priority,
        language: c.language,
        customer_id: c.customer_id,
        contact_id: c.contact_id,
        team_id: c.team_id,
        assignee_id: None,
        assign_reason: String::new(),
        tags: c.tags.clone(),
        lane: c.lane.clone(),
        sla_policy_id: None,
        first_response_at: None,
        resolved_at: None,
        due_at: Some(NO_DEADLINE),
        warn_at: Some(NO_DEADLINE),
        sla_state: "ok".into(),
        last_message_at: now,
        message_count: 0,
        parent_id: None,
        merged_into_id: None,
        rating: None,
        rating_comment: None,
        created_at: now,
        updated_at: now,
        version: 1,
    })
}

/// Writes a new case's row exactly as `case` holds it (a deferred write: the caller
/// already has the row) and records it on the change feed.
pub async fn insert_row(db: &mut impl Db, case: &Case) -> Result<()> {
    let c = case;
    let values: Values = vec![
        ("id", Expr::val(c.id)),
        ("number", Expr::val(c.number.as_str())),
        ("subject", Expr::val(c.subject.as_str())),
        ("case_type", Expr::val(c.case_type.as_str())),
        ("channel", Expr::val(c.channel.as_str())),
        ("status", Expr::val(c.status.as_str())),
        ("active", Expr::val(c.active)),
        ("priority", Expr::val(c.priority.as_str())),
        ("language", Expr::val(c.language.as_str())),
        ("customer_id", Expr::val(c.customer_id)),
        ("contact_id", Expr::val(c.contact_id)),
        ("team_id", Expr::val(c.team_id)),
        ("assignee_id", Expr::val(c.assignee_id)),
        ("assign_reason", Expr::val(c.assign_reason.as_str())),
        ("tags", json(&c.tags)),
        ("lane", Expr::val(c.lane.clone())),
        ("sla_policy_id", Expr::val(c.sla_policy_id)),
        ("first_response_at", Expr::val(c.first_response_at)),
        ("resolved_at", Expr::val(c.resolved_at)),
        ("due_at", Expr::val(c.due_at)),
        ("warn_at", Expr::val(c.warn_at)),
        ("sla_state", Expr::val(c.sla_state.as_str())),
        ("last_message_at", Expr::val(c.last_message_at)),
        ("message_count", Expr::val(c.message_count)),
        ("parent_id", Expr::val(c.parent_id)),
        ("merged_into_id", Expr::val(c.merged_into_id)),
        ("rating", Expr::val(c.rating)),
        ("rating_comment", Expr::val(c.rating_comment.clone())),
        ("created_at", Expr::val(c.created_at)),
        ("updated_at", Expr::val(c.updated_at)),
        ("version", Expr::val(c.version)),
    ];
    db.defer(&rows::insert_statement("cases", values)).await?;
    change_feed::record(db, kinds::CASE, c.id, Op::Upsert).await
}

/// Who may see a case: the customer scope, with internal cases (no customer) for staff.
fn visible(scope: &CustomerScope) -> Cond {
    match scope {
        CustomerScope::All => Cond::all(),
        other => scope_condition(other, "customer_id"),
    }
}

pub async fn get(db: &mut impl Db, id: Uuid, scope: &CustomerScope) -> Result<Case> {
    let q = Query::select()
        .column(Asterisk)
        .from("cases")
        .and_where(Expr::col("id").eq(id))
        .cond_where(visible(scope))
        .take();
    db.fetch_one(&q).await
}

/// What a deadline recompute needs of a case: its calendar's keys and its deadline now.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ClockKeys {
    pub id: Uuid,
    pub sla_policy_id: Option<Uuid>,
    pub team_id: Option<Uuid>,
    pub due_at: Option<i64>,
    pub warn_at: Option<i64>,
    pub sla_state: String,
}

/// [`ClockKeys`] of these cases: six columns instead of every column of each row (most of a
/// read of thousands of rows is decoding them).
pub async fn clock_keys(db: &mut impl Db, ids: &[Uuid]) -> Result<Vec<ClockKeys>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let q = Query::select()
        .columns([
            "id",
            "sla_policy_id",
            "team_id",
            "due_at",
            "warn_at",
            "sla_state",
        ])
        .from("cases")
        .and_where(Expr::col("id").is_in(ids.to_vec()))
        .take();
    db.fetch_all(&q).await
}

pub async fn by_number(db: &mut impl Db, number: &str) -> Result<Case> {
    let q = Query::select()
        .column(Asterisk)
        .from("cases")
        .and_where(Expr::col("number").eq(number))
        .take();
    db.fetch_one(&q).await
}

/// Takes the case's row lock and the next message number in one statement, so replies
/// written at the same moment land one after the other, each with its own number.
pub async fn next_message_seq(db: &mut impl Db, id: Uuid, at: i64) -> Result<i64> {
    let q = Query::update()
        .table("cases")
        .value("message_count", Expr::col("message_count").add(1))
        .value("last_message_at", Expr::val(at))
        .and_where(Expr::col("id").eq(id))
        .returning_col("message_count")
        .take();
    let row: (i64,) = db.fetch_one(&q).await?;
    Ok(row.0)
}

/// Writes named columns of a case and bumps its version (checked when `expected` is set).
/// Status goes through [`set_status`], which keeps `active` in step with it.
pub async fn update(
    db: &mut impl Db,
    id: Uuid,
    expected: Option<i64>,
    mut values: Values,
) -> Result<Case> {
    values.retain(|(c, _)| *c != "active" && *c != "status");
    update_returning(db, id, expected, values).await
}

/// A version-checked update of one case that returns the row as it now is, in one
/// statement; a stale version is [`StoreError::VersionMismatch`], a missing case NotFound.
async fn update_returning(
    db: &mut impl Db,
    id: Uuid,
    expected: Option<i64>,
    mut values: Values,
) -> Result<Case> {
    values.push(("updated_at", Expr::val(now_micros())));
    values.push(("version", Expr::col("version").add(1)));
    let mut q = Query::update();
    q.table("cases")
        .values(values)
        .and_where(Expr::col("id").eq(id));
    if let Some(v) = expected {
        q.and_where(Expr::col("version").eq(v));
    }
    q.returning_all();
    if let Some(case) = db.fetch_optional(&q).await? {
        change_feed::record(db, kinds::CASE, id, Op::Upsert).await?;
        return Ok(case);
    }
    let current = rows::version(db, "cases", id).await?;
    Err(StoreError::VersionMismatch { current })
}

/// The column values that move a case to a status (`active` follows it).
pub fn status_values(status: CaseStatus, now: i64) -> Values {
    let mut v: Values = vec![
        ("status", Expr::val(status.as_str())),
        ("active", Expr::val(status.is_active())),
    ];
    if status == CaseStatus::Resolved {
        v.push(("resolved_at", Expr::val(now)));
    }
    v
}

/// Writes a status change, `active` included (the generic update keeps it out of reach).
pub async fn set_status(
    db: &mut impl Db,
    id: Uuid,
    expected: Option<i64>,
    status: CaseStatus,
) -> Result<Case> {
    update_returning(db, id, expected, status_values(status, now_micros())).await
}

/// Writes one case's earliest deadline, warning time and worst SLA state (as
/// [`crate::sla::set_deadlines`] does, without a new version) and returns the row as it now
/// is, in one statement.
pub async fn set_deadline(
    db: &mut impl Db,
    id: Uuid,
    due: i64,
    warn: i64,
    state: &str,
) -> Result<Case> {
    let q = Query::update()
        .table("cases")
        .value("due_at", Expr::val(due))
        .value("warn_at", Expr::val(warn))
        .value("sla_state", Expr::val(state))
        .and_where(Expr::col("id").eq(id))
        .returning_all()
        .take();
    db.fetch_one(&q).await
}

/// Which inbox to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum View {
    /// Active cases assigned to this agent.
    Mine(Uuid),
    /// Active cases of these teams (assigned or not).
    Teams(Vec<Uuid>),
    /// Active cases of these teams nobody owns yet.
    Unassigned(Vec<Uuid>),
    /// Active cases whose warning time has passed.
    AtRisk,
    /// This agent's cases waiting on the customer or on another department.
    Waiting(Uuid),
    /// Every active case (the supervisor's live queue).
    Queue,
    /// Every case of one customer, newest first (the portal and the customer page).
    Customer(Uuid),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    pub key: i64,
    pub id: Uuid,
}

#[derive(Debug, Clone)]
pub struct ListQuery {
    pub view: View,
    pub status: Option<CaseStatus>,
    pub priority: Option<Priority>,
    pub case_type: Option<CaseType>,
    pub after: Option<Cursor>,
    pub limit: u64,
}

impl ListQuery {
    pub fn new(view: View, limit: u64) -> ListQuery {
        ListQuery {
            view,
            status: None,
            priority: None,
            case_type: None,
            after: None,
            limit,
        }
    }
}

/// One page of an inbox (by deadline, or newest first for a customer) and the next cursor.
pub async fn list(
    db: &mut impl Db,
    scope: &CustomerScope,
    lq: &ListQuery,
) -> Result<(Vec<Case>, Option<Cursor>)> {
    let (key, rows) = match &lq.view {
        // `team_id IN (a, b)` in due order is one index range per team that no backend
        // merges: both read every active case of the teams and sort them (tens of
        // thousands for a desk's teams). Each team's range read in order up to the page,
        // then merged, reads at most a page per team.
        View::Teams(teams) | View::Unassigned(teams) if teams.len() > 1 => {
            let mut rows: Vec<Case> = Vec::new();
            for t in teams {
                let one = ListQuery {
                    view: match &lq.view {
                        View::Teams(_) => View::Teams(vec![*t]),
                        _ => View::Unassigned(vec![*t]),
                    },
                    ..lq.clone()
                };
                rows.extend(page_rows(db, scope, &one).await?.1);
            }
            rows.sort_by_key(|c| (c.due_at.unwrap_or(NO_DEADLINE), c.id));
            rows.dedup_by_key(|c| c.id);
            rows.truncate(lq.limit as usize + 1);
            ("due_at", rows)
        }
        _ => page_rows(db, scope, lq).await?,
    };
    let mut rows = rows;
    let next = if rows.len() as u64 > lq.limit {
        rows.truncate(lq.limit as usize);
        rows.last().map(|last| Cursor {
            key: match key {
                "due_at" => last.due_at.unwrap_or(NO_DEADLINE),
                "warn_at" => last.warn_at.unwrap_or(NO_DEADLINE),
                _ => last.last_message_at,
            },
            id: last.id,
        })
    } else {
        None
    };
    Ok((rows, next))
}

/// Up to `limit + 1` rows of one inbox in its order, and the name of its sort key.
async fn page_rows(
    db: &mut impl Db,
    scope: &CustomerScope,
    lq: &ListQuery,
) -> Result<(&'static str, Vec<Case>)> {
    let now = now_micros();
    let mut q = Query::select();
    q.column(Asterisk).from("cases").cond_where(visible(scope));
    let (key, desc) = match &lq.view {
        View::Mine(u) => {
            q.and_where(Expr::col("assignee_id").eq(*u))
                .and_where(Expr::col("active").eq(true));
            ("due_at", false)
        }
        View::Teams(t) => {
            q.and_where(Expr::col("team_id").is_in(t.clone()))
                .and_where(Expr::col("active").eq(true));
            ("due_at", false)
        }
        View::Unassigned(t) => {
            q.and_where(Expr::col("team_id").is_in(t.clone()))
                .and_where(Expr::col("active").eq(true))
                .and_where(Expr::col("assignee_id").is_null());
            ("due_at", false)
        }
        View::AtRisk => {
            q.and_where(Expr::col("active").eq(true))
                .and_where(Expr::col("warn_at").lte(now));
            ("warn_at", false)
        }
        View::Waiting(u) => {
            q.and_where(Expr::col("assignee_id").eq(*u))
                .and_where(Expr::col("active").eq(true))
                .and_where(Expr::col("status").is_in([
                    CaseStatus::WaitingOnCustomer.as_str(),
                    CaseStatus::WaitingOnInternal.as_str(),
                ]));
            ("due_at", false)
        }
        View::Queue => {
            q.and_where(Expr::col("active").eq(true));
            ("due_at", false)
        }
        View::Customer(c) => {
            q.and_where(Expr::col("customer_id").eq(*c));
            ("last_message_at", true)
        }
    };
    if let Some(s) = lq.status {
        q.and_where(Expr::col("status").eq(s.as_str()));
    }
    if let Some(p) = lq.priority {
        q.and_where(Expr::col("priority").eq(p.as_str()));
    }
    if let Some(t) = lq.case_type {
        q.and_where(Expr::col("case_type").eq(t.as_str()));
    }
    if let Some(c) = &lq.after {
        let (beyond, tie) = if desc {
            (Expr::col(key).lt(c.key), Expr::col("id").lt(c.id))
        } else {
            (Expr::col(key).gt(c.key), Expr::col("id").gt(c.id))
        };
        q.cond_where(
            Cond::any()
                .add(beyond)
                .add(Cond::all().add(Expr::col(key).eq(c.key)).add(tie)),
        );
    }
    let order = if desc { Order::Desc } else { Order::Asc };
    q.order_by(key, order.clone())
        .order_by("id", order)
        .limit(lq.limit + 1);
    Ok((key, db.fetch_all(&q).await?))
}

/// Active cases per assignee among `users` (routing's load figure).
pub async fn open_counts(db: &mut impl Db, users: &[Uuid]) -> Result<Vec<(Uuid, i64)>> {
    if users.is_empty() {
        return Ok(vec![]);
    }
    // kept by the database's triggers (see schema_loads): one row per agent, not a count
    let q = Query::select()
        .columns(["user_id", "open_cases"])
        .from("agent_loads")
        .and_where(Expr::col("user_id").is_in(users.to_vec()))
        .and_where(Expr::col("open_cases").gt(0))
        .take();
    db.fetch_all(&q).await
}

/// Active cases of one assignee, oldest deadline first (absences and shift hand-overs).
pub async fn active_of(db: &mut impl Db, user: Uuid, limit: u64) -> Result<Vec<Case>> {
    let q = Query::select()
        .column(Asterisk)
        .from("cases")
        .and_where(Expr::col("assignee_id").eq(user))
        .and_where(Expr::col("active").eq(true))
        .order_by("due_at", Order::Asc)
        .order_by("id", Order::Asc)
        .limit(limit)
        .take();
    db.fetch_all(&q).await
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, ToSchema)]
pub struct CaseRef {
    #[sqlx(try_from = "String")]
    pub kind: RefKind,
    pub value: String,
}

pub async fn add_ref(db: &mut impl Db, case_id: Uuid, kind: RefKind, value: &str) -> Result<()> {
    let q = Query::insert()
        .into_table("case_refs")
        .columns(["case_id", "kind", "value"])
        .values_panic([
            Expr::val(case_id),
            Expr::val(kind.as_str()),
            Expr::val(value),
        ])
        .on_conflict(
            sea_query::OnConflict::columns(["case_id", "kind", "value"])
                .do_nothing()
                .to_owned(),
        )
        .take();
    db.execute(&q).await?;
    change_feed::record(db, kinds::CASE, case_id, Op::Upsert).await
}

/// Links many references to a case in one statement (a new case's).
pub async fn add_refs(db: &mut impl Db, case_id: Uuid, refs: &[(RefKind, String)]) -> Result<()> {
    if refs.is_empty() {
        return Ok(());
    }
    let mut q = Query::insert();
    q.into_table("case_refs")
        .columns(["case_id", "kind", "value"]);
    for (kind, value) in refs {
        q.values_panic([
            Expr::val(case_id),
            Expr::val(kind.as_str()),
            Expr::val(value.as_str()),
        ]);
    }
    q.on_conflict(
        sea_query::OnConflict::columns(["case_id", "kind", "value"])
            .do_nothing()
            .to_owned(),
    );
    db.defer(&q).await?;
    change_feed::record(db, kinds::CASE, case_id, Op::Upsert).await
}

pub async fn refs(db: &mut impl Db, case_id: Uuid) -> Result<Vec<CaseRef>> {
    let q = Query::select()
        .columns(["kind", "value"])
        .from("case_refs")
        .and_where(Expr::col("case_id").eq(case_id))
        .order_by("kind", Order::Asc)
        .order_by("value", Order::Asc)
        .take();
    db.fetch_all(&q).await
}

/// Active cases of a customer that carry a reference (threading by B/L, booking, container).
pub async fn active_with_ref(
    db: &mut impl Db,
    customer_id: Option<Uuid>,
    value: &str,
) -> Result<Vec<Case>> {
    let mut q = Query::select();
    q.column(Asterisk)
        .from("cases")
        .and_where(Expr::col("active").eq(true))
        .and_where(
            Expr::col("id").in_subquery(
                Query::select()
                    .column("case_id")
                    .from("case_refs")
                    .and_where(Expr::col("value").eq(value))
                    .take(),
            ),
        )
        .order_by("last_message_at", Order::Desc)
        .limit(20);
    if let Some(c) = customer_id {
        q.and_where(Expr::col("customer_id").eq(c));
    }
    db.fetch_all(&q).await
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow, ToSchema)]
pub struct CaseLink {
    pub case_id: Uuid,
    pub other_id: Uuid,
    #[sqlx(try_from = "String")]
    pub kind: LinkKind,
    pub other_number: String,
    pub other_subject: String,
    #[sqlx(try_from = "String")]
    pub other_status: CaseStatus,
    pub created_at: i64,
}

pub async fn link(db: &mut impl Db, case_id: Uuid, other: Uuid, kind: LinkKind) -> Result<()> {
    let q = Query::insert()
        .into_table("case_links")
        .columns(["case_id", "other_id", "kind", "created_at"])
        .values_panic([
            Expr::val(case_id),
            Expr::val(other),
            Expr::val(kind.as_str()),
            Expr::val(now_micros()),
        ])
        .take();
    db.execute(&q).await?;
    Ok(())
}

/// Links from this case to others, with the other case's number, subject and status.
pub async fn links(db: &mut impl Db, case_id: Uuid) -> Result<Vec<CaseLink>> {
    let q = Query::select()
        .expr_as(Expr::col(("l", "case_id")), "case_id")
        .expr_as(Expr::col(("l", "other_id")), "other_id")
        .expr_as(Expr::col(("l", "kind")), "kind")
        .expr_as(Expr::col(("c", "number")), "other_number")
        .expr_as(Expr::col(("c", "subject")), "other_subject")
        .expr_as(Expr::col(("c", "status")), "other_status")
        .expr_as(Expr::col(("l", "created_at")), "created_at")
        .from_as("case_links", "l")
        .join_as(
            sea_query::JoinType::InnerJoin,
            "cases",
            "c",
            Expr::col(("c", "id")).equals(("l", "other_id")),
        )
        .and_where(Expr::col(("l", "case_id")).eq(case_id))
        .order_by(("l", "created_at"), Order::Asc)
        .take();
    db.fetch_all(&q).await
}

/// Recent active cases of a customer with a similar subject (the likely-duplicate hint).
pub async fn similar(
    db: &mut impl Db,
    customer_id: Uuid,
    except: Uuid,
    limit: u64,
) -> Result<Vec<Case>> {
    let q = Query::select()
        .column(Asterisk)
        .from("cases")
        .and_where(Expr::col("customer_id").eq(customer_id))
        .and_where(Expr::col("active").eq(true))
        .and_where(Expr::col("id").ne(except))
        .order_by("last_message_at", Order::Desc)
        .limit(limit)
        .take();
    db.fetch_all(&q).await
}
