//! What the index holds of a record: one [`SearchDoc`] per (kind, id), built by the record's
//! own [`Searchable`] implementation, so a new record kind joins search without touching the
//! engine.

use std::borrow::Cow;
use std::fmt;

use jiff::Timestamp;
use uuid::Uuid;

/// The kind of record a document stands for. Open: later kinds (quotes, problem records)
/// are made with [`Kind::new`]; the ones search knows today are constants.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Kind(Cow<'static, str>);

impl Kind {
    pub const CASE: Kind = Kind(Cow::Borrowed("case"));
    pub const MESSAGE: Kind = Kind(Cow::Borrowed("message"));
    pub const ATTACHMENT: Kind = Kind(Cow::Borrowed("attachment"));
    pub const CUSTOMER: Kind = Kind(Cow::Borrowed("customer"));
    pub const CONTACT: Kind = Kind(Cow::Borrowed("contact"));
    pub const SHIPMENT: Kind = Kind(Cow::Borrowed("shipment"));
    pub const BOOKING: Kind = Kind(Cow::Borrowed("booking"));
    pub const CONTAINER: Kind = Kind(Cow::Borrowed("container"));
    pub const BL: Kind = Kind(Cow::Borrowed("bl"));
    pub const VESSEL: Kind = Kind(Cow::Borrowed("vessel"));
    pub const ARTICLE: Kind = Kind(Cow::Borrowed("article"));

    /// The kinds records have today, in the order a results page groups them.
    pub const KNOWN: [Kind; 11] = [
        Kind::CASE,
        Kind::MESSAGE,
        Kind::ATTACHMENT,
        Kind::CUSTOMER,
        Kind::CONTACT,
        Kind::SHIPMENT,
        Kind::BOOKING,
        Kind::CONTAINER,
        Kind::BL,
        Kind::VESSEL,
        Kind::ARTICLE,
    ];

    /// A kind by name: a lower-case ASCII letter, then up to 31 letters, digits or `_`.
    /// Names of kinds that no record has yet are allowed (they simply find nothing).
    pub fn new(name: &str) -> Option<Kind> {
        if let Some(known) = Kind::KNOWN.iter().find(|k| k.as_str() == name) {
            return Some(known.clone());
        }
        let mut chars = name.chars();
        let first_ok = chars.next().is_some_and(|c| c.is_ascii_lowercase());
        let rest_ok = chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        (first_ok && rest_ok && name.len() <= 32).then(|| Kind(Cow::Owned(name.to_owned())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Who may find a document, besides staff (who find everything).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Visibility {
    /// Staff only, e.g. an internal note: never a department or customer user.
    Staff,
    /// The owning customer's users (and departments listed on the document).
    Customer,
    /// Everyone, e.g. a public knowledge-base article.
    Public,
}

impl Visibility {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Visibility::Staff => "staff",
            Visibility::Customer => "customer",
            Visibility::Public => "public",
        }
    }
}

/// One record as search sees it. Text fields are taken as they are (the analysers fold
/// case, width and script); `references` are normalised on the way in.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchDoc {
    pub kind: Kind,
    pub id: Uuid,
    /// The case a message, attachment or the case itself belongs to, so a hit can open it.
    pub case_id: Option<Uuid>,
    pub title: String,
    pub body: String,
    /// Exact references: container, B/L and booking numbers, case and customer numbers,
    /// IMO numbers, tax ids, e-mail addresses, phones. Looked up first, ranked first.
    pub references: Vec<String>,
    /// The owning customer: the `customer:` filter, and who may see customer-visible
    /// documents. `None` for internal records with no customer.
    pub customer_id: Option<Uuid>,
    pub status: Option<String>,
    pub team_id: Option<Uuid>,
    /// The date `after:` and `before:` compare (UTC days).
    pub date: Option<Timestamp>,
    /// The sender's address, for `from:` (matches the address or `@domain`).
    pub from: Option<String>,
    /// Departments that may see the document (those with a task on its case), by the
    /// department's stored name (`Department::as_str()`, e.g. `finance`).
    pub departments: Vec<String>,
    pub visibility: Visibility,
}

impl SearchDoc {
    /// A document with only what every document has; fill the rest by field.
    pub fn new(kind: Kind, id: Uuid, visibility: Visibility) -> SearchDoc {
        SearchDoc {
            kind,
            id,
            case_id: None,
            title: String::new(),
            body: String::new(),
            references: Vec::new(),
            customer_id: None,
            status: None,
            team_id: None,
            date: None,
            from: None,
            departments: Vec::new(),
            visibility,
        }
    }
}

/// A record that can be searched: it says how it reads to the index. Implemented beside
/// each record (case, message, customer, …), so later kinds join with one impl.
pub trait Searchable {
    fn search_doc(&self) -> SearchDoc;
}

impl Searchable for SearchDoc {
    fn search_doc(&self) -> SearchDoc {
        self.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_kinds_parse_to_themselves_and_new_kinds_are_open() {
        for kind in Kind::KNOWN {
            assert_eq!(Kind::new(kind.as_str()), Some(kind.clone()));
        }
        assert_eq!(Kind::new("quote").unwrap().as_str(), "quote");
        assert_eq!(
            Kind::new("problem_record").unwrap().as_str(),
            "problem_record"
        );
    }

    #[test]
    fn malformed_kind_names_are_refused() {
        for bad in [
            "",
            "Case",
            "1case",
            "ca se",
            "case!",
            "案件",
            &"k".repeat(33),
        ] {
            assert_eq!(Kind::new(bad), None, "{bad:?}");
        }
    }
}
