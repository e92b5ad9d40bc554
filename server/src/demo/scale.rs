//! A national deployment for measuring: the demo copied into other cities, reproducibly.
//!
//! `civico seed-demo --scale N` loads the demo and `N` copies of it. Copy `k` moves every
//! hub, activity and service to one of 40 cities (the demo's own districts and addresses
//! kept), with new ids and names that say which copy they are. Every copy has all the
//! demo's services and hubs; two in five keep its activities, which gives the shape
//! the scale issue measures against: `--scale 56` makes about 5,000 services in 40 more
//! cities and some 1,500 activities.

use app::content::Document;

/// Cities the copies move to: medium-sized Italian cities, as in the Città Medie
/// programme the deployment is meant for.
pub const CITIES: [&str; 40] = [
    "Ancona",
    "Andria",
    "Arezzo",
    "Asti",
    "Barletta",
    "Brindisi",
    "Busto Arsizio",
    "Carpi",
    "Caserta",
    "Catanzaro",
    "Cesena",
    "Como",
    "Cosenza",
    "Cremona",
    "Fano",
    "Ferrara",
    "Foggia",
    "Forlì",
    "Grosseto",
    "Imola",
    "La Spezia",
    "Latina",
    "Lecce",
    "Livorno",
    "Lucca",
    "Marsala",
    "Massa",
    "Matera",
    "Modena",
    "Novara",
    "Parma",
    "Pesaro",
    "Pescara",
    "Piacenza",
    "Pisa",
    "Pistoia",
    "Pordenone",
    "Ravenna",
    "Sassari",
    "Vicenza",
];

/// How far apart the copies' ids are: above any id the demo uses.
const ID_STRIDE: i64 = 10_000;

/// The demo `base` and `copies` copies of it, in an order that satisfies references.
pub fn scaled(base: Vec<Document>, copies: u32) -> Vec<Document> {
    let mut out = base.clone();
    for k in 1..=copies as i64 {
        let city = CITIES[((k - 1) % CITIES.len() as i64) as usize];
        let with_activities = (k - 1) % 5 < 2;
        let offset = k * ID_STRIDE;
        let mark = |text: &mut app::domain::text::Text| {
            text.it = format!("{} · {city} {k}", text.it);
            if let Some(en) = &mut text.en {
                *en = format!("{en} · {city} {k}");
            }
        };
        for doc in &base {
            let copy = match doc.clone() {
                Document::Hub(mut h) => {
                    h.id.0 += offset;
                    h.city = city.to_string();
                    mark(&mut h.name);
                    Document::Hub(h)
                }
                Document::Activity(mut a) if with_activities => {
                    a.id.0 += offset;
                    a.hub_id.0 += offset;
                    mark(&mut a.title);
                    Document::Activity(a)
                }
                Document::Service(mut s) => {
                    s.id.0 += offset;
                    s.city = city.to_string();
                    mark(&mut s.name);
                    for l in &mut s.locations {
                        if let Some(hub) = &mut l.hub_id {
                            hub.0 += offset;
                        }
                    }
                    Document::Service(s)
                }
                // The taxonomy is shared; places are the server's.
                _ => continue,
            };
            out.push(copy);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_scaled_demo_has_the_issue_s_shape_and_sound_references() {
        let base = super::super::dataset(jiff::civil::date(2026, 11, 22));
        let docs = scaled(base, 56);
        let services = docs.iter().filter(|d| matches!(d, Document::Service(_))).count();
        let activities = docs.iter().filter(|d| matches!(d, Document::Activity(_))).count();
        assert!((4_900..=5_500).contains(&services), "{services} services");
        assert!((1_300..=1_800).contains(&activities), "{activities} activities");
        let cities: HashSet<&str> = docs
            .iter()
            .filter_map(|d| match d {
                Document::Service(s) => Some(s.city.as_str()),
                _ => None,
            })
            .collect();
        assert!(cities.len() >= 40, "{} cities", cities.len());
        let keys: HashSet<_> = docs.iter().map(|d| d.key()).collect();
        assert_eq!(keys.len(), docs.len(), "ids stay unique");
        let hubs: HashSet<i64> = docs
            .iter()
            .filter_map(|d| match d {
                Document::Hub(h) => Some(h.id.0),
                _ => None,
            })
            .collect();
        for d in &docs {
            match d {
                Document::Activity(a) => assert!(hubs.contains(&a.hub_id.0), "activity {} has its hub", a.id),
                Document::Service(s) => {
                    for hub in s.locations.iter().filter_map(|l| l.hub_id) {
                        assert!(hubs.contains(&hub.0), "service {} is at a hub that exists", s.id);
                    }
                }
                _ => {}
            }
        }
    }

    #[test]
    fn the_same_scale_gives_the_same_documents() {
        let base = super::super::dataset(jiff::civil::date(2026, 11, 22));
        assert_eq!(scaled(base.clone(), 3), scaled(base, 3));
    }
}
