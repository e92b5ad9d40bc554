//! The per-city feed on a real SQLite file: a device that keeps some cities and pulls only
//! theirs ends up holding exactly what a device that pulled everything holds of those
//! cities, whatever moved between cities, was deleted or signed up for in between, and
//! wherever its syncs fell.

use app::content::{ChangeSeq, DocKey, Document};
use app::domain::activity::{Activity, ActivityCategory, OccurrenceId};
use app::domain::hours::OpeningHours;
use app::domain::hub::{Contacts, Hub, HubKind};
use app::domain::ids::{ActivityId, HubId, ServiceId};
use app::domain::mutation::{CONSENT_CURRENT, Mutation, SignUp};
use app::domain::mutation_id::MutationId;
use app::domain::recurrence::Schedule;
use app::domain::service::{Cost, Organization, Service, TaxonomyTerm};
use app::domain::text::Text;
use app::store::{ContentStore, Pushed, RegistrationStore};
use app::sync::cities::{Cities, outside};
use app::sync::plan::plan_page;
use app::sync::push::server::digest;
use jiff::civil::date;
use proptest::prelude::*;
use server::store::SqliteStore;
use std::collections::BTreeMap;

const CITIES: [&str; 3] = ["Roma", "Milano", "Torino"];

fn hub(id: i64, city: &str) -> Hub {
    Hub {
        id: HubId(id),
        kind: HubKind::PoloCivico,
        name: Text::it(format!("Polo {id}")),
        description: Text::default(),
        city: city.into(),
        district: format!("Zona {id}"),
        address: "Via Roma 1".into(),
        coordinates: None,
        contacts: Contacts::default(),
        accessibility: Text::default(),
        hours: OpeningHours::default(),
    }
}

/// Mondays at 10:00 from 2 November 2026, with sign-ups.
fn activity(id: i64, hub: i64) -> Activity {
    Activity {
        id: ActivityId(id),
        hub_id: HubId(hub),
        title: Text::it(format!("Corso {id}")),
        description: Text::default(),
        category: ActivityCategory::DigitalHelp,
        audience: vec![],
        languages: vec![],
        capacity: Some(5),
        registration_required: true,
        party_limit: 2,
        how_to_join: Text::default(),
        schedule: Schedule::repeating(date(2026, 11, 2).at(10, 0, 0, 0), 60, "FREQ=WEEKLY;BYDAY=MO").unwrap(),
    }
}

fn service(id: i64, city: &str) -> Service {
    Service {
        id: ServiceId(id),
        city: city.into(),
        organization: Organization { name: "Associazione".into(), website: None },
        name: Text::it(format!("Sportello {id}")),
        description: Text::default(),
        categories: vec!["casa".into()],
        target_groups: vec![],
        eligibility: None,
        required_documents: vec![],
        languages: vec![],
        cost: Cost::Free,
        contacts: Contacts::default(),
        how_to_access: Text::it("Su appuntamento"),
        locations: vec![],
        hours: None,
    }
}

fn sign_up(activity: i64, n: u64) -> Pushed {
    let session = OccurrenceId { activity: ActivityId(activity), start: date(2026, 11, 23).at(10, 0, 0, 0) };
    let token = format!("{:032x}", n * 7919 + 1);
    let m = Mutation::SignUp(SignUp { session, name: format!("Persona {n}"), party: 1, contact: None, consent: CONSENT_CURRENT, token });
    let id = MutationId::new(1_800_000_000_000 + n, (n as u128 * 0x9e37_79b9_7f4a_7c15).to_be_bytes()[6..].try_into().unwrap());
    Pushed {
        id,
        digest: digest(&serde_json::to_string(&m).unwrap()),
        token_digest: digest(m.token().unwrap()),
        mutation: m,
        deactivated: false,
        from_kiosk: None,
    }
}

/// What a device holds: documents by key.
type Replica = BTreeMap<DocKey, Document>;

