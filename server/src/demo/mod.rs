//! The demo dataset, drawn from the seed articles: Rome's four pilot poli civici
//! (Municipi VII, VIII, IX, XII), Milan's reopened concierge spaces in public housing,
//! Turin's Case del Quartiere, Bergamo's neighbourhood networks and the Polaresco day,
//! Monza's neighbourhood councils. Names, addresses and contacts are invented.
//!
//! Dates are laid out around the day it is loaded, so the agenda is never empty.

mod activities;
mod arabic;
mod help_guides;
mod hubs;
pub mod scale;
mod services;
pub mod staff;
mod taxonomy;

use app::content::Document;
use app::store::ContentStore;
use jiff::civil::Date;

/// Every demo document, in an order that satisfies references (taxonomy before
/// services, hubs before activities).
pub fn dataset(today: Date) -> Vec<Document> {
    let terms = taxonomy::terms();
    let hubs = hubs::hubs(today);
    let activities = activities::activities(today, &hubs);
    let services = services::services(&hubs);
    let help_guides = help_guides::help_guides();
    terms
        .into_iter()
        .map(Document::TaxonomyTerm)
        .chain(hubs.into_iter().map(Document::Hub))
        .chain(activities.into_iter().map(Document::Activity))
        .chain(services.into_iter().map(Document::Service))
        .chain(help_guides.into_iter().map(Document::HelpGuide))
        .collect()
}

/// Loads the dataset, and `copies` copies of it in other cities ([`scale::scaled`]), when
/// the store has never held content. Returns how many documents were written (0 when the
/// store was not empty).
pub async fn seed_if_empty(store: &crate::store::SqliteStore, copies: u32) -> anyhow::Result<usize> {
    if !store.is_pristine().await? {
        return Ok(0);
    }
    seed(store, copies).await
}

/// Writes the whole dataset through the store (so every document is validated).
pub async fn seed(store: &dyn ContentStore, copies: u32) -> anyhow::Result<usize> {
    let docs = scale::scaled(dataset(app::domain::time::today()), copies);
    for doc in &docs {
        store.put(doc).await.map_err(|e| anyhow::anyhow!("demo document {:?}: {e}", doc.key()))?;
    }
    Ok(docs.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::domain::activity::ActivityCategory;
    use app::domain::hub::HubKind;
    use jiff::civil::date;

    #[test]
    fn the_dataset_is_as_big_as_promised_and_valid() {
        let docs = dataset(date(2026, 11, 22));
        let count = |f: fn(&Document) -> bool| docs.iter().filter(|d| f(d)).count();
        assert!(count(|d| matches!(d, Document::Hub(_))) >= 12);
        assert!(count(|d| matches!(d, Document::Activity(_))) >= 60);
        assert!(count(|d| matches!(d, Document::Service(_))) >= 80);
        let taxonomy: Vec<_> = docs.iter().filter_map(|d| if let Document::TaxonomyTerm(t) = d { Some(t.clone()) } else { None }).collect();
        for d in &docs {
            match d {
                Document::Hub(h) => h.validate().unwrap_or_else(|e| panic!("{}: {e}", h.name.it)),
                Document::Activity(a) => a.validate().unwrap_or_else(|e| panic!("{}: {e}", a.title.it)),
                Document::Service(s) => s.validate(&taxonomy).unwrap_or_else(|e| panic!("{}: {e}", s.name.it)),
                Document::TaxonomyTerm(_) => {}
                Document::Places(_) => panic!("the demo publishes no places: the server counts them"),
                Document::HelpGuide(g) => g.validate().unwrap_or_else(|e| panic!("{}: {e}", g.title.it)),
            }
        }
    }

    #[test]
    fn ids_are_unique_and_every_activity_has_its_hub() {
        let docs = dataset(date(2026, 11, 22));
        let mut keys: Vec<_> = docs.iter().map(|d| d.key()).collect();
        let n = keys.len();
        keys.sort_by_key(|k| format!("{k:?}"));
        keys.dedup();
        assert_eq!(keys.len(), n);
        let hubs: Vec<_> = docs.iter().filter_map(|d| if let Document::Hub(h) = d { Some(h.id) } else { None }).collect();
        for d in &docs {
            if let Document::Activity(a) = d {
                assert!(hubs.contains(&a.hub_id), "{}", a.title.it);
            }
        }
    }

    #[test]
    fn the_seed_articles_are_all_represented() {
        let docs = dataset(date(2026, 11, 22));
        let hubs: Vec<_> = docs.iter().filter_map(|d| if let Document::Hub(h) = d { Some(h) } else { None }).collect();
        for district in ["Municipio VII", "Municipio VIII", "Municipio IX", "Municipio XII"] {
            assert!(hubs.iter().any(|h| h.kind == HubKind::PoloCivico && h.district == district), "{district}");
        }
        for (city, kind) in [
            ("Milano", HubKind::Portineria),
            ("Torino", HubKind::CasaDelQuartiere),
            ("Bergamo", HubKind::NeighbourhoodNetwork),
            ("Monza", HubKind::CivicCentre),
        ] {
            assert!(hubs.iter().any(|h| h.city == city && h.kind == kind), "{city}");
        }
        let activities: Vec<_> = docs.iter().filter_map(|d| if let Document::Activity(a) = d { Some(a) } else { None }).collect();
        for category in ActivityCategory::ALL {
            assert!(activities.iter().any(|a| a.category == category), "{category:?}");
        }
    }

    #[test]
    fn every_day_of_a_week_has_something_on() {
        let today = date(2026, 11, 23);
        let docs = dataset(today);
        let activities: Vec<_> = docs.iter().filter_map(|d| if let Document::Activity(a) = d { Some(a.clone()) } else { None }).collect();
        for offset in 0..6 {
            let day = app::domain::time::add_days(today, offset);
            assert!(activities.iter().any(|a| !a.occurrences(day, day).is_empty()), "nothing on {day}");
        }
    }

    #[test]
    fn some_content_reads_in_arabic() {
        use app::domain::text::Lang;
        let docs = dataset(date(2026, 11, 22));
        let titles: Vec<&str> =
            docs.iter().filter_map(|d| if let Document::Activity(a) = d { Some(a.title.get(Lang::Ar)) } else { None }).collect();
        assert!(titles.contains(&"الإيطالية للجميع"), "the Italian course for newcomers");
        let services = docs.iter().filter_map(|d| if let Document::Service(s) = d { Some(s) } else { None });
        let arabic = services.filter(|s| s.name.has(Lang::Ar)).count();
        assert!(arabic >= 3 * 5, "three services in each of the five cities: {arabic}");
    }
}
