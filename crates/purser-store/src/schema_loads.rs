//! Migration for the agents' live load (issue 14, speed of the write path): every routing
//! decision weighs each candidate's active cases. Counted from `cases` it read up to
//! `MAX_CAPACITY` index entries per candidate (2.7 ms of a 4 ms case creation on a desk of
//! 50,000 open cases); kept by the database beside the cases it is one row per agent.
//!
//! Triggers keep it, so no write path (assignment, closing, merging, bulk edits, imports,
//! a hand-typed UPDATE) can forget it; the migration counts what is there first.

use crate::db::Backend;
use crate::schema::{Out, int, uuid};
use sea_query::{Index, Table};

pub(crate) fn agent_loads(backend: Backend) -> Vec<String> {
    let mut o = Out {
        backend,
        sql: Vec::new(),
    };
    o.table(
        &Table::create()
            .table("agent_loads")
            .col(uuid("user_id"))
            .col(int("open_cases"))
            .primary_key(Index::create().col("user_id"))
            .take(),
    );
    o.sql
        .extend(triggers(backend).iter().map(|s| s.to_string()));
    o.sql.push(COUNT_LOADS.into());
    o.sql
}

/// Counts every agent's active cases into an empty `agent_loads`.
pub(crate) const COUNT_LOADS: &str = "INSERT INTO agent_loads (user_id, open_cases) \
     SELECT assignee_id, COUNT(*) FROM cases \
     WHERE active = TRUE AND assignee_id IS NOT NULL GROUP BY assignee_id";

fn triggers(backend: Backend) -> &'static [&'static str] {
    match backend {
        Backend::Sqlite => &[
            "CREATE TRIGGER cases_load_insert AFTER INSERT ON cases \
             WHEN NEW.active AND NEW.assignee_id IS NOT NULL BEGIN \
             INSERT INTO agent_loads (user_id, open_cases) VALUES (NEW.assignee_id, 1) \
             ON CONFLICT (user_id) DO UPDATE SET open_cases = open_cases + 1; END",
            "CREATE TRIGGER cases_load_update AFTER UPDATE OF assignee_id, active ON cases \
             WHEN OLD.assignee_id IS NOT NEW.assignee_id OR OLD.active IS NOT NEW.active BEGIN \
             UPDATE agent_loads SET open_cases = open_cases - 1 \
             WHERE OLD.active AND user_id = OLD.assignee_id; \
             INSERT INTO agent_loads (user_id, open_cases) SELECT NEW.assignee_id, 1 \
             WHERE NEW.active AND NEW.assignee_id IS NOT NULL \
             ON CONFLICT (user_id) DO UPDATE SET open_cases = open_cases + 1; END",
            "CREATE TRIGGER cases_load_delete AFTER DELETE ON cases \
             WHEN OLD.active AND OLD.assignee_id IS NOT NULL BEGIN \
             UPDATE agent_loads SET open_cases = open_cases - 1 \
             WHERE user_id = OLD.assignee_id; END",
        ],
        Backend::Postgres => &[
            "CREATE FUNCTION cases_agent_load() RETURNS trigger LANGUAGE plpgsql AS $$ \
             BEGIN \
               IF TG_OP = 'UPDATE' AND OLD.assignee_id IS NOT DISTINCT FROM NEW.assignee_id \
                  AND OLD.active = NEW.active THEN RETURN NULL; END IF; \
               IF TG_OP <> 'INSERT' AND OLD.active AND OLD.assignee_id IS NOT NULL THEN \
                 UPDATE agent_loads SET open_cases = open_cases - 1 \
                 WHERE user_id = OLD.assignee_id; \
               END IF; \
               IF TG_OP <> 'DELETE' AND NEW.active AND NEW.assignee_id IS NOT NULL THEN \
                 INSERT INTO agent_loads (user_id, open_cases) VALUES (NEW.assignee_id, 1) \
                 ON CONFLICT (user_id) DO UPDATE SET open_cases = agent_loads.open_cases + 1; \
               END IF; \
               RETURN NULL; \
             END $$",
            "CREATE TRIGGER cases_agent_load \
             AFTER INSERT OR DELETE OR UPDATE OF assignee_id, active ON cases \
             FOR EACH ROW EXECUTE FUNCTION cases_agent_load()",
        ],
    }
}
