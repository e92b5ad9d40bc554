//! Places at a session: whether it takes sign-ups at all, and who among those signed up
//! is confirmed and who waits. Pure; the server decides with these rules, and the device
//! shows places left with the same arithmetic.
//!
//! Arrival order is the only order: a sign-up is confirmed while its whole party fits
//! and nobody is waiting ahead of it, otherwise it joins the end of the waitlist. A
//! cancellation frees places and promotes from the head of the waitlist while the head's
//! party fits; a smaller party further back never jumps the queue.

use super::activity::{Activity, OccurrenceId};
use super::hub::Hub;
use super::session_fate::fate;
use jiff::civil::DateTime;
use serde::{Deserialize, Serialize};

/// Where a live registration stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    Confirmed,
    Waitlisted,
}

/// One live registration in a session's book.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seat<K> {
    pub key: K,
    /// How many people it brings (at least 1).
    pub party: u32,
    pub standing: Standing,
}

/// The live registrations of one session, in arrival order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Book<K> {
    /// Places in all; `None` is unlimited.
    capacity: Option<u32>,
    seats: Vec<Seat<K>>,
}

impl<K: PartialEq + Clone> Book<K> {
    /// A book from stored seats, already in arrival order.
    pub fn new(capacity: Option<u32>, seats: Vec<Seat<K>>) -> Book<K> {
        Book { capacity, seats }
    }

    pub fn seats(&self) -> &[Seat<K>] {
        &self.seats
    }

    /// People confirmed.
    pub fn confirmed_people(&self) -> u32 {
        self.seats.iter().filter(|s| s.standing == Standing::Confirmed).map(|s| s.party).sum()
    }

    /// Places still free (`None`: no limit). Never negative, even if the hub lowered the
    /// capacity below what was already confirmed.
    pub fn places_left(&self) -> Option<u32> {
        self.capacity.map(|c| c.saturating_sub(self.confirmed_people()))
    }

    fn fits(&self, party: u32) -> bool {
        self.places_left().is_none_or(|left| party <= left)
    }

    fn anyone_waiting(&self) -> bool {
        self.seats.iter().any(|s| s.standing == Standing::Waitlisted)
    }

    /// Adds a registration at the end of the arrival order and says where it stands.
    pub fn sign_up(&mut self, key: K, party: u32) -> Standing {
        let standing = if !self.anyone_waiting() && self.fits(party) { Standing::Confirmed } else { Standing::Waitlisted };
        self.seats.push(Seat { key, party, standing });
        standing
    }

    /// Removes a registration and returns those promoted from the waitlist, in order.
    /// A key not in the book changes nothing.
    pub fn cancel(&mut self, key: &K) -> Vec<K> {
        let Some(at) = self.seats.iter().position(|s| &s.key == key) else { return Vec::new() };
        self.seats.remove(at);
        let mut promoted = Vec::new();
        while let Some(head) = self.seats.iter().position(|s| s.standing == Standing::Waitlisted) {
            if !self.fits(self.seats[head].party) {
                break;
            }
            self.seats[head].standing = Standing::Confirmed;
            promoted.push(self.seats[head].key.clone());
        }
        promoted
    }

    pub fn standing(&self, key: &K) -> Option<Standing> {
        self.seats.iter().find(|s| &s.key == key).map(|s| s.standing)
    }

    /// 1 for the head of the waitlist; `None` when not waiting.
    pub fn waitlist_position(&self, key: &K) -> Option<u32> {
        let waiting = self.seats.iter().filter(|s| s.standing == Standing::Waitlisted);
        waiting.enumerate().find(|(_, s)| &s.key == key).map(|(i, _)| i as u32 + 1)
    }
}

/// Why a sign-up was turned down, in codes the device words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectReason {
    /// No such activity (any more), or a session id it never had.
    UnknownSession,
    /// The session is no longer held at that time: cancelled, moved, or the hub is closed.
    SessionCancelled,
    /// The activity does not take registrations.
    Closed,
    /// The session has already started.
    Past,
    /// More people than one registration may bring.
    PartyTooLarge,
    /// Made at a desk by a staff account that has been deactivated since.
    AccountInactive,
    /// A code this version does not know yet (sent by a newer server).
    #[serde(other)]
    Other,
}

