//! SLA achievement: the share of decided SLA clocks that were met, per target.
//!
//! The clocks themselves — business hours, pauses while waiting on the customer — are
//! read by [`crate::cases::sla::Clock::read`]; this only counts their states, so the
//! report and the case page can never disagree about a clock.

use super::drill::{Outcome, Ratio};
use crate::cases::sla::{ClockState, Target};
use uuid::Uuid;

/// One clock of one case as last read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlaOutcome {
    pub case_id: Uuid,
    pub target: Target,
    pub state: ClockState,
}

/// Met over decided clocks for each target. A clock is decided once it is met or missed,
/// or breached while still running (it can no longer be met); a running, warning or
/// paused clock is pending.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SlaAchievement {
    pub first_response: Ratio,
    pub next_response: Ratio,
    pub resolution: Ratio,
}

impl SlaAchievement {
    pub fn of(&self, target: Target) -> &Ratio {
        match target {
            Target::FirstResponse => &self.first_response,
            Target::NextResponse => &self.next_response,
            Target::Resolution => &self.resolution,
        }
    }

    /// Every target's clocks pooled: the efficiency component of the scorecard.
    pub fn overall(&self) -> Ratio {
        let mut all = self.first_response.clone();
        all.pool(&self.next_response);
        all.pool(&self.resolution);
        all
    }
}

pub fn sla_achievement(clocks: &[SlaOutcome]) -> SlaAchievement {
    let mut out = SlaAchievement::default();
    for clock in clocks {
        let outcome = match clock.state {
            ClockState::Met => Outcome::Hit,
            ClockState::Missed | ClockState::Breached => Outcome::Miss,
            ClockState::Running | ClockState::Warning | ClockState::Paused => Outcome::Pending,
        };
        let ratio = match clock.target {
            Target::FirstResponse => &mut out.first_response,
            Target::NextResponse => &mut out.next_response,
            Target::Resolution => &mut out.resolution,
        };
        ratio.record(clock.case_id, outcome);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::testkit::id;
    use super::*;

    fn clock(n: u128, target: Target, state: ClockState) -> SlaOutcome {
        SlaOutcome {
            case_id: id(n),
            target,
            state,
        }
    }

    #[test]
    fn each_target_counts_its_own_decided_clocks() {
        use ClockState::*;
        use Target::*;
        let a = sla_achievement(&[
            clock(1, FirstResponse, Met),
            clock(2, FirstResponse, Missed),
            clock(3, FirstResponse, Breached),
            clock(4, FirstResponse, Met),
            clock(1, Resolution, Running),
            clock(2, Resolution, Met),
            clock(3, NextResponse, Paused),
        ]);
        assert_eq!(a.of(FirstResponse).percent(), Some(50.0));
        assert_eq!(a.of(FirstResponse).numerator(), &[id(1), id(4)]);
        assert_eq!(a.of(Resolution).denominator(), vec![id(2)]);
        assert_eq!(a.of(Resolution).pending(), &[id(1)]);
        assert_eq!(a.of(NextResponse).percent(), None);
        let all = a.overall();
        assert_eq!((all.numerator().len(), all.n()), (3, 5));
    }
}
