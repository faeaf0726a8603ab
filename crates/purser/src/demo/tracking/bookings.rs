//! The demo's bookings, with no I/O: 3,000 shipments per scale step (at most 15,000) on
//! the voyages of [`super::network`], booked by the book's customers (weighted by tier; the
//! portal user's company gets the story's own), with their parties, legs (transhipments
//! via Singapore), containers with ISO 6346 numbers, and the fates the story needs: rolled
//! over, left behind for the live feed, held.

use super::network::{
    AEX1, AUE, DAY, HOUR, IAX, LIVE_CUTOFF_CYCLE, LIVE_DELAY_CYCLE, LIVE_ROLL_CYCLE, MINUTE, Plan,
    TPX, place_of, rng,
};
use crate::demo::book::Rng;
use jiff::Timestamp;
use purser_domain::customers::Tier;
use purser_domain::ids::iso6346_check_digit;
use std::collections::HashSet;

/// The owner code (with category letter) of the carrier's own containers.
pub const OWNER: &str = "PSRU";

#[derive(Clone)]
pub struct Leg {
    pub voyage: usize,
    /// Indexes into the voyage's calls.
    pub load: usize,
    pub discharge: usize,
}

pub struct Container {
    pub number: String,
    pub iso: &'static str,
    pub seal: String,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Fate {
    AsPlanned,
    /// Left behind by the planned vessel and loaded on the next sailing (the voyage).
    RolledTo(usize),
    /// Gated in, never loaded: the live feed's vessel sails without it.
    LeftBehindLive,
    /// Documents held at this instant, released at the second if ever.
    Held(i64, Option<i64>),
}

pub struct Shipment {
    /// Index of the booking party in the book.
    pub customer: usize,
    pub shipper: usize,
    pub consignee: usize,
    pub notify: Option<usize>,
    pub booking: String,
    pub bill: String,
    pub booked_at: i64,
    pub confirmed_at: i64,
    pub legs: Vec<Leg>,
    pub boxes: Vec<Container>,
    pub fate: Fate,
}

impl Shipment {
    pub fn first(&self) -> &Leg {
        &self.legs[0]
    }
    pub fn last(&self) -> &Leg {
        &self.legs[self.legs.len() - 1]
    }
}

/// An ISO 6346 number: owner code with category letter, six-digit serial, check digit.
pub fn container_number(prefix: &str, serial: u32) -> String {
    let first10 = format!("{prefix}{serial:06}");
    format!("{first10}{}", iso6346_check_digit(&first10))
}

/// Where bookings go: a service's voyage (0 out, 1 back), its ports of loading and
/// discharge, and a weight.
struct Trade {
    service: usize,
    part: usize,
    loads: &'static [&'static str],
    discharges: &'static [&'static str],
    weight: u32,
}

const fn trade(
    service: usize,
    part: usize,
    loads: &'static [&'static str],
    discharges: &'static [&'static str],
    weight: u32,
) -> Trade {
    Trade {
        service,
        part,
        loads,
        discharges,
        weight,
    }
}

/// The last is the transhipment via Singapore onto the Europe service.
const TRADES: [Trade; 9] = [
    trade(
        AEX1,
        0,
        &["TWKHH", "TWTPE", "CNSHA", "HKHKG", "SGSIN"],
        &["NLRTM", "DEHAM"],
        34,
    ),
    trade(AEX1, 1, &["DEHAM"], &["SGSIN", "HKHKG", "TWKHH"], 8),
    trade(TPX, 0, &["HKHKG", "TWKHH", "CNSHA"], &["USLAX"], 20),
    trade(TPX, 1, &["USLAX"], &["TWKHH", "HKHKG"], 5),
    trade(AUE, 0, &["HKHKG", "TWKHH", "CNSHA"], &["USNYC"], 8),
    trade(AUE, 1, &["USNYC"], &["TWKHH", "HKHKG"], 2),
    trade(
        IAX,
        0,
        &["TWTPE", "TWTXG", "TWKHH"],
        &["HKHKG", "SGSIN"],
        10,
    ),
    trade(IAX, 1, &["SGSIN"], &["CNSHA", "TWTPE"], 5),
    trade(IAX, 0, &["TWTXG", "TWTPE"], &["NLRTM", "DEHAM"], 8),
];
const TRANSHIPMENT: usize = 8;

/// Voyages of a service part whose call at `port` departs in the booking window.
fn bookable(plan: &Plan, service: usize, part: usize, port: &str) -> Vec<usize> {
    let (from, to) = (plan.anchor - 56 * DAY, plan.anchor + 21 * DAY);
    (0..plan.voyages.len())
        .filter(|&i| {
            let v = &plan.voyages[i];
            v.service == service
                && v.part == part
                && v.call(port)
                    .is_some_and(|c| (from..to).contains(&v.calls[c].departure))
        })
        .collect()
}

