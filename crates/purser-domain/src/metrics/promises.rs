//! Follow-up promises kept on time: "I will call you back by three" is a promise the
//! customer remembers, so the desk counts whether it kept it.

use super::drill::{Outcome, Ratio};
use uuid::Uuid;

/// A follow-up promised on a case: due and done as stored microseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Promise {
    pub case_id: Uuid,
    pub due: i64,
    pub done: Option<i64>,
}

/// Of the decided promises, those done no later than due. A promise is decided once done,
/// or once `now` is past its due time undone (already broken, whenever it is done). One
/// entry per promise.
pub fn promises_kept(promises: &[Promise], now: i64) -> Ratio {
    promises
        .iter()
        .map(|p| {
            let outcome = match p.done {
                Some(done) if done <= p.due => Outcome::Hit,
                Some(_) => Outcome::Miss,
                None if now > p.due => Outcome::Miss,
                None => Outcome::Pending,
            };
            (p.case_id, outcome)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::testkit::id;
    use super::*;

    #[test]
    fn a_promise_is_kept_when_done_by_its_due_time() {
        let p = |n, due, done| Promise {
            case_id: id(n),
            due,
            done,
        };
        let r = promises_kept(
            &[
                p(1, 100, Some(100)),
                p(2, 100, Some(101)),
                p(3, 100, None),
                p(4, 300, None),
                p(1, 50, Some(10)),
            ],
            200,
        );
        assert_eq!(r.numerator(), &[id(1), id(1)]);
        assert_eq!(r.misses(), &[id(2), id(3)]);
        assert_eq!(r.pending(), &[id(4)]);
        assert_eq!(r.percent(), Some(50.0));
    }
}
