//! Opening hours: a weekly pattern, national holidays, and dated exceptions
//! (closures, holidays of the hub's own, changed hours on given dates).

use super::holidays::{Holiday, national_holiday};
use super::text::{LINE_MAX, Text, TooLong, check_length};
use super::time::{Day, TimeRange, add_days};
use crate::error::{FieldError, Reason};
use jiff::civil::{Date, DateTime, Time};
use serde::{Deserialize, Serialize};

/// One weekly opening, such as "Tuesday 09:30–12:30". A day may have several.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeeklySlot {
    pub day: Day,
    #[serde(flatten)]
    pub range: TimeRange,
}

/// What an exception does on the dates it covers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum HoursChange {
    /// Closed all day.
    Closed,
    /// Open only at these times, instead of the weekly pattern.
    Open { ranges: Vec<TimeRange> },
}

/// A dated exception to the weekly pattern, covering `from..=to`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HoursException {
    pub from: Date,
    pub to: Date,
    pub change: HoursChange,
    /// Why, in words people understand ("Chiuso per lavori").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
}

/// A hub's opening hours.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpeningHours {
    pub weekly: Vec<WeeklySlot>,
    #[serde(default)]
    pub exceptions: Vec<HoursException>,
    /// Italian public holidays close the hub unless an exception opens it.
    #[serde(default = "yes")]
    pub closed_on_public_holidays: bool,
}

fn yes() -> bool {
    true
}

impl Default for OpeningHours {
    fn default() -> Self {
        OpeningHours { weekly: Vec::new(), exceptions: Vec::new(), closed_on_public_holidays: true }
    }
}

/// Why a hub is closed on a day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ClosedBecause {
    /// The weekly pattern has no opening that day.
    NotAnOpeningDay,
    /// A national public holiday.
    Holiday { holiday: Holiday },
    /// A dated closure.
    Exception { note: Option<Text> },
}

/// The hours of one concrete day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum DayHours {
    Open {
        ranges: Vec<TimeRange>,
        /// Set when an exception changed the usual hours, with its note if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        changed: Option<Option<Text>>,
    },
    Closed {
        because: ClosedBecause,
    },
}

impl DayHours {
    pub fn is_open(&self) -> bool {
        matches!(self, DayHours::Open { .. })
    }
}

/// Whether a hub is open at a given moment, and when it opens next.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OpenNow {
    OpenUntil {
        #[serde(with = "super::wire::time")]
        until: Time,
    },
    OpensLaterToday {
        #[serde(with = "super::wire::time")]
        at: Time,
    },
    /// Closed for the rest of the day. `opened_today`: it was open earlier (so "closed
    /// now", not "closed today"); `next`: its next opening within [`LOOKAHEAD_DAYS`].
    Closed { opened_today: bool, next: Option<NextOpening> },
}

/// When a closed hub opens again: the local time, and how many days from today.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextOpening {
    #[serde(with = "super::wire::datetime")]
    pub at: DateTime,
    pub in_days: i32,
}

/// How far ahead "opens Wednesday 09:30" looks for the next opening.
pub const LOOKAHEAD_DAYS: i32 = 14;

/// A reason why a set of opening hours cannot be saved.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum HoursError {
    #[error("an opening on {0:?} ends before it starts")]
    EmptyRange(Day),
    #[error("two openings on {0:?} overlap")]
    Overlap(Day),
    #[error("an exception ends ({to}) before it starts ({from})")]
    ExceptionBackwards { from: Date, to: Date },
    #[error("an exception from {0} opens the hub but gives no times")]
    ExceptionWithoutTimes(Date),
    #[error("an exception from {0} has an opening that ends before it starts, or two that overlap")]
    ExceptionBadTimes(Date),
    #[error("{0}")]
    TooLong(#[from] TooLong),
}

