//! Company-name keys for spotting likely duplicates: "Evergreen Marine Corp. (Taiwan) Ltd."
//! and "EVERGREEN MARINE CORP TAIWAN" are the same customer, as are "長榮海運股份有限公司" and
//! "長榮海運 (股) 公司". The key is NFKC-folded (full-width to half-width), lower-cased,
//! stripped of punctuation, legal-form words and CJK company suffixes.

use unicode_normalization::UnicodeNormalization;

const LEGAL_WORDS: &[&str] = &[
    "co",
    "company",
    "corp",
    "corporation",
    "inc",
    "incorporated",
    "ltd",
    "limited",
    "llc",
    "plc",
    "gmbh",
    "ag",
    "bv",
    "nv",
    "sa",
    "sas",
    "srl",
    "spa",
    "pte",
    "pty",
    "kg",
    "oy",
    "ab",
    "as",
    "the",
    "group",
    "holdings",
];

/// CJK legal suffixes and abbreviations, longest first so that "股份有限公司" goes whole.
const CJK_SUFFIXES: &[&str] = &[
    "股份有限公司",
    "有限责任公司",
    "有限責任公司",
    "有限公司",
    "(股)",
    "公司",
    "集團",
    "集团",
];

/// The comparable key of a company name; empty only when the name has no letters at all.
pub fn company_key(name: &str) -> String {
    let mut s: String = name.nfkc().collect::<String>().to_lowercase();
    for suffix in CJK_SUFFIXES {
        s = s.replace(suffix, " ");
    }
    let mut words = Vec::new();
    let mut word = String::new();
    let flush = |word: &mut String, words: &mut Vec<String>| {
        if !word.is_empty() {
            words.push(std::mem::take(word));
        }
    };
    for c in s.chars() {
        if is_cjk(c) {
            flush(&mut word, &mut words);
            words.push(c.to_string());
        } else if c.is_alphanumeric() {
            word.push(c);
        } else if c == '&' {
            flush(&mut word, &mut words);
            words.push("and".into());
        } else if c != '.' && c != '\'' {
            flush(&mut word, &mut words);
        }
    }
    flush(&mut word, &mut words);
    let kept: Vec<&str> = words
        .iter()
        .map(String::as_str)
        .filter(|w| !LEGAL_WORDS.contains(w))
        .collect();
    // CJK characters join without spaces; Latin words with one.
    let mut key = String::new();
    for w in kept {
        let cjk = w.chars().all(is_cjk);
        if !key.is_empty() && !cjk && !key.ends_with(is_cjk) {
            key.push(' ');
        }
        key.push_str(w);
    }
    key
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F | 0x3040..=0x30FF | 0xAC00..=0xD7AF)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn english_forms_and_punctuation_fold_together() {
        let a = company_key("Evergreen Marine Corp. (Taiwan) Ltd.");
        assert_eq!(a, "evergreen marine taiwan");
        assert_eq!(company_key("EVERGREEN MARINE CORP TAIWAN"), a);
        assert_eq!(
            company_key("Ｅｖｅｒｇｒｅｅｎ　Ｍａｒｉｎｅ (Taiwan) Co., Ltd"),
            a
        );
        assert_eq!(company_key("Smith & Sons GmbH"), "smith and sons");
        assert_ne!(company_key("Yang Ming Marine Transport"), a);
    }

    #[test]
    fn cjk_company_suffixes_fold_together() {
        let a = company_key("長榮海運股份有限公司");
        assert_eq!(a, "長榮海運");
        assert_eq!(company_key("長榮海運 (股) 公司"), a);
        assert_eq!(company_key("長榮海運（股）公司"), a);
        assert_eq!(company_key("陽明海運股份有限公司"), "陽明海運");
    }

    proptest! {
        #[test]
        fn key_ignores_case_and_surrounding_noise(name in "[A-Za-z]{2,12}( [A-Za-z]{2,12}){0,3}") {
            let k = company_key(&name);
            prop_assert_eq!(company_key(&name.to_uppercase()), k.clone());
            prop_assert_eq!(company_key(&format!("  {name}, Ltd. ")), k.clone());
            prop_assert_eq!(company_key(&k), k.clone());
        }
    }
}
