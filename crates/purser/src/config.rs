//! Settings, layered: built-in defaults < `purser.toml` (working directory, then the data
//! directory) < `PURSER_*` environment variables < command-line flags. A secret can come from
//! a file: `PURSER_DATABASE_URL_FILE=/run/secrets/db` reads the URL from that file.

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

#[derive(Clone, Serialize, Deserialize)]
pub struct Config {
    pub bind: String,
    pub data: PathBuf,
    /// `postgres://…` selects PostgreSQL; unset means SQLite at `<data>/purser.db`.
    pub database_url: Option<String>,
    /// This node's search index; unset means `<data>/search`. Each node keeps its own,
    /// so on PostgreSQL with several nodes give each a local path.
    pub search_dir: Option<PathBuf>,
    /// `text` or `json`.
    pub log_format: String,
    /// Mark cookies Secure (behind an HTTPS proxy).
    pub secure_cookies: bool,
    /// Where replies leave (`[smtp]` in purser.toml); unset keeps them queued in the outbox.
    pub smtp: Option<purser_mail::smtp::SmtpSettings>,
    /// Team mailboxes to watch (`[[imap]]` in purser.toml).
    pub imap: Vec<purser_mail::imap::ImapSettings>,
    /// What one client may hold of the server: timeouts, the connection cap, the body size.
    #[serde(flatten)]
    pub limits: purser_web::server::Limits,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            bind: "127.0.0.1:8080".into(),
            data: "purser-data".into(),
            database_url: None,
            search_dir: None,
            log_format: "text".into(),
            secure_cookies: false,
            smtp: None,
            imap: vec![],
            limits: Default::default(),
        }
    }
}

/// Never prints the database password.
impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("bind", &self.bind)
            .field("data", &self.data)
            .field("database_url", &self.database_url.as_deref().map(redact))
            .field("search_dir", &self.search_dir)
            .field("log_format", &self.log_format)
            .field("secure_cookies", &self.secure_cookies)
            .field("smtp", &self.smtp)
            .field("imap", &self.imap)
            .field("limits", &self.limits)
            .finish()
    }
}

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

impl Config {
    pub fn load(data_override: Option<&Path>) -> anyhow::Result<Config> {
        let mut fig =
            Figment::from(Serialized::defaults(Config::default())).merge(Toml::file("purser.toml"));
        let data_dir = data_override
            .map(Path::to_path_buf)
            .or_else(|| std::env::var_os("PURSER_DATA").map(PathBuf::from));
        if let Some(d) = &data_dir {
            fig = fig.merge(Toml::file(d.join("purser.toml")));
        }
        fig = fig.merge(Env::prefixed("PURSER_").filter(|k| !k.as_str().ends_with("_file")));
        // *_FILE variables: the value is read from the named file
        for (key, path) in
            std::env::vars().filter(|(k, _)| k.starts_with("PURSER_") && k.ends_with("_FILE"))
        {
            let name = key
                .trim_start_matches("PURSER_")
                .trim_end_matches("_FILE")
                .to_lowercase();
            let value = std::fs::read_to_string(&path)
                .map_err(|e| anyhow::anyhow!("{key}: cannot read {path}: {e}"))?;
            fig = fig.merge(Serialized::default(&name, value.trim().to_string()));
        }
        let mut cfg: Config = fig.extract()?;
        if let Some(d) = data_override {
            cfg.data = d.to_path_buf();
        }
        Ok(cfg)
    }

    pub fn search_dir(&self) -> PathBuf {
        self.search_dir
            .clone()
            .unwrap_or_else(|| self.data.join("search"))
    }

    pub fn database_url(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| format!("sqlite://{}", self.data.join("purser.db").display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            redact("postgres://app:s3cret@db:5432/purser"),
            "postgres://app:***@db:5432/purser"
        );
        assert_eq!(
            redact("postgres://app@db/purser"),
            "postgres://app@db/purser"
        );
        let c = Config {
            database_url: Some("postgres://a:pw@h/d".into()),
            ..Default::default()
        };
        assert!(!format!("{c:?}").contains("pw@"));
    }
}
