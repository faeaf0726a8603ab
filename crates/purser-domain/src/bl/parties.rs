//! The parties of a transport document. DCSA gives each role its own schema; they differ
//! only in which fields a role may or must carry, so Purser keeps one [`Party`] and lets
//! [`super::schema`] apply each role's requirements where it knows the role.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentParties {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipper: Option<Party>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_behalf_of_shipper: Option<Party>,
    /// Absent on a to-order B/L: the goods are consigned "to order".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consignee: Option<Party>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_behalf_of_consignee: Option<Party>,
    /// Only on a to-order B/L; without one the B/L is blank endorsed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endorsee: Option<Party>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuing_party: Option<Party>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carriers_agent_at_destination: Option<Party>,
    /// Up to three: first notify (N1), second notify (N2), other notify (NI), in that order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notify_parties: Vec<Party>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other: Vec<OtherParty>,
}

/// Any party of the document. `displayedAddress` is what prints (up to 6 lines of 35
/// characters); without it the address is printed from `address` or `addressLines`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Party {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ebl_platform: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub type_of_person: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub address_lines: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub displayed_address: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub identifying_codes: Vec<IdentifyingCode>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tax_legal_references: Vec<TaxLegalReference>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub party_contact_details: Vec<PartyContactDetail>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub purchase_order_references: Vec<String>,
}

impl Party {
    /// A party with just a name, as an agent types one from a customer's e-mail.
    pub fn named(name: impl Into<String>) -> Self {
        Self {
            party_name: Some(name.into()),
            ..Self::default()
        }
    }
}

/// A structured address (DCSA `Address` / `PartyAddress`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Address {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub floor: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub post_code: Option<String>,
    #[serde(default, rename = "POBox", skip_serializing_if = "Option::is_none")]
    pub po_box: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(
        default,
        rename = "UNLocationCode",
        skip_serializing_if = "Option::is_none"
    )]
    pub un_location_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PartyContactDetail {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

/// A party's code in some list (LEI, DUNS, an eBL platform's id, …).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IdentifyingCode {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_list_provider: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_list_name: Option<String>,
}

/// A tax or legal registration (VAT number, EORI, USCI, …) in a country.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaxLegalReference {
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// Any further party with its UN/EDIFACT function code (e.g. `DDR` consolidator).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OtherParty {
    #[serde(default)]
    pub party: Party,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party_function: Option<String>,
}
