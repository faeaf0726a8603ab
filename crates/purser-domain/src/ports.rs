//! Names of the ports the desk talks about, so a UN/LOCODE is never shown bare ("TWKHH
//! Kaohsiung"). A compact table of the ports the demo's services call at and the tests
//! name, in English and Traditional Chinese; a code not in it is shown as it is.

use crate::customers::Language;

/// (UN/LOCODE, English name, Traditional Chinese name, IANA zone).
const PORTS: &[(&str, &str, &str, &str)] = &[
    ("BEANR", "Antwerp", "安特衛普", "Europe/Brussels"),
    ("CNNGB", "Ningbo", "寧波", "Asia/Shanghai"),
    ("CNSHA", "Shanghai", "上海", "Asia/Shanghai"),
    ("CNSZX", "Shenzhen", "深圳", "Asia/Shanghai"),
    ("CNXMN", "Xiamen", "廈門", "Asia/Shanghai"),
    ("DEHAM", "Hamburg", "漢堡", "Europe/Berlin"),
    ("FRPAR", "Paris", "巴黎", "Europe/Paris"),
    ("HKHKG", "Hong Kong", "香港", "Asia/Hong_Kong"),
    ("JPTYO", "Tokyo", "東京", "Asia/Tokyo"),
    ("KRPUS", "Busan", "釜山", "Asia/Seoul"),
    ("NLAMS", "Amsterdam", "阿姆斯特丹", "Europe/Amsterdam"),
    ("NLRTM", "Rotterdam", "鹿特丹", "Europe/Amsterdam"),
    ("SGSIN", "Singapore", "新加坡", "Asia/Singapore"),
    ("TWKEL", "Keelung", "基隆", "Asia/Taipei"),
    ("TWKHH", "Kaohsiung", "高雄", "Asia/Taipei"),
    ("TWTPE", "Taipei", "臺北", "Asia/Taipei"),
    ("TWTXG", "Taichung", "臺中", "Asia/Taipei"),
    ("USLAX", "Los Angeles", "洛杉磯", "America/Los_Angeles"),
    ("USLGB", "Long Beach", "長灘", "America/Los_Angeles"),
    ("USNYC", "New York", "紐約", "America/New_York"),
    ("USSEA", "Seattle", "西雅圖", "America/Los_Angeles"),
];

fn find(code: &str) -> Option<&'static (&'static str, &'static str, &'static str, &'static str)> {
    PORTS.iter().find(|p| p.0.eq_ignore_ascii_case(code.trim()))
}

/// The port's name in `lang`, when the table knows the code.
pub fn name_of(code: &str, lang: Language) -> Option<&'static str> {
    find(code).map(|p| if lang == Language::ZhTw { p.2 } else { p.1 })
}

/// The port's IANA time zone, when the table knows the code.
pub fn zone_of(code: &str) -> Option<&'static str> {
    find(code).map(|p| p.3)
}

/// The code with the name beside it ("TWKHH Kaohsiung"); an unknown code as it is.
pub fn labelled(code: &str, lang: Language) -> String {
    match name_of(code, lang) {
        Some(n) => format!("{} {n}", code.trim()),
        None => code.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::UnLocode;

    #[test]
    fn a_known_code_reads_with_its_name_in_the_viewers_language() {
        assert_eq!(labelled("TWKHH", Language::En), "TWKHH Kaohsiung");
        assert_eq!(labelled("TWKHH", Language::ZhTw), "TWKHH 高雄");
        assert_eq!(labelled("nlrtm", Language::En), "nlrtm Rotterdam");
        assert_eq!(labelled("USZZZ", Language::En), "USZZZ");
        assert_eq!(labelled("", Language::En), "");
    }

    #[test]
    fn every_entry_is_a_valid_locode_with_a_known_zone_once_in_order() {
        for w in PORTS.windows(2) {
            assert!(w[0].0 < w[1].0, "sorted and unique: {} {}", w[0].0, w[1].0);
        }
        for (code, en, tw, zone) in PORTS {
            assert!(UnLocode::parse(code).is_ok(), "{code}");
            assert!(!en.is_empty() && !tw.is_empty());
            assert!(jiff::tz::TimeZone::get(zone).is_ok(), "{zone}");
        }
    }
}
