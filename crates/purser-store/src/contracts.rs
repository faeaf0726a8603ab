//! Service contracts: validity, lanes, promised service levels, free time and the agent's
//! authority limits that later govern SLA targets and goodwill approvals.

use crate::Result;
use crate::db::Db;
use crate::rows::{self, Values, json};
use purser_domain::book::{AuthorityLimits, ContractInput, FreeTime, Lane, ServiceLevels};
use sea_query::{Asterisk, Expr, ExprTrait, Order, Query};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct Contract {
    pub id: Uuid,
    pub customer_id: Uuid,
    pub reference: String,
    pub valid_from: String,
    pub valid_to: String,
    #[sqlx(json)]
    pub lanes: Vec<Lane>,
    #[sqlx(json)]
    pub service_levels: ServiceLevels,
    #[sqlx(json)]
    pub free_time: FreeTime,
    #[sqlx(json)]
    pub authority_limits: AuthorityLimits,
    pub notes: String,
    pub archived: bool,
    pub created_at: i64,
    pub updated_at: i64,
    pub version: i64,
}

impl Contract {
    pub fn input(&self) -> ContractInput {
        ContractInput {
            reference: self.reference.clone(),
            valid_from: self.valid_from.clone(),
            valid_to: self.valid_to.clone(),
            lanes: self.lanes.clone(),
            service_levels: self.service_levels,
            free_time: self.free_time,
            authority_limits: self.authority_limits.clone(),
            notes: self.notes.clone(),
        }
    }
}

fn values(c: &ContractInput) -> Values {
    vec![
        ("reference", Expr::val(c.reference.as_str())),
        ("valid_from", Expr::val(c.valid_from.as_str())),
        ("valid_to", Expr::val(c.valid_to.as_str())),
        ("lanes", json(&c.lanes)),
        ("service_levels", json(&c.service_levels)),
        ("free_time", json(&c.free_time)),
        ("authority_limits", json(&c.authority_limits)),
        ("notes", Expr::val(c.notes.as_str())),
    ]
}

pub async fn insert(
    db: &mut impl Db,
    id: Uuid,
    customer_id: Uuid,
    c: &ContractInput,
) -> Result<Contract> {
    let mut v = values(c);
    v.push(("customer_id", Expr::val(customer_id)));
    rows::insert_versioned(db, "contracts", id, v).await?;
    get(db, customer_id, id).await
}

pub async fn update(
    db: &mut impl Db,
    customer_id: Uuid,
    id: Uuid,
    expected: Option<i64>,
    c: &ContractInput,
) -> Result<Contract> {
    rows::update_child(db, "contracts", customer_id, id, expected, values(c)).await
}

pub async fn archive(
    db: &mut impl Db,
    customer_id: Uuid,
    id: Uuid,
    expected: Option<i64>,
) -> Result<Contract> {
    rows::archive_child(db, "contracts", customer_id, id, expected).await
}

/// Whether a contract with this id exists, whoever's it is (an SLA policy may name any).
pub async fn exists(db: &mut impl Db, id: Uuid) -> Result<bool> {
    let q = Query::select()
        .column("id")
        .from("contracts")
        .and_where(Expr::col("id").eq(id))
        .take();
    Ok(db.fetch_optional::<(Uuid,), _>(&q).await?.is_some())
}

pub async fn get(db: &mut impl Db, customer_id: Uuid, id: Uuid) -> Result<Contract> {
    rows::get_child(db, "contracts", customer_id, id).await
}

pub async fn list(db: &mut impl Db, customer_id: Uuid) -> Result<Vec<Contract>> {
    let q = Query::select()
        .column(Asterisk)
        .from("contracts")
        .and_where(Expr::col("customer_id").eq(customer_id))
        .and_where(Expr::col("archived").eq(false))
        .order_by("valid_from", Order::Desc)
        .take();
    db.fetch_all(&q).await
}
