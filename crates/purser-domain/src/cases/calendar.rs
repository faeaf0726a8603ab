//! Business calendars: the working hours an SLA clock counts in.
//!
//! A calendar is a week of local working periods plus whole-day holidays in one IANA time
//! zone. Business time is wall-clock time there: `09:00-18:00` means nine to six on the
//! office's clocks in every season. Across a DST change a period lasts the *real* time
//! between the real instants its two ends name, so `01:00-04:00` is two hours on the night
//! the clocks spring forward and four on the night they fall back. A local time skipped by
//! a gap is read as the instant the gap starts; a time that happens twice is read as its
//! first occurrence. Both readings keep instants in local order, so periods never overlap.

use crate::customers::check_time_zone;
use crate::validation::Problems;
use jiff::civil::Date;
use jiff::tz::{AmbiguousOffset, TimeZone};
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use utoipa::ToSchema;

/// A calendar as an admin writes it and the API sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CalendarSpec {
    /// IANA time zone, e.g. `Asia/Taipei`.
    pub time_zone: String,
    /// Seven entries, Monday first; each a list of `HH:MM-HH:MM` periods.
    #[schema(min_items = 7, max_items = 7)]
    pub weekly: Vec<Vec<String>>,
    #[serde(default)]
    pub holidays: Vec<HolidaySpec>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct HolidaySpec {
    /// `YYYY-MM-DD`, a whole day off in the calendar's time zone.
    pub date: String,
    pub name: String,
}

const DAY_MINUTES: u16 = 24 * 60;
const DAY_SECS: i64 = 86_400;
/// A search that meets no working time for this many days in a row gives up (ten years).
const GIVE_UP_DAYS: i64 = 3_653;
/// More weeks than the whole timestamp range holds; bounds bulk skips against overflow.
const MAX_SKIP_WEEKS: i64 = 1_100_000;

/// A checked calendar: only [`BusinessCalendar::from_spec`] and
/// [`BusinessCalendar::always_open`] make one, so its hours are sorted, disjoint and
/// non-empty over the week.
#[derive(Debug, Clone)]
pub struct BusinessCalendar {
    tz: TimeZone,
    /// Per weekday, Monday first: sorted, disjoint minute ranges `[start, end)` of the
    /// local day (`end` may be 1440, the next midnight); touching periods are merged.
    weekly: [Vec<(u16, u16)>; 7],
    /// Business time of any seven days with no holiday and no change of UTC offset.
    week_total: SignedDuration,
    holidays: BTreeSet<Date>,
}

impl BusinessCalendar {
    /// Checks a spec, naming every bad field (`time_zone`, `weekly/2/1`, `holidays/3/date`)
    /// at once so the admin can fix them in one go.
    pub fn from_spec(spec: &CalendarSpec) -> Result<BusinessCalendar, Problems> {
        let mut problems = Problems::new();
        check_time_zone(&mut problems, "time_zone", &spec.time_zone);
        if spec.weekly.len() != 7 {
            problems.add(
                "weekly",
                format!(
                    "must have 7 entries, Monday first, not {}",
                    spec.weekly.len()
                ),
            );
        }
        let mut weekly: [Vec<(u16, u16)>; 7] = Default::default();
        let mut periods_ok = true;
        for (day, periods) in spec.weekly.iter().enumerate() {
            match check_day(day, periods, &mut problems) {
                Some(parsed) if day < 7 => weekly[day] = parsed,
                Some(_) => {}
                None => periods_ok = false,
            }
        }
        let week_minutes: i64 = weekly
            .iter()
            .flatten()
            .map(|&(s, e)| i64::from(e - s))
            .sum();
        if spec.weekly.len() == 7 && periods_ok && week_minutes == 0 {
            problems.add("weekly", "has no working hours");
        }
        let mut holidays = BTreeSet::new();
        for (i, holiday) in spec.holidays.iter().enumerate() {
            match parse_iso_date(holiday.date.trim()) {
                Some(date) => {
                    holidays.insert(date);
                }
                None => problems.add(format!("holidays/{i}/date"), "must be a date YYYY-MM-DD"),
            }
            problems.text(&format!("holidays/{i}/name"), &holiday.name, true, 200);
        }
        match TimeZone::get(&spec.time_zone) {
            Ok(tz) if problems.is_empty() => Ok(BusinessCalendar {
                tz,
                weekly,
                week_total: SignedDuration::from_mins(week_minutes),
                holidays,
            }),
            _ => Err(problems),
        }
    }

    /// 24x7 in UTC with no holidays: what a policy without a calendar counts in.
    pub fn always_open() -> BusinessCalendar {
        BusinessCalendar {
            tz: TimeZone::UTC,
            weekly: std::array::from_fn(|_| vec![(0, DAY_MINUTES)]),
            week_total: SignedDuration::from_hours(7 * 24),
            holidays: BTreeSet::new(),
        }
    }

    /// Whether `t` falls inside working hours. Cost: a few time-zone lookups.
    pub fn is_open(&self, t: Timestamp) -> bool {
        let day = self.local_date(t);
        // A fold across midnight can put `t` in a neighbouring day's period.
        [day.yesterday().ok(), Some(day), day.tomorrow().ok()]
            .into_iter()
            .flatten()
            .any(|d| self.periods(d).any(|(a, b)| a <= t && t < b))
    }

