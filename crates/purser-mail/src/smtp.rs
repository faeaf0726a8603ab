//! Mail out: one reply or acknowledgement becomes a MIME message — a text part and the same
//! text as escaped HTML, the attachments, the threading headers — handed to an SMTP server.
//! Every header value is checked for line breaks before anything is built, so nothing a
//! payload carries can add a header; such a message is [`SendError::Refused`], never sent.

use crate::{Tls, is_loopback, redacted};
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, Message, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls as SmtpTls, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::time::Duration;
use thiserror::Error;

/// Where and how replies leave.
#[derive(Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(default)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub tls: Tls,
    pub username: Option<String>,
    pub password: Option<String>,
    /// The From address when a reply's team has none of its own.
    pub default_from: String,
    /// The right-hand side of the Message-IDs we write (`<outbox-…@this>`); the domain of
    /// `default_from` when empty.
    pub message_id_domain: String,
    /// Seconds one SMTP command may take before the attempt counts as failed.
    pub timeout_secs: u64,
    /// A PEM file of further roots to trust (a company CA); the public roots always are.
    pub ca_file: Option<PathBuf>,
    /// Seconds a node's claim on one mail hides it from the other nodes sharing the
    /// database. Longer than one whole send (a few commands of `timeout_secs` each); a node
    /// that dies leaves the mail it had claimed waiting this long for another.
    pub lease_secs: u64,
}

impl Default for SmtpSettings {
    fn default() -> Self {
        SmtpSettings {
            host: "localhost".into(),
            port: 587,
            tls: Tls::StartTls,
            username: None,
            password: None,
            default_from: String::new(),
            message_id_domain: String::new(),
            timeout_secs: 60,
            ca_file: None,
            lease_secs: 600,
        }
    }
}

/// Never prints the password.
impl std::fmt::Debug for SmtpSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("tls", &self.tls)
            .field("username", &self.username)
            .field("password", &redacted(&self.password))
            .field("default_from", &self.default_from)
            .field("message_id_domain", &self.message_id_domain)
            .field("timeout_secs", &self.timeout_secs)
            .field("ca_file", &self.ca_file)
            .field("lease_secs", &self.lease_secs)
            .finish()
    }
}

impl SmtpSettings {
    /// The domain our Message-IDs end in.
    pub fn id_domain(&self) -> &str {
        if !self.message_id_domain.is_empty() {
            return &self.message_id_domain;
        }
        match self.default_from.rsplit_once('@') {
            Some((_, d)) if !d.is_empty() => d.trim_end_matches('>'),
            _ => "purser.invalid",
        }
    }
}

/// One message to send. Ids are bare (`abc@host`), without angle brackets.
#[derive(Debug, Clone, Default)]
pub struct Outgoing {
    pub message_id: String,
    /// `addr@x` or `Name <addr@x>`.
    pub from: String,
    pub to: Vec<String>,
    /// Copies, in a Cc header.
    pub cc: Vec<String>,
    /// Blind copies: recipients of the envelope only, never in a header.
    pub bcc: Vec<String>,
    pub subject: String,
    pub text: String,
    pub in_reply_to: Option<String>,
    /// Oldest first, as in the header.
    pub references: Vec<String>,
    /// `auto-replied` on acknowledgements, so other machines do not answer them.
    pub auto_submitted: Option<String>,
    pub attachments: Vec<OutgoingAttachment>,
}

#[derive(Debug, Clone)]
pub struct OutgoingAttachment {
    pub filename: String,
    pub content_type: String,
    pub data: Vec<u8>,
}

#[derive(Debug, Error)]
pub enum SendError {
    /// The message can never be sent as it is: a header with a line break, an address
    /// that does not parse, a server's 5xx answer. Retrying would not help.
    #[error("refused: {0}")]
    Refused(String),
    /// It may go through later: the server is down, slow or answered 4xx.
    #[error("not sent yet: {0}")]
    Transient(String),
}

