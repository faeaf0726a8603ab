//! Companies of the customer book: rows, search terms, scoped listing with keyset pages,
//! and the duplicate check on normalised names.

use crate::change_feed::{self, Op, kinds};
use crate::db::Db;
use crate::rows::{self, Values, json};
use crate::{Result, counters};
use purser_domain::book::{Address, CustomerInput};
use purser_domain::customers::{Channel, CustomerStatus, Language, Tier};
use purser_domain::names::company_key;
use purser_domain::roles::CustomerScope;
use sea_query::{Asterisk, Cond, Condition, Expr, ExprTrait, Order, Query, SelectStatement};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct Customer {
    pub id: Uuid,
    /// Human number, e.g. C-000123.
    pub number: String,
    #[sqlx(try_from = "String")]
    pub status: CustomerStatus,
    pub legal_name: String,
    pub local_name: Option<String>,
    #[sqlx(json)]
    pub addresses: Vec<Address>,
    pub registration_id: Option<String>,
    pub tax_id: Option<String>,
    pub main_office: Option<String>,
    #[sqlx(try_from = "String")]
    pub tier: Tier,
    pub key_account: bool,
    pub account_owner_id: Option<Uuid>,
    pub sales_owner_id: Option<Uuid>,
    #[sqlx(try_from = "String")]
    pub language: Language,
    #[sqlx(try_from = "String")]
    pub preferred_channel: Channel,
    pub time_zone: String,
    pub service_requirements: String,
    /// Ids of existing customers whose normalised name matched when this one was created.
    #[sqlx(json)]
    pub possible_duplicates: Vec<Uuid>,
    pub created_at: i64,
    pub updated_at: i64,
    pub version: i64,
}

impl Customer {
    /// The editable part, as a form or a PATCH starts from.
    pub fn input(&self) -> CustomerInput {
        CustomerInput {
            legal_name: self.legal_name.clone(),
            local_name: self.local_name.clone(),
            addresses: self.addresses.clone(),
            registration_id: self.registration_id.clone(),
            tax_id: self.tax_id.clone(),
            main_office: self.main_office.clone(),
            tier: self.tier,
            key_account: self.key_account,
            account_owner_id: self.account_owner_id,
            sales_owner_id: self.sales_owner_id,
            language: self.language,
            preferred_channel: self.preferred_channel,
            time_zone: self.time_zone.clone(),
            service_requirements: self.service_requirements.clone(),
            status: self.status,
        }
    }
}

fn values(c: &CustomerInput) -> Values {
    let local_key = c.local_name.as_deref().map(company_key);
    vec![
        ("status", Expr::val(c.status.as_str())),
        ("legal_name", Expr::val(c.legal_name.as_str())),
        ("legal_name_key", Expr::val(company_key(&c.legal_name))),
        ("name_sort", Expr::val(c.legal_name.to_lowercase())),
        ("local_name", Expr::val(c.local_name.clone())),
        ("local_name_key", Expr::val(local_key)),
        ("addresses", json(&c.addresses)),
        ("registration_id", Expr::val(c.registration_id.clone())),
        ("tax_id", Expr::val(c.tax_id.clone())),
        ("main_office", Expr::val(c.main_office.clone())),
        ("tier", Expr::val(c.tier.as_str())),
        ("key_account", Expr::val(c.key_account)),
        ("account_owner_id", Expr::val(c.account_owner_id)),
        ("sales_owner_id", Expr::val(c.sales_owner_id)),
        ("language", Expr::val(c.language.as_str())),
        ("preferred_channel", Expr::val(c.preferred_channel.as_str())),
        ("time_zone", Expr::val(c.time_zone.as_str())),
        (
            "service_requirements",
            Expr::val(c.service_requirements.as_str()),
        ),
    ]
}

