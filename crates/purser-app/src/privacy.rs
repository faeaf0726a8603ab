//! Data protection on request, for admins: export what Purser holds about a customer or one
//! of its contacts (JSON, or CSV for a spreadsheet), and erase or anonymise a contact across
//! its cases, messages and notices. What goes and what stays is the domain's rule
//! (`purser_domain::privacy::treatment`); both requests leave an audit entry that names no
//! personal data.

use crate::audit::Audit;
use crate::{AppError, Ctx, Result};
use purser_domain::book::ContactInput;
use purser_domain::privacy::{self, ERASED, Mode, PLACEHOLDER, Record, Treatment};
use purser_domain::roles::CustomerScope;
use purser_store::activities::{self, Activity};
use purser_store::audit::Entry;
use purser_store::case_messages::Message;
use purser_store::cases::Case;
use purser_store::contacts::{self, Contact};
use purser_store::contracts::{self, Contract};
use purser_store::customers::{self, Customer};
use purser_store::tracking::notices::Notice;
use purser_store::{Store, now_micros, privacy as rows};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// Everything Purser holds about one customer or one contact.
#[derive(Debug, Serialize, ToSchema)]
pub struct Export {
    /// "customer" or "contact".
    pub subject: String,
    pub subject_id: Uuid,
    /// Microseconds since the epoch, UTC.
    pub exported_at: i64,
    /// The company (a customer's export only).
    pub customer: Option<Customer>,
    pub contacts: Vec<Contact>,
    pub contracts: Vec<Contract>,
    pub activities: Vec<Activity>,
    pub cases: Vec<Case>,
    /// The cases' messages, internal notes included, in each case's order.
    pub messages: Vec<Message>,
    pub notices: Vec<Notice>,
    pub audit: Vec<Entry>,
}

/// Admins only; anyone else on the customer side gets NotFound, as for any staff record.
fn require_admin(ctx: &Ctx) -> Result<()> {
    if !ctx.actor.is_staff() {
        return Err(AppError::NotFound);
    }
    if !ctx.actor.can_admin() {
        return Err(AppError::Forbidden);
    }
    Ok(())
}

/// A customer's book entries, cases, messages, notices and audit.
pub async fn export_customer(store: &Store, ctx: &Ctx, customer_id: Uuid) -> Result<Export> {
    require_admin(ctx)?;
    let mut tx = store.begin().await?;
    let customer = customers::get(&mut tx, customer_id, &CustomerScope::All).await?;
    let cases = rows::cases_of_customer(&mut tx, customer_id).await?;
    let case_ids: Vec<Uuid> = cases.iter().map(|c| c.id).collect();
    let export = Export {
        subject: "customer".into(),
        subject_id: customer_id,
        exported_at: now_micros(),
        contacts: contacts::list(&mut tx, customer_id, true).await?,
        contracts: contracts::list(&mut tx, customer_id).await?,
        activities: activities::list(&mut tx, customer_id, u64::MAX >> 1).await?,
        messages: rows::messages_of_cases(&mut tx, &case_ids).await?,
        notices: rows::notices_of_customer(&mut tx, customer_id).await?,
        audit: rows::audit_of_customer(&mut tx, customer_id).await?,
        customer: Some(customer),
        cases,
    };
    exported(&mut tx, ctx, "customer", customer_id, customer_id, &export).await?;
    tx.commit().await?;
    Ok(export)
}

/// A contact's own entry, the cases they raised with their messages, the notices sent to
/// them and the audit of all of these.
pub async fn export_contact(
    store: &Store,
    ctx: &Ctx,
    customer_id: Uuid,
    contact_id: Uuid,
) -> Result<Export> {
    require_admin(ctx)?;
    let mut tx = store.begin().await?;
    let contact = contacts::get(&mut tx, customer_id, contact_id).await?;
    let cases = rows::cases_of_contact(&mut tx, contact_id).await?;
    let mut objects: Vec<Uuid> = cases.iter().map(|c| c.id).collect();
    let messages = rows::messages_of_cases(&mut tx, &objects).await?;
    objects.push(contact_id);
    let export = Export {
        subject: "contact".into(),
        subject_id: contact_id,
        exported_at: now_micros(),
        customer: None,
        contacts: vec![contact],
        contracts: vec![],
        activities: vec![],
        messages,
        notices: rows::notices_to_contact(&mut tx, contact_id).await?,
        audit: rows::audit_of_objects(&mut tx, &objects).await?,
        cases,
    };
    exported(&mut tx, ctx, "contact", contact_id, customer_id, &export).await?;
    tx.commit().await?;
    Ok(export)
}

