//! Changes a device asks the server to make, and the answers it gets: the wire form of
//! the push (`docs/sync-protocol.md`). Every write to come is one more [`Mutation`]
//! variant, sent, stored and answered the same way.

use super::activity::OccurrenceId;
use super::help_request::HelpRequest;
use super::hub::{is_phone, looks_like_email};
use super::ids::AccountId;
use super::mutation_id::MutationId;
use super::registration::RejectReason;
use crate::error::{FieldError, Reason};
use serde::{Deserialize, Serialize};

/// One change, with the id its device gave it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Envelope {
    pub id: MutationId,
    #[serde(flatten)]
    pub mutation: Mutation,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Mutation {
    SignUp(SignUp),
    Cancel(Cancel),
    /// The desk's: made by a staff account, checked against its role and hubs.
    DeskSignUp(DeskSignUp),
    DeskCancel(DeskCancel),
    CheckIn(CheckIn),
    UndoCheckIn(UndoCheckIn),
    /// A kiosk's: a visitor asks the hub's volunteers for help. The kiosk's credential
    /// is its authority.
    HelpRequest(HelpRequest),
}

/// The type names the server knows, for a clear refusal of any other.
pub const MUTATION_TYPES: [&str; 7] = ["sign_up", "cancel", "desk_sign_up", "desk_cancel", "check_in", "undo_check_in", "help_request"];

/// A place asked for at a session. The personal part is the least a hub needs: a name to
/// call out, and a way to reach the person only if they asked to be told of changes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignUp {
    pub session: OccurrenceId,
    /// A first name or nickname.
    pub name: String,
    /// How many people, the person included.
    pub party: u32,
    /// A phone number or e-mail address, given only with "contact me about changes".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    /// The version of the consent text the person agreed to.
    pub consent: u32,
    /// The device's secret for this registration: with it, and only with it, the device
    /// later reads the registration's state and cancels it. The server keeps its hash.
    pub token: String,
}

/// Gives up a place. `registration` is the id of the sign-up's mutation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cancel {
    pub registration: MutationId,
    pub token: String,
}

/// A sign-up taken at the desk on someone's behalf: the same fields and consent as their
/// own (the volunteer reads them the consent text), made by `account`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskSignUp {
    pub account: AccountId,
    #[serde(flatten)]
    pub sign_up: SignUp,
}

/// Cancels a registration at the desk (the person asked, in person or by phone).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskCancel {
    pub account: AccountId,
    pub registration: MutationId,
}

/// People who came to a session: a registration's, or walk-ins. A fact, so it is kept
/// even over capacity or after the registration was cancelled.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckIn {
    pub account: AccountId,
    pub session: OccurrenceId,
    /// The registration they came with; none for walk-ins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration: Option<MutationId>,
    /// How many people came in.
    pub party: u32,
    /// Whether it is their first time at the hub (what funders ask).
    #[serde(default)]
    pub first_time: bool,
}

/// Takes back a check-in made by mistake. `check_in` is the check-in's mutation id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UndoCheckIn {
    pub account: AccountId,
    pub check_in: MutationId,
}

/// The most people one check-in may count (a school class, a family group).
pub const CHECK_IN_PARTY_MAX: u32 = 60;

/// The consent text versions a sign-up may cite; the newest is what the form shows.
pub const CONSENT_VERSIONS: [u32; 1] = [1];
pub const CONSENT_CURRENT: u32 = 1;

/// The longest name, in characters.
pub const NAME_MAX: usize = 60;
/// The longest contact, in characters.
pub const CONTACT_MAX: usize = 120;

impl Mutation {
    /// The token this mutation carries: a device's secret for a registration. The desk's
    /// changes other than sign-ups carry none: the staff account is their authority.
    pub fn token(&self) -> Option<&str> {
        match self {
            Mutation::SignUp(s) | Mutation::DeskSignUp(DeskSignUp { sign_up: s, .. }) => Some(&s.token),
            Mutation::Cancel(c) => Some(&c.token),
            Mutation::DeskCancel(_) | Mutation::CheckIn(_) | Mutation::UndoCheckIn(_) | Mutation::HelpRequest(_) => None,
        }
    }

