//! The device's replica of synced content in IndexedDB (browser only).
//!
//! One object store per kind of document (key: the document id, value: its JSON), a
//! `meta` store holding the cursor and the time of the last successful sync, and the
//! `outbox` of mutations made on this device ([`super::outbox`]) with the device's own
//! registrations (`mine`, [`super::mine`]). A plan is applied in
//! one read-write transaction over the content stores and `meta`, cursor included, so an
//! interrupted sync leaves the replica exactly as it was before the page.
//!
//! Content can always be downloaded again, so a schema change, a reset server or a
//! corrupt record empties it ([`Replica::reset`]). The outbox and `mine` cannot: nothing
//! here ever clears them.

use super::cities::{Cities, Move, outside};
use super::plan::{Applied, ApplyPlan};
use crate::content::{ChangeSeq, Directory, DocKey, Document};
use rexie::{ObjectStore, Rexie, Transaction, TransactionMode};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

const NAME: &str = "civico";
/// IndexedDB's version of the database: bump it to add a store, or when a tab running an
/// older version must no longer write (it then fails to open the database, rather than
/// writing what it does not understand). 1: content and `meta`; 2: `outbox`; 3: `mine`;
/// 4: `places`; 5: `meta` holds the cities kept (an older tab's sync of every city, applied
/// over a replica narrowed to some, would make it claim cities it does not hold); 6: `meta`
/// counts its writes (an older tab's write would set the count back, and a page could take
/// what it read before for the replica as it is); 7: every write of content says so to the
/// other tabs (`super::moves`: an older tab's write would not, and they would go on showing
/// what it replaced); 8: `staff` (who is logged in on this device, for the staff screens);
/// 9: `help_guides` (the kiosks' digital-help guides).
const VERSION: u32 = 9;
/// The shape of stored documents. When it changes, content is emptied and downloaded
/// again rather than misread; the outbox stays. (Places needed no change: the server
/// writes every places document with a new change number, after any cursor a replica
/// from before them holds.)
const SCHEMA: u32 = 1;
const META: &str = "meta";
pub const HUBS: &str = "hubs";
pub const ACTIVITIES: &str = "activities";
pub const SERVICES: &str = "services";
pub const TAXONOMY: &str = "taxonomy";
/// Public counts of people per session, by activity ([`crate::domain::places::Places`]).
pub const PLACES: &str = "places";
/// Digital-help guides ([`crate::domain::help_guide::HelpGuide`]), by id.
pub const HELP_GUIDES: &str = "help_guides";
/// Mutations made on this device that the server has not acknowledged yet.
pub const OUTBOX: &str = "outbox";
/// This device's registrations ([`crate::features::registrations::model::MyRegistration`]),
/// by id. Like the outbox, no reset touches it.
pub const MINE: &str = "mine";
/// Who is logged in on this device as staff ([`crate::features::staff::api::Me`]), under
/// one key: the only staff data on the device so far. Logging out empties it; no reset of
/// content touches it.
pub const STAFF: &str = "staff";
/// The stores holding documents.
pub const DOCUMENTS: [&str; 6] = [HUBS, ACTIVITIES, SERVICES, TAXONOMY, PLACES, HELP_GUIDES];
/// What a reset empties: the documents and where they stand in the feed. Never the outbox.
const RESETTABLE: [&str; 7] = [HUBS, ACTIVITIES, SERVICES, TAXONOMY, PLACES, HELP_GUIDES, META];
/// Every store. An upgrade must name them all: rexie deletes, with its data, any existing
/// store the builder does not list.
const STORES: [&str; 10] = [HUBS, ACTIVITIES, SERVICES, TAXONOMY, PLACES, HELP_GUIDES, META, OUTBOX, MINE, STAFF];

/// A failure of the browser's storage, in words.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("this device's storage failed: {0}")]
pub struct ReplicaError(pub String);

impl From<rexie::Error> for ReplicaError {
    fn from(e: rexie::Error) -> Self {
        ReplicaError(e.to_string())
    }
}

/// Where the replica stands.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SyncMeta {
    pub schema: u32,
    pub cursor: ChangeSeq,
    /// Milliseconds since the epoch of the last sync that reached the end of the feed.
    pub last_synced_ms: Option<f64>,
    /// The cities the cursor is for: what the feed is asked for.
    #[serde(default)]
    pub cities: Cities,
    /// The cities the replica holds completely, which pages may answer for: those of the
    /// last sync that reached the end of the feed (while a city just added is pulled, the
    /// others').
    #[serde(default)]
    pub covered: Cities,
    /// Every city of the deployment, for the place filters of a replica that keeps some.
    #[serde(default)]
    pub directory: Option<Directory>,
    /// Moves on with every write that may change what pages show (a page of the feed that
    /// brought something or changed the cities covered, a change of cities, a reset): what
    /// was read from the replica holds while it stays.
    #[serde(default)]
    pub generation: u64,
}

pub struct Replica {
    pub(super) db: Rexie,
}

