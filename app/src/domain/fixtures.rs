//! (tests) A hub and an activity to build test cases from, shared by the rules' tests.

use super::activity::{Activity, ActivityCategory};
use super::hours::{HoursChange, HoursException, OpeningHours};
use super::hub::{Contacts, Hub, HubKind};
use super::ids::{ActivityId, HubId};
use super::recurrence::Schedule;
use super::text::Text;
use jiff::civil::{Date, DateTime};

/// Hub 1 in Rome, with no weekly hours (so no day is closed but for holidays).
pub fn hub() -> Hub {
    Hub {
        id: HubId(1),
        kind: HubKind::PoloCivico,
        name: Text::it("Polo civico"),
        description: Text::default(),
        city: "Roma".into(),
        district: "Municipio VII".into(),
        address: "Via Appia Nuova 1".into(),
        coordinates: None,
        contacts: Contacts::default(),
        accessibility: Text::default(),
        hours: OpeningHours::default(),
    }
}

/// `hub` closed on `day` for the reason `note`.
pub fn closed_on(mut hub: Hub, day: Date, note: &str) -> Hub {
    hub.hours.exceptions.push(HoursException { from: day, to: day, change: HoursChange::Closed, note: Some(Text::it(note)) });
    hub
}

/// Activity `id` at hub 1, an hour long, on sign-up, repeating by `rule` from `start`.
pub fn weekly(id: i64, start: DateTime, rule: &str) -> Activity {
    Activity {
        id: ActivityId(id),
        hub_id: HubId(1),
        title: Text::it("Facilitazione digitale"),
        description: Text::default(),
        category: ActivityCategory::DigitalHelp,
        audience: vec![],
        languages: vec![],
        capacity: Some(4),
        registration_required: true,
        party_limit: 2,
        how_to_join: Text::default(),
        schedule: Schedule::repeating(start, 60, rule).expect("a valid rule"),
    }
}
