//! Activities at a hub and the concrete sessions (occurrences) they produce.

use super::audience::TargetGroup;
use super::ids::{ActivityId, HubId};
use super::recurrence::Schedule;
use super::text::{DESCRIPTION_MAX, LINE_MAX, Text, TooLong, check_length, is_language_code};
use crate::error::{FieldError, Reason, shorten};
use jiff::civil::{Date, DateTime};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What kind of activity it is; drives the agenda filter and the icon.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityCategory {
    SocialHelpDesk,
    DigitalHelp,
    Course,
    Workshop,
    ParticipationLab,
    NetworkMeeting,
    Event,
}

impl ActivityCategory {
    pub const ALL: [ActivityCategory; 7] = [
        ActivityCategory::SocialHelpDesk,
        ActivityCategory::DigitalHelp,
        ActivityCategory::Course,
        ActivityCategory::Workshop,
        ActivityCategory::ParticipationLab,
        ActivityCategory::NetworkMeeting,
        ActivityCategory::Event,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ActivityCategory::SocialHelpDesk => "social_help_desk",
            ActivityCategory::DigitalHelp => "digital_help",
            ActivityCategory::Course => "course",
            ActivityCategory::Workshop => "workshop",
            ActivityCategory::ParticipationLab => "participation_lab",
            ActivityCategory::NetworkMeeting => "network_meeting",
            ActivityCategory::Event => "event",
        }
    }

    pub fn from_code(code: &str) -> Option<ActivityCategory> {
        ActivityCategory::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// Something that happens at a hub, once or repeatedly.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activity {
    pub id: ActivityId,
    pub hub_id: HubId,
    pub title: Text,
    pub description: Text,
    pub category: ActivityCategory,
    /// Empty means everyone is welcome.
    #[serde(default)]
    pub audience: Vec<TargetGroup>,
    /// Codes of the languages spoken at the sessions (ISO 639-1, or `lis`).
    #[serde(default)]
    pub languages: Vec<String>,
    /// Places per session, when limited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity: Option<u32>,
    pub registration_required: bool,
    /// How many people one registration may bring (a parent and children), from 1 to
    /// [`PARTY_LIMIT_MAX`].
    #[serde(default = "one_person", skip_serializing_if = "is_one_person")]
    pub party_limit: u32,
    /// How to take part, in plain words ("Bring your health card").
    #[serde(default)]
    pub how_to_join: Text,
    pub schedule: Schedule,
}

/// The most people one registration may bring.
pub const PARTY_LIMIT_MAX: u32 = 20;

fn one_person() -> u32 {
    1
}

fn is_one_person(n: &u32) -> bool {
    *n == 1
}

/// Why an activity cannot be saved.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ActivityError {
    #[error("{0} is not an activity id: ids are whole numbers from 1")]
    BadId(ActivityId),
    #[error("{0} is not a hub id: ids are whole numbers from 1")]
    BadHubId(HubId),
    #[error("the activity needs a title")]
    MissingTitle,
    #[error("sessions must last between 5 minutes and 12 hours")]
    BadDuration,
    #[error("capacity must be at least 1 place")]
    ZeroCapacity,
    #[error("one registration may bring from 1 to {PARTY_LIMIT_MAX} people")]
    BadPartyLimit(u32),
    #[error("'{0}' is not a language code (two or three lower-case letters: it, en, lis)")]
    BadLanguage(String),
    #[error("{0}")]
    TooLong(#[from] TooLong),
}

impl From<ActivityError> for FieldError {
    fn from(e: ActivityError) -> Self {
        let detail = e.to_string();
        let refused = match e {
            ActivityError::BadId(id) => FieldError::new("id", Reason::NotANumber).with_value(&id.to_string()),
            ActivityError::BadHubId(id) => FieldError::new("hub_id", Reason::NotANumber).with_value(&id.to_string()),
            ActivityError::MissingTitle => FieldError::new("title", Reason::Required),
            ActivityError::BadDuration => FieldError::new("schedule.duration_minutes", Reason::OutOfRange),
            ActivityError::ZeroCapacity => FieldError::new("capacity", Reason::OutOfRange).with_value("0"),
            ActivityError::BadPartyLimit(n) => FieldError::new("party_limit", Reason::OutOfRange).with_value(&n.to_string()),
            ActivityError::BadLanguage(l) => FieldError::new("languages", Reason::Malformed).with_value(&l),
            ActivityError::TooLong(e) => return e.into(),
        };
        refused.with_detail(detail)
    }
}

