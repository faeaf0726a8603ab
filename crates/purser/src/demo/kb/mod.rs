//! The demo's knowledge base: a real glossary of trade terms, the Incoterms 2020 rules and
//! a few procedures, each written in English and in Traditional Chinese and linked as
//! translations, through the same use case an editor's save goes through.

mod glossary;
mod procedures;

use crate::demo::desk::Staff;
use purser_app::kb;
use purser_domain::customers::Language;
use purser_domain::kb::{ArticleInput, ArticleState, Category};
use purser_store::Store;

/// (category, state, English title, English text, Chinese title, Chinese text).
pub type Pair = (
    Category,
    ArticleState,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

fn all() -> impl Iterator<Item = &'static Pair> {
    glossary::TERMS.iter().chain(procedures::ARTICLES)
}

/// Writes every article pair as `editor` (a supervisor, who may publish); returns how many
/// articles were written.
pub async fn seed(store: &Store, editor: &Staff) -> anyhow::Result<usize> {
    let ctx = editor.ctx();
    let mut n = 0;
    for (category, state, en_title, en_body, zh_title, zh_body) in all() {
        let en = kb::create_article(
            store,
            &ctx,
            ArticleInput {
                category: *category,
                title: (*en_title).into(),
                body: (*en_body).into(),
                language: Language::En,
                state: *state,
                translation_id: None,
            },
        )
        .await
        .map_err(|e| anyhow::anyhow!("{en_title}: {e}"))?;
        kb::create_article(
            store,
            &ctx,
            ArticleInput {
                category: *category,
                title: (*zh_title).into(),
                body: (*zh_body).into(),
                language: Language::ZhTw,
                state: *state,
                translation_id: Some(en.id),
            },
        )
        .await
        .map_err(|e| anyhow::anyhow!("{zh_title}: {e}"))?;
        n += 2;
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_glossary_names_every_term_the_desk_asked_for_in_both_languages() {
        let titles: Vec<&str> = all().map(|p| p.2).collect();
        for term in [
            "B/L",
            "SWB",
            "Telex release",
            "VGM",
            "Cut-off",
            "Roll-over",
            "Demurrage",
            "Detention",
            "Free time",
            "BAF",
            "CAF",
            "THC",
            "ISPS",
            "LSS",
            "PSS",
            "GRI",
            "D/O",
            "ETA / ETD",
            "FCL / LCL",
            "CY / CFS",
            "FOB",
            "CIF",
            "EXW",
            "DAP",
            "DDP",
            "FCA",
            "CPT",
        ] {
            assert!(
                titles.iter().any(|t| t.starts_with(term)),
                "{term} is missing"
            );
        }
        for (_, _, en_title, en_body, zh_title, zh_body) in all() {
            for (title, body) in [(en_title, en_body), (zh_title, zh_body)] {
                let input = ArticleInput {
                    category: Category::Glossary,
                    title: (*title).into(),
                    body: (*body).into(),
                    language: Language::En,
                    state: ArticleState::Draft,
                    translation_id: None,
                };
                assert_eq!(input.validate(), Ok(()), "{title}");
            }
            assert!(
                zh_body
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{zh_title} is written in Chinese"
            );
        }
    }

    #[test]
    fn some_articles_are_public_some_internal_and_one_a_draft() {
        let count = |s: ArticleState| all().filter(|p| p.1 == s).count();
        assert!(count(ArticleState::Public) > 30);
        assert!(count(ArticleState::Internal) >= 2);
        assert_eq!(count(ArticleState::Draft), 1);
    }
}
