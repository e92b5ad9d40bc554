//! Registrations on a real SQLite file: the store must decide exactly as the pure ledger
//! does, keep each answer with its effect, and give no place twice when two server
//! processes push for the same session at once.

use app::content::{ChangeSeq, DocKey, Document};
use app::domain::activity::{Activity, ActivityCategory, OccurrenceId};
use app::domain::hours::OpeningHours;
use app::domain::hub::{Contacts, Hub, HubKind};
use app::domain::ids::{ActivityId, HubId};
use app::domain::ledger::{Authority, Incoming, Ledger, Refusal, is_live};
use app::domain::mutation::{Answer, CONSENT_CURRENT, Cancel, Mutation, Outcome, RegistrationStatus, SignUp};
use app::domain::mutation_id::MutationId;
use app::domain::places::{Counted, Places, SessionCount};
use app::domain::recurrence::Schedule;
use app::domain::registration::{RejectReason, check_session};
use app::domain::text::Text;
use app::store::{ContentStore, PushError, Pushed, RegistrationStore, StoreError};
use app::sync::push::server::digest;
use jiff::civil::{DateTime, date};
use proptest::prelude::*;
use server::store::SqliteStore;
use std::sync::Arc;

fn hub() -> Hub {
    Hub {
        id: HubId(1),
        kind: HubKind::Portineria,
        name: Text::it("Portineria di quartiere"),
        description: Text::default(),
        city: "Milano".into(),
        district: "San Siro".into(),
        address: "Via Abbiati 4".into(),
        coordinates: None,
        contacts: Contacts::default(),
        accessibility: Text::default(),
        hours: OpeningHours::default(),
    }
}

/// Mondays at 10:00 from 2 November 2026, `capacity` places, parties of up to 3.
fn activity(id: i64, capacity: Option<u32>) -> Activity {
    Activity {
        id: ActivityId(id),
        hub_id: HubId(1),
        title: Text::it("Aiuto digitale"),
        description: Text::default(),
        category: ActivityCategory::DigitalHelp,
        audience: vec![],
        languages: vec![],
        capacity,
        registration_required: true,
        party_limit: 3,
        how_to_join: Text::default(),
        schedule: Schedule::repeating(date(2026, 11, 2).at(10, 0, 0, 0), 60, "FREQ=WEEKLY;BYDAY=MO").unwrap(),
    }
}

/// A Monday session of activity `activity`, `week` weeks after 23 November 2026.
fn session(activity: i64, week: i8) -> OccurrenceId {
    OccurrenceId { activity: ActivityId(activity), start: date(2026, 11, 23).at(10, 0, 0, 0).saturating_add(jiff::Span::new().weeks(week)) }
}

fn now() -> DateTime {
    date(2026, 11, 20).at(12, 0, 0, 0)
}

async fn store_on(dir: &tempfile::TempDir) -> Arc<SqliteStore> {
    let url = format!("sqlite://{}", dir.path().join("registrations.db").display());
    Arc::new(SqliteStore::open(&url).await.unwrap())
}

async fn seeded(dir: &tempfile::TempDir) -> Arc<SqliteStore> {
    let store = store_on(dir).await;
    store.put(&Document::Hub(hub())).await.unwrap();
    store.put(&Document::Activity(activity(1, Some(2)))).await.unwrap();
    store.put(&Document::Activity(activity(2, Some(5)))).await.unwrap();
    store.put(&Document::Activity(Activity { registration_required: false, ..activity(3, None) })).await.unwrap();
    store
}

fn id(n: u64) -> MutationId {
    MutationId::new(1_800_000_000_000 + n, (n as u128 * 0x9e37_79b9_7f4a_7c15).to_be_bytes()[6..].try_into().unwrap())
}

fn token(n: u64) -> String {
    format!("{:032x}", n * 7919 + 1)
}

fn sign_up(at: OccurrenceId, party: u32, n: u64) -> Mutation {
    Mutation::SignUp(SignUp { session: at, name: format!("Persona {n}"), party, contact: None, consent: CONSENT_CURRENT, token: token(n) })
}

fn cancel(target: u64) -> Mutation {
    Mutation::Cancel(Cancel { registration: id(target), token: token(target) })
}

