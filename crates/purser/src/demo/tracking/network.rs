//! The demo's shipping network, with no I/O: the ports, four services with their
//! rotations and vessels, and the voyages of the weeks around "now" — planned and actual
//! times of every call, and the delays the story needs. The [`Plan`] also holds the
//! shipments booked on them ([`super::bookings`]).
//!
//! Everything follows from the seed, the scale and the anchor instant: the same three give
//! the same plan, so the events made from it ([`super::events`]) carry the same eventIDs.

use super::bookings::{self, Shipment};
use crate::demo::book::{Rng, Stream};
use jiff::Timestamp;
use purser_domain::customers::Tier;
use std::collections::HashSet;

pub const MINUTE: i64 = 60_000_000;
pub const HOUR: i64 = 60 * MINUTE;
pub const DAY: i64 = 24 * HOUR;

/// The demo carrier's SCAC.
pub const CARRIER: &str = "PSRL";

/// Shipments per step of `--scale`, and the most the demo makes whatever the scale:
/// applying the history of 10,000 shipments takes about a minute on two busy cores, and
/// `--scale 500` is for the customer book, not for tracking.
pub const SHIPMENTS_PER_SCALE: usize = 3_000;
pub const MAX_SHIPMENTS: usize = 15_000;

pub struct Place {
    pub code: &'static str,
    pub name: &'static str,
    pub zone: &'static str,
    /// The booking office's number, the first three digits of its booking references.
    pub office: u32,
}

pub const PLACES: [Place; 10] = [
    place("TWKHH", "Kaohsiung", "Asia/Taipei", 142),
    place("TWTPE", "Taipei", "Asia/Taipei", 140),
    place("TWTXG", "Taichung", "Asia/Taipei", 143),
    place("CNSHA", "Shanghai", "Asia/Shanghai", 201),
    place("HKHKG", "Hong Kong", "Asia/Hong_Kong", 300),
    place("SGSIN", "Singapore", "Asia/Singapore", 450),
    place("NLRTM", "Rotterdam", "Europe/Amsterdam", 600),
    place("DEHAM", "Hamburg", "Europe/Berlin", 610),
    place("USLAX", "Los Angeles", "America/Los_Angeles", 800),
    place("USNYC", "New York", "America/New_York", 810),
];

const fn place(code: &'static str, name: &'static str, zone: &'static str, office: u32) -> Place {
    Place {
        code,
        name,
        zone,
        office,
    }
}

pub fn place_of(code: &str) -> &'static Place {
    PLACES.iter().find(|p| p.code == code).unwrap_or(&PLACES[0])
}

