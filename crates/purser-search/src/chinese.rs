//! Chinese for the analysers: which characters are CJK (indexed as unigrams and bigrams,
//! never as words) and the Traditional → Simplified fold, so 提單 and 提单 are one term.
//!
//! The fold is by character, never by context: fast2s knows a few two-character special
//! cases (計畫 → 计划 but 畫 → 画), and a context rule would make a query for one character
//! miss the same character indexed beside another. So the table is built once from fast2s
//! one character at a time and then looked up directly.

use std::sync::OnceLock;

/// The BMP span fast2s converts (its table holds only three-byte UTF-8 characters):
/// CJK Extension A and the Unified Ideographs.
const FOLD_FIRST: u32 = 0x3400;
const FOLD_LAST: u32 = 0x9FFF;

/// True for characters that are written without spaces between words: Han ideographs
/// (all extensions), kana and Hangul syllables. Each is a term of its own and pairs with
/// its neighbour into a bigram.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // Hiragana, Katakana
        | 0x3400..=0x4DBF    // Extension A
        | 0x4E00..=0x9FFF    // Unified Ideographs
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0xF900..=0xFAFF    // Compatibility Ideographs
        | 0x20000..=0x3134F) // Extensions B–H
}

/// The Simplified form of a Traditional character; any other character is returned as is.
pub fn to_simplified(c: char) -> char {
    let code = c as u32;
    if !(FOLD_FIRST..=FOLD_LAST).contains(&code) {
        return c;
    }
    table()[(code - FOLD_FIRST) as usize]
}

/// One slot per character of the span (110 KiB), filled on first use.
fn table() -> &'static [char] {
    static TABLE: OnceLock<Box<[char]>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut one = String::with_capacity(4);
        (FOLD_FIRST..=FOLD_LAST)
            .map(|code| {
                let c = char::from_u32(code).unwrap_or('\u{FFFD}');
                one.clear();
                one.push(c);
                // A lone character meets none of fast2s's context rules: the plain map.
                fast2s::convert(&one).chars().next().unwrap_or(c)
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fold(s: &str) -> String {
        s.chars().map(to_simplified).collect()
    }

    #[test]
    fn traditional_shipping_words_fold_to_their_simplified_form() {
        assert_eq!(fold("提單"), "提单");
        assert_eq!(fold("貨櫃"), "货柜");
        assert_eq!(fold("運輸艙位碼頭"), "运输舱位码头");
    }

    #[test]
    fn simplified_and_other_text_stay_as_they_are() {
        assert_eq!(fold("提单货柜"), "提单货柜");
        assert_eq!(fold("MSKU 123 ä"), "MSKU 123 ä");
    }

    #[test]
    fn the_fold_is_by_character_whatever_the_neighbours() {
        // fast2s turns 畫 into 划 after 計; search must fold it the same everywhere.
        assert_eq!(fold("計畫"), format!("计{}", to_simplified('畫')));
    }

    #[test]
    fn cjk_covers_han_kana_and_hangul_but_not_latin_or_punctuation() {
        for c in ['提', '单', '㐀', 'か', 'カ', '한', '𠀀'] {
            assert!(is_cjk(c), "{c}");
        }
        for c in ['a', '1', '。', '，', '　', 'Ａ'] {
            assert!(!is_cjk(c), "{c}");
        }
    }
}
