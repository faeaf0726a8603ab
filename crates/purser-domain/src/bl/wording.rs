//! Findings in words, English and Traditional Chinese, for the console, the portal and the
//! draft e-mail. The rule's parameters fill the `{name}` slots; the page shows the field
//! (from the finding's path) beside the sentence.

use super::findings::{Finding, Rule};
use crate::customers::Language;

/// The sentence for `rule`, with `{param}` slots.
pub fn template(rule: Rule, lang: Language) -> &'static str {
    let (en, zh) = match rule {
        Rule::Required => ("is required", "為必填"),
        Rule::MaxLength => (
            "is {actual} characters long; at most {max} are allowed",
            "長度為 {actual} 個字元，最多 {max} 個字元",
        ),
        Rule::Pattern => (
            "is not in the required format ({pattern}); check for spaces at either end or a line break",
            "格式不符（{pattern}）；請檢查前後空白或換行",
        ),
        Rule::MinItems => ("needs at least {min} entries", "至少需要 {min} 筆"),
        Rule::MaxItems => (
            "has {actual} entries; at most {max} are allowed",
            "有 {actual} 筆，最多 {max} 筆",
        ),
        Rule::Minimum => ("must be at least {min}", "不得小於 {min}"),
        Rule::ExclusiveMinimum => ("must be more than {min}", "必須大於 {min}"),
        Rule::Maximum => ("must be at most {max}", "不得大於 {max}"),
        Rule::AnyOf => ("needs one of: {fields}", "至少需填寫其中一項：{fields}"),
        Rule::DeclaredValueCurrency => (
            "a declared value and its currency go together",
            "申報價值與其幣別須同時填寫",
        ),
        Rule::ToOrderSeaWaybill => (
            "a sea waybill cannot be issued to order",
            "海運單不得以「待指示」方式簽發",
        ),
        Rule::ToOrderConsignee => (
            "a to-order B/L names no consignee",
            "指示式提單不得載明受貨人",
        ),
        Rule::ToOrderNotifyParty => (
            "a to-order B/L should name a notify party",
            "指示式提單應載明通知人",
        ),
        Rule::StraightConsignee => (
            "a straight B/L or sea waybill must name the consignee",
            "記名提單或海運單必須載明受貨人",
        ),
        Rule::EndorseeNotToOrder => (
            "only a to-order B/L can have an endorsee",
            "只有指示式提單可以有被背書人",
        ),
        Rule::ElectronicOriginals => (
            "an electronic B/L has at most one original, not {actual}",
            "電子提單正本最多一份，目前為 {actual} 份",
        ),
        Rule::ElectronicCopies => ("an electronic B/L has no copies", "電子提單沒有副本"),
        Rule::SeaWaybillOriginals => ("a sea waybill has no originals", "海運單沒有正本"),
        Rule::UnknownEquipment => (
            "container {equipment} is not among the document's containers",
            "貨櫃 {equipment} 不在本提單的貨櫃清單中",
        ),
        Rule::DuplicateEquipment => (
            "container {equipment} is listed twice",
            "貨櫃 {equipment} 重複列出",
        ),
        Rule::EquipmentWithoutCargo => (
            "container {equipment} carries no cargo item",
            "貨櫃 {equipment} 沒有任何貨物",
        ),
        Rule::CarriersAgentMissing => (
            "the shipper asked for the carrier's agent at destination",
            "託運人要求載明目的港船公司代理",
        ),
        Rule::ContainerCheckDigit => (
            "container {equipment} fails its ISO 6346 check digit (should end in {expected})",
            "貨櫃號碼 {equipment} 檢查碼錯誤（ISO 6346，應為 {expected}）",
        ),
        Rule::ContainerNotIso6346 => (
            "container {equipment} is not an ISO 6346 number",
            "貨櫃號碼 {equipment} 不符合 ISO 6346",
        ),
        Rule::PortWithoutUnLocode => ("give the place as a UN/LOCODE", "地點請以 UN/LOCODE 填寫"),
        Rule::SamePortOfLoadingAndDischarge => (
            "the port of loading and of discharge are both {port}",
            "裝貨港與卸貨港相同（{port}）",
        ),
        Rule::CargoHeavierThanVgm => (
            "the cargo in {equipment} weighs {cargo_kg} kg, more than its VGM of {vgm_kg} kg",
            "貨櫃 {equipment} 的貨重 {cargo_kg} 公斤超過 VGM {vgm_kg} 公斤",
        ),
        Rule::VgmMismatch => (
            "cargo {cargo_kg} kg plus tare {tare_kg} kg is more than {tolerance_percent}% from the VGM of {vgm_kg} kg",
            "貨重 {cargo_kg} 公斤加空櫃重 {tare_kg} 公斤與 VGM {vgm_kg} 公斤相差超過 {tolerance_percent}%",
        ),
        Rule::BookingWeightMismatch => (
            "the cargo weighs {cargo_kg} kg; the booking says {booking_kg} kg",
            "貨重 {cargo_kg} 公斤，訂艙為 {booking_kg} 公斤",
        ),
        Rule::BookingPackagesMismatch => (
            "{packages} packages; the booking says {booking_packages}",
            "件數 {packages}，訂艙為 {booking_packages}",
        ),
        Rule::PrintedLineTooLong => (
            "is {actual} characters; a printed line holds {max}",
            "長度 {actual} 個字元，印製時每行最多 {max} 個字元",
        ),
        Rule::IssuedWithoutDate => (
            "an issued B/L needs a shipped-on-board or received-for-shipment date",
            "已簽發的提單須有裝船日期或收貨待運日期",
        ),
        Rule::BothOnBoardAndReceivedDates => (
            "give either the shipped-on-board or the received-for-shipment date, not both",
            "裝船日期與收貨待運日期只能擇一",
        ),
        Rule::DateKindMismatch => (
            "the date does not match the kind of B/L (shipped on board or received for shipment)",
            "日期與提單種類（裝船提單或收貨待運提單）不符",
        ),
        Rule::IssuedWithoutIssueDate => (
            "an issued B/L should have its issue date",
            "已簽發的提單應有簽發日期",
        ),
        Rule::LcConsigneeForm => (
            "the letter of credit wants the consignee as {expected}",
            "信用狀要求受貨人為 {expected}",
        ),
        Rule::LcNotifyApplicant => (
            "the letter of credit wants the applicant {expected} as notify party",
            "信用狀要求通知人為開狀申請人 {expected}",
        ),
        Rule::LcLatestShipmentDate => (
            "shipped on {actual}, after the credit's latest shipment date {latest}",
            "裝船日 {actual} 晚於信用狀最後裝船日 {latest}",
        ),
        Rule::LcOnBoardDateMissing => (
            "the letter of credit needs a shipped-on-board date",
            "信用狀要求載明裝船日期",
        ),
        Rule::LcOriginals => (
            "the letter of credit wants {expected} originals, not {actual}",
            "信用狀要求正本 {expected} 份，目前為 {actual} 份",
        ),
    };
    match lang {
        Language::En => en,
        Language::ZhTw => zh,
    }
}

