//! Raw bytes in, desk facts out.

use crate::sanitise::sanitise_html;
use mail_parser::{Address, HeaderValue, MessageParser, MimeHeaders};
use purser_domain::mail::auto::{HeaderFacts, Origin, classify};
use purser_domain::mail::{normalise_message_id, quote::split_quoted};

/// Largest attachment kept; larger ones are listed but their bytes dropped.
pub const MAX_ATTACHMENT: usize = 15 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct Attachment {
    pub filename: String,
    pub content_type: String,
    pub data: Vec<u8>,
    /// Referenced from the HTML (`cid:`), e.g. a signature logo.
    pub inline: bool,
    /// Bytes dropped because the file was over the size limit.
    pub truncated: bool,
}

/// What the desk needs of one message.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub message_id: Option<String>,
    pub in_reply_to: Vec<String>,
    pub references: Vec<String>,
    pub from_name: String,
    pub from_address: String,
    pub to: Vec<String>,
    pub subject: String,
    /// Microseconds since the epoch, when the Date header could be read.
    pub date: Option<i64>,
    /// The whole plain text (HTML-only messages are converted).
    pub text: String,
    /// Where the quoted history starts in `text` (bytes); `text.len()` when none.
    pub quote_at: usize,
    pub html: Option<String>,
    pub attachments: Vec<Attachment>,
    pub origin: Origin,
    /// For bounces: the addresses that could not be delivered to.
    pub bounced: Vec<String>,
    /// Things that could not be read (a bad charset, a broken part); the message still lands.
    pub problems: Vec<String>,
    /// The HTML was not sanitised (too large, too deep, or out of time): only the text shows.
    pub html_refused: bool,
}

impl Parsed {
    /// The new text of the message, without its quoted history.
    pub fn fresh_text(&self) -> &str {
        &self.text[..self.quote_at]
    }
}

fn ids(v: &HeaderValue<'_>) -> Vec<String> {
    match v {
        HeaderValue::Text(t) => vec![normalise_message_id(t)],
        HeaderValue::TextList(l) => l.iter().map(|t| normalise_message_id(t)).collect(),
        _ => vec![],
    }
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect()
}

fn addresses(a: Option<&Address<'_>>) -> Vec<(String, String)> {
    a.map(|a| {
        a.iter()
            .filter_map(|x| {
                let addr = x.address()?.trim().to_lowercase();
                Some((x.name().unwrap_or("").trim().to_string(), addr))
            })
            .collect()
    })
    .unwrap_or_default()
}

/// Parses any message. Only input that is not a message at all (empty, or noise with none
/// of From, Subject, Message-ID or Date) is `None`; everything else yields facts, with
/// `problems` saying what was odd.
///
/// Never panics: input that makes the MIME library panic counts as unreadable (`None`),
/// so it is kept and flagged rather than taking the intake down. Fuzzing found such input
/// (mail-parser 0.11.9 underflows in its quoted-printable decoder when a part ends in a
/// soft line break just before its boundary; with overflow checks on, that panics).
pub fn parse(raw: &[u8]) -> Option<Parsed> {
    std::panic::catch_unwind(|| read(raw, None)).unwrap_or(None)
}

/// Parses as [`parse`] does but leaves the HTML out (no HTML parser runs), saying `why`
/// among the problems: for a message whose sanitising ran out of time.
pub fn parse_as_text(raw: &[u8], why: &str) -> Option<Parsed> {
    std::panic::catch_unwind(|| read(raw, Some(why))).unwrap_or(None)
}