/// As the server function hands a mutation over.
fn pushed(n: MutationId, m: Mutation) -> Pushed {
    Pushed {
        id: n,
        digest: digest(&serde_json::to_string(&m).unwrap()),
        token_digest: digest(m.token().unwrap()),
        mutation: m,
        deactivated: false,
        from_kiosk: None,
    }
}

async fn push_one(store: &SqliteStore, n: u64, m: Mutation) -> Answer {
    store.push(&[pushed(id(n), m)], None, now()).await.unwrap().remove(0)
}

async fn count(store_dir: &tempfile::TempDir, sql: &str) -> i64 {
    let url = format!("sqlite://{}", store_dir.path().join("registrations.db").display());
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    let n = sqlx::query_scalar(sql).fetch_one(&pool).await.unwrap();
    pool.close().await;
    n
}

#[tokio::test]
async fn a_batch_is_decided_in_order_and_replays_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded(&dir).await;
    let batch = vec![pushed(id(1), sign_up(session(1, 0), 2, 1)), pushed(id(2), sign_up(session(1, 0), 1, 2)), pushed(id(3), cancel(1))];
    let answers = store.push(&batch, None, now()).await.unwrap();
    let outcomes: Vec<_> = answers.iter().map(|a| (a.outcome, a.position)).collect();
    assert_eq!(outcomes, [(Outcome::Confirmed, None), (Outcome::Waitlisted, Some(1)), (Outcome::Cancelled, None)]);
    // The cancel promoted the waitlisted one.
    let states = store.registration_states(&[(id(2), digest(&token(2))), (id(1), digest(&token(1)))], now()).await.unwrap();
    assert_eq!(states[0].as_ref().unwrap().status, RegistrationStatus::Confirmed);
    assert_eq!(states[1].as_ref().unwrap().status, RegistrationStatus::Cancelled);
    // The whole batch again, as after a lost answer: the same answers, nothing applied twice.
    assert_eq!(store.push(&batch, None, now()).await.unwrap(), answers);
    assert_eq!(count(&dir, "SELECT COUNT(*) FROM registrations").await, 2);
    assert_eq!(count(&dir, "SELECT COUNT(*) FROM mutations").await, 3);
    assert_eq!(count(&dir, "SELECT COUNT(*) FROM registrations WHERE name IS NOT NULL").await, 1, "the cancelled one keeps no name");
    // The same id with another payload is a conflict, never applied nor stored.
    let changed = store.push(&[pushed(id(2), sign_up(session(1, 0), 3, 2))], None, now()).await.unwrap();
    assert_eq!(changed[0].outcome, Outcome::Conflict);
    assert_eq!(count(&dir, "SELECT COUNT(*) FROM mutations").await, 3);
    assert_eq!(store.push(&batch[1..2], None, now()).await.unwrap()[0], answers[1], "the first answer is still the one given");
}

#[tokio::test]
async fn refusals_are_answered_stored_and_keep_no_personal_data() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded(&dir).await;
    let reason = |a: Answer| (a.outcome, a.reason);
    let rejected = (Outcome::Rejected, Some(RejectReason::SessionCancelled));
    let tuesday = OccurrenceId { start: date(2026, 11, 24).at(10, 0, 0, 0), ..session(1, 0) };
    assert_eq!(reason(push_one(&store, 1, sign_up(tuesday, 1, 1)).await), rejected);
    assert_eq!(reason(push_one(&store, 2, sign_up(session(3, 0), 1, 2)).await), (Outcome::Rejected, Some(RejectReason::Closed)));
    assert_eq!(reason(push_one(&store, 3, sign_up(session(9, 0), 1, 3)).await), (Outcome::Rejected, Some(RejectReason::UnknownSession)));
    let past = OccurrenceId { start: date(2026, 11, 16).at(10, 0, 0, 0), ..session(1, 0) };
    assert_eq!(reason(push_one(&store, 4, sign_up(past, 1, 4)).await), (Outcome::Rejected, Some(RejectReason::Past)));
    assert_eq!(reason(push_one(&store, 5, sign_up(session(1, 0), 4, 5)).await), (Outcome::Rejected, Some(RejectReason::PartyTooLarge)));
    assert_eq!(count(&dir, "SELECT COUNT(*) FROM mutations").await, 5, "every rejection has its stored answer");
    assert_eq!(count(&dir, "SELECT COUNT(*) FROM registrations WHERE name IS NOT NULL OR contact IS NOT NULL").await, 0);
    // A hub that cancels a session keeps its people, flagged for contact.
    push_one(&store, 6, sign_up(session(2, 1), 1, 6)).await;
    let mut moved = activity(2, Some(5));
    moved.schedule = Schedule::repeating(date(2026, 11, 3).at(10, 0, 0, 0), 60, "FREQ=WEEKLY;BYDAY=TU").unwrap();
    store.put(&Document::Activity(moved)).await.unwrap();
    let state = store.registration_states(&[(id(6), digest(&token(6)))], now()).await.unwrap().remove(0).unwrap();
    assert_eq!((state.status, state.reason), (RegistrationStatus::Confirmed, Some(RejectReason::SessionCancelled)));
    assert_eq!(count(&dir, "SELECT COUNT(*) FROM registrations WHERE name IS NOT NULL").await, 1, "its name is kept for the call");
}

