//! The agent and team scorecard: satisfaction, efficiency and collaboration, weighted
//! 40/30/30 unless an admin sets other weights summing to 100.
//!
//! Each component is a rate with its drill-down:
//! - **satisfaction**: CSAT, answers of 4–5 over answers;
//! - **efficiency**: SLA achievement, met over decided clocks of every target;
//! - **collaboration**: follow-up promises kept on time and hand-over notes complete,
//!   pooled (each promise and each hand-over is one unit). Department-task turnaround is
//!   not in it: it measures the departments that answer, not the agent who asked.
//!
//! **Normalising.** A component scores `100 × min(1, actual % / target %)`: meeting the
//! target earns full marks, and beating one target cannot make up for missing another.
//! The total is `Σ weight × score / 100`, from 0 to 100.
//!
//! **Too little data.** A component with fewer than [`MIN_N`] counted units shows "not
//! enough data" and the card has *no total*: it is marked incomplete rather than
//! re-weighted, because a re-weighted total would judge an agent with no survey answers on
//! efficiency and collaboration alone, and two appraisals would no longer measure the same
//! thing. A component weighted 0 never makes a card incomplete.
//!
//! A team's card is computed from its members' records pooled ([`ScorecardInput::pool`]),
//! not by averaging their cards, so every unit weighs the same and n adds up.

use super::drill::Ratio;
use super::sla::SlaAchievement;
use super::surveys::Csat;
use crate::validation::Problems;

/// Fewer counted units than this and a component is "not enough data".
pub const MIN_N: usize = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Component {
    Satisfaction,
    Efficiency,
    Collaboration,
}
text_enum!(Component { Satisfaction = "satisfaction", Efficiency = "efficiency", Collaboration = "collaboration" });

/// Whole-number weights summing to 100; only [`Weights::new`] and the default make one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Weights([u8; 3]);

impl Default for Weights {
    /// 40/30/30, the weights the trade's appraisal standard names.
    fn default() -> Weights {
        Weights([40, 30, 30])
    }
}

impl Weights {
    /// Refuses weights that do not sum to 100, naming the field `weights`.
    pub fn new(satisfaction: u8, efficiency: u8, collaboration: u8) -> Result<Weights, Problems> {
        let parts = [satisfaction, efficiency, collaboration];
        let sum: u32 = parts.iter().map(|&w| u32::from(w)).sum();
        if sum == 100 {
            Ok(Weights(parts))
        } else {
            let mut problems = Problems::new();
            problems.add("weights", format!("must sum to 100, not {sum}"));
            Err(problems)
        }
    }

    pub fn of(self, component: Component) -> u8 {
        self.0[index(component)]
    }
}

/// The rate (a percentage in `(0, 100]`) each component must reach for full marks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Targets([f64; 3]);

impl Targets {
    /// Refuses a target that is not above 0 and at most 100, naming `targets/<component>`.
    pub fn new(
        satisfaction: f64,
        efficiency: f64,
        collaboration: f64,
    ) -> Result<Targets, Problems> {
        let parts = [satisfaction, efficiency, collaboration];
        let mut problems = Problems::new();
        for (component, target) in COMPONENTS.iter().zip(parts) {
            if !(target > 0.0 && target <= 100.0) {
                problems.add(
                    format!("targets/{component}"),
                    "must be a percentage above 0 and at most 100",
                );
            }
        }
        if problems.is_empty() {
            Ok(Targets(parts))
        } else {
            Err(problems)
        }
    }

    pub fn of(self, component: Component) -> f64 {
        self.0[index(component)]
    }
}

const COMPONENTS: [Component; 3] = [
    Component::Satisfaction,
    Component::Efficiency,
    Component::Collaboration,
];

fn index(component: Component) -> usize {
    match component {
        Component::Satisfaction => 0,
        Component::Efficiency => 1,
        Component::Collaboration => 2,
    }
}

/// The three rates one card is computed from, each with its drill-down.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScorecardInput {
    pub satisfaction: Ratio,
    pub efficiency: Ratio,
    pub collaboration: Ratio,
}

impl ScorecardInput {
    /// One agent's (or one team's) metrics as the scorecard reads them.
    pub fn from_metrics(
        csat: &Csat,
        sla: &SlaAchievement,
        promises: &Ratio,
        handovers: &Ratio,
    ) -> ScorecardInput {
        let mut collaboration = promises.clone();
        collaboration.pool(handovers);
        ScorecardInput {
            satisfaction: csat.satisfied.clone(),
            efficiency: sla.overall(),
            collaboration,
        }
    }

