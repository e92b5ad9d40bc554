use super::*;
use crate::domain::time::instant_of;
use jiff::civil::date;
use proptest::prelude::*;

fn dates(s: &Schedule, from: Date, to: Date) -> Vec<Date> {
    s.occurrences(from, to).into_iter().map(|d| d.date()).collect()
}

#[test]
fn weekly_on_several_days() {
    // Monday 2 November 2026, 10:00, every Monday and Thursday.
    let s = Schedule::repeating(date(2026, 11, 2).at(10, 0, 0, 0), 90, "FREQ=WEEKLY;BYDAY=MO,TH").unwrap();
    assert_eq!(
        dates(&s, date(2026, 11, 1), date(2026, 11, 15)),
        vec![date(2026, 11, 2), date(2026, 11, 5), date(2026, 11, 9), date(2026, 11, 12)]
    );
}

#[test]
fn weekly_without_byday_repeats_on_the_start_day_and_interval_skips_weeks() {
    let s = Schedule::repeating(date(2026, 11, 4).at(17, 0, 0, 0), 60, "FREQ=WEEKLY;INTERVAL=2").unwrap();
    assert_eq!(dates(&s, date(2026, 11, 1), date(2026, 12, 10)), vec![date(2026, 11, 4), date(2026, 11, 18), date(2026, 12, 2)]);
}

#[test]
fn rule_days_before_the_first_session_are_skipped() {
    // Starts on a Wednesday; the Monday of that week is before the start.
    let s = Schedule::repeating(date(2026, 11, 4).at(9, 0, 0, 0), 60, "FREQ=WEEKLY;BYDAY=MO,WE").unwrap();
    assert_eq!(dates(&s, date(2026, 11, 1), date(2026, 11, 10)), vec![date(2026, 11, 4), date(2026, 11, 9)]);
}

#[test]
fn monthly_by_position_second_monday_and_last_friday() {
    let second_monday = Schedule::repeating(date(2026, 1, 12).at(18, 0, 0, 0), 120, "FREQ=MONTHLY;BYDAY=2MO").unwrap();
    assert_eq!(
        dates(&second_monday, date(2026, 1, 1), date(2026, 4, 30)),
        vec![date(2026, 1, 12), date(2026, 2, 9), date(2026, 3, 9), date(2026, 4, 13)]
    );
    let last_friday = Schedule::repeating(date(2026, 1, 30).at(18, 0, 0, 0), 120, "FREQ=MONTHLY;BYDAY=-1FR").unwrap();
    assert_eq!(
        dates(&last_friday, date(2026, 1, 1), date(2026, 5, 31)),
        vec![date(2026, 1, 30), date(2026, 2, 27), date(2026, 3, 27), date(2026, 4, 24), date(2026, 5, 29)]
    );
}

#[test]
fn monthly_fifth_weekday_skips_months_without_one() {
    let s = Schedule::repeating(date(2026, 1, 29).at(10, 0, 0, 0), 60, "FREQ=MONTHLY;BYDAY=5TH").unwrap();
    // Thursdays: January 2026 has five, February four, April five.
    assert_eq!(dates(&s, date(2026, 1, 1), date(2026, 4, 30)), vec![date(2026, 1, 29), date(2026, 4, 30)]);
}

#[test]
fn monthly_by_month_day_skips_short_months() {
    let s = Schedule::repeating(date(2026, 1, 31).at(10, 0, 0, 0), 60, "FREQ=MONTHLY").unwrap();
    assert_eq!(dates(&s, date(2026, 1, 1), date(2026, 5, 31)), vec![date(2026, 1, 31), date(2026, 3, 31), date(2026, 5, 31)]);
}

#[test]
fn count_limits_sessions_and_counts_cancelled_ones() {
    let mut s = Schedule::repeating(date(2026, 11, 2).at(10, 0, 0, 0), 60, "FREQ=WEEKLY;COUNT=3").unwrap();
    assert_eq!(dates(&s, date(2026, 1, 1), date(2027, 12, 31)).len(), 3);
    s.cancelled.push(date(2026, 11, 9));
    assert_eq!(dates(&s, date(2026, 1, 1), date(2027, 12, 31)), vec![date(2026, 11, 2), date(2026, 11, 16)]);
}

