//! Places at a session as everyone may see them: how many people are confirmed and how
//! many wait, per session of an activity. Pure. The server counts them from the
//! registrations in the same transaction that changes them and publishes them as a
//! synced document, so the device shows places left offline; names, contacts and tokens
//! never enter it.

use super::activity::{Activity, OccurrenceId};
use super::ids::ActivityId;
use jiff::civil::DateTime;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// People at one session: confirmed, and on the waiting list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionCount {
    /// Session start (local wall-clock time).
    pub start: DateTime,
    pub confirmed: u32,
    pub waiting: u32,
}

/// The public counts of one activity's coming sessions (a synced document, kind
/// `places`, keyed by the activity). A session nobody signed up for is absent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Places {
    pub activity_id: ActivityId,
    /// In start order.
    pub sessions: Vec<SessionCount>,
}

/// One live registration as counting needs it: no person, no token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Counted {
    pub session: OccurrenceId,
    pub party: u32,
    pub confirmed: bool,
}

impl Places {
    /// Counts `live` registrations (confirmed or waiting) of `activity` for sessions
    /// starting after `now`; registrations of other activities are ignored.
    pub fn count(activity: ActivityId, live: impl IntoIterator<Item = Counted>, now: DateTime) -> Places {
        let mut by_start: BTreeMap<DateTime, SessionCount> = BTreeMap::new();
        for r in live.into_iter().filter(|r| r.session.activity == activity && r.session.start > now) {
            let count = by_start.entry(r.session.start).or_insert(SessionCount { start: r.session.start, confirmed: 0, waiting: 0 });
            let people = if r.confirmed { &mut count.confirmed } else { &mut count.waiting };
            *people = people.saturating_add(r.party);
        }
        Places { activity_id: activity, sessions: by_start.into_values().collect() }
    }

    /// These counts with the sessions in `touched` counted again from `live` (every live
    /// registration of those sessions) and past sessions dropped: what a push writes,
    /// without reading the activity's other sessions.
    pub fn recounted(&self, touched: &BTreeSet<DateTime>, live: impl IntoIterator<Item = Counted>, now: DateTime) -> Places {
        let fresh = Places::count(self.activity_id, live.into_iter().filter(|r| touched.contains(&r.session.start)), now);
        let mut by_start: BTreeMap<DateTime, SessionCount> =
            self.sessions.iter().filter(|s| s.start > now && !touched.contains(&s.start)).map(|s| (s.start, *s)).collect();
        by_start.extend(fresh.sessions.into_iter().map(|s| (s.start, s)));
        Places { activity_id: self.activity_id, sessions: by_start.into_values().collect() }
    }

    /// The count of the session starting at `start` (zero when nobody signed up).
    pub fn at(&self, start: DateTime) -> SessionCount {
        self.sessions.iter().find(|s| s.start == start).copied().unwrap_or(SessionCount { start, confirmed: 0, waiting: 0 })
    }
}

/// What a session's listing says about its places.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Availability {
    /// No limit on places.
    Open,
    /// This many places are free, and nobody waits.
    Left { left: u32, capacity: u32 },
    /// No place free for a newcomer: a sign-up now joins the waiting list.
    Full { waiting: u32 },
}

/// Whether a newcomer would find a place. Anyone waiting means full, even with places
/// free: the head of the waiting list is a bigger party that does not fit yet, and
/// nobody jumps the queue ([`super::registration::Book`]).
pub fn availability(capacity: Option<u32>, count: SessionCount) -> Availability {
    match capacity {
        None => Availability::Open,
        Some(capacity) => {
            let left = capacity.saturating_sub(count.confirmed);
            if left == 0 || count.waiting > 0 {
                Availability::Full { waiting: count.waiting }
            } else {
                Availability::Left { left, capacity }
            }
        }
    }
}

/// The places documents by activity, to look sessions up in.
pub struct PlacesIndex<'a>(HashMap<ActivityId, &'a Places>);

