//! The desk's own changes on the device, as a pure model: each one made here is kept
//! beside the outbox entry that sends it (same id, same transaction) until the desk's
//! copy from the server shows its effect. The desk is the server's copy with these laid
//! over it, so what a volunteer did offline shows at once, marked as not yet sent.

use super::desk::{DeskCheckIn, DeskRegistration, DeskSnapshot};
use crate::domain::ids::HubId;
use crate::domain::mutation::{Answer, Mutation, Outcome, RegistrationStatus};
use crate::domain::mutation_id::MutationId;
use crate::domain::registration::RejectReason;
use serde::{Deserialize, Serialize};

/// A change made at a hub's desk on this device.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeskChange {
    /// The mutation's id: also its outbox entry's key.
    pub id: MutationId,
    pub hub: HubId,
    pub mutation: Mutation,
    pub state: ChangeState,
    /// When the answer was recorded (this device's clock, ms): a copy of the desk asked
    /// for after that shows its effect.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered_at: Option<f64>,
}

/// Where a change stands.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeState {
    /// In the outbox.
    Sending,
    Answered(Answer),
    /// Refused outright by the server (the words of its refusal).
    Refused(String),
}

impl DeskChange {
    /// Whether the server turned it down: it stays on the device, for the volunteer to
    /// read, until they dismiss it.
    pub fn is_problem(&self) -> bool {
        match &self.state {
            ChangeState::Sending => false,
            ChangeState::Answered(a) => matches!(a.outcome, Outcome::Rejected | Outcome::Conflict),
            ChangeState::Refused(_) => true,
        }
    }

    /// A change turned down because its account was deactivated may be read by whoever
    /// holds the device next, with nobody logged in (a lost tablet): it keeps what it was
    /// and when, never whose.
    pub fn forget_person_if_account_gone(&mut self) {
        let gone = matches!(&self.state, ChangeState::Answered(a) if a.reason == Some(RejectReason::AccountInactive));
        if let (true, Mutation::DeskSignUp(d)) = (gone, &mut self.mutation) {
            d.sign_up.name.clear();
            d.sign_up.contact = None;
            d.sign_up.token.clear();
        }
    }

    /// Whether the desk's copy asked for at `asked_at` (ms) already shows it, so the device
    /// no longer needs it.
    pub fn is_settled_by(&self, asked_at: f64) -> bool {
        !self.is_problem() && self.answered_at.is_some_and(|at| at < asked_at)
    }
}

/// Something the desk shows, and whether it is still on its way to the server.
#[derive(Clone, Debug, PartialEq)]
pub struct Shown<T> {
    pub item: T,
    pub sending: bool,
}

/// The registrations and check-ins the desk shows: the server's copy with this device's
/// changes laid over it (in the order they were made).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DeskState {
    pub registrations: Vec<Shown<DeskRegistration>>,
    pub check_ins: Vec<Shown<DeskCheckIn>>,
}

