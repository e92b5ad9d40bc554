//! A registration as this device keeps it, and how the server's answers and states move
//! it on. Pure, so the rules of what the person sees are tested without a browser.
//!
//! The device never decides: a sign-up made here is "waiting to send" until the server
//! answers, and from then on shows what the server said last.

use crate::domain::activity::OccurrenceId;
use crate::domain::mutation::{Answer, Outcome, RegistrationState, RegistrationStatus};
use crate::domain::mutation_id::MutationId;
use crate::domain::registration::RejectReason;
use crate::domain::text::Text;
use serde::{Deserialize, Serialize};

/// The `attention` of a mutation the server answered `conflict`: its id was already
/// used for another change. Any other attention holds the server's refusal, as logged.
pub const ATTENTION_CONFLICT: &str = "conflict";

/// Where a registration stands for its device.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MyStatus {
    /// Saved here; the server has not answered yet.
    Waiting,
    Confirmed,
    Waitlisted,
    Rejected,
    Cancelled,
}

/// One of this device's registrations. The name stays on the person's own device (it
/// is theirs); the token is what lets this device, and no other, see and cancel it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyRegistration {
    /// The sign-up's mutation id, which is also the registration's id on the server.
    pub id: MutationId,
    pub session: OccurrenceId,
    #[serde(with = "crate::domain::wire::datetime")]
    pub end: jiff::civil::DateTime,
    pub activity_title: Text,
    pub hub_name: Text,
    pub name: String,
    pub party: u32,
    pub token: String,
    pub status: MyStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<u32>,
    /// Why it was rejected, or that its session is no longer held as booked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<RejectReason>,
    /// A cancellation is waiting to be sent.
    #[serde(default)]
    pub cancelling: bool,
    /// The server refused something about it outright (not a decision): shown under
    /// "needs attention" until the person dismisses it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attention: Option<String>,
}

impl MyRegistration {
    /// Takes the server's answer to a mutation about this registration: its sign-up
    /// (`id` is the registration's) or a cancellation.
    pub fn on_answer(&mut self, answer: &Answer) {
        match answer.outcome {
            Outcome::Confirmed => self.set(MyStatus::Confirmed, None, None),
            Outcome::Waitlisted => self.set(MyStatus::Waitlisted, answer.position, None),
            Outcome::Rejected => self.set(MyStatus::Rejected, None, answer.reason),
            Outcome::Cancelled => {
                self.cancelling = false;
                // A rejected sign-up stays rejected: the cancel had nothing to do.
                if self.status != MyStatus::Rejected {
                    self.set(MyStatus::Cancelled, None, None);
                }
            }
            // Never applied: the id was already used for something else on the server.
            // A sign-up in conflict will never be sent again, so it no longer waits; a
            // cancellation in conflict leaves the registration as it was.
            Outcome::Conflict => {
                if answer.id == self.id && self.status == MyStatus::Waiting {
                    self.status = MyStatus::Rejected;
                }
                self.cancelling = false;
                self.attention = Some(ATTENTION_CONFLICT.into());
            }
            // Only the desk's check-ins get this; never a registration of this device's.
            Outcome::CheckedIn => {}
        }
    }

    /// Takes the server's current state, unless a change made here is still on its way
    /// (the state would undo what the person sees they did).
    pub fn on_state(&mut self, state: &RegistrationState) {
        if self.status == MyStatus::Waiting || self.cancelling {
            return;
        }
        let status = match state.status {
            RegistrationStatus::Confirmed => MyStatus::Confirmed,
            RegistrationStatus::Waitlisted => MyStatus::Waitlisted,
            RegistrationStatus::Cancelled => MyStatus::Cancelled,
            RegistrationStatus::Rejected => MyStatus::Rejected,
        };
        self.set(status, state.position, state.reason);
    }

    fn set(&mut self, status: MyStatus, position: Option<u32>, reason: Option<RejectReason>) {
        self.status = status;
        self.position = position;
        self.reason = reason;
    }

    /// Whether the server may still change it (so the device asks for its state).
    pub fn is_live(&self) -> bool {
        matches!(self.status, MyStatus::Confirmed | MyStatus::Waitlisted)
    }

