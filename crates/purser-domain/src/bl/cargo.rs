//! What is carried and in what: consignment items (goods as described on the B/L), their
//! cargo items (the part of the goods in one container) and the utilized equipment
//! (containers with seals, owner and reefer settings). A cargo item names its container by
//! `equipmentReference`; [`super::conformance`] checks every such name is a container of
//! the document, listed once.

use super::codes::*;
use jiff::civil::Date;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsignmentItem {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carrier_booking_reference: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commodity_sub_reference: Option<String>,
    /// Printed lines of up to 35 characters each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub description_of_goods: Vec<String>,
    #[serde(default, rename = "HSCodes", skip_serializing_if = "Vec::is_empty")]
    pub hs_codes: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shipping_marks: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cargo_items: Vec<CargoItem>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub customs_references: Vec<super::document::CustomsReference>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CargoItem {
    /// The container this part of the goods is in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equipment_reference: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cargo_gross_weight: Option<Weight>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cargo_gross_volume: Option<Volume>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cargo_net_weight: Option<Weight>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cargo_net_volume: Option<Volume>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outer_packaging: Option<OuterPackaging>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub customs_references: Vec<super::document::CustomsReference>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Weight {
    #[serde(with = "super::number")]
    pub value: Decimal,
    pub unit: WeightUnit,
}

impl Weight {
    pub fn kg(value: Decimal) -> Self {
        Self {
            value,
            unit: WeightUnit::Kgm,
        }
    }

    /// In kilograms, so weights given in pounds compare with a VGM in kilograms.
    pub fn in_kg(&self) -> Decimal {
        self.value * self.unit.kilograms()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Volume {
    #[serde(with = "super::number")]
    pub value: Decimal,
    pub unit: VolumeUnit,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OuterPackaging {
    /// UN/ECE Recommendation 21 code, two characters (e.g. `4G` fibreboard box).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imo_packaging_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number_of_packages: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wood_declaration: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dangerous_goods: Vec<DangerousGoods>,
}

/// One dangerous-goods entry of a package (IMDG), identified by UN or NA number.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DangerousGoods {
    #[serde(default, rename = "UNNumber", skip_serializing_if = "Option::is_none")]
    pub un_number: Option<String>,
    #[serde(default, rename = "NANumber", skip_serializing_if = "Option::is_none")]
    pub na_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coded_variant_list: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proper_shipping_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub technical_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imo_class: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subsidiary_risk1: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subsidiary_risk2: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_marine_pollutant: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub packing_group: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_limited_quantity: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_excepted_quantity: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_waste: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_hot: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub competent_authority_approval: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub segregation_groups: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emergency_contact_details: Option<EmergencyContact>,
    #[serde(default, rename = "EMSNumber", skip_serializing_if = "Option::is_none")]
    pub ems_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_of_holding_time: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inhalation_zone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gross_weight: Option<Weight>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub net_weight: Option<Weight>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EmergencyContact {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_number: Option<String>,
}

/// A container of the document. On shipping instructions a carrier-owned container is
/// named by `equipmentReference` alone; a shipper-owned one, and every container on a
/// transport document, by `equipment`. [`Self::reference`] reads either.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UtilizedTransportEquipment {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equipment: Option<Equipment>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equipment_reference: Option<String>,
    /// Shipper-owned (SOC) when true, carrier-owned when false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_shipper_owned: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_non_operating_reefer: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active_reefer_settings: Option<ReeferSettings>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub empty_indicator_code: Option<EmptyIndicator>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shipping_marks: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub seals: Vec<Seal>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<super::document::Reference>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub customs_references: Vec<super::document::CustomsReference>,
}

impl UtilizedTransportEquipment {
    /// The container number, wherever the message put it.
    pub fn reference(&self) -> Option<&str> {
        self.equipment
            .as_ref()
            .and_then(|e| e.equipment_reference.as_deref())
            .or(self.equipment_reference.as_deref())
    }

    /// JSON path (relative to the equipment) of the field [`Self::reference`] read.
    pub fn reference_path(&self) -> &'static str {
        match &self.equipment {
            Some(e) if e.equipment_reference.is_some() => "/equipment/equipmentReference",
            _ => "/equipmentReference",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Equipment {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equipment_reference: Option<String>,
    /// ISO 6346 size-type code, e.g. `22G1`, `45R1`.
    #[serde(
        default,
        rename = "ISOEquipmentCode",
        skip_serializing_if = "Option::is_none"
    )]
    pub iso_equipment_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tare_weight: Option<Weight>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Seal {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<SealSource>,
}

/// Settings of a working reefer (not one shipped as a dry box).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReeferSettings {
    #[serde(
        default,
        with = "super::number::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub temperature_setpoint: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temperature_unit: Option<TemperatureUnit>,
    #[serde(
        default,
        with = "super::number::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub o2_setpoint: Option<Decimal>,
    #[serde(
        default,
        with = "super::number::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub co2_setpoint: Option<Decimal>,
    #[serde(
        default,
        with = "super::number::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub humidity_setpoint: Option<Decimal>,
    #[serde(
        default,
        with = "super::number::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub air_exchange_setpoint: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub air_exchange_unit: Option<AirExchangeUnit>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_ventilation_open: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_drainholes_open: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_bulb_mode: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_cold_treatment_required: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_controlled_atmosphere_required: Option<bool>,
}
