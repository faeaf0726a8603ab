//! Consignment items, cargo items, packages, dangerous goods and equipment.

use super::{Pat, Schema};
use crate::bl::cargo::*;
use rust_decimal::Decimal;

impl Schema {
    pub(super) fn consignment_item(&mut self, p: &str, c: &ConsignmentItem) {
        self.req(
            &format!("{p}/carrierBookingReference"),
            &c.carrier_booking_reference,
            35,
            Pat::Trimmed,
        );
        self.opt(
            &format!("{p}/commoditySubReference"),
            &c.commodity_sub_reference,
            100,
            Pat::Trimmed,
        );
        let goods = format!("{p}/descriptionOfGoods");
        self.count(&goods, c.description_of_goods.len(), 1, Some(150));
        self.lines(&goods, &c.description_of_goods, None, 35, Pat::Trimmed);
        let hs = format!("{p}/HSCodes");
        self.count(&hs, c.hs_codes.len(), 1, None);
        self.lines(&hs, &c.hs_codes, None, 10, Pat::Digits(6, 10));
        self.lines(
            &format!("{p}/shippingMarks"),
            &c.shipping_marks,
            Some(50),
            35,
            Pat::Any,
        );
        self.count(&format!("{p}/cargoItems"), c.cargo_items.len(), 1, None);
        for (i, item) in c.cargo_items.iter().enumerate() {
            self.cargo_item(&format!("{p}/cargoItems/{i}"), item);
        }
        self.customs(&format!("{p}/customsReferences"), &c.customs_references);
    }

    pub(super) fn cargo_item(&mut self, p: &str, c: &CargoItem) {
        self.req(
            &format!("{p}/equipmentReference"),
            &c.equipment_reference,
            11,
            Pat::Trimmed,
        );
        let gross = format!("{p}/cargoGrossWeight");
        self.present(&gross, &c.cargo_gross_weight, true);
        self.positive(
            &format!("{gross}/value"),
            c.cargo_gross_weight.map(|w| w.value),
        );
        self.positive(
            &format!("{p}/cargoNetWeight/value"),
            c.cargo_net_weight.map(|w| w.value),
        );
        self.positive(
            &format!("{p}/cargoGrossVolume/value"),
            c.cargo_gross_volume.map(|w| w.value),
        );
        self.positive(
            &format!("{p}/cargoNetVolume/value"),
            c.cargo_net_volume.map(|w| w.value),
        );
        let outer = format!("{p}/outerPackaging");
        if self.present(&outer, &c.outer_packaging, self.td)
            && let Some(o) = &c.outer_packaging
        {
            self.outer_packaging(&outer, o);
        }
        self.customs(&format!("{p}/customsReferences"), &c.customs_references);
    }

    pub(super) fn outer_packaging(&mut self, p: &str, o: &OuterPackaging) {
        self.opt(
            &format!("{p}/packageCode"),
            &o.package_code,
            2,
            Pat::UpperDigits(2, 2),
        );
        self.opt(
            &format!("{p}/imoPackagingCode"),
            &o.imo_packaging_code,
            5,
            Pat::UpperDigits(1, 5),
        );
        let n = format!("{p}/numberOfPackages");
        self.present(&n, &o.number_of_packages, true);
        self.range(
            &n,
            o.number_of_packages.map(Decimal::from),
            Decimal::ONE,
            false,
            Some(Decimal::from(99_999_999)),
        );
        self.req(&format!("{p}/description"), &o.description, 100, Pat::Any);
        self.opt(
            &format!("{p}/woodDeclaration"),
            &o.wood_declaration,
            30,
            Pat::Any,
        );
        for (i, dg) in o.dangerous_goods.iter().enumerate() {
            self.dangerous_goods(&format!("{p}/dangerousGoods/{i}"), dg);
        }
    }

