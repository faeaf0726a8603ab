//! Forward-only migrations: an ordered list, each applied once in its own transaction and
//! recorded in `schema_migrations`. Written once with the sea-query schema builder; the
//! rare statement only one dialect can say is chosen by backend inside the migration.

use crate::db::{Backend, Db, Store};
use crate::{Result, now_micros, schema};

/// (version, name, statements for a backend). Append only; never edit a released entry.
pub(crate) type Migration = (i64, &'static str, fn(Backend) -> Vec<String>);

pub(crate) const MIGRATIONS: &[Migration] = &[
    (1, "foundation", schema::foundation),
    (
        2,
        "contact_emails_by_customer",
        schema::contact_emails_by_customer,
    ),
    (3, "service_desk", schema::service_desk),
    (4, "mail", schema::mail),
    (5, "desk_indexes", schema::desk_indexes),
    (6, "tracking", crate::schema_tracking::tracking),
    (
        7,
        "tracking_indexes",
        crate::schema_tracking::tracking_indexes,
    ),
    (8, "desk_latency_indexes", schema::desk_latency_indexes),
    (9, "inbox_order_indexes", schema::inbox_order_indexes),
    (10, "customer_terms_sorted", schema::customer_terms_sorted),
    (
        11,
        "presence_and_local_time",
        crate::schema_presence::presence_and_local_time,
    ),
    (12, "agent_loads", crate::schema_loads::agent_loads),
    (13, "knowledge_base", crate::schema_kb::knowledge_base),
    (14, "change_feed", crate::schema_feed::change_feed),
];

impl Store {
    /// Applies every migration not yet recorded; safe to run at every start-up and from
    /// several nodes at once (the version row's primary key lets only one apply each).
    pub async fn migrate(&self) -> Result<Vec<i64>> {
        let mut db = self.clone();
        db.execute_raw(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
        )
        .await?;
        let mut applied = Vec::new();
        for (version, name, statements) in MIGRATIONS {
            let mut tx = self.begin().await?;
            let done = tx
                .scalar_raw(&format!(
                    "SELECT COUNT(*) FROM schema_migrations WHERE version = {version}"
                ))
                .await?;
            if done > 0 {
                continue;
            }
            tracing::info!(version, name, "applying migration");
            for sql in statements(self.backend()) {
                tx.execute_raw(&sql).await?;
            }
            tx.execute_raw(&format!(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES ({version}, '{name}', {})",
                now_micros()
            ))
            .await?;
            tx.commit().await?;
            applied.push(*version);
        }
        Ok(applied)
    }

    /// The highest applied migration.
    pub async fn schema_version(&self) -> Result<i64> {
        self.clone()
            .scalar_raw("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")
            .await
    }
}