#[test]
fn until_is_inclusive_of_its_day() {
    let s = Schedule::repeating(date(2026, 11, 2).at(10, 0, 0, 0), 60, "FREQ=WEEKLY;UNTIL=20261116").unwrap();
    assert_eq!(dates(&s, date(2026, 1, 1), date(2027, 12, 31)), vec![date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16)]);
}

#[test]
fn until_in_utc_is_read_as_rome_time() {
    // 09:00Z on 16 Nov is 10:00 in Rome: the 10:00 session that day still counts.
    let s = Schedule::repeating(date(2026, 11, 2).at(10, 0, 0, 0), 60, "FREQ=WEEKLY;UNTIL=20261116T090000Z").unwrap();
    assert_eq!(dates(&s, date(2026, 1, 1), date(2027, 12, 31)).len(), 3);
    let s = Schedule::repeating(date(2026, 11, 2).at(10, 0, 0, 0), 60, "FREQ=WEEKLY;UNTIL=20261116T085959Z").unwrap();
    assert_eq!(dates(&s, date(2026, 1, 1), date(2027, 12, 31)).len(), 2);
}

#[test]
fn cancelled_dates_are_removed_and_extra_sessions_added() {
    let mut s = Schedule::repeating(date(2026, 11, 2).at(10, 0, 0, 0), 60, "FREQ=WEEKLY").unwrap();
    s.cancelled = vec![date(2026, 11, 9)];
    s.extra = vec![date(2026, 11, 7).at(15, 0, 0, 0), date(2026, 11, 9).at(15, 0, 0, 0)];
    let got = s.occurrences(date(2026, 11, 1), date(2026, 11, 16));
    assert_eq!(got, vec![date(2026, 11, 2).at(10, 0, 0, 0), date(2026, 11, 7).at(15, 0, 0, 0), date(2026, 11, 16).at(10, 0, 0, 0)]);
}

#[test]
fn one_off_session_is_found_only_in_its_window() {
    let s = Schedule::once(date(2026, 3, 4).at(10, 0, 0, 0), 240);
    assert_eq!(dates(&s, date(2026, 3, 1), date(2026, 3, 31)), vec![date(2026, 3, 4)]);
    assert!(s.occurrences(date(2026, 4, 1), date(2026, 4, 30)).is_empty());
}

#[test]
fn weekly_sessions_keep_local_time_across_the_march_change() {
    // Saturdays at 10:00 around Sunday 29 March 2026, when Italy moves to summer time.
    let s = Schedule::repeating(date(2026, 3, 21).at(10, 0, 0, 0), 60, "FREQ=WEEKLY;BYDAY=SA,SU").unwrap();
    let got = s.occurrences(date(2026, 3, 28), date(2026, 3, 29));
    assert_eq!(got, vec![date(2026, 3, 28).at(10, 0, 0, 0), date(2026, 3, 29).at(10, 0, 0, 0)]);
    let gap = instant_of(got[1]).since(instant_of(got[0])).unwrap();
    assert_eq!(gap.total(jiff::Unit::Hour).unwrap(), 23.0, "the Sunday is an hour closer in absolute time");
    assert_eq!(instant_of(got[0]).to_string(), "2026-03-28T09:00:00Z");
    assert_eq!(instant_of(got[1]).to_string(), "2026-03-29T08:00:00Z");
}

#[test]
fn weekly_sessions_keep_local_time_across_the_october_change() {
    let s = Schedule::repeating(date(2026, 10, 24).at(10, 0, 0, 0), 60, "FREQ=WEEKLY;BYDAY=SA,SU").unwrap();
    let got = s.occurrences(date(2026, 10, 24), date(2026, 10, 25));
    assert_eq!(got.len(), 2);
    let gap = instant_of(got[1]).since(instant_of(got[0])).unwrap();
    assert_eq!(gap.total(jiff::Unit::Hour).unwrap(), 25.0);
    assert_eq!(instant_of(got[1]).to_string(), "2026-10-25T09:00:00Z");
}

