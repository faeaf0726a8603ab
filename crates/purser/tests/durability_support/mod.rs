//! The binary as the durability tests run it: a fresh database on the backend the run asks
//! for, an admin's API token made with the CLI, and `purser serve` nodes on free ports that
//! a test can SIGKILL.

pub mod smtp_sink;

use purser_store::testing::{TempGuard, fresh_url, wants_postgres};
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// One database the nodes of a test share: a SQLite file in a data directory, or a
/// PostgreSQL schema of its own (named to the binary in the URL's `options`).
pub struct Database {
    /// `PURSER_DATABASE_URL` for PostgreSQL; SQLite lives in `dir`.
    url: Option<String>,
    dir: PathBuf,
    _guard: TempGuard,
}

impl Database {
    pub async fn fresh(name: &str) -> Database {
        let (url, schema, guard) = fresh_url().await.unwrap();
        match schema {
            // libpq's `options`, which sqlx reads too: every connection's search path is
            // the test's schema
            Some(schema) => {
                let sep = if url.contains('?') { '&' } else { '?' };
                let dir = temp_dir(name);
                Database {
                    url: Some(format!("{url}{sep}options=-c%20search_path%3D{schema}")),
                    dir: dir.clone(),
                    // the settings directory goes with the test (the schema stays, as
                    // every PostgreSQL test's does)
                    _guard: TempGuard(Some(dir)),
                }
            }
            None => Database {
                url: None,
                dir: guard.dir().unwrap().to_path_buf(),
                _guard: guard,
            },
        }
    }

    pub fn backend(&self) -> &'static str {
        if self.url.is_some() {
            "PostgreSQL"
        } else {
            "SQLite"
        }
    }

    /// The URL a test's own `Store` opens (PostgreSQL only).
    pub fn url(&self) -> Option<&str> {
        self.url.as_deref()
    }

    /// `purser …` on this database, with no setting from the test's environment.
    fn command(&self, data: &Path, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_purser"));
        cmd.args(args).arg("--data").arg(data);
        for (k, _) in std::env::vars().filter(|(k, _)| k.starts_with("PURSER_")) {
            cmd.env_remove(k);
        }
        if let Some(url) = &self.url {
            cmd.env("PURSER_DATABASE_URL", url);
        }
        cmd.env("PURSER_LOG", "warn");
        cmd
    }

    fn run(&self, args: &[&str], stdin: Option<&str>) -> String {
        let mut child = self
            .command(&self.dir, args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the purser binary runs");
        let mut input = child.stdin.take().unwrap();
        if let Some(s) = stdin {
            input.write_all(s.as_bytes()).unwrap();
        }
        drop(input);
        let out = child.wait_with_output().unwrap();
        let said = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(
            out.status.success(),
            "purser {args:?}: {said}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        said
    }
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!(
        "purser-durability-{name}-{}",
        uuid::Uuid::now_v7().simple()
    ));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// `purser migrate`, an admin added with `purser user add`, and the token `purser token
/// create` prints for them.
pub fn admin_token(db: &Database) -> String {
    db.run(&["migrate"], None);
    db.run(
        &[
            "user",
            "add",
            "--email",
            "admin@line.test",
            "--name",
            "Admin",
            "--role",
            "admin",
            "--password-stdin",
        ],
        Some("durable horse battery staple\n"),
    );
    let out = db.run(
        &[
            "token",
            "create",
            "--user",
            "admin@line.test",
            "--name",
            "durability",
        ],
        None,
    );
    out.lines().last().unwrap().trim().to_string()
}

/// One `purser serve` process; killed (SIGKILL) when dropped, if still running.
pub struct Node {
    child: Child,
    port: u16,
    pub log: PathBuf,
    /// A data directory of the node's own, removed with it.
    own_data: Option<PathBuf>,
}

impl Node {
    /// Serves `db` on a free port, with `settings` (TOML) as its `purser.toml`, and returns
    /// once it answers `/healthz`.
    pub async fn start(db: &Database, settings: Option<&str>) -> Node {
        // on PostgreSQL each node has a data directory (settings) of its own
        let own_data = match (&db.url, settings) {
            (Some(_), Some(_)) => Some(temp_dir("node")),
            _ => None,
        };
        let data = own_data.clone().unwrap_or_else(|| db.dir.clone());
        if let Some(s) = settings {
            std::fs::write(data.join("purser.toml"), s).unwrap();
        }
        let port = free_port();
        let log = data.join(format!("serve-{port}.log"));
        let child = db
            .command(&data, &["serve", "--bind", &format!("127.0.0.1:{port}")])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .expect("purser serve starts");
        let mut node = Node {
            child,
            port,
            log,
            own_data,
        };
        node.wait_ready().await;
        node
    }

    async fn wait_ready(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        let client = reqwest::Client::new();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                panic!("purser serve exited ({status}): {}", self.log_text());
            }
            if let Ok(r) = client.get(self.url("/healthz")).send().await
                && r.status().is_success()
            {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "purser serve did not answer: {}",
                self.log_text()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// SIGKILL: no shutdown hook runs, nothing is flushed, in-flight requests are cut.
    pub fn sigkill(&mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        if let Some(d) = &self.own_data {
            let _ = std::fs::remove_dir_all(d);
        }
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// POSTs `body` as the admin and returns the created record (asserting 201).
pub async fn api(
    client: &reqwest::Client,
    node: &Node,
    token: &str,
    path: &str,
    body: &Value,
) -> Value {
    let r = client
        .post(node.url(path))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .unwrap();
    let status = r.status();
    let got: Value = r.json().await.unwrap_or(Value::Null);
    assert_eq!(status, reqwest::StatusCode::CREATED, "POST {path}: {got}");
    got
}

/// Whether this run is on PostgreSQL (the two-node test needs it).
pub fn on_postgres() -> bool {
    wants_postgres()
}
