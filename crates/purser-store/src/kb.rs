//! Knowledge-base articles and their versions. Every write of an article goes through
//! [`insert`], [`update`] or [`set_translation`], each of which keeps the article as it now
//! is as a new version row, so the history is complete by construction.

use crate::Result;
use crate::db::Db;
use crate::rows;
use purser_domain::customers::Language;
use purser_domain::kb::{ArticleInput, ArticleState, Category, IndexText};
use sea_query::{Asterisk, Cond, Expr, ExprTrait, Order, Query, SelectStatement};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct Article {
    pub id: Uuid,
    #[sqlx(try_from = "String")]
    pub category: Category,
    #[sqlx(try_from = "String")]
    pub language: Language,
    #[sqlx(try_from = "String")]
    pub state: ArticleState,
    pub title: String,
    pub body: String,
    /// The same article in the other language.
    pub translation_id: Option<Uuid>,
    /// Who wrote the current version ("Amy Lin <amy@…>").
    pub updated_by: Option<Uuid>,
    pub updated_by_label: String,
    pub created_at: i64,
    pub updated_at: i64,
    /// The number of the current version, and the ETag.
    pub version: i64,
}

impl Article {
    /// What the search index keeps of this article.
    pub fn index_text(&self) -> IndexText {
        IndexText {
            id: self.id,
            title: self.title.clone(),
            body: self.body.clone(),
            language: self.language,
            visibility: self.state,
            category: self.category,
        }
    }
}

/// One version of an article, as it was written.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct ArticleVersion {
    pub article_id: Uuid,
    pub version: i64,
    #[sqlx(try_from = "String")]
    pub category: Category,
    #[sqlx(try_from = "String")]
    pub language: Language,
    #[sqlx(try_from = "String")]
    pub state: ArticleState,
    pub title: String,
    pub body: String,
    pub translation_id: Option<Uuid>,
    pub edited_by: Option<Uuid>,
    pub edited_by_label: String,
    pub edited_at: i64,
}

/// A version in the history list: who and when, without the body.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct VersionSummary {
    pub version: i64,
    #[sqlx(try_from = "String")]
    pub state: ArticleState,
    pub title: String,
    pub edited_by: Option<Uuid>,
    pub edited_by_label: String,
    pub edited_at: i64,
}

/// Who writes a version.
#[derive(Debug, Clone, Copy)]
pub struct Author<'a> {
    pub id: Option<Uuid>,
    pub label: &'a str,
}

/// Which articles a list shows; `states` is what the reader may see (never empty).
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    pub category: Option<Category>,
    pub states: Vec<ArticleState>,
    pub language: Option<Language>,
    pub after: Option<Cursor>,
    pub limit: u64,
}

/// Where a page of the title-ordered list ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    pub title: String,
    pub id: Uuid,
}

fn values(input: &ArticleInput, by: &Author) -> rows::Values {
    vec![
        ("category", Expr::val(input.category.as_str())),
        ("language", Expr::val(input.language.as_str())),
        ("state", Expr::val(input.state.as_str())),
        ("title", Expr::val(input.title.trim())),
        ("body", Expr::val(input.body.as_str())),
        ("translation_id", Expr::val(input.translation_id)),
        ("updated_by", Expr::val(by.id)),
        ("updated_by_label", Expr::val(by.label)),
    ]
}

/// Keeps the article as it now is as its current version's row.
async fn keep_version(db: &mut impl Db, a: &Article) -> Result<()> {
    rows::insert(
        db,
        "kb_article_versions",
        vec![
            ("article_id", Expr::val(a.id)),
            ("version", Expr::val(a.version)),
            ("category", Expr::val(a.category.as_str())),
            ("language", Expr::val(a.language.as_str())),
            ("state", Expr::val(a.state.as_str())),
            ("title", Expr::val(a.title.as_str())),
            ("body", Expr::val(a.body.as_str())),
            ("translation_id", Expr::val(a.translation_id)),
            ("edited_by", Expr::val(a.updated_by)),
            ("edited_by_label", Expr::val(a.updated_by_label.as_str())),
            ("edited_at", Expr::val(a.updated_at)),
        ],
    )
    .await
}

/// A new article, as version 1. The translation it names is linked back by the caller
/// ([`set_translation`]), which checks it first.
pub async fn insert(
    db: &mut impl Db,
    id: Uuid,
    input: &ArticleInput,
    by: &Author<'_>,
) -> Result<Article> {
    rows::insert_versioned(db, "kb_articles", id, values(input, by)).await?;
    written(db, id).await
}

