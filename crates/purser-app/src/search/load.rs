//! Reads the records a batch of changes names and turns them into documents; a record
//! that no longer exists is a document to delete. A case brings its messages and
//! attachments along, since they carry its customer and departments.

use std::collections::{BTreeSet, HashMap};

use purser_domain::cases::MessageKind;
use purser_search::{Kind, SearchDoc, Searchable};
use purser_store::Db;
use purser_store::case_messages::{Attachment, Message};
use purser_store::cases::Case;
use purser_store::change_feed::{Change, kinds};
use purser_store::contacts::Contact;
use purser_store::customers::Customer;
use purser_store::search_source::{self as source, tables};
use purser_store::tracking::shipments::{self, Shipment};
use uuid::Uuid;

use purser_store::kb::Article;

use super::docs::{
    ArticleRecord, AttachmentRecord, CaseFacts, ContactRecord, CustomerRecord, MessageRecord,
    ShipmentRecord,
};
use crate::Result;

/// Record ids to (re)index, by kind.
#[derive(Debug, Default)]
pub struct Batch {
    pub cases: BTreeSet<Uuid>,
    pub messages: BTreeSet<Uuid>,
    pub attachments: BTreeSet<Uuid>,
    pub customers: BTreeSet<Uuid>,
    pub contacts: BTreeSet<Uuid>,
    pub shipments: BTreeSet<Uuid>,
    pub articles: BTreeSet<Uuid>,
}

impl Batch {
    /// The records these changes name, each once; deletions are loaded too and, being
    /// gone, come back as [`Loaded::gone`].
    pub fn of(changes: &[Change]) -> Batch {
        let mut b = Batch::default();
        for c in changes {
            let set = match c.kind.as_str() {
                kinds::CASE => &mut b.cases,
                kinds::MESSAGE => &mut b.messages,
                kinds::ATTACHMENT => &mut b.attachments,
                kinds::CUSTOMER => &mut b.customers,
                kinds::CONTACT => &mut b.contacts,
                kinds::SHIPMENT => &mut b.shipments,
                kinds::ARTICLE => &mut b.articles,
                _ => continue, // a kind search does not hold
            };
            set.insert(c.record_id);
        }
        b
    }