#[tokio::test]
async fn a_foreign_token_refuses_the_whole_batch() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded(&dir).await;
    push_one(&store, 1, sign_up(session(1, 0), 1, 1)).await;
    let forged = Mutation::Cancel(Cancel { registration: id(1), token: token(99) });
    let batch = [pushed(id(2), sign_up(session(1, 0), 1, 2)), pushed(id(3), forged)];
    assert!(matches!(store.push(&batch, None, now()).await, Err(PushError::Refused(Refusal::NotYours(n))) if n == id(3)));
    assert_eq!(count(&dir, "SELECT COUNT(*) FROM registrations").await, 1, "the sign-up before it was not kept either");
    assert_eq!(count(&dir, "SELECT COUNT(*) FROM mutations").await, 1);
    let states = store.registration_states(&[(id(1), digest(&token(99))), (id(42), digest(&token(42)))], now()).await.unwrap();
    assert_eq!(states, [None, None], "a wrong token reads nothing, not even that the registration exists");
}

#[tokio::test]
async fn personal_data_is_erased_after_the_retention_period_and_counts_stay() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded(&dir).await;
    push_one(&store, 1, sign_up(session(1, 0), 1, 1)).await;
    push_one(&store, 2, sign_up(session(1, 4), 2, 2)).await;
    // On 23 December, with 30 days' retention: sessions before 23 November 10:30 go.
    let cutoff = date(2026, 11, 23).at(10, 30, 0, 0);
    assert_eq!(store.erase_personal_data(cutoff).await.unwrap(), 1);
    assert_eq!(store.erase_personal_data(cutoff).await.unwrap(), 0, "nothing left to erase");
    assert_eq!(count(&dir, "SELECT COUNT(*) FROM registrations WHERE name IS NULL AND erased_at IS NOT NULL").await, 1);
    assert_eq!(count(&dir, "SELECT SUM(party) FROM registrations WHERE status = 'confirmed'").await, 3, "counts stay");
    let state = store.registration_states(&[(id(1), digest(&token(1)))], now()).await.unwrap().remove(0).unwrap();
    assert_eq!(state.status, RegistrationStatus::Confirmed, "the device can still read its state");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_server_processes_never_give_the_same_place_twice() {
    let dir = tempfile::tempdir().unwrap();
    let first = seeded(&dir).await;
    // A second pool on the same file stands for a second server process.
    let second = store_on(&dir).await;
    let mut tasks = Vec::new();
    for n in 1..=24u64 {
        let store = if n % 2 == 0 { first.clone() } else { second.clone() };
        tasks.push(tokio::spawn(async move { push_one(&store, n, sign_up(session(2, 0), 1, n)).await }));
    }
    let mut answers = Vec::new();
    for t in tasks {
        answers.push(t.await.unwrap());
    }
    let confirmed = answers.iter().filter(|a| a.outcome == Outcome::Confirmed).count();
    assert_eq!(confirmed, 5, "exactly the capacity");
    let mut positions: Vec<u32> = answers.iter().filter_map(|a| a.position).collect();
    positions.sort();
    assert_eq!(positions, (1..=19).collect::<Vec<_>>(), "each waitlist position given once");
    // Positions follow the order the server received them in.
    let by_arrival: Vec<(i64, String)> = {
        let url = format!("sqlite://{}", dir.path().join("registrations.db").display());
        let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
        sqlx::query_as("SELECT arrival, status FROM registrations ORDER BY arrival").fetch_all(&pool).await.unwrap()
    };
    let statuses: Vec<&str> = by_arrival.iter().map(|(_, s)| s.as_str()).collect();
    assert_eq!(statuses[..5], ["confirmed"; 5]);
    assert!(statuses[5..].iter().all(|s| *s == "waitlisted"));
}