impl Finding {
    /// The finding as a sentence in `lang`; a slot without a parameter stays as written.
    pub fn message(&self, lang: Language) -> String {
        let mut text = template(self.rule, lang).to_string();
        for (key, value) in &self.params {
            text = text.replace(&format!("{{{key}}}"), value);
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bl::findings::Findings;

    #[test]
    fn every_rule_is_worded_in_both_languages() {
        for rule in Rule::ALL {
            let (en, zh) = (
                template(*rule, Language::En),
                template(*rule, Language::ZhTw),
            );
            assert!(
                !en.is_empty() && zh.chars().any(|c| c > '\u{2E80}'),
                "{rule}"
            );
            // both sentences use the same parameters
            let slots = |s: &str| {
                let mut v: Vec<String> = s
                    .split('{')
                    .skip(1)
                    .filter_map(|p| p.split_once('}'))
                    .map(|(k, _)| k.to_string())
                    .collect();
                v.sort();
                v
            };
            assert_eq!(slots(en), slots(zh), "{rule}");
        }
    }

    #[test]
    fn parameters_fill_the_sentence() {
        let mut f = Findings::new();
        f.error("/numberOfOriginalsWithCharges", Rule::ElectronicOriginals)
            .with("actual", 3);
        assert_eq!(
            f.0[0].message(Language::En),
            "an electronic B/L has at most one original, not 3"
        );
        assert_eq!(
            f.0[0].message(Language::ZhTw),
            "電子提單正本最多一份，目前為 3 份"
        );
    }
}
