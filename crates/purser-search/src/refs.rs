//! Exact references (container, B/L, booking, case and customer numbers, IMO, tax ids,
//! e-mail addresses, phones) in one normal form, so `MSKU 123456-7`, `msku1234567` and
//! `ＭＳＫＵ１２３４５６７` are one term: the same function runs at index and at query time.

use crate::analysis::fold_width;

/// Shorter forms ("1", "ab") would make every stray word a reference lookup.
const MIN_CHARS: usize = 3;
const MAX_CHARS: usize = 80;

/// The normal form of a reference, or `None` when too short or too long to be one.
/// Letters and digits lower-cased, everything else dropped; an e-mail address keeps its
/// `@`, dots and other address characters (only spaces go).
pub fn normalize_reference(raw: &str) -> Option<String> {
    let folded = raw.chars().map(fold_width);
    let email = raw.chars().map(fold_width).any(|c| c == '@');
    let mut out = String::with_capacity(raw.len());
    for c in folded {
        if c.is_alphanumeric() || (email && matches!(c, '@' | '.' | '-' | '_' | '+')) {
            out.extend(c.to_lowercase());
        }
    }
    let chars = out.chars().count();
    (MIN_CHARS..=MAX_CHARS).contains(&chars).then_some(out)
}

/// The forms a `from:` address is indexed and asked by: the address and its `@domain`.
pub(crate) fn address_terms(address: &str) -> Vec<String> {
    let address: String = address
        .chars()
        .map(fold_width)
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    let mut terms = Vec::with_capacity(2);
    if let Some(at) = address.rfind('@') {
        terms.push(address[at..].to_string());
    }
    if !address.is_empty() {
        terms.push(address);
    }
    terms
}

/// The one term a `from:` filter value asks for: `a@x.com`, or `x.com` / `@x.com` for a
/// whole domain.
pub(crate) fn address_filter_term(value: &str) -> String {
    let value: String = value
        .chars()
        .map(fold_width)
        .flat_map(char::to_lowercase)
        .collect();
    if value.contains('@') {
        value
    } else {
        format!("@{value}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_container_number_is_the_same_however_written() {
        let want = Some("msku1234567".to_string());
        for written in [
            "MSKU 123456-7",
            "msku1234567",
            "MSKU1234567",
            "ＭＳＫＵ１２３４５６７",
            " MSKU/123456.7 ",
        ] {
            assert_eq!(normalize_reference(written), want, "{written}");
        }
    }

    #[test]
    fn case_numbers_phones_and_addresses_have_one_form() {
        assert_eq!(
            normalize_reference("CS-2026-000123").unwrap(),
            "cs2026000123"
        );
        assert_eq!(
            normalize_reference("+886 2 2345-6789").unwrap(),
            "886223456789"
        );
        assert_eq!(
            normalize_reference(" Wang.Li@Example.COM ").unwrap(),
            "wang.li@example.com"
        );
        assert_eq!(normalize_reference("IMO 9321483").unwrap(), "imo9321483");
    }

    #[test]
    fn too_short_or_empty_is_no_reference() {
        for raw in ["", "  ", "12", "a-b", "---", &"9".repeat(81)] {
            assert_eq!(normalize_reference(raw), None, "{raw:?}");
        }
    }

    #[test]
    fn an_address_is_found_by_itself_and_by_its_domain() {
        assert_eq!(
            address_terms("Ops@Evergreen.com"),
            ["@evergreen.com", "ops@evergreen.com"]
        );
        assert_eq!(address_filter_term("evergreen.com"), "@evergreen.com");
        assert_eq!(address_filter_term("@Evergreen.com"), "@evergreen.com");
        assert_eq!(
            address_filter_term("OPS@evergreen.com"),
            "ops@evergreen.com"
        );
    }
}
