//! The storage contract, run against a real SQLite file: every implementation of
//! `ContentStore` must tell this same story.

use app::content::{ChangeSeq, DocKey, Document};
use app::domain::activity::{Activity, ActivityCategory};
use app::domain::hours::OpeningHours;
use app::domain::hub::{Contacts, Hub, HubKind};
use app::domain::ids::{ActivityId, HubId, ServiceId};
use app::domain::recurrence::Schedule;
use app::domain::service::{Cost, Organization, Service, ServiceLocation, TaxonomyTerm};
use app::domain::text::Text;
use app::error::Reason;
use app::store::{ActivityScope, ContentStore, StoreError};
use jiff::civil::date;
use server::store::SqliteStore;
use std::collections::HashSet;
use std::sync::Arc;

fn hub(id: i64, city: &str) -> Hub {
    Hub {
        id: HubId(id),
        kind: HubKind::CasaDelQuartiere,
        name: Text::new(format!("Casa {id}"), format!("House {id}")),
        description: Text::default(),
        city: city.into(),
        district: "Centro".into(),
        address: "Via Garibaldi 1".into(),
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
        title: Text::it(format!("Attività {id}")),
        description: Text::default(),
        category: ActivityCategory::Workshop,
        audience: vec![],
        languages: vec!["it".into()],
        capacity: Some(10),
        registration_required: true,
        party_limit: 1,
        how_to_join: Text::default(),
        schedule: Schedule::repeating(date(2026, 11, 2).at(18, 0, 0, 0), 90, "FREQ=WEEKLY;BYDAY=MO").unwrap(),
    }
}

