//! The engine's errors: a bad request names the parameter (the web layer answers 400
//! problem+json with it); anything else is the index's own trouble (500, logged).

use std::fmt;

/// What was wrong with a parameter, so the web layer can say it in the reader's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// Not a date of the form YYYY-MM-DD.
    BadDate,
    /// Not a kind name (`case`, `message`, … or a later kind's name).
    BadKind,
    /// Not an id (a UUID) where one is needed.
    BadId,
    /// A cursor this engine did not hand out.
    BadCursor,
    /// A page size outside 1..=MAX_LIMIT.
    BadLimit,
}

impl Problem {
    /// A stable name for the problem (`bad_date`, …), for clients and translation keys.
    pub fn code(self) -> &'static str {
        match self {
            Problem::BadDate => "bad_date",
            Problem::BadKind => "bad_kind",
            Problem::BadId => "bad_id",
            Problem::BadCursor => "bad_cursor",
            Problem::BadLimit => "bad_limit",
        }
    }

    /// What is wrong, in English.
    pub fn says(self) -> &'static str {
        match self {
            Problem::BadDate => "is not a date of the form YYYY-MM-DD",
            Problem::BadKind => "is not a kind of record",
            Problem::BadId => "is not an id",
            Problem::BadCursor => "is not a cursor of this search",
            Problem::BadLimit => "is not a page size from 1 to 200",
        }
    }

    /// What is wrong, in Traditional Chinese.
    pub fn says_zh_tw(self) -> &'static str {
        match self {
            Problem::BadDate => "不是 YYYY-MM-DD 格式的日期",
            Problem::BadKind => "不是可搜尋的記錄類型",
            Problem::BadId => "不是有效的識別碼",
            Problem::BadCursor => "不是此搜尋的分頁游標",
            Problem::BadLimit => "不是 1 到 200 之間的每頁筆數",
        }
    }
}

/// A parameter of the request that cannot be searched by.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{param}: {value:?} {}", problem.says())]
pub struct QueryError {
    /// The request parameter or query filter at fault: `q`, `kind`, `customer`, `team`,
    /// `after`, `before`, `limit`, `cursor`.
    pub param: &'static str,
    pub problem: Problem,
    /// The offending value, cut to 64 characters.
    pub value: String,
}

impl QueryError {
    pub(crate) fn new(param: &'static str, problem: Problem, value: &str) -> QueryError {
        QueryError {
            param,
            problem,
            value: value.chars().take(64).collect(),
        }
    }
}

/// Why a search, an update or opening the index failed.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The request: answer 400 naming `QueryError::param`.
    #[error(transparent)]
    Query(#[from] QueryError),
    /// The index itself (I/O, a corrupt segment): answer 500 and log.
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
}

/// Why an index directory could not be opened as it is. Each means "rebuild from the
/// change feed's start" to the caller; [`crate::SearchIndex::open_or_recreate`] does that.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// Files are missing or unreadable as an index.
    #[error("the search index is corrupt: {0}")]
    Corrupt(String),
    /// Written by another version of the schema or the analysers.
    #[error("the search index was written by an incompatible version: {0}")]
    Incompatible(String),
    /// Another process holds the index's writer lock.
    #[error("the search index is in use by another process")]
    Locked,
    #[error("the search index directory: {0}")]
    Io(#[from] std::io::Error),
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.says())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Problem; 5] = [
        Problem::BadDate,
        Problem::BadKind,
        Problem::BadId,
        Problem::BadCursor,
        Problem::BadLimit,
    ];

    #[test]
    fn every_problem_has_its_own_code_and_says_it_in_both_languages() {
        let codes: std::collections::HashSet<_> = ALL.iter().map(|p| p.code()).collect();
        assert_eq!(codes.len(), ALL.len());
        for p in ALL {
            assert!(!p.says().is_empty() && !p.says_zh_tw().is_empty());
            assert_ne!(p.says(), p.says_zh_tw());
        }
    }

    #[test]
    fn an_error_reads_with_its_parameter_and_value() {
        let e = QueryError::new("after", Problem::BadDate, "2026-13-01");
        assert_eq!(
            e.to_string(),
            "after: \"2026-13-01\" is not a date of the form YYYY-MM-DD"
        );
    }
}