/// A device keeping `cities`, at `cursor`, pulling `limit` changes a page.
struct Device {
    cities: Vec<String>,
    limit: u32,
    cursor: ChangeSeq,
    held: Replica,
}

impl Device {
    fn new(cities: &[&str], limit: u32) -> Device {
        Device { cities: cities.iter().map(|c| c.to_string()).collect(), limit, cursor: ChangeSeq(0), held: Replica::new() }
    }

    /// Pulls pages until the feed's end, or `pages` of them.
    async fn pull(&mut self, store: &dyn ContentStore, pages: usize) {
        for _ in 0..pages {
            let page = store.city_changes_since(self.cursor, self.limit, &self.cities).await.unwrap();
            assert!(page.changes.len() <= self.limit as usize);
            let plan = plan_page(self.cursor, &page).expect("a city feed page is in change order");
            for key in plan.deletes {
                self.held.remove(&key);
            }
            for doc in plan.puts {
                self.held.insert(doc.key(), doc);
            }
            assert!(plan.cursor >= self.cursor, "the cursor never goes back");
            self.cursor = plan.cursor;
            if !page.more {
                assert_eq!(page.next, page.head, "a feed that ends hands out the head: the device skips the rest");
                return;
            }
        }
    }
}

/// Everything live, as a device pulling every city holds it.
async fn everything(store: &dyn ContentStore) -> Replica {
    let mut all = Device::new(&[], 1000);
    let mut held = Replica::new();
    loop {
        let page = store.changes_since(all.cursor, all.limit).await.unwrap();
        for change in page.changes {
            match change.doc {
                Some(doc) => held.insert(change.key, doc),
                None => held.remove(&change.key),
            };
        }
        all.cursor = page.next;
        if !page.more {
            return held;
        }
    }
}

/// What a device keeping `cities` should hold: everything, less what is outside them.
fn expected(all: &Replica, cities: &[String]) -> Replica {
    let (mut hubs, mut activities, mut services, mut places) = (vec![], vec![], vec![], vec![]);
    for doc in all.values().cloned() {
        match doc {
            Document::Hub(h) => hubs.push(h),
            Document::Activity(a) => activities.push(a),
            Document::Service(s) => services.push(s),
            Document::Places(p) => places.push(p),
            Document::TaxonomyTerm(_) | Document::HelpGuide(_) => {}
        }
    }
    let gone = outside(&Cities::Only(cities.to_vec()), &hubs, &activities, &services, &places);
    all.iter().filter(|(k, _)| !gone.contains(k)).map(|(k, d)| (k.clone(), d.clone())).collect()
}

async fn open(dir: &tempfile::TempDir) -> SqliteStore {
    let store = SqliteStore::open(&format!("sqlite://{}", dir.path().join("feed.db").display())).await.unwrap();
    store.put(&Document::TaxonomyTerm(TaxonomyTerm { code: "casa".into(), parent: None, name: Text::it("Casa") })).await.unwrap();
    store
}

fn now() -> jiff::civil::DateTime {
    date(2026, 11, 20).at(12, 0, 0, 0)
}