    /// The instant at which `d` of business time has elapsed after `start`; counting starts
    /// at the next opening when `start` is outside hours, and `d <= 0` gives `start`.
    ///
    /// Cost: microseconds. It walks working periods day by day, and jumps whole weeks at
    /// once through stretches with no holiday and no DST change, so a target of years costs
    /// about as much as one of days. A calendar that stays closed for ten years in a row
    /// (only possible through thousands of holidays) stops the search: the answer is then
    /// the local midnight ten years after the last working time it found. Results past the
    /// end of the timestamp range saturate at [`Timestamp::MAX`].
    pub fn add_business(&self, start: Timestamp, d: SignedDuration) -> Timestamp {
        if d <= SignedDuration::ZERO {
            return start;
        }
        let mut left = d;
        let first = self.local_date(start);
        let mut day = first.yesterday().unwrap_or(first);
        let mut idle_days = 0;
        loop {
            if left > self.week_total {
                let midnight = self.instant(day, 0);
                if midnight >= start {
                    let wanted = (left.as_nanos() - 1) / self.week_total.as_nanos();
                    let wanted = i64::try_from(wanted).unwrap_or(i64::MAX);
                    let weeks = self.steady_weeks(day, midnight).min(wanted);
                    if weeks > 0 {
                        let Some(next) = add_days(day, 7 * weeks) else {
                            return Timestamp::MAX;
                        };
                        left -= weeks_of(self.week_total, weeks);
                        day = next;
                        idle_days = 0;
                        continue;
                    }
                }
            }
            for (a, b) in self.periods(day) {
                let a = a.max(start);
                if a >= b {
                    continue;
                }
                let len = b.duration_since(a);
                if left <= len {
                    return a.checked_add(left).unwrap_or(Timestamp::MAX);
                }
                left -= len;
                idle_days = 0;
            }
            idle_days += 1;
            if idle_days > GIVE_UP_DAYS {
                return self.instant(day, DAY_MINUTES);
            }
            let Ok(next) = day.tomorrow() else {
                return Timestamp::MAX;
            };
            day = next;
        }
    }

    /// Business time inside `[from, to)`; zero when `to <= from`.
    ///
    /// Cost: like [`BusinessCalendar::add_business`], microseconds even over years.
    pub fn business_between(&self, from: Timestamp, to: Timestamp) -> SignedDuration {
        let mut sum = SignedDuration::ZERO;
        if to <= from {
            return sum;
        }
        let first = self.local_date(from);
        let mut day = first.yesterday().unwrap_or(first);
        loop {
            let midnight = self.instant(day, 0);
            if midnight >= to {
                return sum;
            }
            if midnight >= from {
                let span_weeks = to.duration_since(midnight).as_secs() / (7 * DAY_SECS);
                if span_weeks > 0 {
                    let weeks = self.steady_weeks(day, midnight).min(span_weeks);
                    if weeks > 0 {
                        let Some(next) = add_days(day, 7 * weeks) else {
                            return sum;
                        };
                        sum += weeks_of(self.week_total, weeks);
                        day = next;
                        continue;
                    }
                }
            }
            for (a, b) in self.periods(day) {
                let (a, b) = (a.max(from), b.min(to));
                if a < b {
                    sum += b.duration_since(a);
                }
            }
            let Ok(next) = day.tomorrow() else {
                return sum;
            };
            day = next;
        }
    }

    fn local_date(&self, t: Timestamp) -> Date {
        self.tz.to_datetime(t).date()
    }

    /// The real, non-empty working intervals of one local day, in order.
    fn periods(&self, day: Date) -> impl Iterator<Item = (Timestamp, Timestamp)> + '_ {
        let hours: &[(u16, u16)] = if self.holidays.contains(&day) {
            &[]
        } else {
            &self.weekly[day.weekday().to_monday_zero_offset() as usize]
        };
        hours
            .iter()
            .map(move |&(s, e)| (self.instant(day, s), self.instant(day, e)))
            .filter(|(a, b)| a < b)
    }

    /// The first real instant at which the local clock shows `minute` of `day` (1440 is the
    /// next midnight); a time inside a DST gap reads as the instant the gap starts.
    fn instant(&self, day: Date, minute: u16) -> Timestamp {
        let (date, minute) = if minute >= DAY_MINUTES {
            match day.tomorrow() {
                Ok(next) => (next, 0),
                Err(_) => return Timestamp::MAX,
            }
        } else {
            (day, minute)
        };
        let dt = date.at((minute / 60) as i8, (minute % 60) as i8, 0, 0);
        let instant = match self.tz.to_ambiguous_timestamp(dt).offset() {
            AmbiguousOffset::Unambiguous { offset } => offset.to_timestamp(dt),
            AmbiguousOffset::Fold { before, after } => before
                .to_timestamp(dt)
                .and_then(|b| after.to_timestamp(dt).map(|a| a.min(b))),
            // Read with the later offset, the time lies just before the transition.
            AmbiguousOffset::Gap { after, .. } => after.to_timestamp(dt).map(|probe| {
                self.tz
                    .following(probe)
                    .next()
                    .map_or(probe, |t| t.timestamp())
            }),
        };
        instant.unwrap_or(if date.year() > 0 {
            Timestamp::MAX
        } else {
            Timestamp::MIN
        })
    }

    /// How many whole weeks from `day` (whose local midnight is `midnight`) hold exactly
    /// `week_total`: no holiday, and no UTC offset change within a day's margin.
    fn steady_weeks(&self, day: Date, midnight: Timestamp) -> i64 {
        let mut days = i64::MAX;
        let probe = midnight
            .checked_sub(SignedDuration::from_hours(48))
            .unwrap_or(Timestamp::MIN);
        if let Some(change) = self.tz.following(probe).next() {
            let until = change.timestamp().duration_since(midnight).as_secs();
            days = until.div_euclid(DAY_SECS) - 1;
        }
        if let Some(holiday) = self.holidays.range(day..).next() {
            days = days.min(day.duration_until(*holiday).as_secs() / DAY_SECS);
        }
        (days / 7).clamp(0, MAX_SKIP_WEEKS)
    }
}