/// Creates a customer with the next number, its search terms and its duplicate hints.
pub async fn insert(db: &mut impl Db, id: Uuid, c: &CustomerInput) -> Result<Customer> {
    let n = counters::next(db, "customer").await?;
    let dups = likely_duplicates(db, c, None).await?;
    let mut v = values(c);
    v.push(("number", Expr::val(format!("C-{n:06}"))));
    v.push(("possible_duplicates", json(&dups)));
    rows::insert_versioned(db, "customers", id, v).await?;
    set_terms(db, id, &customer_terms(c)).await?;
    change_feed::record(db, kinds::CUSTOMER, id, Op::Upsert).await?;
    get(db, id, &CustomerScope::All).await
}

/// Replaces the editable fields if `expected_version` still holds; returns the new row.
pub async fn update(
    db: &mut impl Db,
    id: Uuid,
    expected_version: Option<i64>,
    c: &CustomerInput,
) -> Result<Customer> {
    rows::update_versioned(db, "customers", id, expected_version, values(c)).await?;
    let mut terms = customer_terms(c);
    terms.extend(contact_terms_of(db, id).await?);
    set_terms(db, id, &terms).await?;
    change_feed::record(db, kinds::CUSTOMER, id, Op::Upsert).await?;
    get(db, id, &CustomerScope::All).await
}

/// Deletion is archiving: the history stays, the company leaves the active book.
pub async fn set_status(
    db: &mut impl Db,
    id: Uuid,
    expected_version: Option<i64>,
    status: CustomerStatus,
) -> Result<Customer> {
    rows::update_versioned(
        db,
        "customers",
        id,
        expected_version,
        vec![("status", Expr::val(status.as_str()))],
    )
    .await?;
    sync_term_keys(db, id).await?;
    change_feed::record(db, kinds::CUSTOMER, id, Op::Upsert).await?;
    get(db, id, &CustomerScope::All).await
}

pub async fn set_account_owner(
    db: &mut impl Db,
    id: Uuid,
    owner: Uuid,
    status: CustomerStatus,
) -> Result<Customer> {
    rows::update_versioned(
        db,
        "customers",
        id,
        None,
        vec![
            ("account_owner_id", Expr::val(owner)),
            ("status", Expr::val(status.as_str())),
        ],
    )
    .await?;
    sync_term_keys(db, id).await?;
    change_feed::record(db, kinds::CUSTOMER, id, Op::Upsert).await?;
    get(db, id, &CustomerScope::All).await
}

/// The condition that confines a query on customers to what the actor may see.
pub fn scope_condition(scope: &CustomerScope, id_col: &'static str) -> Condition {
    match scope {
        CustomerScope::All => Cond::all(),
        CustomerScope::Only(c) => Cond::all().add(Expr::col(id_col).eq(*c)),
        CustomerScope::SalesOwnedBy(u) => Cond::all().add(
            Expr::col(id_col).in_subquery(
                Query::select()
                    .column("id")
                    .from("customers")
                    .and_where(Expr::col("sales_owner_id").eq(*u))
                    .take(),
            ),
        ),
        CustomerScope::None => Cond::all().add(Expr::val(1).eq(0)),
    }
}

/// One customer, if the scope allows it; otherwise NotFound, exactly as if it did not exist.
pub async fn get(db: &mut impl Db, id: Uuid, scope: &CustomerScope) -> Result<Customer> {
    let q = Query::select()
        .column(Asterisk)
        .from("customers")
        .and_where(Expr::col("id").eq(id))
        .cond_where(scope_condition(scope, "id"))
        .take();
    db.fetch_one(&q).await
}

/// The customer with this human number (C-000123), whatever its status.
pub async fn by_number(db: &mut impl Db, number: &str) -> Result<Option<Customer>> {
    let q = Query::select()
        .column(Asterisk)
        .from("customers")
        .and_where(Expr::col("number").eq(number.trim()))
        .take();
    db.fetch_optional(&q).await
}