impl<'a> PlacesIndex<'a> {
    pub fn new(places: &'a [Places]) -> PlacesIndex<'a> {
        PlacesIndex(places.iter().map(|p| (p.activity_id, p)).collect())
    }

    /// What a session of `activity` starting at `start` offers a newcomer; `None` when
    /// the activity takes no registrations.
    pub fn availability(&self, activity: &Activity, start: DateTime) -> Option<Availability> {
        activity.registration_required.then(|| {
            let count = match self.0.get(&activity.id) {
                Some(p) => p.at(start),
                None => SessionCount { start, confirmed: 0, waiting: 0 },
            };
            availability(activity.capacity, count)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::registration::{Book, Standing};
    use jiff::civil::date;
    use proptest::prelude::*;

    fn at(day: i8, hour: i8) -> DateTime {
        date(2026, 12, day).at(hour, 0, 0, 0)
    }

    fn session(activity: i64, day: i8) -> OccurrenceId {
        OccurrenceId { activity: ActivityId(activity), start: at(day, 10) }
    }

    #[test]
    fn counts_people_per_coming_session_of_one_activity() {
        let live = [
            Counted { session: session(7, 10), party: 2, confirmed: true },
            Counted { session: session(7, 10), party: 1, confirmed: false },
            Counted { session: session(7, 17), party: 3, confirmed: true },
            Counted { session: session(8, 10), party: 5, confirmed: true },
            Counted { session: session(7, 3), party: 4, confirmed: true },
        ];
        let places = Places::count(ActivityId(7), live, at(6, 12));
        assert_eq!(
            places.sessions,
            vec![
                SessionCount { start: at(10, 10), confirmed: 2, waiting: 1 },
                SessionCount { start: at(17, 10), confirmed: 3, waiting: 0 }
            ],
            "another activity's and past sessions are left out"
        );
        assert_eq!(places.at(at(24, 10)), SessionCount { start: at(24, 10), confirmed: 0, waiting: 0 });
    }

    proptest! {
        /// Recounting only the sessions a push touched gives what counting everything
        /// again would.
        #[test]
        fn a_partial_recount_equals_a_full_one(
            before in proptest::collection::vec((0i8..6, 1u32..4, any::<bool>()), 0..20),
            after in proptest::collection::vec((0i8..6, 1u32..4, any::<bool>()), 0..20),
            touched in proptest::collection::btree_set(0i8..6, 0..6),
        ) {
            let now = at(11, 12);
            let live = |regs: &[(i8, u32, bool)]| regs.iter().map(|&(d, party, confirmed)| Counted { session: session(7, 10 + d), party, confirmed }).collect::<Vec<_>>();
            // Untouched sessions keep their registrations; touched ones get new ones.
            let now_live: Vec<Counted> = live(&before).into_iter().filter(|r| !touched.iter().any(|d| r.session.start == at(10 + d, 10)))
                .chain(live(&after).into_iter().filter(|r| touched.iter().any(|d| r.session.start == at(10 + d, 10))))
                .collect();
            let stored = Places::count(ActivityId(7), live(&before), at(1, 0));
            let starts: BTreeSet<DateTime> = touched.iter().map(|d| at(10 + d, 10)).collect();
            prop_assert_eq!(stored.recounted(&starts, now_live.clone(), now), Places::count(ActivityId(7), now_live, now));
        }
    }

    #[test]
    fn availability_says_full_when_anyone_waits() {
        let count = |confirmed, waiting| SessionCount { start: at(10, 10), confirmed, waiting };
        assert_eq!(availability(None, count(40, 0)), Availability::Open);
        assert_eq!(availability(Some(5), count(0, 0)), Availability::Left { left: 5, capacity: 5 });
        assert_eq!(availability(Some(5), count(4, 0)), Availability::Left { left: 1, capacity: 5 });
        assert_eq!(availability(Some(5), count(5, 0)), Availability::Full { waiting: 0 });
        assert_eq!(availability(Some(5), count(3, 2)), Availability::Full { waiting: 2 }, "a party of 2 waits for 2 places");
        assert_eq!(availability(Some(2), count(5, 0)), Availability::Full { waiting: 0 }, "capacity lowered below the confirmed");
    }

    proptest! {
        /// What the listing says agrees with what the book would decide for a newcomer
        /// of one person: a place exactly when the listing shows places left.
        #[test]
        fn the_listing_agrees_with_the_books_decision(
            capacity in proptest::option::of(0u32..8),
            parties in proptest::collection::vec((1u32..4, any::<bool>()), 0..12),
        ) {
            let mut book = Book::new(capacity, Vec::new());
            for (key, (party, cancel_previous)) in parties.iter().enumerate() {
                book.sign_up(key, *party);
                if *cancel_previous && key > 0 {
                    book.cancel(&(key - 1));
                }
            }
            let live = book.seats().iter().map(|s| Counted { session: session(1, 10), party: s.party, confirmed: s.standing == Standing::Confirmed });
            let count = Places::count(ActivityId(1), live, at(1, 0)).at(at(10, 10));
            prop_assert_eq!(count.confirmed, book.confirmed_people());
            let shown = availability(capacity, count);
            let newcomer = book.sign_up(usize::MAX, 1);
            match shown {
                Availability::Open | Availability::Left { .. } => prop_assert_eq!(newcomer, Standing::Confirmed),
                Availability::Full { .. } => prop_assert_eq!(newcomer, Standing::Waitlisted),
            }
            if let Availability::Left { left, .. } = shown {
                prop_assert_eq!(Some(left), book.places_left().map(|l| l + 1));
            }
        }
    }
}
