//! A visitor's request for help, left at a hub's kiosk: a first name and what they need.
//! The kiosk queues it like any change (exactly once, offline too); the hub's volunteers
//! see it on their desk, take it and mark it done. The rules here are pure: what a request
//! holds and how its state may move.

use super::ids::{AccountId, HubId};
use super::mutation_id::MutationId;
use crate::error::{FieldError, Reason};
use serde::{Deserialize, Serialize};

/// What the visitor needs, picked from a short list of everyday tasks (the kiosk's guides).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HelpTopic {
    /// Getting or using SPID, the CIE.
    DigitalId,
    /// The health record, booking a visit.
    Health,
    /// Paying a pagoPA notice.
    Payment,
    /// ISEE, INPS benefits.
    Benefits,
    /// School enrolment.
    School,
    /// A tenant's requests to the landlord.
    Housing,
    /// Using a phone, e-mail, a computer.
    Device,
    /// Something else: the visitor says what.
    Other,
}

impl HelpTopic {
    pub const ALL: [HelpTopic; 8] = [
        HelpTopic::DigitalId,
        HelpTopic::Health,
        HelpTopic::Payment,
        HelpTopic::Benefits,
        HelpTopic::School,
        HelpTopic::Housing,
        HelpTopic::Device,
        HelpTopic::Other,
    ];

    /// The topic's code, as stored.
    pub fn code(self) -> &'static str {
        match self {
            HelpTopic::DigitalId => "digital_id",
            HelpTopic::Health => "health",
            HelpTopic::Payment => "payment",
            HelpTopic::Benefits => "benefits",
            HelpTopic::School => "school",
            HelpTopic::Housing => "housing",
            HelpTopic::Device => "device",
            HelpTopic::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<HelpTopic> {
        HelpTopic::ALL.into_iter().find(|t| t.code() == code)
    }
}

/// The request as the kiosk sends it. The kiosk's credential, not the request, says which
/// kiosk sent it; the server holds it to that kiosk's hub.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelpRequest {
    pub hub: HubId,
    /// A first name or nickname, to call the visitor by.
    pub name: String,
    pub topic: HelpTopic,
    /// What they need in their own words: required for [`HelpTopic::Other`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
}

/// The longest first name, in characters.
pub const HELP_NAME_MAX: usize = 40;
/// The longest details, in characters: a sentence or two.
pub const DETAILS_MAX: usize = 280;

impl HelpRequest {
    /// Checks the request; fields are relative to it (`name`, `details`).
    pub fn validate(&self) -> Result<(), FieldError> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err(FieldError::new("name", Reason::Required));
        }
        if name.chars().count() > HELP_NAME_MAX || name.chars().any(char::is_control) {
            return Err(FieldError::new("name", Reason::TooLong).with_value(name));
        }
        let details = self.details.as_deref().map(str::trim).filter(|d| !d.is_empty());
        match details {
            None if self.topic == HelpTopic::Other => Err(FieldError::new("details", Reason::Required)),
            Some(d) if d.chars().count() > DETAILS_MAX || d.chars().any(|c| c.is_control() && c != '\n') => {
                Err(FieldError::new("details", Reason::TooLong).with_value(d))
            }
            _ => Ok(()),
        }
    }

    /// The request as it is kept: name and details trimmed, empty details dropped.
    pub fn tidied(&self) -> HelpRequest {
        HelpRequest {
            hub: self.hub,
            name: self.name.trim().to_string(),
            topic: self.topic,
            details: self.details.as_deref().map(str::trim).filter(|d| !d.is_empty()).map(String::from),
        }
    }
}

/// Where a request stands at the hub.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HelpStatus {
    /// Nobody has taken it yet.
    Open,
    /// A volunteer is on it.
    Taken,
    /// The visitor was helped (or left): it leaves the list.
    Done,
}

impl HelpStatus {
    pub fn code(self) -> &'static str {
        match self {
            HelpStatus::Open => "open",
            HelpStatus::Taken => "taken",
            HelpStatus::Done => "done",
        }
    }

    pub fn from_code(code: &str) -> Option<HelpStatus> {
        [HelpStatus::Open, HelpStatus::Taken, HelpStatus::Done].into_iter().find(|s| s.code() == code)
    }
}

