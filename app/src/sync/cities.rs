//! Which cities this device keeps (pure): what the feed is asked for, how the person's
//! choice of a place changes it, and what leaves the replica when it narrows.
//!
//! Until its person chooses a place on the home page, a device keeps every city of a small
//! deployment, and none of a big one (only what belongs to every city, such as the
//! taxonomy); from then on it keeps the cities chosen (each choice adds one) and what
//! belongs to every city. So a phone in one city of a national deployment downloads that
//! city, not forty.

use crate::content::{Directory, DocKey};
use crate::domain::activity::Activity;
use crate::domain::hub::Hub;
use crate::domain::places::Places;
use crate::domain::service::Service;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The cities a replica holds, or is being filled with.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Cities {
    /// Every city: the feed unfiltered.
    #[default]
    All,
    /// These cities only (compared ignoring ASCII case, as the server compares them).
    Only(Vec<String>),
}

/// The most hubs, activities and services a device keeps whole before its person chose a
/// place: about 100 KB brotli at the 120 bytes a document measured (issue 11's budget for a
/// first sync). The demo (about 170) fits; a national deployment (7,000) does not.
pub const WHOLE_UP_TO: usize = 800;

/// What a new device keeps before its person chose a place.
pub fn before_any_choice(directory: &Directory) -> Cities {
    if directory.documents <= WHOLE_UP_TO { Cities::All } else { Cities::Only(Vec::new()) }
}

/// How the replica follows a change of [`Cities`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move {
    /// Nothing to do.
    Same,
    /// A city was added: pull the feed again from the start for the new set. What the
    /// replica holds of cities it keeps stays and answers for them meanwhile.
    Grow,
    /// Fewer cities: drop what is outside them; the cursor stays where it is.
    Narrow,
}

impl Cities {
    /// Whether `city` is kept here.
    pub fn holds(&self, city: &str) -> bool {
        match self {
            Cities::All => true,
            Cities::Only(kept) => kept.iter().any(|c| c.eq_ignore_ascii_case(city)),
        }
    }

    /// The feed's `cities` parameter: `None` asks for every city, an empty list for none.
    pub fn feed_param(&self) -> Option<Vec<String>> {
        match self {
            Cities::All => None,
            Cities::Only(kept) => Some(kept.clone()),
        }
    }

    /// What to keep once the person chose `city` (`None`: every city, or no choice at all,
    /// which changes nothing). The first choice narrows every city to that one, each next
    /// one adds to them, up to the feed's limit (the oldest choice gives way).
    pub fn with_choice(&self, city: Option<&str>) -> Cities {
        let Some(city) = city.map(str::trim).filter(|c| !c.is_empty()) else { return self.clone() };
        match self {
            _ if self != &Cities::All && self.holds(city) => self.clone(),
            Cities::All => Cities::Only(vec![city.to_string()]),
            Cities::Only(kept) => {
                let mut kept = kept.clone();
                kept.push(city.to_string());
                let over = kept.len().saturating_sub(super::api::MAX_CITIES);
                kept.drain(..over);
                Cities::Only(kept)
            }
        }
    }

    /// The cities both hold: what a replica still answers for while it follows a change.
    pub fn and(&self, other: &Cities) -> Cities {
        match (self, other) {
            (Cities::All, x) | (x, Cities::All) => x.clone(),
            (Cities::Only(a), b) => Cities::Only(a.iter().filter(|c| b.holds(c)).cloned().collect()),
        }
    }

    /// What going from `self` to `next` asks of the replica.
    pub fn move_to(&self, next: &Cities) -> Move {
        match (self, next) {
            (a, b) if a == b => Move::Same,
            (_, Cities::All) => Move::Grow,
            (Cities::All, Cities::Only(_)) => Move::Narrow,
            (Cities::Only(_), Cities::Only(wanted)) if wanted.iter().all(|c| self.holds(c)) => Move::Narrow,
            _ => Move::Grow,
        }
    }
}

