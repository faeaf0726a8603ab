//! Reply templates per language, chosen by the contact's language.

use crate::db::Db;
use crate::rows;
use crate::{Result, new_id};
use purser_domain::customers::Language;
use sea_query::{Asterisk, Expr, ExprTrait, Order, Query};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct ReplyTemplate {
    pub id: Uuid,
    pub name: String,
    #[sqlx(try_from = "String")]
    pub language: Language,
    pub subject: String,
    pub body: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub version: i64,
}

pub async fn insert(
    db: &mut impl Db,
    name: &str,
    language: Language,
    subject: &str,
    body: &str,
) -> Result<ReplyTemplate> {
    let id = new_id();
    rows::insert_versioned(
        db,
        "reply_templates",
        id,
        vec![
            ("name", Expr::val(name.trim())),
            ("language", Expr::val(language.as_str())),
            ("subject", Expr::val(subject)),
            ("body", Expr::val(body)),
        ],
    )
    .await?;
    get(db, id).await
}

pub async fn get(db: &mut impl Db, id: Uuid) -> Result<ReplyTemplate> {
    let q = Query::select()
        .column(Asterisk)
        .from("reply_templates")
        .and_where(Expr::col("id").eq(id))
        .take();
    db.fetch_one(&q).await
}

pub async fn all(db: &mut impl Db) -> Result<Vec<ReplyTemplate>> {
    let q = Query::select()
        .column(Asterisk)
        .from("reply_templates")
        .order_by("name", Order::Asc)
        .order_by("language", Order::Asc)
        .take();
    db.fetch_all(&q).await
}

/// The template of this name in `language`, else in English.
pub async fn by_name(db: &mut impl Db, name: &str, language: Language) -> Result<ReplyTemplate> {
    let q = Query::select()
        .column(Asterisk)
        .from("reply_templates")
        .and_where(Expr::col("name").eq(name))
        .and_where(Expr::col("language").is_in([language.as_str(), Language::En.as_str()]))
        .take();
    let rows: Vec<ReplyTemplate> = db.fetch_all(&q).await?;
    rows.iter()
        .find(|t| t.language == language)
        .or(rows.first())
        .cloned()
        .ok_or(crate::StoreError::NotFound)
}
