//! Proactive notices: the changes customers must hear about before they ask (an ETA slip
//! past their threshold, a roll-over, a port omission, a changed cut-off, a document
//! hold) become one notice per contact per change, listing every shipment of that
//! contact's company the change touches, in the contact's language and channel; a key
//! account's owner also gets a proactive case. [`announce`] writes it all inside the
//! ingest transaction in a handful of multi-row statements; mail, webhooks and cases
//! leave through the outbox ([`delivery`] and `mail_out`).

#[path = "notice_delivery.rs"]
pub mod delivery;

use super::Affected;
use crate::{AppError, Ctx, Result};
use purser_domain::customers::{Channel, CustomerStatus};
use purser_domain::roles::Role;
use purser_domain::tracking::changes::Change;
use purser_domain::tracking::notice::{self as words, Call, Facts, Lane, Listed, Sailing};
use purser_store::contacts::Contact;
use purser_store::customers::{self, Customer};
use purser_store::tracking::notices::{self, Notice, NoticeShipment};
use purser_store::tracking::schedules;
use purser_store::tracking::subscriptions::{self as subs, Subscription};
use purser_store::{Store, Tx, new_id, now_micros, outbox};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use uuid::Uuid;

/// Outbox topic of a notice e-mail (sent by `mail_out`).
pub const EMAIL: &str = "notice_email";
/// Outbox topic of a notice POSTed to one of the customer's TNT subscriptions.
pub const WEBHOOK: &str = "notice_webhook";
/// Outbox topic of a key account's proactive case.
pub const CASE: &str = "notice_case";

/// One change and every shipment it touches.
struct Grouped<'a> {
    key: &'a str,
    change: &'a Change,
    /// The vessel call the key is scoped to: (IMO, voyage, UN/LOCODE).
    call: Option<(&'a str, &'a str, &'a str)>,
}

/// The vessel call of a change key scoped "imo/voyage/port|…"; none for other scopes.
fn call_of(key: &str) -> Option<(&str, &str, &str)> {
    let scope = key.split('|').next()?;
    let mut parts = scope.split('/');
    let (imo, voyage, port) = (parts.next()?, parts.next()?, parts.next()?);
    (parts.next().is_none() && imo.len() == 7 && imo.bytes().all(|b| b.is_ascii_digit()))
        .then_some((imo, voyage, port))
}

/// Who a notice goes to: a contact, or the account owner (through a case).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Whom {
    Contact(Uuid),
    Owner,
}

impl Whom {
    fn recipient(self) -> String {
        match self {
            Whom::Contact(id) => format!("contact:{id}"),
            Whom::Owner => "owner".into(),
        }
    }
}

/// How one written notice leaves.
enum Route {
    Email { to: String, html: String },
    Portal,
    Webhook(Value),
    Case { lane: Option<String> },
}

/// What the notices of one change share: looked up once, whatever the number of contacts.
#[derive(Default)]
struct Context {
    call: Option<Call>,
    reason: Option<String>,
    other_vessel: Option<String>,
    /// Sailings after this time are alternatives (now, or the original departure).
    departures: HashMap<String, i64>,
}

/// Vessel names and alternative sailings, each looked up once per announce.
#[derive(Default)]
struct Lookups {
    vessels: HashMap<String, String>,
    sailings: HashMap<(String, String, i64), Vec<Sailing>>,
}

impl Lookups {
    async fn vessel(&mut self, tx: &mut Tx, imo: &str) -> Result<String> {
        if let Some(n) = self.vessels.get(imo) {
            return Ok(n.clone());
        }
        let name = schedules::vessel(tx, imo)
            .await?
            .map(|v| v.name)
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| imo.to_string());
        self.vessels.insert(imo.to_string(), name.clone());
        Ok(name)
    }

    /// Up to three sailings from `from` to `to` leaving after `after`, never the voyage
    /// the change is about.
    async fn alternatives(
        &mut self,
        tx: &mut Tx,
        from: &str,
        to: &str,
        after: i64,
        not: Option<(&str, &str)>,
    ) -> Result<Vec<Sailing>> {
        let k = (from.to_string(), to.to_string(), after);
        if let Some(s) = self.sailings.get(&k) {
            return Ok(s.clone());
        }
        let mut out = Vec::new();
        for (d, a) in schedules::sailings(tx, from, to, after, 4).await? {
            if not == Some((d.vessel_imo.as_str(), d.voyage.as_str())) || out.len() == 3 {
                continue;
            }
            let (Some(dep), Some(arr)) = (d.departure(), a.arrival()) else {
                continue;
            };
            out.push(Sailing {
                vessel: self.vessel(tx, &d.vessel_imo).await?,
                vessel_imo: d.vessel_imo.clone(),
                voyage: d.voyage.clone(),
                departure: super::ts(dep),
                arrival: super::ts(arr),
            });
        }
        self.sailings.insert(k, out.clone());
        Ok(out)
    }
}

