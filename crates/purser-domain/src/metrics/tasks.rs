//! Department-task turnaround: how long logistics, operations or finance take to answer a
//! question the desk asked them. It measures the departments, not the agent, which is why
//! it is reported beside the scorecard rather than in it.

use super::durations::{Durations, Sample, instant};
use super::error::InputError;
use crate::cases::calendar::BusinessCalendar;
use jiff::Timestamp;
use uuid::Uuid;

/// A question asked of a department on a case. Only [`DepartmentTask::new`] makes one, so
/// an answer never comes before the question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DepartmentTask {
    case_id: Uuid,
    opened: Timestamp,
    answered: Option<Timestamp>,
}

impl DepartmentTask {
    /// `opened` and `answered` as stored microseconds.
    pub fn new(
        case_id: Uuid,
        opened: i64,
        answered: Option<i64>,
    ) -> Result<DepartmentTask, InputError> {
        if let Some(end) = answered.filter(|&end| end < opened) {
            return Err(InputError::EndsBeforeStart { start: opened, end });
        }
        Ok(DepartmentTask {
            case_id,
            opened: instant(opened)?,
            answered: answered.map(instant).transpose()?,
        })
    }
}

/// From opening to answer, one sample per answered task; an unanswered task is pending.
pub fn task_turnaround(tasks: &[DepartmentTask], cal: &BusinessCalendar) -> Durations {
    let mut out = Durations::new();
    for task in tasks {
        match task.answered {
            Some(at) => out.measured(Sample::between(task.case_id, task.opened, at, cal)),
            None => out.waiting(task.case_id),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::durations::Basis;
    use super::super::testkit::*;
    use super::*;

    #[test]
    fn turnaround_is_counted_on_both_clocks() {
        let tasks = [
            // Tuesday 14:00 to Thursday 10:00: 44 h calendar, 4 + 9 + 1 = 14 business.
            DepartmentTask::new(
                id(1),
                taipei("2026-12-08 14:00"),
                Some(taipei("2026-12-10 10:00")),
            )
            .unwrap(),
            // Saturday 10:00 to Saturday 12:00: two calendar hours, none of business.
            DepartmentTask::new(
                id(2),
                taipei("2026-12-12 10:00"),
                Some(taipei("2026-12-12 12:00")),
            )
            .unwrap(),
            DepartmentTask::new(id(3), taipei("2026-12-08 14:00"), None).unwrap(),
        ];
        let d = task_turnaround(&tasks, &office());
        let got: Vec<_> = d
            .samples()
            .iter()
            .map(|s| (s.calendar, s.business))
            .collect();
        assert_eq!(got, vec![(hm(44, 0), hm(14, 0)), (hm(2, 0), hm(0, 0))]);
        assert_eq!(d.pending(), &[id(3)]);
        assert_eq!(d.median(Basis::Business).unwrap().id, id(2));
    }

    #[test]
    fn an_answer_before_the_question_is_refused() {
        assert_eq!(
            DepartmentTask::new(id(1), 10, Some(9)),
            Err(InputError::EndsBeforeStart { start: 10, end: 9 })
        );
    }
}