#[test]
fn a_session_in_the_skipped_hour_still_takes_place() {
    // A 02:30 session on the March change day has no such local time: it moves to 03:30.
    let s = Schedule::repeating(date(2026, 3, 22).at(2, 30, 0, 0), 60, "FREQ=WEEKLY").unwrap();
    let got = s.occurrences(date(2026, 3, 29), date(2026, 3, 29));
    assert_eq!(got.len(), 1);
    assert_eq!(crate::domain::time::local_of(instant_of(got[0])), date(2026, 3, 29).at(3, 30, 0, 0));
}

#[test]
fn upcoming_includes_the_session_in_progress() {
    let s = Schedule::repeating(date(2026, 11, 2).at(10, 0, 0, 0), 120, "FREQ=WEEKLY").unwrap();
    let now = date(2026, 11, 9).at(11, 0, 0, 0);
    assert_eq!(s.upcoming(now, 2), vec![date(2026, 11, 9).at(10, 0, 0, 0), date(2026, 11, 16).at(10, 0, 0, 0)]);
    let after = date(2026, 11, 9).at(12, 0, 0, 0);
    assert_eq!(s.upcoming(after, 1), vec![date(2026, 11, 16).at(10, 0, 0, 0)]);
}

#[test]
fn rules_round_trip_through_text() {
    for text in [
        "FREQ=WEEKLY",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH",
        "FREQ=MONTHLY;BYDAY=2MO;COUNT=10",
        "FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20271231T235959",
    ] {
        let rule: Rule = text.parse().unwrap();
        assert_eq!(rule.to_string(), text);
    }
    let lowercase: Rule = "rrule:freq=weekly;byday=mo;wkst=mo".to_uppercase().parse().unwrap();
    assert_eq!(lowercase.to_string(), "FREQ=WEEKLY;BYDAY=MO");
}

#[test]
fn bad_rules_are_refused_with_a_reason() {
    let err = |t: &str| t.parse::<Rule>().unwrap_err();
    assert_eq!(err("BYDAY=MO"), RuleError::MissingFreq);
    assert_eq!(err("FREQ=DAILY"), RuleError::UnsupportedFreq("DAILY".into()));
    assert_eq!(err("FREQ=WEEKLY;INTERVAL=0"), RuleError::BadInterval("0".into()));
    assert_eq!(err("FREQ=WEEKLY;COUNT=x"), RuleError::BadCount("x".into()));
    assert_eq!(err("FREQ=WEEKLY;UNTIL=2026-12-31"), RuleError::BadUntil("2026-12-31".into()));
    assert_eq!(err("FREQ=MONTHLY;BYDAY=6MO"), RuleError::BadDay("6MO".into()));
    assert_eq!(err("FREQ=MONTHLY;BYDAY=XX"), RuleError::BadDay("XX".into()));
    assert_eq!(err("FREQ=MONTHLY;BYDAY=è"), RuleError::BadDay("è".into()));
    assert_eq!(err("FREQ=WEEKLY;BYDAY=2MO"), RuleError::OrdinalInWeekly("2MO".into()));
    assert_eq!(err("FREQ=WEEKLY;COUNT=2;UNTIL=20270101"), RuleError::UntilAndCount);
    assert_eq!(err("FREQ=WEEKLY;BYMONTH=1"), RuleError::UnknownPart("BYMONTH".into()));
    assert_eq!(err("FREQ=WEEKLY;WKST=SU"), RuleError::UnsupportedWeekStart);
    assert_eq!(err("FREQ"), RuleError::Malformed("FREQ".into()));
}