    /// Whether the person can still cancel it from here.
    pub fn can_cancel(&self) -> bool {
        !self.cancelling && matches!(self.status, MyStatus::Waiting | MyStatus::Confirmed | MyStatus::Waitlisted)
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use jiff::civil::date;

    fn mine() -> MyRegistration {
        sample()
    }

    /// A sign-up made on this device, not sent yet (other tests of the feature use it too).
    pub fn sample() -> MyRegistration {
        MyRegistration {
            id: "017f22e2-79b0-7cc3-98c4-dc0c0c07398f".parse().unwrap(),
            session: "5-20261127T1000".parse().unwrap(),
            end: date(2026, 11, 27).at(12, 0, 0, 0),
            activity_title: Text::it("Punto digitale"),
            hub_name: Text::it("Polo civico"),
            name: "Rosa".into(),
            party: 1,
            token: "0".repeat(32),
            status: MyStatus::Waiting,
            position: None,
            reason: None,
            cancelling: false,
            attention: None,
        }
    }

    fn state(status: RegistrationStatus, position: Option<u32>, reason: Option<RejectReason>) -> RegistrationState {
        let m = mine();
        RegistrationState { id: m.id, session: m.session, party: 1, status, position, reason }
    }

    #[test]
    fn a_sign_up_waits_until_the_server_answers_then_shows_its_decision() {
        let mut m = mine();
        assert!(m.can_cancel() && !m.is_live());
        m.on_state(&state(RegistrationStatus::Confirmed, None, None));
        assert_eq!(m.status, MyStatus::Waiting, "a state never overtakes the answer the device waits for");
        m.on_answer(&Answer { position: Some(2), ..Answer::new(m.id, Outcome::Waitlisted) });
        assert_eq!((m.status, m.position), (MyStatus::Waitlisted, Some(2)));
        m.on_state(&state(RegistrationStatus::Confirmed, None, None));
        assert_eq!((m.status, m.position), (MyStatus::Confirmed, None), "promoted later");
        m.on_state(&state(RegistrationStatus::Confirmed, None, Some(RejectReason::SessionCancelled)));
        assert_eq!(m.reason, Some(RejectReason::SessionCancelled), "the hub cancelled the session: it will call");
    }

    #[test]
    fn a_cancellation_waits_then_sticks_and_a_rejection_stays_a_rejection() {
        let mut m = mine();
        m.on_answer(&Answer::new(m.id, Outcome::Confirmed));
        m.cancelling = true;
        assert!(!m.can_cancel());
        m.on_state(&state(RegistrationStatus::Confirmed, None, None));
        assert_eq!(m.status, MyStatus::Confirmed);
        assert!(m.cancelling, "still on its way");
        m.on_answer(&Answer::new(m.id, Outcome::Cancelled));
        assert_eq!((m.status, m.cancelling), (MyStatus::Cancelled, false));
        let mut r = mine();
        r.on_answer(&Answer { reason: Some(RejectReason::Past), ..Answer::new(r.id, Outcome::Rejected) });
        r.on_answer(&Answer::new(r.id, Outcome::Cancelled));
        assert_eq!((r.status, r.reason), (MyStatus::Rejected, Some(RejectReason::Past)));
        let mut c = mine();
        c.on_answer(&Answer::new(c.id, Outcome::Conflict));
        assert_eq!(
            (c.status, c.attention.as_deref()),
            (MyStatus::Rejected, Some(ATTENTION_CONFLICT)),
            "no longer waiting: never sent again"
        );
        let mut k = mine();
        k.on_answer(&Answer::new(k.id, Outcome::Confirmed));
        k.cancelling = true;
        let cancel_id = "017f22e2-79b0-7cc3-98c4-dc0c0c073990".parse().unwrap();
        k.on_answer(&Answer::new(cancel_id, Outcome::Conflict));
        assert_eq!((k.status, k.cancelling, k.attention.is_some()), (MyStatus::Confirmed, false, true), "the place is still held");
    }
}
