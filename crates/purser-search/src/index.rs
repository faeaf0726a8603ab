//! The index's life on disk: open (or say why it cannot be used), upsert and delete by
//! (kind, id), commit in batches together with the change-feed sequence they apply, and
//! tell its size. One writer per directory (tantivy's lock); readers reload on our commit.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tantivy::directory::MmapDirectory;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, TantivyError};
use uuid::Uuid;

use crate::analysis::{ANALYSER, Mode, analyzer};
use crate::doc::{Kind, Searchable};
use crate::error::{OpenError, SearchError};
use crate::schema::{FORMAT, Fields, key_term, schema, to_document};

/// How much the writer may hold before it writes a segment, and its threads.
#[derive(Debug, Clone, Copy)]
pub struct IndexOptions {
    pub writer_threads: usize,
    /// Split among the threads; at least 15 MB each (tantivy's floor).
    pub writer_memory_bytes: usize,
}

impl Default for IndexOptions {
    /// One thread and 48 MB: a server keeps within its memory budget.
    fn default() -> Self {
        IndexOptions {
            writer_threads: 1,
            writer_memory_bytes: 48 << 20,
        }
    }
}

/// What opening found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opened {
    /// There was an index; it resumes after [`SearchIndex::applied_seq`].
    Existing,
    /// There was none: feed it from the change feed's start.
    Created,
    /// There was one that could not be used (corrupt, incompatible); it was replaced by an
    /// empty one: feed it from the change feed's start.
    Recreated { reason: String },
}

/// Documents and bytes, for `/metrics`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexStats {
    /// Searchable documents (as of the last commit).
    pub docs: u64,
    /// Bytes on disk (in memory for an in-memory index).
    pub bytes: u64,
}

/// The search index of one node. Cheap to share (`Arc`); all methods take `&self`.
pub struct SearchIndex {
    pub(crate) index: Index,
    pub(crate) reader: IndexReader,
    writer: Mutex<IndexWriter<TantivyDocument>>,
    pub(crate) fields: Fields,
    dir: Option<PathBuf>,
    applied: Mutex<Option<u64>>,
}

const PAYLOAD_PREFIX: &str = "purser-search/";

impl SearchIndex {
    /// Opens the index in `dir` (the data directory's `search/`), creating an empty one
    /// where there is none. A corrupt or incompatible index is an error, left as it is.
    pub fn open(dir: &Path, options: IndexOptions) -> Result<(SearchIndex, Opened), OpenError> {
        fs::create_dir_all(dir)?;
        let directory = MmapDirectory::open(dir).map_err(|e| OpenError::Corrupt(e.to_string()))?;
        let (schema, _) = schema();
        if !Index::exists(&directory).map_err(|e| OpenError::Corrupt(e.to_string()))? {
            let index = Index::create(directory, schema, Default::default()).map_err(classify)?;
            return Ok((
                SearchIndex::start(index, Some(dir), options)?,
                Opened::Created,
            ));
        }
        let index = Index::open(directory).map_err(classify)?;
        if index.schema() != schema {
            return Err(OpenError::Incompatible("the fields differ".into()));
        }
        Ok((
            SearchIndex::start(index, Some(dir), options)?,
            Opened::Existing,
        ))
    }

    /// Opens the index in `dir`; one that is corrupt or incompatible is removed and an
    /// empty one made in its place (the directory belongs to the index). Locked or
    /// unreadable directories stay errors.
    pub fn open_or_recreate(
        dir: &Path,
        options: IndexOptions,
    ) -> Result<(SearchIndex, Opened), OpenError> {
        match SearchIndex::open(dir, options) {
            Err(OpenError::Corrupt(reason) | OpenError::Incompatible(reason)) => {
                fs::remove_dir_all(dir)?;
                let (index, _) = SearchIndex::open(dir, options)?;
                Ok((index, Opened::Recreated { reason }))
            }
            other => other,
        }
    }

    /// An index in memory, for tests and one-off tools.
    pub fn in_memory(options: IndexOptions) -> Result<SearchIndex, OpenError> {
        let (schema, _) = schema();
        SearchIndex::start(Index::create_in_ram(schema), None, options)
    }

    fn start(
        index: Index,
        dir: Option<&Path>,
        options: IndexOptions,
    ) -> Result<SearchIndex, OpenError> {
        index.tokenizers().register(ANALYSER, analyzer(Mode::Index));
        let applied = match index.load_metas().map_err(classify)?.payload {
            Some(payload) => read_payload(&payload)?,
            None if index.searchable_segment_ids().map_err(classify)?.is_empty() => None,
            None => return Err(OpenError::Incompatible("no format recorded".into())),
        };
        let threads = options.writer_threads.max(1);
        let memory = options.writer_memory_bytes.max(threads * 15_000_000);
        let writer = index
            .writer_with_num_threads(threads, memory)
            .map_err(classify)?;
        // Opening the reader opens every segment: missing or truncated files show here.
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(classify)?;
        let (_, fields) = schema();
        let index = SearchIndex {
            index,
            reader,
            writer: Mutex::new(writer),
            fields,
            dir: dir.map(Path::to_path_buf),
            applied: Mutex::new(applied),
        };
        if index
            .index
            .load_metas()
            .map_err(classify)?
            .payload
            .is_none()
        {
            // Record the format at once, so a later version knows what it finds.
            index
                .commit(None)
                .map_err(|e| OpenError::Corrupt(e.to_string()))?;
        }
        Ok(index)
    }