impl SendError {
    pub fn is_permanent(&self) -> bool {
        matches!(self, SendError::Refused(_))
    }
}

/// Refuses a header value that could end the header (CR or LF anywhere).
fn one_line<'a>(header: &str, value: &'a str) -> Result<&'a str, SendError> {
    if value.contains(['\r', '\n']) {
        return Err(SendError::Refused(format!(
            "the {header} header contains a line break"
        )));
    }
    Ok(value)
}

fn mailbox(header: &str, value: &str) -> Result<Mailbox, SendError> {
    one_line(header, value)?
        .trim()
        .parse()
        .map_err(|e| SendError::Refused(format!("the {header} address {value:?}: {e}")))
}

/// A message id as it goes in a header: `<id>`, refused when it could not be one.
fn msg_id(header: &str, id: &str) -> Result<String, SendError> {
    let id = one_line(header, id)?.trim();
    if id.is_empty() || id.contains(|c: char| c.is_whitespace() || c == '<' || c == '>') {
        return Err(SendError::Refused(format!(
            "{header} {id:?} is not a message id"
        )));
    }
    Ok(format!("<{id}>"))
}

/// The plain text as HTML: escaped, blank lines making paragraphs, line breaks kept. No
/// HTML a user wrote ever reaches the recipient's mail program.
pub fn text_to_html(text: &str) -> String {
    let mut out =
        String::from("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body>\n");
    let text = text.replace("\r\n", "\n");
    for para in text.split("\n\n").filter(|p| !p.trim().is_empty()) {
        out.push_str("<p>");
        for (i, line) in para.trim_matches('\n').split('\n').enumerate() {
            if i > 0 {
                out.push_str("<br>\n");
            }
            for c in line.chars() {
                match c {
                    '&' => out.push_str("&amp;"),
                    '<' => out.push_str("&lt;"),
                    '>' => out.push_str("&gt;"),
                    '"' => out.push_str("&quot;"),
                    '\'' => out.push_str("&#39;"),
                    c => out.push(c),
                }
            }
        }
        out.push_str("</p>\n");
    }
    out.push_str("</body></html>\n");
    out
}

/// Builds the MIME message, or says why it must never be sent.
pub fn compose(o: &Outgoing) -> Result<Message, SendError> {
    let mut b = Message::builder()
        .message_id(Some(msg_id("Message-ID", &o.message_id)?))
        .from(mailbox("From", &o.from)?)
        .subject(one_line("Subject", &o.subject)?);
    if o.to.is_empty() {
        return Err(SendError::Refused("the message has no recipient".into()));
    }
    for to in &o.to {
        b = b.to(mailbox("To", to)?);
    }
    for cc in &o.cc {
        b = b.cc(mailbox("Cc", cc)?);
    }
    for bcc in &o.bcc {
        b = b.bcc(mailbox("Bcc", bcc)?);
    }
    if let Some(parent) = &o.in_reply_to {
        b = b.in_reply_to(msg_id("In-Reply-To", parent)?);
    }
    if !o.references.is_empty() {
        let refs = o
            .references
            .iter()
            .map(|r| msg_id("References", r))
            .collect::<Result<Vec<_>, _>>()?;
        b = b.references(refs.join(" "));
    }
    if let Some(a) = &o.auto_submitted {
        b = b.raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("Auto-Submitted"),
            one_line("Auto-Submitted", a)?.to_string(),
        ));
    }
    let body = MultiPart::alternative_plain_html(o.text.clone(), text_to_html(&o.text));
    let built = if o.attachments.is_empty() {
        b.multipart(body)
    } else {
        let mut mixed = MultiPart::mixed().multipart(body);
        for a in &o.attachments {
            let name = one_line("Content-Disposition filename", &a.filename)?;
            let ct = ContentType::parse(one_line("Content-Type", &a.content_type)?)
                .unwrap_or_else(|_| ContentType::parse("application/octet-stream").unwrap());
            mixed = mixed.singlepart(Attachment::new(name.to_string()).body(a.data.clone(), ct));
        }
        b.multipart(mixed)
    };
    built.map_err(|e| SendError::Refused(format!("the message cannot be built: {e}")))
}

