//! `purser demo --live-feed`: once the server is up, a scripted story told every
//! [`STEP`] the way a carrier would tell it. Events go to the running server as a real
//! subscriber callback of the source "demo-feed" (`POST /api/v1/tracking/callbacks/
//! demo-feed`, signed `Notification-Signature: sha256=<hex>`); the schedule change goes
//! to `POST /api/v1/tracking/schedules` with a token. The server's tracking worker applies
//! them, so timelines move and notices appear as they would in production.
//!
//! The story: the Europe vessel at sea is delayed 34 hours at Rotterdam by weather; the
//! vessel that sailed from Kaohsiung a little over two hours ago, its load list now final,
//! left one shipment's containers behind (a roll-over: judged only once the terminal's
//! late load reports have had [`apply::LOAD_LIST_GRACE_MINUTES`] to arrive);
//! the next sailing's documentation cut-off at Kaohsiung is brought forward a day.

use super::bookings;
use super::events::{self, local, utc};
use super::network::{
    self, AEX1, HOUR, LIVE_CUTOFF_CYCLE, LIVE_DELAY_CYCLE, LIVE_ROLL_CYCLE, Plan,
};
use anyhow::Context;
use purser_app::Ctx;
use purser_app::tracking::{apply, subscriptions};
use purser_store::tracking::schedules;
use purser_store::{Store, new_id, users};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;
use uuid::Uuid;

/// Time between two steps of the story.
pub const STEP: Duration = Duration::from_secs(20);
/// When the story's vessel sailed: just past the time its load list takes to be final.
const SAILED_MINUTES_AGO: i64 = apply::LOAD_LIST_GRACE_MINUTES + 10;
/// The source the story's events come from.
pub const SOURCE: &str = "demo-feed";

/// An event whose id and publication time are set when it is played; with `now_minus`
/// (minutes) it happens then too.
struct Template {
    body: Value,
    port: &'static str,
    now_minus: Option<i64>,
}

struct Voyage {
    service: &'static str,
    imo: String,
    vessel: &'static str,
    number: String,
}

impl Voyage {
    fn of(plan: &Plan, v: usize) -> Voyage {
        let voyage = &plan.voyages[v];
        let vessel = &plan.vessels[voyage.vessel];
        Voyage {
            service: network::SERVICES[voyage.service].code,
            imo: vessel.imo.clone(),
            vessel: vessel.name,
            number: voyage.number.clone(),
        }
    }
}

impl std::fmt::Display for Voyage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} {}", self.service, self.vessel, self.number)
    }
}

struct Delay {
    voyage: Voyage,
    port: &'static str,
    hours: i64,
    shipments: usize,
    customers: usize,
    events: Vec<Template>,
}

struct Roll {
    voyage: Voyage,
    port: &'static str,
    bill: String,
    shipment: Uuid,
    boxes: usize,
    events: Vec<Template>,
}

struct Cutoff {
    voyage: Voyage,
    service_name: &'static str,
    port: &'static str,
    kind: &'static str,
    hours: i64,
}

/// The live feed's story about one demo's data (see the module comment).
pub struct Script {
    delay: Option<Delay>,
    roll: Option<Roll>,
    cutoff: Option<Cutoff>,
}

/// Reads the story out of the plan: `pending` are the loads still to come at the vessel
/// alongside, `ids` the shipment ids in plan order.
pub(super) fn script(plan: &Plan, pending: &[(usize, usize, i64)], ids: &[Uuid]) -> Script {
    Script {
        delay: plan
            .voyage_of(AEX1, LIVE_DELAY_CYCLE, 0)
            .and_then(|v| delay(plan, v)),
        roll: plan
            .voyage_of(AEX1, LIVE_ROLL_CYCLE, 0)
            .and_then(|v| roll(plan, v, pending, ids)),
        cutoff: plan.voyage_of(AEX1, LIVE_CUTOFF_CYCLE, 0).map(|v| Cutoff {
            voyage: Voyage::of(plan, v),
            service_name: network::SERVICES[AEX1].name,
            port: "TWKHH",
            kind: "DCO",
            hours: -24,
        }),
    }
}

fn delay(plan: &Plan, v: usize) -> Option<Delay> {
    let voyage = &plan.voyages[v];
    let at = voyage.call("NLRTM")?;
    let reason = Some((
        "WEA",
        "Heavy weather off the Cape of Good Hope; the vessel reduced speed",
    ));
    let mut out = Vec::new();
    for (n, call) in voyage.calls[at..].iter().enumerate() {
        let late = (34 - 4 * n as i64) * HOUR;
        let tc = events::transport_call(plan, voyage, call);
        for (code, planned) in [("ARRI", call.arrival), ("DEPA", call.departure)] {
            out.push(Template {
                body: events::transport(
                    String::new(),
                    0,
                    "EST",
                    code,
                    planned + late,
                    tc.clone(),
                    reason,
                ),
                port: call.port,
                now_minus: None,
            });
        }
    }
    let on: Vec<&bookings::Shipment> = plan
        .shipments
        .iter()
        .filter(|s| {
            let last = s.last();
            last.voyage == v && voyage.calls[last.discharge].port == "NLRTM"
        })
        .collect();
    let customers: BTreeSet<usize> = on.iter().map(|s| s.customer).collect();
    Some(Delay {
        voyage: Voyage::of(plan, v),
        port: "NLRTM",
        hours: 34,
        shipments: on.len(),
        customers: customers.len(),
        events: out,
    })
}