    pub fn of(&self, component: Component) -> &Ratio {
        match component {
            Component::Satisfaction => &self.satisfaction,
            Component::Efficiency => &self.efficiency,
            Component::Collaboration => &self.collaboration,
        }
    }

    /// A team's input: its members' records pooled.
    pub fn pool<'a>(members: impl IntoIterator<Item = &'a ScorecardInput>) -> ScorecardInput {
        let mut team = ScorecardInput::default();
        for member in members {
            team.satisfaction.pool(&member.satisfaction);
            team.efficiency.pool(&member.efficiency);
            team.collaboration.pool(&member.collaboration);
        }
        team
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ComponentScore {
    /// `actual` is the rate in percent, `score` its normalised mark in `0..=100`.
    Scored { actual: f64, score: f64 },
    /// Fewer than [`MIN_N`] units counted.
    NotEnoughData,
}

/// One line of the card: what the page shows, with n and the cases behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct ComponentCard {
    pub component: Component,
    pub weight: u8,
    pub target: f64,
    pub n: usize,
    pub score: ComponentScore,
    pub drill_down: Ratio,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Scorecard {
    /// Satisfaction, efficiency, collaboration, in that order.
    pub components: [ComponentCard; 3],
}

impl Scorecard {
    /// The weighted total in `0..=100`, or `None` when the card is incomplete.
    pub fn total(&self) -> Option<f64> {
        self.components
            .iter()
            .try_fold(0.0, |sum, card| match card.score {
                _ if card.weight == 0 => Some(sum),
                ComponentScore::Scored { score, .. } => {
                    Some(sum + f64::from(card.weight) * score / 100.0)
                }
                ComponentScore::NotEnoughData => None,
            })
    }

    /// The weighted components that lack data: why [`Scorecard::total`] is `None`.
    pub fn missing(&self) -> Vec<Component> {
        self.components
            .iter()
            .filter(|c| c.weight > 0 && c.score == ComponentScore::NotEnoughData)
            .map(|c| c.component)
            .collect()
    }
}

pub fn scorecard(input: &ScorecardInput, weights: Weights, targets: Targets) -> Scorecard {
    Scorecard {
        components: COMPONENTS.map(|component| {
            let ratio = input.of(component);
            let target = targets.of(component);
            let score = match ratio.percent() {
                Some(actual) if ratio.n() >= MIN_N => ComponentScore::Scored {
                    actual,
                    score: 100.0 * (actual / target).min(1.0),
                },
                _ => ComponentScore::NotEnoughData,
            };
            ComponentCard {
                component,
                weight: weights.of(component),
                target,
                n: ratio.n(),
                score,
                drill_down: ratio.clone(),
            }
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::super::drill::Outcome;
    use super::super::testkit::id;
    use super::*;
    use proptest::prelude::*;

    fn rate(hits: usize, misses: usize) -> Ratio {
        (0..hits)
            .map(|i| (id(i as u128), Outcome::Hit))
            .chain((0..misses).map(|i| (id(1000 + i as u128), Outcome::Miss)))
            .collect()
    }

    fn input(s: (usize, usize), e: (usize, usize), c: (usize, usize)) -> ScorecardInput {
        ScorecardInput {
            satisfaction: rate(s.0, s.1),
            efficiency: rate(e.0, e.1),
            collaboration: rate(c.0, c.1),
        }
    }

    fn targets() -> Targets {
        Targets::new(90.0, 95.0, 100.0).unwrap()
    }

    #[test]
    fn the_card_weighs_forty_thirty_thirty_against_each_target() {
        // CSAT 81 % of a 90 % target scores 90; SLA 95 % meets its target, 100; promises and
        // notes 80 % of 100 %, 80. Total 0.4 × 90 + 0.3 × 100 + 0.3 × 80 = 90.
        let card = scorecard(
            &input((81, 19), (95, 5), (8, 2)),
            Weights::default(),
            targets(),
        );
        let scores: Vec<_> = card.components.iter().map(|c| c.score).collect();
        let expected = [(81.0, 90.0), (95.0, 100.0), (80.0, 80.0)];
        for (got, (actual, score)) in scores.iter().zip(expected) {
            let ComponentScore::Scored {
                actual: a,
                score: s,
            } = *got
            else {
                panic!("{got:?} has data");
            };
            assert!(
                (a - actual).abs() < 1e-9 && (s - score).abs() < 1e-9,
                "{got:?}"
            );
        }
        assert_eq!(card.components.each_ref().map(|c| c.n), [100, 100, 10]);
        assert!((card.total().unwrap() - 90.0).abs() < 1e-9);
        assert!(card.missing().is_empty());
    }

    #[test]
    fn beating_a_target_earns_no_more_than_full_marks() {
        let card = scorecard(
            &input((10, 0), (10, 0), (10, 0)),
            Weights::default(),
            targets(),
        );
        assert!((card.total().unwrap() - 100.0).abs() < 1e-9);
    }

    #[test]
    fn fewer_than_ten_answers_leave_the_card_incomplete_not_reweighted() {
        let card = scorecard(
            &input((9, 0), (50, 0), (50, 0)),
            Weights::default(),
            targets(),
        );
        assert_eq!(card.components[0].score, ComponentScore::NotEnoughData);
        assert_eq!(card.components[0].n, 9);
        assert_eq!(card.total(), None);
        assert_eq!(card.missing(), vec![Component::Satisfaction]);
        // Weighted 0, the same component no longer matters.
        let card = scorecard(
            &input((9, 0), (50, 0), (50, 0)),
            Weights::new(0, 50, 50).unwrap(),
            targets(),
        );
        assert!((card.total().unwrap() - 100.0).abs() < 1e-9);
    }

    #[test]
    fn weights_must_sum_to_a_hundred_and_targets_be_percentages() {
        let err = Weights::new(40, 30, 20).unwrap_err();
        assert_eq!(err.0[0].field, "weights");
        assert!(err.0[0].message.contains("90"));
        assert_eq!(Weights::new(40, 30, 30), Ok(Weights::default()));
        let err = Targets::new(0.0, 101.0, f64::NAN).unwrap_err();
        let fields: Vec<_> = err.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "targets/satisfaction",
                "targets/efficiency",
                "targets/collaboration"
            ]
        );
    }

    #[test]
    fn a_team_card_pools_its_members_records() {
        let a = input((9, 1), (5, 0), (3, 0));
        let b = input((1, 9), (5, 0), (7, 0));
        let team = ScorecardInput::pool([&a, &b]);
        let card = scorecard(&team, Weights::default(), targets());
        assert_eq!(card.components.each_ref().map(|c| c.n), [20, 10, 10]);
        // 10 satisfied of 20 = 50 %, of a 90 % target: 55.55…; the others full.
        let ComponentScore::Scored { score, .. } = card.components[0].score else {
            panic!("pooled n is 20");
        };
        assert!((score - 500.0 / 9.0).abs() < 1e-9);
        assert_eq!(card.components[0].drill_down.n(), 20);
    }

    proptest! {
        #[test]
        fn a_better_component_never_lowers_the_card(
            parts in prop::collection::vec((0usize..40, 0usize..40), 3),
            which in 0usize..3,
            better in 1usize..40,
            w in (0u8..=100).prop_flat_map(|s| (Just(s), 0..=100 - s)),
        ) {
            let weights = Weights::new(w.0, w.1, 100 - w.0 - w.1).unwrap();
            let base = input(parts[0], parts[1], parts[2]);
            let mut improved_parts = parts.clone();
            // Turn misses into hits: the same n, a higher rate.
            let (hits, misses) = improved_parts[which];
            let moved = better.min(misses);
            improved_parts[which] = (hits + moved, misses - moved);
            let improved = input(improved_parts[0], improved_parts[1], improved_parts[2]);
            let before = scorecard(&base, weights, targets());
            let after = scorecard(&improved, weights, targets());
            for (b, a) in before.components.iter().zip(&after.components) {
                prop_assert_eq!(a.n, b.n);
                if let (ComponentScore::Scored { score: sb, .. }, ComponentScore::Scored { score: sa, .. }) = (b.score, a.score) {
                    prop_assert!(sa >= sb);
                    prop_assert!((0.0..=100.0).contains(&sa));
                }
            }
            match (before.total(), after.total()) {
                (Some(tb), Some(ta)) => {
                    prop_assert!(ta >= tb);
                    prop_assert!((0.0..=100.0 + 1e-9).contains(&ta));
                }
                (None, None) => prop_assert!(!after.missing().is_empty()),
                other => prop_assert!(false, "completeness changed with n unchanged: {:?}", other),
            }
        }
    }
}
