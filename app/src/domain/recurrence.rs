//! Recurring schedules: the subset of iCalendar RRULE that hubs need.
//!
//! Supported: `FREQ=WEEKLY|MONTHLY`, `INTERVAL`, `BYDAY` (with ordinals such as `2MO`
//! or `-1FR` for monthly rules), `UNTIL` and `COUNT`, plus `WKST=MO`. A [`Schedule`]
//! adds the first session, its length, cancelled dates (EXDATE) and extra sessions
//! (RDATE). All times are local Europe/Rome wall-clock times.
//!
//! Semantics follow RFC 5545 where it is clear: the first session is `start`; rule dates
//! before it are skipped; `COUNT` counts rule sessions before cancellations are removed;
//! a cancelled date also removes an extra session on that date. A monthly rule without
//! `BYDAY` repeats on the start's day of the month and skips months without that day.

use super::time::{Day, add_days, week_start};
use crate::error::{FieldError, Reason, shorten};
use jiff::civil::{Date, DateTime, Time};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// How often the rule's period repeats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Freq {
    Weekly,
    Monthly,
}

/// A `BYDAY` entry: a weekday, optionally with its position in the month (`2MO`, `-1FR`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ByDay {
    pub ord: Option<i8>,
    pub day: Day,
}

/// When a rule stops.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleEnd {
    Never,
    /// The last local time a session may start at (inclusive).
    Until(DateTime),
    /// The number of sessions the rule generates.
    Count(u32),
}

/// A parsed recurrence rule. Serialises as its RRULE text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    pub freq: Freq,
    pub interval: u16,
    pub by_day: Vec<ByDay>,
    pub end: RuleEnd,
}

/// Why an RRULE text was not accepted. Messages say what to write instead, and repeat
/// the offending part shortened (it may be anything an editor pasted).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    #[error("the rule has no FREQ (write FREQ=WEEKLY or FREQ=MONTHLY)")]
    MissingFreq,
    #[error("FREQ={0} is not supported (only WEEKLY and MONTHLY)")]
    UnsupportedFreq(String),
    #[error("{0} is not a rule part Civico understands")]
    UnknownPart(String),
    #[error("'{0}' is not written as KEY=VALUE")]
    Malformed(String),
    #[error("INTERVAL must be a whole number from 1 to 52, not '{0}'")]
    BadInterval(String),
    #[error("COUNT must be a whole number from 1 to 1000, not '{0}'")]
    BadCount(String),
    #[error("UNTIL must be a date like 20261231 or 20261231T235959Z, not '{0}'")]
    BadUntil(String),
    #[error("'{0}' is not a day like MO, 2MO or -1FR")]
    BadDay(String),
    #[error("a weekly rule cannot say which week of the month ('{0}')")]
    OrdinalInWeekly(String),
    #[error("a rule cannot have both UNTIL and COUNT")]
    UntilAndCount,
    #[error("only weeks starting on Monday are supported (WKST=MO)")]
    UnsupportedWeekStart,
}

impl From<RuleError> for FieldError {
    /// The field is `rule`; a schedule's owner puts it under `schedule`.
    fn from(e: RuleError) -> Self {
        let detail = e.to_string();
        let part = match e {
            RuleError::UnsupportedFreq(v)
            | RuleError::UnknownPart(v)
            | RuleError::Malformed(v)
            | RuleError::BadInterval(v)
            | RuleError::BadCount(v)
            | RuleError::BadUntil(v)
            | RuleError::BadDay(v)
            | RuleError::OrdinalInWeekly(v) => Some(v),
            RuleError::MissingFreq | RuleError::UntilAndCount | RuleError::UnsupportedWeekStart => None,
        };
        let refused = FieldError::new("rule", Reason::BadRule).with_detail(detail);
        match part {
            Some(v) => refused.with_value(&v),
            None => refused,
        }
    }
}

impl FromStr for Rule {
    type Err = RuleError;

    fn from_str(text: &str) -> Result<Rule, RuleError> {
        let text = text.trim();
        let text = text.strip_prefix("RRULE:").unwrap_or(text);
        let (mut freq, mut interval, mut by_day, mut until, mut count) = (None, 1u16, Vec::new(), None, None);
        for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            let (key, value) = part.split_once('=').ok_or_else(|| RuleError::Malformed(shorten(part)))?;
            match key.to_ascii_uppercase().as_str() {
                "FREQ" => {
                    freq = Some(match value.to_ascii_uppercase().as_str() {
                        "WEEKLY" => Freq::Weekly,
                        "MONTHLY" => Freq::Monthly,
                        _ => return Err(RuleError::UnsupportedFreq(shorten(value))),
                    })
                }
                "INTERVAL" => {
                    interval = value.parse().ok().filter(|n| (1..=52).contains(n)).ok_or_else(|| RuleError::BadInterval(shorten(value)))?
                }
                "COUNT" => {
                    count = Some(value.parse().ok().filter(|n| (1..=1000).contains(n)).ok_or_else(|| RuleError::BadCount(shorten(value)))?)
                }
                "UNTIL" => until = Some(parse_until(value).ok_or_else(|| RuleError::BadUntil(shorten(value)))?),
                "BYDAY" => {
                    by_day = value.split(',').map(parse_by_day).collect::<Result<_, _>>()?;
                }
                "WKST" if value.eq_ignore_ascii_case("MO") => {}
                "WKST" => return Err(RuleError::UnsupportedWeekStart),
                _ => return Err(RuleError::UnknownPart(shorten(key))),
            }
        }
        let freq = freq.ok_or(RuleError::MissingFreq)?;
        if freq == Freq::Weekly
            && let Some(b) = by_day.iter().find(|b| b.ord.is_some())
        {
            return Err(RuleError::OrdinalInWeekly(format_by_day(b)));
        }
        let end = match (until, count) {
            (Some(_), Some(_)) => return Err(RuleError::UntilAndCount),
            (Some(u), None) => RuleEnd::Until(u),
            (None, Some(c)) => RuleEnd::Count(c),
            (None, None) => RuleEnd::Never,
        };
        Ok(Rule { freq, interval, by_day, end })
    }
}

