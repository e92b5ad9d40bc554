//! The device's replica of synced content in IndexedDB (browser only).
//!
//! One object store per kind of document (key: the document id, value: its JSON) and a
//! `meta` store holding the cursor and the time of the last successful sync. A plan is
//! applied in one read-write transaction over all of them, cursor included, so an
//! interrupted sync leaves the replica exactly as it was before the page.

use super::plan::ApplyPlan;
use crate::content::{ChangeSeq, DocKey, Document};
use rexie::{ObjectStore, Rexie, TransactionMode};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

const NAME: &str = "civico";
const VERSION: u32 = 1;
/// The shape of stored documents. When it changes, replicas are emptied and downloaded
/// again rather than misread.
const SCHEMA: u32 = 1;
const META: &str = "meta";
pub const HUBS: &str = "hubs";
pub const ACTIVITIES: &str = "activities";
pub const SERVICES: &str = "services";
pub const TAXONOMY: &str = "taxonomy";
const ALL: [&str; 5] = [HUBS, ACTIVITIES, SERVICES, TAXONOMY, META];

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
}

pub struct Replica {
    db: Rexie,
}

fn store_of(key: &DocKey) -> &'static str {
    match key {
        DocKey::Hub(_) => HUBS,
        DocKey::Activity(_) => ACTIVITIES,
        DocKey::Service(_) => SERVICES,
        DocKey::TaxonomyTerm(_) => TAXONOMY,
    }
}

fn body_json(doc: &Document) -> Result<String, ReplicaError> {
    let json = match doc {
        Document::Hub(h) => serde_json::to_string(h),
        Document::Activity(a) => serde_json::to_string(a),
        Document::Service(s) => serde_json::to_string(s),
        Document::TaxonomyTerm(t) => serde_json::to_string(t),
    };
    json.map_err(|e| ReplicaError(e.to_string()))
}

impl Replica {
    /// Opens the replica, emptying it first if it was written with another schema.
    pub async fn open() -> Result<Replica, ReplicaError> {
        let mut builder = Rexie::builder(NAME).version(VERSION);
        for name in ALL {
            builder = builder.add_object_store(ObjectStore::new(name));
        }
        let replica = Replica { db: builder.build().await? };
        if replica.meta().await.map(|m| m.schema != SCHEMA).unwrap_or(true) {
            replica.reset().await?;
        }
        Ok(replica)
    }

    /// The stored cursor and sync time (defaults when missing or unreadable).
    pub async fn meta(&self) -> Result<SyncMeta, ReplicaError> {
        let tx = self.db.transaction(&[META], TransactionMode::ReadOnly)?;
        let value = tx.store(META)?.get(JsValue::from_str("sync")).await?;
        Ok(value.and_then(|v| v.as_string()).and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default())
    }

    /// Applies a plan and records the new cursor and sync time, all in one transaction.
    pub async fn apply(&self, plan: &ApplyPlan, synced_ms: Option<f64>) -> Result<(), ReplicaError> {
        let tx = self.db.transaction(&ALL, TransactionMode::ReadWrite)?;
        for key in &plan.deletes {
            tx.store(store_of(key))?.delete(JsValue::from_str(&key.id_text())).await?;
        }
        for doc in &plan.puts {
            let key = doc.key();
            tx.store(store_of(&key))?.put(&JsValue::from_str(&body_json(doc)?), Some(&JsValue::from_str(&key.id_text()))).await?;
        }
        let previous = tx.store(META)?.get(JsValue::from_str("sync")).await?;
        let previous: SyncMeta = previous.and_then(|v| v.as_string()).and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default();
        let meta = SyncMeta { schema: SCHEMA, cursor: plan.cursor, last_synced_ms: synced_ms.or(previous.last_synced_ms) };
        let meta = serde_json::to_string(&meta).map_err(|e| ReplicaError(e.to_string()))?;
        tx.store(META)?.put(&JsValue::from_str(&meta), Some(&JsValue::from_str("sync"))).await?;
        tx.done().await?;
        Ok(())
    }

    /// Empties every store: the next sync downloads everything again.
    pub async fn reset(&self) -> Result<(), ReplicaError> {
        let tx = self.db.transaction(&ALL, TransactionMode::ReadWrite)?;
        for name in ALL {
            tx.store(name)?.clear().await?;
        }
        let meta = serde_json::to_string(&SyncMeta { schema: SCHEMA, ..SyncMeta::default() }).map_err(|e| ReplicaError(e.to_string()))?;
        tx.store(META)?.put(&JsValue::from_str(&meta), Some(&JsValue::from_str("sync"))).await?;
        tx.done().await?;
        Ok(())
    }

    /// Every document in one store. An unreadable record means the replica is corrupt.
    pub async fn load<T: DeserializeOwned>(&self, store: &str) -> Result<Vec<T>, ReplicaError> {
        let tx = self.db.transaction(&[store], TransactionMode::ReadOnly)?;
        let values = tx.store(store)?.get_all(None, None).await?;
        values
            .into_iter()
            .map(|v| {
                let text = v.as_string().ok_or_else(|| ReplicaError(format!("a record in {store} is not text")))?;
                serde_json::from_str(&text).map_err(|e| ReplicaError(format!("a record in {store} is unreadable: {e}")))
            })
            .collect()
    }
}
