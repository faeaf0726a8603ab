//! CSAT and NPS from survey answers, each with its n and response rate.
//!
//! CSAT asks "how satisfied were you with how we handled this case?" on 1–5 after a
//! resolution; its figure is the share of answers that were 4 or 5. NPS asks a contact
//! "how likely are you to recommend us?" on 0–10; its figure is promoters (9–10) minus
//! detractors (0–6) as a share of answers, from −100 to 100. Both are shares of *answers*:
//! an unanswered survey is counted only in the response rate, never as a bad score.

use super::drill::{Outcome, Ratio};
use super::error::InputError;
use uuid::Uuid;

/// A CSAT rating, 1 (very dissatisfied) to 5 (very satisfied).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct CsatScore(u8);

impl CsatScore {
    pub fn new(score: u8) -> Result<CsatScore, InputError> {
        in_range(score, 1, 5).map(CsatScore)
    }

    pub fn get(self) -> u8 {
        self.0
    }
}

/// An NPS rating, 0 (not at all likely) to 10 (extremely likely).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct NpsScore(u8);

impl NpsScore {
    pub fn new(score: u8) -> Result<NpsScore, InputError> {
        in_range(score, 0, 10).map(NpsScore)
    }

    pub fn get(self) -> u8 {
        self.0
    }
}

fn in_range(score: u8, min: u8, max: u8) -> Result<u8, InputError> {
    if (min..=max).contains(&score) {
        Ok(score)
    } else {
        Err(InputError::ScoreOutOfRange { score, min, max })
    }
}

/// One survey sent, and its answer if any. `id` is what a drill-down opens: the case for
/// CSAT, the contact for NPS. Only [`Survey::new`] makes one, so no answer precedes its
/// survey.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Survey<S> {
    id: Uuid,
    answer: Option<S>,
}

impl<S> Survey<S> {
    /// `sent` and the answer's time as stored microseconds.
    pub fn new(id: Uuid, sent: i64, answer: Option<(i64, S)>) -> Result<Survey<S>, InputError> {
        match answer {
            Some((at, _)) if at < sent => Err(InputError::EndsBeforeStart {
                start: sent,
                end: at,
            }),
            _ => Ok(Survey {
                id,
                answer: answer.map(|(_, score)| score),
            }),
        }
    }
}

/// Answered over sent: how far the scores can be trusted to speak for everyone.
fn response<S>(surveys: &[Survey<S>]) -> Ratio {
    surveys
        .iter()
        .map(|s| {
            let outcome = if s.answer.is_some() {
                Outcome::Hit
            } else {
                Outcome::Miss
            };
            (s.id, outcome)
        })
        .collect()
}

/// CSAT with its drill-down: `satisfied` is 4–5 answers over all answers (n is its
/// denominator; unanswered surveys are its pending), `response` is answered over sent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Csat {
    pub satisfied: Ratio,
    pub response: Ratio,
}

pub fn csat(surveys: &[Survey<CsatScore>]) -> Csat {
    let satisfied = surveys
        .iter()
        .map(|s| {
            let outcome = match s.answer {
                Some(score) if score.get() >= 4 => Outcome::Hit,
                Some(_) => Outcome::Miss,
                None => Outcome::Pending,
            };
            (s.id, outcome)
        })
        .collect();
    Csat {
        satisfied,
        response: response(surveys),
    }
}

/// NPS with its drill-down: the answers split into promoters, passives and detractors.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Nps {
    pub promoters: Vec<Uuid>,
    pub passives: Vec<Uuid>,
    pub detractors: Vec<Uuid>,
    pub response: Ratio,
}

impl Nps {
    /// Answers counted.
    pub fn n(&self) -> usize {
        self.promoters.len() + self.passives.len() + self.detractors.len()
    }

    /// `(promoters − detractors) × 100 / n`, in `-100..=100`; `None` with no answers.
    pub fn score(&self) -> Option<f64> {
        let n = self.n();
        let net = self.promoters.len() as f64 - self.detractors.len() as f64;
        (n > 0).then(|| 100.0 * net / n as f64)
    }
}