/// Whether a session takes sign-ups now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionCheck {
    Open { capacity: Option<u32>, party_limit: u32 },
    Refused(RejectReason),
}

/// Checks `session` against the activity and hub as stored now. Registrations close when
/// the session starts. A session is held if the schedule still produces it and its hub
/// is not closed that day (the agenda shows the same sessions as cancelled).
pub fn check_session(session: OccurrenceId, activity: Option<&Activity>, hub: Option<&Hub>, now: DateTime) -> SessionCheck {
    let (Some(activity), Some(hub)) = (activity, hub) else {
        return SessionCheck::Refused(RejectReason::UnknownSession);
    };
    if activity.id != session.activity {
        return SessionCheck::Refused(RejectReason::UnknownSession);
    }
    if !activity.registration_required {
        return SessionCheck::Refused(RejectReason::Closed);
    }
    if session.start <= now {
        return SessionCheck::Refused(RejectReason::Past);
    }
    // Called off: the agenda shows the same sessions as cancelled.
    if !fate(session, Some(activity), Some(hub)).is_held() {
        return SessionCheck::Refused(RejectReason::SessionCancelled);
    }
    SessionCheck::Open { capacity: activity.capacity, party_limit: activity.party_limit }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn book(capacity: Option<u32>) -> Book<u32> {
        Book::new(capacity, Vec::new())
    }

    #[test]
    fn confirms_while_places_remain_then_waitlists_in_arrival_order() {
        let mut b = book(Some(3));
        assert_eq!(b.sign_up(1, 2), Standing::Confirmed);
        assert_eq!(b.sign_up(2, 2), Standing::Waitlisted, "a party of 2 does not fit in 1 place");
        assert_eq!(b.sign_up(3, 1), Standing::Waitlisted, "nobody jumps the queue, even if they would fit");
        assert_eq!(b.places_left(), Some(1));
        assert_eq!((b.waitlist_position(&2), b.waitlist_position(&3), b.waitlist_position(&1)), (Some(1), Some(2), None));
        assert_eq!(b.cancel(&1), vec![2, 3], "the freed places go to the head, then the next while they fit");
        assert_eq!(b.places_left(), Some(0));
        assert_eq!(b.cancel(&99), Vec::<u32>::new());
    }

    #[test]
    fn the_head_of_the_waitlist_blocks_until_its_whole_party_fits() {
        let mut b = book(Some(2));
        b.sign_up(1, 1);
        b.sign_up(2, 1);
        b.sign_up(3, 2);
        b.sign_up(4, 1);
        assert_eq!(b.cancel(&1), Vec::<u32>::new(), "one place is not enough for the party of 2 at the head");
        assert_eq!(b.standing(&4), Some(Standing::Waitlisted));
        assert_eq!(b.cancel(&2), vec![3]);
        assert_eq!(b.waitlist_position(&4), Some(1));
    }

    #[test]
    fn unlimited_sessions_confirm_everyone_and_a_lowered_capacity_never_goes_negative() {
        let mut b = book(None);
        assert!((0..50).all(|k| b.sign_up(k, 4) == Standing::Confirmed));
        assert_eq!(b.places_left(), None);
        let lowered = Book::new(Some(1), vec![Seat { key: 1, party: 3, standing: Standing::Confirmed }]);
        assert_eq!(lowered.places_left(), Some(0));
    }

    mod sessions {
        use super::super::*;
        use crate::domain::fixtures::{hub, weekly};
        use crate::domain::hours::{HoursChange, HoursException};
        use crate::domain::ids::ActivityId;
        use jiff::civil::date;

        /// Mondays at 10:00 from 2 November 2026, 4 places, parties of up to 2.
        fn activity() -> Activity {
            weekly(7, date(2026, 11, 2).at(10, 0, 0, 0), "FREQ=WEEKLY;BYDAY=MO")
        }

        fn session(day: i8, hour: i8) -> OccurrenceId {
            OccurrenceId { activity: ActivityId(7), start: date(2026, 11, day).at(hour, 0, 0, 0) }
        }

        #[test]
        fn a_scheduled_future_session_is_open_with_the_activity_limits() {
            let now = date(2026, 11, 20).at(12, 0, 0, 0);
            let open = check_session(session(23, 10), Some(&activity()), Some(&hub()), now);
            assert_eq!(open, SessionCheck::Open { capacity: Some(4), party_limit: 2 });
        }

        #[test]
        fn each_refusal_has_its_reason() {
            let (a, h) = (activity(), hub());
            let now = date(2026, 11, 23).at(10, 0, 0, 0);
            let check = |s, a: Option<&Activity>, h: Option<&Hub>| check_session(s, a, h, now);
            let refused = SessionCheck::Refused;
            assert_eq!(check(session(23, 10), Some(&a), Some(&h)), refused(RejectReason::Past), "closes when it starts");
            assert_eq!(check(session(30, 11), Some(&a), Some(&h)), refused(RejectReason::SessionCancelled), "not at that time");
            assert_eq!(check(session(30, 10), None, None), refused(RejectReason::UnknownSession));
            let other = OccurrenceId { activity: ActivityId(8), ..session(30, 10) };
            assert_eq!(check(other, Some(&a), Some(&h)), refused(RejectReason::UnknownSession));
            let free = Activity { registration_required: false, ..activity() };
            assert_eq!(check(session(30, 10), Some(&free), Some(&h)), refused(RejectReason::Closed));
            let mut closed = hub();
            let day = date(2026, 11, 30);
            closed.hours.exceptions.push(HoursException { from: day, to: day, change: HoursChange::Closed, note: None });
            assert_eq!(check(session(30, 10), Some(&a), Some(&closed)), refused(RejectReason::SessionCancelled));
            let easter_monday = OccurrenceId { activity: ActivityId(7), start: date(2027, 3, 29).at(10, 0, 0, 0) };
            assert_eq!(check(easter_monday, Some(&a), Some(&h)), refused(RejectReason::SessionCancelled), "a public holiday");
            let ordinary = OccurrenceId { activity: ActivityId(7), start: date(2027, 3, 22).at(10, 0, 0, 0) };
            assert!(matches!(check(ordinary, Some(&a), Some(&h)), SessionCheck::Open { .. }));
        }
    }

    #[derive(Clone, Debug)]
    enum Op {
        SignUp(u32),
        Cancel(usize),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![3 => (1u32..4).prop_map(Op::SignUp), 1 => (0usize..40).prop_map(Op::Cancel)]
    }

    proptest! {
        /// Whatever the order of sign-ups and cancellations: confirmed never exceeds the
        /// capacity, the waitlist keeps arrival order, and no place stays free while the
        /// head of the waitlist would fit in it.
        #[test]
        fn the_book_keeps_its_invariants(capacity in proptest::option::of(1u32..8), ops in proptest::collection::vec(op(), 0..60)) {
            let mut b = book(capacity);
            let mut next = 0u32;
            for op in ops {
                match op {
                    Op::SignUp(party) => { b.sign_up(next, party); next += 1; }
                    Op::Cancel(i) => { let key = b.seats().get(i).map(|s| s.key); if let Some(k) = key { b.cancel(&k); } }
                }
                if let Some(c) = capacity { prop_assert!(b.confirmed_people() <= c); }
                let keys: Vec<u32> = b.seats().iter().map(|s| s.key).collect();
                prop_assert!(keys.windows(2).all(|w| w[0] < w[1]), "arrival order kept");
                let first_waiting = b.seats().iter().position(|s| s.standing == Standing::Waitlisted);
                if let Some(head) = first_waiting {
                    prop_assert!(b.places_left().is_some_and(|left| b.seats()[head].party > left), "a fitting head would have been promoted");
                    prop_assert!(b.seats()[head..].iter().all(|s| s.standing == Standing::Waitlisted), "nobody confirmed behind a waiting party");
                }
            }
        }
    }
}
