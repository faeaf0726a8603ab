//! A case's history as the metrics read it: when it was created, who wrote in public,
//! and when it was resolved, reopened and closed.
//!
//! The app maps its stored messages and status changes onto these kinds: an outbound public
//! message written by a person is a [`EventKind::StaffReply`]; the automatic
//! acknowledgement Purser sends is an [`EventKind::AutoReply`], and it answers nobody;
//! a customer's reopening message is a [`EventKind::CustomerMessage`] followed by the
//! [`EventKind::Reopened`] it caused. A [`Timeline`] is only made by [`Timeline::new`],
//! which refuses a history the case rules could not have written (a reply before the case
//! existed, a reopen of an open case), so every metric can trust its order.

use super::durations::instant;
use super::error::InputError;
use jiff::Timestamp;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventKind {
    Created,
    /// A public message from a person on staff: the only thing that counts as a reply.
    StaffReply,
    /// Purser's automatic acknowledgement: public, but no one answered.
    AutoReply,
    CustomerMessage,
    /// Staff only; the customer never sees it, so it answers nothing.
    InternalNote,
    Resolved,
    Reopened,
    Closed,
}
text_enum!(EventKind {
    Created = "created",
    StaffReply = "staff_reply",
    AutoReply = "auto_reply",
    CustomerMessage = "customer_message",
    InternalNote = "internal_note",
    Resolved = "resolved",
    Reopened = "reopened",
    Closed = "closed"
});

/// One event as the store records it: microseconds since the Unix epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Event {
    pub at: i64,
    pub kind: EventKind,
}

/// Where a case stands in the resolve/reopen cycle while its history is replayed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stage {
    Active,
    Resolved,
    Closed,
}

/// A checked history of one case: created first, then its other events in time order
/// (events at the same microsecond keep the order they were given in).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    case_id: Uuid,
    created: Timestamp,
    events: Vec<(Timestamp, EventKind)>,
}

impl Timeline {
    /// Orders the events and checks them: exactly one `Created`, nothing before it, a
    /// resolve only of an active case, a close only of a resolved one, a reopen only of a
    /// resolved or closed one.
    pub fn new(case_id: Uuid, events: &[Event]) -> Result<Timeline, InputError> {
        let mut created = None;
        let mut rest = Vec::with_capacity(events.len());
        for e in events {
            let at = instant(e.at)?;
            if e.kind == EventKind::Created {
                if created.replace(at).is_some() {
                    return Err(InputError::CreatedTwice);
                }
            } else {
                rest.push((at, e.kind));
            }
        }
        let created = created.ok_or(InputError::NotCreated)?;
        rest.sort_by_key(|&(at, _)| at);
        let mut stage = Stage::Active;
        for &(at, kind) in &rest {
            let at_us = at.as_microsecond();
            if at < created {
                return Err(InputError::BeforeCreation { kind, at: at_us });
            }
            stage = match (stage, kind) {
                (Stage::Active, EventKind::Resolved) => Stage::Resolved,
                (Stage::Resolved, EventKind::Closed) => Stage::Closed,
                (Stage::Resolved | Stage::Closed, EventKind::Reopened) => Stage::Active,
                (_, EventKind::Resolved | EventKind::Closed | EventKind::Reopened) => {
                    return Err(InputError::OutOfOrder { kind, at: at_us });
                }
                (stage, _) => stage,
            };
        }
        Ok(Timeline {
            case_id,
            created,
            events: rest,
        })
    }

    pub fn case_id(&self) -> Uuid {
        self.case_id
    }

    pub fn created(&self) -> Timestamp {
        self.created
    }

    /// Every event but the creation, in time order.
    pub fn events(&self) -> &[(Timestamp, EventKind)] {
        &self.events
    }

    /// When the first event of `kind` happened.
    pub fn first(&self, kind: EventKind) -> Option<Timestamp> {
        self.events.iter().find(|e| e.1 == kind).map(|e| e.0)
    }

    /// When the last event of `kind` happened.
    pub fn last(&self, kind: EventKind) -> Option<Timestamp> {
        self.events.iter().rev().find(|e| e.1 == kind).map(|e| e.0)
    }

    pub fn count(&self, kind: EventKind) -> usize {
        self.events.iter().filter(|e| e.1 == kind).count()
    }

    /// Where the case stands after its last event.
    pub(crate) fn stage(&self) -> Stage {
        let last = self.events.iter().rev().find(|e| {
            matches!(
                e.1,
                EventKind::Resolved | EventKind::Closed | EventKind::Reopened
            )
        });
        match last.map(|e| e.1) {
            Some(EventKind::Resolved) => Stage::Resolved,
            Some(EventKind::Closed) => Stage::Closed,
            _ => Stage::Active,
        }
    }

    /// Resolved or closed now, with no reopen after its last resolution.
    pub fn is_settled(&self) -> bool {
        self.stage() != Stage::Active
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use EventKind::*;

    fn at(at: i64, kind: EventKind) -> Event {
        Event { at, kind }
    }

    #[test]
    fn a_reply_before_the_case_existed_is_refused() {
        let err = Timeline::new(Uuid::nil(), &[at(10, Created), at(9, StaffReply)]);
        assert_eq!(
            err,
            Err(InputError::BeforeCreation {
                kind: StaffReply,
                at: 9
            })
        );
    }

    #[test]
    fn an_instant_outside_the_calendar_range_is_refused() {
        assert_eq!(
            Timeline::new(Uuid::nil(), &[at(i64::MAX, Created)]),
            Err(InputError::OutOfRange { at: i64::MAX })
        );
    }

    #[test]
    fn a_history_without_exactly_one_creation_is_refused() {
        assert_eq!(
            Timeline::new(Uuid::nil(), &[at(1, StaffReply)]),
            Err(InputError::NotCreated)
        );
        assert_eq!(
            Timeline::new(Uuid::nil(), &[at(1, Created), at(2, Created)]),
            Err(InputError::CreatedTwice)
        );
    }

    #[test]
    fn reopening_an_open_case_or_closing_an_unresolved_one_is_refused() {
        assert_eq!(
            Timeline::new(Uuid::nil(), &[at(1, Created), at(2, Reopened)]),
            Err(InputError::OutOfOrder {
                kind: Reopened,
                at: 2
            })
        );
        assert_eq!(
            Timeline::new(Uuid::nil(), &[at(1, Created), at(2, Closed)]),
            Err(InputError::OutOfOrder {
                kind: Closed,
                at: 2
            })
        );
    }

    #[test]
    fn events_are_read_in_time_order_whatever_order_they_came_in() {
        let t = Timeline::new(
            Uuid::nil(),
            &[
                at(5, Reopened),
                at(3, Resolved),
                at(1, Created),
                at(7, Resolved),
            ],
        )
        .unwrap();
        assert_eq!(t.count(Resolved), 2);
        assert_eq!(t.last(Resolved).unwrap().as_microsecond(), 7);
        assert!(t.is_settled());
    }

    #[test]
    fn a_reopened_case_is_not_settled() {
        let t = Timeline::new(
            Uuid::nil(),
            &[
                at(1, Created),
                at(2, Resolved),
                at(3, Closed),
                at(4, Reopened),
            ],
        )
        .unwrap();
        assert!(!t.is_settled());
    }
}