#[test]
fn schedules_serialise_with_the_rule_as_text() {
    let s = Schedule::repeating(date(2026, 11, 2).at(10, 0, 0, 0), 60, "FREQ=MONTHLY;BYDAY=1MO").unwrap();
    let json = serde_json::to_value(&s).unwrap();
    assert_eq!(json["rule"], "FREQ=MONTHLY;BYDAY=1MO");
    assert_eq!(serde_json::from_value::<Schedule>(json).unwrap(), s);
}

fn any_rule() -> impl Strategy<Value = String> {
    let days = proptest::sample::subsequence(vec!["MO", "TU", "WE", "TH", "FR", "SA", "SU"], 0..=3);
    let weekly = (1u16..4, days.clone()).prop_map(|(i, d)| {
        let by = if d.is_empty() { String::new() } else { format!(";BYDAY={}", d.join(",")) };
        format!("FREQ=WEEKLY;INTERVAL={i}{by}")
    });
    let monthly = (1u16..4, -4i8..=4, days).prop_map(|(i, ord, d)| {
        let by = if d.is_empty() {
            String::new()
        } else if ord == 0 {
            format!(";BYDAY={}", d.join(","))
        } else {
            format!(";BYDAY={}", d.iter().map(|x| format!("{ord}{x}")).collect::<Vec<_>>().join(","))
        };
        format!("FREQ=MONTHLY;INTERVAL={i}{by}")
    });
    let end = prop_oneof![
        Just(String::new()),
        (1u32..30).prop_map(|n| format!(";COUNT={n}")),
        (0i64..400).prop_map(|d| { format!(";UNTIL={}", add_days(date(2026, 1, 1), d).strftime("%Y%m%d")) })
    ];
    (prop_oneof![weekly, monthly], end).prop_map(|(r, e)| format!("{r}{e}"))
}

proptest! {
    /// Whatever the rule, sessions are ordered, unique, inside the window, never before
    /// the start, never on a cancelled date, and the window can be split anywhere.
    #[test]
    fn expansion_is_consistent(rule in any_rule(), start_offset in 0i64..60, hour in 7i8..21,
                               from in 0i64..500, len in 0i64..120, split in 0i64..120,
                               cancel in proptest::collection::vec(0i64..500, 0..5)) {
        let start = add_days(date(2026, 1, 1), start_offset).at(hour, 0, 0, 0);
        let mut s = Schedule::repeating(start, 60, &rule).unwrap();
        s.cancelled = cancel.iter().map(|d| add_days(date(2026, 1, 1), *d)).collect();
        let (a, b) = (add_days(date(2026, 1, 1), from), add_days(date(2026, 1, 1), from + len));
        let got = s.occurrences(a, b);
        prop_assert!(got.windows(2).all(|w| w[0] < w[1]));
        for o in &got {
            prop_assert!(a <= o.date() && o.date() <= b);
            prop_assert!(*o >= start);
            prop_assert_eq!(o.time(), start.time());
            prop_assert!(!s.cancelled.contains(&o.date()));
        }
        let mid = add_days(a, split.min(len));
        let mut joined = s.occurrences(a, mid);
        joined.extend(s.occurrences(add_days(mid, 1), b));
        prop_assert_eq!(joined, got);
        if let Some(RuleEnd::Count(n)) = s.rule.as_ref().map(|r| r.end) {
            prop_assert!(s.occurrences(date(2025, 1, 1), date(2030, 1, 1)).len() <= n as usize);
        }
        prop_assert_eq!(rule.parse::<Rule>().unwrap().to_string().parse::<Rule>().unwrap(), s.rule.clone().unwrap());
    }
}

