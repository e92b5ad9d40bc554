//! How the server applies pushed mutations, as a pure state change: the registrations
//! and stored answers a batch touches, loaded by the store inside its write transaction,
//! changed here, and written back by the store before it commits.
//!
//! Rules: an id answered before gets its first answer again and changes nothing; the
//! same id with a different payload answers `conflict` and is never applied; every
//! applied mutation's answer is recorded with its effect, a rejection included, so a
//! device never resends something forever. A cancel with a token that does not match is
//! a refusal of the whole batch ([`Refusal`]), never an answer: it is not the device's
//! registration to ask about.

use super::activity::OccurrenceId;
use super::mutation::{Answer, Mutation, Outcome, RegistrationState, RegistrationStatus, SignUp};
use super::mutation_id::MutationId;
use super::registration::{Book, RejectReason, Seat, SessionCheck, Standing};
use std::collections::{BTreeMap, BTreeSet};

/// A registration as the server keeps it. The personal part goes when it is no longer
/// needed: at once for a rejected or cancelled one, after the retention period for the
/// others; the counts stay.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Registration {
    /// The id of the sign-up's mutation.
    pub id: MutationId,
    pub session: OccurrenceId,
    pub party: u32,
    pub status: RegistrationStatus,
    /// Order of arrival at the server, across all sessions.
    pub arrival: i64,
    /// The hash of the device's token.
    pub token_digest: String,
    pub person: Option<Person>,
    pub consent: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    pub contact: Option<String>,
}

/// An answer as stored, with the digest of the payload it answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recorded {
    pub digest: String,
    pub answer: Answer,
}

/// A batch refused as a whole: nothing of it is kept.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// A cancel for a registration the token does not open (or that does not exist).
    #[error("mutation {0} names a registration this device cannot change")]
    NotYours(MutationId),
}

/// One mutation as the ledger applies it: the store has hashed the payload and token.
pub struct Incoming<'a> {
    pub id: MutationId,
    pub digest: &'a str,
    pub token_digest: &'a str,
    pub mutation: &'a Mutation,
}

/// The part of the server's state a batch needs. For every session a batch touches
/// (signed up for, or of a registration it cancels), `registrations` must hold all of its
/// registrations and `sessions` its check.
#[derive(Clone, Debug, Default)]
pub struct Ledger {
    pub registrations: BTreeMap<MutationId, Registration>,
    pub answers: BTreeMap<MutationId, Recorded>,
    pub sessions: BTreeMap<OccurrenceId, SessionCheck>,
    /// The arrival number the next registration takes.
    pub next_arrival: i64,
    /// Registrations to write back.
    pub changed: BTreeSet<MutationId>,
    /// Answers to store, in the order they were made.
    pub answered: Vec<MutationId>,
}

impl Ledger {
    /// Applies one mutation and returns its answer.
    pub fn apply(&mut self, m: Incoming<'_>) -> Result<Answer, Refusal> {
        if let Some(first) = self.answers.get(&m.id) {
            return Ok(if first.digest == m.digest { first.answer.clone() } else { Answer::new(m.id, Outcome::Conflict) });
        }
        let answer = match m.mutation {
            Mutation::SignUp(s) => self.sign_up(m.id, s, m.token_digest),
            Mutation::Cancel(c) => self.cancel(m.id, c.registration, m.token_digest)?,
        };
        self.answers.insert(m.id, Recorded { digest: m.digest.to_string(), answer: answer.clone() });
        self.answered.push(m.id);
        Ok(answer)
    }

    fn sign_up(&mut self, id: MutationId, s: &SignUp, token_digest: &str) -> Answer {
        let check = self.sessions.get(&s.session).copied().unwrap_or(SessionCheck::Refused(RejectReason::UnknownSession));
        let refusal = match check {
            SessionCheck::Refused(reason) => Some(reason),
            SessionCheck::Open { party_limit, .. } if s.party > party_limit => Some(RejectReason::PartyTooLarge),
            SessionCheck::Open { .. } => None,
        };
        let mut registration = Registration {
            id,
            session: s.session,
            party: s.party,
            status: RegistrationStatus::Rejected,
            arrival: self.next_arrival,
            token_digest: token_digest.to_string(),
            person: None,
            consent: s.consent,
        };
        self.next_arrival += 1;
        let answer = match (refusal, check) {
            (None, SessionCheck::Open { capacity, .. }) => {
                let mut book = self.book(s.session, capacity);
                let standing = book.sign_up(id, s.party);
                registration.status = status_of(standing);
                registration.person =
                    Some(Person { name: s.name.trim().to_string(), contact: s.contact.as_deref().map(str::trim).map(String::from) });
                Answer { position: book.waitlist_position(&id), ..Answer::new(id, outcome_of(standing)) }
            }
            (reason, _) => Answer { reason: reason.or(Some(RejectReason::UnknownSession)), ..Answer::new(id, Outcome::Rejected) },
        };
        // A rejected sign-up is kept without its personal part, so its token can still
        // cancel it (a no-op) and read its state.
        self.registrations.insert(id, registration);
        self.changed.insert(id);
        answer
    }

