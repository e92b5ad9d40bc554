//! Attendance per session at a hub over a month: what coordinators report to funders.
//! Pure: built from the registrations' parties and the desk's check-ins, neither of which
//! needs a name, so the report stays the same after the personal fields are purged.

use super::desk::{DeskCheckIn, DeskRegistration};
use crate::domain::activity::{Activity, OccurrenceId};
use crate::domain::hub::Hub;
use crate::domain::mutation::RegistrationStatus;
use crate::domain::mutation_id::MutationId;
use crate::domain::session_fate::{SessionFate, fate};
use crate::domain::text::Text;
use crate::error::{FieldError, Reason};
use jiff::civil::{Date, DateTime};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// A calendar month, written `2026-12`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    first: Date,
}

impl Month {
    pub fn of(day: Date) -> Month {
        Month { first: day.first_of_month() }
    }

    pub fn first_day(self) -> Date {
        self.first
    }

    pub fn last_day(self) -> Date {
        self.first.last_of_month()
    }

    /// The month before (`None` before the year 1).
    pub fn previous(self) -> Option<Month> {
        self.first.yesterday().ok().map(Month::of)
    }

    pub fn next(self) -> Option<Month> {
        self.last_day().tomorrow().ok().map(Month::of)
    }

    /// Reads `2026-12`; anything else is `month`, `not_a_date`.
    pub fn parse(text: &str) -> Result<Month, FieldError> {
        let bad = || FieldError::new("month", Reason::NotADate).with_value(text);
        let (y, m) = text.split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || m.len() != 2 || !(y.bytes().chain(m.bytes())).all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let (y, m): (i16, i8) = (y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
        Date::new(y, m, 1).map(|first| Month { first }).map_err(|_| bad())
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.first.year(), self.first.month())
    }
}