fn parse_by_day(text: &str) -> Result<ByDay, RuleError> {
    let t = text.trim();
    let bad = || RuleError::BadDay(shorten(t));
    if t.len() < 2 || !t.is_char_boundary(t.len() - 2) {
        return Err(bad());
    }
    let (ord, code) = t.split_at(t.len() - 2);
    let day = Day::from_ical(code).ok_or_else(bad)?;
    let ord = match ord {
        "" => None,
        // The range is checked before any arithmetic: `-128` has no `abs()` in an i8.
        n => Some(n.parse::<i8>().ok().filter(|n| (-5..=5).contains(n) && *n != 0).ok_or_else(bad)?),
    };
    Ok(ByDay { ord, day })
}

fn format_by_day(b: &ByDay) -> String {
    match b.ord {
        Some(n) => format!("{n}{}", b.day.ical()),
        None => b.day.ical().to_string(),
    }
}

/// `20261231` (end of that local day), `20261231T180000` (local) or `…Z` (UTC).
///
/// Works on bytes with checked access: the text is whatever an editor typed, and a
/// multi-byte character must never split a slice.
fn parse_until(text: &str) -> Option<DateTime> {
    let bytes = text.trim().as_bytes();
    let date = date_of_digits(bytes.get(..8)?)?;
    match bytes.get(8..)? {
        [] => Some(date.to_datetime(jiff::civil::time(23, 59, 59, 0))),
        [b'T', clock @ ..] => {
            let (clock, utc) = match clock {
                [hms @ .., b'Z'] => (hms, true),
                hms => (hms, false),
            };
            let local = date.to_datetime(time_of_digits(clock)?);
            if utc { local.to_zoned(jiff::tz::TimeZone::UTC).ok().map(|z| super::time::local_of(z.timestamp())) } else { Some(local) }
        }
        _ => None,
    }
}

/// `YYYYMMDD` as a date, if it is one.
fn date_of_digits(digits: &[u8]) -> Option<Date> {
    let [y1, y2, y3, y4, m1, m2, d1, d2] = digits else { return None };
    let year = i16::try_from(number([*y1, *y2, *y3, *y4])?).ok()?;
    Date::new(year, two_digits(*m1, *m2)?, two_digits(*d1, *d2)?).ok()
}

/// `HHMMSS` as a time of day, if it is one.
fn time_of_digits(digits: &[u8]) -> Option<Time> {
    let [h1, h2, m1, m2, s1, s2] = digits else { return None };
    Time::new(two_digits(*h1, *h2)?, two_digits(*m1, *m2)?, two_digits(*s1, *s2)?, 0).ok()
}

fn two_digits(tens: u8, units: u8) -> Option<i8> {
    i8::try_from(number([tens, units])?).ok()
}

/// The value of a few ASCII digits; `None` if any byte is not one.
fn number<const N: usize>(digits: [u8; N]) -> Option<u32> {
    digits.iter().try_fold(0u32, |n, b| b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0')))
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let freq = match self.freq {
            Freq::Weekly => "WEEKLY",
            Freq::Monthly => "MONTHLY",
        };
        write!(f, "FREQ={freq}")?;
        if self.interval != 1 {
            write!(f, ";INTERVAL={}", self.interval)?;
        }
        if !self.by_day.is_empty() {
            let days: Vec<String> = self.by_day.iter().map(format_by_day).collect();
            write!(f, ";BYDAY={}", days.join(","))?;
        }
        match self.end {
            RuleEnd::Never => Ok(()),
            RuleEnd::Count(n) => write!(f, ";COUNT={n}"),
            RuleEnd::Until(u) => write!(f, ";UNTIL={}", super::time::compact_seconds(u)),
        }
    }
}

impl Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Rule {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Rule, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// When an activity takes place: a first session, and optionally a rule that repeats it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    /// The first session's local start.
    pub start: DateTime,
    /// How long each session lasts.
    pub duration_minutes: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<Rule>,
    /// Dates on which the session does not take place.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cancelled: Vec<Date>,
    /// Sessions added outside the rule.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra: Vec<DateTime>,
}

