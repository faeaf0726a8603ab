//! Reasons in the desk's two languages. The reasons are data; this is the one place that
//! turns them into a sentence for a customer, so the console, the portal and a quote PDF
//! say "no rate" the same way in English and in Traditional Chinese.

use super::cargo::CargoKind;
use super::rates::{Mode, RateSource, SourceKind};
use super::reasons::Reason;
use crate::customers::Language;
use crate::ports;

fn mode_zh(m: Mode) -> &'static str {
    match m {
        Mode::SeaFcl => "海運整櫃",
        Mode::SeaLcl => "海運併櫃",
        Mode::Air => "空運",
        Mode::Express => "快遞",
    }
}

fn source_zh(s: &RateSource) -> String {
    let kind = match s.kind {
        SourceKind::Tariff => "運價表",
        SourceKind::Contract => "合約",
    };
    let mut out = format!("{kind} {} 第 {} 版", s.name, s.version);
    if let Some(c) = &s.cell {
        out.push_str(&format!(
            "（{}／{}／第 {} 列 {} 欄）",
            c.file, c.sheet, c.row, c.column
        ));
    }
    out
}

/// The reason as a sentence in `lang`; English is the reason's `Display`.
pub fn reason_text(r: &Reason, lang: Language) -> String {
    if lang == Language::En {
        return r.to_string();
    }
    let port = |p: &crate::ids::UnLocode| ports::labelled(p.as_str(), Language::ZhTw);
    match r {
        Reason::NoLane { mode, route } => {
            let via = route
                .via
                .as_ref()
                .map(|v| format!("經 {}", port(v)))
                .unwrap_or_default();
            format!(
                "{} 到 {}{via}沒有{}運價",
                port(&route.origin),
                port(&route.destination),
                mode_zh(*mode)
            )
        }
        Reason::Expired {
            source,
            last_day,
            rate_date,
        } => format!(
            "{}已於 {last_day} 到期（計價日 {rate_date}）",
            source_zh(source)
        ),
        Reason::NotYetValid {
            source,
            first_day,
            rate_date,
        } => format!(
            "{}自 {first_day} 起才生效（計價日 {rate_date}）",
            source_zh(source)
        ),
        Reason::NoColumn { source, equipment } => format!(
            "{}沒有 {equipment}（{}）的運價",
            source_zh(source),
            equipment.description_zh_tw()
        ),
        Reason::CommodityNotCovered { source, hs_code } => match hs_code {
            Some(hs) => format!("{}不適用於 HS {hs} 的貨物", source_zh(source)),
            None => format!("{}僅適用於指定貨物，但未提供 HS 編碼", source_zh(source)),
        },
        Reason::BasisDoesNotSuitCargo { source, mode } => {
            format!("{}的計價方式不適用於{}", source_zh(source), mode_zh(*mode))
        }
        Reason::ContractOfAnotherCustomer { contract } => {
            format!("合約 {contract} 屬於其他客戶，未予使用")
        }
        Reason::UnknownContract { contract } => format!("查無合約 {contract}"),
        Reason::NoExchangeRate {
            from,
            to,
            on_or_before,
        } => format!("{on_or_before} 或之前沒有 {from} 兌 {to} 的匯率紀錄"),
        Reason::CargoDoesNotSuitMode { mode, cargo } => {
            let cargo = match cargo {
                CargoKind::Containers => "貨櫃",
                CargoKind::Loose => "散貨（重量與體積）",
                CargoKind::Pieces => "件貨（尺寸）",
            };
            format!("{}不以{cargo}計價", mode_zh(*mode))
        }
        Reason::IncludedInContract { code, source } => format!(
            "{}已包含在{}的全包價內",
            code.info().name_zh_tw,
            source_zh(source)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::super::equipment::SizeType;
    use super::super::lanes::Route;
    use super::*;
    use crate::ids::UnLocode;
    use jiff::civil::date;

    fn contract() -> RateSource {
        RateSource {
            kind: SourceKind::Contract,
            name: "SC-2026-0042".into(),
            version: 2,
            cell: None,
        }
    }

    #[test]
    fn reasons_read_in_traditional_chinese() {
        let r = Reason::Expired {
            source: contract(),
            last_day: date(2026, 3, 31),
            rate_date: date(2026, 4, 2),
        };
        assert_eq!(
            reason_text(&r, Language::ZhTw),
            "合約 SC-2026-0042 第 2 版已於 2026-03-31 到期（計價日 2026-04-02）"
        );
        assert_eq!(reason_text(&r, Language::En), r.to_string());
        let r = Reason::NoColumn {
            source: contract(),
            equipment: SizeType::parse("42U1").unwrap(),
        };
        assert_eq!(
            reason_text(&r, Language::ZhTw),
            "合約 SC-2026-0042 第 2 版沒有 42U1（40呎開頂櫃）的運價"
        );
        let r = Reason::NoLane {
            mode: Mode::SeaFcl,
            route: Route {
                origin: UnLocode::parse("TWKHH").unwrap(),
                destination: UnLocode::parse("USNYC").unwrap(),
                via: None,
            },
        };
        assert_eq!(
            reason_text(&r, Language::ZhTw),
            "TWKHH 高雄 到 USNYC 紐約沒有海運整櫃運價"
        );
    }

    #[test]
    fn every_reason_has_a_chinese_sentence_of_its_own() {
        use super::super::charges::ChargeCode;
        use super::super::money::Currency;
        let route = Route {
            origin: UnLocode::parse("TWTPE").unwrap(),
            destination: UnLocode::parse("NLAMS").unwrap(),
            via: Some(UnLocode::parse("HKHKG").unwrap()),
        };
        let day = date(2026, 4, 2);
        let all = vec![
            Reason::NoLane {
                mode: Mode::Air,
                route,
            },
            Reason::Expired {
                source: contract(),
                last_day: day,
                rate_date: day,
            },
            Reason::NotYetValid {
                source: contract(),
                first_day: day,
                rate_date: day,
            },
            Reason::NoColumn {
                source: contract(),
                equipment: SizeType::parse("20RF").unwrap(),
            },
            Reason::CommodityNotCovered {
                source: contract(),
                hs_code: Some("9403".into()),
            },
            Reason::CommodityNotCovered {
                source: contract(),
                hs_code: None,
            },
            Reason::BasisDoesNotSuitCargo {
                source: contract(),
                mode: Mode::SeaLcl,
            },
            Reason::ContractOfAnotherCustomer {
                contract: "SC-1".into(),
            },
            Reason::UnknownContract {
                contract: "SC-2".into(),
            },
            Reason::NoExchangeRate {
                from: Currency::EUR,
                to: Currency::TWD,
                on_or_before: day,
            },
            Reason::CargoDoesNotSuitMode {
                mode: Mode::Express,
                cargo: CargoKind::Loose,
            },
            Reason::IncludedInContract {
                code: ChargeCode::Baf,
                source: contract(),
            },
        ];
        let mut seen = std::collections::HashSet::new();
        for r in &all {
            let zh = reason_text(r, Language::ZhTw);
            assert!(!zh.is_ascii(), "{zh}");
            assert_ne!(zh, r.to_string());
            assert!(seen.insert(zh.clone()), "two reasons read the same: {zh}");
        }
        assert_eq!(
            reason_text(&all[0], Language::ZhTw),
            "TWTPE 臺北 到 NLAMS 阿姆斯特丹經 HKHKG 香港沒有空運運價"
        );
    }
}
