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
//!
//! The desk's changes carry the staff account that made them. The server establishes who
//! sent the batch ([`Authority`]); here each change is held to that account's hubs: one
//! for a session, registration or check-in of another hub refuses the batch. Check-ins are
//! facts: kept over capacity, after a cancellation, twice for the same person (the
//! desk flags that).
//!
//! A kiosk's help request is held to the kiosk's hub, which the server found from the
//! kiosk's credential; it is answered `confirmed` (received) and queued for the hub.

use super::activity::OccurrenceId;
use super::help_request::HelpRequest;
use super::ids::{AccountId, ActivityId, HubId};
use super::mutation::{Answer, CheckIn, Mutation, Outcome, RegistrationState, RegistrationStatus, SignUp};
use super::mutation_id::MutationId;
use super::registration::{Book, RejectReason, Seat, SessionCheck, Standing};
use super::staff::Account;
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
    /// The staff account that took it at a desk; none for a resident's own.
    pub by: Option<AccountId>,
}

/// People who came to a session, as a desk recorded them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckInRecord {
    /// The check-in's mutation id.
    pub id: MutationId,
    pub session: OccurrenceId,
    pub registration: Option<MutationId>,
    pub party: u32,
    pub first_time: bool,
    pub by: AccountId,
    /// Taken back by the desk.
    pub undone: bool,
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
    /// A desk change for a hub its account does not work at.
    #[error("mutation {0} is for a hub its account does not work at")]
    NotYourHub(MutationId),
    /// A desk change sent under another account's login, or under none.
    #[error("mutation {0} was not made by the account logged in")]
    NotYourAccount(MutationId),
}

impl Refusal {
    pub fn id(&self) -> MutationId {
        match self {
            Refusal::NotYours(id) | Refusal::NotYourHub(id) | Refusal::NotYourAccount(id) => *id,
        }
    }
}

/// Who stands behind a desk change, as the server established it from the request.
#[derive(Clone, Copy, Debug)]
pub enum Authority<'a> {
    /// Nobody logged in: a resident's device.
    Device,
    /// This account is logged in and active.
    Staff(&'a Account),
    /// Nobody logged in, and the change's account has been deactivated since it was made:
    /// the change is answered `rejected` so that its device can say why.
    Deactivated,
    /// A live kiosk of this hub (its credential checked): it may ask for help there.
    Kiosk(HubId),
}

/// One mutation as the ledger applies it: the store has hashed the payload and token.
pub struct Incoming<'a> {
    pub id: MutationId,
    pub digest: &'a str,
    pub token_digest: &'a str,
    pub mutation: &'a Mutation,
    pub authority: Authority<'a>,
}

/// The part of the server's state a batch needs. For every session a batch touches
/// (signed up for, or of a registration it cancels), `registrations` must hold all of its
/// registrations and `sessions` its check.
#[derive(Clone, Debug, Default)]
pub struct Ledger {
    pub registrations: BTreeMap<MutationId, Registration>,
    pub answers: BTreeMap<MutationId, Recorded>,
    pub sessions: BTreeMap<OccurrenceId, SessionCheck>,
    /// The hub of each activity the batch touches (those still live).
    pub hubs: BTreeMap<ActivityId, HubId>,
    /// The sessions of `sessions` that their activity's schedule produces: only those
    /// take check-ins (a hub closed that day included: people may still have come).
    pub scheduled: BTreeSet<OccurrenceId>,
    /// The check-ins a batch takes back (or repeats), by id.
    pub check_ins: BTreeMap<MutationId, CheckInRecord>,
    /// Check-ins to write.
    pub changed_check_ins: BTreeSet<MutationId>,
    /// The arrival number the next registration takes.
    pub next_arrival: i64,
    /// Registrations to write back.
    pub changed: BTreeSet<MutationId>,
    /// Answers to store, in the order they were made.
    pub answered: Vec<MutationId>,
    /// Help requests to write, as received (tidied).
    pub help_requests: Vec<(MutationId, HelpRequest)>,
}

