//! Mail in from a live mailbox. Log in, take every unseen message oldest first, hand its
//! raw bytes to the caller, and mark it `\Seen` only after the caller returned `Ok` — so a
//! crash, a dropped connection or a database that is down loses nothing: the message is
//! simply taken again next time (and the intake drops what it already holds). Then wait:
//! `IDLE` where the server offers it, a poll otherwise; on any error, reconnect with
//! back-off. Plain IMAP is allowed only to this machine (tests); real mailboxes use TLS.

use crate::{Tls, is_loopback, stopped};
use async_imap::types::{Fetch, UnsolicitedResponse};
use futures_util::TryStreamExt;
use serde::{Deserialize, Serialize};
use std::fmt::{Debug, Display};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use thiserror::Error;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use tokio::sync::watch;
use tokio_rustls::TlsConnector;
use tokio_rustls::rustls::pki_types::{CertificateDer, ServerName, pem::PemObject};
use tokio_rustls::rustls::{self, ClientConfig, RootCertStore};

/// One mailbox to watch.
#[derive(Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct ImapSettings {
    pub host: String,
    pub port: u16,
    pub tls: Tls,
    pub username: String,
    pub password: String,
    /// The team address this mailbox receives for: what the intake is told the message
    /// arrived at.
    pub mailbox_address: String,
    /// The folder watched.
    pub folder: String,
    /// Seconds between looks when the server has no IDLE; with IDLE, how long one IDLE
    /// lasts before a fresh look (a safety net, not the way mail is noticed).
    pub poll_secs: u64,
    /// A PEM file of further roots to trust (a company CA); the public roots always are.
    pub ca_file: Option<PathBuf>,
}

impl Default for ImapSettings {
    fn default() -> Self {
        ImapSettings {
            host: String::new(),
            port: 993,
            tls: Tls::Tls,
            username: String::new(),
            password: String::new(),
            mailbox_address: String::new(),
            folder: "INBOX".into(),
            poll_secs: 60,
            ca_file: None,
        }
    }
}

/// Never prints the password.
impl Debug for ImapSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImapSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("tls", &self.tls)
            .field("username", &self.username)
            .field("password", &"***")
            .field("mailbox_address", &self.mailbox_address)
            .field("folder", &self.folder)
            .field("poll_secs", &self.poll_secs)
            .field("ca_file", &self.ca_file)
            .finish()
    }
}

impl ImapSettings {
    /// Settings that can never work are told at once, not retried forever.
    pub fn check(&self) -> Result<(), ImapError> {
        let bad = |m: String| Err(ImapError::Settings(m));
        if self.host.is_empty() || self.username.is_empty() {
            return bad("host and username are required".into());
        }
        if self.tls == Tls::None && !is_loopback(&self.host) {
            return bad(format!(
                "IMAP without TLS is allowed only to this machine, not {}; use tls or starttls",
                self.host
            ));
        }
        Ok(())
    }

    fn poll(&self) -> Duration {
        Duration::from_secs(self.poll_secs.clamp(1, 25 * 60))
    }
}

