//! What a user submits for the customer book, and its rules. Create and update take the
//! same input (an update is the stored input with a JSON merge patch applied), so one
//! `validate` guards both, and the web form, the API and CSV import share it.

use crate::customers::{
    ActivityKind, Channel, CustomerStatus, Language, Tier, check_time_zone, check_validity,
};
use crate::ids::{EmailAddress, PhoneNumber, UnLocode};
use crate::validation::Problems;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Address {
    /// registered, billing, office, warehouse…
    #[serde(default = "default_address_kind")]
    pub kind: String,
    /// Printed lines, at most 35 characters each (as on a B/L).
    pub lines: Vec<String>,
    #[serde(default)]
    pub city: String,
    #[serde(default)]
    pub postal_code: Option<String>,
    /// ISO 3166-1 alpha-2 country code.
    pub country: String,
}

fn default_address_kind() -> String {
    "office".into()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomerInput {
    pub legal_name: String,
    /// The name in its own script, e.g. 長榮海運股份有限公司.
    #[serde(default)]
    pub local_name: Option<String>,
    #[serde(default)]
    pub addresses: Vec<Address>,
    #[serde(default)]
    pub registration_id: Option<String>,
    #[serde(default)]
    pub tax_id: Option<String>,
    /// UN/LOCODE of the main office, e.g. TWKHH.
    #[serde(default)]
    #[schema(pattern = "^[A-Za-z]{2} ?[A-Za-z2-9]{3}$")]
    pub main_office: Option<String>,
    #[serde(default = "default_tier")]
    pub tier: Tier,
    #[serde(default)]
    pub key_account: bool,
    #[serde(default)]
    pub account_owner_id: Option<Uuid>,
    #[serde(default)]
    pub sales_owner_id: Option<Uuid>,
    #[serde(default)]
    pub language: Language,
    #[serde(default)]
    pub preferred_channel: Channel,
    #[serde(default = "default_time_zone")]
    pub time_zone: String,
    #[serde(default)]
    pub service_requirements: String,
    /// `prospect` while sales still owns it; `active` once customer service does.
    #[serde(default)]
    pub status: CustomerStatus,
}

fn default_tier() -> Tier {
    Tier::Bronze
}
fn default_time_zone() -> String {
    "Asia/Taipei".into()
}

impl CustomerInput {
    pub fn validate(&self) -> Result<(), Problems> {
        let mut p = Problems::new();
        p.text("legal_name", &self.legal_name, true, 200);
        if let Some(n) = &self.local_name {
            p.text("local_name", n, false, 200);
        }
        for (i, a) in self.addresses.iter().enumerate() {
            if a.lines.is_empty() {
                p.add(format!("addresses/{i}/lines"), "needs at least one line");
            }
            for (j, l) in a.lines.iter().enumerate() {
                p.text(&format!("addresses/{i}/lines/{j}"), l, true, 35);
            }
            p.text(&format!("addresses/{i}/city"), &a.city, false, 100);
            if a.country.len() != 2 || !a.country.bytes().all(|b| b.is_ascii_uppercase()) {
                p.add(
                    format!("addresses/{i}/country"),
                    "must be an ISO 3166-1 alpha-2 code, e.g. TW",
                );
            }
        }
        for (field, v) in [
            ("registration_id", &self.registration_id),
            ("tax_id", &self.tax_id),
        ] {
            if let Some(v) = v {
                p.text(field, v, false, 50);
            }
        }
        if let Some(loc) = &self.main_office {
            p.check("main_office", UnLocode::parse(loc));
        }
        check_time_zone(&mut p, "time_zone", &self.time_zone);
        p.text(
            "service_requirements",
            &self.service_requirements,
            false,
            4000,
        );
        if self.status == CustomerStatus::Archived {
            p.add("status", "archive a customer with DELETE");
        }
        p.into_result()
    }

    /// Upper-cases the LOCODE as stored; the rest is kept as typed (trimmed).
    pub fn normalised(mut self) -> Self {
        self.legal_name = self.legal_name.trim().to_string();
        self.local_name = self
            .local_name
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty());
        self.main_office = self
            .main_office
            .and_then(|s| UnLocode::parse(&s).ok())
            .map(String::from);
        self.registration_id = self
            .registration_id
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty());
        self.tax_id = self
            .tax_id
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty());
        self
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NotificationPrefs {
    /// Vessel delays, roll-overs and route changes.
    #[serde(default = "yes")]
    pub delays: bool,
    /// B/L drafts, approvals and document holds.
    #[serde(default = "yes")]
    pub documents: bool,
    #[serde(default = "yes")]
    pub invoices: bool,
    #[serde(default)]
    pub marketing: bool,
}