fn service(id: i64, city: &str, category: &str) -> Service {
    Service {
        id: ServiceId(id),
        city: city.into(),
        organization: Organization { name: "Associazione".into(), website: None },
        name: Text::it(format!("Servizio {id}")),
        description: Text::default(),
        categories: vec![category.into()],
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

fn location(hub: Option<i64>) -> ServiceLocation {
    ServiceLocation {
        name: "Sede".into(),
        address: "Via Roma 1".into(),
        district: "Centro".into(),
        hub_id: hub.map(HubId),
        coordinates: None,
    }
}

fn term(code: &str, parent: Option<&str>) -> Document {
    Document::TaxonomyTerm(TaxonomyTerm { code: code.into(), parent: parent.map(Into::into), name: Text::it(code) })
}

/// Reads the whole feed from `after` in pages of `limit`.
async fn drain(store: &dyn ContentStore, after: ChangeSeq, limit: u32) -> Vec<app::content::Change> {
    let (mut cursor, mut all) = (after, Vec::new());
    loop {
        let page = store.changes_since(cursor, limit).await.unwrap();
        assert!(page.changes.len() <= limit as usize);
        assert!(page.changes.windows(2).all(|w| w[0].seq < w[1].seq), "pages are in change order");
        cursor = page.next;
        all.extend(page.changes);
        if !page.more {
            return all;
        }
    }
}

async fn run_story(store: &dyn ContentStore) {
    // An empty store has an empty feed.
    let page = store.changes_since(ChangeSeq(0), 10).await.unwrap();
    assert!(page.changes.is_empty() && !page.more && page.next == ChangeSeq(0) && page.head == ChangeSeq(0));

    // Writes get increasing change numbers.
    let mut seqs = vec![];
    for doc in [term("casa", None), term("casa.affitto", Some("casa")), Document::Hub(hub(1, "Roma")), Document::Hub(hub(2, "Torino"))] {
        seqs.push(store.put(&doc).await.unwrap());
    }
    seqs.push(store.put(&Document::Activity(activity(1, 1))).await.unwrap());
    seqs.push(store.put(&Document::Activity(activity(2, 2))).await.unwrap());
    let mut at_hub = service(1, "Roma", "casa.affitto");
    at_hub.locations = vec![location(Some(1)), location(None)];
    seqs.push(store.put(&Document::Service(at_hub.clone())).await.unwrap());
    seqs.push(store.put(&Document::Service(service(2, "Torino", "casa"))).await.unwrap());
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "{seqs:?}");

    // Reads.
    assert_eq!(store.hub(HubId(1)).await.unwrap(), hub(1, "Roma"));
    assert_eq!(store.hubs(Some("torino")).await.unwrap().len(), 1, "city match ignores case");
    assert_eq!(store.activities(ActivityScope::City("Roma".into())).await.unwrap(), vec![activity(1, 1)]);
    assert_eq!(store.activities(ActivityScope::Hub(HubId(2))).await.unwrap(), vec![activity(2, 2)]);
    assert_eq!(store.activities(ActivityScope::All).await.unwrap().len(), 2);
    assert_eq!(store.service(ServiceId(1)).await.unwrap().name.it, "Servizio 1");
    assert_eq!(store.taxonomy().await.unwrap().len(), 2);
    assert_eq!(store.next_id("hub").await.unwrap(), 3);
    assert!(matches!(store.hub(HubId(99)).await, Err(StoreError::NotFound)));

    // Bad writes are refused and change nothing.
    let before = store.changes_since(ChangeSeq(0), 1000).await.unwrap().next;
    assert!(
        matches!(store.put(&Document::Activity(activity(3, 99))).await, Err(StoreError::Invalid(m)) if m.field == "hub_id" && m.value.as_deref() == Some("99"))
    );
    assert!(matches!(store.put(&Document::Service(service(3, "Roma", "sport"))).await, Err(StoreError::Invalid(_))));
    let mut nameless = hub(3, "Roma");
    nameless.name = Text::it(" ");
    assert!(matches!(store.put(&Document::Hub(nameless)).await, Err(StoreError::Invalid(_))));
    assert!(matches!(store.put(&term("x", Some("nope"))).await, Err(StoreError::Invalid(_))));
    assert!(matches!(store.delete(&DocKey::TaxonomyTerm("casa".into())).await, Err(StoreError::Invalid(_))), "a used category stays");
    refuses_what_the_domain_rules_refuse(store).await;
    assert_eq!(store.changes_since(ChangeSeq(0), 1000).await.unwrap().next, before);
    assert_eq!(store.next_id("hub").await.unwrap(), 3, "refused writes take no id");

    // An update moves the document to the end of the feed: a replica at `before` gets only it.
    let mut renamed = at_hub;
    renamed.name = Text::it("Sportello affitti");
    let seq = store.put(&Document::Service(renamed.clone())).await.unwrap();
    let tail = drain(store, before, 10).await;
    assert_eq!(tail.len(), 1);
    assert_eq!(tail[0].seq, seq);
    assert_eq!(tail[0].doc, Some(Document::Service(renamed)));

    // Every page reports the server's newest change number.
    assert_eq!(store.changes_since(ChangeSeq(0), 1).await.unwrap().head, seq);

    // Paging from zero yields each live document exactly once, whatever the page size.
    for limit in [1, 2, 3, 100] {
        let all = drain(store, ChangeSeq(0), limit).await;
        let keys: HashSet<_> = all.iter().map(|c| c.key.clone()).collect();
        assert_eq!(keys.len(), all.len(), "no duplicates with pages of {limit}");
        assert_eq!(all.len(), 8);
    }

    // A hub that moves city takes its activities along, and they are re-sent.
    let cursor = drain(store, ChangeSeq(0), 100).await.last().unwrap().seq;
    store.put(&Document::Hub(hub(2, "Milano"))).await.unwrap();
    assert_eq!(store.activities(ActivityScope::City("Milano".into())).await.unwrap(), vec![activity(2, 2)]);
    let moved: HashSet<_> = drain(store, cursor, 100).await.into_iter().map(|c| c.key).collect();
    assert_eq!(moved, HashSet::from([DocKey::Hub(HubId(2)), DocKey::Activity(ActivityId(2))]));

    // Deleting a hub leaves tombstones for it and its activities.
    let cursor = drain(store, ChangeSeq(0), 100).await.last().unwrap().seq;
    store.delete(&DocKey::Hub(HubId(1))).await.unwrap();
    assert!(matches!(store.hub(HubId(1)).await, Err(StoreError::NotFound)));
    assert!(matches!(store.activity(ActivityId(1)).await, Err(StoreError::NotFound)));
    assert!(store.activities(ActivityScope::Hub(HubId(1))).await.unwrap().is_empty());
    let tombstones = drain(store, cursor, 100).await;
    assert_eq!(tombstones.len(), 2);
    assert!(tombstones.iter().all(|c| c.doc.is_none()));
    assert!(matches!(store.delete(&DocKey::Hub(HubId(1))).await, Err(StoreError::NotFound)), "deleting twice");
    assert!(matches!(store.put(&Document::Activity(activity(5, 1))).await, Err(StoreError::Invalid(_))), "no activity on a deleted hub");

    // A deleted document can come back, with a new change number.
    let back = store.put(&Document::Hub(hub(1, "Roma"))).await.unwrap();
    assert!(back > tombstones.last().unwrap().seq);
    assert_eq!(store.hub(HubId(1)).await.unwrap().city, "Roma");
}

/// The refusal of a write: its field and reason.
async fn refusal(store: &dyn ContentStore, doc: Document) -> (String, Reason, Option<String>) {
    match store.put(&doc).await {
        Err(StoreError::Invalid(e)) => {
            assert!(e.detail.as_deref().is_some_and(|d| !d.is_empty()), "{e:?} explains itself");
            (e.field, e.reason, e.value)
        }
        other => panic!("{:?} was not refused: {other:?}", doc.key()),
    }
}

/// Each refusal names its field and reason (the story checks nothing was written).
/// Expects hubs 1 and 2 and the terms `casa` > `casa.affitto`.
async fn refuses_what_the_domain_rules_refuse(store: &dyn ContentStore) {
    let is = |field: &str, reason: Reason| (field.to_string(), reason);
    let field_reason = |r: (String, Reason, Option<String>)| (r.0, r.1);

    // A two-term loop: `casa` is `casa.affitto`'s parent.
    let looped = refusal(store, term("casa", Some("casa.affitto"))).await;
    assert_eq!(looped, ("parent".into(), Reason::Cycle, Some("casa.affitto".into())));
    assert_eq!(field_reason(refusal(store, term("casa", Some("casa"))).await), is("parent", Reason::Cycle));
    assert_eq!(field_reason(refusal(store, term("../x", None)).await), is("code", Reason::Malformed));
    assert_eq!(field_reason(refusal(store, term("Casa.Affitto", Some("casa"))).await), is("code", Reason::Malformed));

    // Ids start at 1.
    assert_eq!(refusal(store, Document::Hub(hub(0, "Roma"))).await, ("id".into(), Reason::NotANumber, Some("0".into())));
    assert_eq!(field_reason(refusal(store, Document::Hub(hub(-1, "Roma"))).await), is("id", Reason::NotANumber));
    assert_eq!(field_reason(refusal(store, Document::Activity(activity(0, 1))).await), is("id", Reason::NotANumber));
    assert_eq!(field_reason(refusal(store, Document::Activity(activity(3, 0))).await), is("hub_id", Reason::NotANumber));
    assert_eq!(field_reason(refusal(store, Document::Service(service(-4, "Roma", "casa"))).await), is("id", Reason::NotANumber));

    // Links are only web addresses; phones only phone numbers.
    let mut scripted = hub(3, "Roma");
    scripted.contacts.website = Some("javascript:alert(1)".into());
    let refused = refusal(store, Document::Hub(scripted)).await;
    assert_eq!(refused, ("contacts.website".into(), Reason::NotAWebAddress, Some("javascript:alert(1)".into())));
    let mut scripted = service(3, "Roma", "casa");
    scripted.organization.website = Some("JAVASCRIPT:alert(1)".into());
    assert_eq!(field_reason(refusal(store, Document::Service(scripted)).await), is("organization.website", Reason::NotAWebAddress));
    let mut scripted = service(3, "Roma", "casa");
    scripted.contacts.website = Some("data:text/html,<b>hi</b>".into());
    assert_eq!(field_reason(refusal(store, Document::Service(scripted)).await), is("contacts.website", Reason::NotAWebAddress));
    let mut unreachable = hub(3, "Roma");
    unreachable.contacts.phone = Some("tel:06 1234 5678".into());
    assert_eq!(field_reason(refusal(store, Document::Hub(unreachable)).await), is("contacts.phone", Reason::NotAPhone));

    // A service delivered at a hub that does not exist.
    let mut nowhere = service(3, "Roma", "casa");
    nowhere.locations = vec![location(Some(1)), location(Some(99))];
    assert_eq!(refusal(store, Document::Service(nowhere)).await, ("locations".into(), Reason::MissingReference, Some("99".into())));

    // Documents and their fields are bounded.
    let mut huge = hub(3, "Roma");
    huge.description = Text::it("x".repeat(10 * 1024 * 1024));
    assert_eq!(field_reason(refusal(store, Document::Hub(huge)).await), is("document", Reason::TooLong));
    let mut long_name = hub(3, "Roma");
    long_name.name = Text::it("n".repeat(201));
    assert_eq!(field_reason(refusal(store, Document::Hub(long_name)).await), is("name", Reason::TooLong));
    let mut long_description = service(3, "Roma", "casa");
    long_description.description = Text::it("d".repeat(5001));
    assert_eq!(field_reason(refusal(store, Document::Service(long_description)).await), is("description", Reason::TooLong));

    // Hours that cannot be printed as a timetable.
    let mut bad_hours = hub(3, "Roma");
    bad_hours.hours.exceptions.push(app::domain::hours::HoursException {
        from: date(2026, 5, 2),
        to: date(2026, 5, 1),
        change: app::domain::hours::HoursChange::Closed,
        note: None,
    });
    assert_eq!(field_reason(refusal(store, Document::Hub(bad_hours)).await), is("hours.exceptions", Reason::BadHours));

    // Only numbered kinds have a next id.
    assert!(matches!(store.next_id("taxonomy_term").await, Err(StoreError::Invalid(e)) if e.field == "kind"));
    assert!(matches!(store.next_id("person").await, Err(StoreError::Invalid(_))));
}

#[tokio::test]
async fn sqlite_file_tells_the_story_and_keeps_it_after_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("civico.db").display());
    let store = SqliteStore::open(&url).await.unwrap();
    run_story(&store).await;
    let last = drain(&store, ChangeSeq(0), 100).await.last().unwrap().seq;
    drop(store);
    // Reopening runs the migrations again (a no-op) and finds everything written.
    let reopened = SqliteStore::open(&url).await.unwrap();
    assert_eq!(reopened.hub(HubId(2)).await.unwrap().city, "Milano");
    assert_eq!(drain(&reopened, ChangeSeq(0), 100).await.last().unwrap().seq, last);
}

