//! The knowledge base: articles (policies, procedures, quality standards, the glossary of
//! trade terms, Incoterms) in English and Traditional Chinese, each linked to its
//! translation, kept as draft, internal or public, with every edit kept as a version.
//!
//! Who reads what is one rule ([`readable_states`]): customers read public articles,
//! department users internal and public ones, the desk every state. The desk writes; making
//! an article public, changing a public one or taking it back is a supervisor's or an
//! admin's ([`may_publish`]), since a public article is what customers are told.

pub mod diff;

use crate::customers::Language;
use crate::roles::{Actor, Role};
use crate::validation::Problems;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// What an article is; the knowledge base's categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Policy,
    Procedure,
    QualityStandard,
    /// A trade term or abbreviation (B/L, VGM, demurrage).
    Glossary,
    /// An Incoterms 2020 rule (FOB, CIF, DAP …).
    Incoterm,
    Other,
}
text_enum!(Category {
    Policy = "policy",
    Procedure = "procedure",
    QualityStandard = "quality_standard",
    Glossary = "glossary",
    Incoterm = "incoterm",
    Other = "other"
});

/// Who may read an article: nobody but its editors (draft), staff (internal), everyone
/// with a log-in, customers included (public).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ArticleState {
    Draft,
    Internal,
    Public,
}
text_enum!(ArticleState { Draft = "draft", Internal = "internal", Public = "public" });

/// The longest title and body the knowledge base keeps, in characters.
pub const MAX_TITLE: usize = 200;
pub const MAX_BODY: usize = 50_000;

/// An article as written: a create or a whole replacement (PUT) of one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ArticleInput {
    pub category: Category,
    /// At most 200 characters.
    #[schema(max_length = 200)]
    pub title: String,
    /// Plain text with a little Markdown (`# heading`, `- item`, `1. step`, `**bold**`);
    /// shown escaped, never as HTML. At most 50,000 characters.
    #[schema(max_length = 50000)]
    pub body: String,
    pub language: Language,
    pub state: ArticleState,
    /// The same article in the other language; both are linked. Null unlinks.
    #[serde(default)]
    pub translation_id: Option<Uuid>,
}

impl ArticleInput {
    /// The rules of the text itself; links to other articles are checked by the use case.
    pub fn validate(&self) -> Result<(), Problems> {
        let mut p = Problems::new();
        p.text("title", &self.title, true, MAX_TITLE);
        p.text("body", &self.body, true, MAX_BODY);
        p.into_result()
    }
}

/// The states `actor` may read.
pub fn readable_states(actor: &Actor) -> &'static [ArticleState] {
    match actor.role {
        Role::Admin | Role::Supervisor | Role::Agent => ArticleState::ALL,
        Role::Department => &[ArticleState::Internal, ArticleState::Public],
        Role::Customer => &[ArticleState::Public],
    }
}

pub fn may_read(actor: &Actor, state: ArticleState) -> bool {
    readable_states(actor).contains(&state)
}

/// Writes articles and reads their versions: the desk.
pub fn may_edit(actor: &Actor) -> bool {
    matches!(actor.role, Role::Admin | Role::Supervisor | Role::Agent)
}

/// Puts text in front of customers: supervisors and admins.
pub fn may_publish(actor: &Actor) -> bool {
    matches!(actor.role, Role::Admin | Role::Supervisor)
}

/// Whether an edit from `before` (None: a new article) to `after` publishes: it makes an
/// article public, changes a public one, or takes one back from public.
pub fn publishes(before: Option<ArticleState>, after: ArticleState) -> bool {
    after == ArticleState::Public || before == Some(ArticleState::Public)
}

/// What the search index keeps of an article: its words, its language, who may find it
/// (its state: customers find public ones, department users internal and public ones)
/// and its category as a filter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndexText {
    pub id: Uuid,
    pub title: String,
    pub body: String,
    pub language: Language,
    pub visibility: ArticleState,
    pub category: Category,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role) -> Actor {
        Actor {
            user_id: Uuid::from_bytes([1; 16]),
            role,
            department: None,
            customer_id: None,
        }
    }

    #[test]
    fn customers_read_public_departments_no_drafts_the_desk_all() {
        assert_eq!(
            readable_states(&actor(Role::Customer)),
            [ArticleState::Public]
        );
        let dept = actor(Role::Department);
        assert!(!may_read(&dept, ArticleState::Draft));
        assert!(may_read(&dept, ArticleState::Internal));
        for r in [Role::Agent, Role::Supervisor, Role::Admin] {
            assert!(may_read(&actor(r), ArticleState::Draft));
            assert!(may_edit(&actor(r)));
        }
        assert!(!may_edit(&dept) && !may_edit(&actor(Role::Customer)));
    }

    #[test]
    fn only_supervisors_and_admins_publish() {
        assert!(!may_publish(&actor(Role::Agent)));
        assert!(may_publish(&actor(Role::Supervisor)) && may_publish(&actor(Role::Admin)));
        assert!(publishes(None, ArticleState::Public));
        assert!(publishes(
            Some(ArticleState::Public),
            ArticleState::Internal
        ));
        assert!(publishes(Some(ArticleState::Public), ArticleState::Public));
        assert!(!publishes(
            Some(ArticleState::Draft),
            ArticleState::Internal
        ));
        assert!(!publishes(None, ArticleState::Draft));
    }

    #[test]
    fn a_blank_title_and_an_overlong_body_are_named() {
        let input = ArticleInput {
            category: Category::Glossary,
            title: "  ".into(),
            body: "x".repeat(MAX_BODY + 1),
            language: Language::En,
            state: ArticleState::Draft,
            translation_id: None,
        };
        let fields: Vec<String> = input
            .validate()
            .unwrap_err()
            .0
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["title", "body"]);
    }

    #[test]
    fn categories_and_states_round_trip_as_text() {
        for c in Category::ALL {
            assert_eq!(Category::parse(c.as_str()), Some(*c));
        }
        for s in ArticleState::ALL {
            assert_eq!(ArticleState::parse(s.as_str()), Some(*s));
        }
        assert_eq!(Category::parse("faq"), None);
    }
}
