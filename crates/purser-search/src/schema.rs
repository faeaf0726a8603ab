//! The index's fields and how a [`SearchDoc`] becomes a tantivy document.
//!
//! Bump [`FORMAT`] whenever the fields or the analysers change what a term means: an index
//! written under another format is reported incompatible and rebuilt.

use tantivy::schema::{
    FAST, Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::{TantivyDocument, Term};

use crate::analysis::ANALYSER;
use crate::doc::{Kind, SearchDoc};
use crate::refs::{address_terms, normalize_reference};

/// The format of the index: the schema and the analysers together.
pub(crate) const FORMAT: u32 = 1;

/// Stored bodies are cut here (snippets come from the start of a long text); the whole
/// body is still indexed.
const MAX_STORED_BODY: usize = 32 * 1024;

#[derive(Clone, Copy)]
pub(crate) struct Fields {
    /// `kind/id`: the one term an upsert or delete replaces by.
    pub key: Field,
    pub kind: Field,
    pub id: Field,
    pub case_id: Field,
    pub title: Field,
    /// The whole body, searched, not stored.
    pub body: Field,
    /// The body's first [`MAX_STORED_BODY`] bytes, stored for snippets, not searched.
    pub excerpt: Field,
    /// References, normalised, one exact term each.
    pub refs: Field,
    /// References through the text analyser, so a part (`123456`) finds too.
    pub refs_text: Field,
    pub customer: Field,
    pub status: Field,
    pub team: Field,
    pub from: Field,
    /// Seconds since the epoch (UTC).
    pub date: Field,
    pub dept: Field,
    pub visibility: Field,
    /// A stable 64-bit hash of the key: the order among equal scores, so a cursor pages on.
    pub tie: Field,
}

pub(crate) fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = |stored: bool| {
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(ANALYSER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        let options = TextOptions::default().set_indexing_options(indexing);
        if stored {
            options.set_stored()
        } else {
            options
        }
    };
    let fields = Fields {
        key: b.add_text_field("key", STRING),
        kind: b.add_text_field("kind", STRING | STORED | FAST),
        id: b.add_text_field("id", STORED),
        case_id: b.add_text_field("case_id", STORED),
        title: b.add_text_field("title", text(true)),
        body: b.add_text_field("body", text(false)),
        excerpt: b.add_text_field("excerpt", STORED),
        refs: b.add_text_field("refs", STRING),
        refs_text: b.add_text_field("refs_text", text(false)),
        customer: b.add_text_field("customer", STRING),
        status: b.add_text_field("status", STRING),
        team: b.add_text_field("team", STRING),
        from: b.add_text_field("from", STRING),
        date: b.add_i64_field("date", FAST),
        dept: b.add_text_field("dept", STRING),
        visibility: b.add_text_field("visibility", STRING),
        tie: b.add_u64_field("tie", FAST),
    };
    (b.build(), fields)
}

/// The replace-by term of a document.
pub(crate) fn key_term(fields: &Fields, kind: &Kind, id: uuid::Uuid) -> Term {
    Term::from_field_text(fields.key, &key(kind, id))
}

fn key(kind: &Kind, id: uuid::Uuid) -> String {
    format!("{kind}/{id}")
}

/// FNV-1a of the key: stable across processes and versions (unlike std's hasher).
pub(crate) fn tie(kind: &Kind, id: uuid::Uuid) -> u64 {
    key(kind, id).bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

pub(crate) fn to_document(fields: &Fields, doc: &SearchDoc) -> TantivyDocument {
    let mut d = TantivyDocument::default();
    d.add_text(fields.key, key(&doc.kind, doc.id));
    d.add_text(fields.kind, doc.kind.as_str());
    d.add_text(fields.id, doc.id.to_string());
    if let Some(case_id) = doc.case_id {
        d.add_text(fields.case_id, case_id.to_string());
    }
    d.add_text(fields.title, &doc.title);
    d.add_text(fields.body, &doc.body);
    d.add_text(fields.excerpt, cut(&doc.body, MAX_STORED_BODY));
    for reference in &doc.references {
        if let Some(normal) = normalize_reference(reference) {
            d.add_text(fields.refs, normal);
        }
        d.add_text(fields.refs_text, reference);
    }
    if let Some(customer) = doc.customer_id {
        d.add_text(fields.customer, customer.to_string());
    }
    if let Some(status) = &doc.status {
        d.add_text(fields.status, status.trim().to_lowercase());
    }
    if let Some(team) = doc.team_id {
        d.add_text(fields.team, team.to_string());
    }
    for term in doc.from.iter().flat_map(|from| address_terms(from)) {
        d.add_text(fields.from, term);
    }
    if let Some(date) = doc.date {
        d.add_i64(fields.date, date.as_second());
    }
    for dept in &doc.departments {
        d.add_text(fields.dept, dept);
    }
    d.add_text(fields.visibility, doc.visibility.as_str());
    d.add_u64(fields.tie, tie(&doc.kind, doc.id));
    d
}

/// The longest prefix of `text` within `max` bytes that ends on a character boundary.
fn cut(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}