/// Writes one notice per contact per change, listing that contact's affected shipments,
/// plus one per key account for its owner's case; returns how many were written. A
/// notice already written for the same change, customer and recipient is not written,
/// composed or sent again.
pub async fn announce(tx: &mut Tx, affected: &[Affected]) -> Result<usize> {
    if affected.is_empty() {
        return Ok(0);
    }
    let now = now_micros();
    // 1. the changes, each with its shipments
    let mut by_key: BTreeMap<&str, (&Change, BTreeSet<Uuid>)> = BTreeMap::new();
    for a in affected {
        let e = by_key
            .entry(a.key.as_str())
            .or_insert((&a.change, BTreeSet::new()));
        // shipments of one slip may have started from different first plans: tell the
        // largest slip
        if let (Change::EtaSlip { by, .. }, Change::EtaSlip { by: was, .. }) = (&a.change, e.0)
            && by > was
        {
            e.0 = &a.change;
        }
        e.1.insert(a.shipment_id);
    }
    let groups: Vec<(Grouped, &BTreeSet<Uuid>)> = by_key
        .iter()
        .map(|(key, (change, ids))| {
            (
                Grouped {
                    key,
                    change,
                    call: call_of(key),
                },
                ids,
            )
        })
        .collect();
    let keys: Vec<String> = groups.iter().map(|(g, _)| g.key.to_string()).collect();
    let told: HashSet<(String, Uuid, String)> = notices::already_sent(tx, &keys)
        .await?
        .into_iter()
        .collect();

    // 2. shipments, their parties, those customers and their contacts: one query each
    let ids: Vec<Uuid> = groups
        .iter()
        .flat_map(|(_, ids)| ids.iter().copied())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let shipments: HashMap<Uuid, NoticeShipment> = notices::shipments_of(tx, &ids)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let mut parties: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for (s, c) in notices::parties_of(tx, &ids).await? {
        parties.entry(s).or_default().push(c);
    }
    let customer_ids: Vec<Uuid> = parties
        .values()
        .flatten()
        .copied()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut customers: HashMap<Uuid, Customer> = HashMap::new();
    for chunk in customer_ids.chunks(5_000) {
        customers.extend(
            customers::get_many(tx, chunk)
                .await?
                .into_iter()
                .filter(|c| c.status != CustomerStatus::Archived)
                .map(|c| (c.id, c)),
        );
    }
    let live: Vec<Uuid> = customer_ids
        .iter()
        .copied()
        .filter(|c| customers.contains_key(c))
        .collect();
    let mut contacts: HashMap<Uuid, Vec<Contact>> = HashMap::new();
    for k in notices::contacts_of(tx, &live).await? {
        contacts.entry(k.customer_id).or_default().push(k);
    }

    // 3. who hears of which change, about which shipments
    let mut drafts: BTreeMap<(usize, Uuid, Whom), Vec<Uuid>> = BTreeMap::new();
    for (i, (g, ids)) in groups.iter().enumerate() {
        let documents = words::is_about_documents(g.change);
        for s in ids.iter() {
            for c in parties.get(s).into_iter().flatten() {
                let Some(customer) = customers.get(c) else {
                    continue;
                };
                for k in contacts.get(c).into_iter().flatten() {
                    let wants = if documents {
                        k.notifications.documents
                    } else {
                        k.notifications.delays
                    };
                    if wants {
                        drafts
                            .entry((i, *c, Whom::Contact(k.id)))
                            .or_default()
                            .push(*s);
                    }
                }
                if customer.key_account {
                    drafts.entry((i, *c, Whom::Owner)).or_default().push(*s);
                }
            }
        }
    }
    drafts.retain(|(i, c, whom), _| !told.contains(&(keys[*i].clone(), *c, whom.recipient())));
    if drafts.is_empty() {
        return Ok(0);
    }

    // 4. what each change's notices share
    let mut look = Lookups::default();
    let mut contexts: HashMap<usize, Context> = HashMap::new();
    for &(i, _, _) in drafts.keys() {
        if contexts.contains_key(&i) {
            continue;
        }
        let ctx = context(tx, &mut look, &groups[i].0, now).await?;
        contexts.insert(i, ctx);
    }
    let webhook_subs: HashMap<Uuid, Vec<Subscription>> = if drafts
        .keys()
        .any(|(_, c, w)| matches!(w, Whom::Contact(k) if prefers_webhook(&contacts, *c, *k)))
    {
        let mut m: HashMap<Uuid, Vec<Subscription>> = HashMap::new();
        for s in subs::all_subscriptions(tx).await? {
            if let Some(c) = s.customer_id {
                m.entry(c).or_default().push(s);
            }
        }
        m
    } else {
        HashMap::new()
    };

    // 5. compose each notice in its reader's words, and how it leaves
    let mut rows: Vec<(Notice, Vec<Uuid>)> = Vec::with_capacity(drafts.len());
    let mut sends: Vec<Route> = Vec::with_capacity(drafts.len());
    for ((i, c, whom), mut ids) in drafts {
        let (g, _) = &groups[i];
        let ctx = &contexts[&i];
        let customer = &customers[&c];
        let contact = match whom {
            Whom::Contact(k) => contacts[&c].iter().find(|x| x.id == k),
            Whom::Owner => None,
        };
        ids.sort_by(|a, b| {
            let r = |id: &Uuid| shipments.get(id).map(|s| s.reference.as_str());
            r(a).cmp(&r(b))
        });
        ids.dedup();
        let listed: Vec<Listed> = ids
            .iter()
            .filter_map(|id| shipments.get(id))
            .map(|s| Listed {
                reference: s.reference.clone(),
                booking: s.booking_reference.clone(),
                from: s.port_of_loading.clone(),
                to: s.port_of_discharge.clone(),
            })
            .collect();
        let mut alternatives = Vec::new();
        if words::offers_alternatives(g.change) {
            let lanes: BTreeSet<(&str, &str)> = listed
                .iter()
                .map(|l| (l.from.as_str(), l.to.as_str()))
                .collect();
            for (from, to) in lanes {
                let after = ctx.departures.get(from).copied().unwrap_or(now).max(now);
                let not = g.call.map(|(imo, voy, _)| (imo, voy));
                alternatives.push(Lane {
                    from: from.to_string(),
                    to: to.to_string(),
                    sailings: look.alternatives(tx, from, to, after, not).await?,
                });
            }
        }
        let language = contact.map_or(customer.language, |k| k.language);
        let greeting = match contact {
            Some(k) => k.name.clone(),
            None => customer.legal_name.clone(),
        };
        let facts = Facts {
            change: g.change,
            call: ctx.call.clone(),
            other_vessel: ctx.other_vessel.clone(),
            reason_code: ctx.reason.clone(),
            greeting,
            shipments: listed,
            alternatives,
            time_zone: customer.time_zone.clone(),
        };
        let words::Composed {
            subject,
            text,
            html,
        } = words::compose(&facts, language);
        let send = match contact {
            None => Route::Case {
                lane: facts.shipments.first().and_then(|s| lane(&s.from, &s.to)),
            },
            Some(k) => channel_of(k, webhook_subs.contains_key(&c), html),
        };
        let notice = Notice {
            id: new_id(),
            change_key: g.key.to_string(),
            change_kind: words::kind(g.change).to_string(),
            customer_id: c,
            recipient: whom.recipient(),
            contact_id: contact.map(|k| k.id),
            channel: match send {
                Route::Email { .. } => "email",
                Route::Portal => "portal",
                Route::Webhook(_) => "webhook",
                Route::Case { .. } => "case",
            }
            .to_string(),
            language: language.as_str().to_string(),
            subject,
            body: text,
            shipments: facts
                .shipments
                .iter()
                .map(|s| s.reference.clone())
                .collect(),
            case_id: None,
            created_at: now,
        };
        let send = match send {
            Route::Webhook(_) => Route::Webhook(delivery::webhook_body(&notice, &facts)),
            other => other,
        };
        rows.push((notice, ids));
        sends.push(send);
    }

    // 6. write what was not written before, and leave its sending to the outbox
    let written: HashSet<Uuid> = notices::insert_new(tx, &rows).await?.into_iter().collect();
    let mut jobs: Vec<(&str, Value)> = Vec::new();
    let mut hooked: HashSet<(&str, Uuid, Uuid)> = HashSet::new();
    for ((n, _), send) in rows.iter().zip(sends) {
        if !written.contains(&n.id) {
            continue;
        }
        match send {
            Route::Email { to, html } => jobs.push((
                EMAIL,
                json!({
                    "notice_id": n.id,
                    "customer_id": n.customer_id,
                    "to": [to],
                    "subject": n.subject,
                    "text": n.body,
                    "html": html,
                    "language": n.language,
                }),
            )),
            Route::Portal => {}
            Route::Webhook(body) => {
                // one POST per subscription per change, however many contacts chose it
                for s in webhook_subs.get(&n.customer_id).into_iter().flatten() {
                    if hooked.insert((n.change_key.as_str(), n.customer_id, s.id)) {
                        jobs.push((
                            WEBHOOK,
                            json!({ "notice_id": n.id, "subscription": s.id, "body": body }),
                        ));
                    }
                }
            }
            Route::Case { lane } => jobs.push((
                CASE,
                json!({ "notice_id": n.id, "customer_id": n.customer_id, "lane": lane }),
            )),
        }
    }
    outbox::enqueue_many(tx, &jobs).await?;
    Ok(written.len())
}