fn add_days(day: Date, days: i64) -> Option<Date> {
    day.checked_add(SignedDuration::from_secs(days * DAY_SECS))
        .ok()
}

fn weeks_of(week_total: SignedDuration, weeks: i64) -> SignedDuration {
    SignedDuration::from_nanos_i128(week_total.as_nanos() * i128::from(weeks))
}

/// Parses and checks one weekday's periods, adding a problem per bad period; `None` when
/// any was bad.
fn check_day(day: usize, periods: &[String], problems: &mut Problems) -> Option<Vec<(u16, u16)>> {
    let mut parsed = Vec::with_capacity(periods.len());
    let mut ok = true;
    for (i, text) in periods.iter().enumerate() {
        match parse_period(text) {
            Ok(period) => parsed.push((period, i)),
            Err(message) => {
                problems.add(format!("weekly/{day}/{i}"), message);
                ok = false;
            }
        }
    }
    parsed.sort_unstable();
    let mut furthest: Option<(u16, u16)> = None;
    for &(period, i) in &parsed {
        if let Some(other) = furthest
            && period.0 < other.1
        {
            problems.add(
                format!("weekly/{day}/{i}"),
                format!("overlaps {}-{}", clock(other.0), clock(other.1)),
            );
            ok = false;
        }
        if furthest.is_none_or(|other| period.1 > other.1) {
            furthest = Some(period);
        }
    }
    if !ok {
        return None;
    }
    let mut merged: Vec<(u16, u16)> = Vec::with_capacity(parsed.len());
    for (period, _) in parsed {
        match merged.last_mut() {
            Some(last) if last.1 == period.0 => last.1 = period.1,
            _ => merged.push(period),
        }
    }
    Some(merged)
}

fn parse_period(text: &str) -> Result<(u16, u16), &'static str> {
    const FORMAT: &str = "must be HH:MM-HH:MM, e.g. 09:00-18:00";
    let (start, end) = text.split_once('-').ok_or(FORMAT)?;
    let start = parse_clock(start.trim())
        .filter(|&m| m < DAY_MINUTES)
        .ok_or(FORMAT)?;
    let end = parse_clock(end.trim()).ok_or(FORMAT)?;
    if end < start {
        Err("ends before it starts")
    } else if end == start {
        Err("is empty")
    } else {
        Ok((start, end))
    }
}

/// `HH:MM` as minutes of the day; `24:00` is allowed (the end of the day).
fn parse_clock(text: &str) -> Option<u16> {
    let (h, m) = text.split_once(':')?;
    let digits = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(h) || !digits(m) {
        return None;
    }
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    (m < 60 && (h < 24 || (h == 24 && m == 0))).then_some(h * 60 + m)
}

fn clock(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Strictly `YYYY-MM-DD`.
fn parse_iso_date(text: &str) -> Option<Date> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    date_from_parts(&text[0..4], &text[5..7], &text[8..10])
}

fn date_from_parts(y: &str, m: &str, d: &str) -> Option<Date> {
    let all_digits = [y, m, d]
        .iter()
        .all(|s| s.bytes().all(|b| b.is_ascii_digit()));
    if !all_digits {
        return None;
    }
    Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()
}

/// Reads the holidays of an iCalendar file (a public-holiday feed) as whole days.
///
/// All-day events (`DTSTART;VALUE=DATE:20270205`, optional exclusive `DTEND`) give one
/// holiday per day; timed events give the day they start on. `SUMMARY` is the name.
/// Recurring events are refused rather than read as their first occurrence only.
pub fn holidays_from_ics(text: &str) -> Result<Vec<HolidaySpec>, String> {
    let mut holidays = Vec::new();
    let mut event: Option<IcsEvent> = None;
    for (line_no, line) in unfold(text) {
        if line.trim().is_empty() {
            continue;
        }
        let Some((name, params, value)) = split_property(&line) else {
            return Err(format!(
                "line {line_no}: expected NAME:value, found {line:?}"
            ));
        };
        let name = name.to_ascii_uppercase();
        let Some(current) = event.as_mut() else {
            if name == "BEGIN" && value.trim().eq_ignore_ascii_case("VEVENT") {
                event = Some(IcsEvent::new(line_no));
            } else if name == "END" && value.trim().eq_ignore_ascii_case("VEVENT") {
                return Err(format!("line {line_no}: END:VEVENT without BEGIN:VEVENT"));
            }
            continue;
        };
        match name.as_str() {
            "BEGIN" => current.nested += 1,
            "END" if current.nested > 0 => current.nested -= 1,
            "END" if value.trim().eq_ignore_ascii_case("VEVENT") => {
                if let Some(event) = event.take() {
                    holidays.extend(event.finish()?);
                }
            }
            "END" => {
                return Err(format!(
                    "line {line_no}: END:{} inside an event; expected END:VEVENT",
                    value.trim()
                ));
            }
            _ if current.nested > 0 => {}
            "DTSTART" => current.start = Some(ics_date(params, value, line_no)?),
            "DTEND" => current.end = Some(ics_date(params, value, line_no)?),
            "SUMMARY" => current.summary = Some(unescape_text(value).trim().to_string()),
            "RRULE" | "RDATE" => {
                return Err(format!(
                    "line {line_no}: recurring events are not supported; list each holiday"
                ));
            }
            _ => {}
        }
    }
    match event {
        Some(event) => Err(format!("line {}: BEGIN:VEVENT is never ended", event.line)),
        None => Ok(holidays),
    }
}