pub async fn get_many(db: &mut impl Db, ids: &[Uuid]) -> Result<Vec<Customer>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let q = Query::select()
        .column(Asterisk)
        .from("customers")
        .and_where(Expr::col("id").is_in(ids.iter().copied()))
        .take();
    db.fetch_all(&q).await
}

/// Existing customers with the same normalised English or local-script name.
pub async fn likely_duplicates(
    db: &mut impl Db,
    c: &CustomerInput,
    exclude: Option<Uuid>,
) -> Result<Vec<Uuid>> {
    let mut any = Cond::any();
    let key = company_key(&c.legal_name);
    if !key.is_empty() {
        any = any
            .add(Expr::col("legal_name_key").eq(key.clone()))
            .add(Expr::col("local_name_key").eq(key));
    }
    if let Some(local) = c
        .local_name
        .as_deref()
        .map(company_key)
        .filter(|k| !k.is_empty())
    {
        any = any
            .add(Expr::col("local_name_key").eq(local.clone()))
            .add(Expr::col("legal_name_key").eq(local));
    }
    if any.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = Query::select();
    q.column("id")
        .from("customers")
        .cond_where(any)
        .and_where(Expr::col("status").ne("archived"))
        .limit(10);
    if let Some(x) = exclude {
        q.and_where(Expr::col("id").ne(x));
    }
    let rows: Vec<(Uuid,)> = db.fetch_all(&q).await?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

/// Words and ids a customer is found by: name words, CJK bigrams, registration and tax ids.
pub fn customer_terms(c: &CustomerInput) -> Vec<String> {
    let mut t = Vec::new();
    for name in std::iter::once(c.legal_name.as_str()).chain(c.local_name.as_deref()) {
        t.extend(text_terms(name));
    }
    for id in [&c.registration_id, &c.tax_id].into_iter().flatten() {
        t.push(id.to_lowercase().replace(' ', ""));
    }
    t
}

/// Lower-cased words; a run of CJK characters gives each character and each bigram, so
/// "長榮" finds 長榮海運 without a word breaker.
pub fn text_terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut cjk: Vec<char> = Vec::new();
    let flush_cjk = |cjk: &mut Vec<char>, out: &mut Vec<String>| {
        for (i, c) in cjk.iter().enumerate() {
            out.push(c.to_string());
            if let Some(n) = cjk.get(i + 1) {
                out.push(format!("{c}{n}"));
            }
        }
        cjk.clear();
    };
    for ch in text.to_lowercase().chars() {
        if is_cjk(ch) {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            cjk.push(ch);
        } else if ch.is_alphanumeric() || ch == '@' || ch == '.' || ch == '-' || ch == '_' {
            flush_cjk(&mut cjk, &mut out);
            word.push(ch);
        } else {
            flush_cjk(&mut cjk, &mut out);
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
        }
    }
    flush_cjk(&mut cjk, &mut out);
    if !word.is_empty() {
        out.push(word);
    }
    out.iter_mut()
        .for_each(|w| *w = w.trim_matches(['.', '-', '_']).to_string());
    out.retain(|w| !w.is_empty());
    out
}

/// The terms a search for `text` must all match: its [`text_terms`], at most five, without
/// a single CJK character that one of its bigrams already requires (上海 asks for 上海,
/// not also for every name with a 上 in it), longest first, so the first is the most
/// selective to start from.
pub fn query_terms(text: &str) -> Vec<String> {
    let all = text_terms(text);
    let mut out: Vec<String> = Vec::new();
    for t in &all {
        let mut chars = t.chars();
        let single_cjk = matches!((chars.next(), chars.next()), (Some(c), None) if is_cjk(c));
        let covered = all
            .iter()
            .any(|o| o.chars().count() > 1 && o.contains(t.as_str()));
        let redundant = single_cjk && covered;
        if !redundant && !out.contains(t) {
            out.push(t.clone());
        }
    }
    out.sort_by_key(|t| std::cmp::Reverse(t.chars().count()));
    out.truncate(5);
    out
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x3040..=0x30FF | 0xAC00..=0xD7AF)
}

