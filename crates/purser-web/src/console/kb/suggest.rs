//! Articles suggested on a case page from the case's own words (subject and tags): the
//! search engine's any-word query over the articles the viewer may read, best first. The
//! engine applies the viewer's scope, so a suggestion never names an article they could not
//! open.

use crate::auth::Caller;
use crate::state::AppState;
use purser_search::{Kind, Query, SearchRequest};
use uuid::Uuid;

/// How many suggestions a case page shows.
const SHOWN: usize = 5;
/// Words of a case taken at most (the engine takes 24).
const WORDS: usize = 16;
/// Words that say nothing about what a case is about.
const STOP: [&str; 16] = [
    "the", "and", "for", "with", "please", "our", "your", "from", "this", "that", "about", "are",
    "was", "fwd", "have", "has",
];

/// The words a case is found by: Latin words of three letters or more that say something,
/// and runs of Chinese whole (the engine cuts them into the pairs it indexes); without
/// repeats, in order.
pub fn words_of(subject: &str, tags: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let texts = std::iter::once(subject).chain(tags.iter().map(String::as_str));
    for word in texts.flat_map(|t| t.split(|c: char| !c.is_alphanumeric())) {
        let word = word.to_lowercase();
        let chinese = word.chars().any(purser_search::is_cjk);
        let telling = word.chars().count() >= 3 && !STOP.contains(&word.as_str());
        if (chinese || telling) && !out.contains(&word) && out.len() < WORDS {
            out.push(word);
        }
    }
    out
}

/// The articles most like the case, as (id, title); none when the node has no index.
pub async fn suggested(
    s: &AppState,
    c: &Caller,
    subject: &str,
    tags: &[String],
) -> Vec<(Uuid, String)> {
    let Some(index) = s.search().cloned() else {
        return vec![];
    };
    let words = words_of(subject, tags);
    let mut query = Query::any_of(words.iter().map(String::as_str));
    query.kinds = vec![Kind::ARTICLE];
    let request = SearchRequest {
        query,
        limit: SHOWN,
        cursor: None,
    };
    let scope = purser_app::search::scope_of(&c.ctx.actor);
    match tokio::task::spawn_blocking(move || index.search(&scope, &request)).await {
        Ok(Ok(found)) => found.hits.into_iter().map(|h| (h.id, h.title)).collect(),
        // a page without suggestions is still the case page
        other => {
            tracing::warn!(?other, "article suggestions failed");
            vec![]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::words_of;

    #[test]
    fn a_case_is_found_by_its_longer_words_and_its_chinese_runs() {
        assert_eq!(
            words_of("Re: telex release for the B/L please", &["urgent".into()]),
            ["telex", "release", "urgent"]
        );
        assert_eq!(
            words_of("提單更改 amendment 費", &[]),
            ["提單更改", "amendment", "費"]
        );
        assert_eq!(words_of("release RELEASE release", &[]), ["release"]);
        assert!(words_of("a b c", &[]).is_empty());
    }
}