/// The audit entry of an export: what was handed out, counted, never copied.
async fn exported(
    tx: &mut purser_store::Tx,
    ctx: &Ctx,
    object_type: &str,
    object_id: Uuid,
    customer_id: Uuid,
    e: &Export,
) -> Result<()> {
    let counts = serde_json::json!({
        "contacts": e.contacts.len(),
        "cases": e.cases.len(),
        "messages": e.messages.len(),
        "notices": e.notices.len(),
        "audit": e.audit.len(),
    });
    Audit::that(ctx)
        .did("export_personal_data")
        .on(object_type, object_id)
        .for_customer(customer_id)
        .after(&counts)
        .write(tx)
        .await
}

/// The export as one CSV table: a row per record, its kind, id, time, a readable text and
/// the whole record as JSON (UTF-8 with BOM, so spreadsheets read Chinese right).
pub fn export_csv(e: &Export) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    let internal = |err: csv::Error| AppError::Internal(err.to_string());
    w.write_record(["record", "id", "at", "text", "json"])
        .map_err(internal)?;
    let mut row = |kind: &str, id: Uuid, at: i64, text: &str, v: &dyn erased::Json| {
        w.write_record([kind, &id.to_string(), &at.to_string(), text, &v.json()])
    };
    if let Some(c) = &e.customer {
        row("customer", c.id, c.updated_at, &c.legal_name, c).map_err(internal)?;
    }
    for c in &e.contacts {
        row("contact", c.id, c.updated_at, &c.name, c).map_err(internal)?;
    }
    for c in &e.contracts {
        row("contract", c.id, c.updated_at, "", c).map_err(internal)?;
    }
    for a in &e.activities {
        row("activity", a.id, a.updated_at, &a.subject, a).map_err(internal)?;
    }
    for c in &e.cases {
        let text = format!("{} {}", c.number, c.subject);
        row("case", c.id, c.created_at, &text, c).map_err(internal)?;
    }
    for m in &e.messages {
        row("message", m.id, m.created_at, &m.body, m).map_err(internal)?;
    }
    for n in &e.notices {
        row("notice", n.id, n.created_at, &n.subject, n).map_err(internal)?;
    }
    for a in &e.audit {
        let text = format!("{} {} by {}", a.action, a.object_type, a.actor_label);
        row("audit", a.id, a.at, &text, a).map_err(internal)?;
    }
    w.into_inner()
        .map_err(|e| AppError::Internal(e.to_string()))
}

/// Serialising records of different types through one closure.
mod erased {
    pub trait Json {
        fn json(&self) -> String;
    }
    impl<T: serde::Serialize> Json for T {
        fn json(&self) -> String {
            serde_json::to_string(self).unwrap_or_default()
        }
    }
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ErasureRequest {
    /// anonymise (what they wrote stays, their identifiers go) or erase (what they wrote
    /// goes too).
    pub mode: Mode,
    /// Why, e.g. "GDPR request of 2026-12-01 by e-mail"; kept in the audit.
    pub reason: String,
}

/// What an erasure changed and what it kept.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ErasureReport {
    pub contact_id: Uuid,
    pub mode: Mode,
    /// Case numbers whose subjects, messages or notices were touched.
    pub cases: Vec<String>,
    pub case_subjects_redacted: u64,
    pub messages_redacted: u64,
    pub messages_erased: u64,
    pub raw_mails_erased: u64,
    pub notices_redacted: u64,
    /// Records kept as they are, and why.
    pub kept: Vec<String>,
}