struct IcsEvent {
    line: usize,
    /// Nesting depth of components inside the event (alarms); their properties are skipped.
    nested: usize,
    /// The date, whether it was a plain date (not a date-time), and its line.
    start: Option<(Date, bool, usize)>,
    end: Option<(Date, bool, usize)>,
    summary: Option<String>,
}

impl IcsEvent {
    fn new(line: usize) -> Self {
        IcsEvent {
            line,
            nested: 0,
            start: None,
            end: None,
            summary: None,
        }
    }

    fn finish(self) -> Result<Vec<HolidaySpec>, String> {
        let line = self.line;
        let (start, all_day, _) = self
            .start
            .ok_or_else(|| format!("line {line}: event has no DTSTART"))?;
        let name = self
            .summary
            .filter(|s| !s.is_empty())
            .ok_or_else(|| format!("line {line}: event has no SUMMARY"))?;
        let days = match self.end {
            Some((end, true, end_line)) if all_day => {
                if end < start {
                    return Err(format!("line {end_line}: DTEND is before DTSTART"));
                }
                let days = start.duration_until(end).as_secs() / DAY_SECS;
                if days > 366 {
                    return Err(format!("line {end_line}: event spans more than a year"));
                }
                days.max(1)
            }
            _ => 1,
        };
        let mut out = Vec::with_capacity(days as usize);
        let mut day = start;
        for _ in 0..days {
            out.push(HolidaySpec {
                date: day.to_string(),
                name: name.clone(),
            });
            day = day.tomorrow().map_err(|e| format!("line {line}: {e}"))?;
        }
        Ok(out)
    }
}

/// Joins folded lines (a line starting with a space or tab continues the previous one),
/// keeping the number of the line each logical line starts on.
fn unfold(text: &str) -> Vec<(usize, String)> {
    let mut lines: Vec<(usize, String)> = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        match (raw.strip_prefix([' ', '\t']), lines.last_mut()) {
            (Some(rest), Some((_, last))) => last.push_str(rest),
            _ => lines.push((i + 1, raw.to_string())),
        }
    }
    lines
}

/// `NAME;PARAM=x;PARAM="a:b":value` into name, parameters and value.
fn split_property(line: &str) -> Option<(&str, &str, &str)> {
    let mut quoted = false;
    let colon = line.char_indices().find_map(|(i, c)| match c {
        '"' => {
            quoted = !quoted;
            None
        }
        ':' if !quoted => Some(i),
        _ => None,
    })?;
    let (head, value) = (&line[..colon], &line[colon + 1..]);
    let (name, params) = head.split_once(';').unwrap_or((head, ""));
    let name = name.trim();
    (!name.is_empty()).then_some((name, params, value))
}

/// A `DTSTART`/`DTEND` value: the date, and whether it was a plain date.
fn ics_date(params: &str, value: &str, line_no: usize) -> Result<(Date, bool, usize), String> {
    let value = value.trim();
    let date_only = value.len() == 8
        || params
            .split(';')
            .any(|p| p.trim().eq_ignore_ascii_case("VALUE=DATE"));
    let date = value
        .get(0..8)
        .filter(|_| value.len() == 8 || value.as_bytes()[8] == b'T')
        .and_then(|d| date_from_parts(&d[0..4], &d[4..6], &d[6..8]));
    match date {
        Some(date) => Ok((date, date_only, line_no)),
        None => Err(format!(
            "line {line_no}: expected a date YYYYMMDD or date-time YYYYMMDDTHHMMSS, found {value:?}"
        )),
    }
}

/// iCalendar TEXT escapes: `\,` `\;` `\n` `\\`.
fn unescape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(escaped @ (',' | ';' | '\\')) => out.push(escaped),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// Calendars and instants for property tests, shared with the SLA clock's tests.
#[cfg(test)]
pub(crate) mod strategies {
    use super::*;
    use proptest::prelude::*;

    /// Zones with and without DST, a 30-minute DST (Lord Howe) and changes at midnight
    /// (Santiago).
    pub const ZONES: &[&str] = &[
        "UTC",
        "Asia/Taipei",
        "America/New_York",
        "Europe/London",
        "Australia/Lord_Howe",
        "America/Santiago",
    ];

    /// 2025-01-01T00:00:00Z and 2029-01-01T00:00:00Z.
    const FROM_SECS: i64 = 1_735_689_600;
    const TO_SECS: i64 = 1_861_920_000;

    pub fn day_hours() -> impl Strategy<Value = Vec<String>> {
        // Quarter hours, often in the small hours where clocks change (00:00-04:00).
        let cut = prop_oneof![0u16..=96, 0u16..=16];
        prop::collection::btree_set(cut, 0..=6).prop_map(|cuts| {
            let cuts: Vec<u16> = cuts.into_iter().map(|q| q * 15).collect();
            cuts.chunks_exact(2)
                .map(|p| format!("{}-{}", clock(p[0]), clock(p[1])))
                .collect()
        })
    }

