//! One rule for every due date a person sets — a follow-up promised to a customer, a
//! question asked of a department: it must lie ahead of now. Forms and the API refuse a past
//! one with the same message wherever it is typed.

/// What a due date that does not lie ahead is told.
pub const NOT_AHEAD: &str = "must be in the future";

/// `due` (microseconds) if it lies after `now`, else the refusal's message.
pub fn ahead(due: i64, now: i64) -> Result<i64, &'static str> {
    if due > now { Ok(due) } else { Err(NOT_AHEAD) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn now_itself_is_not_ahead() {
        assert_eq!(ahead(5, 5), Err(NOT_AHEAD));
        assert_eq!(ahead(6, 5), Ok(6));
    }

    proptest! {
        #[test]
        fn a_due_date_is_taken_exactly_when_it_lies_after_now(due in any::<i64>(), now in any::<i64>()) {
            match ahead(due, now) {
                Ok(d) => { prop_assert!(due > now); prop_assert_eq!(d, due); }
                Err(m) => { prop_assert!(due <= now); prop_assert_eq!(m, NOT_AHEAD); }
            }
        }
    }
}
