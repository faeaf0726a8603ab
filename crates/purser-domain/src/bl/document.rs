//! The transport document as Purser keeps it, from shipping instructions to release: one
//! type for both DCSA messages (`ShippingInstructions` and `TransportDocument`), because a
//! B/L is the shipper's instructions plus what the carrier adds, and one record follows it
//! through every version. Field names are DCSA's, so a DCSA message parses as it is; fields
//! the schema requires are still `Option` here so that [`super::schema`] can name each
//! missing one with its path instead of serde stopping at the first.
//!
//! Parts of the messages Purser does not keep (house B/Ls, feedbacks, national commodity
//! codes, …) are ignored when reading.

use super::cargo::{ConsignmentItem, UtilizedTransportEquipment};
use super::codes::*;
use super::parties::{Address, DocumentParties, PartyContactDetail};
use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TransportDocument {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transport_document_reference: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transport_document_sub_reference: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipping_instructions_reference: Option<String>,
    /// Absent on shipping instructions; set by the carrier once a draft exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transport_document_status: Option<DocumentStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipping_instructions_status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transport_document_type_code: Option<DocumentType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_shipped_on_board_type: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub freight_payment_term_code: Option<PaymentTerm>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_electronic: Option<bool>,
    /// Negotiable ("to order") when true; must be false on a sea waybill.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_to_order: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number_of_copies_with_charges: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number_of_copies_without_charges: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number_of_originals_with_charges: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number_of_originals_without_charges: Option<u32>,
    /// Place names printed as a letter of credit spells them, up to 5 lines of 35.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub displayed_name_for_place_of_receipt: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub displayed_name_for_port_of_load: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub displayed_name_for_port_of_discharge: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub displayed_name_for_place_of_delivery: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipped_on_board_date: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received_for_shipment_date: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub displayed_shipped_on_board_received_for_shipment: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issue_date: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terms_and_conditions: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt_type_at_origin: Option<ServiceType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_type_at_destination: Option<ServiceType>,
    /// `FCL` or `LCL`; the schema leaves the list open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cargo_movement_type_at_origin: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cargo_movement_type_at_destination: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_contract_reference: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract_quotation_reference: Option<String>,
    #[serde(
        default,
        with = "super::number::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub declared_value: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declared_value_currency: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carrier_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carrier_code_list_provider: Option<CarrierCodeListProvider>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub carrier_clauses: Vec<String>,
    /// Clauses the shipper asks for on the instructions (e.g. a letter of credit's wording).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requested_carrier_clauses: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number_of_rider_pages: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transports: Option<Transports>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub charges: Vec<Charge>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place_of_issue: Option<Location>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invoice_payable_at: Option<Location>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub party_contact_details: Vec<PartyContactDetail>,
    /// Shipping instructions only: the shipper asks the carrier to name its agent at
    /// destination on the document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_carriers_agent_at_destination_required: Option<bool>,
    #[serde(
        default,
        rename = "isCargoDeliveredInICS2Zone",
        skip_serializing_if = "Option::is_none"
    )]
    pub is_cargo_delivered_in_ics2_zone: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_parties: Option<DocumentParties>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consignment_items: Vec<ConsignmentItem>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub utilized_transport_equipments: Vec<UtilizedTransportEquipment>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub export_license: Option<License>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub import_license: Option<License>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<Reference>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub customs_references: Vec<CustomsReference>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub advance_manifest_filings: Vec<AdvanceManifestFiling>,
}

impl TransportDocument {
    pub fn is_bill_of_lading(&self) -> bool {
        self.transport_document_type_code == Some(DocumentType::BillOfLading)
    }

    pub fn is_sea_waybill(&self) -> bool {
        self.transport_document_type_code == Some(DocumentType::SeaWaybill)
    }

    pub fn is_to_order(&self) -> bool {
        self.is_to_order == Some(true)
    }

    pub fn is_electronic(&self) -> bool {
        self.is_electronic == Some(true)
    }

    /// True once the carrier has issued it (including surrendered): the issue-time rules
    /// (exactly one on-board/received date, an issue date) apply from then on.
    pub fn is_issued(&self) -> bool {
        self.transport_document_status
            .is_some_and(DocumentStatus::is_issued)
    }

    /// Originals with and without charges together, as printed on the B/L ("3/3").
    pub fn originals(&self) -> u32 {
        self.number_of_originals_with_charges.unwrap_or(0)
            + self.number_of_originals_without_charges.unwrap_or(0)
    }

    pub fn copies(&self) -> u32 {
        self.number_of_copies_with_charges.unwrap_or(0)
            + self.number_of_copies_without_charges.unwrap_or(0)
    }
}

/// Dates, places and vessels of the carriage; set by the carrier on the transport document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Transports {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub planned_arrival_date: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub planned_departure_date: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pre_carriage_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_carriage_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place_of_receipt: Option<Location>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port_of_loading: Option<Location>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub port_of_discharge: Option<Location>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place_of_delivery: Option<Location>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub onward_inland_routing: Option<Location>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vessel_voyages: Vec<VesselVoyage>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VesselVoyage {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vessel_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carrier_export_voyage_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub universal_export_voyage_reference: Option<String>,
    /// `FIRST_SEA_GOING` or `MOTHER`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

/// Any DCSA place (place of receipt, ports, place of delivery, place of issue, invoice
/// payable at): the schemas differ only in which of these they allow, and a UN/LOCODE is
/// what Purser expects in all of them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    #[serde(
        default,
        rename = "UNLocationCode",
        skip_serializing_if = "Option::is_none"
    )]
    pub un_location_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facility_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<Address>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub address_lines: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facility: Option<Facility>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<City>,
    /// Where the schema allows only a country (place of issue, `ZZ` when unknown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    /// Free text where the schema allows it instead of a code (invoice payable at).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub free_text: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Facility {
    pub facility_code: String,
    pub facility_code_list_provider: FacilityCodeListProvider,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct City {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state_region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
}

/// A charge as DCSA sends it: no code list, a name, an exact amount in its currency.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Charge {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extended_charge_name: Option<String>,
    #[serde(
        default,
        with = "super::number::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub currency_amount: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_term_code: Option<PaymentTerm>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calculation_basis: Option<String>,
    #[serde(
        default,
        with = "super::number::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub unit_price: Option<Decimal>,
    #[serde(
        default,
        with = "super::number::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub quantity: Option<Decimal>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Reference {
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// A customs reference (e.g. an export declaration number) for one country.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomsReference {
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
}

/// An advance manifest filing (US ACI/AMS, EU ENS/ICS2, …) and who performs it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AdvanceManifestFiling {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manifest_type_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    #[serde(
        default,
        rename = "advanceManifestFilingsHouseBLPerformedBy",
        skip_serializing_if = "Option::is_none"
    )]
    pub performed_by: Option<FilingPerformedBy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub self_filer_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identification_number: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct License {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_required: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issue_date: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiry_date: Option<Date>,
}