/// The feed's changes after `after`, as JSON text, and the places documents among them.
async fn feed_after(store: &SqliteStore, after: ChangeSeq) -> (String, Vec<Option<Places>>, ChangeSeq) {
    let page = store.changes_since(after, 1000).await.unwrap();
    let places = page
        .changes
        .iter()
        .filter(|c| matches!(c.key, DocKey::Places(_)))
        .map(|c| match &c.doc {
            Some(Document::Places(p)) => Some(p.clone()),
            _ => None,
        })
        .collect();
    (serde_json::to_string(&page).unwrap(), places, page.next)
}

#[tokio::test]
async fn places_left_reach_the_feed_with_the_push_that_changed_them_and_nothing_personal() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded(&dir).await;
    let head = store.changes_since(ChangeSeq(0), 1000).await.unwrap().head;
    let mut named = sign_up(session(1, 0), 2, 1);
    if let Mutation::SignUp(s) = &mut named {
        s.contact = Some("+39 333 123 4567".into());
    }
    let batch = [pushed(id(1), named), pushed(id(2), sign_up(session(1, 0), 1, 2)), pushed(id(3), sign_up(session(1, 1), 1, 3))];
    store.push(&batch, None, now()).await.unwrap();
    let (feed, places, cursor) = feed_after(&store, head).await;
    let monday = |week: i8| session(1, week).start;
    assert_eq!(
        places,
        [Some(Places {
            activity_id: ActivityId(1),
            sessions: vec![
                SessionCount { start: monday(0), confirmed: 2, waiting: 1 },
                SessionCount { start: monday(1), confirmed: 1, waiting: 0 }
            ]
        })],
        "one document for the activity, written once per batch"
    );
    for secret in ["Persona 1", "333 123", &token(1), &digest(&token(1)), &id(1).to_string()] {
        assert!(!feed.contains(secret), "the public feed carries {secret}");
    }
    // A rejected sign-up changes no count, so nothing is fed.
    assert_eq!(push_one(&store, 4, sign_up(session(3, 0), 1, 4)).await.outcome, Outcome::Rejected);
    assert!(feed_after(&store, cursor).await.1.is_empty());
    // A cancellation promotes, and the counts follow.
    push_one(&store, 5, cancel(1)).await;
    let (_, places, cursor) = feed_after(&store, cursor).await;
    assert_eq!(places[0].as_ref().unwrap().at(monday(0)), SessionCount { start: monday(0), confirmed: 1, waiting: 0 });
    // Only the server writes them.
    let forged = Document::Places(Places { activity_id: ActivityId(1), sessions: vec![] });
    assert!(matches!(store.put(&forged).await, Err(StoreError::Invalid(e)) if e.field == "kind"));
    assert!(matches!(store.delete(&DocKey::Places(ActivityId(1))).await, Err(StoreError::Invalid(_))));
    // They are filed with their activity's city, and follow it when its hub moves.
    assert_eq!(count(&dir, "SELECT COUNT(*) FROM content WHERE kind = 'places' AND city = 'Milano'").await, 1);
    store.put(&Document::Hub(Hub { city: "Monza".into(), ..hub() })).await.unwrap();
    assert_eq!(count(&dir, "SELECT COUNT(*) FROM content WHERE kind = 'places' AND city = 'Monza'").await, 1);
    let (_, moved, _) = feed_after(&store, cursor).await;
    assert_eq!(moved.len(), 1, "a per-city feed sees it leave");
    // And when the activity itself moves to a hub elsewhere.
    store.put(&Document::Hub(Hub { id: HubId(2), city: "Bergamo".into(), ..hub() })).await.unwrap();
    store.put(&Document::Activity(Activity { hub_id: HubId(2), ..activity(1, Some(2)) })).await.unwrap();
    assert_eq!(count(&dir, "SELECT COUNT(*) FROM content WHERE kind = 'places' AND city = 'Bergamo'").await, 1);
    let cursor = store.changes_since(ChangeSeq(0), 1000).await.unwrap().head;
    // They go with their activity.
    store.delete(&DocKey::Activity(ActivityId(1))).await.unwrap();
    assert_eq!(feed_after(&store, cursor).await.1, [None], "a tombstone");
    assert!(store.places(&[ActivityId(1)]).await.unwrap().is_empty());
}

