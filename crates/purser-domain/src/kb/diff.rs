//! A line-by-line diff of two versions of an article, as a reviewer reads it: every line of
//! both texts once, kept, removed or added, with its line number in each text.

use serde::Serialize;
use similar::{ChangeTag, TextDiff};
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LineChange {
    Kept,
    Removed,
    Added,
}

/// One line of a diff; a kept line has both numbers, a removed one only `old`, an added
/// one only `new` (numbers count from 1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct DiffLine {
    pub change: LineChange,
    pub old: Option<usize>,
    pub new: Option<usize>,
    /// The line without its line break.
    pub text: String,
}

/// `text` ending in one line break (unless empty), so a last line compares by its words
/// whether or not a break follows it.
fn ended(text: &str) -> std::borrow::Cow<'_, str> {
    if text.is_empty() || text.ends_with('\n') {
        text.into()
    } else {
        format!("{text}\n").into()
    }
}

/// The lines of `old` and `new`, in reading order, each marked kept, removed or added.
pub fn lines(old: &str, new: &str) -> Vec<DiffLine> {
    let (old, new) = (ended(old), ended(new));
    TextDiff::from_lines(old.as_ref(), new.as_ref())
        .iter_all_changes()
        .map(|c| DiffLine {
            change: match c.tag() {
                ChangeTag::Equal => LineChange::Kept,
                ChangeTag::Delete => LineChange::Removed,
                ChangeTag::Insert => LineChange::Added,
            },
            old: c.old_index().map(|i| i + 1),
            new: c.new_index().map(|i| i + 1),
            text: c
                .value()
                .trim_end_matches('\n')
                .trim_end_matches('\r')
                .to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use LineChange::*;
    use proptest::prelude::*;

    fn marks(d: &[DiffLine]) -> Vec<(LineChange, &str)> {
        d.iter().map(|l| (l.change, l.text.as_str())).collect()
    }

    #[test]
    fn a_changed_line_is_removed_then_added_and_the_rest_kept() {
        let d = lines(
            "免費期 7 天\n逾期計收延滯費\n請洽客服",
            "免費期 10 天\n逾期計收延滯費\n請洽客服\n",
        );
        assert_eq!(
            marks(&d),
            [
                (Removed, "免費期 7 天"),
                (Added, "免費期 10 天"),
                (Kept, "逾期計收延滯費"),
                (Kept, "請洽客服"),
            ]
        );
        assert_eq!((d[0].old, d[0].new), (Some(1), None));
        assert_eq!((d[1].old, d[1].new), (None, Some(1)));
        assert_eq!((d[3].old, d[3].new), (Some(3), Some(3)));
    }

    #[test]
    fn equal_texts_are_all_kept_and_empty_texts_have_no_lines() {
        assert!(lines("", "").is_empty());
        assert!(lines("a\nb", "a\nb").iter().all(|l| l.change == Kept));
        assert_eq!(marks(&lines("", "new")), [(Added, "new")]);
    }

    proptest! {
        /// The old text is the kept and removed lines, the new text the kept and added ones.
        #[test]
        fn both_texts_can_be_read_back_from_the_diff(
            old in prop::collection::vec("[a-c貨]{0,3}", 0..8),
            new in prop::collection::vec("[a-c貨]{0,3}", 0..8),
        ) {
            let d = lines(&old.join("\n"), &new.join("\n"));
            let side = |keep: LineChange| -> Vec<String> {
                d.iter().filter(|l| l.change == Kept || l.change == keep).map(|l| l.text.clone()).collect()
            };
            let as_lines = |v: &Vec<String>| -> Vec<String> {
                v.join("\n").lines().map(str::to_string).collect()
            };
            prop_assert_eq!(side(Removed), as_lines(&old));
            prop_assert_eq!(side(Added), as_lines(&new));
        }
    }
}
