//! The query language against a real index: references first, exclusions, filters, and
//! every kind of bad input answered with a page or an error naming the parameter.

mod common;

use common::{doc, ids, index_of, search, search_as, search_query};
use jiff::Timestamp;
use purser_search::{Kind, Problem, Query, Scope, SearchError, SearchRequest};
use uuid::Uuid;

fn param_of(result: Result<purser_search::SearchResults, SearchError>) -> (&'static str, Problem) {
    match result {
        Err(SearchError::Query(e)) => (e.param, e.problem),
        other => panic!("expected a query error, got {other:?}"),
    }
}

#[test]
fn an_exact_reference_ranks_first_however_it_is_written() {
    // Says the number often in its text, but does not carry it as a reference.
    let chatter = doc(
        Kind::MESSAGE,
        "msku1234567 msku1234567",
        "msku1234567 msku1234567 msku1234567",
    );
    let mut container = doc(Kind::CONTAINER, "Dry 40", "");
    container.references = vec!["MSKU 123456-7".into()];
    let index = index_of(&[chatter.clone(), container.clone()]);
    for q in ["msku1234567", "MSKU1234567", "ＭＳＫＵ１２３４５６７"] {
        let page = search(&index, q);
        assert_eq!(
            page.hits.iter().map(|h| h.id).collect::<Vec<_>>(),
            [container.id, chatter.id],
            "{q}"
        );
        assert!(page.hits[0].exact && !page.hits[1].exact, "{q}");
    }
    // Written with a space and a dash: the words do not match the chatter, the reference does.
    let page = search(&index, "MSKU 123456-7");
    assert_eq!(
        page.hits
            .iter()
            .map(|h| (h.id, h.exact))
            .collect::<Vec<_>>(),
        [(container.id, true)]
    );
}

#[test]
fn a_reference_with_other_words_ranks_the_record_that_has_both_first() {
    let mut damaged = doc(Kind::CASE, "Container damaged", "Door damaged on discharge");
    damaged.references = vec!["TGHU 765432-1".into()];
    let mut rolled = doc(
        Kind::CASE,
        "Container rolled",
        "Rolled to next vessel, TGHU7654321 damaged?",
    );
    rolled.references = vec!["TGHU 765432-1".into()];
    let other = doc(
        Kind::CASE,
        "Damaged cargo",
        "Another container entirely, TGHU7654321 not ours, damaged",
    );
    let index = index_of(&[damaged.clone(), rolled.clone(), other.clone()]);
    let page = search(&index, "TGHU7654321 damaged");
    assert_eq!(page.hits.len(), 3);
    let exact: Vec<_> = page.hits.iter().filter(|h| h.exact).map(|h| h.id).collect();
    assert_eq!(exact.len(), 2);
    assert!(exact.contains(&damaged.id) && exact.contains(&rolled.id));
    assert_eq!(page.hits[2].id, other.id);
}

#[test]
fn excluded_words_and_references_leave_their_records_out() {
    let waived = doc(Kind::CASE, "Demurrage waived", "");
    let mut charged = doc(Kind::CASE, "Demurrage charged", "");
    charged.references = vec!["CS-2026-000123".into()];
    let index = index_of(&[waived.clone(), charged.clone()]);
    assert_eq!(ids(&index, "demurrage -waived"), [charged.id]);
    assert_eq!(ids(&index, "demurrage -\"demurrage charged\""), [waived.id]);
    assert_eq!(ids(&index, "demurrage -CS-2026-000123"), [waived.id]);
}

