//! Fresh, isolated databases for tests on the backend the run asks for.
//!
//! `PURSER_TEST_BACKEND=postgres` runs the suite on PostgreSQL
//! (`PURSER_TEST_DATABASE_URL`, default `postgres://postgres@127.0.0.1:5432/test`), each
//! store in a schema of its own so runs never collide; otherwise each store is a new
//! SQLite file. When `CI` is set, a PostgreSQL run that cannot connect fails.

use crate::{Result, Store};
use std::path::PathBuf;

pub const DEFAULT_PG: &str = "postgres://postgres@127.0.0.1:5432/test";

/// Forgets the kept agent loads and counts them again as migration 12 did (a test that
/// the migration's count agrees with what the triggers keep).
pub async fn recount_agent_loads(store: &Store) -> Result<()> {
    use crate::Db;
    let mut tx = store.begin().await?;
    tx.execute_raw("DELETE FROM agent_loads").await?;
    tx.execute_raw(crate::schema_loads::COUNT_LOADS).await?;
    tx.commit().await
}

pub fn wants_postgres() -> bool {
    std::env::var("PURSER_TEST_BACKEND").is_ok_and(|b| b == "postgres")
}

/// A migrated store on a fresh database; the returned guard keeps its files alive.
pub async fn fresh_store() -> Result<(Store, TempGuard)> {
    let (url, schema, guard) = fresh_url().await?;
    let store = Store::connect(&url, schema.as_deref()).await?;
    store.migrate().await?;
    Ok((store, guard))
}

/// A database URL (and PostgreSQL schema) nobody else uses, for a test server to open.
pub async fn fresh_url() -> Result<(String, Option<String>, TempGuard)> {
    if wants_postgres() {
        let url = std::env::var("PURSER_TEST_DATABASE_URL").unwrap_or_else(|_| DEFAULT_PG.into());
        let schema = format!("t_{}", uuid::Uuid::now_v7().simple());
        let admin = Store::connect(&url, None).await;
        let admin = match admin {
            Ok(a) => a,
            Err(e) => panic!("PostgreSQL at {url} did not answer: {e}"),
        };
        use crate::Db;
        admin
            .clone()
            .execute_raw(&format!("CREATE SCHEMA {schema}"))
            .await?;
        admin.close().await;
        Ok((url, Some(schema), TempGuard(None)))
    } else {
        let dir =
            std::env::temp_dir().join(format!("purser-test-{}", uuid::Uuid::now_v7().simple()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let url = format!("sqlite://{}", dir.join("purser.db").display());
        Ok((url, None, TempGuard(Some(dir))))
    }
}

/// Removes a test's SQLite directory when dropped.
pub struct TempGuard(pub Option<PathBuf>);

impl TempGuard {
    pub fn dir(&self) -> Option<&std::path::Path> {
        self.0.as_deref()
    }
}

impl Drop for TempGuard {
    fn drop(&mut self) {
        if let Some(d) = &self.0 {
            let _ = std::fs::remove_dir_all(d);
        }
    }
}