/// A request's state: who took it, when it was last moved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HelpState {
    pub status: HelpStatus,
    pub taken_by: Option<AccountId>,
}

/// Why a move was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BadMove {
    /// A request that is done stays done: a new visit is a new request.
    #[error("the request is already done")]
    AlreadyDone,
    /// Someone else has taken it: only they (or a coordinator) hand it back or close it.
    #[error("someone else has taken this request")]
    TakenByOther,
}

/// Moves a request to `to`, by `by` (`coordinates`: whether `by` coordinates the hub).
/// Moving to the state it is in changes nothing, so a double tap or a retry is harmless.
/// Anyone at the hub takes an open request; the one who took it, or a coordinator, hands
/// it back (`Open`) or closes it; an open one may be closed at once.
pub fn advance(state: HelpState, to: HelpStatus, by: AccountId, coordinates: bool) -> Result<HelpState, BadMove> {
    let mine = state.taken_by == Some(by) || coordinates;
    match (state.status, to) {
        (from, to) if from == to && (to != HelpStatus::Taken || state.taken_by == Some(by)) => Ok(state),
        (HelpStatus::Done, _) => Err(BadMove::AlreadyDone),
        (HelpStatus::Taken, _) if !mine => Err(BadMove::TakenByOther),
        (_, HelpStatus::Open) => Ok(HelpState { status: HelpStatus::Open, taken_by: None }),
        (_, HelpStatus::Taken) => Ok(HelpState { status: HelpStatus::Taken, taken_by: Some(by) }),
        (_, HelpStatus::Done) => Ok(HelpState { status: HelpStatus::Done, taken_by: state.taken_by.or(Some(by)) }),
    }
}

/// A request as the hub's staff see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelpRequestRecord {
    /// The id the kiosk gave its mutation.
    pub id: MutationId,
    pub hub: HubId,
    pub name: String,
    pub topic: HelpTopic,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
    pub status: HelpStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub taken_by: Option<AccountId>,
    /// The name of who took it (or closed it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub taken_by_name: Option<String>,
    /// When the server received it, and when it last moved (seconds since the epoch).
    pub received_at: i64,
    pub updated_at: i64,
}

impl HelpRequestRecord {
    pub fn state(&self) -> HelpState {
        HelpState { status: self.status, taken_by: self.taken_by }
    }
}

/// What a move did: the request as it is now, and why it did not move, if it did not (a
/// colleague was quicker).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moved {
    pub request: HelpRequestRecord,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refused: Option<BadMove>,
}