/// Lays `changes` over `snapshot`. A change the copy already shows adds nothing; one the
/// server turned down adds nothing either (it is listed apart, see [`DeskChange::is_problem`]).
pub fn overlay(snapshot: Option<&DeskSnapshot>, changes: &[DeskChange]) -> DeskState {
    let mut state = DeskState {
        registrations: snapshot
            .map(|s| s.registrations.iter().cloned().map(|item| Shown { item, sending: false }).collect())
            .unwrap_or_default(),
        check_ins: snapshot.map(|s| s.check_ins.iter().cloned().map(|item| Shown { item, sending: false }).collect()).unwrap_or_default(),
    };
    let mut ordered: Vec<&DeskChange> = changes.iter().filter(|c| !c.is_problem()).collect();
    ordered.sort_by_key(|c| c.id);
    for change in ordered {
        let sending = change.state == ChangeState::Sending;
        match &change.mutation {
            Mutation::DeskSignUp(d) => {
                if state.registrations.iter().any(|r| r.item.id == change.id) {
                    continue;
                }
                let answer = match &change.state {
                    ChangeState::Answered(a) => Some(a),
                    _ => None,
                };
                let status = match answer.map(|a| a.outcome) {
                    Some(Outcome::Waitlisted) => RegistrationStatus::Waitlisted,
                    _ => RegistrationStatus::Confirmed,
                };
                let item = DeskRegistration {
                    id: change.id,
                    session: d.sign_up.session.to_string(),
                    party: d.sign_up.party,
                    status,
                    // After everyone the server placed before it.
                    arrival: i64::MAX,
                    name: Some(d.sign_up.name.trim().to_string()),
                    contact: d.sign_up.contact.clone(),
                };
                state.registrations.push(Shown { item, sending });
            }
            Mutation::DeskCancel(c) => state.registrations.retain(|r| r.item.id != c.registration),
            Mutation::CheckIn(c) => {
                if state.check_ins.iter().any(|k| k.item.id == change.id) {
                    continue;
                }
                let item = DeskCheckIn {
                    id: change.id,
                    session: c.session.to_string(),
                    registration: c.registration,
                    party: c.party,
                    first_time: c.first_time,
                };
                state.check_ins.push(Shown { item, sending });
            }
            Mutation::UndoCheckIn(u) => state.check_ins.retain(|k| k.item.id != u.check_in),
            Mutation::SignUp(_) | Mutation::Cancel(_) | Mutation::HelpRequest(_) => {}
        }
    }
    state
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::AccountId;
    use crate::domain::mutation::{CONSENT_CURRENT, CheckIn, DeskCancel, DeskSignUp, SignUp, UndoCheckIn};
    use jiff::civil::date;

    fn id(n: u8) -> MutationId {
        format!("01900000-0000-7000-8000-0000000000{n:02}").parse().unwrap()
    }

    const SESSION: &str = "5-20261211T1000";

    fn change(n: u8, mutation: Mutation, state: ChangeState) -> DeskChange {
        DeskChange { id: id(n), hub: HubId(1), mutation, state, answered_at: None }
    }

    fn sign_up(name: &str) -> Mutation {
        Mutation::DeskSignUp(DeskSignUp {
            account: AccountId(3),
            sign_up: SignUp {
                session: SESSION.parse().unwrap(),
                name: name.into(),
                party: 2,
                contact: None,
                consent: CONSENT_CURRENT,
                token: "0123456789abcdef0123456789abcdef".into(),
            },
        })
    }

    fn check_in(registration: Option<MutationId>) -> Mutation {
        Mutation::CheckIn(CheckIn { account: AccountId(3), session: SESSION.parse().unwrap(), registration, party: 1, first_time: false })
    }

    fn snapshot() -> DeskSnapshot {
        DeskSnapshot {
            hub: HubId(1),
            taken_at: date(2026, 12, 11).at(9, 0, 0, 0),
            registrations: vec![DeskRegistration {
                id: id(1),
                session: SESSION.into(),
                party: 1,
                status: RegistrationStatus::Confirmed,
                arrival: 1,
                name: Some("Rosa".into()),
                contact: None,
            }],
            check_ins: vec![DeskCheckIn { id: id(2), session: SESSION.into(), registration: Some(id(1)), party: 1, first_time: false }],
        }
    }

    #[test]
    fn changes_made_here_show_at_once_marked_until_sent() {
        let changes = [
            change(10, sign_up(" Ahmed "), ChangeState::Sending),
            change(11, check_in(Some(id(10))), ChangeState::Sending),
            change(12, check_in(None), ChangeState::Answered(Answer::new(id(12), Outcome::CheckedIn))),
        ];
        let state = overlay(Some(&snapshot()), &changes);
        let names: Vec<_> = state.registrations.iter().map(|r| (r.item.name.clone().unwrap(), r.sending)).collect();
        assert_eq!(names, [("Rosa".to_string(), false), ("Ahmed".to_string(), true)]);
        let check_ins: Vec<_> = state.check_ins.iter().map(|k| (k.item.id, k.sending)).collect();
        assert_eq!(check_ins, [(id(2), false), (id(11), true), (id(12), false)]);
    }

    #[test]
    fn cancels_and_undos_take_their_target_away_and_the_copy_wins_once_it_has_a_change() {
        let changes = [
            change(10, Mutation::DeskCancel(DeskCancel { account: AccountId(3), registration: id(1) }), ChangeState::Sending),
            change(11, Mutation::UndoCheckIn(UndoCheckIn { account: AccountId(3), check_in: id(2) }), ChangeState::Sending),
            // Already in the copy (answered and fetched again): not doubled.
            change(1, sign_up("Rosa"), ChangeState::Answered(Answer::new(id(1), Outcome::Confirmed))),
        ];
        let state = overlay(Some(&snapshot()), &changes);
        assert!(state.registrations.is_empty());
        assert!(state.check_ins.is_empty());
    }

    #[test]
    fn a_refused_change_adds_nothing_and_stays_until_dismissed() {
        let rejected =
            Answer { reason: Some(crate::domain::registration::RejectReason::AccountInactive), ..Answer::new(id(10), Outcome::Rejected) };
        let changes = [
            DeskChange { answered_at: Some(5.0), ..change(10, sign_up("Ahmed"), ChangeState::Answered(rejected)) },
            change(11, check_in(None), ChangeState::Refused("403".into())),
        ];
        let state = overlay(None, &changes);
        assert!(state.registrations.is_empty() && state.check_ins.is_empty());
        assert!(changes.iter().all(DeskChange::is_problem));
        assert!(!changes[0].is_settled_by(10.0), "a problem waits for the volunteer, not for a new copy");
        let mut gone = changes[0].clone();
        gone.forget_person_if_account_gone();
        let Mutation::DeskSignUp(d) = &gone.mutation else { unreachable!() };
        assert_eq!((d.sign_up.name.as_str(), d.sign_up.token.as_str()), ("", ""), "no name kept for a deactivated account's change");
        assert_eq!(d.sign_up.session.to_string(), SESSION, "what and when stay");
        let done = DeskChange {
            answered_at: Some(5.0),
            ..change(12, check_in(None), ChangeState::Answered(Answer::new(id(12), Outcome::CheckedIn)))
        };
        assert!(done.is_settled_by(6.0));
        assert!(!done.is_settled_by(5.0), "a copy asked for before the answer may not show it");
        assert!(!change(13, check_in(None), ChangeState::Sending).is_settled_by(1e15));
    }
}
