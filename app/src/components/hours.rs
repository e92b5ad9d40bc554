//! Opening hours: "open now", a week's hours, the usual timetable.

use super::use_lang;
use crate::domain::hours::{ClosedBecause, DayHours, OpenNow};
use crate::domain::time::{Day, TimeRange, hhmm};
use crate::i18n;
use jiff::civil::Date;
use leptos::prelude::*;

/// "Open now, until 12:30" and friends.
#[component]
pub fn OpenNowBadge(state: OpenNow) -> impl IntoView {
    let lang = use_lang();
    let (class, text) = match state {
        OpenNow::OpenUntil { until } => ("badge badge-open", format!("{} {}", i18n::OPEN_NOW_UNTIL.get(lang), hhmm(until))),
        OpenNow::OpensLaterToday { at } => ("badge badge-later", format!("{} {}", i18n::OPENS_TODAY_AT.get(lang), hhmm(at))),
        OpenNow::Closed { opened_today, next } => {
            let closed = if opened_today { i18n::CLOSED_NOW } else { i18n::CLOSED_TODAY }.get(lang);
            let text = match next {
                Some(at) => format!("{closed} · {} {}", i18n::REOPENS.get(lang), i18n::next_opening(lang, at)),
                None => closed.to_string(),
            };
            ("badge badge-closed", text)
        }
    };
    view! { <span class=class>{text}</span> }
}

/// `09:30–12:30, 15:00–18:00`.
pub fn ranges_text(ranges: &[TimeRange]) -> String {
    ranges.iter().map(|r| i18n::time_span(r.start, r.end)).collect::<Vec<_>>().join(", ")
}

/// The hours of seven dated days, with holidays and closures spelled out.
#[component]
pub fn WeekHours(week: Vec<(Date, DayHours)>, today: Date) -> impl IntoView {
    let lang = use_lang();
    let rows = week
        .into_iter()
        .map(|(date, hours)| {
            let (text, note, class) = match hours {
                DayHours::Open { ranges, changed: None } => (ranges_text(&ranges), None, "open"),
                DayHours::Open { ranges, changed: Some(note) } => (
                    ranges_text(&ranges),
                    Some(note.map(|n| n.get(lang).to_string()).unwrap_or_else(|| i18n::CHANGED_HOURS.get(lang).to_string())),
                    "open changed",
                ),
                DayHours::Closed { because: ClosedBecause::NotAnOpeningDay } => (i18n::CLOSED.get(lang).to_string(), None, "closed"),
                DayHours::Closed { because: ClosedBecause::Holiday { holiday } } => (
                    i18n::CLOSED.get(lang).to_string(),
                    Some(format!("{}: {}", i18n::HOLIDAY.get(lang), holiday.name().get(lang))),
                    "closed exception",
                ),
                DayHours::Closed { because: ClosedBecause::Exception { note } } => {
                    (i18n::CLOSED.get(lang).to_string(), note.map(|n| n.get(lang).to_string()), "closed exception")
                }
            };
            let is_today = date == today;
            view! {
                <tr class=class aria-current=is_today.then_some("date")>
                    <th scope="row">{i18n::date_long(lang, date)}</th>
                    <td>{text} {note.map(|n| view! { <span class="hours-note">{n}</span> })}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="hours">
            <caption class="visually-hidden">{i18n::OPENING_HOURS.get(lang)}</caption>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// The usual weekly timetable, Monday first.
#[component]
pub fn UsualWeek(by_day: Vec<(Day, Vec<TimeRange>)>) -> impl IntoView {
    let lang = use_lang();
    let rows = by_day
        .into_iter()
        .map(|(day, ranges)| {
            let text = if ranges.is_empty() { i18n::CLOSED.get(lang).to_string() } else { ranges_text(&ranges) };
            view! { <tr><th scope="row">{i18n::weekday(lang, day)}</th><td>{text}</td></tr> }
        })
        .collect_view();
    view! {
        <table class="hours hours-usual">
            <caption>{i18n::USUAL_WEEK.get(lang)}</caption>
            <tbody>{rows}</tbody>
        </table>
    }
}