#[tokio::test]
async fn a_device_of_one_city_gets_its_city_and_hears_of_what_leaves_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir).await;
    store.put(&Document::Hub(hub(1, "Roma"))).await.unwrap();
    store.put(&Document::Hub(hub(2, "Milano"))).await.unwrap();
    store.put(&Document::Activity(activity(10, 1))).await.unwrap();
    store.put(&Document::Activity(activity(20, 2))).await.unwrap();
    store.put(&Document::Service(service(1, "Roma"))).await.unwrap();
    store.put(&Document::Service(service(2, "Milano"))).await.unwrap();
    store.push(&[sign_up(10, 1)], None, now()).await.unwrap();

    let mut roma = Device::new(&["roma"], 2);
    roma.pull(&store, usize::MAX).await;
    let keys: Vec<DocKey> = roma.held.keys().cloned().collect();
    assert_eq!(
        keys,
        vec![
            DocKey::Hub(HubId(1)),
            DocKey::Activity(ActivityId(10)),
            DocKey::Service(ServiceId(1)),
            DocKey::TaxonomyTerm("casa".into()),
            DocKey::Places(ActivityId(10)),
        ],
        "its city's hubs, activities, services and places, and the shared taxonomy; the city matched ignoring case"
    );

    // The hub moves to Milano: it, its activity and the activity's places leave Roma's device.
    let moved = store.put(&Document::Hub(hub(1, "Milano"))).await.unwrap();
    let page = store.city_changes_since(roma.cursor, 100, &roma.cities).await.unwrap();
    let deletes: Vec<&DocKey> = page.changes.iter().filter(|c| c.doc.is_none()).map(|c| &c.key).collect();
    assert_eq!(deletes.len(), 3, "{deletes:?}");
    assert!(page.changes.iter().all(|c| c.doc.is_none() && c.seq >= moved), "departures only, numbered from the move");
    roma.pull(&store, usize::MAX).await;
    assert_eq!(roma.held.keys().cloned().collect::<Vec<_>>(), vec![DocKey::Service(ServiceId(1)), DocKey::TaxonomyTerm("casa".into())]);

    // Milano's device got the hub, the activity and its places with their new city.
    let mut milano = Device::new(&["Milano"], 100);
    milano.pull(&store, usize::MAX).await;
    assert!(milano.held.contains_key(&DocKey::Places(ActivityId(10))));
    assert_eq!(milano.held.get(&DocKey::Hub(HubId(1))), Some(&Document::Hub(hub(1, "Milano"))));

    // Back to Roma, then a service moves away and another is deleted.
    store.put(&Document::Hub(hub(1, "Roma"))).await.unwrap();
    store.put(&Document::Service(service(1, "Torino"))).await.unwrap();
    store.delete(&DocKey::Service(ServiceId(2))).await.unwrap();
    roma.pull(&store, usize::MAX).await;
    milano.pull(&store, usize::MAX).await;
    let all = everything(&store).await;
    assert_eq!(roma.held, expected(&all, &roma.cities));
    assert_eq!(milano.held, expected(&all, &milano.cities));
    assert!(roma.held.contains_key(&DocKey::Activity(ActivityId(10))) && !roma.held.contains_key(&DocKey::Service(ServiceId(1))));

    // A device that keeps a city with nothing in it gets the shared taxonomy and nothing else.
    let mut empty = Device::new(&["Bergamo"], 100);
    empty.pull(&store, usize::MAX).await;
    assert_eq!(empty.held.keys().cloned().collect::<Vec<_>>(), vec![DocKey::TaxonomyTerm("casa".into())]);
    assert_eq!(empty.cursor, store.changes_since(ChangeSeq(0), 1).await.unwrap().head, "its cursor is at the head");
}

#[tokio::test]
async fn a_database_from_before_the_city_feed_upgrades_and_feeds_every_city() {
    // The migration adds an index, a table and a trigger, and changes no row: the feed of
    // every city is what it was; the first move after it is recorded.
    let dir = tempfile::tempdir().unwrap();
    let store = open(&dir).await;
    store.put(&Document::Hub(hub(1, "Roma"))).await.unwrap();
    let before = everything(&store).await;
    drop(store);
    let reopened = open(&dir).await;
    assert_eq!(everything(&reopened).await.len(), before.len());
    reopened.put(&Document::Hub(hub(1, "Torino"))).await.unwrap();
    let mut roma = Device::new(&["Roma"], 100);
    roma.pull(&reopened, usize::MAX).await;
    assert!(roma.held.keys().all(|k| matches!(k, DocKey::TaxonomyTerm(_))));
}