pub(super) fn store_of(key: &DocKey) -> &'static str {
    match key {
        DocKey::Hub(_) => HUBS,
        DocKey::Activity(_) => ACTIVITIES,
        DocKey::Service(_) => SERVICES,
        DocKey::TaxonomyTerm(_) => TAXONOMY,
        DocKey::Places(_) => PLACES,
        DocKey::HelpGuide(_) => HELP_GUIDES,
    }
}

pub(super) fn body_json(doc: &Document) -> Result<String, ReplicaError> {
    let json = match doc {
        Document::Hub(h) => serde_json::to_string(h),
        Document::Activity(a) => serde_json::to_string(a),
        Document::Service(s) => serde_json::to_string(s),
        Document::TaxonomyTerm(t) => serde_json::to_string(t),
        Document::Places(p) => serde_json::to_string(p),
        Document::HelpGuide(g) => serde_json::to_string(g),
    };
    json.map_err(|e| ReplicaError(e.to_string()))
}

fn meta_key() -> JsValue {
    JsValue::from_str("sync")
}

/// `meta` as `tx` sees it (defaults when missing or unreadable).
async fn read_meta(tx: &Transaction) -> Result<SyncMeta, ReplicaError> {
    let value = tx.store(META)?.get(meta_key()).await?;
    Ok(value.and_then(|v| v.as_string()).and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default())
}

async fn write_meta(tx: &Transaction, meta: &SyncMeta) -> Result<(), ReplicaError> {
    let json = serde_json::to_string(meta).map_err(|e| ReplicaError(e.to_string()))?;
    tx.store(META)?.put(&JsValue::from_str(&json), Some(&meta_key())).await?;
    Ok(())
}

/// Empties the content stores and `meta` within `tx`. The cities the person chose stay:
/// the download that follows is of those.
async fn clear_content(tx: &Transaction) -> Result<(), ReplicaError> {
    let previous = read_meta(tx).await?;
    for name in RESETTABLE {
        tx.store(name)?.clear().await?;
    }
    let (cities, covered, generation) = (previous.cities.clone(), previous.cities, previous.generation.wrapping_add(1));
    write_meta(tx, &SyncMeta { schema: SCHEMA, cities, covered, generation, ..SyncMeta::default() }).await
}

/// Whether pages built from `after` could differ from those built from `before`, the
/// documents aside: the cities they answer for, the list of every city, whether it synced.
fn shown_differently(before: &SyncMeta, after: &SyncMeta) -> bool {
    before.covered != after.covered
        || before.directory != after.directory
        || before.last_synced_ms.is_some() != after.last_synced_ms.is_some()
}

/// Waits for `tx` to end; an abort (quota, a failed request) is an error.
pub(super) async fn commit(tx: Transaction) -> Result<(), ReplicaError> {
    if tx.done().await?.is_aborted() {
        return Err(ReplicaError("the transaction was aborted".into()));
    }
    Ok(())
}

/// Opens the database, creating or upgrading it.
async fn connect() -> Result<Rexie, ReplicaError> {
    let mut builder = Rexie::builder(NAME).version(VERSION);
    for name in STORES {
        builder = builder.add_object_store(ObjectStore::new(name));
    }
    Ok(builder.build().await?)
}

impl Replica {
    /// Opens the replica, creating or upgrading the database, and empties its content
    /// first if it was written with another schema.
    pub async fn open() -> Result<Replica, ReplicaError> {
        let replica = Replica { db: connect().await? };
        // Check and reset in one read-write transaction: IndexedDB runs those one at a
        // time, so two opens at once (engine and page) never reset twice, the second
        // wiping what the first one's sync had already written.
        let tx = replica.db.transaction(&RESETTABLE, TransactionMode::ReadWrite)?;
        let cleared = read_meta(&tx).await?.schema != SCHEMA;
        if cleared {
            clear_content(&tx).await?;
        }
        commit(tx).await?;
        if cleared {
            super::moves::announce();
        }
        Ok(replica)
    }

    /// Opens the replica for a change to the outbox alone (a kiosk's help request): the
    /// outbox sits outside what a reset empties, so no check of the content's schema, and
    /// no wait behind the engine's writes to the content.
    pub async fn open_for_outbox() -> Result<Replica, ReplicaError> {
        Ok(Replica { db: connect().await? })
    }

    /// Opens the replica to read it, as a page does on each navigation, and reads `meta`:
    /// unlike [`Replica::open`], it takes no read-write transaction of its own. A replica
    /// written with another schema is refused; the engine's [`Replica::open`] empties it.
    pub async fn open_to_read() -> Result<(Replica, SyncMeta), ReplicaError> {
        let replica = Replica { db: connect().await? };
        match replica.meta().await {
            Ok(meta) if meta.schema == SCHEMA => Ok((replica, meta)),
            read => {
                replica.close();
                Err(read.err().unwrap_or_else(|| ReplicaError("the device's content was written by another version".into())))
            }
        }
    }

