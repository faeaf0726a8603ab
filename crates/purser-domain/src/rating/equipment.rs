//! Container equipment by ISO 6346 size-type code. Rate sheets head their columns "20GP",
//! "40HC" or "45G1"; the engine compares one canonical code, so "40HC" and "45G1" are the
//! same column and a request for 42U1 against a sheet without it says so by name.

use serde::{Deserialize, Serialize};
use std::fmt;
use thiserror::Error;

/// (ISO 6346 code, trade name, DCSA type group, English description, Traditional Chinese).
const EQUIPMENT: &[(&str, &str, &str, &str, &str)] = &[
    ("22G1", "20GP", "22GP", "20' general purpose", "20呎普通櫃"),
    ("42G1", "40GP", "42GP", "40' general purpose", "40呎普通櫃"),
    ("45G1", "40HC", "45GP", "40' high cube", "40呎高櫃"),
    ("L5G1", "45HC", "L5GP", "45' high cube", "45呎高櫃"),
    ("22R1", "20RF", "22RT", "20' reefer", "20呎冷凍櫃"),
    ("42R1", "40RF", "42RT", "40' reefer", "40呎冷凍櫃"),
    (
        "45R1",
        "40RH",
        "45RT",
        "40' high cube reefer",
        "40呎高櫃冷凍櫃",
    ),
    ("22U1", "20OT", "22UT", "20' open top", "20呎開頂櫃"),
    ("42U1", "40OT", "42UT", "40' open top", "40呎開頂櫃"),
    ("22P1", "20FR", "22PF", "20' flat rack", "20呎平板櫃"),
    ("42P1", "40FR", "42PF", "40' flat rack", "40呎平板櫃"),
    ("22T1", "20TK", "22TN", "20' tank", "20呎罐式櫃"),
];

#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[error("'{0}' is not a known ISO 6346 size-type code or name (e.g. 22G1, 45G1, 40HC)")]
/// A size-type the table does not know; carries the text as typed, for the message.
pub struct EquipmentError(pub String);

/// A container size-type, always held as its ISO 6346 code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SizeType(u8);

impl SizeType {
    /// Accepts the ISO code (22G1), the trade name (20GP, 40HC) or the DCSA type group (45GP).
    pub fn parse(s: &str) -> Result<Self, EquipmentError> {
        let up: String = s
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '\'')
            .flat_map(char::to_uppercase)
            .collect();
        EQUIPMENT
            .iter()
            .position(|(iso, name, group, ..)| *iso == up || *name == up || *group == up)
            .map(|i| SizeType(i as u8))
            .ok_or_else(|| EquipmentError(s.to_string()))
    }

    fn row(
        self,
    ) -> &'static (
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
    ) {
        &EQUIPMENT[usize::from(self.0)]
    }

    /// The ISO 6346 code, e.g. "45G1".
    pub fn iso_code(self) -> &'static str {
        self.row().0
    }

    /// The name the trade writes on rate sheets, e.g. "40HC".
    pub fn trade_name(self) -> &'static str {
        self.row().1
    }

    /// For a quote or page in English ("40' high cube").
    pub fn description_en(self) -> &'static str {
        self.row().3
    }

    /// For a quote or page in Traditional Chinese ("40呎高櫃").
    pub fn description_zh_tw(self) -> &'static str {
        self.row().4
    }

    /// Length in feet from the first character of the code (2 = 20', 4 = 40', L = 45').
    pub fn length_ft(self) -> u32 {
        match self.iso_code().as_bytes()[0] {
            b'2' => 20,
            b'4' => 40,
            _ => 45,
        }
    }

    /// Twenty-foot equivalent units: 1 for a 20', 2 for anything longer.
    pub fn teu(self) -> u32 {
        if self.length_ft() == 20 { 1 } else { 2 }
    }

    /// Every size-type the table knows, in table order.
    pub fn all() -> impl Iterator<Item = SizeType> {
        (0..EQUIPMENT.len()).map(|i| SizeType(i as u8))
    }
}

impl fmt::Display for SizeType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.iso_code())
    }
}

impl TryFrom<String> for SizeType {
    type Error = EquipmentError;
    fn try_from(s: String) -> Result<Self, EquipmentError> {
        Self::parse(&s)
    }
}

impl From<SizeType> for String {
    fn from(s: SizeType) -> String {
        s.iso_code().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trade_names_map_to_iso_codes() {
        for (name, iso) in [
            ("20GP", "22G1"),
            ("40GP", "42G1"),
            ("40HC", "45G1"),
            ("45HC", "L5G1"),
            ("20RF", "22R1"),
            ("40RH", "45R1"),
            ("40OT", "42U1"),
            ("45gp", "45G1"),
            ("40' HC", "45G1"),
        ] {
            assert_eq!(SizeType::parse(name).unwrap().iso_code(), iso, "{name}");
        }
    }

    #[test]
    fn iso_codes_parse_to_themselves_and_unknown_codes_are_refused() {
        for st in SizeType::all() {
            assert_eq!(SizeType::parse(st.iso_code()).unwrap(), st);
            assert_eq!(SizeType::parse(st.trade_name()).unwrap(), st);
        }
        assert_eq!(SizeType::parse("99X9"), Err(EquipmentError("99X9".into())));
        assert!(SizeType::parse("").is_err());
    }

    #[test]
    fn lengths_and_teu_follow_the_first_character() {
        let s = |c| SizeType::parse(c).unwrap();
        assert_eq!(s("22G1").length_ft(), 20);
        assert_eq!(s("22G1").teu(), 1);
        assert_eq!(s("45G1").length_ft(), 40);
        assert_eq!(s("L5G1").length_ft(), 45);
        assert_eq!(s("L5G1").teu(), 2);
    }

    #[test]
    fn table_codes_names_and_groups_are_unique_and_bilingual() {
        let mut seen = std::collections::HashSet::new();
        for (iso, name, group, en, zh) in EQUIPMENT {
            assert!(
                seen.insert(*iso) && seen.insert(*name) && seen.insert(*group),
                "{iso}"
            );
            assert!(!en.is_empty() && !zh.is_empty());
        }
    }

    #[test]
    fn serialises_as_the_iso_code() {
        let st = SizeType::parse("40HC").unwrap();
        assert_eq!(serde_json::to_string(&st).unwrap(), "\"45G1\"");
    }
}
