//! Local time for hubs: every hub in Civico keeps Italian time (Europe/Rome).
//!
//! Schedules are stored as local wall-clock times, because that is what people
//! read on a poster ("Tuesdays at 10:00"). Instants are derived through the real
//! time-zone rules, so a weekly 10:00 stays 10:00 across the daylight-saving changes.

use jiff::civil::{Date, DateTime, Time, Weekday};
use jiff::tz::TimeZone;
use jiff::{Timestamp, Zoned};
use serde::{Deserialize, Serialize};

/// The zone every hub lives in, embedded at compile time (no tz database needed at run time).
static ROME: TimeZone = jiff::tz::get!("Europe/Rome");

/// The Europe/Rome time zone.
pub fn rome() -> &'static TimeZone {
    &ROME
}

/// The instant of a local Rome wall-clock time. A time that does not exist (the hour
/// skipped in March) moves forward; an ambiguous one (October) takes the first.
pub fn instant_of(local: DateTime) -> Timestamp {
    ROME.to_ambiguous_zoned(local).compatible().map(|z| z.timestamp()).unwrap_or_else(|_| {
        // Only reachable at the limits of jiff's range; treat the time as UTC there.
        local.to_zoned(TimeZone::UTC).map(|z| z.timestamp()).unwrap_or(Timestamp::UNIX_EPOCH)
    })
}

/// The local Rome wall-clock time of an instant.
pub fn local_of(instant: Timestamp) -> DateTime {
    Zoned::new(instant, ROME.clone()).datetime()
}

/// The current local time in Rome.
pub fn now_local() -> DateTime {
    local_of(Timestamp::now())
}

/// Today's date in Rome.
pub fn today() -> Date {
    now_local().date()
}

/// The Monday that starts the week containing `date`.
pub fn week_start(date: Date) -> Date {
    let back = i64::from(date.weekday().to_monday_zero_offset());
    date.checked_sub(jiff::Span::new().days(back)).unwrap_or(date)
}

/// `date` plus `days` (negative goes back), saturating at jiff's limits.
pub fn add_days(date: Date, days: i64) -> Date {
    date.checked_add(jiff::Span::new().days(days)).unwrap_or(date)
}

/// `2026-11-23T10:00`, for a `<time datetime>` attribute. Written by hand rather than with
/// jiff's `strftime`, whose format engine would be the browser build's only use of it.
pub fn iso_minutes(dt: DateTime) -> String {
    format!("{:04}-{:02}-{:02}T{:02}:{:02}", dt.year(), dt.month(), dt.day(), dt.hour(), dt.minute())
}

/// `20261123T1000` (iCalendar's basic format to the minute), as in session ids.
pub fn compact_minutes(dt: DateTime) -> String {
    format!("{:04}{:02}{:02}T{:02}{:02}", dt.year(), dt.month(), dt.day(), dt.hour(), dt.minute())
}

/// `20261123T100000`, as in an `UNTIL` rule part.
pub fn compact_seconds(dt: DateTime) -> String {
    format!("{}{:02}", compact_minutes(dt), dt.second())
}

/// Reads [`compact_minutes`]' form back: exactly `YYYYMMDDTHHMM`, digits only, a real date and time.
pub fn parse_compact_minutes(text: &str) -> Option<DateTime> {
    let bytes = text.as_bytes();
    if bytes.len() != 13 || bytes[8] != b'T' {
        return None;
    }
    let number = |from: usize, to: usize| -> Option<i16> {
        let digits = text.get(from..to)?;
        digits.bytes().all(|b| b.is_ascii_digit()).then(|| digits.parse().ok())?
    };
    let small = |from, to| number(from, to).and_then(|n| i8::try_from(n).ok());
    DateTime::new(number(0, 4)?, small(4, 6)?, small(6, 8)?, small(9, 11)?, small(11, 13)?, 0, 0).ok()
}

/// A day of the week, serialised as the two-letter iCalendar code (`MO`…`SU`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Day {
    #[serde(rename = "MO")]
    Mon,
    #[serde(rename = "TU")]
    Tue,
    #[serde(rename = "WE")]
    Wed,
    #[serde(rename = "TH")]
    Thu,
    #[serde(rename = "FR")]
    Fri,
    #[serde(rename = "SA")]
    Sat,
    #[serde(rename = "SU")]
    Sun,
}

impl Day {
    /// Monday first, as Italian calendars are printed.
    pub const ALL: [Day; 7] = [Day::Mon, Day::Tue, Day::Wed, Day::Thu, Day::Fri, Day::Sat, Day::Sun];

    pub fn of(date: Date) -> Day {
        Day::from(date.weekday())
    }

