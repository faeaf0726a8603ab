//! Hand-over notes complete: when a shift ends, every open case it hands on should say what
//! was promised and what happens next, or the next shift starts by asking the customer
//! again.

use super::drill::{Outcome, Ratio};
use uuid::Uuid;

/// One case handed to the next shift, and whether its note had everything the hand-over
/// form asks for (judged where the form is, not here).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Handover {
    pub case_id: Uuid,
    pub note_complete: bool,
}

/// Of the cases handed over, those with a complete note; one entry per hand-over.
pub fn handover_notes_complete(handovers: &[Handover]) -> Ratio {
    handovers
        .iter()
        .map(|h| {
            let outcome = if h.note_complete {
                Outcome::Hit
            } else {
                Outcome::Miss
            };
            (h.case_id, outcome)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::testkit::id;
    use super::*;

    #[test]
    fn complete_notes_over_hand_overs() {
        let h = |n, note_complete| Handover {
            case_id: id(n),
            note_complete,
        };
        let r = handover_notes_complete(&[h(1, true), h(2, false), h(3, true), h(1, true)]);
        assert_eq!(r.numerator(), &[id(1), id(3), id(1)]);
        assert_eq!(r.misses(), &[id(2)]);
        assert_eq!(r.percent(), Some(75.0));
    }
}