/// One step of a story on the server, or a device pulling some pages.
#[derive(Clone, Debug)]
enum Step {
    Hub(i64, usize),
    Activity(i64, i64),
    Service(i64, usize),
    DeleteHub(i64),
    DeleteService(i64),
    SignUp(i64),
    Pull(usize, usize),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => (1..4i64, 0..3usize).prop_map(|(h, c)| Step::Hub(h, c)),
        2 => (1..5i64, 1..4i64).prop_map(|(a, h)| Step::Activity(a, h)),
        2 => (1..4i64, 0..3usize).prop_map(|(s, c)| Step::Service(s, c)),
        1 => (1..4i64).prop_map(Step::DeleteHub),
        1 => (1..4i64).prop_map(Step::DeleteService),
        1 => (1..5i64).prop_map(Step::SignUp),
        3 => (0..3usize, 1..4usize).prop_map(|(d, p)| Step::Pull(d, p)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn devices_of_some_cities_hold_exactly_their_cities_whatever_moved(steps in proptest::collection::vec(step(), 1..30)) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            let dir = tempfile::tempdir().unwrap();
            let store = open(&dir).await;
            let mut devices = [Device::new(&["Roma"], 1), Device::new(&["MILANO"], 3), Device::new(&["Roma", "Torino"], 100)];
            let mut n = 0;
            for step in steps {
                // Writes that may be refused (an activity of a hub that is not there, a
                // delete of what is not) change nothing; the others must land.
                let _ = match step {
                    Step::Hub(id, c) => {
                        store.put(&Document::Hub(hub(id, CITIES[c]))).await.unwrap();
                        Ok(())
                    }
                    Step::Activity(id, h) => store.put(&Document::Activity(activity(id, h))).await.map(|_| ()),
                    Step::Service(id, c) => {
                        store.put(&Document::Service(service(id, CITIES[c]))).await.unwrap();
                        Ok(())
                    }
                    Step::DeleteHub(id) => store.delete(&DocKey::Hub(HubId(id))).await.map(|_| ()),
                    Step::DeleteService(id) => store.delete(&DocKey::Service(ServiceId(id))).await.map(|_| ()),
                    Step::SignUp(a) => {
                        n += 1;
                        store.push(&[sign_up(a, n)], None, now()).await.unwrap();
                        Ok(())
                    }
                    Step::Pull(d, pages) => {
                        devices[d].pull(&store, pages).await;
                        Ok(())
                    }
                };
            }
            let all = everything(&store).await;
            for device in &mut devices {
                device.pull(&store, usize::MAX).await;
                assert_eq!(device.held, expected(&all, &device.cities), "a device of {:?}", device.cities);
            }
        });
    }
}

/// A page of the feed is one snapshot: a document rewritten while the page is read (a
/// sign-up recounting places, an edit) is in it at one version or the other, never left out
/// because its change number moved past the head between reading the head and the rows.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_document_rewritten_while_a_page_is_read_is_never_left_out_of_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = std::sync::Arc::new(open(&dir).await);
    store.put(&Document::Hub(hub(1, "Roma"))).await.unwrap();
    store.put(&Document::Hub(hub(2, "Roma"))).await.unwrap();
    let writer = {
        let store = store.clone();
        tokio::spawn(async move {
            for n in 0..400 {
                let mut renamed = hub(1, "Roma");
                renamed.name = Text::it(format!("Polo 1, versione {n}"));
                store.put(&Document::Hub(renamed)).await.unwrap();
            }
        })
    };
    let mut pages = 0;
    while !writer.is_finished() {
        for page in [
            store.changes_since(ChangeSeq(0), 1000).await.unwrap(),
            store.city_changes_since(ChangeSeq(0), 1000, &["Roma".into()]).await.unwrap(),
        ] {
            assert!(!page.more);
            assert!(page.changes.iter().any(|c| c.key == DocKey::Hub(HubId(1))), "hub 1 is in every whole page (page {pages})");
            assert!(page.changes.iter().all(|c| c.seq <= page.head));
        }
        pages += 1;
    }
    writer.await.unwrap();
    assert!(pages > 10, "the pages were read while the writes went on");
}
