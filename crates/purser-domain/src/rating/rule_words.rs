//! A priced line's rule in Traditional Chinese, from the same data as the English
//! `Display`, so a quote or a lookup page explains each line in the customer's language.

use super::measure::BreakCase;
use super::rule::{Rule, Unit, amt};
use crate::customers::Language;

fn unit_zh(u: Unit) -> &'static str {
    match u {
        Unit::Container => "櫃",
        Unit::RevenueTon => "計費噸",
        Unit::ChargeableKg => "公斤",
        Unit::Shipment => "票",
    }
}

/// The rule as a sentence in `lang`; English is the rule's `Display`.
pub fn rule_text(rule: &Rule, lang: Language) -> String {
    if lang == Language::En {
        return rule.to_string();
    }
    match rule {
        Rule::PerContainer {
            equipment,
            count,
            unit_price,
        } => format!(
            "{count} × {equipment}（{}），每櫃 {unit_price}",
            equipment.description_zh_tw()
        ),
        Rule::PerRevenueTon { measure: m, rate } => {
            let mut s = format!(
                "計費噸 = max({} 公斤 ÷ {}, {} 立方米) = {}",
                m.gross_kg.normalize(),
                m.kg_per_cbm.normalize(),
                m.cbm.normalize(),
                m.wm.round_dp(3).normalize()
            );
            if m.billed > m.wm {
                s.push_str(&format!("，低於最低計費噸：以 {} 計", m.billed.normalize()));
            }
            s.push_str(&format!("，每計費噸 {rate}"));
            s
        }
        Rule::ByWeightClass {
            weight: w,
            outcome: o,
            currency: c,
        } => {
            let head = format!(
                "計費重量 {} 公斤 = max(毛重 {} 公斤, {} 立方公分 ÷ {} = {} 公斤)，進位至 0.5 公斤；",
                w.chargeable_kg,
                w.gross_kg.normalize(),
                w.volume_cm3,
                w.divisor,
                w.volumetric_kg.round_dp(3).normalize()
            );
            let (own, ch) = (&o.own, &o.charged);
            let tail = match o.case() {
                BreakCase::Minimum => format!(
                    "適用最低收費 M {}，因 {} 公斤按 {} {} = {} < {}",
                    amt(*c, ch.amount),
                    own.billed_kg,
                    own.class,
                    own.rate,
                    amt(*c, own.amount),
                    amt(*c, ch.amount)
                ),
                BreakCase::HigherBreak => format!(
                    "{} 公斤以 {} 公斤按 {} 計費，因 {} < {}",
                    own.billed_kg,
                    ch.billed_kg.normalize(),
                    ch.class,
                    amt(*c, ch.amount),
                    amt(*c, own.amount)
                ),
                BreakCase::OwnClass => {
                    format!(
                        "{} 公斤按 {} 每公斤 {c} {}",
                        ch.billed_kg, ch.class, ch.rate
                    )
                }
            };
            head + &tail
        }
        Rule::PerShipment { amount } => format!("每票 {amount}"),
        Rule::FixedPerUnit {
            quantity,
            unit,
            unit_price,
        } => format!(
            "{} × 每{} {unit_price}",
            quantity.round_dp(3).normalize(),
            unit_zh(*unit)
        ),
        Rule::FixedPerBl { amount } => format!("每份提單 {amount}"),
        Rule::PercentOf { percent, of, base } => {
            let names: Vec<&str> = of.iter().map(|c| c.info().name_zh_tw).collect();
            format!("{} {base} 的 {}%", names.join("＋"), percent.normalize())
        }
        Rule::CappedAtTariff {
            contract_amount,
            tariff_rule,
        } => format!(
            "適用運價表：低於合約的 {contract_amount}（合約約定不高於運價表）；{}",
            rule_text(tariff_rule, lang)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::fixtures::*;
    use super::*;
    use crate::rating::charges::ChargeCode;
    use crate::rating::fx::FxTable;
    use crate::rating::price;
    use crate::rating::rates::Mode;
    use jiff::civil::date;

    #[test]
    fn the_higher_break_reads_in_chinese_with_the_same_figures() {
        let req = super::super::tests::air::air_request(
            "NLAMS",
            Mode::Air,
            "39.6",
            vec![piece("50.2", "40.4", "30.6", 1)],
        );
        let p = price(
            &super::super::tests::air::air_and_express(),
            &FxTable::default(),
            &req,
        )
        .unwrap();
        let afr = p.lines_for(ChargeCode::AirFreight).next().unwrap();
        let zh = rule_text(&afr.rule, Language::ZhTw);
        assert!(
            zh.ends_with("40 公斤以 45 公斤按 Q45 計費，因 216.00 < 248.00"),
            "{zh}"
        );
        assert_eq!(rule_text(&afr.rule, Language::En), afr.rule.to_string());
    }

    #[test]
    fn every_line_of_a_full_price_has_a_chinese_rule() {
        let req = fcl_request(None, &[("40HC", 2), ("20GP", 1)], date(2026, 4, 20));
        let p = price(&book(vec![asia_neur_tariff()]), &FxTable::default(), &req).unwrap();
        for l in &p.lines {
            let zh = rule_text(&l.rule, Language::ZhTw);
            assert!(!zh.is_ascii() && zh != l.rule.to_string(), "{zh}");
        }
        let ofr = p.lines_for(ChargeCode::OceanFreight).next().unwrap();
        assert_eq!(
            rule_text(&ofr.rule, Language::ZhTw),
            "2 × 45G1（40呎高櫃），每櫃 USD 1850.00"
        );
        let caf = p.lines_for(ChargeCode::Caf).next().unwrap();
        assert_eq!(
            rule_text(&caf.rule, Language::ZhTw),
            "海運費 USD 3700.00 的 4%"
        );
    }
}
