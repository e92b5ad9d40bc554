//! The volunteers' desk at one hub, as a pure model: the sessions of today and the coming
//! week, each with places taken and left, the waiting list and who is registered. Built
//! the same way from the server's answer and from the device's copy.

use super::desk_changes::{DeskChange, Shown, overlay};
use crate::domain::activity::{Activity, OccurrenceId};
use crate::domain::hub::Hub;
use crate::domain::ids::HubId;
use crate::domain::mutation::RegistrationStatus;
use crate::domain::mutation_id::MutationId;
use crate::domain::text::Text;
use crate::domain::time::add_days;
use crate::features::agenda::model::closure_reason;
use jiff::civil::{Date, DateTime};
use serde::{Deserialize, Serialize};

/// Days the desk shows: today and the six after it.
pub const DESK_DAYS: i64 = 7;

/// A live registration as the desk holds it (cancelled and refused ones are not sent).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskRegistration {
    pub id: MutationId,
    /// The session, as its occurrence id (`5-20261211T1000`).
    pub session: String,
    pub party: u32,
    pub status: RegistrationStatus,
    /// Order of arrival at the server: the waiting list's order.
    pub arrival: i64,
    /// Erased past retention: the row and its count stay.
    pub name: Option<String>,
    /// Only for coordinators and administrators, and only when the person gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
}

/// People checked in at a session, as the desk's copy holds them (those not taken back).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskCheckIn {
    pub id: MutationId,
    pub session: String,
    /// The registration they came with; none for walk-ins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration: Option<MutationId>,
    pub party: u32,
    #[serde(default)]
    pub first_time: bool,
}

/// What the server knows of a hub's registrations for the desk's days.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskSnapshot {
    pub hub: HubId,
    /// When the server answered (Rome's wall clock).
    #[serde(with = "crate::domain::wire::datetime")]
    pub taken_at: DateTime,
    pub registrations: Vec<DeskRegistration>,
    #[serde(default)]
    pub check_ins: Vec<DeskCheckIn>,
}

/// Someone registered for a session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeskPerson {
    /// The registration's id.
    pub id: MutationId,
    pub name: Option<String>,
    pub party: u32,
    pub contact: Option<String>,
    /// Place on the waiting list (1 is next), `None` when confirmed.
    pub waiting: Option<u32>,
    /// Taken at this desk and not sent yet: the server has not placed it.
    pub sending: bool,
    /// Their check-ins, oldest first: more than one means two devices both checked them
    /// in, which the coordinator sees flagged.
    pub check_ins: Vec<MutationId>,
    /// Whether a check-in of theirs is not sent yet.
    pub check_in_sending: bool,
}

/// People who came without registering, as one check-in counted them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WalkIn {
    pub id: MutationId,
    pub party: u32,
    pub first_time: bool,
    pub sending: bool,
}

/// One session at the desk.
#[derive(Clone, Debug, PartialEq)]
pub struct DeskSession {
    pub id: OccurrenceId,
    pub title: Text,
    pub start: DateTime,
    pub end: DateTime,
    /// Why it is off (the hub is closed that day), if it is.
    pub cancelled: Option<crate::domain::hours::Closure>,
    pub registration_required: bool,
    pub capacity: Option<u32>,
    /// Whether the registrations below are known: the device's copy covers the desk's days
    /// from when it was read; sessions after those (an old copy) are not counted.
    pub counted: bool,
    /// People confirmed, parties counted whole.
    pub taken: u32,
    /// Places still free, when the activity has a capacity.
    pub left: Option<u32>,
    /// People on the waiting list.
    pub waiting: u32,
    /// Confirmed first (in arrival order), then the waiting list in its order, then
    /// those taken here and not sent yet.
    pub people: Vec<DeskPerson>,
    /// People checked in, registered or not, parties counted whole.
    pub present: u32,
    pub walk_ins: Vec<WalkIn>,
}

/// One day of the desk.
#[derive(Clone, Debug, PartialEq)]
pub struct DeskDay {
    pub date: Date,
    pub sessions: Vec<DeskSession>,
}