/// Periods examined at most, so a rule that can never match cannot loop for long.
const MAX_PERIODS: i64 = 5_000;

impl Schedule {
    /// A single session.
    pub fn once(start: DateTime, duration_minutes: u16) -> Schedule {
        Schedule { start, duration_minutes, rule: None, cancelled: vec![], extra: vec![] }
    }

    /// A repeating session; `rule` is RRULE text.
    pub fn repeating(start: DateTime, duration_minutes: u16, rule: &str) -> Result<Schedule, RuleError> {
        Ok(Schedule { rule: Some(rule.parse()?), ..Schedule::once(start, duration_minutes) })
    }

    /// Local start times of the sessions whose date falls in `from..=to`, in order.
    pub fn occurrences(&self, from: Date, to: Date) -> Vec<DateTime> {
        if to < from {
            return Vec::new();
        }
        let mut starts = match &self.rule {
            None => vec![self.start],
            Some(rule) => self.rule_starts(rule, to),
        };
        starts.extend(self.extra.iter().copied());
        starts.retain(|s| from <= s.date() && s.date() <= to && !self.cancelled.contains(&s.date()));
        starts.sort();
        starts.dedup();
        starts
    }

    /// The sessions that have not ended by `now`, at most `limit`, looking a year ahead.
    pub fn upcoming(&self, now: DateTime, limit: usize) -> Vec<DateTime> {
        let minutes = jiff::Span::new().minutes(i64::from(self.duration_minutes));
        self.occurrences(now.date(), add_days(now.date(), 366))
            .into_iter()
            .filter(|s| s.checked_add(minutes).map(|end| end > now).unwrap_or(false))
            .take(limit)
            .collect()
    }

    /// The local end of a session starting at `start`.
    pub fn end_of(&self, start: DateTime) -> DateTime {
        start.checked_add(jiff::Span::new().minutes(i64::from(self.duration_minutes))).unwrap_or(start)
    }

    /// Rule sessions from the first up to the date `to`, honouring COUNT and UNTIL.
    fn rule_starts(&self, rule: &Rule, to: Date) -> Vec<DateTime> {
        let mut out = Vec::new();
        let time = self.start.time();
        let interval = i64::from(rule.interval.max(1));
        for period in 0..MAX_PERIODS {
            let dates = match rule.freq {
                Freq::Weekly => self.weekly_dates(rule, period * interval),
                Freq::Monthly => match self.monthly_dates(rule, period * interval) {
                    Some(d) => d,
                    None => break,
                },
            };
            let Some(first_of_period) = self.period_start(rule.freq, period * interval) else { break };
            if first_of_period > to {
                break;
            }
            for date in dates.into_iter().filter(|d| *d >= self.start.date()) {
                let start = date.to_datetime(time);
                match rule.end {
                    RuleEnd::Until(until) if start > until => return out,
                    RuleEnd::Count(n) if out.len() >= n as usize => return out,
                    _ => {}
                }
                out.push(start);
            }
        }
        out
    }

    fn period_start(&self, freq: Freq, offset: i64) -> Option<Date> {
        match freq {
            Freq::Weekly => Some(add_days(week_start(self.start.date()), offset * 7)),
            Freq::Monthly => self.start.date().first_of_month().checked_add(jiff::Span::new().months(offset)).ok(),
        }
    }

    fn weekly_dates(&self, rule: &Rule, week_offset: i64) -> Vec<Date> {
        let monday = add_days(week_start(self.start.date()), week_offset * 7);
        let mut days: Vec<Day> =
            if rule.by_day.is_empty() { vec![Day::of(self.start.date())] } else { rule.by_day.iter().map(|b| b.day).collect() };
        days.sort();
        days.dedup();
        days.into_iter().map(|d| add_days(monday, i64::from(d.weekday().to_monday_zero_offset()))).collect()
    }

    fn monthly_dates(&self, rule: &Rule, month_offset: i64) -> Option<Vec<Date>> {
        let first = self.start.date().first_of_month().checked_add(jiff::Span::new().months(month_offset)).ok()?;
        let mut dates: Vec<Date> = if rule.by_day.is_empty() {
            // Same day of the month; months too short for it are skipped.
            first.with().day(self.start.date().day()).build().ok().filter(|d| d.month() == first.month()).into_iter().collect()
        } else {
            rule.by_day.iter().flat_map(|b| days_in_month(first, *b)).collect()
        };
        dates.sort();
        dates.dedup();
        Some(dates)
    }
}

/// The dates in `first`'s month matching a `BYDAY` entry.
fn days_in_month(first: Date, by: ByDay) -> Vec<Date> {
    let all: Vec<Date> =
        (0..31).map(|i| add_days(first, i)).take_while(|d| d.month() == first.month()).filter(|d| Day::of(*d) == by.day).collect();
    match by.ord {
        None => all,
        Some(n) if n > 0 => all.get(n as usize - 1).copied().into_iter().collect(),
        Some(n) => all.len().checked_sub(n.unsigned_abs() as usize).and_then(|i| all.get(i)).copied().into_iter().collect(),
    }
}

#[cfg(test)]
#[path = "recurrence_tests.rs"]
mod tests;
