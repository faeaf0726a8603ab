//! The e-mail channel over real protocols on loopback: a Dovecot the test starts itself for
//! IMAP in, and a small SMTP server (real SMTP over TCP) for mail out. On SQLite, or
//! PostgreSQL with `PURSER_TEST_BACKEND=postgres`.
//!
//! Needs Debian's Dovecot: `apt-get install -y dovecot-imapd`. Each test runs its own
//! `dovecot -F` with a generated configuration in a temporary directory (plain IMAP on
//! 127.0.0.1 and a free port, users from a passwd-file, Maildir) and stops it after.

use async_imap::Session;
use futures_util::TryStreamExt;
use purser_app::cases::conversation::{self, AttachmentInput, ReplyInput};
use purser_app::cases::setup::create_team;
use purser_app::mail::ingest;
use purser_app::mail_in::{ImapSettings, run_mailbox};
use purser_app::mail_out::{DeliveryReport, deliver_due, message_id_of, run};
use purser_app::{Ctx, book};
use purser_domain::book::{ContactInput, CustomerInput};
use purser_domain::roles::{CustomerScope, Role};
use purser_mail::Tls;
use purser_mail::smtp::SmtpSettings;
use purser_store::testing::{TempGuard, fresh_store};
use purser_store::{Store, case_messages, mail, notifications, now_micros, outbox, users};
use serde_json::json;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use uuid::Uuid;

const SEC: i64 = 1_000_000;

struct World {
    store: Store,
    _g: TempGuard,
    supervisor: Uuid,
}

