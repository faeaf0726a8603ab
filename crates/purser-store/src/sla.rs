//! Business calendars, SLA policies, each case's clocks and its SLA history.

use crate::db::Db;
use crate::rows::{self, Values, json};
use crate::{Result, new_id, now_micros};
use purser_domain::cases::calendar::CalendarSpec;
use purser_domain::cases::sla::{ClockState, Target};
use sea_query::{Asterisk, Expr, ExprTrait, OnConflict, Order, Query};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct Calendar {
    pub id: Uuid,
    pub name: String,
    #[sqlx(json)]
    pub spec: CalendarSpec,
    pub created_at: i64,
    pub updated_at: i64,
    pub version: i64,
}

pub async fn insert_calendar(
    db: &mut impl Db,
    name: &str,
    spec: &CalendarSpec,
) -> Result<Calendar> {
    let id = new_id();
    rows::insert_versioned(
        db,
        "calendars",
        id,
        vec![("name", Expr::val(name.trim())), ("spec", json(spec))],
    )
    .await?;
    calendar(db, id).await
}

pub async fn update_calendar(
    db: &mut impl Db,
    id: Uuid,
    expected: Option<i64>,
    name: &str,
    spec: &CalendarSpec,
) -> Result<Calendar> {
    rows::update_versioned(
        db,
        "calendars",
        id,
        expected,
        vec![("name", Expr::val(name.trim())), ("spec", json(spec))],
    )
    .await?;
    calendar(db, id).await
}

pub async fn calendar(db: &mut impl Db, id: Uuid) -> Result<Calendar> {
    let q = Query::select()
        .column(Asterisk)
        .from("calendars")
        .and_where(Expr::col("id").eq(id))
        .take();
    db.fetch_one(&q).await
}

/// A mark that moves whenever a team, SLA policy or calendar is added, changed or removed
/// (rows, latest change and sum of versions of each table), so a copy of the desk's
/// configuration can be checked with one small read instead of read again.
pub async fn desk_fingerprint(db: &mut impl Db) -> Result<DeskMark> {
    let mut q = Query::select();
    for table in ["teams", "sla_policies", "calendars"] {
        for agg in [
            "COUNT(*)",
            "COALESCE(MAX(updated_at), 0)",
            "CAST(COALESCE(SUM(version), 0) AS BIGINT)",
        ] {
            // fixed names only: no caller's text reaches this SQL
            q.expr(Expr::cust(format!("(SELECT {agg} FROM {table})")));
        }
    }
    db.fetch_one(&q).await
}

/// What [`desk_fingerprint`] reads: rows, latest change and sum of versions, per table.
pub type DeskMark = (i64, i64, i64, i64, i64, i64, i64, i64, i64);

pub async fn calendars(db: &mut impl Db) -> Result<Vec<Calendar>> {
    let q = Query::select()
        .column(Asterisk)
        .from("calendars")
        .order_by("name", Order::Asc)
        .take();
    db.fetch_all(&q).await
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow, ToSchema)]
pub struct Policy {
    pub id: Uuid,
    pub name: String,
    /// Earlier positions win ties between equally specific policies.
    pub position: i64,
    pub tier: Option<String>,
    pub contract_id: Option<Uuid>,
    pub case_type: Option<String>,
    pub priority: Option<String>,
    pub first_response_mins: Option<i64>,
    pub next_response_mins: Option<i64>,
    pub resolution_mins: Option<i64>,
    /// Warn when this share (percent) of a target has passed.
    pub warn_percent: i64,
    pub calendar_id: Option<Uuid>,
    /// On breach: raise the priority one step.
    pub escalate_raise_priority: bool,
    /// On breach: move the case to this team's queue.
    pub escalate_to_team_id: Option<Uuid>,
    pub created_at: i64,
    pub updated_at: i64,
    pub version: i64,
}

fn policy_values(p: &Policy) -> Values {
    vec![
        ("name", Expr::val(p.name.trim())),
        ("position", Expr::val(p.position)),
        ("tier", Expr::val(p.tier.clone())),
        ("contract_id", Expr::val(p.contract_id)),
        ("case_type", Expr::val(p.case_type.clone())),
        ("priority", Expr::val(p.priority.clone())),
        ("first_response_mins", Expr::val(p.first_response_mins)),
        ("next_response_mins", Expr::val(p.next_response_mins)),
        ("resolution_mins", Expr::val(p.resolution_mins)),
        ("warn_percent", Expr::val(p.warn_percent)),
        ("calendar_id", Expr::val(p.calendar_id)),
        (
            "escalate_raise_priority",
            Expr::val(p.escalate_raise_priority),
        ),
        ("escalate_to_team_id", Expr::val(p.escalate_to_team_id)),
    ]
}

pub async fn insert_policy(db: &mut impl Db, p: &Policy) -> Result<Policy> {
    let id = new_id();
    rows::insert_versioned(db, "sla_policies", id, policy_values(p)).await?;
    policy(db, id).await
}