/// A call of a service's rotation: hours after the cycle starts, hours alongside.
struct Stop(&'static str, i64, i64);

pub struct Service {
    pub code: &'static str,
    pub name: &'static str,
    /// Days between two sailings.
    every: i64,
    /// Hours before the anchor that cycle 0 began (so the story's calls fall around now).
    phase: i64,
    /// The rotation; a vessel is back at the first stop `vessels × every` days later.
    stops: &'static [Stop],
    /// The stop where the second voyage of a cycle begins (the first ends there).
    turn: usize,
    directions: [char; 2],
    /// Name and flag of each vessel of the service.
    vessels: &'static [(&'static str, &'static str)],
}

pub const AEX1: usize = 0;
pub const TPX: usize = 1;
pub const AUE: usize = 2;
pub const IAX: usize = 3;

pub const SERVICES: [Service; 4] = [
    Service {
        code: "AEX1",
        name: "Asia–North Europe Express",
        every: 7,
        phase: 8,
        stops: &[
            Stop("TWKHH", 0, 20),
            Stop("TWTPE", 36, 18),
            Stop("CNSHA", 84, 24),
            Stop("HKHKG", 144, 20),
            Stop("SGSIN", 240, 24),
            Stop("NLRTM", 792, 36),
            Stop("DEHAM", 876, 30),
            Stop("SGSIN", 1416, 20),
            Stop("HKHKG", 1524, 18),
        ],
        turn: 6,
        directions: ['W', 'E'],
        vessels: &[
            ("Ever Acme", "TW"),
            ("Ever Amity", "SG"),
            ("Ever Aurora", "PA"),
            ("Ever Azure", "GB"),
            ("Ever Bounty", "TW"),
            ("Ever Candor", "SG"),
            ("Ever Cobalt", "PA"),
            ("Ever Dawn", "LR"),
            ("Ever Ember", "GB"),
            ("Ever Fable", "SG"),
        ],
    },
    Service {
        code: "TPX",
        name: "Transpacific Express",
        every: 7,
        phase: 72,
        stops: &[
            Stop("HKHKG", 0, 18),
            Stop("TWKHH", 36, 20),
            Stop("CNSHA", 84, 24),
            Stop("USLAX", 396, 60),
            Stop("TWKHH", 744, 20),
        ],
        turn: 3,
        directions: ['E', 'W'],
        vessels: &[
            ("Ever Gallant", "TW"),
            ("Ever Harbor", "PA"),
            ("Ever Horizon", "LR"),
            ("Ever Island", "SG"),
            ("Ever Jade", "TW"),
        ],
    },
    Service {
        code: "AUE",
        name: "Asia–US East Coast via Panama",
        every: 14,
        phase: 120,
        stops: &[
            Stop("HKHKG", 0, 18),
            Stop("TWKHH", 36, 20),
            Stop("CNSHA", 84, 24),
            Stop("USNYC", 816, 48),
            Stop("TWKHH", 1608, 20),
        ],
        turn: 3,
        directions: ['E', 'W'],
        vessels: &[
            ("Ever Kestrel", "PA"),
            ("Ever Lantern", "LR"),
            ("Ever Meridian", "SG"),
            ("Ever Nimbus", "GB"),
            ("Ever Onyx", "PA"),
        ],
    },
    Service {
        code: "IAX",
        name: "Intra-Asia Express",
        every: 7,
        phase: 60,
        stops: &[
            Stop("TWTPE", 0, 16),
            Stop("TWTXG", 24, 14),
            Stop("TWKHH", 48, 16),
            Stop("HKHKG", 84, 18),
            Stop("SGSIN", 168, 24),
            Stop("CNSHA", 288, 20),
        ],
        turn: 4,
        directions: ['S', 'N'],
        vessels: &[("Formosa Swift", "TW"), ("Formosa Breeze", "TW")],
    },
];

/// Delays the story needs: (service, cycle, stop, hours, SMDG reason, remark). Later
/// calls of the cycle make up 8 hours each. Zero hours pins a call to its plan.
const FORCED: [(usize, i64, usize, i64, &str, &str); 5] = [
    // a transpacific sailing waits for a berth at Los Angeles: delayed past 12 hours
    (
        TPX,
        -1,
        3,
        26,
        "CON",
        "Port congestion at Los Angeles/Long Beach; waiting for a berth",
    ),
    // a typhoon holds the intra-Asia vessel before Hong Kong
    (
        IAX,
        0,
        3,
        16,
        "WEA",
        "Typhoon signal No. 8 in Hong Kong; port closed",
    ),
    // an earlier Europe sailing arrived late: history, not news
    (
        AEX1,
        -7,
        5,
        20,
        "WEA",
        "Heavy weather off the Cape of Good Hope",
    ),
    // the live feed's vessel and the vessel alongside now keep to their plan until then
    (AEX1, LIVE_DELAY_CYCLE, 5, 0, "", ""),
    (AEX1, 0, 0, 0, "", ""),
];

/// The live feed's story: the Europe sailing at sea that will be delayed at Rotterdam,
/// the one alongside at Kaohsiung that sails without a shipment, the next one whose
/// documentation cut-off moves.
pub const LIVE_DELAY_CYCLE: i64 = -4;
pub const LIVE_ROLL_CYCLE: i64 = 0;
pub const LIVE_CUTOFF_CYCLE: i64 = 1;

pub struct Vessel {
    pub imo: String,
    pub name: &'static str,
    pub flag: &'static str,
    pub call_sign: String,
    pub service: usize,
}

/// One call of a voyage: planned and actual times (microseconds), cut-offs, and the
/// reason given when the vessel is late.
#[derive(Clone)]
pub struct Call {
    pub port: &'static str,
    /// 1-based position in the voyage.
    pub seq: i64,
    pub arrival: i64,
    pub departure: i64,
    pub arrival_actual: i64,
    pub departure_actual: i64,
    /// Whether the delay here was forced by the story (its estimate is recent news).
    pub forced: bool,
    pub reason: Option<(&'static str, &'static str)>,
}

impl Call {
    /// Documentation, VGM and FCL delivery cut-offs before the planned departure.
    pub fn cutoffs(&self) -> [(&'static str, i64); 3] {
        [
            ("DCO", self.departure - 48 * HOUR),
            ("VCO", self.departure - 36 * HOUR),
            ("FCO", self.departure - 24 * HOUR),
        ]
    }
}

pub struct Voyage {
    pub service: usize,
    pub cycle: i64,
    /// 0 for the first voyage of a cycle, 1 for the way back.
    pub part: usize,
    pub vessel: usize,
    pub number: String,
    pub calls: Vec<Call>,
    /// When the schedule was published (microseconds).
    pub published: i64,
}

impl Voyage {
    pub fn call(&self, port: &str) -> Option<usize> {
        self.calls.iter().position(|c| c.port == port)
    }
}

pub struct Plan {
    pub seed: u64,
    /// "Now" for the story: nothing after it has happened (microseconds).
    pub anchor: i64,
    pub vessels: Vec<Vessel>,
    pub voyages: Vec<Voyage>,
    pub shipments: Vec<Shipment>,
}

impl Plan {
    pub fn voyage_of(&self, service: usize, cycle: i64, part: usize) -> Option<usize> {
        self.voyages
            .iter()
            .position(|v| v.service == service && v.cycle == cycle && v.part == part)
    }
}

/// Randomness of its own, so the book's and the desk's streams stay as they were.
pub fn rng(seed: u64, purpose: u64, index: usize) -> Rng {
    Rng::new(
        seed ^ 0x7472_6163_6b69_6e67 ^ purpose.wrapping_mul(0x9E37_79B9_7F4A_7C15),
        Stream::Slots,
        index,
    )
}

/// The plan for `customers` companies (the portal user's first) by tier.
pub fn plan(seed: u64, scale: u32, tiers: &[Tier], anchor: Timestamp) -> Plan {
    let anchor = anchor.as_microsecond();
    let mut plan = Plan {
        seed,
        anchor,
        vessels: vessels(seed),
        voyages: Vec::new(),
        shipments: Vec::new(),
    };
    let hour = anchor - anchor.rem_euclid(HOUR);
    for (s, service) in SERVICES.iter().enumerate() {
        voyages_of(&mut plan, s, service, hour);
    }
    let count = (SHIPMENTS_PER_SCALE * scale as usize).min(MAX_SHIPMENTS);
    bookings::shipments(&mut plan, tiers, count);
    plan
}

fn vessels(seed: u64) -> Vec<Vessel> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let mut r = rng(seed, 1, 0);
    for (s, service) in SERVICES.iter().enumerate() {
        for (name, flag) in service.vessels {
            let imo = loop {
                let six = 930_000 + r.below(60_000) as u32;
                let imo = imo_with_check_digit(six);
                if seen.insert(imo.clone()) {
                    break imo;
                }
            };
            let call_sign = match *flag {
                "TW" => format!("BL{}", r.code(2, "ABCDEFGHJKLMNPRSTUVWXYZ")),
                "SG" => r.digits("9V####"),
                "PA" => format!("3E{}", r.code(3, "ABCDEFGHJKLMNPRSTUVWXYZ")),
                "LR" => format!("A8{}{}", r.code(2, "ABCDEFGHJKLMNPRSTUVWXYZ"), r.below(10)),
                _ => format!("2{}", r.code(3, "ABCDEFGHJKLMNPRSTUVWXYZ")),
            };
            out.push(Vessel {
                imo,
                name,
                flag,
                call_sign,
                service: s,
            });
        }
    }
    out
}

/// The IMO number of six digits and their check digit (weights 7 to 2, last digit of the
/// sum).
pub fn imo_with_check_digit(six: u32) -> String {
    let digits = format!("{six:06}");
    let sum: u32 = digits
        .bytes()
        .zip([7, 6, 5, 4, 3, 2])
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    format!("{digits}{}", sum % 10)
}

/// One physical call of a service's rotation, planned and as it happens (a turn call
/// belongs to two voyages and is the same call in both).
fn call(seed: u64, s: usize, cycle: i64, k: usize, start: i64, seq: i64) -> Call {
    let service = &SERVICES[s];
    let Stop(port, at, stay) = service.stops[k];
    let arrival = start + at * HOUR;
    let departure = arrival + stay * HOUR;
    let mut r = rng(
        seed,
        2,
        (s * 1000 + k) * 10_000 + (cycle + 5000).max(0) as usize,
    );
    let mut late = if r.percent(45) {
        0
    } else {
        [-3, -2, -1, 1, 2, 3, 4, 5, 6, 8][r.below(10)]
    };
    let mut reason = (late >= 4).then(|| {
        let code = ["CON", "BER", "WEA"][r.below(3)];
        let remark = match code {
            "CON" => "Port congestion",
            "BER" => "Berth not available on arrival",
            _ => "Adverse weather en route",
        };
        (code, remark)
    });
    let mut forced = false;
    for (fs, fc, fk, hours, code, remark) in FORCED {
        if fs != s || fc != cycle || fk > k {
            continue;
        }
        let left = hours - 8 * (k - fk) as i64;
        if fk == k {
            late = hours;
            forced = hours > 0;
            reason = (hours > 0).then_some((code, remark));
        } else if left > 0 {
            late = late.max(left);
            reason = Some((code, remark));
        }
    }
    let depart_late = late + [-1, 0, 0, 1, 2][r.below(5)];
    let arrival_actual = arrival + late * HOUR;
    Call {
        port,
        seq,
        arrival,
        departure,
        arrival_actual,
        departure_actual: (departure + depart_late * HOUR).max(arrival_actual + 6 * HOUR),
        forced,
        reason,
    }
}

fn voyages_of(plan: &mut Plan, s: usize, service: &Service, hour: i64) {
    let base = hour - service.phase * HOUR;
    let every = service.every * DAY;
    let fleet = service.vessels.len() as i64;
    let first_vessel = plan
        .vessels
        .iter()
        .position(|v| v.service == s)
        .unwrap_or(0);
    let lo = -(80 * DAY) / every - 1;
    let hi = (42 * DAY) / every;
    for cycle in lo..=hi {
        let vessel = first_vessel + cycle.rem_euclid(fleet) as usize;
        // the first voyage ends at the turn; the second runs from there to the first call
        // of the vessel's next round, `fleet` cycles on
        let parts: [Vec<(usize, i64)>; 2] = [
            (0..=service.turn).map(|k| (k, cycle)).collect(),
            (service.turn..service.stops.len())
                .map(|k| (k, cycle))
                .chain([(0, cycle + fleet)])
                .collect(),
        ];
        for (part, stops) in parts.iter().enumerate() {
            let calls: Vec<Call> = stops
                .iter()
                .enumerate()
                .map(|(i, &(k, c))| call(plan.seed, s, c, k, base + c * every, i as i64 + 1))
                .collect();
            let opens = calls[0].arrival;
            plan.voyages.push(Voyage {
                service: s,
                cycle,
                part,
                vessel,
                number: voyage_number(opens, service.directions[part]),
                calls,
                published: (opens - 28 * DAY).min(plan.anchor - 2 * HOUR),
            });
        }
    }
}

/// Carrier style: two digits of the year, the ISO week the voyage opens, the direction.
fn voyage_number(opens: i64, direction: char) -> String {
    let date = Timestamp::from_microsecond(opens)
        .unwrap_or(Timestamp::UNIX_EPOCH)
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
        .iso_week_date();
    format!(
        "{:02}{:02}{direction}",
        date.year().rem_euclid(100),
        date.week()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use purser_domain::ids::{ContainerNumber, ImoNumber};

    #[test]
    fn identifiers_carry_their_check_digits() {
        assert_eq!(imo_with_check_digit(907472), "9074729");
        let plan = plan(42, 1, &[Tier::Gold; 20], Timestamp::now());
        for v in &plan.vessels {
            ImoNumber::parse(&v.imo).unwrap();
        }
        for s in &plan.shipments {
            for b in &s.boxes {
                ContainerNumber::parse(&b.number).unwrap();
            }
        }
    }

    #[test]
    fn calls_follow_each_other_and_voyages_are_unique_per_vessel() {
        let plan = plan(7, 1, &[Tier::Silver; 10], Timestamp::now());
        let mut seen = HashSet::new();
        for v in &plan.voyages {
            assert!(seen.insert((v.vessel, v.number.clone())), "{}", v.number);
            for pair in v.calls.windows(2) {
                assert!(pair[0].departure < pair[1].arrival, "{}", v.number);
                assert!(pair[0].departure_actual < pair[1].arrival_actual);
            }
            for c in &v.calls {
                assert!(c.arrival_actual < c.departure_actual);
            }
        }
        assert!(plan.shipments.len() > 2_900);
        assert!(plan.shipments.iter().all(|s| s.booked_at < plan.anchor));
    }
}
