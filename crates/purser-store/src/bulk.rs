//! Bulk loading: a million cases for load tests and large demo desks, written many rows per
//! statement instead of through the use cases.
//!
//! The caller makes the rows (ids, numbers, deadlines and all) and decides the transaction;
//! each `insert_*` splits its slice into multi-row INSERTs of a few hundred rows, built once
//! with sea-query for both backends and kept under SQLite's and PostgreSQL's bound-parameter
//! limits. Nothing here checks the rows: they must already be what the use cases would
//! have written, `due_at`/`warn_at` included ([`crate::cases::NO_DEADLINE`] when no clock
//! runs), or the inboxes will disagree with the clocks.
//!
//! ```no_run
//! # async fn f(store: purser_store::Store, rows: Vec<purser_store::bulk::CaseRow>)
//! # -> Result<(), purser_store::StoreError> {
//! let mut tx = store.begin().await?;
//! purser_store::bulk::insert_cases(&mut tx, &rows).await?;
//! tx.commit().await?;
//! # Ok(()) }
//! ```

use crate::db::Db;
use crate::rows::json;
use crate::sla::ClockRow;
use crate::{Backend, Result};
use purser_domain::cases::refs::RefKind;
use purser_domain::cases::state::CaseStatus;
use purser_domain::cases::{CaseChannel, CaseType, Direction, MessageKind, Priority};
use purser_domain::customers::{Language, Tier};
use sea_query::{Expr, ExprTrait, OnConflict, Order, Query};
use uuid::Uuid;

/// Bound parameters per statement: below SQLite's 32,766 and PostgreSQL's 65,535.
const MAX_PARAMS: usize = 30_000;
/// Rows per statement at most: past a few hundred, longer statements stop paying off.
const MAX_ROWS: usize = 500;

/// A case row as [`crate::cases::insert`] and the later updates would have left it.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseRow {
    pub id: Uuid,
    pub number: String,
    pub subject: String,
    pub case_type: CaseType,
    pub channel: CaseChannel,
    pub status: CaseStatus,
    pub priority: Priority,
    pub language: Language,
    pub customer_id: Option<Uuid>,
    pub contact_id: Option<Uuid>,
    pub team_id: Option<Uuid>,
    pub assignee_id: Option<Uuid>,
    pub assign_reason: String,
    pub tags: Vec<String>,
    pub lane: Option<String>,
    pub sla_policy_id: Option<Uuid>,
    pub first_response_at: Option<i64>,
    pub resolved_at: Option<i64>,
    /// The earliest running deadline, [`crate::cases::NO_DEADLINE`] when none runs.
    pub due_at: i64,
    pub warn_at: i64,
    /// ok, warning, breached or paused.
    pub sla_state: &'static str,
    pub last_message_at: i64,
    pub message_count: i64,
    pub rating: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// One entry of a case's conversation; `seq` counts from 1 within the case.
