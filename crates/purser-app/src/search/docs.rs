//! How each record reads to search: a [`Searchable`] per record kind, carrying who may
//! find it (the customer, the departments with a task on its case, staff-only notes).

use jiff::Timestamp;
use purser_domain::cases::MessageKind;
use purser_search::{Kind, SearchDoc, Searchable, Visibility};
use purser_store::case_messages::{Attachment, Message};
use purser_store::cases::Case;
use purser_store::contacts::Contact;
use purser_store::customers::Customer;
use purser_store::tracking::shipments::Shipment;
use uuid::Uuid;

fn at(micros: i64) -> Option<Timestamp> {
    Timestamp::from_microsecond(micros).ok()
}

/// What a case lends the documents that belong to it: its customer and its departments.
#[derive(Debug, Clone)]
pub struct CaseFacts {
    pub case: Case,
    pub refs: Vec<String>,
    pub departments: Vec<String>,
}

impl CaseFacts {
    fn doc(&self, kind: Kind, id: Uuid, visibility: Visibility) -> SearchDoc {
        let mut d = SearchDoc::new(kind, id, visibility);
        d.case_id = Some(self.case.id);
        d.customer_id = self.case.customer_id;
        d.team_id = self.case.team_id;
        d.departments = self.departments.clone();
        d
    }
}

/// Public messages reach the customer (the portal shows them); notes, calls and Purser's
/// own events stay with staff.
fn visibility_of(kind: MessageKind) -> Visibility {
    match kind {
        MessageKind::Public => Visibility::Customer,
        MessageKind::Note | MessageKind::Call | MessageKind::Event => Visibility::Staff,
    }
}

impl Searchable for CaseFacts {
    fn search_doc(&self) -> SearchDoc {
        let c = &self.case;
        // a case without a customer is internal: staff, and departments with a task on it
        let mut d = self.doc(Kind::CASE, c.id, Visibility::Customer);
        d.title = format!("{} {}", c.number, c.subject);
        d.body = c.tags.join(" ");
        d.references = std::iter::once(c.number.clone())
            .chain(self.refs.iter().cloned())
            .collect();
        d.status = Some(c.status.as_str().to_string());
        d.date = at(c.created_at);
        d
    }
}

/// A message with the case it belongs to.
pub struct MessageRecord<'a> {
    pub message: &'a Message,
    pub case: &'a CaseFacts,
}

impl Searchable for MessageRecord<'_> {
    fn search_doc(&self) -> SearchDoc {
        let m = self.message;
        let mut d = self.case.doc(Kind::MESSAGE, m.id, visibility_of(m.kind));
        // the author, not the case's subject: a word of the subject finds the case once,
        // not once more for every message under it
        d.title = m.author_name.clone();
        d.body = m.body.clone();
        d.date = at(m.created_at);
        d.from = m
            .meta
            .get("from")
            .and_then(|f| f.as_str())
            .map(str::to_lowercase);
        d
    }
}

/// An attachment, with its message (whose visibility it shares) and case. Found by its
/// name; the text inside files is not extracted yet.
pub struct AttachmentRecord<'a> {
    pub attachment: &'a Attachment,
    pub message_kind: MessageKind,
    pub case: &'a CaseFacts,
}

impl Searchable for AttachmentRecord<'_> {
    fn search_doc(&self) -> SearchDoc {
        let a = self.attachment;
        let mut d = self
            .case
            .doc(Kind::ATTACHMENT, a.id, visibility_of(self.message_kind));
        d.title = a.filename.clone();
        d
    }
}

pub struct CustomerRecord<'a>(pub &'a Customer);

impl Searchable for CustomerRecord<'_> {
    fn search_doc(&self) -> SearchDoc {
        let c = self.0;
        let mut d = SearchDoc::new(Kind::CUSTOMER, c.id, Visibility::Customer);
        d.title = match &c.local_name {
            Some(local) => format!("{} {local}", c.legal_name),
            None => c.legal_name.clone(),
        };
        d.body = c.service_requirements.clone();
        d.references = [
            Some(&c.number),
            c.tax_id.as_ref(),
            c.registration_id.as_ref(),
        ]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
        d.customer_id = Some(c.id);
        d.status = Some(c.status.as_str().to_string());
        d.date = at(c.created_at);
        d
    }
}

pub struct ContactRecord<'a>(pub &'a Contact);

impl Searchable for ContactRecord<'_> {
    fn search_doc(&self) -> SearchDoc {
        let c = self.0;
        let mut d = SearchDoc::new(Kind::CONTACT, c.id, Visibility::Customer);
        d.title = c.name.clone();
        d.body = c.role_title.clone();
        d.references = c.emails.iter().chain(&c.phones).cloned().collect();
        d.customer_id = Some(c.customer_id);
        d.status = Some(if c.archived { "archived" } else { "active" }.into());
        d.date = at(c.created_at);
        d
    }
}

/// A shipment with its references (booking, B/L, containers): one document finds it by
/// any of them.
pub struct ShipmentRecord<'a> {
    pub shipment: &'a Shipment,
    pub refs: Vec<String>,
}

impl Searchable for ShipmentRecord<'_> {
    fn search_doc(&self) -> SearchDoc {
        let s = self.shipment;
        let mut d = SearchDoc::new(Kind::SHIPMENT, s.id, Visibility::Customer);
        d.title = format!(
            "{} {} → {}",
            s.reference, s.port_of_loading, s.port_of_discharge
        );
        d.body = [s.vessel_imo.as_deref(), s.voyage.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        d.references = [s.reference.clone(), s.booking_reference.clone()]
            .into_iter()
            .chain(self.refs.iter().cloned())
            .chain(s.vessel_imo.clone())
            .collect();
        d.customer_id = Some(s.customer_id);
        d.status = Some(s.status.clone());
        d.date = at(s.created_at);
        d
    }
}

/// A knowledge-base article, by the kb module's own index text: drafts are the desk's,
/// internal articles every department's too, public ones everyone's.
pub struct ArticleRecord(pub purser_domain::kb::IndexText);

impl Searchable for ArticleRecord {
    fn search_doc(&self) -> SearchDoc {
        use purser_domain::kb::ArticleState;
        use purser_domain::roles::Department;
        let a = &self.0;
        let visibility = match a.visibility {
            ArticleState::Draft => Visibility::Staff,
            // no customer owns it, so no customer user matches it
            ArticleState::Internal => Visibility::Customer,
            ArticleState::Public => Visibility::Public,
        };
        let mut d = SearchDoc::new(Kind::ARTICLE, a.id, visibility);
        d.title = a.title.clone();
        d.body = a.body.clone();
        d.status = Some(a.visibility.as_str().to_string());
        d.departments = [
            Department::CustomerService,
            Department::Sales,
            Department::Logistics,
            Department::Operations,
            Department::Finance,
        ]
        .iter()
        .map(|d| d.as_str().to_string())
        .collect();
        d
    }
}