/// The Europe sailing that leaves Singapore two days or more after `arrival`.
fn connection(plan: &Plan, arrival: i64) -> Option<usize> {
    (0..plan.voyages.len())
        .filter(|&i| plan.voyages[i].service == AEX1 && plan.voyages[i].part == 0)
        .filter_map(|i| {
            let v = &plan.voyages[i];
            let c = v.call("SGSIN")?;
            (v.calls[c].departure >= arrival + 48 * HOUR).then_some((v.calls[c].departure, i))
        })
        .min()
        .map(|(_, i)| i)
}

struct Picker {
    by_tier: Vec<u32>,
    total: u32,
}

impl Picker {
    fn new(tiers: &[Tier]) -> Picker {
        let by_tier: Vec<u32> = tiers
            .iter()
            .map(|t| match t {
                Tier::Platinum => 6,
                Tier::Gold => 3,
                Tier::Silver => 2,
                Tier::Bronze => 1,
            })
            .collect();
        let total = by_tier.iter().sum();
        Picker { by_tier, total }
    }

    fn pick(&self, r: &mut Rng) -> usize {
        let mut roll = r.below(self.total as usize) as u32;
        for (i, w) in self.by_tier.iter().enumerate() {
            if roll < *w {
                return i;
            }
            roll -= w;
        }
        0
    }

    /// Another company than `not`.
    fn other(&self, r: &mut Rng, not: usize) -> usize {
        let n = self.by_tier.len();
        if n < 2 {
            return not;
        }
        (not + 1 + r.below(n - 1)) % n
    }
}

/// A booking the story needs, made before the random ones.
struct Wanted {
    customer: Option<usize>,
    service: usize,
    cycle: i64,
    part: usize,
    load: &'static str,
    discharge: &'static str,
    fate: Fate,
    boxes: usize,
}

fn wanted(portal: usize) -> Vec<Wanted> {
    let w = |customer, service, cycle, part, load, discharge, boxes| Wanted {
        customer,
        service,
        cycle,
        part,
        load,
        discharge,
        fate: Fate::AsPlanned,
        boxes,
    };
    let p = Some(portal);
    let mut out = vec![
        // the portal customer's: delayed at Los Angeles, on the live feed's vessel, on the
        // sailing whose cut-off moves, delivered, delayed by the typhoon, an import from Los
        // Angeles, and one loading at Kaohsiung now
        w(p, TPX, -1, 0, "TWKHH", "USLAX", 2),
        w(p, AEX1, LIVE_DELAY_CYCLE, 0, "TWKHH", "NLRTM", 3),
        w(p, AEX1, LIVE_DELAY_CYCLE, 0, "CNSHA", "DEHAM", 1),
        w(p, AEX1, LIVE_CUTOFF_CYCLE, 0, "TWKHH", "NLRTM", 2),
        w(p, AEX1, -9, 0, "TWKHH", "DEHAM", 2),
        w(p, IAX, 0, 0, "TWKHH", "HKHKG", 1),
        w(p, TPX, -6, 1, "USLAX", "TWKHH", 2),
        w(p, AEX1, LIVE_ROLL_CYCLE, 0, "TWKHH", "NLRTM", 2),
    ];
    // rolled over a week ago: the previous sailing left without it, this one loaded it
    out.push(Wanted {
        fate: Fate::RolledTo(usize::MAX),
        ..w(None, AEX1, LIVE_ROLL_CYCLE - 1, 0, "TWKHH", "NLRTM", 2)
    });
    // the live feed's vessel will sail without this one
    out.push(Wanted {
        fate: Fate::LeftBehindLive,
        ..w(None, AEX1, LIVE_ROLL_CYCLE, 0, "TWKHH", "DEHAM", 2)
    });
    // documents held at sea; held and released on a sailing now in Europe
    out.push(Wanted {
        fate: Fate::Held(0, None),
        ..w(None, AEX1, -3, 0, "HKHKG", "NLRTM", 1)
    });
    out.push(Wanted {
        fate: Fate::Held(0, Some(0)),
        ..w(None, AEX1, -6, 0, "CNSHA", "DEHAM", 2)
    });
    out
}