async fn contact_terms_of(db: &mut impl Db, customer_id: Uuid) -> Result<Vec<String>> {
    let q = Query::select()
        .columns(["name"])
        .from("contacts")
        .and_where(Expr::col("customer_id").eq(customer_id))
        .and_where(Expr::col("archived").eq(false))
        .take();
    let names: Vec<(String,)> = db.fetch_all(&q).await?;
    let q = Query::select()
        .column("email_lower")
        .from("contact_emails")
        .and_where(Expr::col("customer_id").eq(customer_id))
        .take();
    let emails: Vec<(String,)> = db.fetch_all(&q).await?;
    let mut t: Vec<String> = names.iter().flat_map(|n| text_terms(&n.0)).collect();
    t.extend(emails.into_iter().map(|e| e.0));
    Ok(t)
}

/// Rewrites the customer's search terms from its own fields and its contacts.
pub async fn refresh_terms(db: &mut impl Db, customer_id: Uuid) -> Result<()> {
    let c = get(db, customer_id, &CustomerScope::All).await?;
    let mut terms = customer_terms(&c.input());
    terms.extend(contact_terms_of(db, customer_id).await?);
    set_terms(db, customer_id, &terms).await
}

async fn set_terms(db: &mut impl Db, customer_id: Uuid, terms: &[String]) -> Result<()> {
    db.execute(
        &Query::delete()
            .from_table("customer_terms")
            .and_where(Expr::col("customer_id").eq(customer_id))
            .take(),
    )
    .await?;
    add_terms(db, customer_id, terms).await
}

/// Adds search terms (a new contact's name and e-mails) without rewriting the others.
pub async fn add_terms(db: &mut impl Db, customer_id: Uuid, terms: &[String]) -> Result<()> {
    let mut unique: Vec<&str> = terms
        .iter()
        .map(String::as_str)
        .filter(|t| t.chars().count() <= 100)
        .collect();
    unique.sort_unstable();
    unique.dedup();
    if unique.is_empty() {
        return Ok(());
    }
    let mut ins = Query::insert();
    ins.into_table("customer_terms")
        .columns(["term", "customer_id"])
        .on_conflict(
            sea_query::OnConflict::columns(["term", "customer_id"])
                .do_nothing()
                .to_owned(),
        );
    for t in unique {
        ins.values_panic([Expr::val(t), Expr::val(customer_id)]);
    }
    db.execute(&ins).await?;
    sync_term_keys(db, customer_id).await
}

/// Copies the customer's sort name and status onto its terms, which a search reads in
/// name order without visiting the customers it matches (see [`list`]). Called wherever
/// terms are written or the name or status changes.
async fn sync_term_keys(db: &mut impl Db, customer_id: Uuid) -> Result<()> {
    let of_customer = |col: &'static str| {
        Query::select()
            .column(col)
            .from("customers")
            .and_where(Expr::col("id").eq(customer_id))
            .take()
    };
    db.execute(
        &Query::update()
            .table("customer_terms")
            .value("name_sort", of_customer("name_sort"))
            .value("status", of_customer("status"))
            .and_where(Expr::col("customer_id").eq(customer_id))
            .take(),
    )
    .await?;
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, Default)]
pub enum Sort {
    #[default]
    #[serde(rename = "name")]
    Name,
    #[serde(rename = "-name")]
    NameDesc,
    #[serde(rename = "-updated_at")]
    UpdatedDesc,
    #[serde(rename = "updated_at")]
    Updated,
}

/// Where the next page starts: the sort key and id of the last row of this one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cursor {
    pub key: serde_json::Value,
    pub id: Uuid,
}

#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    pub q: Option<String>,
    pub status: Option<CustomerStatus>,
    pub tier: Option<Tier>,
    pub key_account: Option<bool>,
    pub account_owner_id: Option<Uuid>,
    pub main_office: Option<String>,
    pub sort: Sort,
    pub after: Option<Cursor>,
    pub limit: u64,
}

