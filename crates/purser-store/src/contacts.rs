//! People at customer companies, and the address index the e-mail channel looks senders up in.

use crate::change_feed::{self, Op, kinds};
use crate::db::Db;
use crate::rows::{self, Values, json};
use crate::{Result, customers};
use purser_domain::book::{ContactInput, NotificationPrefs};
use purser_domain::customers::{Channel, Language};
use sea_query::{Asterisk, Expr, ExprTrait, Order, Query};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct Contact {
    pub id: Uuid,
    pub customer_id: Uuid,
    pub name: String,
    pub role_title: String,
    #[sqlx(json)]
    pub emails: Vec<String>,
    #[sqlx(json)]
    pub phones: Vec<String>,
    #[sqlx(try_from = "String")]
    pub language: Language,
    #[sqlx(try_from = "String")]
    pub preferred_channel: Channel,
    #[sqlx(json)]
    pub notifications: NotificationPrefs,
    pub portal_access: bool,
    pub archived: bool,
    pub created_at: i64,
    pub updated_at: i64,
    pub version: i64,
}

impl Contact {
    pub fn input(&self) -> ContactInput {
        ContactInput {
            name: self.name.clone(),
            role_title: self.role_title.clone(),
            emails: self.emails.clone(),
            phones: self.phones.clone(),
            language: self.language,
            preferred_channel: self.preferred_channel,
            notifications: self.notifications,
            portal_access: self.portal_access,
        }
    }
}

fn values(c: &ContactInput) -> Values {
    vec![
        ("name", Expr::val(c.name.as_str())),
        ("role_title", Expr::val(c.role_title.as_str())),
        ("emails", json(&c.emails)),
        ("phones", json(&c.phones)),
        ("language", Expr::val(c.language.as_str())),
        ("preferred_channel", Expr::val(c.preferred_channel.as_str())),
        ("notifications", json(&c.notifications)),
        ("portal_access", Expr::val(c.portal_access)),
    ]
}

pub async fn insert(
    db: &mut impl Db,
    id: Uuid,
    customer_id: Uuid,
    c: &ContactInput,
) -> Result<Contact> {
    let mut v = values(c);
    v.push(("customer_id", Expr::val(customer_id)));
    rows::insert_versioned(db, "contacts", id, v).await?;
    index_emails(db, id, customer_id, &c.emails).await?;
    let mut terms = customers::text_terms(&c.name);
    terms.extend(c.emails.iter().map(|e| e.to_lowercase()));
    customers::add_terms(db, customer_id, &terms).await?;
    change_feed::record(db, kinds::CONTACT, id, Op::Upsert).await?;
    get(db, customer_id, id).await
}

pub async fn update(
    db: &mut impl Db,
    customer_id: Uuid,
    id: Uuid,
    expected: Option<i64>,
    c: &ContactInput,
) -> Result<Contact> {
    let row: Contact =
        rows::update_child(db, "contacts", customer_id, id, expected, values(c)).await?;
    index_emails(db, id, customer_id, &c.emails).await?;
    customers::refresh_terms(db, customer_id).await?;
    change_feed::record(db, kinds::CONTACT, id, Op::Upsert).await?;
    Ok(row)
}

pub async fn archive(
    db: &mut impl Db,
    customer_id: Uuid,
    id: Uuid,
    expected: Option<i64>,
) -> Result<Contact> {
    let row: Contact = rows::archive_child(db, "contacts", customer_id, id, expected).await?;
    index_emails(db, id, customer_id, &[]).await?;
    customers::refresh_terms(db, customer_id).await?;
    change_feed::record(db, kinds::CONTACT, id, Op::Upsert).await?;
    Ok(row)
}

async fn index_emails(
    db: &mut impl Db,
    contact_id: Uuid,
    customer_id: Uuid,
    emails: &[String],
) -> Result<()> {
    db.execute(
        &Query::delete()
            .from_table("contact_emails")
            .and_where(Expr::col("contact_id").eq(contact_id))
            .take(),
    )
    .await?;
    let mut lower: Vec<String> = emails.iter().map(|e| e.to_lowercase()).collect();
    lower.sort();
    lower.dedup();
    for e in lower {
        let ins = Query::insert()
            .into_table("contact_emails")
            .columns(["email_lower", "contact_id", "customer_id"])
            .values_panic([Expr::val(e), Expr::val(contact_id), Expr::val(customer_id)])
            .take();
        db.execute(&ins).await?;
    }
    Ok(())
}

/// A contact of this customer (the customer in the path must own it, or NotFound).
pub async fn get(db: &mut impl Db, customer_id: Uuid, id: Uuid) -> Result<Contact> {
    rows::get_child(db, "contacts", customer_id, id).await
}

pub async fn list(
    db: &mut impl Db,
    customer_id: Uuid,
    include_archived: bool,
) -> Result<Vec<Contact>> {
    let mut q = Query::select();
    q.column(Asterisk)
        .from("contacts")
        .and_where(Expr::col("customer_id").eq(customer_id))
        .order_by("name", Order::Asc);
    if !include_archived {
        q.and_where(Expr::col("archived").eq(false));
    }
    db.fetch_all(&q).await
}

/// Contacts with this address (any customer): the e-mail channel's sender lookup.
pub async fn by_email(db: &mut impl Db, email: &str) -> Result<Vec<(Uuid, Uuid)>> {
    let q = Query::select()
        .columns(["contact_id", "customer_id"])
        .from("contact_emails")
        .and_where(Expr::col("email_lower").eq(email.to_lowercase()))
        .take();
    db.fetch_all(&q).await
}