    /// The iCalendar code, as in `BYDAY=MO`.
    pub fn ical(self) -> &'static str {
        match self {
            Day::Mon => "MO",
            Day::Tue => "TU",
            Day::Wed => "WE",
            Day::Thu => "TH",
            Day::Fri => "FR",
            Day::Sat => "SA",
            Day::Sun => "SU",
        }
    }

    pub fn from_ical(code: &str) -> Option<Day> {
        Day::ALL.into_iter().find(|d| d.ical().eq_ignore_ascii_case(code))
    }

    pub fn weekday(self) -> Weekday {
        match self {
            Day::Mon => Weekday::Monday,
            Day::Tue => Weekday::Tuesday,
            Day::Wed => Weekday::Wednesday,
            Day::Thu => Weekday::Thursday,
            Day::Fri => Weekday::Friday,
            Day::Sat => Weekday::Saturday,
            Day::Sun => Weekday::Sunday,
        }
    }
}

impl From<Weekday> for Day {
    fn from(w: Weekday) -> Day {
        Day::ALL[usize::from(w.to_monday_zero_offset() as u8)]
    }
}

/// A span of local time within one day, such as 09:30–12:30.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct TimeRange {
    pub start: Time,
    pub end: Time,
}

impl TimeRange {
    /// A range from hours and minutes; `None` unless it ends after it starts.
    pub fn hm(start: (i8, i8), end: (i8, i8)) -> Option<TimeRange> {
        let start = Time::new(start.0, start.1, 0, 0).ok()?;
        let end = Time::new(end.0, end.1, 0, 0).ok()?;
        (end > start).then_some(TimeRange { start, end })
    }

    pub fn contains(&self, t: Time) -> bool {
        self.start <= t && t < self.end
    }
}

/// `HH:MM`, the way times are written on Italian notices.
pub fn hhmm(t: Time) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn compact_and_iso_forms_round_trip_and_refuse_anything_else() {
        let dt = date(2026, 3, 7).at(9, 5, 30, 0);
        assert_eq!(iso_minutes(dt), "2026-03-07T09:05");
        assert_eq!(compact_minutes(dt), "20260307T0905");
        assert_eq!(compact_seconds(dt), "20260307T090530");
        assert_eq!(parse_compact_minutes("20260307T0905"), Some(date(2026, 3, 7).at(9, 5, 0, 0)));
        for bad in [
            "",
            "20260307T090",
            "20260307 0905",
            "2026030T70905",
            "20260230T0905",
            "20260307T2460",
            "+0260307T0905",
            "2026-307T0905",
            "20260307T09+5",
            "２0260307T0905",
        ] {
            assert_eq!(parse_compact_minutes(bad), None, "{bad}");
        }
    }

    #[test]
    fn rome_is_one_hour_ahead_in_winter_and_two_in_summer() {
        let winter = instant_of(date(2026, 1, 15).at(10, 0, 0, 0));
        assert_eq!(winter.to_string(), "2026-01-15T09:00:00Z");
        let summer = instant_of(date(2026, 7, 15).at(10, 0, 0, 0));
        assert_eq!(summer.to_string(), "2026-07-15T08:00:00Z");
    }

    #[test]
    fn skipped_hour_moves_forward_and_repeated_hour_takes_the_first() {
        // 29 March 2026: clocks go from 02:00 to 03:00.
        let gap = instant_of(date(2026, 3, 29).at(2, 30, 0, 0));
        assert_eq!(local_of(gap), date(2026, 3, 29).at(3, 30, 0, 0));
        // 25 October 2026: 02:30 happens twice; the first is still summer time (UTC+2).
        let fold = instant_of(date(2026, 10, 25).at(2, 30, 0, 0));
        assert_eq!(fold.to_string(), "2026-10-25T00:30:00Z");
    }

    #[test]
    fn weeks_start_on_monday() {
        assert_eq!(week_start(date(2026, 11, 22)), date(2026, 11, 16)); // a Sunday
        assert_eq!(week_start(date(2026, 11, 23)), date(2026, 11, 23)); // a Monday
        assert_eq!(Day::of(date(2026, 11, 22)), Day::Sun);
    }

    #[test]
    fn days_round_trip_through_ical_codes() {
        for d in Day::ALL {
            assert_eq!(Day::from_ical(d.ical()), Some(d));
            assert_eq!(Day::from(d.weekday()), d);
        }
        assert_eq!(Day::from_ical("xx"), None);
    }

    #[test]
    fn time_ranges_must_end_after_they_start() {
        assert!(TimeRange::hm((9, 0), (12, 30)).is_some());
        assert!(TimeRange::hm((12, 0), (12, 0)).is_none());
        assert!(TimeRange::hm((25, 0), (26, 0)).is_none());
        let r = TimeRange::hm((9, 0), (12, 30)).unwrap();
        assert!(r.contains(Time::new(9, 0, 0, 0).unwrap()));
        assert!(!r.contains(Time::new(12, 30, 0, 0).unwrap()));
    }
}