#[tokio::test]
async fn concurrent_writers_never_share_a_change_number() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("civico.db").display());
    let store = Arc::new(SqliteStore::open(&url).await.unwrap());
    let tasks: Vec<_> = (1..=24)
        .map(|i| {
            let s = store.clone();
            tokio::spawn(async move { s.put(&Document::Hub(hub(i, if i % 2 == 0 { "Roma" } else { "Torino" }))).await.unwrap() })
        })
        .collect();
    let mut seqs = Vec::new();
    for t in tasks {
        seqs.push(t.await.unwrap());
    }
    seqs.sort();
    seqs.dedup();
    assert_eq!(seqs.len(), 24);
    assert_eq!(seqs.first(), Some(&ChangeSeq(1)));
    assert_eq!(seqs.last(), Some(&ChangeSeq(24)), "no gaps either");
}

#[tokio::test]
async fn the_demo_dataset_loads_once() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("demo.db").display());
    let store = SqliteStore::open(&url).await.unwrap();
    let loaded = server::demo::seed_if_empty(&store, 0).await.unwrap();
    assert!(loaded > 150, "{loaded}");
    assert_eq!(server::demo::seed_if_empty(&store, 0).await.unwrap(), 0, "a second start does not load it again");
    assert!(store.hubs(None).await.unwrap().len() >= 12);
    assert!(store.services(None).await.unwrap().len() >= 80);
    assert!(store.activities(ActivityScope::All).await.unwrap().len() >= 60);
}

