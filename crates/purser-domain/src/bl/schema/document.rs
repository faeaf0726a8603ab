//! The top level of the document: references, flags, places, vessels, charges.

use super::{Pat, Schema};
use crate::bl::document::*;
use crate::bl::findings::Rule;
use crate::bl::parties::Address;
use rust_decimal::Decimal;

impl Schema {
    pub(super) fn document(&mut self, d: &TransportDocument) {
        let td = self.td;
        self.text(
            "/transportDocumentReference",
            d.transport_document_reference.as_ref(),
            td,
            20,
            Pat::Trimmed,
        );
        self.opt(
            "/transportDocumentSubReference",
            &d.transport_document_sub_reference,
            100,
            Pat::Trimmed,
        );
        self.opt(
            "/shippingInstructionsReference",
            &d.shipping_instructions_reference,
            100,
            Pat::Trimmed,
        );
        self.present(
            "/transportDocumentTypeCode",
            &d.transport_document_type_code,
            true,
        );
        self.present("/isShippedOnBoardType", &d.is_shipped_on_board_type, true);
        self.present("/isElectronic", &d.is_electronic, true);
        self.present("/isToOrder", &d.is_to_order, true);
        self.present("/freightPaymentTermCode", &d.freight_payment_term_code, !td);
        self.present(
            "/isCargoDeliveredInICS2Zone",
            &d.is_cargo_delivered_in_ics2_zone,
            !td,
        );
        for (name, lines) in [
            (
                "displayedNameForPlaceOfReceipt",
                &d.displayed_name_for_place_of_receipt,
            ),
            (
                "displayedNameForPortOfLoad",
                &d.displayed_name_for_port_of_load,
            ),
            (
                "displayedNameForPortOfDischarge",
                &d.displayed_name_for_port_of_discharge,
            ),
            (
                "displayedNameForPlaceOfDelivery",
                &d.displayed_name_for_place_of_delivery,
            ),
        ] {
            self.lines(&format!("/{name}"), lines, Some(5), 35, Pat::Any);
        }
        self.opt(
            "/displayedShippedOnBoardReceivedForShipment",
            &d.displayed_shipped_on_board_received_for_shipment,
            250,
            Pat::Trimmed,
        );
        self.text(
            "/termsAndConditions",
            d.terms_and_conditions.as_ref(),
            td,
            50000,
            Pat::Any,
        );
        self.present("/receiptTypeAtOrigin", &d.receipt_type_at_origin, td);
        self.present(
            "/deliveryTypeAtDestination",
            &d.delivery_type_at_destination,
            td,
        );
        self.text(
            "/cargoMovementTypeAtOrigin",
            d.cargo_movement_type_at_origin.as_ref(),
            td,
            3,
            Pat::Any,
        );
        self.text(
            "/cargoMovementTypeAtDestination",
            d.cargo_movement_type_at_destination.as_ref(),
            td,
            3,
            Pat::Any,
        );
        self.opt(
            "/serviceContractReference",
            &d.service_contract_reference,
            30,
            Pat::Any,
        );
        self.opt(
            "/contractQuotationReference",
            &d.contract_quotation_reference,
            35,
            Pat::Trimmed,
        );
        self.range(
            "/declaredValue",
            d.declared_value,
            Decimal::ZERO,
            false,
            None,
        );
        self.opt(
            "/declaredValueCurrency",
            &d.declared_value_currency,
            3,
            Pat::Upper(3),
        );
        if d.declared_value.is_some() != d.declared_value_currency.is_some() {
            let path = if d.declared_value.is_some() {
                "/declaredValueCurrency"
            } else {
                "/declaredValue"
            };
            self.out.error(path, Rule::DeclaredValueCurrency);
        }
        self.text("/carrierCode", d.carrier_code.as_ref(), td, 4, Pat::NoSpace);
        self.present(
            "/carrierCodeListProvider",
            &d.carrier_code_list_provider,
            td,
        );
        self.lines(
            "/carrierClauses",
            &d.carrier_clauses,
            None,
            20000,
            Pat::Trimmed,
        );
        self.lines(
            "/requestedCarrierClauses",
            &d.requested_carrier_clauses,
            None,
            100,
            Pat::Any,
        );
        if self.present("/transports", &d.transports, td)
            && let Some(t) = &d.transports
        {
            self.transports(t);
        }
        for (i, c) in d.charges.iter().enumerate() {
            self.charge(&format!("/charges/{i}"), c);
        }
        if let Some(p) = &d.place_of_issue {
            self.location("/placeOfIssue", p);
            self.any_of(
                "/placeOfIssue",
                p.un_location_code.is_some() || p.country_code.is_some(),
                "UNLocationCode,countryCode",
            );
        }
        if self.present("/invoicePayableAt", &d.invoice_payable_at, td)
            && let Some(p) = &d.invoice_payable_at
        {
            self.location("/invoicePayableAt", p);
            self.any_of(
                "/invoicePayableAt",
                p.un_location_code.is_some() || p.free_text.is_some(),
                "UNLocationCode,freeText",
            );
        }
        self.contacts("/partyContactDetails", &d.party_contact_details, 1);
        if self.present("/documentParties", &d.document_parties, true)
            && let Some(p) = &d.document_parties
        {
            self.parties(p);
        }
        self.count("/consignmentItems", d.consignment_items.len(), 1, None);
        for (i, c) in d.consignment_items.iter().enumerate() {
            self.consignment_item(&format!("/consignmentItems/{i}"), c);
        }
        self.count(
            "/utilizedTransportEquipments",
            d.utilized_transport_equipments.len(),
            1,
            None,
        );
        for (i, e) in d.utilized_transport_equipments.iter().enumerate() {
            self.equipment(&format!("/utilizedTransportEquipments/{i}"), e);
        }
        for (name, l) in [
            ("exportLicense", &d.export_license),
            ("importLicense", &d.import_license),
        ] {
            if let Some(l) = l {
                self.opt(
                    &format!("/{name}/reference"),
                    &l.reference,
                    35,
                    Pat::Trimmed,
                );
            }
        }
        self.references("/references", &d.references);
        self.customs("/customsReferences", &d.customs_references);
        for (i, f) in d.advance_manifest_filings.iter().enumerate() {
            let p = format!("/advanceManifestFilings/{i}");
            self.req(
                &format!("{p}/manifestTypeCode"),
                &f.manifest_type_code,
                50,
                Pat::Trimmed,
            );
            self.opt(
                &format!("{p}/countryCode"),
                &f.country_code,
                2,
                Pat::Upper(2),
            );
            self.present(
                &format!("{p}/advanceManifestFilingsHouseBLPerformedBy"),
                &f.performed_by,
                true,
            );
            self.opt(
                &format!("{p}/selfFilerCode"),
                &f.self_filer_code,
                100,
                Pat::Trimmed,
            );
            self.opt(
                &format!("{p}/identificationNumber"),
                &f.identification_number,
                17,
                Pat::Trimmed,
            );
        }
    }

