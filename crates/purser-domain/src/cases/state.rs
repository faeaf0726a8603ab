//! The case state machine: which status may follow which, and what a reply does to it.
//!
//! A case is owned until it is closed. Staff move it explicitly; a customer's reply moves it
//! implicitly (it reopens a resolved case). Anything else is refused, and the edge answers
//! 409 with the two states named.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    #[default]
    New,
    Open,
    WaitingOnCustomer,
    WaitingOnInternal,
    OnHold,
    Resolved,
    Closed,
}
text_enum!(CaseStatus {
    New = "new",
    Open = "open",
    WaitingOnCustomer = "waiting_on_customer",
    WaitingOnInternal = "waiting_on_internal",
    OnHold = "on_hold",
    Resolved = "resolved",
    Closed = "closed"
});

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a case cannot go from {from} to {to}")]
pub struct IllegalTransition {
    pub from: CaseStatus,
    pub to: CaseStatus,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReplyRefused {
    #[error("the case is closed: reopen it before replying")]
    Closed,
}

/// What a customer's message does to a case in a given state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CustomerReply {
    /// It lands on the case, which becomes (or stays) this status.
    Lands(CaseStatus),
    /// A closed case stays closed: the message starts a new case linked to it.
    StartsNewCase,
}

impl CaseStatus {
    /// Still needs work (counts toward load, appears in inboxes).
    pub fn is_active(self) -> bool {
        !matches!(self, CaseStatus::Resolved | CaseStatus::Closed)
    }

    /// The SLA clock stops while the customer owes us an answer.
    pub fn pauses_clock(self) -> bool {
        matches!(self, CaseStatus::WaitingOnCustomer)
    }

    /// The explicit moves staff may make.
    pub fn can_move_to(self, to: CaseStatus) -> bool {
        use CaseStatus::*;
        if self == to {
            return false;
        }
        match self {
            New | Open | WaitingOnCustomer | WaitingOnInternal | OnHold => {
                matches!(
                    to,
                    Open | WaitingOnCustomer | WaitingOnInternal | OnHold | Resolved
                )
            }
            Resolved => matches!(to, Open | Closed),
            Closed => to == Open,
        }
    }

    pub fn move_to(self, to: CaseStatus) -> Result<CaseStatus, IllegalTransition> {
        if self.can_move_to(to) {
            Ok(to)
        } else {
            Err(IllegalTransition { from: self, to })
        }
    }

    /// A customer wrote: a resolved case or one waiting on them opens again.
    pub fn on_customer_reply(self) -> CustomerReply {
        use CaseStatus::*;
        match self {
            New => CustomerReply::Lands(New),
            Open | WaitingOnInternal | OnHold => CustomerReply::Lands(self),
            WaitingOnCustomer | Resolved => CustomerReply::Lands(Open),
            Closed => CustomerReply::StartsNewCase,
        }
    }

    /// Staff answered in public: a new case is now open; a closed one must be reopened first.
    pub fn on_staff_reply(self) -> Result<CaseStatus, ReplyRefused> {
        match self {
            CaseStatus::Closed => Err(ReplyRefused::Closed),
            CaseStatus::New => Ok(CaseStatus::Open),
            other => Ok(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn status() -> impl Strategy<Value = CaseStatus> {
        proptest::sample::select(CaseStatus::ALL)
    }

    #[test]
    fn a_customer_reply_reopens_a_resolved_case() {
        assert_eq!(
            CaseStatus::Resolved.on_customer_reply(),
            CustomerReply::Lands(CaseStatus::Open)
        );
        assert_eq!(
            CaseStatus::Closed.on_customer_reply(),
            CustomerReply::StartsNewCase
        );
    }

    #[test]
    fn staff_cannot_reply_to_a_closed_case_nor_close_an_unresolved_one() {
        assert_eq!(
            CaseStatus::Closed.on_staff_reply(),
            Err(ReplyRefused::Closed)
        );
        assert_eq!(CaseStatus::New.on_staff_reply(), Ok(CaseStatus::Open));
        assert!(CaseStatus::Open.move_to(CaseStatus::Closed).is_err());
        assert!(CaseStatus::Resolved.move_to(CaseStatus::Closed).is_ok());
        assert!(CaseStatus::Closed.move_to(CaseStatus::Open).is_ok());
        assert!(CaseStatus::Open.move_to(CaseStatus::New).is_err());
    }

    proptest! {
        /// Whatever sequence of moves is tried, only legal ones apply, nothing returns to
        /// New, and closed is only reached through resolved.
        #[test]
        fn any_walk_respects_the_machine(moves in proptest::collection::vec(status(), 0..40)) {
            let mut state = CaseStatus::New;
            for to in moves {
                let before = state;
                match state.move_to(to) {
                    Ok(next) => {
                        prop_assert!(before != next);
                        prop_assert!(next != CaseStatus::New);
                        if next == CaseStatus::Closed {
                            prop_assert_eq!(before, CaseStatus::Resolved);
                        }
                        state = next;
                    }
                    Err(e) => {
                        prop_assert_eq!(e.from, before);
                        prop_assert_eq!(state, before);
                    }
                }
            }
        }

        /// Every active state can be resolved, and every state can reach open again.
        #[test]
        fn no_dead_ends(s in status()) {
            if s.is_active() {
                prop_assert!(s.can_move_to(CaseStatus::Resolved));
            }
            prop_assert!(s == CaseStatus::Open || s.can_move_to(CaseStatus::Open));
        }

        /// A customer's reply never leaves a case resolved or waiting on the customer.
        #[test]
        fn customer_replies_reactivate(s in status()) {
            if let CustomerReply::Lands(next) = s.on_customer_reply() {
                prop_assert!(next.is_active());
                prop_assert!(!next.pauses_clock());
            }
        }
    }
}