    pub fn holiday(index: i64) -> HolidaySpec {
        let day = add_days(Date::constant(2025, 1, 1), index).unwrap();
        HolidaySpec {
            date: day.to_string(),
            name: format!("holiday {index}"),
        }
    }

    pub fn spec() -> impl Strategy<Value = CalendarSpec> {
        (
            prop::sample::select(ZONES),
            prop::collection::vec(day_hours(), 7)
                .prop_filter("some working hours", |w| w.iter().any(|d| !d.is_empty())),
            prop::collection::vec(0i64..1_600, 0..40),
        )
            .prop_map(|(zone, weekly, holidays)| CalendarSpec {
                time_zone: zone.to_string(),
                weekly,
                holidays: holidays.into_iter().map(holiday).collect(),
            })
    }

    pub fn calendar() -> impl Strategy<Value = BusinessCalendar> {
        spec().prop_map(|s| BusinessCalendar::from_spec(&s).unwrap())
    }

    pub fn instant() -> impl Strategy<Value = Timestamp> {
        (
            FROM_SECS..TO_SECS,
            prop_oneof![Just(0), 0..1_000_000_000i32],
        )
            .prop_map(|(s, n)| Timestamp::new(s, n).unwrap())
    }

    /// Up to an hour, a month or two years, to the nanosecond.
    pub fn duration() -> impl Strategy<Value = SignedDuration> {
        (
            prop_oneof![0i64..3_600, 0i64..30 * DAY_SECS, 0i64..730 * DAY_SECS],
            prop_oneof![Just(0), 0..1_000_000_000i32],
        )
            .prop_map(|(s, n)| SignedDuration::new(s, n))
    }
}

#[cfg(test)]
mod tests {
    use super::strategies::*;
    use super::*;
    use proptest::prelude::*;

    fn ts(text: &str, zone: &str) -> Timestamp {
        text.parse::<jiff::civil::DateTime>()
            .unwrap()
            .to_zoned(TimeZone::get(zone).unwrap())
            .unwrap()
            .timestamp()
    }

    fn make_spec(zone: &str, weekly: [&[&str]; 7], holidays: &[(&str, &str)]) -> CalendarSpec {
        CalendarSpec {
            time_zone: zone.to_string(),
            weekly: weekly
                .iter()
                .map(|d| d.iter().map(|p| p.to_string()).collect())
                .collect(),
            holidays: holidays
                .iter()
                .map(|(date, name)| HolidaySpec {
                    date: date.to_string(),
                    name: name.to_string(),
                })
                .collect(),
        }
    }

    const OFFICE: &[&str] = &["09:00-18:00"];
    const WEEKDAYS: [&[&str]; 7] = [OFFICE, OFFICE, OFFICE, OFFICE, OFFICE, &[], &[]];

    fn taipei() -> BusinessCalendar {
        let ics = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20270205\r\n\
                   DTEND;VALUE=DATE:20270211\r\nSUMMARY:農曆春節\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        let mut s = make_spec("Asia/Taipei", WEEKDAYS, &[]);
        s.holidays = holidays_from_ics(ics).unwrap();
        BusinessCalendar::from_spec(&s).unwrap()
    }

    fn fields(problems: &Problems) -> Vec<(&str, &str)> {
        problems
            .0
            .iter()
            .map(|e| (e.field.as_str(), e.message.as_str()))
            .collect()
    }

    /// Sums every day's periods without jumping weeks: the plain reading of the rules.
    fn walked_between(cal: &BusinessCalendar, from: Timestamp, to: Timestamp) -> SignedDuration {
        let mut sum = SignedDuration::ZERO;
        let mut day = cal.local_date(from).yesterday().unwrap();
        while cal.instant(day, 0) < to {
            for (a, b) in cal.periods(day) {
                let (a, b) = (a.max(from), b.min(to));
                if a < b {
                    sum += b.duration_since(a);
                }
            }
            day = day.tomorrow().unwrap();
        }
        sum
    }

    #[test]
    fn friday_afternoon_target_lands_on_monday_morning_in_taipei() {
        let cal = taipei();
        let friday = ts("2027-01-29T17:00", "Asia/Taipei");
        let due = cal.add_business(friday, SignedDuration::from_hours(2));
        assert_eq!(due, ts("2027-02-01T10:00", "Asia/Taipei"));
        assert_eq!(
            cal.business_between(friday, due),
            SignedDuration::from_hours(2)
        );
    }

    #[test]
    fn lunar_new_year_is_skipped_in_taipei() {
        let cal = taipei();
        let thursday = ts("2027-02-04T17:00", "Asia/Taipei");
        let due = cal.add_business(thursday, SignedDuration::from_hours(2));
        assert_eq!(due, ts("2027-02-11T10:00", "Asia/Taipei"));
        assert!(!cal.is_open(ts("2027-02-08T10:00", "Asia/Taipei")));
        assert!(cal.is_open(ts("2027-02-11T09:00", "Asia/Taipei")));
        assert!(!cal.is_open(ts("2027-02-11T18:00", "Asia/Taipei")));
        // A week with the holidays holds one working hour on Thursday the 4th.
        let week = cal.business_between(
            ts("2027-02-04T17:00", "Asia/Taipei"),
            ts("2027-02-11T09:00", "Asia/Taipei"),
        );
        assert_eq!(week, SignedDuration::from_hours(1));
    }

