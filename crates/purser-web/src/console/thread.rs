//! A case's conversation as pages show it (the desk's case page and the portal's), and its
//! attachments as downloads that never render on our origin.

use super::{failure, when};
use crate::auth::Caller;
use crate::i18n::T;
use crate::state::AppState;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
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
    pub attachments: Vec<AttachmentView>,
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
                author: m.author_name.clone(),
                body: m.body.clone(),
                when: when(m.created_at),
                delivery: m
                    .delivery
                    .as_deref()
                    .map(|d| t.label("delivery", d))
                    .unwrap_or_default(),
                origin,
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

/// `Content-Disposition: attachment` with an ASCII name and the exact UTF-8 one (RFC 6266).
fn disposition(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|ch| {
            if (ch.is_ascii_graphic() || ch == ' ') && ch != '"' && ch != '\\' {
                ch
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            encoded.push(b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

/// An attachment's bytes as a download, never shown inline (an uploaded page or script
/// must not run on our origin): the stored type, `attachment`, and a sandbox.
pub async fn download(s: &AppState, c: &Caller, case_id: Uuid, id: Uuid) -> Response {
    let (a, data) = match conversation::attachment(s.store(), &c.ctx, case_id, id).await {
        Ok(x) => x,
        Err(e) => return failure(e),
    };
    let content_type = HeaderValue::from_str(&a.content_type)
        .ok()
        .filter(|v| v.to_str().is_ok_and(|s| s.contains('/')))
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    let mut r = data.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, content_type);
    if let Ok(v) = HeaderValue::from_str(&disposition(&a.filename)) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("sandbox; default-src 'none'"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-cache"),
    );
    r
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_download_name_is_quoted_safely_and_kept_exactly_in_utf8() {
        assert_eq!(
            super::disposition("報價 \"v2\".pdf"),
            "attachment; filename=\"__ _v2_.pdf\"; filename*=UTF-8''%E5%A0%B1%E5%83%B9%20%22v2%22.pdf"
        );
    }
}