    /// Closes the connection. Callers open the replica for one read or one sync and close
    /// it after: a connection left open leaks, and blocks a newer deployment in another
    /// tab from upgrading the database until this tab goes away.
    pub fn close(self) {
        self.db.close();
    }

    /// The stored cursor and sync time (defaults when missing or unreadable).
    pub async fn meta(&self) -> Result<SyncMeta, ReplicaError> {
        let tx = self.db.transaction(&[META], TransactionMode::ReadOnly)?;
        read_meta(&tx).await
    }

    /// Applies a plan and records the new cursor and sync time, all in one transaction,
    /// if the replica is still at the plan's `after` cursor.
    pub async fn apply(&self, plan: &ApplyPlan, synced_ms: Option<f64>) -> Result<Applied, ReplicaError> {
        let tx = self.db.transaction(&RESETTABLE, TransactionMode::ReadWrite)?;
        let previous = read_meta(&tx).await?;
        if previous.cursor != plan.after || previous.cities != plan.cities || previous.generation != plan.generation {
            tx.abort().await?;
            return Ok(Applied::Stale);
        }
        for key in &plan.deletes {
            tx.store(store_of(key))?.delete(JsValue::from_str(&key.id_text())).await?;
        }
        for doc in &plan.puts {
            let key = doc.key();
            tx.store(store_of(&key))?.put(&JsValue::from_str(&body_json(doc)?), Some(&JsValue::from_str(&key.id_text()))).await?;
        }
        let done = synced_ms.is_some();
        let mut meta = SyncMeta {
            schema: SCHEMA,
            cursor: plan.cursor,
            last_synced_ms: synced_ms.or(previous.last_synced_ms),
            covered: if done { previous.cities.clone() } else { previous.covered.clone() },
            cities: previous.cities.clone(),
            directory: plan.directory.clone().or(previous.directory.clone()),
            generation: previous.generation,
        };
        // The content moves only if what pages show may differ: a sync that brought nothing
        // (most of them) leaves what every tab read of the replica standing.
        let moved = !plan.is_empty() || shown_differently(&previous, &meta);
        if moved {
            meta.generation = meta.generation.wrapping_add(1);
        }
        write_meta(&tx, &meta).await?;
        commit(tx).await?;
        if moved {
            super::moves::announce();
        }
        Ok(Applied::Done { generation: meta.generation })
    }

    /// Makes the replica keep `next` cities: drops what is outside them and, when a city
    /// was added, starts the feed again from 0 for the new set (what it holds stays and
    /// answers for the cities it still covers). One transaction: another tab's sync of the
    /// old set finds its plans stale and starts over with the new one.
    pub async fn keep_cities(&self, next: &Cities) -> Result<Move, ReplicaError> {
        let tx = self.db.transaction(&RESETTABLE, TransactionMode::ReadWrite)?;
        let meta = read_meta(&tx).await?;
        let step = meta.cities.move_to(next);
        if step == Move::Same {
            tx.abort().await?;
            return Ok(step);
        }
        let gone = outside(
            next,
            &load_in(&tx, HUBS).await?,
            &load_in(&tx, ACTIVITIES).await?,
            &load_in(&tx, SERVICES).await?,
            &load_in(&tx, PLACES).await?,
        );
        for key in &gone {
            tx.store(store_of(key))?.delete(JsValue::from_str(&key.id_text())).await?;
        }
        let cursor = if step == Move::Grow { ChangeSeq::default() } else { meta.cursor };
        let covered = meta.covered.and(next);
        let generation = meta.generation.wrapping_add(1);
        write_meta(&tx, &SyncMeta { cursor, covered, cities: next.clone(), generation, ..meta }).await?;
        commit(tx).await?;
        super::moves::announce();
        Ok(step)
    }

    /// Empties the content and its cursor: the next sync downloads everything again.
    /// The outbox is not in the transaction, so it cannot be touched.
    pub async fn reset(&self) -> Result<(), ReplicaError> {
        let tx = self.db.transaction(&RESETTABLE, TransactionMode::ReadWrite)?;
        clear_content(&tx).await?;
        commit(tx).await?;
        super::moves::announce();
        Ok(())
    }

    /// Every document in one store. An unreadable record means the replica is corrupt.
    pub async fn load<T: DeserializeOwned>(&self, store: &str) -> Result<Vec<T>, ReplicaError> {
        let tx = self.db.transaction(&[store], TransactionMode::ReadOnly)?;
        load_in(&tx, store).await
    }
}

/// Every document in one store, as `tx` sees it.
async fn load_in<T: DeserializeOwned>(tx: &Transaction, store: &str) -> Result<Vec<T>, ReplicaError> {
    let values = tx.store(store)?.get_all(None, None).await?;
    values
        .into_iter()
        .map(|v| {
            let text = v.as_string().ok_or_else(|| ReplicaError(format!("a record in {store} is not text")))?;
            serde_json::from_str(&text).map_err(|e| ReplicaError(format!("a record in {store} is unreadable: {e}")))
        })
        .collect()
}
