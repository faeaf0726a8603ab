//! The trade's identifiers. Each newtype has one checked constructor, `parse`, which
//! normalises (upper-cases, drops the spaces people type) and applies the standard's rule.

use serde::{Deserialize, Serialize};
use std::fmt;
use thiserror::Error;

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum IdError {
    #[error("must be 4 letters, 6 digits and a check digit (ISO 6346), e.g. CSQU3054383")]
    ContainerShape,
    #[error("equipment category must be U, J or Z (ISO 6346)")]
    ContainerCategory,
    #[error("check digit should be {expected} (ISO 6346)")]
    ContainerCheckDigit { expected: u32 },
    #[error("must be a 2-letter country and 3 characters from A-Z and 2-9 (UN/LOCODE), e.g. TWKHH")]
    UnLocode,
    #[error("must be 7 digits (IMO number)")]
    ImoShape,
    #[error("check digit should be {expected} (IMO number)")]
    ImoCheckDigit { expected: u32 },
    #[error("is not a valid e-mail address")]
    Email,
    #[error("is not a valid phone number (6 to 15 digits, optional leading +)")]
    Phone,
}

macro_rules! string_newtype {
    ($name:ident) => {
        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
        impl std::str::FromStr for $name {
            type Err = IdError;
            fn from_str(s: &str) -> Result<Self, IdError> {
                Self::parse(s)
            }
        }
        impl TryFrom<String> for $name {
            type Error = IdError;
            fn try_from(s: String) -> Result<Self, IdError> {
                Self::parse(&s)
            }
        }
        impl From<$name> for String {
            fn from(v: $name) -> String {
                v.0
            }
        }
    };
}

fn compact_upper(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

/// A container (equipment) number, ISO 6346, with a verified check digit.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ContainerNumber(String);
string_newtype!(ContainerNumber);

/// ISO 6346 letter values: A=10 upward, skipping multiples of 11.
fn iso6346_letter_value(c: char) -> u32 {
    let mut v = 10;
    for l in 'A'..=c {
        if l != 'A' {
            v += 1;
            if v % 11 == 0 {
                v += 1;
            }
        }
    }
    v
}

/// Check digit of the first ten characters of a container number.
pub fn iso6346_check_digit(first10: &str) -> u32 {
    let sum: u32 = first10
        .chars()
        .enumerate()
        .map(|(i, c)| {
            let v = if c.is_ascii_digit() {
                c.to_digit(10).unwrap_or(0)
            } else {
                iso6346_letter_value(c)
            };
            v << i
        })
        .sum();
    sum % 11 % 10
}

impl ContainerNumber {
    pub fn parse(s: &str) -> Result<Self, IdError> {
        let s = compact_upper(s);
        let b = s.as_bytes();
        if b.len() != 11
            || !b[..4].iter().all(u8::is_ascii_uppercase)
            || !b[4..].iter().all(u8::is_ascii_digit)
        {
            return Err(IdError::ContainerShape);
        }
        if !matches!(b[3], b'U' | b'J' | b'Z') {
            return Err(IdError::ContainerCategory);
        }
        let expected = iso6346_check_digit(&s[..10]);
        if u32::from(b[10] - b'0') != expected {
            return Err(IdError::ContainerCheckDigit { expected });
        }
        Ok(Self(s))
    }
}

/// A UN/LOCODE such as `TWKHH`; the space people write ("TW KHH") is accepted and dropped.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct UnLocode(String);
string_newtype!(UnLocode);

impl UnLocode {
    pub fn parse(s: &str) -> Result<Self, IdError> {
        let s = compact_upper(s);
        let b = s.as_bytes();
        let ok = b.len() == 5
            && b[..2].iter().all(u8::is_ascii_uppercase)
            && b[2..]
                .iter()
                .all(|c| c.is_ascii_uppercase() || (b'2'..=b'9').contains(c));
        if ok {
            Ok(Self(s))
        } else {
            Err(IdError::UnLocode)
        }
    }

    pub fn country(&self) -> &str {
        &self.0[..2]
    }
}

/// An IMO ship identification number, 7 digits with a weighted check digit.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ImoNumber(String);
string_newtype!(ImoNumber);

impl ImoNumber {
    pub fn parse(s: &str) -> Result<Self, IdError> {
        let s = compact_upper(s);
        let digits = s.strip_prefix("IMO").unwrap_or(&s);
        if digits.len() != 7 || !digits.bytes().all(|c| c.is_ascii_digit()) {
            return Err(IdError::ImoShape);
        }
        let d: Vec<u32> = digits.bytes().map(|c| u32::from(c - b'0')).collect();
        let sum: u32 = d[..6]
            .iter()
            .zip([7, 6, 5, 4, 3, 2])
            .map(|(a, w)| a * w)
            .sum();
        let expected = sum % 10;
        if d[6] != expected {
            return Err(IdError::ImoCheckDigit { expected });
        }
        Ok(Self(digits.to_string()))
    }
}

/// An e-mail address, kept as typed but with the domain lower-cased.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EmailAddress(String);
string_newtype!(EmailAddress);

impl EmailAddress {
    pub fn parse(s: &str) -> Result<Self, IdError> {
        let s = s.trim();
        let (local, domain) = s.rsplit_once('@').ok_or(IdError::Email)?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.contains('@')
            && local
                .chars()
                .all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c))
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..");
        let domain_ok = domain.len() <= 253
            && domain.contains('.')
            && domain.split('.').all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_alphanumeric() || c == '-')
            });
        if local_ok && domain_ok && s.len() <= 254 {
            Ok(Self(format!("{local}@{}", domain.to_lowercase())))
        } else {
            Err(IdError::Email)
        }
    }

    pub fn domain(&self) -> &str {
        self.0.rsplit_once('@').map(|(_, d)| d).unwrap_or_default()
    }
}

