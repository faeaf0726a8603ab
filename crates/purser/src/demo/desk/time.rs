//! Time for the demo desk's stories. The use cases stamp "now"; this module decides when
//! a story should have happened and moves its stamps there: a live case is opened the right
//! share of its SLA target ago in business time ([`business_ago`]); a finished one, played at
//! once, is spread over office hours in the past ([`pace`], [`past_timeline`]) and its stamps
//! moved by a [`Timeline`], keeping their order and the clocks' "met" verdicts true.

use crate::demo::book::{Rng, Stream};
use crate::demo::desk::stories::{Step, Story};
use jiff::{SignedDuration, Timestamp};
use purser_domain::cases::calendar::BusinessCalendar;
use purser_domain::cases::state::CaseStatus;
use purser_store::cases::NO_DEADLINE;
use purser_store::sea_query::{Expr, Query};
use purser_store::{Db, Tx, sla};
use uuid::Uuid;

/// The SLA targets (business minutes) of the policy a story's case gets.
#[derive(Debug, Clone, Copy, Default)]
pub struct Targets {
    pub first: Option<i64>,
    pub next: Option<i64>,
    pub resolution: Option<i64>,
}

/// The latest instant from which `business` of the calendar's working time has passed by
/// `now` (a binary search: business time only grows as the start moves back).
pub fn business_ago(cal: &BusinessCalendar, now: Timestamp, business: SignedDuration) -> Timestamp {
    let micros = |t: Timestamp| t.as_microsecond();
    let (mut early, mut late) = (micros(now) - 120 * 86_400_000_000, micros(now));
    for _ in 0..48 {
        let mid = early + (late - early) / 2;
        let t = Timestamp::from_microsecond(mid).unwrap_or(now);
        if cal.business_between(t, now) >= business {
            early = mid;
        } else {
            late = mid;
        }
    }
    Timestamp::from_microsecond(early).unwrap_or(now)
}

/// Business minutes between the steps of a finished story, chosen so every clock it ran
/// stays within its target and the "met" its clocks were read as stays true.
pub fn pace(seed: u64, index: usize, story: &Story, targets: Targets) -> Vec<i64> {
    let mut rng = Rng::new(seed, Stream::Pace, index);
    let mut gap = |lo: i64, hi: i64| {
        let hi = hi.max(lo + 1);
        lo + rng.below((hi - lo) as usize) as i64
    };
    let first = targets.first.unwrap_or(240);
    let next = targets.next.unwrap_or(480);
    let resolution = targets.resolution.unwrap_or(5 * 540);
    // (minutes before the step, whether the resolution clock runs meanwhile)
    let mut gaps: Vec<(i64, bool)> = Vec::new();
    // the response clock running: (first step it counts for, its target)
    let mut window = Some((0, first));
    let (mut waiting, mut resolved) = (false, false);
    for (i, step) in story.steps.iter().enumerate() {
        let g = match step {
            _ if resolved => match step {
                Step::Status(CaseStatus::Closed) => (gap(540, 5 * 540), false),
                Step::Rate { .. } => (gap(60, 2 * 540), false),
                _ => (gap(2, 60), false),
            },
            Step::Customer(_) if waiting => (gap(90, 3 * 540), false),
            Step::Customer(_) => (gap(10, 240), true),
            Step::Answer(_) => (gap(20, 480), true),
            _ => (gap(2, 90), true),
        };
        gaps.push(g);
        match step {
            Step::Reply { status, .. } => {
                respond(&mut gaps, &mut window, i);
                waiting = *status == Some(CaseStatus::WaitingOnCustomer);
                resolved = *status == Some(CaseStatus::Resolved);
            }
            Step::Call { .. } => respond(&mut gaps, &mut window, i),
            Step::Customer(_) => {
                waiting = false;
                window = Some((i + 1, next));
            }
            Step::Status(CaseStatus::Resolved) => resolved = true,
            _ => {}
        }
    }
    // the resolution clock counts every gap outside a wait on the customer
    let budget = resolution * 85 / 100;
    let counted: i64 = gaps.iter().filter(|g| g.1).map(|g| g.0).sum();
    gaps.iter()
        .map(|&(g, counts)| {
            if counts && counted > budget {
                (g * budget / counted).max(1)
            } else {
                g
            }
        })
        .collect()
}

