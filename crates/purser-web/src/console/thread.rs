//! A case's conversation as pages show it (the desk's case page and the portal's), and its
//! attachments as downloads that never render on our origin.

use super::{failure, when};
use crate::auth::Caller;
use crate::i18n::T;
use crate::state::AppState;
use axum::response::Response;
use purser_app::cases::conversation;
use purser_domain::cases::{Direction, MessageKind};
use purser_store::case_messages::{Attachment, Message};
use uuid::Uuid;

pub struct AttachmentView {
    pub id: Uuid,
    pub filename: String,
    pub size: String,
}

pub struct MessageView {
    pub seq: i64,
    /// public, note, call or event (the CSS class too).
    pub kind: &'static str,
    pub inbound: bool,
    pub label: String,
    pub author: String,
    pub body: String,
    pub when: String,
    pub delivery: String,
    pub origin: String,
    /// Why the mail shows as it does, when it could not be read whole (empty otherwise).
    pub flag: &'static str,
    /// "Cc: … · Bcc: …" of a reply (blind copies only reach staff views: see
    /// `conversation::hide_blind_copies`).
    pub copies: String,
    pub attachments: Vec<AttachmentView>,
}

fn copies(m: &Message) -> String {
    let list = |k: &str| -> Vec<&str> {
        m.meta[k]
            .as_array()
            .map(|a| a.iter().filter_map(|v| v.as_str()).collect())
            .unwrap_or_default()
    };
    [("Cc", list("cc")), ("Bcc", list("bcc"))]
        .into_iter()
        .filter(|(_, l)| !l.is_empty())
        .map(|(h, l)| format!("{h}: {}", l.join(", ")))
        .collect::<Vec<_>>()
        .join(" · ")
}

pub fn size(bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / 1048576.0)
    } else if bytes >= 1024 {
        format!("{} KB", bytes / 1024)
    } else {
        format!("{bytes} B")
    }
}

/// The conversation as the page shows it, attachments under their message.
pub fn conversation(t: T, messages: &[Message], attachments: &[Attachment]) -> Vec<MessageView> {
    messages
        .iter()
        .map(|m| {
            let inbound = m.direction == Direction::Inbound;
            let label = match m.kind {
                MessageKind::Public if inbound => t.s("msg_inbound").to_string(),
                MessageKind::Public => t.s("msg_outbound").to_string(),
                MessageKind::Note => t.s("msg_note").to_string(),
                MessageKind::Call => {
                    let mins = m.meta["duration_secs"].as_u64().unwrap_or(0).div_ceil(60);
                    let which = if inbound {
                        "call_inbound"
                    } else {
                        "call_outbound"
                    };
                    format!("{} · {mins} min", t.s(which))
                }
                MessageKind::Event => t.s("msg_event").to_string(),
            };
            let origin = m.meta["merged_from"]
                .as_str()
                .or(m.meta["split_from"].as_str())
                .map(|n| t.s("copied_from").replace("{}", n))
                .unwrap_or_default();
            MessageView {
                seq: m.seq,
                kind: m.kind.as_str(),
                inbound,
                label,
                author: author(t, &m.author_name),
                body: if m.kind == MessageKind::Event {
                    super::system_words::event(t, &m.body)
                } else {
                    m.body.clone()
                },
                when: when(m.created_at),
                delivery: m
                    .delivery
                    .as_deref()
                    .map(|d| t.label("delivery", d))
                    .unwrap_or_default(),
                origin,
                flag: mail_flag(t, &m.meta),
                copies: copies(m),
                attachments: attachments
                    .iter()
                    .filter(|a| a.message_id == m.id)
                    .map(|a| AttachmentView {
                        id: a.id,
                        filename: a.filename.clone(),
                        size: size(a.size),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// The flag of an inbound mail whose HTML was refused (shown as text) or that had parts
/// that could not be read, as the intake recorded it.
fn mail_flag(t: T, meta: &serde_json::Value) -> &'static str {
    if meta["html_refused"].as_bool() == Some(true) {
        t.s("mail_as_text")
    } else if meta["problems"].as_array().is_some_and(|p| !p.is_empty()) {
        t.s("mail_problems")
    } else {
        ""
    }
}

/// An author as the page names them: the unnamed customer and a department's answer
/// ("leo (logistics)") in the viewer's words.
fn author(t: T, name: &str) -> String {
    if name == "customer" {
        return t.s("customer").to_string();
    }
    if let Some((who, rest)) = name.rsplit_once(" (")
        && let Some(dept) = rest.strip_suffix(')')
        && purser_domain::roles::Department::parse(dept).is_some()
    {
        return format!("{who} ({})", t.label("dept", dept));
    }
    name.to_string()
}

/// An attachment's bytes as a download, never shown inline (an uploaded page or script
/// must not run on our origin): the stored type, `attachment`, and a sandbox.
pub async fn download(s: &AppState, c: &Caller, case_id: Uuid, id: Uuid) -> Response {
    let (a, data) = match conversation::attachment(s.store(), &c.ctx, case_id, id).await {
        Ok(x) => x,
        Err(e) => return failure(e),
    };
    crate::download::attachment(&a.filename, &a.content_type, data)
}