/// An SMTP client for one server; cheap to build, opens a connection per message.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
}

impl Mailer {
    /// Refuses plain SMTP with a password to anything but this machine.
    pub fn new(s: &SmtpSettings) -> Result<Mailer, SendError> {
        let mut b = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(s.host.as_str())
            .port(s.port)
            .timeout(Some(Duration::from_secs(s.timeout_secs.max(1))))
            .hello_name(ClientId::Domain(s.id_domain().to_string()));
        let tls = |host: &str| {
            let bad = |e: &dyn std::fmt::Display| {
                SendError::Refused(format!("TLS settings for {host}: {e}"))
            };
            let mut params = TlsParameters::builder(host.to_string());
            if let Some(path) = &s.ca_file {
                let pem = std::fs::read(path).map_err(|e| bad(&e))?;
                params =
                    params.add_root_certificate(Certificate::from_pem(&pem).map_err(|e| bad(&e))?);
            }
            params.build().map_err(|e| bad(&e))
        };
        match s.tls {
            Tls::None => {
                if s.password.is_some() && !is_loopback(&s.host) {
                    return Err(SendError::Refused(format!(
                        "will not send a password in clear text to {}; use tls or starttls",
                        s.host
                    )));
                }
            }
            Tls::StartTls => b = b.tls(SmtpTls::Required(tls(&s.host)?)),
            Tls::Tls => b = b.tls(SmtpTls::Wrapper(tls(&s.host)?)),
        }
        if let (Some(u), Some(p)) = (&s.username, &s.password) {
            b = b.credentials(Credentials::new(u.clone(), p.clone()));
        }
        Ok(Mailer {
            transport: b.build(),
        })
    }