#[derive(Debug, Error)]
pub enum ImapError {
    #[error("IMAP settings: {0}")]
    Settings(String),
    #[error("IMAP: {0}")]
    Protocol(#[from] async_imap::error::Error),
    #[error("IMAP connection: {0}")]
    Io(#[from] std::io::Error),
    #[error("the IMAP server stopped answering")]
    Timeout,
    /// Some messages were not taken by the handler; they stay unseen for the next look.
    #[error("{0} message(s) could not be handled and stay unseen")]
    Handler(usize),
}

/// What one look at the unseen messages did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Pass {
    /// Handed over and marked seen.
    pub handled: usize,
    /// The handler failed; left unseen.
    pub failed: usize,
}

/// A byte stream an IMAP session runs over: plain TCP or TLS.
trait Io: AsyncRead + AsyncWrite + Unpin + Send + Debug {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send + Debug> Io for T {}
type Session = async_imap::Session<Box<dyn Io>>;

const CONNECT_TIMEOUT: Duration = Duration::from_secs(30);
/// Longest one command may take (a FETCH of a large message on a slow link included);
/// a server that stops answering is then reconnected to.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(300);
const MAX_BACKOFF: Duration = Duration::from_secs(300);

fn tls_connector(ca_file: Option<&Path>) -> Result<TlsConnector, ImapError> {
    let mut roots = RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    if let Some(path) = ca_file {
        let unreadable =
            |e: &dyn Display| ImapError::Settings(format!("ca_file {}: {e}", path.display()));
        let pem = std::fs::read(path).map_err(|e| unreadable(&e))?;
        for cert in CertificateDer::pem_slice_iter(&pem) {
            roots
                .add(cert.map_err(|e| unreadable(&e))?)
                .map_err(|e| unreadable(&e))?;
        }
    }
    let config =
        ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .map_err(|e| ImapError::Settings(e.to_string()))?
            .with_root_certificates(roots)
            .with_no_client_auth();
    Ok(TlsConnector::from(Arc::new(config)))
}

async fn wrap_tls(stream: Box<dyn Io>, s: &ImapSettings) -> Result<Box<dyn Io>, ImapError> {
    let name = ServerName::try_from(s.host.clone())
        .map_err(|e| ImapError::Settings(format!("{}: {e}", s.host)))?;
    let connector = tls_connector(s.ca_file.as_deref())?;
    Ok(Box::new(connector.connect(name, stream).await?))
}

async fn greeted(stream: Box<dyn Io>) -> Result<async_imap::Client<Box<dyn Io>>, ImapError> {
    let mut client = async_imap::Client::new(stream);
    client
        .read_response()
        .await?
        .ok_or(async_imap::error::Error::ConnectionLost)?;
    Ok(client)
}

/// Connects, logs in and selects the folder; says whether the server offers IDLE.
async fn connect(s: &ImapSettings) -> Result<(Session, bool), ImapError> {
    s.check()?;
    let open = async {
        let tcp: Box<dyn Io> = Box::new(TcpStream::connect((s.host.as_str(), s.port)).await?);
        let client = match s.tls {
            Tls::None => greeted(tcp).await?,
            Tls::Tls => greeted(wrap_tls(tcp, s).await?).await?,
            Tls::StartTls => {
                let mut plain = greeted(tcp).await?;
                plain.run_command_and_check_ok("STARTTLS", None).await?;
                let tls = wrap_tls(plain.into_inner(), s).await?;
                async_imap::Client::new(tls)
            }
        };
        let mut session = client
            .login(&s.username, &s.password)
            .await
            .map_err(|(e, _)| e)?;
        let idle = session.capabilities().await?.has_str("IDLE");
        session.select(&s.folder).await?;
        Ok::<_, ImapError>((session, idle))
    };
    tokio::time::timeout(CONNECT_TIMEOUT, open)
        .await
        .map_err(|_| ImapError::Timeout)?
}

/// One command, or a timeout if the server stopped answering.
async fn within<T>(command: impl Future<Output = T>) -> Result<T, ImapError> {
    tokio::time::timeout(COMMAND_TIMEOUT, command)
        .await
        .map_err(|_| ImapError::Timeout)
}

/// Whether the server told of new messages since the last look (the channel of responses
/// nobody asked for: EXISTS and RECENT arrive there during other commands).
fn news(session: &Session) -> bool {
    let mut any = false;
    while let Ok(r) = session.unsolicited_responses.try_recv() {
        any |= matches!(
            r,
            UnsolicitedResponse::Exists(_) | UnsolicitedResponse::Recent(_)
        );
    }
    any
}

/// Hands every unseen message to `handler`, oldest first; marks each seen once handled.
async fn pass<F, Fut, E>(session: &mut Session, handler: &mut F) -> Result<Pass, ImapError>
where
    F: FnMut(Vec<u8>) -> Fut,
    Fut: Future<Output = Result<(), E>>,
    E: Display,
{
    news(session);
    let search = session.uid_search("UNSEEN");
    let mut uids: Vec<u32> = within(search).await??.into_iter().collect();
    uids.sort_unstable();
    let mut done = Pass::default();
    for uid in uids {
        // PEEK: fetching must not mark it seen; only a handled message is
        let fetch = async {
            let stream = session
                .uid_fetch(uid.to_string(), "(UID BODY.PEEK[])")
                .await?;
            stream.try_collect::<Vec<Fetch>>().await
        };
        let fetched = within(fetch).await??;
        let Some(raw) = fetched
            .iter()
            .find(|f| f.uid == Some(uid))
            .and_then(|f| f.body())
            .map(<[u8]>::to_vec)
        else {
            continue; // expunged meanwhile
        };
        match handler(raw).await {
            Ok(()) => {
                let seen = async {
                    let stream = session
                        .uid_store(uid.to_string(), "+FLAGS.SILENT (\\Seen)")
                        .await?;
                    stream.try_collect::<Vec<Fetch>>().await
                };
                within(seen).await??;
                done.handled += 1;
            }
            Err(e) => {
                tracing::warn!(uid, error = %e, "message left unseen for the next look");
                done.failed += 1;
            }
        }
    }
    Ok(done)
}

/// Waits in IDLE until the mailbox changes, `poll` passes, or stop; true on stop.
async fn idle(
    session: Session,
    poll: Duration,
    shutdown: &mut watch::Receiver<bool>,
) -> Result<(Session, bool), ImapError> {
    let mut handle = session.idle();
    handle.init().await?;
    let stop = {
        let (wait, _interrupt) = handle.wait_with_timeout(poll);
        tokio::select! {
            r = wait => { r?; false }
            _ = stopped(shutdown) => true,
        }
    };
    Ok((handle.done().await?, stop))
}

/// One session: looks, waits, looks again until stopped (Ok) or something breaks (Err).
async fn session_loop<F, Fut, E>(
    s: &ImapSettings,
    handler: &mut F,
    shutdown: &mut watch::Receiver<bool>,
    failures: &mut u32,
) -> Result<(), ImapError>
where
    F: FnMut(Vec<u8>) -> Fut,
    Fut: Future<Output = Result<(), E>>,
    E: Display,
{
    let (mut session, can_idle) = tokio::select! {
        c = connect(s) => c?,
        _ = stopped(shutdown) => return Ok(()),
    };
    tracing::info!(host = %s.host, folder = %s.folder, idle = can_idle, "watching mailbox");
    loop {
        let done = pass(&mut session, handler).await?;
        if done.failed > 0 {
            let _ = session.logout().await;
            return Err(ImapError::Handler(done.failed));
        }
        *failures = 0;
        if news(&session) {
            continue; // arrived while we were busy: IDLE would not tell again
        }
        let stop = if can_idle {
            let (back, stop) = idle(session, s.poll(), shutdown).await?;
            session = back;
            stop
        } else {
            tokio::select! {
                _ = tokio::time::sleep(s.poll()) => false,
                _ = stopped(shutdown) => true,
            }
        };
        if stop {
            let _ = session.logout().await;
            return Ok(());
        }
    }
}

/// Watches one mailbox until `shutdown` turns true (or its sender is dropped), handing
/// each new message's raw bytes to `handler` and marking it seen only when the handler
/// returned `Ok`. Connection and handler errors are logged and retried with back-off
/// (1 s doubling to 5 min); only settings that can never work end it with an error.
pub async fn watch<F, Fut, E>(
    settings: &ImapSettings,
    mut handler: F,
    mut shutdown: watch::Receiver<bool>,
) -> Result<(), ImapError>
where
    F: FnMut(Vec<u8>) -> Fut,
    Fut: Future<Output = Result<(), E>>,
    E: Display,
{
    settings.check()?;
    let mut failures: u32 = 0;
    loop {
        match session_loop(settings, &mut handler, &mut shutdown, &mut failures).await {
            Ok(()) => return Ok(()),
            Err(e @ ImapError::Settings(_)) => return Err(e),
            Err(e) => {
                failures += 1;
                let wait =
                    Duration::from_secs(1 << failures.min(9).saturating_sub(1)).min(MAX_BACKOFF);
                tracing::warn!(host = %settings.host, error = %e, retry_in = ?wait, "mailbox watch interrupted");
                tokio::select! {
                    _ = tokio::time::sleep(wait) => {}
                    _ = stopped(&mut shutdown) => return Ok(()),
                }
            }
        }
    }
}

/// One look without waiting: connect, hand over every unseen message, log out.
pub async fn fetch_unseen<F, Fut, E>(
    settings: &ImapSettings,
    mut handler: F,
) -> Result<Pass, ImapError>
where
    F: FnMut(Vec<u8>) -> Fut,
    Fut: Future<Output = Result<(), E>>,
    E: Display,
{
    let (mut session, _) = connect(settings).await?;
    let done = pass(&mut session, &mut handler).await?;
    let _ = session.logout().await;
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_imap_is_only_for_this_machine() {
        let s = ImapSettings {
            host: "imap.line.test".into(),
            tls: Tls::None,
            username: "desk".into(),
            password: "s3cret".into(),
            ..Default::default()
        };
        assert!(matches!(s.check(), Err(ImapError::Settings(_))));
        assert!(!format!("{s:?}").contains("s3cret"));
        for host in ["127.0.0.1", "localhost", "::1", "[::1]"] {
            let local = ImapSettings {
                host: host.into(),
                ..s.clone()
            };
            assert!(local.check().is_ok(), "{host}");
        }
    }
}
