//! Changes a device asks the server to make, and the answers it gets: the wire form of
//! the push (`docs/sync-protocol.md`). Every write to come is one more [`Mutation`]
//! variant, sent, stored and answered the same way.

use super::activity::OccurrenceId;
use super::hub::{is_phone, looks_like_email};
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
}

/// The type names the server knows, for a clear refusal of any other.
pub const MUTATION_TYPES: [&str; 2] = ["sign_up", "cancel"];

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

/// The consent text versions a sign-up may cite; the newest is what the form shows.
pub const CONSENT_VERSIONS: [u32; 1] = [1];
pub const CONSENT_CURRENT: u32 = 1;

/// The longest name, in characters.
pub const NAME_MAX: usize = 60;
/// The longest contact, in characters.
pub const CONTACT_MAX: usize = 120;

impl Mutation {
    /// The token this mutation carries.
    pub fn token(&self) -> &str {
        match self {
            Mutation::SignUp(s) => &s.token,
            Mutation::Cancel(c) => &c.token,
        }
    }

    /// Checks what can be checked without the server's data. Fields are relative to the
    /// mutation (`name`, `party`, …).
    pub fn validate(&self) -> Result<(), FieldError> {
        check_token(self.token())?;
        let Mutation::SignUp(s) = self else { return Ok(()) };
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
    Cancelled,
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
}
