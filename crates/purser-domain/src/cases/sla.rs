//! SLA targets, policies and clocks.
//!
//! A case carries one clock per target (first response, next response, resolution). The
//! clock counts only business time of the policy's calendar, and stops counting while the
//! case waits on the customer. Reading a clock is pure, so the deadline job, the case page
//! and the reports all agree on what is due when.

use super::calendar::BusinessCalendar;
use super::{CaseType, Priority};
use crate::customers::Tier;
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    FirstResponse,
    NextResponse,
    Resolution,
}
text_enum!(Target { FirstResponse = "first_response", NextResponse = "next_response", Resolution = "resolution" });

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ClockState {
    Running,
    Warning,
    Breached,
    Paused,
    Met,
    Missed,
}
text_enum!(ClockState { Running = "running", Warning = "warning", Breached = "breached", Paused = "paused", Met = "met", Missed = "missed" });

/// One SLA clock of one case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clock {
    pub started: Timestamp,
    pub target: SignedDuration,
    /// Waiting-on-customer intervals; the last may still be open.
    pub pauses: Vec<(Timestamp, Option<Timestamp>)>,
    pub stopped: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub state: ClockState,
    pub due_at: Option<Timestamp>,
    pub warn_at: Option<Timestamp>,
    pub remaining: SignedDuration,
    pub elapsed: SignedDuration,
}

impl Clock {
    /// Where the clock stands at `now`, counting only `cal`'s business time outside pauses.
    ///
    /// A stopped clock is met or missed and has no `due_at`/`warn_at`; a clock inside a pause
    /// is paused with neither. Otherwise `due_at` is when elapsed time reaches the target
    /// (in the past once breached) and `warn_at` when it reaches `warn_percent` of it
    /// (capped at 100). Pauses are clipped to the clock's run and merged, so overlapping
    /// or early ones never count twice. Cost: a few calendar walks, microseconds.
    pub fn read(&self, cal: &BusinessCalendar, warn_percent: u8, now: Timestamp) -> Reading {
        let end = self.stopped.map_or(now, |s| s.min(now));
        let pauses = self.merged_pauses(now, end);
        let paused: SignedDuration = pauses
            .iter()
            .map(|&(a, b)| cal.business_between(a, b))
            .sum();
        let elapsed = cal.business_between(self.started, end) - paused;
        let remaining = self.target - elapsed;
        let target = self.target.max(SignedDuration::ZERO);
        let warn_share = SignedDuration::from_nanos_i128(
            target.as_nanos() * i128::from(warn_percent.min(100)) / 100,
        );
        let reading = |state, due_at, warn_at| Reading {
            state,
            due_at,
            warn_at,
            remaining,
            elapsed,
        };
        if self.stopped.is_some() {
            let state = if elapsed <= self.target {
                ClockState::Met
            } else {
                ClockState::Missed
            };
            return reading(state, None, None);
        }
        if self.is_paused_at(now) {
            return reading(ClockState::Paused, None, None);
        }
        let due_at = self.reaching(cal, &pauses, elapsed, now, target);
        let warn_at = self.reaching(cal, &pauses, elapsed, now, warn_share);
        let state = if elapsed >= self.target {
            ClockState::Breached
        } else if elapsed >= warn_share {
            ClockState::Warning
        } else {
            ClockState::Running
        };
        reading(state, Some(due_at), Some(warn_at))
    }

    /// Whether a pause is open at `now` (begun and not yet ended).
    fn is_paused_at(&self, now: Timestamp) -> bool {
        self.pauses
            .iter()
            .any(|&(from, to)| from <= now && to.is_none_or(|to| to > now))
    }

    /// The pauses inside `[started, end]`, an open one lasting until `now`, sorted and
    /// merged so none overlap.
    fn merged_pauses(&self, now: Timestamp, end: Timestamp) -> Vec<(Timestamp, Timestamp)> {
        let mut clipped: Vec<(Timestamp, Timestamp)> = self
            .pauses
            .iter()
            .map(|&(from, to)| {
                let to = to.unwrap_or(now).min(end);
                (from.max(self.started), to)
            })
            .filter(|(from, to)| from < to)
            .collect();
        clipped.sort_unstable();
        let mut merged: Vec<(Timestamp, Timestamp)> = Vec::with_capacity(clipped.len());
        for (from, to) in clipped {
            match merged.last_mut() {
                Some(last) if from <= last.1 => last.1 = last.1.max(to),
                _ => merged.push((from, to)),
            }
        }
        merged
    }

