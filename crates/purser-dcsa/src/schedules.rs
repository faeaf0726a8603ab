//! Commercial Schedules 1.0.3 in: the three response shapes a carrier publishes, reduced to
//! vessels and their port calls (with ARRI/DEPA × PLN/EST/ACT times and cut-offs), plus the
//! routes of point-to-point answers, the source of "alternative sailings".
//!
//! - vessel schedules (`GET /v1/vessel-schedules`): services, each with vessel schedules and
//!   their transport calls;
//! - port schedules (`GET /v1/port-schedules`): a port, with the vessels calling there;
//! - point-to-point routes (`GET /v1/point-to-point-routes`): routings made of legs.
//!
//! The shape of each array item is recognised by its required members.

use crate::checks::{Findings, at};
use crate::spec::CS;
use crate::{Problem, into_items, parse_json};
use jiff::Timestamp;
use serde::Serialize;
use serde_json::Value;

/// Planned, estimated and actual times of one event (arrival or departure) of a call.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Times {
    pub planned: Option<Timestamp>,
    pub estimated: Option<Timestamp>,
    pub actual: Option<Timestamp>,
}

impl Times {
    fn set(&mut self, classifier: &str, at: Timestamp) {
        match classifier {
            "PLN" => self.planned = Some(at),
            "EST" => self.estimated = Some(at),
            "ACT" => self.actual = Some(at),
            _ => {}
        }
    }

    fn fill_from(&mut self, other: &Times) {
        self.planned = self.planned.or(other.planned);
        self.estimated = self.estimated.or(other.estimated);
        self.actual = self.actual.or(other.actual);
    }
}

/// A vessel's call at a port on one voyage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PortCall {
    pub vessel_imo: String,
    pub vessel_name: Option<String>,
    pub service_code: Option<String>,
    /// The export voyage (the import voyage when no export voyage is given).
    pub voyage: String,
    pub un_location: String,
    /// Position of the call in its voyage (1-based) where the source gives the rotation
    /// (vessel schedules); 0 where it does not (port schedules, routes).
    pub sequence: i64,
    pub arrival: Times,
    pub departure: Times,
    /// Cut-offs by code: DCO, VCO, FCO, LCO, …
    pub cutoffs: Vec<(String, Timestamp)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Vessel {
    pub imo: String,
    pub name: Option<String>,
    pub flag: Option<String>,
    pub call_sign: Option<String>,
    pub operator_carrier_code: Option<String>,
}

/// One point-to-point routing offered by the carrier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Route {
    pub solution_number: Option<i64>,
    pub routing_reference: Option<String>,
    pub place_of_receipt: Option<String>,
    pub place_of_delivery: Option<String>,
    pub departs: Timestamp,
    pub arrives: Timestamp,
    /// Days from receipt to delivery, as the carrier states it.
    pub transit_days: Option<i64>,
    pub cutoffs: Vec<(String, Timestamp)>,
    pub legs: Vec<Leg>,
}

/// One leg of a [`Route`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Leg {
    pub sequence: Option<i64>,
    /// VESSEL, BARGE, RAIL, TRUCK, …; `None` when the carrier did not say.
    pub mode: Option<String>,
    pub vessel_imo: Option<String>,
    pub vessel_name: Option<String>,
    pub service_code: Option<String>,
    pub voyage: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub departs: Timestamp,
    pub arrives: Timestamp,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Schedules {
    pub vessels: Vec<Vessel>,
    pub port_calls: Vec<PortCall>,
    /// Point-to-point routings, in the order received (empty for schedule shapes).
    pub routes: Vec<Route>,
    /// Parts accepted but not turned into port calls (no vessel assigned, no UN/LOCODE, …).
    pub warnings: Vec<Problem>,
}

#[derive(Clone, Copy)]
enum Shape {
    VesselSchedules,
    PortSchedule,
    PointToPoint,
}

impl Shape {
    fn of(item: &Value) -> Option<Shape> {
        let has = |k: &str| item.get(k).is_some();
        if has("legs") || has("placeOfReceipt") || has("placeOfDelivery") {
            Some(Shape::PointToPoint)
        } else if has("carrierServiceCode") || has("carrierServiceName") {
            Some(Shape::VesselSchedules)
        } else if has("location") {
            Some(Shape::PortSchedule)
        } else {
            None
        }
    }