impl Serialize for Month {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Month {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Month::parse(&String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// One session's numbers. People, not registrations: a registration of a parent with
/// two children counts three.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionAttendance {
    pub session: OccurrenceId,
    pub title: Text,
    #[serde(with = "crate::domain::wire::datetime")]
    pub start: DateTime,
    pub fate: SessionFate,
    /// People with a confirmed place.
    pub registered: u32,
    /// People still on the waiting list.
    pub waiting: u32,
    /// Registered people who came (a registration checked in twice counts once).
    pub came_registered: u32,
    /// People who came without registering.
    pub walk_ins: u32,
    /// People who came for the first time to the hub, registered or not.
    pub first_timers: u32,
    /// Registrations checked in more than once (from two devices): counted once, and
    /// flagged for the coordinator to look at.
    #[serde(default)]
    pub doubled: u32,
}

impl SessionAttendance {
    /// Everyone who came.
    pub fn present(&self) -> u32 {
        self.came_registered + self.walk_ins
    }
}

/// What an activity deleted since is called in the report.
fn deleted_activity() -> Text {
    super::text::DELETED_ACTIVITY.text()
}

/// Every session of `month` at `hub`: those the activities' schedules produce (held or
/// called off by a closure) and those registrations or check-ins name that no longer
/// happen (moved, cancelled, or of an activity deleted since), by start then title.
/// `registrations` and `check_ins` are the hub's for the month, as the desk reads them.
pub fn attendance(
    hub: &Hub,
    activities: &[Activity],
    month: Month,
    registrations: &[DeskRegistration],
    check_ins: &[DeskCheckIn],
) -> Vec<SessionAttendance> {
    let by_id: HashMap<_, _> = activities.iter().filter(|a| a.hub_id == hub.id).map(|a| (a.id, a)).collect();
    let mut sessions: BTreeMap<OccurrenceId, SessionAttendance> = BTreeMap::new();
    let mut add = |session: OccurrenceId| {
        sessions.entry(session).or_insert_with(|| {
            let activity = by_id.get(&session.activity).copied();
            SessionAttendance {
                session,
                title: activity.map_or_else(deleted_activity, |a| a.title.clone()),
                start: session.start,
                fate: fate(session, activity, Some(hub)),
                registered: 0,
                waiting: 0,
                came_registered: 0,
                walk_ins: 0,
                first_timers: 0,
                doubled: 0,
            }
        });
    };
    for activity in by_id.values() {
        for occurrence in activity.occurrences(month.first_day(), month.last_day()) {
            add(occurrence.id);
        }
    }
    let in_month = |s: &OccurrenceId| Month::of(s.start.date()) == month;
    let registrations: Vec<(OccurrenceId, &DeskRegistration)> =
        registrations.iter().filter_map(|r| Some((r.session.parse().ok()?, r))).filter(|(s, _)| in_month(s)).collect();
    let check_ins: Vec<(OccurrenceId, &DeskCheckIn)> =
        check_ins.iter().filter_map(|c| Some((c.session.parse().ok()?, c))).filter(|(s, _)| in_month(s)).collect();
    for session in registrations.iter().map(|(s, _)| *s).chain(check_ins.iter().map(|(s, _)| *s)) {
        add(session);
    }
    for (session, r) in &registrations {
        let counts = sessions.get_mut(session).expect("added above");
        match r.status {
            RegistrationStatus::Confirmed => counts.registered += r.party,
            RegistrationStatus::Waitlisted => counts.waiting += r.party,
            RegistrationStatus::Cancelled | RegistrationStatus::Rejected => {}
        }
    }
    // A registration checked in from two devices came once: its largest check-in counts.
    // One the session no longer lists (cancelled since) came without a place: a walk-in,
    // as the desk shows it.
    let listed: std::collections::HashSet<(OccurrenceId, MutationId)> = registrations.iter().map(|(s, r)| (*s, r.id)).collect();
    let mut came: HashMap<(OccurrenceId, MutationId), (u32, bool, u32)> = HashMap::new();
    for (session, c) in &check_ins {
        let counts = sessions.get_mut(session).expect("added above");
        match c.registration.filter(|r| listed.contains(&(*session, *r))) {
            Some(r) => {
                let seen = came.entry((*session, r)).or_default();
                *seen = (seen.0.max(c.party), seen.1 || c.first_time, seen.2 + 1);
            }
            None => {
                counts.walk_ins += c.party;
                counts.first_timers += if c.first_time { c.party } else { 0 };
            }
        }
    }
    for ((session, _), (party, first_time, times)) in came {
        let counts = sessions.get_mut(&session).expect("added above");
        counts.came_registered += party;
        counts.first_timers += if first_time { party } else { 0 };
        counts.doubled += u32::from(times > 1);
    }
    let mut list: Vec<SessionAttendance> = sessions.into_values().collect();
    list.sort_by(|a, b| (a.start, &a.title.it, a.session).cmp(&(b.start, &b.title.it, b.session)));
    list
}

/// A month's numbers added up.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    /// Sessions that took place (not called off, moved or gone).
    pub held: u32,
    pub registered: u32,
    pub came_registered: u32,
    pub walk_ins: u32,
    pub first_timers: u32,
}

impl Totals {
    pub fn present(&self) -> u32 {
        self.came_registered + self.walk_ins
    }
}

/// The month's totals. People who came count wherever they came, even to a session
/// called off (they are facts); places only where the session was held.
pub fn totals(sessions: &[SessionAttendance]) -> Totals {
    sessions.iter().fold(Totals::default(), |t, s| {
        let held = s.fate.is_held();
        Totals {
            held: t.held + u32::from(held),
            registered: t.registered + if held { s.registered } else { 0 },
            came_registered: t.came_registered + s.came_registered,
            walk_ins: t.walk_ins + s.walk_ins,
            first_timers: t.first_timers + s.first_timers,
        }
    })
}

/// The report as CSV for a spreadsheet: UTF-8 with a byte order mark (so Excel reads the
/// accents), `;` between fields (what Excel expects in an Italian locale; LibreOffice
/// asks), CRLF line ends (RFC 4180), a header row in `lang`, one row per session.
pub fn csv(sessions: &[SessionAttendance], lang: crate::domain::text::Lang) -> String {
    use super::text as t;
    use crate::domain::time::hhmm;
    use crate::domain::wire::write_date;
    let mut out = String::from("\u{feff}");
    out.push_str(&t::csv_header(lang).map(csv_field).join(";"));
    out.push_str("\r\n");
    for s in sessions {
        let numbers = [s.registered, s.waiting, s.came_registered, s.walk_ins, s.first_timers, s.present()].map(|n| n.to_string());
        let row = [write_date(s.start.date()), hhmm(s.start.time()), s.title.get(lang).to_string(), t::fate_words(lang, &s.fate)]
            .into_iter()
            .chain(numbers)
            .map(|f| csv_field(&f))
            .collect::<Vec<_>>()
            .join(";");
        out.push_str(&row);
        out.push_str("\r\n");
    }
    out
}

/// One field: quoted when it holds the separator, a quote or a line break, and with a
/// leading `'` when a spreadsheet would run it as a formula (activity titles are typed
/// by people: `=HYPERLINK(…)` must stay text).
fn csv_field(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{value}") } else { value.to_string() };
    if value.contains([';', '"', '\n', '\r', ',']) { format!("\"{}\"", value.replace('"', "\"\"")) } else { value }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixtures::{closed_on, hub, weekly};
    use crate::domain::ids::ActivityId;
    use crate::domain::text::Lang;
    use jiff::civil::date;

    /// Mondays at 10:00 from 2 November 2026: 7, 14, 21 and 28 December.
    fn mondays() -> Activity {
        weekly(7, date(2026, 11, 2).at(10, 0, 0, 0), "FREQ=WEEKLY;BYDAY=MO")
    }

    fn december() -> Month {
        Month::parse("2026-12").unwrap()
    }

    fn id(n: u8) -> MutationId {
        format!("01890a5d-ac96-774b-bcce-b302099a8{n:03}").parse().unwrap()
    }

    fn reg(n: u8, session: &str, party: u32, status: RegistrationStatus) -> DeskRegistration {
        DeskRegistration { id: id(n), session: session.into(), party, status, arrival: i64::from(n), name: None, contact: None }
    }

    fn came(n: u8, session: &str, registration: Option<u8>, party: u32, first_time: bool) -> DeskCheckIn {
        DeskCheckIn { id: id(100 + n), session: session.into(), registration: registration.map(id), party, first_time }
    }

    #[test]
    fn a_month_reads_and_writes_as_year_dash_month_and_nothing_else() {
        let m = december();
        assert_eq!((m.first_day(), m.last_day()), (date(2026, 12, 1), date(2026, 12, 31)));
        assert_eq!(m.to_string(), "2026-12");
        assert_eq!(m.next().unwrap().to_string(), "2027-01");
        assert_eq!(m.previous().unwrap().to_string(), "2026-11");
        for bad in ["", "2026-13", "2026-00", "2026-1", "26-12", "2026/12", "2026-12-01", "２026-12", "-026-12"] {
            assert_eq!(Month::parse(bad).unwrap_err().reason, Reason::NotADate, "{bad}");
        }
    }

    #[test]
    fn every_scheduled_session_of_the_month_is_listed_even_with_nobody() {
        let list = attendance(&hub(), &[mondays()], december(), &[], &[]);
        let days: Vec<i8> = list.iter().map(|s| s.start.day()).collect();
        assert_eq!(days, [7, 14, 21, 28]);
        assert!(list.iter().all(|s| s.fate.is_held() && s.present() == 0 && s.registered == 0));
    }

    #[test]
    fn people_are_counted_by_party_with_a_double_check_in_once() {
        let s = "7-20261207T1000";
        let registrations = [
            reg(1, s, 2, RegistrationStatus::Confirmed),
            reg(2, s, 1, RegistrationStatus::Confirmed),
            reg(3, s, 3, RegistrationStatus::Waitlisted),
            reg(4, "7-20261214T1000", 1, RegistrationStatus::Confirmed),
        ];
        let check_ins = [
            came(1, s, Some(1), 2, true),
            came(2, s, Some(1), 2, false), // the same family, checked in on a second device
            came(3, s, None, 4, false),
            came(4, s, None, 1, true),
            came(5, s, Some(9), 2, false), // a registration cancelled since: they came all the same
        ];
        let list = attendance(&hub(), &[mondays()], december(), &registrations, &check_ins);
        let first = &list[0];
        assert_eq!(
            (first.registered, first.waiting, first.came_registered, first.walk_ins, first.first_timers, first.present()),
            (3, 3, 2, 7, 3, 9)
        );
        assert_eq!(first.doubled, 1, "the family checked in on two devices is flagged");
        assert_eq!((list[1].registered, list[1].present(), list[1].doubled), (1, 0, 0), "registered but nobody came yet");
        let t = totals(&list);
        assert_eq!((t.held, t.registered, t.came_registered, t.walk_ins, t.first_timers, t.present()), (4, 4, 2, 7, 3, 9));
    }

    #[test]
    fn sessions_that_no_longer_happen_are_listed_with_why_and_other_months_left_out() {
        let mut moved = weekly(7, date(2026, 11, 2).at(15, 0, 0, 0), "FREQ=WEEKLY;BYDAY=MO");
        moved.schedule.cancelled.push(date(2026, 12, 28));
        let closed = closed_on(hub(), date(2026, 12, 21), "Assemblea");
        let registrations = [
            reg(1, "7-20261207T1000", 1, RegistrationStatus::Confirmed), // before the move to 15:00
            reg(2, "9-20261208T1800", 2, RegistrationStatus::Confirmed), // an activity deleted since
            reg(3, "7-20261130T1000", 1, RegistrationStatus::Confirmed), // November
            reg(4, "not-a-session", 1, RegistrationStatus::Confirmed),
        ];
        let check_ins = [came(1, "7-20261221T1500", None, 2, false)];
        let list = attendance(&closed, &[moved], december(), &registrations, &check_ins);
        let shown: Vec<(String, &SessionFate)> = list.iter().map(|s| (s.session.to_string(), &s.fate)).collect();
        assert_eq!(
            shown,
            [
                ("7-20261207T1000".to_string(), &SessionFate::Moved { now_at: Some(date(2026, 12, 7).at(15, 0, 0, 0)) }),
                ("7-20261207T1500".to_string(), &SessionFate::Held),
                ("9-20261208T1800".to_string(), &SessionFate::Gone),
                ("7-20261214T1500".to_string(), &SessionFate::Held),
                (
                    "7-20261221T1500".to_string(),
                    &SessionFate::HubClosed { reason: crate::domain::hours::Closure::Closed(Some(Text::it("Assemblea"))) }
                ),
            ]
        );
        assert_eq!(list[2].title, deleted_activity());
        let t = totals(&list);
        assert_eq!((t.held, t.registered, t.walk_ins), (2, 0, 2), "people who came to a closed day still count");
        assert_eq!(list[4].session.activity, ActivityId(7));
    }

    #[test]
    fn the_csv_has_a_header_and_one_row_per_session_and_keeps_formulas_as_text() {
        let mut a = mondays();
        a.title = Text::new("=HYPERLINK(\"x\"); corso", "Course");
        let registrations = [reg(1, "7-20261207T1000", 2, RegistrationStatus::Confirmed)];
        let check_ins = [came(1, "7-20261207T1000", Some(1), 2, true)];
        let list = attendance(&hub(), &[a], december(), &registrations, &check_ins);
        let text = csv(&list, Lang::It);
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert!(lines[0].starts_with("\u{feff}Data;Ora;Attività;"), "{}", lines[0]);
        assert_eq!(lines[1], "2026-12-07;10:00;\"'=HYPERLINK(\"\"x\"\"); corso\";Regolare;2;0;2;0;2;2");
        assert_eq!(lines.len(), 1 + 4 + 1, "header, four Mondays, and the final line end");
        assert!(csv(&list, Lang::En).lines().nth(1).unwrap().contains(";Course;As scheduled;"));
    }
}
