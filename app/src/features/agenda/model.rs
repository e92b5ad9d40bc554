//! The agenda: sessions of many activities across hubs, by day. Pure, so the server
//! builds it today and the offline replica builds the same thing on the device.

use crate::domain::activity::{Activity, ActivityCategory, Occurrence};
use crate::domain::audience::TargetGroup;
use crate::domain::hub::Hub;
use crate::domain::ids::{ActivityId, HubId};
use crate::domain::paging::Page;
use crate::domain::places::{Availability, Places, PlacesIndex};
use crate::domain::text::Text;
use crate::domain::time::add_days;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Which sessions to show.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaFilter {
    pub city: Option<String>,
    pub district: Option<String>,
    pub hub: Option<HubId>,
    pub category: Option<ActivityCategory>,
    /// Only activities explicitly meant for this group.
    pub audience: Option<TargetGroup>,
}

/// One session as the agenda lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgendaItem {
    pub occurrence: Occurrence,
    pub activity_id: ActivityId,
    pub title: Text,
    pub category: ActivityCategory,
    pub audience: Vec<TargetGroup>,
    pub hub_name: Text,
    pub district: String,
    pub registration_required: bool,
    pub capacity: Option<u32>,
    /// Places for a newcomer, on sessions that take registrations (from the server's
    /// public counts: the device shows what it last synced).
    pub places: Option<Availability>,
    /// Set when the hub is closed that day (holiday or closure): the session is off.
    pub cancelled: Option<crate::domain::hours::Closure>,
}

/// The sessions of one day, in time order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgendaDay {
    #[serde(with = "crate::domain::wire::date")]
    pub date: Date,
    pub items: Vec<AgendaItem>,
}

pub use crate::domain::hours::closure_reason;

/// Builds `days` days of agenda from `from`, every day present even when empty.
pub fn build_agenda(
    hubs: &[Hub],
    activities: &[Activity],
    places: &[Places],
    filter: &AgendaFilter,
    from: Date,
    days: u8,
) -> Vec<AgendaDay> {
    let to = add_days(from, i64::from(days.max(1)) - 1);
    let places = PlacesIndex::new(places);
    let places = &places;
    let hubs_by_id: HashMap<HubId, &Hub> = hubs.iter().filter(|h| hub_matches(h, filter)).map(|h| (h.id, h)).collect();
    let mut items: Vec<AgendaItem> = activities
        .iter()
        .filter(|a| filter.category.is_none_or(|c| a.category == c))
        .filter(|a| filter.audience.is_none_or(|g| a.audience.contains(&g)))
        .filter_map(|a| hubs_by_id.get(&a.hub_id).map(|h| (a, *h)))
        .flat_map(|(a, h)| {
            a.occurrences(from, to).into_iter().map(move |occurrence| AgendaItem {
                cancelled: closure_reason(&h.hours.on(occurrence.start.date())),
                places: places.availability(a, occurrence.start),
                occurrence,
                activity_id: a.id,
                title: a.title.clone(),
                category: a.category,
                audience: a.audience.clone(),
                hub_name: h.name.clone(),
                district: h.district.clone(),
                registration_required: a.registration_required,
                capacity: a.capacity,
            })
        })
        .collect();
    // A total order: pages and the home page's first sessions cut this list, and the server's
    // rows and the replica's keys come in different orders.
    items.sort_by(|a, b| {
        (a.occurrence.start, &a.title.it, &a.hub_name.it, a.activity_id).cmp(&(
            b.occurrence.start,
            &b.title.it,
            &b.hub_name.it,
            b.activity_id,
        ))
    });
    (0..i64::from(days.max(1)))
        .map(|i| add_days(from, i))
        .map(|date| AgendaDay { date, items: items.iter().filter(|it| it.occurrence.start.date() == date).cloned().collect() })
        .collect()
}