async fn world() -> World {
    let (store, g) = fresh_store().await.unwrap();
    let ctx = Ctx::system("test");
    let team: purser_store::teams::TeamInput =
        serde_json::from_value(json!({"name": "Trans-Pacific", "email": "tpac@line.test"}))
            .unwrap();
    create_team(&store, &ctx, team).await.unwrap();
    let input: CustomerInput =
        serde_json::from_value(json!({"legal_name": "Formosa Plastics"})).unwrap();
    let customer = book::create_customer(&store, &ctx, input).await.unwrap().id;
    let contact: ContactInput = serde_json::from_value(
        json!({"name": "陳偉", "emails": ["wei@formosa.tw"], "language": "zh-TW"}),
    )
    .unwrap();
    let mut tx = store.begin().await.unwrap();
    purser_store::contacts::insert(&mut tx, purser_store::new_id(), customer, &contact)
        .await
        .unwrap();
    let supervisor = users::insert(
        &mut tx,
        &users::NewUser {
            email: "lead@line.test",
            name: "Lead",
            role: Role::Supervisor,
            department_id: None,
            customer_id: None,
            language: purser_domain::customers::Language::En,
            password_hash: "x",
        },
    )
    .await
    .unwrap()
    .id;
    tx.commit().await.unwrap();
    World {
        store,
        _g: g,
        supervisor,
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn id_of(arg: &str) -> String {
    let out = Command::new("id").arg(arg).output().unwrap();
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// A test CA and a server certificate it signed for 127.0.0.1, made with openssl (which
/// Dovecot's package brings).
struct Certs {
    dir: PathBuf,
    ca: PathBuf,
    cert: PathBuf,
    key: PathBuf,
}

impl Certs {
    fn make() -> Certs {
        let dir = std::env::temp_dir().join(format!("purser-certs-{}", Uuid::now_v7().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("ext"),
            "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n\
             extendedKeyUsage=serverAuth\n",
        )
        .unwrap();
        let ec = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
        for args in [
            format!(
                "req -x509 {ec} -keyout ca.key -out ca.pem -days 2 -subj /CN=purser-test-ca \
                 -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign"
            ),
            format!("req {ec} -keyout server.key -out server.csr -subj /CN=localhost"),
            "x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem \
             -days 2 -extfile ext"
                .into(),
        ] {
            let out = Command::new("openssl")
                .args(args.split_whitespace())
                .current_dir(&dir)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "openssl: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        Certs {
            ca: dir.join("ca.pem"),
            cert: dir.join("server.pem"),
            key: dir.join("server.key"),
            dir,
        }
    }
}

impl Drop for Certs {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A Dovecot of the test's own: one user `desk`/`secret`, IMAP on loopback — plain, or
/// with STARTTLS and IMAPS when given certificates.
struct Dovecot {
    dir: PathBuf,
    port: u16,
    imaps_port: u16,
    child: Child,
}

impl Dovecot {
    fn start() -> Dovecot {
        Dovecot::start_with(None)
    }

    fn start_with(certs: Option<&Certs>) -> Dovecot {
        let bin = "/usr/sbin/dovecot";
        assert!(
            std::path::Path::new(bin).exists(),
            "these tests need Dovecot: apt-get install -y dovecot-imapd"
        );
        // short: Dovecot's unix sockets live under it
        let dir = PathBuf::from(format!("/tmp/pdc-{}", Uuid::now_v7().simple()));
        for d in ["run", "state", "mail", "home"] {
            std::fs::create_dir_all(dir.join(d)).unwrap();
        }
        let root = id_of("-u") == "0";
        // Dovecot never gives mail access to root: as root, the mailbox belongs to nobody
        let (uid, gid) = if root {
            for d in ["mail", "home"] {
                std::os::unix::fs::chown(dir.join(d), Some(65534), Some(65534)).unwrap();
            }
            ("65534".to_string(), "65534".to_string())
        } else {
            (id_of("-u"), id_of("-g"))
        };
        let d = dir.display();
        std::fs::write(
            dir.join("passwd"),
            format!("desk:{{PLAIN}}secret:{uid}:{gid}::{d}/home/desk::\n"),
        )
        .unwrap();
        let port = free_port();
        let unprivileged = if root {
            String::new()
        } else {
            let (user, group) = (id_of("-un"), id_of("-gn"));
            format!(
                "default_internal_user = {user}\ndefault_login_user = {user}\n\
                 default_internal_group = {group}\n\
                 service anvil {{\n  chroot =\n}}\nservice imap-login {{\n  chroot =\n}}\n"
            )
        };
        let imaps_port = if certs.is_some() { free_port() } else { 0 };
        let ssl = match certs {
            Some(c) => format!(
                "ssl = yes\nssl_cert = <{}\nssl_key = <{}\n",
                c.cert.display(),
                c.key.display()
            ),
            None => "ssl = no\n".into(),
        };
        let conf = format!(
            "base_dir = {d}/run\nstate_dir = {d}/state\ninstance_name = purser-{port}\n\
             protocols = imap\nlisten = 127.0.0.1\n{ssl}disable_plaintext_auth = no\n\
             auth_mechanisms = plain login\nlog_path = {d}/dovecot.log\n\
             mail_location = maildir:{d}/mail/%u\nfirst_valid_uid = 1\n\
             mailbox_idle_check_interval = 1 secs\n{unprivileged}\
             passdb {{\n  driver = passwd-file\n  args = scheme=PLAIN {d}/passwd\n}}\n\
             userdb {{\n  driver = passwd-file\n  args = {d}/passwd\n}}\n\
             service imap-login {{\n  inet_listener imap {{\n    address = 127.0.0.1\n    \
             port = {port}\n  }}\n  inet_listener imaps {{\n    address = 127.0.0.1\n    \
             port = {imaps_port}\n  }}\n}}\n"
        );
        std::fs::write(dir.join("dovecot.conf"), conf).unwrap();
        let child = Command::new(bin)
            .arg("-F")
            .arg("-c")
            .arg(dir.join("dovecot.conf"))
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(dir.join("stderr.log")).unwrap())
            .spawn()
            .unwrap();
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(15),
                "Dovecot did not start: {}",
                std::fs::read_to_string(dir.join("stderr.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Dovecot {
            dir,
            port,
            imaps_port,
            child,
        }
    }

    fn settings(&self) -> ImapSettings {
        ImapSettings {
            host: "127.0.0.1".into(),
            port: self.port,
            tls: Tls::None,
            username: "desk".into(),
            password: "secret".into(),
            mailbox_address: "tpac@line.test".into(),
            folder: "INBOX".into(),
            poll_secs: 30,
            ca_file: None,
        }
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("dovecot.log")).unwrap_or_default()
    }

    /// A client of the test's own, as another mail program would be.
    async fn client(&self) -> Session<TcpStream> {
        let tcp = TcpStream::connect(("127.0.0.1", self.port)).await.unwrap();
        let mut c = async_imap::Client::new(tcp);
        c.read_response().await.unwrap().unwrap();
        let mut s = c.login("desk", "secret").await.map_err(|(e, _)| e).unwrap();
        s.select("INBOX").await.unwrap();
        s
    }

    async fn deliver(&self, raw: &[u8]) {
        let mut s = self.client().await;
        s.append("INBOX", None, None, raw).await.unwrap();
        s.logout().await.unwrap();
    }

    async fn unseen(&self) -> usize {
        let mut s = self.client().await;
        let n = s.uid_search("UNSEEN").await.unwrap().len();
        s.logout().await.unwrap();
        n
    }

    /// As if the poller had died after ingesting but before marking seen.
    async fn mark_all_unseen(&self) {
        let mut s = self.client().await;
        let _: Vec<_> = s
            .store("1:*", "-FLAGS.SILENT (\\Seen)")
            .await
            .unwrap()
            .try_collect()
            .await
            .unwrap();
        s.logout().await.unwrap();
    }
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        // SIGTERM to the master, which ends its children (doveadm does the same but
        // waits seconds); killed outright if it does not go within five seconds
        let term = Command::new("kill")
            .arg(self.child.id().to_string())
            .status();
        if !term.is_ok_and(|s| s.success()) {
            let _ = Command::new("doveadm")
                .arg("-c")
                .arg(self.dir.join("dovecot.conf"))
                .arg("stop")
                .stderr(Stdio::null())
                .status();
        }
        let deadline = Instant::now() + Duration::from_secs(5);
        while self.child.try_wait().ok().flatten().is_none() {
            if Instant::now() > deadline {
                let _ = self.child.kill();
                let _ = self.child.wait();
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn mail(from: &str, id: &str, subject: &str, headers: &str, body: &[u8]) -> Vec<u8> {
    let mut m = format!(
        "From: {from}\r\nTo: tpac@line.test\r\nSubject: {subject}\r\nMessage-ID: <{id}>\r\n\
         Date: Mon, 2 Nov 2026 09:00:00 +0800\r\nMIME-Version: 1.0\r\n{headers}\r\n"
    )
    .into_bytes();
    m.extend_from_slice(body);
    m.extend_from_slice(b"\r\n");
    m
}

/// A message in a legacy Chinese charset: subject RFC 2047, body 8-bit.
fn encoded(id: &str, enc: &'static encoding_rs::Encoding, subject: &str, body: &str) -> Vec<u8> {
    use base64::Engine;
    let name = enc.name();
    let s = base64::engine::general_purpose::STANDARD.encode(enc.encode(subject).0);
    mail(
        "wei@formosa.tw",
        id,
        &format!("=?{name}?B?{s}?="),
        &format!("Content-Type: text/plain; charset={name}\r\nContent-Transfer-Encoding: 8bit\r\n"),
        &enc.encode(body).0,
    )
}

async fn stop(tx: watch::Sender<bool>, task: tokio::task::JoinHandle<purser_app::Result<()>>) {
    tx.send(true).unwrap();
    tokio::time::timeout(Duration::from_secs(10), task)
        .await
        .expect("the poller stops when told")
        .unwrap()
        .unwrap();
}

fn poller(
    w: &World,
    d: &Dovecot,
) -> (
    watch::Sender<bool>,
    tokio::task::JoinHandle<purser_app::Result<()>>,
) {
    let (tx, rx) = watch::channel(false);
    (
        tx,
        tokio::spawn(run_mailbox(w.store.clone(), d.settings(), rx)),
    )
}

/// The raw message with this Message-ID once the intake has finished with it.
async fn landed(store: &Store, message_id: &str, within: Duration) -> mail::RawMail {
    let started = Instant::now();
    loop {
        for state in ["ingested", "failed", "duplicate", "ignored"] {
            let rows = mail::by_state(&mut store.clone(), state, 1000)
                .await
                .unwrap();
            if let Some(r) = rows
                .into_iter()
                .find(|r| r.message_id.as_deref() == Some(message_id))
            {
                return r;
            }
        }
        assert!(started.elapsed() < within, "{message_id} never landed");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn all_raw(store: &Store) -> Vec<mail::RawMail> {
    let mut all = Vec::new();
    for state in ["ingested", "failed", "duplicate", "ignored", "pending"] {
        all.extend(
            mail::by_state(&mut store.clone(), state, 1000)
                .await
                .unwrap(),
        );
    }
    all
}

async fn body_of(store: &Store, r: &mail::RawMail) -> String {
    case_messages::get(&mut store.clone(), r.case_message_id.unwrap())
        .await
        .unwrap()
        .body
}

#[tokio::test]
async fn mail_in_every_charset_lands_once_from_a_live_mailbox_and_broken_mail_is_kept_and_flagged()
{
    let w = world().await;
    let d = Dovecot::start();
    let big5 = encoded(
        "big5@formosa.tw",
        encoding_rs::BIG5,
        "貨櫃到港時間",
        "請問 CSQU3054383 何時到港？謝謝。",
    );
    let gb = encoded(
        "gb@formosa.tw",
        encoding_rs::GB18030,
        "集装箱到港时间",
        "请问集装箱什么时候到港？谢谢。",
    );
    // a MIME part torn from its message: no header a mail system writes
    let broken = b"--b1\r\nContent-Type: text/plain\r\n\r\npart without a message\r\n--b1--\r\n";
    assert!(purser_mail::parse(broken).is_none());
    let after = mail(
        "wei@formosa.tw",
        "after@formosa.tw",
        "After the broken one",
        "Content-Type: text/plain; charset=utf-8\r\n",
        "Still here.".as_bytes(),
    );
    for m in [&big5[..], &gb, broken, &after] {
        d.deliver(m).await;
    }

    let (tx, task) = poller(&w, &d);
    let within = Duration::from_secs(20);
    let b = landed(&w.store, "big5@formosa.tw", within).await;
    let g = landed(&w.store, "gb@formosa.tw", within).await;
    let a = landed(&w.store, "after@formosa.tw", within).await;
    for r in [&b, &g, &a] {
        assert_eq!(
            (r.state.as_str(), r.mailbox.as_str()),
            ("ingested", "tpac@line.test")
        );
    }
    assert_eq!(
        body_of(&w.store, &b).await.trim(),
        "請問 CSQU3054383 何時到港？謝謝。"
    );
    assert_eq!(
        body_of(&w.store, &g).await.trim(),
        "请问集装箱什么时候到港？谢谢。"
    );
    let case = purser_store::cases::get(
        &mut w.store.clone(),
        b.case_id.unwrap(),
        &CustomerScope::All,
    )
    .await
    .unwrap();
    assert_eq!(case.subject, "貨櫃到港時間");
    let case = purser_store::cases::get(
        &mut w.store.clone(),
        g.case_id.unwrap(),
        &CustomerScope::All,
    )
    .await
    .unwrap();
    assert_eq!(case.subject, "集装箱到港时间");

    // the broken one is kept, failed and shown to supervisors; the mailbox went on
    let failed = mail::by_state(&mut w.store.clone(), "failed", 10)
        .await
        .unwrap();
    assert_eq!(failed.len(), 1);
    assert_eq!(
        mail::raw_bytes(&mut w.store.clone(), failed[0].id)
            .await
            .unwrap(),
        broken
    );
    let flags = notifications::for_user(&mut w.store.clone(), w.supervisor, 10)
        .await
        .unwrap();
    assert!(flags.iter().any(|n| n.kind == "mail_failed"), "{flags:?}");
    let started = Instant::now();
    while d.unseen().await > 0 {
        assert!(
            started.elapsed() < within,
            "every handled message is marked seen"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    stop(tx, task).await;

    // the poller died after ingesting but before \Seen: everything is fetched again
    let before = all_raw(&w.store).await.len();
    d.mark_all_unseen().await;
    assert_eq!(d.unseen().await, 4);
    let (tx, task) = poller(&w, &d);
    let started = Instant::now();
    while d.unseen().await > 0 {
        assert!(started.elapsed() < within, "fetched again and marked seen");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    stop(tx, task).await;
    assert_eq!(
        all_raw(&w.store).await.len(),
        before,
        "the same bytes are kept once"
    );
    for r in [&b, &g, &a] {
        let msgs = case_messages::of_case(&mut w.store.clone(), r.case_id.unwrap(), true, 10)
            .await
            .unwrap();
        assert_eq!(msgs.len(), 1, "one message on one case");
    }
    let acks = outbox::pending(&mut w.store.clone(), Some("case_ack"), 10)
        .await
        .unwrap();
    assert_eq!(acks.len(), 3, "acknowledged once each");
}

#[tokio::test]
async fn a_message_arriving_while_the_poller_idles_becomes_a_case_within_seconds() {
    let w = world().await;
    let d = Dovecot::start();
    let first = mail(
        "wei@formosa.tw",
        "first@formosa.tw",
        "Booking",
        "Content-Type: text/plain; charset=utf-8\r\n",
        b"First.",
    );
    d.deliver(&first).await;
    let (tx, task) = poller(&w, &d);
    landed(&w.store, "first@formosa.tw", Duration::from_secs(20)).await;
    // let it settle into IDLE
    tokio::time::sleep(Duration::from_millis(500)).await;

    let mut latencies = Vec::new();
    for i in 0..3 {
        let id = format!("idle-{i}@formosa.tw");
        let raw = mail(
            "wei@formosa.tw",
            &id,
            &format!("Arrived while idling {i}"),
            "Content-Type: text/plain; charset=utf-8\r\n",
            b"New.",
        );
        let sent = Instant::now();
        d.deliver(&raw).await;
        let arrived = Instant::now();
        let r = landed(&w.store, &id, Duration::from_secs(10)).await;
        assert_eq!(r.state, "ingested");
        assert!(r.case_id.is_some());
        latencies.push((arrived.elapsed(), sent.elapsed()));
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    for (arrived, sent) in &latencies {
        eprintln!(
            "IMAP IDLE: in the mailbox → on a case {arrived:?} (from the sender's APPEND {sent:?})"
        );
    }
    assert!(latencies.iter().all(|(_, l)| *l < Duration::from_secs(10)));
    stop(tx, task).await;
}

#[tokio::test]
async fn a_message_the_handler_could_not_keep_stays_unseen_for_the_next_look() {
    let d = Dovecot::start();
    d.deliver(&mail(
        "wei@formosa.tw",
        "kept-later@formosa.tw",
        "ETA",
        "",
        b"When?",
    ))
    .await;
    let pass = purser_mail::imap::fetch_unseen(&d.settings(), |_raw| async {
        Err::<(), _>("the database is down")
    })
    .await
    .unwrap();
    assert_eq!((pass.handled, pass.failed), (0, 1));
    assert_eq!(d.unseen().await, 1, "not acknowledged, so not lost");
    let mut got = Vec::new();
    let pass = purser_mail::imap::fetch_unseen(&d.settings(), |raw| {
        got.push(raw);
        async { Ok::<(), String>(()) }
    })
    .await
    .unwrap();
    assert_eq!((pass.handled, pass.failed), (1, 0));
    assert_eq!(d.unseen().await, 0);
    assert!(String::from_utf8_lossy(&got[0]).contains("kept-later@formosa.tw"));
}

#[tokio::test]
async fn mail_in_over_tls_and_starttls_trusts_the_configured_root_and_nothing_else() {
    let certs = Certs::make();
    let d = Dovecot::start_with(Some(&certs));
    let one = mail("wei@formosa.tw", "tls-1@formosa.tw", "ETA", "", b"One.");
    d.deliver(&one).await;
    let keep = |raw: Vec<u8>| async move { Ok::<_, String>(raw.len()).map(|_| ()) };
    let imaps = ImapSettings {
        port: d.imaps_port,
        tls: Tls::Tls,
        ..d.settings()
    };
    let err = purser_mail::imap::fetch_unseen(&imaps, keep)
        .await
        .unwrap_err();
    assert!(
        err.to_string().to_lowercase().contains("certificate"),
        "a server no root vouches for is refused: {err}"
    );
    assert_eq!(d.unseen().await, 1);

    let trusted = ImapSettings {
        ca_file: Some(certs.ca.clone()),
        ..imaps
    };
    let pass = purser_mail::imap::fetch_unseen(&trusted, keep)
        .await
        .unwrap();
    assert_eq!(pass.handled, 1, "IMAPS");
    let two = mail("wei@formosa.tw", "tls-2@formosa.tw", "ETA", "", b"Two.");
    d.deliver(&two).await;
    let starttls = ImapSettings {
        tls: Tls::StartTls,
        ca_file: Some(certs.ca.clone()),
        ..d.settings()
    };
    let pass = purser_mail::imap::fetch_unseen(&starttls, keep)
        .await
        .unwrap();
    assert_eq!(pass.handled, 1, "STARTTLS");
    let tls_logins = d
        .log()
        .lines()
        .filter(|l| l.contains("Login: user=<desk>") && l.contains(", TLS"))
        .count();
    assert_eq!(tls_logins, 2, "{}", d.log());
}

// ---------------------------------------------------------------- SMTP out

#[derive(Debug, Clone)]
struct Received {
    from: String,
    to: Vec<String>,
    data: Vec<u8>,
}

/// A mail server that accepts everything and keeps it: real SMTP over TCP.
struct Sink {
    port: u16,
    got: Arc<Mutex<Vec<Received>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Sink {
    async fn start(port: u16) -> Sink {
        Sink::start_with(port, None).await
    }

    /// With certificates it speaks SMTP over TLS from the first byte (SMTPS).
    async fn start_with(port: u16, certs: Option<&Certs>) -> Sink {
        use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, pem::PemObject};
        let acceptor = certs.map(|c| {
            let chain = CertificateDer::pem_file_iter(&c.cert)
                .unwrap()
                .collect::<Result<Vec<_>, _>>()
                .unwrap();
            let key = PrivateKeyDer::from_pem_file(&c.key).unwrap();
            let provider = tokio_rustls::rustls::crypto::ring::default_provider();
            let config =
                tokio_rustls::rustls::ServerConfig::builder_with_provider(Arc::new(provider))
                    .with_safe_default_protocol_versions()
                    .unwrap()
                    .with_no_client_auth()
                    .with_single_cert(chain, key)
                    .unwrap();
            tokio_rustls::TlsAcceptor::from(Arc::new(config))
        });
        let listener = TcpListener::bind(("127.0.0.1", port)).await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let got = Arc::new(Mutex::new(Vec::new()));
        let kept = got.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let kept = kept.clone();
                match acceptor.clone() {
                    None => drop(tokio::spawn(smtp_session(stream, kept))),
                    Some(a) => drop(tokio::spawn(async move {
                        if let Ok(tls) = a.accept(stream).await {
                            smtp_session(tls, kept).await;
                        }
                    })),
                }
            }
        });
        Sink { port, got, task }
    }

    fn received(&self) -> Vec<Received> {
        self.got.lock().unwrap().clone()
    }

    async fn stop(self) {
        self.task.abort();
        let _ = self.task.await;
    }
}

async fn say(w: &mut (impl AsyncWrite + Unpin), s: &str) -> bool {
    w.write_all(s.as_bytes()).await.is_ok() && w.flush().await.is_ok()
}

async fn smtp_session(
    stream: impl AsyncRead + AsyncWrite + Unpin,
    kept: Arc<Mutex<Vec<Received>>>,
) {
    let (r, mut w) = tokio::io::split(stream);
    let mut r = BufReader::new(r);
    say(&mut w, "220 sink.test ESMTP\r\n").await;
    let (mut from, mut to) = (String::new(), Vec::new());
    let mut line = String::new();
    loop {
        line.clear();
        if r.read_line(&mut line).await.unwrap_or(0) == 0 {
            return;
        }
        let verb = line.get(..4).unwrap_or("").to_ascii_uppercase();
        let arg = |l: &str| {
            l.split_once(':')
                .map(|(_, a)| {
                    a.trim()
                        .trim_start_matches('<')
                        .split('>')
                        .next()
                        .unwrap_or("")
                        .to_string()
                })
                .unwrap_or_default()
        };
        let reply = match verb.as_str() {
            "EHLO" => "250-sink.test\r\n250-8BITMIME\r\n250 SIZE 52428800\r\n",
            "HELO" | "NOOP" => "250 OK\r\n",
            "MAIL" => {
                from = arg(&line);
                to.clear();
                "250 OK\r\n"
            }
            "RCPT" => {
                to.push(arg(&line));
                "250 OK\r\n"
            }
            "RSET" => "250 OK\r\n",
            "DATA" => {
                say(&mut w, "354 go on\r\n").await;
                let mut data = Vec::new();
                loop {
                    let mut l = Vec::new();
                    if r.read_until(b'\n', &mut l).await.unwrap_or(0) == 0 {
                        return;
                    }
                    if l == b".\r\n" {
                        break;
                    }
                    let l = if l.starts_with(b"..") {
                        &l[1..]
                    } else {
                        &l[..]
                    };
                    data.extend_from_slice(l);
                }
                kept.lock().unwrap().push(Received {
                    from: from.clone(),
                    to: to.clone(),
                    data,
                });
                "250 OK kept\r\n"
            }
            "QUIT" => {
                say(&mut w, "221 bye\r\n").await;
                return;
            }
            _ => "502 not here\r\n",
        };
        if !say(&mut w, reply).await {
            return;
        }
    }
}

fn smtp(port: u16) -> SmtpSettings {
    SmtpSettings {
        host: "127.0.0.1".into(),
        port,
        tls: Tls::None,
        default_from: "desk@line.test".into(),
        message_id_domain: "line.test".into(),
        timeout_secs: 10,
        ..Default::default()
    }
}

/// A customer's message opened a case (and queued its acknowledgement); a desk agent
/// answered with an attachment.
async fn replied_case(w: &World) -> (Uuid, String, case_messages::Message) {
    let raw = mail(
        "陳偉 <wei@formosa.tw>",
        "m1@formosa.tw",
        "CSQU3054383 到港時間?",
        "Content-Type: text/plain; charset=utf-8\r\n",
        "請問何時到港？".as_bytes(),
    );
    let a = ingest(&w.store, "tpac@line.test", &raw).await.unwrap();
    let (case_id, number) = (a.case_id.unwrap(), a.case_number.unwrap());
    let m = conversation::reply(
        &w.store,
        &Ctx::system("Amy Lin <amy@line.test>"),
        case_id,
        ReplyInput {
            body: "Dear Wei,\n\nETA is <Friday> & the B/L is attached.\nAmy".into(),
            status: None,
            attachments: vec![AttachmentInput {
                filename: "提單.pdf".into(),
                content_type: "application/pdf".into(),
                data: b"%PDF-1.4 bill of lading".to_vec(),
                data_base64: String::new(),
            }],
            cc: vec![],
            bcc: vec![],
        },
    )
    .await
    .unwrap();
    assert_eq!(m.delivery.as_deref(), Some("queued"));
    (case_id, number, m)
}

fn by_id<'a>(got: &'a [Received], message_id: &str) -> Vec<&'a Received> {
    got.iter()
        .filter(|r| {
            purser_mail::parse(&r.data)
                .and_then(|p| p.message_id)
                .as_deref()
                == Some(message_id)
        })
        .collect()
}

#[tokio::test]
async fn a_reply_leaves_by_smtp_threaded_from_the_team_with_text_html_and_its_attachment() {
    let w = world().await;
    let (case_id, number, reply) = replied_case(&w).await;
    let sink = Sink::start(0).await;
    let s = smtp(sink.port);
    let report = deliver_due(&w.store, &s, now_micros() + 1).await.unwrap();
    assert_eq!(
        report,
        DeliveryReport {
            claimed: 2,
            sent: 2,
            retrying: 0,
            failed: 0
        }
    );
    let got = sink.received();
    let job = reply.outbox_id.unwrap();
    let mid = message_id_of(job, &s);
    assert_eq!(mid, format!("outbox-{job}@line.test"));
    let [sent] = by_id(&got, &mid)[..] else {
        panic!("the reply once: {got:?}")
    };
    assert_eq!(
        (sent.from.as_str(), &sent.to[..]),
        ("tpac@line.test", &["wei@formosa.tw".to_string()][..])
    );
    let p = purser_mail::parse(&sent.data).unwrap();
    assert_eq!(p.in_reply_to, ["m1@formosa.tw"]);
    assert_eq!(p.references, ["m1@formosa.tw"]);
    assert!(p.subject.contains(&number), "{}", p.subject);
    assert_eq!(p.from_address, "tpac@line.test");
    assert!(p.text.contains("ETA is <Friday> & the B/L is attached."));
    let raw = String::from_utf8_lossy(&sent.data);
    assert!(
        raw.contains("multipart/alternative") && raw.contains("text/html"),
        "{raw}"
    );
    assert!(
        p.html
            .unwrap()
            .contains("ETA is &lt;Friday&gt; &amp; the B/L")
    );
    assert_eq!(p.attachments.len(), 1);
    assert_eq!(p.attachments[0].filename, "提單.pdf");
    assert_eq!(p.attachments[0].data, b"%PDF-1.4 bill of lading");
    assert!(!raw.contains("Auto-Submitted"));

    // the acknowledgement says it was automatic, and answers the customer's message
    let ack = got.iter().find(|r| r.data != sent.data).unwrap();
    let a = purser_mail::parse(&ack.data).unwrap();
    assert!(String::from_utf8_lossy(&ack.data).contains("Auto-Submitted: auto-replied"));
    assert_eq!(a.in_reply_to, ["m1@formosa.tw"]);
    assert!(a.subject.starts_with(&format!("[{number}]")));

    let m = case_messages::get(&mut w.store.clone(), reply.id)
        .await
        .unwrap();
    assert_eq!(m.delivery.as_deref(), Some("sent"));
    assert!(
        outbox::get(&mut w.store.clone(), job)
            .await
            .unwrap()
            .done_at
            .is_some()
    );

    // the customer answers our reply: it threads by our Message-ID
    let answer = mail(
        "wei@formosa.tw",
        "m2@formosa.tw",
        "Re: thanks",
        &format!("In-Reply-To: <{mid}>\r\nContent-Type: text/plain; charset=utf-8\r\n"),
        b"Thanks!",
    );
    let r = ingest(&w.store, "tpac@line.test", &answer).await.unwrap();
    assert_eq!(
        (r.case_id, r.threaded_by.as_str()),
        (Some(case_id), "message_id")
    );

    // the next reply points at that answer and carries the thread so far; the worker loop
    // sends it by itself
    let next = conversation::reply(
        &w.store,
        &Ctx::system("Amy Lin <amy@line.test>"),
        case_id,
        ReplyInput {
            body: "You are welcome.".into(),
            status: None,
            attachments: vec![],
            cc: vec![],
            bcc: vec![],
        },
    )
    .await
    .unwrap();
    let (tx, rx) = watch::channel(false);
    let worker = tokio::spawn(run(w.store.clone(), s.clone(), rx));
    let next_id = message_id_of(next.outbox_id.unwrap(), &s);
    let started = Instant::now();
    while by_id(&sink.received(), &next_id).is_empty() {
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "the worker sends it"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tx.send(true).unwrap();
    tokio::time::timeout(Duration::from_secs(10), worker)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    let got = sink.received();
    let p = purser_mail::parse(&by_id(&got, &next_id)[0].data).unwrap();
    assert_eq!(p.in_reply_to, ["m2@formosa.tw"]);
    assert_eq!(
        p.references,
        ["m1@formosa.tw", mid.as_str(), "m2@formosa.tw"]
    );
    assert_eq!(got.len(), 3, "nothing sent twice");
    sink.stop().await;
}

#[tokio::test]
async fn with_the_mail_server_down_a_reply_waits_with_back_off_and_is_sent_exactly_once_when_it_returns()
 {
    let w = world().await;
    let (_, _, reply) = replied_case(&w).await;
    let job = reply.outbox_id.unwrap();
    let port = free_port(); // nothing listens there yet
    let s = smtp(port);
    let t0 = now_micros() + 1;

    let r = deliver_due(&w.store, &s, t0).await.unwrap();
    assert_eq!((r.claimed, r.retrying, r.sent, r.failed), (2, 2, 0, 0));
    let j = outbox::get(&mut w.store.clone(), job).await.unwrap();
    assert_eq!(
        (j.attempts, j.available_at, j.done_at),
        (1, t0 + 30 * SEC, None)
    );
    assert!(j.last_error.is_some());
    let m = case_messages::get(&mut w.store.clone(), reply.id)
        .await
        .unwrap();
    assert_eq!(m.delivery.as_deref(), Some("retrying"));

    let r = deliver_due(&w.store, &s, t0 + 29 * SEC).await.unwrap();
    assert_eq!(r.claimed, 0, "not before its back-off");
    let t1 = t0 + 30 * SEC;
    let r = deliver_due(&w.store, &s, t1).await.unwrap();
    assert_eq!((r.claimed, r.retrying), (2, 2));
    let j = outbox::get(&mut w.store.clone(), job).await.unwrap();
    assert_eq!(
        (j.attempts, j.available_at),
        (2, t1 + 60 * SEC),
        "the wait doubles"
    );

    let sink = Sink::start(port).await;
    let t2 = t1 + 60 * SEC;
    let r = deliver_due(&w.store, &s, t2).await.unwrap();
    assert_eq!((r.claimed, r.sent), (2, 2));
    for later in [t2, t2 + 3_600 * SEC, t2 + 86_400 * SEC] {
        let r = deliver_due(&w.store, &s, later).await.unwrap();
        assert_eq!(r.claimed, 0, "sent once, never again");
    }
    let got = sink.received();
    assert_eq!(got.len(), 2);
    assert_eq!(by_id(&got, &message_id_of(job, &s)).len(), 1);
    assert!(
        outbox::pending(&mut w.store.clone(), None, 10)
            .await
            .unwrap()
            .is_empty()
    );
    let m = case_messages::get(&mut w.store.clone(), reply.id)
        .await
        .unwrap();
    assert_eq!(m.delivery.as_deref(), Some("sent"));
    sink.stop().await;
}

// presence: issue 14, item 9
#[tokio::test]
async fn a_reply_with_cc_and_bcc_reaches_all_three_and_only_the_cc_is_in_the_headers() {
    let w = world().await;
    let (case_id, _, _) = replied_case(&w).await;
    let sink = Sink::start(0).await;
    let s = smtp(sink.port);
    deliver_due(&w.store, &s, now_micros() + 1).await.unwrap();
    let m = conversation::reply(
        &w.store,
        &Ctx::system("Amy Lin <amy@line.test>"),
        case_id,
        ReplyInput {
            body: "Copying our operations desk.".into(),
            status: None,
            attachments: vec![],
            cc: vec!["ops@formosa.tw".into()],
            bcc: vec!["audit@line.test".into()],
        },
    )
    .await
    .unwrap();
    let r = deliver_due(&w.store, &s, now_micros() + 1).await.unwrap();
    assert_eq!((r.sent, r.failed), (1, 0));
    let got = sink.received();
    let [sent] = by_id(&got, &message_id_of(m.outbox_id.unwrap(), &s))[..] else {
        panic!("the reply once: {got:?}")
    };
    assert_eq!(
        sent.to,
        ["wei@formosa.tw", "ops@formosa.tw", "audit@line.test"],
        "the envelope carries every recipient"
    );
    let raw = String::from_utf8_lossy(&sent.data);
    assert!(raw.contains("Cc: ops@formosa.tw"), "{raw}");
    assert!(
        !raw.contains("audit@line.test") && !raw.contains("Bcc"),
        "{raw}"
    );
    sink.stop().await;
}

#[tokio::test]
async fn a_header_with_a_line_break_is_refused_and_never_sent() {
    let w = world().await;
    let (case_id, number, _) = replied_case(&w).await;
    let sink = Sink::start(0).await;
    let s = smtp(sink.port);
    deliver_due(&w.store, &s, now_micros() + 1).await.unwrap();
    let before = sink.received().len();
    let mut tx = w.store.begin().await.unwrap();
    let evil = outbox::enqueue(
        &mut tx,
        "case_reply",
        &json!({
            "case_id": case_id,
            "to": ["wei@formosa.tw"],
            "from": "tpac@line.test",
            "subject": format!("[{number}] ETA\r\nBcc: everyone@elsewhere.test"),
            "body": "hello",
        }),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let r = deliver_due(&w.store, &s, now_micros() + 1).await.unwrap();
    assert_eq!((r.claimed, r.failed, r.sent), (1, 1, 0));
    assert_eq!(sink.received().len(), before, "nothing reached the server");
    let j = outbox::get(&mut w.store.clone(), evil).await.unwrap();
    assert!(j.done_at.is_some(), "closed, never retried");
    assert!(j.last_error.unwrap().contains("line break"));
    let events = case_messages::of_case(&mut w.store.clone(), case_id, false, 50)
        .await
        .unwrap();
    assert!(
        events
            .iter()
            .any(|m| m.body.contains("could not be delivered")),
        "the case is told"
    );
    sink.stop().await;
}

#[tokio::test]
async fn a_reply_leaves_over_smtps_only_to_a_server_a_trusted_root_vouches_for() {
    let w = world().await;
    let (_, _, reply) = replied_case(&w).await;
    let certs = Certs::make();
    let sink = Sink::start_with(0, Some(&certs)).await;
    let untrusted = SmtpSettings {
        tls: Tls::Tls,
        ..smtp(sink.port)
    };
    let t0 = now_micros() + 1;
    let r = deliver_due(&w.store, &untrusted, t0).await.unwrap();
    assert_eq!(
        (r.sent, r.retrying),
        (0, 2),
        "an unknown certificate is not trusted"
    );
    assert!(sink.received().is_empty());
    let trusted = SmtpSettings {
        ca_file: Some(certs.ca.clone()),
        ..untrusted
    };
    let r = deliver_due(&w.store, &trusted, t0 + 30 * SEC)
        .await
        .unwrap();
    assert_eq!((r.sent, r.retrying), (2, 0));
    let got = sink.received();
    assert_eq!(
        by_id(&got, &message_id_of(reply.outbox_id.unwrap(), &trusted)).len(),
        1
    );
    sink.stop().await;
}

#[tokio::test]
async fn a_reply_no_server_ever_takes_is_given_up_after_its_last_attempt_and_the_case_is_told() {
    let w = world().await;
    let (case_id, _, reply) = replied_case(&w).await;
    let job = reply.outbox_id.unwrap();
    let s = smtp(free_port()); // nothing listens there
    let mut now = now_micros() + 1;
    for attempt in 1..purser_app::mail_out::MAX_ATTEMPTS {
        let r = deliver_due(&w.store, &s, now).await.unwrap();
        assert_eq!(r.retrying, 2, "attempt {attempt} is retried");
        now = outbox::get(&mut w.store.clone(), job)
            .await
            .unwrap()
            .available_at;
    }
    let r = deliver_due(&w.store, &s, now).await.unwrap();
    assert_eq!((r.failed, r.retrying), (2, 0));
    let j = outbox::get(&mut w.store.clone(), job).await.unwrap();
    assert_eq!(j.attempts, purser_app::mail_out::MAX_ATTEMPTS);
    assert!(j.done_at.is_some());
    let m = case_messages::get(&mut w.store.clone(), reply.id)
        .await
        .unwrap();
    assert_eq!(m.delivery.as_deref(), Some("failed"));
    let said = case_messages::of_case(&mut w.store.clone(), case_id, false, 50)
        .await
        .unwrap();
    assert!(
        said.iter().any(|m| m
            .body
            .starts_with("The reply to wei@formosa.tw could not be delivered")),
        "{said:?}"
    );
    assert_eq!(
        deliver_due(&w.store, &s, now + 86_400 * SEC)
            .await
            .unwrap()
            .claimed,
        0
    );
}
