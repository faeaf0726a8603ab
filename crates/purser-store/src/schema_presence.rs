//! Migration for presence, local time and collisions (issue 14, items 4, 5 and 9): a time
//! zone per user and per team (times are shown in the viewer's zone), and the short-lived
//! marks of who has a case open and who is replying on it.

use crate::db::Backend;
use crate::schema::{Out, alter, fk, int, text, text_null, uuid};
use sea_query::{ForeignKeyAction, Index, Table};

pub(crate) fn presence_and_local_time(backend: Backend) -> Vec<String> {
    let mut o = Out {
        backend,
        sql: Vec::new(),
    };
    // NULL: no setting of one's own; the team's zone, then UTC, applies
    for table in ["users", "teams"] {
        o.sql.push(alter(
            backend,
            &Table::alter()
                .table(table)
                .add_column(text_null("time_zone"))
                .take(),
        ));
    }
    // one row per person with the case open, renewed by a heartbeat; stale rows mean
    // nothing (readers filter by seen_at) and are overwritten by the next beat
    o.table(
        &Table::create()
            .table("case_presence")
            .col(uuid("case_id"))
            .col(uuid("user_id"))
            .col(text("mode"))
            .col(int("since"))
            .col(int("seen_at"))
            .primary_key(Index::create().col("case_id").col("user_id"))
            .foreign_key(&mut fk(
                "case_presence",
                "case_id",
                "cases",
                ForeignKeyAction::Cascade,
            ))
            .foreign_key(&mut fk(
                "case_presence",
                "user_id",
                "users",
                ForeignKeyAction::Cascade,
            ))
            .take(),
    );
    o.sql
}