/// Page `number` of a week's sessions, [`PAGE_SIZE`](crate::domain::paging::PAGE_SIZE) at a
/// time, in their days. When everything fits on one page every day stays (an empty one says
/// so); otherwise a page holds only the days it has sessions of.
pub fn page_days(days: Vec<AgendaDay>, number: u32) -> Page<AgendaDay> {
    let total: usize = days.iter().map(|d| d.items.len()).sum();
    if total <= crate::domain::paging::PAGE_SIZE {
        return Page { items: days, number: 1, pages: 1, total };
    }
    // Moved, not copied: a busy week of every city is thousands of sessions per request.
    let sessions = days.into_iter().flat_map(|d| {
        let date = d.date;
        d.items.into_iter().map(move |item| (date, item))
    });
    let page = Page::of(sessions, number);
    let mut grouped: Vec<AgendaDay> = Vec::new();
    for (date, item) in page.items {
        match grouped.last_mut() {
            Some(day) if day.date == date => day.items.push(item),
            _ => grouped.push(AgendaDay { date, items: vec![item] }),
        }
    }
    Page { items: grouped, number: page.number, pages: page.pages, total }
}

/// The first `limit` sessions of `days`, in their days (days left empty are dropped), and
/// how many there were.
pub fn first_sessions(days: Vec<AgendaDay>, limit: usize) -> (Vec<AgendaDay>, usize) {
    let total = days.iter().map(|d| d.items.len()).sum();
    let mut left = limit;
    let kept = days
        .into_iter()
        .filter_map(|mut day| {
            day.items.truncate(left);
            left -= day.items.len();
            (!day.items.is_empty()).then_some(day)
        })
        .collect();
    (kept, total)
}

fn hub_matches(h: &Hub, f: &AgendaFilter) -> bool {
    f.hub.is_none_or(|id| h.id == id)
        && f.city.as_deref().is_none_or(|c| h.city.eq_ignore_ascii_case(c))
        && f.district.as_deref().is_none_or(|d| h.district.eq_ignore_ascii_case(d))
}

