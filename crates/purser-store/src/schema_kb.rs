//! Migration for the knowledge base (issue 15, item 6): articles, each linked to its
//! translation, and every version of every article as it was written, by whom and when.

use crate::db::Backend;
use crate::schema::{Out, fk, index, int, text, uuid, uuid_null};
use sea_query::{ForeignKeyAction, Index, Table};

pub(crate) fn knowledge_base(backend: Backend) -> Vec<String> {
    let mut o = Out {
        backend,
        sql: Vec::new(),
    };
    o.table(
        &Table::create()
            .table("kb_articles")
            .col(crate::schema::id())
            .col(text("category"))
            .col(text("language"))
            .col(text("state"))
            .col(text("title"))
            .col(text("body"))
            // the same article in the other language; both rows point at each other
            .col(uuid_null("translation_id"))
            .col(uuid_null("updated_by"))
            .col(text("updated_by_label"))
            .col(int("created_at"))
            .col(int("updated_at"))
            .col(int("version"))
            .foreign_key(&mut fk(
                "kb_articles",
                "translation_id",
                "kb_articles",
                ForeignKeyAction::SetNull,
            ))
            .take(),
    );
    // the lists filter by state and category and read in title order
    o.index(index(
        "kb_articles",
        "kb_articles_state_category",
        &["state", "category", "title", "id"],
    ));
    o.index(index("kb_articles", "kb_articles_title", &["title", "id"]));
    // one row per version: version 1 is the article as created
    o.table(
        &Table::create()
            .table("kb_article_versions")
            .col(uuid("article_id"))
            .col(int("version"))
            .col(text("category"))
            .col(text("language"))
            .col(text("state"))
            .col(text("title"))
            .col(text("body"))
            .col(uuid_null("translation_id"))
            .col(uuid_null("edited_by"))
            .col(text("edited_by_label"))
            .col(int("edited_at"))
            .primary_key(Index::create().col("article_id").col("version"))
            .foreign_key(&mut fk(
                "kb_article_versions",
                "article_id",
                "kb_articles",
                ForeignKeyAction::Cascade,
            ))
            .take(),
    );
    o.sql
}
