use super::*;
use crate::domain::ids::ActivityId;
use crate::domain::mutation::{CONSENT_CURRENT, Cancel};
use jiff::civil::date;
use proptest::prelude::*;

fn session(n: i8) -> OccurrenceId {
    OccurrenceId { activity: ActivityId(1), start: date(2026, 12, 1 + n).at(10, 0, 0, 0) }
}

fn id(n: u64) -> MutationId {
    MutationId::new(1_800_000_000_000 + n, [n as u8; 10])
}

fn token(n: u64) -> String {
    format!("{n:032x}")
}

fn sign_up(at: OccurrenceId, party: u32, n: u64) -> Mutation {
    Mutation::SignUp(SignUp { session: at, name: format!("Persona {n}"), party, contact: None, consent: CONSENT_CURRENT, token: token(n) })
}

/// The digest the store would make; any injective function of the payload will do.
fn digest(m: &Mutation) -> String {
    serde_json::to_string(m).unwrap()
}

fn push(ledger: &mut Ledger, n: MutationId, m: &Mutation) -> Result<Answer, Refusal> {
    let (d, t) = (digest(m), m.token().unwrap_or_default().to_string());
    ledger.apply(Incoming { id: n, digest: &d, token_digest: &t, mutation: m, authority: Authority::Device })
}

fn ledger(capacity: Option<u32>) -> Ledger {
    let mut l = Ledger::default();
    l.sessions.insert(session(0), SessionCheck::Open { capacity, party_limit: 3 });
    l.sessions.insert(session(1), SessionCheck::Refused(RejectReason::SessionCancelled));
    l
}

#[test]
fn sign_ups_are_confirmed_then_waitlisted_and_a_cancel_promotes() {
    let mut l = ledger(Some(2));
    assert_eq!(push(&mut l, id(1), &sign_up(session(0), 2, 1)).unwrap().outcome, Outcome::Confirmed);
    let waiting = push(&mut l, id(2), &sign_up(session(0), 1, 2)).unwrap();
    assert_eq!((waiting.outcome, waiting.position), (Outcome::Waitlisted, Some(1)));
    let cancel = Mutation::Cancel(Cancel { registration: id(1), token: token(1) });
    assert_eq!(push(&mut l, id(3), &cancel).unwrap().outcome, Outcome::Cancelled);
    let promoted = l.state_of(id(2), &token(2)).unwrap();
    assert_eq!((promoted.status, promoted.position), (RegistrationStatus::Confirmed, None));
    assert_eq!(l.registrations[&id(1)].person, None, "a cancelled registration keeps no name");
}

#[test]
fn replays_get_the_first_answer_and_a_changed_payload_is_a_conflict() {
    let mut l = ledger(Some(1));
    let first = push(&mut l, id(1), &sign_up(session(0), 1, 1)).unwrap();
    let before = l.registrations.clone();
    assert_eq!(push(&mut l, id(1), &sign_up(session(0), 1, 1)).unwrap(), first);
    let conflict = push(&mut l, id(1), &sign_up(session(0), 2, 1)).unwrap();
    assert_eq!(conflict.outcome, Outcome::Conflict);
    assert_eq!(l.registrations, before, "neither the replay nor the conflict changed anything");
    assert_eq!(l.answers[&id(1)].answer, first, "the first answer stays the stored one");
}