    fn schema(self) -> &'static str {
        match self {
            Shape::VesselSchedules => "/components/schemas/ServiceSchedule",
            Shape::PortSchedule => "/components/schemas/PortSchedule",
            Shape::PointToPoint => "/components/schemas/PointToPoint",
        }
    }
}

/// Parses a CS 1.0.3 response body: an array of vessel schedules (services), port schedules
/// or point-to-point routings (a single object is taken as an array of one).
///
/// All-or-nothing like [`crate::parse_events`]: every item must validate against its CS
/// schema, vessel IMO numbers need their check digit (unless `isDummyVessel`), UN/LOCODEs must
/// be well-formed, and every timestamp must carry a zone offset.
pub fn parse_schedules(body: &[u8]) -> Result<Schedules, Vec<Problem>> {
    let items = into_items(parse_json(body)?, "schedules or point-to-point routings")?;
    let everywhere = |_: &str| true;
    let mut problems = Vec::new();
    let mut out = Builder::default();
    for (i, item) in items.iter().enumerate() {
        let prefix = format!("/{i}");
        let Some(shape) = Shape::of(item) else {
            problems.push(Problem::new(
                prefix,
                "is neither a vessel schedule (carrierServiceCode, vesselSchedules), a port \
                 schedule (location, vesselSchedules) nor a point-to-point routing \
                 (placeOfReceipt, placeOfDelivery, legs)",
            ));
            continue;
        };
        let mut findings = Findings::new(CS.check(shape.schema(), item, &prefix), &everywhere);
        findings.all_un_locodes(item, &prefix);
        check_vessels(shape, item, &prefix, &mut findings);
        if !findings.problems.is_empty() {
            problems.append(&mut findings.problems);
            continue;
        }
        match shape {
            Shape::VesselSchedules => out.service(item, &prefix),
            Shape::PortSchedule => out.port(item, &prefix),
            Shape::PointToPoint => out.route(item, &prefix),
        }
        problems.append(&mut out.problems);
    }
    if problems.is_empty() {
        Ok(out.finish())
    } else {
        Err(problems)
    }
}

fn check_vessels(shape: Shape, item: &Value, prefix: &str, findings: &mut Findings) {
    match shape {
        Shape::VesselSchedules | Shape::PortSchedule => {
            for (j, schedule) in array(item, "/vesselSchedules").iter().enumerate() {
                if schedule["isDummyVessel"] != Value::Bool(true) {
                    let imo = at(schedule, &["vessel", "vesselIMONumber"]);
                    findings.imo(imo, || {
                        format!("{prefix}/vesselSchedules/{j}/vessel/vesselIMONumber")
                    });
                }
            }
        }
        Shape::PointToPoint => {
            for (k, leg) in array(item, "/legs").iter().enumerate() {
                for carrier in ["vessel", "barge"] {
                    let imo = at(leg, &["transport", carrier, "vesselIMONumber"]);
                    findings.imo(imo, || {
                        format!("{prefix}/legs/{k}/transport/{carrier}/vesselIMONumber")
                    });
                }
            }
        }
    }
}

#[derive(Default)]
struct Builder {
    vessels: Vec<Vessel>,
    port_calls: Vec<PortCall>,
    routes: Vec<Route>,
    warnings: Vec<Problem>,
    /// Problems found while reading (only unparsable timestamps the schema let through).
    problems: Vec<Problem>,
}