impl Activity {
    pub fn validate(&self) -> Result<(), ActivityError> {
        if !self.id.is_valid() {
            return Err(ActivityError::BadId(self.id));
        }
        if !self.hub_id.is_valid() {
            return Err(ActivityError::BadHubId(self.hub_id));
        }
        if self.title.is_blank() {
            return Err(ActivityError::MissingTitle);
        }
        check_length("title", self.title.longest(), LINE_MAX)?;
        check_length("description", self.description.longest(), DESCRIPTION_MAX)?;
        check_length("how_to_join", self.how_to_join.longest(), DESCRIPTION_MAX)?;
        if !(5..=720).contains(&self.schedule.duration_minutes) {
            return Err(ActivityError::BadDuration);
        }
        if self.capacity == Some(0) {
            return Err(ActivityError::ZeroCapacity);
        }
        if !(1..=PARTY_LIMIT_MAX).contains(&self.party_limit) {
            return Err(ActivityError::BadPartyLimit(self.party_limit));
        }
        if let Some(l) = self.languages.iter().find(|l| !is_language_code(l)) {
            return Err(ActivityError::BadLanguage(shorten(l)));
        }
        Ok(())
    }

    /// The sessions whose date falls in `from..=to`.
    pub fn occurrences(&self, from: Date, to: Date) -> Vec<Occurrence> {
        self.schedule.occurrences(from, to).into_iter().map(|start| self.occurrence_at(start)).collect()
    }

    /// The next `limit` sessions that have not ended at `now`.
    pub fn upcoming(&self, now: DateTime, limit: usize) -> Vec<Occurrence> {
        self.schedule.upcoming(now, limit).into_iter().map(|start| self.occurrence_at(start)).collect()
    }

    fn occurrence_at(&self, start: DateTime) -> Occurrence {
        Occurrence { id: OccurrenceId { activity: self.id, start }, hub_id: self.hub_id, start, end: self.schedule.end_of(start) }
    }
}

/// One dated session of an activity. Its id is stable (activity + local start), so a
/// registration made offline still points at the right session after a sync.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Occurrence {
    pub id: OccurrenceId,
    pub hub_id: HubId,
    #[serde(with = "super::wire::datetime")]
    pub start: DateTime,
    #[serde(with = "super::wire::datetime")]
    pub end: DateTime,
}

/// `<activity>-<YYYYMMDD>T<HHMM>`, e.g. `12-20261123T1000`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OccurrenceId {
    pub activity: ActivityId,
    pub start: DateTime,
}

impl fmt::Display for OccurrenceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.activity, super::time::compact_minutes(self.start))
    }
}

/// Why an occurrence id could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a session id like 12-20261123T1000")]
pub struct BadOccurrenceId(pub String);

impl FromStr for OccurrenceId {
    type Err = BadOccurrenceId;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadOccurrenceId(s.to_string());
        let (activity, when) = s.split_once('-').ok_or_else(bad)?;
        let activity = activity.parse().map_err(|_| bad())?;
        let start = super::time::parse_compact_minutes(when).ok_or_else(bad)?;
        Ok(OccurrenceId { activity, start })
    }
}