    fn cancel(&mut self, id: MutationId, target: MutationId, token_digest: &str) -> Result<Answer, Refusal> {
        let registration = self.registrations.get(&target).filter(|r| r.token_digest == token_digest).ok_or(Refusal::NotYours(id))?;
        if !is_live(registration.status) {
            return Ok(Answer::new(id, Outcome::Cancelled));
        }
        let session = registration.session;
        let capacity = match self.sessions.get(&session) {
            Some(SessionCheck::Open { capacity, .. }) => *capacity,
            // A session no longer held promotes nobody: its people are being contacted.
            _ => Some(0),
        };
        let mut book = self.book(session, capacity);
        let promoted = book.cancel(&target);
        let registration = self.registrations.get_mut(&target).expect("found above");
        registration.status = RegistrationStatus::Cancelled;
        registration.person = None;
        self.changed.insert(target);
        for key in promoted {
            if let Some(r) = self.registrations.get_mut(&key) {
                r.status = RegistrationStatus::Confirmed;
                self.changed.insert(key);
            }
        }
        Ok(Answer::new(id, Outcome::Cancelled))
    }

    /// The live registrations of `session`, in arrival order.
    pub fn book(&self, session: OccurrenceId, capacity: Option<u32>) -> Book<MutationId> {
        let mut live: Vec<&Registration> = self.registrations.values().filter(|r| r.session == session && is_live(r.status)).collect();
        live.sort_by_key(|r| r.arrival);
        let seats = live.iter().map(|r| Seat { key: r.id, party: r.party, standing: standing_of(r.status) }).collect();
        Book::new(capacity, seats)
    }

    /// What the device holding `token_digest` may read of registration `id`: `None` when
    /// the token does not open it.
    pub fn state_of(&self, id: MutationId, token_digest: &str) -> Option<RegistrationState> {
        let r = self.registrations.get(&id).filter(|r| r.token_digest == token_digest)?;
        let check = self.sessions.get(&r.session).copied();
        let position = match r.status {
            RegistrationStatus::Waitlisted => {
                let capacity = match check {
                    Some(SessionCheck::Open { capacity, .. }) => capacity,
                    _ => Some(0),
                };
                self.book(r.session, capacity).waitlist_position(&id)
            }
            _ => None,
        };
        let reason = match (r.status, check) {
            (RegistrationStatus::Rejected, _) => self.answers.get(&id).and_then(|a| a.answer.reason),
            // Booked, but the session is no longer held then: the hub will get in touch.
            (RegistrationStatus::Confirmed | RegistrationStatus::Waitlisted, Some(SessionCheck::Refused(reason)))
                if reason != RejectReason::Past =>
            {
                Some(reason)
            }
            _ => None,
        };
        Some(RegistrationState { id, session: r.session, party: r.party, status: r.status, position, reason })
    }
}

pub fn is_live(status: RegistrationStatus) -> bool {
    matches!(status, RegistrationStatus::Confirmed | RegistrationStatus::Waitlisted)
}

fn status_of(standing: Standing) -> RegistrationStatus {
    match standing {
        Standing::Confirmed => RegistrationStatus::Confirmed,
        Standing::Waitlisted => RegistrationStatus::Waitlisted,
    }
}

fn standing_of(status: RegistrationStatus) -> Standing {
    if status == RegistrationStatus::Confirmed { Standing::Confirmed } else { Standing::Waitlisted }
}

fn outcome_of(standing: Standing) -> Outcome {
    match standing {
        Standing::Confirmed => Outcome::Confirmed,
        Standing::Waitlisted => Outcome::Waitlisted,
    }
}

#[cfg(test)]
#[path = "ledger_tests.rs"]
mod tests;