#[test]
fn rejections_are_answered_and_stored_with_their_reason() {
    let mut l = ledger(Some(1));
    let cancelled = push(&mut l, id(1), &sign_up(session(1), 1, 1)).unwrap();
    assert_eq!((cancelled.outcome, cancelled.reason), (Outcome::Rejected, Some(RejectReason::SessionCancelled)));
    let unknown = push(&mut l, id(2), &sign_up(session(5), 1, 2)).unwrap();
    assert_eq!(unknown.reason, Some(RejectReason::UnknownSession));
    let too_many = push(&mut l, id(3), &sign_up(session(0), 4, 3)).unwrap();
    assert_eq!(too_many.reason, Some(RejectReason::PartyTooLarge));
    assert!(l.answers.contains_key(&id(3)));
    assert_eq!(l.registrations[&id(3)].person, None, "no name kept for a refused sign-up");
    // Its token can still cancel it (nothing to do) and read its state.
    let cancel = Mutation::Cancel(Cancel { registration: id(3), token: token(3) });
    assert_eq!(push(&mut l, id(4), &cancel).unwrap().outcome, Outcome::Cancelled);
    assert_eq!(l.state_of(id(3), &token(3)).unwrap().reason, Some(RejectReason::PartyTooLarge));
}

#[test]
fn a_foreign_or_forged_token_refuses_the_batch_and_reads_nothing() {
    let mut l = ledger(Some(1));
    push(&mut l, id(1), &sign_up(session(0), 1, 1)).unwrap();
    let forged = Mutation::Cancel(Cancel { registration: id(1), token: token(99) });
    assert_eq!(push(&mut l, id(2), &forged), Err(Refusal::NotYours(id(2))));
    let unknown = Mutation::Cancel(Cancel { registration: id(50), token: token(1) });
    assert_eq!(push(&mut l, id(3), &unknown), Err(Refusal::NotYours(id(3))));
    assert_eq!(l.registrations[&id(1)].status, RegistrationStatus::Confirmed);
    assert!(l.state_of(id(1), &token(99)).is_none());
}

#[test]
fn a_session_cancelled_after_sign_up_keeps_its_people_flagged_for_contact() {
    let mut l = ledger(Some(1));
    push(&mut l, id(1), &sign_up(session(0), 1, 1)).unwrap();
    push(&mut l, id(2), &sign_up(session(0), 1, 2)).unwrap();
    l.sessions.insert(session(0), SessionCheck::Refused(RejectReason::SessionCancelled));
    let kept = l.state_of(id(1), &token(1)).unwrap();
    assert_eq!((kept.status, kept.reason), (RegistrationStatus::Confirmed, Some(RejectReason::SessionCancelled)));
    assert!(l.registrations[&id(1)].person.is_some(), "the hub still needs the name to get in touch");
    // A cancellation there promotes nobody into a session that is not held.
    push(&mut l, id(3), &Mutation::Cancel(Cancel { registration: id(1), token: token(1) })).unwrap();
    assert_eq!(l.registrations[&id(2)].status, RegistrationStatus::Waitlisted);
}

// The state machine: devices with outboxes pushing to one server over a lossy link.

#[derive(Clone, Debug)]
enum Op {
    /// A device signs up, offline: the mutation goes to its outbox.
    SignUp { device: usize, session: i8, party: u32 },
    /// A device cancels one of its registrations (sent or not).
    Cancel { device: usize, pick: usize },
    /// A device pushes its outbox. The server may crash before committing, the answer
    /// may be lost on the way back, and the batch may carry a mutation twice.
    Push { device: usize, crash: bool, lose_answer: bool, duplicate: bool },
    /// A device asks for the state of its registrations.
    Refresh { device: usize },
    /// The server restarts: only what was committed is left.
    Restart,
    /// A device resends an answered id with a changed payload (a bug, or a forgery).
    Tamper { device: usize, pick: usize },
}

const DEVICES: usize = 3;

fn op() -> impl Strategy<Value = Op> {
    let device = 0..DEVICES;
    prop_oneof![
        4 => (device.clone(), 0i8..3, 1u32..4).prop_map(|(device, session, party)| Op::SignUp { device, session, party }),
        2 => (device.clone(), 0usize..8).prop_map(|(device, pick)| Op::Cancel { device, pick }),
        4 => (device.clone(), any::<bool>(), any::<bool>(), any::<bool>())
            .prop_map(|(device, crash, lose_answer, duplicate)| Op::Push { device, crash, lose_answer, duplicate }),
        2 => device.clone().prop_map(|device| Op::Refresh { device }),
        1 => Just(Op::Restart),
        1 => (device, 0usize..8).prop_map(|(device, pick)| Op::Tamper { device, pick }),
    ]
}

