//! The customer book's vocabulary and rules: tiers, languages, channels, activity kinds,
//! contract terms, and the hand-over checklist that moves a prospect to customer service.

use crate::validation::Problems;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    Platinum,
    Gold,
    Silver,
    Bronze,
}
text_enum!(Tier { Platinum = "platinum", Gold = "gold", Silver = "silver", Bronze = "bronze" });

/// The languages the desk answers in; templates exist in each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema, Default)]
pub enum Language {
    #[default]
    #[serde(rename = "en")]
    En,
    #[serde(rename = "zh-TW")]
    ZhTw,
}
text_enum!(Language { En = "en", ZhTw = "zh-TW" });

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    #[default]
    Email,
    Phone,
    Portal,
    Chat,
    Webhook,
}
text_enum!(Channel { Email = "email", Phone = "phone", Portal = "portal", Chat = "chat", Webhook = "webhook" });

/// A company is a prospect until sales hands it over, then a customer; archived is deletion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum CustomerStatus {
    Prospect,
    #[default]
    Active,
    Archived,
}
text_enum!(CustomerStatus { Prospect = "prospect", Active = "active", Archived = "archived" });

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    Call,
    Meeting,
    Visit,
    Survey,
    Gift,
    Event,
}
text_enum!(ActivityKind { Call = "call", Meeting = "meeting", Visit = "visit", Survey = "survey", Gift = "gift", Event = "event" });

/// What must be done before customer service owns a new account.
pub const HANDOVER_CHECKLIST: &[&str] = &[
    "contract_signed",
    "credit_approved",
    "contacts_verified",
    "service_requirements_recorded",
    "introduction_call_held",
];

/// A hand-over can be completed once every checklist item is ticked.
pub fn handover_missing(done: &[String]) -> Vec<&'static str> {
    HANDOVER_CHECKLIST
        .iter()
        .copied()
        .filter(|item| !done.iter().any(|d| d == item))
        .collect()
}

/// Whether the name is a known IANA time zone (customers' offices; SLA calendars later).
pub fn check_time_zone(problems: &mut Problems, field: &str, tz: &str) {
    if jiff::tz::TimeZone::get(tz).is_err() {
        problems.add(field, "is not a known IANA time zone, e.g. Asia/Taipei");
    }
}

/// A contract's validity must not end before it starts.
pub fn check_validity(problems: &mut Problems, from: &str, to: &str) {
    match (
        from.parse::<jiff::civil::Date>(),
        to.parse::<jiff::civil::Date>(),
    ) {
        (Ok(f), Ok(t)) if t < f => problems.add("valid_to", "is before valid_from"),
        (Ok(_), Ok(_)) => {}
        (f, t) => {
            if f.is_err() {
                problems.add("valid_from", "must be a date YYYY-MM-DD");
            }
            if t.is_err() {
                problems.add("valid_to", "must be a date YYYY-MM-DD");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handover_lists_what_is_missing_in_checklist_order() {
        assert_eq!(handover_missing(&[]).len(), HANDOVER_CHECKLIST.len());
        let done: Vec<String> = HANDOVER_CHECKLIST[1..]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(handover_missing(&done), vec!["contract_signed"]);
        let all: Vec<String> = HANDOVER_CHECKLIST.iter().map(|s| s.to_string()).collect();
        assert!(handover_missing(&all).is_empty());
    }

    #[test]
    fn time_zones_and_validity() {
        let mut p = Problems::new();
        check_time_zone(&mut p, "time_zone", "Asia/Taipei");
        check_time_zone(&mut p, "time_zone", "Europe/Rotterdam");
        check_validity(&mut p, "2026-01-01", "2026-12-31");
        check_validity(&mut p, "2026-12-31", "2026-01-01");
        check_validity(&mut p, "2026-13-01", "x");
        let fields: Vec<_> = p.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["time_zone", "valid_to", "valid_from", "valid_to"]);
    }
}
