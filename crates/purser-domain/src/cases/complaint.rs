//! The complaint procedure and the goodwill an agent may grant on their own.
//!
//! Steps are taken in order, each once; goodwill up to the agent's authority limit (from the
//! customer's contract, else the role's) is granted at once, above it a supervisor approves.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ComplaintStep {
    Acknowledge,
    Investigate,
    Propose,
    Agree,
    Act,
    ConfirmSatisfaction,
}
text_enum!(ComplaintStep {
    Acknowledge = "acknowledge",
    Investigate = "investigate",
    Propose = "propose",
    Agree = "agree",
    Act = "act",
    ConfirmSatisfaction = "confirm_satisfaction"
});

impl ComplaintStep {
    /// The step due after `done` (the steps recorded so far, in order), if any.
    pub fn next_after(done: &[ComplaintStep]) -> Option<ComplaintStep> {
        ComplaintStep::ALL.get(done.len()).copied()
    }

    /// Refuses a step out of order, naming the one that is due.
    pub fn check_next(done: &[ComplaintStep], step: ComplaintStep) -> Result<(), String> {
        match ComplaintStep::next_after(done) {
            Some(due) if due == step => Ok(()),
            Some(due) => Err(format!(
                "the next step of this complaint is {due}, not {step}"
            )),
            None => Err("every step of this complaint is already recorded".into()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum GoodwillKind {
    FeeWaiver,
    Credit,
}
text_enum!(GoodwillKind { FeeWaiver = "fee_waiver", Credit = "credit" });

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum GoodwillState {
    Granted,
    AwaitingApproval,
    Approved,
    Rejected,
}
text_enum!(GoodwillState { Granted = "granted", AwaitingApproval = "awaiting_approval", Approved = "approved", Rejected = "rejected" });

/// The limit that applies: the contract's when it sets one, else the role's default.
pub fn authority_limit(contract: Option<Decimal>, role_default: Decimal) -> Decimal {
    contract.unwrap_or(role_default)
}

/// Granted at once when within the limit; otherwise it waits for a supervisor.
pub fn goodwill_state(amount: Decimal, limit: Decimal, by_supervisor: bool) -> GoodwillState {
    if by_supervisor || amount <= limit {
        GoodwillState::Granted
    } else {
        GoodwillState::AwaitingApproval
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    #[test]
    fn steps_go_in_order_once() {
        let mut done = vec![];
        for step in ComplaintStep::ALL {
            if let Some(skip) = ComplaintStep::ALL.get(done.len() + 1) {
                assert!(ComplaintStep::check_next(&done, *skip).is_err());
            }
            ComplaintStep::check_next(&done, *step).unwrap();
            done.push(*step);
        }
        let err = ComplaintStep::check_next(&done, ComplaintStep::Act).unwrap_err();
        assert!(err.contains("already"));
        assert_eq!(ComplaintStep::next_after(&done), None);
    }

    #[test]
    fn the_contract_limit_beats_the_role_default() {
        let limit = authority_limit(Some(Decimal::new(50000, 2)), Decimal::from(200));
        assert_eq!(limit, Decimal::new(500, 0));
        assert_eq!(
            authority_limit(None, Decimal::from(200)),
            Decimal::from(200)
        );
    }

    proptest! {
        #[test]
        fn above_the_limit_waits_unless_a_supervisor_grants(cents in 0i64..10_000_000, limit_cents in 0i64..10_000_000) {
            let amount = Decimal::new(cents, 2);
            let limit = Decimal::new(limit_cents, 2);
            let agent = goodwill_state(amount, limit, false);
            prop_assert_eq!(agent == GoodwillState::Granted, amount <= limit);
            prop_assert_eq!(goodwill_state(amount, limit, true), GoodwillState::Granted);
        }
    }
}
