//! The binary as an operator runs it on a fresh machine: `purser migrate` creates the
//! data directory's SQLite database and states its schema version, a second run finds
//! nothing to do, `purser backup` writes a copy that opens at the same version and
//! refuses to overwrite one, and a database address it cannot use is an error that says
//! so, not a silent fallback. (Building this test also builds `target/debug/purser`,
//! which the browser tests start.)

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn purser(args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_purser"));
    cmd.args(args);
    for (k, _) in std::env::vars().filter(|(k, _)| k.starts_with("PURSER_")) {
        cmd.env_remove(k);
    }
    cmd.output().expect("the purser binary runs")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn fresh_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!(
        "purser-cli-{name}-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    assert!(!d.exists());
    d
}

fn version_of(o: &Output) -> i64 {
    let out = String::from_utf8_lossy(&o.stdout);
    out.trim()
        .strip_prefix("schema at version ")
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("unexpected output: {}", text(o)))
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn migrate_sets_up_a_fresh_data_directory_and_backup_copies_it() {
    let data = fresh_dir("data");
    let first = purser(&["migrate", "--data", path(&data)]);
    assert!(first.status.success(), "{}", text(&first));
    let version = version_of(&first);
    assert!(version >= 10, "every migration applied: {version}");
    assert!(
        std::fs::read_dir(&data).unwrap().any(|e| e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .ends_with(".db")),
        "a SQLite file in the data directory"
    );

    let again = purser(&["migrate", "--data", path(&data)]);
    assert!(again.status.success(), "{}", text(&again));
    assert_eq!(version_of(&again), version);

    let copy = fresh_dir("backup");
    let backup = purser(&["backup", "--data", path(&data), "--to", path(&copy)]);
    assert!(backup.status.success(), "{}", text(&backup));
    assert!(copy.exists());
    let twice = purser(&["backup", "--data", path(&data), "--to", path(&copy)]);
    assert!(!twice.status.success());
    assert!(text(&twice).contains("already exists"), "{}", text(&twice));

    let _ = std::fs::remove_dir_all(&data);
    let _ = std::fs::remove_file(&copy);
    let _ = std::fs::remove_dir_all(&copy);
}

#[test]
fn a_database_address_it_cannot_use_is_a_stated_error() {
    let data = fresh_dir("bad-url");
    let out = Command::new(env!("CARGO_BIN_EXE_purser"))
        .args(["migrate", "--data", path(&data)])
        .env("PURSER_DATABASE_URL", "mysql://nobody@127.0.0.1:1/none")
        .output()
        .unwrap();
    assert!(!out.status.success(), "{}", text(&out));
    let said = text(&out).to_lowercase();
    assert!(said.contains("database"), "{said}");
    let _ = std::fs::remove_dir_all(&data);
}