#[test]
fn filters_narrow_by_kind_customer_status_team_sender_and_date() {
    let (acme, team) = (Uuid::now_v7(), Uuid::now_v7());
    let mut case = doc(Kind::CASE, "Reefer alarm", "");
    case.customer_id = Some(acme);
    case.status = Some("Open".into());
    case.team_id = Some(team);
    case.date = Some("2026-03-10T23:30:00Z".parse::<Timestamp>().unwrap());
    let mut message = doc(Kind::MESSAGE, "Reefer alarm again", "");
    message.from = Some("Ops@Evergreen.example".into());
    message.date = Some("2026-03-11T00:00:00Z".parse::<Timestamp>().unwrap());
    let index = index_of(&[case.clone(), message.clone()]);

    assert_eq!(ids(&index, "reefer kind:case"), [case.id]);
    assert_eq!(ids(&index, "reefer kind:case kind:message").len(), 2);
    assert_eq!(ids(&index, &format!("reefer customer:{acme}")), [case.id]);
    assert_eq!(
        ids(
            &index,
            &format!("reefer team:{}", team.to_string().to_uppercase())
        ),
        [case.id]
    );
    assert_eq!(ids(&index, "reefer status:open"), [case.id]);
    assert!(ids(&index, "reefer status:closed").is_empty());
    assert_eq!(
        ids(&index, "reefer from:ops@evergreen.example"),
        [message.id]
    );
    assert_eq!(ids(&index, "reefer from:evergreen.example"), [message.id]);
    assert_eq!(ids(&index, "reefer after:2026-03-11"), [message.id]);
    assert_eq!(ids(&index, "reefer before:2026-03-11"), [case.id]);
    assert_eq!(
        ids(&index, "reefer after:2026-03-10 before:2026-03-11"),
        [case.id]
    );
    assert!(ids(&index, "reefer after:2026-03-12").is_empty());
}

#[test]
fn counts_are_per_kind_whatever_the_kind_filter() {
    let index = index_of(&[
        doc(Kind::CASE, "telex release", ""),
        doc(Kind::MESSAGE, "telex release please", ""),
        doc(Kind::MESSAGE, "telex release done", ""),
        doc(Kind::ARTICLE, "unrelated", ""),
    ]);
    let page = search(&index, "telex kind:case");
    assert_eq!(page.hits.len(), 1);
    assert_eq!(page.counts.get("case"), Some(&1));
    assert_eq!(page.counts.get("message"), Some(&2));
    assert_eq!(page.counts.get("article"), None);
}

#[test]
fn the_kind_parameter_adds_to_the_query_and_a_bad_one_names_kind() {
    let index = index_of(&[
        doc(Kind::CASE, "roll-over", ""),
        doc(Kind::MESSAGE, "roll-over", ""),
    ]);
    let query = Query::parse("roll-over")
        .unwrap()
        .with_kind_param(Some("message, case"))
        .unwrap();
    let page = search_query(&index, query);
    assert_eq!(page.hits.len(), 2);
    let err = Query::parse("x")
        .unwrap()
        .with_kind_param(Some("case,Bad Kind"))
        .unwrap_err();
    assert_eq!((err.param, err.problem), ("kind", Problem::BadKind));
}

#[test]
fn upsert_replaces_and_delete_removes() {
    let mut case = doc(Kind::CASE, "Booking amendment", "");
    let index = index_of(std::slice::from_ref(&case));
    case.title = "Booking cancelled".into();
    index.upsert(&case).unwrap();
    // Not searchable before the commit, then only in its new form.
    assert_eq!(ids(&index, "amendment"), [case.id]);
    index.commit(None).unwrap();
    assert!(ids(&index, "amendment").is_empty());
    assert_eq!(ids(&index, "cancelled"), [case.id]);
    index.delete(&Kind::CASE, case.id);
    index.commit(None).unwrap();
    assert!(ids(&index, "cancelled").is_empty());
}

#[test]
fn nothing_to_find_is_an_empty_page_never_everything() {
    let index = index_of(&[doc(Kind::CASE, "anything", "at all")]);
    for q in [
        "",
        "   ",
        "!!! ... ？？",
        "\"",
        "\"\"",
        "-anything",
        "kind:case",
        "status:open after:2020-01-01",
        "\u{0}\u{1}\u{7f}",
    ] {
        let page = search(&index, q);
        assert!(
            page.hits.is_empty() && page.counts.is_empty() && page.next.is_none(),
            "{q:?}"
        );
    }
}

#[test]
fn odd_input_still_searches_what_it_can() {
    let index = index_of(&[doc(Kind::CASE, "Vessel delay notice", "")]);
    assert_eq!(search(&index, "\"vessel delay").hits.len(), 1); // unbalanced quote
    assert_eq!(search(&index, "vessel\u{0}delay\u{1b}").hits.len(), 1); // control characters
    let page = search(&index, "vesel: delay"); // no such filter: searched as words
    assert!(page.hits.is_empty());
    assert_eq!(page.unknown_filters, ["vesel"]);
    let page = search(&index, "notice: delay");
    assert_eq!(
        (page.hits.len(), page.unknown_filters.as_slice()),
        (1, &["notice".to_string()][..])
    );
}