/// Replaces an article's text, category, language, state and link (if it is still at
/// `expected`), keeping the result as a new version.
pub async fn update(
    db: &mut impl Db,
    id: Uuid,
    expected: Option<i64>,
    input: &ArticleInput,
    by: &Author<'_>,
) -> Result<Article> {
    rows::update_versioned(db, "kb_articles", id, expected, values(input, by)).await?;
    written(db, id).await
}

/// Links (or with `None` unlinks) an article's translation: an edit of its own, kept as a
/// version, so the ETag a client holds no longer matches a link it did not see.
pub async fn set_translation(
    db: &mut impl Db,
    id: Uuid,
    translation_id: Option<Uuid>,
    by: &Author<'_>,
) -> Result<Article> {
    rows::update_versioned(
        db,
        "kb_articles",
        id,
        None,
        vec![
            ("translation_id", Expr::val(translation_id)),
            ("updated_by", Expr::val(by.id)),
            ("updated_by_label", Expr::val(by.label)),
        ],
    )
    .await?;
    written(db, id).await
}

/// The article as a write left it, kept as a version and announced on the change feed.
async fn written(db: &mut impl Db, id: Uuid) -> Result<Article> {
    let a = get(db, id).await?;
    keep_version(db, &a).await?;
    crate::change_feed::record(
        db,
        crate::change_feed::kinds::ARTICLE,
        id,
        crate::change_feed::Op::Upsert,
    )
    .await?;
    Ok(a)
}

pub async fn get(db: &mut impl Db, id: Uuid) -> Result<Article> {
    let q = Query::select()
        .column(Asterisk)
        .from("kb_articles")
        .and_where(Expr::col("id").eq(id))
        .take();
    db.fetch_one(&q).await
}

fn filtered(lq: &ListQuery) -> SelectStatement {
    let mut q = Query::select();
    q.column(Asterisk).from("kb_articles").and_where(
        Expr::col("state").is_in(lq.states.iter().map(|s| s.as_str()).collect::<Vec<_>>()),
    );
    if let Some(c) = lq.category {
        q.and_where(Expr::col("category").eq(c.as_str()));
    }
    if let Some(l) = lq.language {
        q.and_where(Expr::col("language").eq(l.as_str()));
    }
    q
}

/// A page of articles in title order, and where the next page starts.
pub async fn list(db: &mut impl Db, lq: &ListQuery) -> Result<(Vec<Article>, Option<Cursor>)> {
    if lq.states.is_empty() {
        return Ok((vec![], None));
    }
    let limit = lq.limit.clamp(1, 1000);
    let mut q = filtered(lq);
    if let Some(c) = &lq.after {
        q.cond_where(
            Cond::any()
                .add(Expr::col("title").gt(c.title.as_str()))
                .add(
                    Cond::all()
                        .add(Expr::col("title").eq(c.title.as_str()))
                        .add(Expr::col("id").gt(c.id)),
                ),
        );
    }
    q.order_by("title", Order::Asc)
        .order_by("id", Order::Asc)
        .limit(limit + 1);
    let mut items: Vec<Article> = db.fetch_all(&q).await?;
    let next = if items.len() as u64 > limit {
        items.truncate(limit as usize);
        items.last().map(|a| Cursor {
            title: a.title.clone(),
            id: a.id,
        })
    } else {
        None
    };
    Ok((items, next))
}

/// Every version of an article, newest first.
pub async fn versions(db: &mut impl Db, id: Uuid) -> Result<Vec<VersionSummary>> {
    let q = Query::select()
        .columns([
            "version",
            "state",
            "title",
            "edited_by",
            "edited_by_label",
            "edited_at",
        ])
        .from("kb_article_versions")
        .and_where(Expr::col("article_id").eq(id))
        .order_by("version", Order::Desc)
        .take();
    db.fetch_all(&q).await
}

/// One version of an article as it was written.
pub async fn version(db: &mut impl Db, id: Uuid, version: i64) -> Result<ArticleVersion> {
    let q = Query::select()
        .column(Asterisk)
        .from("kb_article_versions")
        .and_where(Expr::col("article_id").eq(id))
        .and_where(Expr::col("version").eq(version))
        .take();
    db.fetch_one(&q).await
}

/// Articles by id after `after`, `limit` of them: the walk a search-index rebuild takes.
pub async fn page_by_id(db: &mut impl Db, after: Option<Uuid>, limit: u64) -> Result<Vec<Article>> {
    let mut q = Query::select();
    q.column(Asterisk).from("kb_articles");
    if let Some(a) = after {
        q.and_where(Expr::col("id").gt(a));
    }
    q.order_by("id", Order::Asc).limit(Ord::max(limit, 1));
    db.fetch_all(&q).await
}

/// How many articles there are.
pub async fn count(db: &mut impl Db) -> Result<i64> {
    db.scalar_raw("SELECT COUNT(*) FROM kb_articles").await
}
