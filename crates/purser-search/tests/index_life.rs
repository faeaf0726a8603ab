//! The index on disk: created where there is none, resumed where it was, its change-feed
//! sequence kept in the commit, and a damaged or foreign index reported (and replaced on
//! request) so the node rebuilds it.

mod common;

use std::fs;
use std::path::Path;

use common::{doc, search};
use purser_search::{IndexOptions, Kind, OpenError, Opened, SearchIndex};

fn open(dir: &Path) -> Result<(SearchIndex, Opened), OpenError> {
    SearchIndex::open(dir, IndexOptions::default())
}

#[test]
fn a_new_directory_gets_an_empty_index_and_a_reopened_one_resumes_after_its_sequence() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("search");
    let case = doc(Kind::CASE, "Cargo rolled over", "");
    {
        let (index, opened) = open(&dir).unwrap();
        assert_eq!(opened, Opened::Created);
        assert_eq!(index.applied_seq(), None);
        index.upsert(&case).unwrap();
        index.commit(Some(41)).unwrap();
        // A commit with nothing new from the feed keeps the sequence it had.
        index.commit(None).unwrap();
        assert_eq!(index.applied_seq(), Some(41));
    }
    let (index, opened) = open(&dir).unwrap();
    assert_eq!(opened, Opened::Existing);
    assert_eq!(index.applied_seq(), Some(41));
    assert_eq!(search(&index, "rolled").hits[0].id, case.id);
}

#[test]
fn what_is_not_committed_is_neither_found_nor_kept() {
    let tmp = tempfile::tempdir().unwrap();
    {
        let (index, _) = open(tmp.path()).unwrap();
        index
            .upsert(&doc(Kind::CASE, "never committed", ""))
            .unwrap();
        assert!(search(&index, "committed").hits.is_empty());
    }
    let (index, _) = open(tmp.path()).unwrap();
    assert!(search(&index, "committed").hits.is_empty());
    assert_eq!(index.stats().unwrap().docs, 0);
}

#[test]
fn a_second_writer_on_one_directory_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let (_index, _) = open(tmp.path()).unwrap();
    assert!(matches!(open(tmp.path()), Err(OpenError::Locked)));
}

#[test]
fn stats_count_documents_and_bytes_on_disk() {
    let tmp = tempfile::tempdir().unwrap();
    let (index, _) = open(tmp.path()).unwrap();
    let empty = index.stats().unwrap();
    for i in 0..100 {
        index
            .upsert(&doc(
                Kind::MESSAGE,
                &format!("message {i}"),
                "some body text",
            ))
            .unwrap();
    }
    index.commit(Some(100)).unwrap();
    let full = index.stats().unwrap();
    assert_eq!((empty.docs, full.docs), (0, 100));
    assert!(full.bytes > empty.bytes, "{empty:?} {full:?}");
}

fn with_one_commit(dir: &Path) {
    let (index, _) = open(dir).unwrap();
    index.upsert(&doc(Kind::CASE, "Telex release", "")).unwrap();
    index.commit(Some(9)).unwrap();
}

#[test]
fn a_garbled_meta_file_is_corrupt_and_is_replaced_on_request() {
    let tmp = tempfile::tempdir().unwrap();
    with_one_commit(tmp.path());
    fs::write(tmp.path().join("meta.json"), b"{ not json").unwrap();
    assert!(matches!(open(tmp.path()), Err(OpenError::Corrupt(_))));

    let (index, opened) =
        SearchIndex::open_or_recreate(tmp.path(), IndexOptions::default()).unwrap();
    assert!(matches!(opened, Opened::Recreated { .. }), "{opened:?}");
    assert_eq!(index.applied_seq(), None);
    assert_eq!(index.stats().unwrap().docs, 0);
}

#[test]
fn a_missing_segment_file_is_corrupt() {
    let tmp = tempfile::tempdir().unwrap();
    with_one_commit(tmp.path());
    let postings = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "idx"))
        .expect("a segment's postings file");
    fs::remove_file(postings).unwrap();
    assert!(matches!(open(tmp.path()), Err(OpenError::Corrupt(_))));
}

#[test]
fn a_flipped_byte_fails_the_thorough_check() {
    let tmp = tempfile::tempdir().unwrap();
    with_one_commit(tmp.path());
    let store = fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "store"))
        .expect("a segment's document store");
    let mut bytes = fs::read(&store).unwrap();
    bytes[0] ^= 0xFF;
    fs::write(&store, bytes).unwrap();
    let (index, _) = open(tmp.path()).unwrap();
    assert!(matches!(index.verify(), Err(OpenError::Corrupt(_))));
}

#[test]
fn an_index_of_another_format_is_incompatible() {
    let tmp = tempfile::tempdir().unwrap();
    with_one_commit(tmp.path());
    {
        // As a later version would leave it: the same fields, another format.
        let index = tantivy::Index::open_in_dir(tmp.path()).unwrap();
        let mut writer: tantivy::IndexWriter = index.writer(15_000_000).unwrap();
        let mut commit = writer.prepare_commit().unwrap();
        commit.set_payload("purser-search/999 seq=12");
        commit.commit().unwrap();
    }
    assert!(matches!(open(tmp.path()), Err(OpenError::Incompatible(_))));
    let (_, opened) = SearchIndex::open_or_recreate(tmp.path(), IndexOptions::default()).unwrap();
    assert!(matches!(opened, Opened::Recreated { .. }));
}

#[test]
fn an_index_with_other_fields_is_incompatible() {
    let tmp = tempfile::tempdir().unwrap();
    let mut schema = tantivy::schema::Schema::builder();
    schema.add_text_field("something_else", tantivy::schema::TEXT);
    tantivy::Index::create_in_dir(tmp.path(), schema.build()).unwrap();
    assert!(matches!(open(tmp.path()), Err(OpenError::Incompatible(_))));
}
