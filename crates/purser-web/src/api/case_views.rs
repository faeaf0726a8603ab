//! A case as its customer may read it. Staff get the whole row; a portal user's token or
//! session gets these views instead, which leave out how the desk works the case: its team
//! and owner, why it was routed there, its SLA policy and clocks, tags and internal links.

use crate::auth::Caller;
use purser_app::cases::CasePage;
use purser_app::cases::conversation::CustomerReplyResult;
use purser_domain::cases::state::CaseStatus;
use purser_domain::cases::{CaseChannel, CaseType, MessageKind};
use purser_domain::customers::Language;
use purser_domain::roles::Role;
use purser_store::case_messages::{Attachment, Message};
use purser_store::cases::{Case, CaseRef};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// What a customer reads of its case.
#[derive(Debug, Clone, Serialize, ToSchema)]
// closed, so a staff record (a superset) never also fits this view in the OpenAPI oneOf
#[serde(deny_unknown_fields)]
pub struct CustomerCase {
    pub id: Uuid,
    pub number: String,
    pub subject: String,
    pub case_type: CaseType,
    pub channel: CaseChannel,
    pub status: CaseStatus,
    pub active: bool,
    pub language: Language,
    pub customer_id: Option<Uuid>,
    pub contact_id: Option<Uuid>,
    pub first_response_at: Option<i64>,
    pub resolved_at: Option<i64>,
    pub last_message_at: i64,
    pub message_count: i64,
    pub rating: Option<i64>,
    pub rating_comment: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub version: i64,
}

impl From<Case> for CustomerCase {
    fn from(k: Case) -> Self {
        CustomerCase {
            id: k.id,
            number: k.number,
            subject: k.subject,
            case_type: k.case_type,
            channel: k.channel,
            status: k.status,
            active: k.active,
            language: k.language,
            customer_id: k.customer_id,
            contact_id: k.contact_id,
            first_response_at: k.first_response_at,
            resolved_at: k.resolved_at,
            last_message_at: k.last_message_at,
            message_count: k.message_count,
            rating: k.rating,
            rating_comment: k.rating_comment,
            created_at: k.created_at,
            updated_at: k.updated_at,
            version: k.version,
        }
    }
}

/// A message of the conversation as its customer reads it: no staff ids, mentions,
/// outbox jobs or kind-specific internals.
#[derive(Debug, Clone, Serialize, ToSchema)]
// closed, so a staff record (a superset) never also fits this view in the OpenAPI oneOf
#[serde(deny_unknown_fields)]
pub struct CustomerMessage {
    pub id: Uuid,
    pub case_id: Uuid,
    pub seq: i64,
    pub kind: MessageKind,
    pub author_name: String,
    pub body: String,
    /// Who else the reply was sent to openly (blind copies are never shown).
    pub cc: Vec<String>,
    pub created_at: i64,
}

impl From<Message> for CustomerMessage {
    fn from(m: Message) -> Self {
        CustomerMessage {
            id: m.id,
            case_id: m.case_id,
            seq: m.seq,
            kind: m.kind,
            cc: m.meta["cc"]
                .as_array()
                .map(|list| {
                    list.iter()
                        .filter_map(|a| a.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default(),
            author_name: m.author_name,
            body: m.body,
            created_at: m.created_at,
        }
    }
}

/// A case for staff (every field) or for its customer (`CustomerCase`).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(untagged)]
// a response value, built and serialised at once: boxing the staff case would buy nothing
#[allow(clippy::large_enum_variant)]
pub enum CaseView {
    Staff(Case),
    Customer(CustomerCase),
}

/// A message for staff or for the case's customer.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(untagged)]
pub enum MessageView {
    Staff(Message),
    Customer(CustomerMessage),
}

/// The case page as its customer reads it.
#[derive(Debug, Clone, Serialize, ToSchema)]
// closed, so a staff record (a superset) never also fits this view in the OpenAPI oneOf
#[serde(deny_unknown_fields)]
pub struct CustomerCasePage {
    pub case: CustomerCase,
    pub messages: Vec<CustomerMessage>,
    pub refs: Vec<CaseRef>,
    pub attachments: Vec<CustomerAttachment>,
}

/// An attachment as its customer sees it (no storage hash).
#[derive(Debug, Clone, Serialize, ToSchema)]
// closed, so a staff record (a superset) never also fits this view in the OpenAPI oneOf
#[serde(deny_unknown_fields)]
pub struct CustomerAttachment {
    pub id: Uuid,
    pub message_id: Uuid,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
}

impl From<Attachment> for CustomerAttachment {
    fn from(a: Attachment) -> Self {
        CustomerAttachment {
            id: a.id,
            message_id: a.message_id,
            filename: a.filename,
            content_type: a.content_type,
            size: a.size,
        }
    }
}

/// The case page for staff or for the case's customer.
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
#[allow(clippy::large_enum_variant)]
pub enum CasePageView {
    Staff(CasePage),
    Customer(CustomerCasePage),
}

/// A customer's message and the case it landed on.
#[derive(Debug, Serialize, ToSchema)]
// closed, so a staff record (a superset) never also fits this view in the OpenAPI oneOf
#[serde(deny_unknown_fields)]
pub struct CustomerReplyView {
    pub case_id: Uuid,
    pub case_number: String,
    pub message: CustomerMessage,
}

fn customer(c: &Caller) -> bool {
    c.user.role == Role::Customer
}

impl CaseView {
    pub fn for_caller(c: &Caller, k: Case) -> CaseView {
        if customer(c) {
            CaseView::Customer(k.into())
        } else {
            CaseView::Staff(k)
        }
    }
}

impl MessageView {
    pub fn for_caller(c: &Caller, m: Message) -> MessageView {
        if customer(c) {
            MessageView::Customer(m.into())
        } else {
            MessageView::Staff(m)
        }
    }
}

impl CasePageView {
    pub fn for_caller(c: &Caller, p: CasePage) -> CasePageView {
        if !customer(c) {
            return CasePageView::Staff(p);
        }
        CasePageView::Customer(CustomerCasePage {
            case: p.case.into(),
            messages: p.messages.into_iter().map(Into::into).collect(),
            refs: p.refs,
            attachments: p.attachments.into_iter().map(Into::into).collect(),
        })
    }
}

/// A customer reply's result: the portal user reads it as `CustomerReplyView`.
pub fn reply_for(c: &Caller, r: CustomerReplyResult) -> serde_json::Value {
    let v = if customer(c) {
        serde_json::to_value(CustomerReplyView {
            case_id: r.case_id,
            case_number: r.case_number,
            message: r.message.into(),
        })
    } else {
        serde_json::to_value(r)
    };
    v.unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fields a customer's case holds: a new field on `Case` stays out of it until
    /// someone decides a customer may read it.
    #[test]
    fn a_customer_case_holds_no_internal_field() {
        let names: Vec<&str> = [
            "team_id",
            "assignee_id",
            "assign_reason",
            "sla_policy_id",
            "tags",
            "lane",
            "due_at",
            "warn_at",
            "sla_state",
            "merged_into_id",
            "parent_id",
            "priority",
        ]
        .to_vec();
        use utoipa::PartialSchema;
        let schema = serde_json::to_value(CustomerCase::schema())
            .unwrap()
            .to_string();
        for n in names {
            assert!(!schema.contains(&format!("\"{n}\"")), "{n} in {schema}");
        }
        assert!(schema.contains("\"number\""));
        assert!(
            schema.contains("\"additionalProperties\":false"),
            "closed, so a staff case does not also fit it: {schema}"
        );
    }
}
