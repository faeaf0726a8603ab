//! Who gets a new case.
//!
//! The customer's account owner keeps their accounts when they can take one more case;
//! otherwise the least loaded available agent with the right language, lane and case type
//! gets it. Members of the overflow team only help in a busy period. Every decision carries
//! a reason in plain words, written to the case's history so a team lead can see why.

use super::{AgentStatus, CaseType};
use crate::customers::Language;
use jiff::Timestamp;
use std::cmp::Ordering;
use uuid::Uuid;

/// The most open cases an agent's profile may allow. Routing needs an agent's open cases
/// exactly only below their capacity, so a count may stop at `MAX_CAPACITY` and still
/// decide the same: an agent with at least that many is at capacity whatever it is.
pub const MAX_CAPACITY: u32 = 500;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub user_id: Uuid,
    pub status: AgentStatus,
    pub absent: bool,
    pub open_cases: u32,
    pub capacity: u32,
    pub languages: Vec<Language>,
    pub lanes: Vec<String>,
    pub case_types: Vec<CaseType>,
    pub last_assigned_at: Option<Timestamp>,
    pub overflow: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Need {
    pub account_owner: Option<Uuid>,
    pub language: Language,
    pub lane: Option<String>,
    pub case_type: CaseType,
    pub busy_period: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub user_id: Option<Uuid>,
    pub reason: String,
}

/// Picks the agent for a case. Pure and linear in the candidates (microseconds for 200).
pub fn route(need: &Need, candidates: &[Candidate]) -> Decision {
    let owner = need
        .account_owner
        .and_then(|id| candidates.iter().find(|c| c.user_id == id));
    let owner_note = match (need.account_owner, owner) {
        (None, _) => None,
        (Some(_), None) => Some("not in this team"),
        (Some(_), Some(owner)) => match unavailability(owner, need) {
            None => {
                return Decision {
                    user_id: Some(owner.user_id),
                    reason: "account owner of the customer".to_string(),
                };
            }
            Some(why) => Some(why),
        },
    };
    let pick = candidates
        .iter()
        .filter(|c| unavailability(c, need).is_none() && has_skills(c, need))
        .min_by(|a, b| by_load(a, b));
    let mut reason = match pick {
        Some(c) => {
            let mut reason = format!(
                "least loaded available agent ({} of {} open) with {}",
                c.open_cases,
                c.capacity,
                skills(need)
            );
            if c.overflow {
                reason.push_str(", from the overflow team (busy period)");
            }
            reason
        }
        None => format!(
            "no available agent with capacity and the skills ({}); left in the team queue",
            skills(need)
        ),
    };
    if let Some(why) = owner_note {
        reason.push_str("; account owner is ");
        reason.push_str(why);
    }
    Decision {
        user_id: pick.map(|c| c.user_id),
        reason,
    }
}

/// Why this candidate cannot take a case now, or `None` when they can (skills aside).
fn unavailability(c: &Candidate, need: &Need) -> Option<&'static str> {
    if c.absent {
        Some("absent")
    } else if c.status == AgentStatus::OffShift {
        Some("off shift")
    } else if c.status == AgentStatus::Away {
        Some("away")
    } else if c.open_cases >= c.capacity {
        Some("at capacity")
    } else if c.overflow && !need.busy_period {
        Some("in the overflow team, which helps only in a busy period")
    } else {
        None
    }
}

/// Language, lane and case type; an empty list on the agent means any.
fn has_skills(c: &Candidate, need: &Need) -> bool {
    let speaks = c.languages.is_empty() || c.languages.contains(&need.language);
    let lane = need.lane.as_deref().is_none_or(|lane| {
        c.lanes.is_empty() || c.lanes.iter().any(|l| same_ignoring_case(l, lane))
    });
    let handles = c.case_types.is_empty() || c.case_types.contains(&need.case_type);
    speaks && lane && handles
}

fn same_ignoring_case(a: &str, b: &str) -> bool {
    a.trim()
        .chars()
        .flat_map(char::to_lowercase)
        .eq(b.trim().chars().flat_map(char::to_lowercase))
}

/// Lowest share of capacity in use (exact: cross-multiplied), then the longest since their
/// last assignment (never first), then the user id so the choice is deterministic.
fn by_load(a: &Candidate, b: &Candidate) -> Ordering {
    let a_load = u64::from(a.open_cases) * u64::from(b.capacity);
    let b_load = u64::from(b.open_cases) * u64::from(a.capacity);
    a_load
        .cmp(&b_load)
        .then_with(|| a.last_assigned_at.cmp(&b.last_assigned_at))
        .then_with(|| a.user_id.cmp(&b.user_id))
}