impl Builder {
    /// `GET /v1/vessel-schedules`: one service, its vessels and their rotations.
    fn service(&mut self, item: &Value, prefix: &str) {
        let service_code = text(item, "/carrierServiceCode");
        for (j, schedule) in array(item, "/vesselSchedules").iter().enumerate() {
            let at = format!("{prefix}/vesselSchedules/{j}");
            let Some(vessel) = self.vessel(schedule, &at) else {
                continue;
            };
            for (k, call) in array(schedule, "/transportCalls").iter().enumerate() {
                let call_at = format!("{at}/transportCalls/{k}");
                let Some(un_location) = text(call, "/location/UNLocationCode") else {
                    self.warn(&call_at, "has no UN/LOCODE; not recorded as a port call");
                    continue;
                };
                let Some(voyage) = text(call, "/carrierExportVoyageNumber")
                    .or_else(|| text(call, "/carrierImportVoyageNumber"))
                else {
                    continue;
                };
                let (arrival, departure) = self.timestamps(call, &call_at);
                let cutoffs = self.cutoffs(call, &call_at);
                self.call(PortCall {
                    vessel_imo: vessel.imo.clone(),
                    vessel_name: vessel.name.clone(),
                    service_code: service_code.clone(),
                    voyage,
                    un_location,
                    sequence: i64::try_from(k + 1).unwrap_or(i64::MAX),
                    arrival,
                    departure,
                    cutoffs,
                });
            }
        }
    }

    /// `GET /v1/port-schedules`: one port and the vessels calling there.
    fn port(&mut self, item: &Value, prefix: &str) {
        let Some(un_location) = text(item, "/location/UNLocationCode") else {
            self.warn(prefix, "has no UN/LOCODE; its calls are not recorded");
            return;
        };
        for (j, schedule) in array(item, "/vesselSchedules").iter().enumerate() {
            let at = format!("{prefix}/vesselSchedules/{j}");
            let Some(vessel) = self.vessel(schedule, &at) else {
                continue;
            };
            let partner = partner(
                schedule,
                "/servicePartners",
                vessel.operator_carrier_code.as_deref(),
            );
            let Some(voyage) = partner.and_then(|p| {
                text(p, "/carrierExportVoyageNumber")
                    .or_else(|| text(p, "/carrierImportVoyageNumber"))
            }) else {
                continue;
            };
            let (arrival, departure) = self.timestamps(schedule, &at);
            let cutoffs = self.cutoffs(schedule, &at);
            self.call(PortCall {
                vessel_imo: vessel.imo.clone(),
                vessel_name: vessel.name.clone(),
                service_code: partner.and_then(|p| text(p, "/carrierServiceCode")),
                voyage,
                un_location: un_location.clone(),
                sequence: 0,
                arrival,
                departure,
                cutoffs,
            });
        }
    }