#[test]
fn odd_bytes_in_a_rule_are_refused_not_panicked_on() {
    let err = |t: &str| t.parse::<Rule>().unwrap_err();
    // A multi-byte character where UNTIL's `T` belongs once sliced the text mid-character.
    assert_eq!(err("FREQ=WEEKLY;UNTIL=20261231é12345"), RuleError::BadUntil("20261231é12345".into()));
    assert_eq!(err("FREQ=WEEKLY;UNTIL=2026123é"), RuleError::BadUntil("2026123é".into()));
    assert_eq!(err("FREQ=WEEKLY;UNTIL=20261231T12000é"), RuleError::BadUntil("20261231T12000é".into()));
    // Digits in the right places but no such time of day.
    assert_eq!(err("FREQ=WEEKLY;UNTIL=20261231T990000"), RuleError::BadUntil("20261231T990000".into()));
    assert_eq!(err("FREQ=WEEKLY;UNTIL=20261231T236000Z"), RuleError::BadUntil("20261231T236000Z".into()));
    // An ordinal whose absolute value does not fit its type.
    assert_eq!(err("FREQ=MONTHLY;BYDAY=-128MO"), RuleError::BadDay("-128MO".into()));
}

/// A parsed rule prints back to itself, can be described and expanded; a refusal says
/// why, as a `rule` field error. Never a panic.
fn parses_or_refuses_clearly(text: &str) -> Result<(), TestCaseError> {
    match text.parse::<Rule>() {
        Ok(rule) => {
            prop_assert_eq!(rule.to_string().parse::<Rule>(), Ok(rule.clone()), "{}", text);
            let _ = crate::i18n::describe_rule(&rule);
            let s = Schedule { rule: Some(rule), ..Schedule::once(date(2026, 1, 5).at(10, 0, 0, 0), 60) };
            let _ = s.occurrences(date(2026, 1, 1), date(2026, 12, 31));
        }
        Err(e) => {
            prop_assert!(!e.to_string().is_empty());
            let field = FieldError::from(e);
            prop_assert_eq!((field.field.as_str(), field.reason), ("rule", Reason::BadRule));
        }
    }
    Ok(())
}

/// Values shaped like the ones rule parts take, with the odd wrong byte.
fn rule_value() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9]{0,9}",
        "[0-9]{8}(T[0-9]{6}Z?)?",
        "[0-9]{8}[Tt\u{e9}Z][0-9\u{e9}]{5,7}Z?",
        "[+-]?[0-9]{0,4}(MO|TU|WE|th|fr|SA|SU|XX|\u{e9})",
        "([+-]?[0-9]?(MO|TU|FR|\u{e8}),){0,3}[+-]?[0-9]{0,3}(MO|SU)",
        "(WEEKLY|MONTHLY|weekly|DAILY|\u{c9}|)",
    ]
}

/// A real date's `YYYYMMDD`, so what follows it is what gets tested.
fn date_digits() -> impl Strategy<Value = String> {
    (0i16..=9999, 1i8..=12, 1i8..=28).prop_map(|(y, m, d)| format!("{y:04}{m:02}{d:02}"))
}

/// What may follow UNTIL's date: nothing, a time (possibly no time of day at all), or
/// anything, including a multi-byte character where `T` belongs.
fn until_tail() -> impl Strategy<Value = String> {
    prop_oneof![Just(String::new()), "T[0-9]{6}Z?", "[Tt\u{e9}Z\u{1F600}][0-9\u{e9}]{4,7}[Z\u{e9}]?", any::<String>()]
}

/// An ordinal for BYDAY, edges included: `-128` once overflowed the check of its size.
fn ordinal() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        prop_oneof![Just(i16::from(i8::MIN)), Just(i16::from(i8::MAX)), Just(0), any::<i16>(), -6i16..=6].prop_map(|n| n.to_string()),
        "[+-]{0,2}[0-9\u{e9}]{0,3}",
    ]
}

fn rule_key() -> impl Strategy<Value = &'static str> {
    proptest::sample::select(vec!["FREQ", "freq", "INTERVAL", "COUNT", "UNTIL", "until", "BYDAY", "WKST", "BYMONTH", "RRULE:FREQ", ""])
}