pub async fn update_policy(
    db: &mut impl Db,
    id: Uuid,
    expected: Option<i64>,
    p: &Policy,
) -> Result<Policy> {
    rows::update_versioned(db, "sla_policies", id, expected, policy_values(p)).await?;
    policy(db, id).await
}

pub async fn policy(db: &mut impl Db, id: Uuid) -> Result<Policy> {
    let q = Query::select()
        .column(Asterisk)
        .from("sla_policies")
        .and_where(Expr::col("id").eq(id))
        .take();
    db.fetch_one(&q).await
}

pub async fn policies(db: &mut impl Db) -> Result<Vec<Policy>> {
    let q = Query::select()
        .column(Asterisk)
        .from("sla_policies")
        .order_by("position", Order::Asc)
        .order_by("id", Order::Asc)
        .take();
    db.fetch_all(&q).await
}

/// One SLA clock of one case as stored.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct ClockRow {
    pub case_id: Uuid,
    #[sqlx(try_from = "String")]
    pub target: Target,
    pub started_at: i64,
    pub target_mins: i64,
    /// `[start, end]` pairs in microseconds; the last end may be null (paused now).
    #[sqlx(json)]
    pub pauses: Vec<(i64, Option<i64>)>,
    pub stopped_at: Option<i64>,
    pub due_at: Option<i64>,
    pub warn_at: Option<i64>,
    #[sqlx(try_from = "String")]
    pub state: ClockState,
    pub warned_at: Option<i64>,
    pub breached_at: Option<i64>,
}

/// Writes a clock (insert or replace), keeping its warned/breached marks.
pub async fn save_clock(db: &mut impl Db, c: &ClockRow) -> Result<()> {
    let q = Query::insert()
        .into_table("case_clocks")
        .columns([
            "case_id",
            "target",
            "started_at",
            "target_mins",
            "pauses",
            "stopped_at",
            "due_at",
            "warn_at",
            "state",
            "warned_at",
            "breached_at",
        ])
        .values_panic([
            Expr::val(c.case_id),
            Expr::val(c.target.as_str()),
            Expr::val(c.started_at),
            Expr::val(c.target_mins),
            json(&c.pauses),
            Expr::val(c.stopped_at),
            Expr::val(c.due_at),
            Expr::val(c.warn_at),
            Expr::val(c.state.as_str()),
            Expr::val(c.warned_at),
            Expr::val(c.breached_at),
        ])
        .on_conflict(
            OnConflict::columns(["case_id", "target"])
                .update_columns([
                    "started_at",
                    "target_mins",
                    "pauses",
                    "stopped_at",
                    "due_at",
                    "warn_at",
                    "state",
                    "warned_at",
                    "breached_at",
                ])
                .to_owned(),
        )
        .take();
    db.execute(&q).await?;
    Ok(())
}

/// Writes many clocks in few statements (a recompute after a calendar edit).
pub async fn save_clocks(db: &mut impl Db, rows: &[ClockRow]) -> Result<()> {
    for chunk in rows.chunks(200) {
        let mut q = Query::insert();
        q.into_table("case_clocks").columns([
            "case_id",
            "target",
            "started_at",
            "target_mins",
            "pauses",
            "stopped_at",
            "due_at",
            "warn_at",
            "state",
            "warned_at",
            "breached_at",
        ]);
        for c in chunk {
            q.values_panic([
                Expr::val(c.case_id),
                Expr::val(c.target.as_str()),
                Expr::val(c.started_at),
                Expr::val(c.target_mins),
                json(&c.pauses),
                Expr::val(c.stopped_at),
                Expr::val(c.due_at),
                Expr::val(c.warn_at),
                Expr::val(c.state.as_str()),
                Expr::val(c.warned_at),
                Expr::val(c.breached_at),
            ]);
        }
        q.on_conflict(
            OnConflict::columns(["case_id", "target"])
                .update_columns(["due_at", "warn_at", "state"])
                .to_owned(),
        );
        db.defer(&q).await?;
    }
    Ok(())
}

/// Writes cases' earliest deadline, warning time and worst SLA state, 200 per statement.
pub async fn set_deadlines(db: &mut impl Db, rows: &[(Uuid, i64, i64, &str)]) -> Result<()> {
    let values = rows
        .iter()
        .map(|r| vec![r.0.into(), r.1.into(), r.2.into(), r.3.into()])
        .collect();
    crate::rows::update_many_by_id(
        db,
        "cases",
        &["due_at", "warn_at", "sla_state"],
        values,
        &[],
    )
    .await
}

/// The clocks of many cases at once.
pub async fn clocks_of(db: &mut impl Db, case_ids: &[Uuid]) -> Result<Vec<ClockRow>> {
    if case_ids.is_empty() {
        return Ok(vec![]);
    }
    let q = Query::select()
        .column(Asterisk)
        .from("case_clocks")
        .and_where(Expr::col("case_id").is_in(case_ids.to_vec()))
        .take();
    db.fetch_all(&q).await
}