#[tokio::test]
async fn concurrent_writes_cannot_make_a_loop_together() {
    // Each check reads the tree under the writer lock: of `a` under `b` and `b` under `a`
    // written at once, one must be refused.
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("civico.db").display());
    let store = Arc::new(SqliteStore::open(&url).await.unwrap());
    for round in 0..20 {
        store.put(&term("a", None)).await.unwrap();
        store.put(&term("b", None)).await.unwrap();
        let (s1, s2) = (store.clone(), store.clone());
        let a_under_b = tokio::spawn(async move { s1.put(&term("a", Some("b"))).await });
        let b_under_a = tokio::spawn(async move { s2.put(&term("b", Some("a"))).await });
        let (x, y) = (a_under_b.await.unwrap(), b_under_a.await.unwrap());
        assert!(x.is_err() || y.is_err(), "round {round}: both accepted, a loop");
    }
}

#[tokio::test]
async fn rows_from_before_the_checks_still_sync() {
    // An id of 0 and a code like `../x` were accepted once; they must not stop the feed
    // (every replica would fail to sync) nor make the next id 0 or less.
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("civico.db").display());
    let store = SqliteStore::open(&url).await.unwrap();
    let raw = sqlx::SqlitePool::connect(&url).await.unwrap();
    let body = serde_json::to_string(&hub(1, "Roma")).unwrap().replace("\"id\":1", "\"id\":-5");
    for (seq, kind, id, body) in [(1, "hub", "-5", Some(body)), (2, "taxonomy_term", "../x", None)] {
        sqlx::query("INSERT INTO content (kind, id, body, seq, updated_at) VALUES (?1, ?2, ?3, ?4, 'then')")
            .bind(kind)
            .bind(id)
            .bind(body)
            .bind(seq)
            .execute(&raw)
            .await
            .unwrap();
    }
    let feed = drain(&store, ChangeSeq(0), 10).await;
    assert_eq!(feed.iter().map(|c| c.key.clone()).collect::<Vec<_>>(), vec![DocKey::Hub(HubId(-5)), DocKey::TaxonomyTerm("../x".into())]);
    assert_eq!(store.next_id("hub").await.unwrap(), 1);
}