fn read(raw: &[u8], skip_html: Option<&str>) -> Option<Parsed> {
    let msg = MessageParser::default().parse(raw)?;
    if msg.headers().is_empty() {
        return None;
    }
    let mut problems = Vec::new();
    let from = addresses(msg.from()).into_iter().next().unwrap_or_default();
    let to = addresses(msg.to()).into_iter().map(|(_, a)| a).collect();
    let subject = msg.subject().unwrap_or("").trim().to_string();
    if from.1.is_empty() && subject.is_empty() && msg.message_id().is_none() && msg.date().is_none()
    {
        // no header a mail system writes: noise, not a message
        return None;
    }
    let text: String = (0..msg.text_body.len())
        .filter_map(|i| msg.body_text(i))
        .collect::<Vec<_>>()
        .join("\n");
    let text = purser_domain::text::line_breaks_as_lf(&text).into_owned();
    let mut html_refused = false;
    let html = match skip_html {
        _ if msg.html_body.is_empty() => None,
        Some(_)
            if !msg
                .parts
                .iter()
                .any(|p| matches!(p.body, mail_parser::PartType::Html(_))) =>
        {
            None
        }
        Some(why) => {
            problems.push(why.to_string());
            html_refused = true;
            None
        }
        None => msg.body_html(0).and_then(|h| match sanitise_html(&h) {
            Ok(clean) => Some(clean),
            Err(refused) => {
                problems.push(refused.to_string());
                html_refused = true;
                None
            }
        }),
    };
    let (fresh, _) = split_quoted(&text);
    let quote_at = fresh.len();
    let mut attachments = Vec::new();
    for part in msg.attachments() {
        let content_type = part
            .content_type()
            .map(|c| match c.subtype() {
                Some(s) => format!("{}/{}", c.ctype(), s),
                None => c.ctype().to_string(),
            })
            .unwrap_or_else(|| "application/octet-stream".into());
        let filename = part.attachment_name().unwrap_or("attachment").to_string();
        let data = part.contents();
        let truncated = data.len() > MAX_ATTACHMENT;
        if truncated {
            problems.push(format!(
                "{filename} is over {} MB; its bytes were not kept",
                MAX_ATTACHMENT >> 20
            ));
        }
        attachments.push(Attachment {
            filename,
            content_type,
            data: if truncated { vec![] } else { data.to_vec() },
            inline: part.content_id().is_some()
                && part
                    .content_disposition()
                    .is_none_or(|d| d.ctype() != "attachment"),
            truncated,
        });
    }
    for part in &msg.parts {
        if part.is_encoding_problem {
            problems.push("a part could not be decoded in its declared charset or encoding".into());
        }
    }
    let header_list: Vec<(String, String)> = msg
        .headers()
        .iter()
        .map(|h| {
            let v = msg
                .header_raw(h.name.as_str())
                .map(|s| s.trim().to_string())
                .unwrap_or_default();
            (h.name.as_str().to_string(), v)
        })
        .collect();
    let content_type = msg
        .header_raw("Content-Type")
        .unwrap_or("text/plain")
        .trim()
        .to_string();
    let origin = classify(&HeaderFacts {
        headers: header_list
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect(),
        subject: &subject,
        from_address: &from.1,
        content_type: &content_type,
    });
    let bounced = if origin == Origin::Bounce {
        bounced_recipients(&msg)
    } else {
        vec![]
    };
    Some(Parsed {
        message_id: msg
            .message_id()
            .map(normalise_message_id)
            .filter(|s| !s.is_empty()),
        in_reply_to: ids(msg.in_reply_to()),
        references: ids(msg.references()),
        from_name: from.0,
        from_address: from.1,
        to,
        subject,
        date: msg.date().map(|d| d.to_timestamp() * 1_000_000),
        text,
        quote_at,
        html,
        attachments,
        origin,
        bounced,
        problems,
        html_refused,
    })
}

/// The `Final-Recipient` / `Original-Recipient` addresses of a delivery-status report.
fn bounced_recipients(msg: &mail_parser::Message<'_>) -> Vec<String> {
    let mut out = Vec::new();
    for part in &msg.parts {
        let body = match &part.body {
            mail_parser::PartType::Text(t) => t.to_string(),
            mail_parser::PartType::Binary(b) | mail_parser::PartType::InlineBinary(b) => {
                String::from_utf8_lossy(b).to_string()
            }
            _ => continue,
        };
        for line in body.lines() {
            let l = line.trim();
            let lower = l.to_lowercase();
            if (lower.starts_with("final-recipient:") || lower.starts_with("original-recipient:"))
                && let Some(addr) = l.rsplit(';').next()
            {
                let a = addr
                    .trim()
                    .trim_start_matches('<')
                    .trim_end_matches('>')
                    .to_lowercase();
                if a.contains('@') && !out.contains(&a) {
                    out.push(a);
                }
            }
        }
    }
    out
}
