//! Questions a case asks of logistics, operations, finance or sales, and their answers.

use crate::change_feed::Op;
use crate::db::Db;
use crate::rows;
use crate::{Result, new_id};
use purser_domain::roles::Department;
use sea_query::{Asterisk, Expr, ExprTrait, Order, Query};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct DeptTask {
    pub id: Uuid,
    pub case_id: Uuid,
    #[sqlx(try_from = "String")]
    pub department: Department,
    pub question: String,
    pub due_at: i64,
    pub asked_by: Uuid,
    pub asked_at: i64,
    pub answered_by: Option<Uuid>,
    pub answer: Option<String>,
    pub answered_at: Option<i64>,
}

pub async fn insert(
    db: &mut impl Db,
    case_id: Uuid,
    department: Department,
    question: &str,
    due_at: i64,
    asked_by: Uuid,
    at: i64,
) -> Result<DeptTask> {
    let id = new_id();
    rows::insert(
        db,
        "dept_tasks",
        vec![
            ("id", Expr::val(id)),
            ("case_id", Expr::val(case_id)),
            ("department", Expr::val(department.as_str())),
            ("question", Expr::val(question)),
            ("due_at", Expr::val(due_at)),
            ("asked_by", Expr::val(asked_by)),
            ("asked_at", Expr::val(at)),
        ],
    )
    .await?;
    // a department with a task may now find the case: search reads its permissions again
    crate::change_feed::record(db, crate::change_feed::kinds::CASE, case_id, Op::Upsert).await?;
    get(db, id).await
}

pub async fn get(db: &mut impl Db, id: Uuid) -> Result<DeptTask> {
    let q = Query::select()
        .column(Asterisk)
        .from("dept_tasks")
        .and_where(Expr::col("id").eq(id))
        .take();
    db.fetch_one(&q).await
}

pub async fn of_case(db: &mut impl Db, case_id: Uuid) -> Result<Vec<DeptTask>> {
    let q = Query::select()
        .column(Asterisk)
        .from("dept_tasks")
        .and_where(Expr::col("case_id").eq(case_id))
        .order_by("asked_at", Order::Asc)
        .take();
    db.fetch_all(&q).await
}

/// A department's queue: unanswered first by due time, or answered, newest first.
pub async fn queue(
    db: &mut impl Db,
    department: Department,
    answered: bool,
    limit: u64,
) -> Result<Vec<DeptTask>> {
    let mut q = Query::select();
    q.column(Asterisk)
        .from("dept_tasks")
        .and_where(Expr::col("department").eq(department.as_str()))
        .limit(limit);
    if answered {
        q.and_where(Expr::col("answered_at").is_not_null())
            .order_by("answered_at", Order::Desc);
    } else {
        q.and_where(Expr::col("answered_at").is_null())
            .order_by("due_at", Order::Asc);
    }
    db.fetch_all(&q).await
}

/// Records the answer once; a second answer finds nothing to update.
pub async fn answer(db: &mut impl Db, id: Uuid, by: Uuid, answer: &str, at: i64) -> Result<u64> {
    let q = Query::update()
        .table("dept_tasks")
        .value("answered_by", Expr::val(by))
        .value("answer", Expr::val(answer))
        .value("answered_at", Expr::val(at))
        .and_where(Expr::col("id").eq(id))
        .and_where(Expr::col("answered_at").is_null())
        .take();
    db.execute(&q).await
}

pub async fn open_of_cases(db: &mut impl Db, case_ids: &[Uuid]) -> Result<Vec<DeptTask>> {
    if case_ids.is_empty() {
        return Ok(vec![]);
    }
    let q = Query::select()
        .column(Asterisk)
        .from("dept_tasks")
        .and_where(Expr::col("case_id").is_in(case_ids.to_vec()))
        .and_where(Expr::col("answered_at").is_null())
        .take();
    db.fetch_all(&q).await
}

/// Per department since `since`: tasks answered, their total answer time (µs), and how
/// many were answered by their due time — the collaboration figures.
pub async fn response_times(db: &mut impl Db, since: i64) -> Result<Vec<(String, i64, i64, i64)>> {
    let q = Query::select()
        .column("department")
        .expr(Expr::col(Asterisk).count())
        // SUM of BIGINT is NUMERIC on PostgreSQL: cast back so both backends decode i64
        .expr(
            Expr::col("answered_at")
                .sub(Expr::col("asked_at"))
                .sum()
                .cast_as("BIGINT"),
        )
        .expr(
            Expr::case(Expr::col("answered_at").lte(Expr::col("due_at")), 1)
                .finally(0)
                .sum()
                .cast_as("BIGINT"),
        )
        .from("dept_tasks")
        .and_where(Expr::col("answered_at").is_not_null())
        .and_where(Expr::col("asked_at").gte(since))
        .group_by_col("department")
        .take();
    let rows: Vec<(String, i64, Option<i64>, Option<i64>)> = db.fetch_all(&q).await?;
    Ok(rows
        .into_iter()
        .map(|(d, n, t, k)| (d, n, t.unwrap_or(0), k.unwrap_or(0)))
        .collect())
}