    /// The staff account that made it, for the desk's changes.
    pub fn account(&self) -> Option<AccountId> {
        match self {
            Mutation::SignUp(_) | Mutation::Cancel(_) | Mutation::HelpRequest(_) => None,
            Mutation::DeskSignUp(m) => Some(m.account),
            Mutation::DeskCancel(m) => Some(m.account),
            Mutation::CheckIn(m) => Some(m.account),
            Mutation::UndoCheckIn(m) => Some(m.account),
        }
    }

    /// Checks what can be checked without the server's data. Fields are relative to the
    /// mutation (`name`, `party`, …).
    pub fn validate(&self) -> Result<(), FieldError> {
        if let Some(token) = self.token() {
            check_token(token)?;
        }
        let s = match self {
            Mutation::SignUp(s) | Mutation::DeskSignUp(DeskSignUp { sign_up: s, .. }) => s,
            Mutation::CheckIn(c) if !(1..=CHECK_IN_PARTY_MAX).contains(&c.party) => {
                return Err(FieldError::new("party", Reason::OutOfRange).with_value(&c.party.to_string()));
            }
            Mutation::HelpRequest(h) => return h.validate(),
            _ => return Ok(()),
        };
        let name = s.name.trim();
        if name.is_empty() {
            return Err(FieldError::new("name", Reason::Required));
        }
        if name.chars().count() > NAME_MAX || name.chars().any(char::is_control) {
            return Err(FieldError::new("name", Reason::TooLong).with_value(name));
        }
        if s.party == 0 {
            return Err(FieldError::new("party", Reason::OutOfRange).with_value("0"));
        }
        if let Some(contact) = &s.contact {
            let contact = contact.trim();
            if contact.chars().count() > CONTACT_MAX {
                return Err(FieldError::new("contact", Reason::TooLong).with_value(contact));
            }
            let reason = if contact.contains('@') { Reason::NotAnEmail } else { Reason::NotAPhone };
            if !(looks_like_email(contact) || is_phone(contact)) {
                return Err(FieldError::new("contact", reason).with_value(contact));
            }
        }
        if !CONSENT_VERSIONS.contains(&s.consent) {
            return Err(FieldError::new("consent", Reason::Unknown).with_value(&s.consent.to_string()));
        }
        Ok(())
    }
}

/// Tokens are 32 lower-case hex digits (128 random bits).
pub fn check_token(token: &str) -> Result<(), FieldError> {
    let ok = token.len() == 32 && token.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    if ok { Ok(()) } else { Err(FieldError::new("token", Reason::Malformed)) }
}

/// What the server made of a mutation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Confirmed,
    Waitlisted,
    /// Refused for a reason the person can read ([`Answer::reason`]).
    Rejected,
    /// The id was already used for a different change; this one was not applied.
    Conflict,
    /// A registration cancelled, or a check-in taken back.
    Cancelled,
    /// A check-in, recorded.
    CheckedIn,
}

/// One mutation's answer. The first answer to an id is stored with its effect and sent
/// again, unchanged, for every replay.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub id: MutationId,
    pub outcome: Outcome,
    /// For `waitlisted`: 1 is the next to get a place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<RejectReason>,
}

impl Answer {
    pub fn new(id: MutationId, outcome: Outcome) -> Answer {
        Answer { id, outcome, position: None, reason: None }
    }
}

