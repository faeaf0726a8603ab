//! Helpers every feature module uses to write a row: named values in, one INSERT or one
//! version-checked UPDATE out, so optimistic locking is written once.

use crate::db::Db;
use crate::{Result, StoreError, now_micros};
use sea_query::{Expr, ExprTrait, InsertStatement, Query};
use uuid::Uuid;

/// Column values of one row, in the order given.
pub type Values = Vec<(&'static str, Expr)>;

pub fn json<T: serde::Serialize>(v: &T) -> Expr {
    Expr::val(serde_json::to_value(v).unwrap_or(serde_json::Value::Null))
}

pub(crate) async fn insert(db: &mut impl Db, table: &'static str, values: Values) -> Result<()> {
    db.execute(&insert_statement(table, values)).await?;
    Ok(())
}

/// The INSERT of one row of named values (for [`Db::defer`] as well as [`insert`]).
pub(crate) fn insert_statement(table: &'static str, values: Values) -> InsertStatement {
    let (cols, vals): (Vec<_>, Vec<_>) = values.into_iter().unzip();
    Query::insert()
        .into_table(table)
        .columns(cols)
        .values_panic(vals)
        .take()
}

/// Inserts a versioned row: adds `id`, `created_at`, `updated_at` and `version = 1`.
pub(crate) async fn insert_versioned(
    db: &mut impl Db,
    table: &'static str,
    id: Uuid,
    mut values: Values,
) -> Result<()> {
    let now = now_micros();
    values.extend([
        ("id", Expr::val(id)),
        ("created_at", Expr::val(now)),
        ("updated_at", Expr::val(now)),
        ("version", Expr::val(1i64)),
    ]);
    insert(db, table, values).await
}

/// Updates a versioned row if its version is still `expected` (when given); returns the
/// new version. A stale version is [`StoreError::VersionMismatch`], a missing row NotFound.
pub(crate) async fn update_versioned(
    db: &mut impl Db,
    table: &'static str,
    id: Uuid,
    expected: Option<i64>,
    mut values: Values,
) -> Result<i64> {
    values.push(("updated_at", Expr::val(now_micros())));
    values.push(("version", Expr::col("version").add(1)));
    let mut stmt = Query::update();
    stmt.table(table)
        .values(values)
        .and_where(Expr::col("id").eq(id));
    if let Some(v) = expected {
        stmt.and_where(Expr::col("version").eq(v));
    }
    if db.execute(&stmt).await? == 1 {
        return version(db, table, id).await;
    }
    match version(db, table, id).await {
        Ok(current) => Err(StoreError::VersionMismatch { current }),
        Err(e) => Err(e),
    }
}

pub(crate) async fn version(db: &mut impl Db, table: &'static str, id: Uuid) -> Result<i64> {
    let stmt = Query::select()
        .column("version")
        .from(table)
        .and_where(Expr::col("id").eq(id))
        .take();
    let row: (i64,) = db.fetch_one(&stmt).await?;
    Ok(row.0)
}

/// A row of a table beneath a customer; the customer in the path must own it, or NotFound.
pub(crate) async fn get_child<T: crate::FromBoth>(
    db: &mut impl Db,
    table: &'static str,
    customer_id: Uuid,
    id: Uuid,
) -> Result<T> {
    let q = Query::select()
        .column(sea_query::Asterisk)
        .from(table)
        .and_where(Expr::col("id").eq(id))
        .and_where(Expr::col("customer_id").eq(customer_id))
        .take();
    db.fetch_one(&q).await
}

/// Updates a row beneath a customer (checked to belong to it) and returns it afresh.
pub(crate) async fn update_child<T: crate::FromBoth>(
    db: &mut impl Db,
    table: &'static str,
    customer_id: Uuid,
    id: Uuid,
    expected: Option<i64>,
    values: Values,
) -> Result<T> {
    get_child::<T>(db, table, customer_id, id).await?;
    update_versioned(db, table, id, expected, values).await?;
    get_child(db, table, customer_id, id).await
}

/// Archives a row beneath a customer: it leaves the lists, its history stays.
pub(crate) async fn archive_child<T: crate::FromBoth>(
    db: &mut impl Db,
    table: &'static str,
    customer_id: Uuid,
    id: Uuid,
    expected: Option<i64>,
) -> Result<T> {
    update_child(
        db,
        table,
        customer_id,
        id,
        expected,
        vec![("archived", Expr::val(true))],
    )
    .await
}

/// Rows per statement of [`update_many_by_id`].
const UPDATE_CHUNK: usize = 500;

/// Updates many rows by id, each with its own values: `UPDATE table SET col = v.columnN …
/// FROM (VALUES (id, …), …) AS v WHERE table.id = v.column1`, [`UPDATE_CHUNK`] rows a
/// statement. Each row of `rows` is its id then one value per column of `columns`; `also`
/// is set on every row. A `CASE id WHEN … THEN …` per column would compare each row with
/// every id of the statement.
pub(crate) async fn update_many_by_id(
    db: &mut impl Db,
    table: &'static str,
    columns: &[&'static str],
    rows: Vec<Vec<sea_query::Value>>,
    also: &[(&'static str, Expr)],
) -> Result<()> {
    // VALUES columns are column1, column2, … on SQLite and PostgreSQL alike
    let v = |n: usize| Expr::col(("v", format!("column{n}")));
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let tuples: Vec<sea_query::ValueTuple> = rows
            .by_ref()
            .take(UPDATE_CHUNK)
            .map(sea_query::ValueTuple::Many)
            .collect();
        let mut set: Vec<(&'static str, Expr)> = columns
            .iter()
            .enumerate()
            .map(|(i, c)| (*c, v(i + 2)))
            .collect();
        set.extend(also.iter().cloned());
        let q = Query::update()
            .table(table)
            .values(set)
            .from(sea_query::TableRef::ValuesList(
                tuples,
                sea_query::IntoIden::into_iden("v"),
            ))
            .and_where(Expr::col((table, "id")).equals(("v", "column1")))
            .take();
        db.execute(&q).await?;
    }
    Ok(())
}
