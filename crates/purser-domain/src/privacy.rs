//! Data protection on request: what erasing or anonymising a customer's contact does to
//! each kind of record, and the redaction of a person's identifiers in free text.
//!
//! The rule is one exhaustive match, so a new kind of record cannot be added without
//! deciding its fate. Shipping documents and the audit trail are kept: the first are
//! records the trade must keep (carriage contracts, customs), the second is how anyone can
//! later see that the erasure happened and who asked for it.

use serde::{Deserialize, Serialize};

/// How far the request goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// The person's identifiers go; what they wrote stays, with their identifiers replaced.
    Anonymise,
    /// The person's identifiers and what they wrote go; the conversation keeps a marker.
    Erase,
}

/// Every kind of record that can hold a contact's personal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Record {
    /// The contact's own row: name, title, e-mail addresses, phones.
    ContactDetails,
    /// The address index the e-mail channel finds senders in.
    AddressIndex,
    /// Subjects of the cases the contact raised.
    CaseSubject,
    /// Messages the contact sent (e-mail or portal): sender name and body.
    MessageFromContact,
    /// Messages others wrote on the contact's cases (replies, notes): they may name them.
    MessageAboutContact,
    /// The raw e-mail as received: headers carry the address.
    RawMail,
    /// Track-and-trace notices addressed to the contact.
    NoticeToContact,
    /// Attachments: B/Ls, invoices, packing lists — shipping documents.
    Attachment,
    /// Bookings, shipments, transport documents and their parties.
    ShippingDocument,
    /// The audit history, including the entry recording the erasure.
    Audit,
}

impl Record {
    pub const ALL: [Record; 10] = [
        Record::ContactDetails,
        Record::AddressIndex,
        Record::CaseSubject,
        Record::MessageFromContact,
        Record::MessageAboutContact,
        Record::RawMail,
        Record::NoticeToContact,
        Record::Attachment,
        Record::ShippingDocument,
        Record::Audit,
    ];
}

/// Why a record is kept as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeptFor {
    /// Shipping documents are records of carriage the trade and customs require.
    LegalRetention,
    /// The append-only audit is the proof of every change, the erasure included.
    Accountability,
}

/// What happens to one kind of record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Treatment {
    /// The row goes.
    Delete,
    /// Every identifier of the person in its text is replaced by [`PLACEHOLDER`].
    Redact,
    /// The text is replaced by [`ERASED`]; the row stays so the conversation's order holds.
    Blank,
    Keep(KeptFor),
}

/// What replaces a name, address or phone number.
pub const PLACEHOLDER: &str = "[erased contact]";
/// What replaces a message body or a raw mail that was erased.
pub const ERASED: &str = "[erased on request]";

/// The rule: what a request in `mode` does to `record`.
pub fn treatment(record: Record, mode: Mode) -> Treatment {
    use Record::*;
    match (record, mode) {
        // the row stays (cases point at it) but says nothing about the person
        (ContactDetails, _) => Treatment::Redact,
        // mail from the address must no longer file itself under the contact
        (AddressIndex, _) => Treatment::Delete,
        (CaseSubject, _) | (MessageAboutContact, _) | (NoticeToContact, _) => Treatment::Redact,
        (MessageFromContact, Mode::Anonymise) => Treatment::Redact,
        (MessageFromContact, Mode::Erase) => Treatment::Blank,
        // the raw mail's headers name the sender whatever the body says
        (RawMail, _) => Treatment::Blank,
        (Attachment, _) | (ShippingDocument, _) => Treatment::Keep(KeptFor::LegalRetention),
        (Audit, _) => Treatment::Keep(KeptFor::Accountability),
    }
}

/// The person's identifiers as they may appear in text: name, e-mail addresses, phones.
/// Empty and very short strings are dropped (a one-letter "name" would redact every word).
pub fn identifiers<'a>(name: &'a str, emails: &'a [String], phones: &'a [String]) -> Vec<&'a str> {
    let mut ids: Vec<&str> = std::iter::once(name)
        .chain(emails.iter().map(String::as_str))
        .chain(phones.iter().map(String::as_str))
        .map(str::trim)
        .filter(|s| s.chars().count() >= 3)
        .collect();
    // longest first, so "amy@x.test" goes before a name "amy" could split it
    ids.sort_by_key(|s| std::cmp::Reverse(s.len()));
    ids.dedup();
    ids
}

