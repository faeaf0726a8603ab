//! The metric dictionary: every service-quality number Purser shows, defined once.
//!
//! Each metric is a pure function of plain records — a case's [`Timeline`], SLA clock
//! outcomes, follow-up promises, department tasks, hand-overs, survey answers — so the
//! dashboards, the reports, the review packs and the scorecard all compute the same figure
//! the same way. Every result carries the entries it counts ([`Ratio`], [`Durations`]), so
//! any number opens onto its exact list of cases and the count always equals the list.
//! Durations come on two clocks, calendar and business time, the latter counted by the
//! desk's [`BusinessCalendar`](crate::cases::calendar::BusinessCalendar).
//!
//! ```
//! use purser_domain::cases::calendar::BusinessCalendar;
//! use purser_domain::metrics::{Basis, Event, EventKind, Timeline, first_reply};
//! use uuid::Uuid;
//!
//! let hour = 3_600_000_000;
//! let case = Timeline::new(Uuid::nil(), &[
//!     Event { at: 0, kind: EventKind::Created },
//!     Event { at: hour, kind: EventKind::AutoReply },
//!     Event { at: 2 * hour, kind: EventKind::StaffReply },
//! ]).unwrap();
//! let replies = first_reply(&[case], &BusinessCalendar::always_open());
//! assert_eq!(replies.median(Basis::Calendar).unwrap().calendar.as_hours(), 2);
//! ```

mod drill;
mod durations;
mod error;
mod handovers;
mod promises;
mod replies;
mod resolution;
mod scorecard;
mod sla;
mod surveys;
mod tasks;
mod timeline;

#[cfg(test)]
mod properties;
#[cfg(test)]
mod testkit;

pub use drill::{Outcome, Ratio};
pub use durations::{Basis, Durations, Sample};
pub use error::InputError;
pub use handovers::{Handover, handover_notes_complete};
pub use promises::{Promise, promises_kept};
pub use replies::{first_reply, next_reply};
pub use resolution::{first_resolution, full_resolution, one_touch, reopen_rate};
pub use scorecard::{
    Component, ComponentCard, ComponentScore, MIN_N, Scorecard, ScorecardInput, Targets, Weights,
    scorecard,
};
pub use sla::{SlaAchievement, SlaOutcome, sla_achievement};
pub use surveys::{Csat, CsatScore, Nps, NpsScore, Survey, csat, nps};
pub use tasks::{DepartmentTask, task_turnaround};
pub use timeline::{Event, EventKind, Timeline};