#[tokio::test]
async fn recounting_publishes_missing_places_and_drops_past_sessions() {
    let dir = tempfile::tempdir().unwrap();
    let store = seeded(&dir).await;
    push_one(&store, 1, sign_up(session(2, 0), 2, 1)).await;
    push_one(&store, 2, sign_up(session(2, 2), 1, 2)).await;
    assert_eq!(store.recount_places(now()).await.unwrap(), 0, "already right");
    // A database from before places were published: the rows exist, the documents do not.
    let url = format!("sqlite://{}", dir.path().join("registrations.db").display());
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    sqlx::query("DELETE FROM content WHERE kind = 'places'").execute(&pool).await.unwrap();
    pool.close().await;
    assert!(store.places(&[ActivityId(2)]).await.unwrap().is_empty());
    assert_eq!(store.recount_places(now()).await.unwrap(), 1);
    assert_eq!(store.places(&[ActivityId(2)]).await.unwrap()[0].sessions.len(), 2);
    // A week later the first session is past: it drops out, the other stays.
    let later = session(2, 1).start;
    assert_eq!(store.recount_places(later).await.unwrap(), 1);
    let sessions = store.places(&[ActivityId(2)]).await.unwrap().remove(0).sessions;
    assert_eq!(sessions, [SessionCount { start: session(2, 2).start, confirmed: 1, waiting: 0 }]);
}

// The store and the pure ledger, fed the same pushes, give the same answers.