/// One page of the actor's customers and the cursor of the next page, if any.
pub async fn list(
    db: &mut impl Db,
    scope: &CustomerScope,
    lq: &ListQuery,
) -> Result<(Vec<Customer>, Option<Cursor>)> {
    let (col, desc) = match lq.sort {
        Sort::Name => ("name_sort", false),
        Sort::NameDesc => ("name_sort", true),
        Sort::Updated => ("updated_at", false),
        Sort::UpdatedDesc => ("updated_at", true),
    };
    let order = if desc { Order::Desc } else { Order::Asc };
    let terms = lq.q.as_deref().map(query_terms).unwrap_or_default();
    let q = match terms.split_first() {
        Some((first, rest)) if col == "name_sort" => {
            // Matches in name order straight from the terms' index (which carries each
            // customer's sort name and status); only the page's customers are read.
            let mut ids = Query::select();
            ids.column("customer_id")
                .from("customer_terms")
                .cond_where(prefix_of(first))
                .cond_where(status_condition(lq))
                .cond_where(scope_condition(scope, "customer_id"))
                .cond_where(terms_condition(rest, "customer_id"));
            let attributes = attribute_conditions(lq);
            if !attributes.is_empty() {
                ids.and_where(
                    Expr::col("customer_id").in_subquery(
                        Query::select()
                            .column("id")
                            .from("customers")
                            .cond_where(attributes)
                            .take(),
                    ),
                );
            }
            ids.cond_where(after(lq, col, "customer_id", desc))
                // a customer with two terms that share the prefix is one match
                .group_by_col(col)
                .group_by_col("customer_id")
                .order_by(col, order.clone())
                .order_by("customer_id", order.clone())
                .limit(lq.limit + 1);
            rows_of(ids, col, order)
        }
        searching => {
            let mut q = Query::select();
            q.from("customers").cond_where(scope_condition(scope, "id"));
            filter(&mut q, lq, &terms);
            q.cond_where(after(lq, col, "id", desc))
                .order_by(col, order.clone())
                .order_by("id", order.clone())
                .limit(lq.limit + 1);
            if searching.is_some() {
                // Sorted by time: the matches are found by id and sorted by their ids
                // and sort keys alone (the `customers_search_sort` index covers them).
                q.column("id");
                rows_of(q, col, order)
            } else {
                q.column(Asterisk);
                q
            }
        }
    };
    let mut rows: Vec<Customer> = db.fetch_all(&q).await?;
    let next = if rows.len() as u64 > lq.limit {
        rows.truncate(lq.limit as usize);
        rows.last().map(|last| Cursor {
            key: match lq.sort {
                Sort::Name | Sort::NameDesc => last.legal_name.to_lowercase().into(),
                Sort::Updated | Sort::UpdatedDesc => last.updated_at.into(),
            },
            id: last.id,
        })
    } else {
        None
    };
    Ok((rows, next))
}

/// The customers `ids` selects, in page order: only the page's whole rows are read.
fn rows_of(ids: SelectStatement, col: &'static str, order: Order) -> SelectStatement {
    Query::select()
        .column(Asterisk)
        .from("customers")
        .and_where(Expr::col("id").in_subquery(ids))
        .order_by(col, order.clone())
        .order_by("id", order)
        .take()
}

/// Rows beyond the cursor: a later sort key, or the same key and a later id.
fn after(lq: &ListQuery, col: &'static str, id_col: &'static str, desc: bool) -> Condition {
    let Some(c) = &lq.after else {
        return Cond::all();
    };
    let key: sea_query::Value = match &c.key {
        serde_json::Value::Number(n) => n.as_i64().unwrap_or_default().into(),
        other => other.as_str().unwrap_or_default().to_string().into(),
    };
    let (beyond, tie) = if desc {
        (Expr::col(col).lt(key.clone()), Expr::col(id_col).lt(c.id))
    } else {
        (Expr::col(col).gt(key.clone()), Expr::col(id_col).gt(c.id))
    };
    Cond::any()
        .add(beyond)
        .add(Cond::all().add(Expr::col(col).eq(key)).add(tie))
}