    /// `GET /v1/point-to-point-routes`: one routing; its vessel legs also give port calls
    /// (estimated times at the departure, intermediate and arrival calls).
    fn route(&mut self, item: &Value, prefix: &str) {
        let mut legs = Vec::new();
        for (k, leg) in array(item, "/legs").iter().enumerate() {
            let at = format!("{prefix}/legs/{k}");
            let transport = leg.get("transport").unwrap_or(&Value::Null);
            let carrier = transport
                .get("vessel")
                .or_else(|| transport.get("barge"))
                .unwrap_or(&Value::Null);
            let partner = partner(
                transport,
                "/servicePartners",
                text(carrier, "/operatorCarrierCode").as_deref(),
            );
            let export_voyage = partner
                .and_then(|p| text(p, "/carrierExportVoyageNumber"))
                .or_else(|| text(transport, "/universalExportVoyageReference"));
            let import_voyage = partner
                .and_then(|p| text(p, "/carrierImportVoyageNumber"))
                .or_else(|| text(transport, "/universalImportVoyageReference"))
                .or_else(|| export_voyage.clone());
            let departs = self.time(leg, "/departure/dateTime", &at);
            let arrives = self.time(leg, "/arrival/dateTime", &at);
            let (Some(departs), Some(arrives)) = (departs, arrives) else {
                return;
            };
            let leg_out = Leg {
                sequence: leg.get("sequenceNumber").and_then(Value::as_i64),
                mode: text(transport, "/modeOfTransport"),
                vessel_imo: text(carrier, "/vesselIMONumber"),
                vessel_name: text(carrier, "/name"),
                service_code: partner.and_then(|p| text(p, "/carrierServiceCode")),
                voyage: export_voyage.clone(),
                from: text(leg, "/departure/location/UNLocationCode"),
                to: text(leg, "/arrival/location/UNLocationCode"),
                departs,
                arrives,
            };
            if let (Some(imo), Some(voyage)) = (&leg_out.vessel_imo, &export_voyage) {
                self.vessel_record(carrier, imo);
                let estimated = |at: Option<Timestamp>| Times {
                    estimated: at,
                    ..Times::default()
                };
                let import_voyage = import_voyage.as_deref().unwrap_or(voyage);
                // (place, voyage, arrival, departure, cut-offs) of each call on the leg.
                let mut stops = vec![(
                    leg_out.from.clone(),
                    voyage.as_str(),
                    Times::default(),
                    estimated(Some(departs)),
                    self.cutoffs(leg, &at),
                )];
                for (n, stop) in array(leg, "/intermediateCalls").iter().enumerate() {
                    let stop_at = format!("{at}/intermediateCalls/{n}");
                    let arrival = estimated(self.time(stop, "/arrivalDateTime", &stop_at));
                    let departure = estimated(self.time(stop, "/departureDateTime", &stop_at));
                    let place = text(stop, "/location/UNLocationCode");
                    stops.push((place, voyage.as_str(), arrival, departure, Vec::new()));
                }
                stops.push((
                    leg_out.to.clone(),
                    import_voyage,
                    estimated(Some(arrives)),
                    Times::default(),
                    Vec::new(),
                ));
                for (place, voyage, arrival, departure, cutoffs) in stops {
                    let Some(un_location) = place else {
                        continue;
                    };
                    self.call(PortCall {
                        vessel_imo: imo.clone(),
                        vessel_name: leg_out.vessel_name.clone(),
                        service_code: leg_out.service_code.clone(),
                        voyage: voyage.to_string(),
                        un_location,
                        sequence: 0,
                        arrival,
                        departure,
                        cutoffs,
                    });
                }
            } else if matches!(leg_out.mode.as_deref(), Some("VESSEL" | "BARGE")) {
                self.warn(
                    &at,
                    "names no vessel IMO number or voyage; no port calls recorded",
                );
            }
            legs.push(leg_out);
        }
        let (Some(departs), Some(arrives)) = (
            self.time(item, "/placeOfReceipt/dateTime", prefix),
            self.time(item, "/placeOfDelivery/dateTime", prefix),
        ) else {
            return;
        };
        let cutoffs = self.cutoffs(item, prefix);
        self.routes.push(Route {
            solution_number: item.get("solutionNumber").and_then(Value::as_i64),
            routing_reference: text(item, "/routingReference"),
            place_of_receipt: text(item, "/placeOfReceipt/location/UNLocationCode"),
            place_of_delivery: text(item, "/placeOfDelivery/location/UNLocationCode"),
            departs,
            arrives,
            transit_days: item.get("transitTime").and_then(Value::as_i64),
            cutoffs,
            legs,
        });
    }

    /// The vessel of a schedule, recorded once per IMO number; `None` (with a warning) when no
    /// real vessel is assigned yet.
    fn vessel(&mut self, schedule: &Value, at: &str) -> Option<Vessel> {
        let dummy = schedule["isDummyVessel"] == Value::Bool(true);
        match (dummy, text(schedule, "/vessel/vesselIMONumber")) {
            (false, Some(imo)) => {
                let vessel = schedule.get("vessel").unwrap_or(&Value::Null);
                Some(self.vessel_record(vessel, &imo))
            }
            (true, _) => {
                self.warn(
                    at,
                    "has no vessel assigned yet (isDummyVessel); its calls are not recorded",
                );
                None
            }
            (false, None) => {
                self.warn(at, "names no vessel IMO number; its calls are not recorded");
                None
            }
        }
    }

    fn vessel_record(&mut self, vessel: &Value, imo: &str) -> Vessel {
        let new = Vessel {
            imo: imo.to_string(),
            name: text(vessel, "/name"),
            flag: text(vessel, "/flag"),
            call_sign: text(vessel, "/callSign"),
            operator_carrier_code: text(vessel, "/operatorCarrierCode"),
        };
        if let Some(known) = self.vessels.iter_mut().find(|v| v.imo == imo) {
            known.name = known.name.take().or(new.name);
            known.flag = known.flag.take().or(new.flag);
            known.call_sign = known.call_sign.take().or(new.call_sign);
            known.operator_carrier_code = known
                .operator_carrier_code
                .take()
                .or(new.operator_carrier_code);
            known.clone()
        } else {
            self.vessels.push(new.clone());
            new
        }
    }

