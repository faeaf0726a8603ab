//! The service desk's vocabulary: a case, its kinds, channels and priorities, its states and
//! the rules that move it, the business calendars its SLA clocks count in, how it is routed,
//! and the reply templates agents answer with.

pub mod calendar;
pub mod complaint;
pub mod due;
pub mod presence;
pub mod refs;
pub mod routing;
pub mod sla;
pub mod state;
pub mod templates;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CaseType {
    Inquiry,
    Request,
    Complaint,
    BlAmendment,
    RateRequest,
    CargoClaim,
    InternalRequest,
}
text_enum!(CaseType {
    Inquiry = "inquiry",
    Request = "request",
    Complaint = "complaint",
    BlAmendment = "bl_amendment",
    RateRequest = "rate_request",
    CargoClaim = "cargo_claim",
    InternalRequest = "internal_request"
});

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CaseChannel {
    Email,
    Phone,
    Portal,
    Chat,
    Api,
    Proactive,
}
text_enum!(CaseChannel { Email = "email", Phone = "phone", Portal = "portal", Chat = "chat", Api = "api", Proactive = "proactive" });

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    Low,
    Normal,
    High,
    Urgent,
}
text_enum!(Priority { Low = "low", Normal = "normal", High = "high", Urgent = "urgent" });

impl Priority {
    /// One step up, as an SLA breach escalates; urgent stays urgent.
    pub fn raised(self) -> Priority {
        match self {
            Priority::Low => Priority::Normal,
            Priority::Normal => Priority::High,
            Priority::High | Priority::Urgent => Priority::Urgent,
        }
    }
}

/// What one entry of a case's conversation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MessageKind {
    /// Sent to (or received from) the customer.
    Public,
    /// Staff only; never shown in the portal or sent.
    Note,
    /// A logged phone call.
    Call,
    /// Written by Purser itself (assignment, SLA, status changes).
    Event,
}
text_enum!(MessageKind { Public = "public", Note = "note", Call = "call", Event = "event" });

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Inbound,
    Outbound,
}
text_enum!(Direction { Inbound = "inbound", Outbound = "outbound" });

/// Whether an agent can take work right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum AgentStatus {
    #[default]
    Available,
    Away,
    OffShift,
}
text_enum!(AgentStatus { Available = "available", Away = "away", OffShift = "off_shift" });

/// How two cases are related.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    /// The other case is this one's child.
    Child,
    Related,
    /// This case was merged into the other one.
    MergedInto,
}
text_enum!(LinkKind { Child = "child", Related = "related", MergedInto = "merged_into" });

/// The human number of a case: `CS-2026-000123`, counted per year.
pub fn case_number(year: i16, seq: i64) -> String {
    format!("CS-{year}-{seq:06}")
}

/// Finds a case number such as `[CS-2026-000123]` in free text (subjects, bodies).
pub fn find_case_number(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(pos) = text[i..].find("CS-") {
        let at = i + pos;
        let rest = &bytes[at + 3..];
        let year_ok = rest.len() >= 4 && rest[..4].iter().all(u8::is_ascii_digit);
        if year_ok && rest.get(4) == Some(&b'-') {
            let digits = rest[5..].iter().take_while(|b| b.is_ascii_digit()).count();
            let before_ok = at == 0 || !bytes[at - 1].is_ascii_alphanumeric();
            if digits >= 6 && before_ok {
                return Some(text[at..at + 8 + digits].to_string());
            }
        }
        i = at + 3;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_padded_and_found_again() {
        assert_eq!(case_number(2026, 123), "CS-2026-000123");
        assert_eq!(
            find_case_number("Re: [CS-2026-000123] ETA please").as_deref(),
            Some("CS-2026-000123")
        );
        assert_eq!(find_case_number("XCS-2026-000123"), None);
        assert_eq!(find_case_number("CS-2026-12"), None);
        assert_eq!(
            find_case_number("CS-CS-2026-1234567 x").as_deref(),
            Some("CS-2026-1234567")
        );
    }

    #[test]
    fn priority_rises_to_urgent_and_stays() {
        assert_eq!(Priority::Low.raised(), Priority::Normal);
        assert_eq!(Priority::Urgent.raised(), Priority::Urgent);
    }
}