/// The activities taking registrations at the hubs `filter` keeps: whose places documents
/// an agenda for it needs.
pub fn registration_ids_in(hubs: &[Hub], activities: &[Activity], filter: &AgendaFilter) -> Vec<ActivityId> {
    let here: std::collections::HashSet<HubId> = hubs.iter().filter(|h| hub_matches(h, filter)).map(|h| h.id).collect();
    activities.iter().filter(|a| a.registration_required && here.contains(&a.hub_id)).map(|a| a.id).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::hours::{HoursChange, HoursException, OpeningHours};
    use crate::domain::hub::{Contacts, HubKind};
    use crate::domain::paging::PAGE_SIZE;
    use crate::domain::recurrence::Schedule;
    use jiff::civil::date;

    fn hub(id: i64, city: &str, district: &str) -> Hub {
        Hub {
            id: HubId(id),
            kind: HubKind::PoloCivico,
            name: Text::it(format!("Hub {id}")),
            description: Text::default(),
            city: city.into(),
            district: district.into(),
            address: "Via Roma 1".into(),
            coordinates: None,
            contacts: Contacts::default(),
            accessibility: Text::default(),
            hours: OpeningHours::default(),
        }
    }

    fn activity(id: i64, hub: i64, category: ActivityCategory, audience: &[TargetGroup], rule: &str, hour: i8) -> Activity {
        Activity {
            id: ActivityId(id),
            hub_id: HubId(hub),
            title: Text::it(format!("Attività {id}")),
            description: Text::default(),
            category,
            audience: audience.to_vec(),
            languages: vec![],
            capacity: None,
            registration_required: false,
            party_limit: 1,
            how_to_join: Text::default(),
            schedule: Schedule::repeating(date(2026, 11, 2).at(hour, 0, 0, 0), 60, rule).unwrap(),
        }
    }

    fn fixture() -> (Vec<Hub>, Vec<Activity>) {
        let hubs = vec![hub(1, "Roma", "Municipio VII"), hub(2, "Roma", "Municipio IX"), hub(3, "Torino", "Barriera di Milano")];
        let activities = vec![
            activity(10, 1, ActivityCategory::SocialHelpDesk, &[TargetGroup::Tenants], "FREQ=WEEKLY;BYDAY=MO,WE", 10),
            activity(11, 1, ActivityCategory::DigitalHelp, &[TargetGroup::Elderly], "FREQ=WEEKLY;BYDAY=MO", 9),
            activity(12, 2, ActivityCategory::Course, &[], "FREQ=WEEKLY;BYDAY=TU", 17),
            activity(13, 3, ActivityCategory::DigitalHelp, &[TargetGroup::Elderly], "FREQ=WEEKLY;BYDAY=MO", 15),
        ];
        (hubs, activities)
    }

    fn titles(days: &[AgendaDay]) -> Vec<Vec<i64>> {
        days.iter().map(|d| d.items.iter().map(|i| i.activity_id.0).collect()).collect()
    }

    #[test]
    fn every_day_is_listed_with_sessions_in_time_order() {
        let (h, a) = fixture();
        let days = build_agenda(&h, &a, &[], &AgendaFilter::default(), date(2026, 11, 23), 3);
        assert_eq!(days.len(), 3);
        assert_eq!(titles(&days), vec![vec![11, 10, 13], vec![12], vec![10]]);
    }

    #[test]
    fn filters_narrow_by_place_category_and_audience() {
        let (h, a) = fixture();
        let monday = date(2026, 11, 23);
        let run = |f: AgendaFilter| titles(&build_agenda(&h, &a, &[], &f, monday, 1))[0].clone();
        assert_eq!(run(AgendaFilter { city: Some("torino".into()), ..Default::default() }), vec![13]);
        assert_eq!(run(AgendaFilter { district: Some("Municipio VII".into()), ..Default::default() }), vec![11, 10]);
        assert_eq!(run(AgendaFilter { hub: Some(HubId(3)), ..Default::default() }), vec![13]);
        assert_eq!(run(AgendaFilter { category: Some(ActivityCategory::DigitalHelp), ..Default::default() }), vec![11, 13]);
        assert_eq!(run(AgendaFilter { audience: Some(TargetGroup::Tenants), ..Default::default() }), vec![10]);
        assert_eq!(run(AgendaFilter { audience: Some(TargetGroup::Migrants), ..Default::default() }), Vec::<i64>::new());
    }

    #[test]
    fn hub_closures_and_holidays_mark_sessions_cancelled() {
        let (mut h, a) = fixture();
        h[0].hours.exceptions.push(HoursException {
            from: date(2026, 11, 23),
            to: date(2026, 11, 23),
            change: HoursChange::Closed,
            note: Some(Text::new("Disinfestazione", "Pest control")),
        });
        let days = build_agenda(&h, &a, &[], &AgendaFilter { hub: Some(HubId(1)), ..Default::default() }, date(2026, 11, 23), 1);
        assert!(
            days[0]
                .items
                .iter()
                .all(|i| i.cancelled.as_ref().is_some_and(|c| crate::i18n::closure(crate::domain::text::Lang::It, c) == "Disinfestazione"))
        );
        // 8 December 2026 (Immacolata) is a Tuesday: the course is off.
        let days = build_agenda(&h, &a, &[], &AgendaFilter { hub: Some(HubId(2)), ..Default::default() }, date(2026, 12, 8), 1);
        assert_eq!(
            days[0].items[0].cancelled.as_ref().map(|c| crate::i18n::closure(crate::domain::text::Lang::It, c)).as_deref(),
            Some("Immacolata Concezione")
        );
        let ar = days[0].items[0].cancelled.as_ref().map(|c| crate::i18n::closure(crate::domain::text::Lang::Ar, c));
        assert!(ar.is_some_and(|t| !t.is_empty() && t != "Immacolata Concezione"), "the holiday is named in Arabic too");
    }

    #[test]
    fn a_hub_without_regular_hours_does_not_cancel_its_meetings() {
        let (h, a) = fixture();
        let days = build_agenda(&h, &a, &[], &AgendaFilter { hub: Some(HubId(2)), ..Default::default() }, date(2026, 11, 24), 1);
        assert_eq!(days[0].items.len(), 1);
        assert_eq!(days[0].items[0].cancelled, None);
    }

    #[test]
    fn sessions_that_take_registrations_say_how_many_places_are_left() {
        use crate::domain::places::{Availability, Places, SessionCount};
        let (h, mut a) = fixture();
        a[0].registration_required = true;
        a[0].capacity = Some(4);
        let monday = date(2026, 11, 23).at(10, 0, 0, 0);
        let places = vec![Places { activity_id: ActivityId(10), sessions: vec![SessionCount { start: monday, confirmed: 3, waiting: 0 }] }];
        let days = build_agenda(&h, &a, &places, &AgendaFilter { hub: Some(HubId(1)), ..Default::default() }, date(2026, 11, 23), 3);
        let of = |day: usize, id: i64| days[day].items.iter().find(|i| i.activity_id.0 == id).map(|i| i.places);
        assert_eq!(of(0, 10), Some(Some(Availability::Left { left: 1, capacity: 4 })), "Monday: 3 of 4 taken");
        assert_eq!(of(2, 10), Some(Some(Availability::Left { left: 4, capacity: 4 })), "Wednesday: nobody yet");
        assert_eq!(of(0, 11), Some(None), "free entry says nothing about places");
    }

    #[test]
    fn a_busy_week_is_paged_by_session_and_each_page_keeps_its_days() {
        let hubs = vec![hub(1, "Roma", "Centro")];
        // Eight sessions a day for a week: 56, so two pages.
        let activities: Vec<Activity> = (0..8)
            .map(|i| activity(i + 1, 1, ActivityCategory::Workshop, &[], "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU", 9 + i as i8))
            .collect();
        let week = build_agenda(&hubs, &activities, &[], &AgendaFilter::default(), date(2026, 11, 9), 7);
        let all: Vec<(Date, ActivityId)> = week.iter().flat_map(|d| d.items.iter().map(move |it| (d.date, it.activity_id))).collect();
        assert_eq!(all.len(), 56);
        let first = page_days(week.clone(), 1);
        let second = page_days(week.clone(), 2);
        assert_eq!((first.pages, first.total, second.number), (2, 56, 2));
        let flat = |p: &Page<AgendaDay>| -> Vec<(Date, ActivityId)> {
            p.items.iter().flat_map(|d| d.items.iter().map(move |it| (d.date, it.activity_id))).collect()
        };
        assert_eq!(flat(&first).len(), PAGE_SIZE);
        assert_eq!([flat(&first), flat(&second)].concat(), all, "every session once, in order");
        assert!(first.items.iter().chain(&second.items).all(|d| !d.items.is_empty()), "a page shows only days it has sessions of");
        assert_eq!(second.items.first().map(|d| d.date), Some(date(2026, 11, 12)), "the day cut by the page starts the next");
    }

    #[test]
    fn a_quiet_week_is_one_page_with_its_empty_days() {
        let hubs = vec![hub(1, "Roma", "Centro")];
        let activities = vec![activity(1, 1, ActivityCategory::Workshop, &[], "FREQ=WEEKLY;BYDAY=MO", 18)];
        let week = build_agenda(&hubs, &activities, &[], &AgendaFilter::default(), date(2026, 11, 9), 7);
        let page = page_days(week, 3);
        assert_eq!((page.number, page.pages, page.total, page.items.len()), (1, 1, 1, 7));
    }

    #[test]
    fn a_summary_keeps_the_first_sessions_in_their_days_and_counts_them_all() {
        let hubs = vec![hub(1, "Roma", "Centro")];
        let activities: Vec<Activity> =
            (0..4).map(|i| activity(i + 1, 1, ActivityCategory::Workshop, &[], "FREQ=WEEKLY;BYDAY=MO,WE", 9 + i as i8)).collect();
        let week = build_agenda(&hubs, &activities, &[], &AgendaFilter::default(), date(2026, 11, 9), 7);
        let (kept, total) = first_sessions(week.clone(), 6);
        assert_eq!(total, 8);
        assert_eq!(kept.iter().map(|d| (d.date, d.items.len())).collect::<Vec<_>>(), vec![(date(2026, 11, 9), 4), (date(2026, 11, 11), 2)]);
        let (all, _) = first_sessions(week, 100);
        assert_eq!(all.len(), 2, "days with nothing are dropped");
    }
}
