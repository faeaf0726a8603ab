//! Relationship activities with a customer: calls, meetings, visits, surveys, gifts, events.

use crate::db::Db;
use crate::rows::{self, Values};
use crate::{Result, now_micros};
use purser_domain::book::ActivityInput;
use purser_domain::customers::ActivityKind;
use sea_query::{Asterisk, Expr, ExprTrait, Order, Query};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct Activity {
    pub id: Uuid,
    pub customer_id: Uuid,
    pub contact_id: Option<Uuid>,
    #[sqlx(try_from = "String")]
    pub kind: ActivityKind,
    /// Microseconds since the epoch, UTC.
    pub occurred_at: i64,
    pub subject: String,
    pub notes: String,
    pub user_id: Uuid,
    pub archived: bool,
    pub created_at: i64,
    pub updated_at: i64,
    pub version: i64,
}

impl Activity {
    pub fn input(&self) -> ActivityInput {
        ActivityInput {
            kind: self.kind,
            occurred_at: jiff::Timestamp::from_microsecond(self.occurred_at)
                .ok()
                .map(|t| t.to_string()),
            subject: self.subject.clone(),
            notes: self.notes.clone(),
            contact_id: self.contact_id,
        }
    }
}

fn values(a: &ActivityInput) -> Values {
    let at = a
        .occurred_at
        .as_deref()
        .and_then(|s| s.parse::<jiff::Timestamp>().ok())
        .map_or_else(now_micros, |t| t.as_microsecond());
    vec![
        ("kind", Expr::val(a.kind.as_str())),
        ("occurred_at", Expr::val(at)),
        ("subject", Expr::val(a.subject.as_str())),
        ("notes", Expr::val(a.notes.as_str())),
        ("contact_id", Expr::val(a.contact_id)),
    ]
}

pub async fn insert(
    db: &mut impl Db,
    id: Uuid,
    customer_id: Uuid,
    user_id: Uuid,
    a: &ActivityInput,
) -> Result<Activity> {
    let mut v = values(a);
    v.push(("customer_id", Expr::val(customer_id)));
    v.push(("user_id", Expr::val(user_id)));
    rows::insert_versioned(db, "activities", id, v).await?;
    get(db, customer_id, id).await
}

pub async fn update(
    db: &mut impl Db,
    customer_id: Uuid,
    id: Uuid,
    expected: Option<i64>,
    c: &ActivityInput,
) -> Result<Activity> {
    rows::update_child(db, "activities", customer_id, id, expected, values(c)).await
}

pub async fn archive(
    db: &mut impl Db,
    customer_id: Uuid,
    id: Uuid,
    expected: Option<i64>,
) -> Result<Activity> {
    rows::archive_child(db, "activities", customer_id, id, expected).await
}

pub async fn get(db: &mut impl Db, customer_id: Uuid, id: Uuid) -> Result<Activity> {
    rows::get_child(db, "activities", customer_id, id).await
}

pub async fn list(db: &mut impl Db, customer_id: Uuid, limit: u64) -> Result<Vec<Activity>> {
    let q = Query::select()
        .column(Asterisk)
        .from("activities")
        .and_where(Expr::col("customer_id").eq(customer_id))
        .and_where(Expr::col("archived").eq(false))
        .order_by("occurred_at", Order::Desc)
        .limit(limit)
        .take();
    db.fetch_all(&q).await
}
