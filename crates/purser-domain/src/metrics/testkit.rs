//! Hand-built histories for the golden tests: a Taipei office open Monday to Friday,
//! 09:00-18:00, and instants written as its local time.

use super::timeline::{Event, EventKind, Timeline};
use crate::cases::calendar::{BusinessCalendar, CalendarSpec};
use jiff::SignedDuration;
use jiff::civil::DateTime;
use jiff::tz::TimeZone;
use uuid::Uuid;

/// Asia/Taipei (UTC+8, no DST), weekdays 09:00-18:00, no holidays.
pub fn office() -> BusinessCalendar {
    let day = || vec!["09:00-18:00".to_string()];
    BusinessCalendar::from_spec(&CalendarSpec {
        time_zone: "Asia/Taipei".into(),
        weekly: vec![day(), day(), day(), day(), day(), vec![], vec![]],
        holidays: vec![],
    })
    .unwrap()
}

/// `2026-12-07 10:00` in Taipei as stored microseconds (2026-12-07 is a Monday).
pub fn taipei(local: &str) -> i64 {
    let dt: DateTime = local.parse().unwrap();
    dt.to_zoned(TimeZone::get("Asia/Taipei").unwrap())
        .unwrap()
        .timestamp()
        .as_microsecond()
}

pub fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

pub fn hm(hours: i64, minutes: i64) -> SignedDuration {
    SignedDuration::from_hours(hours) + SignedDuration::from_mins(minutes)
}

/// A checked timeline of case `n` from `(Taipei local time, kind)` pairs.
pub fn timeline(n: u128, events: &[(&str, EventKind)]) -> Timeline {
    let events: Vec<Event> = events
        .iter()
        .map(|&(local, kind)| Event {
            at: taipei(local),
            kind,
        })
        .collect();
    Timeline::new(id(n), &events).unwrap()
}