impl From<HoursError> for FieldError {
    /// Fields are relative to the hours (`weekly`, `exceptions`); the caller puts them
    /// under its own field (`hours`).
    fn from(e: HoursError) -> Self {
        let detail = e.to_string();
        let refused = match e {
            HoursError::EmptyRange(day) | HoursError::Overlap(day) => FieldError::new("weekly", Reason::BadHours).with_value(day.ical()),
            HoursError::ExceptionBackwards { from, .. } | HoursError::ExceptionWithoutTimes(from) | HoursError::ExceptionBadTimes(from) => {
                FieldError::new("exceptions", Reason::BadHours).with_value(&from.to_string())
            }
            HoursError::TooLong(e) => return e.into(),
        };
        refused.with_detail(detail)
    }
}

impl OpeningHours {
    /// The hours on `date`: the most specific exception wins (the shortest one, then the
    /// later one listed), then public holidays, then the weekly pattern.
    pub fn on(&self, date: Date) -> DayHours {
        let exception = self
            .exceptions
            .iter()
            .enumerate()
            .filter(|(_, e)| e.from <= date && date <= e.to)
            .min_by_key(|(i, e)| (e.to.since(e.from).map(|s| s.get_days()).unwrap_or(i32::MAX), usize::MAX - i))
            .map(|(_, e)| e);
        if let Some(e) = exception {
            return match &e.change {
                HoursChange::Closed => DayHours::Closed { because: ClosedBecause::Exception { note: e.note.clone() } },
                HoursChange::Open { ranges } => DayHours::Open { ranges: sorted(ranges.clone()), changed: Some(e.note.clone()) },
            };
        }
        if self.closed_on_public_holidays
            && let Some(holiday) = national_holiday(date)
        {
            return DayHours::Closed { because: ClosedBecause::Holiday { holiday } };
        }
        let day = Day::of(date);
        let ranges: Vec<TimeRange> = self.weekly.iter().filter(|s| s.day == day).map(|s| s.range).collect();
        if ranges.is_empty() {
            DayHours::Closed { because: ClosedBecause::NotAnOpeningDay }
        } else {
            DayHours::Open { ranges: sorted(ranges), changed: None }
        }
    }

    /// Seven days of hours starting at `from`.
    pub fn week(&self, from: Date) -> Vec<(Date, DayHours)> {
        (0..7).map(|i| add_days(from, i)).map(|d| (d, self.on(d))).collect()
    }

    /// Open right now? If not, does it open later today, or on which later day?
    pub fn open_now(&self, at: DateTime) -> OpenNow {
        let t = at.time();
        let today = match self.on(at.date()) {
            DayHours::Open { ranges, .. } => ranges,
            DayHours::Closed { .. } => Vec::new(),
        };
        if let Some(r) = today.iter().find(|r| r.contains(t)) {
            return OpenNow::OpenUntil { until: r.end };
        }
        if let Some(r) = today.iter().find(|r| r.start > t) {
            return OpenNow::OpensLaterToday { at: r.start };
        }
        let next = (1..=LOOKAHEAD_DAYS).find_map(|in_days| {
            let d = add_days(at.date(), in_days.into());
            match self.on(d) {
                DayHours::Open { ranges, .. } => ranges.first().map(|r| NextOpening { at: d.to_datetime(r.start), in_days }),
                DayHours::Closed { .. } => None,
            }
        });
        OpenNow::Closed { opened_today: !today.is_empty(), next }
    }

    /// The weekly pattern grouped by day, Monday first, for printing a timetable.
    pub fn weekly_by_day(&self) -> Vec<(Day, Vec<TimeRange>)> {
        Day::ALL.into_iter().map(|d| (d, sorted(self.weekly.iter().filter(|s| s.day == d).map(|s| s.range).collect()))).collect()
    }