    /// Adds a port call, merging it into an earlier one for the same vessel, voyage, place and
    /// position (routes repeat the same sailing in many solutions).
    fn call(&mut self, call: PortCall) {
        let same = self.port_calls.iter_mut().find(|c| {
            c.vessel_imo == call.vessel_imo
                && c.voyage == call.voyage
                && c.un_location == call.un_location
                && c.sequence == call.sequence
        });
        match same {
            Some(known) => {
                known.arrival.fill_from(&call.arrival);
                known.departure.fill_from(&call.departure);
                known.vessel_name = known.vessel_name.take().or(call.vessel_name);
                known.service_code = known.service_code.take().or(call.service_code);
                for cutoff in call.cutoffs {
                    if !known.cutoffs.contains(&cutoff) {
                        known.cutoffs.push(cutoff);
                    }
                }
            }
            None => self.port_calls.push(call),
        }
    }

    /// ARRI and DEPA times of a call from its `timestamps`.
    fn timestamps(&mut self, call: &Value, at: &str) -> (Times, Times) {
        let mut arrival = Times::default();
        let mut departure = Times::default();
        for (n, stamp) in array(call, "/timestamps").iter().enumerate() {
            let Some(when) = self.time(stamp, "/eventDateTime", &format!("{at}/timestamps/{n}"))
            else {
                continue;
            };
            let classifier = stamp["eventClassifierCode"].as_str().unwrap_or_default();
            match stamp["eventTypeCode"].as_str() {
                Some("ARRI") => arrival.set(classifier, when),
                Some("DEPA") => departure.set(classifier, when),
                _ => {}
            }
        }
        (arrival, departure)
    }

    fn cutoffs(&mut self, item: &Value, at: &str) -> Vec<(String, Timestamp)> {
        let mut out = Vec::new();
        for (n, cutoff) in array(item, "/cutOffTimes").iter().enumerate() {
            let code = text(cutoff, "/cutOffDateTimeCode");
            let when = self.time(cutoff, "/cutOffDateTime", &format!("{at}/cutOffTimes/{n}"));
            if let (Some(code), Some(when)) = (code, when) {
                out.push((code, when));
            }
        }
        out
    }

    /// The timestamp at `pointer`; one the schema let through but that carries no zone offset
    /// is a problem.
    fn time(&mut self, item: &Value, pointer: &str, at: &str) -> Option<Timestamp> {
        let raw = item.pointer(pointer)?.as_str()?;
        match raw.parse::<Timestamp>() {
            Ok(ts) => Some(ts),
            Err(_) => {
                self.problems.push(Problem::new(
                    format!("{at}{pointer}"),
                    format!(
                        "must be a date and time with a zone offset (RFC 3339), e.g. \
                         2025-01-14T09:21:00+01:00, not \"{raw}\""
                    ),
                ));
                None
            }
        }
    }

    fn warn(&mut self, at: &str, message: &str) {
        self.warnings.push(Problem::new(at, message));
    }

    fn finish(self) -> Schedules {
        Schedules {
            vessels: self.vessels,
            port_calls: self.port_calls,
            routes: self.routes,
            warnings: self.warnings,
        }
    }
}

/// The service partner that operates the vessel, else the first listed.
fn partner<'v>(item: &'v Value, pointer: &str, operator: Option<&str>) -> Option<&'v Value> {
    let partners = array(item, pointer);
    operator
        .and_then(|op| {
            partners
                .iter()
                .find(|p| p.get("carrierCode").and_then(Value::as_str) == Some(op))
        })
        .or_else(|| partners.first())
}

fn array<'v>(item: &'v Value, pointer: &str) -> &'v [Value] {
    item.pointer(pointer)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

fn text(item: &Value, pointer: &str) -> Option<String> {
    item.pointer(pointer)
        .and_then(Value::as_str)
        .map(str::to_string)
}