impl Ledger {
    /// Applies one mutation and returns its answer.
    pub fn apply(&mut self, m: Incoming<'_>) -> Result<Answer, Refusal> {
        if let Some(first) = self.answers.get(&m.id) {
            return Ok(if first.digest == m.digest { first.answer.clone() } else { Answer::new(m.id, Outcome::Conflict) });
        }
        let answer = match (m.mutation, m.authority) {
            (Mutation::SignUp(s), _) => self.sign_up(m.id, s, m.token_digest, None),
            (Mutation::Cancel(c), _) => {
                self.registrations.get(&c.registration).filter(|r| r.token_digest == m.token_digest).ok_or(Refusal::NotYours(m.id))?;
                self.cancel(m.id, c.registration)
            }
            // A kiosk asks for help at its own hub only.
            (Mutation::HelpRequest(h), Authority::Kiosk(hub)) if h.hub == hub => {
                self.help_requests.push((m.id, h.tidied()));
                Answer::new(m.id, Outcome::Confirmed)
            }
            (Mutation::HelpRequest(_), _) => return Err(Refusal::NotYourHub(m.id)),
            (_, Authority::Kiosk(_)) => return Err(Refusal::NotYourAccount(m.id)),
            (_, Authority::Deactivated) => Answer { reason: Some(RejectReason::AccountInactive), ..Answer::new(m.id, Outcome::Rejected) },
            (_, Authority::Device) => return Err(Refusal::NotYourAccount(m.id)),
            (desk, Authority::Staff(account)) => {
                if desk.account() != Some(account.id) {
                    return Err(Refusal::NotYourAccount(m.id));
                }
                self.desk_change(m.id, desk, m.token_digest, account)?
            }
        };
        self.answers.insert(m.id, Recorded { digest: m.digest.to_string(), answer: answer.clone() });
        self.answered.push(m.id);
        Ok(answer)
    }

    /// A desk change by `account`, which the server has found logged in and active.
    fn desk_change(&mut self, id: MutationId, m: &Mutation, token_digest: &str, account: &Account) -> Result<Answer, Refusal> {
        match m {
            Mutation::DeskSignUp(d) => {
                // A session whose activity is gone has no hub left: it is answered
                // `rejected` (unknown session), as a resident's sign-up would be.
                self.at_hub(id, account, d.sign_up.session.activity, true)?;
                Ok(self.sign_up(id, &d.sign_up, token_digest, Some(account.id)))
            }
            // A registration or check-in of an activity deleted since can still be taken
            // back (its hub is gone with it): as a resident's own cancel can.
            Mutation::DeskCancel(c) => {
                let session = self.registrations.get(&c.registration).ok_or(Refusal::NotYours(id))?.session;
                self.at_hub(id, account, session.activity, true).map_err(|_| Refusal::NotYours(id))?;
                Ok(self.cancel(id, c.registration))
            }
            Mutation::CheckIn(c) => self.check_in(id, c, account),
            Mutation::UndoCheckIn(u) => {
                let session = self.check_ins.get(&u.check_in).ok_or(Refusal::NotYours(id))?.session;
                self.at_hub(id, account, session.activity, true).map_err(|_| Refusal::NotYours(id))?;
                let record = self.check_ins.get_mut(&u.check_in).expect("found above");
                if !record.undone {
                    record.undone = true;
                    self.changed_check_ins.insert(u.check_in);
                }
                Ok(Answer::new(id, Outcome::Cancelled))
            }
            Mutation::SignUp(_) | Mutation::Cancel(_) | Mutation::HelpRequest(_) => unreachable!("applied above"),
        }
    }

    /// Whether `account` works at `activity`'s hub. An activity no longer live passes only
    /// when `gone_ok`.
    fn at_hub(&self, id: MutationId, account: &Account, activity: ActivityId, gone_ok: bool) -> Result<(), Refusal> {
        match self.hubs.get(&activity) {
            Some(hub) if account.works_at(*hub) => Ok(()),
            None if gone_ok => Ok(()),
            _ => Err(Refusal::NotYourHub(id)),
        }
    }

    fn check_in(&mut self, id: MutationId, c: &CheckIn, account: &Account) -> Result<Answer, Refusal> {
        let known = self.scheduled.contains(&c.session);
        self.at_hub(id, account, c.session.activity, !known)?;
        if !known {
            return Ok(Answer { reason: Some(RejectReason::UnknownSession), ..Answer::new(id, Outcome::Rejected) });
        }
        // The registration must be one of this session's: any other id is not the desk's to name.
        if let Some(r) = c.registration
            && self.registrations.get(&r).is_none_or(|r| r.session != c.session)
        {
            return Err(Refusal::NotYours(id));
        }
        let record = CheckInRecord {
            id,
            session: c.session,
            registration: c.registration,
            party: c.party,
            first_time: c.first_time,
            by: account.id,
            undone: false,
        };
        self.check_ins.insert(id, record);
        self.changed_check_ins.insert(id);
        Ok(Answer::new(id, Outcome::CheckedIn))
    }

    fn sign_up(&mut self, id: MutationId, s: &SignUp, token_digest: &str, by: Option<AccountId>) -> Answer {
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
            by,
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

    /// Cancels `target`, which the caller has found and may change.
    fn cancel(&mut self, id: MutationId, target: MutationId) -> Answer {
        let registration = &self.registrations[&target];
        if !is_live(registration.status) {
            return Answer::new(id, Outcome::Cancelled);
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
        Answer::new(id, Outcome::Cancelled)
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