/// "language zh-TW, lane TW-US, type complaint"
fn skills(need: &Need) -> String {
    let mut parts = vec![format!("language {}", need.language)];
    if let Some(lane) = &need.lane {
        parts.push(format!("lane {lane}"));
    }
    parts.push(format!("type {}", need.case_type));
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn agent(n: u128, open_cases: u32, capacity: u32) -> Candidate {
        Candidate {
            user_id: Uuid::from_u128(n),
            status: AgentStatus::Available,
            absent: false,
            open_cases,
            capacity,
            languages: vec![],
            lanes: vec![],
            case_types: vec![],
            last_assigned_at: None,
            overflow: false,
        }
    }

    fn need(owner: Option<u128>) -> Need {
        Need {
            account_owner: owner.map(Uuid::from_u128),
            language: Language::ZhTw,
            lane: Some("TW-US".into()),
            case_type: CaseType::Complaint,
            busy_period: false,
        }
    }

    fn picked(d: &Decision) -> Option<u128> {
        d.user_id.map(|id| id.as_u128())
    }

    #[test]
    fn the_account_owner_keeps_the_account_without_the_skills() {
        let owner = Candidate {
            languages: vec![Language::En],
            ..agent(1, 9, 10)
        };
        let d = route(&need(Some(1)), &[agent(2, 0, 10), owner]);
        assert_eq!(picked(&d), Some(1));
        assert_eq!(d.reason, "account owner of the customer");
    }

    #[test]
    fn an_away_owner_passes_to_the_least_loaded_skilled_agent() {
        let owner = Candidate {
            status: AgentStatus::Away,
            ..agent(1, 0, 10)
        };
        let english = Candidate {
            languages: vec![Language::En],
            ..agent(2, 0, 10)
        };
        let other_lane = Candidate {
            lanes: vec!["CN-EU".into()],
            ..agent(3, 0, 10)
        };
        let chinese = Candidate {
            languages: vec![Language::ZhTw],
            lanes: vec!["tw-us".into()],
            case_types: vec![CaseType::Complaint],
            ..agent(4, 3, 10)
        };
        let busier = agent(5, 1, 3);
        let d = route(
            &need(Some(1)),
            &[owner, english, other_lane, busier, chinese],
        );
        assert_eq!(picked(&d), Some(4));
        assert_eq!(
            d.reason,
            "least loaded available agent (3 of 10 open) with language zh-TW, lane TW-US, \
             type complaint; account owner is away"
        );
    }

    #[test]
    fn ties_go_to_the_agent_waiting_longest_then_by_id() {
        let t = |s: &str| Some(s.parse::<Timestamp>().unwrap());
        let recent = Candidate {
            last_assigned_at: t("2027-01-02T00:00:00Z"),
            ..agent(1, 2, 4)
        };
        let earlier = Candidate {
            last_assigned_at: t("2027-01-01T00:00:00Z"),
            ..agent(2, 1, 2)
        };
        assert_eq!(
            picked(&route(&need(None), &[recent.clone(), earlier.clone()])),
            Some(2)
        );
        let never = agent(3, 5, 10);
        assert_eq!(
            picked(&route(&need(None), &[recent, earlier, never])),
            Some(3)
        );
        assert_eq!(
            picked(&route(&need(None), &[agent(8, 0, 1), agent(7, 0, 1)])),
            Some(7)
        );
    }

    #[test]
    fn the_overflow_team_helps_only_in_a_busy_period() {
        let helper = Candidate {
            overflow: true,
            ..agent(1, 0, 10)
        };
        let full = agent(2, 10, 10);
        let quiet = route(&need(Some(2)), &[helper.clone(), full.clone()]);
        assert_eq!(picked(&quiet), None);
        assert_eq!(
            quiet.reason,
            "no available agent with capacity and the skills (language zh-TW, lane TW-US, \
             type complaint); left in the team queue; account owner is at capacity"
        );
        let busy = Need {
            busy_period: true,
            ..need(None)
        };
        let d = route(&busy, &[helper, full]);
        assert_eq!(picked(&d), Some(1));
        assert!(
            d.reason.ends_with("from the overflow team (busy period)"),
            "{}",
            d.reason
        );
    }

    #[test]
    fn absent_and_unknown_owners_are_explained() {
        let owner = Candidate {
            absent: true,
            ..agent(1, 0, 10)
        };
        let d = route(&need(Some(1)), &[owner]);
        assert_eq!(picked(&d), None);
        assert!(
            d.reason.ends_with("account owner is absent"),
            "{}",
            d.reason
        );
        let d = route(&need(Some(9)), &[agent(2, 0, 1)]);
        assert!(
            d.reason.ends_with("account owner is not in this team"),
            "{}",
            d.reason
        );
    }

    #[test]
    fn two_hundred_candidates_route_in_well_under_a_millisecond() {
        let candidates: Vec<Candidate> = (0..200).map(|i| agent(i, (i % 7) as u32, 10)).collect();
        let started = std::time::Instant::now();
        for _ in 0..100 {
            std::hint::black_box(route(&need(Some(500)), &candidates));
        }
        // A hundred decisions, even unoptimised, in well under a millisecond each.
        assert!(started.elapsed() < std::time::Duration::from_millis(100));
    }

    fn candidate() -> impl Strategy<Value = Candidate> {
        (
            prop::sample::select(AgentStatus::ALL),
            prop::bool::weighted(0.1),
            (0u32..12, 0u32..12),
            prop::sample::subsequence(Language::ALL, 0..=2),
            prop::sample::subsequence(&["TW-US", "tw-eu", "CN-US"][..], 0..=2),
            prop::sample::subsequence(&CaseType::ALL[..3], 0..=2),
            prop::option::of(0i64..5),
            prop::bool::weighted(0.2),
        )
            .prop_map(
                |(status, absent, (open, cap), languages, lanes, case_types, last, overflow)| {
                    Candidate {
                        user_id: Uuid::nil(),
                        status,
                        absent,
                        open_cases: open,
                        capacity: cap,
                        languages,
                        lanes: lanes.into_iter().map(String::from).collect(),
                        case_types,
                        last_assigned_at: last.map(|s| Timestamp::from_second(s).unwrap()),
                        overflow,
                    }
                },
            )
    }

    fn needs() -> impl Strategy<Value = Need> {
        (
            prop::option::of(0u128..35),
            prop::sample::select(Language::ALL),
            prop::option::of(prop::sample::select(&["TW-US", "TW-EU"][..])),
            prop::sample::select(&CaseType::ALL[..3]),
            any::<bool>(),
        )
            .prop_map(|(owner, language, lane, case_type, busy_period)| Need {
                account_owner: owner.map(Uuid::from_u128),
                language,
                lane: lane.map(String::from),
                case_type,
                busy_period,
            })
    }

    /// Up to 30 candidates with distinct ids, in an order unrelated to their ids.
    fn team() -> impl Strategy<Value = Vec<Candidate>> {
        prop::collection::vec(candidate(), 0..30).prop_map(|mut team| {
            for (i, c) in team.iter_mut().enumerate() {
                c.user_id = Uuid::from_u128((i as u128 * 17) % 31);
            }
            team
        })
    }

    proptest! {
        #[test]
        fn routing_picks_an_eligible_least_loaded_agent(
            need in needs(), candidates in team()
        ) {
            let d = route(&need, &candidates);
            prop_assert_eq!(&d, &route(&need, &candidates));
            let eligible = |c: &&Candidate| unavailability(c, &need).is_none();
            let is_owner = |c: &&Candidate| Some(c.user_id) == need.account_owner;
            let owner = candidates.iter().find(is_owner);
            let skilled: Vec<&Candidate> = candidates
                .iter()
                .filter(eligible)
                .filter(|c| has_skills(c, &need))
                .collect();
            match d.user_id {
                None => prop_assert!(skilled.is_empty() && !owner.is_some_and(|o| eligible(&o))),
                Some(id) => {
                    let chosen = candidates.iter().find(|c| c.user_id == id).unwrap();
                    prop_assert!(chosen.status == AgentStatus::Available && !chosen.absent);
                    prop_assert!(chosen.open_cases < chosen.capacity);
                    prop_assert!(!chosen.overflow || need.busy_period);
                    if owner.is_some_and(|o| eligible(&o)) {
                        prop_assert_eq!(Some(id), need.account_owner);
                    } else {
                        prop_assert!(has_skills(chosen, &need));
                        for other in skilled.iter().filter(|c| !is_owner(c)) {
                            let mine = u64::from(chosen.open_cases) * u64::from(other.capacity);
                            let theirs = u64::from(other.open_cases) * u64::from(chosen.capacity);
                            prop_assert!(mine <= theirs);
                        }
                    }
                }
            }
        }
    }
}