    pub(super) fn transports(&mut self, t: &Transports) {
        self.present(
            "/transports/plannedArrivalDate",
            &t.planned_arrival_date,
            true,
        );
        self.present(
            "/transports/plannedDepartureDate",
            &t.planned_departure_date,
            true,
        );
        self.opt(
            "/transports/preCarriageBy",
            &t.pre_carriage_by,
            50,
            Pat::Any,
        );
        self.opt("/transports/onCarriageBy", &t.on_carriage_by, 50, Pat::Any);
        for (name, loc, required) in [
            ("placeOfReceipt", &t.place_of_receipt, false),
            ("portOfLoading", &t.port_of_loading, true),
            ("portOfDischarge", &t.port_of_discharge, true),
            ("placeOfDelivery", &t.place_of_delivery, false),
            ("onwardInlandRouting", &t.onward_inland_routing, false),
        ] {
            let path = format!("/transports/{name}");
            if self.present(&path, loc, required)
                && let Some(l) = loc
            {
                self.location(&path, l);
            }
        }
        self.count("/transports/vesselVoyages", t.vessel_voyages.len(), 1, None);
        for (i, v) in t.vessel_voyages.iter().enumerate() {
            let p = format!("/transports/vesselVoyages/{i}");
            self.req(&format!("{p}/vesselName"), &v.vessel_name, 50, Pat::Trimmed);
            self.req(
                &format!("{p}/carrierExportVoyageNumber"),
                &v.carrier_export_voyage_number,
                50,
                Pat::Trimmed,
            );
            self.opt(
                &format!("{p}/universalExportVoyageReference"),
                &v.universal_export_voyage_reference,
                5,
                Pat::Voyage,
            );
            self.opt(&format!("{p}/role"), &v.role, 30, Pat::Any);
        }
    }

