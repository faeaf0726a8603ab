//! The one table of charge codes. A rate sheet, a priced line, a quote and an invoice all
//! name a charge by one of these, so "BAF" on a carrier's sheet and "bunker" on a quote are
//! the same thing, and a percentage surcharge can name the charges it is a percentage of.

use serde::{Deserialize, Serialize};

/// A freight cost or fee. Stored and sent as its short code (`baf`, `thc_origin`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChargeCode {
    /// Base sea freight (per container or per W/M).
    OceanFreight,
    /// Base air freight (per chargeable kg).
    AirFreight,
    /// Base express rate (per chargeable kg or per shipment).
    ExpressFreight,
    Baf,
    Lss,
    Ebs,
    Caf,
    ThcOrigin,
    ThcDestination,
    Pss,
    Gri,
    /// ERR, equipment repositioning recovery.
    #[serde(rename = "err")]
    Repositioning,
    Cic,
    Isps,
    /// Air fuel surcharge, per chargeable kg.
    FuelSurcharge,
    /// Air security surcharge, per chargeable kg.
    SecuritySurcharge,
    Documentation,
    TelexRelease,
    Amendment,
    DeliveryOrder,
}
text_enum!(ChargeCode {
    OceanFreight = "ocean_freight",
    AirFreight = "air_freight",
    ExpressFreight = "express_freight",
    Baf = "baf",
    Lss = "lss",
    Ebs = "ebs",
    Caf = "caf",
    ThcOrigin = "thc_origin",
    ThcDestination = "thc_destination",
    Pss = "pss",
    Gri = "gri",
    Repositioning = "err",
    Cic = "cic",
    Isps = "isps",
    FuelSurcharge = "fuel_surcharge",
    SecuritySurcharge = "security_surcharge",
    Documentation = "documentation",
    TelexRelease = "telex_release",
    Amendment = "amendment",
    DeliveryOrder = "delivery_order",
});

/// What the table says about one code: the abbreviation on sheets, names in the desk's
/// two languages, and the UN/CEFACT Recommendation 23 description where Rec. 23 has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChargeInfo {
    pub abbreviation: &'static str,
    pub name_en: &'static str,
    pub name_zh_tw: &'static str,
    pub rec23_name: Option<&'static str>,
}

impl ChargeCode {
    /// The row of the one charge table for this code.
    pub fn info(self) -> ChargeInfo {
        use ChargeCode::*;
        let (abbreviation, name_en, name_zh_tw, rec23_name) = match self {
            OceanFreight => ("O/F", "Ocean freight", "海運費", Some("Basic freight")),
            AirFreight => ("A/F", "Air freight", "空運費", Some("Basic freight")),
            ExpressFreight => ("EXP", "Express freight", "快遞運費", Some("Basic freight")),
            Baf => (
                "BAF",
                "Bunker adjustment factor",
                "燃油附加費",
                Some("Bunker surcharge"),
            ),
            Lss => ("LSS", "Low sulphur surcharge", "低硫燃油附加費", None),
            Ebs => ("EBS", "Emergency bunker surcharge", "緊急燃油附加費", None),
            Caf => (
                "CAF",
                "Currency adjustment factor",
                "幣值調整附加費",
                Some("Currency adjustment factor"),
            ),
            ThcOrigin => (
                "OTHC",
                "Terminal handling charge, origin",
                "起運港碼頭操作費",
                Some("Terminal handling charges"),
            ),
            ThcDestination => (
                "DTHC",
                "Terminal handling charge, destination",
                "目的港碼頭操作費",
                Some("Terminal handling charges"),
            ),
            Pss => (
                "PSS",
                "Peak season surcharge",
                "旺季附加費",
                Some("Peak season surcharge"),
            ),
            Gri => ("GRI", "General rate increase", "全面漲價附加費", None),
            Repositioning => (
                "ERR",
                "Equipment repositioning recovery",
                "空櫃調度費",
                None,
            ),
            Cic => (
                "CIC",
                "Container imbalance charge",
                "貨櫃不平衡附加費",
                None,
            ),
            Isps => (
                "ISPS",
                "ISPS security charge",
                "國際船舶港口保全費",
                Some("Security charge"),
            ),
            FuelSurcharge => (
                "FSC",
                "Fuel surcharge",
                "燃油附加費",
                Some("Fuel surcharge"),
            ),
            SecuritySurcharge => (
                "SSC",
                "Security surcharge",
                "安全附加費",
                Some("Security charge"),
            ),
            Documentation => (
                "DOC",
                "Documentation fee",
                "文件費",
                Some("Documentation fee"),
            ),
            TelexRelease => ("TLX", "Telex release fee", "電放費", None),
            Amendment => ("AMD", "Amendment fee", "更改費", Some("Amendment fee")),
            DeliveryOrder => (
                "D/O",
                "Delivery order fee",
                "換單費",
                Some("Delivery order fee"),
            ),
        };
        ChargeInfo {
            abbreviation,
            name_en,
            name_zh_tw,
            rec23_name,
        }
    }

    /// The base freight charges: what a percentage surcharge such as CAF is usually a
    /// percentage of, and what a rate line (rather than a surcharge) prices.
    pub fn is_base_freight(self) -> bool {
        matches!(
            self,
            ChargeCode::OceanFreight | ChargeCode::AirFreight | ChargeCode::ExpressFreight
        )
    }

    /// Reads a code as sheets write it: the snake_case code or the abbreviation ("BAF",
    /// "OTHC", "D/O"), in any case.
    pub fn from_sheet(s: &str) -> Option<ChargeCode> {
        let t = s.trim();
        ChargeCode::parse(&t.to_ascii_lowercase()).or_else(|| {
            ChargeCode::ALL
                .iter()
                .copied()
                .find(|c| c.info().abbreviation.eq_ignore_ascii_case(t))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_code_has_a_unique_abbreviation_and_both_languages() {
        let mut abbr = HashSet::new();
        for c in ChargeCode::ALL {
            let i = c.info();
            assert!(abbr.insert(i.abbreviation), "{c}");
            assert!(!i.name_en.is_empty() && !i.name_zh_tw.is_empty(), "{c}");
            assert!(!i.name_zh_tw.is_ascii(), "{c}");
        }
        assert_eq!(abbr.len(), ChargeCode::ALL.len());
    }

    #[test]
    fn sheets_may_name_a_charge_by_code_or_abbreviation() {
        assert_eq!(ChargeCode::from_sheet("BAF"), Some(ChargeCode::Baf));
        assert_eq!(
            ChargeCode::from_sheet(" othc "),
            Some(ChargeCode::ThcOrigin)
        );
        assert_eq!(
            ChargeCode::from_sheet("D/O"),
            Some(ChargeCode::DeliveryOrder)
        );
        assert_eq!(
            ChargeCode::from_sheet("thc_destination"),
            Some(ChargeCode::ThcDestination)
        );
        assert_eq!(ChargeCode::from_sheet("XYZ"), None);
    }

    #[test]
    fn only_freight_lines_are_base_freight() {
        let base: Vec<_> = ChargeCode::ALL
            .iter()
            .filter(|c| c.is_base_freight())
            .collect();
        assert_eq!(base.len(), 3);
        assert!(!ChargeCode::Baf.is_base_freight());
    }

    #[test]
    fn serde_and_text_agree() {
        for c in ChargeCode::ALL {
            let json = serde_json::to_string(c).unwrap();
            assert_eq!(json, format!("\"{}\"", c.as_str()));
        }
    }
}
