//! Who pushes events in and who receives them out. A source (an operator's system, a
//! terminal, a partner carrier) gets an id and an HMAC secret, shown once; its callbacks
//! must carry `Notification-Signature: sha256=<hex>` of the raw body. A subscriber
//! registers a TNT 2.2 subscription (callback URL, filters, Base64 secret); each batch
//! of new events that passes its filters and its customer scope becomes one outbox job,
//! POSTed signed by the delivery worker with retries and back-off.

use super::filters;
use crate::audit::Audit;
use crate::{AppError, Ctx, Result};
use base64::Engine;
use purser_domain::roles::{CustomerScope, Role};
use purser_domain::validation::Problems;
use purser_store::tracking::concerns;
use purser_store::tracking::events::{self, EventRow};
use purser_store::tracking::shipments;
use purser_store::tracking::subscriptions::{self as subs, Source, Subscription};
use purser_store::{Db, Store, Tx, new_id, now_micros, outbox};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::time::Duration;
use uuid::Uuid;

pub const TOPIC: &str = "tnt.callback";

fn staff_admin(ctx: &Ctx) -> Result<()> {
    match ctx.actor.role {
        Role::Admin | Role::Supervisor => Ok(()),
        _ => Err(AppError::Forbidden),
    }
}

/// A new source and its secret (returned this once, never shown again).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct NewSource {
    pub id: Uuid,
    pub name: String,
    /// Key for the HMAC-SHA256 `Notification-Signature` of every callback body.
    pub secret: String,
}