/// A response at step `at` stops the running response clock: the gaps it counted are
/// squeezed into 80 % of its target.
fn respond(gaps: &mut [(i64, bool)], window: &mut Option<(usize, i64)>, at: usize) {
    if let Some((from, target)) = window.take() {
        let span = &mut gaps[from.min(at + 1)..=at];
        let total: i64 = span.iter().map(|g| g.0).sum();
        let allowed = target * 8 / 10;
        if total > allowed {
            for g in span {
                g.0 = (g.0 * allowed / total).max(1);
            }
        }
    }
}

/// Places a finished story about `days` ago at a local office time, its steps `pace`
/// business minutes apart in the calendar its clocks count in (so replies go out in office
/// hours), ending before now.
pub fn past_timeline(
    marks: &[i64],
    pace: &[i64],
    days: u32,
    hour: i8,
    minute: i8,
    cal: &BusinessCalendar,
) -> Timeline {
    let now = Timestamp::now();
    let today = jiff::Zoned::now().date();
    let mut back = i64::from(days);
    loop {
        let day = today
            .checked_sub(jiff::Span::new().days(back))
            .unwrap_or(today);
        let local = day
            .at(hour, minute, 0, 0)
            .in_tz("Asia/Taipei")
            .map(|z| z.timestamp())
            .unwrap_or(now);
        let mut t = cal.add_business(local, SignedDuration::from_secs(1));
        let mut segments = vec![(marks[0], t.as_microsecond())];
        for (mark, minutes) in marks[1..marks.len() - 1].iter().zip(pace) {
            t = cal.add_business(t, SignedDuration::from_mins(*minutes));
            segments.push((*mark, t.as_microsecond()));
        }
        if t < now - SignedDuration::from_mins(10) || back > 3650 {
            return Timeline { segments };
        }
        back += 1;
    }
}

/// A monotone map of instants: stamps from `real` on (until the next segment) move to
/// `intended` plus the same offset. Stamps before the first segment and far-future ones
/// (no deadline) stay where they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    /// (real, intended), by real instant.
    pub segments: Vec<(i64, i64)>,
}

/// Stamps more than a year past the last segment are sentinels, not times.
const HORIZON: i64 = 400 * 86_400_000_000;

impl Timeline {
    pub fn map(&self, v: i64) -> i64 {
        let Some(last) = self.segments.last() else {
            return v;
        };
        if v == NO_DEADLINE || v >= last.0.saturating_add(HORIZON) {
            return v;
        }
        match self.segments.iter().rev().find(|(real, _)| *real <= v) {
            Some((real, intended)) => intended + (v - real),
            None => v,
        }
    }

    /// `column` mapped in SQL: one CASE over the segments, NULL staying NULL.
    fn expr(&self, column: &'static str) -> Expr {
        use purser_store::sea_query::ExprTrait;
        let last = self.segments.last().map_or(0, |s| s.0);
        let mut case = Expr::case(
            Expr::col(column).gte(last.saturating_add(HORIZON)),
            Expr::col(column),
        );
        for (real, intended) in self.segments.iter().rev() {
            case = case.case(
                Expr::col(column).gte(*real),
                Expr::col(column).add(intended - real),
            );
        }
        case.finally(Expr::col(column)).into()
    }