impl Serialize for OccurrenceId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for OccurrenceId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn activity() -> Activity {
        Activity {
            id: ActivityId(12),
            hub_id: HubId(3),
            title: Text::new("Sportello casa", "Housing desk"),
            description: Text::default(),
            category: ActivityCategory::SocialHelpDesk,
            audience: vec![TargetGroup::Tenants],
            languages: vec!["it".into()],
            capacity: Some(8),
            registration_required: true,
            party_limit: 1,
            how_to_join: Text::default(),
            schedule: Schedule::repeating(date(2026, 11, 2).at(10, 0, 0, 0), 90, "FREQ=WEEKLY;BYDAY=MO").unwrap(),
        }
    }

    #[test]
    fn occurrences_carry_stable_ids_and_end_times() {
        let occ = activity().occurrences(date(2026, 11, 23), date(2026, 11, 29));
        assert_eq!(occ.len(), 1);
        assert_eq!(occ[0].id.to_string(), "12-20261123T1000");
        assert_eq!(occ[0].end, date(2026, 11, 23).at(11, 30, 0, 0));
        assert_eq!(occ[0].hub_id, HubId(3));
    }

    #[test]
    fn occurrence_ids_round_trip_and_reject_garbage() {
        let id: OccurrenceId = "12-20261123T1000".parse().unwrap();
        assert_eq!(id.activity, ActivityId(12));
        assert_eq!(id.start, date(2026, 11, 23).at(10, 0, 0, 0));
        assert_eq!(serde_json::to_value(id).unwrap(), "12-20261123T1000");
        for bad in
            ["", "12", "x-20261123T1000", "12-20261323T1000", "12-20261123T10000", "12-2026-11-23", "0-20261123T1000", "-1-20261123T1000"]
        {
            assert!(bad.parse::<OccurrenceId>().is_err(), "{bad}");
        }
    }

    proptest::proptest! {
        /// Session ids come from URLs and the device's outbox: any text is an id that
        /// prints back to an equal id, or a refusal with a message.
        #[test]
        fn any_text_is_a_session_id_or_a_clear_refusal(
            text in proptest::prop_oneof![
                proptest::arbitrary::any::<String>(),
                "-?[0-9]{0,3}-[0-9]{8}T[0-9]{4}",
                "[0-9]{1,3}-[0-9\u{e9}T+-]{11,14}",
            ]
        ) {
            match text.parse::<OccurrenceId>() {
                Ok(id) => {
                    proptest::prop_assert!(id.activity.is_valid());
                    proptest::prop_assert_eq!(id.to_string().parse::<OccurrenceId>(), Ok(id));
                }
                Err(e) => proptest::prop_assert!(!e.to_string().is_empty()),
            }
        }
    }

    #[test]
    fn validation_names_the_problem() {
        assert_eq!(activity().validate(), Ok(()));
        let mut a = activity();
        a.title = Text::it("");
        assert_eq!(a.validate(), Err(ActivityError::MissingTitle));
        let mut a = activity();
        a.schedule.duration_minutes = 0;
        assert_eq!(a.validate(), Err(ActivityError::BadDuration));
        let mut a = activity();
        a.capacity = Some(0);
        assert_eq!(a.validate(), Err(ActivityError::ZeroCapacity));
        a.capacity = Some(8);
        for n in [0, PARTY_LIMIT_MAX + 1] {
            a.party_limit = n;
            assert_eq!(a.validate(), Err(ActivityError::BadPartyLimit(n)));
        }
        a.party_limit = PARTY_LIMIT_MAX;
        assert_eq!(a.validate(), Ok(()));
        let mut a = activity();
        a.languages.push("Italian".into());
        assert_eq!(a.validate(), Err(ActivityError::BadLanguage("Italian".into())));
        assert_eq!(Activity { id: ActivityId(0), ..activity() }.validate(), Err(ActivityError::BadId(ActivityId(0))));
        assert_eq!(Activity { hub_id: HubId(-2), ..activity() }.validate(), Err(ActivityError::BadHubId(HubId(-2))));
        let long = Activity { title: Text::new("Corso", "c".repeat(LINE_MAX + 1)), ..activity() };
        assert_eq!(long.validate(), Err(ActivityError::TooLong(TooLong { field: "title", max: LINE_MAX })));
    }

    #[test]
    fn errors_become_field_errors_with_their_field() {
        let refused = |a: Activity| FieldError::from(a.validate().unwrap_err());
        let mut a = activity();
        a.schedule.duration_minutes = 0;
        let e = refused(a);
        assert_eq!((e.field.as_str(), e.reason), ("schedule.duration_minutes", Reason::OutOfRange));
        assert_eq!(e.detail.as_deref(), Some("sessions must last between 5 minutes and 12 hours"));
        let e = refused(Activity { hub_id: HubId(0), ..activity() });
        assert_eq!((e.field.as_str(), e.reason, e.value.as_deref()), ("hub_id", Reason::NotANumber, Some("0")));
        let e = refused(Activity { languages: vec!["ITA".into()], ..activity() });
        assert_eq!((e.field.as_str(), e.reason, e.value.as_deref()), ("languages", Reason::Malformed, Some("ITA")));
        assert_eq!(refused(Activity { description: Text::it("d".repeat(DESCRIPTION_MAX + 1)), ..activity() }).field, "description");
    }

    #[test]
    fn category_codes_match_serde() {
        for c in ActivityCategory::ALL {
            assert_eq!(ActivityCategory::from_code(c.code()), Some(c));
            assert_eq!(serde_json::to_value(c).unwrap(), c.code());
        }
    }
}