    /// Adds the record, replacing what was indexed for its (kind, id). Searchable after
    /// the next [`SearchIndex::commit`].
    pub fn upsert<R: Searchable + ?Sized>(&self, record: &R) -> Result<(), SearchError> {
        let doc = record.search_doc();
        let writer = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        writer.delete_term(key_term(&self.fields, &doc.kind, doc.id));
        writer.add_document(to_document(&self.fields, &doc))?;
        Ok(())
    }

    /// Removes the record of (kind, id), if indexed. Effective at the next commit.
    pub fn delete(&self, kind: &Kind, id: Uuid) {
        let writer = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        writer.delete_term(key_term(&self.fields, kind, id));
    }

    /// Removes every document (a rebuild in place). Effective at the next commit.
    pub fn delete_all(&self) -> Result<(), SearchError> {
        let writer = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        writer.delete_all_documents()?;
        Ok(())
    }

    /// Makes everything upserted and deleted since the last commit searchable, durably,
    /// recording `applied_seq` (the last change-feed sequence these changes came from;
    /// `None` keeps the one recorded) so a restarted node resumes after it.
    pub fn commit(&self, applied_seq: Option<u64>) -> Result<(), SearchError> {
        let mut applied = self.applied.lock().unwrap_or_else(|e| e.into_inner());
        let seq = applied_seq.or(*applied);
        let mut writer = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(&write_payload(seq));
        prepared.commit()?;
        drop(writer);
        *applied = seq;
        self.reader.reload()?;
        Ok(())
    }

    /// The last change-feed sequence committed to this index: resume after it.
    pub fn applied_seq(&self) -> Option<u64> {
        *self.applied.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn stats(&self) -> Result<IndexStats, SearchError> {
        let searcher = self.reader.searcher();
        let bytes = match &self.dir {
            Some(dir) => dir_bytes(dir).map_err(|e| SearchError::Index(e.into()))?,
            None => searcher
                .space_usage()
                .map_err(|e| SearchError::Index(e.into()))?
                .total()
                .get_bytes(),
        };
        Ok(IndexStats {
            docs: searcher.num_docs(),
            bytes,
        })
    }

    /// Reads every file of the index against its checksum: a slow, thorough check (for an
    /// operator's `purser search check`), where opening only reads the segments' headers.
    pub fn verify(&self) -> Result<(), OpenError> {
        let damaged = self.index.validate_checksum().map_err(classify)?;
        match damaged.into_iter().next() {
            None => Ok(()),
            Some(file) => Err(OpenError::Corrupt(format!(
                "{} fails its checksum",
                file.display()
            ))),
        }
    }
}

fn write_payload(seq: Option<u64>) -> String {
    match seq {
        Some(seq) => format!("{PAYLOAD_PREFIX}{FORMAT} seq={seq}"),
        None => format!("{PAYLOAD_PREFIX}{FORMAT}"),
    }
}

fn read_payload(payload: &str) -> Result<Option<u64>, OpenError> {
    let incompatible = || OpenError::Incompatible(format!("recorded as {payload:?}"));
    let rest = payload
        .strip_prefix(PAYLOAD_PREFIX)
        .ok_or_else(incompatible)?;
    let (format, seq) = match rest.split_once(" seq=") {
        Some((format, seq)) => (
            format,
            Some(seq.parse::<u64>().map_err(|_| incompatible())?),
        ),
        None => (rest, None),
    };
    if format != FORMAT.to_string() {
        return Err(incompatible());
    }
    Ok(seq)
}

/// Tantivy's errors as reasons to rebuild (or not).
fn classify(error: TantivyError) -> OpenError {
    match error {
        TantivyError::LockFailure(..) => OpenError::Locked,
        TantivyError::IncompatibleIndex(e) => OpenError::Incompatible(format!("{e:?}")),
        other => OpenError::Corrupt(other.to_string()),
    }
}

fn dir_bytes(dir: &Path) -> std::io::Result<u64> {
    let mut total = 0;
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let meta = entry.metadata()?;
        total += if meta.is_dir() {
            dir_bytes(&entry.path())?
        } else {
            meta.len()
        };
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_index_is_shared_between_request_threads() {
        fn shared<T: Send + Sync>() {}
        shared::<SearchIndex>();
    }

    #[test]
    fn the_payload_reads_back_as_written() {
        for seq in [None, Some(0), Some(u64::MAX)] {
            assert_eq!(read_payload(&write_payload(seq)).unwrap(), seq);
        }
    }

    #[test]
    fn another_format_or_a_foreign_payload_is_incompatible() {
        for payload in [
            "purser-search/0 seq=3",
            "purser-search/999",
            "something else",
            "purser-search/1 seq=x",
        ] {
            assert!(
                matches!(read_payload(payload), Err(OpenError::Incompatible(_))),
                "{payload}"
            );
        }
    }
}