/// How long a closed request stays on the desk's list ("done today"), in seconds.
pub const DONE_SHOWN_SECONDS: i64 = 12 * 3600;
/// A closed request's name and details are erased a day after it was closed…
pub const ERASE_DONE_AFTER_SECONDS: i64 = 24 * 3600;
/// …and any request's a week after it arrived: a visitor nobody called back has long gone.
pub const ERASE_ANY_AFTER_SECONDS: i64 = 7 * 24 * 3600;

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn request() -> HelpRequest {
        HelpRequest { hub: HubId(2), name: " Amal ".into(), topic: HelpTopic::DigitalId, details: None }
    }

    #[test]
    fn a_request_needs_a_name_and_for_other_a_few_words() {
        assert_eq!(request().validate(), Ok(()));
        assert_eq!(HelpRequest { name: "  ".into(), ..request() }.validate().unwrap_err().field, "name");
        let long = HelpRequest { name: "x".repeat(HELP_NAME_MAX + 1), ..request() };
        assert_eq!(long.validate().unwrap_err().reason, Reason::TooLong);
        let other = HelpRequest { topic: HelpTopic::Other, details: Some("  ".into()), ..request() };
        assert_eq!(other.validate().unwrap_err(), FieldError::new("details", Reason::Required));
        let said = HelpRequest { topic: HelpTopic::Other, details: Some("Stampare un modulo".into()), ..request() };
        assert_eq!(said.validate(), Ok(()));
        let essay = HelpRequest { details: Some("a".repeat(DETAILS_MAX + 1)), ..request() };
        assert_eq!(essay.validate().unwrap_err().field, "details");
        let two_lines = HelpRequest { details: Some("riga uno\nriga due".into()), ..request() };
        assert_eq!(two_lines.validate(), Ok(()));
        assert_eq!(HelpRequest { name: "A\u{7}".into(), ..request() }.validate().unwrap_err().field, "name");
    }

    #[test]
    fn a_request_is_kept_tidy() {
        let tidy = HelpRequest { details: Some("  ".into()), ..request() }.tidied();
        assert_eq!(tidy.name, "Amal");
        assert_eq!(tidy.details, None);
    }

    #[test]
    fn the_wire_form_names_the_topic() {
        let json = serde_json::to_value(request()).unwrap();
        assert_eq!(json["topic"], "digital_id");
        assert!(json.get("details").is_none());
        for topic in HelpTopic::ALL {
            assert_eq!(HelpTopic::from_code(topic.code()), Some(topic));
            assert_eq!(serde_json::to_value(topic).unwrap(), topic.code());
        }
        assert_eq!(HelpTopic::from_code("nope"), None);
    }

    const ME: AccountId = AccountId(1);
    const YOU: AccountId = AccountId(2);
    fn at(status: HelpStatus, taken_by: Option<AccountId>) -> HelpState {
        HelpState { status, taken_by }
    }

    #[test]
    fn a_volunteer_takes_a_request_and_closes_it() {
        let taken = advance(at(HelpStatus::Open, None), HelpStatus::Taken, ME, false).unwrap();
        assert_eq!(taken, at(HelpStatus::Taken, Some(ME)));
        assert_eq!(advance(taken, HelpStatus::Taken, ME, false), Ok(taken), "a second tap changes nothing");
        assert_eq!(advance(taken, HelpStatus::Done, ME, false), Ok(at(HelpStatus::Done, Some(ME))));
        assert_eq!(advance(taken, HelpStatus::Open, ME, false), Ok(at(HelpStatus::Open, None)), "handed back");
    }

    #[test]
    fn someone_elses_request_is_theirs_unless_a_coordinator_steps_in() {
        let theirs = at(HelpStatus::Taken, Some(YOU));
        assert_eq!(advance(theirs, HelpStatus::Taken, ME, false), Err(BadMove::TakenByOther));
        assert_eq!(advance(theirs, HelpStatus::Done, ME, false), Err(BadMove::TakenByOther));
        assert_eq!(advance(theirs, HelpStatus::Open, ME, false), Err(BadMove::TakenByOther));
        assert_eq!(advance(theirs, HelpStatus::Taken, ME, true), Ok(at(HelpStatus::Taken, Some(ME))));
        assert_eq!(advance(theirs, HelpStatus::Done, ME, true), Ok(at(HelpStatus::Done, Some(YOU))));
    }

    #[test]
    fn an_open_request_may_be_closed_at_once_and_done_stays_done() {
        assert_eq!(advance(at(HelpStatus::Open, None), HelpStatus::Done, ME, false), Ok(at(HelpStatus::Done, Some(ME))));
        let done = at(HelpStatus::Done, Some(YOU));
        assert_eq!(advance(done, HelpStatus::Done, ME, false), Ok(done));
        assert_eq!(advance(done, HelpStatus::Open, ME, true), Err(BadMove::AlreadyDone));
        assert_eq!(advance(done, HelpStatus::Taken, ME, true), Err(BadMove::AlreadyDone));
    }

    fn status() -> impl Strategy<Value = HelpStatus> {
        prop_oneof![Just(HelpStatus::Open), Just(HelpStatus::Taken), Just(HelpStatus::Done)]
    }

    proptest! {
        /// Whatever the moves, a taken request names who took it, an open one nobody, and
        /// nothing comes back from done.
        #[test]
        fn moves_keep_the_state_coherent(moves in proptest::collection::vec((status(), 1i64..4, any::<bool>()), 0..20)) {
            let mut state = at(HelpStatus::Open, None);
            for (to, by, coordinates) in moves {
                let before = state;
                match advance(state, to, AccountId(by), coordinates) {
                    Ok(next) => {
                        prop_assert!(before.status != HelpStatus::Done || next == before);
                        prop_assert_eq!(next.status, to);
                        state = next;
                    }
                    Err(_) => prop_assert!(before.status != HelpStatus::Open),
                }
                prop_assert_eq!(state.status == HelpStatus::Open, state.taken_by.is_none());
            }
        }
    }
}