/// The documents of a replica that belong to none of `kept`: hubs and services by their
/// city, activities by their hub's, places by their activity's. An activity whose hub is
/// not here (or places whose activity is not) goes too: nothing could show it.
pub fn outside(kept: &Cities, hubs: &[Hub], activities: &[Activity], services: &[Service], places: &[Places]) -> Vec<DocKey> {
    let hub_kept: HashMap<_, bool> = hubs.iter().map(|h| (h.id, kept.holds(&h.city))).collect();
    let activity_kept: HashMap<_, bool> = activities.iter().map(|a| (a.id, hub_kept.get(&a.hub_id).copied().unwrap_or(false))).collect();
    let mut gone: Vec<DocKey> = Vec::new();
    gone.extend(hubs.iter().filter(|h| !hub_kept[&h.id]).map(|h| DocKey::Hub(h.id)));
    gone.extend(activities.iter().filter(|a| !activity_kept[&a.id]).map(|a| DocKey::Activity(a.id)));
    gone.extend(services.iter().filter(|s| !kept.holds(&s.city)).map(|s| DocKey::Service(s.id)));
    gone.extend(
        places.iter().filter(|p| !activity_kept.get(&p.activity_id).copied().unwrap_or(false)).map(|p| DocKey::Places(p.activity_id)),
    );
    gone
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::activity::ActivityCategory;
    use crate::domain::hours::OpeningHours;
    use crate::domain::hub::{Contacts, HubKind};
    use crate::domain::ids::{ActivityId, HubId, ServiceId};
    use crate::domain::recurrence::Schedule;
    use crate::domain::service::{Cost, Organization};
    use crate::domain::text::Text;
    use jiff::civil::date;

    fn only(cities: &[&str]) -> Cities {
        Cities::Only(cities.iter().map(|c| c.to_string()).collect())
    }

    #[test]
    fn a_choice_narrows_every_city_then_adds_cities() {
        assert_eq!(Cities::All.with_choice(None), Cities::All, "no choice keeps every city");
        assert_eq!(Cities::All.with_choice(Some(" ")), Cities::All);
        assert_eq!(Cities::All.with_choice(Some("Roma")), only(&["Roma"]));
        assert_eq!(only(&["Roma"]).with_choice(Some("roma")), only(&["Roma"]), "the same city in other letters");
        assert_eq!(only(&["Roma"]).with_choice(Some("Milano")), only(&["Roma", "Milano"]));
        let full: Vec<String> = (0..super::super::api::MAX_CITIES).map(|i| format!("C{i}")).collect();
        let Cities::Only(kept) = Cities::Only(full).with_choice(Some("Nuova")) else { panic!() };
        assert_eq!(kept.len(), super::super::api::MAX_CITIES, "the feed's limit holds");
        assert_eq!((kept[0].as_str(), kept.last().unwrap().as_str()), ("C1", "Nuova"), "the oldest choice gives way");
    }

    #[test]
    fn a_new_device_keeps_a_small_deployment_whole_and_a_big_one_for_later() {
        let directory = |documents| Directory { documents, ..Directory::default() };
        assert_eq!(before_any_choice(&directory(170)), Cities::All);
        assert_eq!(before_any_choice(&directory(WHOLE_UP_TO)), Cities::All);
        assert_eq!(before_any_choice(&directory(WHOLE_UP_TO + 1)), Cities::Only(vec![]));
    }

    #[test]
    fn adding_a_city_pulls_again_and_dropping_one_prunes() {
        assert_eq!(Cities::All.move_to(&Cities::All), Move::Same);
        assert_eq!(Cities::All.move_to(&only(&["Roma"])), Move::Narrow);
        assert_eq!(only(&["Roma", "Milano"]).move_to(&only(&["roma"])), Move::Narrow);
        assert_eq!(only(&["Roma"]).move_to(&only(&["Roma", "Milano"])), Move::Grow);
        assert_eq!(only(&["Roma"]).move_to(&only(&["Milano"])), Move::Grow, "a city it lacks must be pulled");
        assert_eq!(only(&["Roma"]).move_to(&Cities::All), Move::Grow);
        assert!(only(&["Roma"]).holds("ROMA") && !only(&["Roma"]).holds("Romagna"));
        assert_eq!(only(&["Roma"]).feed_param(), Some(vec!["Roma".to_string()]));
        assert_eq!(Cities::All.feed_param(), None);
        assert_eq!(Cities::Only(vec![]).feed_param(), Some(vec![]));
        assert_eq!(Cities::Only(vec![]).with_choice(Some("Roma")), only(&["Roma"]), "from none, a choice adds its city");
        assert_eq!(Cities::Only(vec![]).move_to(&only(&["Roma"])), Move::Grow);
        assert_eq!(Cities::All.and(&only(&["Roma"])), only(&["Roma"]));
        assert_eq!(only(&["Roma", "Milano"]).and(&Cities::All), only(&["Roma", "Milano"]));
        assert_eq!(only(&["Roma", "Milano"]).and(&only(&["milano", "Torino"])), only(&["Milano"]));
    }

    fn hub(id: i64, city: &str) -> Hub {
        Hub {
            id: HubId(id),
            kind: HubKind::PoloCivico,
            name: Text::it("Polo"),
            description: Text::default(),
            city: city.into(),
            district: "Centro".into(),
            address: "Via Roma 1".into(),
            coordinates: None,
            contacts: Contacts::default(),
            accessibility: Text::default(),
            hours: OpeningHours::default(),
        }
    }

    fn activity(id: i64, hub: i64) -> Activity {
        Activity {
            id: ActivityId(id),
            hub_id: HubId(hub),
            title: Text::it("Corso"),
            description: Text::default(),
            category: ActivityCategory::Course,
            audience: vec![],
            languages: vec![],
            capacity: None,
            registration_required: false,
            party_limit: 1,
            how_to_join: Text::default(),
            schedule: Schedule::repeating(date(2026, 12, 7).at(10, 0, 0, 0), 60, "FREQ=WEEKLY").unwrap(),
        }
    }

    fn service(id: i64, city: &str) -> Service {
        Service {
            id: ServiceId(id),
            city: city.into(),
            organization: Organization { name: "Associazione".into(), website: None },
            name: Text::it("Sportello"),
            description: Text::it("Aiuto"),
            categories: vec![],
            target_groups: vec![],
            eligibility: None,
            required_documents: vec![],
            languages: vec![],
            cost: Cost::Free,
            contacts: Contacts::default(),
            how_to_access: Text::default(),
            locations: vec![],
            hours: None,
        }
    }

    #[test]
    fn what_leaves_follows_each_document_to_its_city() {
        let hubs = [hub(1, "Roma"), hub(2, "Milano")];
        let activities = [activity(10, 1), activity(20, 2), activity(30, 99)];
        let services = [service(1, "roma"), service(2, "Torino")];
        let places = [Places { activity_id: ActivityId(10), sessions: vec![] }, Places { activity_id: ActivityId(20), sessions: vec![] }];
        let gone = outside(&only(&["Roma"]), &hubs, &activities, &services, &places);
        assert_eq!(
            gone,
            vec![
                DocKey::Hub(HubId(2)),
                DocKey::Activity(ActivityId(20)),
                DocKey::Activity(ActivityId(30)),
                DocKey::Service(ServiceId(2)),
                DocKey::Places(ActivityId(20)),
            ]
        );
        assert!(outside(&Cities::All, &hubs, &activities[..2], &services, &places).is_empty(), "every city keeps all");
    }
}
