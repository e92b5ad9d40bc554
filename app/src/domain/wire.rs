//! Civil dates and times inside the views a page is built from, as ISO text read and
//! written here: `2026-11-23`, `10:00`, `2026-11-23T10:00`.
//!
//! Views travel from the server to the browser (server functions and the data a page
//! hydrates with). With these forms the home page's decoder needs none of jiff's parser
//! and printer (offsets, zone names, fractions), which otherwise were its only users in
//! the browser's first download. Use them with `#[serde(with = "wire::date")]` and the
//! like on view types only: stored documents keep jiff's own forms. Times are written to
//! the minute unless they have seconds; fractions of a second are not carried.

use jiff::civil::{Date, DateTime, Time};

/// `2026-11-23`.
pub fn write_date(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// `10:00`, or `10:00:30` when there are seconds.
pub fn write_time(t: Time) -> String {
    match t.second() {
        0 => format!("{:02}:{:02}", t.hour(), t.minute()),
        s => format!("{:02}:{:02}:{s:02}", t.hour(), t.minute()),
    }
}

/// `2026-11-23T10:00`, seconds as in [`write_time`].
pub fn write_datetime(dt: DateTime) -> String {
    format!("{}T{}", write_date(dt.date()), write_time(dt.time()))
}

/// Reads [`write_date`]'s form: exactly `YYYY-MM-DD`, a real date.
pub fn read_date(text: &str) -> Option<Date> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    Date::new(digits(b, 0, 4)?, small(digits(b, 5, 7)?)?, small(digits(b, 8, 10)?)?).ok()
}

/// Reads `HH:MM` or `HH:MM:SS`, a real time.
pub fn read_time(text: &str) -> Option<Time> {
    let b = text.as_bytes();
    let second = match b.len() {
        5 => 0,
        8 if b[5] == b':' => small(digits(b, 6, 8)?)?,
        _ => return None,
    };
    if b[2] != b':' {
        return None;
    }
    Time::new(small(digits(b, 0, 2)?)?, small(digits(b, 3, 5)?)?, second, 0).ok()
}

/// Reads [`write_datetime`]'s form: a date, `T`, a time.
pub fn read_datetime(text: &str) -> Option<DateTime> {
    let (date, time) = text.split_once('T')?;
    Some(read_date(date)?.to_datetime(read_time(time)?))
}

/// The ASCII digits `b[from..to]` as a number (at most four of them).
fn digits(b: &[u8], from: usize, to: usize) -> Option<i16> {
    b.get(from..to)?.iter().try_fold(0i16, |n, &c| c.is_ascii_digit().then(|| n * 10 + i16::from(c - b'0')))
}

fn small(n: i16) -> Option<i8> {
    i8::try_from(n).ok()
}

/// A serde `with` module for one civil type, from its writer and reader.
macro_rules! wire_module {
    ($name:ident, $ty:ty, $write:ident, $read:ident, $expected:literal) => {
        pub mod $name {
            use super::*;
            use serde::{Deserialize, Deserializer, Serializer, de::Error};

            pub fn serialize<S: Serializer>(value: &$ty, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&$write(*value))
            }

            pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<$ty, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                $read(&text).ok_or_else(|| D::Error::invalid_value(serde::de::Unexpected::Str(&text), &$expected))
            }
        }
    };
}

wire_module!(date, Date, write_date, read_date, "a date like 2026-11-23");
wire_module!(time, Time, write_time, read_time, "a time like 10:00");
wire_module!(datetime, DateTime, write_datetime, read_datetime, "a date and time like 2026-11-23T10:00");

/// A serde `with` module for an optional date and time (`null` when absent).
pub mod opt_datetime {
    use super::*;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(value: &Option<DateTime>, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => serializer.serialize_some(&write_datetime(*v)),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<DateTime>, D::Error> {
        Option::<String>::deserialize(deserializer)?
            .map(|text| {
                read_datetime(&text)
                    .ok_or_else(|| D::Error::invalid_value(serde::de::Unexpected::Str(&text), &"a date and time like 2026-11-23T10:00"))
            })
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::{date, time};
    use proptest::prelude::*;

    #[test]
    fn forms_are_the_iso_ones_to_the_minute() {
        assert_eq!(write_date(date(2026, 3, 7)), "2026-03-07");
        assert_eq!(write_time(time(9, 5, 0, 0)), "09:05");
        assert_eq!(write_time(time(9, 5, 30, 0)), "09:05:30");
        assert_eq!(write_datetime(date(2026, 3, 7).at(23, 59, 0, 0)), "2026-03-07T23:59");
        assert_eq!(read_datetime("2026-03-07T09:05:30"), Some(date(2026, 3, 7).at(9, 5, 30, 0)));
    }

    #[test]
    fn anything_else_is_refused() {
        for bad in ["", "2026-3-07", "2026-02-30", "2026/03/07", "+026-03-07", "2026-03-07 ", "２026-03-07"] {
            assert_eq!(read_date(bad), None, "{bad}");
        }
        for bad in ["", "9:05", "24:00", "09:60", "09:05:60", "09-05", "09:05:3", "09:05.5", "09:05:30.5"] {
            assert_eq!(read_time(bad), None, "{bad}");
        }
        for bad in ["2026-03-07", "2026-03-07T", "2026-03-07t09:05", "2026-03-07T09:05Z", "2026-03-07T09:05+01:00"] {
            assert_eq!(read_datetime(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_refused_value_is_a_readable_decoding_error() {
        #[derive(Debug, serde::Deserialize)]
        struct View {
            #[serde(with = "date")]
            #[allow(dead_code)]
            day: Date,
        }
        let error = serde_json::from_str::<View>(r#"{"day":"23/11/2026"}"#).unwrap_err().to_string();
        assert!(error.contains("23/11/2026") && error.contains("a date like 2026-11-23"), "{error}");
    }

    proptest! {
        #[test]
        fn every_date_and_time_to_the_second_round_trips(
            days in -600_000i32..600_000, h in 0i8..24, m in 0i8..60, s in 0i8..60,
        ) {
            let day = date(1970, 1, 1).checked_add(jiff::Span::new().days(days)).unwrap();
            let dt = day.at(h, m, s, 0);
            prop_assert_eq!(read_date(&write_date(day)), Some(day));
            prop_assert_eq!(read_time(&write_time(dt.time())), Some(dt.time()));
            prop_assert_eq!(read_datetime(&write_datetime(dt)), Some(dt));
            // The same text jiff reads, so either side can be jiff.
            let ours: DateTime = write_datetime(dt).parse().unwrap();
            prop_assert_eq!(ours, dt);
        }
    }
}