/// How many customers the actor sees with these filters (for the console's page count).
pub async fn count(db: &mut impl Db, scope: &CustomerScope, lq: &ListQuery) -> Result<i64> {
    let mut q = Query::select();
    q.expr(Expr::col(Asterisk).count())
        .from("customers")
        .cond_where(scope_condition(scope, "id"));
    filter(
        &mut q,
        lq,
        &lq.q.as_deref().map(query_terms).unwrap_or_default(),
    );
    let row: (i64,) = db.fetch_one(&q).await?;
    Ok(row.0)
}

/// Every filter of the list, on `customers`; `terms` are the search's [`query_terms`].
fn filter(q: &mut SelectStatement, lq: &ListQuery, terms: &[String]) {
    q.cond_where(status_condition(lq))
        .cond_where(attribute_conditions(lq))
        .cond_where(terms_condition(terms, "id"));
}

/// The status asked for, or every status but archived; `customer_terms` carries the
/// column too.
fn status_condition(lq: &ListQuery) -> Condition {
    Cond::all().add(match lq.status {
        Some(s) => Expr::col("status").eq(s.as_str()),
        None => Expr::col("status").ne(CustomerStatus::Archived.as_str()),
    })
}

/// Tier, key account, account owner and main office, as asked.
fn attribute_conditions(lq: &ListQuery) -> Condition {
    let mut c = Cond::all();
    if let Some(t) = lq.tier {
        c = c.add(Expr::col("tier").eq(t.as_str()));
    }
    if let Some(k) = lq.key_account {
        c = c.add(Expr::col("key_account").eq(k));
    }
    if let Some(o) = lq.account_owner_id {
        c = c.add(Expr::col("account_owner_id").eq(o));
    }
    if let Some(m) = &lq.main_office {
        c = c.add(Expr::col("main_office").eq(m.to_uppercase()));
    }
    c
}

/// Every word must prefix-match one of the customer's terms.
fn terms_condition(terms: &[String], id_col: &'static str) -> Condition {
    terms.iter().fold(Cond::all(), |c, term| {
        c.add(
            Expr::col(id_col).in_subquery(
                Query::select()
                    .column("customer_id")
                    .from("customer_terms")
                    .cond_where(prefix_of(term))
                    .take(),
            ),
        )
    })
}

/// Terms that begin with `term`: an index range on both backends.
fn prefix_of(term: &str) -> Condition {
    Cond::all()
        .add(Expr::col("term").gte(term))
        .add(Expr::col("term").lt(format!("{term}\u{10FFFF}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_split_latin_words_and_cjk_bigrams() {
        assert_eq!(
            text_terms("Evergreen Marine Corp."),
            ["evergreen", "marine", "corp"]
        );
        assert_eq!(
            text_terms("長榮海運"),
            ["長", "長榮", "榮", "榮海", "海", "海運", "運"]
        );
        assert_eq!(text_terms("amy@evergreen.com.tw"), ["amy@evergreen.com.tw"]);
        assert_eq!(
            text_terms("TSMC 台積電"),
            ["tsmc", "台", "台積", "積", "積電", "電"]
        );
    }

    #[test]
    fn a_search_asks_for_bigrams_not_the_characters_they_cover() {
        assert_eq!(query_terms("長榮海運"), ["長榮", "榮海", "海運"]);
        assert_eq!(query_terms("上"), ["上"]);
        // longest first, each once, at most five
        assert_eq!(query_terms("ever ever evergreen"), ["evergreen", "ever"]);
        assert_eq!(query_terms("a b c d e f g").len(), 5);
        assert_eq!(query_terms("TSMC 台積電"), ["tsmc", "台積", "積電"]);
        assert!(query_terms("  ").is_empty());
    }
}