    /// Moves the stamps of one case. `everything` also moves its clocks and promises (a
    /// finished case); otherwise only what opening it stamped.
    pub async fn apply(&self, tx: &mut Tx, case_id: Uuid, everything: bool) -> anyhow::Result<()> {
        use purser_store::sea_query::ExprTrait;
        let link = format!("/cases/{case_id}");
        let mut tables: Vec<(&'static str, &'static str, Vec<&'static str>)> = vec![
            (
                "cases",
                "id",
                vec![
                    "created_at",
                    "updated_at",
                    "first_response_at",
                    "resolved_at",
                    "last_message_at",
                ],
            ),
            ("case_messages", "case_id", vec!["created_at"]),
            ("sla_events", "case_id", vec!["at"]),
            ("complaint_steps", "case_id", vec!["created_at"]),
            ("goodwill", "case_id", vec!["created_at", "decided_at"]),
            (
                "dept_tasks",
                "case_id",
                vec!["asked_at", "answered_at", "due_at"],
            ),
        ];
        if everything {
            tables.push((
                "follow_ups",
                "case_id",
                vec![
                    "created_at",
                    "due_at",
                    "remind_at",
                    "reminded_at",
                    "escalated_at",
                    "done_at",
                ],
            ));
        }
        for (table, key, columns) in tables {
            let mut q = Query::update();
            q.table(table).and_where(Expr::col(key).eq(case_id));
            for c in columns {
                q.value(c, self.expr(c));
            }
            tx.execute(&q).await?;
        }
        // notifications about a finished case were read long ago
        let mut q = Query::update();
        q.table("notifications")
            .value("created_at", self.expr("created_at"))
            .and_where(Expr::col("link").eq(link));
        if everything {
            q.value("read_at", self.expr("created_at"));
        }
        tx.execute(&q).await?;
        if everything {
            for mut c in sla::clocks(tx, case_id).await? {
                c.started_at = self.map(c.started_at);
                c.stopped_at = c.stopped_at.map(|v| self.map(v));
                c.warned_at = c.warned_at.map(|v| self.map(v));
                c.breached_at = c.breached_at.map(|v| self.map(v));
                for p in &mut c.pauses {
                    p.0 = self.map(p.0);
                    p.1 = p.1.map(|v| self.map(v));
                }
                sla::save_clock(tx, &c).await?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_timeline_keeps_the_order_of_a_storys_stamps_and_leaves_sentinels_alone() {
        let t = Timeline {
            segments: vec![(1_000, 10), (2_000, 5_000), (3_000, 9_000)],
        };
        assert_eq!(t.map(999), 999);
        assert_eq!(t.map(1_000), 10);
        assert_eq!(t.map(1_500), 510);
        assert_eq!(t.map(2_001), 5_001);
        assert_eq!(t.map(3_500), 9_500);
        assert_eq!(t.map(NO_DEADLINE), NO_DEADLINE);
        let mapped: Vec<i64> = (1_000..3_100).map(|v| t.map(v)).collect();
        assert!(mapped.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn business_time_is_counted_back_across_a_weekend() {
        let cal = BusinessCalendar::from_spec(&purser_domain::cases::calendar::CalendarSpec {
            time_zone: "Asia/Taipei".into(),
            weekly: (0..7)
                .map(|d| {
                    if d < 5 {
                        vec!["09:00-18:00".into()]
                    } else {
                        vec![]
                    }
                })
                .collect(),
            holidays: vec![],
        })
        .unwrap();
        // Sunday 22 Nov 2026, 20:00 Taipei: 90 business minutes back is Friday 16:30
        let now: Timestamp = "2026-11-22T12:00:00Z".parse().unwrap();
        let t = business_ago(&cal, now, SignedDuration::from_mins(90));
        let local = t.to_zoned(jiff::tz::TimeZone::get("Asia/Taipei").unwrap());
        assert_eq!(
            (local.weekday(), local.hour(), local.minute()),
            (jiff::civil::Weekday::Friday, 16, 30)
        );
    }

    /// Replays a finished story's pace against its clocks: each response comes within 80 %
    /// of its target, the resolution within 85 %, so what was read as "met" was met.
    #[test]
    fn a_finished_storys_pace_keeps_every_clock_within_its_target() {
        let accounts = crate::demo::desk::stories::tests::accounts(42);
        let today = jiff::civil::date(2026, 11, 23);
        let targets = Targets {
            first: Some(60),
            next: Some(120),
            resolution: Some(540),
        };
        let mut checked = 0;
        for i in 0..crate::demo::desk::stories::STORIES {
            let story = crate::demo::desk::stories::story(42, i, &accounts, today);
            if story.is_active() {
                continue;
            }
            let gaps = pace(42, i, &story, targets);
            assert_eq!(gaps.len(), story.steps.len());
            let (mut since, mut target) = (0, Some(60));
            let (mut counted, mut waiting, mut resolved) = (0, false, false);
            for (step, gap) in story.steps.iter().zip(&gaps) {
                assert!(*gap >= 1);
                if resolved {
                    continue;
                }
                since += gap;
                if !(waiting && matches!(step, Step::Customer(_))) {
                    counted += gap;
                }
                match step {
                    Step::Reply { status, .. } => {
                        if let Some(t) = target.take() {
                            assert!(since <= t * 8 / 10 + 2, "story {i}: {since} of {t}");
                        }
                        waiting = *status == Some(CaseStatus::WaitingOnCustomer);
                        resolved = *status == Some(CaseStatus::Resolved);
                    }
                    Step::Call { .. } => target = None,
                    Step::Customer(_) => {
                        waiting = false;
                        (since, target) = (0, Some(120));
                    }
                    _ => {}
                }
            }
            assert!(counted <= 540 * 85 / 100 + 10, "story {i}: {counted}");
            checked += 1;
        }
        assert!(checked > 100);
    }
}