fn roll(plan: &Plan, v: usize, pending: &[(usize, usize, i64)], ids: &[Uuid]) -> Option<Roll> {
    let voyage = &plan.voyages[v];
    let call = &voyage.calls[0];
    let tc = events::transport_call(plan, voyage, call);
    let left = plan
        .shipments
        .iter()
        .position(|s| s.fate == bookings::Fate::LeftBehindLive)?;
    let mut out: Vec<Template> = pending
        .iter()
        .enumerate()
        .map(|(k, &(i, j, _))| {
            let s = &plan.shipments[i];
            Template {
                body: events::equipment(
                    String::new(),
                    "LOAD",
                    0,
                    call.port,
                    Some(tc.clone()),
                    s,
                    &s.boxes[j],
                ),
                port: call.port,
                now_minus: Some(SAILED_MINUTES_AGO + 5 + (pending.len() - k) as i64),
            }
        })
        .collect();
    out.push(Template {
        body: events::transport(String::new(), 0, "ACT", "DEPA", 0, tc, None),
        port: call.port,
        now_minus: Some(SAILED_MINUTES_AGO),
    });
    Some(Roll {
        voyage: Voyage::of(plan, v),
        port: call.port,
        bill: plan.shipments[left].bill.clone(),
        shipment: *ids.get(left)?,
        boxes: plan.shipments[left].boxes.len(),
        events: out,
    })
}

/// Plays the script against the server at `addr`; says what happens, one line a step.
pub async fn play(store: Store, addr: SocketAddr, script: Script) {
    if let Err(e) = run(&store, addr, script).await {
        println!("live feed stopped: {e:#}");
    }
}

async fn run(store: &Store, addr: SocketAddr, script: Script) -> anyhow::Result<()> {
    let ctx = Ctx::system("demo live feed");
    let source = subscriptions::create_source(store, &ctx, SOURCE)
        .await
        .map_err(|e| anyhow::anyhow!("cannot create the source {SOURCE}: {e}"))?;
    let host = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => {
            SocketAddr::new(Ipv4Addr::LOCALHOST.into(), addr.port())
        }
        IpAddr::V6(ip) if ip.is_unspecified() => {
            SocketAddr::new(Ipv6Addr::LOCALHOST.into(), addr.port())
        }
        _ => addr,
    };
    let base = format!("http://{host}");
    let client = reqwest::Client::builder()
        .user_agent("purser-demo-feed")
        .timeout(Duration::from_secs(30))
        .build()?;
    let feed = Feed {
        store,
        client: &client,
        callback: format!("{base}/api/v1/tracking/callbacks/{SOURCE}"),
        secret: source.secret,
    };
    println!(
        "live feed: a step every {} s, signed callbacks to {}",
        STEP.as_secs(),
        feed.callback
    );
    if let Some(d) = script.delay {
        tokio::time::sleep(STEP).await;
        let notices = feed.post(d.events).await?;
        println!(
            "live feed: {} delayed {} h at {} (bad weather): {} shipments of {} customers, \
             {notices} notices — watch {base}/shipments?delayed=true",
            d.voyage, d.hours, d.port, d.shipments, d.customers
        );
    }
    if let Some(r) = script.roll {
        tokio::time::sleep(STEP).await;
        let notices = feed.post(r.events).await?;
        println!(
            "live feed: {} sailed from {} without B/L {} ({} containers): rolled over, \
             {notices} notices — {base}/shipments/{}",
            r.voyage, r.port, r.bill, r.boxes, r.shipment
        );
    }
    if let Some(c) = script.cutoff {
        tokio::time::sleep(STEP).await;
        let (to, notices) = feed.cutoff(&base, &c).await?;
        println!(
            "live feed: {} {} cut-off at {} moved {} h earlier, to {to}: {notices} notices — \
             {base}/vessels/{}/voyages/{}",
            c.voyage, c.kind, c.port, -c.hours, c.voyage.imo, c.voyage.number
        );
    }
    Ok(())
}

struct Feed<'a> {
    store: &'a Store,
    client: &'a reqwest::Client,
    callback: String,
    secret: String,
}