/// A phone number as people write it ("+886 7 271 3141 ext 12"); 6–15 digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PhoneNumber(String);
string_newtype!(PhoneNumber);

impl PhoneNumber {
    pub fn parse(s: &str) -> Result<Self, IdError> {
        let s = s.trim();
        let lower = s.to_lowercase();
        let (main, ext) = match lower.find("ext") {
            Some(i) => (&s[..i], Some(s[i + 3..].trim_start_matches(['.', ' ']))),
            None => (s, None),
        };
        let main = main.trim();
        let body = main.strip_prefix('+').unwrap_or(main);
        let allowed = body
            .chars()
            .all(|c| c.is_ascii_digit() || " -().".contains(c));
        let digits = body.chars().filter(char::is_ascii_digit).count();
        let ext_ok = ext
            .is_none_or(|e| !e.is_empty() && e.len() <= 6 && e.chars().all(|c| c.is_ascii_digit()));
        if allowed && (6..=15).contains(&digits) && ext_ok {
            Ok(Self(s.to_string()))
        } else {
            Err(IdError::Phone)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn container_numbers_from_the_brief_validate() {
        for ok in ["CSQU3054383", "APZU4812090", "csqu 305438 3", "MSKU9070323"] {
            assert!(ContainerNumber::parse(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn container_number_errors_say_why() {
        assert_eq!(
            ContainerNumber::parse("CSQU3054384"),
            Err(IdError::ContainerCheckDigit { expected: 3 })
        );
        assert_eq!(
            ContainerNumber::parse("CSQX3054383"),
            Err(IdError::ContainerCategory)
        );
        assert_eq!(
            ContainerNumber::parse("CSQU305438"),
            Err(IdError::ContainerShape)
        );
        assert_eq!(
            ContainerNumber::parse("C5QU3054383"),
            Err(IdError::ContainerShape)
        );
    }

    #[test]
    fn letter_values_skip_multiples_of_eleven() {
        let vals: Vec<u32> = ('A'..='Z').map(iso6346_letter_value).collect();
        assert_eq!(vals[0], 10);
        assert_eq!(vals[10], 21); // K
        assert_eq!(vals[11], 23); // L
        assert_eq!(vals[20], 32); // U
        assert_eq!(vals[21], 34); // V
        assert_eq!(vals[25], 38); // Z
        assert!(vals.iter().all(|v| v % 11 != 0));
    }

    proptest! {
        #[test]
        fn exactly_one_check_digit_validates(owner in "[A-Z]{3}", cat in "[UJZ]", serial in "[0-9]{6}") {
            let stem = format!("{owner}{cat}{serial}");
            let valid: Vec<u32> = (0..10).filter(|d| ContainerNumber::parse(&format!("{stem}{d}")).is_ok()).collect();
            prop_assert_eq!(valid, vec![iso6346_check_digit(&stem)]);
        }

        #[test]
        fn unlocode_accepts_only_its_alphabet(s in "[A-Z]{2}[A-Z0-9]{3}") {
            let has_01 = s[2..].contains(['0', '1']);
            prop_assert_eq!(UnLocode::parse(&s).is_ok(), !has_01);
        }
    }

    #[test]
    fn unlocodes_normalise_spaces_and_case() {
        assert_eq!(UnLocode::parse("tw khh").unwrap().as_str(), "TWKHH");
        assert_eq!(UnLocode::parse("NLRTM").unwrap().country(), "NL");
        for bad in ["TWKH", "TWKHHX", "T1KHH", "TWKH1", ""] {
            assert!(UnLocode::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn imo_numbers_check_their_weighted_digit() {
        assert_eq!(ImoNumber::parse("IMO 9074729").unwrap().as_str(), "9074729");
        assert_eq!(
            ImoNumber::parse("9074728"),
            Err(IdError::ImoCheckDigit { expected: 9 })
        );
        assert_eq!(ImoNumber::parse("907472"), Err(IdError::ImoShape));
    }

    #[test]
    fn emails_and_phones() {
        assert_eq!(
            EmailAddress::parse("Amy.Lin@EVERGREEN.com.TW")
                .unwrap()
                .as_str(),
            "Amy.Lin@evergreen.com.tw"
        );
        assert_eq!(EmailAddress::parse("a@b.co").unwrap().domain(), "b.co");
        for bad in [
            "",
            "no-at",
            "a@b",
            "a@@b.com",
            "a b@c.com",
            ".a@b.com",
            "a@-b.com",
            "a@b..com",
        ] {
            assert!(EmailAddress::parse(bad).is_err(), "{bad}");
        }
        for ok in [
            "+886 7 271 3141",
            "(02) 2505-7766 ext. 12",
            "+1-310-555-0199",
        ] {
            assert!(PhoneNumber::parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "12345",
            "call me",
            "+886 7 271 3141 ext",
            "1234567890123456",
        ] {
            assert!(PhoneNumber::parse(bad).is_err(), "{bad}");
        }
    }
}