/// The search guide is built once and kept while no service or category changes; a write of
/// either, by this process or another one on the same database, is in the next search.
#[tokio::test]
async fn the_services_guide_follows_every_service_and_category_change() {
    use app::domain::search::{Guide, ServiceQuery};
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("civico.db").display());
    let (store, other) = (SqliteStore::open(&url).await.unwrap(), SqliteStore::open(&url).await.unwrap());
    let ids = |g: &Guide| g.search(&ServiceQuery::default()).iter().map(|s| s.id.0).collect::<Vec<_>>();
    store.put(&term("casa", None)).await.unwrap();
    store.put(&Document::Hub(hub(1, "Roma"))).await.unwrap();
    store.put(&Document::Service(service(1, "Roma", "casa"))).await.unwrap();
    let first = store.guide().await.unwrap();
    assert_eq!(ids(&first), vec![1]);
    assert!(Arc::ptr_eq(&first, &store.guide().await.unwrap()), "nothing changed: the same guide");
    store.put(&Document::Hub(hub(2, "Torino"))).await.unwrap();
    assert!(Arc::ptr_eq(&first, &store.guide().await.unwrap()), "a hub is not in the guide");

    other.put(&Document::Service(service(2, "Torino", "casa"))).await.unwrap();
    let second = store.guide().await.unwrap();
    assert_eq!(ids(&second), vec![1, 2], "a service written by another process");
    assert_eq!(second.cities(), ["Roma".to_string(), "Torino".to_string()]);
    other.put(&term("lavoro", None)).await.unwrap();
    assert!(store.guide().await.unwrap().taxonomy().iter().any(|t| t.code == "lavoro"), "a new category");
    other.delete(&DocKey::Service(ServiceId(1))).await.unwrap();
    assert_eq!(ids(&store.guide().await.unwrap()), vec![2], "a deleted service");
}

