//! Promises an agent made on a case ("I will confirm the new ETA by 15:00").

use crate::db::Db;
use crate::rows;
use crate::{Result, new_id, now_micros};
use sea_query::{Asterisk, Cond, Expr, ExprTrait, Order, Query};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct FollowUp {
    pub id: Uuid,
    pub case_id: Uuid,
    pub agent_id: Uuid,
    pub action: String,
    pub due_at: i64,
    pub remind_at: i64,
    pub reminded_at: Option<i64>,
    pub escalated_at: Option<i64>,
    pub done_at: Option<i64>,
    pub outcome: Option<String>,
    pub created_at: i64,
}

impl FollowUp {
    /// Kept: done, and no later than promised.
    pub fn kept(&self) -> Option<bool> {
        self.done_at.map(|d| d <= self.due_at)
    }
}

pub async fn insert(
    db: &mut impl Db,
    case_id: Uuid,
    agent_id: Uuid,
    action: &str,
    due_at: i64,
    remind_at: i64,
) -> Result<FollowUp> {
    let id = new_id();
    rows::insert(
        db,
        "follow_ups",
        vec![
            ("id", Expr::val(id)),
            ("case_id", Expr::val(case_id)),
            ("agent_id", Expr::val(agent_id)),
            ("action", Expr::val(action)),
            ("due_at", Expr::val(due_at)),
            ("remind_at", Expr::val(remind_at)),
            ("created_at", Expr::val(now_micros())),
        ],
    )
    .await?;
    get(db, id).await
}

pub async fn get(db: &mut impl Db, id: Uuid) -> Result<FollowUp> {
    let q = Query::select()
        .column(Asterisk)
        .from("follow_ups")
        .and_where(Expr::col("id").eq(id))
        .take();
    db.fetch_one(&q).await
}

pub async fn of_case(db: &mut impl Db, case_id: Uuid) -> Result<Vec<FollowUp>> {
    let q = Query::select()
        .column(Asterisk)
        .from("follow_ups")
        .and_where(Expr::col("case_id").eq(case_id))
        .order_by("due_at", Order::Asc)
        .take();
    db.fetch_all(&q).await
}

pub async fn open_of_agent(db: &mut impl Db, agent_id: Uuid) -> Result<Vec<FollowUp>> {
    let q = Query::select()
        .column(Asterisk)
        .from("follow_ups")
        .and_where(Expr::col("agent_id").eq(agent_id))
        .and_where(Expr::col("done_at").is_null())
        .order_by("due_at", Order::Asc)
        .take();
    db.fetch_all(&q).await
}

pub async fn complete(db: &mut impl Db, id: Uuid, outcome: &str, at: i64) -> Result<u64> {
    let q = Query::update()
        .table("follow_ups")
        .value("done_at", Expr::val(at))
        .value("outcome", Expr::val(outcome))
        .and_where(Expr::col("id").eq(id))
        .and_where(Expr::col("done_at").is_null())
        .take();
    db.execute(&q).await
}

pub async fn reassign_open(db: &mut impl Db, case_id: Uuid, to: Uuid) -> Result<u64> {
    let q = Query::update()
        .table("follow_ups")
        .value("agent_id", Expr::val(to))
        .and_where(Expr::col("case_id").eq(case_id))
        .and_where(Expr::col("done_at").is_null())
        .take();
    db.execute(&q).await
}

/// Open promises whose reminder is due and not yet sent.
pub async fn reminders_due(db: &mut impl Db, now: i64, limit: u64) -> Result<Vec<FollowUp>> {
    let q = Query::select()
        .column(Asterisk)
        .from("follow_ups")
        .and_where(Expr::col("done_at").is_null())
        .cond_where(
            Cond::all()
                .add(Expr::col("remind_at").lte(now))
                .add(Expr::col("reminded_at").is_null()),
        )
        .limit(limit)
        .take();
    db.fetch_all(&q).await
}

/// Open promises past their time and not yet escalated.
pub async fn overdue(db: &mut impl Db, now: i64, limit: u64) -> Result<Vec<FollowUp>> {
    let q = Query::select()
        .column(Asterisk)
        .from("follow_ups")
        .and_where(Expr::col("done_at").is_null())
        .and_where(Expr::col("due_at").lt(now))
        .and_where(Expr::col("escalated_at").is_null())
        .limit(limit)
        .take();
    db.fetch_all(&q).await
}

pub async fn mark(db: &mut impl Db, id: Uuid, column: &'static str, at: i64) -> Result<()> {
    let q = Query::update()
        .table("follow_ups")
        .value(column, Expr::val(at))
        .and_where(Expr::col("id").eq(id))
        .take();
    db.execute(&q).await?;
    Ok(())
}

/// Per agent: promises done, and how many of them on time.
pub async fn kept_per_agent(db: &mut impl Db, since: i64) -> Result<Vec<(Uuid, i64, i64)>> {
    let q = Query::select()
        .column("agent_id")
        .expr(Expr::col(Asterisk).count())
        .expr(
            Expr::case(Expr::col("done_at").lte(Expr::col("due_at")), 1)
                .finally(0)
                .sum()
                .cast_as("BIGINT"),
        )
        .from("follow_ups")
        .and_where(Expr::col("done_at").is_not_null())
        .and_where(Expr::col("created_at").gte(since))
        .group_by_col("agent_id")
        .take();
    let rows: Vec<(Uuid, i64, Option<i64>)> = db.fetch_all(&q).await?;
    Ok(rows
        .into_iter()
        .map(|(a, n, k)| (a, n, k.unwrap_or(0)))
        .collect())
}
