//! Human numbers (customer C-000123, case CS-2026-000123): one counter row per series,
//! bumped atomically by an upsert, so concurrent creates never share a number.

use crate::Result;
use crate::db::Db;
use sea_query::{Expr, ExprTrait, OnConflict, Query};

/// The next value of a named series, starting at 1; call inside the creating transaction.
pub async fn next(db: &mut impl Db, name: &str) -> Result<i64> {
    let stmt = Query::insert()
        .into_table("counters")
        .columns(["name", "value"])
        .values_panic([Expr::val(name), Expr::val(1i64)])
        .on_conflict(
            OnConflict::column("name")
                .value("value", Expr::col(("counters", "value")).add(1i64))
                .to_owned(),
        )
        .returning_col("value")
        .take();
    let row: (i64,) = db.fetch_one(&stmt).await?;
    Ok(row.0)
}

/// Reserves `n` consecutive values of a series and returns the first: a batch numbers its
/// rows with one statement, and the row lock orders batches so numbers follow commit order.
pub async fn reserve(db: &mut impl Db, name: &str, n: i64) -> Result<i64> {
    let stmt = Query::insert()
        .into_table("counters")
        .columns(["name", "value"])
        .values_panic([Expr::val(name), Expr::val(n)])
        .on_conflict(
            OnConflict::column("name")
                .value("value", Expr::col(("counters", "value")).add(n))
                .to_owned(),
        )
        .returning_col("value")
        .take();
    let row: (i64,) = db.fetch_one(&stmt).await?;
    Ok(row.0 - n + 1)
}