    /// The instant at which elapsed time (business time outside `pauses`) reaches `amount`.
    /// Still ahead, it is counted on from `now`; already passed, it is found by walking the
    /// stretches between pauses from the start.
    fn reaching(
        &self,
        cal: &BusinessCalendar,
        pauses: &[(Timestamp, Timestamp)],
        elapsed: SignedDuration,
        now: Timestamp,
        amount: SignedDuration,
    ) -> Timestamp {
        if amount > elapsed {
            return cal.add_business(now.max(self.started), amount - elapsed);
        }
        let mut left = amount;
        let mut cursor = self.started;
        for &(from, to) in pauses {
            let stretch = cal.business_between(cursor, from);
            if left <= stretch {
                break;
            }
            left -= stretch;
            cursor = to;
        }
        cal.add_business(cursor, left)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlaPolicy {
    pub id: Uuid,
    pub tier: Option<Tier>,
    pub contract_id: Option<Uuid>,
    pub case_type: Option<CaseType>,
    pub priority: Option<Priority>,
}

/// The most specific policy whose every set criterion matches the case: a contract counts 8,
/// a case type 4, a priority 2 and a tier 1, so a contract's own policy beats any generic
/// one; on a tie the earlier policy in the slice wins.
pub fn choose_policy(
    policies: &[SlaPolicy],
    tier: Option<Tier>,
    contract_id: Option<Uuid>,
    case_type: CaseType,
    priority: Priority,
) -> Option<&SlaPolicy> {
    let mut best: Option<(u8, &SlaPolicy)> = None;
    for policy in policies {
        let Some(score) = policy.score(tier, contract_id, case_type, priority) else {
            continue;
        };
        if best.is_none_or(|(top, _)| score > top) {
            best = Some((score, policy));
        }
    }
    best.map(|(_, policy)| policy)
}

impl SlaPolicy {
    /// How specifically this policy fits the case, or `None` when a criterion it sets differs.
    fn score(
        &self,
        tier: Option<Tier>,
        contract_id: Option<Uuid>,
        case_type: CaseType,
        priority: Priority,
    ) -> Option<u8> {
        let mut score = 0;
        for (set, matches, weight) in [
            (
                self.contract_id.is_some(),
                self.contract_id == contract_id,
                8,
            ),
            (
                self.case_type.is_some(),
                self.case_type == Some(case_type),
                4,
            ),
            (self.priority.is_some(), self.priority == Some(priority), 2),
            (self.tier.is_some(), self.tier == tier, 1),
        ] {
            if set {
                if !matches {
                    return None;
                }
                score += weight;
            }
        }
        Some(score)
    }
}

#[cfg(test)]
mod tests {
    use super::super::calendar::strategies::{calendar, duration, instant};
    use super::super::calendar::{CalendarSpec, HolidaySpec};
    use super::*;
    use proptest::prelude::*;

    fn hours(h: i64) -> SignedDuration {
        SignedDuration::from_hours(h)
    }

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    /// Taipei office hours, Monday to Friday.
    fn taipei() -> BusinessCalendar {
        let office = vec!["09:00-18:00".to_string()];
        let mut weekly = vec![office; 5];
        weekly.extend([vec![], vec![]]);
        BusinessCalendar::from_spec(&CalendarSpec {
            time_zone: "Asia/Taipei".into(),
            weekly,
            holidays: vec![HolidaySpec {
                date: "2027-02-05".into(),
                name: "農曆春節".into(),
            }],
        })
        .unwrap()
    }

    fn clock(started: &str, target: i64) -> Clock {
        Clock {
            started: at(started),
            target: hours(target),
            pauses: vec![],
            stopped: None,
        }
    }

    #[test]
    fn a_running_clock_warns_then_breaches_in_business_hours() {
        let cal = taipei();
        // Monday 2027-02-01 10:00 Taipei, a ten-hour resolution target.
        let c = clock("2027-02-01T02:00:00Z", 10);
        let fresh = c.read(&cal, 75, at("2027-02-01T03:00:00Z"));
        assert_eq!(fresh.state, ClockState::Running);
        assert_eq!(fresh.elapsed, hours(1));
        assert_eq!(fresh.remaining, hours(9));
        // Ten business hours from Monday 10:00 is Tuesday 11:00; 7.5 is Monday 17:30.
        assert_eq!(fresh.due_at, Some(at("2027-02-02T03:00:00Z")));
        assert_eq!(fresh.warn_at, Some(at("2027-02-01T09:30:00Z")));

        let warned = c.read(&cal, 75, at("2027-02-01T09:45:00Z"));
        assert_eq!(warned.state, ClockState::Warning);
        assert_eq!(warned.due_at, fresh.due_at);

        let late = c.read(&cal, 75, at("2027-02-02T05:00:00Z"));
        assert_eq!(late.state, ClockState::Breached);
        assert_eq!(late.remaining, hours(-2));
        assert_eq!(late.due_at, fresh.due_at);
        assert_eq!(late.warn_at, fresh.warn_at);
    }

    #[test]
    fn waiting_on_the_customer_pauses_and_pushes_the_deadline() {
        let cal = taipei();
        let mut c = clock("2027-02-01T02:00:00Z", 8);
        // Waiting Monday 11:00-14:00 Taipei; still waiting at 15:00 reads as paused.
        c.pauses.push((at("2027-02-01T03:00:00Z"), None));
        let waiting = c.read(&cal, 75, at("2027-02-01T07:00:00Z"));
        assert_eq!(waiting.state, ClockState::Paused);
        assert_eq!((waiting.due_at, waiting.warn_at), (None, None));
        assert_eq!(waiting.elapsed, hours(1));

        c.pauses[0].1 = Some(at("2027-02-01T06:00:00Z"));
        let back = c.read(&cal, 75, at("2027-02-01T07:00:00Z"));
        assert_eq!(back.state, ClockState::Running);
        assert_eq!(back.elapsed, hours(2));
        // Six hours left at Monday 15:00: three today, three on Tuesday until noon.
        assert_eq!(back.due_at, Some(at("2027-02-02T04:00:00Z")));
    }

    #[test]
    fn a_stopped_clock_is_met_or_missed() {
        let cal = taipei();
        let mut c = clock("2027-02-01T02:00:00Z", 9);
        c.stopped = Some(at("2027-02-02T02:00:00Z"));
        let met = c.read(&cal, 80, at("2027-03-01T00:00:00Z"));
        assert_eq!(met.state, ClockState::Met);
        assert_eq!((met.elapsed, met.remaining), (hours(9), hours(0)));
        c.stopped = Some(at("2027-02-02T02:00:01Z"));
        assert_eq!(
            c.read(&cal, 80, at("2027-03-01T00:00:00Z")).state,
            ClockState::Missed
        );
    }

    #[test]
    fn a_breach_over_a_weekend_and_holiday_is_dated_exactly() {
        let cal = taipei();
        // Thursday 2027-02-04 17:00 Taipei, a 2-hour target; Friday is a holiday.
        let mut c = clock("2027-02-04T09:00:00Z", 2);
        c.pauses
            .push((at("2027-02-01T00:00:00Z"), Some(at("2027-02-04T09:30:00Z"))));
        let r = c.read(&cal, 50, at("2027-02-09T00:00:00Z"));
        assert_eq!(r.state, ClockState::Breached);
        // 30 minutes Thursday after the pause, then Monday 09:00-10:30.
        assert_eq!(r.due_at, Some(at("2027-02-08T02:30:00Z")));
        assert_eq!(r.warn_at, Some(at("2027-02-08T01:30:00Z")));
    }

    #[test]
    fn overlapping_and_early_pauses_count_once() {
        let cal = BusinessCalendar::always_open();
        let mut c = clock("2027-01-01T00:00:00Z", 10);
        c.pauses = vec![
            (at("2026-12-31T00:00:00Z"), Some(at("2027-01-01T01:00:00Z"))),
            (at("2027-01-01T02:00:00Z"), Some(at("2027-01-01T04:00:00Z"))),
            (at("2027-01-01T03:00:00Z"), Some(at("2027-01-01T05:00:00Z"))),
        ];
        let r = c.read(&cal, 80, at("2027-01-01T06:00:00Z"));
        assert_eq!(r.elapsed, hours(2));
        assert_eq!(r.due_at, Some(at("2027-01-01T14:00:00Z")));
    }

    fn policy(
        n: u128,
        tier: Option<Tier>,
        contract: Option<u128>,
        case_type: Option<CaseType>,
        priority: Option<Priority>,
    ) -> SlaPolicy {
        SlaPolicy {
            id: Uuid::from_u128(n),
            tier,
            contract_id: contract.map(Uuid::from_u128),
            case_type,
            priority,
        }
    }

    #[test]
    fn the_most_specific_policy_wins_and_ties_go_to_the_first() {
        let policies = [
            policy(1, None, None, None, None),
            policy(2, Some(Tier::Gold), None, None, None),
            policy(3, None, None, None, Some(Priority::Urgent)),
            policy(4, None, None, Some(CaseType::Complaint), None),
            policy(5, None, Some(42), None, None),
            policy(6, None, None, Some(CaseType::Complaint), None),
        ];
        let pick = |tier, contract: Option<u128>, ty, pr| {
            choose_policy(&policies, tier, contract.map(Uuid::from_u128), ty, pr)
                .map(|p| p.id.as_u128())
        };
        assert_eq!(pick(None, None, CaseType::Inquiry, Priority::Low), Some(1));
        assert_eq!(
            pick(Some(Tier::Gold), None, CaseType::Inquiry, Priority::Low),
            Some(2)
        );
        assert_eq!(
            pick(Some(Tier::Gold), None, CaseType::Inquiry, Priority::Urgent),
            Some(3)
        );
        assert_eq!(
            pick(None, None, CaseType::Complaint, Priority::Urgent),
            Some(4)
        );
        assert_eq!(
            pick(None, Some(42), CaseType::Complaint, Priority::Urgent),
            Some(5)
        );
        assert_eq!(
            choose_policy(
                &policies[1..2],
                None,
                None,
                CaseType::Inquiry,
                Priority::Low
            ),
            None
        );
        assert_eq!(
            choose_policy(&[], None, None, CaseType::Inquiry, Priority::Low),
            None
        );
    }

    fn pause_strategy() -> impl Strategy<Value = Vec<(Timestamp, Option<Timestamp>)>> {
        prop::collection::vec((instant(), prop::option::weighted(0.9, duration())), 0..4).prop_map(
            |pauses| {
                pauses
                    .into_iter()
                    .map(|(from, len)| (from, len.map(|d| from.checked_add(d).unwrap())))
                    .collect()
            },
        )
    }

    fn clock_strategy() -> impl Strategy<Value = Clock> {
        (
            instant(),
            duration(),
            pause_strategy(),
            prop::option::weighted(0.3, instant()),
        )
            .prop_map(|(started, target, pauses, stopped)| Clock {
                started,
                target,
                pauses,
                stopped,
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        #[test]
        fn a_pause_pushes_the_deadline_by_its_business_time(
            cal in calendar(),
            started in instant(),
            beyond in duration(),
            into in duration(),
            length in duration(),
            after in duration(),
        ) {
            let from = started.checked_add(into).unwrap();
            let to = from.checked_add(length).unwrap();
            let now = to.checked_add(after).unwrap();
            // Only a clock still running when the pause begins is held up by it.
            let target = cal.business_between(started, from) + beyond + SignedDuration::from_nanos(1);
            let plain = Clock { started, target, pauses: vec![], stopped: None };
            let held = Clock { pauses: vec![(from, Some(to))], ..plain.clone() };
            let plain = plain.read(&cal, 80, now);
            let held = held.read(&cal, 80, now);
            let (plain_due, held_due) = (plain.due_at.unwrap(), held.due_at.unwrap());
            prop_assert!(plain_due <= held_due);
            prop_assert_eq!(
                cal.business_between(plain_due, held_due),
                cal.business_between(from, to)
            );
            prop_assert_eq!(plain.elapsed - held.elapsed, cal.business_between(from, to));
        }

        #[test]
        fn readings_agree_with_elapsed_time(
            cal in calendar(), c in clock_strategy(), warn in 0u8..=120, now in instant()
        ) {
            let r = c.read(&cal, warn, now);
            prop_assert_eq!(r.remaining, c.target - r.elapsed);
            prop_assert!(r.elapsed >= SignedDuration::ZERO);
            let end = c.stopped.map_or(now, |s| s.min(now));
            prop_assert!(r.elapsed <= cal.business_between(c.started, end));
            match r.state {
                ClockState::Met => prop_assert!(c.stopped.is_some() && r.elapsed <= c.target),
                ClockState::Missed => prop_assert!(c.stopped.is_some() && r.elapsed > c.target),
                ClockState::Paused => prop_assert!(r.due_at.is_none() && r.warn_at.is_none()),
                ClockState::Breached => prop_assert!(r.due_at.unwrap() <= now.max(c.started)),
                ClockState::Running | ClockState::Warning => {
                    prop_assert!(r.due_at.unwrap() > now.max(c.started));
                }
            }
            if let (Some(warn_at), Some(due_at)) = (r.warn_at, r.due_at) {
                prop_assert!(warn_at <= due_at);
                prop_assert_eq!(r.state == ClockState::Running, warn_at > now.max(c.started));
            }
        }

        #[test]
        fn the_breach_instant_is_where_elapsed_time_reaches_the_target(
            cal in calendar(), c in clock_strategy(), now in instant()
        ) {
            let c = Clock { stopped: None, ..c };
            let r = c.read(&cal, 100, now);
            if let Some(due_at) = r.due_at {
                // Read again at the deadline with the pauses as they stood at `now` (a pause
                // recorded in the future cannot exist): exactly the target has elapsed.
                let closed: Vec<_> = c
                    .pauses
                    .iter()
                    .filter(|&&(a, _)| a <= now)
                    .map(|&(a, b)| (a, Some(b.unwrap_or(now))))
                    .collect();
                let at_due = Clock { pauses: closed, ..c.clone() }.read(&cal, 100, due_at);
                if at_due.state != ClockState::Paused {
                    prop_assert_eq!(at_due.elapsed, c.target.max(SignedDuration::ZERO));
                }
            }
        }

        #[test]
        fn the_chosen_policy_matches_and_scores_highest(
            policies in prop::collection::vec(
                (
                    prop::option::of(prop::sample::select(Tier::ALL)),
                    prop::option::of(0u128..3),
                    prop::option::of(prop::sample::select(&CaseType::ALL[..3])),
                    prop::option::of(prop::sample::select(Priority::ALL)),
                ),
                0..12,
            ),
            tier in prop::option::of(prop::sample::select(Tier::ALL)),
            contract in prop::option::of(0u128..3),
            case_type in prop::sample::select(&CaseType::ALL[..3]),
            priority in prop::sample::select(Priority::ALL),
        ) {
            let policies: Vec<SlaPolicy> = policies
                .into_iter()
                .enumerate()
                .map(|(i, (t, c, ty, p))| policy(i as u128, t, c, ty, p))
                .collect();
            let contract = contract.map(Uuid::from_u128);
            let score = |p: &SlaPolicy| p.score(tier, contract, case_type, priority);
            let best = policies.iter().filter_map(score).max();
            match choose_policy(&policies, tier, contract, case_type, priority) {
                None => prop_assert!(best.is_none()),
                Some(chosen) => {
                    prop_assert!(chosen.tier.is_none() || chosen.tier == tier);
                    prop_assert!(chosen.contract_id.is_none() || chosen.contract_id == contract);
                    prop_assert!(chosen.case_type.is_none_or(|t| t == case_type));
                    prop_assert!(chosen.priority.is_none_or(|p| p == priority));
                    prop_assert_eq!(score(chosen), best);
                    let first = policies.iter().position(|p| score(p) == best).unwrap();
                    prop_assert_eq!(chosen.id, policies[first].id);
                }
            }
        }
    }
}