impl Feed<'_> {
    /// Posts the events as one signed callback; returns the notices written meanwhile.
    async fn post(&self, templates: Vec<Template>) -> anyhow::Result<i64> {
        let now = purser_store::now_micros();
        let events: Vec<Value> = templates
            .into_iter()
            .map(|t| {
                let mut body = t.body;
                body["eventID"] = json!(new_id().to_string());
                body["eventCreatedDateTime"] = json!(utc(now));
                if let Some(m) = t.now_minus {
                    body["eventDateTime"] = json!(local(now - m * network::MINUTE, t.port));
                }
                body
            })
            .collect();
        let before = self.notices().await?;
        let body = serde_json::to_vec(&events)?;
        let signature = purser_dcsa::signature(self.secret.as_bytes(), &body);
        let response = self
            .client
            .post(&self.callback)
            .header("content-type", "application/json")
            .header("notification-signature", signature)
            .body(body)
            .send()
            .await?;
        let status = response.status();
        anyhow::ensure!(
            status.is_success(),
            "the callback answered {status}: {}",
            response.text().await.unwrap_or_default()
        );
        Ok(self.notices_after(before).await)
    }

    async fn notices(&self) -> anyhow::Result<i64> {
        Ok(purser_store::tracking::notices::count(&mut self.store.clone()).await?)
    }

    /// Notices written since `before`, once the worker had a few seconds to apply.
    async fn notices_after(&self, before: i64) -> i64 {
        tokio::time::sleep(Duration::from_secs(3)).await;
        self.notices().await.map_or(0, |n| n - before)
    }

    /// Publishes the voyage's schedule as it stands, with one cut-off moved, through the
    /// schedules API; returns the new cut-off (local time) and the notices written.
    async fn cutoff(&self, base: &str, c: &Cutoff) -> anyhow::Result<(String, i64)> {
        let mut db = self.store.clone();
        let v = &c.voyage;
        let vessel = schedules::vessel(&mut db, &v.imo)
            .await?
            .context("the live feed's vessel is gone")?;
        let mut calls = schedules::voyage_calls(&mut db, &v.imo, &v.number).await?;
        let mut moved = None;
        for call in calls.iter_mut().filter(|x| x.location == c.port) {
            if let Some(at) = call.cutoffs.get(c.kind).and_then(Value::as_i64) {
                let to = at + c.hours * HOUR;
                call.cutoffs[c.kind] = json!(to);
                moved = Some(local(to, c.port));
            }
        }
        let moved = moved.context("the live feed's call has no such cut-off")?;
        let doc = json!([{
            "carrierServiceName": c.service_name,
            "carrierServiceCode": v.service,
            "vesselSchedules": [{
                "vessel": {
                    "vesselIMONumber": vessel.imo,
                    "name": vessel.name,
                    "flag": vessel.flag,
                    "callSign": vessel.call_sign,
                    "operatorCarrierCode": network::CARRIER,
                    "operatorCarrierCodeListProvider": "NMFTA",
                },
                "isDummyVessel": false,
                "transportCalls": calls.iter().map(|x| cs_call(v, x)).collect::<Vec<_>>(),
            }],
        }]);
        let user = users::by_email(&mut db, "admin@purser.test")
            .await?
            .context("the demo's admin is gone")?;
        let (_, token) = purser_app::admin::create_token(
            self.store,
            &Ctx::system("demo live feed"),
            user.user.id,
            "demo live feed",
        )
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
        let before = self.notices().await?;
        let response = self
            .client
            .post(format!("{base}/api/v1/tracking/schedules"))
            .bearer_auth(token)
            .json(&doc)
            .send()
            .await?;
        let status = response.status();
        anyhow::ensure!(
            status.is_success(),
            "the schedules API answered {status}: {}",
            response.text().await.unwrap_or_default()
        );
        Ok((moved, self.notices_after(before).await))
    }
}

/// One call of a vessel schedule (DCSA Commercial Schedules 1.0.3) as the store has it.
fn cs_call(v: &Voyage, c: &schedules::PortCall) -> Value {
    let mut timestamps = Vec::new();
    for (code, times) in [
        (
            "ARRI",
            [c.arrival_planned, c.arrival_estimated, c.arrival_actual],
        ),
        (
            "DEPA",
            [
                c.departure_planned,
                c.departure_estimated,
                c.departure_actual,
            ],
        ),
    ] {
        for (classifier, at) in ["PLN", "EST", "ACT"].iter().zip(times) {
            if let Some(at) = at {
                timestamps.push(json!({
                    "eventTypeCode": code,
                    "eventClassifierCode": classifier,
                    "eventDateTime": local(at, &c.location),
                }));
            }
        }
    }
    let cutoffs: Vec<Value> = c
        .cutoffs
        .as_object()
        .into_iter()
        .flatten()
        .filter_map(|(k, at)| {
            Some(json!({
                "cutOffDateTimeCode": k,
                "cutOffDateTime": local(at.as_i64()?, &c.location),
            }))
        })
        .collect();
    json!({
        "transportCallReference": format!("{}-{}-{}-{}", v.service, v.imo, v.number, c.location),
        "carrierImportVoyageNumber": v.number,
        "carrierExportVoyageNumber": v.number,
        "location": {"UNLocationCode": c.location},
        "timestamps": timestamps,
        "cutOffTimes": cutoffs,
    })
}