    pub(super) fn location(&mut self, p: &str, l: &Location) {
        self.opt(
            &format!("{p}/UNLocationCode"),
            &l.un_location_code,
            5,
            Pat::UnLocode,
        );
        self.opt(
            &format!("{p}/locationName"),
            &l.location_name,
            100,
            Pat::Trimmed,
        );
        self.opt(
            &format!("{p}/facilityName"),
            &l.facility_name,
            100,
            Pat::Any,
        );
        if let Some(a) = &l.address {
            self.address(&format!("{p}/address"), a);
        }
        self.lines(
            &format!("{p}/addressLines"),
            &l.address_lines,
            Some(5),
            250,
            Pat::Any,
        );
        if let Some(f) = &l.facility {
            self.text(
                &format!("{p}/facility/facilityCode"),
                Some(&f.facility_code),
                true,
                6,
                Pat::Trimmed,
            );
        }
        if let Some(c) = &l.city {
            self.req(&format!("{p}/city/city"), &c.city, 35, Pat::Trimmed);
            self.opt(
                &format!("{p}/city/stateRegion"),
                &c.state_region,
                65,
                Pat::Any,
            );
            self.req(
                &format!("{p}/city/countryCode"),
                &c.country_code,
                2,
                Pat::Upper(2),
            );
        }
        self.opt(
            &format!("{p}/countryCode"),
            &l.country_code,
            2,
            Pat::Upper(2),
        );
        self.opt(&format!("{p}/freeText"), &l.free_text, 35, Pat::Any);
    }

    pub(super) fn address(&mut self, p: &str, a: &Address) {
        self.req(&format!("{p}/street"), &a.street, 70, Pat::Any);
        self.opt(&format!("{p}/streetNumber"), &a.street_number, 50, Pat::Any);
        self.opt(&format!("{p}/floor"), &a.floor, 50, Pat::Trimmed);
        self.opt(&format!("{p}/postCode"), &a.post_code, 10, Pat::Any);
        self.opt(&format!("{p}/POBox"), &a.po_box, 20, Pat::Any);
        self.req(&format!("{p}/city"), &a.city, 35, Pat::Trimmed);
        self.opt(
            &format!("{p}/UNLocationCode"),
            &a.un_location_code,
            5,
            Pat::UnLocode,
        );
        self.opt(&format!("{p}/stateRegion"), &a.state_region, 65, Pat::Any);
        self.req(
            &format!("{p}/countryCode"),
            &a.country_code,
            2,
            Pat::Upper(2),
        );
    }

    pub(super) fn charge(&mut self, p: &str, c: &Charge) {
        self.req(&format!("{p}/chargeName"), &c.charge_name, 50, Pat::Trimmed);
        self.opt(
            &format!("{p}/extendedChargeName"),
            &c.extended_charge_name,
            100,
            Pat::Trimmed,
        );
        self.req(
            &format!("{p}/currencyCode"),
            &c.currency_code,
            3,
            Pat::Upper(3),
        );
        self.present(&format!("{p}/paymentTermCode"), &c.payment_term_code, true);
        self.req(
            &format!("{p}/calculationBasis"),
            &c.calculation_basis,
            50,
            Pat::Trimmed,
        );
        for (name, v) in [
            ("currencyAmount", c.currency_amount),
            ("unitPrice", c.unit_price),
            ("quantity", c.quantity),
        ] {
            let path = format!("{p}/{name}");
            self.present(&path, &v, true);
            self.range(&path, v, Decimal::ZERO, false, None);
        }
    }

    pub(super) fn references(&mut self, p: &str, list: &[Reference]) {
        for (i, r) in list.iter().enumerate() {
            self.req(&format!("{p}/{i}/type"), &r.kind, 3, Pat::Any);
            self.req(&format!("{p}/{i}/value"), &r.value, 35, Pat::Trimmed);
        }
    }

    pub(super) fn customs(&mut self, p: &str, list: &[CustomsReference]) {
        for (i, c) in list.iter().enumerate() {
            let cp = format!("{p}/{i}");
            self.req(&format!("{cp}/type"), &c.kind, 50, Pat::Trimmed);
            self.req(
                &format!("{cp}/countryCode"),
                &c.country_code,
                2,
                Pat::Upper(2),
            );
            self.count(&format!("{cp}/values"), c.values.len(), 1, None);
            self.lines(&format!("{cp}/values"), &c.values, None, 35, Pat::Trimmed);
        }
    }
}