    #[test]
    fn new_york_deadline_keeps_local_hours_across_the_march_change() {
        let cal =
            BusinessCalendar::from_spec(&make_spec("America/New_York", WEEKDAYS, &[])).unwrap();
        // Clocks spring forward on Sunday 2027-03-14; Monday still opens at 09:00 local.
        let friday = ts("2027-03-12T17:00", "America/New_York");
        let due = cal.add_business(friday, SignedDuration::from_hours(2));
        assert_eq!(due, ts("2027-03-15T10:00", "America/New_York"));
        assert_eq!(due.to_string(), "2027-03-15T14:00:00Z");
        assert_eq!(friday.to_string(), "2027-03-12T22:00:00Z");
    }

    #[test]
    fn periods_across_a_dst_change_last_their_real_time() {
        let night: [&[&str]; 7] = [&[], &[], &[], &[], &[], &[], &["01:00-04:00"]];
        let cal = BusinessCalendar::from_spec(&make_spec("America/New_York", night, &[])).unwrap();
        let whole_day = |date: &str| {
            cal.business_between(
                ts(&format!("{date}T00:00"), "America/New_York"),
                ts(&format!("{date}T12:00"), "America/New_York"),
            )
        };
        assert_eq!(whole_day("2027-03-07"), SignedDuration::from_hours(3));
        assert_eq!(whole_day("2027-03-14"), SignedDuration::from_hours(2));
        assert_eq!(whole_day("2027-11-07"), SignedDuration::from_hours(4));
        // Around the clock, business time is real time even on the short day.
        let open =
            BusinessCalendar::from_spec(&make_spec("America/New_York", [&["00:00-24:00"]; 7], &[]))
                .unwrap();
        let saturday = ts("2027-03-13T12:00", "America/New_York");
        let due = open.add_business(saturday, SignedDuration::from_hours(24));
        assert_eq!(due, ts("2027-03-14T13:00", "America/New_York"));
    }

    #[test]
    fn a_period_inside_a_dst_gap_is_empty() {
        let gap: [&[&str]; 7] = [OFFICE, &[], &[], &[], &[], &[], &["02:15-02:45"]];
        let cal = BusinessCalendar::from_spec(&make_spec("America/New_York", gap, &[])).unwrap();
        let sunday = ts("2027-03-14T00:00", "America/New_York");
        let monday = ts("2027-03-15T00:00", "America/New_York");
        assert_eq!(cal.business_between(sunday, monday), SignedDuration::ZERO);
        let due = cal.add_business(sunday, SignedDuration::from_mins(30));
        assert_eq!(due, ts("2027-03-15T09:30", "America/New_York"));
    }

    #[test]
    fn validation_names_each_bad_field() {
        let bad_day: &[&str] = &[
            "09:00-12:00",
            "11:00-13:00",
            "18:00-17:00",
            "9-5",
            "10:00-10:00",
        ];
        let s = CalendarSpec {
            holidays: vec![
                HolidaySpec {
                    date: "2027-02-30".into(),
                    name: "x".into(),
                },
                HolidaySpec {
                    date: "2027-02-05".into(),
                    name: " ".into(),
                },
            ],
            ..make_spec(
                "Mars/Olympus",
                [OFFICE, OFFICE, bad_day, &[], &[], &[], &[]],
                &[],
            )
        };
        let problems = BusinessCalendar::from_spec(&s).unwrap_err();
        assert_eq!(
            fields(&problems),
            [
                (
                    "time_zone",
                    "is not a known IANA time zone, e.g. Asia/Taipei"
                ),
                ("weekly/2/2", "ends before it starts"),
                ("weekly/2/3", "must be HH:MM-HH:MM, e.g. 09:00-18:00"),
                ("weekly/2/4", "is empty"),
                ("weekly/2/1", "overlaps 09:00-12:00"),
                ("holidays/0/date", "must be a date YYYY-MM-DD"),
                ("holidays/1/name", "is required"),
            ]
        );
    }

    #[test]
    fn a_week_needs_seven_days_and_some_hours() {
        let empty = BusinessCalendar::from_spec(&make_spec("UTC", [&[]; 7], &[])).unwrap_err();
        assert_eq!(fields(&empty), [("weekly", "has no working hours")]);
        let mut short = make_spec("UTC", WEEKDAYS, &[]);
        short.weekly.pop();
        let short = BusinessCalendar::from_spec(&short).unwrap_err();
        assert_eq!(
            fields(&short),
            [("weekly", "must have 7 entries, Monday first, not 6")]
        );
    }

    #[test]
    fn touching_periods_and_midnight_are_accepted() {
        let day: &[&str] = &["12:00-24:00", "00:00-12:00"];
        let cal = BusinessCalendar::from_spec(&make_spec("Asia/Taipei", [day; 7], &[])).unwrap();
        assert_eq!(cal.weekly[0], vec![(0, DAY_MINUTES)]);
        assert!(parse_period("24:00-24:00").is_err());
        assert!(parse_period("23:00-24:01").is_err());
    }

    #[test]
    fn always_open_counts_real_time() {
        let cal = BusinessCalendar::always_open();
        let t = ts("2027-03-14T01:30", "UTC");
        assert!(cal.is_open(t));
        assert_eq!(
            cal.add_business(t, SignedDuration::from_hours(1000)),
            t + SignedDuration::from_hours(1000)
        );
        assert_eq!(cal.add_business(t, SignedDuration::from_hours(-1)), t);
    }

