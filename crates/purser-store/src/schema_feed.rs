//! Migration for the change feed (issue 15, item 5): one row per change, written in the
//! change's own transaction, read by each consumer (each node's search index, later the
//! dashboards and webhooks) from its own cursor.

use crate::db::Backend;
use crate::schema::{Out, int, text, uuid};
use sea_query::{ColumnDef, Table};

pub(crate) fn change_feed(backend: Backend) -> Vec<String> {
    let mut o = Out {
        backend,
        sql: Vec::new(),
    };
    // SQLite: INTEGER PRIMARY KEY AUTOINCREMENT (never reuses a number after a delete);
    // PostgreSQL: a bigserial. Both only ever grow.
    let seq = match backend {
        Backend::Sqlite => ColumnDef::new("seq")
            .integer()
            .not_null()
            .primary_key()
            .auto_increment()
            .take(),
        Backend::Postgres => ColumnDef::new("seq")
            .big_integer()
            .not_null()
            .primary_key()
            .auto_increment()
            .take(),
    };
    o.table(
        &Table::create()
            .table("change_feed")
            .col(seq)
            .col(text("kind"))
            .col(uuid("record_id"))
            .col(text("op"))
            .col(int("at"))
            .take(),
    );
    o.sql
}