pub(super) fn shipments(plan: &mut Plan, tiers: &[Tier], count: usize) {
    if tiers.is_empty() {
        return;
    }
    let picker = Picker::new(tiers);
    let mut serials: HashSet<String> = HashSet::new();
    let trade_weights: Vec<(usize, u32)> = TRADES
        .iter()
        .enumerate()
        .map(|(i, t)| (i, t.weight))
        .collect();
    let story = wanted(0);
    for i in 0..count {
        let mut r = rng(plan.seed, 3, i);
        let want = story.get(i);
        let customer = want.and_then(|w| w.customer).unwrap_or_else(|| {
            // the portal customer's shipments are the ones the story gives it
            let mut c = picker.pick(&mut r);
            while c == 0 && tiers.len() > 1 {
                c = picker.pick(&mut r);
            }
            c
        });
        let legs = match want {
            Some(w) => {
                let Some(v) = plan.voyage_of(w.service, w.cycle, w.part) else {
                    continue;
                };
                let voyage = &plan.voyages[v];
                let (Some(load), Some(discharge)) = (voyage.call(w.load), voyage.call(w.discharge))
                else {
                    continue;
                };
                vec![Leg {
                    voyage: v,
                    load,
                    discharge,
                }]
            }
            None => match route(plan, &mut r, &trade_weights) {
                Some(legs) => legs,
                None => continue,
            },
        };
        let fate = match want.map(|w| w.fate) {
            Some(Fate::RolledTo(_)) => match plan.voyage_of(AEX1, LIVE_ROLL_CYCLE, 0) {
                Some(v) => Fate::RolledTo(v),
                None => Fate::AsPlanned,
            },
            Some(Fate::Held(_, released)) => {
                let leg = &legs[0];
                let departed = plan.voyages[leg.voyage].calls[leg.load].departure_actual;
                let at = (departed + 4 * HOUR).min(plan.anchor - 20 * HOUR);
                Fate::Held(at, released.map(|_| at + 30 * HOUR))
            }
            Some(f) => f,
            None => Fate::AsPlanned,
        };
        let shipper = if r.percent(70) {
            customer
        } else {
            picker.other(&mut r, customer)
        };
        let consignee = if shipper == customer {
            picker.other(&mut r, customer)
        } else {
            customer
        };
        let notify = r
            .percent(25)
            .then(|| picker.other(&mut r, consignee))
            .filter(|n| *n != customer);
        let first = &plan.voyages[legs[0].voyage].calls[legs[0].load];
        let lead = (7 + r.below(22) as i64) * DAY + r.below(24) as i64 * HOUR;
        let booked_at =
            (first.departure - lead).min(plan.anchor - 2 * HOUR - r.below(600) as i64 * MINUTE);
        let office = place_of(first.port).office;
        let year = Timestamp::from_microsecond(booked_at)
            .unwrap_or(Timestamp::UNIX_EPOCH)
            .to_zoned(jiff::tz::TimeZone::UTC)
            .year()
            .rem_euclid(100);
        let booking = format!("{office}{year:02}{:07}", 1_200_000 + i * 7 + r.below(7));
        let bill = format!("{OWNER}{booking}");
        let boxes = want
            .map(|w| w.boxes)
            .unwrap_or_else(|| r.weighted(&[(1, 40), (2, 30), (3, 18), (4, 12)]));
        let iso = r.weighted(&[("22G1", 30), ("42G1", 15), ("45G1", 45), ("45R1", 10)]);
        let boxes = (0..boxes)
            .map(|_| {
                let owner = if iso == "45R1" {
                    OWNER
                } else {
                    r.weighted(&[
                        (OWNER, 60),
                        ("TGHU", 10),
                        ("TCLU", 10),
                        ("SEGU", 10),
                        ("FCIU", 10),
                    ])
                };
                let number = loop {
                    let n = container_number(owner, r.below(1_000_000) as u32);
                    if serials.insert(n.clone()) {
                        break n;
                    }
                };
                Container {
                    number,
                    iso,
                    seal: format!("PS{}", r.digits("#######")),
                }
            })
            .collect();
        plan.shipments.push(Shipment {
            customer,
            shipper,
            consignee,
            notify,
            booking,
            bill,
            booked_at,
            confirmed_at: booked_at + (1 + r.below(20) as i64) * HOUR,
            legs,
            boxes,
            fate,
        });
    }
}

/// A random booking's legs: a trade, its ports, a voyage in the booking window (and the
/// Europe connection for a transhipment).
fn route(plan: &Plan, r: &mut Rng, trades: &[(usize, u32)]) -> Option<Vec<Leg>> {
    let t = r.weighted(trades);
    let trade = &TRADES[t];
    let load = trade.loads[r.below(trade.loads.len())];
    let discharge = trade.discharges[r.below(trade.discharges.len())];
    let mut voyages = bookable(plan, trade.service, trade.part, load);
    // the live feed's vessel is a big one: more bookings on it
    if let Some(v) = plan.voyage_of(AEX1, LIVE_DELAY_CYCLE, 0)
        && voyages.contains(&v)
    {
        voyages.extend([v, v]);
    }
    if voyages.is_empty() {
        return None;
    }
    let v = voyages[r.below(voyages.len())];
    let voyage = &plan.voyages[v];
    let l = voyage.call(load)?;
    if t == TRANSHIPMENT {
        let hub = voyage.call("SGSIN")?;
        let next = connection(plan, voyage.calls[hub].arrival)?;
        let on = &plan.voyages[next];
        return Some(vec![
            Leg {
                voyage: v,
                load: l,
                discharge: hub,
            },
            Leg {
                voyage: next,
                load: on.call("SGSIN")?,
                discharge: on.call(discharge)?,
            },
        ]);
    }
    let d = voyage.call(discharge).filter(|d| *d > l)?;
    Some(vec![Leg {
        voyage: v,
        load: l,
        discharge: d,
    }])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn container_numbers_carry_their_check_digit() {
        assert_eq!(container_number("CSQU", 305438), "CSQU3054383");
        assert_eq!(container_number("APZU", 481209), "APZU4812090");
    }
}