    pub(super) fn dangerous_goods(&mut self, p: &str, g: &DangerousGoods) {
        self.any_of(
            p,
            g.un_number.is_some() || g.na_number.is_some(),
            "UNNumber,NANumber",
        );
        self.opt(&format!("{p}/UNNumber"), &g.un_number, 4, Pat::Digits(4, 4));
        self.opt(&format!("{p}/NANumber"), &g.na_number, 4, Pat::Digits(4, 4));
        self.opt(
            &format!("{p}/codedVariantList"),
            &g.coded_variant_list,
            4,
            Pat::UpperDigits(4, 4),
        );
        self.req(
            &format!("{p}/properShippingName"),
            &g.proper_shipping_name,
            250,
            Pat::Any,
        );
        self.opt(
            &format!("{p}/technicalName"),
            &g.technical_name,
            250,
            Pat::Any,
        );
        self.req(&format!("{p}/imoClass"), &g.imo_class, 4, Pat::Any);
        self.opt(
            &format!("{p}/subsidiaryRisk1"),
            &g.subsidiary_risk1,
            3,
            Pat::Risk,
        );
        self.opt(
            &format!("{p}/subsidiaryRisk2"),
            &g.subsidiary_risk2,
            3,
            Pat::Risk,
        );
        self.range(
            &format!("{p}/packingGroup"),
            g.packing_group.map(Decimal::from),
            Decimal::ONE,
            false,
            Some(Decimal::from(3)),
        );
        self.opt(
            &format!("{p}/competentAuthorityApproval"),
            &g.competent_authority_approval,
            70,
            Pat::Trimmed,
        );
        self.lines(
            &format!("{p}/segregationGroups"),
            &g.segregation_groups,
            None,
            2,
            Pat::Any,
        );
        self.opt(&format!("{p}/EMSNumber"), &g.ems_number, 7, Pat::Any);
        self.opt(
            &format!("{p}/inhalationZone"),
            &g.inhalation_zone,
            1,
            Pat::Any,
        );
        if let Some(e) = &g.emergency_contact_details {
            let ep = format!("{p}/emergencyContactDetails");
            self.req(&format!("{ep}/contact"), &e.contact, 255, Pat::Any);
            self.req(&format!("{ep}/phone"), &e.phone, 30, Pat::Trimmed);
            self.opt(&format!("{ep}/provider"), &e.provider, 255, Pat::Any);
            self.opt(
                &format!("{ep}/referenceNumber"),
                &e.reference_number,
                255,
                Pat::Any,
            );
        }
        self.positive(
            &format!("{p}/grossWeight/value"),
            g.gross_weight.map(|w| w.value),
        );
        self.positive(
            &format!("{p}/netWeight/value"),
            g.net_weight.map(|w| w.value),
        );
    }

    pub(super) fn equipment(&mut self, p: &str, e: &UtilizedTransportEquipment) {
        // On a transport document and for shipper-owned containers the full `equipment`
        // object is required; instructions name a carrier-owned box by reference alone.
        let soc = e.is_shipper_owned == Some(true);
        let full = self.td || soc;
        self.present(&format!("{p}/isShipperOwned"), &e.is_shipper_owned, self.td);
        if full {
            let ep = format!("{p}/equipment");
            if self.present(&ep, &e.equipment, true)
                && let Some(eq) = &e.equipment
            {
                self.req(
                    &format!("{ep}/equipmentReference"),
                    &eq.equipment_reference,
                    11,
                    Pat::Trimmed,
                );
                self.text(
                    &format!("{ep}/ISOEquipmentCode"),
                    eq.iso_equipment_code.as_ref(),
                    !self.td,
                    4,
                    Pat::Trimmed,
                );
                self.present(&format!("{ep}/tareWeight"), &eq.tare_weight, !self.td);
                self.positive(
                    &format!("{ep}/tareWeight/value"),
                    eq.tare_weight.map(|w| w.value),
                );
            }
        } else {
            let path = format!("{p}{}", e.reference_path());
            self.text(
                &path,
                e.reference().map(str::to_owned).as_ref(),
                true,
                11,
                Pat::Trimmed,
            );
        }
        self.lines(
            &format!("{p}/shippingMarks"),
            &e.shipping_marks,
            Some(50),
            35,
            Pat::Any,
        );
        self.count(&format!("{p}/seals"), e.seals.len(), 1, None);
        for (i, s) in e.seals.iter().enumerate() {
            self.req(&format!("{p}/seals/{i}/number"), &s.number, 15, Pat::Any);
        }
        if let Some(r) = &e.active_reefer_settings {
            let rp = format!("{p}/activeReeferSettings");
            let hundred = Some(Decimal::ONE_HUNDRED);
            for (name, v) in [
                ("o2Setpoint", r.o2_setpoint),
                ("co2Setpoint", r.co2_setpoint),
                ("humiditySetpoint", r.humidity_setpoint),
            ] {
                self.range(&format!("{rp}/{name}"), v, Decimal::ZERO, false, hundred);
            }
            self.range(
                &format!("{rp}/airExchangeSetpoint"),
                r.air_exchange_setpoint,
                Decimal::ZERO,
                false,
                None,
            );
        }
        self.references(&format!("{p}/references"), &e.references);
        self.customs(&format!("{p}/customsReferences"), &e.customs_references);
    }
}
