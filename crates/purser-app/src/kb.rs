//! The knowledge base's use cases: write an article (each write a new version, audited),
//! link it to its translation, read what one's role may read, compare two versions, and
//! hand the search index the text it keeps of each article.
//!
//! The desk (agents, supervisors, admins) writes and reads every version; publishing —
//! making an article public, changing a public one or taking it back — is a supervisor's
//! or an admin's (`purser_domain::kb::may_publish`). Linking a translation is no
//! publishing: it changes no text a customer reads.

use crate::audit::Audit;
use crate::{AppError, Ctx, Result};
use purser_domain::kb::diff::{self, DiffLine};
use purser_domain::kb::{
    self as rules, ArticleInput, ArticleState, IndexText, may_edit, may_publish, publishes,
};
use purser_store::kb::{self, Article, ArticleVersion, Author, Cursor, ListQuery, VersionSummary};
use purser_store::{Store, StoreError, Tx, new_id};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

fn require(allowed: bool) -> Result<()> {
    if allowed {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

fn author(ctx: &Ctx) -> Author<'_> {
    Author {
        id: (!ctx.actor.user_id.is_nil()).then_some(ctx.actor.user_id),
        label: &ctx.label,
    }
}

/// Checks what the change of state asks of the actor.
fn may_change_state(ctx: &Ctx, before: Option<ArticleState>, after: ArticleState) -> Result<()> {
    require(may_edit(&ctx.actor))?;
    require(!publishes(before, after) || may_publish(&ctx.actor))
}

/// The article `input` names as its translation, checked: it exists, is in the other
/// language, and is linked to no third article.
async fn partner(tx: &mut Tx, id: Option<Uuid>, input: &ArticleInput) -> Result<Option<Article>> {
    let Some(other) = input.translation_id else {
        return Ok(None);
    };
    if Some(other) == id {
        return Err(AppError::field("translation_id", "is this article itself"));
    }
    let p = match kb::get(tx, other).await {
        Ok(p) => p,
        Err(StoreError::NotFound) => {
            return Err(AppError::field("translation_id", "names no article"));
        }
        Err(e) => return Err(e.into()),
    };
    if p.language == input.language {
        return Err(AppError::field(
            "translation_id",
            "is in the same language; a translation is in the other one",
        ));
    }
    if p.translation_id.is_some() && p.translation_id != id {
        return Err(AppError::field(
            "translation_id",
            "is already linked to another translation",
        ));
    }
    Ok(Some(p))
}

/// Points `other` at `to` (or at nothing), audited as an edit of `other`.
async fn relink(tx: &mut Tx, ctx: &Ctx, other: Uuid, to: Option<Uuid>) -> Result<()> {
    let before = kb::get(tx, other).await?;
    if before.translation_id == to {
        return Ok(());
    }
    let after = kb::set_translation(tx, other, to, &author(ctx)).await?;
    Audit::that(ctx)
        .did(if to.is_some() {
            "link_translation"
        } else {
            "unlink_translation"
        })
        .on("kb_article", other)
        .before(&before)
        .after(&after)
        .write(tx)
        .await
}

pub async fn create_article(store: &Store, ctx: &Ctx, input: ArticleInput) -> Result<Article> {
    may_change_state(ctx, None, input.state)?;
    input.validate()?;
    let mut tx = store.begin().await?;
    let linked = partner(&mut tx, None, &input).await?;
    let a = kb::insert(&mut tx, new_id(), &input, &author(ctx)).await?;
    if let Some(p) = linked {
        relink(&mut tx, ctx, p.id, Some(a.id)).await?;
    }
    Audit::that(ctx)
        .did("create")
        .on("kb_article", a.id)
        .after(&a)
        .write(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(a)
}

/// Replaces an article as a new version, if it is still at `expected`.
pub async fn update_article(
    store: &Store,
    ctx: &Ctx,
    id: Uuid,
    expected: Option<i64>,
    input: ArticleInput,
) -> Result<Article> {
    require(may_edit(&ctx.actor))?;
    let mut tx = store.begin().await?;
    let before = kb::get(&mut tx, id).await?;
    may_change_state(ctx, Some(before.state), input.state)?;
    if expected.is_some_and(|v| v != before.version) {
        return Err(AppError::Stale {
            current: before.version,
        });
    }
    input.validate()?;
    partner(&mut tx, Some(id), &input).await?;
    if let Some(old) = before
        .translation_id
        .filter(|o| Some(*o) != input.translation_id)
    {
        relink(&mut tx, ctx, old, None).await?;
    }
    let after = kb::update(&mut tx, id, expected, &input, &author(ctx)).await?;
    if let Some(new) = input.translation_id {
        relink(&mut tx, ctx, new, Some(id)).await?;
    }
    let action = match (before.state, after.state) {
        (b, ArticleState::Public) if b != ArticleState::Public => "publish",
        (ArticleState::Public, a) if a != ArticleState::Public => "unpublish",
        _ => "update",
    };
    Audit::that(ctx)
        .did(action)
        .on("kb_article", id)
        .before(&before)
        .after(&after)
        .write(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(after)
}

/// An article the actor may read; one it may not is not found.
pub async fn get_article(store: &Store, ctx: &Ctx, id: Uuid) -> Result<Article> {
    let a = kb::get(&mut store.clone(), id).await?;
    if !rules::may_read(&ctx.actor, a.state) {
        return Err(AppError::NotFound);
    }
    Ok(a)
}

/// What to list; the states asked for are narrowed to those the actor may read.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub category: Option<rules::Category>,
    pub state: Option<ArticleState>,
    pub language: Option<purser_domain::customers::Language>,
    pub after: Option<Cursor>,
    pub limit: u64,
}

pub async fn list_articles(
    store: &Store,
    ctx: &Ctx,
    f: ListFilter,
) -> Result<(Vec<Article>, Option<Cursor>)> {
    let states = rules::readable_states(&ctx.actor)
        .iter()
        .copied()
        .filter(|s| f.state.is_none_or(|x| x == *s))
        .collect();
    let lq = ListQuery {
        category: f.category,
        states,
        language: f.language,
        after: f.after,
        limit: f.limit,
    };
    Ok(kb::list(&mut store.clone(), &lq).await?)
}

/// The history of an article: the desk's.
pub async fn versions(store: &Store, ctx: &Ctx, id: Uuid) -> Result<Vec<VersionSummary>> {
    require(may_edit(&ctx.actor))?;
    let mut db = store.clone();
    kb::get(&mut db, id).await?;
    Ok(kb::versions(&mut db, id).await?)
}

pub async fn version(store: &Store, ctx: &Ctx, id: Uuid, n: i64) -> Result<ArticleVersion> {
    require(may_edit(&ctx.actor))?;
    Ok(kb::version(&mut store.clone(), id, n).await?)
}

/// Two versions of an article compared line by line, title and body.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ArticleDiff {
    pub article_id: Uuid,
    pub from: VersionSide,
    pub to: VersionSide,
    pub title: Vec<DiffLine>,
    pub body: Vec<DiffLine>,
}

/// One side of a diff: which version, in which state, by whom and when.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct VersionSide {
    pub version: i64,
    pub state: ArticleState,
    pub edited_by_label: String,
    pub edited_at: i64,
}