/// Erases or anonymises a contact in one transaction: their entry, the address index, the
/// subjects and messages of the cases they raised, the raw mails those came from and the
/// notices sent to them. Attachments, shipping documents and the audit stay.
pub async fn erase_contact(
    store: &Store,
    ctx: &Ctx,
    customer_id: Uuid,
    contact_id: Uuid,
    req: &ErasureRequest,
) -> Result<ErasureReport> {
    require_admin(ctx)?;
    if req.reason.trim().is_empty() {
        return Err(AppError::field("reason", "is required"));
    }
    let mode = req.mode;
    let mut tx = store.begin().await?;
    let contact = contacts::get(&mut tx, customer_id, contact_id).await?;
    let ids = privacy::identifiers(&contact.name, &contact.emails, &contact.phones);
    let cases = rows::cases_of_contact(&mut tx, contact_id).await?;
    let mut report = ErasureReport {
        contact_id,
        mode,
        cases: cases.iter().map(|c| c.number.clone()).collect(),
        case_subjects_redacted: 0,
        messages_redacted: 0,
        messages_erased: 0,
        raw_mails_erased: 0,
        notices_redacted: 0,
        kept: Vec::new(),
    };

    for c in &cases {
        let subject = apply(Record::CaseSubject, mode, &c.subject, &ids);
        if subject != c.subject {
            rows::set_case_subject(&mut tx, c.id, &subject).await?;
            report.case_subjects_redacted += 1;
        }
    }

    let case_ids: Vec<Uuid> = cases.iter().map(|c| c.id).collect();
    let mut from_contact = Vec::new();
    for m in rows::messages_of_cases(&mut tx, &case_ids).await? {
        let record = if rows::from_customer(&m) {
            from_contact.push(m.id);
            Record::MessageFromContact
        } else {
            Record::MessageAboutContact
        };
        let meta = redact_json(&m.meta, &ids);
        let author = match privacy::treatment(record, mode) {
            Treatment::Blank => PLACEHOLDER.to_string(),
            _ => privacy::redact(&m.author_name, &ids),
        };
        let body = apply(record, mode, &m.body, &ids);
        if author != m.author_name || body != m.body || meta != m.meta {
            rows::set_message_text(&mut tx, m.id, &author, &body, &meta).await?;
            if body == ERASED {
                report.messages_erased += 1;
            } else {
                report.messages_redacted += 1;
            }
        }
    }
    if privacy::treatment(Record::RawMail, mode) == Treatment::Blank {
        report.raw_mails_erased =
            rows::blank_raw_mail(&mut tx, &from_contact, ERASED.as_bytes()).await?;
    }

    for n in rows::notices_to_contact(&mut tx, contact_id).await? {
        let subject = apply(Record::NoticeToContact, mode, &n.subject, &ids);
        let body = apply(Record::NoticeToContact, mode, &n.body, &ids);
        if subject != n.subject || body != n.body {
            rows::set_notice_text(&mut tx, n.id, &subject, &body).await?;
            report.notices_redacted += 1;
        }
    }

    // the row stays (cases point at it); the address index goes with the addresses
    let blank = ContactInput {
        name: PLACEHOLDER.into(),
        role_title: String::new(),
        emails: vec![],
        phones: vec![],
        language: contact.language,
        preferred_channel: contact.preferred_channel,
        notifications: contact.notifications,
        portal_access: false,
    };
    contacts::update(&mut tx, customer_id, contact_id, None, &blank).await?;
    if !contact.archived {
        contacts::archive(&mut tx, customer_id, contact_id, None).await?;
    }

    report.kept = Record::ALL
        .iter()
        .filter_map(|r| match privacy::treatment(*r, mode) {
            Treatment::Keep(why) => Some(format!("{r:?}: {why:?}")),
            _ => None,
        })
        .collect();
    // the audit says that it happened, by whom, why and what it touched; never the data
    let after = serde_json::json!({ "reason": req.reason.trim(), "report": &report });
    Audit::that(ctx)
        .did(match mode {
            Mode::Erase => "erase_personal_data",
            Mode::Anonymise => "anonymise_personal_data",
        })
        .on("contact", contact_id)
        .for_customer(customer_id)
        .after(&after)
        .write(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(report)
}

/// A record's text after the rule: redacted, blanked, or as it was.
fn apply(record: Record, mode: Mode, text: &str, ids: &[&str]) -> String {
    match privacy::treatment(record, mode) {
        Treatment::Redact => privacy::redact(text, ids),
        Treatment::Blank => ERASED.to_string(),
        Treatment::Delete | Treatment::Keep(_) => text.to_string(),
    }
}

/// A JSON value with the identifiers redacted in every string of it.
fn redact_json(v: &serde_json::Value, ids: &[&str]) -> serde_json::Value {
    use serde_json::Value;
    match v {
        Value::String(s) => Value::String(privacy::redact(s, ids)),
        Value::Array(a) => Value::Array(a.iter().map(|x| redact_json(x, ids)).collect()),
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, x)| (k.clone(), redact_json(x, ids)))
                .collect(),
        ),
        other => other.clone(),
    }
}
