//! The app's features, one folder each: `api.rs` holds the view types and server
//! functions (thin: read the store, call a pure rule), `page.rs` the components.

pub mod activities;
pub mod agenda;
pub mod help;
pub mod home;
pub mod hubs;
pub mod kiosk;
pub mod registrations;
pub mod services;
pub mod staff;

use crate::error::{AppError, Reason, shorten};
use jiff::civil::Date;

/// The activities among these that take registrations: the only ones with places to
/// look up.
pub fn registration_ids(activities: &[crate::domain::activity::Activity]) -> Vec<crate::domain::ids::ActivityId> {
    activities.iter().filter(|a| a.registration_required).map(|a| a.id).collect()
}

/// Reads an optional `YYYY-MM-DD` query value.
pub fn parse_date_param(value: Option<String>) -> Result<Option<Date>, AppError> {
    match value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => v.parse().map(Some).map_err(|_| AppError::bad_param("from", Reason::NotADate, v)),
    }
}

/// How many years before today a week can be asked for.
pub const FROM_YEARS_BACK: i64 = 1;
/// How many years after today a week can be asked for.
pub const FROM_YEARS_AHEAD: i64 = 2;

/// Whether a week starting on `from` is one a reader can ask for. Far dates are refused:
/// expanding the schedules up to year 9999 costs many normal requests, and jiff's limit
/// would make every day of that week 9999-12-31.
pub fn from_in_window(from: Date, today: Date) -> bool {
    from_window(today).contains(&from)
}

/// The first and last `from` a reader can ask for: the pages' date pickers and pagers
/// stay inside it, so no link leads to a refusal.
pub fn from_window(today: Date) -> std::ops::RangeInclusive<Date> {
    let first = today.saturating_sub(jiff::Span::new().years(FROM_YEARS_BACK));
    let last = today.saturating_add(jiff::Span::new().years(FROM_YEARS_AHEAD));
    first..=last
}

/// A pager link to the week starting `days` after `from`, when that week may be asked for.
pub fn week_link(from: Date, days: i64, today: Date, href: impl Fn(Date) -> String) -> Option<String> {
    let to = crate::domain::time::add_days(from, days);
    from_in_window(to, today).then(|| href(to))
}

/// Reads the optional `from` of the agenda and hub pages: a date within
/// [`from_in_window`] of `today`. The server and the device both use this, so a date is
/// refused the same way online and offline.
pub fn parse_from_param(value: Option<String>, today: Date) -> Result<Option<Date>, AppError> {
    let raw = value.as_deref().map(str::trim).unwrap_or_default().to_string();
    match parse_date_param(value)? {
        Some(from) if !from_in_window(from, today) => Err(AppError::bad_param("from", Reason::OutOfRange, &raw)),
        from => Ok(from),
    }
}

/// Reads the optional `page` of a paged list; the server and the device refuse a bad one
/// the same way.
pub fn parse_page_param(value: Option<&str>) -> Result<u32, AppError> {
    use crate::domain::paging::{PageError, parse_page};
    parse_page(value).map_err(|e| {
        let reason = match e {
            PageError::NotAPage => Reason::NotANumber,
            PageError::TooFar => Reason::OutOfRange,
        };
        AppError::bad_param("page", reason, value.unwrap_or_default())
    })
}

/// Treats an empty query value as absent (HTML forms send `city=` for "any"), and cuts
/// one longer than any real name or code to [`shorten`]'s limit: it matches nothing either
/// way, and pages repeat filter values (links, forms, their data), so a 60 KB value sent
/// is never echoed at length.
pub fn non_empty(value: Option<String>) -> Option<String> {
    value.map(|v| shorten(v.trim())).filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_page_is_refused_with_its_reason() {
        assert_eq!(parse_page_param(None), Ok(1));
        assert_eq!(parse_page_param(Some("2")), Ok(2));
        assert_eq!(parse_page_param(Some("0")), Err(AppError::bad_param("page", Reason::NotANumber, "0")));
        assert_eq!(parse_page_param(Some("999999")), Err(AppError::bad_param("page", Reason::OutOfRange, "999999")));
    }

    #[test]
    fn pager_links_stay_inside_the_window() {
        let today = jiff::civil::date(2026, 12, 2);
        let href = |d: Date| format!("/agenda?from={d}");
        assert_eq!(week_link(today, 7, today, href), Some("/agenda?from=2026-12-09".into()));
        let last = *from_window(today).end();
        assert_eq!(week_link(last, 7, today, href), None, "no later week past the window");
        assert_eq!(week_link(last, -7, today, href), Some("/agenda?from=2028-11-25".into()));
        let first = *from_window(today).start();
        assert_eq!(week_link(first, -7, today, href), None);
        assert!(from_in_window(first, today) && from_in_window(last, today));
    }

    #[test]
    fn date_params_accept_iso_dates_and_blank() {
        assert_eq!(parse_date_param(None), Ok(None));
        assert_eq!(parse_date_param(Some(" ".into())), Ok(None));
        assert_eq!(parse_date_param(Some("2026-11-23".into())), Ok(Some(jiff::civil::date(2026, 11, 23))));
        assert!(matches!(parse_date_param(Some("23/11/2026".into())), Err(AppError::BadRequest(_))));
    }

    #[test]
    fn filter_values_are_trimmed_and_never_kept_at_length() {
        assert_eq!(non_empty(None), None);
        assert_eq!(non_empty(Some(" ".into())), None);
        assert_eq!(non_empty(Some(" Roma ".into())), Some("Roma".into()));
        let long = non_empty(Some("x".repeat(60_000))).unwrap();
        assert_eq!(long.chars().count(), crate::error::ECHO_LIMIT + 1, "cut, with an ellipsis");
    }

    #[test]
    fn weeks_can_be_asked_for_from_a_year_back_to_two_years_ahead() {
        let today = jiff::civil::date(2026, 11, 23);
        for inside in [today, jiff::civil::date(2025, 11, 23), jiff::civil::date(2028, 11, 23), jiff::civil::date(2027, 2, 28)] {
            assert!(from_in_window(inside, today), "{inside}");
        }
        for outside in [jiff::civil::date(2025, 11, 22), jiff::civil::date(2028, 11, 24), jiff::civil::date(9999, 12, 25)] {
            assert!(!from_in_window(outside, today), "{outside}");
        }
        // A leap day: a year back is 2027-02-28, clamped the way calendars do.
        assert!(from_in_window(jiff::civil::date(2027, 2, 28), jiff::civil::date(2028, 2, 29)));
        assert!(!from_in_window(jiff::civil::date(2027, 2, 27), jiff::civil::date(2028, 2, 29)));
    }

    #[test]
    fn a_far_from_is_refused_with_its_value() {
        let today = jiff::civil::date(2026, 11, 23);
        assert_eq!(parse_from_param(None, today), Ok(None));
        assert_eq!(parse_from_param(Some("2026-12-01".into()), today), Ok(Some(jiff::civil::date(2026, 12, 1))));
        assert_eq!(
            parse_from_param(Some(" 9999-12-25 ".into()), today),
            Err(AppError::bad_param("from", Reason::OutOfRange, "9999-12-25"))
        );
        assert_eq!(parse_from_param(Some("1970-01-01".into()), today), Err(AppError::bad_param("from", Reason::OutOfRange, "1970-01-01")));
        assert!(matches!(parse_from_param(Some("2026-13-45".into()), today), Err(AppError::BadRequest(f)) if f.reason == Reason::NotADate));
    }
}
