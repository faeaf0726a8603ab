//! No hit and no count ever leaks outside the searcher's scope: over random documents
//! (owners, visibilities, departments, words in both scripts, references) and random
//! searchers and queries, the engine finds exactly what the rule below allows and matches,
//! and counts exactly that, page after page.

mod common;

use std::collections::{BTreeMap, HashSet};

use proptest::prelude::*;
use purser_search::{Kind, Query, Scope, SearchDoc, SearchRequest, Visibility};
use uuid::Uuid;

const CUSTOMERS: [u128; 3] = [0xA1, 0xB2, 0xC3];
/// A customer that owns nothing: its users must find only public documents.
const STRANGER: u128 = 0xD4;
const DEPARTMENTS: [&str; 3] = ["finance", "sales", "logistics"];
const KINDS: [Kind; 4] = [Kind::CASE, Kind::MESSAGE, Kind::CUSTOMER, Kind::ARTICLE];
/// Words as written in documents, and as a searcher may type them (the other script).
const WORDS: [(&str, &str); 8] = [
    ("alpha", "ALPHA"),
    ("bravo", "bravo"),
    ("charlie", "Charlie"),
    ("delta", "delta"),
    ("echo", "ｅｃｈｏ"),
    ("貨櫃", "货柜"),
    ("提單", "提单"),
    ("碼頭", "码头"),
];
const REFS: [(&str, &str); 2] = [
    ("MSKU 123456-7", "msku1234567"),
    ("TGHU7654321", "TGHU 765432-1"),
];

/// Who may see what, restated from the brief (not the crate's code): staff everything;
/// a department what lists it and is not staff-only; a customer its own customer-visible
/// documents and the public ones.
fn may_see(scope: &Scope, doc: &SearchDoc) -> bool {
    match scope {
        Scope::Staff => true,
        Scope::Department(d) => doc.departments.contains(d) && doc.visibility != Visibility::Staff,
        Scope::Customer(c) => {
            doc.visibility == Visibility::Public
                || (doc.visibility == Visibility::Customer && doc.customer_id == Some(*c))
        }
    }
}

#[derive(Debug, Clone)]
enum Ask {
    Word(usize),
    Ref(usize),
}

fn matches(doc: &SearchDoc, ask: &Ask) -> bool {
    match ask {
        Ask::Word(w) => format!("{} {}", doc.title, doc.body)
            .split(' ')
            .any(|x| x == WORDS[*w].0),
        Ask::Ref(r) => doc.references.iter().any(|x| x == REFS[*r].0),
    }
}

fn arb_doc() -> impl Strategy<Value = SearchDoc> {
    (
        0..KINDS.len(),
        prop::option::of(0..CUSTOMERS.len()),
        prop_oneof![
            Just(Visibility::Staff),
            Just(Visibility::Customer),
            Just(Visibility::Public)
        ],
        prop::collection::vec(0..DEPARTMENTS.len(), 0..3),
        prop::collection::vec(0..WORDS.len(), 1..4),
        prop::collection::vec(0..WORDS.len(), 0..6),
        prop::option::of(0..REFS.len()),
    )
        .prop_map(
            |(kind, customer, visibility, depts, title, body, reference)| {
                let mut doc = SearchDoc::new(KINDS[kind].clone(), Uuid::nil(), visibility);
                doc.customer_id = customer.map(|c| Uuid::from_u128(CUSTOMERS[c]));
                doc.departments = depts
                    .into_iter()
                    .map(|d| DEPARTMENTS[d].to_string())
                    .collect();
                doc.departments.dedup();
                doc.title = title
                    .iter()
                    .map(|&w| WORDS[w].0)
                    .collect::<Vec<_>>()
                    .join(" ");
                doc.body = body
                    .iter()
                    .map(|&w| WORDS[w].0)
                    .collect::<Vec<_>>()
                    .join(" ");
                doc.references = reference
                    .map(|r| REFS[r].0.to_string())
                    .into_iter()
                    .collect();
                doc
            },
        )
}

fn arb_scope() -> impl Strategy<Value = Scope> {
    prop_oneof![
        Just(Scope::Staff),
        (0..DEPARTMENTS.len()).prop_map(|d| Scope::Department(DEPARTMENTS[d].to_string())),
        (0..CUSTOMERS.len()).prop_map(|c| Scope::Customer(Uuid::from_u128(CUSTOMERS[c]))),
        Just(Scope::Customer(Uuid::from_u128(STRANGER))),
    ]
}

fn arb_ask() -> impl Strategy<Value = Ask> {
    prop_oneof![4 => (0..WORDS.len()).prop_map(Ask::Word), 1 => (0..REFS.len()).prop_map(Ask::Ref)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn hits_and_counts_are_exactly_what_the_scope_may_see_and_the_query_matches(
        mut docs in prop::collection::vec(arb_doc(), 0..40),
        scope in arb_scope(),
        ask in arb_ask(),
        kind_filter in prop::option::of(0..KINDS.len()),
        customer_filter in prop::option::of(0..CUSTOMERS.len()),
        limit in 1usize..8,
    ) {
        for (i, doc) in docs.iter_mut().enumerate() {
            doc.id = Uuid::from_u128(i as u128 + 1);
        }
        let index = common::index_of(&docs);
        let mut q = match &ask {
            Ask::Word(w) => WORDS[*w].1.to_string(),
            Ask::Ref(r) => REFS[*r].1.to_string(),
        };
        if let Some(k) = kind_filter {
            q.push_str(&format!(" kind:{}", KINDS[k]));
        }
        if let Some(c) = customer_filter {
            q.push_str(&format!(" customer:{}", Uuid::from_u128(CUSTOMERS[c])));
        }

        let wanted: Vec<&SearchDoc> = docs
            .iter()
            .filter(|d| may_see(&scope, d) && matches(d, &ask))
            .filter(|d| customer_filter.is_none_or(|c| d.customer_id == Some(Uuid::from_u128(CUSTOMERS[c]))))
            .collect();
        let mut want_counts = BTreeMap::new();
        for d in &wanted {
            *want_counts.entry(d.kind.to_string()).or_insert(0u64) += 1;
        }
        let want_hits: HashSet<Uuid> = wanted
            .iter()
            .filter(|d| kind_filter.is_none_or(|k| d.kind == KINDS[k]))
            .map(|d| d.id)
            .collect();

        let query = Query::parse(&q).unwrap();
        let mut cursor = None;
        let mut got = Vec::new();
        loop {
            let request = SearchRequest { query: query.clone(), limit, cursor };
            let page = index.search(&scope, &request).unwrap();
            prop_assert_eq!(&page.counts, &want_counts, "counts for {:?} {:?}", scope, q);
            got.extend(page.hits.iter().map(|h| h.id));
            match page.next {
                Some(next) => cursor = Some(next),
                None => break,
            }
        }
        let got_set: HashSet<Uuid> = got.iter().copied().collect();
        prop_assert_eq!(got.len(), got_set.len(), "a hit came twice");
        prop_assert_eq!(&got_set, &want_hits, "hits for {:?} {:?}", scope, q);
        // The crate's own statement of the rule agrees with the brief's.
        for doc in &docs {
            prop_assert_eq!(scope.allows(doc), may_see(&scope, doc));
        }
    }
}
