//! Deep paging: following `next` returns every match exactly once, in rank order, however
//! many share a score, with no cap on depth.

mod common;

use std::collections::HashSet;

use common::{doc, index_of};
use purser_search::{Kind, Query, Scope, SearchDoc, SearchIndex, SearchRequest};
use uuid::Uuid;

fn all_pages(index: &SearchIndex, q: &str, limit: usize) -> (Vec<Uuid>, u64, usize) {
    let query = Query::parse(q).unwrap();
    let mut cursor = None;
    let (mut seen, mut pages) = (Vec::new(), 0);
    loop {
        let request = SearchRequest {
            query: query.clone(),
            limit,
            cursor,
        };
        let page = index.search(&Scope::Staff, &request).unwrap();
        let total: u64 = page.counts.values().sum();
        assert!(page.hits.len() <= limit);
        seen.extend(page.hits.iter().map(|h| h.id));
        pages += 1;
        match page.next {
            Some(next) => cursor = Some(next),
            None => return (seen, total, pages),
        }
    }
}

fn corpus() -> Vec<SearchDoc> {
    // Many identical texts (equal scores: the tie-break pages them) and some of every length.
    let mut docs: Vec<SearchDoc> = (0..300)
        .map(|_| doc(Kind::MESSAGE, "container released", ""))
        .collect();
    docs.extend((0..200).map(|i| doc(Kind::CASE, "container", &"word ".repeat(i % 37))));
    docs.extend((0..50).map(|_| doc(Kind::ARTICLE, "vessel", "")));
    docs
}

#[test]
fn following_next_returns_every_match_once() {
    let docs = corpus();
    let index = index_of(&docs);
    for limit in [1, 7, 50, 200] {
        let (seen, total, pages) = all_pages(&index, "container", limit);
        let distinct: HashSet<_> = seen.iter().collect();
        assert_eq!(seen.len(), 500, "limit {limit}");
        assert_eq!(distinct.len(), 500, "limit {limit}");
        assert_eq!(total, 500);
        assert_eq!(pages, 500_usize.div_ceil(limit), "limit {limit}");
    }
}

#[test]
fn pages_follow_each_other_in_rank_order() {
    let index = index_of(&corpus());
    let one_page = Query::parse("container").unwrap();
    let all = index
        .search(
            &Scope::Staff,
            &SearchRequest {
                query: one_page,
                limit: 200,
                cursor: None,
            },
        )
        .unwrap();
    let (paged, _, _) = all_pages(&index, "container", 13);
    let first_200: Vec<Uuid> = all.hits.iter().map(|h| h.id).collect();
    assert_eq!(&paged[..200], &first_200[..]);
}

#[test]
fn paging_under_a_kind_filter_stays_within_the_kind() {
    let docs = corpus();
    let index = index_of(&docs);
    let (seen, total, _) = all_pages(&index, "container kind:case", 9);
    let cases: HashSet<Uuid> = docs
        .iter()
        .filter(|d| d.kind == Kind::CASE)
        .map(|d| d.id)
        .collect();
    assert_eq!(seen.len(), 200);
    assert_eq!(seen.iter().collect::<HashSet<_>>().len(), 200);
    assert!(seen.iter().all(|id| cases.contains(id)));
    // The counts still cover every kind the words found.
    assert_eq!(total, 500);
}

#[test]
fn the_last_page_has_no_next() {
    let index = index_of(&[doc(Kind::CASE, "one", ""), doc(Kind::CASE, "one", "")]);
    let query = Query::parse("one").unwrap();
    let page = index
        .search(
            &Scope::Staff,
            &SearchRequest {
                query: query.clone(),
                limit: 2,
                cursor: None,
            },
        )
        .unwrap();
    assert_eq!((page.hits.len(), page.next), (2, None));
    let page = index
        .search(
            &Scope::Staff,
            &SearchRequest {
                query,
                limit: 1,
                cursor: None,
            },
        )
        .unwrap();
    assert!(page.next.is_some());
}
