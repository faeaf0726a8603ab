//! English and Chinese through the whole engine: what an agent types finds what a
//! customer wrote, whatever the script, width or inflection.

mod common;

use common::{doc, ids, index_of, search};
use purser_search::Kind;

#[test]
fn a_simplified_query_finds_traditional_text_and_the_reverse() {
    let traditional = doc(Kind::MESSAGE, "", "請確認提單與貨櫃的狀態");
    let simplified = doc(Kind::MESSAGE, "", "请确认提单");
    let index = index_of(&[traditional.clone(), simplified.clone()]);
    assert_eq!(ids(&index, "提单").len(), 2);
    assert_eq!(ids(&index, "提單").len(), 2);
    assert_eq!(ids(&index, "货柜"), [traditional.id]);
    assert_eq!(ids(&index, "貨櫃"), [traditional.id]);
}

#[test]
fn any_chinese_substring_finds_and_characters_out_of_order_do_not() {
    let message = doc(Kind::MESSAGE, "", "請確認提單與貨櫃的狀態");
    let index = index_of(std::slice::from_ref(&message));
    for substring in [
        "櫃",
        "单",
        "提單與",
        "單與貨櫃的狀",
        "请确认提单与货柜的状态",
    ] {
        assert_eq!(ids(&index, substring), [message.id], "{substring}");
    }
    // Both characters are in the text, but not side by side.
    assert!(ids(&index, "提貨").is_empty());
    assert!(ids(&index, "櫃貨").is_empty());
}

#[test]
fn a_long_chinese_substring_does_not_bridge_two_separate_words() {
    let apart = doc(Kind::MESSAGE, "", "貨櫃，碼頭");
    let together = doc(Kind::MESSAGE, "", "貨櫃碼頭");
    let index = index_of(&[apart.clone(), together.clone()]);
    assert_eq!(ids(&index, "货柜码头"), [together.id]);
    assert_eq!(ids(&index, "提單貨櫃碼頭").len(), 0);
    // As two words both are found.
    assert_eq!(ids(&index, "货柜 码头").len(), 2);
}

#[test]
fn mixed_english_and_chinese_in_text_and_query() {
    let notice = doc(
        Kind::CASE,
        "VGM截止時間 changed",
        "The VGM 截止 moved to Friday; 請在週五前提交",
    );
    let index = index_of(std::slice::from_ref(&notice));
    for q in [
        "vgm 截止",
        "截止時間 changed",
        "VGM截止",
        "friday 週五",
        "\"VGM截止時間 changed\"",
    ] {
        assert_eq!(ids(&index, q), [notice.id], "{q}");
    }
    assert!(ids(&index, "vgm 提單").is_empty());
}

#[test]
fn full_width_and_half_width_are_one() {
    let full = doc(Kind::BOOKING, "ＢＯＯＫＩＮＧ　ＡＢＣ１２３", "");
    let half = doc(Kind::BOOKING, "booking xyz789", "");
    let index = index_of(&[full.clone(), half.clone()]);
    assert_eq!(ids(&index, "abc123"), [full.id]);
    assert_eq!(ids(&index, "ＸＹＺ７８９"), [half.id]);
}

#[test]
fn english_words_find_their_other_forms() {
    let one = doc(Kind::SHIPMENT, "One shipment", "It was delayed at the port");
    let index = index_of(std::slice::from_ref(&one));
    for q in ["shipments", "SHIPMENT", "delays", "delaying", "ports"] {
        assert_eq!(ids(&index, q), [one.id], "{q}");
    }
}

#[test]
fn phrases_keep_their_order_and_words_need_not() {
    let glossary = doc(
        Kind::ARTICLE,
        "Free time",
        "Free time is the period before demurrage starts.",
    );
    let index = index_of(std::slice::from_ref(&glossary));
    assert_eq!(ids(&index, "\"free time\""), [glossary.id]);
    assert_eq!(ids(&index, "time free"), [glossary.id]);
    assert!(ids(&index, "\"time free\"").is_empty());
    assert!(ids(&index, "\"period demurrage\"").is_empty());
}

#[test]
fn snippets_mark_what_matched_in_the_writers_own_script() {
    let message = doc(
        Kind::MESSAGE,
        "",
        "您好，貨櫃 MSKU1234567 已於高雄港卸貨 <urgent>",
    );
    let index = index_of(&[message]);
    let hit = &search(&index, "货柜 urgent").hits[0];
    assert_eq!(
        hit.snippet,
        "您好，<mark>貨櫃</mark> MSKU1234567 已於高雄港卸貨 &lt;<mark>urgent</mark>&gt;"
    );
}