    #[test]
    fn a_calendar_closed_for_ten_years_gives_up() {
        let sundays: [&[&str]; 7] = [&[], &[], &[], &[], &[], &[], OFFICE];
        let mut s = make_spec("UTC", sundays, &[]);
        let first = Date::constant(2027, 1, 3);
        s.holidays = (0..600)
            .map(|w| HolidaySpec {
                date: add_days(first, 7 * w).unwrap().to_string(),
                name: "rest".into(),
            })
            .collect();
        let cal = BusinessCalendar::from_spec(&s).unwrap();
        let start = ts("2027-01-01T00:00", "UTC");
        let due = cal.add_business(start, SignedDuration::from_hours(1));
        assert!(due > ts("2036-12-31T00:00", "UTC"), "{due}");
        assert!(due < ts("2038-06-01T00:00", "UTC"), "{due}");
    }

    #[test]
    fn far_targets_saturate_at_the_end_of_time() {
        let cal = taipei();
        let start = ts("2027-01-01T00:00", "UTC");
        assert_eq!(cal.add_business(start, SignedDuration::MAX), Timestamp::MAX);
    }

    #[test]
    fn ics_holidays_expand_unfold_and_unescape() {
        let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VTIMEZONE\r\nDTSTART:19700101T000000\r\n\
                   END:VTIMEZONE\r\nBEGIN:VEVENT\r\nUID:lny-2027\r\nDTSTART;VALUE=DATE:20270205\r\n\
                   DTEND;VALUE=DATE:20270211\r\nSUMMARY:農曆春節\\, Lunar New Year\r\nEND:VEVENT\r\n\
                   BEGIN:VEVENT\r\nDTSTART;TZID=Asia/Taipei:20270228T090000\r\nSUMMARY:和平紀念日 Peace\r\n\
                   \x20 Memorial Day\\n\\\\ \\; end\r\nBEGIN:VALARM\r\nSUMMARY:ignored\r\nEND:VALARM\r\n\
                   END:VEVENT\r\nEND:VCALENDAR\r\n";
        let holidays = holidays_from_ics(ics).unwrap();
        let dates: Vec<&str> = holidays.iter().map(|h| h.date.as_str()).collect();
        assert_eq!(
            dates,
            [
                "2027-02-05",
                "2027-02-06",
                "2027-02-07",
                "2027-02-08",
                "2027-02-09",
                "2027-02-10",
                "2027-02-28"
            ]
        );
        assert_eq!(holidays[0].name, "農曆春節, Lunar New Year");
        assert_eq!(holidays[6].name, "和平紀念日 Peace Memorial Day\n\\ ; end");
    }

    #[test]
    fn ics_errors_name_the_line() {
        let bad_date = "BEGIN:VEVENT\nDTSTART;VALUE=DATE:2027025\nSUMMARY:x\nEND:VEVENT\n";
        assert!(
            holidays_from_ics(bad_date)
                .unwrap_err()
                .starts_with("line 2:")
        );
        let no_colon = "BEGIN:VEVENT\nDTSTART;VALUE=DATE:20270205\ngarbage\nEND:VEVENT\n";
        assert!(
            holidays_from_ics(no_colon)
                .unwrap_err()
                .starts_with("line 3:")
        );
        let mismatched = "BEGIN:VEVENT\nDTSTART:20270205\nSUMMARY:x\nEND:VCALENDAR\n";
        assert!(
            holidays_from_ics(mismatched)
                .unwrap_err()
                .starts_with("line 4:")
        );
        let unended = "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:20270205\nSUMMARY:x\n";
        assert_eq!(
            holidays_from_ics(unended).unwrap_err(),
            "line 2: BEGIN:VEVENT is never ended"
        );
        let reversed = "BEGIN:VEVENT\nDTSTART;VALUE=DATE:20270205\nDTEND;VALUE=DATE:20270201\n\
                        SUMMARY:x\nEND:VEVENT\n";
        assert!(
            holidays_from_ics(reversed)
                .unwrap_err()
                .starts_with("line 3:")
        );
        let nameless = "BEGIN:VEVENT\nDTSTART:20270205\nEND:VEVENT\n";
        assert_eq!(
            holidays_from_ics(nameless).unwrap_err(),
            "line 1: event has no SUMMARY"
        );
        let recurring = "BEGIN:VEVENT\nDTSTART:20270205\nRRULE:FREQ=YEARLY\nSUMMARY:x\nEND:VEVENT";
        assert!(
            holidays_from_ics(recurring)
                .unwrap_err()
                .starts_with("line 3:")
        );
    }