/// One SLA history line for each of many cases.
pub async fn record_many(
    db: &mut impl Db,
    case_ids: &[Uuid],
    target: &str,
    event: &str,
    detail: &str,
) -> Result<()> {
    let now = now_micros();
    for chunk in case_ids.chunks(200) {
        let mut q = Query::insert();
        q.into_table("sla_events")
            .columns(["id", "case_id", "target", "event", "detail", "at"]);
        for id in chunk {
            q.values_panic([
                Expr::val(new_id()),
                Expr::val(*id),
                Expr::val(target),
                Expr::val(event),
                Expr::val(detail),
                Expr::val(now),
            ]);
        }
        db.execute(&q).await?;
    }
    Ok(())
}

pub async fn clocks(db: &mut impl Db, case_id: Uuid) -> Result<Vec<ClockRow>> {
    let q = Query::select()
        .column(Asterisk)
        .from("case_clocks")
        .and_where(Expr::col("case_id").eq(case_id))
        .order_by("target", Order::Asc)
        .take();
    db.fetch_all(&q).await
}

/// Live clocks whose warning or deadline has come and was not yet acted on (the SLA
/// watcher's work list). Judged by the marks, not the stored state: a reply or a recompute
/// may already have stored `warning` or `breached` without anyone being told.
pub async fn due_clocks(db: &mut impl Db, now: i64, limit: u64) -> Result<Vec<ClockRow>> {
    // two index ranges (`case_clocks_warn_due`, `case_clocks_breach_due`) instead of one
    // OR that neither backend answers from an index: that read every live clock
    let mut rows: Vec<ClockRow> = Vec::new();
    for (mark, time) in [("warned_at", "warn_at"), ("breached_at", "due_at")] {
        let q = Query::select()
            .column(Asterisk)
            .from("case_clocks")
            .and_where(Expr::col("stopped_at").is_null())
            .and_where(Expr::col(mark).is_null())
            .and_where(Expr::col(time).lte(now))
            // the longest overdue first, in the index's own order: ordered by case id,
            // PostgreSQL walked the primary key hoping to meet `limit` due clocks early
            // and read every live clock when none was due (~100 ms a tick)
            .order_by(time, Order::Asc)
            .limit(limit)
            .take();
        rows.extend(db.fetch_all::<ClockRow, _>(&q).await?);
    }
    rows.sort_by_key(|c| (c.case_id, c.target.as_str()));
    rows.dedup_by(|a, b| a.case_id == b.case_id && a.target == b.target);
    rows.truncate(limit as usize);
    Ok(rows)
}

/// Case ids with a running or paused clock, after `after` (a calendar edit recomputes them).
pub async fn cases_with_live_clocks(
    db: &mut impl Db,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<Uuid>> {
    let mut q = Query::select();
    q.column("case_id")
        .distinct()
        .from("case_clocks")
        .and_where(Expr::col("stopped_at").is_null())
        .order_by("case_id", Order::Asc)
        .limit(limit);
    if let Some(a) = after {
        q.and_where(Expr::col("case_id").gt(a));
    }
    let rows: Vec<(Uuid,)> = db.fetch_all(&q).await?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct SlaEvent {
    pub id: Uuid,
    pub case_id: Uuid,
    pub target: String,
    /// started, paused, resumed, warning, breached, met, missed, recomputed, policy.
    pub event: String,
    pub detail: String,
    pub at: i64,
}

pub async fn record(
    db: &mut impl Db,
    case_id: Uuid,
    target: &str,
    event: &str,
    detail: &str,
) -> Result<()> {
    rows::insert(
        db,
        "sla_events",
        vec![
            ("id", Expr::val(new_id())),
            ("case_id", Expr::val(case_id)),
            ("target", Expr::val(target)),
            ("event", Expr::val(event)),
            ("detail", Expr::val(detail)),
            ("at", Expr::val(now_micros())),
        ],
    )
    .await
}

/// Several SLA history lines of one case in one statement, in the order given
/// (`(target, event, detail)`; a new case's policy and started clocks).
pub async fn record_each(
    db: &mut impl Db,
    case_id: Uuid,
    events: &[(&str, &str, String)],
) -> Result<()> {
    if events.is_empty() {
        return Ok(());
    }
    let mut q = Query::insert();
    q.into_table("sla_events")
        .columns(["id", "case_id", "target", "event", "detail", "at"]);
    for (target, event, detail) in events {
        q.values_panic([
            Expr::val(new_id()),
            Expr::val(case_id),
            Expr::val(*target),
            Expr::val(*event),
            Expr::val(detail.as_str()),
            Expr::val(now_micros()),
        ]);
    }
    db.defer(&q).await?;
    Ok(())
}

pub async fn history(db: &mut impl Db, case_id: Uuid) -> Result<Vec<SlaEvent>> {
    let q = Query::select()
        .column(Asterisk)
        .from("sla_events")
        .and_where(Expr::col("case_id").eq(case_id))
        .order_by("id", Order::Asc)
        .take();
    db.fetch_all(&q).await
}