/// The desk's days from `today`: the hub's sessions, with the registrations and check-ins
/// of `snapshot` and this device's `changes` laid over them.
pub fn build_desk(
    hub: &Hub,
    activities: &[Activity],
    snapshot: Option<&DeskSnapshot>,
    changes: &[DeskChange],
    today: Date,
) -> Vec<DeskDay> {
    let to = add_days(today, DESK_DAYS - 1);
    let state = overlay(snapshot, changes);
    // The first day the snapshot does not cover.
    let known_until = snapshot.map(|s| add_days(s.taken_at.date(), DESK_DAYS));
    let mut sessions: Vec<DeskSession> = activities
        .iter()
        .filter(|a| a.hub_id == hub.id)
        .flat_map(|a| a.occurrences(today, to).into_iter().map(move |o| (a, o)))
        .map(|(activity, occurrence)| {
            let key = occurrence.id.to_string();
            let check_ins: Vec<&Shown<DeskCheckIn>> = state.check_ins.iter().filter(|k| k.item.session == key).collect();
            let mut mine: Vec<&Shown<DeskRegistration>> = state.registrations.iter().filter(|r| r.item.session == key).collect();
            mine.sort_by_key(|r| (r.sending, r.item.status != RegistrationStatus::Confirmed, r.item.arrival));
            let placed = |status| mine.iter().filter(|r| !r.sending && r.item.status == status).map(|r| r.item.party).sum::<u32>();
            let (taken, waiting) = (placed(RegistrationStatus::Confirmed), placed(RegistrationStatus::Waitlisted));
            let mut position = 0;
            let people = mine
                .iter()
                .map(|r| {
                    let theirs: Vec<&&Shown<DeskCheckIn>> = check_ins.iter().filter(|k| k.item.registration == Some(r.item.id)).collect();
                    DeskPerson {
                        id: r.item.id,
                        name: r.item.name.clone(),
                        party: r.item.party,
                        contact: r.item.contact.clone(),
                        waiting: (!r.sending && r.item.status == RegistrationStatus::Waitlisted).then(|| {
                            position += 1;
                            position
                        }),
                        sending: r.sending,
                        check_ins: theirs.iter().map(|k| k.item.id).collect(),
                        check_in_sending: theirs.iter().any(|k| k.sending),
                    }
                })
                .collect();
            // A check-in naming a registration the desk does not list (cancelled since)
            // still counts people who came: it is listed with the walk-ins.
            let listed = |k: &&&Shown<DeskCheckIn>| k.item.registration.is_some_and(|r| mine.iter().any(|m| m.item.id == r));
            let walk_ins = check_ins
                .iter()
                .filter(|k| !listed(k))
                .map(|k| WalkIn { id: k.item.id, party: k.item.party, first_time: k.item.first_time, sending: k.sending })
                .collect();
            DeskSession {
                counted: known_until.is_some_and(|until| occurrence.start.date() < until),
                id: occurrence.id,
                title: activity.title.clone(),
                start: occurrence.start,
                end: occurrence.end,
                cancelled: closure_reason(&hub.hours.on(occurrence.start.date())),
                registration_required: activity.registration_required,
                capacity: activity.capacity,
                taken,
                left: activity.capacity.map(|c| c.saturating_sub(taken)),
                waiting,
                people,
                present: check_ins.iter().map(|k| k.item.party).sum(),
                walk_ins,
            }
        })
        .collect();
    sessions.sort_by(|a, b| (a.start, &a.title.it, a.id).cmp(&(b.start, &b.title.it, b.id)));
    (0..DESK_DAYS)
        .map(|i| add_days(today, i))
        .map(|date| DeskDay { date, sessions: sessions.iter().filter(|s| s.start.date() == date).cloned().collect() })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::activity::ActivityCategory;
    use crate::domain::ids::ActivityId;
    use crate::domain::recurrence::Schedule;
    use jiff::civil::date;

    fn hub() -> Hub {
        serde_json::from_value(serde_json::json!({
            "id": 1, "kind": "polo_civico", "name": {"it": "Polo civico"}, "description": {"it": ""},
            "city": "Roma", "district": "Municipio VII", "address": "Via Tuscolana 870", "contacts": {},
            "hours": {"weekly": [{"day": "FR", "start": "09:00", "end": "13:00"}],
                      "exceptions": [{"from": "2026-12-18", "to": "2026-12-18", "change": {"kind": "closed"}, "note": {"it": "Chiuso per lavori"}}]}
        }))
        .unwrap()
    }

    fn activity(id: i64, hub: i64) -> Activity {
        Activity {
            id: ActivityId(id),
            hub_id: HubId(hub),
            title: Text::it("Punto digitale"),
            description: Text::default(),
            category: ActivityCategory::DigitalHelp,
            audience: vec![],
            languages: vec![],
            capacity: Some(8),
            registration_required: true,
            party_limit: 3,
            how_to_join: Text::default(),
            schedule: Schedule::repeating(date(2026, 11, 6).at(10, 0, 0, 0), 120, "FREQ=WEEKLY;BYDAY=FR").unwrap(),
        }
    }

    fn registration(n: u8, session: &str, party: u32, status: RegistrationStatus, arrival: i64, name: &str) -> DeskRegistration {
        DeskRegistration {
            id: format!("01900000-0000-7000-8000-0000000000{n:02}").parse().unwrap(),
            session: session.into(),
            party,
            status,
            arrival,
            name: Some(name.into()),
            contact: None,
        }
    }

    #[test]
    fn each_session_counts_places_taken_left_and_waiting_with_people_in_order() {
        use RegistrationStatus::*;
        let snapshot = DeskSnapshot {
            hub: HubId(1),
            taken_at: date(2026, 12, 7).at(9, 0, 0, 0),
            registrations: vec![
                registration(1, "5-20261211T1000", 3, Confirmed, 4, "Rosa"),
                registration(2, "5-20261211T1000", 2, Waitlisted, 9, "Ahmed"),
                registration(3, "5-20261211T1000", 5, Confirmed, 2, "Lina"),
                registration(4, "5-20261211T1000", 1, Waitlisted, 7, "Olga"),
                registration(5, "5-20261218T1000", 1, Confirmed, 8, "Next week"),
            ],
            check_ins: vec![
                DeskCheckIn {
                    id: "01900000-0000-7000-8000-000000000020".parse().unwrap(),
                    session: "5-20261211T1000".into(),
                    registration: Some(registration(1, "", 1, Confirmed, 0, "").id),
                    party: 3,
                    first_time: false,
                },
                DeskCheckIn {
                    id: "01900000-0000-7000-8000-000000000021".parse().unwrap(),
                    session: "5-20261211T1000".into(),
                    registration: Some(registration(1, "", 1, Confirmed, 0, "").id),
                    party: 3,
                    first_time: false,
                },
                DeskCheckIn {
                    id: "01900000-0000-7000-8000-000000000022".parse().unwrap(),
                    session: "5-20261211T1000".into(),
                    registration: None,
                    party: 2,
                    first_time: true,
                },
            ],
        };
        let days = build_desk(&hub(), &[activity(5, 1), activity(6, 2)], Some(&snapshot), &[], date(2026, 12, 7));
        assert_eq!(days.len(), 7);
        assert_eq!(days[0].date, date(2026, 12, 7));
        let friday = &days[4];
        assert_eq!(friday.date, date(2026, 12, 11));
        assert_eq!(friday.sessions.len(), 1, "only this hub's activities");
        let s = &friday.sessions[0];
        assert_eq!((s.taken, s.left, s.waiting), (8, Some(0), 3));
        let names: Vec<_> = s.people.iter().map(|p| (p.name.as_deref().unwrap(), p.waiting)).collect();
        assert_eq!(names, [("Lina", None), ("Rosa", None), ("Olga", Some(1)), ("Ahmed", Some(2))]);
        assert_eq!(s.people[1].check_ins.len(), 2, "Rosa was checked in on two devices: flagged");
        assert_eq!(s.present, 8, "every check-in counts, over capacity too");
        assert_eq!(s.walk_ins.iter().map(|w| (w.party, w.first_time)).collect::<Vec<_>>(), [(2, true)]);
        assert!(days.iter().all(|d| d.sessions.iter().all(|s| s.start.date() <= date(2026, 12, 13))), "seven days only");
    }

    #[test]
    fn a_closed_day_and_no_snapshot_still_show_the_sessions() {
        let days = build_desk(&hub(), &[activity(5, 1)], None, &[], date(2026, 12, 14));
        let closed = days.iter().find(|d| d.date == date(2026, 12, 18)).unwrap();
        let s = &closed.sessions[0];
        assert_eq!(
            s.cancelled.as_ref().map(|c| crate::i18n::closure(crate::domain::text::Lang::It, c)).as_deref(),
            Some("Chiuso per lavori")
        );
        assert_eq!((s.taken, s.left, s.waiting, s.people.len()), (0, Some(8), 0, 0));
        assert!(days.iter().flat_map(|d| &d.sessions).all(|s| !s.counted), "nothing downloaded: nothing counted");
    }

    #[test]
    fn an_old_copy_counts_only_the_days_it_covers() {
        let snapshot = DeskSnapshot { hub: HubId(1), taken_at: date(2026, 12, 3).at(9, 0, 0, 0), registrations: vec![], check_ins: vec![] };
        let days = build_desk(&hub(), &[activity(5, 1)], Some(&snapshot), &[], date(2026, 12, 7));
        let counted: Vec<(Date, bool)> = days.iter().flat_map(|d| &d.sessions).map(|s| (s.start.date(), s.counted)).collect();
        // The copy of 3 December covers up to the 9th: Friday the 11th is not counted.
        assert_eq!(counted, [(date(2026, 12, 11), false)]);
        let fresh = DeskSnapshot { taken_at: date(2026, 12, 7).at(9, 0, 0, 0), ..snapshot };
        let days = build_desk(&hub(), &[activity(5, 1)], Some(&fresh), &[], date(2026, 12, 7));
        assert!(days.iter().flat_map(|d| &d.sessions).all(|s| s.counted));
    }
}