/// A registration's state now, as its device is allowed to read it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationState {
    pub id: MutationId,
    pub session: OccurrenceId,
    pub party: u32,
    pub status: RegistrationStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<u32>,
    /// Why it was rejected, or, for a live registration, that its session is no longer
    /// held as booked (the hub will get in touch).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<RejectReason>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationStatus {
    Confirmed,
    Waitlisted,
    Cancelled,
    Rejected,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sign_up() -> SignUp {
        SignUp {
            session: "7-20261123T1000".parse().unwrap(),
            name: "Rosa".into(),
            party: 2,
            contact: None,
            consent: CONSENT_CURRENT,
            token: "0123456789abcdef0123456789abcdef".into(),
        }
    }

    #[test]
    fn the_wire_form_is_flat_with_a_type() {
        let id: MutationId = "017f22e2-79b0-7cc3-98c4-dc0c0c07398f".parse().unwrap();
        let env = Envelope { id, mutation: Mutation::SignUp(sign_up()) };
        let json = serde_json::to_value(&env).unwrap();
        assert_eq!(json["type"], "sign_up");
        assert_eq!(json["session"], "7-20261123T1000");
        assert_eq!(json["id"], "017f22e2-79b0-7cc3-98c4-dc0c0c07398f");
        assert!(json.get("contact").is_none());
        assert_eq!(serde_json::from_value::<Envelope>(json).unwrap(), env);
        let answer = Answer { position: Some(2), ..Answer::new(id, Outcome::Waitlisted) };
        assert_eq!(
            serde_json::to_string(&answer).unwrap(),
            r#"{"id":"017f22e2-79b0-7cc3-98c4-dc0c0c07398f","outcome":"waitlisted","position":2}"#
        );
    }

    #[test]
    fn sign_ups_are_checked_field_by_field() {
        assert_eq!(Mutation::SignUp(sign_up()).validate(), Ok(()));
        let field = |s: SignUp| Mutation::SignUp(s).validate().unwrap_err();
        assert_eq!(field(SignUp { name: "  ".into(), ..sign_up() }).reason, Reason::Required);
        assert_eq!(field(SignUp { name: "x".repeat(NAME_MAX + 1), ..sign_up() }).reason, Reason::TooLong);
        assert_eq!(field(SignUp { party: 0, ..sign_up() }).field, "party");
        assert_eq!(field(SignUp { contact: Some("rosa at casa".into()), ..sign_up() }).reason, Reason::NotAPhone);
        assert_eq!(field(SignUp { contact: Some("rosa@".into()), ..sign_up() }).reason, Reason::NotAnEmail);
        assert_eq!(Mutation::SignUp(SignUp { contact: Some("+39 333 123 4567".into()), ..sign_up() }).validate(), Ok(()));
        assert_eq!(Mutation::SignUp(SignUp { contact: Some("rosa@example.org".into()), ..sign_up() }).validate(), Ok(()));
        assert_eq!(field(SignUp { consent: 99, ..sign_up() }).field, "consent");
        assert_eq!(field(SignUp { token: "ABCDEF".into(), ..sign_up() }).field, "token");
        assert_eq!(field(SignUp { token: "0123456789ABCDEF0123456789ABCDEF".into(), ..sign_up() }).field, "token");
    }

    #[test]
    fn the_desks_changes_carry_their_account_and_are_checked_like_a_residents() {
        let desk = Mutation::DeskSignUp(DeskSignUp { account: AccountId(3), sign_up: sign_up() });
        let json = serde_json::to_value(&desk).unwrap();
        assert_eq!(json["type"], "desk_sign_up");
        assert_eq!(json["account"], 3);
        assert_eq!(json["name"], "Rosa", "the sign-up's fields sit beside the account");
        assert_eq!(serde_json::from_value::<Mutation>(json).unwrap(), desk);
        assert_eq!(desk.account(), Some(AccountId(3)));
        assert_eq!(Mutation::SignUp(sign_up()).account(), None);
        let bad = Mutation::DeskSignUp(DeskSignUp { account: AccountId(3), sign_up: SignUp { name: " ".into(), ..sign_up() } });
        assert_eq!(bad.validate().unwrap_err().field, "name");
        let check_in = |party| {
            Mutation::CheckIn(CheckIn {
                account: AccountId(3),
                session: "7-20261123T1000".parse().unwrap(),
                registration: None,
                party,
                first_time: true,
            })
        };
        assert_eq!(check_in(4).validate(), Ok(()));
        assert_eq!(check_in(4).token(), None);
        assert_eq!(check_in(0).validate().unwrap_err().field, "party");
        assert_eq!(check_in(CHECK_IN_PARTY_MAX + 1).validate().unwrap_err().reason, Reason::OutOfRange);
        let json = serde_json::to_value(check_in(2)).unwrap();
        assert!(json.get("registration").is_none(), "a walk-in names no registration");
        assert_eq!(json["type"], "check_in");
    }
}
