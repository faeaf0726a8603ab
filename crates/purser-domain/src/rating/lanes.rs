//! Lanes: where a rate applies. A rate names its origin and destination as a port
//! (UN/LOCODE), a zone (a named group of ports, e.g. "North Europe base ports") or a
//! whole country, and may be limited to routings via certain ports. When several rates
//! match, the most specific wins: a port beats a zone beats a country, a named via beats
//! any routing.

use crate::ids::UnLocode;
use serde::{Deserialize, Serialize};
use std::fmt;

/// One end of a lane.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Place {
    Port(UnLocode),
    /// A named group of ports; the name is what the sheet calls it.
    Zone {
        name: String,
        ports: Vec<UnLocode>,
    },
    /// Every port of an ISO 3166-1 alpha-2 country, e.g. "TW".
    Country(String),
}

impl Place {
    /// Whether the port is this place, lies in this zone or in this country.
    pub fn matches(&self, port: &UnLocode) -> bool {
        match self {
            Place::Port(p) => p == port,
            Place::Zone { ports, .. } => ports.contains(port),
            Place::Country(c) => c.eq_ignore_ascii_case(port.country()),
        }
    }

    /// Higher is more specific.
    fn specificity(&self) -> u8 {
        match self {
            Place::Port(_) => 2,
            Place::Zone { .. } => 1,
            Place::Country(_) => 0,
        }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Port(p) => write!(f, "{p}"),
            Place::Zone { name, .. } => write!(f, "{name}"),
            Place::Country(c) => write!(f, "{c}"),
        }
    }
}

/// The route a shipment asks to be priced for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Route {
    pub origin: UnLocode,
    pub destination: UnLocode,
    /// The transhipment port when the shipper asks for a particular routing.
    pub via: Option<UnLocode>,
}

/// Where a rate applies. An empty `via` means any routing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lane {
    pub origin: Place,
    pub destination: Place,
    #[serde(default)]
    pub via: Vec<UnLocode>,
}

impl Lane {
    /// A port-to-port lane with any routing: the common case on a sheet.
    pub fn ports(origin: UnLocode, destination: UnLocode) -> Lane {
        Lane {
            origin: Place::Port(origin),
            destination: Place::Port(destination),
            via: Vec::new(),
        }
    }

    /// How specifically this lane fits `route`, or `None` when it does not apply.
    /// Comparable between lanes: higher wins.
    pub fn fit(&self, route: &Route) -> Option<u8> {
        if !self.origin.matches(&route.origin) || !self.destination.matches(&route.destination) {
            return None;
        }
        let via = if self.via.is_empty() {
            0
        } else {
            match &route.via {
                Some(v) if self.via.contains(v) => 1,
                _ => return None,
            }
        };
        Some(self.origin.specificity() * 8 + self.destination.specificity() * 2 + via)
    }
}

impl fmt::Display for Lane {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} → {}", self.origin, self.destination)?;
        if !self.via.is_empty() {
            let v: Vec<&str> = self.via.iter().map(UnLocode::as_str).collect();
            write!(f, " via {}", v.join("/"))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(s: &str) -> UnLocode {
        UnLocode::parse(s).unwrap()
    }

    fn route(o: &str, d: &str, via: Option<&str>) -> Route {
        Route {
            origin: l(o),
            destination: l(d),
            via: via.map(l),
        }
    }

    #[test]
    fn ports_zones_and_countries_match_and_rank() {
        let north_europe = Place::Zone {
            name: "North Europe base ports".into(),
            ports: vec![l("NLRTM"), l("DEHAM"), l("BEANR")],
        };
        let port = Lane::ports(l("TWKHH"), l("NLRTM"));
        let zone = Lane {
            origin: Place::Port(l("TWKHH")),
            destination: north_europe,
            via: vec![],
        };
        let country = Lane {
            origin: Place::Country("TW".into()),
            destination: Place::Country("NL".into()),
            via: vec![],
        };
        let r = route("TWKHH", "NLRTM", None);
        let (p, z, c) = (
            port.fit(&r).unwrap(),
            zone.fit(&r).unwrap(),
            country.fit(&r).unwrap(),
        );
        assert!(p > z && z > c, "{p} {z} {c}");
        assert_eq!(zone.fit(&route("TWKHH", "DEHAM", None)), Some(2 * 8 + 2));
        assert_eq!(port.fit(&route("TWKHH", "DEHAM", None)), None);
        assert_eq!(country.fit(&route("TWTXG", "NLAMS", None)), Some(0));
    }

    #[test]
    fn a_via_lane_needs_that_routing_and_beats_any_routing() {
        let mut via = Lane::ports(l("TWKHH"), l("USNYC"));
        via.via = vec![l("USLAX")];
        let any = Lane::ports(l("TWKHH"), l("USNYC"));
        let direct = route("TWKHH", "USNYC", None);
        let through_lax = route("TWKHH", "USNYC", Some("USLAX"));
        assert_eq!(via.fit(&direct), None);
        assert!(via.fit(&through_lax).unwrap() > any.fit(&through_lax).unwrap());
        assert!(any.fit(&direct).is_some());
        assert_eq!(via.to_string(), "TWKHH → USNYC via USLAX");
    }
}