pub async fn create_source(store: &Store, ctx: &Ctx, name: &str) -> Result<NewSource> {
    staff_admin(ctx)?;
    let name = name.trim();
    if name.is_empty() || name.len() > 100 || name.contains('/') {
        return Err(AppError::field(
            "name",
            "give a name of 1 to 100 characters, no '/'",
        ));
    }
    let secret = hex(&rand::random::<[u8; 32]>());
    let s = Source {
        id: new_id(),
        name: name.to_string(),
        secret: secret.clone(),
        created_at: now_micros(),
        created_by: ctx.actor_id(),
    };
    let mut tx = store.begin().await?;
    if subs::source(&mut tx, name).await?.is_some() {
        return Err(AppError::Conflict(format!("a source named {name} exists")));
    }
    subs::add_source(&mut tx, &s).await?;
    Audit::that(ctx)
        .did("create")
        .on("tracking_source", s.id)
        .after(&serde_json::json!({ "name": name }))
        .write(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(NewSource {
        id: s.id,
        name: s.name,
        secret,
    })
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// The source a callback claims to come from, if it is known and the request carries a
/// signature of the right form: checked before the body is read, so a stranger cannot make
/// the server read (up to 16 MiB of) a body it will throw away. Otherwise Unauthorized (an
/// unknown source looks the same as a missing or malformed signature).
pub async fn callback_source(
    store: &Store,
    source: &str,
    signature: Option<&str>,
) -> Result<Source> {
    let well_formed = signature
        .and_then(|s| s.trim().split_once('='))
        .is_some_and(|(alg, hex)| {
            alg.eq_ignore_ascii_case("sha256")
                && hex.len() == 64
                && hex.bytes().all(|b| b.is_ascii_hexdigit())
        });
    if !well_formed {
        return Err(AppError::Unauthorized);
    }
    subs::source(&mut store.clone(), source)
        .await?
        .ok_or(AppError::Unauthorized)
}

/// Whether the body is the one `src` signed (HMAC-SHA256 with its secret).
pub fn verify_body(src: &Source, body: &[u8], signature: Option<&str>) -> Result<()> {
    match signature {
        Some(sig) if purser_dcsa::verify_signature(src.secret.as_bytes(), body, sig) => Ok(()),
        _ => Err(AppError::Unauthorized),
    }
}

fn scope_customer(ctx: &Ctx) -> Result<Option<Uuid>> {
    match ctx.actor.customer_scope() {
        CustomerScope::All => Ok(None),
        CustomerScope::Only(c) => Ok(Some(c)),
        _ => Err(AppError::Forbidden),
    }
}

fn check_body(body: &serde_json::Value, schema: &str) -> Result<()> {
    let problems = purser_dcsa::spec::validate_tnt(schema, body);
    let mut p = Problems::new();
    for x in problems {
        p.add(
            if x.path.is_empty() {
                "/".into()
            } else {
                x.path
            },
            x.message,
        );
    }
    if let Err(e) = filters::parse(filters::subscription_pairs(body)) {
        for f in e.0 {
            p.add(format!("/{}", f.field), f.message);
        }
    }
    if let Some(url) = body.get("callbackUrl").and_then(|u| u.as_str())
        && !(url.starts_with("https://") || url.starts_with("http://"))
    {
        p.add("/callbackUrl", "must be an http(s) URL");
    }
    p.into_result().map_err(AppError::Invalid)
}

/// A subscription's shared secret: Base64 (the spec's `format: byte`) of at least 16 bytes.
fn check_secret(secret: &str) -> Result<()> {
    match base64::engine::general_purpose::STANDARD.decode(secret) {
        Ok(k) if k.len() >= 16 => Ok(()),
        _ => Err(AppError::field(
            "/secret",
            "must be Base64 of at least 16 bytes",
        )),
    }
}

fn filters_of(body: &serde_json::Value) -> serde_json::Value {
    let mut b = body.clone();
    if let Some(o) = b.as_object_mut() {
        o.remove("secret");
        o.remove("callbackUrl");
        o.remove("subscriptionID");
    }
    b
}

/// The subscription as TNT 2.2 shows it (no secret).
pub fn view(s: &Subscription) -> serde_json::Value {
    let mut v = s.filters.clone();
    if !v.is_object() {
        v = serde_json::json!({});
    }
    v["subscriptionID"] = s.id.to_string().into();
    v["callbackUrl"] = s.callback_url.clone().into();
    v
}

pub async fn create_subscription(
    store: &Store,
    ctx: &Ctx,
    body: &serde_json::Value,
) -> Result<Subscription> {
    let customer = scope_customer(ctx)?;
    check_body(body, "subscriptionBodyWithSecret")?;
    let secret = body["secret"].as_str().unwrap_or_default();
    check_secret(secret)?;
    let s = Subscription {
        id: new_id(),
        callback_url: body["callbackUrl"].as_str().unwrap_or_default().to_string(),
        secret: secret.to_string(),
        filters: filters_of(body),
        owner_id: ctx.actor.user_id,
        customer_id: customer,
        created_at: now_micros(),
        updated_at: now_micros(),
        version: 1,
    };
    let mut tx = store.begin().await?;
    subs::add_subscription(&mut tx, &s).await?;
    Audit::that(ctx)
        .did("create")
        .on("tnt_subscription", s.id)
        .after(&view(&s))
        .write(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(s)
}

pub async fn get_subscription(store: &Store, ctx: &Ctx, id: Uuid) -> Result<Subscription> {
    let _ = scope_customer(ctx)?;
    Ok(subs::subscription(&mut store.clone(), id, &ctx.actor.customer_scope()).await?)
}

pub async fn list_subscriptions(
    store: &Store,
    ctx: &Ctx,
    limit: u64,
    after: Option<Uuid>,
) -> Result<Vec<Subscription>> {
    let _ = scope_customer(ctx)?;
    Ok(subs::subscriptions(
        &mut store.clone(),
        &ctx.actor.customer_scope(),
        limit,
        after,
    )
    .await?)
}

pub async fn update_subscription(
    store: &Store,
    ctx: &Ctx,
    id: Uuid,
    body: &serde_json::Value,
) -> Result<Subscription> {
    let _ = scope_customer(ctx)?;
    if body.get("secret").is_some() {
        return Err(AppError::field(
            "/secret",
            "change the secret with PUT …/secret",
        ));
    }
    check_body(body, "subscriptionBody")?;
    if let Some(given) = body.get("subscriptionID").and_then(|v| v.as_str())
        && given != id.to_string()
    {
        return Err(AppError::field("/subscriptionID", "does not match the URL"));
    }
    let mut tx = store.begin().await?;
    subs::subscription(&mut tx, id, &ctx.actor.customer_scope()).await?;
    let url = body["callbackUrl"].as_str().unwrap_or_default();
    subs::update_subscription(&mut tx, id, url, &filters_of(body)).await?;
    let s = subs::subscription(&mut tx, id, &CustomerScope::All).await?;
    Audit::that(ctx)
        .did("update")
        .on("tnt_subscription", id)
        .after(&view(&s))
        .write(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(s)
}

pub async fn set_secret(store: &Store, ctx: &Ctx, id: Uuid, secret: &str) -> Result<()> {
    let _ = scope_customer(ctx)?;
    check_secret(secret)?;
    let mut tx = store.begin().await?;
    subs::subscription(&mut tx, id, &ctx.actor.customer_scope()).await?;
    subs::set_subscription_secret(&mut tx, id, secret).await?;
    Audit::that(ctx)
        .did("secret")
        .on("tnt_subscription", id)
        .after(&serde_json::json!({}))
        .write(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn delete_subscription(store: &Store, ctx: &Ctx, id: Uuid) -> Result<()> {
    let _ = scope_customer(ctx)?;
    let mut tx = store.begin().await?;
    subs::subscription(&mut tx, id, &ctx.actor.customer_scope()).await?;
    subs::delete_subscription(&mut tx, id).await?;
    Audit::that(ctx)
        .did("delete")
        .on("tnt_subscription", id)
        .after(&serde_json::json!({}))
        .write(&mut tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// The references (kind, value) of the shipments a customer is party to, among `refs`.
async fn customer_refs(
    db: &mut impl Db,
    customer: Uuid,
    refs: &[(String, String)],
) -> Result<HashSet<(String, String)>> {
    let pairs: Vec<(&str, &str)> = refs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let ids = shipments::ids_with_refs(db, &pairs).await?;
    let theirs = shipments::of_customer(db, customer, &ids).await?;
    Ok(shipments::refs_many(db, &theirs)
        .await?
        .into_iter()
        .map(|(_, k, v)| (k, v))
        .collect())
}

/// One outbox job per subscription for the events of a batch that pass its filters (and,
/// for a customer's subscription, concern that customer's shipments).
pub async fn enqueue_deliveries(
    tx: &mut Tx,
    rows: &[EventRow],
    refs: &HashMap<i64, Vec<(String, String)>>,
) -> Result<()> {
    let all = subs::all_subscriptions(tx).await?;
    if all.is_empty() {
        return Ok(());
    }
    let none = Vec::new();
    let mut scoped: HashMap<Uuid, HashSet<(String, String)>> = HashMap::new();
    for s in &all {
        let Ok(f) = filters::parse(filters::subscription_pairs(&s.filters)) else {
            continue;
        };
        if let Some(c) = s.customer_id
            && !scoped.contains_key(&c)
        {
            let every: Vec<(String, String)> = refs.values().flatten().cloned().collect();
            let mine = customer_refs(tx, c, &every).await?;
            scoped.insert(c, mine);
        }
        let seqs: Vec<i64> = rows
            .iter()
            .filter(|e| {
                let r = refs.get(&e.seq).unwrap_or(&none);
                filters::matches(&f, e, r)
                    && s.customer_id.is_none_or(|c| {
                        scoped.get(&c).is_some_and(|m| {
                            concerns(r, |k, v| m.contains(&(k.to_string(), v.to_string())))
                        })
                    })
            })
            .map(|e| e.seq)
            .collect();
        if !seqs.is_empty() {
            outbox::enqueue(
                tx,
                TOPIC,
                &serde_json::json!({ "subscription": s.id, "seqs": seqs }),
            )
            .await?;
        }
    }
    Ok(())
}

const LEASE: i64 = 60_000_000;

/// Sends due callbacks: the events as a JSON array, signed with the subscription's
/// secret. 2xx completes the job; anything else retries with back-off; a deleted
/// subscription gives up. Returns how many were delivered.
pub async fn deliver_due(store: &Store, client: &reqwest::Client) -> Result<usize> {
    let mut tx = store.begin().await?;
    let jobs = outbox::claim_due(&mut tx, &[TOPIC], now_micros(), LEASE, 20).await?;
    tx.commit().await?;
    let mut sent = 0;
    for job in jobs {
        let mut db = store.clone();
        let id = job.payload["subscription"]
            .as_str()
            .and_then(|s| Uuid::parse_str(s).ok())
            .unwrap_or_default();
        let Ok(sub) = subs::subscription(&mut db, id, &CustomerScope::All).await else {
            outbox::give_up(&mut db, job.id, "subscription deleted", now_micros()).await?;
            continue;
        };
        let seqs: Vec<i64> = job.payload["seqs"]
            .as_array()
            .map(|a| a.iter().filter_map(|x| x.as_i64()).collect())
            .unwrap_or_default();
        let mut bodies = Vec::new();
        for seq in &seqs {
            for e in events::range(&mut db, *seq, 1).await? {
                let v: serde_json::Value = serde_json::from_str(&e.body).unwrap_or_default();
                bodies.push(purser_dcsa::tnt::event_out(&v));
            }
        }
        let body = serde_json::to_vec(&bodies).unwrap_or_default();
        let key = base64::engine::general_purpose::STANDARD
            .decode(&sub.secret)
            .unwrap_or_default();
        let result = client
            .post(&sub.callback_url)
            .header("Content-Type", "application/json")
            .header(
                "Notification-Signature",
                purser_dcsa::signature(&key, &body),
            )
            .timeout(Duration::from_secs(10))
            .body(body)
            .send()
            .await;
        match result {
            Ok(r) if r.status().is_success() => {
                outbox::complete(&mut db, job.id, now_micros()).await?;
                sent += 1;
            }
            Ok(r) => {
                outbox::retry_later(
                    &mut db,
                    &job,
                    &format!("callback answered {}", r.status()),
                    now_micros(),
                )
                .await?;
            }
            Err(e) => {
                outbox::retry_later(
                    &mut db,
                    &job,
                    &format!("callback failed: {e}"),
                    now_micros(),
                )
                .await?;
            }
        }
    }
    Ok(sent)
}