/// The call, reason, other vessel and original departures a change's notices share.
async fn context(tx: &mut Tx, look: &mut Lookups, g: &Grouped<'_>, now: i64) -> Result<Context> {
    let mut ctx = Context::default();
    if let Some((imo, voyage, port)) = g.call {
        ctx.call = Some(Call {
            vessel: look.vessel(tx, imo).await?,
            vessel_imo: imo.to_string(),
            voyage: voyage.to_string(),
            port: port.to_string(),
        });
        if matches!(g.change, Change::EtaSlip { .. }) {
            ctx.reason = notices::arrival_reason(tx, imo, voyage, port).await?;
        }
        if words::offers_alternatives(g.change) {
            // alternatives leave after the sailing they replace would have (or after now)
            for c in schedules::voyage_calls(tx, imo, voyage).await? {
                if let Some(d) = c.departure_planned.or(c.departure()) {
                    ctx.departures.insert(c.location, d.max(now));
                }
            }
        }
    }
    if let Change::RolledOver {
        actual_vessel: Some(v),
        ..
    } = g.change
    {
        ctx.other_vessel = Some(look.vessel(tx, v).await?);
    }
    Ok(ctx)
}

fn prefers_webhook(contacts: &HashMap<Uuid, Vec<Contact>>, customer: Uuid, id: Uuid) -> bool {
    contacts
        .get(&customer)
        .into_iter()
        .flatten()
        .any(|k| k.id == id && k.preferred_channel == Channel::Webhook)
}

