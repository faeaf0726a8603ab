//! The recorded steps of a complaint and the goodwill granted or awaiting approval.

use crate::db::Db;
use crate::rows;
use crate::{Result, new_id};
use purser_domain::cases::complaint::{ComplaintStep, GoodwillKind, GoodwillState};
use sea_query::{Asterisk, Expr, ExprTrait, Order, Query};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct StepRow {
    pub case_id: Uuid,
    #[sqlx(try_from = "String")]
    pub step: ComplaintStep,
    pub note: String,
    pub actor_id: Uuid,
    pub created_at: i64,
}

pub async fn steps(db: &mut impl Db, case_id: Uuid) -> Result<Vec<StepRow>> {
    let q = Query::select()
        .column(Asterisk)
        .from("complaint_steps")
        .and_where(Expr::col("case_id").eq(case_id))
        .order_by("created_at", Order::Asc)
        .take();
    let mut rows: Vec<StepRow> = db.fetch_all(&q).await?;
    rows.sort_by_key(|r| r.step);
    Ok(rows)
}

/// Records a step; the primary key refuses the same step twice.
pub async fn add_step(
    db: &mut impl Db,
    case_id: Uuid,
    step: ComplaintStep,
    note: &str,
    actor: Uuid,
    at: i64,
) -> Result<()> {
    rows::insert(
        db,
        "complaint_steps",
        vec![
            ("case_id", Expr::val(case_id)),
            ("step", Expr::val(step.as_str())),
            ("note", Expr::val(note)),
            ("actor_id", Expr::val(actor)),
            ("created_at", Expr::val(at)),
        ],
    )
    .await
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct Goodwill {
    pub id: Uuid,
    pub case_id: Uuid,
    #[sqlx(try_from = "String")]
    pub kind: GoodwillKind,
    /// Exact decimal as text.
    pub amount: String,
    pub currency: String,
    pub reason: String,
    #[sqlx(try_from = "String")]
    pub state: GoodwillState,
    /// The limit that applied when it was asked for.
    pub authority_limit: String,
    pub requested_by: Uuid,
    pub decided_by: Option<Uuid>,
    pub created_at: i64,
    pub decided_at: Option<i64>,
}

#[allow(clippy::too_many_arguments)]
pub async fn add_goodwill(
    db: &mut impl Db,
    case_id: Uuid,
    kind: GoodwillKind,
    amount: &str,
    currency: &str,
    reason: &str,
    state: GoodwillState,
    limit: &str,
    by: Uuid,
    at: i64,
) -> Result<Goodwill> {
    let id = new_id();
    let decided = (state == GoodwillState::Granted).then_some(at);
    rows::insert(
        db,
        "goodwill",
        vec![
            ("id", Expr::val(id)),
            ("case_id", Expr::val(case_id)),
            ("kind", Expr::val(kind.as_str())),
            ("amount", Expr::val(amount)),
            ("currency", Expr::val(currency)),
            ("reason", Expr::val(reason)),
            ("state", Expr::val(state.as_str())),
            ("authority_limit", Expr::val(limit)),
            ("requested_by", Expr::val(by)),
            ("decided_by", Expr::val(decided.map(|_| by))),
            ("created_at", Expr::val(at)),
            ("decided_at", Expr::val(decided)),
        ],
    )
    .await?;
    goodwill(db, id).await
}

pub async fn goodwill(db: &mut impl Db, id: Uuid) -> Result<Goodwill> {
    let q = Query::select()
        .column(Asterisk)
        .from("goodwill")
        .and_where(Expr::col("id").eq(id))
        .take();
    db.fetch_one(&q).await
}

pub async fn goodwill_of_case(db: &mut impl Db, case_id: Uuid) -> Result<Vec<Goodwill>> {
    let q = Query::select()
        .column(Asterisk)
        .from("goodwill")
        .and_where(Expr::col("case_id").eq(case_id))
        .order_by("created_at", Order::Asc)
        .take();
    db.fetch_all(&q).await
}

pub async fn awaiting_approval(db: &mut impl Db) -> Result<Vec<Goodwill>> {
    let q = Query::select()
        .column(Asterisk)
        .from("goodwill")
        .and_where(Expr::col("state").eq(GoodwillState::AwaitingApproval.as_str()))
        .order_by("created_at", Order::Asc)
        .take();
    db.fetch_all(&q).await
}

/// Decides a pending request once; returns 0 when it was not pending.
pub async fn decide(
    db: &mut impl Db,
    id: Uuid,
    state: GoodwillState,
    by: Uuid,
    at: i64,
) -> Result<u64> {
    let q = Query::update()
        .table("goodwill")
        .value("state", Expr::val(state.as_str()))
        .value("decided_by", Expr::val(by))
        .value("decided_at", Expr::val(at))
        .and_where(Expr::col("id").eq(id))
        .and_where(Expr::col("state").eq(GoodwillState::AwaitingApproval.as_str()))
        .take();
    db.execute(&q).await
}