impl From<&ArticleVersion> for VersionSide {
    fn from(v: &ArticleVersion) -> Self {
        VersionSide {
            version: v.version,
            state: v.state,
            edited_by_label: v.edited_by_label.clone(),
            edited_at: v.edited_at,
        }
    }
}

/// Compares version `from` with version `to` (either order); a number that is no version
/// of the article is named.
pub async fn diff(store: &Store, ctx: &Ctx, id: Uuid, from: i64, to: i64) -> Result<ArticleDiff> {
    require(may_edit(&ctx.actor))?;
    let mut db = store.clone();
    kb::get(&mut db, id).await?;
    let side = |field: &'static str, e: StoreError| match e {
        StoreError::NotFound => AppError::field(field, "names no version of this article"),
        other => other.into(),
    };
    let old = kb::version(&mut db, id, from)
        .await
        .map_err(|e| side("from", e))?;
    let new = kb::version(&mut db, id, to)
        .await
        .map_err(|e| side("to", e))?;
    Ok(ArticleDiff {
        article_id: id,
        title: diff::lines(&old.title, &new.title),
        body: diff::lines(&old.body, &new.body),
        from: (&old).into(),
        to: (&new).into(),
    })
}

/// A public article for a reply to a customer (its link or its text): the desk's, and only
/// public ones, since the customer must be able to read what the reply points to.
pub async fn for_reply(store: &Store, ctx: &Ctx, id: Uuid) -> Result<Article> {
    require(may_edit(&ctx.actor))?;
    let a = match kb::get(&mut store.clone(), id).await {
        Ok(a) => a,
        Err(StoreError::NotFound) => return Err(AppError::field("article", "names no article")),
        Err(e) => return Err(e.into()),
    };
    if a.state != ArticleState::Public {
        return Err(AppError::field("article", "is not public"));
    }
    Ok(a)
}

/// The text the search index keeps of one article (none when it is gone).
pub async fn text_to_index(store: &Store, id: Uuid) -> Result<Option<IndexText>> {
    match kb::get(&mut store.clone(), id).await {
        Ok(a) => Ok(Some(a.index_text())),
        Err(StoreError::NotFound) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// The texts of `limit` articles after `after` by id: a rebuild walks the whole base so.
pub async fn texts_to_index(
    store: &Store,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<IndexText>> {
    Ok(kb::page_by_id(&mut store.clone(), after, limit)
        .await?
        .iter()
        .map(Article::index_text)
        .collect())
}