    pub fn len(&self) -> usize {
        self.cases.len()
            + self.messages.len()
            + self.attachments.len()
            + self.customers.len()
            + self.contacts.len()
            + self.shipments.len()
            + self.articles.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Documents to upsert and (kind, id) of records that are gone.
#[derive(Debug, Default)]
pub struct Loaded {
    pub docs: Vec<SearchDoc>,
    pub gone: Vec<(Kind, Uuid)>,
}

fn v(set: &BTreeSet<Uuid>) -> Vec<Uuid> {
    set.iter().copied().collect()
}

pub async fn load(db: &mut impl Db, batch: &Batch) -> Result<Loaded> {
    let mut out = Loaded::default();

    // a case's own messages and attachments follow it (its customer or departments moved)
    let case_ids = v(&batch.cases);
    let mut messages: Vec<Message> =
        source::by_column(db, tables::MESSAGES, "case_id", &case_ids).await?;
    let mut attachments: Vec<Attachment> =
        source::by_column(db, tables::ATTACHMENTS, "case_id", &case_ids).await?;
    let asked: Vec<Uuid> = batch
        .messages
        .iter()
        .filter(|id| !messages.iter().any(|m| m.id == **id))
        .copied()
        .collect();
    let found: Vec<Message> = source::by_ids(db, tables::MESSAGES, &asked).await?;
    gone(&mut out, Kind::MESSAGE, &asked, found.iter().map(|m| m.id));
    messages.extend(found);
    let asked: Vec<Uuid> = batch
        .attachments
        .iter()
        .filter(|id| !attachments.iter().any(|a| a.id == **id))
        .copied()
        .collect();
    let found: Vec<Attachment> = source::by_ids(db, tables::ATTACHMENTS, &asked).await?;
    gone(
        &mut out,
        Kind::ATTACHMENT,
        &asked,
        found.iter().map(|a| a.id),
    );
    attachments.extend(found);

    // an attachment shares its message's visibility
    let mut kind_of: HashMap<Uuid, MessageKind> = messages.iter().map(|m| (m.id, m.kind)).collect();
    let missing: Vec<Uuid> = attachments
        .iter()
        .map(|a| a.message_id)
        .filter(|id| !kind_of.contains_key(id))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    for m in source::by_ids::<Message>(db, tables::MESSAGES, &missing).await? {
        kind_of.insert(m.id, m.kind);
    }

    let mut all_cases: BTreeSet<Uuid> = batch.cases.clone();
    all_cases.extend(messages.iter().map(|m| m.case_id));
    all_cases.extend(attachments.iter().map(|a| a.case_id));
    let facts = case_facts(db, &v(&all_cases)).await?;
    gone(&mut out, Kind::CASE, &case_ids, facts.keys().copied());
    for id in &case_ids {
        if let Some(f) = facts.get(id) {
            out.docs.push(f.search_doc());
        }
    }
    for m in &messages {
        if let Some(case) = facts.get(&m.case_id) {
            out.docs
                .push(MessageRecord { message: m, case }.search_doc());
        }
    }
    for a in &attachments {
        if let Some(case) = facts.get(&a.case_id) {
            // an attachment whose message is gone is shown to staff only
            let message_kind = kind_of
                .get(&a.message_id)
                .copied()
                .unwrap_or(MessageKind::Note);
            out.docs.push(
                AttachmentRecord {
                    attachment: a,
                    message_kind,
                    case,
                }
                .search_doc(),
            );
        }
    }

    let ids = v(&batch.customers);
    let found: Vec<Customer> = source::by_ids(db, tables::CUSTOMERS, &ids).await?;
    gone(&mut out, Kind::CUSTOMER, &ids, found.iter().map(|c| c.id));
    out.docs
        .extend(found.iter().map(|c| CustomerRecord(c).search_doc()));

    let ids = v(&batch.contacts);
    let found: Vec<Contact> = source::by_ids(db, tables::CONTACTS, &ids).await?;
    gone(&mut out, Kind::CONTACT, &ids, found.iter().map(|c| c.id));
    out.docs
        .extend(found.iter().map(|c| ContactRecord(c).search_doc()));

    let ids = v(&batch.shipments);
    let found: Vec<Shipment> = source::by_ids(db, tables::SHIPMENTS, &ids).await?;
    gone(&mut out, Kind::SHIPMENT, &ids, found.iter().map(|s| s.id));
    let mut refs: HashMap<Uuid, Vec<String>> = HashMap::new();
    for (id, _, value) in shipments::refs_many(db, &ids).await? {
        refs.entry(id).or_default().push(value);
    }
    for s in &found {
        let refs = refs.remove(&s.id).unwrap_or_default();
        out.docs
            .push(ShipmentRecord { shipment: s, refs }.search_doc());
    }

    let ids = v(&batch.articles);
    let found: Vec<Article> = source::by_ids(db, tables::ARTICLES, &ids).await?;
    gone(&mut out, Kind::ARTICLE, &ids, found.iter().map(|a| a.id));
    out.docs.extend(
        found
            .iter()
            .map(|a| ArticleRecord(a.index_text()).search_doc()),
    );
    Ok(out)
}

/// The asked ids that were not found are gone.
fn gone(out: &mut Loaded, kind: Kind, asked: &[Uuid], found: impl Iterator<Item = Uuid>) {
    let found: BTreeSet<Uuid> = found.collect();
    out.gone.extend(
        asked
            .iter()
            .filter(|id| !found.contains(id))
            .map(|id| (kind.clone(), *id)),
    );
}

async fn case_facts(db: &mut impl Db, ids: &[Uuid]) -> Result<HashMap<Uuid, CaseFacts>> {
    let cases: Vec<Case> = source::by_ids(db, tables::CASES, ids).await?;
    let mut refs: HashMap<Uuid, Vec<String>> = HashMap::new();
    for (id, value) in source::case_refs(db, ids).await? {
        refs.entry(id).or_default().push(value);
    }
    let mut depts: HashMap<Uuid, Vec<String>> = HashMap::new();
    for (id, dept) in source::case_departments(db, ids).await? {
        depts.entry(id).or_default().push(dept);
    }
    Ok(cases
        .into_iter()
        .map(|case| {
            let id = case.id;
            let facts = CaseFacts {
                refs: refs.remove(&id).unwrap_or_default(),
                departments: depts.remove(&id).unwrap_or_default(),
                case,
            };
            (id, facts)
        })
        .collect())
}