fn yes() -> bool {
    true
}

impl Default for NotificationPrefs {
    fn default() -> Self {
        Self {
            delays: true,
            documents: true,
            invoices: true,
            marketing: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactInput {
    pub name: String,
    /// Job role, e.g. "Logistics manager".
    #[serde(default)]
    pub role_title: String,
    #[serde(default)]
    pub emails: Vec<String>,
    #[serde(default)]
    pub phones: Vec<String>,
    #[serde(default)]
    pub language: Language,
    #[serde(default)]
    pub preferred_channel: Channel,
    #[serde(default)]
    pub notifications: NotificationPrefs,
    #[serde(default)]
    pub portal_access: bool,
}

impl ContactInput {
    pub fn validate(&self) -> Result<(), Problems> {
        let mut p = Problems::new();
        p.text("name", &self.name, true, 200);
        p.text("role_title", &self.role_title, false, 100);
        for (i, e) in self.emails.iter().enumerate() {
            p.check(&format!("emails/{i}"), EmailAddress::parse(e));
        }
        for (i, ph) in self.phones.iter().enumerate() {
            p.check(&format!("phones/{i}"), PhoneNumber::parse(ph));
        }
        if self.preferred_channel == Channel::Email && self.emails.is_empty() {
            p.add("emails", "is required when the preferred channel is email");
        }
        if self.portal_access && self.emails.is_empty() {
            p.add("emails", "is required for portal access");
        }
        p.into_result()
    }

    pub fn normalised(mut self) -> Self {
        self.name = self.name.trim().to_string();
        self.emails = self
            .emails
            .iter()
            .filter_map(|e| EmailAddress::parse(e).ok())
            .map(String::from)
            .collect();
        self
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Lane {
    /// UN/LOCODE of the port of loading (or origin).
    pub from: String,
    /// UN/LOCODE of the port of discharge (or destination).
    pub to: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct ServiceLevels {
    /// Business hours to the first answer.
    #[serde(default)]
    pub first_response_hours: Option<u32>,
    #[serde(default)]
    pub next_response_hours: Option<u32>,
    #[serde(default)]
    pub resolution_hours: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct FreeTime {
    #[serde(default)]
    pub demurrage_days: u32,
    #[serde(default)]
    pub detention_days: u32,
}

/// What an agent may grant on this contract without a supervisor (fee waivers, credits).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AuthorityLimits {
    /// ISO 4217 currency code.
    #[schema(pattern = "^[A-Z]{3}$")]
    pub currency: String,
    /// Decimal string, e.g. "500.00".
    #[schema(value_type = String)]
    pub agent_waiver_limit: Decimal,
}

impl Default for AuthorityLimits {
    fn default() -> Self {
        Self {
            currency: "USD".into(),
            agent_waiver_limit: Decimal::ZERO,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContractInput {
    pub reference: String,
    /// First day the contract applies (YYYY-MM-DD).
    pub valid_from: String,
    /// Last day the contract applies (YYYY-MM-DD).
    pub valid_to: String,
    #[serde(default)]
    pub lanes: Vec<Lane>,
    #[serde(default)]
    pub service_levels: ServiceLevels,
    #[serde(default)]
    pub free_time: FreeTime,
    #[serde(default)]
    pub authority_limits: AuthorityLimits,
    #[serde(default)]
    pub notes: String,
}

impl ContractInput {
    pub fn validate(&self) -> Result<(), Problems> {
        let mut p = Problems::new();
        p.text("reference", &self.reference, true, 50);
        check_validity(&mut p, &self.valid_from, &self.valid_to);
        for (i, lane) in self.lanes.iter().enumerate() {
            p.check(&format!("lanes/{i}/from"), UnLocode::parse(&lane.from));
            p.check(&format!("lanes/{i}/to"), UnLocode::parse(&lane.to));
        }
        let c = &self.authority_limits.currency;
        if c.len() != 3 || !c.bytes().all(|b| b.is_ascii_uppercase()) {
            p.add(
                "authority_limits/currency",
                "must be an ISO 4217 code, e.g. USD",
            );
        }
        if self.authority_limits.agent_waiver_limit.is_sign_negative() {
            p.add(
                "authority_limits/agent_waiver_limit",
                "must not be negative",
            );
        }
        p.text("notes", &self.notes, false, 4000);
        p.into_result()
    }

    pub fn normalised(mut self) -> Self {
        self.reference = self.reference.trim().to_string();
        for lane in &mut self.lanes {
            lane.from = UnLocode::parse(&lane.from)
                .map(String::from)
                .unwrap_or_default();
            lane.to = UnLocode::parse(&lane.to)
                .map(String::from)
                .unwrap_or_default();
        }
        self
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActivityInput {
    pub kind: ActivityKind,
    /// When it happened (RFC 3339); defaults to now.
    #[serde(default)]
    pub occurred_at: Option<String>,
    pub subject: String,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub contact_id: Option<Uuid>,
}

impl ActivityInput {
    pub fn validate(&self) -> Result<(), Problems> {
        let mut p = Problems::new();
        p.text("subject", &self.subject, true, 200);
        p.text("notes", &self.notes, false, 8000);
        if let Some(at) = &self.occurred_at {
            p.check("occurred_at", at.parse::<jiff::Timestamp>());
        }
        p.into_result()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn customer() -> CustomerInput {
        serde_json::from_str(r#"{"legal_name":"Evergreen Marine Corp.","local_name":"長榮海運股份有限公司","main_office":"tw khh"}"#)
            .unwrap()
    }

    fn fields(r: Result<(), Problems>) -> Vec<String> {
        r.err()
            .map(|p| p.0.into_iter().map(|e| e.field).collect())
            .unwrap_or_default()
    }

    #[test]
    fn a_minimal_customer_takes_defaults_and_validates() {
        let c = customer();
        assert_eq!(c.tier, Tier::Bronze);
        assert_eq!(c.time_zone, "Asia/Taipei");
        assert!(c.validate().is_ok());
        assert_eq!(c.normalised().main_office.as_deref(), Some("TWKHH"));
    }

    #[test]
    fn every_bad_customer_field_is_named() {
        let mut c = customer();
        c.legal_name = " ".into();
        c.main_office = Some("TW1HH".into());
        c.time_zone = "Mars/Olympus".into();
        c.addresses = vec![Address {
            kind: "office".into(),
            lines: vec!["x".repeat(36)],
            city: "".into(),
            postal_code: None,
            country: "Taiwan".into(),
        }];
        assert_eq!(
            fields(c.validate()),
            [
                "legal_name",
                "addresses/0/lines/0",
                "addresses/0/country",
                "main_office",
                "time_zone"
            ]
        );
    }

    #[test]
    fn unknown_fields_are_refused() {
        let r: Result<CustomerInput, _> =
            serde_json::from_str(r#"{"legal_name":"A","colour":"red"}"#);
        assert!(
            r.unwrap_err()
                .to_string()
                .contains("unknown field `colour`")
        );
    }

    #[test]
    fn contacts_need_a_valid_address_for_email_and_portal() {
        let c: ContactInput =
            serde_json::from_str(r#"{"name":"林美玲","emails":["bad"],"phones":["12"]}"#).unwrap();
        assert_eq!(fields(c.validate()), ["emails/0", "phones/0"]);
        let c: ContactInput =
            serde_json::from_str(r#"{"name":"Amy","portal_access":true}"#).unwrap();
        assert_eq!(fields(c.validate()), ["emails", "emails"]);
    }

    #[test]
    fn contracts_check_lanes_dates_and_limits() {
        let c: ContractInput = serde_json::from_str(
            r#"{"reference":"SC-1","valid_from":"2026-12-01","valid_to":"2026-01-01","lanes":[{"from":"TWKHH","to":"NL RTM"},{"from":"XX","to":"DEHAM"}],
                "authority_limits":{"currency":"usd","agent_waiver_limit":"-1"}}"#,
        )
        .unwrap();
        assert_eq!(
            fields(c.validate()),
            [
                "valid_to",
                "lanes/1/from",
                "authority_limits/currency",
                "authority_limits/agent_waiver_limit"
            ]
        );
        assert_eq!(c.normalised().lanes[0].to, "NLRTM");
    }
}