#[derive(Debug, Clone, PartialEq)]
pub struct MessageRow {
    pub id: Uuid,
    pub case_id: Uuid,
    pub seq: i64,
    pub kind: MessageKind,
    pub direction: Direction,
    pub author_id: Option<Uuid>,
    pub author_name: String,
    pub body: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefRow {
    pub case_id: Uuid,
    pub kind: RefKind,
    pub value: String,
}

/// Rows per statement for a table of `columns` columns.
fn rows_per_statement(columns: usize) -> usize {
    (MAX_PARAMS / columns.max(1)).clamp(1, MAX_ROWS)
}

/// Writes `rows` in multi-row INSERTs; `values` turns one row into its column values, in
/// the order of `columns`. With `ignore_duplicates`, rows whose key exists are skipped.
pub(crate) async fn insert_rows<T>(
    db: &mut impl Db,
    table: &'static str,
    columns: &[&'static str],
    rows: &[T],
    conflict_key: Option<&[&'static str]>,
    values: impl Fn(&T) -> Vec<Expr>,
) -> Result<u64> {
    let mut written = 0;
    for chunk in rows.chunks(rows_per_statement(columns.len())) {
        let mut stmt = Query::insert();
        stmt.into_table(table).columns(columns.iter().copied());
        for row in chunk {
            stmt.values_panic(values(row));
        }
        if let Some(key) = conflict_key {
            stmt.on_conflict(
                OnConflict::columns(key.iter().copied())
                    .do_nothing()
                    .to_owned(),
            );
        }
        written += db.execute(&stmt).await?;
    }
    Ok(written)
}

const CASE_COLUMNS: [&str; 31] = [
    "id",
    "number",
    "subject",
    "case_type",
    "channel",
    "status",
    "active",
    "priority",
    "language",
    "customer_id",
    "contact_id",
    "team_id",
    "assignee_id",
    "assign_reason",
    "tags",
    "lane",
    "sla_policy_id",
    "first_response_at",
    "resolved_at",
    "due_at",
    "warn_at",
    "sla_state",
    "last_message_at",
    "message_count",
    "parent_id",
    "merged_into_id",
    "rating",
    "rating_comment",
    "created_at",
    "updated_at",
    "version",
];

pub async fn insert_cases(db: &mut impl Db, rows: &[CaseRow]) -> Result<u64> {
    insert_rows(db, "cases", &CASE_COLUMNS, rows, None, |c| {
        vec![
            Expr::val(c.id),
            Expr::val(c.number.as_str()),
            Expr::val(c.subject.as_str()),
            Expr::val(c.case_type.as_str()),
            Expr::val(c.channel.as_str()),
            Expr::val(c.status.as_str()),
            Expr::val(c.status.is_active()),
            Expr::val(c.priority.as_str()),
            Expr::val(c.language.as_str()),
            Expr::val(c.customer_id),
            Expr::val(c.contact_id),
            Expr::val(c.team_id),
            Expr::val(c.assignee_id),
            Expr::val(c.assign_reason.as_str()),
            json(&c.tags),
            Expr::val(c.lane.clone()),
            Expr::val(c.sla_policy_id),
            Expr::val(c.first_response_at),
            Expr::val(c.resolved_at),
            Expr::val(c.due_at),
            Expr::val(c.warn_at),
            Expr::val(c.sla_state),
            Expr::val(c.last_message_at),
            Expr::val(c.message_count),
            Expr::val(None::<Uuid>),
            Expr::val(None::<Uuid>),
            Expr::val(c.rating),
            Expr::val(None::<String>),
            Expr::val(c.created_at),
            Expr::val(c.updated_at),
            Expr::val(1i64),
        ]
    })
    .await
}

pub async fn insert_messages(db: &mut impl Db, rows: &[MessageRow]) -> Result<u64> {
    const COLUMNS: [&str; 13] = [
        "id",
        "case_id",
        "seq",
        "kind",
        "direction",
        "author_id",
        "author_name",
        "body",
        "mentions",
        "meta",
        "outbox_id",
        "delivery",
        "created_at",
    ];
    let no_mentions: Vec<Uuid> = Vec::new();
    insert_rows(db, "case_messages", &COLUMNS, rows, None, |m| {
        vec![
            Expr::val(m.id),
            Expr::val(m.case_id),
            Expr::val(m.seq),
            Expr::val(m.kind.as_str()),
            Expr::val(m.direction.as_str()),
            Expr::val(m.author_id),
            Expr::val(m.author_name.as_str()),
            Expr::val(m.body.as_str()),
            json(&no_mentions),
            Expr::val(serde_json::json!({})),
            Expr::val(None::<Uuid>),
            // replies of loaded cases count as delivered: no worker should send them
            Expr::val(
                (m.kind == MessageKind::Public && m.direction == Direction::Outbound)
                    .then_some("sent"),
            ),
            Expr::val(m.created_at),
        ]
    })
    .await
}

/// SLA clocks exactly as [`crate::sla::save_clock`] stores them.
pub async fn insert_clocks(db: &mut impl Db, rows: &[ClockRow]) -> Result<u64> {
    const COLUMNS: [&str; 11] = [
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
    ];
    insert_rows(db, "case_clocks", &COLUMNS, rows, None, |c| {
        vec![
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
        ]
    })
    .await
}

/// References (B/L, container, booking); one already there is skipped.
pub async fn insert_refs(db: &mut impl Db, rows: &[RefRow]) -> Result<u64> {
    const COLUMNS: [&str; 3] = ["case_id", "kind", "value"];
    const KEY: [&str; 3] = ["case_id", "kind", "value"];
    insert_rows(db, "case_refs", &COLUMNS, rows, Some(&KEY), |r| {
        vec![
            Expr::val(r.case_id),
            Expr::val(r.kind.as_str()),
            Expr::val(r.value.as_str()),
        ]
    })
    .await
}

/// A customer cases can be loaded for, with one of its contacts.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Party {
    pub customer_id: Uuid,
    #[sqlx(try_from = "String")]
    pub tier: Tier,
    #[sqlx(try_from = "String")]
    pub language: Language,
    #[sqlx(skip)]
    pub contact_id: Option<Uuid>,
}

/// Up to `limit` active customers (by id) and the first contact of each.
pub async fn parties(db: &mut impl Db, limit: u64) -> Result<Vec<Party>> {
    let q = Query::select()
        .expr_as(Expr::col("id"), "customer_id")
        .columns(["tier", "language"])
        .from("customers")
        .and_where(Expr::col("status").eq("active"))
        .order_by("id", Order::Asc)
        .limit(limit)
        .take();
    let mut parties: Vec<Party> = db.fetch_all(&q).await?;
    let Some(last) = parties.last().map(|p| p.customer_id) else {
        return Ok(parties);
    };
    let q = Query::select()
        .columns(["customer_id", "id"])
        .from("contacts")
        .and_where(Expr::col("archived").eq(false))
        .and_where(Expr::col("customer_id").lte(last))
        .order_by("customer_id", Order::Asc)
        .order_by("id", Order::Asc)
        .take();
    let contacts: Vec<(Uuid, Uuid)> = db.fetch_all(&q).await?;
    let mut k = contacts.iter().peekable();
    for p in &mut parties {
        while k.next_if(|(c, _)| *c < p.customer_id).is_some() {}
        p.contact_id = k
            .peek()
            .filter(|(c, _)| *c == p.customer_id)
            .map(|(_, id)| *id);
    }
    Ok(parties)
}

/// The current value of a numbering series (0 when it has not started).
pub async fn counter(db: &mut impl Db, name: &str) -> Result<i64> {
    let q = Query::select()
        .column("value")
        .from("counters")
        .and_where(Expr::col("name").eq(name))
        .take();
    let row: Option<(i64,)> = db.fetch_optional(&q).await?;
    Ok(row.map_or(0, |r| r.0))
}

/// Moves a numbering series up to `value` (never down), so numbers handed out by
/// [`crate::counters::next`] after a load follow the loaded ones.
pub async fn raise_counter(db: &mut impl Db, name: &str, value: i64) -> Result<()> {
    let current = counter(db, name).await?;
    if value <= current {
        return Ok(());
    }
    let stmt = Query::insert()
        .into_table("counters")
        .columns(["name", "value"])
        .values_panic([Expr::val(name), Expr::val(value)])
        .on_conflict(OnConflict::column("name").update_column("value").to_owned())
        .take();
    db.execute(&stmt).await?;
    Ok(())
}

/// Gives the query planner fresh statistics on `tables` after a load (SQLite `ANALYZE`;
/// PostgreSQL `VACUUM (ANALYZE)`: without the vacuum's visibility map an index-only scan
/// visits the table for every row, and counting an agent's open cases took 56 ms instead of
/// 12 on a freshly loaded desk of a million cases). `tables` are the code's own names.
pub async fn analyze(db: &mut impl Db, tables: &[&str]) -> Result<()> {
    match db.backend() {
        Backend::Sqlite => {
            for t in tables {
                db.execute_raw(&format!("ANALYZE {t}")).await?;
            }
            Ok(())
        }
        Backend::Postgres => {
            db.execute_raw(&format!("VACUUM (ANALYZE) {}", tables.join(", ")))
                .await
        }
    }
}

/// Refreshes the planner's statistics while a load runs, each time what it has written
/// doubles (from 2,000, counted in the caller's unit: companies, rows). On PostgreSQL without autovacuum, a plan made while a table was
/// empty stays a full scan: the duplicate check of each new company read every customer,
/// and the 100,000-company demo book took 89 minutes to load.
pub struct StatsAsLoadGrows {
    next: usize,
}

impl Default for StatsAsLoadGrows {
    fn default() -> Self {
        StatsAsLoadGrows { next: 2_000 }
    }
}

impl StatsAsLoadGrows {
    /// Call after each commit with the count written so far.
    pub async fn after(&mut self, db: &mut impl Db, written: usize, tables: &[&str]) -> Result<()> {
        if written >= self.next {
            analyze(db, tables).await?;
            self.next = written * 2;
        }
        Ok(())
    }
}

/// The tables a desk load fills.
pub const DESK_TABLES: &[&str] = &["cases", "case_messages", "case_clocks", "case_refs"];

/// The tables a customer-book load fills.
pub const BOOK_TABLES: &[&str] = &[
    "customers",
    "customer_terms",
    "contacts",
    "contracts",
    "activities",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_stay_under_both_parameter_limits() {
        for columns in [1, 3, 11, 13, 31, 200] {
            let rows = rows_per_statement(columns);
            assert!((1..=MAX_ROWS).contains(&rows));
            assert!(rows * columns <= MAX_PARAMS.max(columns));
        }
        assert_eq!(rows_per_statement(CASE_COLUMNS.len()), 500);
    }
}