/// The calendar (every hub and activity) is kept between changes to either, by any process.
#[tokio::test]
async fn the_calendar_follows_every_hub_and_activity_change() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("civico.db").display());
    let (store, other) = (SqliteStore::open(&url).await.unwrap(), SqliteStore::open(&url).await.unwrap());
    store.put(&Document::Hub(hub(2, "Torino"))).await.unwrap();
    store.put(&Document::Hub(hub(1, "Roma"))).await.unwrap();
    let first = store.calendar().await.unwrap();
    assert_eq!(first.hubs.iter().map(|h| h.id.0).collect::<Vec<_>>(), vec![1, 2], "hubs in display order (by city)");
    assert!(Arc::ptr_eq(&first, &store.calendar().await.unwrap()), "nothing changed: the same calendar");
    store.put(&term("casa", None)).await.unwrap();
    store.put(&Document::Service(service(1, "Roma", "casa"))).await.unwrap();
    assert!(Arc::ptr_eq(&first, &store.calendar().await.unwrap()), "services are not in it");
    other.put(&Document::Activity(activity(1, 1))).await.unwrap();
    assert_eq!(store.calendar().await.unwrap().activities.len(), 1, "an activity written by another process");
    other.delete(&DocKey::Hub(HubId(1))).await.unwrap();
    let last = store.calendar().await.unwrap();
    assert_eq!((last.hubs.len(), last.activities.len()), (1, 0), "a hub deleted with its activities");
}

fn help_guide(id: i64, hubs: &[i64]) -> Document {
    use app::domain::help_guide::{HelpGuide, HelpTopic};
    Document::HelpGuide(HelpGuide {
        id: app::domain::ids::HelpGuideId(id),
        topic: HelpTopic::Payments,
        title: Text::new("Pagare un avviso pagoPA", "Paying a pagoPA notice").with("ar", "دفع إشعار pagoPA"),
        summary: Text::default(),
        you_need: vec![],
        steps: vec![Text::it("Inquadra il codice QR")],
        hubs: hubs.iter().map(|h| HubId(*h)).collect(),
    })
}

/// Digital-help guides are documents of every city: stored with their translations,
/// fed to a device of any city, refused when they name a hub that does not exist, and
/// deleted with a tombstone.
#[tokio::test]
async fn help_guides_are_stored_fed_to_every_city_and_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&format!("sqlite://{}", dir.path().join("civico.db").display())).await.unwrap();
    store.put(&Document::Hub(hub(1, "Milano"))).await.unwrap();
    let seq = store.put(&help_guide(1, &[])).await.unwrap();
    store.put(&help_guide(2, &[1])).await.unwrap();
    let guides = store.help_guides().await.unwrap();
    assert_eq!(guides.iter().map(|g| g.id.0).collect::<Vec<_>>(), vec![1, 2]);
    assert_eq!(guides[0].title.get(app::domain::text::Lang::Ar), "دفع إشعار pagoPA");
    let roma = store.city_changes_since(ChangeSeq(0), 100, &["Roma".to_string()]).await.unwrap();
    assert!(
        roma.changes.iter().any(|c| c.key == DocKey::HelpGuide(app::domain::ids::HelpGuideId(1))),
        "a device of any city gets the guides"
    );
    let (field, reason, _) = refusal(&store, help_guide(3, &[9])).await;
    assert_eq!((field.as_str(), reason), ("hubs", Reason::MissingReference));
    let mut blank = help_guide(4, &[]);
    if let Document::HelpGuide(g) = &mut blank {
        g.steps.clear();
    }
    assert_eq!(refusal(&store, blank).await.0, "steps");
    let deleted = store.delete(&DocKey::HelpGuide(app::domain::ids::HelpGuideId(1))).await.unwrap();
    assert!(deleted > seq);
    assert_eq!(store.help_guides().await.unwrap().len(), 1);
    let tail = drain(&store, seq, 100).await;
    assert!(tail.iter().any(|c| c.key == DocKey::HelpGuide(app::domain::ids::HelpGuideId(1)) && c.doc.is_none()), "a tombstone");
}
