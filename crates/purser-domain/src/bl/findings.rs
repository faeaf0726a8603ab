//! What validation says about a document: each finding names the field by its JSON pointer
//! into the DCSA message (`/consignmentItems/0/cargoItems/1/equipmentReference`), the rule
//! by a stable code, and the rule's figures as parameters, so a page words it in English or
//! Traditional Chinese ([`super::wording`]) and the API returns it as it is.

use serde::Serialize;
use std::collections::BTreeMap;

/// An error refuses the document; a warning is doubtful but legal and only asks a person
/// to look.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
}

macro_rules! rules {
    ($($(#[$doc:meta])* $variant:ident = $code:literal),+ $(,)?) => {
        /// Every rule Purser applies to a transport document, with its stable code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $($(#[$doc])* $variant),+
        }

        impl Rule {
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),+];

            /// The code pages and API clients key on; never reworded once published.
            pub fn code(self) -> &'static str {
                match self { $(Rule::$variant => $code),+ }
            }
        }
    };
}

rules! {
    // The EBL_v3.0.3 schema's own constraints.
    Required = "schema.required",
    MaxLength = "schema.max_length",
    Pattern = "schema.pattern",
    MinItems = "schema.min_items",
    MaxItems = "schema.max_items",
    Minimum = "schema.minimum",
    /// Greater than the bound (weights and volumes are more than zero).
    ExclusiveMinimum = "schema.exclusive_minimum",
    Maximum = "schema.maximum",
    /// One of several fields must be given (an e-mail or a phone; a UN or NA number).
    AnyOf = "schema.any_of",
    /// `declaredValue` and `declaredValueCurrency` come together or not at all.
    DeclaredValueCurrency = "schema.declared_value_currency",

    // DCSA conformance rules.
    /// A sea waybill is never "to order".
    ToOrderSeaWaybill = "dcsa.to_order_sea_waybill",
    /// A to-order B/L names no consignee.
    ToOrderConsignee = "dcsa.to_order_consignee",
    /// A to-order B/L should name a notify party (who the carrier tells on arrival).
    ToOrderNotifyParty = "dcsa.to_order_notify_party",
    /// A straight B/L or a sea waybill names its consignee.
    StraightConsignee = "dcsa.straight_consignee",
    /// Only a to-order B/L has an endorsee.
    EndorseeNotToOrder = "dcsa.endorsee_not_to_order",
    ElectronicOriginals = "dcsa.electronic_originals",
    ElectronicCopies = "dcsa.electronic_copies",
    SeaWaybillOriginals = "dcsa.sea_waybill_originals",
    /// A cargo item names a container the document does not list.
    UnknownEquipment = "dcsa.unknown_equipment",
    /// The same container is listed twice among the utilized equipment.
    DuplicateEquipment = "dcsa.duplicate_equipment",
    /// A container carries no cargo item.
    EquipmentWithoutCargo = "dcsa.equipment_without_cargo",
    /// The shipper asked for the carrier's agent at destination and the document has none.
    CarriersAgentMissing = "dcsa.carriers_agent_missing",

    // A senior agent's checks.
    ContainerCheckDigit = "agent.container_check_digit",
    ContainerNotIso6346 = "agent.container_not_iso6346",
    PortWithoutUnLocode = "agent.port_without_unlocode",
    SamePortOfLoadingAndDischarge = "agent.same_port_of_loading_and_discharge",
    /// The cargo in a container weighs more than its verified gross mass.
    CargoHeavierThanVgm = "agent.cargo_heavier_than_vgm",
    /// Cargo plus tare differs from the VGM by more than the tolerance.
    VgmMismatch = "agent.vgm_mismatch",
    BookingWeightMismatch = "agent.booking_weight_mismatch",
    BookingPackagesMismatch = "agent.booking_packages_mismatch",
    /// A line printed from an address or name is longer than a B/L box holds.
    PrintedLineTooLong = "agent.printed_line_too_long",
    /// Neither an on-board nor a received-for-shipment date on an issued document.
    IssuedWithoutDate = "agent.issued_without_date",
    /// Both an on-board and a received-for-shipment date.
    BothOnBoardAndReceivedDates = "agent.both_on_board_and_received_dates",
    /// The date given does not match `isShippedOnBoardType`.
    DateKindMismatch = "agent.date_kind_mismatch",
    IssuedWithoutIssueDate = "agent.issued_without_issue_date",
    LcConsigneeForm = "lc.consignee_form",
    LcNotifyApplicant = "lc.notify_applicant",
    LcLatestShipmentDate = "lc.latest_shipment_date",
    LcOnBoardDateMissing = "lc.on_board_date_missing",
    LcOriginals = "lc.originals",
}

impl Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// One thing validation found, at one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    /// JSON pointer into the DCSA message; `""` is the whole document.
    pub path: String,
    pub rule: Rule,
    /// The rule's figures (`max`, `actual`, `expected`, …) for the wording.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub params: BTreeMap<&'static str, String>,
}

impl Finding {
    /// Adds a parameter; chained after [`Findings::error`] or [`Findings::warning`].
    pub fn with(&mut self, key: &'static str, value: impl ToString) -> &mut Self {
        self.params.insert(key, value.to_string());
        self
    }

    pub fn param(&self, key: &str) -> Option<&str> {
        self.params.get(key).map(String::as_str)
    }
}

/// Every finding of one document, in the order the rules found them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Findings(pub Vec<Finding>);

impl Findings {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn error(&mut self, path: impl Into<String>, rule: Rule) -> &mut Finding {
        self.push(Severity::Error, path.into(), rule)
    }

    pub fn warning(&mut self, path: impl Into<String>, rule: Rule) -> &mut Finding {
        self.push(Severity::Warning, path.into(), rule)
    }

    fn push(&mut self, severity: Severity, path: String, rule: Rule) -> &mut Finding {
        self.0.push(Finding {
            severity,
            path,
            rule,
            params: BTreeMap::new(),
        });
        self.0.last_mut().expect("just pushed")
    }

    pub fn extend(&mut self, other: Findings) {
        self.0.extend(other.0);
    }

    /// True when any finding is an error: the document is refused.
    pub fn is_refused(&self) -> bool {
        self.errors().next().is_some()
    }

    pub fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.0.iter().filter(|f| f.severity == Severity::Error)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Finding> {
        self.0.iter().filter(|f| f.severity == Severity::Warning)
    }

    /// The findings of one rule, for tests and for pages that group by rule.
    pub fn of(&self, rule: Rule) -> impl Iterator<Item = &Finding> {
        self.0.iter().filter(move |f| f.rule == rule)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_codes_are_unique_and_namespaced() {
        let mut codes: Vec<_> = Rule::ALL.iter().map(|r| r.code()).collect();
        let n = codes.len();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), n);
        assert!(codes.iter().all(|c| {
            ["schema.", "dcsa.", "agent.", "lc."]
                .iter()
                .any(|p| c.starts_with(p))
        }));
    }

    #[test]
    fn a_warning_alone_does_not_refuse_the_bl() {
        let mut f = Findings::new();
        f.warning("/x", Rule::ToOrderNotifyParty);
        assert!(!f.is_refused());
        f.error("/y", Rule::Required).with("field", "y");
        assert!(f.is_refused());
        assert_eq!(f.errors().next().unwrap().param("field"), Some("y"));
        let json = serde_json::to_string(&f).unwrap();
        assert!(json.contains(r#""rule":"schema.required""#), "{json}");
    }
}