    /// Sends one message. `Ok` means the server accepted it for delivery.
    pub async fn send(&self, o: &Outgoing) -> Result<(), SendError> {
        let m = compose(o)?;
        match self.transport.send(m).await {
            Ok(_) => Ok(()),
            Err(e) if e.is_permanent() => Err(SendError::Refused(e.to_string())),
            Err(e) => Err(SendError::Transient(e.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply() -> Outgoing {
        Outgoing {
            message_id: "outbox-1@line.test".into(),
            from: "Trans-Pacific <tpac@line.test>".into(),
            to: vec!["wei@formosa.tw".into()],
            cc: vec![],
            bcc: vec![],
            subject: "[CS-2026-000001] 到港時間".into(),
            text: "您好，\n\nETA <Friday> & \"soon\".\nThanks".into(),
            in_reply_to: Some("m1@formosa.tw".into()),
            references: vec!["m0@formosa.tw".into(), "m1@formosa.tw".into()],
            auto_submitted: None,
            attachments: vec![OutgoingAttachment {
                filename: "提單.pdf".into(),
                content_type: "application/pdf".into(),
                data: b"%PDF-1.4 demo".to_vec(),
            }],
        }
    }

    #[test]
    fn a_reply_reads_back_with_its_ids_parts_and_attachment() {
        let raw = compose(&reply()).unwrap().formatted();
        let p = crate::parse(&raw).unwrap();
        assert_eq!(p.message_id.as_deref(), Some("outbox-1@line.test"));
        assert_eq!(p.in_reply_to, ["m1@formosa.tw"]);
        assert_eq!(p.references, ["m0@formosa.tw", "m1@formosa.tw"]);
        assert_eq!(p.subject, "[CS-2026-000001] 到港時間");
        assert_eq!(p.from_address, "tpac@line.test");
        assert!(p.text.contains("ETA <Friday> & \"soon\"."), "{}", p.text);
        let html = p.html.unwrap();
        assert!(html.contains("ETA &lt;Friday&gt; &amp;"), "{html}");
        assert_eq!(p.attachments.len(), 1);
        assert_eq!(p.attachments[0].filename, "提單.pdf");
        assert_eq!(p.attachments[0].data, b"%PDF-1.4 demo");
        assert_eq!(p.origin.as_str(), "person");
    }

    #[test]
    fn an_acknowledgement_says_it_was_automatic() {
        let mut ack = reply();
        ack.auto_submitted = Some("auto-replied".into());
        ack.attachments.clear();
        let raw = compose(&ack).unwrap().formatted();
        let text = String::from_utf8_lossy(&raw);
        assert!(text.contains("Auto-Submitted: auto-replied\r\n"), "{text}");
        assert_eq!(crate::parse(&raw).unwrap().origin.as_str(), "auto_reply");
    }

    #[test]
    fn copies_go_in_cc_and_blind_copies_only_in_the_envelope() {
        let mut o = reply();
        o.cc = vec!["ops@formosa.tw".into()];
        o.bcc = vec!["audit@line.test".into()];
        let m = compose(&o).unwrap();
        let to: Vec<String> = m.envelope().to().iter().map(|a| a.to_string()).collect();
        assert_eq!(to, ["wei@formosa.tw", "ops@formosa.tw", "audit@line.test"]);
        let text = String::from_utf8_lossy(&m.formatted()).to_string();
        assert!(text.contains("Cc: ops@formosa.tw\r\n"), "{text}");
        assert!(!text.contains("audit@line.test"), "{text}");
    }

    #[test]
    fn a_line_break_in_any_header_is_refused() {
        let cases: [fn(&mut Outgoing); 11] = [
            |o| o.subject = "ETA\r\nBcc: all@x.test".into(),
            |o| o.subject = "ETA\nX-Evil: 1".into(),
            |o| o.to = vec!["a@x.test\r\nBcc: b@x.test".into()],
            |o| o.cc = vec!["a@x.test\r\nX: y".into()],
            |o| o.bcc = vec!["a@x.test\nX: y".into()],
            |o| o.from = "tpac@line.test\n".into(),
            |o| o.in_reply_to = Some("a@x\r\nX: y".into()),
            |o| o.references = vec!["a@x\rb".into()],
            |o| o.message_id = "id@x\n".into(),
            |o| o.auto_submitted = Some("auto-replied\r\nX: y".into()),
            |o| o.attachments[0].filename = "a\r\n.pdf".into(),
        ];
        for (i, change) in cases.iter().enumerate() {
            let mut o = reply();
            change(&mut o);
            let e = compose(&o).unwrap_err();
            assert!(e.is_permanent(), "case {i}: {e}");
            assert!(e.to_string().contains("line break"), "case {i}: {e}");
        }
    }

    #[test]
    fn html_is_the_escaped_text_in_paragraphs() {
        assert_eq!(
            text_to_html("a <b>\nc\n\nd & e"),
            "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body>\n<p>a &lt;b&gt;<br>\nc</p>\n<p>d &amp; e</p>\n</body></html>\n"
        );
    }

    #[test]
    fn settings_never_print_the_password_and_plain_text_stays_local() {
        let s = SmtpSettings {
            host: "smtp.line.test".into(),
            tls: Tls::None,
            username: Some("desk".into()),
            password: Some("s3cret".into()),
            default_from: "desk@line.test".into(),
            ..Default::default()
        };
        assert!(!format!("{s:?}").contains("s3cret"));
        assert_eq!(s.id_domain(), "line.test");
        assert!(Mailer::new(&s).is_err());
        assert!(
            Mailer::new(&SmtpSettings {
                host: "127.0.0.1".into(),
                ..s
            })
            .is_ok()
        );
    }
}