#[derive(Default)]
struct Device {
    outbox: Vec<(MutationId, Mutation)>,
    /// Every mutation this device made, and the answer it got, if any.
    made: Vec<(MutationId, Mutation, Option<Answer>)>,
    /// Its registrations (sign-up ids) and what it last learnt of each.
    mine: BTreeMap<MutationId, Option<RegistrationState>>,
}

struct World {
    /// What the server has committed: all it has after a restart.
    server: Ledger,
    devices: Vec<Device>,
    next: u64,
    /// How many times each id was applied (not answered from storage).
    applied: BTreeMap<MutationId, u32>,
    capacities: [Option<u32>; 3],
}

impl World {
    fn new(capacities: [Option<u32>; 3]) -> World {
        let mut server = Ledger::default();
        server.sessions.insert(session(0), SessionCheck::Open { capacity: capacities[0], party_limit: 3 });
        server.sessions.insert(session(1), SessionCheck::Open { capacity: capacities[1], party_limit: 2 });
        server.sessions.insert(session(2), SessionCheck::Refused(RejectReason::Closed));
        World { server, devices: (0..DEVICES).map(|_| Device::default()).collect(), next: 1, applied: BTreeMap::new(), capacities }
    }

    fn make(&mut self, device: usize, m: Mutation) -> MutationId {
        let n = self.next;
        self.next += 1;
        let mid = id(n);
        self.devices[device].outbox.push((mid, m.clone()));
        self.devices[device].made.push((mid, m, None));
        mid
    }

    fn push(&mut self, device: usize, crash: bool, lose_answer: bool, duplicate: bool) {
        let mut batch = self.devices[device].outbox.clone();
        if duplicate && let Some(first) = batch.first().cloned() {
            batch.push(first);
        }
        let mut working = self.server.clone();
        working.changed.clear();
        working.answered.clear();
        let answers: Vec<Answer> =
            batch.iter().map(|(mid, m)| push(&mut working, *mid, m).expect("a device only cancels its own registrations")).collect();
        if crash {
            return;
        }
        for mid in &working.answered {
            *self.applied.entry(*mid).or_default() += 1;
        }
        self.server = working;
        if lose_answer {
            return;
        }
        let d = &mut self.devices[device];
        for answer in answers {
            // The device acknowledges only what the server answered.
            d.outbox.retain(|(mid, _)| *mid != answer.id);
            if let Some(made) = d.made.iter_mut().find(|(mid, ..)| *mid == answer.id) {
                assert!(made.2.is_none() || made.2.as_ref() == Some(&answer), "a replay answers what the first did");
                made.2 = Some(answer);
            }
        }
    }

    fn refresh(&mut self, device: usize) {
        let d = &mut self.devices[device];
        for (rid, seen) in d.mine.iter_mut() {
            let token = d.made.iter().find(|(mid, ..)| mid == rid).map(|(_, m, _)| m.token().unwrap_or_default().to_string()).unwrap();
            if let Some(state) = self.server.state_of(*rid, &token) {
                *seen = Some(state);
            }
        }
    }

