//! The closed code lists of DCSA eBL 3.0.3 that Purser keeps typed. A value outside a list
//! fails to parse (the edge answers 400 with serde's message), so the rules never see one.
//! Lists the schema leaves open (cargo movement type, reference types) stay strings.

use serde::{Deserialize, Serialize};

/// `transportDocumentTypeCode`: a bill of lading (negotiable when `isToOrder`, else
/// straight) or a sea waybill, which is never negotiable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DocumentType {
    #[serde(rename = "BOL")]
    BillOfLading,
    #[serde(rename = "SWB")]
    SeaWaybill,
}

/// `transportDocumentStatus`: where the document is in its life, from draft to release.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DocumentStatus {
    Draft,
    Approved,
    Issued,
    PendingSurrenderForAmendment,
    SurrenderedForAmendment,
    PendingSurrenderForDelivery,
    SurrenderedForDelivery,
    Voided,
}

impl DocumentStatus {
    /// Statuses after issue: the document exists as issued (or did, until surrendered),
    /// so the rules for an issued B/L apply to it.
    pub fn is_issued(self) -> bool {
        matches!(
            self,
            Self::Issued
                | Self::PendingSurrenderForAmendment
                | Self::SurrenderedForAmendment
                | Self::PendingSurrenderForDelivery
                | Self::SurrenderedForDelivery
        )
    }
}

/// `PRE` prepaid (shipper pays at origin) or `COL` collect (consignee pays at destination).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PaymentTerm {
    #[serde(rename = "PRE")]
    Prepaid,
    #[serde(rename = "COL")]
    Collect,
}

/// `receiptTypeAtOrigin` / `deliveryTypeAtDestination`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum ServiceType {
    /// Container yard (incl. rail ramp).
    Cy,
    /// Store door.
    Sd,
    /// Container freight station.
    Cfs,
}

/// Who publishes `carrierCode`: SMDG liner codes or NMFTA SCACs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum CarrierCodeListProvider {
    Smdg,
    Nmfta,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum WeightUnit {
    Kgm,
    Lbr,
}

impl WeightUnit {
    /// Kilograms per unit, exact (the international pound is 0.45359237 kg by definition).
    pub fn kilograms(self) -> rust_decimal::Decimal {
        match self {
            Self::Kgm => rust_decimal::Decimal::ONE,
            Self::Lbr => rust_decimal::Decimal::new(45359237, 8),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum VolumeUnit {
    Mtq,
    Ftq,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TemperatureUnit {
    Cel,
    Fah,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum AirExchangeUnit {
    Mqh,
    Fqh,
}

/// Who put the seal on: carrier, shipper, veterinary or customs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum SealSource {
    Car,
    Shi,
    Vet,
    Cus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum EmptyIndicator {
    Laden,
    Empty,
}

/// Who files the house-level advance manifest (e.g. US AMS, EU ICS2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum FilingPerformedBy {
    #[serde(rename = "SELF")]
    Shipper,
    Carrier,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum FacilityCodeListProvider {
    Bic,
    Smdg,
}