    /// Checks that the hours make sense before they are saved.
    pub fn validate(&self) -> Result<(), HoursError> {
        for (day, ranges) in self.weekly_by_day() {
            if ranges.iter().any(|r| r.end <= r.start) {
                return Err(HoursError::EmptyRange(day));
            }
            if ranges.windows(2).any(|w| w[1].start < w[0].end) {
                return Err(HoursError::Overlap(day));
            }
        }
        for e in &self.exceptions {
            if e.to < e.from {
                return Err(HoursError::ExceptionBackwards { from: e.from, to: e.to });
            }
            if let HoursChange::Open { ranges } = &e.change {
                if ranges.is_empty() {
                    return Err(HoursError::ExceptionWithoutTimes(e.from));
                }
                if !orderly(sorted(ranges.clone())) {
                    return Err(HoursError::ExceptionBadTimes(e.from));
                }
            }
            if let Some(note) = &e.note {
                check_length("exceptions.note", note.longest(), LINE_MAX)?;
            }
        }
        Ok(())
    }
}

fn sorted(mut ranges: Vec<TimeRange>) -> Vec<TimeRange> {
    ranges.sort();
    ranges
}

/// Whether sorted ranges each end after they start and do not overlap.
fn orderly(ranges: Vec<TimeRange>) -> bool {
    ranges.iter().all(|r| r.start < r.end) && ranges.windows(2).all(|w| w[0].end <= w[1].start)
}

/// Why a hub closure cancels a session: public holidays and dated closures do; a hub
/// with no regular opening that weekday (a network meeting in a borrowed room) does not.
pub fn closure_reason(hours: &DayHours) -> Option<Closure> {
    match hours {
        DayHours::Closed { because: ClosedBecause::Holiday { holiday } } => Some(Closure::Holiday(*holiday)),
        DayHours::Closed { because: ClosedBecause::Exception { note } } => Some(Closure::Closed(note.clone())),
        _ => None,
    }
}