/// The contact's own channel where Purser can use it: e-mail to the first address,
/// webhooks to the customer's subscriptions, the portal otherwise (phone and chat
/// notices go by e-mail when the contact has an address).
fn channel_of(k: &Contact, has_webhook: bool, html: String) -> Route {
    let email = k.emails.first().filter(|e| !e.trim().is_empty());
    match (k.preferred_channel, email) {
        (Channel::Portal, _) => Route::Portal,
        (Channel::Webhook, _) if has_webhook => Route::Webhook(Value::Null),
        (_, Some(to)) => Route::Email {
            to: to.clone(),
            html,
        },
        (_, None) => Route::Portal,
    }
}

/// The trade lane routing knows a case by: the countries of loading and discharge.
fn lane(from: &str, to: &str) -> Option<String> {
    Some(format!("{}-{}", from.get(..2)?, to.get(..2)?))
}

/// The notices a customer was sent, newest first (staff, or that customer's own users).
pub async fn of_customer(store: &Store, ctx: &Ctx, customer: Uuid) -> Result<Vec<Notice>> {
    let mut db = store.clone();
    match ctx.actor.role {
        Role::Admin | Role::Supervisor | Role::Agent => {}
        Role::Customer if ctx.actor.customer_id == Some(customer) => {}
        _ => return Err(AppError::NotFound),
    }
    purser_store::customers::get(&mut db, customer, &ctx.actor.customer_scope()).await?;
    Ok(notices::for_customer(&mut db, customer, 200).await?)
}

/// Works off due notice webhooks and proactive cases (called by the tracking worker).
pub async fn work_due(store: &Store, client: &reqwest::Client) {
    match delivery::deliver_webhooks(store, client).await {
        Ok(n) if n > 0 => tracing::info!(sent = n, "notice webhooks delivered"),
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, "notice webhook delivery failed"),
    }
    match delivery::open_cases(store).await {
        Ok(n) if n > 0 => tracing::info!(opened = n, "proactive cases opened"),
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, "opening proactive cases failed"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_vessel_call_scopes_name_a_call() {
        assert_eq!(
            call_of("9321483/2103S/NLRTM|eta:493812"),
            Some(("9321483", "2103S", "NLRTM"))
        );
        assert_eq!(call_of("EGLV123/ev-1|hold"), None);
        assert_eq!(call_of("93214/2103S/NLRTM|eta:1"), None);
        assert_eq!(lane("TWKHH", "NLRTM").as_deref(), Some("TW-NL"));
    }
}