proptest! {
    #[test]
    fn any_text_is_a_rule_or_a_clear_refusal(text in any::<String>()) {
        parses_or_refuses_clearly(&text)?;
    }

    #[test]
    fn each_part_with_any_value_is_a_rule_or_a_clear_refusal(
        freq in "(WEEKLY|MONTHLY)", key in rule_key(), value in rule_value()
    ) {
        parses_or_refuses_clearly(&format!("FREQ={freq};{key}={value}"))?;
        parses_or_refuses_clearly(&format!("{key}={value};FREQ={freq}"))?;
    }

    #[test]
    fn until_with_any_tail_is_a_date_or_a_clear_refusal(date in date_digits(), tail in until_tail()) {
        parses_or_refuses_clearly(&format!("FREQ=WEEKLY;UNTIL={date}{tail}"))?;
    }

    #[test]
    fn byday_with_any_ordinal_is_a_day_or_a_clear_refusal(ord in ordinal(), day in "(MO|fr|SU|XX|\u{e9}|)", freq in "(WEEKLY|MONTHLY)") {
        parses_or_refuses_clearly(&format!("FREQ={freq};BYDAY=MO,{ord}{day}"))?;
    }

    #[test]
    fn rule_like_text_is_a_rule_or_a_clear_refusal(
        parts in proptest::collection::vec((rule_key(), rule_value()), 0..5), separator in "[;=,]"
    ) {
        let text = parts.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(&separator);
        parses_or_refuses_clearly(&text)?;
    }

    /// A schedule reached through serde (a document's JSON) is refused with a message
    /// or can be expanded; its rule text is never a panic.
    #[test]
    fn schedules_from_any_json_never_panic(
        start in prop_oneof![any::<String>(), "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2})?"],
        rule in prop_oneof![rule_value(), rule_value().prop_map(|v| format!("FREQ=WEEKLY;UNTIL={v}"))],
        minutes in any::<u16>(),
        cancelled in prop_oneof![any::<String>(), "[0-9]{4}-[0-9]{2}-[0-9]{2}"],
    ) {
        let json = serde_json::json!({"start": start, "duration_minutes": minutes, "rule": rule, "cancelled": [cancelled], "extra": [start]});
        match serde_json::from_value::<Schedule>(json) {
            Err(e) => prop_assert!(!e.to_string().is_empty()),
            Ok(s) => {
                let _ = (s.occurrences(date(2026, 1, 1), date(2026, 3, 31)), s.upcoming(date(2026, 1, 1).at(0, 0, 0, 0), 3), s.end_of(s.start));
            }
        }
    }
}

#[test]
fn a_bad_rule_in_json_is_a_serde_error_naming_the_problem() {
    let json = serde_json::json!({"start": "2026-11-02T10:00", "duration_minutes": 60, "rule": "FREQ=WEEKLY;UNTIL=20261231é12345"});
    let e = serde_json::from_value::<Schedule>(json).unwrap_err();
    assert!(e.to_string().contains("UNTIL must be a date"), "{e}");
}

#[test]
fn rule_errors_become_rule_field_errors_with_the_part_refused() {
    let e = FieldError::from("FREQ=WEEKLY;UNTIL=2026-12-31".parse::<Rule>().unwrap_err()).under("schedule");
    assert_eq!((e.field.as_str(), e.reason, e.value.as_deref()), ("schedule.rule", Reason::BadRule, Some("2026-12-31")));
    assert!(e.detail.as_deref().is_some_and(|d| d.starts_with("UNTIL must be a date")));
    let e = FieldError::from(RuleError::MissingFreq);
    assert_eq!((e.value, e.detail.as_deref()), (None, Some("the rule has no FREQ (write FREQ=WEEKLY or FREQ=MONTHLY)")));
    let long = format!("FREQ=WEEKLY;UNTIL={}", "9".repeat(10_000));
    let Err(RuleError::BadUntil(echo)) = long.parse::<Rule>() else { panic!("refused") };
    assert!(echo.chars().count() <= crate::error::ECHO_LIMIT + 1, "refusals repeat a shortened value");
}