pub fn nps(surveys: &[Survey<NpsScore>]) -> Nps {
    let mut out = Nps {
        response: response(surveys),
        ..Nps::default()
    };
    for s in surveys {
        match s.answer.map(NpsScore::get) {
            Some(9..=10) => out.promoters.push(s.id),
            Some(7..=8) => out.passives.push(s.id),
            Some(_) => out.detractors.push(s.id),
            None => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::testkit::id;
    use super::*;
    use proptest::prelude::*;

    fn csat_answer(n: u128, score: Option<u8>) -> Survey<CsatScore> {
        Survey::new(id(n), 0, score.map(|s| (1, CsatScore::new(s).unwrap()))).unwrap()
    }

    fn nps_answer(n: u128, score: Option<u8>) -> Survey<NpsScore> {
        Survey::new(id(n), 0, score.map(|s| (1, NpsScore::new(s).unwrap()))).unwrap()
    }

    #[test]
    fn csat_is_fours_and_fives_over_answers_and_ignores_silence() {
        let c = csat(&[
            csat_answer(1, Some(5)),
            csat_answer(2, Some(4)),
            csat_answer(3, Some(3)),
            csat_answer(4, Some(1)),
            csat_answer(5, None),
        ]);
        assert_eq!(c.satisfied.percent(), Some(50.0));
        assert_eq!(c.satisfied.n(), 4);
        assert_eq!(c.satisfied.numerator(), &[id(1), id(2)]);
        assert_eq!(c.satisfied.pending(), &[id(5)]);
        assert_eq!(c.response.percent(), Some(80.0));
    }

    #[test]
    fn an_unanswered_survey_gives_no_csat_rather_than_zero() {
        let c = csat(&[csat_answer(1, None)]);
        assert_eq!(c.satisfied.percent(), None);
        assert_eq!(c.response.percent(), Some(0.0));
    }

    #[test]
    fn nps_is_promoters_minus_detractors_over_answers() {
        // 9, 10, 10 promote; 7, 8 are passive; 0, 6, 6 detract; one silent: (3 - 3) / 8.
        let mut surveys: Vec<_> = [9, 10, 10, 7, 8, 0, 6, 6]
            .into_iter()
            .enumerate()
            .map(|(i, s)| nps_answer(i as u128, Some(s)))
            .collect();
        surveys.push(nps_answer(99, None));
        let n = nps(&surveys);
        assert_eq!((n.n(), n.score()), (8, Some(0.0)));
        assert_eq!(n.detractors, vec![id(5), id(6), id(7)]);
        // Drop a detractor: (3 - 2) / 7 = 14.28…
        let n = nps(&surveys[..7]);
        assert!((n.score().unwrap() - 100.0 / 7.0).abs() < 1e-9);
        assert!((n.response.percent().unwrap() - 100.0).abs() < 1e-9);
    }

    #[test]
    fn scores_outside_their_scale_and_answers_before_sending_are_refused() {
        assert_eq!(
            CsatScore::new(0),
            Err(InputError::ScoreOutOfRange {
                score: 0,
                min: 1,
                max: 5
            })
        );
        assert!(CsatScore::new(6).is_err());
        assert!(NpsScore::new(11).is_err());
        assert!(NpsScore::new(0).is_ok());
        assert_eq!(
            Survey::new(id(1), 10, Some((9, CsatScore::new(5).unwrap()))),
            Err(InputError::EndsBeforeStart { start: 10, end: 9 })
        );
    }

    proptest! {
        #[test]
        fn csat_stays_a_percentage_and_its_counts_match_its_lists(
            scores in prop::collection::vec(prop::option::of(1u8..=5), 0..60),
        ) {
            let surveys: Vec<_> =
                scores.iter().enumerate().map(|(i, &s)| csat_answer(i as u128, s)).collect();
            let c = csat(&surveys);
            let answered = scores.iter().flatten().count();
            prop_assert_eq!(c.satisfied.n(), answered);
            prop_assert_eq!(c.satisfied.denominator().len(), answered);
            prop_assert_eq!(c.satisfied.numerator().len(), scores.iter().flatten().filter(|&&s| s >= 4).count());
            prop_assert_eq!(c.satisfied.pending().len() + answered, scores.len());
            prop_assert_eq!(c.response.numerator().len(), answered);
            match c.satisfied.percent() {
                Some(p) => prop_assert!((0.0..=100.0).contains(&p)),
                None => prop_assert_eq!(answered, 0),
            }
        }

        #[test]
        fn nps_stays_between_minus_and_plus_a_hundred(
            scores in prop::collection::vec(prop::option::of(0u8..=10), 0..60),
        ) {
            let surveys: Vec<_> =
                scores.iter().enumerate().map(|(i, &s)| nps_answer(i as u128, s)).collect();
            let n = nps(&surveys);
            let answered = scores.iter().flatten().count();
            prop_assert_eq!(n.n(), answered);
            prop_assert_eq!(n.response.n(), scores.len());
            match n.score() {
                Some(s) => prop_assert!((-100.0..=100.0).contains(&s)),
                None => prop_assert_eq!(answered, 0),
            }
        }
    }
}