    fn check(&self) {
        assert!(self.applied.values().all(|&n| n == 1), "each mutation applied at most once");
        for (s, capacity) in self.capacities.iter().enumerate() {
            let book = self.server.book(session(s as i8), *capacity);
            if let Some(c) = capacity {
                assert!(book.confirmed_people() <= *c, "confirmed never over capacity");
            }
            let arrivals: Vec<i64> = book.seats().iter().map(|seat| self.server.registrations[&seat.key].arrival).collect();
            assert!(arrivals.windows(2).all(|w| w[0] < w[1]), "the book is in arrival order");
            if let Some(head) = book.seats().iter().position(|seat| seat.standing == Standing::Waitlisted) {
                assert!(book.seats()[head..].iter().all(|seat| seat.standing == Standing::Waitlisted), "the waitlist keeps arrival order");
            }
        }
        for d in &self.devices {
            for (mid, ..) in d.made.iter().filter(|(_, _, answer)| answer.is_none()) {
                assert!(d.outbox.iter().any(|(o, _)| o == mid), "an unanswered mutation is still in the outbox");
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn devices_converge_on_the_servers_decisions(
        capacities in (proptest::option::of(1u32..4), proptest::option::of(1u32..4)).prop_map(|(a, b)| [a, b, Some(5)]),
        ops in proptest::collection::vec(op(), 1..50),
    ) {
        let mut w = World::new(capacities);
        for op in ops {
            match op {
                Op::SignUp { device, session: s, party } => {
                    let n = w.next;
                    let mid = w.make(device, sign_up(session(s), party, n));
                    w.devices[device].mine.insert(mid, None);
                }
                Op::Cancel { device, pick } => {
                    let mine: Vec<MutationId> = w.devices[device].mine.keys().copied().collect();
                    if let Some(target) = mine.get(pick % mine.len().max(1)) {
                        let token = w.devices[device].made.iter().find(|(mid, ..)| mid == target).unwrap().1.token().unwrap().to_string();
                        w.make(device, Mutation::Cancel(Cancel { registration: *target, token }));
                    }
                }
                Op::Push { device, crash, lose_answer, duplicate } => w.push(device, crash, lose_answer, duplicate),
                Op::Refresh { device } => w.refresh(device),
                Op::Restart => {
                    // Only stored rows survive: the loaded sets are rebuilt on each batch.
                    w.server.changed.clear();
                    w.server.answered.clear();
                }
                Op::Tamper { device, pick } => {
                    let answered: Vec<(MutationId, Mutation)> = w.devices[device].made.iter()
                        .filter(|(_, _, a)| a.is_some()).map(|(mid, m, _)| (*mid, m.clone())).collect();
                    if let Some((mid, Mutation::SignUp(s))) = answered.get(pick % answered.len().max(1)).cloned() {
                        let before = w.server.registrations.clone();
                        let changed = Mutation::SignUp(SignUp { name: format!("{} bis", s.name), ..s });
                        let answer = push(&mut w.server, mid, &changed).unwrap();
                        prop_assert_eq!(answer.outcome, Outcome::Conflict);
                        prop_assert_eq!(&w.server.registrations, &before);
                    }
                }
            }
            w.check();
        }
        // The link comes back for good: every device drains its outbox.
        // Then each learns, at its next sync, what the others' pushes changed for it.
        for device in 0..DEVICES {
            w.push(device, false, false, false);
        }
        for device in 0..DEVICES {
            w.refresh(device);
        }
        w.check();
        for d in &w.devices {
            prop_assert!(d.outbox.is_empty());
            for (mid, _, answer) in &d.made {
                prop_assert_eq!(answer.as_ref(), Some(&w.server.answers[mid].answer), "answered exactly once, the same everywhere");
            }
            for (rid, seen) in &d.mine {
                let token = d.made.iter().find(|(mid, ..)| mid == rid).unwrap().1.token().unwrap().to_string();
                let server = w.server.state_of(*rid, &token);
                prop_assert_eq!(seen.as_ref(), server.as_ref(), "the device sees the server's state");
            }
        }
    }
}

mod desk {
    use super::*;
    use crate::domain::ids::{AccountId, HubId};
    use crate::domain::mutation::{CheckIn, DeskCancel, DeskSignUp, UndoCheckIn};
    use crate::domain::staff::{Account, Role};

    fn volunteer(id: i64, hub: i64) -> Account {
        Account {
            id: AccountId(id),
            email: format!("v{id}@example.org"),
            name: format!("Volontaria {id}"),
            role: Role::Volunteer,
            hubs: vec![HubId(hub)],
            active: true,
        }
    }

    /// Activity 1 is at hub 1; activity 2 at hub 2.
    fn desk_ledger(capacity: Option<u32>) -> Ledger {
        let mut l = ledger(capacity);
        l.hubs.insert(ActivityId(1), HubId(1));
        l.hubs.insert(ActivityId(2), HubId(2));
        l.sessions.insert(other_hub_session(), SessionCheck::Open { capacity, party_limit: 3 });
        // Session 1 is scheduled though its hub is closed that day; session 5 never was.
        l.scheduled.extend([session(0), session(1), other_hub_session()]);
        l
    }

    fn other_hub_session() -> OccurrenceId {
        OccurrenceId { activity: ActivityId(2), start: date(2026, 12, 1).at(10, 0, 0, 0) }
    }

    fn by(ledger: &mut Ledger, n: MutationId, m: &Mutation, authority: Authority<'_>) -> Result<Answer, Refusal> {
        let (d, t) = (digest(m), m.token().unwrap_or_default().to_string());
        ledger.apply(Incoming { id: n, digest: &d, token_digest: &t, mutation: m, authority })
    }

    fn desk_sign_up(account: i64, at: OccurrenceId, party: u32, n: u64) -> Mutation {
        let Mutation::SignUp(sign_up) = sign_up(at, party, n) else { unreachable!() };
        Mutation::DeskSignUp(DeskSignUp { account: AccountId(account), sign_up })
    }

    fn check_in(account: i64, at: OccurrenceId, registration: Option<MutationId>, party: u32) -> Mutation {
        Mutation::CheckIn(CheckIn { account: AccountId(account), session: at, registration, party, first_time: false })
    }

    #[test]
    fn a_desk_sign_up_is_held_to_its_accounts_hubs_and_login() {
        let (mine, theirs) = (volunteer(7, 1), volunteer(8, 2));
        let mut l = desk_ledger(Some(1));
        let taken = by(&mut l, id(1), &desk_sign_up(7, session(0), 1, 1), Authority::Staff(&mine)).unwrap();
        assert_eq!(taken.outcome, Outcome::Confirmed);
        assert_eq!(l.registrations[&id(1)].by, Some(AccountId(7)), "the desk's registrations say who took them");
        assert_eq!(
            by(&mut l, id(2), &desk_sign_up(8, session(0), 1, 2), Authority::Staff(&theirs)),
            Err(Refusal::NotYourHub(id(2))),
            "another hub's volunteer"
        );
        assert_eq!(by(&mut l, id(2), &desk_sign_up(8, session(0), 1, 2), Authority::Staff(&mine)), Err(Refusal::NotYourAccount(id(2))));
        assert_eq!(by(&mut l, id(2), &desk_sign_up(7, session(0), 1, 2), Authority::Device), Err(Refusal::NotYourAccount(id(2))));
        let inactive = by(&mut l, id(2), &desk_sign_up(7, session(0), 1, 2), Authority::Deactivated).unwrap();
        assert_eq!((inactive.outcome, inactive.reason), (Outcome::Rejected, Some(RejectReason::AccountInactive)));
        assert!(!l.registrations.contains_key(&id(2)), "a deactivated account's sign-up takes no place");
        assert_eq!(by(&mut l, id(2), &desk_sign_up(7, session(0), 1, 2), Authority::Staff(&mine)).unwrap(), inactive, "answered once");
        let waiting = by(&mut l, id(3), &desk_sign_up(7, session(0), 1, 3), Authority::Staff(&mine)).unwrap();
        assert_eq!((waiting.outcome, waiting.position), (Outcome::Waitlisted, Some(1)), "the server alone decides");
        let gone = OccurrenceId { activity: ActivityId(9), start: date(2026, 12, 1).at(10, 0, 0, 0) };
        let unknown = by(&mut l, id(4), &desk_sign_up(7, gone, 1, 4), Authority::Staff(&mine)).unwrap();
        assert_eq!(unknown.reason, Some(RejectReason::UnknownSession), "an activity deleted meanwhile is a readable rejection");
    }

    #[test]
    fn the_desk_cancels_any_registration_at_its_hub_and_none_elsewhere() {
        let (mine, theirs) = (volunteer(7, 1), volunteer(8, 2));
        let mut l = desk_ledger(Some(1));
        push(&mut l, id(1), &sign_up(session(0), 1, 1)).unwrap();
        push(&mut l, id(2), &sign_up(session(0), 1, 2)).unwrap();
        push(&mut l, id(3), &sign_up(other_hub_session(), 1, 3)).unwrap();
        let cancel = |n| Mutation::DeskCancel(DeskCancel { account: AccountId(7), registration: id(n) });
        assert_eq!(by(&mut l, id(10), &cancel(3), Authority::Staff(&mine)), Err(Refusal::NotYours(id(10))));
        assert_eq!(by(&mut l, id(10), &cancel(99), Authority::Staff(&mine)), Err(Refusal::NotYours(id(10))));
        let theirs_cancel = Mutation::DeskCancel(DeskCancel { account: AccountId(8), registration: id(1) });
        assert_eq!(by(&mut l, id(10), &theirs_cancel, Authority::Staff(&theirs)), Err(Refusal::NotYours(id(10))));
        assert_eq!(by(&mut l, id(10), &cancel(1), Authority::Staff(&mine)).unwrap().outcome, Outcome::Cancelled);
        assert_eq!(l.registrations[&id(1)].person, None);
        assert_eq!(l.registrations[&id(2)].status, RegistrationStatus::Confirmed, "the next in line gets the place");
    }

    #[test]
    fn check_ins_are_facts_kept_over_capacity_and_twice_and_taken_back_by_id() {
        let mine = volunteer(7, 1);
        let mut l = desk_ledger(Some(1));
        push(&mut l, id(1), &sign_up(session(0), 1, 1)).unwrap();
        let first = by(&mut l, id(10), &check_in(7, session(0), Some(id(1)), 1), Authority::Staff(&mine)).unwrap();
        assert_eq!(first.outcome, Outcome::CheckedIn);
        let again = by(&mut l, id(11), &check_in(7, session(0), Some(id(1)), 1), Authority::Staff(&mine)).unwrap();
        assert_eq!(again.outcome, Outcome::CheckedIn, "a second device's check-in of the same person is kept, for the desk to flag");
        let walk_ins = by(&mut l, id(12), &check_in(7, session(0), None, 5), Authority::Staff(&mine)).unwrap();
        assert_eq!(walk_ins.outcome, Outcome::CheckedIn, "over capacity: people came");
        assert_eq!(l.check_ins.values().filter(|c| !c.undone).map(|c| c.party).sum::<u32>(), 7);
        // A cancelled session still counts who came; a registration of another session does not fit.
        let cancelled = by(&mut l, id(13), &check_in(7, session(1), None, 2), Authority::Staff(&mine)).unwrap();
        assert_eq!(cancelled.outcome, Outcome::CheckedIn);
        push(&mut l, id(2), &sign_up(other_hub_session(), 1, 2)).unwrap();
        assert_eq!(by(&mut l, id(14), &check_in(7, session(0), Some(id(2)), 1), Authority::Staff(&mine)), Err(Refusal::NotYours(id(14))));
        assert_eq!(
            by(&mut l, id(14), &check_in(7, other_hub_session(), None, 1), Authority::Staff(&mine)),
            Err(Refusal::NotYourHub(id(14)))
        );
        let nowhere = by(&mut l, id(14), &check_in(7, session(5), None, 1), Authority::Staff(&mine)).unwrap();
        assert_eq!(nowhere.reason, Some(RejectReason::UnknownSession), "a time the schedule never had counts nobody");
        let undo = |n| Mutation::UndoCheckIn(UndoCheckIn { account: AccountId(7), check_in: id(n) });
        assert_eq!(by(&mut l, id(20), &undo(11), Authority::Staff(&mine)).unwrap().outcome, Outcome::Cancelled);
        assert!(l.check_ins[&id(11)].undone);
        assert!(!l.check_ins[&id(10)].undone);
        assert_eq!(by(&mut l, id(21), &undo(99), Authority::Staff(&mine)), Err(Refusal::NotYours(id(21))));
        assert_eq!(l.changed_check_ins.len(), 4);
    }

    #[test]
    fn what_was_at_a_deleted_activity_can_still_be_taken_back() {
        let mine = volunteer(7, 1);
        let mut l = desk_ledger(Some(1));
        push(&mut l, id(1), &sign_up(session(0), 1, 1)).unwrap();
        by(&mut l, id(2), &check_in(7, session(0), None, 1), Authority::Staff(&mine)).unwrap();
        // The activity is deleted: its hub is no longer known.
        l.hubs.clear();
        l.sessions.insert(session(0), SessionCheck::Refused(RejectReason::UnknownSession));
        let cancel = Mutation::DeskCancel(DeskCancel { account: AccountId(7), registration: id(1) });
        assert_eq!(by(&mut l, id(3), &cancel, Authority::Staff(&mine)).unwrap().outcome, Outcome::Cancelled);
        let undo = Mutation::UndoCheckIn(UndoCheckIn { account: AccountId(7), check_in: id(2) });
        assert_eq!(by(&mut l, id(4), &undo, Authority::Staff(&mine)).unwrap().outcome, Outcome::Cancelled);
    }

    fn help(hub: i64, name: &str) -> Mutation {
        use crate::domain::help_request::{HelpRequest, HelpTopic};
        Mutation::HelpRequest(HelpRequest { hub: HubId(hub), name: name.into(), topic: HelpTopic::Health, details: Some(" CUP ".into()) })
    }

    #[test]
    fn a_kiosk_asks_for_help_at_its_own_hub_once() {
        let mut l = desk_ledger(Some(1));
        let received = by(&mut l, id(1), &help(1, " Amal "), Authority::Kiosk(HubId(1))).unwrap();
        assert_eq!(received.outcome, Outcome::Confirmed);
        assert_eq!(by(&mut l, id(1), &help(1, " Amal "), Authority::Kiosk(HubId(1))).unwrap(), received, "a replay");
        assert_eq!(by(&mut l, id(1), &help(1, "Omar"), Authority::Kiosk(HubId(1))).unwrap().outcome, Outcome::Conflict);
        assert_eq!(l.help_requests.len(), 1, "kept once");
        let (at, kept) = &l.help_requests[0];
        assert_eq!((*at, kept.name.as_str(), kept.details.as_deref()), (id(1), "Amal", Some("CUP")), "kept tidy");
        assert_eq!(by(&mut l, id(2), &help(2, "Omar"), Authority::Kiosk(HubId(1))), Err(Refusal::NotYourHub(id(2))));
        assert_eq!(by(&mut l, id(2), &help(1, "Omar"), Authority::Device), Err(Refusal::NotYourHub(id(2))), "no kiosk, no request");
        let staff = volunteer(7, 1);
        assert_eq!(by(&mut l, id(2), &help(1, "Omar"), Authority::Staff(&staff)), Err(Refusal::NotYourHub(id(2))));
        let desk = check_in(7, session(0), None, 1);
        assert_eq!(by(&mut l, id(3), &desk, Authority::Kiosk(HubId(1))), Err(Refusal::NotYourAccount(id(3))), "a kiosk is no volunteer");
        assert_eq!(l.help_requests.len(), 1);
    }
}