/// `text` with every occurrence of each identifier (ignoring case) replaced by
/// [`PLACEHOLDER`].
pub fn redact(text: &str, identifiers: &[&str]) -> String {
    let mut out = text.to_string();
    for id in identifiers {
        out = replace_ignoring_case(&out, id, PLACEHOLDER);
    }
    out
}

fn replace_ignoring_case(text: &str, needle: &str, with: &str) -> String {
    let needle: Vec<char> = needle.chars().flat_map(char::to_lowercase).collect();
    if needle.is_empty() {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let lower: Vec<Vec<char>> = chars.iter().map(|c| c.to_lowercase().collect()).collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        // match needle against the lower-cased characters from i on
        let mut k = 0;
        let mut j = i;
        while j < chars.len() && k < needle.len() {
            let l = &lower[j];
            if needle.len() - k >= l.len() && needle[k..k + l.len()] == l[..] {
                k += l.len();
                j += 1;
            } else {
                break;
            }
        }
        if k == needle.len() {
            out.push_str(with);
            i = j;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn shipping_documents_and_the_audit_are_kept_in_both_modes() {
        for mode in [Mode::Anonymise, Mode::Erase] {
            assert_eq!(
                treatment(Record::ShippingDocument, mode),
                Treatment::Keep(KeptFor::LegalRetention)
            );
            assert_eq!(
                treatment(Record::Attachment, mode),
                Treatment::Keep(KeptFor::LegalRetention)
            );
            assert_eq!(
                treatment(Record::Audit, mode),
                Treatment::Keep(KeptFor::Accountability)
            );
        }
    }

    #[test]
    fn only_erasure_blanks_what_the_contact_wrote() {
        assert_eq!(
            treatment(Record::MessageFromContact, Mode::Anonymise),
            Treatment::Redact
        );
        assert_eq!(
            treatment(Record::MessageFromContact, Mode::Erase),
            Treatment::Blank
        );
    }

    #[test]
    fn every_record_that_holds_identifiers_loses_them_in_every_mode() {
        // exhaustive over records and modes: nothing but the kept ones survives unchanged
        for mode in [Mode::Anonymise, Mode::Erase] {
            for r in Record::ALL {
                let t = treatment(r, mode);
                let kept = matches!(
                    r,
                    Record::ShippingDocument | Record::Attachment | Record::Audit
                );
                assert_eq!(matches!(t, Treatment::Keep(_)), kept, "{r:?} in {mode:?}");
            }
        }
    }

    #[test]
    fn redaction_replaces_names_addresses_and_phones_ignoring_case() {
        let emails = vec!["Amy.Lin@Example.test".to_string()];
        let phones = vec!["+886 2 1234 5678".to_string()];
        let ids = identifiers("Amy Lin", &emails, &phones);
        let text = "Dear AMY LIN, we wrote to amy.lin@example.test and called +886 2 1234 5678.";
        assert_eq!(
            redact(text, &ids),
            "Dear [erased contact], we wrote to [erased contact] and called [erased contact]."
        );
    }

    #[test]
    fn redaction_works_on_chinese_names() {
        let ids = identifiers("陳美玲", &[], &[]);
        assert_eq!(redact("陳美玲小姐您好", &ids), "[erased contact]小姐您好");
    }

    #[test]
    fn identifiers_too_short_to_be_safe_are_not_used() {
        assert!(identifiers("  ", &["a@".into()], &["12".into()]).is_empty());
    }

    proptest! {
        #[test]
        fn redacted_text_never_contains_an_identifier(
            before in "[a-zA-Z ,.]{0,30}",
            after in "[a-zA-Z ,.]{0,30}",
            name in "[a-zA-Z]{3,12}",
        ) {
            let text = format!("{before}{name}{after}{}", name.to_uppercase());
            let out = redact(&text, &identifiers(&name, &[], &[]));
            prop_assert!(!out.to_lowercase().contains(&name.to_lowercase())
                || PLACEHOLDER.to_lowercase().contains(&name.to_lowercase()));
        }

        #[test]
        fn text_without_the_identifier_is_unchanged(text in "[a-z ,.]{0,40}", name in "[0-9]{3,8}") {
            prop_assert_eq!(redact(&text, &identifiers(&name, &[], &[])), text);
        }
    }
}
