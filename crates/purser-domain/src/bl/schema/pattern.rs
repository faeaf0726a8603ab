//! The schema's string patterns.

use crate::ids::UnLocode;

/// The schema's patterns, checked by hand (the crate has no regex engine, and these few
/// are simple). `source` is the schema's own spelling, given to the page as a parameter.
#[derive(Debug, Clone, Copy)]
pub(super) enum Pat {
    Any,
    /// `^\S(?:.*\S)?$`: no leading or trailing space, no line break (`.` stops at one).
    Trimmed,
    /// `^\S+$`
    NoSpace,
    /// `^[A-Z]{n}$` (country and currency codes).
    Upper(usize),
    /// `^\d{min,max}$`
    Digits(usize, usize),
    /// `^[A-Z0-9]{min,max}$`
    UpperDigits(usize, usize),
    UnLocode,
    /// `^.+@\S+$`
    Email,
    /// `^\d{2}[0-9A-Z]{2}[NEWSR]$` universal voyage reference.
    Voyage,
    /// `^[0-9](\.[0-9])?$` subsidiary risk.
    Risk,
}

impl Pat {
    pub(super) fn matches(self, s: &str) -> bool {
        let n = s.chars().count();
        let all = |f: fn(char) -> bool| s.chars().all(f);
        match self {
            Pat::Any => true,
            Pat::Trimmed => {
                let line_break = |c: char| matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}');
                s.chars().next().is_some_and(|c| !c.is_whitespace())
                    && s.chars().last().is_some_and(|c| !c.is_whitespace())
                    && !s.chars().any(line_break)
            }
            Pat::NoSpace => n > 0 && !s.chars().any(char::is_whitespace),
            Pat::Upper(len) => n == len && all(|c| c.is_ascii_uppercase()),
            Pat::Digits(lo, hi) => (lo..=hi).contains(&n) && all(|c| c.is_ascii_digit()),
            Pat::UpperDigits(lo, hi) => {
                (lo..=hi).contains(&n) && all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            }
            // UnLocode::parse also accepts "tw khh"; the wire format does not.
            Pat::UnLocode => UnLocode::parse(s).is_ok_and(|u| u.as_str() == s),
            Pat::Email => s
                .split_once('@')
                .is_some_and(|(a, b)| !a.is_empty() && Pat::NoSpace.matches(b)),
            Pat::Voyage => {
                let b = s.as_bytes();
                b.len() == 5
                    && b[..2].iter().all(u8::is_ascii_digit)
                    && b[2..4]
                        .iter()
                        .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
                    && b"NEWSR".contains(&b[4])
            }
            Pat::Risk => {
                let b = s.as_bytes();
                match b.len() {
                    1 => b[0].is_ascii_digit(),
                    3 => b[0].is_ascii_digit() && b[1] == b'.' && b[2].is_ascii_digit(),
                    _ => false,
                }
            }
        }
    }

    pub(super) fn source(self) -> String {
        match self {
            Pat::Any => String::new(),
            Pat::Trimmed => r"^\S(?:.*\S)?$".into(),
            Pat::NoSpace => r"^\S+$".into(),
            Pat::Upper(n) => format!("^[A-Z]{{{n}}}$"),
            Pat::Digits(lo, hi) => format!(r"^\d{{{lo},{hi}}}$"),
            Pat::UpperDigits(lo, hi) => format!("^[A-Z0-9]{{{lo},{hi}}}$"),
            Pat::UnLocode => "^[A-Z]{2}[A-Z2-9]{3}$".into(),
            Pat::Email => r"^.+@\S+$".into(),
            Pat::Voyage => r"^\d{2}[0-9A-Z]{2}[NEWSR]$".into(),
            Pat::Risk => r"^[0-9](\.[0-9])?$".into(),
        }
    }
}
