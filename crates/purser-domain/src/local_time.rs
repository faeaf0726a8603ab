//! Times as a person reads them: in their own zone, with the zone named, so "20:31" is
//! never taken for UTC by a colleague in Taipei or for Taipei time by one in Rotterdam.
//! The zone is the user's own setting, else their team's, else UTC.

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::TimeZone;

/// The zone to show a user's times in: their own setting, else their team's, else UTC.
/// A name the time-zone database does not know is skipped, not an error: a page still shows.
pub fn viewer_zone(user: Option<&str>, team: Option<&str>) -> TimeZone {
    [user, team]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|z| !z.is_empty())
        .find_map(|z| TimeZone::get(z).ok())
        .unwrap_or(TimeZone::UTC)
}

/// The zone's name as shown beside a time ("Asia/Taipei", "UTC").
pub fn zone_name(tz: &TimeZone) -> &str {
    tz.iana_name().unwrap_or("UTC")
}

/// Micros since the epoch as "2026-12-07 20:31 (Asia/Taipei)".
pub fn format(micros: i64, tz: &TimeZone) -> String {
    match Timestamp::from_microsecond(micros) {
        Ok(t) => format!(
            "{} ({})",
            t.to_zoned(tz.clone()).strftime("%Y-%m-%d %H:%M"),
            zone_name(tz)
        ),
        Err(_) => String::new(),
    }
}

/// Only the clock time in the zone ("12:01"), for "replying since 12:01".
pub fn clock(micros: i64, tz: &TimeZone) -> String {
    Timestamp::from_microsecond(micros)
        .map(|t| t.to_zoned(tz.clone()).strftime("%H:%M").to_string())
        .unwrap_or_default()
}

/// A wall-clock time the user typed (`2026-12-07T20:31`, a form's `datetime-local`) read in
/// their zone, as micros; in a gap of a daylight-saving change the later reading is taken.
pub fn parse_local(s: &str, tz: &TimeZone) -> Option<i64> {
    let dt: DateTime = s.trim().parse().ok()?;
    tz.to_ambiguous_timestamp(dt)
        .later()
        .ok()
        .map(|t| t.as_microsecond())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn micros(s: &str) -> i64 {
        s.parse::<Timestamp>().unwrap().as_microsecond()
    }

    #[test]
    fn a_time_reads_in_the_viewers_zone_with_the_zone_named() {
        let t = micros("2026-12-07T12:31:00Z");
        let taipei = viewer_zone(Some("Asia/Taipei"), Some("Europe/Amsterdam"));
        assert_eq!(format(t, &taipei), "2026-12-07 20:31 (Asia/Taipei)");
        let team = viewer_zone(None, Some("Europe/Amsterdam"));
        assert_eq!(format(t, &team), "2026-12-07 13:31 (Europe/Amsterdam)");
        assert_eq!(
            format(t, &viewer_zone(None, None)),
            "2026-12-07 12:31 (UTC)"
        );
        assert_eq!(clock(t, &taipei), "20:31");
    }

    #[test]
    fn an_unknown_or_empty_zone_falls_through_to_the_next() {
        assert_eq!(
            zone_name(&viewer_zone(Some("Mars/Olympus"), Some("Asia/Tokyo"))),
            "Asia/Tokyo"
        );
        assert_eq!(zone_name(&viewer_zone(Some(" "), None)), "UTC");
    }

    #[test]
    fn typed_wall_clock_times_are_read_in_the_zone() {
        let taipei = TimeZone::get("Asia/Taipei").unwrap();
        assert_eq!(
            parse_local("2026-12-07T20:31", &taipei),
            Some(micros("2026-12-07T12:31:00Z"))
        );
        assert_eq!(parse_local("yesterday", &taipei), None);
        // Amsterdam skips 02:00–03:00 on 2026-03-29: the typed 02:30 is taken as 03:30 CEST
        let ams = TimeZone::get("Europe/Amsterdam").unwrap();
        assert_eq!(
            parse_local("2026-03-29T02:30", &ams),
            Some(micros("2026-03-29T01:30:00Z"))
        );
    }

    proptest! {
        /// Whatever the zone, a minute shown and typed back is the same minute.
        #[test]
        fn what_is_shown_reads_back_as_the_same_minute(
            minute in 0i64..(60 * 24 * 366 * 30),
            zone in prop::sample::select(vec!["UTC", "Asia/Taipei", "Europe/Amsterdam", "America/New_York", "Asia/Kolkata"]),
        ) {
            let tz = TimeZone::get(zone).unwrap();
            let t = minute * 60_000_000;
            let shown = format(t, &tz);
            let (wall, named) = shown.split_once(" (").unwrap();
            prop_assert_eq!(named.trim_end_matches(')'), zone);
            let back = parse_local(&wall.replace(' ', "T"), &tz).unwrap();
            // in the repeated hour of a fall-back the later reading is taken: an hour apart
            prop_assert!(back == t || back - t == 3_600_000_000, "{shown}");
        }
    }
}