    /// The deadline job recomputes every open clock; run with
    /// `cargo test --release -- --ignored recomputing` to time it.
    #[test]
    #[ignore = "timing, run by hand in release mode"]
    fn recomputing_100_000_deadlines_takes_well_under_ten_seconds() {
        let holidays: Vec<(String, String)> = (0..40)
            .map(|i| {
                (
                    add_days(Date::constant(2027, 1, 1), i * 9)
                        .unwrap()
                        .to_string(),
                    "h".into(),
                )
            })
            .collect();
        let holidays: Vec<(&str, &str)> = holidays
            .iter()
            .map(|(d, n)| (d.as_str(), n.as_str()))
            .collect();
        let cal = BusinessCalendar::from_spec(&make_spec("America/New_York", WEEKDAYS, &holidays))
            .unwrap();
        let start = ts("2027-01-01T00:00", "UTC");
        let clock = std::time::Instant::now();
        let mut last = start;
        for i in 0..100_000 {
            let from = start + SignedDuration::from_mins(i * 7);
            last = last.max(cal.add_business(from, SignedDuration::from_hours(5 * 24)));
        }
        let took = clock.elapsed();
        eprintln!("100,000 five-day deadlines in {took:?}, last {last}");
        assert!(took < std::time::Duration::from_secs(10));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn business_time_added_is_business_time_elapsed(
            cal in calendar(), start in instant(), d in duration()
        ) {
            let due = cal.add_business(start, d);
            prop_assert!(due >= start);
            prop_assert_eq!(cal.business_between(start, due), d);
            if d > SignedDuration::ZERO {
                let before = due.checked_sub(SignedDuration::from_nanos(1)).unwrap();
                prop_assert!(cal.is_open(before), "closed just before {}", due);
            }
        }

        #[test]
        fn later_starts_and_longer_targets_never_come_earlier(
            cal in calendar(), a in instant(), b in instant(), d in duration(), e in duration()
        ) {
            let (a, b) = (a.min(b), a.max(b));
            let (d, e) = (d.min(e), d.max(e));
            prop_assert!(cal.add_business(a, d) <= cal.add_business(b, d));
            prop_assert!(cal.add_business(a, d) <= cal.add_business(a, e));
        }

        #[test]
        fn business_time_adds_up_over_consecutive_spans(
            cal in calendar(), a in instant(), b in instant(), c in instant()
        ) {
            let mut v = [a, b, c];
            v.sort();
            let [a, b, c] = v;
            prop_assert_eq!(
                cal.business_between(a, b) + cal.business_between(b, c),
                cal.business_between(a, c)
            );
            prop_assert_eq!(cal.business_between(c, a), SignedDuration::ZERO);
        }

        #[test]
        fn jumping_weeks_matches_walking_day_by_day(
            cal in calendar(), a in instant(), b in instant()
        ) {
            let (a, b) = (a.min(b), a.max(b));
            prop_assert_eq!(cal.business_between(a, b), walked_between(&cal, a, b));
        }

        #[test]
        fn working_intervals_run_in_order_without_overlap(cal in calendar(), t in instant()) {
            let mut day = cal.local_date(t);
            let mut last_end = Timestamp::MIN;
            for _ in 0..400 {
                for (a, b) in cal.periods(day) {
                    prop_assert!(a < b);
                    prop_assert!(last_end <= a, "{} overlaps the previous period on {}", a, day);
                    last_end = b;
                }
                day = day.tomorrow().unwrap();
            }
        }

        #[test]
        fn is_open_agrees_with_business_time(cal in calendar(), t in instant()) {
            let next = t.checked_add(SignedDuration::from_nanos(1)).unwrap();
            let open = cal.business_between(t, next) == SignedDuration::from_nanos(1);
            prop_assert_eq!(cal.is_open(t), open);
        }

        #[test]
        fn holidays_hold_no_business_time_and_never_bring_a_deadline_forward(
            s in spec(), extra in 0i64..1_600, start in instant(), d in duration()
        ) {
            let before = BusinessCalendar::from_spec(&s).unwrap();
            let mut s = s;
            s.holidays.push(holiday(extra));
            let after = BusinessCalendar::from_spec(&s).unwrap();
            let day = parse_iso_date(&s.holidays.last().unwrap().date).unwrap();
            let (from, to) = (after.instant(day, 0), after.instant(day, DAY_MINUTES));
            prop_assert_eq!(after.business_between(from, to), SignedDuration::ZERO);
            prop_assert!(after.add_business(start, d) >= before.add_business(start, d));
        }

        #[test]
        fn always_open_adds_plain_time(start in instant(), d in duration()) {
            let cal = BusinessCalendar::always_open();
            prop_assert_eq!(cal.add_business(start, d), start.checked_add(d).unwrap());
            let end = start.checked_add(d).unwrap();
            prop_assert_eq!(cal.business_between(start, end), d);
        }

        /// Without DST the rules read simply: a minute counts when its local weekday and
        /// time fall in a period and its date is no holiday.
        #[test]
        fn fixed_offset_calendars_match_counting_minutes(
            weekly in prop::collection::vec(day_hours(), 7)
                .prop_filter("some working hours", |w| w.iter().any(|d| !d.is_empty())),
            holidays in prop::collection::vec(0i64..30, 0..5),
            zone in prop::sample::select(&["UTC", "Asia/Taipei", "Asia/Kathmandu"][..]),
            start_minute in 0i64..20 * 1_440,
            minutes in 0i64..3 * 1_440,
        ) {
            let s = CalendarSpec {
                time_zone: zone.to_string(),
                weekly,
                holidays: holidays.into_iter().map(holiday).collect(),
            };
            let cal = BusinessCalendar::from_spec(&s).unwrap();
            let tz = TimeZone::get(zone).unwrap();
            let base = ts("2025-01-01T00:00", zone);
            let minute = |i: i64| base + SignedDuration::from_mins(start_minute + i);
            let counted = (0..minutes)
                .filter(|&i| {
                    let local = tz.to_datetime(minute(i));
                    let of_day = local.hour() as u16 * 60 + local.minute() as u16;
                    !cal.holidays.contains(&local.date())
                        && cal.weekly[local.weekday().to_monday_zero_offset() as usize]
                            .iter()
                            .any(|&(a, b)| a <= of_day && of_day < b)
                })
                .count();
            let expected = SignedDuration::from_mins(counted as i64);
            prop_assert_eq!(cal.business_between(minute(0), minute(minutes)), expected);
        }
    }
}