/// Why a closure of the hub calls a session off: a public holiday, or a dated closure
/// with the hub's note (if it wrote one).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Closure {
    Holiday(Holiday),
    Closed(Option<Text>),
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::{date, time};
    use proptest::prelude::*;

    fn slot(day: Day, from: (i8, i8), to: (i8, i8)) -> WeeklySlot {
        WeeklySlot { day, range: TimeRange::hm(from, to).unwrap() }
    }

    /// Monday and Wednesday mornings, Wednesday afternoon too.
    fn desk() -> OpeningHours {
        OpeningHours {
            weekly: vec![slot(Day::Wed, (15, 0), (18, 0)), slot(Day::Mon, (9, 30), (12, 30)), slot(Day::Wed, (9, 30), (12, 30))],
            exceptions: vec![],
            closed_on_public_holidays: true,
        }
    }

    #[test]
    fn weekly_pattern_applies_on_ordinary_days() {
        let h = desk();
        // 2026-11-23 is a Monday, 11-25 a Wednesday, 11-24 a Tuesday.
        assert_eq!(h.on(date(2026, 11, 23)), DayHours::Open { ranges: vec![TimeRange::hm((9, 30), (12, 30)).unwrap()], changed: None });
        let DayHours::Open { ranges, .. } = h.on(date(2026, 11, 25)) else { panic!("open on Wednesday") };
        assert_eq!(ranges.len(), 2);
        assert!(ranges[0].start < ranges[1].start, "sorted by time");
        assert_eq!(h.on(date(2026, 11, 24)), DayHours::Closed { because: ClosedBecause::NotAnOpeningDay });
    }

    #[test]
    fn public_holidays_close_unless_the_hub_opts_out() {
        let mut h = desk();
        // 2026-12-08 (Immacolata) is a Tuesday; 2027-04-05 Easter Monday.
        let easter_monday = date(2026, 4, 6);
        assert!(matches!(h.on(easter_monday), DayHours::Closed { because: ClosedBecause::Holiday { .. } }));
        h.closed_on_public_holidays = false;
        assert!(h.on(easter_monday).is_open());
    }

    #[test]
    fn exceptions_close_change_and_reopen() {
        let mut h = desk();
        h.exceptions = vec![
            HoursException {
                from: date(2026, 12, 21),
                to: date(2027, 1, 6),
                change: HoursChange::Closed,
                note: Some(Text::new("Ferie", "Holidays")),
            },
            HoursException {
                from: date(2026, 12, 28),
                to: date(2026, 12, 28),
                change: HoursChange::Open { ranges: vec![TimeRange::hm((10, 0), (12, 0)).unwrap()] },
                note: None,
            },
            HoursException { from: date(2026, 11, 30), to: date(2026, 11, 30), change: HoursChange::Closed, note: None },
        ];
        assert!(matches!(h.on(date(2026, 12, 21)), DayHours::Closed { because: ClosedBecause::Exception { note: Some(_) } }));
        // The one-day opening inside the long closure is more specific, so it wins.
        assert_eq!(
            h.on(date(2026, 12, 28)),
            DayHours::Open { ranges: vec![TimeRange::hm((10, 0), (12, 0)).unwrap()], changed: Some(None) }
        );
        assert!(!h.on(date(2026, 11, 30)).is_open());
        assert!(h.on(date(2027, 1, 11)).is_open(), "back to normal after the closure");
    }

    #[test]
    fn an_exception_can_open_a_hub_on_a_public_holiday() {
        let mut h = desk();
        h.exceptions.push(HoursException {
            from: date(2026, 6, 2),
            to: date(2026, 6, 2),
            change: HoursChange::Open { ranges: vec![TimeRange::hm((10, 0), (13, 0)).unwrap()] },
            note: Some(Text::new("Festa di quartiere", "Neighbourhood party")),
        });
        assert!(h.on(date(2026, 6, 2)).is_open());
    }

    #[test]
    fn open_now_reports_until_when_and_what_comes_next() {
        let h = desk();
        let wed = date(2026, 11, 25);
        assert_eq!(h.open_now(wed.at(10, 0, 0, 0)), OpenNow::OpenUntil { until: time(12, 30, 0, 0) });
        assert_eq!(h.open_now(wed.at(13, 0, 0, 0)), OpenNow::OpensLaterToday { at: time(15, 0, 0, 0) });
        let next_monday = Some(NextOpening { at: date(2026, 11, 30).at(9, 30, 0, 0), in_days: 5 });
        assert_eq!(h.open_now(wed.at(18, 0, 0, 0)), OpenNow::Closed { opened_today: true, next: next_monday });
        let wed_morning = Some(NextOpening { at: wed.at(9, 30, 0, 0), in_days: 1 });
        assert_eq!(h.open_now(date(2026, 11, 24).at(10, 0, 0, 0)), OpenNow::Closed { opened_today: false, next: wed_morning });
        let never = OpeningHours::default();
        assert_eq!(never.open_now(wed.at(10, 0, 0, 0)), OpenNow::Closed { opened_today: false, next: None });
    }

    #[test]
    fn a_week_lists_seven_consecutive_days() {
        let week = desk().week(date(2026, 11, 23));
        assert_eq!(week.len(), 7);
        assert_eq!(week[6].0, date(2026, 11, 29));
        assert_eq!(week.iter().filter(|(_, h)| h.is_open()).count(), 2);
    }

    #[test]
    fn validation_rejects_overlaps_and_backwards_exceptions() {
        assert_eq!(desk().validate(), Ok(()));
        let mut overlap = desk();
        overlap.weekly.push(slot(Day::Mon, (12, 0), (13, 0)));
        assert_eq!(overlap.validate(), Err(HoursError::Overlap(Day::Mon)));
        let mut backwards = desk();
        backwards.exceptions.push(HoursException { from: date(2026, 5, 2), to: date(2026, 5, 1), change: HoursChange::Closed, note: None });
        assert!(matches!(backwards.validate(), Err(HoursError::ExceptionBackwards { .. })));
        let mut empty = desk();
        empty.exceptions.push(HoursException {
            from: date(2026, 5, 2),
            to: date(2026, 5, 2),
            change: HoursChange::Open { ranges: vec![] },
            note: None,
        });
        assert!(matches!(empty.validate(), Err(HoursError::ExceptionWithoutTimes(_))));
    }

    #[test]
    fn exception_times_and_notes_are_checked_too() {
        let open_at = |ranges: Vec<TimeRange>| HoursException {
            from: date(2026, 5, 2),
            to: date(2026, 5, 2),
            change: HoursChange::Open { ranges },
            note: None,
        };
        let at = |h: i8| time(h, 0, 0, 0);
        let mut backwards = desk();
        backwards.exceptions.push(open_at(vec![TimeRange { start: at(12), end: at(10) }]));
        assert_eq!(backwards.validate(), Err(HoursError::ExceptionBadTimes(date(2026, 5, 2))));
        let mut overlapping = desk();
        overlapping.exceptions.push(open_at(vec![TimeRange { start: at(9), end: at(12) }, TimeRange { start: at(11), end: at(13) }]));
        assert_eq!(overlapping.validate(), Err(HoursError::ExceptionBadTimes(date(2026, 5, 2))));
        let mut touching = desk();
        touching.exceptions.push(open_at(vec![TimeRange { start: at(11), end: at(13) }, TimeRange { start: at(9), end: at(11) }]));
        assert_eq!(touching.validate(), Ok(()));
        let mut long_note = desk();
        long_note.exceptions.push(HoursException {
            note: Some(Text::it("n".repeat(LINE_MAX + 1))),
            ..open_at(vec![TimeRange { start: at(9), end: at(10) }])
        });
        assert_eq!(long_note.validate(), Err(HoursError::TooLong(TooLong { field: "exceptions.note", max: LINE_MAX })));
    }

    #[test]
    fn errors_name_the_part_of_the_hours() {
        let e = FieldError::from(HoursError::Overlap(Day::Wed)).under("hours");
        assert_eq!((e.field.as_str(), e.reason, e.value.as_deref()), ("hours.weekly", Reason::BadHours, Some("WE")));
        assert_eq!(e.detail.as_deref(), Some("two openings on Wed overlap"));
        let e = FieldError::from(HoursError::ExceptionWithoutTimes(date(2026, 5, 2)));
        assert_eq!((e.field.as_str(), e.value.as_deref()), ("exceptions", Some("2026-05-02")));
    }

    proptest! {
        /// Hours read from any JSON texts for their times and dates are either refused by
        /// serde with a message, or can be validated and asked about without a panic.
        #[test]
        fn hours_from_any_text_never_panic(start in time_text(), end in time_text(), from in date_text(), to in date_text(), at in 0i64..800) {
            let json = serde_json::json!({
                "weekly": [{"day": "MO", "start": start, "end": end}],
                "exceptions": [{"from": from, "to": to, "change": {"kind": "open", "ranges": [{"start": start, "end": end}]}}],
            });
            match serde_json::from_value::<OpeningHours>(json) {
                Err(e) => prop_assert!(!e.to_string().is_empty()),
                Ok(h) => {
                    let _ = h.validate();
                    let day = add_days(date(2026, 1, 1), at);
                    let _ = (h.on(day), h.week(day), h.open_now(day.at(10, 0, 0, 0)), h.weekly_by_day());
                }
            }
        }
    }

    fn time_text() -> impl Strategy<Value = String> {
        prop_oneof![any::<String>(), "[0-9:.]{0,12}", (0u8..30, 0u8..70).prop_map(|(h, m)| format!("{h:02}:{m:02}"))]
    }

    fn date_text() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            "[0-9-]{0,12}",
            (-10000i32..10001, 0u8..14, 0u8..33).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"))
        ]
    }

    #[test]
    fn serialised_hours_read_back_identically() {
        let mut h = desk();
        h.exceptions.push(HoursException {
            from: date(2026, 5, 2),
            to: date(2026, 5, 3),
            change: HoursChange::Closed,
            note: Some(Text::it("Lavori")),
        });
        let json = serde_json::to_string(&h).unwrap();
        assert_eq!(serde_json::from_str::<OpeningHours>(&json).unwrap(), h);
    }
}
