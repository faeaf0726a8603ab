//! Shipping references in free text: container numbers (only with a valid ISO 6346 check
//! digit), B/L numbers (a carrier's SCAC-style prefix and digits) and booking numbers
//! (after a booking keyword). Customers quote these instead of our case numbers.

use crate::cases::refs::RefKind;
use crate::ids::ContainerNumber;

/// Every reference found, in order of appearance, without repeats.
pub fn references_in(text: &str) -> Vec<(RefKind, String)> {
    let mut out: Vec<(RefKind, String)> = Vec::new();
    let mut push = |k: RefKind, v: String| {
        if !out.iter().any(|(_, x)| *x == v) {
            out.push((k, v));
        }
    };
    let tokens = tokens(text);
    for (i, t) in tokens.iter().enumerate() {
        let upper = t.to_uppercase();
        // a container written with a space: "CSQU 3054383"
        if upper.len() == 4
            && upper.chars().all(|c| c.is_ascii_uppercase())
            && let Some(next) = tokens.get(i + 1)
            && next.len() == 7
            && next.chars().all(|c| c.is_ascii_digit())
            && let Ok(c) = ContainerNumber::parse(&format!("{upper}{next}"))
        {
            push(RefKind::Container, c.to_string());
            continue;
        }
        if is_alnum_ref(&upper) {
            if upper.len() == 11
                && let Ok(c) = ContainerNumber::parse(&upper)
            {
                push(RefKind::Container, c.to_string());
                continue;
            }
            let letters = upper.chars().take_while(|c| c.is_ascii_uppercase()).count();
            let digits = upper.len() - letters;
            let after_keyword = i > 0 && is_booking_keyword(&tokens[i - 1]);
            if after_keyword && upper.len() >= 6 {
                push(RefKind::Booking, upper);
            } else if (2..=4).contains(&letters) && (6..=14).contains(&digits) {
                push(RefKind::BillOfLading, upper);
            }
        } else if i > 0
            && is_booking_keyword(&tokens[i - 1])
            && upper.len() >= 6
            && upper.chars().all(|c| c.is_ascii_digit())
        {
            push(RefKind::Booking, upper);
        }
    }
    out
}

/// Letters then digits only (e.g. EGLV149602581234).
fn is_alnum_ref(s: &str) -> bool {
    let letters = s.chars().take_while(|c| c.is_ascii_uppercase()).count();
    letters > 0 && s.len() > letters && s[letters..].chars().all(|c| c.is_ascii_digit())
}

fn is_booking_keyword(t: &str) -> bool {
    let l = t.to_lowercase();
    matches!(
        l.as_str(),
        "booking"
            | "bkg"
            | "booking#"
            | "bkg#"
            | "booking no"
            | "訂艙"
            | "订舱"
            | "訂艙號碼"
            | "订舱号"
    )
}

/// Words of ASCII letters and digits, and runs of CJK keywords as their own tokens.
fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for ch in text.chars() {
        if ch.is_ascii_alphanumeric() || ch == '#' {
            cur.push(ch);
        } else {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            if !ch.is_ascii() && ch.is_alphanumeric() {
                // CJK keywords such as 訂艙 stand before a number; keep them whole
                if let Some(last) = out.last_mut()
                    && last.chars().all(|c| !c.is_ascii())
                {
                    last.push(ch);
                    continue;
                }
                out.push(ch.to_string());
            }
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out.into_iter()
        .map(|t| t.trim_end_matches('#').to_string())
        .filter(|t| !t.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn finds_containers_bls_and_bookings() {
        let r = references_in(
            "Re: B/L EGLV149602581234 — containers CSQU3054383 and APZU 4812090; booking 2603310552. 訂艙 778899001",
        );
        assert_eq!(
            r,
            vec![
                (RefKind::BillOfLading, "EGLV149602581234".to_string()),
                (RefKind::Container, "CSQU3054383".to_string()),
                (RefKind::Container, "APZU4812090".to_string()),
                (RefKind::Booking, "2603310552".to_string()),
                (RefKind::Booking, "778899001".to_string()),
            ]
        );
    }

    #[test]
    fn a_container_with_a_wrong_check_digit_is_no_reference() {
        let r = references_in("CSQU3054384 please");
        assert!(r.iter().all(|(k, _)| *k != RefKind::Container), "{r:?}");
    }

    #[test]
    fn ordinary_words_and_numbers_are_not_references() {
        assert!(
            references_in("Please call me at 0912345678 about the ETA on Friday, thanks 2026")
                .is_empty()
        );
    }

    proptest! {
        #[test]
        fn never_panics_and_finds_only_valid_containers(s in "\\PC{0,200}") {
            for (k, v) in references_in(&s) {
                if k == RefKind::Container {
                    prop_assert!(ContainerNumber::parse(&v).is_ok());
                }
            }
        }
    }
}