#[test]
fn ten_thousand_characters_search_the_capped_terms() {
    let index = index_of(&[doc(Kind::CASE, "Vessel delay notice", "")]);
    let long = format!("vessel {}", "delay ".repeat(2_000));
    let page = search(&index, &long);
    assert!(page.truncated);
    assert_eq!(page.hits.len(), 1);
    let garbage: String = (0..10_000)
        .map(|i| char::from_u32(0x4E00 + (i * 7919) % 20_000).unwrap())
        .collect();
    assert!(search(&index, &garbage).truncated);
}

#[test]
fn bad_parameters_are_errors_that_name_them() {
    let index = index_of(&[doc(Kind::CASE, "x", "")]);
    let staff = Scope::Staff;
    assert_eq!(
        param_of(search_as(&index, &staff, "x after:2026-02-31")),
        ("after", Problem::BadDate)
    );
    assert_eq!(
        param_of(search_as(&index, &staff, "x before:soon")),
        ("before", Problem::BadDate)
    );
    assert_eq!(
        param_of(search_as(&index, &staff, "x kind:Case!")),
        ("kind", Problem::BadKind)
    );
    assert_eq!(
        param_of(search_as(&index, &staff, "x customer:ACME")),
        ("customer", Problem::BadId)
    );
    assert_eq!(
        param_of(search_as(&index, &staff, "x team:7")),
        ("team", Problem::BadId)
    );
    let query = Query::parse("x").unwrap();
    for limit in [0, 201] {
        let request = SearchRequest {
            query: query.clone(),
            limit,
            cursor: None,
        };
        assert_eq!(
            param_of(index.search(&staff, &request)),
            ("limit", Problem::BadLimit)
        );
    }
    let request = SearchRequest {
        query,
        limit: 10,
        cursor: Some("page-2".into()),
    };
    assert_eq!(
        param_of(index.search(&staff, &request)),
        ("cursor", Problem::BadCursor)
    );
}

#[test]
fn more_like_this_finds_what_shares_any_word_within_its_kinds() {
    let telex = doc(
        Kind::ARTICLE,
        "Telex release",
        "Release the cargo without an original bill of lading",
    );
    let vgm = doc(
        Kind::ARTICLE,
        "VGM cut-off",
        "Verified gross mass before the cut-off",
    );
    let demurrage = doc(Kind::ARTICLE, "Demurrage", "Free time at the terminal");
    let case = doc(Kind::CASE, "Telex release please", "original bill");
    let index = index_of(&[telex.clone(), vgm.clone(), demurrage.clone(), case]);
    let words = ["urgent", "telex", "release", "original", "gross"];
    // every word: nothing has them all
    assert!(ids(&index, &words.join(" ")).is_empty());
    let mut query = Query::any_of(words);
    query.kinds = vec![Kind::ARTICLE];
    let page = search_query(&index, query);
    let mut found: Vec<Uuid> = page.hits.iter().map(|h| h.id).collect();
    found.sort();
    let mut want = vec![telex.id, vgm.id];
    want.sort();
    // three words of the telex article, one of the VGM's, none of demurrage; no case
    assert_eq!(found, want);
    // the kinds narrow the query itself: the case sharing words is not even counted
    assert_eq!(page.counts.keys().collect::<Vec<_>>(), ["article"]);
    // and it never lists everything: no word, no hit
    // a Chinese run shares its pairs, not only its whole: 放貨通知 finds 電報放貨 by 放貨
    let zh = doc(Kind::ARTICLE, "電報放貨", "目的港不憑正本提單放貨");
    let index_zh = index_of(&[zh.clone(), demurrage.clone()]);
    let mut like = Query::any_of(["放貨通知"]);
    like.kinds = vec![Kind::ARTICLE];
    let found: Vec<Uuid> = search_query(&index_zh, like)
        .hits
        .iter()
        .map(|h| h.id)
        .collect();
    assert_eq!(found, [zh.id]);
    assert!(
        ids(&index_zh, "放貨通知").is_empty(),
        "typed, the run is a phrase"
    );
    let none = search_query(&index, Query::any_of([]));
    assert!(none.hits.is_empty());
}