#[derive(Clone, Debug)]
enum Op {
    SignUp {
        activity: i64,
        week: i8,
        party: u32,
    },
    Cancel {
        pick: u64,
    },
    /// Push again an earlier mutation, unchanged.
    Replay {
        pick: u64,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (1i64..4, -1i8..2, 1u32..5).prop_map(|(activity, week, party)| Op::SignUp { activity, week, party }),
        2 => any::<u64>().prop_map(|pick| Op::Cancel { pick }),
        1 => any::<u64>().prop_map(|pick| Op::Replay { pick }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn the_store_decides_as_the_ledger_does(ops in proptest::collection::vec(op(), 1..30), batch_size in 1usize..5) {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async move {
            let dir = tempfile::tempdir().unwrap();
            let store = seeded(&dir).await;
            let (hub, activities) = (hub(), [activity(1, Some(2)), activity(2, Some(5)), Activity { registration_required: false, ..activity(3, None) }]);
            let mut model = Ledger { next_arrival: 1, ..Ledger::default() };
            let mut made: Vec<(MutationId, Mutation)> = Vec::new();
            let mut sign_ups: Vec<u64> = Vec::new();
            let mut queue: Vec<(MutationId, Mutation)> = Vec::new();
            for (n, op) in ops.into_iter().enumerate() {
                let n = n as u64 + 1;
                let m = match op {
                    Op::SignUp { activity, week, party } => {
                        let at = session(activity, week);
                        let a = activities.iter().find(|a| a.id == at.activity);
                        model.sessions.insert(at, check_session(at, a, Some(&hub), now()));
                        sign_ups.push(n);
                        (id(n), sign_up(at, party, n))
                    }
                    Op::Cancel { pick } if !sign_ups.is_empty() => (id(n), cancel(sign_ups[pick as usize % sign_ups.len()])),
                    Op::Replay { pick } if !made.is_empty() => made[pick as usize % made.len()].clone(),
                    _ => continue,
                };
                made.push(m.clone());
                queue.push(m);
                if queue.len() >= batch_size {
                    let batch: Vec<Pushed> = queue.drain(..).map(|(i, m)| pushed(i, m)).collect();
                    let expected: Vec<Answer> = batch.iter().map(|p| {
                        model.apply(Incoming { id: p.id, digest: &p.digest, token_digest: &p.token_digest, mutation: &p.mutation, authority: Authority::Device }).unwrap()
                    }).collect();
                    let got = store.push(&batch, None, now()).await.unwrap();
                    assert_eq!(got, expected);
                }
            }
            let asked: Vec<(MutationId, String)> = sign_ups.iter().map(|&n| (id(n), digest(&token(n)))).collect();
            let states = store.registration_states(&asked, now()).await.unwrap();
            for ((rid, t), state) in asked.iter().zip(states) {
                assert_eq!(state, model.state_of(*rid, t));
            }
            // The public counts are the books' counts, written with the pushes that changed them.
            let published = store.places(&[ActivityId(1), ActivityId(2), ActivityId(3)]).await.unwrap();
            for activity in [1, 2, 3].map(ActivityId) {
                let live = model.registrations.values().filter(|r| is_live(r.status)).map(|r| Counted {
                    session: r.session, party: r.party, confirmed: r.status == RegistrationStatus::Confirmed,
                });
                let expected = Places::count(activity, live, now());
                let got = published.iter().find(|p| p.activity_id == activity).map(|p| p.sessions.clone()).unwrap_or_default();
                assert_eq!(got, expected.sessions, "activity {activity}");
            }
        });
    }
}

#[tokio::test]
async fn a_database_from_before_places_is_upgraded_in_place_and_gets_them() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("registrations.db").display());
    // The schema as it was before places: migrations 1 and 2 only, with content and a
    // registration written by the older server.
    let mut before = sqlx::migrate!("./migrations/sqlite");
    before.migrations = std::borrow::Cow::Owned(before.migrations.iter().filter(|m| m.version <= 2).cloned().collect());
    let options = url.parse::<sqlx::sqlite::SqliteConnectOptions>().unwrap().create_if_missing(true).foreign_keys(true);
    let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
    before.run(&pool).await.unwrap();
    for (kind, id, parent, body, seq) in [
        ("hub", "1", None, serde_json::to_string(&hub()).unwrap(), 4),
        ("activity", "2", Some("1"), serde_json::to_string(&activity(2, Some(5))).unwrap(), 9),
    ] {
        sqlx::query(
            "INSERT INTO content (kind, id, city, parent_kind, parent_id, body, seq, updated_at) VALUES (?1, ?2, 'Milano', ?3, ?4, ?5, ?6, 'then')",
        )
        .bind(kind)
        .bind(id)
        .bind(parent.map(|_| "hub"))
        .bind(parent)
        .bind(body)
        .bind(seq)
        .execute(&pool)
        .await
        .unwrap();
    }
    sqlx::query(
        "INSERT INTO registrations (id, session, activity_id, session_start, party, status, arrival, token_digest, name, consent, created_at, updated_at)
         VALUES (?1, ?2, 2, ?3, 2, 'confirmed', 1, 'x', 'Persona', 1, 'then', 'then')",
    )
    .bind(id(1).to_string())
    .bind(session(2, 0).to_string())
    .bind(app::domain::time::iso_minutes(session(2, 0).start))
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;

    let store = store_on(&dir).await;
    let feed = store.changes_since(ChangeSeq(0), 100).await.unwrap();
    let kept: Vec<(DocKey, i64)> = feed.changes.iter().map(|c| (c.key.clone(), c.seq.0)).collect();
    assert_eq!(kept, [(DocKey::Hub(HubId(1)), 4), (DocKey::Activity(ActivityId(2)), 9)], "rows and change numbers kept");
    assert_eq!(store.recount_places(now()).await.unwrap(), 1, "the places the older server never wrote");
    let page = store.changes_since(ChangeSeq(9), 100).await.unwrap();
    assert_eq!(page.changes[0].key, DocKey::Places(ActivityId(2)));
    assert!(page.changes[0].seq.0 > 9, "after every cursor a replica may hold");
    // The rebuilt table still refuses a row whose parent does not exist.
    let pool = sqlx::SqlitePool::connect_with(url.parse::<sqlx::sqlite::SqliteConnectOptions>().unwrap().foreign_keys(true)).await.unwrap();
    let orphan = sqlx::query(
        "INSERT INTO content (kind, id, parent_kind, parent_id, body, seq, updated_at) VALUES ('places', '77', 'activity', '77', '{}', 100, 'now')",
    )
    .execute(&pool)
    .await;
    assert!(orphan.is_err(), "the foreign key survived the rebuild");
    let sql: String = sqlx::query_scalar("SELECT sql FROM sqlite_master WHERE name = 'content'").fetch_one(&pool).await.unwrap();
    assert!(sql.contains(r#"REFERENCES "content""#) || sql.contains("REFERENCES content "), "it names the table itself: {sql}");
}
