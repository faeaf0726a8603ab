//! The changes customers must hear about before they ask: an ETA slip beyond their
//! threshold, a roll-over (the container was not loaded on its planned vessel), a port
//! omission, a changed cut-off and a document hold. Each change has a key so one change is
//! announced once, however often the events that show it arrive.

use super::codes::Classifier;
use super::timeline::Timeline;
use jiff::{SignedDuration, Timestamp};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    EtaSlip {
        from: Timestamp,
        to: Timestamp,
        by: SignedDuration,
    },
    RolledOver {
        planned_vessel: String,
        actual_vessel: Option<String>,
    },
    PortOmitted {
        port: String,
    },
    CutOffChanged {
        kind: String,
        from: Timestamp,
        to: Timestamp,
    },
    DocumentHold,
}

impl Change {
    /// Identifies the change for "never twice": a slip is keyed by the ETA it slipped to
    /// (rounded to the hour), so a new, later slip is a new change.
    pub fn key(&self) -> String {
        match self {
            Change::EtaSlip { to, .. } => format!("eta:{}", to.as_second() / 3600),
            Change::RolledOver {
                planned_vessel,
                actual_vessel,
            } => format!(
                "roll:{planned_vessel}:{}",
                actual_vessel.as_deref().unwrap_or("-")
            ),
            Change::PortOmitted { port } => format!("omit:{port}"),
            Change::CutOffChanged { kind, to, .. } => {
                format!("cutoff:{kind}:{}", to.as_second() / 60)
            }
            Change::DocumentHold => "hold".into(),
        }
    }
}

/// An ETA slip beyond `threshold` against the first plan, while the ship has not arrived.
pub fn eta_slip(t: &Timeline, threshold: SignedDuration) -> Option<Change> {
    let (eta, classifier) = t.eta?;
    let first = t.first_eta?;
    (classifier != Classifier::Act && t.slip > threshold).then_some(Change::EtaSlip {
        from: first,
        to: eta,
        by: t.slip,
    })
}

/// A roll-over: the planned vessel departed the port of loading without the container
/// loaded on it (loaded on another vessel, or not at all).
pub fn roll_over(planned_vessel: &str, departed: bool, loaded_on: Option<&str>) -> Option<Change> {
    match loaded_on {
        Some(v) if v != planned_vessel => Some(Change::RolledOver {
            planned_vessel: planned_vessel.into(),
            actual_vessel: Some(v.into()),
        }),
        None if departed => Some(Change::RolledOver {
            planned_vessel: planned_vessel.into(),
            actual_vessel: None,
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(h: i64) -> Timestamp {
        Timestamp::from_second(1_800_000_000 + h * 3600).unwrap()
    }

    fn tl(first: i64, now: i64, c: Classifier) -> Timeline {
        Timeline {
            steps: vec![],
            status: None,
            eta: Some((ts(now), c)),
            first_eta: Some(ts(first)),
            slip: ts(now).duration_since(ts(first)),
        }
    }

    #[test]
    fn a_slip_counts_only_beyond_the_threshold_and_before_arrival() {
        let twelve = SignedDuration::from_hours(12);
        assert_eq!(eta_slip(&tl(100, 110, Classifier::Est), twelve), None);
        let c = eta_slip(&tl(100, 130, Classifier::Est), twelve).unwrap();
        assert_eq!(
            c,
            Change::EtaSlip {
                from: ts(100),
                to: ts(130),
                by: SignedDuration::from_hours(30)
            }
        );
        assert_eq!(
            eta_slip(&tl(100, 130, Classifier::Act), twelve),
            None,
            "arrived: no notice"
        );
        assert_ne!(
            c.key(),
            eta_slip(&tl(100, 140, Classifier::Est), twelve)
                .unwrap()
                .key(),
            "a further slip is news"
        );
    }

    #[test]
    fn roll_overs() {
        assert_eq!(roll_over("EVER GIVEN", false, Some("EVER GIVEN")), None);
        assert!(matches!(
            roll_over("EVER GIVEN", false, Some("EVER ACE")),
            Some(Change::RolledOver { .. })
        ));
        assert!(matches!(
            roll_over("EVER GIVEN", true, None),
            Some(Change::RolledOver {
                actual_vessel: None,
                ..
            })
        ));
        assert_eq!(roll_over("EVER GIVEN", false, None), None);
    }
}
