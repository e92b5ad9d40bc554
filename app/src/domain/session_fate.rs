//! What became of a session people registered for: still held, or called off since by a
//! closure of its hub, taken off its activity's schedule, moved to another time, or gone
//! with its activity. A registration keeps its session's id, so a change of schedule
//! after people signed up leaves them holding a session that no longer happens: the
//! coordinators' "to contact" list and the attendance report say which and why.

use super::activity::{Activity, OccurrenceId};
use super::hours::{Closure, closure_reason};
use super::hub::Hub;
use jiff::civil::DateTime;
use serde::{Deserialize, Serialize};

/// Whether a session still happens, and if not why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "fate", rename_all = "snake_case")]
pub enum SessionFate {
    Held,
    /// The hub is closed that day (a public holiday or a dated closure), with why.
    HubClosed {
        reason: Closure,
    },
    /// That day was taken off the activity's schedule.
    Cancelled,
    /// The schedule no longer has a session at that time; `now_at` is its session that
    /// same day, if it has one (the session was moved).
    Moved {
        #[serde(default, skip_serializing_if = "Option::is_none", with = "super::wire::opt_datetime")]
        now_at: Option<DateTime>,
    },
    /// The activity (or its hub) was deleted.
    Gone,
}

/// Whether `activity`'s schedule produces `session` (a closure of its hub that day aside).
pub fn is_scheduled(session: OccurrenceId, activity: &Activity) -> bool {
    let day = session.start.date();
    activity.id == session.activity && activity.occurrences(day, day).iter().any(|o| o.start == session.start)
}

impl SessionFate {
    pub fn is_held(&self) -> bool {
        *self == SessionFate::Held
    }
}

/// What became of `session`, given its activity and hub as stored now (`None` when deleted).
pub fn fate(session: OccurrenceId, activity: Option<&Activity>, hub: Option<&Hub>) -> SessionFate {
    let (Some(activity), Some(hub)) = (activity, hub) else {
        return SessionFate::Gone;
    };
    if activity.id != session.activity || activity.hub_id != hub.id {
        return SessionFate::Gone;
    }
    let day = session.start.date();
    if !is_scheduled(session, activity) {
        let now_at = activity.occurrences(day, day).first().map(|o| o.start);
        if now_at.is_none() && activity.schedule.cancelled.contains(&day) {
            return SessionFate::Cancelled;
        }
        return SessionFate::Moved { now_at };
    }
    match closure_reason(&hub.hours.on(day)) {
        Some(reason) => SessionFate::HubClosed { reason },
        None => SessionFate::Held,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixtures::{closed_on, hub, weekly};
    use crate::domain::ids::{ActivityId, HubId};
    use jiff::civil::date;

    fn mondays() -> Activity {
        weekly(7, date(2026, 11, 2).at(10, 0, 0, 0), "FREQ=WEEKLY;BYDAY=MO")
    }

    fn session(day: i8, hour: i8) -> OccurrenceId {
        OccurrenceId { activity: ActivityId(7), start: date(2026, 11, day).at(hour, 0, 0, 0) }
    }

    #[test]
    fn a_session_the_schedule_produces_on_an_open_day_is_held() {
        assert!(fate(session(23, 10), Some(&mondays()), Some(&hub())).is_held());
    }

    #[test]
    fn a_closure_of_the_hub_that_day_calls_it_off_with_the_closure_reason() {
        let closed = closed_on(hub(), date(2026, 11, 23), "Lavori");
        assert_eq!(
            fate(session(23, 10), Some(&mondays()), Some(&closed)),
            SessionFate::HubClosed { reason: Closure::Closed(Some(crate::domain::text::Text::it("Lavori"))) }
        );
        let easter_monday = OccurrenceId { activity: ActivityId(7), start: date(2027, 3, 29).at(10, 0, 0, 0) };
        assert!(matches!(fate(easter_monday, Some(&mondays()), Some(&hub())), SessionFate::HubClosed { .. }));
    }

    #[test]
    fn a_day_taken_off_the_schedule_is_cancelled() {
        let mut a = mondays();
        a.schedule.cancelled.push(date(2026, 11, 23));
        assert_eq!(fate(session(23, 10), Some(&a), Some(&hub())), SessionFate::Cancelled);
        assert!(fate(session(30, 10), Some(&a), Some(&hub())).is_held(), "the other Mondays stay");
    }

    #[test]
    fn a_new_time_is_a_move_and_says_when_the_session_now_is() {
        let later = weekly(7, date(2026, 11, 2).at(15, 30, 0, 0), "FREQ=WEEKLY;BYDAY=MO");
        let moved = fate(session(23, 10), Some(&later), Some(&hub()));
        assert_eq!(moved, SessionFate::Moved { now_at: Some(date(2026, 11, 23).at(15, 30, 0, 0)) });
        let tuesdays = weekly(7, date(2026, 11, 3).at(10, 0, 0, 0), "FREQ=WEEKLY;BYDAY=TU");
        assert_eq!(fate(session(23, 10), Some(&tuesdays), Some(&hub())), SessionFate::Moved { now_at: None }, "another day");
    }

    #[test]
    fn a_deleted_activity_or_hub_or_a_mismatched_one_is_gone() {
        let a = mondays();
        assert_eq!(fate(session(23, 10), None, Some(&hub())), SessionFate::Gone);
        assert_eq!(fate(session(23, 10), Some(&a), None), SessionFate::Gone);
        let elsewhere = Activity { hub_id: HubId(2), ..mondays() };
        assert_eq!(fate(session(23, 10), Some(&elsewhere), Some(&hub())), SessionFate::Gone);
        let other = OccurrenceId { activity: ActivityId(8), ..session(23, 10) };
        assert_eq!(fate(other, Some(&a), Some(&hub())), SessionFate::Gone);
    }

    #[test]
    fn it_travels_as_tagged_json() {
        let moved = SessionFate::Moved { now_at: Some(date(2026, 11, 23).at(15, 30, 0, 0)) };
        let json = serde_json::to_string(&moved).unwrap();
        assert_eq!(json, r#"{"fate":"moved","now_at":"2026-11-23T15:30"}"#);
        assert_eq!(serde_json::from_str::<SessionFate>(&json).unwrap(), moved);
    }
}
