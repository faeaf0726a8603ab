//! What the search indexer reads: rows of each searchable table by id, a page at a time
//! in id order (a full rebuild) or a batch of ids (changes from the feed), and the few
//! facts a document carries from elsewhere (a case's references and departments).

use crate::Result;
use crate::db::{Db, FromBoth};
use sea_query::{Asterisk, Expr, ExprTrait, Order, Query};
use uuid::Uuid;

/// Tables the indexer reads whole rows of.
pub mod tables {
    pub const CASES: &str = "cases";
    pub const MESSAGES: &str = "case_messages";
    pub const ATTACHMENTS: &str = "attachments";
    pub const CUSTOMERS: &str = "customers";
    pub const CONTACTS: &str = "contacts";
    pub const SHIPMENTS: &str = "shipments";
    pub const ARTICLES: &str = "kb_articles";
}

/// The rows of `table` with these ids (those that still exist).
pub async fn by_ids<T: FromBoth>(
    db: &mut impl Db,
    table: &'static str,
    ids: &[Uuid],
) -> Result<Vec<T>> {
    by_column(db, table, "id", ids).await
}

/// The rows of `table` whose `column` is one of `ids` (a case's messages).
pub async fn by_column<T: FromBoth>(
    db: &mut impl Db,
    table: &'static str,
    column: &'static str,
    ids: &[Uuid],
) -> Result<Vec<T>> {
    let mut out = Vec::new();
    for chunk in ids.chunks(500) {
        let q = Query::select()
            .column(Asterisk)
            .from(table)
            .and_where(Expr::col(column).is_in(chunk.iter().copied()))
            .take();
        out.extend(db.fetch_all::<T, _>(&q).await?);
    }
    Ok(out)
}

/// (case, reference value) of these cases.
pub async fn case_refs(db: &mut impl Db, cases: &[Uuid]) -> Result<Vec<(Uuid, String)>> {
    pairs(db, "case_refs", "value", cases).await
}

/// (case, department) of the departments with a task on these cases.
pub async fn case_departments(db: &mut impl Db, cases: &[Uuid]) -> Result<Vec<(Uuid, String)>> {
    let mut out = pairs(db, "dept_tasks", "department", cases).await?;
    out.sort();
    out.dedup();
    Ok(out)
}

async fn pairs(
    db: &mut impl Db,
    table: &'static str,
    column: &'static str,
    cases: &[Uuid],
) -> Result<Vec<(Uuid, String)>> {
    let mut out = Vec::new();
    for chunk in cases.chunks(500) {
        let q = Query::select()
            .columns(["case_id", column])
            .from(table)
            .and_where(Expr::col("case_id").is_in(chunk.iter().copied()))
            .take();
        out.extend(db.fetch_all::<(Uuid, String), _>(&q).await?);
    }
    Ok(out)
}

/// Rows in `table` (the rebuild's progress bar).
pub async fn count(db: &mut impl Db, table: &'static str) -> Result<i64> {
    let q = Query::select()
        .expr(Expr::col(Asterisk).count())
        .from(table)
        .take();
    let (n,): (i64,) = db.fetch_one(&q).await?;
    Ok(n)
}

/// Up to `limit` ids of `table` after `after`, in order (a rebuild's walk).
pub async fn ids_after(
    db: &mut impl Db,
    table: &'static str,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<Uuid>> {
    let mut q = Query::select();
    q.column("id")
        .from(table)
        .order_by("id", Order::Asc)
        .limit(limit);
    if let Some(after) = after {
        q.and_where(Expr::col("id").gt(after));
    }
    let rows: Vec<(Uuid,)> = db.fetch_all(&q).await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}
